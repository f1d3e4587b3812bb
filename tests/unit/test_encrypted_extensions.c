/*
 * test_encrypted_extensions.c - EncryptedExtensions: the three RFC 8448 messages decoded and
 * re-encoded byte for byte, every truncation point, trailing data, duplicates, and RFC 8446
 * 4.2's table (extensions not allowed in EncryptedExtensions are refused as rustls refuses them).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msgs/encrypted_extensions.h"
#include "testlib/pttest.h"
#include "vectors/rfc8448_data.h"

#define MISSING PT_ERR(DECODE_ERROR, RUSTLS_RESULT_MESSAGE_MISSING_DATA)
#define TOO_SHORT PT_ERR(DECODE_ERROR, RUSTLS_RESULT_MESSAGE_TOO_SHORT)
#define INVALID PT_ERR(DECODE_ERROR, RUSTLS_RESULT_MESSAGE_INVALID_OTHER)
#define TRAILING PT_ERR(DECODE_ERROR, RUSTLS_RESULT_MESSAGE_TRAILING_DATA)
#define DUPLICATE PT_ERR(ILLEGAL_PARAMETER, RUSTLS_RESULT_MESSAGE_INVALID_OTHER)
/* rustls: PeerMisbehaved::DisallowedEncryptedExtension with unsupported_extension. */
#define DISALLOWED PT_ERR(UNSUPPORTED_EXTENSION, RUSTLS_RESULT_PEER_MISBEHAVED_ERROR)

static uint8_t *load(const char *h, size_t *len, pt_slice *body)
{
    return pt_test_hs_load(h, PT_HS_ENCRYPTED_EXTENSIONS, len, body);
}

static void assert_reencodes(const pt_encrypted_extensions *ee, pt_slice want)
{
    uint8_t out[512];
    pt_writer w;
    pt_writer_init_fixed(&w, out, sizeof(out));
    pt_encrypted_extensions_encode(&w, ee);
    ck_assert_pt_ok(pt_w_finish(&w));
    ck_assert_uint_eq(w.off, want.len);
    ck_assert_mem_eq(out, want.p, want.len);
}

static pt_err decode_hex(const char *h, pt_encrypted_extensions *ee)
{
    size_t len;
    uint8_t *b = pt_test_unhex(h, &len);
    pt_err e = pt_encrypted_extensions_decode(pt_slice_of(b, len), ee);
    free(b);
    return e;
}

START_TEST(rfc8448_encrypted_extensions)
{
    size_t len;
    pt_slice body, s;
    pt_encrypted_extensions ee;
    pt_u16_list groups;
    uint16_t limit;

    /* Section 3: supported_groups, record_size_limit, server_name (acknowledged). */
    uint8_t *m = load(RFC8448_S3_EE, &len, &body);
    ck_assert_pt_ok(pt_encrypted_extensions_decode(body, &ee));
    ck_assert_uint_eq(ee.ext.count, 3);
    ck_assert(pt_ext_get(&ee.ext, PT_EXT_SUPPORTED_GROUPS, &s));
    ck_assert_pt_ok(pt_ext_supported_groups_decode(s, &groups));
    ck_assert_uint_eq(groups.count, 9);
    ck_assert(pt_ext_get(&ee.ext, PT_EXT_RECORD_SIZE_LIMIT, &s));
    ck_assert_pt_ok(pt_ext_record_size_limit_decode(s, &limit));
    ck_assert_uint_eq(limit, 0x4001);
    ck_assert(pt_ext_get(&ee.ext, PT_EXT_SERVER_NAME, &s));
    ck_assert_pt_ok(pt_ext_empty_decode(s));
    ck_assert(!pt_ext_has(&ee.ext, PT_EXT_EARLY_DATA));
    assert_reencodes(&ee, body);
    free(m);

    /* Section 4: early_data accepted. */
    m = load(RFC8448_S4_EE, &len, &body);
    ck_assert_pt_ok(pt_encrypted_extensions_decode(body, &ee));
    ck_assert_uint_eq(ee.ext.count, 4);
    ck_assert(pt_ext_get(&ee.ext, PT_EXT_EARLY_DATA, &s));
    ck_assert_uint_eq(s.len, 0);
    assert_reencodes(&ee, body);
    free(m);

    /* Section 5: supported_groups secp256r1, secp384r1, x25519. */
    m = load(RFC8448_S5_EE, &len, &body);
    ck_assert_pt_ok(pt_encrypted_extensions_decode(body, &ee));
    ck_assert(pt_ext_get(&ee.ext, PT_EXT_SUPPORTED_GROUPS, &s));
    ck_assert_pt_ok(pt_ext_supported_groups_decode(s, &groups));
    ck_assert_uint_eq(groups.count, 3);
    ck_assert_uint_eq(pt_u16_list_at(&groups, 2), 0x001d);
    assert_reencodes(&ee, body);
    free(m);
}
END_TEST


/* RFC 8448 3's EncryptedExtensions from the extension encoders, byte for byte. */
START_TEST(build_rfc8448_encrypted_extensions_from_parts)
{
    size_t len;
    pt_slice body;
    uint8_t *m = load(RFC8448_S3_EE, &len, &body);
    static const uint16_t groups[] = {0x001d, 0x0017, 0x0018, 0x0019, 0x0100, 0x0101, 0x0102, 0x0103, 0x0104};
    uint8_t ext_buf[128], out[128];
    pt_writer ew, w;
    pt_writer_init_fixed(&ew, ext_buf, sizeof(ext_buf));
    pt_ext_supported_groups_encode(&ew, groups, PT_ARRAY_LEN(groups));
    pt_ext_u16_encode(&ew, PT_EXT_RECORD_SIZE_LIMIT, 0x4001);
    pt_ext_encode_empty(&ew, PT_EXT_SERVER_NAME);
    ck_assert_pt_ok(pt_w_finish(&ew));
    pt_encrypted_extensions ee;
    memset(&ee, 0, sizeof(ee));
    ee.ext.raw = pt_w_slice(&ew);
    pt_writer_init_fixed(&w, out, sizeof(out));
    pt_wvec v = pt_hs_open(&w, PT_HS_ENCRYPTED_EXTENSIONS);
    pt_encrypted_extensions_encode(&w, &ee);
    pt_w_close_vec(&w, v);
    ck_assert_pt_ok(pt_w_finish(&w));
    ck_assert_uint_eq(w.off, len);
    ck_assert_mem_eq(out, m, len);
    free(m);
}
END_TEST

START_TEST(every_truncation_point_and_trailing_data)
{
    size_t len;
    pt_slice body;
    uint8_t *m = load(RFC8448_S4_EE, &len, &body);
    for (size_t n = 0; n < body.len; n++) {
        pt_encrypted_extensions ee;
        pt_err want = n < 2 ? MISSING : TOO_SHORT;
        ck_assert_pt_err(pt_encrypted_extensions_decode(pt_slice_of(body.p, n), &ee), want);
    }
    uint8_t *big = malloc(body.len + 1);
    memcpy(big, body.p, body.len);
    big[body.len] = 0;
    pt_encrypted_extensions ee;
    ck_assert_pt_err(pt_encrypted_extensions_decode(pt_slice_of(big, body.len + 1), &ee), TRAILING);
    free(big);
    free(m);

    ck_assert_pt_ok(decode_hex("0000", &ee));
    ck_assert_uint_eq(ee.ext.count, 0);
    /* Inside bodies: acknowledgements are empty, ALPN names exactly one protocol. */
    ck_assert_pt_err(decode_hex("0005 002a 0001 00", &ee), TRAILING);
    ck_assert_pt_err(decode_hex("0005 0000 0001 00", &ee), TRAILING);
    ck_assert_pt_err(decode_hex("000c 0010 0008 0006 026832 026833", &ee), TRAILING);
    ck_assert_pt_err(decode_hex("0007 0010 0003 0001 00", &ee), INVALID);
}
END_TEST

START_TEST(duplicates)
{
    pt_encrypted_extensions ee;
    ck_assert_pt_err(decode_hex("0008 002a 0000 002a 0000", &ee), DUPLICATE);
    ck_assert_pt_err(decode_hex("0008 7777 0000 7777 0000", &ee), DUPLICATE);
}
END_TEST

/* RFC 8446 4.2: every known extension not listed for EE is refused; the listed ones and unknown
 * ones (left to the client's unsolicited-extension check) pass. */
START_TEST(extension_table)
{
    static const struct {
        const char *ext; /* a well-formed extension of that type, as a server would send it */
        bool allowed;
    } cases[] = {
        {"0000 0000", true},                                         /* server_name */
        {"0001 0001 04", true},                                      /* max_fragment_length */
        {"0005 0000", false},                                        /* status_request */
        {"000a 0004 0002001d", true},                                /* supported_groups */
        {"000b 0002 0100", false},                                   /* ec_point_formats */
        {"000d 0004 00020403", false},                               /* signature_algorithms */
        {"000e 0005 0002000100", true},                              /* use_srtp */
        {"000f 0001 01", true},                                      /* heartbeat */
        {"0010 0005 0003026832", true},                              /* ALPN */
        {"0012 0000", false},                                        /* SCT */
        {"0013 0001 00", true},                                      /* client_certificate_type */
        {"0014 0001 00", true},                                      /* server_certificate_type */
        {"0015 0001 00", false},                                     /* padding */
        {"0017 0000", false},                                        /* extended_master_secret */
        {"001b 0003 020001", false},                                 /* compress_certificate */
        {"001c 0002 4001", true},                                    /* record_size_limit */
        {"0023 0000", false},                                        /* session_ticket */
        {"0029 0002 0000", false},                                   /* pre_shared_key */
        {"002a 0000", true},                                         /* early_data */
        {"002b 0002 0304", false},                                   /* supported_versions */
        {"002c 0003 000101", false},                                 /* cookie */
        {"002d 0002 0101", false},                                   /* psk_key_exchange_modes */
        {"002f 0005 0003000130", false},                             /* certificate_authorities */
        {"0030 0002 0000", false},                                   /* oid_filters */
        {"0031 0000", false},                                        /* post_handshake_auth */
        {"0032 0004 00020403", false},                               /* signature_algorithms_cert */
        /* key_share */
        {"0033 0024 001d0020 0000000000000000000000000000000000000000000000000000000000000000", false},
        {"ff01 0001 00", false},                                     /* renegotiation_info */
        {"7777 0003 010203", true},                                  /* unknown */
    };
    for (size_t i = 0; i < PT_ARRAY_LEN(cases); i++) {
        size_t elen;
        uint8_t *e = pt_test_unhex(cases[i].ext, &elen);
        char h[512];
        int off = snprintf(h, sizeof(h), "%04zx", elen);
        for (size_t j = 0; j < elen; j++) {
            off += snprintf(h + off, sizeof(h) - (size_t)off, "%02x", e[j]);
        }
        free(e);
        pt_encrypted_extensions ee;
        pt_err got = decode_hex(h, &ee);
        pt_err want = cases[i].allowed ? PT_OK : DISALLOWED;
        ck_assert_msg(got.v == want.v, "case %zu (%s): got %u/%d", i, cases[i].ext, (unsigned)pt_err_result(got),
                      pt_err_alert(got));
    }
    /* A disallowed extension whose body is malformed fails to decode first, as in rustls. */
    pt_encrypted_extensions ee;
    ck_assert_pt_err(decode_hex("0005 0033 0001 00", &ee), MISSING);
    /* The check runs after the whole message decoded: trailing data wins. */
    ck_assert_pt_err(decode_hex("0006 002b 0002 0304 00", &ee), TRAILING);
    /* The allowed set is exactly RFC 8446's "EE" column plus record_size_limit. */
    ck_assert_uint_eq(pt_encrypted_extensions_allowed() & pt_ext_bit(PT_EXT_KEY_SHARE), 0);
    ck_assert_uint_ne(pt_encrypted_extensions_allowed() & pt_ext_bit(PT_EXT_EARLY_DATA), 0);
}
END_TEST


/* Decode one flipped EncryptedExtensions: it re-encodes to exactly the flipped bytes, or fails
 * with an error this message may give. */
static bool flip_check(void *ctx, pt_slice f, size_t bit)
{
    (void)ctx;
    pt_encrypted_extensions ee;
    pt_err e = pt_encrypted_extensions_decode(f, &ee);
    if (pt_ok(e)) {
        assert_reencodes(&ee, f);
        return true;
    }
    unsigned r = (unsigned)pt_err_result(e);
    ck_assert_msg(e.v == DISALLOWED.v || (pt_err_alert(e) == PT_ALERT_DECODE_ERROR &&
                                          r >= RUSTLS_RESULT_MESSAGE_HANDSHAKE_PAYLOAD_TOO_LARGE &&
                                          r <= RUSTLS_RESULT_MESSAGE_INVALID_OTHER) ||
                      e.v == DUPLICATE.v,
                  "bit %zu: result %u alert %d", bit, r, pt_err_alert(e));
    return false;
}

/* Every single-bit flip of RFC 8448 4's EncryptedExtensions decodes, or fails with a message
 * error or the disallowed-extension error, never reading outside the message. */
START_TEST(bit_flips_never_crash)
{
    size_t len;
    pt_slice body;
    uint8_t *m = load(RFC8448_S4_EE, &len, &body);
    size_t ok = pt_test_bit_flips(body, flip_check, NULL);
    /* Both outcomes happen: flips in values decode, flips in lengths do not. */
    ck_assert_uint_gt(ok, 0);
    ck_assert_uint_lt(ok, body.len * 8);
    free(m);
}
END_TEST

static Suite *encrypted_extensions_suite(void)
{
    Suite *s = suite_create("encrypted_extensions");
    TCase *tc = tcase_create("all");
    tcase_add_test(tc, rfc8448_encrypted_extensions);
    tcase_add_test(tc, build_rfc8448_encrypted_extensions_from_parts);
    tcase_add_test(tc, every_truncation_point_and_trailing_data);
    tcase_add_test(tc, duplicates);
    tcase_add_test(tc, extension_table);
    tcase_add_test(tc, bit_flips_never_crash);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return pt_test_run(encrypted_extensions_suite());
}
