/*
 * test_kx.c - X25519, secp256r1 and secp384r1 key exchange (src/provider/boringssl/kx.c):
 * published vectors, agreement, and every kind of bad peer share.
 */
#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

/* Only to check that failures leave libcrypto's per-thread error queue empty. */
#include <openssl/err.h>

#include "provider/boringssl/bssl.h"
#include "testlib/pttest.h"

#define BAD_SHARE PT_ERR(ILLEGAL_PARAMETER, RUSTLS_RESULT_PEER_MISBEHAVED_ERROR)

static const pt_kx_group *const groups[] = {&pt_bssl_x25519, &pt_bssl_secp256r1, &pt_bssl_secp384r1};

typedef struct kx_buf {
    alignas(16) uint8_t ctx[PT_KX_CTX_MAX];
} kx_buf;

/* Load `priv_hex` through the test hook, check our share, derive with `peer_hex`, check the secret. */
static void check_vector(const pt_kx_group *g, const char *priv_hex, const char *pub_hex, const char *peer_hex,
                         const char *secret_hex)
{
    kx_buf k;
    size_t priv_len, peer_len;
    uint8_t *priv = pt_test_unhex(priv_hex, &priv_len);
    uint8_t *peer = pt_test_unhex(peer_hex, &peer_len);
    uint8_t pub[PT_KX_PUB_MAX], secret[PT_KX_SECRET_MAX];

    ck_assert_pt_ok(pt_bssl_kx_set_private(k.ctx, g, pt_slice_of(priv, priv_len), pub));
    if (pub_hex != NULL) {
        ck_assert_hex_eq(pub, g->pub_len, pub_hex);
    }
    ck_assert_pt_ok(g->derive(k.ctx, pt_slice_of(peer, peer_len), secret));
    ck_assert_hex_eq(secret, g->secret_len, secret_hex);
    g->cleanup(k.ctx);
    free(priv);
    free(peer);
}

/* ---------------------------------------------------------------- X25519, RFC 7748 */

START_TEST(x25519_rfc7748_section_5_2)
{
    /* The two scalar-multiplication vectors: (scalar, input u-coordinate, output u-coordinate). */
    check_vector(&pt_bssl_x25519, "a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4", NULL,
                 "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c",
                 "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552");
    check_vector(&pt_bssl_x25519, "4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d", NULL,
                 "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493",
                 "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957");
}
END_TEST

#define ALICE_PRIV "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"
#define ALICE_PUB "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"
#define BOB_PRIV "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"
#define BOB_PUB "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"
#define ALICE_BOB_K "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742"

START_TEST(x25519_rfc7748_section_6_1)
{
    /* Alice and Bob: each public key from its private key, and the same shared K on both sides. */
    check_vector(&pt_bssl_x25519, ALICE_PRIV, ALICE_PUB, BOB_PUB, ALICE_BOB_K);
    check_vector(&pt_bssl_x25519, BOB_PRIV, BOB_PUB, ALICE_PUB, ALICE_BOB_K);
}
END_TEST

/*
 * Points of small order on Curve25519 and its twist, and non-canonical encodings of them (the
 * list of Bernstein's "cr.yp.to/ecdh.html#validate" and libsodium's blocklist): after clamping,
 * every scalar is a multiple of the cofactor 8, so each of these gives the all-zero secret that
 * RFC 7748 section 6.1 / RFC 8446 section 7.4.2 require us to refuse.
 */
static const char *const x25519_low_order[] = {
    "0000000000000000000000000000000000000000000000000000000000000000", /* 0 */
    "0100000000000000000000000000000000000000000000000000000000000000", /* 1 */
    "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800", /* order 8 */
    "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157", /* order 8 */
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", /* p - 1 */
    "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", /* p (= 0) */
    "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", /* p + 1 (= 1) */
};

START_TEST(x25519_refuses_low_order_points)
{
    kx_buf k;
    size_t n;
    uint8_t *peer = pt_test_unhex(x25519_low_order[_i], &n);
    uint8_t pub[PT_KX_PUB_MAX], secret[PT_KX_SECRET_MAX];

    ck_assert_uint_eq(n, 32);
    ck_assert_pt_ok(pt_bssl_x25519.keygen(k.ctx, pub));
    ck_assert_pt_err(pt_bssl_x25519.derive(k.ctx, pt_slice_of(peer, n), secret), BAD_SHARE);
    pt_bssl_x25519.cleanup(k.ctx);
    /* Also with the RFC 7748 Alice key, so the refusal does not depend on a random scalar. */
    {
        size_t pl;
        uint8_t *priv = pt_test_unhex(ALICE_PRIV, &pl);
        ck_assert_pt_ok(pt_bssl_kx_set_private(k.ctx, &pt_bssl_x25519, pt_slice_of(priv, pl), pub));
        ck_assert_pt_err(pt_bssl_x25519.derive(k.ctx, pt_slice_of(peer, n), secret), BAD_SHARE);
        pt_bssl_x25519.cleanup(k.ctx);
        free(priv);
    }
    free(peer);
}
END_TEST

/* ---------------------------------------------------------------- ECDH, RFC 5903 section 8 */

#define P256_I "c88f01f510d9ac3f70a292daa2316de544e9aab8afe84049c62a9c57862d1433"
#define P256_GI                                                                                                        \
    "04dad0b65394221cf9b051e1feca5787d098dfe637fc90b9ef945d0c3772581180"                                               \
    "5271a0461cdb8252d61f1c456fa3e59ab1f45b33accf5f58389e0577b8990bb3"
#define P256_R "c6ef9c5d78ae012a011164acb397ce2088685d8f06bf9be0b283ab46476bee53"
#define P256_GR                                                                                                        \
    "04d12dfb5289c8d4f81208b70270398c342296970a0bccb74c736fc7554494bf63"                                               \
    "56fbf3ca366cc23e8157854c13c58d6aac23f046ada30f8353e74f33039872ab"
#define P256_GIRX "d6840f6b42f6edafd13116e0e12565202fef8e9ece7dce03812464d04b9442de"

#define P384_I "099f3c7034d4a2c699884d73a375a67f7624ef7c6b3c0f160647b67414dce655e35b538041e649ee3faef896783ab194"
#define P384_GI                                                                                                        \
    "04667842d7d180ac2cde6f74f37551f55755c7645c20ef73e31634fe72b4c55ee6de3ac808acb4bdb4c88732aee95f41aa"               \
    "9482ed1fc0eeb9cafc4984625ccfc23f65032149e0e144ada024181535a0f38eeb9fcff3c2c947dae69b4c634573a81c"
#define P384_R "41cb0779b4bdb85d47846725fbec3c9430fab46cc8dc5060855cc9bda0aa2942e0308312916b8ed2960e4bd55a7448fc"
#define P384_GR                                                                                                        \
    "04e558dbef53eecde3d3fccfc1aea08a89a987475d12fd950d83cfa41732bc509d0d1ac43a0336def96fda41d0774a3571"               \
    "dcfbec7aacf3196472169e838430367f66eebe3c6e70c416dd5f0c68759dd1fff83fa40142209dff5eaad96db9e6386c"
#define P384_GIRX "11187331c279962d93d604243fd592cb9d0a926f422e47187521287e7156c5c4d603135569b9e9d09cf5d4a270f59746"

START_TEST(ecdh_p256_rfc5903_section_8_1)
{
    /* Initiator (i, g^i) and responder (r, g^r) agree on the x coordinate of g^ir. */
    check_vector(&pt_bssl_secp256r1, P256_I, P256_GI, P256_GR, P256_GIRX);
    check_vector(&pt_bssl_secp256r1, P256_R, P256_GR, P256_GI, P256_GIRX);
}
END_TEST

START_TEST(ecdh_p384_rfc5903_section_8_2)
{
    check_vector(&pt_bssl_secp384r1, P384_I, P384_GI, P384_GR, P384_GIRX);
    check_vector(&pt_bssl_secp384r1, P384_R, P384_GR, P384_GI, P384_GIRX);
}
END_TEST

/* ---------------------------------------------------------------- every group */

START_TEST(random_exchange_agrees)
{
    const pt_kx_group *g = groups[_i];
    kx_buf a, b;
    uint8_t pub_a[PT_KX_PUB_MAX], pub_b[PT_KX_PUB_MAX], sa[PT_KX_SECRET_MAX], sb[PT_KX_SECRET_MAX];
    uint8_t zero[PT_KX_SECRET_MAX] = {0};

    ck_assert_pt_ok(g->keygen(a.ctx, pub_a));
    ck_assert_pt_ok(g->keygen(b.ctx, pub_b));
    ck_assert(memcmp(pub_a, pub_b, g->pub_len) != 0);
    if (g != &pt_bssl_x25519) {
        ck_assert_uint_eq(pub_a[0], 0x04); /* uncompressed, RFC 8446 section 4.2.8.2 */
    }
    ck_assert_pt_ok(g->derive(a.ctx, pt_slice_of(pub_b, g->pub_len), sa));
    ck_assert_pt_ok(g->derive(b.ctx, pt_slice_of(pub_a, g->pub_len), sb));
    ck_assert_mem_eq(sa, sb, g->secret_len);
    ck_assert(memcmp(sa, zero, g->secret_len) != 0);
    g->cleanup(a.ctx);
    g->cleanup(b.ctx);
}
END_TEST

/* A valid peer share for `g` (a fresh key's), written to `peer`. */
static void valid_peer(const pt_kx_group *g, uint8_t *peer)
{
    kx_buf k;
    ck_assert_pt_ok(g->keygen(k.ctx, peer));
    g->cleanup(k.ctx);
}

/* keygen, then derive with `peer`, expecting `expected`. */
static void expect_derive(const pt_kx_group *g, const uint8_t *peer, size_t len, pt_err expected)
{
    kx_buf k;
    uint8_t pub[PT_KX_PUB_MAX], secret[PT_KX_SECRET_MAX];

    ck_assert_pt_ok(g->keygen(k.ctx, pub));
    ck_assert_pt_err(g->derive(k.ctx, pt_slice_of(peer, len), secret), expected);
    /* A bad share is the peer's doing: nothing is left in libcrypto's error queue. */
    ck_assert_uint_eq(ERR_peek_error(), 0);
    g->cleanup(k.ctx);
}

START_TEST(wrong_length_shares_are_refused)
{
    const pt_kx_group *g = groups[_i];
    uint8_t peer[PT_KX_PUB_MAX + 16];
    static const size_t deltas[] = {1, 2, 16};

    memset(peer, 0, sizeof(peer));
    valid_peer(g, peer);
    expect_derive(g, NULL, 0, BAD_SHARE);
    expect_derive(g, peer, 1, BAD_SHARE);
    for (size_t i = 0; i < PT_ARRAY_LEN(deltas); i++) {
        expect_derive(g, peer, g->pub_len - deltas[i], BAD_SHARE);
        expect_derive(g, peer, g->pub_len + deltas[i], BAD_SHARE);
    }
    /* The untruncated share is fine, so the refusals were about length. */
    expect_derive(g, peer, g->pub_len, PT_OK);
}
END_TEST

START_TEST(ec_compressed_and_hybrid_points_are_refused)
{
    const pt_kx_group *g = groups[1 + _i];
    size_t coord = (g->pub_len - 1) / 2;
    uint8_t peer[PT_KX_PUB_MAX], alt[PT_KX_PUB_MAX];

    valid_peer(g, peer);
    /* Compressed form 0x02/0x03 || X (SEC 1 2.3.3), which TLS 1.3 does not allow. */
    memcpy(alt, peer, g->pub_len);
    alt[0] = (uint8_t)(0x02 | (peer[g->pub_len - 1] & 1));
    expect_derive(g, alt, 1 + coord, BAD_SHARE);
    alt[0] ^= 1; /* the other parity: a different, also valid, point, still compressed */
    expect_derive(g, alt, 1 + coord, BAD_SHARE);
    /* Full length but not the uncompressed marker: hybrid (0x06/0x07), compressed tag, garbage. */
    static const uint8_t tags[] = {0x00, 0x02, 0x03, 0x05, 0x06, 0x07, 0x44, 0xff};
    for (size_t i = 0; i < sizeof(tags); i++) {
        memcpy(alt, peer, g->pub_len);
        alt[0] = tags[i];
        expect_derive(g, alt, g->pub_len, BAD_SHARE);
    }
}
END_TEST

START_TEST(ec_off_curve_points_are_refused)
{
    const pt_kx_group *g = groups[1 + _i];
    size_t coord = (g->pub_len - 1) / 2;
    uint8_t peer[PT_KX_PUB_MAX], alt[PT_KX_PUB_MAX];

    valid_peer(g, peer);
    /* Any single flipped bit in X or Y leaves the curve (y^2 = x^3 - 3x + b no longer holds). */
    for (size_t byte = 1; byte < g->pub_len; byte += 7) {
        memcpy(alt, peer, g->pub_len);
        alt[byte] ^= 0x10;
        expect_derive(g, alt, g->pub_len, BAD_SHARE);
    }
    /* (0, 0) is not on either curve: the natural spelling of "the point at infinity" at full length. */
    memset(alt, 0, sizeof(alt));
    alt[0] = 0x04;
    expect_derive(g, alt, g->pub_len, BAD_SHARE);
    /* Coordinates that are not field elements (all ones is above p for both curves). */
    memset(alt, 0xff, sizeof(alt));
    alt[0] = 0x04;
    expect_derive(g, alt, g->pub_len, BAD_SHARE);
    memcpy(alt, peer, g->pub_len);
    memset(alt + 1, 0xff, coord);
    expect_derive(g, alt, g->pub_len, BAD_SHARE);
}
END_TEST

START_TEST(ec_point_at_infinity_is_refused)
{
    const pt_kx_group *g = groups[1 + _i];
    static const uint8_t infinity[] = {0x00}; /* SEC 1 2.3.3: the point at infinity is one 0x00 byte */

    expect_derive(g, infinity, sizeof(infinity), BAD_SHARE);
}
END_TEST

START_TEST(derive_without_keygen_or_twice_fails)
{
    const pt_kx_group *g = groups[_i];
    kx_buf k;
    uint8_t pub[PT_KX_PUB_MAX], peer[PT_KX_PUB_MAX], secret[PT_KX_SECRET_MAX];

    valid_peer(g, peer);
    /* A zeroed context has no key: cleanup is safe and derive is an internal error. */
    memset(k.ctx, 0, sizeof(k.ctx));
    g->cleanup(k.ctx);
    ck_assert_pt_err(g->derive(k.ctx, pt_slice_of(peer, g->pub_len), secret), PT_ERR_INTERNAL);
    /* derive consumes the private key: a second call fails rather than reuse it. */
    ck_assert_pt_ok(g->keygen(k.ctx, pub));
    ck_assert_pt_ok(g->derive(k.ctx, pt_slice_of(peer, g->pub_len), secret));
    ck_assert_pt_err(g->derive(k.ctx, pt_slice_of(peer, g->pub_len), secret), PT_ERR_INTERNAL);
    g->cleanup(k.ctx);
    /* keygen then cleanup without derive releases the key (ASan's leak check watches this). */
    memset(k.ctx, 0xa5, sizeof(k.ctx)); /* keygen must not trust old contents */
    ck_assert_pt_ok(g->keygen(k.ctx, pub));
    g->cleanup(k.ctx);
    g->cleanup(k.ctx);
}
END_TEST

START_TEST(descriptor_fields)
{
    const pt_kx_group *g = groups[_i];
    static const uint16_t ids[] = {0x001d, 0x0017, 0x0018};
    static const char *const names[] = {"X25519", "secp256r1", "secp384r1"};
    static const uint8_t pub_lens[] = {32, 65, 97};
    static const uint8_t secret_lens[] = {32, 32, 48};

    ck_assert_uint_eq(g->id, ids[_i]);
    ck_assert_str_eq(g->name, names[_i]);
    ck_assert_uint_eq(g->pub_len, pub_lens[_i]);
    ck_assert_uint_eq(g->secret_len, secret_lens[_i]);
    ck_assert_uint_le(g->pub_len, PT_KX_PUB_MAX);
    ck_assert_uint_le(g->secret_len, PT_KX_SECRET_MAX);
    ck_assert_uint_le(g->ctx_size, PT_KX_CTX_MAX);
}
END_TEST

START_TEST(set_private_refuses_bad_scalars)
{
    kx_buf k;
    uint8_t pub[PT_KX_PUB_MAX], zero[48] = {0}, ones[48];

    memset(ones, 0xff, sizeof(ones)); /* above the group order of both curves */
    ck_assert_pt_err(pt_bssl_kx_set_private(k.ctx, &pt_bssl_secp256r1, pt_slice_of(zero, 32), pub), PT_ERR_INTERNAL);
    ck_assert_pt_err(pt_bssl_kx_set_private(k.ctx, &pt_bssl_secp256r1, pt_slice_of(ones, 32), pub), PT_ERR_INTERNAL);
    ck_assert_pt_err(pt_bssl_kx_set_private(k.ctx, &pt_bssl_secp384r1, pt_slice_of(ones, 48), pub), PT_ERR_INTERNAL);
    ck_assert_pt_err(pt_bssl_kx_set_private(k.ctx, &pt_bssl_secp384r1, pt_slice_of(ones, 32), pub), PT_ERR_INTERNAL);
    ck_assert_pt_err(pt_bssl_kx_set_private(k.ctx, &pt_bssl_x25519, pt_slice_of(ones, 31), pub), PT_ERR_INTERNAL);
    ck_assert_uint_eq(ERR_peek_error(), 0);
    pt_bssl_x25519.cleanup(k.ctx);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("kx");
    TCase *tc = tcase_create("vectors");
    tcase_add_test(tc, x25519_rfc7748_section_5_2);
    tcase_add_test(tc, x25519_rfc7748_section_6_1);
    tcase_add_loop_test(tc, x25519_refuses_low_order_points, 0, (int)PT_ARRAY_LEN(x25519_low_order));
    tcase_add_test(tc, ecdh_p256_rfc5903_section_8_1);
    tcase_add_test(tc, ecdh_p384_rfc5903_section_8_2);
    tcase_add_test(tc, set_private_refuses_bad_scalars);
    suite_add_tcase(s, tc);
    tc = tcase_create("groups");
    tcase_add_loop_test(tc, random_exchange_agrees, 0, (int)PT_ARRAY_LEN(groups));
    tcase_add_loop_test(tc, wrong_length_shares_are_refused, 0, (int)PT_ARRAY_LEN(groups));
    tcase_add_loop_test(tc, ec_compressed_and_hybrid_points_are_refused, 0, 2);
    tcase_add_loop_test(tc, ec_off_curve_points_are_refused, 0, 2);
    tcase_add_loop_test(tc, ec_point_at_infinity_is_refused, 0, 2);
    tcase_add_loop_test(tc, derive_without_keygen_or_twice_fails, 0, (int)PT_ARRAY_LEN(groups));
    tcase_add_loop_test(tc, descriptor_fields, 0, (int)PT_ARRAY_LEN(groups));
    suite_add_tcase(s, tc);
    return pt_test_run(s);
}
