/*
 * test_aead.c - the BoringSSL AEADs (src/provider/boringssl/aead.c) against published vectors,
 * in-place round trips, and tampering.
 */
#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

/* Only to check that failures leave libcrypto's per-thread error queue empty. */
#include <openssl/err.h>

#include "provider/boringssl/bssl.h"
#include "testlib/pttest.h"

#define BAD_MAC PT_ERR(BAD_RECORD_MAC, RUSTLS_RESULT_DECRYPT_ERROR)

typedef struct aead_vector {
    const char *source;
    const pt_aead *aead;
    const char *key, *nonce, *ad, *pt, *ct, *tag;
} aead_vector;

/* McGrew & Viega, "The Galois/Counter Mode of Operation (GCM)", appendix B (also NIST SP 800-38D). */
#define GCM_P60                                                                                                        \
    "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"                                                 \
    "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39"
#define GCM_P64 GCM_P60 "1aafd255"
#define GCM_AD "feedfacedeadbeeffeedfacedeadbeefabaddad2"
#define GCM_K128 "feffe9928665731c6d6a8f9467308308"
#define GCM_IV "cafebabefacedbaddecaf888"
#define GCM_C128_60                                                                                                    \
    "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"                                                 \
    "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091"
#define GCM_C256_60                                                                                                    \
    "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"                                                 \
    "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662"
#define ZERO16 "00000000000000000000000000000000"
#define ZERO12 "000000000000000000000000"

/* RFC 8439 section 2.8.2: "Ladies and Gentlemen of the class of '99: ..." */
#define CHACHA_PT                                                                                                      \
    "4c616469657320616e642047656e746c656d656e206f662074686520636c6173"                                                 \
    "73206f66202739393a204966204920636f756c64206f6666657220796f75206f"                                                 \
    "6e6c79206f6e652074697020666f7220746865206675747572652c2073756e73"                                                 \
    "637265656e20776f756c642062652069742e"
#define CHACHA_CT                                                                                                      \
    "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6"                                                 \
    "3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36"                                                 \
    "92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc"                                                 \
    "3ff4def08e4b7a9de576d26586cec64b6116"

static const aead_vector vectors[] = {
    {"GCM test case 1", &pt_bssl_aes128gcm, ZERO16, ZERO12, "", "", "", "58e2fccefa7e3061367f1d57a4e7455a"},
    {"GCM test case 2", &pt_bssl_aes128gcm, ZERO16, ZERO12, "", ZERO16, "0388dace60b6a392f328c2b971b2fe78",
     "ab6e47d42cec13bdf53a67b21257bddf"},
    {"GCM test case 3", &pt_bssl_aes128gcm, GCM_K128, GCM_IV, "", GCM_P64, GCM_C128_60 "473f5985",
     "4d5c2af327cd64a62cf35abd2ba6fab4"},
    {"GCM test case 4", &pt_bssl_aes128gcm, GCM_K128, GCM_IV, GCM_AD, GCM_P60, GCM_C128_60,
     "5bc94fbc3221a5db94fae95ae7121a47"},
    {"GCM test case 13", &pt_bssl_aes256gcm, ZERO16 ZERO16, ZERO12, "", "", "", "530f8afbc74536b9a963b4f1c4cb738b"},
    {"GCM test case 14", &pt_bssl_aes256gcm, ZERO16 ZERO16, ZERO12, "", ZERO16, "cea7403d4d606b6e074ec5d3baf39d18",
     "d0d1c8a799996bf0265b98b5d48ab919"},
    {"GCM test case 15", &pt_bssl_aes256gcm, GCM_K128 GCM_K128, GCM_IV, "", GCM_P64, GCM_C256_60 "898015ad",
     "b094dac5d93471bdec1a502270e3cc6c"},
    {"GCM test case 16", &pt_bssl_aes256gcm, GCM_K128 GCM_K128, GCM_IV, GCM_AD, GCM_P60, GCM_C256_60,
     "76fc6ece0f4e1768cddf8853bb2d551b"},
    {"RFC 8439 2.8.2", &pt_bssl_chacha20poly1305, "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f",
     "070000004041424344454647", "50515253c0c1c2c3c4c5c6c7", CHACHA_PT, CHACHA_CT, "1ae10b594f09e26a7e902ecbd0600691"},
};

static const pt_aead *const aeads[] = {&pt_bssl_aes128gcm, &pt_bssl_aes256gcm, &pt_bssl_chacha20poly1305};

/* A decoded vector with its own in-place buffer (room for the tag). */
typedef struct decoded {
    uint8_t *key, *nonce, *ad, *pt, *expect; /* expect = ct || tag */
    size_t key_len, nonce_len, ad_len, pt_len, expect_len;
    uint8_t *buf;
} decoded;

static void decode(const aead_vector *v, decoded *d)
{
    size_t ct_len, tag_len;
    uint8_t *ct = pt_test_unhex(v->ct, &ct_len);
    uint8_t *tag = pt_test_unhex(v->tag, &tag_len);

    d->key = pt_test_unhex(v->key, &d->key_len);
    d->nonce = pt_test_unhex(v->nonce, &d->nonce_len);
    d->ad = pt_test_unhex(v->ad, &d->ad_len);
    d->pt = pt_test_unhex(v->pt, &d->pt_len);
    ck_assert_uint_eq(d->key_len, v->aead->key_len);
    ck_assert_uint_eq(d->nonce_len, PT_AEAD_NONCE_LEN);
    ck_assert_uint_eq(ct_len, d->pt_len);
    ck_assert_uint_eq(tag_len, PT_AEAD_TAG_LEN);
    d->expect_len = ct_len + tag_len;
    d->expect = malloc(d->expect_len);
    d->buf = malloc(d->expect_len);
    ck_assert_ptr_nonnull(d->expect);
    ck_assert_ptr_nonnull(d->buf);
    memcpy(d->expect, ct, ct_len);
    memcpy(d->expect + ct_len, tag, tag_len);
    free(ct);
    free(tag);
}

static void decoded_free(decoded *d)
{
    free(d->key);
    free(d->nonce);
    free(d->ad);
    free(d->pt);
    free(d->expect);
    free(d->buf);
}

START_TEST(seal_and_open_match_published_vectors)
{
    const aead_vector *v = &vectors[_i];
    alignas(16) uint8_t ctx[PT_AEAD_CTX_MAX];
    decoded d;
    size_t out_len = 0;

    decode(v, &d);
    ck_assert_pt_ok(v->aead->init(ctx, d.key));

    /* Seal in place: plaintext in, ciphertext || tag out, in the same buffer. */
    memcpy(d.buf, d.pt, d.pt_len);
    ck_assert_pt_ok(v->aead->seal(ctx, d.nonce, d.ad, d.ad_len, d.buf, d.pt_len));
    ck_assert_msg(memcmp(d.buf, d.expect, d.expect_len) == 0, "%s: sealed record differs", v->source);

    /*
     * Seal out of place with the last few plaintext bytes as extra input (how TLS 1.3's inner
     * content type is sealed): the same published ciphertext || tag, split the same way.
     */
    for (size_t extra = 0; extra <= d.pt_len && extra <= 9; extra += 3) {
        size_t in_len = d.pt_len - extra;
        uint8_t *out = malloc(d.expect_len);
        ck_assert_ptr_nonnull(out);
        ck_assert_pt_ok(v->aead->seal_scatter(ctx, d.nonce, d.ad, d.ad_len, d.pt, in_len, d.pt + in_len, extra, out));
        ck_assert_msg(memcmp(out, d.expect, d.expect_len) == 0, "%s: scatter-sealed record differs (extra %zu)",
                      v->source, extra);
        free(out);
    }

    /* Open in place: the published ciphertext || tag gives back the plaintext. */
    memcpy(d.buf, d.expect, d.expect_len);
    ck_assert_pt_ok(v->aead->open(ctx, d.nonce, d.ad, d.ad_len, d.buf, d.expect_len, &out_len));
    ck_assert_uint_eq(out_len, d.pt_len);
    ck_assert_msg(memcmp(d.buf, d.pt, d.pt_len) == 0, "%s: opened plaintext differs", v->source);

    /* Open out of place: the plaintext lands in another buffer, the ciphertext is untouched. */
    {
        uint8_t *out = malloc(d.pt_len + 1);
        ck_assert_ptr_nonnull(out);
        out_len = 0;
        ck_assert_pt_ok(v->aead->open_to(ctx, d.nonce, d.ad, d.ad_len, d.expect, d.expect_len, out, &out_len));
        ck_assert_uint_eq(out_len, d.pt_len);
        ck_assert_msg(memcmp(out, d.pt, d.pt_len) == 0, "%s: plaintext opened out of place differs", v->source);
        d.expect[d.expect_len - 1] ^= 1;
        ck_assert_pt_err(v->aead->open_to(ctx, d.nonce, d.ad, d.ad_len, d.expect, d.expect_len, out, &out_len),
                         PT_ERR(BAD_RECORD_MAC, RUSTLS_RESULT_DECRYPT_ERROR));
        d.expect[d.expect_len - 1] ^= 1;
        free(out);
    }

    v->aead->cleanup(ctx);
    decoded_free(&d);
}
END_TEST

START_TEST(every_flipped_bit_is_bad_record_mac)
{
    const aead_vector *v = &vectors[_i];
    alignas(16) uint8_t ctx[PT_AEAD_CTX_MAX];
    decoded d;
    size_t out_len = 12345;

    decode(v, &d);
    ck_assert_pt_ok(v->aead->init(ctx, d.key));

    /* Ciphertext and tag: the whole record. */
    for (size_t bit = 0; bit < d.expect_len * 8; bit++) {
        memcpy(d.buf, d.expect, d.expect_len);
        d.buf[bit / 8] ^= (uint8_t)(1u << (bit % 8));
        ck_assert_pt_err(v->aead->open(ctx, d.nonce, d.ad, d.ad_len, d.buf, d.expect_len, &out_len), BAD_MAC);
        ck_assert_uint_eq(out_len, 12345); /* not written on failure */
        /* A forged record is the peer's doing: nothing is left queued for an unrelated caller. */
        ck_assert_uint_eq(ERR_peek_error(), 0);
    }
    /* Associated data (the record header in TLS). */
    for (size_t bit = 0; bit < d.ad_len * 8; bit++) {
        memcpy(d.buf, d.expect, d.expect_len);
        d.ad[bit / 8] ^= (uint8_t)(1u << (bit % 8));
        ck_assert_pt_err(v->aead->open(ctx, d.nonce, d.ad, d.ad_len, d.buf, d.expect_len, &out_len), BAD_MAC);
        d.ad[bit / 8] ^= (uint8_t)(1u << (bit % 8));
    }
    /* Nonce (a wrong sequence number). */
    for (size_t bit = 0; bit < PT_AEAD_NONCE_LEN * 8; bit++) {
        memcpy(d.buf, d.expect, d.expect_len);
        d.nonce[bit / 8] ^= (uint8_t)(1u << (bit % 8));
        ck_assert_pt_err(v->aead->open(ctx, d.nonce, d.ad, d.ad_len, d.buf, d.expect_len, &out_len), BAD_MAC);
        d.nonce[bit / 8] ^= (uint8_t)(1u << (bit % 8));
    }
    /* Truncated by one byte, and shorter than a tag. */
    memcpy(d.buf, d.expect, d.expect_len);
    ck_assert_pt_err(v->aead->open(ctx, d.nonce, d.ad, d.ad_len, d.buf, d.expect_len - 1, &out_len), BAD_MAC);
    for (size_t len = 0; len < PT_AEAD_TAG_LEN; len++) {
        memcpy(d.buf, d.expect, d.expect_len);
        ck_assert_pt_err(v->aead->open(ctx, d.nonce, d.ad, d.ad_len, d.buf, len, &out_len), BAD_MAC);
    }
    /* The untouched record still opens, so the failures above were the tampering. */
    memcpy(d.buf, d.expect, d.expect_len);
    ck_assert_pt_ok(v->aead->open(ctx, d.nonce, d.ad, d.ad_len, d.buf, d.expect_len, &out_len));
    ck_assert_uint_eq(out_len, d.pt_len);

    v->aead->cleanup(ctx);
    decoded_free(&d);
}
END_TEST

START_TEST(wrong_key_is_bad_record_mac)
{
    const aead_vector *v = &vectors[_i];
    alignas(16) uint8_t ctx[PT_AEAD_CTX_MAX];
    decoded d;
    size_t out_len = 0;

    decode(v, &d);
    d.key[0] ^= 0x80;
    ck_assert_pt_ok(v->aead->init(ctx, d.key));
    memcpy(d.buf, d.expect, d.expect_len);
    ck_assert_pt_err(v->aead->open(ctx, d.nonce, d.ad, d.ad_len, d.buf, d.expect_len, &out_len), BAD_MAC);
    ck_assert_uint_eq(ERR_peek_error(), 0);
    v->aead->cleanup(ctx);
    decoded_free(&d);
}
END_TEST

static const size_t round_trip_lens[] = {0, 1, 15, 16, 17, 63, 64, 65, 255, 1024, 16383, 16384, 16384 + 256};

START_TEST(in_place_round_trip)
{
    const pt_aead *a = aeads[_i];
    alignas(16) uint8_t ctx[PT_AEAD_CTX_MAX];
    uint8_t key[PT_AEAD_KEY_MAX], nonce[PT_AEAD_NONCE_LEN], ad[13];
    size_t max = 16384 + 256;
    uint8_t *plain = malloc(max), *buf = malloc(max + PT_AEAD_TAG_LEN);

    ck_assert_ptr_nonnull(plain);
    ck_assert_ptr_nonnull(buf);
    for (size_t i = 0; i < sizeof(key); i++) {
        key[i] = (uint8_t)(0x40 + i);
    }
    for (size_t i = 0; i < sizeof(nonce); i++) {
        nonce[i] = (uint8_t)(0xa0 ^ i);
    }
    for (size_t i = 0; i < sizeof(ad); i++) {
        ad[i] = (uint8_t)(i * 7);
    }
    for (size_t i = 0; i < max; i++) {
        plain[i] = (uint8_t)(i * 31 + (i >> 8));
    }
    ck_assert_pt_ok(a->init(ctx, key));
    for (size_t k = 0; k < PT_ARRAY_LEN(round_trip_lens); k++) {
        size_t len = round_trip_lens[k], out_len = 0;

        memcpy(buf, plain, len);
        ck_assert_pt_ok(a->seal(ctx, nonce, ad, sizeof(ad), buf, len));
        /* Encryption changed the bytes (any fixed 16-byte run matching by chance is negligible). */
        if (len >= 16) {
            ck_assert_msg(memcmp(buf, plain, 16) != 0, "%s len %zu: ciphertext equals plaintext", a->name, len);
        }
        ck_assert_pt_ok(a->open(ctx, nonce, ad, sizeof(ad), buf, len + PT_AEAD_TAG_LEN, &out_len));
        ck_assert_uint_eq(out_len, len);
        ck_assert_msg(memcmp(buf, plain, len) == 0, "%s len %zu: round trip differs", a->name, len);
    }
    a->cleanup(ctx);
    free(plain);
    free(buf);
}
END_TEST

START_TEST(descriptor_fields_and_limits)
{
    const pt_aead *a = aeads[_i];
    alignas(16) uint8_t ctx[PT_AEAD_CTX_MAX];

    ck_assert_uint_le(a->ctx_size, PT_AEAD_CTX_MAX);
    ck_assert_uint_le(a->key_len, PT_AEAD_KEY_MAX);
    ck_assert_uint_eq(a->nonce_len, PT_AEAD_NONCE_LEN);
    ck_assert_uint_eq(a->tag_len, PT_AEAD_TAG_LEN);
    if (a == &pt_bssl_chacha20poly1305) {
        ck_assert_str_eq(a->name, "CHACHA20_POLY1305");
        ck_assert_uint_eq(a->key_len, 32);
        ck_assert_uint_eq(a->confidentiality_limit, UINT64_MAX);
        ck_assert_uint_eq(a->integrity_limit, UINT64_C(1) << 36);
    } else {
        ck_assert_uint_eq(a->key_len, a == &pt_bssl_aes128gcm ? 16 : 32);
        ck_assert_str_eq(a->name, a == &pt_bssl_aes128gcm ? "AES_128_GCM" : "AES_256_GCM");
        /* Below RFC 8446 section 5.5's 2^24.5 records. */
        ck_assert_uint_eq(a->confidentiality_limit, UINT64_C(1) << 24);
        ck_assert_uint_lt(a->confidentiality_limit, UINT64_C(23726566));
        ck_assert_uint_eq(a->integrity_limit, UINT64_C(1) << 52);
    }
    /* cleanup on a zeroed context (one never keyed) is safe, and twice after init too. */
    memset(ctx, 0, sizeof(ctx));
    a->cleanup(ctx);
    ck_assert_pt_ok(a->init(ctx, (const uint8_t *)"0123456789abcdef0123456789abcdef"));
    a->cleanup(ctx);
    a->cleanup(ctx);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("aead");
    TCase *tc = tcase_create("vectors");
    tcase_add_loop_test(tc, seal_and_open_match_published_vectors, 0, (int)PT_ARRAY_LEN(vectors));
    tcase_add_loop_test(tc, every_flipped_bit_is_bad_record_mac, 0, (int)PT_ARRAY_LEN(vectors));
    tcase_add_loop_test(tc, wrong_key_is_bad_record_mac, 0, (int)PT_ARRAY_LEN(vectors));
    suite_add_tcase(s, tc);
    tc = tcase_create("round_trip");
    tcase_add_loop_test(tc, in_place_round_trip, 0, (int)PT_ARRAY_LEN(aeads));
    tcase_add_loop_test(tc, descriptor_fields_and_limits, 0, (int)PT_ARRAY_LEN(aeads));
    suite_add_tcase(s, tc);
    return pt_test_run(s);
}
