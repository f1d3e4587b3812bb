/*
 * test_tls13_schedule.c - the stage discipline of the TLS 1.3 key schedule, KeyUpdate and the
 * exporter (src/keys/tls13_schedule.c).  The derivations themselves are checked against RFC 8448
 * in tests/vectors/test_rfc8448.c; RFC 8448 has no KeyUpdate or exporter output and we found no
 * other published vector for them, so those two are checked against their RFC 8446 definitions
 * (7.2, 7.5) composed from the RFC 8448-tested HKDF-Expand-Label, plus their domain separation.
 */
#include <stdlib.h>
#include <string.h>

#include "keys/hkdf_label.h"
#include "keys/tls13_schedule.h"
#include "provider/boringssl/bssl.h"
#include "testlib/pttest.h"

#define SHA256 (&pt_bssl_sha256)
#define SHA384 (&pt_bssl_sha384)

static const pt_hash *hash_of(int i)
{
    return i == 0 ? SHA256 : SHA384;
}

START_TEST(calls_out_of_stage_are_internal_errors)
{
    pt_ks13 ks;
    uint8_t th[PT_HASH_MAX] = {0}, out[PT_HASH_MAX];
    memset(&ks, 0, sizeof(ks));

    /* Never initialised. */
    ck_assert_pt_err(pt_ks13_binder_key(&ks, false, out), PT_ERR_INTERNAL);
    ck_assert_pt_err(pt_ks13_to_handshake(&ks, PT_SLICE_EMPTY), PT_ERR_INTERNAL);

    ck_assert_pt_ok(pt_ks13_init(&ks, SHA256, PT_SLICE_EMPTY));
    ck_assert_pt_err(pt_ks13_handshake_traffic(&ks, th, out, NULL), PT_ERR_INTERNAL);
    ck_assert_pt_err(pt_ks13_app_traffic(&ks, th, out, NULL), PT_ERR_INTERNAL);
    ck_assert_pt_err(pt_ks13_to_master(&ks), PT_ERR_INTERNAL);

    ck_assert_pt_ok(pt_ks13_to_handshake(&ks, PT_SLICE_EMPTY));
    /* The early secret is gone: nothing early can be derived any more. */
    ck_assert_pt_err(pt_ks13_binder_key(&ks, false, out), PT_ERR_INTERNAL);
    ck_assert_pt_err(pt_ks13_client_early_traffic(&ks, th, out), PT_ERR_INTERNAL);
    ck_assert_pt_err(pt_ks13_early_exporter_master(&ks, th, out), PT_ERR_INTERNAL);
    ck_assert_pt_err(pt_ks13_to_handshake(&ks, PT_SLICE_EMPTY), PT_ERR_INTERNAL);
    ck_assert_pt_err(pt_ks13_exporter_master(&ks, th, out), PT_ERR_INTERNAL);

    ck_assert_pt_ok(pt_ks13_to_master(&ks));
    ck_assert_pt_err(pt_ks13_handshake_traffic(&ks, th, out, NULL), PT_ERR_INTERNAL);
    ck_assert_pt_err(pt_ks13_to_master(&ks), PT_ERR_INTERNAL);
    ck_assert_pt_ok(pt_ks13_resumption_master(&ks, th, out));

    pt_ks13_wipe(&ks);
    ck_assert_int_eq(ks.stage, PT_KS13_NONE);
    for (size_t i = 0; i < sizeof(ks.secret); i++) {
        ck_assert_uint_eq(ks.secret[i], 0);
    }
    ck_assert_pt_err(pt_ks13_resumption_master(&ks, th, out), PT_ERR_INTERNAL);
}
END_TEST

START_TEST(each_stage_replaces_the_secret_it_consumed)
{
    const pt_hash *h = hash_of(_i);
    pt_ks13 ks;
    uint8_t early[PT_HASH_MAX], hs[PT_HASH_MAX], zeros[PT_HASH_MAX] = {0}, want[PT_HASH_MAX], salt[PT_HASH_MAX];
    uint8_t ecdhe[32];
    memset(ecdhe, 0x42, sizeof(ecdhe));

    ck_assert_pt_ok(pt_ks13_init(&ks, h, PT_SLICE_EMPTY));
    /* Early Secret = HKDF-Extract(0, 0) with Hash.length zeros (RFC 8446 7.1). */
    ck_assert_pt_ok(h->hkdf_extract(pt_slice_of(zeros, h->out_len), pt_slice_of(zeros, h->out_len), want));
    ck_assert_mem_eq(ks.secret, want, h->out_len);
    memcpy(early, ks.secret, h->out_len);

    ck_assert_pt_ok(pt_ks13_to_handshake(&ks, pt_slice_of(ecdhe, sizeof(ecdhe))));
    ck_assert_pt_ok(pt_derive_secret_empty(h, pt_slice_of(early, h->out_len), PT_LABEL("derived"), salt));
    ck_assert_pt_ok(h->hkdf_extract(pt_slice_of(salt, h->out_len), pt_slice_of(ecdhe, sizeof(ecdhe)), want));
    ck_assert_mem_eq(ks.secret, want, h->out_len);
    memcpy(hs, ks.secret, h->out_len);

    ck_assert_pt_ok(pt_ks13_to_master(&ks));
    ck_assert_pt_ok(pt_derive_secret_empty(h, pt_slice_of(hs, h->out_len), PT_LABEL("derived"), salt));
    ck_assert_pt_ok(h->hkdf_extract(pt_slice_of(salt, h->out_len), pt_slice_of(zeros, h->out_len), want));
    ck_assert_mem_eq(ks.secret, want, h->out_len);
    pt_ks13_wipe(&ks);
}
END_TEST

START_TEST(key_update_follows_rfc8446_7_2)
{
    const pt_hash *h = hash_of(_i);
    uint8_t secret[PT_HASH_MAX], orig[PT_HASH_MAX], want[PT_HASH_MAX];
    for (size_t i = 0; i < sizeof(secret); i++) {
        secret[i] = (uint8_t)i;
    }
    memcpy(orig, secret, sizeof(orig));

    ck_assert_pt_ok(pt_tls13_next_traffic_secret(h, secret));
    ck_assert_pt_ok(pt_hkdf_expand_label(h, pt_slice_of(orig, h->out_len), PT_LABEL("traffic upd"), PT_SLICE_EMPTY,
                                         want, h->out_len));
    ck_assert_mem_eq(secret, want, h->out_len);
    ck_assert_mem_ne(secret, orig, h->out_len);
    /* Bytes past Hash.length are not touched. */
    ck_assert_mem_eq(secret + h->out_len, orig + h->out_len, sizeof(secret) - h->out_len);
    /* N+2 chains from N+1. */
    memcpy(orig, secret, sizeof(orig));
    ck_assert_pt_ok(pt_tls13_next_traffic_secret(h, secret));
    ck_assert_pt_ok(pt_hkdf_expand_label(h, pt_slice_of(orig, h->out_len), PT_LABEL("traffic upd"), PT_SLICE_EMPTY,
                                         want, h->out_len));
    ck_assert_mem_eq(secret, want, h->out_len);
}
END_TEST

START_TEST(exporter_follows_rfc8446_7_5)
{
    const pt_hash *h = hash_of(_i);
    uint8_t ems[PT_HASH_MAX], got[64], want[64], derived[PT_HASH_MAX], ctx_hash[PT_HASH_MAX];
    memset(ems, 0x17, sizeof(ems));

    ck_assert_pt_ok(pt_tls13_export(h, ems, PT_LABEL("EXPORTER-Test"), PT_LABEL("context"), got, sizeof(got)));
    ck_assert_pt_ok(pt_derive_secret_empty(h, pt_slice_of(ems, h->out_len), PT_LABEL("EXPORTER-Test"), derived));
    pt_hash_digest(h, (const uint8_t *)"context", 7, ctx_hash);
    ck_assert_pt_ok(pt_hkdf_expand_label(h, pt_slice_of(derived, h->out_len), PT_LABEL("exporter"),
                                         pt_slice_of(ctx_hash, h->out_len), want, sizeof(want)));
    ck_assert_mem_eq(got, want, sizeof(got));

    /* Label and context both separate outputs. */
    ck_assert_pt_ok(pt_tls13_export(h, ems, PT_LABEL("EXPORTER-Other"), PT_LABEL("context"), want, sizeof(want)));
    ck_assert_mem_ne(got, want, sizeof(got));
    ck_assert_pt_ok(pt_tls13_export(h, ems, PT_LABEL("EXPORTER-Test"), PT_LABEL("context2"), want, sizeof(want)));
    ck_assert_mem_ne(got, want, sizeof(got));
    /* A shorter output is not a prefix: the length is part of HkdfLabel (RFC 8446 7.1). */
    ck_assert_pt_ok(pt_tls13_export(h, ems, PT_LABEL("EXPORTER-Test"), PT_LABEL("context"), want, 32));
    ck_assert_mem_ne(got, want, 32);
}
END_TEST

START_TEST(exporter_rejects_bad_labels_and_lengths)
{
    const pt_err invalid = PT_ERR_NOALERT(RUSTLS_RESULT_INVALID_PARAMETER);
    static uint8_t long_label[PT_HKDF_LABEL_MAX + 1];
    uint8_t ems[32] = {0}, out[16];
    memset(long_label, 'e', sizeof(long_label));

    ck_assert_pt_err(pt_tls13_export(SHA256, ems, pt_slice_of(long_label, sizeof(long_label)), PT_SLICE_EMPTY, out, 16),
                     invalid);
    ck_assert_pt_err(pt_tls13_export(SHA256, ems, PT_LABEL("x"), PT_SLICE_EMPTY, out, 0), invalid);
    ck_assert_pt_ok(
        pt_tls13_export(SHA256, ems, pt_slice_of(long_label, sizeof(long_label) - 1), PT_SLICE_EMPTY, out, 16));
}
END_TEST

/*
 * An empty label is an exporter input like any other (RFC 5705 sets no lower bound; BoGo's
 * ExportKeyingMaterial-NoContext-TLS13 uses one): RFC 8446 7.5's definition with "tls13 " as the
 * whole HkdfLabel label, and distinct from a one-byte label.
 */
START_TEST(exporter_accepts_an_empty_label)
{
    const pt_hash *h = hash_of(_i);
    uint8_t ems[PT_HASH_MAX], got[40], want[40], derived[PT_HASH_MAX], ctx_hash[PT_HASH_MAX];
    memset(ems, 0x5a, sizeof(ems));

    ck_assert_pt_ok(pt_tls13_export(h, ems, PT_SLICE_EMPTY, PT_SLICE_EMPTY, got, sizeof(got)));
    ck_assert_pt_ok(pt_derive_secret_empty(h, pt_slice_of(ems, h->out_len), PT_SLICE_EMPTY, derived));
    pt_hash_digest(h, NULL, 0, ctx_hash);
    ck_assert_pt_ok(pt_hkdf_expand_label(h, pt_slice_of(derived, h->out_len), PT_LABEL("exporter"),
                                         pt_slice_of(ctx_hash, h->out_len), want, sizeof(want)));
    ck_assert_mem_eq(got, want, sizeof(got));
    ck_assert_pt_ok(pt_tls13_export(h, ems, PT_LABEL("x"), PT_SLICE_EMPTY, want, sizeof(want)));
    ck_assert_mem_ne(got, want, sizeof(got));
}
END_TEST

START_TEST(resumption_psk_nonce_bounds)
{
    const pt_err invalid = PT_ERR_NOALERT(RUSTLS_RESULT_INVALID_PARAMETER);
    static uint8_t nonce[256];
    uint8_t rms[32] = {0}, a[32], b[32];

    ck_assert_pt_ok(pt_tls13_resumption_psk(SHA256, rms, pt_slice_of(nonce, 255), a));
    ck_assert_pt_err(pt_tls13_resumption_psk(SHA256, rms, pt_slice_of(nonce, 256), b), invalid);
    /* Different nonces, different PSKs (RFC 8446 4.6.1: each ticket gets its own). */
    ck_assert_pt_ok(pt_tls13_resumption_psk(SHA256, rms, pt_slice_of(nonce, 1), a));
    nonce[0] = 1;
    ck_assert_pt_ok(pt_tls13_resumption_psk(SHA256, rms, pt_slice_of(nonce, 1), b));
    ck_assert_mem_ne(a, b, 32);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("tls13_schedule");
    TCase *tc = tcase_create("stages");
    tcase_add_test(tc, calls_out_of_stage_are_internal_errors);
    tcase_add_loop_test(tc, each_stage_replaces_the_secret_it_consumed, 0, 2);
    suite_add_tcase(s, tc);

    tc = tcase_create("derivations");
    tcase_add_loop_test(tc, key_update_follows_rfc8446_7_2, 0, 2);
    tcase_add_loop_test(tc, exporter_follows_rfc8446_7_5, 0, 2);
    tcase_add_test(tc, exporter_rejects_bad_labels_and_lengths);
    tcase_add_loop_test(tc, exporter_accepts_an_empty_label, 0, 2);
    tcase_add_test(tc, resumption_psk_nonce_bounds);
    suite_add_tcase(s, tc);
    return pt_test_run(s);
}
