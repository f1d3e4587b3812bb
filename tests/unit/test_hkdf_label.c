/*
 * test_hkdf_label.c - HkdfLabel encoding, HKDF-Expand-Label and Derive-Secret
 * (src/keys/hkdf_label.c).  Encodings are checked byte for byte against the "info" lines of the
 * RFC 8448 section 3 trace (https://www.rfc-editor.org/rfc/rfc8448), which print the HkdfLabel
 * of each derivation; the bounds come from RFC 8446 section 7.1 (label<7..255>, context<0..255>).
 */
#include <stdlib.h>
#include <string.h>

#include "keys/hkdf_label.h"
#include "provider/boringssl/bssl.h"
#include "testlib/pttest.h"

#define SHA256 (&pt_bssl_sha256)
#define INVALID PT_ERR_NOALERT(RUSTLS_RESULT_INVALID_PARAMETER)

/* SHA-256("") - the context of Derive-Secret(., "derived", ""). */
#define EMPTY_HASH "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
/* RFC 8448 section 3, {server} derive secret "tls13 c hs traffic": hash. */
#define HELLO_HASH "860c06edc07858ee8e78f0e7428c58edd6b43f2ca3e6e95f02ed063cf0e1cad8"

typedef struct label_vector {
    const char *label;
    const char *context_hex;
    size_t out_len;
    const char *info_hex; /* the RFC 8448 "info" line */
} label_vector;

static const label_vector label_vectors[] = {
    /* {server} derive secret for handshake "tls13 derived": info (49 octets) */
    {"derived", EMPTY_HASH, 32, "00200d746c733133206465726976656420" EMPTY_HASH},
    /* {server} derive secret "tls13 c hs traffic": info (54 octets) */
    {"c hs traffic", HELLO_HASH, 32, "002012746c7331332063206873207472616666696320" HELLO_HASH},
    /* {server} derive write traffic keys for handshake data: key info (13 octets), iv info (12 octets) */
    {"key", "", 16, "001009746c733133206b657900"},
    {"iv", "", 12, "000c08746c73313320697600"},
    /* {server} calculate finished "tls13 finished": info (18 octets) */
    {"finished", "", 32, "00200e746c7331332066696e697368656400"},
    /* {server} generate resumption secret "tls13 resumption": info (22 octets) */
    {"resumption", "0000", 32, "002010746c73313320726573756d7074696f6e020000"},
};

START_TEST(encoding_matches_rfc8448_info_lines)
{
    const label_vector *v = &label_vectors[_i];
    uint8_t info[PT_HKDF_INFO_MAX];
    size_t info_len = 0, ctx_len;
    uint8_t *ctx = pt_test_unhex(v->context_hex, &ctx_len);

    ck_assert_pt_ok(pt_hkdf_label_encode(pt_slice_of(v->label, strlen(v->label)), pt_slice_of(ctx, ctx_len), v->out_len,
                                         info, &info_len));
    ck_assert_hex_eq(info, info_len, v->info_hex);
    free(ctx);
}
END_TEST

START_TEST(key_update_label_encoding)
{
    /* RFC 8446 7.2: HKDF-Expand-Label(secret, "traffic upd", "", Hash.length). */
    uint8_t info[PT_HKDF_INFO_MAX];
    size_t info_len = 0;
    ck_assert_pt_ok(pt_hkdf_label_encode(PT_LABEL("traffic upd"), PT_SLICE_EMPTY, 48, info, &info_len));
    ck_assert_hex_eq(info, info_len,
                     "003011"
                     "746c73313320"
                     "7472616666696320757064"
                     "00");
}
END_TEST

START_TEST(derive_secret_matches_rfc8448)
{
    /* {server} extract secret "early" (secret) -> derive secret for handshake "tls13 derived" (expanded) */
    size_t n;
    uint8_t *early = pt_test_unhex("33ad0a1c607ec03b09e6cd9893680ce210adf300aa1f2660e1b22e10f170f92a", &n);
    uint8_t out[32], empty_hash[32];

    ck_assert_pt_ok(pt_derive_secret_empty(SHA256, pt_slice_of(early, n), PT_LABEL("derived"), out));
    ck_assert_hex_eq(out, 32, "6f2615a108c702c5678f54fc9dbab69716c076189c48250cebeac3576c3611ba");
    /* The same through pt_derive_secret with an explicit Hash(""). */
    pt_hash_digest(SHA256, NULL, 0, empty_hash);
    memset(out, 0, sizeof(out));
    ck_assert_pt_ok(pt_derive_secret(SHA256, pt_slice_of(early, n), PT_LABEL("derived"), empty_hash, out));
    ck_assert_hex_eq(out, 32, "6f2615a108c702c5678f54fc9dbab69716c076189c48250cebeac3576c3611ba");
    free(early);
}
END_TEST

START_TEST(expand_label_matches_rfc8448_traffic_key)
{
    /* {server} derive write traffic keys for handshake data: PRK -> key expanded, iv expanded */
    size_t n;
    uint8_t *s_hs = pt_test_unhex("b67b7d690cc16c4e75e54213cb2d37b4e9c912bcded9105d42befd59d391ad38", &n);
    uint8_t key[16], iv[12];
    ck_assert_pt_ok(pt_hkdf_expand_label(SHA256, pt_slice_of(s_hs, n), PT_LABEL("key"), PT_SLICE_EMPTY, key, 16));
    ck_assert_hex_eq(key, 16, "3fce516009c21727d0f2e4e86ee403bc");
    ck_assert_pt_ok(pt_hkdf_expand_label(SHA256, pt_slice_of(s_hs, n), PT_LABEL("iv"), PT_SLICE_EMPTY, iv, 12));
    ck_assert_hex_eq(iv, 12, "5d313eb2671276ee13000b30");
    free(s_hs);
}
END_TEST

START_TEST(label_and_context_bounds)
{
    static uint8_t long_label[PT_HKDF_LABEL_MAX + 1];
    static uint8_t long_context[PT_HKDF_CONTEXT_MAX + 1];
    uint8_t info[PT_HKDF_INFO_MAX];
    size_t info_len = 0;
    memset(long_label, 'a', sizeof(long_label));
    memset(long_context, 0x5c, sizeof(long_context));

    /* "tls13 " + label fits label<7..255>: 249 bytes is the longest label. */
    ck_assert_pt_ok(pt_hkdf_label_encode(pt_slice_of(long_label, PT_HKDF_LABEL_MAX),
                                         pt_slice_of(long_context, PT_HKDF_CONTEXT_MAX), 32, info, &info_len));
    ck_assert_uint_eq(info_len, PT_HKDF_INFO_MAX);
    ck_assert_uint_eq(info[2], 255);
    ck_assert_uint_eq(info[3 + 255], 255);
    /* An empty label (an exporter's) is "tls13 " alone: length 6, as BoringSSL, OpenSSL, Go and
     * rustls encode it (BoGo's ExportKeyingMaterial-NoContext-TLS13 exports with one). */
    ck_assert_pt_ok(pt_hkdf_label_encode(PT_SLICE_EMPTY, PT_SLICE_EMPTY, 32, info, &info_len));
    ck_assert_hex_eq(info, info_len, "002006746c73313320" "00");
    /* One more byte of label or context, or a zero length is refused. */
    info_len = 7;
    ck_assert_pt_err(
        pt_hkdf_label_encode(pt_slice_of(long_label, PT_HKDF_LABEL_MAX + 1), PT_SLICE_EMPTY, 32, info, &info_len),
        INVALID);
    ck_assert_pt_err(
        pt_hkdf_label_encode(PT_LABEL("x"), pt_slice_of(long_context, PT_HKDF_CONTEXT_MAX + 1), 32, info, &info_len),
        INVALID);
    ck_assert_pt_err(pt_hkdf_label_encode(PT_LABEL("x"), PT_SLICE_EMPTY, 0, info, &info_len), INVALID);
    ck_assert_pt_err(pt_hkdf_label_encode(PT_LABEL("x"), PT_SLICE_EMPTY, 0x10000, info, &info_len), INVALID);
    ck_assert_uint_eq(info_len, 7); /* untouched on failure */
}
END_TEST

START_TEST(expand_label_rejects_bad_lengths_without_writing)
{
    static uint8_t long_label[PT_HKDF_LABEL_MAX + 1];
    uint8_t secret[32] = {1}, out[255 * 32 + 1];
    memset(long_label, 'a', sizeof(long_label));
    memset(out, 0xa5, sizeof(out));

    ck_assert_pt_err(pt_hkdf_expand_label(SHA256, pt_slice_of(secret, 32), pt_slice_of(long_label, sizeof(long_label)),
                                          PT_SLICE_EMPTY, out, 32),
                     INVALID);
    /* RFC 5869: L <= 255 * HashLen. */
    ck_assert_pt_err(
        pt_hkdf_expand_label(SHA256, pt_slice_of(secret, 32), PT_LABEL("x"), PT_SLICE_EMPTY, out, 255 * 32 + 1),
        INVALID);
    ck_assert_pt_err(pt_hkdf_expand_label(SHA256, pt_slice_of(secret, 32), PT_LABEL("x"), PT_SLICE_EMPTY, out, 0),
                     INVALID);
    for (size_t i = 0; i < sizeof(out); i++) {
        ck_assert_uint_eq(out[i], 0xa5);
    }
    ck_assert_pt_ok(
        pt_hkdf_expand_label(SHA256, pt_slice_of(secret, 32), PT_LABEL("x"), PT_SLICE_EMPTY, out, 255 * 32));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("hkdf_label");
    TCase *tc = tcase_create("encode");
    tcase_add_loop_test(tc, encoding_matches_rfc8448_info_lines, 0, PT_ARRAY_LEN(label_vectors));
    tcase_add_test(tc, key_update_label_encoding);
    tcase_add_test(tc, label_and_context_bounds);
    suite_add_tcase(s, tc);

    tc = tcase_create("expand");
    tcase_add_test(tc, derive_secret_matches_rfc8448);
    tcase_add_test(tc, expand_label_matches_rfc8448_traffic_key);
    tcase_add_test(tc, expand_label_rejects_bad_lengths_without_writing);
    suite_add_tcase(s, tc);
    return pt_test_run(s);
}
