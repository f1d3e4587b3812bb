/*
 * verifier.c - the WebPKI server and client certificate verifiers and their builders.
 *
 * A verifier is a root store, a crypto provider, an optional CRL set and a revocation policy;
 * verification itself is the provider's RFC 5280 path validation (x509->verify_chain).  The
 * builders follow rustls-ffi: settings can be changed until build, build spends the builder
 * (ALREADY_USED afterwards) and the builder must still be freed.  Verifiers are immutable and
 * reference counted so configs can share them.
 *
 * patina_client_cert_verifier_new_dangerous makes a client verifier of a third kind: no roots,
 * no path validation, only the application's callback (the server-side twin of rustls-ffi's
 * rustls_client_config_builder_dangerous_set_certificate_verifier).
 */
#include <stdlib.h>

#include "api/crypto_provider.h"
#include "api/root_store.h"
#include "api/slices.h"
#include "api/verifier.h"
#include "base/compiler.h"
#include "base/refcount.h"
#include "patina.h"
#include "provider/provider.h"

/* What both verifiers and both builders hold. */
typedef struct verifier_core {
    const struct rustls_crypto_provider *provider; /* one reference */
    const struct rustls_root_cert_store *roots;    /* one reference */
    pt_crl_set *crls;                              /* owned; NULL when no CRL was added */
    unsigned revocation_flags;                     /* PT_REVOCATION_* */
} verifier_core;

struct rustls_server_cert_verifier {
    pt_refcount refs;
    verifier_core core;
};

struct rustls_client_cert_verifier {
    pt_refcount refs;
    verifier_core core;                          /* all NULL for a callback verifier */
    patina_verify_client_cert_callback callback; /* NULL for the WebPKI verifier */
    bool allow_unauthenticated;
    const struct rustls_root_cert_store *hints; /* one reference, or NULL when cleared */
};

struct rustls_web_pki_server_cert_verifier_builder {
    bool built;
    verifier_core core;
};

struct rustls_web_pki_client_cert_verifier_builder {
    bool built;
    verifier_core core;
    bool allow_unauthenticated;
    const struct rustls_root_cert_store *hints;
};

static const pt_x509_ops *x509_of(const verifier_core *c)
{
    return pt_crypto_provider_tables(c->provider)->x509;
}

static void core_init(verifier_core *c, const struct rustls_crypto_provider *provider,
                      const struct rustls_root_cert_store *roots)
{
    c->provider = pt_crypto_provider_ref(provider);
    c->roots = pt_root_cert_store_ref(roots);
    c->crls = NULL;
    c->revocation_flags = 0; /* rustls's defaults: whole chain, unknown status denied, expiry ignored */
}

static void core_release(verifier_core *c)
{
    if (c->provider != NULL) {
        if (c->crls != NULL) {
            x509_of(c)->crls_free(c->crls);
        }
        rustls_crypto_provider_free(c->provider);
    }
    rustls_root_cert_store_free(c->roots);
    c->provider = NULL;
    c->roots = NULL;
    c->crls = NULL;
}

/*
 * rustls-ffi's add_crl: every CRL in the PEM buffer, none at all being an error.  patina parses
 * them here rather than at build, so a bad CRL is reported by the call that added it.
 */
static rustls_result core_add_crl(verifier_core *c, const uint8_t *pem, size_t len)
{
    const pt_x509_ops *x = x509_of(c);
    if (c->crls == NULL && pt_failed(x->crls_new(&c->crls))) {
        return RUSTLS_RESULT_GENERAL;
    }
    pt_err e = x->crls_add_pem(c->crls, pt_slice_of(pem, len));
    return pt_failed(e) ? (rustls_result)RUSTLS_RESULT_CERTIFICATE_REVOCATION_LIST_PARSE_ERROR
                        : (rustls_result)RUSTLS_RESULT_OK;
}

static pt_err core_verify(const verifier_core *c, pt_slice end_entity, const pt_slice *intermediates, size_t n,
                          const char *name, uint64_t now, pt_cert_purpose purpose, pt_slice ocsp, pt_pubkey **leaf_key)
{
    PT_ENSURE(n == 0 || intermediates != NULL, PT_ERR_INTERNAL);
    pt_slice *chain = malloc((n + 1) * sizeof(*chain));
    PT_ENSURE(chain != NULL, PT_ERR_INTERNAL);
    chain[0] = end_entity;
    for (size_t i = 0; i < n; i++) {
        chain[i + 1] = intermediates[i];
    }
    pt_verify_params params = {
        .chain = chain,
        .chain_len = n + 1,
        .name = name,
        .now = now,
        .purpose = purpose,
        .crls = c->crls,
        .revocation_flags = c->revocation_flags,
        .ocsp_response = ocsp,
    };
    pt_err e = x509_of(c)->verify_chain(pt_root_cert_store_anchors(c->roots), &params, leaf_key);
    free(chain);
    return e;
}

/* ---------------------------------------------------------------- server verifier */

static struct rustls_web_pki_server_cert_verifier_builder *
server_builder_new(const struct rustls_crypto_provider *provider, const struct rustls_root_cert_store *store)
{
    struct rustls_web_pki_server_cert_verifier_builder *b = calloc(1, sizeof(*b));
    if (b != NULL) {
        core_init(&b->core, provider, store);
    }
    return b;
}

PT_EXPORT struct rustls_web_pki_server_cert_verifier_builder *
rustls_web_pki_server_cert_verifier_builder_new(const struct rustls_root_cert_store *store)
{
    return store == NULL ? NULL : server_builder_new(pt_crypto_provider_process_default(), store);
}

PT_EXPORT struct rustls_web_pki_server_cert_verifier_builder *
rustls_web_pki_server_cert_verifier_builder_new_with_provider(const struct rustls_crypto_provider *provider,
                                                              const struct rustls_root_cert_store *store)
{
    return provider == NULL || store == NULL ? NULL : server_builder_new(provider, store);
}

/* NULL_PARAMETER, ALREADY_USED or OK for a builder about to be changed. */
#define BUILDER_CHECK(b)                                                                                               \
    do {                                                                                                               \
        if ((b) == NULL) {                                                                                             \
            return RUSTLS_RESULT_NULL_PARAMETER;                                                                       \
        }                                                                                                              \
        if ((b)->built) {                                                                                              \
            return RUSTLS_RESULT_ALREADY_USED;                                                                         \
        }                                                                                                              \
    } while (0)

PT_EXPORT rustls_result rustls_web_pki_server_cert_verifier_builder_add_crl(
    struct rustls_web_pki_server_cert_verifier_builder *builder, const uint8_t *crl_pem, size_t crl_pem_len)
{
    BUILDER_CHECK(builder);
    if (crl_pem == NULL) {
        return RUSTLS_RESULT_NULL_PARAMETER;
    }
    return core_add_crl(&builder->core, crl_pem, crl_pem_len);
}

PT_EXPORT rustls_result
rustls_web_pki_server_cert_verifier_only_check_end_entity_revocation(struct rustls_web_pki_server_cert_verifier_builder *builder)
{
    BUILDER_CHECK(builder);
    builder->core.revocation_flags |= PT_REVOCATION_END_ENTITY_ONLY;
    return RUSTLS_RESULT_OK;
}

PT_EXPORT rustls_result
rustls_web_pki_server_cert_verifier_allow_unknown_revocation_status(struct rustls_web_pki_server_cert_verifier_builder *builder)
{
    BUILDER_CHECK(builder);
    builder->core.revocation_flags |= PT_REVOCATION_ALLOW_UNKNOWN;
    return RUSTLS_RESULT_OK;
}

PT_EXPORT rustls_result
rustls_web_pki_server_cert_verifier_enforce_revocation_expiry(struct rustls_web_pki_server_cert_verifier_builder *builder)
{
    BUILDER_CHECK(builder);
    builder->core.revocation_flags |= PT_REVOCATION_ENFORCE_EXPIRY;
    return RUSTLS_RESULT_OK;
}

PT_EXPORT rustls_result
rustls_web_pki_server_cert_verifier_builder_build(struct rustls_web_pki_server_cert_verifier_builder *builder,
                                                  struct rustls_server_cert_verifier **verifier_out)
{
    BUILDER_CHECK(builder);
    /* As rustls-ffi: the builder is spent before the output pointer is looked at. */
    builder->built = true;
    if (verifier_out == NULL) {
        core_release(&builder->core);
        return RUSTLS_RESULT_NULL_PARAMETER;
    }
    if (pt_root_cert_store_count(builder->core.roots) == 0) {
        core_release(&builder->core);
        return RUSTLS_RESULT_CLIENT_CERT_VERIFIER_BUILDER_NO_ROOT_ANCHORS; /* rustls uses it for both */
    }
    struct rustls_server_cert_verifier *v = calloc(1, sizeof(*v));
    if (v == NULL) {
        core_release(&builder->core);
        return RUSTLS_RESULT_GENERAL;
    }
    pt_refcount_init(&v->refs);
    v->core = builder->core; /* moves the references and the CRL set */
    builder->core = (verifier_core){0};
    *verifier_out = v;
    return RUSTLS_RESULT_OK;
}

PT_EXPORT void rustls_web_pki_server_cert_verifier_builder_free(struct rustls_web_pki_server_cert_verifier_builder *builder)
{
    if (builder != NULL) {
        core_release(&builder->core);
        free(builder);
    }
}

PT_EXPORT void rustls_server_cert_verifier_free(struct rustls_server_cert_verifier *verifier)
{
    if (verifier != NULL && pt_refcount_dec(&verifier->refs)) {
        core_release(&verifier->core);
        free(verifier);
    }
}

struct rustls_server_cert_verifier *pt_server_verifier_ref(struct rustls_server_cert_verifier *v)
{
    pt_refcount_inc(&v->refs);
    return v;
}

pt_err pt_server_verifier_verify(const struct rustls_server_cert_verifier *v, pt_slice end_entity,
                                 const pt_slice *intermediates, size_t n_intermediates, const char *server_name,
                                 uint64_t now, pt_slice ocsp, pt_pubkey **leaf_key)
{
    PT_ENSURE(server_name != NULL, PT_ERR_INTERNAL);
    return core_verify(&v->core, end_entity, intermediates, n_intermediates, server_name, now,
                       PT_PURPOSE_SERVER_AUTH, ocsp, leaf_key);
}

/* ---------------------------------------------------------------- client verifier */

static struct rustls_web_pki_client_cert_verifier_builder *
client_builder_new(const struct rustls_crypto_provider *provider, const struct rustls_root_cert_store *store)
{
    struct rustls_web_pki_client_cert_verifier_builder *b = calloc(1, sizeof(*b));
    if (b != NULL) {
        core_init(&b->core, provider, store);
        b->hints = pt_root_cert_store_ref(store); /* rustls hints the roots' subjects by default */
    }
    return b;
}

PT_EXPORT struct rustls_web_pki_client_cert_verifier_builder *
rustls_web_pki_client_cert_verifier_builder_new(const struct rustls_root_cert_store *store)
{
    return store == NULL ? NULL : client_builder_new(pt_crypto_provider_process_default(), store);
}

PT_EXPORT struct rustls_web_pki_client_cert_verifier_builder *
rustls_web_pki_client_cert_verifier_builder_new_with_provider(const struct rustls_crypto_provider *provider,
                                                              const struct rustls_root_cert_store *store)
{
    return provider == NULL || store == NULL ? NULL : client_builder_new(provider, store);
}

PT_EXPORT rustls_result rustls_web_pki_client_cert_verifier_builder_add_crl(
    struct rustls_web_pki_client_cert_verifier_builder *builder, const uint8_t *crl_pem, size_t crl_pem_len)
{
    BUILDER_CHECK(builder);
    if (crl_pem == NULL) {
        return RUSTLS_RESULT_NULL_PARAMETER;
    }
    return core_add_crl(&builder->core, crl_pem, crl_pem_len);
}

PT_EXPORT rustls_result
rustls_web_pki_client_cert_verifier_only_check_end_entity_revocation(struct rustls_web_pki_client_cert_verifier_builder *builder)
{
    BUILDER_CHECK(builder);
    builder->core.revocation_flags |= PT_REVOCATION_END_ENTITY_ONLY;
    return RUSTLS_RESULT_OK;
}

PT_EXPORT rustls_result
rustls_web_pki_client_cert_verifier_allow_unknown_revocation_status(struct rustls_web_pki_client_cert_verifier_builder *builder)
{
    BUILDER_CHECK(builder);
    builder->core.revocation_flags |= PT_REVOCATION_ALLOW_UNKNOWN;
    return RUSTLS_RESULT_OK;
}

PT_EXPORT rustls_result
rustls_web_pki_client_cert_verifier_builder_allow_unauthenticated(struct rustls_web_pki_client_cert_verifier_builder *builder)
{
    BUILDER_CHECK(builder);
    builder->allow_unauthenticated = true;
    return RUSTLS_RESULT_OK;
}

PT_EXPORT rustls_result
rustls_web_pki_client_cert_verifier_clear_root_hint_subjects(struct rustls_web_pki_client_cert_verifier_builder *builder)
{
    BUILDER_CHECK(builder);
    rustls_root_cert_store_free(builder->hints);
    builder->hints = NULL;
    return RUSTLS_RESULT_OK;
}

PT_EXPORT rustls_result
rustls_web_pki_client_cert_verifier_add_root_hint_subjects(struct rustls_web_pki_client_cert_verifier_builder *builder,
                                                           const struct rustls_root_cert_store *store)
{
    BUILDER_CHECK(builder);
    if (store == NULL) {
        return RUSTLS_RESULT_NULL_PARAMETER;
    }
    /* Despite the name, rustls-ffi replaces the hints with this store's subjects. */
    const struct rustls_root_cert_store *old = builder->hints;
    builder->hints = pt_root_cert_store_ref(store);
    rustls_root_cert_store_free(old);
    return RUSTLS_RESULT_OK;
}

static void client_builder_release(struct rustls_web_pki_client_cert_verifier_builder *b)
{
    core_release(&b->core);
    rustls_root_cert_store_free(b->hints);
    b->hints = NULL;
}

PT_EXPORT rustls_result
rustls_web_pki_client_cert_verifier_builder_build(struct rustls_web_pki_client_cert_verifier_builder *builder,
                                                  struct rustls_client_cert_verifier **verifier_out)
{
    BUILDER_CHECK(builder);
    builder->built = true;
    if (verifier_out == NULL) {
        client_builder_release(builder);
        return RUSTLS_RESULT_NULL_PARAMETER;
    }
    if (pt_root_cert_store_count(builder->core.roots) == 0) {
        client_builder_release(builder);
        return RUSTLS_RESULT_CLIENT_CERT_VERIFIER_BUILDER_NO_ROOT_ANCHORS;
    }
    struct rustls_client_cert_verifier *v = calloc(1, sizeof(*v));
    if (v == NULL) {
        client_builder_release(builder);
        return RUSTLS_RESULT_GENERAL;
    }
    pt_refcount_init(&v->refs);
    v->core = builder->core;
    v->allow_unauthenticated = builder->allow_unauthenticated;
    v->hints = builder->hints;
    /* An empty hint store is the same as cleared hints. */
    if (v->hints != NULL && pt_root_cert_store_count(v->hints) == 0) {
        rustls_root_cert_store_free(v->hints);
        v->hints = NULL;
    }
    builder->core = (verifier_core){0};
    builder->hints = NULL;
    *verifier_out = v;
    return RUSTLS_RESULT_OK;
}

PT_EXPORT void rustls_web_pki_client_cert_verifier_builder_free(struct rustls_web_pki_client_cert_verifier_builder *builder)
{
    if (builder != NULL) {
        client_builder_release(builder);
        free(builder);
    }
}

PT_EXPORT void rustls_client_cert_verifier_free(struct rustls_client_cert_verifier *verifier)
{
    if (verifier != NULL && pt_refcount_dec(&verifier->refs)) {
        core_release(&verifier->core);
        rustls_root_cert_store_free(verifier->hints);
        free(verifier);
    }
}

struct rustls_client_cert_verifier *pt_client_verifier_ref(struct rustls_client_cert_verifier *v)
{
    pt_refcount_inc(&v->refs);
    return v;
}

PT_EXPORT rustls_result patina_client_cert_verifier_new_dangerous(patina_verify_client_cert_callback callback,
                                                                  bool allow_unauthenticated,
                                                                  struct rustls_client_cert_verifier **verifier_out)
{
    if (callback == NULL || verifier_out == NULL) {
        return RUSTLS_RESULT_NULL_PARAMETER;
    }
    struct rustls_client_cert_verifier *v = calloc(1, sizeof(*v));
    if (v == NULL) {
        return RUSTLS_RESULT_GENERAL;
    }
    pt_refcount_init(&v->refs);
    v->callback = callback;
    v->allow_unauthenticated = allow_unauthenticated;
    v->hints = NULL; /* no roots, so no certificate_authorities to suggest */
    *verifier_out = v;
    return RUSTLS_RESULT_OK;
}

pt_err pt_client_verifier_verify(const struct rustls_client_cert_verifier *v, pt_slice end_entity,
                                 const pt_slice *intermediates, size_t n_intermediates, uint64_t now,
                                 void *userdata)
{
    if (v->callback != NULL) {
        /* The lists borrow the handshake's copy of the chain for the length of the call. */
        struct rustls_slice_slice_bytes inter = pt_slice_slice_bytes_of(intermediates, n_intermediates);
        struct patina_verify_client_cert_params params;
        params.end_entity_cert_der.data = end_entity.p;
        params.end_entity_cert_der.len = end_entity.len;
        params.intermediate_certs_der = &inter;
        return pt_verify_callback_result(v->callback(userdata, &params));
    }
    return core_verify(&v->core, end_entity, intermediates, n_intermediates, NULL, now, PT_PURPOSE_CLIENT_AUTH,
                       PT_SLICE_EMPTY, NULL);
}

bool pt_client_verifier_allows_unauthenticated(const struct rustls_client_cert_verifier *v)
{
    return v->allow_unauthenticated;
}

const struct rustls_root_cert_store *pt_client_verifier_hint_store(const struct rustls_client_cert_verifier *v)
{
    return v->hints;
}

/* see verifier.h (rustls-ffi error.rs cert_result_to_error; rustls error.rs, the alert of each
 * CertificateError) */
pt_err pt_verify_callback_result(uint32_t r)
{
    switch (r) {
    case RUSTLS_RESULT_OK:
        return PT_OK;
    case RUSTLS_RESULT_CERT_ENCODING_BAD:
    case RUSTLS_RESULT_CERT_UNHANDLED_CRITICAL_EXTENSION:
    case RUSTLS_RESULT_CERT_NOT_VALID_FOR_NAME:
        return PT_ERR(BAD_CERTIFICATE, r);
    case RUSTLS_RESULT_CERT_EXPIRED:
    case RUSTLS_RESULT_CERT_NOT_YET_VALID:
        return PT_ERR(CERTIFICATE_EXPIRED, r);
    case RUSTLS_RESULT_CERT_REVOKED:
        return PT_ERR(CERTIFICATE_REVOKED, r);
    case RUSTLS_RESULT_CERT_UNKNOWN_ISSUER:
    case RUSTLS_RESULT_CERT_EXPIRED_REVOCATION_LIST:
        return PT_ERR(UNKNOWN_CA, r);
    case RUSTLS_RESULT_CERT_BAD_SIGNATURE:
        return PT_ERR(DECRYPT_ERROR, r);
    case RUSTLS_RESULT_CERT_INVALID_PURPOSE:
        return PT_ERR(UNSUPPORTED_CERTIFICATE, r);
    case RUSTLS_RESULT_CERT_APPLICATION_VERIFICATION_FAILURE:
        return PT_ERR(ACCESS_DENIED, r);
    case RUSTLS_RESULT_CERT_OTHER_ERROR:
        return PT_ERR(CERTIFICATE_UNKNOWN, r);
    default:
        return PT_ERR(HANDSHAKE_FAILURE, RUSTLS_RESULT_GENERAL);
    }
}
