/* new_session_ticket.c - NewSessionTicket, TLS 1.3 and TLS 1.2; see new_session_ticket.h. */
#include "msgs/new_session_ticket.h"

static void put_vec(pt_writer *w, unsigned width, pt_slice s)
{
    pt_wvec v = pt_w_open_vec(w, width);
    pt_w_bytes(w, s.p, s.len);
    pt_w_close_vec(w, v);
}

pt_err pt_new_session_ticket13_decode(pt_slice body, pt_new_session_ticket13 *out)
{
    pt_reader r = pt_reader_init(body.p, body.len);
    pt_reader nonce, ticket, exts;
    uint32_t lifetime, age_add;

    PT_TRY(pt_r_u32(&r, &lifetime));
    PT_TRY(pt_r_u32(&r, &age_add));
    PT_TRY(pt_r_vec8(&r, 0, 0xff, &nonce));
    /* ticket<1..2^16-1>: an empty ticket could never be offered back (rustls: EmptyTicketValue). */
    PT_TRY(pt_r_vec16(&r, 1, 0xffff, &ticket));
    PT_TRY(pt_r_vec16(&r, 0, 0xfffe, &exts)); /* extensions<0..2^16-2> */
    PT_TRY(pt_r_done(&r));
    out->lifetime = lifetime;
    out->age_add = age_add;
    out->nonce = pt_r_rest(&nonce);
    out->ticket = pt_r_rest(&ticket);
    out->extensions = pt_r_rest(&exts);
    return PT_OK;
}

void pt_new_session_ticket13_encode(pt_writer *w, const pt_new_session_ticket13 *in)
{
    pt_w_u32(w, in->lifetime);
    pt_w_u32(w, in->age_add);
    put_vec(w, 1, in->nonce);
    put_vec(w, 2, in->ticket);
    put_vec(w, 2, in->extensions);
}

pt_err pt_new_session_ticket12_decode(pt_slice body, pt_new_session_ticket12 *out)
{
    pt_reader r = pt_reader_init(body.p, body.len);
    pt_reader ticket;
    uint32_t hint;

    PT_TRY(pt_r_u32(&r, &hint));
    /* RFC 5077 section 3.3: an empty ticket is how a server that promised one backs out. */
    PT_TRY(pt_r_vec16(&r, 0, 0xffff, &ticket));
    PT_TRY(pt_r_done(&r));
    out->lifetime_hint = hint;
    out->ticket = pt_r_rest(&ticket);
    return PT_OK;
}

void pt_new_session_ticket12_encode(pt_writer *w, const pt_new_session_ticket12 *in)
{
    pt_w_u32(w, in->lifetime_hint);
    put_vec(w, 2, in->ticket);
}
