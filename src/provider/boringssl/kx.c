/*
 * kx.c - ephemeral key exchange for TLS: X25519 (RFC 7748) and ECDHE over secp256r1/secp384r1.
 *
 * One context layout serves all three groups: an X25519 private key lives inline, a NIST-curve
 * key is a libcrypto EC_KEY.  A context is good for one keygen and one derive; derive consumes
 * the private key (as rustls's ActiveKeyExchange::complete does), so it is wiped as soon as the
 * shared secret exists, whether or not the peer's share was acceptable.
 */
#include <stdbool.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/curve25519.h>
#include <openssl/ec.h>
#include <openssl/ec_key.h>
#include <openssl/ecdh.h>
#include <openssl/err.h>
#include <openssl/nid.h>

#include "base/mem.h"
#include "provider/boringssl/bssl.h"

#define X25519_LEN 32

typedef struct kx_ctx {
    EC_KEY *ec;                        /* secp256r1 / secp384r1 key pair, or NULL */
    uint8_t x25519_priv[X25519_LEN];   /* X25519 private key when have_x25519 */
    bool have_x25519;
} kx_ctx;

_Static_assert(sizeof(kx_ctx) <= PT_KX_CTX_MAX, "kx_ctx does not fit PT_KX_CTX_MAX");

/* Every way a peer's share can be unacceptable (provider.h, RFC 8446 sections 4.2.8.2 and 7.4.2). */
#define BAD_SHARE PT_ERR(ILLEGAL_PARAMETER, RUSTLS_RESULT_PEER_MISBEHAVED_ERROR)

/*
 * keygen may be handed uninitialised memory (provider.h asks only that cleanup be safe on a
 * zeroed context), so it starts from a clean slate instead of freeing whatever is there.
 */
static kx_ctx *kx_fresh(void *ctx)
{
    kx_ctx *c = ctx;

    memset(c, 0, sizeof(*c));
    return c;
}

static void kx_cleanup(void *ctx)
{
    kx_ctx *c = ctx;

    /* EC_KEY_free clears the private scalar before releasing it; NULL is allowed (zeroed ctx). */
    EC_KEY_free(c->ec);
    pt_wipe(c, sizeof(*c));
}

/* ---------------------------------------------------------------- X25519 */

static pt_err x25519_keygen(void *ctx, uint8_t *pub)
{
    kx_ctx *c = kx_fresh(ctx);

    X25519_keypair(pub, c->x25519_priv);
    c->have_x25519 = true;
    return PT_OK;
}

static pt_err x25519_derive(void *ctx, pt_slice peer, uint8_t *secret)
{
    kx_ctx *c = ctx;
    pt_err err = PT_OK;

    PT_ENSURE_OUT(c->have_x25519, PT_ERR_INTERNAL);
    /* RFC 8446 section 4.2.8.2: X25519 key_exchange is the 32-byte public value. */
    PT_ENSURE_OUT(peer.len == X25519_LEN, BAD_SHARE);
    /*
     * RFC 8446 section 7.4.2: "For X25519 and X448, ... implementations MUST check whether the
     * computed Diffie-Hellman shared secret is the all-zero value and abort if so" (also RFC 7748
     * section 6.1).  BoringSSL's X25519() returns 0 exactly in that case.
     */
    if (!X25519(secret, c->x25519_priv, peer.p)) {
        pt_wipe(secret, X25519_LEN);
        err = BAD_SHARE;
        goto out;
    }
out:
    kx_cleanup(c);
    return err;
}

/* ---------------------------------------------------------------- secp256r1, secp384r1 */

static pt_err ec_keygen(int nid, size_t pub_len, void *ctx, uint8_t *pub)
{
    kx_ctx *c = kx_fresh(ctx);
    pt_err err = PT_ERR_INTERNAL;

    c->ec = EC_KEY_new_by_curve_name(nid);
    if (c->ec == NULL || !EC_KEY_generate_key(c->ec)) {
        goto out;
    }
    /* RFC 8446 section 4.2.8.2: our share is the uncompressed point, 0x04 || X || Y. */
    if (EC_POINT_point2oct(EC_KEY_get0_group(c->ec), EC_KEY_get0_public_key(c->ec), POINT_CONVERSION_UNCOMPRESSED,
                           pub, pub_len, NULL) != pub_len) {
        goto out;
    }
    err = PT_OK;
out:
    if (pt_failed(err)) {
        ERR_clear_error();
        kx_cleanup(c);
    }
    return err;
}

static pt_err ec_derive(size_t pub_len, size_t secret_len, void *ctx, pt_slice peer, uint8_t *secret)
{
    kx_ctx *c = ctx;
    pt_err err = PT_OK;
    EC_POINT *point = NULL;
    const EC_GROUP *group;

    PT_ENSURE_OUT(c->ec != NULL, PT_ERR_INTERNAL);
    group = EC_KEY_get0_group(c->ec);
    /*
     * RFC 8446 section 4.2.8.2: for secp256r1/secp384r1 the share is the UncompressedPointRepresentation
     * (legacy_form 4, then X and Y of exactly the field size).  So the length is fixed and the first
     * byte must be 4; this refuses compressed (2, 3) and hybrid (6, 7) forms and the one-byte
     * encoding of the point at infinity, which EC_POINT_oct2point would otherwise accept.
     */
    PT_ENSURE_OUT(peer.len == pub_len && peer.p[0] == POINT_CONVERSION_UNCOMPRESSED, BAD_SHARE);
    /*
     * "peers MUST validate each other's public value Q by ensuring that the point is a valid point
     * on the elliptic curve" (same section): EC_POINT_oct2point refuses coordinates that are not
     * field elements or do not satisfy the curve equation.
     */
    point = EC_POINT_new(group);
    PT_ENSURE_OUT(point != NULL, PT_ERR_INTERNAL);
    PT_ENSURE_OUT(EC_POINT_oct2point(group, point, peer.p, peer.len, NULL), BAD_SHARE);
    PT_ENSURE_OUT(!EC_POINT_is_at_infinity(group, point), BAD_SHARE);
    /* The shared secret is the x coordinate, fixed length (RFC 8446 section 7.4.2). */
    if (ECDH_compute_key(secret, secret_len, point, c->ec, NULL) != (int)secret_len) {
        pt_wipe(secret, secret_len);
        err = PT_ERR_INTERNAL;
        goto out;
    }
out:
    if (pt_failed(err)) {
        /* EC_POINT_oct2point queues an error for every bad share a peer sends: do not leave it. */
        ERR_clear_error();
    }
    EC_POINT_free(point);
    kx_cleanup(c);
    return err;
}

static pt_err p256_keygen(void *ctx, uint8_t *pub)
{
    return ec_keygen(NID_X9_62_prime256v1, 65, ctx, pub);
}

static pt_err p256_derive(void *ctx, pt_slice peer, uint8_t *secret)
{
    return ec_derive(65, 32, ctx, peer, secret);
}

static pt_err p384_keygen(void *ctx, uint8_t *pub)
{
    return ec_keygen(NID_secp384r1, 97, ctx, pub);
}

static pt_err p384_derive(void *ctx, pt_slice peer, uint8_t *secret)
{
    return ec_derive(97, 48, ctx, peer, secret);
}

/* ---------------------------------------------------------------- descriptors */

const pt_kx_group pt_bssl_x25519 = {
    .id = PT_GROUP_X25519,
    .name = "X25519",
    .pub_len = X25519_LEN,
    .secret_len = X25519_LEN,
    .ctx_size = sizeof(kx_ctx),
    .keygen = x25519_keygen,
    .derive = x25519_derive,
    .cleanup = kx_cleanup,
};

const pt_kx_group pt_bssl_secp256r1 = {
    .id = PT_GROUP_SECP256R1,
    .name = "secp256r1",
    .pub_len = 65,
    .secret_len = 32,
    .ctx_size = sizeof(kx_ctx),
    .keygen = p256_keygen,
    .derive = p256_derive,
    .cleanup = kx_cleanup,
};

const pt_kx_group pt_bssl_secp384r1 = {
    .id = PT_GROUP_SECP384R1,
    .name = "secp384r1",
    .pub_len = 97,
    .secret_len = 48,
    .ctx_size = sizeof(kx_ctx),
    .keygen = p384_keygen,
    .derive = p384_derive,
    .cleanup = kx_cleanup,
};

/* ---------------------------------------------------------------- test hook */

static pt_err ec_set_private(int nid, size_t pub_len, kx_ctx *c, pt_slice priv, uint8_t *pub)
{
    pt_err err = PT_ERR_INTERNAL;
    BIGNUM *d = NULL;
    EC_POINT *q = NULL;
    const EC_GROUP *group;

    c->ec = EC_KEY_new_by_curve_name(nid);
    PT_ENSURE_OUT(c->ec != NULL, PT_ERR_INTERNAL);
    group = EC_KEY_get0_group(c->ec);
    d = BN_bin2bn(priv.p, priv.len, NULL);
    q = EC_POINT_new(group);
    PT_ENSURE_OUT(d != NULL && q != NULL, PT_ERR_INTERNAL);
    /* EC_KEY_set_private_key refuses scalars outside [1, n-1]. */
    PT_ENSURE_OUT(!BN_is_zero(d) && EC_KEY_set_private_key(c->ec, d), PT_ERR_INTERNAL);
    PT_ENSURE_OUT(EC_POINT_mul(group, q, d, NULL, NULL, NULL) && EC_KEY_set_public_key(c->ec, q), PT_ERR_INTERNAL);
    PT_ENSURE_OUT(EC_POINT_point2oct(group, q, POINT_CONVERSION_UNCOMPRESSED, pub, pub_len, NULL) == pub_len,
                  PT_ERR_INTERNAL);
    err = PT_OK;
out:
    BN_clear_free(d);
    EC_POINT_free(q);
    return err;
}

/* see bssl.h */
pt_err pt_bssl_kx_set_private(void *ctx, const pt_kx_group *group, pt_slice priv, uint8_t *pub)
{
    kx_ctx *c = kx_fresh(ctx);
    pt_err err = PT_ERR_INTERNAL;

    if (group == &pt_bssl_x25519) {
        PT_ENSURE_OUT(priv.len == X25519_LEN, PT_ERR_INTERNAL);
        memcpy(c->x25519_priv, priv.p, X25519_LEN);
        X25519_public_from_private(pub, c->x25519_priv);
        c->have_x25519 = true;
        err = PT_OK;
    } else if (group == &pt_bssl_secp256r1) {
        PT_ENSURE_OUT(priv.len == 32, PT_ERR_INTERNAL);
        err = ec_set_private(NID_X9_62_prime256v1, 65, c, priv, pub);
    } else if (group == &pt_bssl_secp384r1) {
        PT_ENSURE_OUT(priv.len == 48, PT_ERR_INTERNAL);
        err = ec_set_private(NID_secp384r1, 97, c, priv, pub);
    }
out:
    if (pt_failed(err)) {
        ERR_clear_error();
        kx_cleanup(c);
    }
    return err;
}
