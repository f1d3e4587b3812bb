/*
 * test_new_session_ticket.c - NewSessionTicket, TLS 1.3 and TLS 1.2
 * (src/msgs/new_session_ticket.c).
 *
 * Real messages: the NewSessionTicket of RFC 8448 section 3, the first ticket of the captured
 * OpenSSL TLS 1.3 handshake, and the RFC 5077 ticket of the captured TLS 1.2 handshake
 * (tests/unit/capture_data.h).
 */
#include "msgs/new_session_ticket.h"
#include "unit/capture_data.h"
#include "unit/msgs_testutil.h"
#include "vectors/rfc8448_data.h"

static pt_err dec13(pt_slice b)
{
    pt_new_session_ticket13 t;
    pt_err e = pt_new_session_ticket13_decode(b, &t);
    if (pt_ok(e)) {
        ck_assert_reencodes(pt_new_session_ticket13_encode, &t, b);
    }
    return e;
}

static pt_err dec12(pt_slice b)
{
    pt_new_session_ticket12 t;
    pt_err e = pt_new_session_ticket12_decode(b, &t);
    if (pt_ok(e)) {
        ck_assert_reencodes(pt_new_session_ticket12_encode, &t, b);
    }
    return e;
}

/* ---------------------------------------------------------------- TLS 1.3 */

START_TEST(decodes_rfc8448_new_session_ticket)
{
    /* RFC 8448 section 3, "{server}  construct a NewSessionTicket handshake message":
     * lifetime 30 s, age_add 0xfad6aac5, nonce 0000 (the "ticket nonce" the trace uses for the
     * resumption PSK), a 178-byte ticket, and early_data with max_early_data_size 1024. */
    pt_slice body = hs_body(RFC8448_S3_NST, PT_HS_NEW_SESSION_TICKET);
    pt_new_session_ticket13 t;
    ck_assert_pt_ok(pt_new_session_ticket13_decode(body, &t));
    ck_assert_uint_eq(t.lifetime, 30);
    ck_assert_uint_eq(t.age_add, 0xfad6aac5u);
    ck_assert_slice_eq(t.nonce, hx(RFC8448_S3_NONCE));
    ck_assert_uint_eq(t.ticket.len, 0xb2);
    ck_assert_ptr_eq(t.ticket.p, body.p + 4 + 4 + 1 + 2 + 2);
    ck_assert_hex_eq(t.ticket.p, 4, "2c035d82");
    ck_assert_hex_eq(t.extensions.p, t.extensions.len, "002a 0004 00000400");
    ck_assert_reencodes(pt_new_session_ticket13_encode, &t, body);

    /* and as a whole message with its header */
    pt_writer w;
    t_writer(&w, 256);
    pt_wvec v = pt_hs_open(&w, PT_HS_NEW_SESSION_TICKET);
    pt_new_session_ticket13_encode(&w, &t);
    pt_w_close_vec(&w, v);
    ck_assert_written(&w, hx(RFC8448_S3_NST));
}
END_TEST

START_TEST(decodes_captured_new_session_ticket13)
{
    /* OpenSSL: lifetime 7200 s, an 8-byte nonce, a 736-byte ticket, no extensions */
    pt_slice body = hs_body(TLS13_CAP_NST, PT_HS_NEW_SESSION_TICKET);
    pt_new_session_ticket13 t;
    ck_assert_pt_ok(dec13(body));
    ck_assert_pt_ok(pt_new_session_ticket13_decode(body, &t));
    ck_assert_uint_eq(t.lifetime, 7200);
    ck_assert_uint_le(t.lifetime, PT_TICKET_LIFETIME_MAX);
    ck_assert_uint_eq(t.age_add, 0x78f156e1u);
    ck_assert_hex_eq(t.nonce.p, t.nonce.len, "0000000000000000");
    ck_assert_uint_eq(t.ticket.len, 0x2e0);
    ck_assert_uint_eq(t.extensions.len, 0);
}
END_TEST

START_TEST(rejects_malformed_new_session_ticket13)
{
    pt_slice body = hs_body(RFC8448_S3_NST, PT_HS_NEW_SESSION_TICKET);
    t_every_prefix_truncated(dec13, body);
    ck_assert_pt_err(dec13(t_append(body, 0x00)), E_TRAILING);
    /* ticket<1..2^16-1>: rustls's EmptyTicketValue */
    ck_assert_pt_err(dec13(hx("00000001 00000002 00 0000 0000")), E_EMPTY);
    ck_assert_pt_ok(dec13(hx("00000001 00000002 00 0001 aa 0000")));
    /* the extension block is raw; its contents are not judged here */
    ck_assert_pt_ok(dec13(hx("00000001 00000002 01 07 0001 aa 0003 ffffff")));
    ck_assert_pt_err(dec13(hx("00000001 00000002 01 07 0001 aa 0003 ffff")), E_TOO_SHORT);
    /* nonce<0..255>: the longest */
    pt_slice t;
    uint8_t *p = t_alloc(8 + 1 + 255 + 3 + 2);
    memset(p, 0x33, 8 + 1 + 255 + 3 + 2);
    p[8] = 0xff;
    memcpy(p + 8 + 1 + 255, "\x00\x01\x33\x00\x00", 5);
    t = pt_slice_of(p, 8 + 1 + 255 + 3 + 2);
    ck_assert_pt_ok(dec13(t));
}
END_TEST

START_TEST(new_session_ticket13_extension_bound)
{
    /* extensions<0..2^16-2>: 65534 bytes is the most; 65535 is out of bounds */
    size_t head = 4 + 4 + 1 + 3;
    size_t len = head + 2 + 0xffff;
    uint8_t *p = t_alloc(len);
    memset(p, 0, len);
    memcpy(p, "\x00\x00\x00\x10\x00\x00\x00\x20\x00\x00\x01\x77", head);
    p[head] = 0xff;
    p[head + 1] = 0xff;
    ck_assert_pt_err(dec13(pt_slice_of(p, len)), E_BOUNDS);
    p[head + 1] = 0xfe;
    ck_assert_pt_ok(dec13(pt_slice_of(p, len - 1)));
}
END_TEST

START_TEST(new_session_ticket13_bit_flips)
{
    pt_slice body = hs_body(RFC8448_S3_NST, PT_HS_NEW_SESSION_TICKET);
    size_t accepted = t_bit_flips(dec13, body, PT_OK);
    /* lifetime, age_add, nonce, ticket and extension contents are opaque to the codec */
    ck_assert_uint_ge(accepted, (4 + 4 + 2 + 0xb2 + 8) * 8);
    ck_assert_uint_lt(accepted, body.len * 8);
}
END_TEST

START_TEST(new_session_ticket13_hand_built)
{
    pt_new_session_ticket13 t = {604800, 0x01020304, hx("05"), hx("abcdef"), hx("002a 0004 00004000")};
    pt_slice expected = hx("00093a80 01020304 01 05 0003 abcdef 0008 002a 0004 00004000");
    ck_assert_reencodes(pt_new_session_ticket13_encode, &t, expected);
    pt_new_session_ticket13 back;
    ck_assert_pt_ok(pt_new_session_ticket13_decode(expected, &back));
    ck_assert_uint_eq(back.lifetime, PT_TICKET_LIFETIME_MAX);
    ck_assert_uint_eq(back.age_add, t.age_add);
    ck_assert_slice_eq(back.nonce, t.nonce);
    ck_assert_slice_eq(back.ticket, t.ticket);
    ck_assert_slice_eq(back.extensions, t.extensions);
}
END_TEST

/* ---------------------------------------------------------------- TLS 1.2 (RFC 5077) */

START_TEST(decodes_captured_new_session_ticket12)
{
    /* OpenSSL: lifetime hint 7200 s and a 704-byte ticket */
    pt_slice body = hs_body(TLS12_CAP_NST, PT_HS_NEW_SESSION_TICKET);
    pt_new_session_ticket12 t;
    ck_assert_pt_ok(pt_new_session_ticket12_decode(body, &t));
    ck_assert_uint_eq(t.lifetime_hint, 7200);
    ck_assert_uint_eq(t.ticket.len, 0x2c0);
    ck_assert_ptr_eq(t.ticket.p, body.p + 6);
    ck_assert_reencodes(pt_new_session_ticket12_encode, &t, body);
}
END_TEST

START_TEST(rejects_malformed_new_session_ticket12)
{
    pt_slice body = hs_body(TLS12_CAP_NST, PT_HS_NEW_SESSION_TICKET);
    t_every_prefix_truncated(dec12, body);
    ck_assert_pt_err(dec12(t_append(body, 0x00)), E_TRAILING);
    /* RFC 5077 section 3.3: an empty ticket is how a server backs out of issuing one */
    pt_new_session_ticket12 t;
    ck_assert_pt_ok(pt_new_session_ticket12_decode(hx("00000000 0000"), &t));
    ck_assert_uint_eq(t.lifetime_hint, 0);
    ck_assert_uint_eq(t.ticket.len, 0);
    ck_assert_pt_err(dec12(hx("00000000 0000 00")), E_TRAILING);
    ck_assert_pt_err(dec12(hx("00000000 0002 00")), E_TOO_SHORT);
    pt_new_session_ticket12 h = {0xffffffffu, hx("0102")};
    ck_assert_reencodes(pt_new_session_ticket12_encode, &h, hx("ffffffff 0002 0102"));
}
END_TEST

START_TEST(new_session_ticket12_bit_flips)
{
    pt_slice body = hs_body(TLS12_CAP_NST, PT_HS_NEW_SESSION_TICKET);
    size_t accepted = t_bit_flips(dec12, body, PT_OK);
    ck_assert_uint_eq(accepted, (4 + 0x2c0) * 8);
}
END_TEST

static Suite *new_session_ticket_suite(void)
{
    Suite *s = suite_create("new_session_ticket");
    TCase *tc = tcase_create("tls13");
    tcase_add_test(tc, decodes_rfc8448_new_session_ticket);
    tcase_add_test(tc, decodes_captured_new_session_ticket13);
    tcase_add_test(tc, rejects_malformed_new_session_ticket13);
    tcase_add_test(tc, new_session_ticket13_extension_bound);
    tcase_add_test(tc, new_session_ticket13_bit_flips);
    tcase_add_test(tc, new_session_ticket13_hand_built);
    suite_add_tcase(s, tc);
    tc = tcase_create("tls12");
    tcase_add_test(tc, decodes_captured_new_session_ticket12);
    tcase_add_test(tc, rejects_malformed_new_session_ticket12);
    tcase_add_test(tc, new_session_ticket12_bit_flips);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return pt_test_run(new_session_ticket_suite());
}
