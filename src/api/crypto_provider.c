/*
 * crypto_provider.c - rustls_crypto_provider, its builder, and the process-wide default.
 *
 * A rustls_crypto_provider is the algorithm tables of a pt_provider plus the ordered list of
 * cipher suites it offers; it is immutable and atomically reference counted.  patina has one
 * set of tables (BoringSSL), so customising a provider means choosing and ordering suites, key
 * exchange groups and the signature schemes it verifies (the last two through patina.h).
 *
 * The process default follows rustls: it can be installed once, with
 * rustls_crypto_provider_builder_build_as_default; any function that needs a default before
 * that installs the built-in provider, and from then on installing fails with ALREADY_USED.
 * The installed default lives until the process exits.
 */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "api/certified_key.h"
#include "api/crypto_provider.h"
#include "base/compiler.h"
#include "base/refcount.h"
#include "patina.h"

/* The most signature schemes a provider verifies (the backend lists 9). */
#define VERIFY_SCHEMES_MAX 16

struct rustls_crypto_provider {
    pt_refcount refs;
    const pt_suite *const *suites; /* n_suites entries */
    size_t n_suites;
    const pt_suite **owned; /* == suites when this object allocated them, else NULL */
    /*
     * The tables (pt_crypto_provider_tables, what the handshake sees): the backend's with this
     * provider's own suite list (NULL-terminated `suites` above) and group list, so that a
     * provider restricted by rustls_crypto_provider_builder_set_cipher_suites offers and accepts
     * only its suites.  Held by value: nothing here points into another provider object.
     */
    pt_provider view;
    const pt_kx_group *groups[PT_PROVIDER_GROUPS_MAX + 1];
    /*
     * view.sig points here: the backend's operations with this provider's verify_schemes
     * (0-terminated `schemes`).  Signing keys are loaded with `key_sig` instead, the backend's
     * static table, because a key keeps its ops pointer and may outlive this provider.
     */
    pt_sig_ops sig;
    uint16_t schemes[VERIFY_SCHEMES_MAX + 1];
    const pt_sig_ops *key_sig;
};

struct rustls_crypto_provider_builder {
    const struct rustls_crypto_provider *base; /* one reference; NULL once built */
    const pt_suite **suites;                   /* chosen suites; none means the base's */
    size_t n_suites;
    const pt_kx_group *groups[PT_PROVIDER_GROUPS_MAX + 1]; /* chosen groups; none means the base's */
    uint16_t schemes[VERIFY_SCHEMES_MAX + 1];              /* chosen verify schemes; none: the base's */
};

static size_t count_suites(const pt_suite *const *s)
{
    size_t n = 0;
    while (s[n] != NULL) {
        n++;
    }
    return n;
}

/*
 * Make p->view from `base` tables with p's suites, `groups` (NULL-terminated) and `schemes`
 * (0-terminated verify schemes).  `key_sig` is the backend's own signature table.
 */
static void set_view(struct rustls_crypto_provider *p, const pt_provider *base, const pt_kx_group *const *groups,
                     const uint16_t *schemes, const pt_sig_ops *key_sig)
{
    p->view = *base;
    size_t n = 0;
    for (; groups[n] != NULL && n < PT_PROVIDER_GROUPS_MAX; n++) {
        p->groups[n] = groups[n];
    }
    p->groups[n] = NULL;
    n = 0;
    for (; schemes[n] != 0 && n < VERIFY_SCHEMES_MAX; n++) {
        p->schemes[n] = schemes[n];
    }
    p->schemes[n] = 0;
    p->key_sig = key_sig;
    p->sig = *key_sig;
    p->sig.verify_schemes = p->schemes;
    p->view.sig = &p->sig;
    p->view.groups = p->groups;
    p->view.suites = p->suites;
}

/* The built-in provider, as a heap object like any other so that it can be freed by refcount. */
static struct rustls_crypto_provider *builtin_new(void)
{
    struct rustls_crypto_provider *p = calloc(1, sizeof(*p));
    if (p != NULL) {
        const pt_provider *def = pt_default_provider();
        pt_refcount_init(&p->refs);
        p->suites = def->suites;
        p->n_suites = count_suites(p->suites);
        set_view(p, def, def->groups, def->sig->verify_schemes, def->sig);
    }
    return p;
}

static void provider_destroy(struct rustls_crypto_provider *p)
{
    free(p->owned);
    free(p);
}

/* The installed default; it holds one reference that is never dropped. */
static _Atomic(struct rustls_crypto_provider *) g_default;

/* Install `p` (taking over one reference) if nothing is installed yet. */
static bool install(struct rustls_crypto_provider *p)
{
    struct rustls_crypto_provider *expected = NULL;
    return atomic_compare_exchange_strong(&g_default, &expected, p);
}

const struct rustls_crypto_provider *pt_crypto_provider_process_default(void)
{
    struct rustls_crypto_provider *p = atomic_load(&g_default);
    if (p == NULL) {
        struct rustls_crypto_provider *mine = builtin_new();
        if (mine == NULL) {
            abort(); /* a few bytes at first use: nothing sensible to continue with */
        }
        if (!install(mine)) {
            provider_destroy(mine); /* another thread installed one first */
        }
        p = atomic_load(&g_default);
    }
    return p;
}

const struct rustls_crypto_provider *pt_crypto_provider_ref(const struct rustls_crypto_provider *p)
{
    pt_refcount_inc(&((struct rustls_crypto_provider *)p)->refs);
    return p;
}

const pt_provider *pt_crypto_provider_tables(const struct rustls_crypto_provider *p)
{
    return &p->view;
}

size_t pt_crypto_provider_suite_count(const struct rustls_crypto_provider *p)
{
    return p->n_suites;
}

const pt_suite *pt_crypto_provider_suite(const struct rustls_crypto_provider *p, size_t i)
{
    return i < p->n_suites ? p->suites[i] : NULL;
}

/* ---------------------------------------------------------------- builder */

static struct rustls_crypto_provider_builder *builder_new(const struct rustls_crypto_provider *base)
{
    struct rustls_crypto_provider_builder *b = calloc(1, sizeof(*b));
    if (b != NULL) {
        b->base = pt_crypto_provider_ref(base);
    }
    return b;
}

PT_EXPORT rustls_result rustls_crypto_provider_builder_new_from_default(struct rustls_crypto_provider_builder **builder_out)
{
    if (builder_out == NULL) {
        return RUSTLS_RESULT_NULL_PARAMETER;
    }
    struct rustls_crypto_provider_builder *b = builder_new(pt_crypto_provider_process_default());
    if (b == NULL) {
        return RUSTLS_RESULT_GENERAL;
    }
    *builder_out = b;
    return RUSTLS_RESULT_OK;
}

PT_EXPORT struct rustls_crypto_provider_builder *
rustls_crypto_provider_builder_new_with_base(const struct rustls_crypto_provider *base)
{
    return base == NULL ? NULL : builder_new(base);
}

/* Is `s` one of the suites of the tables (a pointer we handed out, not something else)? */
static bool is_known_suite(const pt_provider *tables, const pt_suite *s)
{
    for (const pt_suite *const *t = tables->suites; *t != NULL; t++) {
        if (*t == s) {
            return true;
        }
    }
    return false;
}

PT_EXPORT rustls_result rustls_crypto_provider_builder_set_cipher_suites(
    struct rustls_crypto_provider_builder *builder, const struct rustls_supported_ciphersuite *const *cipher_suites,
    size_t cipher_suites_len)
{
    if (builder == NULL) {
        return RUSTLS_RESULT_NULL_PARAMETER;
    }
    if (builder->base == NULL) {
        return RUSTLS_RESULT_ALREADY_USED;
    }
    if (cipher_suites == NULL) {
        return RUSTLS_RESULT_NULL_PARAMETER;
    }
    for (size_t i = 0; i < cipher_suites_len; i++) {
        if (cipher_suites[i] == NULL) {
            return RUSTLS_RESULT_NULL_PARAMETER;
        }
        /*
         * rustls-ffi takes any suite pointer on trust; patina checks that it really is one of the
         * backend's suites, so a stray pointer is an error instead of a crash later.  Any suite
         * of the backend may be chosen, not only those of the base provider's (perhaps
         * narrowed) list: rustls-ffi replaces the base's list with the one given.
         */
        if (!is_known_suite(pt_default_provider(), (const pt_suite *)(const void *)cipher_suites[i])) {
            return RUSTLS_RESULT_INVALID_PARAMETER;
        }
    }
    const pt_suite **copy = NULL;
    if (cipher_suites_len > 0) {
        copy = calloc(cipher_suites_len + 1, sizeof(*copy)); /* NULL-terminated for the view */
        if (copy == NULL) {
            return RUSTLS_RESULT_GENERAL;
        }
        for (size_t i = 0; i < cipher_suites_len; i++) {
            copy[i] = (const pt_suite *)(const void *)cipher_suites[i];
        }
    }
    /* Overwrites an earlier choice; an empty list means "the base provider's suites". */
    free(builder->suites);
    builder->suites = copy;
    builder->n_suites = cipher_suites_len;
    return RUSTLS_RESULT_OK;
}

/* see crypto_provider.h */
rustls_result pt_api_check_ids(const uint16_t *ids, size_t len, size_t max, bool (*known)(uint16_t id))
{
    if (len == 0 || len > max) {
        return RUSTLS_RESULT_INVALID_PARAMETER;
    }
    for (size_t i = 0; i < len; i++) {
        if (!known(ids[i])) {
            return RUSTLS_RESULT_INVALID_PARAMETER;
        }
        for (size_t j = 0; j < i; j++) {
            if (ids[j] == ids[i]) {
                return RUSTLS_RESULT_INVALID_PARAMETER;
            }
        }
    }
    return RUSTLS_RESULT_OK;
}

/* As set_cipher_suites: any group or scheme of the backend, not only of the (narrowed) base. */
static bool backend_has_group(uint16_t id)
{
    return pt_provider_find_group(pt_default_provider(), id) != NULL;
}

/* see crypto_provider.h */
bool pt_crypto_provider_known_scheme(uint16_t id)
{
    for (const uint16_t *s = pt_default_provider()->sig->verify_schemes; *s != 0; s++) {
        if (*s == id) {
            return true;
        }
    }
    return false;
}

/* patina.h */
PT_EXPORT rustls_result patina_crypto_provider_builder_set_kx_groups(struct rustls_crypto_provider_builder *builder,
                                                                     const uint16_t *groups, size_t len)
{
    if (builder == NULL || groups == NULL) {
        return RUSTLS_RESULT_NULL_PARAMETER;
    }
    if (builder->base == NULL) {
        return RUSTLS_RESULT_ALREADY_USED;
    }
    rustls_result r = pt_api_check_ids(groups, len, PT_PROVIDER_GROUPS_MAX, backend_has_group);
    if (r != RUSTLS_RESULT_OK) {
        return r;
    }
    for (size_t i = 0; i < len; i++) {
        builder->groups[i] = pt_provider_find_group(pt_default_provider(), groups[i]);
    }
    builder->groups[len] = NULL;
    return RUSTLS_RESULT_OK;
}

/* patina.h */
PT_EXPORT rustls_result patina_crypto_provider_builder_set_verify_schemes(
    struct rustls_crypto_provider_builder *builder, const uint16_t *schemes, size_t len)
{
    if (builder == NULL || schemes == NULL) {
        return RUSTLS_RESULT_NULL_PARAMETER;
    }
    if (builder->base == NULL) {
        return RUSTLS_RESULT_ALREADY_USED;
    }
    rustls_result r = pt_api_check_ids(schemes, len, VERIFY_SCHEMES_MAX, pt_crypto_provider_known_scheme);
    if (r != RUSTLS_RESULT_OK) {
        return r;
    }
    memcpy(builder->schemes, schemes, len * sizeof(*schemes));
    builder->schemes[len] = 0;
    return RUSTLS_RESULT_OK;
}

/* Spend the builder and make its provider (one reference, the caller's). NULL when out of memory. */
static struct rustls_crypto_provider *builder_take(struct rustls_crypto_provider_builder *b)
{
    const struct rustls_crypto_provider *base = b->base;
    b->base = NULL;
    struct rustls_crypto_provider *p = calloc(1, sizeof(*p));
    if (p != NULL) {
        pt_refcount_init(&p->refs);
        if (b->n_suites > 0) {
            p->owned = b->suites;
            p->suites = b->suites;
            p->n_suites = b->n_suites;
            b->suites = NULL;
            b->n_suites = 0;
        } else {
            /* The base's list: copy it, since the base may go away before this provider. */
            p->owned = calloc(base->n_suites + 1, sizeof(*p->owned)); /* NULL-terminated */
            if (p->owned == NULL) {
                free(p);
                p = NULL;
            } else {
                for (size_t i = 0; i < base->n_suites; i++) {
                    p->owned[i] = base->suites[i];
                }
                p->suites = p->owned;
                p->n_suites = base->n_suites;
            }
        }
        if (p != NULL) {
            set_view(p, &base->view, b->groups[0] != NULL ? b->groups : base->view.groups,
                     b->schemes[0] != 0 ? b->schemes : base->view.sig->verify_schemes, base->key_sig);
        }
    }
    rustls_crypto_provider_free(base);
    return p;
}

PT_EXPORT rustls_result rustls_crypto_provider_builder_build(struct rustls_crypto_provider_builder *builder,
                                                             const struct rustls_crypto_provider **provider_out)
{
    /* rustls-ffi checks the output pointer before it spends the builder. */
    if (builder == NULL || provider_out == NULL) {
        return RUSTLS_RESULT_NULL_PARAMETER;
    }
    if (builder->base == NULL) {
        return RUSTLS_RESULT_ALREADY_USED;
    }
    struct rustls_crypto_provider *p = builder_take(builder);
    if (p == NULL) {
        return RUSTLS_RESULT_GENERAL;
    }
    *provider_out = p;
    return RUSTLS_RESULT_OK;
}

PT_EXPORT rustls_result rustls_crypto_provider_builder_build_as_default(struct rustls_crypto_provider_builder *builder)
{
    if (builder == NULL) {
        return RUSTLS_RESULT_NULL_PARAMETER;
    }
    if (builder->base == NULL) {
        return RUSTLS_RESULT_ALREADY_USED;
    }
    struct rustls_crypto_provider *p = builder_take(builder);
    if (p == NULL) {
        return RUSTLS_RESULT_GENERAL;
    }
    if (!install(p)) {
        provider_destroy(p); /* a default was already installed (or used) */
        return RUSTLS_RESULT_ALREADY_USED;
    }
    return RUSTLS_RESULT_OK;
}

PT_EXPORT void rustls_crypto_provider_builder_free(struct rustls_crypto_provider_builder *builder)
{
    if (builder != NULL) {
        rustls_crypto_provider_free(builder->base);
        free(builder->suites);
        free(builder);
    }
}

/* ---------------------------------------------------------------- providers */

PT_EXPORT const struct rustls_crypto_provider *rustls_crypto_provider_default(void)
{
    /*
     * rustls-ffi returns NULL until a default is installed.  patina always has one, so it
     * returns the installed default or, before any, a fresh built-in provider - without
     * installing it, so that build_as_default still works afterwards.
     */
    struct rustls_crypto_provider *p = atomic_load(&g_default);
    if (p != NULL) {
        return pt_crypto_provider_ref(p);
    }
    return builtin_new();
}

PT_EXPORT size_t rustls_crypto_provider_ciphersuites_len(const struct rustls_crypto_provider *provider)
{
    return provider == NULL ? 0 : provider->n_suites;
}

PT_EXPORT const struct rustls_supported_ciphersuite *
rustls_crypto_provider_ciphersuites_get(const struct rustls_crypto_provider *provider, size_t index)
{
    if (provider == NULL || index >= provider->n_suites) {
        return NULL;
    }
    return (const struct rustls_supported_ciphersuite *)(const void *)provider->suites[index];
}

PT_EXPORT rustls_result rustls_crypto_provider_load_key(const struct rustls_crypto_provider *provider,
                                                        const uint8_t *private_key, size_t private_key_len,
                                                        struct rustls_signing_key **signing_key_out)
{
    if (provider == NULL || private_key == NULL || signing_key_out == NULL) {
        return RUSTLS_RESULT_NULL_PARAMETER;
    }
    struct rustls_signing_key *k;
    pt_err e = pt_signing_key_load(provider->key_sig, pt_slice_of(private_key, private_key_len), &k);
    if (pt_failed(e)) {
        return pt_err_result(e);
    }
    *signing_key_out = k;
    return RUSTLS_RESULT_OK;
}

PT_EXPORT rustls_result rustls_crypto_provider_random(const struct rustls_crypto_provider *provider, uint8_t *buff,
                                                      size_t len)
{
    if (provider == NULL || buff == NULL) {
        return RUSTLS_RESULT_NULL_PARAMETER;
    }
    return pt_ok(provider->view.random(buff, len)) ? (rustls_result)RUSTLS_RESULT_OK
                                                      : (rustls_result)RUSTLS_RESULT_GET_RANDOM_FAILED;
}

PT_EXPORT bool rustls_crypto_provider_fips(const struct rustls_crypto_provider *provider)
{
    (void)provider; /* patina's BoringSSL build is not a FIPS module */
    return false;
}

PT_EXPORT void rustls_crypto_provider_free(const struct rustls_crypto_provider *provider)
{
    struct rustls_crypto_provider *p = (struct rustls_crypto_provider *)provider;
    if (p != NULL && pt_refcount_dec(&p->refs)) {
        provider_destroy(p);
    }
}

/* ---------------------------------------------------------------- test hook */

const struct rustls_crypto_provider *pt_crypto_provider_new_with_groups(const uint16_t *group_ids, size_t n)
{
    /* The public builder path, with the built-in provider as its base. */
    struct rustls_crypto_provider *base = builtin_new();
    struct rustls_crypto_provider_builder *b = base != NULL ? builder_new(base) : NULL;
    const struct rustls_crypto_provider *p = NULL;
    rustls_crypto_provider_free(base);
    if (b != NULL && patina_crypto_provider_builder_set_kx_groups(b, group_ids, n) == RUSTLS_RESULT_OK &&
        rustls_crypto_provider_builder_build(b, &p) != RUSTLS_RESULT_OK) {
        p = NULL;
    }
    rustls_crypto_provider_builder_free(b);
    return p;
}

/* ---------------------------------------------------------------- the default, directly */

PT_EXPORT size_t rustls_default_crypto_provider_ciphersuites_len(void)
{
    return pt_crypto_provider_process_default()->n_suites;
}

PT_EXPORT const struct rustls_supported_ciphersuite *rustls_default_crypto_provider_ciphersuites_get(size_t index)
{
    /* NULL past the end, which mod_tls relies on to stop its loop. */
    return rustls_crypto_provider_ciphersuites_get(pt_crypto_provider_process_default(), index);
}

PT_EXPORT rustls_result rustls_default_crypto_provider_random(uint8_t *buff, size_t len)
{
    if (buff == NULL) {
        return RUSTLS_RESULT_NULL_PARAMETER;
    }
    return rustls_crypto_provider_random(pt_crypto_provider_process_default(), buff, len);
}
