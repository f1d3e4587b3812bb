/* fragmenter.c - split payloads into records (see fragmenter.h). */
#include "record/fragmenter.h"

#include <string.h>

#include "base/mem.h"

void pt_fragmenter_init(pt_fragmenter *f)
{
    f->max_frag = PT_RECORD_MAX_PLAINTEXT;
    f->record_version = PT_RECORD_VERSION_TLS12;
}

pt_err pt_fragmenter_set_max_fragment_size(pt_fragmenter *f, size_t size)
{
    if (size == 0) {
        f->max_frag = PT_RECORD_MAX_PLAINTEXT;
        return PT_OK;
    }
    if (size < PT_FRAGMENT_SIZE_MIN || size > PT_FRAGMENT_SIZE_MAX) {
        return PT_ERR_NOALERT(RUSTLS_RESULT_BAD_MAX_FRAGMENT_SIZE);
    }
    f->max_frag = size - PT_RECORD_HEADER_LEN;
    return PT_OK;
}

static size_t record_len(const pt_protect *p, size_t len)
{
    if (p != NULL && pt_protect_keyed(p)) {
        return pt_protect_record_len(p, len, 0);
    }
    return PT_RECORD_HEADER_LEN + len;
}

size_t pt_fragmenter_wire_len(const pt_fragmenter *f, const pt_protect *p, size_t len)
{
    size_t full = len / f->max_frag;
    size_t rest = len % f->max_frag;
    return full * record_len(p, f->max_frag) + (rest > 0 ? record_len(p, rest) : 0);
}

pt_err pt_fragmenter_write(const pt_fragmenter *f, pt_protect *p, uint8_t type, const uint8_t *data, size_t len,
                           uint8_t *out, size_t cap, size_t *consumed, size_t *written)
{
    pt_err err = PT_OK;
    bool sealed = p != NULL && pt_protect_keyed(p);
    size_t in = 0, at = 0;
    while (in < len) {
        size_t n = len - in < f->max_frag ? len - in : f->max_frag;
        size_t rlen = record_len(p, n);
        if (rlen > cap - at) {
            break;
        }
        uint8_t *rec = out + at;
        if (sealed) {
            size_t got;
            /* Sealed straight from `data`: no copy of the plaintext into the queue first. */
            err = pt_protect_seal_from(p, type, PT_RECORD_VERSION_TLS12, data + in, rec, n, 0, rlen, &got);
            if (pt_failed(err)) {
                /* Leave no plaintext behind the records written: `out` is usually the send queue. */
                pt_wipe(rec, rlen);
                goto out;
            }
        } else {
            rec[0] = type;
            rec[1] = (uint8_t)(f->record_version >> 8);
            rec[2] = (uint8_t)f->record_version;
            rec[3] = (uint8_t)(n >> 8);
            rec[4] = (uint8_t)n;
            memcpy(rec + PT_RECORD_HEADER_LEN, data + in, n);
        }
        in += n;
        at += rlen;
    }
out:
    *consumed = in;
    *written = at;
    return err;
}

pt_err pt_fragmenter_queue(const pt_fragmenter *f, pt_protect *p, uint8_t type, const uint8_t *data, size_t len,
                           pt_buf *q, size_t *consumed)
{
    size_t wire = pt_fragmenter_wire_len(f, p, len);
    size_t written = 0;
    *consumed = 0;
    if (len == 0) {
        return PT_OK;
    }
    uint8_t *room = pt_buf_reserve(q, wire);
    PT_ENSURE(room != NULL, PT_ERR_INTERNAL);
    pt_err err = pt_fragmenter_write(f, p, type, data, len, room, wire, consumed, &written);
    pt_buf_commit(q, written); /* wipes whatever of the reservation was not written */
    return err;
}
