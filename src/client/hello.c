/*
 * hello.c - starting a TLS 1.3 client: the handshake block and the ClientHello (RFC 8446 4.1.2).
 *
 * What is offered follows rustls 0.23 for a client with only TLS 1.3 enabled: the provider's
 * TLS 1.3 suites in order, every key exchange group in supported_groups with a key share for
 * the first one only, the provider's verification schemes in signature_algorithms (rustls
 * offers its verifier's whole list, PKCS#1 included), supported_versions {TLS 1.3},
 * psk_key_exchange_modes {psk_dhe_ke}, and also rustls's extended_master_secret, OCSP
 * status_request and ec_point_formats.  Extensions go out in a fixed order (rustls shuffles
 * them once per connection; RFC 8446 does not care).
 */
#include <stdlib.h>
#include <string.h>

#include "client/client.h"

#include "base/mem.h"
#include "client/tls13.h"
#include "msgs/client_hello.h"
#include "msgs/extensions.h"
#include "record/record.h"

/* The most cipher suites a ClientHello lists (the provider has a handful). */
#define PT_C13_MAX_SUITES 32
/* The largest ClientHello we build (a long ALPN list is the only large part). */
#define PT_C13_HELLO_MAX (0x10000 + 4)

/* Copy `in` into one allocation owned by `out` (which is zeroed). */
static pt_err alpn_copy(pt_alpn_protos *out, const pt_alpn_protos *in)
{
    size_t total = 0;
    memset(out, 0, sizeof(*out));
    if (in == NULL || in->n == 0) {
        return PT_OK;
    }
    for (size_t i = 0; i < in->n; i++) {
        total += in->items[i].len;
    }
    out->items = calloc(in->n, sizeof(*out->items));
    out->data = malloc(total > 0 ? total : 1);
    if (out->items == NULL || out->data == NULL) {
        free(out->items);
        free(out->data);
        memset(out, 0, sizeof(*out));
        return PT_ERR_INTERNAL;
    }
    size_t off = 0;
    for (size_t i = 0; i < in->n; i++) {
        memcpy(out->data + off, in->items[i].p, in->items[i].len);
        out->items[i] = pt_slice_of(out->data + off, in->items[i].len);
        off += in->items[i].len;
    }
    out->n = in->n;
    return PT_OK;
}

/* The extensions of our ClientHello into `w`; records which went out in hs->sent_exts. */
static void write_extensions(pt_conn *c, pt_client13_hs *hs, pt_writer *w)
{
    const pt_provider *p = c->tables;
    uint16_t groups[16];
    size_t n_groups = 0;
    uint16_t schemes[32];
    size_t n_schemes = 0;
    static const uint8_t point_formats[] = {PT_EC_POINT_UNCOMPRESSED};
    static const uint8_t psk_modes[] = {PT_PSK_DHE_KE};
    static const uint16_t versions[] = {PT_VERSION_TLS13};

    for (size_t i = 0; p->groups[i] != NULL && n_groups < 16; i++) {
        groups[n_groups++] = p->groups[i]->id;
    }
    for (size_t i = 0; p->sig->verify_schemes[i] != 0 && n_schemes < 32; i++) {
        schemes[n_schemes++] = p->sig->verify_schemes[i];
    }

    hs->sent_exts = 0;
    if (hs->send_sni) {
        /* rustls sends the name without its trailing dot (trim_hostname_trailing_dot_for_sni). */
        size_t len = strlen(hs->server_name);
        if (len > 1 && hs->server_name[len - 1] == '.') {
            len--;
        }
        pt_ext_server_name_encode(w, pt_slice_of(hs->server_name, len));
        hs->sent_exts |= pt_ext_bit(PT_EXT_SERVER_NAME);
    }
    pt_ext_status_request_ocsp_encode(w);
    pt_ext_supported_groups_encode(w, groups, n_groups);
    /* rustls offers ec_point_formats whenever it proposes an ECDHE group (all of ours are). */
    pt_ext_u8_list_encode(w, PT_EXT_EC_POINT_FORMATS, point_formats, sizeof(point_formats));
    pt_ext_signature_algorithms_encode(w, PT_EXT_SIGNATURE_ALGORITHMS, schemes, n_schemes);
    hs->sent_exts |= pt_ext_bit(PT_EXT_STATUS_REQUEST) | pt_ext_bit(PT_EXT_SUPPORTED_GROUPS) |
                     pt_ext_bit(PT_EXT_EC_POINT_FORMATS) | pt_ext_bit(PT_EXT_SIGNATURE_ALGORITHMS);
    if (hs->alpn.n > 0) {
        pt_ext_alpn_encode(w, hs->alpn.items, hs->alpn.n);
        hs->sent_exts |= pt_ext_bit(PT_EXT_ALPN);
    }
    pt_ext_encode_empty(w, PT_EXT_EXTENDED_MASTER_SECRET);
    pt_ext_supported_versions_ch_encode(w, versions, 1);
    hs->sent_exts |= pt_ext_bit(PT_EXT_EXTENDED_MASTER_SECRET) | pt_ext_bit(PT_EXT_SUPPORTED_VERSIONS);
    if (hs->cookie != NULL) {
        /* RFC 8446 4.2.2: "Clients MUST NOT use cookies in their initial ClientHello"; after an
         * HRR with a cookie the client MUST echo it. */
        pt_ext_cookie_encode(w, pt_slice_of(hs->cookie, hs->cookie_len));
        hs->sent_exts |= pt_ext_bit(PT_EXT_COOKIE);
    }
    /* RFC 8446 4.2.9: psk_dhe_ke only (rustls offers it even without a ticket). */
    pt_ext_u8_list_encode(w, PT_EXT_PSK_KEY_EXCHANGE_MODES, psk_modes, sizeof(psk_modes));
    pt_key_share share = {hs->kx->id, pt_slice_of(hs->kx_pub, hs->kx->pub_len)};
    pt_ext_key_share_ch_encode(w, &share, 1);
    hs->sent_exts |= pt_ext_bit(PT_EXT_PSK_KEY_EXCHANGE_MODES) | pt_ext_bit(PT_EXT_KEY_SHARE);
}

/* see tls13.h */
pt_err pt_client13_send_hello(pt_conn *c, pt_client13_hs *hs)
{
    pt_err err = PT_OK;
    pt_writer ext, msg;
    uint8_t suites[2 * PT_C13_MAX_SUITES];
    size_t n_suites = 0;

    pt_writer_init_growable(&ext, 512, PT_C13_HELLO_MAX);
    pt_writer_init_growable(&msg, 512, PT_C13_HELLO_MAX);

    /* The config's provider's suites (its tables list a builder's subset, in its order), TLS 1.3
     * only: TLS 1.2 is not offered (yet), so neither are its suites. */
    for (const pt_suite *const *sp = c->tables->suites; *sp != NULL && n_suites < PT_C13_MAX_SUITES; sp++) {
        const pt_suite *s = *sp;
        if (s->version == PT_VERSION_TLS13) {
            suites[2 * n_suites] = (uint8_t)(s->id >> 8);
            suites[2 * n_suites + 1] = (uint8_t)s->id;
            n_suites++;
        }
    }
    /* A provider without TLS 1.3 suites cannot make a TLS 1.3 ClientHello (rustls refuses such a
     * config when it is built). */
    PT_ENSURE_OUT(n_suites > 0, PT_ERR_NOALERT(RUSTLS_RESULT_GENERAL));

    write_extensions(c, hs, &ext);
    PT_CHECK(pt_w_finish(&ext));

    static const uint8_t null_compression[] = {0};
    pt_client_hello ch;
    memset(&ch, 0, sizeof(ch));
    /* RFC 8446 4.1.2: legacy_version MUST be 0x0303; legacy_compression_methods exactly {0}. */
    ch.legacy_version = PT_VERSION_TLS12;
    ch.random = pt_slice_of(hs->random, sizeof(hs->random));
    /* RFC 8446 D.4: a non-empty legacy_session_id puts us in middlebox compatibility mode. */
    ch.session_id = pt_slice_of(hs->session_id, sizeof(hs->session_id));
    ch.cipher_suites.raw = pt_slice_of(suites, 2 * n_suites);
    ch.cipher_suites.count = n_suites;
    ch.compression_methods = pt_slice_of(null_compression, 1);
    ch.has_extensions = true;
    pt_ext_block_init(&ch.ext);
    ch.ext.raw = pt_w_slice(&ext);

    pt_wvec v = pt_hs_open(&msg, PT_HS_CLIENT_HELLO);
    pt_client_hello_encode(&msg, &ch, NULL, NULL);
    pt_w_close_vec(&msg, v);
    PT_CHECK(pt_w_finish(&msg));

    pt_slice raw = pt_w_slice(&msg);
    PT_CHECK(pt_transcript_add(&hs->base.transcript, raw.p, raw.len));
    if (!hs->hrr_seen) {
        hs->ch1_len = raw.len;
    }
    /* RFC 8446 5.1: legacy_record_version is 0x0303 except for an initial ClientHello, where it
     * MAY be 0x0301 for compatibility; rustls uses 0x0301 there, and so do we. */
    if (!hs->hrr_seen) {
        c->frag.record_version = PT_RECORD_VERSION_TLS10;
    }
    err = pt_conn_send_hs(c, raw);
    c->frag.record_version = PT_RECORD_VERSION_TLS12;
    PT_CHECK(err);
out:
    pt_writer_free(&ext);
    pt_writer_free(&msg);
    return err;
}

/* see client.h */
pt_err pt_client_start(pt_conn *c, const char *server_name, const pt_alpn_protos *alpn)
{
    pt_err err = PT_OK;
    const struct rustls_client_config *cfg = c->client_config;
    size_t name_len = strlen(server_name);

    PT_ENSURE(cfg != NULL && c->hs == NULL, PT_ERR_INTERNAL);
    /* Only TLS 1.3 is implemented so far: a config without it cannot make a connection. */
    PT_ENSURE((cfg->versions & PT_CFG_TLS13) != 0, PT_ERR_NOALERT(RUSTLS_RESULT_GENERAL));
    enum pt_sni_kind kind = pt_sni_classify(pt_slice_of(server_name, name_len));
    PT_ENSURE(kind != PT_SNI_INVALID && name_len <= PT_C13_SERVER_NAME_MAX,
              PT_ERR_NOALERT(RUSTLS_RESULT_INVALID_DNS_NAME_ERROR));
    PT_ENSURE(c->tables->groups[0] != NULL, PT_ERR_NOALERT(RUSTLS_RESULT_GENERAL));

    pt_client13_hs *hs = calloc(1, sizeof(*hs));
    PT_ENSURE(hs != NULL, PT_ERR_INTERNAL);
    pt_transcript_init(&hs->base.transcript);
    /* From here on the block belongs to the connection: pt_conn_free releases it on failure. */
    c->hs = &hs->base;
    c->role = &pt_client13_role;
    c->state = PT_C13_EXPECT_SERVER_HELLO_OR_HRR;

    memcpy(hs->server_name, server_name, name_len + 1);
    /* RFC 6066 3: "Literal IPv4 and IPv6 addresses are not permitted in "HostName"". */
    hs->send_sni = cfg->enable_sni && kind == PT_SNI_DNS_NAME;
    PT_CHECK(alpn_copy(&hs->alpn, alpn));
    PT_CHECK(c->tables->random(hs->random, sizeof(hs->random)));
    memcpy(c->client_random, hs->random, sizeof(hs->random));
    PT_CHECK(c->tables->random(hs->session_id, sizeof(hs->session_id)));

    /* One key share, for the provider's first group (rustls: no kx hint without resumption). */
    hs->kx = c->tables->groups[0];
    PT_CHECK(hs->kx->keygen(hs->kx_ctx, hs->kx_pub));
    hs->kx_live = true;

    PT_CHECK(pt_client13_send_hello(c, hs));
out:
    return err;
}
