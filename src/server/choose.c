/*
 * choose.c - a TLS 1.3 server's choices from a ClientHello (see choose.h).
 */
#include "server/choose.h"

#include <stdlib.h>
#include <string.h>

#include "api/certified_key.h"
#include "msgs/extensions.h"

#define PEER_INCOMPATIBLE(alert) PT_ERR(alert, RUSTLS_RESULT_PEER_INCOMPATIBLE_ERROR)

pt_err pt_server_check_version(const pt_client_hello *ch, unsigned versions)
{
    bool tls13_enabled = (versions & PT_CFG_TLS13) != 0;
    pt_slice body;
    if (pt_ext_get(&ch->ext, PT_EXT_SUPPORTED_VERSIONS, &body)) {
        pt_u16_list list;
        PT_TRY(pt_ext_supported_versions_ch_decode(body, &list));
        /* RFC 8446 4.2.1: with supported_versions present, legacy_version is ignored and the
         * version comes from the list only. */
        if (tls13_enabled && pt_u16_list_has(&list, PT_VERSION_TLS13)) {
            return PT_OK;
        }
        return PEER_INCOMPATIBLE(PROTOCOL_VERSION); /* rustls Tls12NotOfferedOrEnabled */
    }
    if (ch->legacy_version < PT_VERSION_TLS12) {
        return PEER_INCOMPATIBLE(PROTOCOL_VERSION); /* rustls Tls12NotOffered */
    }
    /* A TLS 1.2 client: refused until TLS 1.2 is implemented (rustls with TLS 1.2 disabled:
     * SupportedVersionsExtensionRequired). */
    return PEER_INCOMPATIBLE(PROTOCOL_VERSION);
}

pt_err pt_server_choose_group(const pt_provider *p, const pt_client_hello *ch, const pt_kx_group **out)
{
    pt_slice body;
    pt_u16_list groups = {PT_SLICE_EMPTY, 0};
    if (pt_ext_get(&ch->ext, PT_EXT_SUPPORTED_GROUPS, &body)) {
        PT_TRY(pt_ext_supported_groups_decode(body, &groups));
    }
    pt_key_share_list shares = {PT_SLICE_EMPTY, 0};
    if (pt_ext_get(&ch->ext, PT_EXT_KEY_SHARE, &body) && pt_failed(pt_ext_key_share_ch_decode(body, &shares))) {
        shares.count = 0;
    }
    const pt_kx_group *first = NULL;
    for (const pt_kx_group *const *g = p->groups; *g != NULL; g++) {
        if (!pt_u16_list_has(&groups, (*g)->id)) {
            continue;
        }
        if (first == NULL) {
            first = *g;
        }
        pt_key_share_iter it;
        pt_key_share ks;
        pt_key_share_iter_init(&it, &shares);
        while (shares.count > 0 && pt_key_share_iter_next(&it, &ks)) {
            if (ks.group == (*g)->id) {
                *out = *g;
                return PT_OK;
            }
        }
    }
    if (first != NULL) {
        *out = first;
        return PT_OK;
    }
    return PEER_INCOMPATIBLE(HANDSHAKE_FAILURE); /* rustls NoKxGroupsInCommon */
}

pt_err pt_server_choose_suite13(const pt_provider *p, const pt_client_hello *ch, bool server_order,
                                const pt_suite **out)
{
    if (server_order) {
        for (const pt_suite *const *s = p->suites; *s != NULL; s++) {
            if ((*s)->version == PT_VERSION_TLS13 && pt_client_hello_offers_suite(ch, (*s)->id)) {
                *out = *s;
                return PT_OK;
            }
        }
    } else {
        for (size_t i = 0; i < ch->cipher_suites.count; i++) {
            const pt_suite *suite = pt_provider_find_suite(p, pt_u16_list_at(&ch->cipher_suites, i));
            if (suite != NULL && suite->version == PT_VERSION_TLS13) {
                *out = suite;
                return PT_OK;
            }
        }
    }
    return PEER_INCOMPATIBLE(HANDSHAKE_FAILURE); /* rustls NoCipherSuitesInCommon */
}

pt_err pt_server_choose_alpn(const pt_alpn_protos *ours, const pt_client_hello *ch, pt_slice *out)
{
    *out = PT_SLICE_EMPTY;
    pt_slice body;
    if (!pt_ext_get(&ch->ext, PT_EXT_ALPN, &body)) {
        return PT_OK; /* RFC 7301 3.1: no ALPN offered, none negotiated */
    }
    pt_alpn_list theirs;
    PT_TRY(pt_ext_alpn_decode(body, &theirs));
    for (size_t i = 0; i < ours->n; i++) {
        pt_alpn_iter it;
        pt_slice proto;
        pt_alpn_iter_init(&it, &theirs);
        while (pt_alpn_iter_next(&it, &proto)) {
            if (proto.len == ours->items[i].len && memcmp(proto.p, ours->items[i].p, proto.len) == 0) {
                *out = ours->items[i];
                return PT_OK;
            }
        }
    }
    if (ours->n > 0) {
        return PT_ERR(NO_APPLICATION_PROTOCOL, RUSTLS_RESULT_NO_APPLICATION_PROTOCOL);
    }
    return PT_OK;
}

bool pt_sig_scheme_tls13_ok(uint16_t scheme)
{
    switch (scheme) {
    case 0x0403: /* ecdsa_secp256r1_sha256 */
    case 0x0503: /* ecdsa_secp384r1_sha384 */
    case 0x0603: /* ecdsa_secp521r1_sha512 */
    case 0x0804: /* rsa_pss_rsae_sha256 */
    case 0x0805: /* rsa_pss_rsae_sha384 */
    case 0x0806: /* rsa_pss_rsae_sha512 */
    case 0x0807: /* ed25519 */
    case 0x0808: /* ed448 */
        return true;
    default:
        return false;
    }
}

bool pt_server_key_scheme(const struct rustls_certified_key *ck, const uint16_t *offered, size_t n, bool tls13,
                          const pt_sig_prefs *prefs, uint16_t *out)
{
    return pt_certified_key_scheme(ck, offered, n, prefs != NULL ? prefs->v : NULL, prefs != NULL ? prefs->n : 0,
                                   tls13 ? pt_sig_scheme_tls13_ok : NULL, out);
}

const struct rustls_certified_key *pt_server_pick_key(const pt_x509_ops *x509,
                                                      const struct rustls_certified_key *const *keys, size_t n_keys,
                                                      const char *sni, const uint16_t *offered, size_t n_offered,
                                                      const pt_sig_prefs *prefs)
{
    uint16_t scheme;
    /*
     * The name match parses the certificate, a cost on every handshake; with one key its answer
     * cannot change the choice (the passes below return that key whenever it fits), so skip it.
     */
    if (n_keys > 1 && sni != NULL && sni[0] != '\0' && x509 != NULL && x509->cert_matches_name != NULL) {
        for (size_t i = 0; i < n_keys; i++) {
            if (pt_certified_key_chain_len(keys[i]) > 0 &&
                x509->cert_matches_name(pt_certified_key_cert(keys[i], 0), sni) &&
                pt_server_key_scheme(keys[i], offered, n_offered, true, prefs, &scheme)) {
                return keys[i];
            }
        }
    }
    for (size_t i = 0; i < n_keys; i++) {
        if (pt_server_key_scheme(keys[i], offered, n_offered, true, prefs, &scheme)) {
            return keys[i];
        }
    }
    for (size_t i = 0; i < n_keys; i++) {
        if (pt_server_key_scheme(keys[i], offered, n_offered, false, prefs, &scheme)) {
            return keys[i];
        }
    }
    if (prefs != NULL && prefs->n > 0) {
        /* Only our own preferences rule every key out: the handshake then fails where a key
         * without a usable scheme always fails, with handshake_failure (no scheme in common),
         * rather than as if no certificate existed. */
        return pt_server_pick_key(x509, keys, n_keys, sni, offered, n_offered, NULL);
    }
    return NULL;
}

/* rustls's SignatureScheme::algorithm(), as far as TLS 1.2 suites care. */
static pt_suite_auth scheme_auth(uint16_t scheme)
{
    uint8_t hi = (uint8_t)(scheme >> 8), lo = (uint8_t)scheme;
    if (lo == 0x03 && hi >= 0x02 && hi <= 0x06) {
        return PT_AUTH_ECDSA; /* ecdsa_sha1, ecdsa_secp256r1_sha256 .. secp521r1_sha512 */
    }
    if (scheme == PT_SIG_ED25519) {
        return PT_AUTH_ECDSA; /* rustls's TLS 1.2 ECDSA suites also sign with Ed25519 */
    }
    bool pkcs1 = lo == 0x01 && hi >= 0x02 && hi <= 0x06;
    bool pss = hi == 0x08 && ((lo >= 0x04 && lo <= 0x06) || (lo >= 0x09 && lo <= 0x0b));
    if (pkcs1 || pss) {
        return PT_AUTH_RSA; /* rsa_pkcs1_*, rsa_pss_rsae_*, rsa_pss_pss_* */
    }
    return PT_AUTH_ANY; /* another algorithm: no TLS 1.2 suite signs with it */
}

size_t pt_server_compatible_schemes(const pt_provider *p, const pt_client_hello *ch, uint16_t *schemes, size_t n)
{
    bool any13 = false, ecdsa12 = false, rsa12 = false;
    for (const pt_suite *const *s = p->suites; *s != NULL; s++) {
        if (!pt_client_hello_offers_suite(ch, (*s)->id)) {
            continue;
        }
        any13 |= (*s)->version == PT_VERSION_TLS13;
        ecdsa12 |= (*s)->version != PT_VERSION_TLS13 && (*s)->auth == PT_AUTH_ECDSA;
        rsa12 |= (*s)->version != PT_VERSION_TLS13 && (*s)->auth == PT_AUTH_RSA;
    }
    if (any13) {
        return n;
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        pt_suite_auth a = scheme_auth(schemes[i]);
        if ((a == PT_AUTH_ECDSA && ecdsa12) || (a == PT_AUTH_RSA && rsa12)) {
            schemes[k++] = schemes[i];
        }
    }
    return k;
}

pt_err pt_u16_list_to_array(const pt_u16_list *l, uint16_t **out)
{
    *out = NULL;
    if (l->count == 0) {
        return PT_OK;
    }
    uint16_t *a = malloc(l->count * sizeof *a);
    if (a == NULL) {
        return PT_ERR_INTERNAL;
    }
    for (size_t i = 0; i < l->count; i++) {
        a[i] = pt_u16_list_at(l, i);
    }
    *out = a;
    return PT_OK;
}
