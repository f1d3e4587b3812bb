/* protect.c - AEAD record protection for TLS 1.3 and TLS 1.2 (see protect.h). */
#include "record/protect.h"

#include <string.h>

#include "base/mem.h"

static void put_u16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static void put_u64(uint8_t *p, uint64_t v)
{
    for (int i = 7; i >= 0; i--) {
        p[i] = (uint8_t)v;
        v >>= 8;
    }
}

void pt_protect_init(pt_protect *p)
{
    memset(p, 0, sizeof(*p));
}

void pt_protect_cleanup(pt_protect *p)
{
    if (p->aead != NULL) {
        p->aead->cleanup(p->ctx);
    }
    pt_wipe(p, sizeof(*p));
}

static pt_err keyed(pt_protect *p, const pt_aead *aead, const uint8_t *key, const uint8_t *iv, size_t iv_len,
                    size_t explicit_len, pt_protect_version version)
{
    pt_err err = PT_OK;
    pt_protect_cleanup(p);
    PT_ENSURE_OUT(aead != NULL && aead->ctx_size <= PT_AEAD_CTX_MAX && aead->nonce_len == PT_AEAD_NONCE_LEN &&
                      iv_len <= sizeof(p->iv),
                  PT_ERR_INTERNAL);
    PT_CHECK(aead->init(p->ctx, key));
    p->aead = aead;
    p->version = (uint8_t)version;
    p->iv_len = (uint8_t)iv_len;
    p->explicit_len = (uint8_t)explicit_len;
    memcpy(p->iv, iv, iv_len);
    p->seq = 0;
    p->seq_max = aead->confidentiality_limit < PT_SEQ_SOFT_LIMIT ? aead->confidentiality_limit : PT_SEQ_SOFT_LIMIT;
    p->failed = 0;
out:
    if (pt_failed(err)) {
        if (aead != NULL && aead->ctx_size <= PT_AEAD_CTX_MAX) {
            aead->cleanup(p->ctx);
        }
        pt_wipe(p, sizeof(*p));
    }
    return err;
}

pt_err pt_protect_init_tls13(pt_protect *p, const pt_aead *aead, const uint8_t *key, const uint8_t *iv)
{
    return keyed(p, aead, key, iv, PT_AEAD_NONCE_LEN, 0, PT_PROTECT_TLS13);
}

pt_err pt_protect_init_tls12(pt_protect *p, const pt_aead *aead, const uint8_t *key, const uint8_t *iv, size_t iv_len,
                             size_t explicit_len)
{
    /* RFC 5288 section 3 (4-byte salt + 8-byte explicit nonce) or RFC 7905 section 2 (12-byte IV). */
    if (!((iv_len == 4 && explicit_len == 8) || (iv_len == PT_AEAD_NONCE_LEN && explicit_len == 0))) {
        pt_protect_cleanup(p);
        return PT_ERR_INTERNAL;
    }
    return keyed(p, aead, key, iv, iv_len, explicit_len, PT_PROTECT_TLS12);
}

pt_err pt_protect_rekey(pt_protect *p, const uint8_t *key, const uint8_t *iv)
{
    if (p->aead == NULL || p->version != PT_PROTECT_TLS13) {
        return PT_ERR_INTERNAL;
    }
    return keyed(p, p->aead, key, iv, PT_AEAD_NONCE_LEN, 0, PT_PROTECT_TLS13);
}

void pt_protect_set_seq(pt_protect *p, uint64_t seq)
{
    p->seq = seq;
}

pt_seal_action pt_protect_seal_action(const pt_protect *p, uint64_t n)
{
    if (p->seq > p->seq_max) {
        return PT_SEAL_REFUSE;
    }
    /* The last of the n records would have seq + n - 1; refresh before any of them reaches seq_max. */
    uint64_t last = n == 0 ? p->seq : p->seq + (n - 1);
    if (last < p->seq || last >= p->seq_max) {
        return PT_SEAL_REFRESH;
    }
    return PT_SEAL_OK;
}

/*
 * The per-record nonce.  TLS 1.3 (RFC 8446 section 5.3) and TLS 1.2 ChaCha20-Poly1305 (RFC 7905
 * section 2): the 64-bit sequence number, left-padded with zeros to 12 bytes, XORed with the IV.
 * TLS 1.2 AES-GCM (RFC 5288 section 3): salt(4) || explicit nonce(8), where we make the explicit
 * nonce the sequence number.
 */
static void make_nonce(const pt_protect *p, uint64_t seq, const uint8_t *explicit_nonce, uint8_t *nonce)
{
    if (p->explicit_len != 0) {
        memcpy(nonce, p->iv, 4);
        memcpy(nonce + 4, explicit_nonce, 8);
        return;
    }
    memcpy(nonce, p->iv, PT_AEAD_NONCE_LEN);
    for (int i = 0; i < 8; i++) {
        nonce[PT_AEAD_NONCE_LEN - 1 - i] ^= (uint8_t)(seq >> (8 * i));
    }
}

/* RFC 5246 section 6.2.3.3: additional_data = seq_num + type + version + length (13 bytes). */
static void tls12_ad(uint8_t *ad, uint64_t seq, uint8_t type, uint16_t version, size_t len)
{
    put_u64(ad, seq);
    ad[8] = type;
    put_u16(ad + 9, version);
    put_u16(ad + 11, (uint16_t)len);
}

/* Largest TLS 1.3 padding sealed straight from the caller's data; longer padding copies first. */
#define PT_SCATTER_PAD_MAX 31

pt_err pt_protect_seal_from(pt_protect *p, uint8_t type, uint16_t version, const uint8_t *src, uint8_t *rec,
                            size_t len, size_t pad, size_t cap, size_t *rec_len)
{
    pt_err err = PT_OK;
    uint8_t nonce[PT_AEAD_NONCE_LEN];
    PT_ENSURE_OUT(p->aead != NULL, PT_ERR_INTERNAL);
    /* RFC 8446 section 5.3: a sequence number MUST NOT wrap; rekey or close before (protect.h). */
    PT_ENSURE_OUT(p->seq <= p->seq_max, PT_ERR_NOALERT(RUSTLS_RESULT_ENCRYPT_ERROR));
    /* RFC 8446 section 5.4: TLSInnerPlaintext is at most 2^14 + 1 bytes; RFC 5246 6.2.1: 2^14. */
    PT_ENSURE_OUT(len <= PT_RECORD_MAX_PLAINTEXT && pad <= PT_RECORD_MAX_PLAINTEXT - len, PT_ERR_INTERNAL);
    PT_ENSURE_OUT(p->version == PT_PROTECT_TLS13 || pad == 0, PT_ERR_INTERNAL);
    size_t total = pt_protect_record_len(p, len, pad);
    PT_ENSURE_OUT(total <= cap, PT_ERR_INTERNAL);

    size_t body = total - PT_RECORD_HEADER_LEN; /* TLSCiphertext.length */
    uint8_t *data = rec + PT_RECORD_HEADER_LEN + p->explicit_len;
    if (src == NULL) {
        src = data;
    }
    if (p->version == PT_PROTECT_TLS13) {
        /*
         * RFC 8446 section 5.2: opaque_type is always application_data and legacy_record_version
         * 0x0303; the real type goes after the content, followed by the padding zeros.
         */
        rec[0] = PT_CT_APPLICATION_DATA;
        put_u16(rec + 1, PT_RECORD_VERSION_TLS12);
        put_u16(rec + 3, (uint16_t)body);
        make_nonce(p, p->seq, NULL, nonce);
        if (src != data && pad <= PT_SCATTER_PAD_MAX) {
            /* Encrypt from the caller's buffer: type and padding ride as the AEAD's extra input. */
            uint8_t tail[1 + PT_SCATTER_PAD_MAX] = {type};
            /* RFC 8446 section 5.2: additional_data is the record header itself. */
            PT_CHECK(p->aead->seal_scatter(p->ctx, nonce, rec, PT_RECORD_HEADER_LEN, src, len, tail, 1 + pad, data));
        } else {
            if (src != data) {
                memcpy(data, src, len);
            }
            data[len] = type;
            memset(data + len + 1, 0, pad);
            PT_CHECK(p->aead->seal(p->ctx, nonce, rec, PT_RECORD_HEADER_LEN, data, len + 1 + pad));
        }
    } else {
        uint8_t ad[13];
        rec[0] = type;
        put_u16(rec + 1, version);
        put_u16(rec + 3, (uint16_t)body);
        if (p->explicit_len != 0) {
            put_u64(rec + PT_RECORD_HEADER_LEN, p->seq);
        }
        make_nonce(p, p->seq, rec + PT_RECORD_HEADER_LEN, nonce);
        tls12_ad(ad, p->seq, type, version, len);
        PT_CHECK(p->aead->seal_scatter(p->ctx, nonce, ad, sizeof(ad), src, len, NULL, 0, data));
    }
    p->seq++;
    *rec_len = total;
out:
    pt_wipe(nonce, sizeof(nonce));
    return err;
}

pt_err pt_protect_seal(pt_protect *p, uint8_t type, uint16_t version, uint8_t *rec, size_t len, size_t pad, size_t cap,
                       size_t *rec_len)
{
    return pt_protect_seal_from(p, type, version, NULL, rec, len, pad, cap, rec_len);
}

/* RFC 8446 section 5.4: the content type is the last non-zero byte; zeros after it are padding. */
static pt_err tls13_unpad(pt_record *rec, size_t plain_len)
{
    /* "The length of TLSInnerPlaintext MUST NOT exceed 2^14 + 1 octets" (section 5.4). */
    if (plain_len > PT_RECORD_MAX_PLAINTEXT + 1) {
        return PT_ERR(RECORD_OVERFLOW, RUSTLS_RESULT_PEER_SENT_OVERSIZED_RECORD);
    }
    size_t n = plain_len;
    while (n > 0 && rec->payload[n - 1] == 0) {
        n--;
    }
    /* "If a receiving implementation does not find a non-zero octet ... MUST terminate ... unexpected_message". */
    if (n == 0) {
        return PT_ERR(UNEXPECTED_MESSAGE, RUSTLS_RESULT_PEER_MISBEHAVED_ERROR);
    }
    rec->type = rec->payload[n - 1];
    rec->len = n - 1;
    if (!pt_content_type_known(rec->type)) {
        return PT_ERR_DECODE(RUSTLS_RESULT_MESSAGE_INVALID_CONTENT_TYPE);
    }
    /* RFC 8446 section 5.4: handshake and alert records MUST NOT have empty content. */
    if (rec->len == 0 && (rec->type == PT_CT_HANDSHAKE || rec->type == PT_CT_ALERT)) {
        return PT_ERR(UNEXPECTED_MESSAGE, RUSTLS_RESULT_MESSAGE_INVALID_EMPTY_PAYLOAD);
    }
    return PT_OK;
}

pt_err pt_protect_open(pt_protect *p, pt_record *rec)
{
    return pt_protect_open_to(p, rec, NULL);
}

pt_err pt_protect_open_to(pt_protect *p, pt_record *rec, uint8_t *out)
{
    pt_err err = PT_OK;
    const pt_err bad_mac = PT_ERR(BAD_RECORD_MAC, RUSTLS_RESULT_DECRYPT_ERROR);
    uint8_t nonce[PT_AEAD_NONCE_LEN];
    size_t plain_len = 0;
    PT_ENSURE_OUT(p->aead != NULL, PT_ERR_INTERNAL);
    /* RFC 8446 section 5.3: the peer may not make us reuse a sequence number either. */
    PT_ENSURE_OUT(p->seq != UINT64_MAX, bad_mac);
    /* RFC 8446 section 5.5: past the integrity limit no further forgery may be tried. */
    PT_ENSURE_OUT(p->failed < p->aead->integrity_limit, bad_mac);
    if (rec->len < (size_t)p->explicit_len + p->aead->tag_len) {
        /* Too short to hold a tag: a failed authentication like any other (counted the same way). */
        p->failed++;
        err = bad_mac;
        goto out;
    }

    if (p->version == PT_PROTECT_TLS13) {
        /* RFC 8446 section 5.2: length over 2^14 + 256 MUST be answered with record_overflow. */
        PT_ENSURE_OUT(rec->len <= PT_RECORD_MAX_CIPHERTEXT,
                      PT_ERR(RECORD_OVERFLOW, RUSTLS_RESULT_PEER_SENT_OVERSIZED_RECORD));
        /*
         * RFC 8446 section 5.2: a protected record's opaque_type is always application_data and
         * its legacy_record_version always 0x0303.  The header is the additional data, so a
         * peer that wrote anything else authenticated it; accepting such a record would let
         * the outer type disagree with what the deframer and connection were told.  rustls
         * builds the additional data from the constants 23 / 0x0303 (make_tls13_aad), so such
         * a record fails there as bad_record_mac; refuse it the same way, counted as a failed
         * open, without trying the AEAD.
         */
        if (rec->header[0] != PT_CT_APPLICATION_DATA || rec->header[1] != (PT_RECORD_VERSION_TLS12 >> 8) ||
            rec->header[2] != (PT_RECORD_VERSION_TLS12 & 0xff)) {
            p->failed++;
            err = bad_mac;
            goto out;
        }
        make_nonce(p, p->seq, NULL, nonce);
        if (out == NULL) {
            out = rec->payload;
        }
        err = p->aead->open_to(p->ctx, nonce, rec->header, PT_RECORD_HEADER_LEN, rec->payload, rec->len, out,
                               &plain_len);
        rec->payload = out;
    } else {
        uint8_t ad[13];
        uint8_t *data = rec->payload + p->explicit_len;
        size_t data_len = rec->len - p->explicit_len;
        if (out == NULL) {
            out = data;
        }
        make_nonce(p, p->seq, rec->payload, nonce);
        tls12_ad(ad, p->seq, rec->type, rec->version, data_len - p->aead->tag_len);
        err = p->aead->open_to(p->ctx, nonce, ad, sizeof(ad), data, data_len, out, &plain_len);
        rec->payload = out;
    }
    if (pt_failed(err)) {
        p->failed++;
        err = bad_mac;
        goto out;
    }
    p->seq++;

    if (p->version == PT_PROTECT_TLS13) {
        PT_CHECK(tls13_unpad(rec, plain_len));
    } else {
        rec->len = plain_len;
        /* RFC 5246 section 6.2.3: a record that decrypts to more than 2^14 bytes (rustls's check). */
        PT_ENSURE_OUT(rec->len <= PT_RECORD_MAX_PLAINTEXT,
                      PT_ERR(RECORD_OVERFLOW, RUSTLS_RESULT_PEER_SENT_OVERSIZED_RECORD));
        /* RFC 5246 section 6.2.1: no zero-length handshake, alert or change_cipher_spec fragments. */
        PT_ENSURE_OUT(rec->len > 0 || rec->type == PT_CT_APPLICATION_DATA,
                      PT_ERR_DECODE(RUSTLS_RESULT_MESSAGE_INVALID_EMPTY_PAYLOAD));
    }
out:
    pt_wipe(nonce, sizeof(nonce));
    return err;
}
