/*
 * test_exporter.c - patina_connection_export_keying_material (patina.h "Exporters"), through the
 * public API on in-memory client/server pairs (tests/handshake/harness.h): both ends derive the
 * same bytes for every TLS 1.3 suite, the label, the context and the length each separate the
 * output, no context equals an empty one (RFC 8446 section 7.5), and each error of the header.
 *
 * That the bytes are RFC 8446's TLS-Exporter, not merely the same on both ends, is shown against
 * other implementations: OpenSSL's -keymatexport in tests/interop and Go's crypto/tls in BoGo's
 * ExportKeyingMaterial-* tests (make bogo); the key schedule steps are checked against RFC 8448 in
 * tests/vectors/test_rfc8448.c (exporter master secret included).
 */
#include <stdlib.h>
#include <string.h>

#include "handshake/harness.h"
#include "patina.h"
#include "testlib/pttest.h"

#define LABEL "EXPORTER-patina-test"
#define L(s) (const uint8_t *)(s), sizeof(s) - 1

/* The three TLS 1.3 suites and their HashLen (RFC 8446 appendix B.4). */
static const struct {
    uint16_t suite;
    size_t hash_len;
} suites[] = {
    {0x1301, 32}, /* TLS_AES_128_GCM_SHA256 */
    {0x1302, 48}, /* TLS_AES_256_GCM_SHA384 */
    {0x1303, 32}, /* TLS_CHACHA20_POLY1305_SHA256 */
};

static rustls_result export(const rustls_connection *c, uint8_t *out, size_t n, const char *label, const char *ctx)
{
    return patina_connection_export_keying_material(c, out, n, (const uint8_t *)label, strlen(label),
                                                    (const uint8_t *)ctx, ctx != NULL ? strlen(ctx) : 0, ctx != NULL);
}

/* Export from both ends and require the same bytes; returns them in `out`. */
static void export_both(hs_pair *pr, uint8_t *out, size_t n, const char *label, const char *ctx)
{
    uint8_t *other = malloc(n);
    ck_assert_ptr_nonnull(other);
    memset(out, 0, n);
    memset(other, 0xff, n);
    ck_assert_int_eq(export(pr->client, out, n, label, ctx), RUSTLS_RESULT_OK);
    ck_assert_int_eq(export(pr->server, other, n, label, ctx), RUSTLS_RESULT_OK);
    ck_assert_mem_eq(out, other, n);
    free(other);
}

static void handshake(hs_pair *pr, uint16_t suite)
{
    hs_opts o = {.suite = suite};
    ck_assert_uint_eq(hs_pair_init(pr, &o), RUSTLS_RESULT_OK);
    hs_handshake_ok(pr);
    ck_assert_uint_eq(rustls_connection_get_negotiated_ciphersuite(pr->client), suite);
}

START_TEST(both_ends_agree_and_inputs_separate)
{
    hs_pair pr;
    handshake(&pr, suites[_i].suite);
    uint8_t a[64], b[64];

    export_both(&pr, a, sizeof(a), LABEL, "context");
    /* Not a constant or an echo of the inputs. */
    static const uint8_t zeros[64];
    ck_assert_mem_ne(a, zeros, sizeof(a));

    /* Another label, another context, and no context each give other bytes. */
    export_both(&pr, b, sizeof(b), "EXPORTER-patina-tesT", "context");
    ck_assert_mem_ne(a, b, sizeof(a));
    export_both(&pr, b, sizeof(b), LABEL, "contexT");
    ck_assert_mem_ne(a, b, sizeof(a));
    export_both(&pr, b, sizeof(b), LABEL, NULL);
    ck_assert_mem_ne(a, b, sizeof(a));

    /* The length is in HkdfLabel (RFC 8446 section 7.1): 32 bytes are not a prefix of 64. */
    export_both(&pr, b, 32, LABEL, "context");
    ck_assert_mem_ne(a, b, 32);

    /* The same call again gives the same bytes (exporting changes nothing). */
    export_both(&pr, b, sizeof(b), LABEL, "context");
    ck_assert_mem_eq(a, b, sizeof(a));

    /* Another connection has another exporter secret. */
    hs_pair other;
    handshake(&other, suites[_i].suite);
    export_both(&other, b, sizeof(b), LABEL, "context");
    ck_assert_mem_ne(a, b, sizeof(a));
    hs_pair_free(&other);
    hs_pair_free(&pr);
}
END_TEST

/*
 * RFC 8446 section 7.5: "If no context is provided, the context_value is zero length.
 * Consequently, providing no context computes the same value as providing an empty context."
 * The context pointer is not read without has_context.
 */
START_TEST(no_context_is_an_empty_context)
{
    hs_pair pr;
    handshake(&pr, suites[_i].suite);
    uint8_t a[48], b[48], c[48];
    export_both(&pr, a, sizeof(a), LABEL, NULL);
    export_both(&pr, b, sizeof(b), LABEL, "");
    ck_assert_mem_eq(a, b, sizeof(a));
    ck_assert_int_eq(
        patina_connection_export_keying_material(pr.server, c, sizeof(c), L(LABEL), (const uint8_t *)"xyz", 3, false),
        RUSTLS_RESULT_OK);
    ck_assert_mem_eq(a, c, sizeof(a));
    /* An empty label is allowed too (RFC 5705 gives no lower bound; BoGo exports with one). */
    export_both(&pr, b, sizeof(b), "", NULL);
    ck_assert_mem_ne(a, b, sizeof(a));
    hs_pair_free(&pr);
}
END_TEST

/* RFC 5869 section 2.3: L <= 255 * HashLen, per suite hash; longer is refused, out untouched. */
START_TEST(length_bounds)
{
    hs_pair pr;
    handshake(&pr, suites[_i].suite);
    size_t max = 255 * suites[_i].hash_len;
    uint8_t *buf = malloc(max + 1);
    ck_assert_ptr_nonnull(buf);

    export_both(&pr, buf, max, LABEL, "context");
    memset(buf, 0xa5, max + 1);
    ck_assert_int_eq(export(pr.client, buf, max + 1, LABEL, "context"), RUSTLS_RESULT_INVALID_PARAMETER);
    ck_assert_int_eq(export(pr.server, buf, max + 1, LABEL, "context"), RUSTLS_RESULT_INVALID_PARAMETER);
    ck_assert_int_eq(export(pr.client, buf, 0, LABEL, "context"), RUSTLS_RESULT_INVALID_PARAMETER);
    for (size_t i = 0; i <= max; i++) {
        ck_assert_uint_eq(buf[i], 0xa5);
    }

    /* A label of 249 bytes fills HkdfLabel's label<7..255> with "tls13 "; 250 does not fit. */
    char label[251];
    memset(label, 'L', sizeof(label) - 1);
    label[250] = '\0';
    ck_assert_int_eq(export(pr.client, buf, 16, label, NULL), RUSTLS_RESULT_INVALID_PARAMETER);
    label[249] = '\0';
    export_both(&pr, buf, 16, label, NULL);
    /* The context is hashed, so any length is fine. */
    char *ctx = malloc(70000);
    ck_assert_ptr_nonnull(ctx);
    memset(ctx, 'c', 69999);
    ctx[69999] = '\0';
    export_both(&pr, buf, 16, LABEL, ctx);
    free(ctx);
    free(buf);
    hs_pair_free(&pr);
}
END_TEST

START_TEST(null_arguments)
{
    hs_pair pr;
    handshake(&pr, 0x1301);
    uint8_t out[16];
    memset(out, 0x5a, sizeof(out));
    ck_assert_int_eq(patina_connection_export_keying_material(NULL, out, 16, L(LABEL), NULL, 0, false),
                     RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_int_eq(patina_connection_export_keying_material(pr.client, NULL, 16, L(LABEL), NULL, 0, false),
                     RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_int_eq(patina_connection_export_keying_material(pr.client, out, 16, NULL, 0, NULL, 0, false),
                     RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_int_eq(patina_connection_export_keying_material(pr.client, out, 16, L(LABEL), NULL, 0, true),
                     RUSTLS_RESULT_NULL_PARAMETER);
    for (size_t i = 0; i < sizeof(out); i++) {
        ck_assert_uint_eq(out[i], 0x5a);
    }
    /* NULL context without has_context is fine: it is not read. */
    ck_assert_int_eq(patina_connection_export_keying_material(pr.client, out, 16, L(LABEL), NULL, 0, false),
                     RUSTLS_RESULT_OK);
    hs_pair_free(&pr);
}
END_TEST

/* ---------------------------------------------------------------- before completion */

/* Holds back every record the client sends after its ClientHello. */
typedef struct hold {
    hs_bytes held;
} hold;

static void hold_after_client_hello(void *ctx, bool from_client, size_t index, const uint8_t *rec, size_t len,
                                    hs_bytes *out)
{
    hold *h = ctx;
    hs_bytes_put(from_client && index > 0 ? &h->held : out, rec, len);
}

/*
 * No exporter before the handshake is complete (no early exporter): on new connections, and on a
 * server that has sent its Finished (and derived the exporter master secret, RFC 8446 section
 * 7.1) but not yet received the client's.  Once the client's flight arrives, both agree.
 */
START_TEST(not_before_the_handshake_is_complete)
{
    hs_pair pr;
    hs_opts o = {.suite = 0x1302};
    ck_assert_uint_eq(hs_pair_init(&pr, &o), RUSTLS_RESULT_OK);
    uint8_t a[32], b[32];
    memset(a, 0x77, sizeof(a));
    ck_assert_int_eq(export(pr.client, a, sizeof(a), LABEL, NULL), RUSTLS_RESULT_HANDSHAKE_NOT_COMPLETE);
    ck_assert_int_eq(export(pr.server, a, sizeof(a), LABEL, NULL), RUSTLS_RESULT_HANDSHAKE_NOT_COMPLETE);

    hold h = {{0}};
    pr.tamper = hold_after_client_hello;
    pr.tamper_ctx = &h;
    hs_pump(&pr);
    ck_assert_uint_eq(pr.client_err, RUSTLS_RESULT_OK);
    ck_assert_uint_eq(pr.server_err, RUSTLS_RESULT_OK);
    ck_assert(!rustls_connection_is_handshaking(pr.client));
    ck_assert(rustls_connection_is_handshaking(pr.server));
    ck_assert_uint_gt(h.held.len, 0);
    ck_assert_int_eq(export(pr.server, a, sizeof(a), LABEL, NULL), RUSTLS_RESULT_HANDSHAKE_NOT_COMPLETE);
    for (size_t i = 0; i < sizeof(a); i++) {
        ck_assert_uint_eq(a[i], 0x77);
    }
    ck_assert_int_eq(export(pr.client, a, sizeof(a), LABEL, NULL), RUSTLS_RESULT_OK);

    pr.tamper = NULL;
    hs_bytes_put(&pr.c2s.data, h.held.p, h.held.len);
    hs_handshake_ok(&pr);
    ck_assert_int_eq(export(pr.server, b, sizeof(b), LABEL, NULL), RUSTLS_RESULT_OK);
    ck_assert_mem_eq(a, b, sizeof(a));
    hs_bytes_free(&h.held);
    hs_pair_free(&pr);
}
END_TEST

/* ---------------------------------------------------------------- after completion */

/* KeyUpdate (RFC 8446 section 7.2) moves the traffic secrets, not the exporter master secret. */
START_TEST(key_update_keeps_the_exporter)
{
    hs_pair pr;
    handshake(&pr, suites[_i].suite);
    uint8_t a[40], b[40];
    export_both(&pr, a, sizeof(a), LABEL, "ku");
    ck_assert_int_eq(rustls_connection_refresh_traffic_keys(pr.client), RUSTLS_RESULT_OK);
    uint8_t data[100];
    hs_fill(data, sizeof(data), 9);
    hs_transfer(&pr, true, data, sizeof(data));
    hs_transfer(&pr, false, data, sizeof(data));
    export_both(&pr, b, sizeof(b), LABEL, "ku");
    ck_assert_mem_eq(a, b, sizeof(a));
    hs_pair_free(&pr);
}
END_TEST

/* Errors are sticky (DESIGN.md 3): a connection that failed after the handshake exports nothing. */
START_TEST(not_after_a_fatal_error)
{
    hs_pair pr;
    handshake(&pr, 0x1303);
    uint8_t a[16];
    ck_assert_int_eq(export(pr.client, a, sizeof(a), LABEL, NULL), RUSTLS_RESULT_OK);
    /* An application data record that does not open: bad_record_mac, DECRYPT_ERROR. */
    uint8_t junk[5 + 32] = {0x17, 0x03, 0x03, 0x00, 32};
    memset(junk + 5, 0x42, 32);
    hs_bytes_put(&pr.s2c.data, junk, sizeof(junk));
    hs_pump(&pr);
    ck_assert_int_eq(pr.client_err, RUSTLS_RESULT_DECRYPT_ERROR);
    memset(a, 0x33, sizeof(a));
    ck_assert_int_eq(export(pr.client, a, sizeof(a), LABEL, NULL), RUSTLS_RESULT_DECRYPT_ERROR);
    for (size_t i = 0; i < sizeof(a); i++) {
        ck_assert_uint_eq(a[i], 0x33);
    }
    hs_pair_free(&pr);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("exporter");
    TCase *tc = tcase_create("exporter");
    tcase_set_timeout(tc, 60);
    int n = (int)(sizeof(suites) / sizeof(suites[0]));
    tcase_add_loop_test(tc, both_ends_agree_and_inputs_separate, 0, n);
    tcase_add_loop_test(tc, no_context_is_an_empty_context, 0, n);
    tcase_add_loop_test(tc, length_bounds, 0, n);
    tcase_add_test(tc, null_arguments);
    tcase_add_test(tc, not_before_the_handshake_is_complete);
    tcase_add_loop_test(tc, key_update_keeps_the_exporter, 0, n);
    tcase_add_test(tc, not_after_a_fatal_error);
    suite_add_tcase(s, tc);
    return pt_test_run(s);
}
