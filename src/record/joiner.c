/* joiner.c - reassemble handshake messages from record payloads (see joiner.h). */
#include "record/joiner.h"

#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/reader.h"

void pt_joiner_init(pt_joiner *j, size_t max_body)
{
    memset(j, 0, sizeof(*j));
    j->max_body = max_body == 0 ? PT_JOINER_DEFAULT_MAX : max_body;
}

/* Forget the partial (or handed-out) message and its buffer. */
static void reset_partial(pt_joiner *j)
{
    pt_free_wiped(j->buf, j->want);
    j->buf = NULL;
    j->want = 0;
    j->got = 0;
    j->handed_out = false;
    pt_wipe(j->hdr, sizeof(j->hdr));
}

void pt_joiner_cleanup(pt_joiner *j)
{
    reset_partial(j);
    j->in = NULL;
    j->in_len = j->in_off = 0;
}

pt_err pt_joiner_feed(pt_joiner *j, const uint8_t *p, size_t len)
{
    if (j->in_off < j->in_len) {
        return PT_ERR_INTERNAL;
    }
    j->in = p;
    j->in_len = len;
    j->in_off = 0;
    return PT_OK;
}

/* Parse a complete 4-byte handshake header and enforce the size cap. */
static pt_err parse_header(const pt_joiner *j, const uint8_t *h, uint8_t *type, size_t *body_len)
{
    pt_reader r = pt_reader_init(h, PT_HS_HEADER_LEN);
    uint32_t len;
    PT_TRY(pt_r_u8(&r, type));
    PT_TRY(pt_r_u24(&r, &len));
    /*
     * RFC 8446 allows messages up to 2^24 - 1 bytes; like rustls we refuse anything larger than
     * the cap before buffering it, so a peer cannot make us allocate 16 MiB.
     */
    if (len > j->max_body) {
        return PT_ERR_DECODE(RUSTLS_RESULT_MESSAGE_HANDSHAKE_PAYLOAD_TOO_LARGE);
    }
    *body_len = len;
    return PT_OK;
}

static void fill_msg(pt_hs_msg *msg, uint8_t type, const uint8_t *raw, size_t raw_len, bool end_of_record)
{
    msg->type = type;
    msg->raw = pt_slice_of(raw, raw_len);
    msg->body = pt_slice_of(raw + PT_HS_HEADER_LEN, raw_len - PT_HS_HEADER_LEN);
    msg->end_of_record = end_of_record;
}

pt_err pt_joiner_next(pt_joiner *j, pt_hs_msg *msg, bool *have)
{
    uint8_t type;
    size_t body_len;
    *have = false;
    if (j->handed_out) {
        reset_partial(j);
    }
    size_t left = j->in_len - j->in_off;
    if (left == 0) {
        return PT_OK; /* nothing fed (j->in may be NULL: no arithmetic on it), or all consumed */
    }
    const uint8_t *in = j->in + j->in_off;

    if (j->got == 0) {
        /* Fast path: a whole message inside the record is returned where it lies. */
        if (left >= PT_HS_HEADER_LEN) {
            PT_TRY(parse_header(j, in, &type, &body_len));
            if (left - PT_HS_HEADER_LEN >= body_len) {
                size_t raw_len = PT_HS_HEADER_LEN + body_len;
                j->in_off += raw_len;
                fill_msg(msg, type, in, raw_len, j->in_off == j->in_len);
                *have = true;
                return PT_OK;
            }
        }
    }

    /* Slow path: collect a message split across records. */
    if (j->got < PT_HS_HEADER_LEN) {
        size_t n = PT_HS_HEADER_LEN - j->got;
        if (n > left) {
            n = left;
        }
        memcpy(j->hdr + j->got, in, n);
        j->got += n;
        j->in_off += n;
        in += n;
        left -= n;
        if (j->got < PT_HS_HEADER_LEN) {
            return PT_OK;
        }
        PT_TRY(parse_header(j, j->hdr, &type, &body_len));
        j->want = PT_HS_HEADER_LEN + body_len;
        j->buf = malloc(j->want);
        if (j->buf == NULL) {
            j->want = 0;
            return PT_ERR_INTERNAL;
        }
        memcpy(j->buf, j->hdr, PT_HS_HEADER_LEN);
    }
    size_t n = j->want - j->got;
    if (n > left) {
        n = left;
    }
    memcpy(j->buf + j->got, in, n);
    j->got += n;
    j->in_off += n;
    if (j->got < j->want) {
        return PT_OK;
    }
    fill_msg(msg, j->buf[0], j->buf, j->want, j->in_off == j->in_len);
    j->handed_out = true;
    *have = true;
    return PT_OK;
}
