/*
 * test_transcript.c - the running transcript hash (src/keys/transcript.c): buffering before the
 * hash is chosen, snapshots, retained messages, the HelloRetryRequest rewrite of RFC 8446
 * section 4.4.1, and the buffer bound.  Reference values are one-shot digests of the
 * concatenated messages (the digests themselves are vector-tested in test_hash), plus the
 * FIPS 180-2 "abc" example as a fixed anchor.
 */
#include <stdlib.h>
#include <string.h>

#include "keys/transcript.h"
#include "provider/boringssl/bssl.h"
#include "testlib/pttest.h"

#define SHA256 (&pt_bssl_sha256)
#define SHA384 (&pt_bssl_sha384)

static const uint8_t m1[] = {0x01, 0x00, 0x00, 0x03, 'o', 'n', 'e'};
static const uint8_t m2[] = {0x02, 0x00, 0x00, 0x03, 't', 'w', 'o'};
static const uint8_t m3[] = {0x08, 0x00, 0x00, 0x05, 't', 'h', 'r', 'e', 'e'};

/* One-shot Hash(a || b || c) as the reference. */
static void ref3(const pt_hash *h, const uint8_t *a, size_t al, const uint8_t *b, size_t bl, const uint8_t *c,
                 size_t cl, uint8_t *out)
{
    uint8_t buf[1024];
    ck_assert_uint_le(al + bl + cl, sizeof(buf));
    /* memcpy's pointers must be valid even for 0 bytes; the pieces may be NULL when empty. */
    if (al > 0) {
        memcpy(buf, a, al);
    }
    if (bl > 0) {
        memcpy(buf + al, b, bl);
    }
    if (cl > 0) {
        memcpy(buf + al + bl, c, cl);
    }
    pt_hash_digest(h, buf, al + bl + cl, out);
}

START_TEST(buffers_until_the_hash_is_chosen)
{
    pt_transcript t;
    uint8_t got[PT_HASH_MAX], want[PT_HASH_MAX];

    pt_transcript_init(&t);
    ck_assert_ptr_null(pt_transcript_hash(&t));
    ck_assert_pt_ok(pt_transcript_add(&t, m1, sizeof(m1)));
    ck_assert_pt_ok(pt_transcript_add(&t, m2, sizeof(m2)));
    /* The raw messages are kept in order. */
    pt_slice kept = pt_transcript_messages(&t);
    ck_assert_uint_eq(kept.len, sizeof(m1) + sizeof(m2));
    ck_assert_mem_eq(kept.p, m1, sizeof(m1));
    ck_assert_mem_eq(kept.p + sizeof(m1), m2, sizeof(m2));
    /* No snapshot before the hash is known. */
    ck_assert_pt_err(pt_transcript_current(&t, got), PT_ERR_INTERNAL);

    ck_assert_pt_ok(pt_transcript_start_hash(&t, SHA256, false));
    ck_assert_ptr_eq(pt_transcript_hash(&t), SHA256);
    ck_assert_uint_eq(pt_transcript_messages(&t).len, 0); /* released */
    ck_assert_pt_ok(pt_transcript_current(&t, got));
    ref3(SHA256, m1, sizeof(m1), m2, sizeof(m2), NULL, 0, want);
    ck_assert_mem_eq(got, want, 32);
    ck_assert_pt_ok(pt_transcript_add(&t, m3, sizeof(m3)));
    ck_assert_pt_ok(pt_transcript_current(&t, got));
    ref3(SHA256, m1, sizeof(m1), m2, sizeof(m2), m3, sizeof(m3), want);
    ck_assert_mem_eq(got, want, 32);
    pt_transcript_free(&t);
}
END_TEST

START_TEST(buffered_bytes_hash_to_the_fips_180_abc_digest)
{
    /* FIPS 180-2 appendix B.1: SHA-256("abc"), fed as "a" while buffering and "bc" after. */
    pt_transcript t;
    uint8_t got[PT_HASH_MAX];
    pt_transcript_init(&t);
    ck_assert_pt_ok(pt_transcript_add(&t, (const uint8_t *)"a", 1));
    ck_assert_pt_ok(pt_transcript_start_hash(&t, SHA256, false));
    ck_assert_pt_ok(pt_transcript_add(&t, (const uint8_t *)"bc", 2));
    ck_assert_pt_ok(pt_transcript_current(&t, got));
    ck_assert_hex_eq(got, 32, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    pt_transcript_free(&t);
}
END_TEST

START_TEST(snapshots_do_not_disturb_the_running_hash)
{
    pt_transcript t;
    uint8_t a[PT_HASH_MAX], b[PT_HASH_MAX], want[PT_HASH_MAX];
    pt_transcript_init(&t);
    ck_assert_pt_ok(pt_transcript_start_hash(&t, SHA384, false));
    ck_assert_pt_ok(pt_transcript_add(&t, m1, sizeof(m1)));
    ck_assert_pt_ok(pt_transcript_current(&t, a));
    ck_assert_pt_ok(pt_transcript_current(&t, b));
    ck_assert_mem_eq(a, b, 48);
    ref3(SHA384, m1, sizeof(m1), NULL, 0, NULL, 0, want);
    ck_assert_mem_eq(a, want, 48);
    /* current_with adds bytes to a copy only. */
    ck_assert_pt_ok(pt_transcript_current_with(&t, SHA384, pt_slice_of(m2, sizeof(m2)), b));
    ref3(SHA384, m1, sizeof(m1), m2, sizeof(m2), NULL, 0, want);
    ck_assert_mem_eq(b, want, 48);
    ck_assert_pt_ok(pt_transcript_current(&t, b));
    ck_assert_mem_eq(a, b, 48);
    ck_assert_pt_ok(pt_transcript_add(&t, m3, sizeof(m3)));
    ck_assert_pt_ok(pt_transcript_current(&t, b));
    ref3(SHA384, m1, sizeof(m1), m3, sizeof(m3), NULL, 0, want);
    ck_assert_mem_eq(b, want, 48);
    pt_transcript_free(&t);
}
END_TEST

START_TEST(current_with_hashes_the_buffer_with_any_hash)
{
    /* A client computes a PSK binder with the PSK's hash before the suite is chosen. */
    pt_transcript t;
    uint8_t got[PT_HASH_MAX], want[PT_HASH_MAX];
    pt_transcript_init(&t);
    ck_assert_pt_ok(pt_transcript_add(&t, m1, sizeof(m1)));
    ck_assert_pt_ok(pt_transcript_current_with(&t, SHA384, pt_slice_of(m2, sizeof(m2)), got));
    ref3(SHA384, m1, sizeof(m1), m2, sizeof(m2), NULL, 0, want);
    ck_assert_mem_eq(got, want, 48);
    ck_assert_pt_ok(pt_transcript_current_with(&t, SHA256, PT_SLICE_EMPTY, got));
    ref3(SHA256, m1, sizeof(m1), NULL, 0, NULL, 0, want);
    ck_assert_mem_eq(got, want, 32);
    ck_assert_ptr_null(pt_transcript_hash(&t)); /* still buffering */
    /* Once hashing, only the transcript's own hash is allowed. */
    ck_assert_pt_ok(pt_transcript_start_hash(&t, SHA256, false));
    ck_assert_pt_err(pt_transcript_current_with(&t, SHA384, PT_SLICE_EMPTY, got), PT_ERR_INTERNAL);
    pt_transcript_free(&t);
}
END_TEST

START_TEST(start_hash_is_fixed_once_chosen)
{
    pt_transcript t;
    uint8_t got[PT_HASH_MAX], want[PT_HASH_MAX];
    pt_transcript_init(&t);
    ck_assert_pt_ok(pt_transcript_add(&t, m1, sizeof(m1)));
    ck_assert_pt_ok(pt_transcript_start_hash(&t, SHA256, false));
    ck_assert_pt_ok(pt_transcript_start_hash(&t, SHA256, false)); /* idempotent */
    ck_assert_pt_err(pt_transcript_start_hash(&t, SHA384, false), PT_ERR_INTERNAL);
    ck_assert_pt_err(pt_transcript_start_hash(&t, NULL, false), PT_ERR_INTERNAL);
    ck_assert_ptr_eq(pt_transcript_hash(&t), SHA256);
    ck_assert_pt_ok(pt_transcript_current(&t, got));
    ref3(SHA256, m1, sizeof(m1), NULL, 0, NULL, 0, want);
    ck_assert_mem_eq(got, want, 32); /* m1 was hashed exactly once */
    pt_transcript_free(&t);
}
END_TEST

START_TEST(retained_messages_for_tls12_client_auth)
{
    pt_transcript t;
    uint8_t got[PT_HASH_MAX], want[PT_HASH_MAX];
    pt_transcript_init(&t);
    ck_assert_pt_ok(pt_transcript_add(&t, m1, sizeof(m1)));
    ck_assert_pt_ok(pt_transcript_start_hash(&t, SHA256, true));
    ck_assert_pt_ok(pt_transcript_add(&t, m2, sizeof(m2)));
    /* Both the raw handshake (for CertificateVerify with any hash) and the running hash. */
    pt_slice kept = pt_transcript_messages(&t);
    ck_assert_uint_eq(kept.len, sizeof(m1) + sizeof(m2));
    ck_assert_mem_eq(kept.p + sizeof(m1), m2, sizeof(m2));
    ck_assert_pt_ok(pt_transcript_current(&t, got));
    ref3(SHA256, m1, sizeof(m1), m2, sizeof(m2), NULL, 0, want);
    ck_assert_mem_eq(got, want, 32);
    /* No CertificateRequest came: drop the copy, keep hashing. */
    pt_transcript_drop_messages(&t);
    ck_assert_uint_eq(pt_transcript_messages(&t).len, 0);
    ck_assert_pt_ok(pt_transcript_add(&t, m3, sizeof(m3)));
    ck_assert_uint_eq(pt_transcript_messages(&t).len, 0);
    ck_assert_pt_ok(pt_transcript_current(&t, got));
    ref3(SHA256, m1, sizeof(m1), m2, sizeof(m2), m3, sizeof(m3), want);
    ck_assert_mem_eq(got, want, 32);
    pt_transcript_free(&t);
}
END_TEST

/* _i: 0 = SHA-256, 1 = SHA-384 */
START_TEST(hrr_rewrite_matches_rfc8446_4_4_1)
{
    const pt_hash *h = _i == 0 ? SHA256 : SHA384;
    pt_transcript t;
    uint8_t got[PT_HASH_MAX], want[PT_HASH_MAX], ch1_hash[PT_HASH_MAX];

    pt_transcript_init(&t);
    ck_assert_pt_ok(pt_transcript_add(&t, m1, sizeof(m1))); /* ClientHello1 */
    ck_assert_pt_ok(pt_transcript_start_hash(&t, h, false));
    ck_assert_pt_ok(pt_transcript_hrr_rewrite(&t));
    ck_assert_pt_ok(pt_transcript_add(&t, m2, sizeof(m2))); /* HelloRetryRequest */
    ck_assert_pt_ok(pt_transcript_current(&t, got));

    /* Hash(message_hash || 00 00 Hash.length || Hash(ClientHello1) || HelloRetryRequest) */
    uint8_t synthetic[4 + PT_HASH_MAX];
    pt_hash_digest(h, m1, sizeof(m1), ch1_hash);
    synthetic[0] = 254;
    synthetic[1] = 0;
    synthetic[2] = 0;
    synthetic[3] = h->out_len;
    memcpy(synthetic + 4, ch1_hash, h->out_len);
    ref3(h, synthetic, 4u + h->out_len, m2, sizeof(m2), NULL, 0, want);
    ck_assert_mem_eq(got, want, h->out_len);
    pt_transcript_free(&t);
}
END_TEST

START_TEST(hrr_rewrite_needs_hashing_mode_without_retention)
{
    pt_transcript t;
    pt_transcript_init(&t);
    ck_assert_pt_ok(pt_transcript_add(&t, m1, sizeof(m1)));
    ck_assert_pt_err(pt_transcript_hrr_rewrite(&t), PT_ERR_INTERNAL); /* hash unknown */
    ck_assert_pt_ok(pt_transcript_start_hash(&t, SHA256, true));
    ck_assert_pt_err(pt_transcript_hrr_rewrite(&t), PT_ERR_INTERNAL); /* TLS 1.2 retention */
    pt_transcript_free(&t);
}
END_TEST

START_TEST(buffer_is_bounded_and_failure_changes_nothing)
{
    const pt_err full = PT_ERR(INTERNAL_ERROR, RUSTLS_RESULT_MESSAGE_HANDSHAKE_PAYLOAD_TOO_LARGE);
    pt_transcript t;
    uint8_t got[PT_HASH_MAX], want[PT_HASH_MAX];
    uint8_t *big = calloc(1, PT_TRANSCRIPT_BUFFER_LIMIT + 1);
    ck_assert_ptr_nonnull(big);

    pt_transcript_init(&t);
    ck_assert_pt_err(pt_transcript_add(&t, big, PT_TRANSCRIPT_BUFFER_LIMIT + 1), full);
    ck_assert_uint_eq(pt_transcript_messages(&t).len, 0);
    ck_assert_pt_ok(pt_transcript_add(&t, big, PT_TRANSCRIPT_BUFFER_LIMIT - 1));
    ck_assert_pt_ok(pt_transcript_add(&t, big, 1)); /* exactly at the limit */
    ck_assert_pt_err(pt_transcript_add(&t, m1, 1), full);
    ck_assert_uint_eq(pt_transcript_messages(&t).len, PT_TRANSCRIPT_BUFFER_LIMIT);
    /* Hashing without retention has no bound: the buffer is gone. */
    ck_assert_pt_ok(pt_transcript_start_hash(&t, SHA256, false));
    ck_assert_pt_ok(pt_transcript_add(&t, big, PT_TRANSCRIPT_BUFFER_LIMIT + 1));
    ck_assert_pt_ok(pt_transcript_current(&t, got));
    uint8_t *all = calloc(1, 2 * PT_TRANSCRIPT_BUFFER_LIMIT + 1);
    ck_assert_ptr_nonnull(all);
    pt_hash_digest(SHA256, all, 2 * PT_TRANSCRIPT_BUFFER_LIMIT + 1, want);
    ck_assert_mem_eq(got, want, 32);
    free(all);
    free(big);
    pt_transcript_free(&t);
}
END_TEST

START_TEST(free_then_reuse)
{
    pt_transcript t;
    uint8_t got[PT_HASH_MAX], want[PT_HASH_MAX];
    pt_transcript_init(&t);
    ck_assert_pt_ok(pt_transcript_add(&t, m1, sizeof(m1)));
    pt_transcript_free(&t);
    ck_assert_ptr_null(pt_transcript_hash(&t));
    ck_assert_uint_eq(pt_transcript_messages(&t).len, 0);
    pt_transcript_free(&t); /* twice is harmless */
    pt_transcript_init(&t);
    ck_assert_pt_ok(pt_transcript_start_hash(&t, SHA256, false));
    ck_assert_pt_ok(pt_transcript_current(&t, got));
    pt_hash_digest(SHA256, NULL, 0, want);
    ck_assert_mem_eq(got, want, 32);
    pt_transcript_free(&t);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("transcript");
    TCase *tc = tcase_create("buffering");
    tcase_add_test(tc, buffers_until_the_hash_is_chosen);
    tcase_add_test(tc, buffered_bytes_hash_to_the_fips_180_abc_digest);
    tcase_add_test(tc, current_with_hashes_the_buffer_with_any_hash);
    tcase_add_test(tc, start_hash_is_fixed_once_chosen);
    tcase_add_test(tc, retained_messages_for_tls12_client_auth);
    tcase_add_test(tc, buffer_is_bounded_and_failure_changes_nothing);
    tcase_add_test(tc, free_then_reuse);
    suite_add_tcase(s, tc);

    tc = tcase_create("snapshots");
    tcase_add_test(tc, snapshots_do_not_disturb_the_running_hash);
    suite_add_tcase(s, tc);

    tc = tcase_create("hrr");
    tcase_add_loop_test(tc, hrr_rewrite_matches_rfc8446_4_4_1, 0, 2);
    tcase_add_test(tc, hrr_rewrite_needs_hashing_mode_without_retention);
    suite_add_tcase(s, tc);
    return pt_test_run(s);
}
