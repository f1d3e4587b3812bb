/*
 * hello13.c - a TLS 1.3 server's ClientHello: validation, choices, HelloRetryRequest, and the
 * ServerHello with the handshake key schedule (RFC 8446 sections 4.1, 7.1).
 *
 * The checks run in rustls 0.23's order (server/hs.rs process_client_hello and
 * with_certified_key, server/tls13.rs handle_client_hello), so the first failure is the one
 * rustls reports, with its alert.  Two differences, both in what goes on the wire only: the
 * ALPN and signature scheme choices are checked before the ServerHello is sent rather than while
 * building EncryptedExtensions and CertificateVerify, so their alerts go out unprotected instead
 * of under the handshake keys; and a second ClientHello is compared with the first (RFC 8446
 * 4.1.2), which rustls does not do.
 */
#include "server/choose.h"

#include <stdlib.h>
#include <string.h>

#include "api/certified_key.h"
#include "base/mem.h"
#include "keys/transcript.h"
#include "msgs/change_cipher_spec.h"
#include "msgs/server_hello.h"
#include "server/tls13.h"

#define MISBEHAVED(alert) PT_ERR(alert, RUSTLS_RESULT_PEER_MISBEHAVED_ERROR)
#define INCOMPATIBLE(alert) PT_ERR(alert, RUSTLS_RESULT_PEER_INCOMPATIBLE_ERROR)

/* The ClientHello's server_name as c->sni: lower-cased (rustls stores DnsName::to_lowercase_owned). */
static pt_err read_sni(const pt_client_hello *ch, char *out, size_t cap)
{
    out[0] = '\0';
    pt_slice body, name;
    if (!pt_ext_get(&ch->ext, PT_EXT_SERVER_NAME, &body)) {
        return PT_OK;
    }
    /* RFC 6066 3: an invalid host_name is illegal_parameter; an IP literal counts as absent. */
    PT_TRY(pt_ext_server_name_server_check(body, &name));
    PT_ENSURE(name.len < cap, MISBEHAVED(ILLEGAL_PARAMETER));
    for (size_t i = 0; i < name.len; i++) {
        uint8_t b = name.p[i];
        out[i] = (char)(b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b);
    }
    out[name.len] = '\0';
    return PT_OK;
}

/* Is extension `type` one a second ClientHello may change (RFC 8446 4.1.2)?  key_share (a share
 * for the requested group), early_data (removed), pre_shared_key (updated), padding. */
static bool may_change_on_retry(uint16_t type)
{
    return type == PT_EXT_KEY_SHARE || type == PT_EXT_EARLY_DATA || type == PT_EXT_PRE_SHARED_KEY ||
           type == PT_EXT_PADDING;
}

/* The next extension of `it` that must be kept unchanged on retry. */
static bool next_fixed_ext(pt_ext_iter *it, uint16_t *type, pt_slice *body)
{
    while (pt_ext_iter_next(it, type, body)) {
        if (!may_change_on_retry(*type)) {
            return true;
        }
    }
    return false;
}

static bool slice_eq(pt_slice a, pt_slice b)
{
    return a.len == b.len && (a.len == 0 || memcmp(a.p, b.p, a.len) == 0);
}

/*
 * RFC 8446 4.1.2: after a HelloRetryRequest "the client MUST send the same ClientHello without
 * modification, except as follows" (key_share, early_data, cookie, pre_shared_key, padding).  We
 * send no cookie, so a cookie is not among the exceptions.  A change is illegal_parameter
 * (rustls has no such check; PEER_MISBEHAVED_ERROR as for its other retry violations).
 */
static pt_err check_retry_matches(const pt_server_hs *hs, const pt_client_hello *ch2)
{
    pt_client_hello ch1;
    PT_TRY(pt_client_hello_decode(pt_slice_of(hs->ch1, hs->ch1_len), &ch1));
    bool same = ch1.legacy_version == ch2->legacy_version && slice_eq(ch1.random, ch2->random) &&
                slice_eq(ch1.session_id, ch2->session_id) &&
                slice_eq(ch1.cipher_suites.raw, ch2->cipher_suites.raw) &&
                slice_eq(ch1.compression_methods, ch2->compression_methods);
    PT_ENSURE(same, MISBEHAVED(ILLEGAL_PARAMETER));
    pt_ext_iter a, b;
    pt_ext_iter_init(&a, &ch1.ext);
    pt_ext_iter_init(&b, &ch2->ext);
    for (;;) {
        uint16_t ta, tb;
        pt_slice ba, bb;
        bool ha = next_fixed_ext(&a, &ta, &ba);
        bool hb = next_fixed_ext(&b, &tb, &bb);
        PT_ENSURE(ha == hb, MISBEHAVED(ILLEGAL_PARAMETER));
        if (!ha) {
            return PT_OK;
        }
        PT_ENSURE(ta == tb && slice_eq(ba, bb), MISBEHAVED(ILLEGAL_PARAMETER));
    }
}

/* The client's share for `group`, if any. */
static bool find_share(const pt_key_share_list *shares, uint16_t group, pt_key_share *out)
{
    pt_key_share_iter it;
    pt_key_share_iter_init(&it, shares);
    while (pt_key_share_iter_next(&it, out)) {
        if (out->group == group) {
            return true;
        }
    }
    return false;
}

/* RFC 8446 D.4: the middlebox-compatibility CCS goes right after the server's first handshake
 * message (ServerHello or HelloRetryRequest), when the client is in compatibility mode (a
 * non-empty legacy_session_id, RFC 8446 D.4 / 4.1.2). */
static pt_err maybe_send_ccs(pt_conn *c, const pt_client_hello *ch)
{
    pt_server_hs *hs = (pt_server_hs *)c->hs;
    if (ch->session_id.len == 0 || hs->done_retry) {
        return PT_OK;
    }
    return pt_conn_send_ccs(c);
}

static pt_err send_server_hello_msg(pt_conn *c, const pt_client_hello *ch, bool hrr, const uint8_t *random,
                                    const pt_key_share *share, uint16_t hrr_group)
{
    pt_server_hs *hs = (pt_server_hs *)c->hs;
    uint8_t ext_buf[16 + PT_KX_PUB_MAX];
    uint8_t msg_buf[4 + 2 + 32 + 33 + 2 + 1 + 2 + sizeof ext_buf];
    pt_writer ew, w;
    pt_writer_init_fixed(&ew, ext_buf, sizeof ext_buf);
    if (hrr) {
        /* RFC 8446 4.1.4: the HelloRetryRequest carries supported_versions and the key_share
         * naming the group to retry with. */
        pt_ext_supported_versions_sh_encode(&ew, PT_VERSION_TLS13);
        pt_ext_key_share_hrr_encode(&ew, hrr_group);
    } else {
        /* RFC 8446 4.1.3 / 4.2.1: a TLS 1.3 ServerHello is legacy_version 0x0303 plus
         * supported_versions 0x0304. */
        pt_ext_supported_versions_sh_encode(&ew, PT_VERSION_TLS13);
        pt_ext_key_share_sh_encode(&ew, share);
    }
    PT_TRY(pt_w_finish(&ew));
    pt_server_hello sh;
    memset(&sh, 0, sizeof sh);
    sh.legacy_version = PT_VERSION_TLS12;
    sh.random = pt_slice_of(hrr ? PT_HRR_RANDOM : random, 32);
    sh.session_id = ch->session_id; /* RFC 8446 4.1.3: legacy_session_id_echo */
    sh.cipher_suite = hs->suite->id;
    sh.compression_method = 0;
    sh.is_hrr = hrr;
    sh.has_extensions = true;
    sh.ext.raw = pt_w_slice(&ew);
    pt_writer_init_fixed(&w, msg_buf, sizeof msg_buf);
    pt_wvec v = pt_hs_open(&w, PT_HS_SERVER_HELLO);
    pt_server_hello_encode(&w, &sh);
    pt_w_close_vec(&w, v);
    return pt_server13_send(c, &w);
}

static pt_err send_hello_retry_request(pt_conn *c, pt_slice ch_body, const pt_client_hello *ch,
                                       const pt_kx_group *group)
{
    pt_server_hs *hs = (pt_server_hs *)c->hs;
    /* RFC 8446 4.4.1: ClientHello1 is replaced by message_hash(Hash(ClientHello1)). */
    PT_TRY(pt_transcript_hrr_rewrite(&hs->base.transcript));
    PT_TRY(send_server_hello_msg(c, ch, true, NULL, NULL, group->id));
    PT_TRY(maybe_send_ccs(c, ch));
    hs->ch1 = malloc(ch_body.len > 0 ? ch_body.len : 1);
    PT_ENSURE(hs->ch1 != NULL, PT_ERR_INTERNAL);
    memcpy(hs->ch1, ch_body.p, ch_body.len);
    hs->ch1_len = ch_body.len;
    hs->done_retry = true;
    hs->hrr_group = group;
    c->kind = RUSTLS_HANDSHAKE_KIND_FULL_WITH_HELLO_RETRY_REQUEST;
    /* The version is settled by the HRR: the connection core needs it to accept the client's
     * middlebox-compatibility CCS before the second ClientHello (RFC 8446 D.4). */
    c->version = PT_VERSION_TLS13;
    c->state = PT_S13_EXPECT_CLIENT_HELLO2;
    return PT_OK;
}

/*
 * ServerHello, then the handshake secrets (RFC 8446 7.1):
 *   handshake_secret = HKDF-Extract(Derive-Secret(early_secret, "derived", ""), ecdhe)
 *   [sender]_handshake_traffic_secret = Derive-Secret(., "c|s hs traffic", CH..SH)
 */
static pt_err send_server_hello(pt_conn *c, const pt_client_hello *ch, const pt_kx_group *group,
                                 const pt_key_share *peer, uint8_t *server_hs)
{
    pt_server_hs *hs = (pt_server_hs *)c->hs;
    pt_err err = PT_OK;
    PT_CTX_ALIGN uint8_t kx[PT_KX_CTX_MAX];
    uint8_t pub[PT_KX_PUB_MAX], secret[PT_KX_SECRET_MAX], random[32];
    uint8_t th[PT_HASH_MAX];
    const pt_hash *h = hs->suite->hash;
    memset(kx, 0, sizeof kx);

    PT_CHECK(group->keygen(kx, pub));
    /* RFC 8446 4.2.8.1 / 7.4: an invalid peer share is illegal_parameter (rustls: the same). */
    PT_CHECK(group->derive(kx, peer->key_exchange, secret));
    PT_CHECK(c->tables->random(random, sizeof random));
    pt_key_share mine = {group->id, pt_slice_of(pub, group->pub_len)};
    PT_CHECK(send_server_hello_msg(c, ch, false, random, &mine, 0));
    PT_CHECK(maybe_send_ccs(c, ch));

    PT_CHECK(pt_ks13_init(&hs->ks, h, PT_SLICE_EMPTY));
    PT_CHECK(pt_ks13_to_handshake(&hs->ks, pt_slice_of(secret, group->secret_len)));
    PT_CHECK(pt_transcript_current(&hs->base.transcript, th));
    PT_CHECK(pt_ks13_handshake_traffic(&hs->ks, th, hs->client_hs_secret, server_hs));
    pt_conn_keylog(c, "CLIENT_HANDSHAKE_TRAFFIC_SECRET", hs->client_hs_secret, h->out_len);
    pt_conn_keylog(c, "SERVER_HANDSHAKE_TRAFFIC_SECRET", server_hs, h->out_len);
    /* RFC 8446 5.2 / 7.3: everything after the ServerHello is protected. */
    PT_CHECK(pt_conn_set_tx_keys13(c, server_hs, false));
out:
    group->cleanup(kx);
    pt_wipe(secret, sizeof secret);
    pt_wipe(kx, sizeof kx);
    return err;
}

/* The certified key for this handshake (on the first ClientHello only). */
static pt_err resolve_key(pt_conn *c, const pt_client_hello *ch, const uint16_t *schemes, size_t n_schemes)
{
    pt_server_hs *hs = (pt_server_hs *)c->hs;
    const struct rustls_server_config *cfg = c->server_config;
    const struct rustls_certified_key *key = NULL;
    if (cfg->hello_cb != NULL) {
        PT_TRY(pt_server_hello_cb_resolve(c, ch, schemes, n_schemes, &key));
    } else {
        key = pt_server_pick_key(c->tables->x509, cfg->keys, cfg->n_keys, c->sni, schemes, n_schemes,
                                 &cfg->signing);
        if (key != NULL) {
            key = pt_certified_key_ref(key);
        }
    }
    /* rustls: access_denied, Error::General("no server certificate chain resolved"). */
    PT_ENSURE(key != NULL, PT_ERR(ACCESS_DENIED, RUSTLS_RESULT_GENERAL));
    hs->key = key;
    return PT_OK;
}

pt_err pt_server13_handle_client_hello(pt_conn *c, const pt_hs_msg *msg)
{
    pt_server_hs *hs = (pt_server_hs *)c->hs;
    const struct rustls_server_config *cfg = c->server_config;
    pt_err err = PT_OK;
    uint16_t *schemes = NULL;
    size_t n_schemes = 0;
    pt_client_hello ch;
    pt_slice body;
    char sni[sizeof c->sni];
    uint8_t server_hs[PT_HASH_MAX]; /* server_handshake_traffic_secret, for our Finished */

    PT_CHECK(pt_client_hello_decode(msg->body, &ch));
    /* RFC 5246 7.4.1.2 / RFC 8446 4.1.2: null compression must be offered. */
    PT_CHECK(pt_client_hello_check_compression(&ch, false));
    /* No handshake message may follow the ClientHello in its flight (rustls
     * check_aligned_handshake: unexpected_message, PeerMisbehaved). */
    PT_ENSURE_OUT(msg->end_of_record && pt_joiner_is_aligned(&c->joiner), MISBEHAVED(UNEXPECTED_MESSAGE));

    PT_CHECK(read_sni(&ch, sni, sizeof sni));
    if (!hs->done_retry) {
        memcpy(c->sni, sni, sizeof sni);
    } else if (strcmp(c->sni, sni) != 0) {
        /* rustls ServerNameDifferedOnRetry: returned without an alert. */
        err = PT_ERR_NOALERT(RUSTLS_RESULT_PEER_MISBEHAVED_ERROR);
        goto out;
    }

    /* RFC 8446 4.2.3 / 9.2: a certificate-authenticated handshake needs signature_algorithms
     * ("MUST abort the handshake with a "missing_extension" alert"; rustls sends
     * handshake_failure with SignatureAlgorithmsExtensionRequired, and we match rustls). */
    PT_ENSURE_OUT(pt_ext_get(&ch.ext, PT_EXT_SIGNATURE_ALGORITHMS, &body), INCOMPATIBLE(HANDSHAKE_FAILURE));
    pt_u16_list sig_list;
    PT_CHECK(pt_ext_signature_algorithms_decode(body, &sig_list));
    PT_CHECK(pt_u16_list_to_array(&sig_list, &schemes));
    n_schemes = sig_list.count;

    PT_CHECK(pt_server_check_version(&ch, cfg->versions));
    if (hs->done_retry) {
        PT_CHECK(check_retry_matches(hs, &ch));
    } else {
        memcpy(c->client_random, ch.random.p, sizeof c->client_random);
        /* rustls shows the resolver only the schemes that suit a suite both sides have; in a
         * TLS 1.3 handshake (a TLS 1.3 suite shared) that is all of them. */
        n_schemes = pt_server_compatible_schemes(c->tables, &ch, schemes, n_schemes);
        PT_CHECK(resolve_key(c, &ch, schemes, n_schemes));
    }

    const pt_kx_group *group;
    const pt_suite *suite;
    PT_CHECK(pt_server_choose_group(c->tables, &ch, &group));
    PT_CHECK(pt_server_choose_suite13(c->tables, &ch, cfg->ignore_client_order, &suite));
    if (hs->done_retry) {
        /* rustls HandshakeHashVariedAfterRetry. */
        PT_ENSURE_OUT(suite->hash == hs->suite->hash, MISBEHAVED(ILLEGAL_PARAMETER));
        group = hs->hrr_group;
    }
    hs->suite = suite;
    PT_CHECK(pt_transcript_start_hash(&hs->base.transcript, suite->hash, false));

    /* RFC 8446 4.1.2: legacy_compression_methods "MUST contain exactly one byte, set to zero". */
    PT_CHECK(pt_client_hello_check_compression(&ch, true));
    /* RFC 8446 9.2: a (EC)DHE handshake needs key_share (rustls KeyShareExtensionRequired). */
    PT_ENSURE_OUT(pt_ext_get(&ch.ext, PT_EXT_KEY_SHARE, &body), INCOMPATIBLE(HANDSHAKE_FAILURE));
    pt_key_share_list shares;
    PT_CHECK(pt_ext_key_share_ch_decode(body, &shares));
    /* RFC 8446 4.2.8: "Clients MUST NOT offer multiple KeyShareEntry values for the same group". */
    PT_ENSURE_OUT(!pt_key_share_list_has_duplicate_groups(&shares), MISBEHAVED(ILLEGAL_PARAMETER));
    /* RFC 8446 4.1.2: the second ClientHello removes early_data. */
    PT_ENSURE_OUT(!(hs->done_retry && pt_ext_has(&ch.ext, PT_EXT_EARLY_DATA)), MISBEHAVED(ILLEGAL_PARAMETER));

    pt_key_share share;
    if (!find_share(&shares, group->id, &share)) {
        /* RFC 8446 4.1.4: at most one HelloRetryRequest; a second ClientHello without a share for
         * the requested group is illegal_parameter (rustls RefusedToFollowHelloRetryRequest). */
        PT_ENSURE_OUT(!hs->done_retry, MISBEHAVED(ILLEGAL_PARAMETER));
        PT_CHECK(send_hello_retry_request(c, msg->body, &ch, group));
        goto out;
    }
    /* RFC 8446 4.1.2: the retried key_share is "a list containing a single KeyShareEntry from
     * the indicated group". */
    PT_ENSURE_OUT(!hs->done_retry || shares.count == 1, MISBEHAVED(ILLEGAL_PARAMETER));

    if (pt_ext_get(&ch.ext, PT_EXT_PRE_SHARED_KEY, &body)) {
        /* RFC 8446 4.2.9: "If clients offer "pre_shared_key" without a "psk_key_exchange_modes"
         * extension, servers MUST abort the handshake" (rustls: missing_extension). */
        PT_ENSURE_OUT(pt_ext_has(&ch.ext, PT_EXT_PSK_KEY_EXCHANGE_MODES), MISBEHAVED(MISSING_EXTENSION));
        pt_psk_offer psk;
        PT_CHECK(pt_ext_psk_offer_decode(body, &psk));
        PT_CHECK(pt_psk_offer_check(&psk));
        /* Resumption is not implemented: every PSK is declined and a full handshake follows. */
    }

    pt_slice alpn;
    PT_CHECK(pt_server_choose_alpn(&cfg->alpn, &ch, &alpn));
    uint16_t scheme;
    /* rustls NoSignatureSchemesInCommon: handshake_failure. */
    PT_ENSURE_OUT(pt_server_key_scheme(hs->key, schemes, n_schemes, true, &cfg->signing, &scheme),
                  INCOMPATIBLE(HANDSHAKE_FAILURE));
    if (alpn.len > 0) {
        memcpy(c->alpn, alpn.p, alpn.len);
    }
    c->alpn_len = (uint8_t)alpn.len;

    c->version = PT_VERSION_TLS13;
    c->suite = suite;
    c->group = group;
    if (!hs->done_retry) {
        c->kind = RUSTLS_HANDSHAKE_KIND_FULL;
    }
    PT_CHECK(send_server_hello(c, &ch, group, &share, server_hs));
    PT_CHECK(pt_server13_send_flight(c, &ch, scheme, server_hs));
out:
    pt_wipe(server_hs, sizeof server_hs);
    free(schemes);
    return err;
}
