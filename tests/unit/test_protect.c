/*
 * test_protect.c - record protection (src/record/protect.c): RFC 8448 known-answer records,
 * TLS 1.2 records checked against an independent construction, round trips for every AEAD and
 * both versions, tampering, sequence numbers, limits and the TLS 1.3 inner-plaintext rules.
 */
#include <stdlib.h>
#include <string.h>

#include "provider/boringssl/bssl.h"
#include "record/protect.h"
#include "testlib/pttest.h"

#define BAD_MAC PT_ERR(BAD_RECORD_MAC, RUSTLS_RESULT_DECRYPT_ERROR)
#define OVERFLOW PT_ERR(RECORD_OVERFLOW, RUSTLS_RESULT_PEER_SENT_OVERSIZED_RECORD)

static const pt_aead *const aeads[] = {&pt_bssl_aes128gcm, &pt_bssl_aes256gcm, &pt_bssl_chacha20poly1305};

static const uint8_t test_key[32] = {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb,
                                     0xcc, 0xdd, 0xee, 0xff, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
                                     0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x12};
static const uint8_t test_iv[12] = {0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xab};

/* Configurations under test: aead index x {TLS 1.3, TLS 1.2}. */
typedef struct config {
    const pt_aead *aead;
    bool tls12;
} config;

static config config_of(int i)
{
    config c = {aeads[i % 3], i >= 3};
    return c;
}

static void key_config(pt_protect *p, config c)
{
    pt_protect_init(p);
    if (!c.tls12) {
        ck_assert_pt_ok(pt_protect_init_tls13(p, c.aead, test_key, test_iv));
    } else if (c.aead == &pt_bssl_chacha20poly1305) {
        ck_assert_pt_ok(pt_protect_init_tls12(p, c.aead, test_key, test_iv, 12, 0));
    } else {
        ck_assert_pt_ok(pt_protect_init_tls12(p, c.aead, test_key, test_iv, 4, 8));
    }
}

/* Build a pt_record over wire bytes as the deframer would (header fields taken from the wire). */
static pt_record frame(uint8_t *wire)
{
    pt_record r;
    r.type = wire[0];
    r.version = (uint16_t)((wire[1] << 8) | wire[2]);
    r.header = wire;
    r.payload = wire + PT_RECORD_HEADER_LEN;
    r.len = ((size_t)wire[3] << 8) | wire[4];
    return r;
}

/* Seal `len` bytes of pattern data as `type`; returns a malloc'd record (with 512 spare bytes). */
static uint8_t *seal_pattern(pt_protect *p, uint8_t type, size_t len, size_t pad, size_t *rec_len)
{
    size_t cap = pt_protect_record_len(p, len, pad);
    uint8_t *buf = calloc(1, cap + 512);
    ck_assert_ptr_nonnull(buf);
    for (size_t i = 0; i < len; i++) {
        buf[PT_RECORD_HEADER_LEN + pt_protect_prefix(p) + i] = (uint8_t)(i * 7 + 3);
    }
    ck_assert_pt_ok(pt_protect_seal(p, type, PT_RECORD_VERSION_TLS12, buf, len, pad, cap, rec_len));
    ck_assert_uint_eq(*rec_len, cap);
    return buf;
}

static void check_pattern(const pt_record *r, uint8_t type, size_t len)
{
    ck_assert_uint_eq(r->type, type);
    ck_assert_uint_eq(r->len, len);
    for (size_t i = 0; i < len; i++) {
        ck_assert_uint_eq(r->payload[i], (uint8_t)(i * 7 + 3));
    }
}

/* ---------------------------------------------------------------- RFC 8448 section 3 */

/* RFC 8448 section 3, "{client} derive write traffic keys for application data". */
#define C_AP_KEY "17 42 2d da 59 6e d5 d9 ac d8 90 e3 c6 3f 50 51"
#define C_AP_IV "5b 78 92 3d ee 08 57 90 33 e5 23 d9"
/* "{server} derive write traffic keys for application data". */
#define S_AP_KEY "9f 02 28 3b 6c 9c 07 ef c2 6b b9 f2 ac 92 e3 56"
#define S_AP_IV "cf 78 2b 88 dd 83 54 9a ad f1 e9 84"
/* "{client} send application_data record": payload 00 01 .. 31 at client seq 0. */
#define C_APP_REC                                                                                                      \
    "17 03 03 00 43 a2 3f 70 54 b6 2c 94 d0 af fa fe 82 28 ba 55 cb ef ac ea 42 f9 14 aa 66 bc ab 3f 2b 98 19 a8 a5"   \
    "b4 6b 39 5b d5 4a 9a 20 44 1e 2b 62 97 4e 1f 5a 62 92 a2 97 70 14 bd 1e 3d ea e6 3a ee bb 21 69 49 15 e4"
/* "{client} send alert record": close_notify (01 00) at client seq 1. */
#define C_ALERT_REC "17 03 03 00 13 c9 87 27 60 65 56 66 b7 4d 7f f1 15 3e fd 6d b6 d0 b0 e3"
/* "{server} send handshake record": the NewSessionTicket at server seq 0. */
#define S_NST_REC                                                                                                      \
    "17 03 03 00 de 3a 6b 8f 90 41 4a 97 d6 95 9c 34 87 68 0d e5 13 4a 2b 24 0e 6c ff ac 11 6e 95 d4 1d 6a f8 f6 b5"   \
    "80 dc f3 d1 1d 63 c7 58 db 28 9a 01 59 40 25 2f 55 71 3e 06 1d c1 3e 07 88 91 a3 8e fb cf 57 53 ad 8e f1 70 ad"   \
    "3c 73 53 d1 6d 9d a7 73 b9 ca 7f 2b 9f a1 b6 c0 d4 a3 d0 3f 75 e0 9c 30 ba 1e 62 97 2a c4 6f 75 f7 b9 81 be 63"   \
    "43 9b 29 99 ce 13 06 46 15 13 98 91 d5 e4 c5 b4 06 f1 6e 3f c1 81 a7 7c a4 75 84 00 25 db 2f 0a 77 f8 1b 5a b0"   \
    "5b 94 c0 13 46 75 5f 69 23 2c 86 51 9d 86 cb ee ac 87 aa c3 47 d1 43 f9 60 5d 64 f6 50 db 4d 02 3e 70 e9 52 ca"   \
    "49 fe 51 37 12 1c 74 bc 26 97 68 7e 24 87 46 d6 df 35 30 05 f3 bc e1 86 96 12 9c 81 53 55 6b 3b 6c 67 79 b3 7b"   \
    "f1 59 85 68 4f"
/* "{server} send application_data record": the same 50 bytes at server seq 1. */
#define S_APP_REC                                                                                                      \
    "17 03 03 00 43 2e 93 7e 11 ef 4a c7 40 e5 38 ad 36 00 5f c4 a4 69 32 fc 32 25 d0 5f 82 aa 1b 36 e3 0e fa f9 7d"   \
    "90 e6 df fc 60 2d cb 50 1a 59 a8 fc c4 9c 4b f2 e5 f0 a2 1c 00 47 c2 ab f3 32 54 0d d0 32 e1 67 c2 95 5d"
/* "{server} send alert record": close_notify at server seq 2. */
#define S_ALERT_REC "17 03 03 00 13 b5 8f d6 71 66 eb f5 99 d2 47 20 cf be 7e fa 7a 88 64 a9"

static void key_hex(pt_protect *p, const char *key_hex, const char *iv_hex)
{
    size_t kl, il;
    uint8_t *k = pt_test_unhex(key_hex, &kl);
    uint8_t *iv = pt_test_unhex(iv_hex, &il);
    ck_assert_uint_eq(kl, 16);
    ck_assert_uint_eq(il, 12);
    pt_protect_init(p);
    ck_assert_pt_ok(pt_protect_init_tls13(p, &pt_bssl_aes128gcm, k, iv));
    free(k);
    free(iv);
}

/* Seal `pt` as `type` at the current sequence number and compare with `expect` byte for byte. */
static void seal_matches(pt_protect *p, uint8_t type, const uint8_t *pt, size_t len, const char *expect)
{
    uint8_t buf[512];
    size_t n = 0;
    memcpy(buf + PT_RECORD_HEADER_LEN, pt, len);
    ck_assert_pt_ok(pt_protect_seal(p, type, PT_RECORD_VERSION_TLS12, buf, len, 0, sizeof(buf), &n));
    ck_assert_hex_eq(buf, n, expect);
}

START_TEST(rfc8448_client_records_seal_byte_for_byte)
{
    pt_protect p;
    uint8_t app[50];
    for (int i = 0; i < 50; i++) {
        app[i] = (uint8_t)i;
    }
    const uint8_t close_notify[2] = {1, 0};
    key_hex(&p, C_AP_KEY, C_AP_IV);
    seal_matches(&p, PT_CT_APPLICATION_DATA, app, sizeof(app), C_APP_REC);
    ck_assert_uint_eq(p.seq, 1);
    seal_matches(&p, PT_CT_ALERT, close_notify, 2, C_ALERT_REC);
    pt_protect_cleanup(&p);

    key_hex(&p, S_AP_KEY, S_AP_IV);
    pt_protect_set_seq(&p, 1);
    seal_matches(&p, PT_CT_APPLICATION_DATA, app, sizeof(app), S_APP_REC);
    seal_matches(&p, PT_CT_ALERT, close_notify, 2, S_ALERT_REC);
    pt_protect_cleanup(&p);
}
END_TEST

START_TEST(rfc8448_server_records_open)
{
    pt_protect p;
    size_t n;
    key_hex(&p, S_AP_KEY, S_AP_IV);

    uint8_t *w = pt_test_unhex(S_NST_REC, &n);
    ck_assert_uint_eq(n, 227);
    pt_record r = frame(w);
    ck_assert_pt_ok(pt_protect_open(&p, &r));
    /* A NewSessionTicket (type 4) whose 24-bit length covers the rest (RFC 8448: 205 octets). */
    ck_assert_uint_eq(r.type, PT_CT_HANDSHAKE);
    ck_assert_uint_eq(r.len, 205);
    ck_assert_hex_eq(r.payload, 4, "04 00 00 c9");
    ck_assert_ptr_eq(r.payload, w + PT_RECORD_HEADER_LEN); /* decrypted in place */
    free(w);

    w = pt_test_unhex(S_APP_REC, &n);
    r = frame(w);
    ck_assert_pt_ok(pt_protect_open(&p, &r));
    ck_assert_uint_eq(r.type, PT_CT_APPLICATION_DATA);
    ck_assert_uint_eq(r.len, 50);
    for (int i = 0; i < 50; i++) {
        ck_assert_uint_eq(r.payload[i], i);
    }
    free(w);

    w = pt_test_unhex(S_ALERT_REC, &n);
    r = frame(w);
    ck_assert_pt_ok(pt_protect_open(&p, &r));
    ck_assert_uint_eq(r.type, PT_CT_ALERT);
    ck_assert_hex_eq(r.payload, r.len, "01 00");
    ck_assert_uint_eq(p.seq, 3);
    free(w);
    pt_protect_cleanup(&p);
}
END_TEST

/* ---------------------------------------------------------------- TLS 1.2 record format */

/*
 * Fixed TLS 1.2 records computed once with Python's `cryptography` package (OpenSSL's AES-GCM
 * and ChaCha20-Poly1305, not BoringSSL), building nonce and additional data by hand:
 *   AES-128-GCM, RFC 5288 section 3: key 000102..0f, salt a0a1a2a3, seq 7, explicit nonce = seq,
 *     nonce = salt || explicit, AD = seq(8) || 17 || 0303 || 0025 (RFC 5246 section 6.2.3.3);
 *   ChaCha20-Poly1305, RFC 7905 section 2: key 404142..5f, iv b0b1..bb, seq 0x0100000000000002,
 *     nonce = iv XOR (0^32 || seq), AD = seq || 16 || 0303 || 0025.
 * Plaintext: the 37 bytes 20 21 .. 44.
 */
#define TLS12_PT "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f4041424344"
#define TLS12_GCM_REC                                                                                                  \
    "170303003d00000000000000071c96c1d3fbf5d1545950d7829190be158ca8417e5095cc5bdada85cffd2b48eee354bc9cd859a5e2de4f86" \
    "aadd519b09001af7a41c"
#define TLS12_CHACHA_REC                                                                                               \
    "160303003576d83e77f25fe11872aec3a0609c942427333588e00b29038be11da78a2945debad4bf406cda99557d243d135d3d94f334144f" \
    "1689"

static void tls12_vector(const pt_aead *aead, const char *key_hex, const char *iv_hex, size_t explicit_len,
                         uint64_t seq, uint8_t type, const char *rec_hex)
{
    pt_protect p;
    size_t kl, il, pl, n;
    uint8_t *k = pt_test_unhex(key_hex, &kl);
    uint8_t *iv = pt_test_unhex(iv_hex, &il);
    uint8_t *pt = pt_test_unhex(TLS12_PT, &pl);
    uint8_t buf[256];

    pt_protect_init(&p);
    ck_assert_pt_ok(pt_protect_init_tls12(&p, aead, k, iv, il, explicit_len));
    pt_protect_set_seq(&p, seq);
    memcpy(buf + PT_RECORD_HEADER_LEN + explicit_len, pt, pl);
    ck_assert_pt_ok(pt_protect_seal(&p, type, PT_RECORD_VERSION_TLS12, buf, pl, 0, sizeof(buf), &n));
    ck_assert_hex_eq(buf, n, rec_hex);

    /* And the receiver opens it at the same sequence number. */
    pt_protect q;
    pt_protect_init(&q);
    ck_assert_pt_ok(pt_protect_init_tls12(&q, aead, k, iv, il, explicit_len));
    pt_protect_set_seq(&q, seq);
    pt_record r = frame(buf);
    ck_assert_pt_ok(pt_protect_open(&q, &r));
    ck_assert_uint_eq(r.type, type);
    ck_assert_uint_eq(r.len, pl);
    ck_assert_mem_eq(r.payload, pt, pl);
    pt_protect_cleanup(&p);
    pt_protect_cleanup(&q);
    free(k);
    free(iv);
    free(pt);
}

START_TEST(tls12_gcm_record_matches_independent_construction)
{
    tls12_vector(&pt_bssl_aes128gcm, "000102030405060708090a0b0c0d0e0f", "a0a1a2a3", 8, 7, PT_CT_APPLICATION_DATA,
                 TLS12_GCM_REC);
}
END_TEST

START_TEST(tls12_chacha_record_matches_independent_construction)
{
    tls12_vector(&pt_bssl_chacha20poly1305, "404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f",
                 "b0b1b2b3b4b5b6b7b8b9babb", 0, UINT64_C(0x0100000000000002), PT_CT_HANDSHAKE, TLS12_CHACHA_REC);
}
END_TEST

/*
 * The same check at many sequence numbers, with the nonce and additional data built here from
 * the RFC text and the provider's AEAD called directly.
 */
START_TEST(tls12_nonce_and_ad_follow_the_rfcs)
{
    config c = config_of(3 + _i);
    /* AES-GCM keys stop at 2^24 records; ChaCha20-Poly1305 goes on to 2^64 - 2^16. */
    static const uint64_t gcm_seqs[] = {0, 1, 0xff, 0xabcdef, UINT64_C(1) << 24};
    static const uint64_t chacha_seqs[] = {0, 1, 0xff, 0x0102030405060708, PT_SEQ_SOFT_LIMIT};
    const uint64_t *seqs = c.aead == &pt_bssl_chacha20poly1305 ? chacha_seqs : gcm_seqs;
    for (size_t s = 0; s < PT_ARRAY_LEN(gcm_seqs); s++) {
        pt_protect p;
        size_t n;
        key_config(&p, c);
        pt_protect_set_seq(&p, seqs[s]);
        uint8_t *rec = seal_pattern(&p, PT_CT_ALERT, 2, 0, &n);

        uint8_t nonce[12], ad[13], plain[2 + 16];
        uint64_t q = seqs[s];
        bool gcm = c.aead != &pt_bssl_chacha20poly1305;
        if (gcm) { /* RFC 5288 section 3: salt || explicit nonce, the explicit nonce sent in the record */
            memcpy(nonce, test_iv, 4);
            for (int i = 0; i < 8; i++) {
                nonce[4 + i] = (uint8_t)(q >> (56 - 8 * i));
            }
            ck_assert_mem_eq(rec + 5, nonce + 4, 8);
        } else { /* RFC 7905 section 2: iv XOR the left-padded sequence number */
            memcpy(nonce, test_iv, 12);
            for (int i = 0; i < 8; i++) {
                nonce[4 + i] ^= (uint8_t)(q >> (56 - 8 * i));
            }
        }
        for (int i = 0; i < 8; i++) { /* RFC 5246 section 6.2.3.3 */
            ad[i] = (uint8_t)(q >> (56 - 8 * i));
        }
        ad[8] = PT_CT_ALERT;
        ad[9] = 3;
        ad[10] = 3;
        ad[11] = 0;
        ad[12] = 2;
        plain[0] = 3;
        plain[1] = 10;
        PT_CTX_ALIGN uint8_t ctx[PT_AEAD_CTX_MAX];
        ck_assert_pt_ok(c.aead->init(ctx, test_key));
        ck_assert_pt_ok(c.aead->seal(ctx, nonce, ad, sizeof(ad), plain, 2));
        c.aead->cleanup(ctx);
        size_t off = PT_RECORD_HEADER_LEN + (gcm ? 8 : 0);
        ck_assert_uint_eq(n, off + 18);
        ck_assert_hex_eq(rec, 5, gcm ? "15 03 03 00 1a" : "15 03 03 00 12");
        ck_assert_mem_eq(rec + off, plain, 18);
        free(rec);
        pt_protect_cleanup(&p);
    }
}
END_TEST

/* ---------------------------------------------------------------- round trips */

static const size_t lengths[] = {0, 1, 2, 255, 1000, 16383, 16384};
static const uint64_t seqs[] = {0, 1, 2, 0x1000, 0xfffffe};

START_TEST(round_trip_every_length_and_seq)
{
    config c = config_of(_i);
    for (size_t s = 0; s < PT_ARRAY_LEN(seqs); s++) {
        for (size_t l = 0; l < PT_ARRAY_LEN(lengths); l++) {
            pt_protect tx, rx;
            size_t n;
            key_config(&tx, c);
            key_config(&rx, c);
            pt_protect_set_seq(&tx, seqs[s]);
            pt_protect_set_seq(&rx, seqs[s]);
            uint8_t type = lengths[l] == 0 ? PT_CT_APPLICATION_DATA : PT_CT_HANDSHAKE;
            uint8_t *rec = seal_pattern(&tx, type, lengths[l], 0, &n);
            ck_assert_uint_eq(rec[0], c.tls12 ? type : PT_CT_APPLICATION_DATA);
            ck_assert_uint_eq(((size_t)rec[3] << 8 | rec[4]), n - PT_RECORD_HEADER_LEN);
            pt_record r = frame(rec);
            /* Odd sequence numbers open out of place (the receive path's application data). */
            uint8_t *out = (seqs[s] & 1) ? malloc(n) : NULL;
            ck_assert_pt_ok(pt_protect_open_to(&rx, &r, out));
            check_pattern(&r, type, lengths[l]);
            if (out != NULL) {
                ck_assert_ptr_eq(r.payload, out);
            }
            free(out);
            ck_assert_uint_eq(tx.seq, seqs[s] + 1);
            ck_assert_uint_eq(rx.seq, seqs[s] + 1);
            free(rec);
            pt_protect_cleanup(&tx);
            pt_protect_cleanup(&rx);
        }
    }
}
END_TEST

/*
 * The send path seals straight from the caller's buffer (pt_protect_seal_from).  It must write
 * exactly the record the in-place seal writes, for every version, length and padding (short
 * padding goes through the AEAD's extra input, long padding through a copy).
 */
START_TEST(seal_from_matches_in_place_seal)
{
    config c = config_of(_i);
    static const size_t pads[] = {0, 1, 31, 32, 300};
    for (size_t l = 0; l < PT_ARRAY_LEN(lengths); l++) {
        for (size_t k = 0; k < (c.tls12 ? 1 : PT_ARRAY_LEN(pads)); k++) {
            size_t len = lengths[l], pad = pads[k];
            if (len + pad > PT_RECORD_MAX_PLAINTEXT) {
                continue;
            }
            pt_protect a, b;
            size_t n_a, n_b;
            key_config(&a, c);
            key_config(&b, c);
            pt_protect_set_seq(&a, 0x1234);
            pt_protect_set_seq(&b, 0x1234);
            uint8_t *want = seal_pattern(&a, PT_CT_HANDSHAKE, len, pad, &n_a);
            size_t cap = pt_protect_record_len(&b, len, pad);
            uint8_t *src = malloc(len + 1);
            uint8_t *got = malloc(cap);
            ck_assert_ptr_nonnull(src);
            ck_assert_ptr_nonnull(got);
            for (size_t i = 0; i < len; i++) {
                src[i] = (uint8_t)(i * 7 + 3);
            }
            ck_assert_pt_ok(pt_protect_seal_from(&b, PT_CT_HANDSHAKE, PT_RECORD_VERSION_TLS12, src, got, len, pad, cap,
                                                 &n_b));
            ck_assert_uint_eq(n_b, n_a);
            ck_assert_mem_eq(got, want, n_a);
            ck_assert_uint_eq(b.seq, 0x1235);
            /* The source is read, never written. */
            for (size_t i = 0; i < len; i++) {
                ck_assert_uint_eq(src[i], (uint8_t)(i * 7 + 3));
            }
            free(src);
            free(got);
            free(want);
            pt_protect_cleanup(&a);
            pt_protect_cleanup(&b);
        }
    }
}
END_TEST

START_TEST(tls13_padding_is_stripped)
{
    static const size_t pads[][2] = {{0, 1}, {1, 1}, {50, 200}, {0, 255}, {16000, 384}, {16383, 1}, {1, 16383}};
    for (size_t i = 0; i < PT_ARRAY_LEN(pads); i++) {
        pt_protect tx, rx;
        size_t n;
        key_config(&tx, config_of(_i));
        key_config(&rx, config_of(_i));
        uint8_t *rec = seal_pattern(&tx, PT_CT_ALERT, pads[i][0] == 0 ? 1 : pads[i][0], pads[i][1], &n);
        size_t len = pads[i][0] == 0 ? 1 : pads[i][0];
        ck_assert_uint_eq(n, PT_RECORD_HEADER_LEN + len + 1 + pads[i][1] + 16);
        pt_record r = frame(rec);
        ck_assert_pt_ok(pt_protect_open(&rx, &r));
        check_pattern(&r, PT_CT_ALERT, len);
        free(rec);
        pt_protect_cleanup(&tx);
        pt_protect_cleanup(&rx);
    }
}
END_TEST

START_TEST(seal_refuses_misuse)
{
    pt_protect p;
    uint8_t buf[64];
    size_t n = 12345;
    key_config(&p, config_of(_i));
    /* over 2^14 of content, or content + padding over 2^14 (RFC 8446 section 5.4) */
    uint8_t *big = malloc(PT_RECORD_MAX_WIRE + 64);
    ck_assert_pt_err(pt_protect_seal(&p, 23, 0x0303, big, 16385, 0, PT_RECORD_MAX_WIRE + 64, &n), PT_ERR_INTERNAL);
    ck_assert_pt_err(pt_protect_seal(&p, 23, 0x0303, big, 16000, 385, PT_RECORD_MAX_WIRE + 64, &n), PT_ERR_INTERNAL);
    free(big);
    /* no room */
    ck_assert_pt_err(pt_protect_seal(&p, 23, 0x0303, buf, 48, 0, sizeof(buf), &n), PT_ERR_INTERNAL);
    if (config_of(_i).tls12) { /* padding is a TLS 1.3 feature */
        ck_assert_pt_err(pt_protect_seal(&p, 23, 0x0303, buf, 1, 1, sizeof(buf), &n), PT_ERR_INTERNAL);
    }
    ck_assert_uint_eq(n, 12345);
    ck_assert_uint_eq(p.seq, 0);
    pt_protect_cleanup(&p);
    /* unkeyed */
    ck_assert_pt_err(pt_protect_seal(&p, 23, 0x0303, buf, 1, 0, sizeof(buf), &n), PT_ERR_INTERNAL);
}
END_TEST

/* ---------------------------------------------------------------- tampering */

/* Flip each bit of each byte of a sealed record; every variant must be bad_record_mac. */
START_TEST(every_tampered_byte_is_bad_record_mac)
{
    config c = config_of(_i);
    static const size_t lens[] = {1, 33};
    for (size_t l = 0; l < PT_ARRAY_LEN(lens); l++) {
        pt_protect tx;
        size_t n;
        key_config(&tx, c);
        pt_protect_set_seq(&tx, 9);
        uint8_t *rec = seal_pattern(&tx, PT_CT_APPLICATION_DATA, lens[l], 0, &n);
        size_t room = n + PT_RECORD_MAX_WIRE;
        uint8_t *copy = malloc(room);
        for (size_t i = 0; i < n; i++) {
            for (int bit = 0; bit < 8; bit++) {
                pt_protect rx;
                key_config(&rx, c);
                pt_protect_set_seq(&rx, 9);
                memset(copy, 0, room);
                memcpy(copy, rec, n);
                copy[i] ^= (uint8_t)(1u << bit);
                /* A changed length frames a different record: shorter, or taking following bytes. */
                pt_record r = frame(copy);
                if (r.len > PT_RECORD_MAX_CIPHERTEXT) {
                    /* the deframer refuses such a length before protection sees it (test_deframer) */
                    pt_protect_cleanup(&rx);
                    continue;
                }
                ck_assert_pt_err(pt_protect_open(&rx, &r), BAD_MAC);
                ck_assert_uint_eq(rx.seq, 9);
                ck_assert_uint_eq(rx.failed, 1);
                pt_protect_cleanup(&rx);
            }
        }
        free(copy);
        free(rec);
        pt_protect_cleanup(&tx);
    }
}
END_TEST

START_TEST(wrong_sequence_number_is_bad_record_mac)
{
    config c = config_of(_i);
    pt_protect tx;
    size_t n;
    key_config(&tx, c);
    pt_protect_set_seq(&tx, 5);
    uint8_t *rec = seal_pattern(&tx, PT_CT_HANDSHAKE, 100, 0, &n);
    static const uint64_t wrong[] = {0, 4, 6, UINT64_C(5) | (UINT64_C(1) << 32)};
    for (size_t i = 0; i < PT_ARRAY_LEN(wrong); i++) {
        uint8_t *copy = malloc(n);
        memcpy(copy, rec, n);
        pt_protect rx;
        key_config(&rx, c);
        pt_protect_set_seq(&rx, wrong[i]);
        pt_record r = frame(copy);
        ck_assert_pt_err(pt_protect_open(&rx, &r), BAD_MAC);
        pt_protect_cleanup(&rx);
        free(copy);
    }
    free(rec);
    pt_protect_cleanup(&tx);
}
END_TEST

START_TEST(too_short_is_bad_record_mac)
{
    config c = config_of(_i);
    size_t min = 16 + (c.tls12 && c.aead != &pt_bssl_chacha20poly1305 ? 8 : 0);
    uint8_t wire[5 + 40] = {23, 3, 3};
    for (size_t len = 0; len < min; len++) {
        pt_protect rx;
        key_config(&rx, c);
        memset(wire + 5, 0x5a, 40);
        wire[3] = 0;
        wire[4] = (uint8_t)len;
        pt_record r = frame(wire);
        ck_assert_pt_err(pt_protect_open(&rx, &r), BAD_MAC);
        pt_protect_cleanup(&rx);
    }
}
END_TEST

/* ---------------------------------------------------------------- TLS 1.3 inner plaintext */

/*
 * Build a TLS 1.3 record by hand from an arbitrary TLSInnerPlaintext (RFC 8446 section 5.2:
 * AD = header, nonce = iv XOR seq), calling the AEAD directly so that rules pt_protect_seal
 * would never break can be tested.
 */
static uint8_t *manual_tls13_hdr(const pt_aead *aead, uint64_t seq, const uint8_t *inner, size_t len, uint8_t type,
                                 uint16_t version)
{
    uint8_t *w = calloc(1, 5 + len + 16);
    uint8_t nonce[12];
    PT_CTX_ALIGN uint8_t ctx[PT_AEAD_CTX_MAX];
    size_t body = len + 16;
    w[0] = type;
    w[1] = (uint8_t)(version >> 8);
    w[2] = (uint8_t)version;
    w[3] = (uint8_t)(body >> 8);
    w[4] = (uint8_t)body;
    memcpy(w + 5, inner, len);
    memcpy(nonce, test_iv, 12);
    for (int i = 0; i < 8; i++) {
        nonce[4 + i] ^= (uint8_t)(seq >> (56 - 8 * i));
    }
    ck_assert_pt_ok(aead->init(ctx, test_key));
    ck_assert_pt_ok(aead->seal(ctx, nonce, w, 5, w + 5, len));
    aead->cleanup(ctx);
    return w;
}

static uint8_t *manual_tls13(const pt_aead *aead, uint64_t seq, const uint8_t *inner, size_t len)
{
    return manual_tls13_hdr(aead, seq, inner, len, PT_CT_APPLICATION_DATA, PT_RECORD_VERSION_TLS12);
}

static void open_inner(const pt_aead *aead, const uint8_t *inner, size_t len, pt_err expect, pt_record *out)
{
    pt_protect rx;
    pt_protect_init(&rx);
    ck_assert_pt_ok(pt_protect_init_tls13(&rx, aead, test_key, test_iv));
    pt_protect_set_seq(&rx, 3);
    uint8_t *w = manual_tls13(aead, 3, inner, len);
    pt_record r = frame(w);
    ck_assert_pt_err(pt_protect_open(&rx, &r), expect);
    if (out != NULL) {
        *out = r;
        out->payload = NULL;
    }
    free(w);
    pt_protect_cleanup(&rx);
}

START_TEST(tls13_inner_plaintext_rules)
{
    const pt_aead *aead = aeads[_i];
    uint8_t *inner = calloc(1, 16384 + 300);
    pt_record r;

    /* RFC 8446 section 5.4: no non-zero octet at all -> unexpected_message (rustls: IllegalTlsInnerPlaintext). */
    open_inner(aead, inner, 0, PT_ERR(UNEXPECTED_MESSAGE, RUSTLS_RESULT_PEER_MISBEHAVED_ERROR), NULL);
    open_inner(aead, inner, 1, PT_ERR(UNEXPECTED_MESSAGE, RUSTLS_RESULT_PEER_MISBEHAVED_ERROR), NULL);
    open_inner(aead, inner, 200, PT_ERR(UNEXPECTED_MESSAGE, RUSTLS_RESULT_PEER_MISBEHAVED_ERROR), NULL);

    /* Zero-length application data is allowed; empty handshake and alert are not (section 5.4). */
    inner[0] = PT_CT_APPLICATION_DATA;
    open_inner(aead, inner, 1, PT_OK, &r);
    ck_assert_uint_eq(r.type, PT_CT_APPLICATION_DATA);
    ck_assert_uint_eq(r.len, 0);
    open_inner(aead, inner, 10, PT_OK, &r); /* with 9 bytes of padding */
    ck_assert_uint_eq(r.len, 0);
    inner[0] = PT_CT_HANDSHAKE;
    open_inner(aead, inner, 5, PT_ERR(UNEXPECTED_MESSAGE, RUSTLS_RESULT_MESSAGE_INVALID_EMPTY_PAYLOAD), NULL);
    inner[0] = PT_CT_ALERT;
    open_inner(aead, inner, 1, PT_ERR(UNEXPECTED_MESSAGE, RUSTLS_RESULT_MESSAGE_INVALID_EMPTY_PAYLOAD), NULL);
    inner[0] = PT_CT_CHANGE_CIPHER_SPEC; /* the connection, not the record layer, refuses a protected CCS */
    open_inner(aead, inner, 1, PT_OK, &r);

    /* An unknown inner type is refused as rustls does (decode_error, InvalidContentType). */
    inner[0] = 0x63;
    open_inner(aead, inner, 1, PT_ERR_DECODE(RUSTLS_RESULT_MESSAGE_INVALID_CONTENT_TYPE), NULL);
    inner[0] = 1;
    open_inner(aead, inner, 3, PT_ERR_DECODE(RUSTLS_RESULT_MESSAGE_INVALID_CONTENT_TYPE), NULL);

    /* Lengths: 2^14 of content + type is the most (section 5.4); one more octet is record_overflow. */
    memset(inner, 0x41, 16384 + 1);
    inner[16384] = PT_CT_APPLICATION_DATA;
    open_inner(aead, inner, 16385, PT_OK, &r);
    ck_assert_uint_eq(r.len, 16384);
    open_inner(aead, inner, 16386, OVERFLOW, NULL); /* with one zero of padding */
    inner[16385] = PT_CT_APPLICATION_DATA;
    open_inner(aead, inner, 16386, OVERFLOW, NULL); /* 2^14 + 1 bytes of content */
    free(inner);
}
END_TEST

/*
 * RFC 8446 section 5.2: opaque_type is always 23 and legacy_record_version always 0x0303.  A
 * record whose tag authenticates some other header (the peer wrote it so) is still refused,
 * as bad_record_mac like rustls, whose additional data is the constant header.
 */
START_TEST(tls13_outer_header_must_be_17_03_03)
{
    const pt_aead *aead = aeads[_i];
    static const struct {
        uint8_t type;
        uint16_t version;
    } bad[] = {{PT_CT_HANDSHAKE, 0x0303},
               {PT_CT_ALERT, 0x0303},
               {PT_CT_APPLICATION_DATA, 0x0301},
               {PT_CT_APPLICATION_DATA, 0x0304},
               {PT_CT_APPLICATION_DATA, 0x0203}};
    const uint8_t inner[] = {'h', 'i', PT_CT_APPLICATION_DATA};
    for (size_t i = 0; i <= PT_ARRAY_LEN(bad); i++) {
        bool good = i == PT_ARRAY_LEN(bad);
        uint8_t type = good ? PT_CT_APPLICATION_DATA : bad[i].type;
        uint16_t version = good ? PT_RECORD_VERSION_TLS12 : bad[i].version;
        pt_protect rx;
        pt_protect_init(&rx);
        ck_assert_pt_ok(pt_protect_init_tls13(&rx, aead, test_key, test_iv));
        uint8_t *w = manual_tls13_hdr(aead, 0, inner, sizeof(inner), type, version);
        pt_record r = frame(w);
        if (good) {
            ck_assert_pt_ok(pt_protect_open(&rx, &r));
            ck_assert_uint_eq(r.len, 2);
            ck_assert_uint_eq(rx.seq, 1);
        } else {
            ck_assert_pt_err(pt_protect_open(&rx, &r), BAD_MAC);
            ck_assert_uint_eq(rx.seq, 0);
            ck_assert_uint_eq(rx.failed, 1);
        }
        free(w);
        pt_protect_cleanup(&rx);
    }
}
END_TEST

START_TEST(tls13_ciphertext_over_limit_is_record_overflow)
{
    pt_protect rx;
    key_config(&rx, config_of(_i));
    uint8_t *w = calloc(1, PT_RECORD_MAX_WIRE + 1);
    w[0] = 23;
    w[1] = 3;
    w[2] = 3;
    w[3] = (uint8_t)((PT_RECORD_MAX_CIPHERTEXT + 1) >> 8);
    w[4] = (uint8_t)(PT_RECORD_MAX_CIPHERTEXT + 1);
    pt_record r = frame(w);
    ck_assert_uint_eq(r.len, 16641);
    ck_assert_pt_err(pt_protect_open(&rx, &r), OVERFLOW);
    free(w);
    pt_protect_cleanup(&rx);
}
END_TEST

/* TLS 1.2: more than 2^14 bytes of plaintext, or an empty handshake, after a valid tag. */
START_TEST(tls12_plaintext_rules)
{
    config c = config_of(3 + _i);
    /* Seal with a TLS 1.2 sender forced past the 2^14 check by sealing 16384 and patching: build by hand instead. */
    bool gcm = c.aead != &pt_bssl_chacha20poly1305;
    size_t explicit_len = gcm ? 8 : 0;
    static const struct {
        size_t len;
        uint8_t type;
    } cases[] = {{16385, PT_CT_APPLICATION_DATA}, {0, PT_CT_HANDSHAKE}, {0, PT_CT_ALERT}, {0, PT_CT_APPLICATION_DATA}};
    for (size_t k = 0; k < PT_ARRAY_LEN(cases); k++) {
        size_t len = cases[k].len;
        size_t body = explicit_len + len + 16;
        uint8_t *w = calloc(1, 5 + body);
        uint8_t nonce[12], ad[13];
        PT_CTX_ALIGN uint8_t ctx[PT_AEAD_CTX_MAX];
        w[0] = cases[k].type;
        w[1] = 3;
        w[2] = 3;
        w[3] = (uint8_t)(body >> 8);
        w[4] = (uint8_t)body;
        memcpy(nonce, test_iv, 12);
        if (gcm) {
            memset(nonce + 4, 0, 8);
            memset(w + 5, 0, 8);
        }
        memset(ad, 0, 8);
        ad[8] = cases[k].type;
        ad[9] = 3;
        ad[10] = 3;
        ad[11] = (uint8_t)(len >> 8);
        ad[12] = (uint8_t)len;
        ck_assert_pt_ok(c.aead->init(ctx, test_key));
        ck_assert_pt_ok(c.aead->seal(ctx, nonce, ad, 13, w + 5 + explicit_len, len));
        c.aead->cleanup(ctx);

        pt_protect rx;
        key_config(&rx, c);
        pt_record r = frame(w);
        pt_err expect = len > 0 ? OVERFLOW
                        : cases[k].type == PT_CT_APPLICATION_DATA
                            ? PT_OK
                            : PT_ERR_DECODE(RUSTLS_RESULT_MESSAGE_INVALID_EMPTY_PAYLOAD);
        ck_assert_pt_err(pt_protect_open(&rx, &r), expect);
        pt_protect_cleanup(&rx);
        free(w);
    }
}
END_TEST

/* ---------------------------------------------------------------- limits and keys */

START_TEST(sequence_limits)
{
    config c = config_of(_i);
    pt_protect p;
    size_t n;
    key_config(&p, c);
    uint64_t max = c.aead == &pt_bssl_chacha20poly1305 ? PT_SEQ_SOFT_LIMIT : (UINT64_C(1) << 24);
    ck_assert_uint_eq(p.seq_max, max);
    ck_assert_int_eq(pt_protect_seal_action(&p, 1), PT_SEAL_OK);

    /* rustls pre_encrypt_action: refresh when the records about to go out would reach the limit. */
    pt_protect_set_seq(&p, max - 2);
    ck_assert_int_eq(pt_protect_seal_action(&p, 1), PT_SEAL_OK);
    ck_assert_int_eq(pt_protect_seal_action(&p, 2), PT_SEAL_OK);
    ck_assert_int_eq(pt_protect_seal_action(&p, 3), PT_SEAL_REFRESH);
    ck_assert_int_eq(pt_protect_seal_action(&p, UINT64_MAX), PT_SEAL_REFRESH);
    pt_protect_set_seq(&p, max);
    ck_assert_int_eq(pt_protect_seal_action(&p, 1), PT_SEAL_REFRESH);

    /* The record at seq_max (the KeyUpdate or close_notify) may still be sealed; nothing after. */
    uint8_t *rec = seal_pattern(&p, PT_CT_ALERT, 2, 0, &n);
    free(rec);
    ck_assert_int_eq(pt_protect_seal_action(&p, 1), PT_SEAL_REFUSE);
    uint8_t buf[64];
    ck_assert_pt_err(pt_protect_seal(&p, PT_CT_ALERT, 0x0303, buf, 2, 0, sizeof(buf), &n),
                     PT_ERR_NOALERT(RUSTLS_RESULT_ENCRYPT_ERROR));
    ck_assert_uint_eq(p.seq, max + 1);
    /* Far beyond, without wrapping (RFC 8446 section 5.3). */
    pt_protect_set_seq(&p, UINT64_MAX);
    ck_assert_int_eq(pt_protect_seal_action(&p, 1), PT_SEAL_REFUSE);
    ck_assert_pt_err(pt_protect_seal(&p, PT_CT_ALERT, 0x0303, buf, 2, 0, sizeof(buf), &n),
                     PT_ERR_NOALERT(RUSTLS_RESULT_ENCRYPT_ERROR));
    pt_protect_cleanup(&p);
}
END_TEST

START_TEST(receive_limits)
{
    config c = config_of(_i);
    pt_protect tx, rx;
    size_t n;
    key_config(&tx, c);
    key_config(&rx, c);
    ck_assert(!pt_protect_peer_near_limit(&rx));
    pt_protect_set_seq(&tx, PT_SEQ_SOFT_LIMIT);
    pt_protect_set_seq(&rx, PT_SEQ_SOFT_LIMIT);
    ck_assert(pt_protect_peer_near_limit(&rx));
    if (c.aead == &pt_bssl_chacha20poly1305) { /* GCM senders stop at 2^24 */
        uint8_t *rec = seal_pattern(&tx, PT_CT_APPLICATION_DATA, 5, 0, &n);
        pt_record r = frame(rec);
        ck_assert_pt_ok(pt_protect_open(&rx, &r));
        free(rec);
    }
    /* A sequence number that would wrap is never used to open (RFC 8446 section 5.3). */
    pt_protect_set_seq(&rx, UINT64_MAX);
    uint8_t wire[5 + 64] = {23, 3, 3, 0, 64};
    pt_record r = frame(wire);
    ck_assert_pt_err(pt_protect_open(&rx, &r), BAD_MAC);
    ck_assert_uint_eq(rx.seq, UINT64_MAX);

    /* Past the integrity limit (RFC 8446 section 5.5) even a genuine record is refused. */
    pt_protect_cleanup(&tx);
    pt_protect_cleanup(&rx);
    key_config(&tx, c);
    key_config(&rx, c);
    rx.failed = c.aead->integrity_limit - 1;
    uint8_t *good = seal_pattern(&tx, PT_CT_APPLICATION_DATA, 5, 0, &n);
    uint8_t *bad = malloc(n);
    memcpy(bad, good, n);
    bad[n - 1] ^= 1;
    r = frame(bad);
    ck_assert_pt_err(pt_protect_open(&rx, &r), BAD_MAC);
    ck_assert_uint_eq(rx.failed, c.aead->integrity_limit);
    r = frame(good);
    ck_assert_pt_err(pt_protect_open(&rx, &r), BAD_MAC);
    free(good);
    free(bad);
    pt_protect_cleanup(&tx);
    pt_protect_cleanup(&rx);
}
END_TEST

START_TEST(rekey_resets_sequence_and_wipes)
{
    const pt_aead *aead = aeads[_i];
    pt_protect tx, rx, old;
    size_t n;
    uint8_t key2[32], iv2[12];
    memset(key2, 0x77, sizeof(key2));
    memset(iv2, 0x88, sizeof(iv2));
    key_config(&tx, config_of(_i));
    key_config(&old, config_of(_i));
    pt_protect_init(&rx);
    ck_assert_pt_ok(pt_protect_init_tls13(&rx, aead, key2, iv2));
    pt_protect_set_seq(&tx, 41);
    pt_protect_set_seq(&old, 41);
    ck_assert_pt_ok(pt_protect_rekey(&tx, key2, iv2));
    ck_assert_uint_eq(tx.seq, 0); /* RFC 8446 section 5.3 */
    ck_assert_mem_eq(tx.iv, iv2, 12);
    uint8_t *rec = seal_pattern(&tx, PT_CT_APPLICATION_DATA, 20, 0, &n);
    uint8_t *copy = malloc(n);
    memcpy(copy, rec, n);
    pt_record r = frame(copy);
    ck_assert_pt_err(pt_protect_open(&old, &r), BAD_MAC); /* not the old key */
    r = frame(rec);
    ck_assert_pt_ok(pt_protect_open(&rx, &r));
    check_pattern(&r, PT_CT_APPLICATION_DATA, 20);
    free(rec);
    free(copy);

    /* cleanup leaves nothing behind */
    pt_protect_cleanup(&tx);
    static const pt_protect zero;
    ck_assert_mem_eq(&tx, &zero, sizeof(zero));
    ck_assert(!pt_protect_keyed(&tx));
    pt_protect_cleanup(&rx);
    pt_protect_cleanup(&old);

    /* TLS 1.2 has no key update */
    key_config(&tx, config_of(3 + _i));
    ck_assert_pt_err(pt_protect_rekey(&tx, key2, iv2), PT_ERR_INTERNAL);
    pt_protect_cleanup(&tx);
}
END_TEST

START_TEST(tls12_iv_shapes)
{
    pt_protect p;
    pt_protect_init(&p);
    ck_assert_pt_err(pt_protect_init_tls12(&p, &pt_bssl_aes128gcm, test_key, test_iv, 4, 0), PT_ERR_INTERNAL);
    ck_assert_pt_err(pt_protect_init_tls12(&p, &pt_bssl_aes128gcm, test_key, test_iv, 12, 8), PT_ERR_INTERNAL);
    ck_assert_pt_err(pt_protect_init_tls12(&p, &pt_bssl_aes128gcm, test_key, test_iv, 8, 4), PT_ERR_INTERNAL);
    ck_assert(!pt_protect_keyed(&p));
    ck_assert_pt_ok(pt_protect_init_tls12(&p, &pt_bssl_aes128gcm, test_key, test_iv, 4, 8));
    ck_assert_uint_eq(pt_protect_prefix(&p), 8);
    ck_assert_uint_eq(pt_protect_record_len(&p, 100, 0), 5 + 8 + 100 + 16);
    ck_assert_pt_ok(pt_protect_init_tls13(&p, &pt_bssl_aes128gcm, test_key, test_iv));
    ck_assert_uint_eq(pt_protect_prefix(&p), 0);
    ck_assert_uint_eq(pt_protect_record_len(&p, 100, 7), 5 + 100 + 1 + 7 + 16);
    pt_protect_cleanup(&p);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("protect");
    TCase *tc = tcase_create("known_answers");
    tcase_add_test(tc, rfc8448_client_records_seal_byte_for_byte);
    tcase_add_test(tc, rfc8448_server_records_open);
    tcase_add_test(tc, tls12_gcm_record_matches_independent_construction);
    tcase_add_test(tc, tls12_chacha_record_matches_independent_construction);
    tcase_add_loop_test(tc, tls12_nonce_and_ad_follow_the_rfcs, 0, 3);
    suite_add_tcase(s, tc);

    tc = tcase_create("round_trip");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, round_trip_every_length_and_seq, 0, 6);
    tcase_add_loop_test(tc, tls13_padding_is_stripped, 0, 3);
    tcase_add_loop_test(tc, seal_from_matches_in_place_seal, 0, 6);
    tcase_add_loop_test(tc, seal_refuses_misuse, 0, 6);
    suite_add_tcase(s, tc);

    tc = tcase_create("open_errors");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, every_tampered_byte_is_bad_record_mac, 0, 6);
    tcase_add_loop_test(tc, wrong_sequence_number_is_bad_record_mac, 0, 6);
    tcase_add_loop_test(tc, too_short_is_bad_record_mac, 0, 6);
    tcase_add_loop_test(tc, tls13_inner_plaintext_rules, 0, 3);
    tcase_add_loop_test(tc, tls13_outer_header_must_be_17_03_03, 0, 3);
    tcase_add_loop_test(tc, tls13_ciphertext_over_limit_is_record_overflow, 0, 3);
    tcase_add_loop_test(tc, tls12_plaintext_rules, 0, 3);
    suite_add_tcase(s, tc);

    tc = tcase_create("limits_and_keys");
    tcase_add_loop_test(tc, sequence_limits, 0, 6);
    tcase_add_loop_test(tc, receive_limits, 0, 6);
    tcase_add_loop_test(tc, rekey_resets_sequence_and_wipes, 0, 3);
    tcase_add_test(tc, tls12_iv_shapes);
    suite_add_tcase(s, tc);
    return pt_test_run(s);
}
