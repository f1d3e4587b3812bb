/*
 * hash.c - SHA-256, SHA-384 and SHA-512 with HMAC (RFC 2104) and HKDF (RFC 5869), on BoringSSL.
 *
 * The streaming interface works on the low-level SHA256_CTX / SHA512_CTX structs, which live in
 * the caller's context memory and are plain data, so a transcript snapshot is a struct copy.
 */
#include <string.h>

#include <openssl/digest.h>
#include <openssl/err.h>
#include <openssl/hkdf.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include "base/mem.h"
#include "provider/boringssl/bssl.h"

_Static_assert(sizeof(SHA256_CTX) <= PT_HASH_CTX_MAX, "SHA256_CTX does not fit PT_HASH_CTX_MAX");
_Static_assert(sizeof(SHA512_CTX) <= PT_HASH_CTX_MAX, "SHA512_CTX does not fit PT_HASH_CTX_MAX");
_Static_assert(SHA512_DIGEST_LENGTH <= PT_HASH_MAX, "SHA-512 output does not fit PT_HASH_MAX");

/*
 * libcrypto may not be handed NULL even for zero lengths in every path, and a pt_slice may be
 * {NULL, 0}; this byte stands in for the pointer of an empty input.
 */
static const uint8_t empty_input[1];

static const uint8_t *nonnull(const uint8_t *p)
{
    return p != NULL ? p : empty_input;
}

/* ---------------------------------------------------------------- streaming */

static void sha256_init(void *ctx)
{
    SHA256_Init(ctx);
}

static void sha256_update(void *ctx, const uint8_t *p, size_t len)
{
    SHA256_Update(ctx, nonnull(p), len);
}

static void sha256_final(void *ctx, uint8_t *out)
{
    SHA256_Final(out, ctx);
    pt_wipe(ctx, sizeof(SHA256_CTX));
}

static void sha256_copy(void *dst, const void *src)
{
    memcpy(dst, src, sizeof(SHA256_CTX));
}

static void sha384_init(void *ctx)
{
    SHA384_Init(ctx);
}

static void sha384_update(void *ctx, const uint8_t *p, size_t len)
{
    SHA384_Update(ctx, nonnull(p), len);
}

static void sha384_final(void *ctx, uint8_t *out)
{
    SHA384_Final(out, ctx);
    pt_wipe(ctx, sizeof(SHA512_CTX));
}

static void sha512_init(void *ctx)
{
    SHA512_Init(ctx);
}

static void sha512_update(void *ctx, const uint8_t *p, size_t len)
{
    SHA512_Update(ctx, nonnull(p), len);
}

static void sha512_final(void *ctx, uint8_t *out)
{
    SHA512_Final(out, ctx);
    pt_wipe(ctx, sizeof(SHA512_CTX));
}

static void sha512_copy(void *dst, const void *src)
{
    memcpy(dst, src, sizeof(SHA512_CTX));
}

/* ---------------------------------------------------------------- HMAC and HKDF */

static pt_err hmac_parts(const EVP_MD *md, pt_slice key, const pt_slice *parts, size_t nparts, uint8_t *out)
{
    pt_err err = PT_ERR_INTERNAL;
    HMAC_CTX hctx;
    unsigned int n = 0;

    HMAC_CTX_init(&hctx);
    if (!HMAC_Init_ex(&hctx, nonnull(key.p), key.len, md, NULL)) {
        goto out;
    }
    for (size_t i = 0; i < nparts; i++) {
        if (!HMAC_Update(&hctx, nonnull(parts[i].p), parts[i].len)) {
            goto out;
        }
    }
    if (!HMAC_Final(&hctx, out, &n) || n != EVP_MD_size(md)) {
        goto out;
    }
    err = PT_OK;
out:
    if (pt_failed(err)) {
        ERR_clear_error();
    }
    /* The context holds the keyed inner and outer hash states. */
    HMAC_CTX_cleanup(&hctx);
    pt_wipe(&hctx, sizeof(hctx));
    return err;
}

static pt_err hkdf_extract(const EVP_MD *md, pt_slice salt, pt_slice ikm, uint8_t *prk)
{
    size_t n = 0;

    /* BoringSSL orders the arguments (secret, salt), the reverse of RFC 5869's (salt, IKM). */
    if (!HKDF_extract(prk, &n, md, nonnull(ikm.p), ikm.len, nonnull(salt.p), salt.len) || n != EVP_MD_size(md)) {
        ERR_clear_error();
        return PT_ERR_INTERNAL;
    }
    return PT_OK;
}

static pt_err hkdf_expand(const EVP_MD *md, pt_slice prk, pt_slice info, uint8_t *out, size_t len)
{
    /* RFC 5869 section 2.3: L <= 255*HashLen; BoringSSL refuses longer outputs itself too. */
    PT_ENSURE(len <= 255 * EVP_MD_size(md), PT_ERR_INTERNAL);
    if (!HKDF_expand(out, len, md, nonnull(prk.p), prk.len, nonnull(info.p), info.len)) {
        ERR_clear_error();
        return PT_ERR_INTERNAL;
    }
    return PT_OK;
}

static pt_err sha256_hmac(pt_slice key, const pt_slice *parts, size_t nparts, uint8_t *out)
{
    return hmac_parts(EVP_sha256(), key, parts, nparts, out);
}

static pt_err sha256_hkdf_extract(pt_slice salt, pt_slice ikm, uint8_t *prk)
{
    return hkdf_extract(EVP_sha256(), salt, ikm, prk);
}

static pt_err sha256_hkdf_expand(pt_slice prk, pt_slice info, uint8_t *out, size_t len)
{
    return hkdf_expand(EVP_sha256(), prk, info, out, len);
}

static pt_err sha384_hmac(pt_slice key, const pt_slice *parts, size_t nparts, uint8_t *out)
{
    return hmac_parts(EVP_sha384(), key, parts, nparts, out);
}

static pt_err sha384_hkdf_extract(pt_slice salt, pt_slice ikm, uint8_t *prk)
{
    return hkdf_extract(EVP_sha384(), salt, ikm, prk);
}

static pt_err sha384_hkdf_expand(pt_slice prk, pt_slice info, uint8_t *out, size_t len)
{
    return hkdf_expand(EVP_sha384(), prk, info, out, len);
}

static pt_err sha512_hmac(pt_slice key, const pt_slice *parts, size_t nparts, uint8_t *out)
{
    return hmac_parts(EVP_sha512(), key, parts, nparts, out);
}

static pt_err sha512_hkdf_extract(pt_slice salt, pt_slice ikm, uint8_t *prk)
{
    return hkdf_extract(EVP_sha512(), salt, ikm, prk);
}

static pt_err sha512_hkdf_expand(pt_slice prk, pt_slice info, uint8_t *out, size_t len)
{
    return hkdf_expand(EVP_sha512(), prk, info, out, len);
}

/* ---------------------------------------------------------------- descriptors */

const pt_hash pt_bssl_sha256 = {
    .name = "SHA256",
    .out_len = SHA256_DIGEST_LENGTH,
    .block_len = SHA256_CBLOCK,
    .ctx_size = sizeof(SHA256_CTX),
    .init = sha256_init,
    .update = sha256_update,
    .final = sha256_final,
    .copy = sha256_copy,
    .hmac = sha256_hmac,
    .hkdf_extract = sha256_hkdf_extract,
    .hkdf_expand = sha256_hkdf_expand,
};

/* SHA-384 is SHA-512 with other initial values and a truncated output: same context type. */
const pt_hash pt_bssl_sha384 = {
    .name = "SHA384",
    .out_len = SHA384_DIGEST_LENGTH,
    .block_len = SHA384_CBLOCK,
    .ctx_size = sizeof(SHA512_CTX),
    .init = sha384_init,
    .update = sha384_update,
    .final = sha384_final,
    .copy = sha512_copy,
    .hmac = sha384_hmac,
    .hkdf_extract = sha384_hkdf_extract,
    .hkdf_expand = sha384_hkdf_expand,
};

const pt_hash pt_bssl_sha512 = {
    .name = "SHA512",
    .out_len = SHA512_DIGEST_LENGTH,
    .block_len = SHA512_CBLOCK,
    .ctx_size = sizeof(SHA512_CTX),
    .init = sha512_init,
    .update = sha512_update,
    .final = sha512_final,
    .copy = sha512_copy,
    .hmac = sha512_hmac,
    .hkdf_extract = sha512_hkdf_extract,
    .hkdf_expand = sha512_hkdf_expand,
};
