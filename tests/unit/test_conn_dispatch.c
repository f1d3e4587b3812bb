/*
 * test_conn_dispatch.c - the dispatcher and the record rules of process_new_packets, driven by a
 * fake role (a small pt_hs_state table with test handlers) and hand-made records: allowed and
 * refused message types with the exact pt_err and alert bytes, transcript order (PT_HS_HASH_AFTER),
 * RFC 8446 5.1 key-change alignment and interleaving, CCS rules, sticky errors with one alert.
 */
#include "tests/unit/conn_testutil.h"

#include "msgs/msgs.h"

/* The alert records we expect on the wire, unprotected: 21 03 03 00 02 level description. */
#define ALERT_UNEXPECTED_MESSAGE "15 0303 0002 02 0a"
#define ALERT_DECODE_ERROR "15 0303 0002 02 32"
#define ALERT_BAD_CERTIFICATE "15 0303 0002 02 2a"
#define ALERT_ILLEGAL_PARAMETER "15 0303 0002 02 2f"

/* ---------------------------------------------------------------- the fake role */

typedef struct fake_hs {
    pt_hs_base base;
    int handled;
} fake_hs;

static int frees;           /* free_hs calls */
static size_t seen_len[8];  /* transcript length each handler saw */
static uint8_t seen_type[8];
static int n_seen;

enum { S_HELLO, S_FINISHED, S_KEYCHANGE, S_DONE, S_FAIL, S_SELF_FAIL, S_COUNT };

static void record_seen(pt_conn *c, const pt_hs_msg *msg)
{
    ck_assert_int_lt(n_seen, 8);
    seen_len[n_seen] = c->hs->transcript.buf_len;
    seen_type[n_seen] = msg->type;
    n_seen++;
    ((fake_hs *)c->hs)->handled++;
}

static pt_err h_hello(pt_conn *c, const pt_hs_msg *msg)
{
    record_seen(c, msg);
    c->state = S_FINISHED;
    return PT_OK;
}

static pt_err h_finished(pt_conn *c, const pt_hs_msg *msg)
{
    record_seen(c, msg);
    c->state = S_KEYCHANGE;
    return PT_OK;
}

/* Like a client's ServerHello handler: switch the receive keys. */
static pt_err h_keychange(pt_conn *c, const pt_hs_msg *msg)
{
    record_seen(c, msg);
    c->version = 0x0304;
    c->suite = t_suite();
    PT_TRY(pt_conn_set_rx_keys13(c, t_secret_s2c, false));
    c->state = S_DONE;
    return PT_OK;
}

/* Like a client's Finished handler: application keys both ways, then done. */
static pt_err h_done(pt_conn *c, const pt_hs_msg *msg)
{
    record_seen(c, msg);
    PT_TRY(pt_conn_set_rx_keys13(c, t_secret_s2c, true));
    PT_TRY(pt_conn_set_tx_keys13(c, t_secret_c2s, true));
    c->may_receive_app_data = true;
    return pt_conn_handshake_done(c);
}

static pt_err h_fail(pt_conn *c, const pt_hs_msg *msg)
{
    record_seen(c, msg);
    return PT_ERR(BAD_CERTIFICATE, RUSTLS_RESULT_CERT_ENCODING_BAD);
}

/* A handler that fails the connection itself and returns success; it stays in its state. */
static pt_err h_self_fail(pt_conn *c, const pt_hs_msg *msg)
{
    record_seen(c, msg);
    (void)pt_conn_fail(c, PT_ERR(HANDSHAKE_FAILURE, RUSTLS_RESULT_PEER_INCOMPATIBLE_ERROR));
    return PT_OK;
}

static const pt_hs_state fake_states[S_COUNT] = {
    [S_HELLO] = {"ExpectHello", PT_HS_BIT(PT_HS_CLIENT_HELLO), 0, h_hello},
    [S_FINISHED] = {"ExpectFinished", PT_HS_BIT(PT_HS_FINISHED), PT_HS_HASH_AFTER, h_finished},
    [S_KEYCHANGE] = {"ExpectKeyChange", PT_HS_BIT(PT_HS_SERVER_HELLO), 0, h_keychange},
    [S_DONE] = {"ExpectDone", PT_HS_BIT(PT_HS_FINISHED), PT_HS_HASH_AFTER, h_done},
    [S_FAIL] = {"ExpectFail", PT_HS_BIT(PT_HS_CERTIFICATE), 0, h_fail},
    [S_SELF_FAIL] = {"ExpectSelfFail", PT_HS_BIT(PT_HS_CERTIFICATE), 0, h_self_fail},
};

static void fake_free(pt_conn *c)
{
    pt_transcript_free(&c->hs->transcript);
    free(c->hs);
    frees++;
}

static const pt_hs_role fake_role = {"fake", fake_states, S_COUNT, fake_free};

static pt_conn *fake_conn(unsigned state)
{
    pt_conn *c = t_conn(false);
    fake_hs *hs = calloc(1, sizeof(*hs));
    ck_assert_ptr_nonnull(hs);
    pt_transcript_init(&hs->base.transcript);
    c->hs = &hs->base;
    c->role = &fake_role;
    c->state = state;
    frees = 0;
    n_seen = 0;
    return c;
}

/* Assert that `c` failed with `want`, queued exactly `alert_hex` (or nothing) and freed its block. */
static void assert_failed(pt_conn *c, rustls_result got, pt_err want, const char *alert_hex)
{
    ck_assert_int_eq(got, pt_err_result(want));
    ck_assert_pt_err(c->err, want);
    ck_assert(c->failed);
    ck_assert_ptr_null(c->hs);
    ck_assert_int_eq(frees, 1);
    /* sticky: the same result again, and no second alert */
    ck_assert_int_eq(rustls_connection_process_new_packets(c), pt_err_result(want));
    t_bytes out = t_drain(c);
    if (alert_hex == NULL) {
        ck_assert_uint_eq(out.len, 0);
    } else {
        ck_assert_hex_eq(out.p, out.len, alert_hex);
    }
    free(out.p);
    ck_assert(!rustls_connection_wants_write(c));
    ck_assert(!rustls_connection_wants_read(c));
    /* every entry point answers with the sticky error */
    uint8_t buf[4];
    size_t n = 99;
    ck_assert_int_eq(rustls_connection_read(c, buf, sizeof(buf), &n), pt_err_result(want));
    ck_assert_int_eq(rustls_connection_write(c, buf, sizeof(buf), &n), pt_err_result(want));
    ck_assert_uint_eq(n, 99);
    ck_assert_int_eq(rustls_connection_refresh_traffic_keys(c), pt_err_result(want));
    t_src s = {buf, sizeof(buf), 0, 0, 0, 0};
    ck_assert_int_eq(rustls_connection_read_tls(c, t_read_cb, &s, &n), EIO);
    ck_assert_int_eq(s.calls, 0);
}

/* ---------------------------------------------------------------- dispatch */

START_TEST(refused_type_is_inappropriate_handshake_message)
{
    pt_conn *c = fake_conn(S_HELLO);
    t_bytes in = {0};
    t_add_plain_hex(&in, PT_CT_HANDSHAKE, "02 000002 abcd"); /* ServerHello where ClientHello is expected */
    rustls_result r = t_feed_process(c, &in);
    ck_assert_int_eq(n_seen, 0);
    assert_failed(c, r, PT_ERR(UNEXPECTED_MESSAGE, RUSTLS_RESULT_INAPPROPRIATE_HANDSHAKE_MESSAGE),
                  ALERT_UNEXPECTED_MESSAGE);
    pt_conn_free(c);
}
END_TEST

START_TEST(type_over_31_is_refused)
{
    pt_conn *c = fake_conn(S_HELLO);
    t_bytes in = {0};
    t_add_plain_hex(&in, PT_CT_HANDSHAKE, "fe 000000");
    rustls_result r = t_feed_process(c, &in);
    assert_failed(c, r, PT_ERR(UNEXPECTED_MESSAGE, RUSTLS_RESULT_INAPPROPRIATE_HANDSHAKE_MESSAGE),
                  ALERT_UNEXPECTED_MESSAGE);
    pt_conn_free(c);
}
END_TEST

START_TEST(handler_error_is_sticky_with_its_alert)
{
    pt_conn *c = fake_conn(S_FAIL);
    t_bytes in = {0};
    t_add_plain_hex(&in, PT_CT_HANDSHAKE, "0b 000001 00");
    rustls_result r = t_feed_process(c, &in);
    ck_assert_int_eq(n_seen, 1);
    assert_failed(c, r, PT_ERR(BAD_CERTIFICATE, RUSTLS_RESULT_CERT_ENCODING_BAD), ALERT_BAD_CERTIFICATE);
    pt_conn_free(c);
}
END_TEST

/* A handler that called pt_conn_fail: nothing after its message is processed. */
START_TEST(handler_failing_connection_stops_processing)
{
    pt_conn *c = fake_conn(S_SELF_FAIL);
    t_bytes in = {0};
    t_add_plain_hex(&in, PT_CT_HANDSHAKE, "0b 000001 00 0b 000001 00");
    t_add_plain_hex(&in, PT_CT_HANDSHAKE, "0b 000001 00");
    rustls_result r = t_feed_process(c, &in);
    ck_assert_int_eq(n_seen, 1);
    assert_failed(c, r, PT_ERR(HANDSHAKE_FAILURE, RUSTLS_RESULT_PEER_INCOMPATIBLE_ERROR), "15 0303 0002 02 28");
    pt_conn_free(c);
}
END_TEST

/* Messages coalesced in one record and one split over three records; transcript order. */
START_TEST(transcript_order_and_hash_after)
{
    pt_conn *c = fake_conn(S_HELLO);
    t_bytes in = {0};
    /* ClientHello (7 bytes) and Finished (8 bytes) in one record */
    t_add_plain_hex(&in, PT_CT_HANDSHAKE, "01 000003 aabbcc 14 000004 01020304");
    ck_assert_int_eq(t_feed_process(c, &in), RUSTLS_RESULT_OK);
    ck_assert_int_eq(n_seen, 2);
    ck_assert_uint_eq(seen_type[0], PT_HS_CLIENT_HELLO);
    ck_assert_uint_eq(seen_len[0], 7); /* hashed before its handler */
    ck_assert_uint_eq(seen_type[1], PT_HS_FINISHED);
    ck_assert_uint_eq(seen_len[1], 7); /* PT_HS_HASH_AFTER: not yet */
    ck_assert_uint_eq(c->hs->transcript.buf_len, 15);
    ck_assert_hex_eq(c->hs->transcript.buf, 15, "01000003aabbcc 1400000401020304");
    ck_assert_uint_eq(c->state, S_KEYCHANGE);
    ck_assert(!rustls_connection_wants_write(c));
    ck_assert(rustls_connection_is_handshaking(c));
    pt_conn_free(c);
    ck_assert_int_eq(frees, 1);
}
END_TEST

START_TEST(fragmented_message_is_joined)
{
    pt_conn *c = fake_conn(S_HELLO);
    t_bytes in = {0};
    t_add_plain_hex(&in, PT_CT_HANDSHAKE, "01 00");
    t_add_plain_hex(&in, PT_CT_HANDSHAKE, "0004 aa");
    t_add_plain_hex(&in, PT_CT_HANDSHAKE, "bbccdd");
    ck_assert_int_eq(t_feed_process(c, &in), RUSTLS_RESULT_OK);
    ck_assert_int_eq(n_seen, 1);
    ck_assert_hex_eq(c->hs->transcript.buf, c->hs->transcript.buf_len, "01000004aabbccdd");
    pt_conn_free(c);
}
END_TEST

/* RFC 8446 5.1: a message after a receive key change in the same record. */
START_TEST(key_change_must_end_record)
{
    pt_conn *c = fake_conn(S_KEYCHANGE);
    t_bytes in = {0};
    t_add_plain_hex(&in, PT_CT_HANDSHAKE, "02 000001 00 14 000001 00");
    rustls_result r = t_feed_process(c, &in);
    ck_assert_int_eq(n_seen, 1);
    assert_failed(c, r, PT_ERR(UNEXPECTED_MESSAGE, RUSTLS_RESULT_PEER_MISBEHAVED_ERROR), ALERT_UNEXPECTED_MESSAGE);
    pt_conn_free(c);
}
END_TEST

/* ... and a partial message must not be pending in the joiner either (message split after it). */
START_TEST(key_change_with_partial_message_pending)
{
    pt_conn *c = fake_conn(S_KEYCHANGE);
    t_bytes in = {0};
    t_add_plain_hex(&in, PT_CT_HANDSHAKE, "02 000001 00 14 00");
    rustls_result r = t_feed_process(c, &in);
    assert_failed(c, r, PT_ERR(UNEXPECTED_MESSAGE, RUSTLS_RESULT_PEER_MISBEHAVED_ERROR), ALERT_UNEXPECTED_MESSAGE);
    pt_conn_free(c);
}
END_TEST

/* A key change that ends its record: the next record is opened with the new keys, then done. */
START_TEST(key_change_then_protected_flight)
{
    pt_conn *c = fake_conn(S_KEYCHANGE);
    t_bytes in = {0};
    t_add_plain_hex(&in, PT_CT_HANDSHAKE, "02 000001 00");
    ck_assert_int_eq(t_feed_process(c, &in), RUSTLS_RESULT_OK);
    ck_assert(pt_protect_keyed(&c->rx));
    ck_assert_uint_eq(c->state, S_DONE);
    ck_assert_int_eq(frees, 0);

    /* the server's protected Finished, then application data in the next record */
    pt_protect peer;
    pt_protect_init(&peer);
    t_key(&peer, t_secret_s2c);
    t_add_sealed_hex(&in, &peer, PT_CT_HANDSHAKE, "14 000002 0102");
    t_key(&peer, t_secret_s2c); /* the handler re-keys with the same secret as "application" keys */
    t_add_sealed_hex(&in, &peer, PT_CT_APPLICATION_DATA, "68656c6c6f");
    ck_assert_int_eq(t_feed_process(c, &in), RUSTLS_RESULT_OK);
    ck_assert_int_eq(n_seen, 2);
    ck_assert_int_eq(frees, 1);
    ck_assert_ptr_null(c->hs);
    ck_assert_ptr_null(c->role);
    ck_assert(!rustls_connection_is_handshaking(c));
    uint8_t buf[16];
    size_t n = 0;
    ck_assert_int_eq(rustls_connection_read(c, buf, sizeof(buf), &n), RUSTLS_RESULT_OK);
    ck_assert_hex_eq(buf, n, "68656c6c6f");
    pt_protect_cleanup(&peer);
    pt_conn_free(c);
}
END_TEST

/* RFC 8446 5.1: "Handshake messages MUST NOT be interleaved with other record types." */
START_TEST(interleaved_alert_is_refused)
{
    pt_conn *c = fake_conn(S_HELLO);
    t_bytes in = {0};
    t_add_plain_hex(&in, PT_CT_HANDSHAKE, "01 000004 aa");
    t_add_plain_hex(&in, PT_CT_ALERT, "01 5a");
    rustls_result r = t_feed_process(c, &in);
    ck_assert_int_eq(n_seen, 0);
    assert_failed(c, r, PT_ERR(UNEXPECTED_MESSAGE, RUSTLS_RESULT_PEER_MISBEHAVED_ERROR), ALERT_UNEXPECTED_MESSAGE);
    pt_conn_free(c);
}
END_TEST

START_TEST(interleaved_ccs_is_refused)
{
    pt_conn *c = fake_conn(S_HELLO);
    c->version = 0x0304;
    t_bytes in = {0};
    t_add_plain_hex(&in, PT_CT_HANDSHAKE, "01 000004 aa");
    t_add_plain_hex(&in, PT_CT_CHANGE_CIPHER_SPEC, "01");
    rustls_result r = t_feed_process(c, &in);
    assert_failed(c, r, PT_ERR(UNEXPECTED_MESSAGE, RUSTLS_RESULT_PEER_MISBEHAVED_ERROR), ALERT_UNEXPECTED_MESSAGE);
    pt_conn_free(c);
}
END_TEST

/* ---------------------------------------------------------------- CCS */

/* RFC 8446 section 5: dropped during a TLS 1.3 handshake; rustls allows two. */
START_TEST(ccs_dropped_twice_then_refused)
{
    pt_conn *c = fake_conn(S_HELLO);
    c->version = 0x0304;
    t_bytes in = {0};
    t_add_plain_hex(&in, PT_CT_CHANGE_CIPHER_SPEC, "01");
    t_add_plain_hex(&in, PT_CT_CHANGE_CIPHER_SPEC, "01");
    ck_assert_int_eq(t_feed_process(c, &in), RUSTLS_RESULT_OK);
    ck_assert(!rustls_connection_wants_write(c));
    t_add_plain_hex(&in, PT_CT_CHANGE_CIPHER_SPEC, "01");
    rustls_result r = t_feed_process(c, &in);
    assert_failed(c, r, PT_ERR(UNEXPECTED_MESSAGE, RUSTLS_RESULT_PEER_MISBEHAVED_ERROR), ALERT_UNEXPECTED_MESSAGE);
    pt_conn_free(c);
}
END_TEST

START_TEST(ccs_other_value_is_refused)
{
    pt_conn *c = fake_conn(S_HELLO);
    c->version = 0x0304;
    t_bytes in = {0};
    t_add_plain_hex(&in, PT_CT_CHANGE_CIPHER_SPEC, "02");
    rustls_result r = t_feed_process(c, &in);
    assert_failed(c, r, PT_ERR(UNEXPECTED_MESSAGE, RUSTLS_RESULT_PEER_MISBEHAVED_ERROR), ALERT_UNEXPECTED_MESSAGE);
    pt_conn_free(c);
}
END_TEST

/* Before the version is known rustls hands the CCS to the state, which refuses it. */
START_TEST(ccs_before_version_is_inappropriate)
{
    pt_conn *c = fake_conn(S_HELLO);
    t_bytes in = {0};
    t_add_plain_hex(&in, PT_CT_CHANGE_CIPHER_SPEC, "01");
    rustls_result r = t_feed_process(c, &in);
    assert_failed(c, r, PT_ERR(UNEXPECTED_MESSAGE, RUSTLS_RESULT_INAPPROPRIATE_MESSAGE), ALERT_UNEXPECTED_MESSAGE);
    pt_conn_free(c);
}
END_TEST

/* A CCS record is never decrypted, even with receive keys; a protected one is refused. */
START_TEST(ccs_with_keys)
{
    pt_conn *c = fake_conn(S_DONE);
    c->version = 0x0304;
    c->suite = t_suite();
    ck_assert_pt_ok(pt_conn_set_rx_keys13(c, t_secret_s2c, false));
    t_bytes in = {0};
    t_add_plain_hex(&in, PT_CT_CHANGE_CIPHER_SPEC, "01");
    ck_assert_int_eq(t_feed_process(c, &in), RUSTLS_RESULT_OK);
    pt_protect peer;
    pt_protect_init(&peer);
    t_key(&peer, t_secret_s2c);
    t_add_sealed_hex(&in, &peer, PT_CT_CHANGE_CIPHER_SPEC, "01");
    rustls_result r = t_feed_process(c, &in);
    assert_failed(c, r, PT_ERR(UNEXPECTED_MESSAGE, RUSTLS_RESULT_PEER_MISBEHAVED_ERROR), ALERT_UNEXPECTED_MESSAGE);
    pt_protect_cleanup(&peer);
    pt_conn_free(c);
}
END_TEST

/* ---------------------------------------------------------------- alerts and data while handshaking */

START_TEST(fatal_alert_received)
{
    pt_conn *c = fake_conn(S_HELLO);
    t_bytes in = {0};
    t_add_plain_hex(&in, PT_CT_ALERT, "02 28"); /* fatal handshake_failure */
    rustls_result r = t_feed_process(c, &in);
    /* RFC 8446 6.2: nothing is sent back */
    assert_failed(c, r, PT_ERR_NOALERT(RUSTLS_RESULT_ALERT_HANDSHAKE_FAILURE), NULL);
    pt_conn_free(c);
}
END_TEST

START_TEST(unknown_alert_description)
{
    pt_conn *c = fake_conn(S_HELLO);
    t_bytes in = {0};
    t_add_plain_hex(&in, PT_CT_ALERT, "02 ee");
    rustls_result r = t_feed_process(c, &in);
    assert_failed(c, r, PT_ERR_NOALERT(RUSTLS_RESULT_ALERT_UNKNOWN), NULL);
    pt_conn_free(c);
}
END_TEST

START_TEST(unknown_alert_level)
{
    pt_conn *c = fake_conn(S_HELLO);
    t_bytes in = {0};
    t_add_plain_hex(&in, PT_CT_ALERT, "03 28");
    rustls_result r = t_feed_process(c, &in);
    assert_failed(c, r, PT_ERR(ILLEGAL_PARAMETER, RUSTLS_RESULT_ALERT_HANDSHAKE_FAILURE), ALERT_ILLEGAL_PARAMETER);
    pt_conn_free(c);
}
END_TEST

START_TEST(short_alert_is_decode_error)
{
    pt_conn *c = fake_conn(S_HELLO);
    t_bytes in = {0};
    t_add_plain_hex(&in, PT_CT_ALERT, "02");
    rustls_result r = t_feed_process(c, &in);
    assert_failed(c, r, PT_ERR(DECODE_ERROR, RUSTLS_RESULT_MESSAGE_MISSING_DATA), ALERT_DECODE_ERROR);
    pt_conn_free(c);
}
END_TEST

/* rustls: TLS 1.3 warnings other than user_canceled are answered with decode_error. */
START_TEST(tls13_warning_alert)
{
    pt_conn *c = fake_conn(S_HELLO);
    c->version = 0x0304;
    t_bytes in = {0};
    t_add_plain_hex(&in, PT_CT_ALERT, "01 2a"); /* warning bad_certificate */
    rustls_result r = t_feed_process(c, &in);
    assert_failed(c, r, PT_ERR(DECODE_ERROR, RUSTLS_RESULT_ALERT_BAD_CERTIFICATE), ALERT_DECODE_ERROR);
    pt_conn_free(c);
}
END_TEST

/* close_notify counts only once application data may be received; before that it is a warning. */
START_TEST(tls13_close_notify_while_handshaking)
{
    pt_conn *c = fake_conn(S_HELLO);
    c->version = 0x0304;
    t_bytes in = {0};
    t_add_plain_hex(&in, PT_CT_ALERT, "01 00");
    rustls_result r = t_feed_process(c, &in);
    assert_failed(c, r, PT_ERR(DECODE_ERROR, RUSTLS_RESULT_ALERT_CLOSE_NOTIFY), ALERT_DECODE_ERROR);
    pt_conn_free(c);
}
END_TEST

/* user_canceled warnings are tolerated, four times (rustls TemperCounters), then PeerMisbehaved. */
START_TEST(user_canceled_warnings_limited)
{
    pt_conn *c = fake_conn(S_HELLO);
    c->version = 0x0304;
    t_bytes in = {0};
    for (int i = 0; i < 4; i++) {
        t_add_plain_hex(&in, PT_CT_ALERT, "01 5a");
    }
    ck_assert_int_eq(t_feed_process(c, &in), RUSTLS_RESULT_OK);
    t_add_plain_hex(&in, PT_CT_ALERT, "01 5a");
    rustls_result r = t_feed_process(c, &in);
    assert_failed(c, r, PT_ERR_NOALERT(RUSTLS_RESULT_PEER_MISBEHAVED_ERROR), NULL);
    pt_conn_free(c);
}
END_TEST

START_TEST(app_data_before_keys)
{
    pt_conn *c = fake_conn(S_HELLO);
    t_bytes in = {0};
    t_add_plain_hex(&in, PT_CT_APPLICATION_DATA, "68656c6c6f");
    rustls_result r = t_feed_process(c, &in);
    assert_failed(c, r, PT_ERR(UNEXPECTED_MESSAGE, RUSTLS_RESULT_INAPPROPRIATE_MESSAGE), ALERT_UNEXPECTED_MESSAGE);
    pt_conn_free(c);
}
END_TEST

/* Decrypted application data while the handshake has not given the peer's application keys. */
START_TEST(protected_app_data_before_peer_finished)
{
    pt_conn *c = fake_conn(S_DONE);
    c->version = 0x0304;
    c->suite = t_suite();
    ck_assert_pt_ok(pt_conn_set_rx_keys13(c, t_secret_s2c, false));
    ck_assert_pt_ok(pt_conn_set_tx_keys13(c, t_secret_c2s, false));
    pt_protect peer, peer_rx;
    pt_protect_init(&peer);
    pt_protect_init(&peer_rx);
    t_key(&peer, t_secret_s2c);
    t_key(&peer_rx, t_secret_c2s);
    t_bytes in = {0};
    t_add_sealed_hex(&in, &peer, PT_CT_APPLICATION_DATA, "00");
    ck_assert_int_eq(t_feed_process(c, &in), RUSTLS_RESULT_INAPPROPRIATE_MESSAGE);
    /* the alert goes out under our current send keys */
    t_bytes out = t_drain(c);
    t_rec recs[2];
    ck_assert_uint_eq(t_records(&out, &peer_rx, recs, 2), 1);
    ck_assert_uint_eq(recs[0].type, PT_CT_ALERT);
    ck_assert_hex_eq(recs[0].body, recs[0].len, "02 0a");
    free(out.p);
    pt_protect_cleanup(&peer);
    pt_protect_cleanup(&peer_rx);
    pt_conn_free(c);
}
END_TEST

/* rustls: before anything is decrypted, a TLS 1.3 alert of at most 2 bytes may come in the clear. */
START_TEST(plaintext_alert_before_first_decryption)
{
    pt_conn *c = fake_conn(S_DONE);
    c->version = 0x0304;
    c->suite = t_suite();
    ck_assert_pt_ok(pt_conn_set_rx_keys13(c, t_secret_s2c, false));
    t_bytes in = {0};
    t_add_plain_hex(&in, PT_CT_ALERT, "02 2b"); /* fatal unsupported_certificate */
    rustls_result r = t_feed_process(c, &in);
    assert_failed(c, r, PT_ERR_NOALERT(RUSTLS_RESULT_ALERT_UNSUPPORTED_CERTIFICATE), NULL);
    pt_conn_free(c);
}
END_TEST

START_TEST(bad_record_mac)
{
    pt_conn *c = fake_conn(S_DONE);
    c->version = 0x0304;
    c->suite = t_suite();
    ck_assert_pt_ok(pt_conn_set_rx_keys13(c, t_secret_s2c, false));
    pt_protect peer;
    pt_protect_init(&peer);
    t_key(&peer, t_secret_c2s); /* the wrong key */
    t_bytes in = {0};
    t_add_sealed_hex(&in, &peer, PT_CT_HANDSHAKE, "14 000001 00");
    rustls_result r = t_feed_process(c, &in);
    assert_failed(c, r, PT_ERR(BAD_RECORD_MAC, RUSTLS_RESULT_DECRYPT_ERROR), "15 0303 0002 02 14");
    pt_protect_cleanup(&peer);
    pt_conn_free(c);
}
END_TEST

/* A record error from the deframer (unknown content type) is sticky too. */
START_TEST(bad_record_header)
{
    pt_conn *c = fake_conn(S_HELLO);
    t_bytes in = {0};
    t_add_plain_hex(&in, 0x63, "00");
    rustls_result r = t_feed_process(c, &in);
    assert_failed(c, r, PT_ERR(DECODE_ERROR, RUSTLS_RESULT_MESSAGE_INVALID_CONTENT_TYPE), ALERT_DECODE_ERROR);
    pt_conn_free(c);
}
END_TEST

/* Records arriving a byte at a time are processed once whole; the input buffer is released when idle. */
START_TEST(byte_at_a_time_and_trim)
{
    pt_conn *c = fake_conn(S_HELLO);
    t_bytes in = {0};
    t_add_plain_hex(&in, PT_CT_HANDSHAKE, "01 000003 aabbcc");
    t_src s = {in.p, in.len, 0, 1, 0, 0};
    for (size_t i = 0; i < in.len; i++) {
        size_t n = 0;
        ck_assert_int_eq(rustls_connection_read_tls(c, t_read_cb, &s, &n), 0);
        ck_assert_uint_eq(n, 1);
        ck_assert_int_eq(rustls_connection_process_new_packets(c), RUSTLS_RESULT_OK);
        ck_assert_int_eq(n_seen, i + 1 == in.len ? 1 : 0);
        ck_assert(i + 1 == in.len ? c->deframer.buf == NULL : c->deframer.buf != NULL);
    }
    free(in.p);
    pt_conn_free(c);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("conn_dispatch");
    TCase *tc = tcase_create("dispatch");
    tcase_add_test(tc, refused_type_is_inappropriate_handshake_message);
    tcase_add_test(tc, type_over_31_is_refused);
    tcase_add_test(tc, handler_error_is_sticky_with_its_alert);
    tcase_add_test(tc, handler_failing_connection_stops_processing);
    tcase_add_test(tc, transcript_order_and_hash_after);
    tcase_add_test(tc, fragmented_message_is_joined);
    tcase_add_test(tc, key_change_must_end_record);
    tcase_add_test(tc, key_change_with_partial_message_pending);
    tcase_add_test(tc, key_change_then_protected_flight);
    tcase_add_test(tc, interleaved_alert_is_refused);
    tcase_add_test(tc, interleaved_ccs_is_refused);
    suite_add_tcase(s, tc);
    tc = tcase_create("ccs");
    tcase_add_test(tc, ccs_dropped_twice_then_refused);
    tcase_add_test(tc, ccs_other_value_is_refused);
    tcase_add_test(tc, ccs_before_version_is_inappropriate);
    tcase_add_test(tc, ccs_with_keys);
    suite_add_tcase(s, tc);
    tc = tcase_create("records");
    tcase_add_test(tc, fatal_alert_received);
    tcase_add_test(tc, unknown_alert_description);
    tcase_add_test(tc, unknown_alert_level);
    tcase_add_test(tc, short_alert_is_decode_error);
    tcase_add_test(tc, tls13_warning_alert);
    tcase_add_test(tc, tls13_close_notify_while_handshaking);
    tcase_add_test(tc, user_canceled_warnings_limited);
    tcase_add_test(tc, app_data_before_keys);
    tcase_add_test(tc, protected_app_data_before_peer_finished);
    tcase_add_test(tc, plaintext_alert_before_first_decryption);
    tcase_add_test(tc, bad_record_mac);
    tcase_add_test(tc, bad_record_header);
    tcase_add_test(tc, byte_at_a_time_and_trim);
    suite_add_tcase(s, tc);
    return pt_test_run(s);
}
