/*
 * test_hash.c - SHA-256/384/512, HMAC and HKDF from src/provider/boringssl/hash.c, and
 * pt_hash_digest (src/provider/hash_util.c), against published vectors.
 */
#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

#include "provider/boringssl/bssl.h"
#include "testlib/pttest.h"

static const pt_hash *const hashes[] = {&pt_bssl_sha256, &pt_bssl_sha384, &pt_bssl_sha512};

/* ---------------------------------------------------------------- digests */

/*
 * FIPS 180-2 appendix B/C/D examples (and the NIST CAVS "empty message" values):
 * "abc", the 448-bit (SHA-256) or 896-bit (SHA-384/512) two-block message, and one million 'a'.
 */
#define MSG448 "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
#define MSG896                                                                                                         \
    "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"

typedef struct digest_vector {
    const pt_hash *h;
    const char *msg; /* NULL: one million 'a' */
    const char *digest;
} digest_vector;

static const digest_vector digests[] = {
    {&pt_bssl_sha256, "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
    {&pt_bssl_sha256, "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
    {&pt_bssl_sha256, MSG448, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
    {&pt_bssl_sha256, NULL, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"},
    {&pt_bssl_sha384, "abc",
     "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7"},
    {&pt_bssl_sha384, "",
     "38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b"},
    {&pt_bssl_sha384, MSG896,
     "09330c33f71147e83d192fc782cd1b4753111b173b3b05d22fa08086e3b0f712fcc7c71a557e2db966c3e9fa91746039"},
    {&pt_bssl_sha384, NULL,
     "9d0e1809716474cb086e834e310a4a1ced149e9c00f248527972cec5704c2a5b07b8b3dc38ecc4ebae97ddd87f3d8985"},
    {&pt_bssl_sha512, "abc",
     "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd"
     "454d4423643ce80e2a9ac94fa54ca49f"},
    {&pt_bssl_sha512, "",
     "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f"
     "63b931bd47417a81a538327af927da3e"},
    {&pt_bssl_sha512, MSG896,
     "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018501d289e4900f7e4331b99dec4b5433a"
     "c7d329eeb6dd26545e96e55b874be909"},
    {&pt_bssl_sha512, NULL,
     "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973ebde0ff244877ea60a4cb0432ce577c31b"
     "eb009c5c2c49aa2e4eadb217ad8cc09b"},
};

START_TEST(digest_matches_fips_180_examples)
{
    const digest_vector *v = &digests[_i];
    alignas(16) uint8_t ctx[PT_HASH_CTX_MAX];
    uint8_t out[PT_HASH_MAX];

    if (v->msg != NULL) {
        /* One shot, and streamed one byte at a time (block boundaries land everywhere). */
        pt_hash_digest(v->h, (const uint8_t *)v->msg, strlen(v->msg), out);
        ck_assert_hex_eq(out, v->h->out_len, v->digest);

        memset(out, 0, sizeof(out));
        v->h->init(ctx);
        for (size_t i = 0; i < strlen(v->msg); i++) {
            v->h->update(ctx, (const uint8_t *)v->msg + i, 1);
        }
        v->h->final(ctx, out);
        ck_assert_hex_eq(out, v->h->out_len, v->digest);
    } else {
        /* One million 'a', fed in uneven chunks of 1000 and 7 to cross block boundaries. */
        uint8_t a[1000];
        size_t done = 0;

        memset(a, 'a', sizeof(a));
        v->h->init(ctx);
        while (done < 1000000) {
            size_t n = (done / 1000) % 2 ? 7 : 1000;
            if (n > 1000000 - done) {
                n = 1000000 - done;
            }
            v->h->update(ctx, a, n);
            done += n;
        }
        v->h->final(ctx, out);
        ck_assert_hex_eq(out, v->h->out_len, v->digest);
    }
}
END_TEST

START_TEST(digest_of_null_empty_input)
{
    const pt_hash *h = hashes[_i];
    uint8_t a[PT_HASH_MAX], b[PT_HASH_MAX];

    /* A {NULL, 0} input is the empty message. */
    pt_hash_digest(h, NULL, 0, a);
    pt_hash_digest(h, (const uint8_t *)"", 0, b);
    ck_assert_mem_eq(a, b, h->out_len);
}
END_TEST

START_TEST(copy_snapshots_a_running_hash)
{
    const pt_hash *h = hashes[_i];
    alignas(16) uint8_t ctx[PT_HASH_CTX_MAX], snap[PT_HASH_CTX_MAX];
    uint8_t mid[PT_HASH_MAX], end[PT_HASH_MAX], want[PT_HASH_MAX];
    const char *msg = MSG896;
    size_t half = 37, len = strlen(msg);

    /* The snapshot after `half` bytes is the digest of the prefix ... */
    h->init(ctx);
    h->update(ctx, (const uint8_t *)msg, half);
    h->copy(snap, ctx);
    h->final(snap, mid);
    pt_hash_digest(h, (const uint8_t *)msg, half, want);
    ck_assert_mem_eq(mid, want, h->out_len);

    /* ... and taking it left the running hash untouched: it continues to the full digest. */
    h->update(ctx, (const uint8_t *)msg + half, len - half);
    h->copy(snap, ctx);
    h->final(ctx, end);
    pt_hash_digest(h, (const uint8_t *)msg, len, want);
    ck_assert_mem_eq(end, want, h->out_len);
    /* A snapshot taken at the end gives the same digest again. */
    memset(end, 0, sizeof(end));
    h->final(snap, end);
    ck_assert_mem_eq(end, want, h->out_len);
    ck_assert(memcmp(mid, end, h->out_len) != 0);
}
END_TEST

START_TEST(descriptor_fields)
{
    const pt_hash *h = hashes[_i];
    static const uint8_t out_lens[] = {32, 48, 64};
    static const uint16_t block_lens[] = {64, 128, 128};
    static const char *const names[] = {"SHA256", "SHA384", "SHA512"};

    ck_assert_uint_eq(h->out_len, out_lens[_i]);
    ck_assert_uint_eq(h->block_len, block_lens[_i]);
    ck_assert_str_eq(h->name, names[_i]);
    ck_assert_uint_le(h->ctx_size, PT_HASH_CTX_MAX);
    ck_assert_uint_le(h->out_len, PT_HASH_MAX);
}
END_TEST

/* ---------------------------------------------------------------- HMAC, RFC 4231 section 4 */

typedef struct hmac_vector {
    const char *key;  /* hex */
    const char *data; /* hex */
    size_t trunc;     /* compare only this many bytes (test case 5); 0 = all */
    const char *sha256, *sha384, *sha512;
} hmac_vector;

#define AA131 /* 131 bytes of 0xaa */ \
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" \
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" \
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" \
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" \
    "aaaaaa"
#define DD50                                                                                                           \
    "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd"
#define CD50                                                                                                           \
    "cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd"

static const hmac_vector hmacs[] = {
    /* Test case 1: "Hi There" */
    {"0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "4869205468657265", 0,
     "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
     "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6",
     "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4"
     "be9d914eeb61f1702e696c203a126854"},
    /* Test case 2: key "Jefe", "what do ya want for nothing?" */
    {"4a656665", "7768617420646f2079612077616e7420666f72206e6f7468696e673f", 0,
     "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
     "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649",
     "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fd"
     "caeab1a34d4a6b4b636e070a38bce737"},
    /* Test case 3 */
    {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", DD50, 0,
     "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
     "88062608d3e6ad8a0aa2ace014c8a86f0aa635d947ac9febe83ef4e55966144b2a5ab39dc13814b94e3ab6e101a34f27",
     "fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39bf3e848279a722c806b485a47e67c807"
     "b946a337bee8942674278859e13292fb"},
    /* Test case 4 */
    {"0102030405060708090a0b0c0d0e0f10111213141516171819", CD50, 0,
     "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
     "3e8a69b7783c25851933ab6290af6ca77a9981480850009cc5577c6e1f573b4e6801dd23c4a7d679ccf8a386c674cffb",
     "b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3dba91ca5c11aa25eb4d679275cc5788063"
     "a5f19741120c4f2de2adebeb10a298dd"},
    /* Test case 5: "Test With Truncation", output truncated to 128 bits */
    {"0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c", "546573742057697468205472756e636174696f6e", 16,
     "a3b6167473100ee06e0c796c2955552b", "3abf34c3503b2a23a46efc619baef897", "415fad6271580a531d4179bc891d87a6"},
    /* Test case 6: "Test Using Larger Than Block-Size Key - Hash Key First" */
    {AA131,
     "54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a65204b6579202d2048617368204b6579"
     "204669727374",
     0, "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
     "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c60c2ef6ab4030fe8296248df163f44952",
     "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f3526b56d037e05f2598bd0fd2215d6a1e52"
     "95e64f73f63f0aec8b915a985d786598"},
    /* Test case 7: "This is a test using a larger than block-size key and a larger than block-size data. ..." */
    {AA131,
     "5468697320697320612074657374207573696e672061206c6172676572207468616e20626c6f636b2d73697a65206b"
     "657920616e642061206c6172676572207468616e20626c6f636b2d73697a6520646174612e20546865206b6579206e"
     "6565647320746f20626520686173686564206265666f7265206265696e6720757365642062792074686520484d4143"
     "20616c676f726974686d2e",
     0, "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
     "6617178e941f020d351e2f254e8fd32c602420feb0b8fb9adccebb82461e99c5a678cc31e799176d3860e6110c46523e",
     "e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944b6022cac3c4982b10d5eeb55c3e4de15"
     "134676fb6de0446065c97440fa8c6a58"},
};

START_TEST(hmac_matches_rfc4231)
{
    const hmac_vector *v = &hmacs[_i / 3];
    const pt_hash *h = hashes[_i % 3];
    const char *want = (_i % 3) == 0 ? v->sha256 : (_i % 3) == 1 ? v->sha384 : v->sha512;
    size_t key_len, data_len, n;
    uint8_t *key = pt_test_unhex(v->key, &key_len);
    uint8_t *data = pt_test_unhex(v->data, &data_len);
    uint8_t out[PT_HASH_MAX];
    pt_slice whole = pt_slice_of(data, data_len);

    n = v->trunc ? v->trunc : h->out_len;
    ck_assert_pt_ok(h->hmac(pt_slice_of(key, key_len), &whole, 1, out));
    ck_assert_hex_eq(out, n, want);

    /* The same message split into parts (the way TLS feeds label, context and counter). */
    for (size_t cut1 = 0; cut1 <= data_len; cut1 += 3) {
        size_t cut2 = cut1 + (data_len - cut1) / 2;
        pt_slice parts[3] = {pt_slice_of(data, cut1), pt_slice_of(data + cut1, cut2 - cut1),
                             pt_slice_of(data + cut2, data_len - cut2)};
        memset(out, 0, sizeof(out));
        ck_assert_pt_ok(h->hmac(pt_slice_of(key, key_len), parts, 3, out));
        ck_assert_hex_eq(out, n, want);
    }
    free(key);
    free(data);
}
END_TEST

START_TEST(hmac_with_no_parts_and_empty_key)
{
    const pt_hash *h = hashes[_i];
    uint8_t a[PT_HASH_MAX], b[PT_HASH_MAX];
    pt_slice empty = PT_SLICE_EMPTY;

    /* HMAC(empty key, empty message) is the same whichever way the emptiness is spelled. */
    ck_assert_pt_ok(h->hmac(PT_SLICE_EMPTY, NULL, 0, a));
    ck_assert_pt_ok(h->hmac(pt_slice_of("", 0), &empty, 1, b));
    ck_assert_mem_eq(a, b, h->out_len);
    if (h == &pt_bssl_sha256) {
        /* HMAC-SHA256("", ""), as Python's hmac module and OpenSSL's `openssl mac` also give it. */
        ck_assert_hex_eq(a, 32, "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
    }
}
END_TEST

/* ---------------------------------------------------------------- HKDF, RFC 5869 appendix A */

typedef struct hkdf_vector {
    const char *ikm, *salt, *info;
    size_t len;
    const char *prk, *okm;
} hkdf_vector;

static const hkdf_vector hkdfs[] = {
    /* A.1 Test Case 1: basic */
    {"0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "000102030405060708090a0b0c", "f0f1f2f3f4f5f6f7f8f9", 42,
     "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5",
     "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"},
    /* A.2 Test Case 2: longer inputs and outputs */
    {"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f"
     "303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f",
     "606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f"
     "909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeaf",
     "b0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf"
     "e0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff",
     82, "06a6b88c5853361a06104c9ceb35b45cef760014904671014a193f40c15fc244",
     "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c59045a99cac7827271cb41c65e590e09"
     "da3275600c2f09b8367793a9aca3db71cc30c58179ec3e87c14c01d5c1f3434f1d87"},
    /* A.3 Test Case 3: zero-length salt and info */
    {"0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "", "", 42,
     "19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04",
     "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"},
};

START_TEST(hkdf_sha256_matches_rfc5869)
{
    const hkdf_vector *v = &hkdfs[_i];
    const pt_hash *h = &pt_bssl_sha256;
    size_t ikm_len, salt_len, info_len;
    uint8_t *ikm = pt_test_unhex(v->ikm, &ikm_len);
    uint8_t *salt = pt_test_unhex(v->salt, &salt_len);
    uint8_t *info = pt_test_unhex(v->info, &info_len);
    uint8_t prk[PT_HASH_MAX], okm[128];

    ck_assert_pt_ok(h->hkdf_extract(pt_slice_of(salt, salt_len), pt_slice_of(ikm, ikm_len), prk));
    ck_assert_hex_eq(prk, h->out_len, v->prk);
    ck_assert_pt_ok(h->hkdf_expand(pt_slice_of(prk, h->out_len), pt_slice_of(info, info_len), okm, v->len));
    ck_assert_hex_eq(okm, v->len, v->okm);
    /* RFC 5869 section 2.2: an absent salt is HashLen zeros; test case 3 gives the same PRK. */
    if (salt_len == 0) {
        uint8_t zeros[PT_HASH_MAX] = {0};
        ck_assert_pt_ok(h->hkdf_extract(pt_slice_of(zeros, h->out_len), pt_slice_of(ikm, ikm_len), okm));
        ck_assert_mem_eq(okm, prk, h->out_len);
        ck_assert_pt_ok(h->hkdf_extract(PT_SLICE_EMPTY, pt_slice_of(ikm, ikm_len), okm));
        ck_assert_mem_eq(okm, prk, h->out_len);
    }
    free(ikm);
    free(salt);
    free(info);
}
END_TEST

/*
 * HKDF-SHA384 has no RFC 5869 vector, so check it against the definition (RFC 5869 section 2)
 * built from HMAC-SHA384, which hmac_matches_rfc4231 pins to published values:
 *   PRK = HMAC(salt, IKM);  T(i) = HMAC(PRK, T(i-1) || info || i);  OKM = first L bytes of T(1)||T(2)||...
 */
START_TEST(hkdf_matches_its_definition)
{
    const pt_hash *h = hashes[_i];
    const uint8_t ikm[] = "input keying material for the SHA-384 check";
    const uint8_t salt[] = "a salt of some length";
    const uint8_t info[] = "tls13 derived";
    uint8_t prk[PT_HASH_MAX], want_prk[PT_HASH_MAX], okm[200], want[200 + PT_HASH_MAX], t[PT_HASH_MAX];
    size_t len = 3 * h->out_len - 5; /* three blocks, the last one partial */
    pt_slice parts[3];
    uint8_t counter;

    ck_assert_uint_le(len, sizeof(okm));
    parts[0] = pt_slice_of(ikm, sizeof(ikm) - 1);
    ck_assert_pt_ok(h->hmac(pt_slice_of(salt, sizeof(salt) - 1), parts, 1, want_prk));
    ck_assert_pt_ok(h->hkdf_extract(pt_slice_of(salt, sizeof(salt) - 1), pt_slice_of(ikm, sizeof(ikm) - 1), prk));
    ck_assert_mem_eq(prk, want_prk, h->out_len);

    for (size_t i = 0, off = 0; off < len; i++, off += h->out_len) {
        counter = (uint8_t)(i + 1);
        parts[0] = i == 0 ? PT_SLICE_EMPTY : pt_slice_of(t, h->out_len);
        parts[1] = pt_slice_of(info, sizeof(info) - 1);
        parts[2] = pt_slice_of(&counter, 1);
        ck_assert_pt_ok(h->hmac(pt_slice_of(prk, h->out_len), parts, 3, t));
        memcpy(want + off, t, h->out_len);
    }
    ck_assert_pt_ok(h->hkdf_expand(pt_slice_of(prk, h->out_len), pt_slice_of(info, sizeof(info) - 1), okm, len));
    ck_assert_mem_eq(okm, want, len);
    /* A shorter output is a prefix of the longer one. */
    ck_assert_pt_ok(h->hkdf_expand(pt_slice_of(prk, h->out_len), pt_slice_of(info, sizeof(info) - 1), okm, 12));
    ck_assert_mem_eq(okm, want, 12);
}
END_TEST

START_TEST(hkdf_expand_refuses_more_than_255_blocks)
{
    const pt_hash *h = hashes[_i];
    uint8_t prk[PT_HASH_MAX] = {1};
    size_t max = 255 * (size_t)h->out_len;
    uint8_t *out = malloc(max + 1);

    ck_assert_ptr_nonnull(out);
    /* RFC 5869 section 2.3: L <= 255*HashLen. */
    ck_assert_pt_ok(h->hkdf_expand(pt_slice_of(prk, h->out_len), PT_SLICE_EMPTY, out, max));
    ck_assert_pt_err(h->hkdf_expand(pt_slice_of(prk, h->out_len), PT_SLICE_EMPTY, out, max + 1), PT_ERR_INTERNAL);
    free(out);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("hash");
    TCase *tc = tcase_create("digest");
    tcase_add_loop_test(tc, digest_matches_fips_180_examples, 0, (int)PT_ARRAY_LEN(digests));
    tcase_add_loop_test(tc, digest_of_null_empty_input, 0, (int)PT_ARRAY_LEN(hashes));
    tcase_add_loop_test(tc, copy_snapshots_a_running_hash, 0, (int)PT_ARRAY_LEN(hashes));
    tcase_add_loop_test(tc, descriptor_fields, 0, (int)PT_ARRAY_LEN(hashes));
    suite_add_tcase(s, tc);
    tc = tcase_create("hmac");
    tcase_add_loop_test(tc, hmac_matches_rfc4231, 0, (int)(PT_ARRAY_LEN(hmacs) * 3));
    tcase_add_loop_test(tc, hmac_with_no_parts_and_empty_key, 0, (int)PT_ARRAY_LEN(hashes));
    suite_add_tcase(s, tc);
    tc = tcase_create("hkdf");
    tcase_add_loop_test(tc, hkdf_sha256_matches_rfc5869, 0, (int)PT_ARRAY_LEN(hkdfs));
    tcase_add_loop_test(tc, hkdf_matches_its_definition, 0, (int)PT_ARRAY_LEN(hashes));
    tcase_add_loop_test(tc, hkdf_expand_refuses_more_than_255_blocks, 0, (int)PT_ARRAY_LEN(hashes));
    suite_add_tcase(s, tc);
    return pt_test_run(s);
}
