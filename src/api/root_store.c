/*
 * root_store.c - rustls_root_cert_store_builder and rustls_root_cert_store.
 *
 * The builder fills a provider trust-anchor set; building moves that set into an immutable,
 * atomically reference-counted rustls_root_cert_store which verifiers share.  As in rustls-ffi
 * the builder object survives its build (spent: ALREADY_USED) and is freed separately.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "api/root_store.h"
#include "base/compiler.h"
#include "base/refcount.h"

struct rustls_root_cert_store_builder {
    pt_root_store *anchors; /* NULL once built */
    bool built;
};

struct rustls_root_cert_store {
    pt_refcount refs;
    pt_root_store *anchors;
};

static const pt_x509_ops *x509(void)
{
    return pt_default_provider()->x509;
}

PT_EXPORT struct rustls_root_cert_store_builder *rustls_root_cert_store_builder_new(void)
{
    struct rustls_root_cert_store_builder *b = calloc(1, sizeof(*b));
    if (b == NULL) {
        return NULL;
    }
    if (pt_failed(x509()->store_new(&b->anchors))) {
        free(b);
        return NULL;
    }
    return b;
}

/* The provider adds all of a PEM buffer or nothing, so a failure leaves the builder unchanged. */
static rustls_result add_pem(struct rustls_root_cert_store_builder *builder, pt_slice pem, bool strict)
{
    return pt_err_result(x509()->store_add_pem(builder->anchors, pem, strict, NULL));
}

PT_EXPORT rustls_result rustls_root_cert_store_builder_add_pem(struct rustls_root_cert_store_builder *builder,
                                                               const uint8_t *pem, size_t pem_len, bool strict)
{
    if (builder == NULL || pem == NULL) {
        return RUSTLS_RESULT_NULL_PARAMETER;
    }
    if (builder->built) {
        return RUSTLS_RESULT_ALREADY_USED;
    }
    return add_pem(builder, pt_slice_of(pem, pem_len), strict);
}

/* Read a whole file into a malloc'd buffer; false on any I/O failure. */
static bool read_file(const char *name, uint8_t **out, size_t *out_len)
{
    FILE *f = fopen(name, "rb");
    if (f == NULL) {
        return false;
    }
    uint8_t *buf = NULL;
    size_t len = 0, cap = 0;
    bool ok = false;
    for (;;) {
        if (len == cap) {
            cap = cap == 0 ? 16384 : cap * 2;
            uint8_t *p = realloc(buf, cap);
            if (p == NULL) {
                goto out;
            }
            buf = p;
        }
        size_t n = fread(buf + len, 1, cap - len, f);
        len += n;
        if (n == 0) {
            break;
        }
    }
    ok = !ferror(f);
out:
    fclose(f);
    if (!ok) {
        free(buf);
        return false;
    }
    *out = buf;
    *out_len = len;
    return true;
}

PT_EXPORT rustls_result rustls_root_cert_store_builder_load_roots_from_file(
    struct rustls_root_cert_store_builder *builder, const char *filename, bool strict)
{
    if (builder == NULL || filename == NULL) {
        return RUSTLS_RESULT_NULL_PARAMETER;
    }
    if (builder->built) {
        return RUSTLS_RESULT_ALREADY_USED;
    }
    uint8_t *data;
    size_t len;
    if (!read_file(filename, &data, &len)) {
        return RUSTLS_RESULT_IO;
    }
    rustls_result r = add_pem(builder, pt_slice_of(data, len), strict);
    free(data);
    return r;
}

PT_EXPORT rustls_result rustls_root_cert_store_builder_build(struct rustls_root_cert_store_builder *builder,
                                                             const struct rustls_root_cert_store **root_cert_store_out)
{
    if (builder == NULL) {
        return RUSTLS_RESULT_NULL_PARAMETER;
    }
    if (builder->built) {
        return RUSTLS_RESULT_ALREADY_USED;
    }
    /* rustls-ffi spends the builder before it looks at the output pointer; so do we. */
    if (root_cert_store_out == NULL) {
        x509()->store_free(builder->anchors);
        builder->anchors = NULL;
        builder->built = true;
        return RUSTLS_RESULT_NULL_PARAMETER;
    }
    struct rustls_root_cert_store *s = calloc(1, sizeof(*s));
    if (s == NULL) {
        return RUSTLS_RESULT_GENERAL;
    }
    pt_refcount_init(&s->refs);
    s->anchors = builder->anchors;
    builder->anchors = NULL;
    builder->built = true;
    *root_cert_store_out = s;
    return RUSTLS_RESULT_OK;
}

PT_EXPORT void rustls_root_cert_store_builder_free(struct rustls_root_cert_store_builder *builder)
{
    if (builder != NULL) {
        if (builder->anchors != NULL) {
            x509()->store_free(builder->anchors);
        }
        free(builder);
    }
}

PT_EXPORT void rustls_root_cert_store_free(const struct rustls_root_cert_store *store)
{
    struct rustls_root_cert_store *s = (struct rustls_root_cert_store *)store;
    if (s != NULL && pt_refcount_dec(&s->refs)) {
        x509()->store_free(s->anchors);
        free(s);
    }
}

const struct rustls_root_cert_store *pt_root_cert_store_ref(const struct rustls_root_cert_store *store)
{
    pt_refcount_inc(&((struct rustls_root_cert_store *)store)->refs);
    return store;
}

const pt_root_store *pt_root_cert_store_anchors(const struct rustls_root_cert_store *store)
{
    return store->anchors;
}

size_t pt_root_cert_store_count(const struct rustls_root_cert_store *store)
{
    return x509()->store_count(store->anchors);
}
