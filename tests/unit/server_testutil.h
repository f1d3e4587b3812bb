/*
 * server_testutil.h - hand-made ClientHellos for the server tests, built with the codecs'
 * encoders (pt_client_hello_encode and the pt_ext_*_encode functions).
 *
 * A ch_spec starts from a typical TLS 1.3 ClientHello (what rustls sends: the three TLS 1.3
 * suites, supported_versions {1.3}, groups {x25519, secp256r1, secp384r1}, an x25519 share,
 * rustls's signature schemes) and each field overrides one part; the omit_* flags leave an
 * extension out.  Key shares are real public keys made with the provider (their private halves
 * are kept in the ch_built, so a test can finish the key exchange).
 */
#ifndef PT_TEST_SERVER_TESTUTIL_H
#define PT_TEST_SERVER_TESTUTIL_H

#include <stdlib.h>
#include <string.h>

#include "msgs/client_hello.h"
#include "msgs/extensions.h"
#include "provider/provider.h"
#include "testlib/pttest.h"

#define CH_MAX_SHARES 4

typedef struct ch_spec {
    uint16_t legacy_version;            /* 0: 0x0303 */
    const uint16_t *suites;             /* NULL: TLS13_AES_128_GCM, AES_256_GCM, CHACHA20 */
    size_t n_suites;
    const uint8_t *compression;         /* NULL: {0} */
    size_t n_compression;
    const uint16_t *versions;           /* NULL: {0x0304} */
    size_t n_versions;
    const uint16_t *groups;             /* NULL: {x25519, secp256r1, secp384r1} */
    size_t n_groups;
    const uint16_t *share_groups;       /* NULL: {x25519}; each gets a real key share */
    size_t n_shares;
    const uint16_t *schemes;            /* NULL: rustls's default verify schemes */
    size_t n_schemes;
    const char *sni;                    /* NULL: no server_name */
    const char *const *alpn;            /* NULL: no ALPN */
    size_t n_alpn;
    bool status_request;
    bool early_data;
    bool omit_versions, omit_groups, omit_key_share, omit_sig_algs;
    uint8_t session_id_len;             /* 0..32 */
    uint8_t random_fill;                /* the random's bytes */
} ch_spec;

typedef struct ch_built {
    uint8_t *msg; /* whole handshake message (header included), malloc'd */
    size_t len;
    size_t n_kx;
    const pt_kx_group *kx_group[CH_MAX_SHARES];
    PT_CTX_ALIGN uint8_t kx_ctx[CH_MAX_SHARES][PT_KX_CTX_MAX];
} ch_built;

static const uint16_t ch_default_suites[] = {0x1301, 0x1302, 0x1303};
static const uint16_t ch_default_versions[] = {PT_VERSION_TLS13};
static const uint16_t ch_default_groups[] = {PT_GROUP_X25519, PT_GROUP_SECP256R1, PT_GROUP_SECP384R1};
static const uint16_t ch_default_shares[] = {PT_GROUP_X25519};
static const uint16_t ch_default_schemes[] = {0x0503, 0x0403, 0x0807, 0x0806, 0x0805, 0x0804, 0x0601, 0x0501, 0x0401};
static const uint8_t ch_null_compression[] = {0};

/* Build the ClientHello `s` into `out` (free with ch_free). */
static inline void ch_build(const ch_spec *s, ch_built *out)
{
    const pt_provider *p = pt_default_provider();
    memset(out, 0, sizeof *out);
    pt_writer ew, w;
    pt_writer_init_growable(&ew, 512, 1 << 16);
    if (s->sni != NULL) {
        pt_ext_server_name_encode(&ew, pt_slice_of(s->sni, strlen(s->sni)));
    }
    if (!s->omit_versions) {
        pt_ext_supported_versions_ch_encode(&ew, s->versions ? s->versions : ch_default_versions,
                                            s->versions ? s->n_versions : 1);
    }
    if (!s->omit_groups) {
        pt_ext_supported_groups_encode(&ew, s->groups ? s->groups : ch_default_groups, s->groups ? s->n_groups : 3);
    }
    if (!s->omit_sig_algs) {
        const uint16_t *schemes = s->schemes ? s->schemes : ch_default_schemes;
        size_t n_schemes = s->schemes ? s->n_schemes : PT_ARRAY_LEN(ch_default_schemes);
        pt_ext_signature_algorithms_encode(&ew, PT_EXT_SIGNATURE_ALGORITHMS, schemes, n_schemes);
    }
    if (s->n_alpn > 0) {
        pt_slice protos[8];
        ck_assert_uint_le(s->n_alpn, 8);
        for (size_t i = 0; i < s->n_alpn; i++) {
            protos[i] = pt_slice_of(s->alpn[i], strlen(s->alpn[i]));
        }
        pt_ext_alpn_encode(&ew, protos, s->n_alpn);
    }
    if (s->status_request) {
        pt_ext_status_request_ocsp_encode(&ew);
    }
    if (s->early_data) {
        pt_ext_encode_empty(&ew, PT_EXT_EARLY_DATA);
    }
    if (!s->omit_key_share) {
        const uint16_t *sg = s->share_groups ? s->share_groups : ch_default_shares;
        size_t n = s->share_groups ? s->n_shares : 1;
        pt_key_share shares[CH_MAX_SHARES];
        uint8_t pubs[CH_MAX_SHARES][PT_KX_PUB_MAX];
        ck_assert_uint_le(n, CH_MAX_SHARES);
        for (size_t i = 0; i < n; i++) {
            const pt_kx_group *g = pt_provider_find_group(p, sg[i]);
            ck_assert_ptr_nonnull(g);
            ck_assert_pt_ok(g->keygen(out->kx_ctx[i], pubs[i]));
            out->kx_group[i] = g;
            shares[i].group = sg[i];
            shares[i].key_exchange = pt_slice_of(pubs[i], g->pub_len);
        }
        out->n_kx = n;
        pt_ext_key_share_ch_encode(&ew, shares, n);
    }
    ck_assert_pt_ok(pt_w_finish(&ew));

    uint8_t random[32], sid[32];
    memset(random, s->random_fill, sizeof random);
    memset(sid, 0x5a, sizeof sid);
    pt_client_hello ch;
    memset(&ch, 0, sizeof ch);
    ch.legacy_version = s->legacy_version ? s->legacy_version : PT_VERSION_TLS12;
    ch.random = pt_slice_of(random, 32);
    ch.session_id = pt_slice_of(sid, s->session_id_len);
    const uint16_t *suites = s->suites ? s->suites : ch_default_suites;
    size_t n_suites = s->suites ? s->n_suites : 3;
    uint8_t suite_bytes[64];
    ck_assert_uint_le(n_suites, 32);
    for (size_t i = 0; i < n_suites; i++) {
        suite_bytes[2 * i] = (uint8_t)(suites[i] >> 8);
        suite_bytes[2 * i + 1] = (uint8_t)suites[i];
    }
    ch.cipher_suites.raw = pt_slice_of(suite_bytes, 2 * n_suites);
    ch.cipher_suites.count = n_suites;
    ch.compression_methods = s->compression ? pt_slice_of(s->compression, s->n_compression)
                                            : pt_slice_of(ch_null_compression, 1);
    ch.has_extensions = true;
    ch.ext.raw = pt_w_slice(&ew);
    pt_writer_init_growable(&w, 512, 1 << 17);
    pt_wvec v = pt_hs_open(&w, PT_HS_CLIENT_HELLO);
    pt_client_hello_encode(&w, &ch, NULL, NULL);
    pt_w_close_vec(&w, v);
    ck_assert_pt_ok(pt_w_finish(&w));
    out->len = w.off;
    out->msg = malloc(w.off);
    ck_assert_ptr_nonnull(out->msg);
    memcpy(out->msg, w.base, w.off);
    pt_writer_free(&w);
    pt_writer_free(&ew);
}

/* The ClientHello body (after the 4-byte header). */
static inline pt_slice ch_body(const ch_built *b)
{
    return pt_slice_of(b->msg + 4, b->len - 4);
}

static inline void ch_free(ch_built *b)
{
    for (size_t i = 0; i < b->n_kx; i++) {
        b->kx_group[i]->cleanup(b->kx_ctx[i]);
    }
    free(b->msg);
    memset(b, 0, sizeof *b);
}

#endif
