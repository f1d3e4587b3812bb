/*
 * certified_key.c - rustls_certificate, rustls_signing_key and rustls_certified_key.
 *
 * A certified key is a certificate chain (owned DER copies, leaf first), a signing key and an
 * optional OCSP response.  It never changes after it is built, so it can be shared between
 * configs and threads with only an atomic reference count (DESIGN.md section 5).  The signing
 * key is reference counted too, so that rustls_certified_key_clone_with_ocsp shares it instead
 * of needing a way to copy a libcrypto key.
 */
#include <stdlib.h>
#include <string.h>

#include "api/certified_key.h"
#include "api/crypto_provider.h"
#include "base/compiler.h"
#include "base/refcount.h"

struct rustls_signing_key {
    pt_refcount refs;
    const pt_sig_ops *sig;
    pt_signing_key *key;
};

struct rustls_certified_key {
    pt_refcount refs;
    struct rustls_certificate *chain; /* chain_len entries, each owning its malloc'd DER */
    size_t chain_len;
    struct rustls_signing_key *key;   /* one reference held */
    uint8_t *ocsp;                    /* NULL when there is none */
    size_t ocsp_len;
};

/* ---------------------------------------------------------------- signing keys */

/*
 * rustls-ffi parses keys with PrivateKeyDer::from_pem_slice, which only reads PEM; the provider
 * would also take DER, so refuse input that has no PEM boundary at all to keep the two alike.
 */
static bool looks_like_pem(pt_slice s)
{
    static const char begin[] = "-----BEGIN ";
    size_t n = sizeof(begin) - 1;
    for (size_t i = 0; i + n <= s.len; i++) {
        if (memcmp(s.p + i, begin, n) == 0) {
            return true;
        }
    }
    return false;
}

pt_err pt_signing_key_load(const pt_sig_ops *sig, pt_slice pem, struct rustls_signing_key **out)
{
    PT_ENSURE(looks_like_pem(pem), PT_ERR_NOALERT(RUSTLS_RESULT_PRIVATE_KEY_PARSE_ERROR));
    struct rustls_signing_key *k = calloc(1, sizeof(*k));
    PT_ENSURE(k != NULL, PT_ERR_INTERNAL);
    pt_err e = sig->key_load(pem, &k->key);
    if (pt_failed(e)) {
        free(k);
        return e;
    }
    pt_refcount_init(&k->refs);
    k->sig = sig;
    *out = k;
    return PT_OK;
}

static void signing_key_release(struct rustls_signing_key *k)
{
    if (k != NULL && pt_refcount_dec(&k->refs)) {
        k->sig->key_free(k->key); /* the provider wipes the private key */
        free(k);
    }
}

PT_EXPORT void rustls_signing_key_free(struct rustls_signing_key *signing_key)
{
    signing_key_release(signing_key);
}

/* ---------------------------------------------------------------- certificates */

PT_EXPORT rustls_result rustls_certificate_get_der(const struct rustls_certificate *cert, const uint8_t **out_der_data,
                                                   size_t *out_der_len)
{
    if (cert == NULL || out_der_data == NULL || out_der_len == NULL) {
        return RUSTLS_RESULT_NULL_PARAMETER;
    }
    *out_der_data = cert->der.p;
    *out_der_len = cert->der.len;
    return RUSTLS_RESULT_OK;
}

/* ---------------------------------------------------------------- certified keys */

static void free_chain(struct rustls_certificate *chain, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free((void *)chain[i].der.p);
    }
    free(chain);
}

static void certified_key_destroy(struct rustls_certified_key *ck)
{
    free_chain(ck->chain, ck->chain_len);
    signing_key_release(ck->key);
    free(ck->ocsp);
    free(ck);
}

typedef struct chain_collect {
    struct rustls_certificate *certs;
    size_t n, cap;
    bool oom;
} chain_collect;

static void collect_cert(void *arg, pt_slice der)
{
    chain_collect *c = arg;
    if (c->oom) {
        return;
    }
    if (c->n == c->cap) {
        size_t cap = c->cap == 0 ? 4 : c->cap * 2;
        struct rustls_certificate *p = realloc(c->certs, cap * sizeof(*p));
        if (p == NULL) {
            c->oom = true;
            return;
        }
        c->certs = p;
        c->cap = cap;
    }
    uint8_t *copy = malloc(der.len == 0 ? 1 : der.len);
    if (copy == NULL) {
        c->oom = true;
        return;
    }
    memcpy(copy, der.p, der.len);
    c->certs[c->n++].der = pt_slice_of(copy, der.len);
}

/* Copy every certificate of a PEM buffer, leaf first.  An unreadable PEM certificate fails. */
static pt_err parse_chain(pt_slice pem, struct rustls_certificate **out, size_t *out_len)
{
    chain_collect c = {NULL, 0, 0, false};
    size_t count = 0;
    pt_err e = pt_default_provider()->x509->pem_certs(pem, collect_cert, &c, &count);
    if (pt_ok(e) && c.oom) {
        e = PT_ERR_INTERNAL;
    }
    if (pt_failed(e)) {
        free_chain(c.certs, c.n);
        /* rustls-ffi reports any PEM failure of the chain as a certificate parse error. */
        return pt_err_result(e) == RUSTLS_RESULT_GENERAL ? e : PT_ERR_NOALERT(RUSTLS_RESULT_CERTIFICATE_PARSE_ERROR);
    }
    *out = c.certs;
    *out_len = c.n;
    return PT_OK;
}

PT_EXPORT rustls_result rustls_certified_key_build_with_signing_key(const uint8_t *cert_chain, size_t cert_chain_len,
                                                                    struct rustls_signing_key *signing_key,
                                                                    const struct rustls_certified_key **certified_key_out)
{
    if (cert_chain == NULL || signing_key == NULL) {
        return RUSTLS_RESULT_NULL_PARAMETER;
    }
    /*
     * From here on the key is ours whatever happens, as in rustls-ffi (which moves the key out
     * of its box before checking the remaining arguments): failures release it.
     */
    if (certified_key_out == NULL) {
        signing_key_release(signing_key);
        return RUSTLS_RESULT_NULL_PARAMETER;
    }
    struct rustls_certified_key *ck = calloc(1, sizeof(*ck));
    if (ck == NULL) {
        signing_key_release(signing_key);
        return RUSTLS_RESULT_GENERAL;
    }
    pt_err e = parse_chain(pt_slice_of(cert_chain, cert_chain_len), &ck->chain, &ck->chain_len);
    if (pt_failed(e)) {
        free(ck);
        signing_key_release(signing_key);
        return pt_err_result(e);
    }
    pt_refcount_init(&ck->refs);
    ck->key = signing_key;
    *certified_key_out = ck;
    return RUSTLS_RESULT_OK;
}

PT_EXPORT rustls_result rustls_certified_key_build(const uint8_t *cert_chain, size_t cert_chain_len,
                                                   const uint8_t *private_key, size_t private_key_len,
                                                   const struct rustls_certified_key **certified_key_out)
{
    if (cert_chain == NULL || private_key == NULL || certified_key_out == NULL) {
        return RUSTLS_RESULT_NULL_PARAMETER;
    }
    struct rustls_signing_key *key = NULL;
    /* rustls-ffi loads the key with the process-default provider (installing it if need be). */
    const pt_provider *prov = pt_crypto_provider_tables(pt_crypto_provider_process_default());
    pt_err e = pt_signing_key_load(prov->sig, pt_slice_of(private_key, private_key_len), &key);
    if (pt_failed(e)) {
        return pt_err_result(e);
    }
    return rustls_certified_key_build_with_signing_key(cert_chain, cert_chain_len, key, certified_key_out);
}

PT_EXPORT const struct rustls_certificate *
rustls_certified_key_get_certificate(const struct rustls_certified_key *certified_key, size_t i)
{
    if (certified_key == NULL || i >= certified_key->chain_len) {
        return NULL;
    }
    return &certified_key->chain[i];
}

PT_EXPORT rustls_result rustls_certified_key_clone_with_ocsp(const struct rustls_certified_key *certified_key,
                                                             const struct rustls_slice_bytes *ocsp_response,
                                                             const struct rustls_certified_key **cloned_key_out)
{
    if (certified_key == NULL || cloned_key_out == NULL || (ocsp_response != NULL && ocsp_response->data == NULL)) {
        return RUSTLS_RESULT_NULL_PARAMETER;
    }
    rustls_result r = RUSTLS_RESULT_GENERAL;
    struct rustls_certified_key *ck = calloc(1, sizeof(*ck));
    if (ck == NULL) {
        goto out;
    }
    /* The clone is independent of the original: its own chain copies, a shared immutable key. */
    if (certified_key->chain_len > 0) {
        ck->chain = calloc(certified_key->chain_len, sizeof(*ck->chain));
        if (ck->chain == NULL) {
            goto out;
        }
    }
    for (; ck->chain_len < certified_key->chain_len; ck->chain_len++) {
        pt_slice der = certified_key->chain[ck->chain_len].der;
        uint8_t *copy = malloc(der.len == 0 ? 1 : der.len);
        if (copy == NULL) {
            goto out;
        }
        memcpy(copy, der.p, der.len);
        ck->chain[ck->chain_len].der = pt_slice_of(copy, der.len);
    }
    if (ocsp_response != NULL) {
        ck->ocsp = malloc(ocsp_response->len == 0 ? 1 : ocsp_response->len);
        if (ck->ocsp == NULL) {
            goto out;
        }
        memcpy(ck->ocsp, ocsp_response->data, ocsp_response->len);
        ck->ocsp_len = ocsp_response->len;
    }
    pt_refcount_inc(&certified_key->key->refs);
    ck->key = certified_key->key;
    pt_refcount_init(&ck->refs);
    *cloned_key_out = ck;
    ck = NULL;
    r = RUSTLS_RESULT_OK;
out:
    if (ck != NULL) {
        certified_key_destroy(ck);
    }
    return r;
}

PT_EXPORT rustls_result rustls_certified_key_keys_match(const struct rustls_certified_key *key)
{
    if (key == NULL) {
        return RUSTLS_RESULT_NULL_PARAMETER;
    }
    /* rustls's CertifiedKey::keys_match: no end-entity certificate is NoCertificatesPresented. */
    if (key->chain_len == 0) {
        return RUSTLS_RESULT_NO_CERTIFICATES_PRESENTED;
    }
    const pt_sig_ops *sig = key->key->sig;
    if (sig->key_type(key->key->key) == PT_KEY_UNKNOWN) {
        return RUSTLS_RESULT_INCONSISTENT_KEYS_UNKNOWN; /* no public key to compare */
    }
    pt_slice spki;
    pt_err e = pt_default_provider()->x509->cert_spki(key->chain[0].der, &spki);
    if (pt_failed(e)) {
        return pt_err_result(e); /* the leaf does not parse: CERT_ENCODING_BAD as in rustls */
    }
    return sig->key_matches_cert(key->key->key, key->chain[0].der) ? (rustls_result)RUSTLS_RESULT_OK
                                                                    : (rustls_result)RUSTLS_RESULT_INCONSISTENT_KEYS_KEYS_MISMATCH;
}

PT_EXPORT void rustls_certified_key_free(const struct rustls_certified_key *key)
{
    /* The count is the only thing that changes in a shared, otherwise immutable object. */
    struct rustls_certified_key *ck = (struct rustls_certified_key *)key;
    if (ck != NULL && pt_refcount_dec(&ck->refs)) {
        certified_key_destroy(ck);
    }
}

/* ---------------------------------------------------------------- internal accessors */

const struct rustls_certified_key *pt_certified_key_ref(const struct rustls_certified_key *ck)
{
    pt_refcount_inc(&((struct rustls_certified_key *)ck)->refs);
    return ck;
}

size_t pt_certified_key_chain_len(const struct rustls_certified_key *ck)
{
    return ck->chain_len;
}

pt_slice pt_certified_key_cert(const struct rustls_certified_key *ck, size_t i)
{
    return i < ck->chain_len ? ck->chain[i].der : PT_SLICE_EMPTY;
}

const pt_signing_key *pt_certified_key_signing_key(const struct rustls_certified_key *ck)
{
    return ck->key->key;
}

const pt_sig_ops *pt_certified_key_sig_ops(const struct rustls_certified_key *ck)
{
    return ck->key->sig;
}

static bool has_u16(const uint16_t *v, size_t n, uint16_t x)
{
    for (size_t i = 0; i < n; i++) {
        if (v[i] == x) {
            return true;
        }
    }
    return false;
}

bool pt_certified_key_scheme(const struct rustls_certified_key *ck, const uint16_t *offered, size_t n,
                             const uint16_t *prefs, size_t n_prefs, bool (*allowed)(uint16_t scheme), uint16_t *out)
{
    if (ck->key == NULL || ck->key->sig == NULL || ck->key->key == NULL) {
        return false;
    }
    const pt_sig_ops *sig = ck->key->sig;
    uint16_t mine[PT_SIG_SCHEMES_MAX];
    size_t k = sig->key_schemes(ck->key->key, mine, PT_SIG_SCHEMES_MAX);
    /* With preferences, they give the order and the key only says what it can do. */
    const uint16_t *order = n_prefs > 0 ? prefs : mine;
    size_t n_order = n_prefs > 0 ? n_prefs : k;
    for (size_t i = 0; i < n_order; i++) {
        uint16_t s = order[i];
        if (has_u16(mine, k, s) && has_u16(offered, n, s) && (allowed == NULL || allowed(s))) {
            *out = s;
            return true;
        }
    }
    return false;
}

pt_slice pt_certified_key_ocsp(const struct rustls_certified_key *ck)
{
    return ck->ocsp == NULL ? PT_SLICE_EMPTY : pt_slice_of(ck->ocsp, ck->ocsp_len);
}
