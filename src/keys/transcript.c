/* transcript.c - the running handshake transcript hash (see transcript.h). */
#include "config.h"

#include "keys/transcript.h"

#include <stdlib.h>
#include <string.h>

#include "base/mem.h"

#define PT_ERR_TRANSCRIPT_FULL PT_ERR(INTERNAL_ERROR, RUSTLS_RESULT_MESSAGE_HANDSHAKE_PAYLOAD_TOO_LARGE)

void pt_transcript_init(pt_transcript *t)
{
    memset(t, 0, sizeof(*t));
}

static void buffer_release(pt_transcript *t)
{
    /* The buffer holds handshake messages, some of them secret-bearing (e.g. PSK identities). */
    pt_free_wiped(t->buf, t->buf_cap);
    t->buf = NULL;
    t->buf_len = 0;
    t->buf_cap = 0;
}

void pt_transcript_free(pt_transcript *t)
{
    buffer_release(t);
    pt_wipe(t->ctx, sizeof(t->ctx));
    t->hash = NULL;
    t->retain = false;
}

/* Append to the buffer, growing it geometrically up to the limit. */
static pt_err buffer_append(pt_transcript *t, const uint8_t *p, size_t len)
{
    if (len > PT_TRANSCRIPT_BUFFER_LIMIT - t->buf_len) {
        return PT_ERR_TRANSCRIPT_FULL;
    }
    size_t need = t->buf_len + len;
    if (need > t->buf_cap) {
        size_t cap = t->buf_cap ? t->buf_cap : 512;
        while (cap < need) {
            cap *= 2;
        }
        if (cap > PT_TRANSCRIPT_BUFFER_LIMIT) {
            cap = PT_TRANSCRIPT_BUFFER_LIMIT;
        }
        /* Not realloc: the old block must be wiped, not left behind in the heap. */
        uint8_t *nb = malloc(cap);
        if (nb == NULL) {
            return PT_ERR_INTERNAL;
        }
        if (t->buf_len > 0) {
            memcpy(nb, t->buf, t->buf_len);
        }
        pt_free_wiped(t->buf, t->buf_cap);
        t->buf = nb;
        t->buf_cap = cap;
    }
    if (len > 0) {
        memcpy(t->buf + t->buf_len, p, len);
        t->buf_len += len;
    }
    return PT_OK;
}

pt_err pt_transcript_add(pt_transcript *t, const uint8_t *msg, size_t len)
{
    if (t->hash == NULL || t->retain) {
        PT_TRY(buffer_append(t, msg, len));
    }
    if (t->hash != NULL && len > 0) {
        t->hash->update(t->ctx, msg, len);
    }
    return PT_OK;
}

pt_err pt_transcript_start_hash(pt_transcript *t, const pt_hash *h, bool retain)
{
    if (h == NULL || h->ctx_size > sizeof(t->ctx)) {
        return PT_ERR_INTERNAL;
    }
    if (t->hash != NULL) {
        /* The suite's hash is fixed once chosen; a different one is a caller bug. */
        return t->hash == h ? PT_OK : PT_ERR_INTERNAL;
    }
    h->init(t->ctx);
    if (t->buf_len > 0) {
        h->update(t->ctx, t->buf, t->buf_len);
    }
    t->hash = h;
    t->retain = retain;
    if (!retain) {
        buffer_release(t);
    }
    return PT_OK;
}

void pt_transcript_drop_messages(pt_transcript *t)
{
    if (t->hash != NULL) {
        t->retain = false;
        buffer_release(t);
    }
}

pt_err pt_transcript_current(const pt_transcript *t, uint8_t *out)
{
    return pt_transcript_current_with(t, t->hash, PT_SLICE_EMPTY, out);
}

pt_err pt_transcript_current_with(const pt_transcript *t, const pt_hash *h, pt_slice extra, uint8_t *out)
{
    PT_CTX_ALIGN unsigned char ctx[PT_HASH_CTX_MAX];

    if (h == NULL || h->ctx_size > sizeof(ctx) || (t->hash != NULL && t->hash != h)) {
        return PT_ERR_INTERNAL;
    }
    if (t->hash != NULL) {
        /* Snapshot: finish a copy so the running hash keeps going. */
        h->copy(ctx, t->ctx);
    } else {
        h->init(ctx);
        if (t->buf_len > 0) {
            h->update(ctx, t->buf, t->buf_len);
        }
    }
    if (extra.len > 0) {
        h->update(ctx, extra.p, extra.len);
    }
    h->final(ctx, out);
    pt_wipe(ctx, sizeof(ctx));
    return PT_OK;
}

pt_err pt_transcript_hrr_rewrite(pt_transcript *t)
{
    uint8_t ch1_hash[PT_HASH_MAX];
    uint8_t header[4];
    const pt_hash *h = t->hash;

    if (h == NULL || t->retain) {
        return PT_ERR_INTERNAL;
    }
    /*= https://www.rfc-editor.org/rfc/rfc8446#section-4.4.1
     *# When the server responds to a ClientHello with a HelloRetryRequest, the value of
     *# ClientHello1 is replaced with a special synthetic handshake message of handshake type
     *# "message_hash" containing Hash(ClientHello1).  I.e.,
     *#
     *# Transcript-Hash(ClientHello1, HelloRetryRequest, ... Mn) =
     *#     Hash(message_hash ||        (* Handshake type *)
     *#          00 00 Hash.length  ||  (* Handshake message length (bytes) *)
     *#          Hash(ClientHello1) ||  (* Hash of ClientHello1 *)
     *#          HelloRetryRequest  || ... || Mn)
     */
    h->final(t->ctx, ch1_hash);
    header[0] = PT_HS_MESSAGE_HASH;
    header[1] = 0;
    header[2] = 0;
    header[3] = h->out_len;
    h->init(t->ctx);
    h->update(t->ctx, header, sizeof(header));
    h->update(t->ctx, ch1_hash, h->out_len);
    pt_wipe(ch1_hash, sizeof(ch1_hash));
    return PT_OK;
}
