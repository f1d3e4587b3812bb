/*
 * test_extensions.c - extension blocks (per message context) and the per-extension codecs:
 * RFC 8448 bodies decoded and re-encoded byte for byte, each RFC bound, trailing bytes inside
 * every sub-vector, duplicates, and the rustls error chosen for each failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msgs/extensions.h"
#include "testlib/pttest.h"
#include "vectors/rfc8448_data.h"

#define MISSING PT_ERR(DECODE_ERROR, RUSTLS_RESULT_MESSAGE_MISSING_DATA)
#define TOO_SHORT PT_ERR(DECODE_ERROR, RUSTLS_RESULT_MESSAGE_TOO_SHORT)
#define INVALID PT_ERR(DECODE_ERROR, RUSTLS_RESULT_MESSAGE_INVALID_OTHER)
#define TRAILING PT_ERR(DECODE_ERROR, RUSTLS_RESULT_MESSAGE_TRAILING_DATA)
#define NO_SCHEMES PT_ERR(DECODE_ERROR, RUSTLS_RESULT_MESSAGE_NO_SIGNATURE_SCHEMES)
#define BAD_SNI PT_ERR(DECODE_ERROR, RUSTLS_RESULT_MESSAGE_INVALID_SERVER_NAME)
#define BAD_STATUS PT_ERR(DECODE_ERROR, RUSTLS_RESULT_MESSAGE_INVALID_CERT_STATUS_TYPE)
#define DUPLICATE PT_ERR(ILLEGAL_PARAMETER, RUSTLS_RESULT_MESSAGE_INVALID_OTHER)
#define HRR_UNKNOWN PT_ERR(UNSUPPORTED_EXTENSION, RUSTLS_RESULT_MESSAGE_INVALID_OTHER)
#define MISBEHAVED(alert) PT_ERR(alert, RUSTLS_RESULT_PEER_MISBEHAVED_ERROR)

/* Hex to bytes; the returned buffer is freed by the caller (tests are forked, leaks are moot,
 * but ASan's leak checker is not). */
static pt_slice hex(const char *h, uint8_t **buf)
{
    size_t len;
    *buf = pt_test_unhex(h, &len);
    return pt_slice_of(*buf, len);
}

/* Decode `h` with decoder `fn` and expect `want`. */
#define EXPECT_BODY(fn, h, want, ...)                                                                                  \
    do {                                                                                                               \
        uint8_t *b_;                                                                                                   \
        pt_slice s_ = hex((h), &b_);                                                                                   \
        ck_assert_pt_err(fn(s_, __VA_ARGS__), (want));                                                                 \
        free(b_);                                                                                                      \
    } while (0)

#define EXPECT_BODY0(fn, h, want)                                                                                      \
    do {                                                                                                               \
        uint8_t *b_;                                                                                                   \
        pt_slice s_ = hex((h), &b_);                                                                                   \
        ck_assert_pt_err(fn(s_), (want));                                                                              \
        free(b_);                                                                                                      \
    } while (0)

/* Encode with the statements in `...` into a fixed buffer and compare with hex `h`. */
#define EXPECT_ENCODING(h, ...)                                                                                        \
    do {                                                                                                               \
        uint8_t ob_[1024];                                                                                             \
        pt_writer w_;                                                                                                  \
        pt_writer_init_fixed(&w_, ob_, sizeof(ob_));                                                                   \
        pt_writer *w = &w_;                                                                                            \
        __VA_ARGS__;                                                                                                   \
        ck_assert_pt_ok(pt_w_finish(w));                                                                               \
        ck_assert_hex_eq(ob_, w_.off, (h));                                                                            \
    } while (0)

static pt_err parse_block_hex(const char *h, enum pt_ext_context ctx, pt_ext_block *out, uint8_t **buf)
{
    pt_slice s = hex(h, buf);
    pt_reader r = pt_reader_init(s.p, s.len);
    pt_err e = pt_ext_parse_block(&r, ctx, out);
    if (pt_ok(e)) {
        e = pt_r_done(&r);
    }
    return e;
}

#define EXPECT_BLOCK(h, ctx, want)                                                                                     \
    do {                                                                                                               \
        uint8_t *b_;                                                                                                   \
        pt_ext_block blk_;                                                                                             \
        ck_assert_pt_err(parse_block_hex((h), (ctx), &blk_, &b_), (want));                                             \
        free(b_);                                                                                                      \
    } while (0)

/* ---------------------------------------------------------------- blocks */

/* The extension block of RFC 8448 section 3's EncryptedExtensions (the body after the header). */
START_TEST(block_rfc8448_encrypted_extensions)
{
    uint8_t *buf;
    pt_ext_block b;
    ck_assert_pt_ok(parse_block_hex(RFC8448_S3_EE + 8, PT_EXT_CTX_ENCRYPTED_EXTENSIONS, &b, &buf));
    ck_assert_uint_eq(b.count, 3);
    ck_assert_uint_eq(b.unknown, 0);
    ck_assert_uint_eq(b.present, pt_ext_bit(PT_EXT_SUPPORTED_GROUPS) | pt_ext_bit(PT_EXT_RECORD_SIZE_LIMIT) |
                                     pt_ext_bit(PT_EXT_SERVER_NAME));
    ck_assert_uint_eq(b.last_type, PT_EXT_SERVER_NAME);
    pt_slice body;
    ck_assert(pt_ext_get(&b, PT_EXT_RECORD_SIZE_LIMIT, &body));
    ck_assert_hex_eq(body.p, body.len, "4001");
    ck_assert(pt_ext_get(&b, PT_EXT_SERVER_NAME, &body));
    ck_assert_uint_eq(body.len, 0);
    ck_assert(!pt_ext_get(&b, PT_EXT_KEY_SHARE, &body));
    ck_assert(!pt_ext_get(&b, 0x1234, &body));
    ck_assert(!pt_ext_has(&b, PT_EXT_ALPN));

    /* The iterator walks all three in wire order. */
    pt_ext_iter it;
    uint16_t type;
    const uint16_t want[] = {PT_EXT_SUPPORTED_GROUPS, PT_EXT_RECORD_SIZE_LIMIT, PT_EXT_SERVER_NAME};
    size_t n = 0;
    pt_ext_iter_init(&it, &b);
    while (pt_ext_iter_next(&it, &type, &body)) {
        ck_assert_uint_lt(n, 3);
        ck_assert_uint_eq(type, want[n]);
        n++;
    }
    ck_assert_uint_eq(n, 3);
    free(buf);
}
END_TEST

START_TEST(block_empty_and_truncated)
{
    uint8_t *buf;
    pt_ext_block b;
    ck_assert_pt_ok(parse_block_hex("0000", PT_EXT_CTX_CLIENT_HELLO, &b, &buf));
    ck_assert_uint_eq(b.count, 0);
    ck_assert_uint_eq(b.present, 0);
    free(buf);
    EXPECT_BLOCK("", PT_EXT_CTX_CLIENT_HELLO, MISSING);
    EXPECT_BLOCK("00", PT_EXT_CTX_CLIENT_HELLO, MISSING);
    EXPECT_BLOCK("0001", PT_EXT_CTX_CLIENT_HELLO, TOO_SHORT);
    EXPECT_BLOCK("000100", PT_EXT_CTX_CLIENT_HELLO, MISSING);     /* type cut short */
    EXPECT_BLOCK("00030017 00", PT_EXT_CTX_CLIENT_HELLO, MISSING); /* length cut short */
    EXPECT_BLOCK("0004 0017 0001", PT_EXT_CTX_CLIENT_HELLO, TOO_SHORT);
    EXPECT_BLOCK("0004 0017 0000 00", PT_EXT_CTX_CLIENT_HELLO, TRAILING); /* after the block */
}
END_TEST

START_TEST(block_refuses_duplicates_in_every_context)
{
    for (int ctx = PT_EXT_CTX_CLIENT_HELLO; ctx <= PT_EXT_CTX_NEW_SESSION_TICKET; ctx++) {
        /* An unknown type twice. */
        if (ctx != PT_EXT_CTX_HELLO_RETRY_REQUEST && ctx != PT_EXT_CTX_CERTIFICATE) {
            EXPECT_BLOCK("0008 1234 0000 1234 0000", (enum pt_ext_context)ctx, DUPLICATE);
        }
    }
    /* Known types twice, each in a message that accepts them once. */
    EXPECT_BLOCK("0008 0017 0000 0017 0000", PT_EXT_CTX_CLIENT_HELLO, DUPLICATE);
    EXPECT_BLOCK("000c 002b 0002 0304 002b 0002 0304", PT_EXT_CTX_SERVER_HELLO, DUPLICATE);
    EXPECT_BLOCK("000c 0033 0002 0017 0033 0002 001d", PT_EXT_CTX_HELLO_RETRY_REQUEST, DUPLICATE);
    EXPECT_BLOCK("0008 0000 0000 0000 0000", PT_EXT_CTX_ENCRYPTED_EXTENSIONS, DUPLICATE);
    EXPECT_BLOCK("0010 002a 0004 00000400 002a 0004 00000400", PT_EXT_CTX_NEW_SESSION_TICKET, DUPLICATE);
    EXPECT_BLOCK("000d 0005 0005 0100000100 0005 0000", PT_EXT_CTX_CERTIFICATE, DUPLICATE);
    /* The duplicate is found before its (malformed) body is looked at, as rustls does. */
    EXPECT_BLOCK("000c 002b 0003 020304 002b 0001 00", PT_EXT_CTX_CLIENT_HELLO, DUPLICATE);
}
END_TEST

START_TEST(block_pre_shared_key_must_be_last_in_client_hello)
{
    /* A well-formed pre_shared_key (identity "id", binder of 32 bytes) followed by EMS. */
    static const char psk[] = "0029 002d 0008 0002 6964 00000000 0021 20"
                              "0000000000000000000000000000000000000000000000000000000000000000";
    char buf[512];
    strcpy(buf, "0035");
    strcat(buf, psk);
    strcat(buf, "0017 0000");
    EXPECT_BLOCK(buf, PT_EXT_CTX_CLIENT_HELLO, PT_ERR(ILLEGAL_PARAMETER, RUSTLS_RESULT_MESSAGE_INVALID_OTHER));
    /* Last: fine, and body recorded. */
    strcpy(buf, "0035 0017 0000");
    strcat(buf, psk);
    EXPECT_BLOCK(buf, PT_EXT_CTX_CLIENT_HELLO, PT_OK);
}
END_TEST

START_TEST(block_hello_retry_request_refuses_other_extensions)
{
    EXPECT_BLOCK("000c 0033 0002 0017 002b 0002 0304", PT_EXT_CTX_HELLO_RETRY_REQUEST, PT_OK);
    EXPECT_BLOCK("0004 0000 0000", PT_EXT_CTX_HELLO_RETRY_REQUEST, HRR_UNKNOWN); /* server_name */
    EXPECT_BLOCK("0004 1234 0000", PT_EXT_CTX_HELLO_RETRY_REQUEST, HRR_UNKNOWN);
    /* HRR key_share is a bare group; cookie must not be empty. */
    EXPECT_BLOCK("0007 0033 0003 001700", PT_EXT_CTX_HELLO_RETRY_REQUEST, TRAILING);
    EXPECT_BLOCK("0006 002c 0002 0000", PT_EXT_CTX_HELLO_RETRY_REQUEST, INVALID);
}
END_TEST

START_TEST(block_certificate_request_and_ticket_contexts)
{
    /* CertificateRequest: empty signature_algorithms is NoSignatureSchemes; an empty
     * certificate_authorities list is accepted (RFC 5246 allowed it); unknown ones ignored. */
    EXPECT_BLOCK("0006 000d 0002 0000", PT_EXT_CTX_CERTIFICATE_REQUEST, NO_SCHEMES);
    EXPECT_BLOCK("000e 002f 0002 0000 1234 0000 0030 0000", PT_EXT_CTX_CERTIFICATE_REQUEST, PT_OK);
    /* NewSessionTicket: early_data carries a u32. */
    EXPECT_BLOCK("0008 002a 0004 00000400", PT_EXT_CTX_NEW_SESSION_TICKET, PT_OK);
    EXPECT_BLOCK("0007 002a 0003 000004", PT_EXT_CTX_NEW_SESSION_TICKET, MISSING);
    EXPECT_BLOCK("0009 002a 0005 0000040000", PT_EXT_CTX_NEW_SESSION_TICKET, TRAILING);
    /* Certificate entries: status_request (an OCSP response) only. */
    EXPECT_BLOCK("0009 0005 0005 0100000101", PT_EXT_CTX_CERTIFICATE, PT_OK);
    EXPECT_BLOCK("0009 0005 0005 0200000101", PT_EXT_CTX_CERTIFICATE, BAD_STATUS);
    EXPECT_BLOCK("0008 0005 0004 01000000", PT_EXT_CTX_CERTIFICATE, INVALID);
    /* RFC 8446 4.2: an unsolicited SCT (or any other type) is unsupported_extension. */
    EXPECT_BLOCK("0004 0012 0000", PT_EXT_CTX_CERTIFICATE,
                 PT_ERR(UNSUPPORTED_EXTENSION, RUSTLS_RESULT_PEER_MISBEHAVED_ERROR));
    EXPECT_BLOCK("0004 fafa 0000", PT_EXT_CTX_CERTIFICATE,
                 PT_ERR(UNSUPPORTED_EXTENSION, RUSTLS_RESULT_PEER_MISBEHAVED_ERROR));
}
END_TEST

START_TEST(block_client_hello_ignores_unknown_and_unlisted)
{
    uint8_t *buf;
    pt_ext_block b;
    /* oid_filters (CR only) and an unknown type: ignored, bodies not looked at; present bit set
     * for the known one. */
    ck_assert_pt_ok(parse_block_hex("000a 0030 0001 ff 7777 0001 ff", PT_EXT_CTX_CLIENT_HELLO, &b, &buf));
    ck_assert_uint_eq(b.count, 2);
    ck_assert_uint_eq(b.unknown, 1);
    ck_assert_uint_eq(b.present, pt_ext_bit(PT_EXT_OID_FILTERS));
    free(buf);
    /* record_size_limit and padding are kept opaque: rustls ignores them. */
    EXPECT_BLOCK("000a 001c 0001 00 0015 0001 ff", PT_EXT_CTX_CLIENT_HELLO, PT_OK);
}
END_TEST

/* Trailing data inside each extension body the ClientHello context validates. */
START_TEST(block_client_hello_trailing_inside_each_extension)
{
    static const char *const bodies[] = {
        "0000 0009 0006000003616263 ff",   /* server_name */
        "0005 0006 0100000000 ff",         /* status_request */
        "000a 0005 0002001d ff",           /* supported_groups */
        "000b 0003 0100 ff",               /* ec_point_formats */
        "000d 0005 00020403 ff",           /* signature_algorithms */
        "0010 0006 0003026832 ff",         /* ALPN */
        "0013 0003 0100 ff",               /* client_certificate_type */
        "0014 0003 0100 ff",               /* server_certificate_type */
        "0017 0001 ff",                    /* extended_master_secret */
        "001b 0004 020001 ff",             /* compress_certificate */
        "002a 0001 ff",                    /* early_data */
        "002b 0004 020304 ff",             /* supported_versions */
        "002c 0004 000101 ff",             /* cookie */
        "002d 0003 0101 ff",               /* psk_key_exchange_modes */
        "002f 0006 00030001aa ff",         /* certificate_authorities */
        "0033 0008 0005001d000101 ff",     /* key_share */
        "ff01 0002 00 ff",                 /* renegotiation_info */
    };
    for (size_t i = 0; i < PT_ARRAY_LEN(bodies); i++) {
        uint8_t *b;
        pt_slice ext = hex(bodies[i], &b);
        char h[256];
        snprintf(h, sizeof(h), "%04zx %s", ext.len, bodies[i]);
        free(b);
        pt_ext_block blk;
        pt_err e = parse_block_hex(h, PT_EXT_CTX_CLIENT_HELLO, &blk, &b);
        ck_assert_msg(e.v == TRAILING.v, "extension %zu: got %u", i, (unsigned)pt_err_result(e));
        free(b);
        /* Without the stray byte (and with lengths fixed up) each one is fine. */
        char fixed[256];
        strcpy(fixed, bodies[i]);
        char *ff = strrchr(fixed, 'f');
        ff[-1] = '\0';
        pt_slice f = hex(fixed, &b);
        uint8_t *p = (uint8_t *)f.p;
        p[3] = (uint8_t)(p[3] - 1);
        char h2[256];
        int off = snprintf(h2, sizeof(h2), "%04zx", f.len);
        for (size_t j = 0; j < f.len; j++) {
            off += snprintf(h2 + off, sizeof(h2) - (size_t)off, "%02x", f.p[j]);
        }
        free(b);
        e = parse_block_hex(h2, PT_EXT_CTX_CLIENT_HELLO, &blk, &b);
        ck_assert_msg(pt_ok(e), "extension %zu without trailing byte: got %u", i, (unsigned)pt_err_result(e));
        free(b);
    }
}
END_TEST


/* Every single-bit flip of a block holding one of everything, in every context: the parse
 * either succeeds or fails with a message error (never another kind, never out of bounds). */
START_TEST(block_bit_flips_in_every_context)
{
    static const char exts[] = "0000 0009 0006000003616263"   /* server_name */
                               "0005 0005 0100000000"         /* status_request */
                               "000a 0004 0002001d"           /* supported_groups */
                               "000b 0002 0100"               /* ec_point_formats */
                               "000d 0004 00020403"           /* signature_algorithms */
                               "0010 0005 0003026832"         /* ALPN */
                               "0017 0000"                    /* extended_master_secret */
                               "001b 0003 020001"             /* compress_certificate */
                               "001c 0002 4001"               /* record_size_limit */
                               "002a 0004 00000400"           /* early_data (NST form) */
                               "002b 0002 0304"               /* supported_versions */
                               "002c 0003 000101"             /* cookie */
                               "002d 0002 0101"               /* psk_key_exchange_modes */
                               "002f 0005 0003000130"         /* certificate_authorities */
                               "0033 0007 0005001d000101"     /* key_share */
                               "ff01 0001 00"                 /* renegotiation_info */
                               "7777 0002 abcd";              /* unknown */
    uint8_t *e;
    pt_slice body = hex(exts, &e);
    size_t n = body.len + 2;
    uint8_t *blk = malloc(n);
    blk[0] = (uint8_t)(body.len >> 8);
    blk[1] = (uint8_t)body.len;
    memcpy(blk + 2, body.p, body.len);
    free(e);
    for (int ctx = PT_EXT_CTX_CLIENT_HELLO; ctx <= PT_EXT_CTX_NEW_SESSION_TICKET; ctx++) {
        for (size_t bit = 0; bit < n * 8; bit++) {
            uint8_t *f = malloc(n);
            memcpy(f, blk, n);
            f[bit / 8] ^= (uint8_t)(1u << (bit % 8));
            pt_reader r = pt_reader_init(f, n);
            pt_ext_block b;
            pt_err err = pt_ext_parse_block(&r, (enum pt_ext_context)ctx, &b);
            if (pt_failed(err)) {
                int alert = pt_err_alert(err);
                unsigned res = (unsigned)pt_err_result(err);
                ck_assert_msg(alert == PT_ALERT_DECODE_ERROR || alert == PT_ALERT_ILLEGAL_PARAMETER ||
                                  alert == PT_ALERT_UNSUPPORTED_EXTENSION,
                              "ctx %d bit %zu: alert %d", ctx, bit, alert);
                /* A message error, or (an unsolicited CertificateEntry extension) misbehaviour. */
                ck_assert_msg((res >= RUSTLS_RESULT_MESSAGE_HANDSHAKE_PAYLOAD_TOO_LARGE &&
                               res <= RUSTLS_RESULT_MESSAGE_INVALID_OTHER) ||
                                  (ctx == PT_EXT_CTX_CERTIFICATE && res == RUSTLS_RESULT_PEER_MISBEHAVED_ERROR &&
                                   alert == PT_ALERT_UNSUPPORTED_EXTENSION),
                              "ctx %d bit %zu: result %u", ctx, bit, res);
            } else {
                /* Whatever parsed is consistent: bodies lie inside the block. */
                for (int i = 0; i < PT_EXTI_COUNT; i++) {
                    if (b.present & ((uint32_t)1 << i)) {
                        ck_assert(b.body[i].len == 0 || (b.body[i].p >= f && b.body[i].p + b.body[i].len <= f + n));
                    }
                }
            }
            free(f);
        }
    }
    free(blk);
}
END_TEST

/* ---------------------------------------------------------------- lists */

START_TEST(supported_groups_rfc8448)
{
    /* RFC 8448 3, ClientHello: x25519, secp256r1, secp384r1, secp521r1, ffdhe2048..ffdhe8192. */
    static const char body[] = "0012001d00170018001901000101010201030104";
    uint8_t *b;
    pt_u16_list l;
    ck_assert_pt_ok(pt_ext_supported_groups_decode(hex(body, &b), &l));
    ck_assert_uint_eq(l.count, 9);
    ck_assert_uint_eq(pt_u16_list_at(&l, 0), 0x001d);
    ck_assert_uint_eq(pt_u16_list_at(&l, 8), 0x0104);
    ck_assert(pt_u16_list_has(&l, 0x0018));
    ck_assert(!pt_u16_list_has(&l, 0x001e));
    free(b);
    static const uint16_t groups[] = {0x001d, 0x0017, 0x0018, 0x0019, 0x0100, 0x0101, 0x0102, 0x0103, 0x0104};
    EXPECT_ENCODING("000a0014 0012001d00170018001901000101010201030104",
                    pt_ext_supported_groups_encode(w, groups, PT_ARRAY_LEN(groups)));

    EXPECT_BODY(pt_ext_supported_groups_decode, "0000", INVALID, &l);
    EXPECT_BODY(pt_ext_supported_groups_decode, "0003001d00", MISSING, &l); /* odd */
    EXPECT_BODY(pt_ext_supported_groups_decode, "0004001d", TOO_SHORT, &l);
    EXPECT_BODY(pt_ext_supported_groups_decode, "00", MISSING, &l);
    EXPECT_BODY(pt_ext_supported_groups_decode, "0002001d00", TRAILING, &l);
}
END_TEST

START_TEST(signature_algorithms_rfc8448)
{
    static const char body[] = "001e040305030603020308040805080604010501060102010402050206020202";
    uint8_t *b;
    pt_u16_list l;
    ck_assert_pt_ok(pt_ext_signature_algorithms_decode(hex(body, &b), &l));
    ck_assert_uint_eq(l.count, 15);
    ck_assert_uint_eq(pt_u16_list_at(&l, 0), 0x0403);
    ck_assert_uint_eq(pt_u16_list_at(&l, 14), 0x0202);
    uint16_t schemes[15];
    for (size_t i = 0; i < 15; i++) {
        schemes[i] = pt_u16_list_at(&l, i);
    }
    free(b);
    EXPECT_ENCODING("000d0020 001e040305030603020308040805080604010501060102010402050206020202",
                    pt_ext_signature_algorithms_encode(w, PT_EXT_SIGNATURE_ALGORITHMS, schemes, 15));
    EXPECT_ENCODING("00320004 00020804", pt_ext_signature_algorithms_encode(w, PT_EXT_SIGNATURE_ALGORITHMS_CERT,
                                                                            (const uint16_t[]){0x0804}, 1));
    EXPECT_BODY(pt_ext_signature_algorithms_decode, "0000", NO_SCHEMES, &l);
    EXPECT_BODY(pt_ext_signature_algorithms_decode, "000104", MISSING, &l);
    EXPECT_BODY(pt_ext_signature_algorithms_decode, "00020403ff", TRAILING, &l);
}
END_TEST

START_TEST(supported_versions_both_forms)
{
    uint8_t *b;
    pt_u16_list l;
    uint16_t v;
    ck_assert_pt_ok(pt_ext_supported_versions_ch_decode(hex("0403040303", &b), &l));
    ck_assert_uint_eq(l.count, 2);
    ck_assert_uint_eq(pt_u16_list_at(&l, 1), PT_VERSION_TLS12);
    free(b);
    EXPECT_ENCODING("002b0005 0403040303",
                    pt_ext_supported_versions_ch_encode(w, (const uint16_t[]){0x0304, 0x0303}, 2));
    EXPECT_BODY(pt_ext_supported_versions_ch_decode, "00", INVALID, &l);
    EXPECT_BODY(pt_ext_supported_versions_ch_decode, "03030403", MISSING, &l);
    EXPECT_BODY(pt_ext_supported_versions_ch_decode, "040304", TOO_SHORT, &l);

    ck_assert_pt_ok(pt_ext_u16_decode(hex("0304", &b), &v));
    ck_assert_uint_eq(v, PT_VERSION_TLS13);
    free(b);
    EXPECT_ENCODING("002b0002 0304", pt_ext_supported_versions_sh_encode(w, PT_VERSION_TLS13));
    EXPECT_BODY(pt_ext_u16_decode, "03", MISSING, &v);
    EXPECT_BODY(pt_ext_u16_decode, "030400", TRAILING, &v);
}
END_TEST

START_TEST(u8_lists_and_compress_certificate)
{
    uint8_t *b;
    pt_slice l;
    pt_u16_list l16;
    ck_assert_pt_ok(pt_ext_u8_list_decode(hex("020100", &b), &l));
    ck_assert_uint_eq(l.len, 2);
    ck_assert(pt_ext_ec_point_formats_ok(l));
    free(b);
    ck_assert_pt_ok(pt_ext_u8_list_decode(hex("0101", &b), &l));
    ck_assert(!pt_ext_ec_point_formats_ok(l)); /* RFC 8422 5.1.2: uncompressed must be there */
    free(b);
    EXPECT_ENCODING("002d0002 0101", pt_ext_u8_list_encode(w, PT_EXT_PSK_KEY_EXCHANGE_MODES,
                                                           (const uint8_t[]){PT_PSK_DHE_KE}, 1));
    EXPECT_BODY(pt_ext_u8_list_decode, "00", INVALID, &l);
    EXPECT_BODY(pt_ext_u8_list_decode, "0200", TOO_SHORT, &l);
    EXPECT_BODY(pt_ext_u8_list_decode, "", MISSING, &l);

    ck_assert_pt_ok(pt_ext_compress_certificate_decode(hex("0400010002", &b), &l16));
    ck_assert_uint_eq(l16.count, 2);
    free(b);
    EXPECT_BODY(pt_ext_compress_certificate_decode, "00", INVALID, &l16);
    EXPECT_BODY(pt_ext_compress_certificate_decode, "0300010002", MISSING, &l16);
}
END_TEST

/* ---------------------------------------------------------------- server_name */

START_TEST(server_name_rfc8448)
{
    /* RFC 8448 3: server_name "server". */
    uint8_t *b;
    bool found;
    pt_slice name;
    ck_assert_pt_ok(pt_ext_server_name_decode(hex("0009000006736572766572", &b), &found, &name));
    ck_assert(found);
    ck_assert_uint_eq(name.len, 6);
    ck_assert_mem_eq(name.p, "server", 6);
    free(b);
    EXPECT_ENCODING("0000000b 0009000006736572766572", pt_ext_server_name_encode(w, pt_slice_of("server", 6)));

    /* RFC 6066 3: one name per type; rustls: InvalidServerName. */
    EXPECT_BODY(pt_ext_server_name_decode, "0008 0000016100000162", BAD_SNI, &found, &name);
    EXPECT_BODY(pt_ext_server_name_decode, "0000", INVALID, &found, &name);
    EXPECT_BODY(pt_ext_server_name_decode, "0003 000000", INVALID, &found, &name); /* empty host name */
    EXPECT_BODY(pt_ext_server_name_decode, "0004 00000561", TOO_SHORT, &found, &name);
    EXPECT_BODY(pt_ext_server_name_decode, "0002 0000", MISSING, &found, &name);
    EXPECT_BODY(pt_ext_server_name_decode, "0004 00000161 00", TRAILING, &found, &name);
    /* An unknown name type ends the walk: whatever follows is not parsed. */
    ck_assert_pt_ok(pt_ext_server_name_decode(hex("000a 0000016101ffffffffff", &b), &found, &name));
    ck_assert(found);
    ck_assert_mem_eq(name.p, "a", 1);
    free(b);
    ck_assert_pt_ok(pt_ext_server_name_decode(hex("0003 01ffff", &b), &found, &name));
    ck_assert(!found);
    free(b);
}
END_TEST


/* Host name classes, with rustls-pki-types' own examples where it has them. */
START_TEST(server_name_classification)
{
    static const struct {
        const char *name;
        enum pt_sni_kind kind;
    } cases[] = {
        {"example.com", PT_SNI_DNS_NAME},
        {"example.com.", PT_SNI_DNS_NAME},
        {"EXAMPLE.com", PT_SNI_DNS_NAME},
        {"a_b.example", PT_SNI_DNS_NAME},
        {"xn--ls8h.la", PT_SNI_DNS_NAME},
        {"1a.com", PT_SNI_DNS_NAME},
        {"1.a", PT_SNI_DNS_NAME},
        {"a-b.c", PT_SNI_DNS_NAME},
        {"server", PT_SNI_DNS_NAME},
        {"-a.com", PT_SNI_INVALID},
        {"a-.com", PT_SNI_INVALID},
        {"a..com", PT_SNI_INVALID},
        {".a.com", PT_SNI_INVALID},
        {"a.com-", PT_SNI_INVALID},
        {"a.1", PT_SNI_INVALID},
        {"a.1.", PT_SNI_INVALID},
        {"a b.com", PT_SNI_INVALID},
        {"a\xc3\xa9.com", PT_SNI_INVALID},
        {"1.2.3", PT_SNI_INVALID},
        {"01.2.3.4", PT_SNI_INVALID},
        {"256.1.1.1", PT_SNI_INVALID},
        {"1.2.3.4.", PT_SNI_INVALID},
        {"1.2.3.4", PT_SNI_IP_ADDRESS},
        {"0.0.0.0", PT_SNI_IP_ADDRESS},
        {"255.255.255.255", PT_SNI_IP_ADDRESS},
        {"::", PT_SNI_IP_ADDRESS},
        {"::1", PT_SNI_IP_ADDRESS},
        {"1::", PT_SNI_IP_ADDRESS},
        {"fe80::1", PT_SNI_IP_ADDRESS},
        {"1:2:3:4:5:6:7:8", PT_SNI_IP_ADDRESS},
        {"1:2:3:4:5:6:7::", PT_SNI_IP_ADDRESS},
        {"::ffff:192.0.2.1", PT_SNI_IP_ADDRESS},
        {"64:ff9b::192.0.2.33", PT_SNI_IP_ADDRESS},
        {"0000:0000:0000:0000:0000:0000:0000:0001", PT_SNI_IP_ADDRESS},
        {"1:2:3:4:5:6:7:8:9", PT_SNI_INVALID},
        {"1::2::3", PT_SNI_INVALID},
        {"1:2:3:4:5:6:7:8::", PT_SNI_INVALID},
        {"12345::", PT_SNI_INVALID},
        {"1.2.3.4::", PT_SNI_INVALID},
        {"fe80::1%eth0", PT_SNI_INVALID},
        {":1", PT_SNI_INVALID},
        {"", PT_SNI_INVALID},
    };
    for (size_t i = 0; i < PT_ARRAY_LEN(cases); i++) {
        pt_slice n = pt_slice_of(cases[i].name, strlen(cases[i].name));
        ck_assert_msg(pt_sni_classify(n) == cases[i].kind, "%s: got %d", cases[i].name, (int)pt_sni_classify(n));
    }
    /* Label and name length limits: 63 and 253 bytes. */
    char name[300];
    memset(name, 'a', 63);
    strcpy(name + 63, ".com");
    ck_assert_int_eq(pt_sni_classify(pt_slice_of(name, strlen(name))), PT_SNI_DNS_NAME);
    memset(name, 'a', 64);
    strcpy(name + 64, ".com");
    ck_assert_int_eq(pt_sni_classify(pt_slice_of(name, strlen(name))), PT_SNI_INVALID);
    for (size_t i = 0; i < 253; i++) {
        name[i] = (i % 2) ? '.' : 'a';
    }
    ck_assert_int_eq(pt_sni_classify(pt_slice_of(name, 253)), PT_SNI_DNS_NAME);
    name[253] = '.';
    name[254] = 'a';
    ck_assert_int_eq(pt_sni_classify(pt_slice_of(name, 255)), PT_SNI_INVALID);
}
END_TEST

START_TEST(server_name_server_check)
{
    uint8_t *b;
    pt_slice dns;
    /* RFC 8448's "server". */
    ck_assert_pt_ok(pt_ext_server_name_server_check(hex("0009000006736572766572", &b), &dns));
    ck_assert_uint_eq(dns.len, 6);
    free(b);
    /* "127.0.0.1": ignored, as if no server_name. */
    ck_assert_pt_ok(pt_ext_server_name_server_check(hex("000c 000009 3132372e302e302e31", &b), &dns));
    ck_assert_uint_eq(dns.len, 0);
    free(b);
    /* "a..b", or no host_name at all: ServerNameMustContainOneHostName. */
    EXPECT_BODY(pt_ext_server_name_server_check, "0007 000004 612e2e62", MISBEHAVED(ILLEGAL_PARAMETER), &dns);
    EXPECT_BODY(pt_ext_server_name_server_check, "0003 01ffff", MISBEHAVED(ILLEGAL_PARAMETER), &dns);
    EXPECT_BODY(pt_ext_server_name_server_check, "0000", INVALID, &dns);
}
END_TEST

/* ---------------------------------------------------------------- ALPN */

START_TEST(alpn_list_and_single)
{
    uint8_t *b;
    pt_alpn_list l;
    pt_slice p;
    ck_assert_pt_ok(pt_ext_alpn_decode(hex("000c 02683208687474702f312e31", &b), &l));
    ck_assert_uint_eq(l.count, 2);
    pt_alpn_iter it;
    pt_alpn_iter_init(&it, &l);
    ck_assert(pt_alpn_iter_next(&it, &p));
    ck_assert_uint_eq(p.len, 2);
    ck_assert_mem_eq(p.p, "h2", 2);
    ck_assert(pt_alpn_iter_next(&it, &p));
    ck_assert_mem_eq(p.p, "http/1.1", 8);
    ck_assert(!pt_alpn_iter_next(&it, &p));
    free(b);
    const pt_slice protos[] = {pt_slice_of("h2", 2), pt_slice_of("http/1.1", 8)};
    EXPECT_ENCODING("0010000e 000c 02683208687474702f312e31", pt_ext_alpn_encode(w, protos, 2));

    /* RFC 7301 3.1: non-empty list of non-empty names. */
    EXPECT_BODY(pt_ext_alpn_decode, "0000", INVALID, &l);
    EXPECT_BODY(pt_ext_alpn_decode, "0001 00", INVALID, &l);
    EXPECT_BODY(pt_ext_alpn_decode, "0003 026832 00", TRAILING, &l);
    EXPECT_BODY(pt_ext_alpn_decode, "0003 036832", TOO_SHORT, &l);
    EXPECT_BODY(pt_ext_alpn_decode, "0004 026832", TOO_SHORT, &l);

    ck_assert_pt_ok(pt_ext_alpn_single_decode(hex("0003026832", &b), &p));
    ck_assert_mem_eq(p.p, "h2", 2);
    free(b);
    /* The server's list must hold exactly one name. */
    EXPECT_BODY(pt_ext_alpn_single_decode, "0006 026832 026833", TRAILING, &p);
    EXPECT_BODY(pt_ext_alpn_single_decode, "0000", INVALID, &p);
}
END_TEST

/* ---------------------------------------------------------------- key_share */

START_TEST(key_share_rfc8448_all_forms)
{
    /* RFC 8448 3: the client's x25519 share, then the server's. */
    static const char ch_body[] = "0024001d002099381de560e4bd43d23d8e435a7dbafeb3c06e51c13cae4d5413691e529aaf2c";
    static const char sh_body[] = "001d0020c9828876112095fe66762bdbf7c672e156d6cc253b833df1dd69b1b04e751f0f";
    uint8_t *b, *b2;
    pt_key_share_list l;
    pt_key_share ks;
    ck_assert_pt_ok(pt_ext_key_share_ch_decode(hex(ch_body, &b), &l));
    ck_assert_uint_eq(l.count, 1);
    ck_assert(!pt_key_share_list_has_duplicate_groups(&l));
    pt_key_share_iter it;
    pt_key_share_iter_init(&it, &l);
    ck_assert(pt_key_share_iter_next(&it, &ks));
    ck_assert_uint_eq(ks.group, 0x001d);
    ck_assert_hex_eq(ks.key_exchange.p, ks.key_exchange.len,
                     "99381de560e4bd43d23d8e435a7dbafeb3c06e51c13cae4d5413691e529aaf2c");
    ck_assert(!pt_key_share_iter_next(&it, &ks));
    EXPECT_ENCODING("00330026 0024001d002099381de560e4bd43d23d8e435a7dbafeb3c06e51c13cae4d5413691e529aaf2c",
                    pt_ext_key_share_ch_encode(w, &ks, 1));
    free(b);

    ck_assert_pt_ok(pt_ext_key_share_sh_decode(hex(sh_body, &b2), &ks));
    ck_assert_uint_eq(ks.group, 0x001d);
    ck_assert_uint_eq(ks.key_exchange.len, 32);
    EXPECT_ENCODING("00330024 001d0020c9828876112095fe66762bdbf7c672e156d6cc253b833df1dd69b1b04e751f0f",
                    pt_ext_key_share_sh_encode(w, &ks));
    free(b2);
    EXPECT_ENCODING("00330002 0017", pt_ext_key_share_hrr_encode(w, 0x0017));

    /* client_shares<0..2^16-1>: empty is fine (RFC 8446 4.2.8, a client requesting HRR). */
    ck_assert_pt_ok(pt_ext_key_share_ch_decode(hex("0000", &b), &l));
    ck_assert_uint_eq(l.count, 0);
    free(b);
    ck_assert_pt_ok(pt_ext_key_share_ch_decode(hex("000a 001d000101 001d000102", &b), &l));
    ck_assert(pt_key_share_list_has_duplicate_groups(&l));
    free(b);
    EXPECT_BODY(pt_ext_key_share_ch_decode, "0004 001d0000", INVALID, &l); /* empty key_exchange */
    EXPECT_BODY(pt_ext_key_share_ch_decode, "0005 001d000201", TOO_SHORT, &l);
    EXPECT_BODY(pt_ext_key_share_ch_decode, "0003 001d00", MISSING, &l);
    EXPECT_BODY(pt_ext_key_share_ch_decode, "0005 001d000101 ff", TRAILING, &l);
    EXPECT_BODY(pt_ext_key_share_sh_decode, "001d000101ff", TRAILING, &ks);
    EXPECT_BODY(pt_ext_key_share_sh_decode, "001d", MISSING, &ks);
}
END_TEST

/* ---------------------------------------------------------------- pre_shared_key */

START_TEST(pre_shared_key_rfc8448_resumption)
{
    /* RFC 8448 4: the resumption ClientHello's pre_shared_key body starts at byte 4+2+... of
     * the extension "0029 00dd"; find it in the message. */
    uint8_t *msg;
    pt_slice m = hex(RFC8448_S4_CH, &msg);
    const uint8_t *ext = NULL;
    for (size_t i = 0; i + 4 <= m.len; i++) {
        if (m.p[i] == 0x00 && m.p[i + 1] == 0x29 && m.p[i + 2] == 0x00 && m.p[i + 3] == 0xdd) {
            ext = m.p + i;
        }
    }
    ck_assert(ext != NULL);
    pt_slice body = pt_slice_of(ext + 4, 0xdd);
    ck_assert_ptr_eq(body.p + body.len, m.p + m.len); /* it is the last extension */
    pt_psk_offer o;
    ck_assert_pt_ok(pt_ext_psk_offer_decode(body, &o));
    ck_assert_uint_eq(o.identity_count, 1);
    ck_assert_uint_eq(o.binder_count, 1);
    ck_assert_pt_ok(pt_psk_offer_check(&o));
    /* RFC8448_S4_CH_TRUNCATED_LEN: the binder transcript ends where the binders vector starts. */
    ck_assert_uint_eq((size_t)(body.p - m.p) + o.binders_at, RFC8448_S4_CH_TRUNCATED_LEN);

    pt_psk_identity_iter ii;
    pt_psk_identity id;
    pt_psk_identity_iter_init(&ii, &o);
    ck_assert(pt_psk_identity_iter_next(&ii, &id));
    ck_assert_uint_eq(id.identity.len, 0xb2);
    ck_assert_uint_eq(id.obfuscated_ticket_age, 0xfad6aacbU);
    ck_assert(!pt_psk_identity_iter_next(&ii, &id));
    pt_psk_binder_iter bi;
    pt_slice binder;
    pt_psk_binder_iter_init(&bi, &o);
    ck_assert(pt_psk_binder_iter_next(&bi, &binder));
    ck_assert_hex_eq(binder.p, binder.len, RFC8448_S4_BINDER);
    ck_assert(!pt_psk_binder_iter_next(&bi, &binder));

    /* Encode with placeholder binders, then patch: the RFC extension, byte for byte. */
    uint8_t out[512];
    pt_writer w;
    size_t at = 0;
    pt_writer_init_fixed(&w, out, sizeof(out));
    const uint8_t lens[] = {32};
    pt_ext_psk_offer_encode(&w, &id, 1, lens, &at);
    ck_assert_pt_ok(pt_w_finish(&w));
    ck_assert_uint_eq(w.off, 4 + 0xdd);
    ck_assert_uint_eq(at, 4 + o.binders_at);
    ck_assert_pt_ok(pt_psk_patch_binders(out, w.off, at, &binder, 1));
    ck_assert_mem_eq(out, ext, w.off);
    /* Patching refuses a layout that does not match. */
    pt_slice short_binder = pt_slice_of(binder.p, 31);
    ck_assert_pt_err(pt_psk_patch_binders(out, w.off, at, &short_binder, 1), PT_ERR_INTERNAL);
    ck_assert_pt_err(pt_psk_patch_binders(out, w.off, at + 1, &binder, 1), PT_ERR_INTERNAL);
    ck_assert_pt_err(pt_psk_patch_binders(out, w.off - 1, at, &binder, 1), PT_ERR_INTERNAL);
    ck_assert_pt_err(pt_psk_patch_binders(out, w.off, w.off + 1, &binder, 1), PT_ERR_INTERNAL);
    pt_slice two[2] = {binder, binder};
    ck_assert_pt_err(pt_psk_patch_binders(out, w.off, at, two, 2), PT_ERR_INTERNAL);
    free(msg);
}
END_TEST

START_TEST(pre_shared_key_bounds)
{
    pt_psk_offer o;
    static const char b32[] = "20 0000000000000000000000000000000000000000000000000000000000000000";
    char h[512];
    /* Good: one identity, one 32-byte binder. */
    snprintf(h, sizeof(h), "0009 0003 616263 00000001 0021 %s", b32);
    EXPECT_BODY(pt_ext_psk_offer_decode, h, PT_OK, &o);
    /* Empty identities / binders lists, empty identity. */
    snprintf(h, sizeof(h), "0000 0021 %s", b32);
    EXPECT_BODY(pt_ext_psk_offer_decode, h, INVALID, &o);
    EXPECT_BODY(pt_ext_psk_offer_decode, "0009 0003 616263 00000001 0000", INVALID, &o);
    snprintf(h, sizeof(h), "0006 0000 00000001 0021 %s", b32);
    EXPECT_BODY(pt_ext_psk_offer_decode, h, INVALID, &o);
    /* Identity missing its age. */
    snprintf(h, sizeof(h), "0005 0003 616263 0021 %s", b32);
    EXPECT_BODY(pt_ext_psk_offer_decode, h, MISSING, &o);
    /* Binder shorter than 32 (RFC 8446 4.2.11: PskBinderEntry<32..255>), or empty. */
    EXPECT_BODY(pt_ext_psk_offer_decode, "0009 0003 616263 00000001 0002 01ff", INVALID, &o);
    EXPECT_BODY(pt_ext_psk_offer_decode, "0009 0003 616263 00000001 0001 00", INVALID, &o);
    /* Binders missing entirely, binder cut short, trailing byte. */
    EXPECT_BODY(pt_ext_psk_offer_decode, "0009 0003 616263 00000001", MISSING, &o);
    EXPECT_BODY(pt_ext_psk_offer_decode, "0009 0003 616263 00000001 0021 20 00", TOO_SHORT, &o);
    snprintf(h, sizeof(h), "0009 0003 616263 00000001 0021 %s 00", b32);
    EXPECT_BODY(pt_ext_psk_offer_decode, h, TRAILING, &o);
    /* Two identities, one binder: decodes, but the check refuses it. */
    uint8_t *b;
    snprintf(h, sizeof(h), "0012 0003 616263 00000001 0003 646566 00000002 0021 %s", b32);
    ck_assert_pt_ok(pt_ext_psk_offer_decode(hex(h, &b), &o));
    ck_assert_uint_eq(o.identity_count, 2);
    ck_assert_pt_err(pt_psk_offer_check(&o), MISBEHAVED(ILLEGAL_PARAMETER));
    free(b);
}
END_TEST

/* ---------------------------------------------------------------- the rest */

START_TEST(small_extensions)
{
    uint8_t *b;
    pt_slice s;
    uint32_t u32;
    uint16_t u16;
    uint8_t u8;

    /* cookie<1..2^16-1> */
    ck_assert_pt_ok(pt_ext_cookie_decode(hex("0003616263", &b), &s));
    ck_assert_mem_eq(s.p, "abc", 3);
    free(b);
    EXPECT_ENCODING("002c0005 0003616263", pt_ext_cookie_encode(w, pt_slice_of("abc", 3)));
    EXPECT_BODY(pt_ext_cookie_decode, "0000", INVALID, &s);
    EXPECT_BODY(pt_ext_cookie_decode, "000361", TOO_SHORT, &s);
    EXPECT_BODY(pt_ext_cookie_decode, "000161ff", TRAILING, &s);

    /* early_data in NewSessionTicket: RFC 8448 3's ticket allows 1024 bytes. */
    ck_assert_pt_ok(pt_ext_early_data_nst_decode(hex("00000400", &b), &u32));
    ck_assert_uint_eq(u32, 0x400);
    free(b);
    EXPECT_ENCODING("002a0004 00000400", pt_ext_early_data_nst_encode(w, 0x400));
    EXPECT_ENCODING("002a0000", pt_ext_encode_empty(w, PT_EXT_EARLY_DATA));
    EXPECT_ENCODING("00230003 010203", pt_ext_encode_raw(w, PT_EXT_SESSION_TICKET, pt_slice_of("\x01\x02\x03", 3)));
    ck_assert_pt_ok(pt_ext_empty_decode(PT_SLICE_EMPTY));
    EXPECT_BODY0(pt_ext_empty_decode, "00", TRAILING);

    /* renegotiation_info: the initial handshake's empty form, and RFC 5746 3.4/3.6. */
    EXPECT_ENCODING("ff010001 00", pt_ext_renegotiation_info_encode_initial(w));
    ck_assert_pt_ok(pt_ext_renegotiation_info_check_initial(hex("00", &b)));
    free(b);
    EXPECT_BODY0(pt_ext_renegotiation_info_check_initial, "0100", MISBEHAVED(HANDSHAKE_FAILURE));
    EXPECT_BODY0(pt_ext_renegotiation_info_check_initial, "", MISSING);
    EXPECT_BODY(pt_ext_renegotiation_info_decode, "0200", TOO_SHORT, &s);
    EXPECT_BODY(pt_ext_renegotiation_info_decode, "0000", TRAILING, &s);

    /* record_size_limit (RFC 8449 4) and max_fragment_length (RFC 6066 4). */
    ck_assert_pt_ok(pt_ext_record_size_limit_decode(hex("4001", &b), &u16));
    ck_assert_uint_eq(u16, 0x4001);
    free(b);
    EXPECT_BODY(pt_ext_record_size_limit_decode, "0040", PT_OK, &u16);
    EXPECT_BODY(pt_ext_record_size_limit_decode, "003f", MISBEHAVED(ILLEGAL_PARAMETER), &u16);
    EXPECT_BODY(pt_ext_max_fragment_length_decode, "04", PT_OK, &u8);
    EXPECT_BODY(pt_ext_max_fragment_length_decode, "00", MISBEHAVED(ILLEGAL_PARAMETER), &u8);
    EXPECT_BODY(pt_ext_max_fragment_length_decode, "05", MISBEHAVED(ILLEGAL_PARAMETER), &u8);
    EXPECT_BODY(pt_ext_max_fragment_length_decode, "0100", TRAILING, &u8);
}
END_TEST

START_TEST(status_request_forms)
{
    uint8_t *b;
    pt_status_request sr;
    pt_slice s;
    EXPECT_ENCODING("00050005 0100000000", pt_ext_status_request_ocsp_encode(w));
    ck_assert_pt_ok(pt_ext_status_request_decode(hex("01 0004 0002abcd 0001 ee", &b), &sr));
    ck_assert_uint_eq(sr.status_type, PT_CERT_STATUS_OCSP);
    ck_assert_hex_eq(sr.responder_ids.p, sr.responder_ids.len, "0002abcd");
    ck_assert_hex_eq(sr.request_extensions.p, sr.request_extensions.len, "ee");
    free(b);
    /* Another status type is kept opaque (rustls: Unknown). */
    ck_assert_pt_ok(pt_ext_status_request_decode(hex("02 ffff", &b), &sr));
    ck_assert_uint_eq(sr.status_type, 2);
    ck_assert_uint_eq(sr.other.len, 2);
    free(b);
    EXPECT_BODY(pt_ext_status_request_decode, "", MISSING, &sr);
    EXPECT_BODY(pt_ext_status_request_decode, "01 0002 0000 0000", INVALID, &sr); /* empty ResponderID */
    EXPECT_BODY(pt_ext_status_request_decode, "01 0000", MISSING, &sr);
    EXPECT_BODY(pt_ext_status_request_decode, "01 0000 0000 00", TRAILING, &sr);
    EXPECT_BODY(pt_ext_status_request_decode, "01 0004 0001aa ff 0000", MISSING, &sr); /* half an id */

    ck_assert_pt_ok(pt_ext_cert_status_decode(hex("01 000002 3000", &b), &s));
    ck_assert_uint_eq(s.len, 2);
    free(b);
    EXPECT_BODY(pt_ext_cert_status_decode, "02 000001 00", BAD_STATUS, &s);
    EXPECT_BODY(pt_ext_cert_status_decode, "01 000000", INVALID, &s);
    EXPECT_BODY(pt_ext_cert_status_decode, "01 0000", MISSING, &s);
}
END_TEST

START_TEST(certificate_authorities_list)
{
    uint8_t *b;
    pt_dn_list l;
    pt_slice dn;
    ck_assert_pt_ok(pt_ext_certificate_authorities_decode(hex("0009 0002 3000 0003 300100", &b), &l));
    ck_assert_uint_eq(l.count, 2);
    pt_dn_iter it;
    pt_dn_iter_init(&it, l.raw);
    ck_assert(pt_dn_iter_next(&it, &dn));
    ck_assert_hex_eq(dn.p, dn.len, "3000");
    ck_assert(pt_dn_iter_next(&it, &dn));
    ck_assert_hex_eq(dn.p, dn.len, "300100");
    ck_assert(!pt_dn_iter_next(&it, &dn));
    free(b);
    const pt_slice dns[] = {pt_slice_of("\x30\x00", 2)};
    EXPECT_ENCODING("002f0006 0004 0002 3000", pt_ext_certificate_authorities_encode(w, dns, 1));
    EXPECT_BODY(pt_ext_certificate_authorities_decode, "0000", INVALID, &l);
    EXPECT_BODY(pt_ext_certificate_authorities_decode, "0002 0000", INVALID, &l);
    EXPECT_BODY(pt_ext_certificate_authorities_decode, "0003 000230", TOO_SHORT, &l);
    EXPECT_BODY(pt_ext_certificate_authorities_decode, "0003 000130 00", TRAILING, &l);
}
END_TEST

START_TEST(vector_helper_matches_rustls_errors)
{
    uint8_t data[] = {0x00, 0x04, 0xaa, 0xbb, 0xcc};
    pt_reader r = pt_reader_init(data, sizeof(data)), sub;
    pt_err empty = PT_ERR_DECODE(RUSTLS_RESULT_MESSAGE_NO_SIGNATURE_SCHEMES);
    ck_assert_pt_err(pt_r_vec_ex(&r, 2, 0, 10, 1, empty, &sub), TOO_SHORT);
    ck_assert_ptr_eq(r.p, data); /* not advanced on failure */
    data[1] = 0x03;
    ck_assert_pt_err(pt_r_vec_ex(&r, 2, 0, 10, 2, empty, &sub), MISSING);
    ck_assert_pt_err(pt_r_vec_ex(&r, 2, 4, 10, 1, empty, &sub), INVALID);
    ck_assert_pt_err(pt_r_vec_ex(&r, 2, 0, 2, 1, empty, &sub), INVALID);
    ck_assert_pt_err(pt_r_vec_ex(&r, 4, 0, 2, 1, empty, &sub), PT_ERR_INTERNAL);
    ck_assert_pt_ok(pt_r_vec_ex(&r, 2, 3, 3, 1, empty, &sub));
    ck_assert_uint_eq(pt_r_left(&sub), 3);
    ck_assert_uint_eq(pt_r_left(&r), 0);
    data[1] = 0x00;
    r = pt_reader_init(data, sizeof(data));
    ck_assert_pt_err(pt_r_vec_ex(&r, 2, 1, 3, 1, empty, &sub), empty);
    r = pt_reader_init(data, 1);
    ck_assert_pt_err(pt_r_vec_ex(&r, 2, 0, 3, 1, empty, &sub), MISSING);
    /* Width 3 works too. */
    uint8_t d3[] = {0x00, 0x00, 0x01, 0x7f};
    r = pt_reader_init(d3, sizeof(d3));
    ck_assert_pt_ok(pt_r_vec_ex(&r, 3, 1, 0xffffff, 1, empty, &sub));
    ck_assert_uint_eq(pt_r_left(&sub), 1);
}
END_TEST

START_TEST(index_table_is_consistent)
{
    /* Every index maps back from exactly one type, and bits never collide. */
    static const uint16_t types[] = {
        PT_EXT_SERVER_NAME, PT_EXT_MAX_FRAGMENT_LENGTH, PT_EXT_STATUS_REQUEST, PT_EXT_SUPPORTED_GROUPS,
        PT_EXT_EC_POINT_FORMATS, PT_EXT_SIGNATURE_ALGORITHMS, PT_EXT_USE_SRTP, PT_EXT_HEARTBEAT, PT_EXT_ALPN,
        PT_EXT_SCT, PT_EXT_CLIENT_CERTIFICATE_TYPE, PT_EXT_SERVER_CERTIFICATE_TYPE, PT_EXT_PADDING,
        PT_EXT_EXTENDED_MASTER_SECRET, PT_EXT_COMPRESS_CERTIFICATE, PT_EXT_RECORD_SIZE_LIMIT, PT_EXT_SESSION_TICKET,
        PT_EXT_PRE_SHARED_KEY, PT_EXT_EARLY_DATA, PT_EXT_SUPPORTED_VERSIONS, PT_EXT_COOKIE,
        PT_EXT_PSK_KEY_EXCHANGE_MODES, PT_EXT_CERTIFICATE_AUTHORITIES, PT_EXT_OID_FILTERS, PT_EXT_POST_HANDSHAKE_AUTH,
        PT_EXT_SIGNATURE_ALGORITHMS_CERT, PT_EXT_KEY_SHARE, PT_EXT_RENEGOTIATION_INFO,
    };
    ck_assert_uint_eq(PT_ARRAY_LEN(types), PT_EXTI_COUNT);
    uint32_t all = 0;
    for (size_t i = 0; i < PT_ARRAY_LEN(types); i++) {
        ck_assert_int_eq(pt_ext_index_of(types[i]), (int)i);
        ck_assert_uint_eq(all & pt_ext_bit(types[i]), 0);
        all |= pt_ext_bit(types[i]);
    }
    ck_assert_int_eq(pt_ext_index_of(0x1234), -1);
    ck_assert_uint_eq(pt_ext_bit(0xfe0d), 0);
}
END_TEST

static Suite *extensions_suite(void)
{
    Suite *s = suite_create("extensions");
    TCase *tc = tcase_create("block");
    tcase_set_timeout(tc, 120); /* bit flips under sanitizers */
    tcase_add_test(tc, block_rfc8448_encrypted_extensions);
    tcase_add_test(tc, block_empty_and_truncated);
    tcase_add_test(tc, block_refuses_duplicates_in_every_context);
    tcase_add_test(tc, block_pre_shared_key_must_be_last_in_client_hello);
    tcase_add_test(tc, block_hello_retry_request_refuses_other_extensions);
    tcase_add_test(tc, block_certificate_request_and_ticket_contexts);
    tcase_add_test(tc, block_client_hello_ignores_unknown_and_unlisted);
    tcase_add_test(tc, block_client_hello_trailing_inside_each_extension);
    tcase_add_test(tc, vector_helper_matches_rustls_errors);
    tcase_add_test(tc, index_table_is_consistent);
    tcase_add_test(tc, block_bit_flips_in_every_context);
    suite_add_tcase(s, tc);

    tc = tcase_create("codecs");
    tcase_add_test(tc, supported_groups_rfc8448);
    tcase_add_test(tc, signature_algorithms_rfc8448);
    tcase_add_test(tc, supported_versions_both_forms);
    tcase_add_test(tc, u8_lists_and_compress_certificate);
    tcase_add_test(tc, server_name_rfc8448);
    tcase_add_test(tc, server_name_classification);
    tcase_add_test(tc, server_name_server_check);
    tcase_add_test(tc, alpn_list_and_single);
    tcase_add_test(tc, key_share_rfc8448_all_forms);
    tcase_add_test(tc, pre_shared_key_rfc8448_resumption);
    tcase_add_test(tc, pre_shared_key_bounds);
    tcase_add_test(tc, small_extensions);
    tcase_add_test(tc, status_request_forms);
    tcase_add_test(tc, certificate_authorities_list);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return pt_test_run(extensions_suite());
}
