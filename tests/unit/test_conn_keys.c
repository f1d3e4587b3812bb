/*
 * test_conn_keys.c - TLS 1.3 key changes after the handshake (RFC 8446 sections 4.6.3, 5.5,
 * 7.2): KeyUpdate received with and without update_requested, its record alignment and
 * rustls's limit, rustls_connection_refresh_traffic_keys, the sequence-limit refresh
 * (pt_protect_seal_action REFRESH), and the other post-handshake messages.
 */
#include "tests/unit/conn_testutil.h"

#include "msgs/msgs.h"

static pt_conn *c;
static t_peer peer;
static t_rec recs[16];

static void setup(void)
{
    c = t_conn(false);
    t_establish(c, &peer);
}

static void teardown(void)
{
    pt_conn_free(c);
    t_peer_free(&peer);
}

static rustls_result peer_sends(uint8_t type, const char *hex)
{
    t_bytes in = {0};
    t_add_sealed_hex(&in, &peer.tx, type, hex);
    return t_feed_process(c, &in);
}

static size_t peer_receives(void)
{
    t_bytes out = t_drain(c);
    size_t n = t_records(&out, &peer.rx, recs, 16);
    free(out.p);
    return n;
}

static void read_expect(const char *hex)
{
    uint8_t buf[64];
    size_t n = 0;
    ck_assert_int_eq(rustls_connection_read(c, buf, sizeof(buf), &n), RUSTLS_RESULT_OK);
    ck_assert_hex_eq(buf, n, hex);
}

/* ---------------------------------------------------------------- KeyUpdate received */

START_TEST(key_update_not_requested)
{
    ck_assert_int_eq(peer_sends(PT_CT_HANDSHAKE, "18 000001 00"), RUSTLS_RESULT_OK);
    ck_assert(!rustls_connection_wants_write(c)); /* nothing to answer */
    /* the peer's next record is under application_traffic_secret_1 */
    t_peer_update(&peer.tx, peer.tx_secret);
    ck_assert_mem_eq(c->rx_secret, peer.tx_secret, 32);
    ck_assert_int_eq(peer_sends(PT_CT_APPLICATION_DATA, "6f6b"), RUSTLS_RESULT_OK);
    read_expect("6f6b");
    /* our sending keys did not change */
    size_t n = 0;
    ck_assert_int_eq(rustls_connection_write(c, (const uint8_t *)"a", 1, &n), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(peer_receives(), 1);
    ck_assert_hex_eq(recs[0].body, recs[0].len, "61");
}
END_TEST

/* RFC 8446 4.6.3: answer update_requested with KeyUpdate(update_not_requested), then new keys. */
START_TEST(key_update_requested)
{
    ck_assert_int_eq(peer_sends(PT_CT_HANDSHAKE, "18 000001 01"), RUSTLS_RESULT_OK);
    size_t n = 0;
    ck_assert_int_eq(rustls_connection_write(c, (const uint8_t *)"b", 1, &n), RUSTLS_RESULT_OK);
    t_bytes out = t_drain(c);
    /* first record: the KeyUpdate under the old key; then data under the next key */
    t_bytes first = {out.p, 5 + 5 + 1 + 16};
    ck_assert_uint_eq(t_records(&first, &peer.rx, recs, 16), 1);
    ck_assert_uint_eq(recs[0].type, PT_CT_HANDSHAKE);
    ck_assert_hex_eq(recs[0].body, recs[0].len, "18 000001 00");
    t_peer_update(&peer.rx, peer.rx_secret);
    t_bytes rest = {out.p + first.len, out.len - first.len};
    ck_assert_uint_eq(t_records(&rest, &peer.rx, recs, 16), 1);
    ck_assert_hex_eq(recs[0].body, recs[0].len, "62");
    ck_assert_mem_eq(c->tx_secret, peer.rx_secret, 32);
    free(out.p);
    /* and we receive under the peer's next key */
    t_peer_update(&peer.tx, peer.tx_secret);
    ck_assert_int_eq(peer_sends(PT_CT_APPLICATION_DATA, "6f6b"), RUSTLS_RESULT_OK);
    read_expect("6f6b");
}
END_TEST

/*
 * RFC 8446 4.6.3: several update_requested received while we are silent get a single answer;
 * once we have sent application data, the next request is answered again.
 */
START_TEST(key_update_requests_while_silent_answered_once)
{
    for (int i = 0; i < 5; i++) {
        ck_assert_int_eq(peer_sends(PT_CT_HANDSHAKE, "18 000001 01"), RUSTLS_RESULT_OK);
        t_peer_update(&peer.tx, peer.tx_secret);
    }
    ck_assert_uint_eq(peer_receives(), 1);
    ck_assert_uint_eq(recs[0].type, PT_CT_HANDSHAKE);
    ck_assert_hex_eq(recs[0].body, recs[0].len, "18 000001 00");
    t_peer_update(&peer.rx, peer.rx_secret);
    ck_assert_mem_eq(c->tx_secret, peer.rx_secret, 32);

    size_t n = 0;
    ck_assert_int_eq(rustls_connection_write(c, (const uint8_t *)"c", 1, &n), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(peer_receives(), 1);
    ck_assert_hex_eq(recs[0].body, recs[0].len, "63");
    ck_assert_int_eq(peer_sends(PT_CT_HANDSHAKE, "18 000001 01"), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(peer_receives(), 1);
    ck_assert_hex_eq(recs[0].body, recs[0].len, "18 000001 00");
}
END_TEST

/* RFC 8446 5.1: a KeyUpdate must end its record. */
START_TEST(key_update_not_at_record_end)
{
    ck_assert_int_eq(peer_sends(PT_CT_HANDSHAKE, "18 000001 00 18 000001 00"), RUSTLS_RESULT_PEER_MISBEHAVED_ERROR);
    ck_assert_pt_err(c->err, PT_ERR(UNEXPECTED_MESSAGE, RUSTLS_RESULT_PEER_MISBEHAVED_ERROR));
    /* the alert is sealed under our (unchanged) sending key */
    ck_assert_uint_eq(peer_receives(), 1);
    ck_assert_uint_eq(recs[0].type, PT_CT_ALERT);
    ck_assert_hex_eq(recs[0].body, recs[0].len, "020a");
}
END_TEST

START_TEST(key_update_bad_value)
{
    ck_assert_int_eq(peer_sends(PT_CT_HANDSHAKE, "18 000001 02"), RUSTLS_RESULT_MESSAGE_INVALID_KEY_UPDATE);
    ck_assert_pt_err(c->err, PT_ERR(ILLEGAL_PARAMETER, RUSTLS_RESULT_MESSAGE_INVALID_KEY_UPDATE));
    ck_assert_uint_eq(peer_receives(), 1);
    ck_assert_hex_eq(recs[0].body, recs[0].len, "022f");
}
END_TEST

/* rustls TemperCounters: 32 KeyUpdates without application data, the 33rd is PeerMisbehaved. */
START_TEST(key_update_limit)
{
    for (int round = 0; round < 2; round++) {
        for (int i = 0; i < 32; i++) {
            ck_assert_int_eq(peer_sends(PT_CT_HANDSHAKE, "18 000001 00"), RUSTLS_RESULT_OK);
            t_peer_update(&peer.tx, peer.tx_secret);
        }
        if (round == 0) {
            ck_assert_int_eq(peer_sends(PT_CT_APPLICATION_DATA, "00"), RUSTLS_RESULT_OK); /* resets the count */
        }
    }
    ck_assert_int_eq(peer_sends(PT_CT_HANDSHAKE, "18 000001 00"), RUSTLS_RESULT_PEER_MISBEHAVED_ERROR);
    ck_assert(!rustls_connection_wants_write(c)); /* no alert, as rustls */
}
END_TEST

/* ---------------------------------------------------------------- other post-handshake messages */

START_TEST(ticket_counted_by_client)
{
    /* lifetime 7200, age_add, nonce 00, ticket 2 bytes, no extensions (RFC 8446 4.6.1) */
    ck_assert_int_eq(peer_sends(PT_CT_HANDSHAKE, "04 000010 00001c20 01020304 01 00 0002 aabb 0000"),
                     RUSTLS_RESULT_OK);
    ck_assert_int_eq(peer_sends(PT_CT_HANDSHAKE, "04 000010 00001c20 01020304 01 01 0002 aabb 0000"),
                     RUSTLS_RESULT_OK);
    ck_assert_uint_eq(rustls_connection_get_tls13_tickets_received(c), 2);
    ck_assert(!rustls_connection_wants_write(c));
}
END_TEST

/* RFC 8446 4.2: a ticket's extensions are checked like any block (early_data twice: refused). */
START_TEST(ticket_with_duplicate_extension)
{
    ck_assert_int_eq(peer_sends(PT_CT_HANDSHAKE, "04 000018 00001c20 01020304 01 00 0002 aabb 0008 002a0004 00000400"),
                     RUSTLS_RESULT_OK);
    ck_assert_int_eq(peer_sends(PT_CT_HANDSHAKE,
                                "04 000020 00001c20 01020304 01 00 0002 aabb 0010 002a0004 00000400 002a0004 00000400"),
                     RUSTLS_RESULT_MESSAGE_INVALID_OTHER);
    ck_assert_uint_eq(rustls_connection_get_tls13_tickets_received(c), 1);
    ck_assert_uint_eq(peer_receives(), 1);
    ck_assert_hex_eq(recs[0].body, recs[0].len, "022f"); /* illegal_parameter */
}
END_TEST

START_TEST(bad_ticket)
{
    ck_assert_int_eq(peer_sends(PT_CT_HANDSHAKE, "04 000004 00001c20"), RUSTLS_RESULT_MESSAGE_MISSING_DATA);
    ck_assert_uint_eq(rustls_connection_get_tls13_tickets_received(c), 0);
    ck_assert_uint_eq(peer_receives(), 1);
    ck_assert_hex_eq(recs[0].body, recs[0].len, "0232");
}
END_TEST

START_TEST(ticket_to_server_refused)
{
    pt_conn *s = t_conn(true);
    t_peer sp;
    t_establish(s, &sp);
    t_bytes in = {0};
    t_add_sealed_hex(&in, &sp.tx, PT_CT_HANDSHAKE, "04 000010 00001c20 01020304 01 00 0002 aabb 0000");
    ck_assert_int_eq(t_feed_process(s, &in), RUSTLS_RESULT_INAPPROPRIATE_HANDSHAKE_MESSAGE);
    ck_assert_pt_err(s->err, PT_ERR(UNEXPECTED_MESSAGE, RUSTLS_RESULT_INAPPROPRIATE_HANDSHAKE_MESSAGE));
    pt_conn_free(s);
    t_peer_free(&sp);
}
END_TEST

START_TEST(other_message_after_handshake)
{
    ck_assert_int_eq(peer_sends(PT_CT_HANDSHAKE, "14 000001 00"), RUSTLS_RESULT_INAPPROPRIATE_HANDSHAKE_MESSAGE);
    ck_assert_uint_eq(peer_receives(), 1);
    ck_assert_hex_eq(recs[0].body, recs[0].len, "020a");
}
END_TEST

/* After the handshake a CCS is no longer dropped (rustls: inappropriate message). */
START_TEST(ccs_after_handshake)
{
    t_bytes in = {0};
    t_add_plain_hex(&in, PT_CT_CHANGE_CIPHER_SPEC, "01");
    ck_assert_int_eq(t_feed_process(c, &in), RUSTLS_RESULT_INAPPROPRIATE_MESSAGE);
}
END_TEST

/* ---------------------------------------------------------------- refresh_traffic_keys */

START_TEST(refresh_traffic_keys)
{
    ck_assert_int_eq(rustls_connection_refresh_traffic_keys(c), RUSTLS_RESULT_OK);
    size_t n = 0;
    ck_assert_int_eq(rustls_connection_write(c, (const uint8_t *)"c", 1, &n), RUSTLS_RESULT_OK);
    t_bytes out = t_drain(c);
    t_bytes first = {out.p, 5 + 5 + 1 + 16};
    ck_assert_uint_eq(t_records(&first, &peer.rx, recs, 16), 1);
    /* rustls's refresh_traffic_keys asks the peer to update as well */
    ck_assert_hex_eq(recs[0].body, recs[0].len, "18 000001 01");
    t_peer_update(&peer.rx, peer.rx_secret);
    t_bytes rest = {out.p + first.len, out.len - first.len};
    ck_assert_uint_eq(t_records(&rest, &peer.rx, recs, 16), 1);
    ck_assert_hex_eq(recs[0].body, recs[0].len, "63");
    free(out.p);
}
END_TEST

START_TEST(refresh_before_handshake_done)
{
    pt_conn *h = t_conn(false);
    ck_assert_int_eq(rustls_connection_refresh_traffic_keys(h), RUSTLS_RESULT_HANDSHAKE_NOT_COMPLETE);
    ck_assert(!h->failed);
    ck_assert(!rustls_connection_wants_write(h));
    /* TLS 1.2 traffic has no KeyUpdate either */
    c->version = 0x0303;
    ck_assert_int_eq(rustls_connection_refresh_traffic_keys(c), RUSTLS_RESULT_HANDSHAKE_NOT_COMPLETE);
    pt_conn_free(h);
}
END_TEST

/* rustls check_aligned_handshake: no key change while a handshake message is half received. */
START_TEST(refresh_with_partial_message_pending)
{
    ck_assert_int_eq(peer_sends(PT_CT_HANDSHAKE, "04 000010 00"), RUSTLS_RESULT_OK);
    ck_assert_int_eq(rustls_connection_refresh_traffic_keys(c), RUSTLS_RESULT_PEER_MISBEHAVED_ERROR);
    ck_assert_pt_err(c->err, PT_ERR(UNEXPECTED_MESSAGE, RUSTLS_RESULT_PEER_MISBEHAVED_ERROR));
    ck_assert_uint_eq(peer_receives(), 1);
    ck_assert_uint_eq(recs[0].type, PT_CT_ALERT);
    ck_assert_hex_eq(recs[0].body, recs[0].len, "020a");
}
END_TEST

/* RFC 8446 5.5 / rustls pre_encrypt_action: near the limit, a KeyUpdate goes out before the data. */
START_TEST(seal_limit_refresh)
{
    uint64_t last = c->tx.seq_max;
    pt_protect_set_seq(&c->tx, last);
    pt_protect_set_seq(&peer.rx, last);
    ck_assert_int_eq(pt_protect_seal_action(&c->tx, 1), PT_SEAL_REFRESH);
    size_t n = 0;
    ck_assert_int_eq(rustls_connection_write(c, (const uint8_t *)"d", 1, &n), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(n, 1);
    t_bytes out = t_drain(c);
    t_bytes first = {out.p, 5 + 5 + 1 + 16};
    ck_assert_uint_eq(t_records(&first, &peer.rx, recs, 16), 1);
    ck_assert_hex_eq(recs[0].body, recs[0].len, "18 000001 01");
    t_peer_update(&peer.rx, peer.rx_secret);
    t_bytes rest = {out.p + first.len, out.len - first.len};
    ck_assert_uint_eq(t_records(&rest, &peer.rx, recs, 16), 1);
    ck_assert_hex_eq(recs[0].body, recs[0].len, "64");
    ck_assert_uint_eq(c->tx.seq, 1);
    free(out.p);
}
END_TEST

/* Past the limit nothing is sealed: ENCRYPT_ERROR, nothing queued. */
START_TEST(seal_limit_refuse)
{
    pt_protect_set_seq(&c->tx, c->tx.seq_max + 1);
    ck_assert_int_eq(pt_protect_seal_action(&c->tx, 1), PT_SEAL_REFUSE);
    size_t n = 7;
    ck_assert_int_eq(rustls_connection_write(c, (const uint8_t *)"e", 1, &n), RUSTLS_RESULT_ENCRYPT_ERROR);
    ck_assert_uint_eq(n, 7);
    ck_assert(!rustls_connection_wants_write(c));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("conn_keys");
    TCase *tc = tcase_create("post_handshake");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, key_update_not_requested);
    tcase_add_test(tc, key_update_requested);
    tcase_add_test(tc, key_update_requests_while_silent_answered_once);
    tcase_add_test(tc, key_update_not_at_record_end);
    tcase_add_test(tc, key_update_bad_value);
    tcase_add_test(tc, key_update_limit);
    tcase_add_test(tc, ticket_counted_by_client);
    tcase_add_test(tc, ticket_with_duplicate_extension);
    tcase_add_test(tc, bad_ticket);
    tcase_add_test(tc, ticket_to_server_refused);
    tcase_add_test(tc, other_message_after_handshake);
    tcase_add_test(tc, ccs_after_handshake);
    suite_add_tcase(s, tc);
    tc = tcase_create("refresh");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, refresh_traffic_keys);
    tcase_add_test(tc, refresh_before_handshake_done);
    tcase_add_test(tc, refresh_with_partial_message_pending);
    tcase_add_test(tc, seal_limit_refresh);
    tcase_add_test(tc, seal_limit_refuse);
    suite_add_tcase(s, tc);
    return pt_test_run(s);
}
