/*
 * test_hs_mitm.c - a man in the middle who knows the server's handshake traffic secret (from the
 * key log) edits the server's encrypted flight and re-protects it, so that the client's
 * handshake code, not the record layer, meets the damage.  Each case asserts the client's exact
 * rustls_result, the alert it puts on the wire (opened with the client handshake secret) and
 * what the server reports on receiving it.
 */
#include <string.h>

#include "handshake/harness.h"
#include "msgs/certificate.h"
#include "msgs/encrypted_extensions.h"
#include "provider/provider.h"
#include "record/protect.h"
#include "keys/tls13_schedule.h"
#include "testlib/pttest.h"

enum { TRUNCATE, TRAIL, FLIP, DUP_FIRST_EXT };

typedef struct mitm {
    hs_pair *pr;
    uint8_t target; /* handshake type to edit */
    int what;
    long pos; /* FLIP: body offset (negative: from the end) */
    uint8_t mask;
    bool keyed, done, past; /* past: the server left its handshake keys */
    pt_protect open, seal;
    uint8_t edited[PT_RECORD_MAX_WIRE]; /* the edited message body, for the codec cases */
    size_t edited_len;
} mitm;

static void key_both(mitm *m)
{
    const pt_suite *s =
        pt_provider_find_suite(pt_default_provider(), rustls_connection_get_negotiated_ciphersuite(m->pr->server));
    ck_assert_ptr_nonnull(s);
    uint8_t secret[PT_HASH_MAX], key[PT_AEAD_KEY_MAX], iv[PT_AEAD_NONCE_LEN];
    size_t len = 0;
    ck_assert(hs_keylog_find("SERVER_HANDSHAKE_TRAFFIC_SECRET", m->pr->c2s_log.p + 11, secret, &len));
    ck_assert_pt_ok(pt_tls13_traffic_keys(s->hash, secret, key, s->aead->key_len, iv, sizeof(iv)));
    pt_protect_init(&m->open);
    pt_protect_init(&m->seal);
    ck_assert_pt_ok(pt_protect_init_tls13(&m->open, s->aead, key, iv));
    ck_assert_pt_ok(pt_protect_init_tls13(&m->seal, s->aead, key, iv));
    m->keyed = true;
}

/* Edit one handshake message (header included) from `msg` into `out`. */
static size_t edit_message(mitm *m, const uint8_t *msg, size_t len, uint8_t *out)
{
    size_t blen = len - 4;
    memcpy(out, msg, len);
    switch (m->what) {
    case TRUNCATE:
        blen--;
        break;
    case TRAIL:
        out[len] = 0;
        blen++;
        break;
    case FLIP: {
        size_t at = m->pos >= 0 ? (size_t)m->pos : blen - (size_t)(-m->pos);
        ck_assert_uint_lt(at, blen);
        out[4 + at] ^= m->mask;
        break;
    }
    case DUP_FIRST_EXT: {
        /* body = u16 list length || extensions: repeat the first extension. */
        ck_assert_uint_ge(blen, 6);
        size_t elen = 4 + (((size_t)out[4 + 4] << 8) | out[4 + 5]);
        ck_assert_uint_le(2 + elen, blen);
        memmove(out + 4 + 2 + elen, out + 4 + 2, blen - 2);
        blen += elen;
        size_t list = blen - 2;
        out[4] = (uint8_t)(list >> 8);
        out[5] = (uint8_t)list;
        break;
    }
    }
    out[1] = (uint8_t)(blen >> 16);
    out[2] = (uint8_t)(blen >> 8);
    out[3] = (uint8_t)blen;
    ck_assert_uint_le(blen, sizeof(m->edited));
    memcpy(m->edited, out + 4, blen);
    m->edited_len = blen;
    return 4 + blen;
}

static void mitm_hook(void *ctx, bool from_client, size_t index, const uint8_t *rec, size_t len, hs_bytes *out)
{
    mitm *m = ctx;
    (void)index;
    if (from_client || m->done || m->past || rec[0] != 23) {
        hs_bytes_put(out, rec, len);
        return;
    }
    if (!m->keyed) {
        key_both(m);
    }
    static uint8_t buf[PT_RECORD_MAX_WIRE + 64], edited[PT_RECORD_MAX_WIRE + 2048];
    memcpy(buf, rec, len);
    pt_record r = {.type = buf[0], .version = 0x0303, .header = buf, .payload = buf + 5, .len = len - 5};
    if (pt_failed(pt_protect_open(&m->open, &r))) {
        m->past = true; /* application keys now: nothing more for us to edit */
        hs_bytes_put(out, rec, len);
        return;
    }
    ck_assert_uint_eq(r.type, 22); /* the server's encrypted flight: handshake messages only */
    /* Walk the messages; they must not span records for this simple splice. */
    size_t off = 0, n = 0;
    uint8_t *plain = edited + 5;
    while (off < r.len) {
        ck_assert_uint_ge(r.len - off, 4);
        size_t mlen = 4 + (((size_t)r.payload[off + 1] << 16) | ((size_t)r.payload[off + 2] << 8) | r.payload[off + 3]);
        ck_assert_uint_le(mlen, r.len - off);
        if (r.payload[off] == m->target && !m->done) {
            n += edit_message(m, r.payload + off, mlen, plain + n);
            m->done = true;
        } else {
            memcpy(plain + n, r.payload + off, mlen);
            n += mlen;
        }
        off += mlen;
    }
    size_t out_len = 0;
    ck_assert_pt_ok(pt_protect_seal(&m->seal, 22, 0x0303, edited, n, 0, sizeof(edited), &out_len));
    hs_bytes_put(out, edited, out_len);
}

static const rustls_result alert_results[][2] = {
    {0, RUSTLS_RESULT_ALERT_CLOSE_NOTIFY},       {10, RUSTLS_RESULT_ALERT_UNEXPECTED_MESSAGE},
    {20, RUSTLS_RESULT_ALERT_BAD_RECORD_MAC},    {40, RUSTLS_RESULT_ALERT_HANDSHAKE_FAILURE},
    {42, RUSTLS_RESULT_ALERT_BAD_CERTIFICATE},   {43, RUSTLS_RESULT_ALERT_UNSUPPORTED_CERTIFICATE},
    {47, RUSTLS_RESULT_ALERT_ILLEGAL_PARAMETER}, {50, RUSTLS_RESULT_ALERT_DECODE_ERROR},
    {51, RUSTLS_RESULT_ALERT_DECRYPT_ERROR},     {80, RUSTLS_RESULT_ALERT_INTERNAL_ERROR},
    {109, RUSTLS_RESULT_ALERT_MISSING_EXTENSION}, {110, RUSTLS_RESULT_ALERT_UNSUPPORTED_EXTENSION},
};

/* What a peer reports on receiving `alert` (rustls: AlertReceived(description)). */
static rustls_result received(int alert)
{
    for (size_t i = 0; i < sizeof(alert_results) / sizeof(alert_results[0]); i++) {
        if ((int)alert_results[i][0] == alert) {
            return alert_results[i][1];
        }
    }
    ck_abort_msg("alert %d not in the table", alert);
    return 0;
}

typedef struct last_alert {
    bool seen;
    unsigned epoch;
    uint8_t level, desc;
} last_alert;

static void find_alert(void *ctx, const hs_wire_rec *r)
{
    last_alert *a = ctx;
    if (r->opened && r->type == 21 && r->len == 2) {
        a->seen = true;
        a->epoch = r->epoch;
        a->level = r->plain[0];
        a->desc = r->plain[1];
    }
}

typedef struct mcase {
    uint8_t target;
    int what;
    long pos;
    uint8_t mask;
    rustls_result result; /* 0: what the message's codec says about the edited body */
    int alert;
} mcase;

static const mcase cases[] = {
    /* EncryptedExtensions (8), carrying the ALPN answer: the codec's verdict must surface. */
    {8, TRUNCATE, 0, 0, 0, 0},
    {8, TRAIL, 0, 0, 0, 0},
    {8, DUP_FIRST_EXT, 0, 0, 0, 0},
    {8, FLIP, 1, 0x04, 0, 0}, /* list length off by 4 */
    /* Certificate (11): a damaged list is the codec's decode error. */
    {11, TRUNCATE, 0, 0, 0, 0},
    {11, TRAIL, 0, 0, 0, 0},
    {11, FLIP, 3, 0x01, 0, 0}, /* certificate_list length's low byte */
    /* Finished (20): any change is a verify_data mismatch: rustls DecryptError, decrypt_error. */
    {20, FLIP, 0, 0x01, RUSTLS_RESULT_DECRYPT_ERROR, 51},
    {20, FLIP, -1, 0x80, RUSTLS_RESULT_DECRYPT_ERROR, 51},
    {20, TRUNCATE, 0, 0, RUSTLS_RESULT_DECRYPT_ERROR, 51},
    {20, TRAIL, 0, 0, RUSTLS_RESULT_DECRYPT_ERROR, 51},
    /* CertificateVerify (15): a damaged RSA-PSS signature: BadSignature, decrypt_error. */
    {15, FLIP, -1, 0x01, RUSTLS_RESULT_CERT_BAD_SIGNATURE, 51},
    {15, FLIP, 10, 0x40, RUSTLS_RESULT_CERT_BAD_SIGNATURE, 51},
};

START_TEST(mitm_server_flight)
{
    const mcase *c = &cases[_i];
    static const char *const alpn[] = {"h2", NULL};
    hs_keylog_reset();
    hs_opts o = {.keylog = true, .client_alpn = alpn, .server_alpn = alpn};
    hs_pair pr;
    ck_assert_uint_eq(hs_pair_init(&pr, &o), RUSTLS_RESULT_OK);
    mitm m = {.pr = &pr, .target = c->target, .what = c->what, .pos = c->pos, .mask = c->mask};
    pr.tamper = mitm_hook;
    pr.tamper_ctx = &m;
    hs_pump(&pr);
    ck_assert(m.done);

    rustls_result want = c->result;
    int want_alert = c->alert;
    if (want == 0) {
        pt_encrypted_extensions ee;
        pt_certificate13 cert;
        pt_slice edited = pt_slice_of(m.edited, m.edited_len);
        pt_err e = c->target == 8 ? pt_encrypted_extensions_decode(edited, &ee) : pt_certificate13_decode(edited, &cert);
        ck_assert_msg(pt_failed(e), "the edited message still decodes");
        want = pt_err_result(e);
        want_alert = pt_err_alert(e);
    }
    ck_assert_uint_eq(pr.client_err, want);
    ck_assert_uint_eq(pr.server_err, received(want_alert));

    /* The client's alert, fatal, under its handshake traffic key. */
    last_alert a = {0};
    hs_wire_decrypt(&pr, true, find_alert, &a);
    ck_assert(a.seen);
    ck_assert_uint_eq(a.epoch, 1);
    ck_assert_uint_eq(a.level, 2);
    ck_assert_uint_eq(a.desc, want_alert);
    ck_assert(rustls_connection_is_handshaking(pr.client));
    pt_protect_cleanup(&m.open);
    pt_protect_cleanup(&m.seal);
    hs_pair_free(&pr);
}
END_TEST

/* The same hook with no edit at all (a target type that never comes): the handshake succeeds,
 * which shows that re-protecting the flight is transparent and the failures above are the edits'. */
START_TEST(mitm_without_edit_is_transparent)
{
    hs_keylog_reset();
    hs_opts o = {.keylog = true};
    hs_pair pr;
    ck_assert_uint_eq(hs_pair_init(&pr, &o), RUSTLS_RESULT_OK);
    mitm m = {.pr = &pr, .target = 99};
    pr.tamper = mitm_hook;
    pr.tamper_ctx = &m;
    hs_handshake_ok(&pr);
    ck_assert(m.keyed);
    ck_assert(!m.done);
    uint8_t data[100];
    hs_fill(data, sizeof(data), 1);
    pr.tamper = NULL;
    hs_transfer(&pr, false, data, sizeof(data));
    pt_protect_cleanup(&m.open);
    pt_protect_cleanup(&m.seal);
    hs_pair_free(&pr);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("hs_mitm");
    TCase *tc = tcase_create("server_flight");
    tcase_add_loop_test(tc, mitm_server_flight, 0, (int)(sizeof(cases) / sizeof(cases[0])));
    tcase_add_test(tc, mitm_without_edit_is_transparent);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return pt_test_run(suite());
}
