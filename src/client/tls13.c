/*
 * tls13.c - the TLS 1.3 client: ServerHello / HelloRetryRequest, EncryptedExtensions, the
 * server's Finished and the client's last flight (RFC 8446 4.1.3-4.1.4, 4.3.1, 4.4.4), and the
 * state table.  The checks and their order are rustls 0.23's (client/hs.rs, client/tls13.rs).
 */
#include "client/tls13.h"

#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "msgs/encrypted_extensions.h"
#include "msgs/extensions.h"
#include "msgs/finished.h"
#include "msgs/server_hello.h"

#define PEER_MISBEHAVED(alert) PT_ERR(alert, RUSTLS_RESULT_PEER_MISBEHAVED_ERROR)

/* see tls13.h */
bool pt_client13_scheme_tls13(uint16_t scheme)
{
    uint8_t hash = (uint8_t)(scheme >> 8), sig = (uint8_t)scheme;
    /* RFC 8446 4.2.3: SHA-1 (and older) and RSASSA-PKCS1-v1_5 "MUST NOT be ... used in
     * CertificateVerify"; rustls's supported_in_tls13 also refuses none/MD5/SHA-224. */
    if (hash <= 3) {
        return false;
    }
    return sig != 1; /* SignatureAlgorithm rsa(1) is RSASSA-PKCS1-v1_5 */
}

/* see tls13.h */
pt_err pt_client13_send_ccs_once(pt_conn *c, pt_client13_hs *hs)
{
    if (hs->sent_ccs) {
        return PT_OK;
    }
    hs->sent_ccs = true;
    return pt_conn_send_ccs(c);
}

static void kx_release(pt_client13_hs *hs)
{
    if (hs->kx_live) {
        hs->kx->cleanup(hs->kx_ctx);
        hs->kx_live = false;
    }
    pt_wipe(hs->kx_ctx, sizeof(hs->kx_ctx));
}

static void free_hs(pt_conn *c)
{
    pt_client13_hs *hs = pt_client13_hs_of(c);
    if (hs == NULL) {
        return;
    }
    kx_release(hs);
    pt_transcript_free(&hs->base.transcript);
    pt_ks13_wipe(&hs->ks);
    pt_alpn_protos_free(&hs->alpn);
    free(hs->cookie);
    free(hs->cert_msg);
    pt_free_wiped(hs, sizeof(*hs));
    c->hs = NULL;
}

/* The server's extensions are all ones we sent (RFC 8446 4.2: "Implementations MUST NOT send
 * extension responses if the remote endpoint did not send the corresponding extension
 * requests"), apart from `allowed`.  rustls: unsupported_extension. */
static bool unsolicited(const pt_client13_hs *hs, const pt_ext_block *b, uint32_t allowed)
{
    return b->unknown > 0 || (b->present & ~(hs->sent_exts | allowed)) != 0;
}

/* ---------------------------------------------------------------- HelloRetryRequest */

static pt_err handle_hrr(pt_conn *c, pt_client13_hs *hs, const pt_server_hello *hrr, const pt_hs_msg *msg)
{
    pt_err err = PT_OK;
    pt_slice body;
    uint16_t group = 0, version = 0;
    bool has_group = pt_ext_get(&hrr->ext, PT_EXT_KEY_SHARE, &body);
    pt_slice cookie = PT_SLICE_EMPTY;
    bool has_cookie = false;
    pt_transcript t;

    pt_transcript_init(&t);
    /* Handshake messages must not be split around a flight boundary (rustls checks alignment). */
    PT_ENSURE_OUT(msg->end_of_record && pt_joiner_is_aligned(&c->joiner),
                  PEER_MISBEHAVED(UNEXPECTED_MESSAGE));
    if (has_group) {
        PT_CHECK(pt_ext_u16_decode(body, &group));
    }
    if (pt_ext_get(&hrr->ext, PT_EXT_COOKIE, &body)) {
        PT_CHECK(pt_ext_cookie_decode(body, &cookie));
        has_cookie = true;
    }
    /* RFC 8446 4.1.4: "Clients MUST abort the handshake with an "illegal_parameter" alert if the
     * HelloRetryRequest would not result in any change in the ClientHello": asking for the group
     * we already sent a share for, without a cookie, or for nothing at all. */
    PT_ENSURE_OUT(!(has_group && !has_cookie && group == hs->kx->id), PEER_MISBEHAVED(ILLEGAL_PARAMETER));
    PT_ENSURE_OUT(has_group || has_cookie, PEER_MISBEHAVED(ILLEGAL_PARAMETER));
    /* RFC 8446 4.1.3 (legacy_session_id_echo has the ServerHello meaning, 4.1.4): a mismatch
     * MUST abort with "illegal_parameter". */
    PT_ENSURE_OUT(hrr->session_id.len == sizeof(hs->session_id) &&
                      memcmp(hrr->session_id.p, hs->session_id, sizeof(hs->session_id)) == 0,
                  PEER_MISBEHAVED(ILLEGAL_PARAMETER));
    /* RFC 8446 4.1.4: supported_versions is mandatory in an HRR and must select TLS 1.3. */
    if (pt_ext_get(&hrr->ext, PT_EXT_SUPPORTED_VERSIONS, &body)) {
        PT_CHECK(pt_ext_u16_decode(body, &version));
    }
    PT_ENSURE_OUT(version == PT_VERSION_TLS13, PEER_MISBEHAVED(ILLEGAL_PARAMETER));
    /* RFC 8446 4.1.4: "the client MUST ... abort ... if the HelloRetryRequest ... selects a
     * cipher suite it did not offer" (we offered the provider's TLS 1.3 suites). */
    const pt_suite *suite = pt_provider_find_suite(c->tables, hrr->cipher_suite);
    PT_ENSURE_OUT(suite != NULL && suite->version == PT_VERSION_TLS13, PEER_MISBEHAVED(ILLEGAL_PARAMETER));

    c->suite = suite;
    c->kind = RUSTLS_HANDSHAKE_KIND_FULL_WITH_HELLO_RETRY_REQUEST;
    c->version = PT_VERSION_TLS13;

    /* RFC 8446 4.4.1: ClientHello1 is replaced by message_hash(Hash(ClientHello1)), then the
     * HRR follows.  The dispatcher has buffered ClientHello1 || HRR; rebuild from the parts. */
    pt_slice buffered = pt_transcript_messages(&hs->base.transcript);
    PT_ENSURE_OUT(buffered.len == hs->ch1_len + msg->raw.len, PT_ERR_INTERNAL);
    PT_CHECK(pt_transcript_add(&t, buffered.p, hs->ch1_len));
    PT_CHECK(pt_transcript_start_hash(&t, suite->hash, false));
    PT_CHECK(pt_transcript_hrr_rewrite(&t));
    PT_CHECK(pt_transcript_add(&t, msg->raw.p, msg->raw.len));
    pt_transcript_free(&hs->base.transcript);
    hs->base.transcript = t;
    pt_transcript_init(&t);

    if (has_group && group != hs->kx->id) {
        /* RFC 8446 4.2.8: the selected group MUST be one of supported_groups (all of ours). */
        const pt_kx_group *g = pt_provider_find_group(c->tables, group);
        PT_ENSURE_OUT(g != NULL, PEER_MISBEHAVED(ILLEGAL_PARAMETER));
        kx_release(hs);
        hs->kx = g;
        PT_CHECK(g->keygen(hs->kx_ctx, hs->kx_pub));
        hs->kx_live = true;
    }
    if (has_cookie) {
        hs->cookie = malloc(cookie.len);
        PT_ENSURE_OUT(hs->cookie != NULL, PT_ERR_INTERNAL);
        memcpy(hs->cookie, cookie.p, cookie.len);
        hs->cookie_len = cookie.len;
    }
    hs->hrr_seen = true;
    pt_log_debug(&c->log, "Got HelloRetryRequest: suite %s, key share %s", suite->name, hs->kx->name);

    /* RFC 8446 D.4: the middlebox-compatibility CCS goes before the second ClientHello. */
    PT_CHECK(pt_client13_send_ccs_once(c, hs));
    PT_CHECK(pt_client13_send_hello(c, hs));
    c->state = PT_C13_EXPECT_SERVER_HELLO;
out:
    pt_transcript_free(&t);
    return err;
}

/* ---------------------------------------------------------------- ServerHello */

/* The version the server chose, as rustls reads it. */
static uint16_t server_version(const pt_server_hello *sh, pt_err *err)
{
    pt_slice body;
    uint16_t v = sh->legacy_version;
    *err = PT_OK;
    if (sh->legacy_version == PT_VERSION_TLS12 && pt_ext_get(&sh->ext, PT_EXT_SUPPORTED_VERSIONS, &body)) {
        *err = pt_ext_u16_decode(body, &v);
    }
    return v;
}

static pt_err handshake_keys(pt_conn *c, pt_client13_hs *hs, pt_slice their_share)
{
    pt_err err = PT_OK;
    uint8_t shared[PT_KX_SECRET_MAX];
    uint8_t th[PT_HASH_MAX];
    const pt_hash *h = c->suite->hash;

    PT_CHECK(hs->kx->derive(hs->kx_ctx, their_share, shared));
    kx_release(hs);
    PT_CHECK(pt_ks13_init(&hs->ks, h, PT_SLICE_EMPTY));
    PT_CHECK(pt_ks13_to_handshake(&hs->ks, pt_slice_of(shared, hs->kx->secret_len)));
    PT_CHECK(pt_transcript_current(&hs->base.transcript, th));
    PT_CHECK(pt_ks13_handshake_traffic(&hs->ks, th, hs->c_hs, hs->s_hs));
    pt_conn_keylog(c, "CLIENT_HANDSHAKE_TRAFFIC_SECRET", hs->c_hs, h->out_len);
    pt_conn_keylog(c, "SERVER_HANDSHAKE_TRAFFIC_SECRET", hs->s_hs, h->out_len);

    /* RFC 8446 D.4: the client's CCS goes before its second flight; rustls queues it here. */
    PT_CHECK(pt_client13_send_ccs_once(c, hs));
    /* RFC 8446 5.1/7.3: everything after ServerHello is protected with the handshake keys. */
    PT_CHECK(pt_conn_set_rx_keys13(c, hs->s_hs, false));
    PT_CHECK(pt_conn_set_tx_keys13(c, hs->c_hs, false));
out:
    pt_wipe(shared, sizeof(shared));
    pt_wipe(th, sizeof(th));
    return err;
}

static pt_err handle_server_hello(pt_conn *c, const pt_hs_msg *msg)
{
    pt_client13_hs *hs = pt_client13_hs_of(c);
    pt_server_hello sh;
    pt_err err;
    pt_slice body;

    PT_TRY(pt_server_hello_decode(msg->body, &sh));
    if (sh.is_hrr) {
        /* RFC 8446 4.1.4: "If a client receives a second HelloRetryRequest in the same
         * connection ..., it MUST abort the handshake with an "unexpected_message" alert." */
        PT_ENSURE(c->state == PT_C13_EXPECT_SERVER_HELLO_OR_HRR,
                  PT_ERR(UNEXPECTED_MESSAGE, RUSTLS_RESULT_INAPPROPRIATE_HANDSHAKE_MESSAGE));
        return handle_hrr(c, hs, &sh, msg);
    }

    /* RFC 8446 4.1.3 / 4.2.1: the version comes from supported_versions.  We offered only
     * TLS 1.3: anything else is protocol_version (rustls: PeerIncompatible).  With TLS 1.2 not
     * offered, a TLS 1.2 ServerHello is refused here before its downgrade sentinel (RFC 8446
     * 4.1.3) could matter; the TLS 1.2 client will check pt_server_hello_downgrade. */
    uint16_t version = server_version(&sh, &err);
    PT_TRY(err);
    PT_ENSURE(version == PT_VERSION_TLS13, PT_ERR(PROTOCOL_VERSION, RUSTLS_RESULT_PEER_INCOMPATIBLE_ERROR));
    /* RFC 8446 4.1.3: legacy_compression_method MUST be 0. */
    PT_TRY(pt_server_hello_check_compression(&sh));
    /* RFC 8446 4.2 (renegotiation_info is tolerated, as rustls does, for TLS 1.2 servers). */
    PT_ENSURE(!unsolicited(hs, &sh.ext, pt_ext_bit(PT_EXT_RENEGOTIATION_INFO)),
              PEER_MISBEHAVED(UNSUPPORTED_EXTENSION));
    if (pt_ext_get(&sh.ext, PT_EXT_EC_POINT_FORMATS, &body)) {
        pt_slice formats;
        PT_TRY(pt_ext_u8_list_decode(body, &formats));
        PT_ENSURE(pt_ext_ec_point_formats_ok(formats), PEER_MISBEHAVED(HANDSHAKE_FAILURE));
    }
    /* RFC 8446 4.1.3: the suite must be one we offered; after an HRR, the same one (4.1.4). */
    const pt_suite *suite = pt_provider_find_suite(c->tables, sh.cipher_suite);
    PT_ENSURE(suite != NULL, PEER_MISBEHAVED(HANDSHAKE_FAILURE));
    PT_ENSURE(suite->version == PT_VERSION_TLS13, PEER_MISBEHAVED(ILLEGAL_PARAMETER));
    PT_ENSURE(c->suite == NULL || c->suite == suite, PEER_MISBEHAVED(ILLEGAL_PARAMETER));
    /* RFC 8446 4.1.3: "A client which receives a legacy_session_id_echo field that does not
     * match what it sent in the ClientHello MUST abort the handshake with an
     * "illegal_parameter" alert."  (rustls checks this for HRR only.) */
    PT_ENSURE(sh.session_id.len == sizeof(hs->session_id) &&
                  memcmp(sh.session_id.p, hs->session_id, sizeof(hs->session_id)) == 0,
              PEER_MISBEHAVED(ILLEGAL_PARAMETER));
    c->suite = suite;
    c->version = PT_VERSION_TLS13;
    pt_log_debug(&c->log, "Using ciphersuite %s", suite->name);
    PT_TRY(pt_transcript_start_hash(&hs->base.transcript, suite->hash, false));

    /* RFC 8446 4.1.3: a TLS 1.3 ServerHello carries only key_share, pre_shared_key and
     * supported_versions. */
    PT_TRY(pt_server_hello_check_tls13_extensions(&sh));
    /* RFC 8446 9.2: without a PSK, key_share is mandatory: missing_extension. */
    PT_ENSURE(pt_ext_get(&sh.ext, PT_EXT_KEY_SHARE, &body), PEER_MISBEHAVED(MISSING_EXTENSION));
    pt_key_share share;
    PT_TRY(pt_ext_key_share_sh_decode(body, &share));
    /* RFC 8446 4.2.8: "Clients MUST check that the selected group is ... one for which the
     * client provided a KeyShareEntry"; else illegal_parameter. */
    PT_ENSURE(share.group == hs->kx->id, PEER_MISBEHAVED(ILLEGAL_PARAMETER));
    c->group = hs->kx;
    if (c->kind != RUSTLS_HANDSHAKE_KIND_FULL_WITH_HELLO_RETRY_REQUEST) {
        c->kind = RUSTLS_HANDSHAKE_KIND_FULL;
    }
    PT_TRY(handshake_keys(c, hs, share.key_exchange));
    c->state = PT_C13_EXPECT_ENCRYPTED_EXTENSIONS;
    return PT_OK;
}

/* ---------------------------------------------------------------- EncryptedExtensions */

static pt_err handle_encrypted_extensions(pt_conn *c, const pt_hs_msg *msg)
{
    pt_client13_hs *hs = pt_client13_hs_of(c);
    pt_encrypted_extensions ee;
    pt_slice body;

    PT_TRY(pt_encrypted_extensions_decode(msg->body, &ee));
    /* RFC 8446 4.2: only responses to what we asked for. */
    PT_ENSURE(!unsolicited(hs, &ee.ext, 0), PEER_MISBEHAVED(UNSUPPORTED_EXTENSION));
    if (pt_ext_get(&ee.ext, PT_EXT_ALPN, &body)) {
        pt_slice proto;
        /* RFC 7301 3.1: "exactly one "ProtocolName"". */
        PT_TRY(pt_ext_alpn_single_decode(body, &proto));
        bool offered = false;
        for (size_t i = 0; i < hs->alpn.n; i++) {
            offered |= hs->alpn.items[i].len == proto.len && memcmp(hs->alpn.items[i].p, proto.p, proto.len) == 0;
        }
        /* RFC 7301 3.2: the server's choice must be one the client offered (rustls allows the
         * check to be turned off, check_selected_alpn). */
        PT_ENSURE(offered || !c->client_config->check_selected_alpn, PEER_MISBEHAVED(ILLEGAL_PARAMETER));
        PT_ENSURE(proto.len <= sizeof(c->alpn), PT_ERR_INTERNAL);
        memcpy(c->alpn, proto.p, proto.len);
        c->alpn_len = (uint8_t)proto.len;
    }
    /* RFC 8446 4.2.10: early_data in EncryptedExtensions only answers an early_data offer, which
     * we never make: the unsolicited check above refuses it. */
    c->state = PT_C13_EXPECT_CERTIFICATE_OR_CERTREQ;
    return PT_OK;
}

/* ---------------------------------------------------------------- Finished */

static pt_err send_finished(pt_conn *c, pt_client13_hs *hs)
{
    pt_err err = PT_OK;
    const pt_hash *h = c->suite->hash;
    uint8_t th[PT_HASH_MAX], verify[PT_HASH_MAX], buf[4 + PT_HASH_MAX];
    pt_writer w;

    PT_CHECK(pt_transcript_current(&hs->base.transcript, th));
    /* RFC 8446 4.4.4: verify_data = HMAC(finished_key(client_handshake_traffic_secret), TH). */
    PT_CHECK(pt_tls13_verify_data(h, hs->c_hs, th, verify));
    pt_writer_init_fixed(&w, buf, sizeof(buf));
    pt_finished fin = {pt_slice_of(verify, h->out_len)};
    pt_wvec v = pt_hs_open(&w, PT_HS_FINISHED);
    pt_finished_encode(&w, &fin);
    pt_w_close_vec(&w, v);
    PT_CHECK(pt_w_finish(&w));
    PT_CHECK(pt_transcript_add(&hs->base.transcript, buf, w.off));
    PT_CHECK(pt_conn_send_hs(c, pt_w_slice(&w)));
out:
    pt_wipe(th, sizeof(th));
    pt_wipe(verify, sizeof(verify));
    pt_wipe(buf, sizeof(buf));
    return err;
}

static pt_err handle_finished(pt_conn *c, const pt_hs_msg *msg)
{
    pt_client13_hs *hs = pt_client13_hs_of(c);
    pt_err err = PT_OK;
    const pt_hash *h = c->suite->hash;
    uint8_t th[PT_HASH_MAX], c_ap[PT_HASH_MAX], s_ap[PT_HASH_MAX];

    /* RFC 8446 4.4.4: "Recipients of Finished messages MUST verify that the contents are
     * correct and if incorrect MUST terminate the connection with a "decrypt_error" alert."
     * The transcript (PT_HS_HASH_AFTER) ends with the server's CertificateVerify. */
    PT_CHECK(pt_transcript_current(&hs->base.transcript, th));
    PT_CHECK(pt_tls13_verify_finished(h, hs->s_hs, th, msg->body));

    /* The application secrets and our Finished cover the server's Finished, so add it now (the
     * dispatcher would add it only after this handler; the block is freed by then). */
    PT_CHECK(pt_transcript_add(&hs->base.transcript, msg->raw.p, msg->raw.len));
    PT_CHECK(pt_transcript_current(&hs->base.transcript, th));
    PT_CHECK(pt_ks13_to_master(&hs->ks));
    /* RFC 8446 7.1: the traffic and exporter secrets over ClientHello...server Finished.  The
     * exporter secret goes straight into the connection, which keeps it for the exporter API. */
    PT_CHECK(pt_ks13_app_traffic(&hs->ks, th, c_ap, s_ap));
    PT_CHECK(pt_ks13_exporter_master(&hs->ks, th, c->exporter_secret));

    PT_CHECK(pt_client13_send_ccs_once(c, hs));
    if (hs->cert_requested) {
        PT_CHECK(pt_client13_send_client_auth(c, hs));
    }
    PT_CHECK(send_finished(c, hs));

    pt_conn_keylog(c, "CLIENT_TRAFFIC_SECRET_0", c_ap, h->out_len);
    pt_conn_keylog(c, "SERVER_TRAFFIC_SECRET_0", s_ap, h->out_len);
    pt_conn_keylog(c, "EXPORTER_SECRET", c->exporter_secret, h->out_len);
    /* RFC 8446 5.1: the server's Finished is the last message under its handshake keys. */
    PT_CHECK(pt_conn_set_rx_keys13(c, s_ap, true));
    PT_CHECK(pt_conn_set_tx_keys13(c, c_ap, true));
    c->may_receive_app_data = true;
    PT_CHECK(pt_conn_handshake_done(c));
out:
    pt_wipe(th, sizeof(th));
    pt_wipe(c_ap, sizeof(c_ap));
    pt_wipe(s_ap, sizeof(s_ap));
    return err;
}

/* ---------------------------------------------------------------- the role */

static const pt_hs_state states[PT_C13_STATE_COUNT] = {
    [PT_C13_EXPECT_SERVER_HELLO_OR_HRR] = {"ExpectServerHelloOrHelloRetryRequest", PT_HS_BIT(PT_HS_SERVER_HELLO), 0,
                                           handle_server_hello},
    [PT_C13_EXPECT_SERVER_HELLO] = {"ExpectServerHello", PT_HS_BIT(PT_HS_SERVER_HELLO), 0, handle_server_hello},
    [PT_C13_EXPECT_ENCRYPTED_EXTENSIONS] = {"ExpectEncryptedExtensions", PT_HS_BIT(PT_HS_ENCRYPTED_EXTENSIONS), 0,
                                            handle_encrypted_extensions},
    [PT_C13_EXPECT_CERTIFICATE_OR_CERTREQ] = {"ExpectCertificateOrCertReq",
                                              PT_HS_BIT(PT_HS_CERTIFICATE) | PT_HS_BIT(PT_HS_CERTIFICATE_REQUEST), 0,
                                              pt_client13_handle_cert_or_certreq},
    [PT_C13_EXPECT_CERTIFICATE] = {"ExpectCertificate", PT_HS_BIT(PT_HS_CERTIFICATE), 0,
                                   pt_client13_handle_certificate},
    [PT_C13_EXPECT_CERTIFICATE_VERIFY] = {"ExpectCertificateVerify", PT_HS_BIT(PT_HS_CERTIFICATE_VERIFY),
                                          PT_HS_HASH_AFTER, pt_client13_handle_certificate_verify},
    [PT_C13_EXPECT_FINISHED] = {"ExpectFinished", PT_HS_BIT(PT_HS_FINISHED), PT_HS_HASH_AFTER, handle_finished},
};

const pt_hs_role pt_client13_role = {
    "client TLS 1.3",
    states,
    PT_C13_STATE_COUNT,
    free_hs,
};
