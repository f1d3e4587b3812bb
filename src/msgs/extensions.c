/* extensions.c - extension blocks and the hello family's extension codecs (see extensions.h). */
#include "msgs/extensions.h"

#include <string.h>

#define MISSING PT_ERR_DECODE(RUSTLS_RESULT_MESSAGE_MISSING_DATA)
#define TOO_SHORT PT_ERR_DECODE(RUSTLS_RESULT_MESSAGE_TOO_SHORT)
#define INVALID PT_ERR_DECODE(RUSTLS_RESULT_MESSAGE_INVALID_OTHER)
#define TRAILING PT_ERR_DECODE(RUSTLS_RESULT_MESSAGE_TRAILING_DATA)
#define NO_SCHEMES PT_ERR_DECODE(RUSTLS_RESULT_MESSAGE_NO_SIGNATURE_SCHEMES)
/* rustls InvalidMessage::IllegalEmptyValue (rustls-ffi: MESSAGE_INVALID_OTHER). */
#define EMPTY_VALUE PT_ERR_DECODE(RUSTLS_RESULT_MESSAGE_INVALID_OTHER)
/* rustls InvalidMessage::DuplicateExtension / PreSharedKeyIsNotFinalExtension. */
#define DUPLICATE PT_ERR(ILLEGAL_PARAMETER, RUSTLS_RESULT_MESSAGE_INVALID_OTHER)
#define PSK_NOT_LAST PT_ERR(ILLEGAL_PARAMETER, RUSTLS_RESULT_MESSAGE_INVALID_OTHER)
/* rustls InvalidMessage::UnknownHelloRetryRequestExtension. */
#define HRR_UNKNOWN PT_ERR(UNSUPPORTED_EXTENSION, RUSTLS_RESULT_MESSAGE_INVALID_OTHER)
/*
 * An extension in a CertificateEntry other than status_request (the only one we solicit).
 * RFC 8446 section 4.2: an endpoint receiving an extension response it did not request "MUST
 * abort the handshake with an "unsupported_extension" alert"; the peer misbehaved (rustls's
 * PeerMisbehaved::BadCertChainExtensions).
 */
#define CERT_UNKNOWN PT_ERR(UNSUPPORTED_EXTENSION, RUSTLS_RESULT_PEER_MISBEHAVED_ERROR)

/* ---------------------------------------------------------------- known types */

int pt_ext_index_of(uint16_t type)
{
    switch (type) {
    case PT_EXT_SERVER_NAME:
        return PT_EXTI_SERVER_NAME;
    case PT_EXT_MAX_FRAGMENT_LENGTH:
        return PT_EXTI_MAX_FRAGMENT_LENGTH;
    case PT_EXT_STATUS_REQUEST:
        return PT_EXTI_STATUS_REQUEST;
    case PT_EXT_SUPPORTED_GROUPS:
        return PT_EXTI_SUPPORTED_GROUPS;
    case PT_EXT_EC_POINT_FORMATS:
        return PT_EXTI_EC_POINT_FORMATS;
    case PT_EXT_SIGNATURE_ALGORITHMS:
        return PT_EXTI_SIGNATURE_ALGORITHMS;
    case PT_EXT_USE_SRTP:
        return PT_EXTI_USE_SRTP;
    case PT_EXT_HEARTBEAT:
        return PT_EXTI_HEARTBEAT;
    case PT_EXT_ALPN:
        return PT_EXTI_ALPN;
    case PT_EXT_SCT:
        return PT_EXTI_SCT;
    case PT_EXT_CLIENT_CERTIFICATE_TYPE:
        return PT_EXTI_CLIENT_CERTIFICATE_TYPE;
    case PT_EXT_SERVER_CERTIFICATE_TYPE:
        return PT_EXTI_SERVER_CERTIFICATE_TYPE;
    case PT_EXT_PADDING:
        return PT_EXTI_PADDING;
    case PT_EXT_EXTENDED_MASTER_SECRET:
        return PT_EXTI_EXTENDED_MASTER_SECRET;
    case PT_EXT_COMPRESS_CERTIFICATE:
        return PT_EXTI_COMPRESS_CERTIFICATE;
    case PT_EXT_RECORD_SIZE_LIMIT:
        return PT_EXTI_RECORD_SIZE_LIMIT;
    case PT_EXT_SESSION_TICKET:
        return PT_EXTI_SESSION_TICKET;
    case PT_EXT_PRE_SHARED_KEY:
        return PT_EXTI_PRE_SHARED_KEY;
    case PT_EXT_EARLY_DATA:
        return PT_EXTI_EARLY_DATA;
    case PT_EXT_SUPPORTED_VERSIONS:
        return PT_EXTI_SUPPORTED_VERSIONS;
    case PT_EXT_COOKIE:
        return PT_EXTI_COOKIE;
    case PT_EXT_PSK_KEY_EXCHANGE_MODES:
        return PT_EXTI_PSK_KEY_EXCHANGE_MODES;
    case PT_EXT_CERTIFICATE_AUTHORITIES:
        return PT_EXTI_CERTIFICATE_AUTHORITIES;
    case PT_EXT_OID_FILTERS:
        return PT_EXTI_OID_FILTERS;
    case PT_EXT_POST_HANDSHAKE_AUTH:
        return PT_EXTI_POST_HANDSHAKE_AUTH;
    case PT_EXT_SIGNATURE_ALGORITHMS_CERT:
        return PT_EXTI_SIGNATURE_ALGORITHMS_CERT;
    case PT_EXT_KEY_SHARE:
        return PT_EXTI_KEY_SHARE;
    case PT_EXT_RENEGOTIATION_INFO:
        return PT_EXTI_RENEGOTIATION_INFO;
    default:
        return -1;
    }
}

uint32_t pt_ext_bit(uint16_t type)
{
    int i = pt_ext_index_of(type);
    return i < 0 ? 0 : (uint32_t)1 << i;
}

/* ---------------------------------------------------------------- wire helpers */

static pt_slice sub_slice(const pt_reader *r)
{
    return pt_slice_of(r->p, pt_r_left(r));
}

static pt_reader body_reader(pt_slice body)
{
    return pt_reader_init(body.p, body.len);
}

pt_wvec pt_ext_open(pt_writer *w, uint16_t type)
{
    pt_w_u16(w, type);
    return pt_w_open_vec(w, 2);
}

void pt_ext_encode_empty(pt_writer *w, uint16_t type)
{
    pt_w_u16(w, type);
    pt_w_u16(w, 0);
}

void pt_ext_encode_raw(pt_writer *w, uint16_t type, pt_slice body)
{
    pt_wvec v = pt_ext_open(w, type);
    pt_w_bytes(w, body.p, body.len);
    pt_w_close_vec(w, v);
}

pt_err pt_ext_empty_decode(pt_slice body)
{
    PT_ENSURE(body.len == 0, TRAILING);
    return PT_OK;
}

/* ---------------------------------------------------------------- u16 / u8 lists */

bool pt_u16_list_has(const pt_u16_list *l, uint16_t v)
{
    for (size_t i = 0; i < l->count; i++) {
        if (pt_u16_list_at(l, i) == v) {
            return true;
        }
    }
    return false;
}

bool pt_u8_list_has(pt_slice l, uint8_t v)
{
    for (size_t i = 0; i < l.len; i++) {
        if (l.p[i] == v) {
            return true;
        }
    }
    return false;
}

/* A whole body that is one u16 list with a `width`-byte prefix. */
static pt_err u16_list_body(pt_slice body, unsigned width, size_t min, size_t max, pt_err empty_err,
                            pt_u16_list *out)
{
    pt_reader r = body_reader(body), sub;
    PT_TRY(pt_r_vec_ex(&r, width, min, max, 2, empty_err, &sub));
    PT_TRY(pt_r_done(&r));
    out->raw = sub_slice(&sub);
    out->count = out->raw.len / 2;
    return PT_OK;
}

static void u16_list_encode(pt_writer *w, uint16_t type, unsigned width, const uint16_t *v, size_t n)
{
    pt_wvec e = pt_ext_open(w, type);
    pt_wvec l = pt_w_open_vec(w, width);
    for (size_t i = 0; i < n; i++) {
        pt_w_u16(w, v[i]);
    }
    pt_w_close_vec(w, l);
    pt_w_close_vec(w, e);
}

pt_err pt_ext_supported_groups_decode(pt_slice body, pt_u16_list *out)
{
    return u16_list_body(body, 2, 2, 0xffff, PT_ERR_EMPTY_LIST, out);
}

void pt_ext_supported_groups_encode(pt_writer *w, const uint16_t *groups, size_t n)
{
    u16_list_encode(w, PT_EXT_SUPPORTED_GROUPS, 2, groups, n);
}

pt_err pt_ext_signature_algorithms_decode(pt_slice body, pt_u16_list *out)
{
    return u16_list_body(body, 2, 2, 0xfffe, NO_SCHEMES, out);
}

void pt_ext_signature_algorithms_encode(pt_writer *w, uint16_t type, const uint16_t *schemes, size_t n)
{
    u16_list_encode(w, type, 2, schemes, n);
}

pt_err pt_ext_supported_versions_ch_decode(pt_slice body, pt_u16_list *out)
{
    return u16_list_body(body, 1, 2, 254, PT_ERR_EMPTY_LIST, out);
}

void pt_ext_supported_versions_ch_encode(pt_writer *w, const uint16_t *versions, size_t n)
{
    u16_list_encode(w, PT_EXT_SUPPORTED_VERSIONS, 1, versions, n);
}

void pt_ext_supported_versions_sh_encode(pt_writer *w, uint16_t version)
{
    pt_ext_u16_encode(w, PT_EXT_SUPPORTED_VERSIONS, version);
}

pt_err pt_ext_compress_certificate_decode(pt_slice body, pt_u16_list *out)
{
    return u16_list_body(body, 1, 2, 254, PT_ERR_EMPTY_LIST, out);
}

pt_err pt_ext_u16_decode(pt_slice body, uint16_t *out)
{
    pt_reader r = body_reader(body);
    PT_TRY(pt_r_u16(&r, out));
    return pt_r_done(&r);
}

void pt_ext_u16_encode(pt_writer *w, uint16_t type, uint16_t v)
{
    pt_w_u16(w, type);
    pt_w_u16(w, 2);
    pt_w_u16(w, v);
}

pt_err pt_ext_u8_list_decode(pt_slice body, pt_slice *out)
{
    pt_reader r = body_reader(body), sub;
    PT_TRY(pt_r_vec_ex(&r, 1, 1, 255, 1, PT_ERR_EMPTY_LIST, &sub));
    PT_TRY(pt_r_done(&r));
    *out = sub_slice(&sub);
    return PT_OK;
}

void pt_ext_u8_list_encode(pt_writer *w, uint16_t type, const uint8_t *v, size_t n)
{
    pt_wvec e = pt_ext_open(w, type);
    pt_wvec l = pt_w_open_vec(w, 1);
    pt_w_bytes(w, v, n);
    pt_w_close_vec(w, l);
    pt_w_close_vec(w, e);
}

/* A single u8 body (client/server_certificate_type in ServerHello/EncryptedExtensions). */
static pt_err u8_body(pt_slice body)
{
    pt_reader r = body_reader(body);
    uint8_t v;
    PT_TRY(pt_r_u8(&r, &v));
    return pt_r_done(&r);
}

/* ---------------------------------------------------------------- server_name */

pt_err pt_ext_server_name_decode(pt_slice body, bool *found, pt_slice *host_name)
{
    pt_reader r = body_reader(body), list;
    *found = false;
    *host_name = PT_SLICE_EMPTY;
    PT_TRY(pt_r_vec_ex(&r, 2, 1, 0xffff, 1, PT_ERR_EMPTY_LIST, &list));
    while (pt_r_left(&list) > 0) {
        uint8_t type;
        PT_TRY(pt_r_u8(&list, &type));
        if (type != PT_SNI_HOST_NAME) {
            /* RFC 6066 3: other name types have an unknown encoding, so nothing after one can be
             * parsed; rustls stops here and so do we. */
            (void)pt_r_rest(&list);
            break;
        }
        pt_reader name;
        PT_TRY(pt_r_vec_ex(&list, 2, 1, 0xffff, 1, EMPTY_VALUE, &name));
        /* RFC 6066 3: "The ServerNameList MUST NOT contain more than one name of the same name_type." */
        PT_ENSURE(!*found, PT_ERR_DECODE(RUSTLS_RESULT_MESSAGE_INVALID_SERVER_NAME));
        *found = true;
        *host_name = sub_slice(&name);
    }
    return pt_r_done(&r);
}

void pt_ext_server_name_encode(pt_writer *w, pt_slice host_name)
{
    pt_wvec e = pt_ext_open(w, PT_EXT_SERVER_NAME);
    pt_wvec l = pt_w_open_vec(w, 2);
    pt_w_u8(w, PT_SNI_HOST_NAME);
    pt_wvec n = pt_w_open_vec(w, 2);
    pt_w_bytes(w, host_name.p, host_name.len);
    pt_w_close_vec(w, n);
    pt_w_close_vec(w, l);
    pt_w_close_vec(w, e);
}

/* rustls-pki-types' DNS name syntax: a small state machine over the bytes. */
static bool is_dns_name(pt_slice n)
{
    enum { START, NEXT, NUMERIC, NEXT_AFTER_NUMERIC, SUBSEQUENT, HYPHEN } st = START;
    size_t label = 0;

    if (n.len > 253) {
        return false;
    }
    for (size_t i = 0; i < n.len; i++) {
        uint8_t c = n.p[i];
        bool digit = c >= '0' && c <= '9';
        bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
        bool in_label = st == NUMERIC || st == SUBSEQUENT || st == HYPHEN;
        if (c == '.') {
            if (st == SUBSEQUENT) {
                st = NEXT;
            } else if (st == NUMERIC) {
                st = NEXT_AFTER_NUMERIC;
            } else {
                return false; /* empty label, or one ending with '-' */
            }
            label = 0;
            continue;
        }
        if (in_label && label >= 63) {
            return false;
        }
        if (!in_label) {
            if (digit) {
                st = NUMERIC;
            } else if (alpha) {
                st = SUBSEQUENT;
            } else {
                return false; /* a label may not start with '-' */
            }
            label = 1;
        } else if (c == '-') {
            st = HYPHEN;
            label++;
        } else if (alpha || digit) {
            st = (st == NUMERIC && digit) ? NUMERIC : SUBSEQUENT;
            label++;
        } else {
            return false;
        }
    }
    /* Not empty, not ending in '-', and the last label not all digits. */
    return st == NEXT || st == SUBSEQUENT;
}

/* The Rust standard library's IP address syntax (what rustls-pki-types uses). */
typedef struct ip_parser {
    const uint8_t *p;
    const uint8_t *end;
} ip_parser;

static bool ip_char(ip_parser *ps, uint8_t c)
{
    if (ps->p < ps->end && *ps->p == c) {
        ps->p++;
        return true;
    }
    return false;
}

static int digit_value(uint8_t c, unsigned radix)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (radix == 16 && c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (radix == 16 && c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

/* One number of at most `max_digits` digits and value `max`; restores the position on failure. */
static bool ip_number(ip_parser *ps, unsigned radix, size_t max_digits, bool allow_zero_prefix, uint32_t max)
{
    const uint8_t *save = ps->p;
    bool leading_zero = ps->p < ps->end && *ps->p == '0';
    uint32_t v = 0;
    size_t n = 0;
    int d;
    while (ps->p < ps->end && (d = digit_value(*ps->p, radix)) >= 0) {
        ps->p++;
        v = v * radix + (uint32_t)d;
        n++;
        if (n > max_digits || v > max) {
            ps->p = save;
            return false;
        }
    }
    if (n == 0 || (!allow_zero_prefix && leading_zero && n > 1)) {
        ps->p = save; /* no octal (RFC 6943 3.1.1) */
        return false;
    }
    return true;
}

static bool ip_v4(ip_parser *ps)
{
    const uint8_t *save = ps->p;
    for (int i = 0; i < 4; i++) {
        if ((i > 0 && !ip_char(ps, '.')) || !ip_number(ps, 10, 3, false, 255)) {
            ps->p = save;
            return false;
        }
    }
    return true;
}

/* Up to `limit` ':'-separated groups, the last two of which may be an embedded IPv4 address. */
static size_t ip_v6_groups(ip_parser *ps, size_t limit, bool *embedded_v4)
{
    *embedded_v4 = false;
    for (size_t i = 0; i < limit; i++) {
        const uint8_t *save = ps->p;
        if (i + 1 < limit) {
            if ((i == 0 || ip_char(ps, ':')) && ip_v4(ps)) {
                *embedded_v4 = true;
                return i + 2;
            }
            ps->p = save;
        }
        if (!((i == 0 || ip_char(ps, ':')) && ip_number(ps, 16, 4, true, 0xffff))) {
            ps->p = save;
            return i;
        }
    }
    return limit;
}

static bool ip_v6(ip_parser *ps)
{
    bool v4;
    size_t head = ip_v6_groups(ps, 8, &v4);
    if (head == 8) {
        return true;
    }
    /* Otherwise "::" stands for at least one zero group; no IPv4 part before it. */
    if (v4 || !ip_char(ps, ':') || !ip_char(ps, ':')) {
        return false;
    }
    (void)ip_v6_groups(ps, 8 - (head + 1), &v4);
    return true;
}

static bool is_ip_address(pt_slice n)
{
    ip_parser ps = {n.p, n.p + n.len};
    if (ip_v4(&ps) && ps.p == ps.end) {
        return true;
    }
    ps.p = n.p;
    return ip_v6(&ps) && ps.p == ps.end;
}

enum pt_sni_kind pt_sni_classify(pt_slice host_name)
{
    if (host_name.len > 0 && is_dns_name(host_name)) {
        return PT_SNI_DNS_NAME;
    }
    if (host_name.len > 0 && is_ip_address(host_name)) {
        return PT_SNI_IP_ADDRESS;
    }
    return PT_SNI_INVALID;
}

pt_err pt_ext_server_name_server_check(pt_slice body, pt_slice *dns_name)
{
    bool found;
    pt_slice name;
    *dns_name = PT_SLICE_EMPTY;
    PT_TRY(pt_ext_server_name_decode(body, &found, &name));
    enum pt_sni_kind kind = found ? pt_sni_classify(name) : PT_SNI_INVALID;
    PT_ENSURE(kind != PT_SNI_INVALID, PT_ERR(ILLEGAL_PARAMETER, RUSTLS_RESULT_PEER_MISBEHAVED_ERROR));
    if (kind == PT_SNI_DNS_NAME) {
        *dns_name = name;
    }
    return PT_OK;
}

/* ---------------------------------------------------------------- ALPN */

/* One ProtocolName: opaque<1..2^8-1>. */
static pt_err alpn_name(pt_reader *r, pt_slice *out)
{
    pt_reader n;
    PT_TRY(pt_r_vec_ex(r, 1, 1, 255, 1, EMPTY_VALUE, &n));
    *out = sub_slice(&n);
    return PT_OK;
}

pt_err pt_ext_alpn_decode(pt_slice body, pt_alpn_list *out)
{
    pt_reader r = body_reader(body), list;
    PT_TRY(pt_r_vec_ex(&r, 2, 2, 0xffff, 1, PT_ERR_EMPTY_LIST, &list));
    out->raw = sub_slice(&list);
    out->count = 0;
    while (pt_r_left(&list) > 0) {
        pt_slice name;
        PT_TRY(alpn_name(&list, &name));
        out->count++;
    }
    return pt_r_done(&r);
}

pt_err pt_ext_alpn_single_decode(pt_slice body, pt_slice *proto)
{
    pt_reader r = body_reader(body), list;
    PT_TRY(pt_r_vec_ex(&r, 2, 2, 0xffff, 1, PT_ERR_EMPTY_LIST, &list));
    PT_TRY(alpn_name(&list, proto));
    /* RFC 7301 3.1: the server's "ProtocolNameList MUST contain exactly one "ProtocolName"". */
    PT_TRY(pt_r_done(&list));
    return pt_r_done(&r);
}

void pt_ext_alpn_encode(pt_writer *w, const pt_slice *protos, size_t n)
{
    pt_wvec e = pt_ext_open(w, PT_EXT_ALPN);
    pt_wvec l = pt_w_open_vec(w, 2);
    for (size_t i = 0; i < n; i++) {
        pt_wvec p = pt_w_open_vec(w, 1);
        pt_w_bytes(w, protos[i].p, protos[i].len);
        pt_w_close_vec(w, p);
    }
    pt_w_close_vec(w, l);
    pt_w_close_vec(w, e);
}

void pt_alpn_iter_init(pt_alpn_iter *it, const pt_alpn_list *l)
{
    it->r = body_reader(l->raw);
}

bool pt_alpn_iter_next(pt_alpn_iter *it, pt_slice *proto)
{
    return pt_r_left(&it->r) > 0 && pt_ok(alpn_name(&it->r, proto));
}

/* ---------------------------------------------------------------- key_share */

static pt_err key_share_entry(pt_reader *r, pt_key_share *out)
{
    pt_reader ke;
    PT_TRY(pt_r_u16(r, &out->group));
    PT_TRY(pt_r_vec_ex(r, 2, 1, 0xffff, 1, EMPTY_VALUE, &ke));
    out->key_exchange = sub_slice(&ke);
    return PT_OK;
}

static void key_share_entry_encode(pt_writer *w, const pt_key_share *s)
{
    pt_w_u16(w, s->group);
    pt_wvec v = pt_w_open_vec(w, 2);
    pt_w_bytes(w, s->key_exchange.p, s->key_exchange.len);
    pt_w_close_vec(w, v);
}

pt_err pt_ext_key_share_ch_decode(pt_slice body, pt_key_share_list *out)
{
    pt_reader r = body_reader(body), list;
    PT_TRY(pt_r_vec_ex(&r, 2, 0, 0xffff, 1, PT_OK, &list));
    out->raw = sub_slice(&list);
    out->count = 0;
    while (pt_r_left(&list) > 0) {
        pt_key_share ks;
        PT_TRY(key_share_entry(&list, &ks));
        out->count++;
    }
    return pt_r_done(&r);
}

void pt_ext_key_share_ch_encode(pt_writer *w, const pt_key_share *shares, size_t n)
{
    pt_wvec e = pt_ext_open(w, PT_EXT_KEY_SHARE);
    pt_wvec l = pt_w_open_vec(w, 2);
    for (size_t i = 0; i < n; i++) {
        key_share_entry_encode(w, &shares[i]);
    }
    pt_w_close_vec(w, l);
    pt_w_close_vec(w, e);
}

void pt_key_share_iter_init(pt_key_share_iter *it, const pt_key_share_list *l)
{
    it->r = body_reader(l->raw);
}

bool pt_key_share_iter_next(pt_key_share_iter *it, pt_key_share *out)
{
    return pt_r_left(&it->r) > 0 && pt_ok(key_share_entry(&it->r, out));
}

bool pt_key_share_list_has_duplicate_groups(const pt_key_share_list *l)
{
    pt_key_share_iter a;
    pt_key_share x;
    pt_key_share_iter_init(&a, l);
    while (pt_key_share_iter_next(&a, &x)) {
        pt_key_share_iter b = a; /* the entries after x */
        pt_key_share y;
        while (pt_key_share_iter_next(&b, &y)) {
            if (x.group == y.group) {
                return true;
            }
        }
    }
    return false;
}

pt_err pt_ext_key_share_sh_decode(pt_slice body, pt_key_share *out)
{
    pt_reader r = body_reader(body);
    PT_TRY(key_share_entry(&r, out));
    return pt_r_done(&r);
}

void pt_ext_key_share_sh_encode(pt_writer *w, const pt_key_share *share)
{
    pt_wvec e = pt_ext_open(w, PT_EXT_KEY_SHARE);
    key_share_entry_encode(w, share);
    pt_w_close_vec(w, e);
}

void pt_ext_key_share_hrr_encode(pt_writer *w, uint16_t group)
{
    pt_ext_u16_encode(w, PT_EXT_KEY_SHARE, group);
}

/* ---------------------------------------------------------------- pre_shared_key */

static pt_err psk_identity(pt_reader *r, pt_psk_identity *out)
{
    pt_reader id;
    PT_TRY(pt_r_vec_ex(r, 2, 1, 0xffff, 1, EMPTY_VALUE, &id));
    out->identity = sub_slice(&id);
    return pt_r_u32(r, &out->obfuscated_ticket_age);
}

static pt_err psk_binder(pt_reader *r, pt_slice *out)
{
    pt_reader b;
    /* RFC 8446 4.2.11: opaque PskBinderEntry<32..255>.  rustls only refuses an empty one; a
     * shorter one could never verify, so refusing it here changes no outcome but the alert. */
    PT_TRY(pt_r_vec_ex(r, 1, 32, 255, 1, EMPTY_VALUE, &b));
    *out = sub_slice(&b);
    return PT_OK;
}

pt_err pt_ext_psk_offer_decode(pt_slice body, pt_psk_offer *out)
{
    pt_reader r = body_reader(body), ids, binders;
    PT_TRY(pt_r_vec_ex(&r, 2, 1, 0xffff, 1, PT_ERR_EMPTY_LIST, &ids));
    out->identities = sub_slice(&ids);
    out->identity_count = 0;
    while (pt_r_left(&ids) > 0) {
        pt_psk_identity id;
        PT_TRY(psk_identity(&ids, &id));
        out->identity_count++;
    }
    out->binders_at = (size_t)(r.p - body.p);
    PT_TRY(pt_r_vec_ex(&r, 2, 1, 0xffff, 1, PT_ERR_EMPTY_LIST, &binders));
    out->binders = sub_slice(&binders);
    out->binder_count = 0;
    while (pt_r_left(&binders) > 0) {
        pt_slice b;
        PT_TRY(psk_binder(&binders, &b));
        out->binder_count++;
    }
    return pt_r_done(&r);
}

void pt_psk_identity_iter_init(pt_psk_identity_iter *it, const pt_psk_offer *o)
{
    it->r = body_reader(o->identities);
}

bool pt_psk_identity_iter_next(pt_psk_identity_iter *it, pt_psk_identity *out)
{
    return pt_r_left(&it->r) > 0 && pt_ok(psk_identity(&it->r, out));
}

void pt_psk_binder_iter_init(pt_psk_binder_iter *it, const pt_psk_offer *o)
{
    it->r = body_reader(o->binders);
}

bool pt_psk_binder_iter_next(pt_psk_binder_iter *it, pt_slice *binder)
{
    return pt_r_left(&it->r) > 0 && pt_ok(psk_binder(&it->r, binder));
}

pt_err pt_psk_offer_check(const pt_psk_offer *o)
{
    /* RFC 8446 4.2.11: binders: "A series of HMAC values, one for each value in the identities list". */
    PT_ENSURE(o->identity_count == o->binder_count, PT_ERR(ILLEGAL_PARAMETER, RUSTLS_RESULT_PEER_MISBEHAVED_ERROR));
    return PT_OK;
}

void pt_ext_psk_offer_encode(pt_writer *w, const pt_psk_identity *ids, size_t n, const uint8_t *binder_lens,
                             size_t *binders_at)
{
    pt_wvec e = pt_ext_open(w, PT_EXT_PRE_SHARED_KEY);
    pt_wvec l = pt_w_open_vec(w, 2);
    for (size_t i = 0; i < n; i++) {
        pt_wvec v = pt_w_open_vec(w, 2);
        pt_w_bytes(w, ids[i].identity.p, ids[i].identity.len);
        pt_w_close_vec(w, v);
        pt_w_u32(w, ids[i].obfuscated_ticket_age);
    }
    pt_w_close_vec(w, l);
    *binders_at = w->off;
    l = pt_w_open_vec(w, 2);
    for (size_t i = 0; i < n; i++) {
        pt_w_u8(w, binder_lens[i]);
        uint8_t *p = pt_w_reserve(w, binder_lens[i]);
        if (p != NULL && binder_lens[i] > 0) {
            memset(p, 0, binder_lens[i]);
        }
    }
    pt_w_close_vec(w, l);
    pt_w_close_vec(w, e);
}

pt_err pt_psk_patch_binders(uint8_t *buf, size_t buf_len, size_t binders_at, const pt_slice *binders, size_t n)
{
    PT_ENSURE(binders_at <= buf_len, PT_ERR_INTERNAL);
    pt_reader r = pt_reader_init(buf + binders_at, buf_len - binders_at), list;
    PT_ENSURE(pt_ok(pt_r_vec16(&r, 0, 0xffff, &list)) && pt_r_left(&r) == 0, PT_ERR_INTERNAL);
    for (size_t i = 0; i < n; i++) {
        uint8_t len;
        PT_ENSURE(pt_ok(pt_r_u8(&list, &len)) && len == binders[i].len && pt_r_left(&list) >= len, PT_ERR_INTERNAL);
        memcpy(buf + (list.p - buf), binders[i].p, len);
        list.p += len;
    }
    PT_ENSURE(pt_r_left(&list) == 0, PT_ERR_INTERNAL);
    return PT_OK;
}

/* ---------------------------------------------------------------- the rest */

pt_err pt_ext_early_data_nst_decode(pt_slice body, uint32_t *max_early_data_size)
{
    pt_reader r = body_reader(body);
    PT_TRY(pt_r_u32(&r, max_early_data_size));
    return pt_r_done(&r);
}

void pt_ext_early_data_nst_encode(pt_writer *w, uint32_t max_early_data_size)
{
    pt_w_u16(w, PT_EXT_EARLY_DATA);
    pt_w_u16(w, 4);
    pt_w_u32(w, max_early_data_size);
}

pt_err pt_ext_cookie_decode(pt_slice body, pt_slice *cookie)
{
    pt_reader r = body_reader(body), c;
    PT_TRY(pt_r_vec_ex(&r, 2, 1, 0xffff, 1, EMPTY_VALUE, &c));
    *cookie = sub_slice(&c);
    return pt_r_done(&r);
}

void pt_ext_cookie_encode(pt_writer *w, pt_slice cookie)
{
    pt_wvec e = pt_ext_open(w, PT_EXT_COOKIE);
    pt_wvec c = pt_w_open_vec(w, 2);
    pt_w_bytes(w, cookie.p, cookie.len);
    pt_w_close_vec(w, c);
    pt_w_close_vec(w, e);
}

pt_err pt_ext_status_request_decode(pt_slice body, pt_status_request *out)
{
    pt_reader r = body_reader(body), ids, exts;
    memset(out, 0, sizeof(*out));
    PT_TRY(pt_r_u8(&r, &out->status_type));
    if (out->status_type != PT_CERT_STATUS_OCSP) {
        out->other = pt_r_rest(&r);
        return PT_OK;
    }
    PT_TRY(pt_r_vec_ex(&r, 2, 0, 0xffff, 1, PT_OK, &ids));
    out->responder_ids = sub_slice(&ids);
    while (pt_r_left(&ids) > 0) {
        pt_reader id;
        /* RFC 6066 8: opaque ResponderID<1..2^16-1>. */
        PT_TRY(pt_r_vec_ex(&ids, 2, 1, 0xffff, 1, EMPTY_VALUE, &id));
    }
    PT_TRY(pt_r_vec_ex(&r, 2, 0, 0xffff, 1, PT_OK, &exts));
    out->request_extensions = sub_slice(&exts);
    return pt_r_done(&r);
}

void pt_ext_status_request_ocsp_encode(pt_writer *w)
{
    pt_w_u16(w, PT_EXT_STATUS_REQUEST);
    pt_w_u16(w, 5);
    pt_w_u8(w, PT_CERT_STATUS_OCSP);
    pt_w_u16(w, 0);
    pt_w_u16(w, 0);
}

pt_err pt_ext_cert_status_decode(pt_slice body, pt_slice *ocsp_response)
{
    pt_reader r = body_reader(body), resp;
    uint8_t type;
    PT_TRY(pt_r_u8(&r, &type));
    PT_ENSURE(type == PT_CERT_STATUS_OCSP, PT_ERR_DECODE(RUSTLS_RESULT_MESSAGE_INVALID_CERT_STATUS_TYPE));
    PT_TRY(pt_r_vec_ex(&r, 3, 1, 0xffffff, 1, EMPTY_VALUE, &resp));
    *ocsp_response = sub_slice(&resp);
    return pt_r_done(&r);
}

pt_err pt_ext_renegotiation_info_decode(pt_slice body, pt_slice *renegotiated_connection)
{
    pt_reader r = body_reader(body), rc;
    PT_TRY(pt_r_vec_ex(&r, 1, 0, 255, 1, PT_OK, &rc));
    *renegotiated_connection = sub_slice(&rc);
    return pt_r_done(&r);
}

void pt_ext_renegotiation_info_encode_initial(pt_writer *w)
{
    pt_w_u16(w, PT_EXT_RENEGOTIATION_INFO);
    pt_w_u16(w, 1);
    pt_w_u8(w, 0);
}

pt_err pt_ext_renegotiation_info_check_initial(pt_slice body)
{
    pt_slice rc;
    PT_TRY(pt_ext_renegotiation_info_decode(body, &rc));
    /* RFC 5746 3.4 (client) and 3.6 (server): "verify that the length of the
     * "renegotiated_connection" field is zero, and if it is not, MUST abort the handshake (by
     * sending a fatal handshake_failure alert)". */
    PT_ENSURE(rc.len == 0, PT_ERR(HANDSHAKE_FAILURE, RUSTLS_RESULT_PEER_MISBEHAVED_ERROR));
    return PT_OK;
}

static pt_err dn_list(pt_slice body, bool allow_empty, pt_dn_list *out)
{
    pt_reader r = body_reader(body), list;
    PT_TRY(pt_r_vec_ex(&r, 2, 0, 0xffff, 1, PT_OK, &list));
    out->raw = sub_slice(&list);
    out->count = 0;
    while (pt_r_left(&list) > 0) {
        pt_reader dn;
        PT_TRY(pt_r_vec_ex(&list, 2, 1, 0xffff, 1, EMPTY_VALUE, &dn));
        out->count++;
    }
    PT_TRY(pt_r_done(&r));
    /* RFC 8446 4.2.4: authorities<3..2^16-1>.  rustls refuses an empty list in a ClientHello
     * only (RFC 5246's CertificateRequest allowed one). */
    PT_ENSURE(allow_empty || out->count > 0, PT_ERR_EMPTY_LIST);
    return PT_OK;
}

pt_err pt_ext_certificate_authorities_decode(pt_slice body, pt_dn_list *out)
{
    return dn_list(body, false, out);
}

void pt_ext_certificate_authorities_encode(pt_writer *w, const pt_slice *dns, size_t n)
{
    pt_wvec e = pt_ext_open(w, PT_EXT_CERTIFICATE_AUTHORITIES);
    pt_wvec l = pt_w_open_vec(w, 2);
    for (size_t i = 0; i < n; i++) {
        pt_wvec d = pt_w_open_vec(w, 2);
        pt_w_bytes(w, dns[i].p, dns[i].len);
        pt_w_close_vec(w, d);
    }
    pt_w_close_vec(w, l);
    pt_w_close_vec(w, e);
}

void pt_dn_iter_init(pt_dn_iter *it, pt_slice dns)
{
    it->r = body_reader(dns);
}

bool pt_dn_iter_next(pt_dn_iter *it, pt_slice *dn)
{
    pt_reader d;
    if (pt_r_left(&it->r) == 0 || pt_failed(pt_r_vec16(&it->r, 1, 0xffff, &d))) {
        it->r.p = it->r.end; /* a malformed list ends the walk for good */
        return false;
    }
    *dn = sub_slice(&d);
    return true;
}

pt_err pt_ext_record_size_limit_decode(pt_slice body, uint16_t *limit)
{
    PT_TRY(pt_ext_u16_decode(body, limit));
    /* RFC 8449 4: "An endpoint MUST treat receipt of a smaller value as a fatal error and
     * generate an "illegal_parameter" alert." */
    PT_ENSURE(*limit >= 64, PT_ERR(ILLEGAL_PARAMETER, RUSTLS_RESULT_PEER_MISBEHAVED_ERROR));
    return PT_OK;
}

pt_err pt_ext_max_fragment_length_decode(pt_slice body, uint8_t *code)
{
    pt_reader r = body_reader(body);
    PT_TRY(pt_r_u8(&r, code));
    PT_TRY(pt_r_done(&r));
    /* RFC 6066 4: a value other than 1..4 "MUST abort the handshake with an "illegal_parameter" alert". */
    PT_ENSURE(*code >= 1 && *code <= 4, PT_ERR(ILLEGAL_PARAMETER, RUSTLS_RESULT_PEER_MISBEHAVED_ERROR));
    return PT_OK;
}

/* ---------------------------------------------------------------- blocks */

void pt_ext_block_init(pt_ext_block *b)
{
    memset(b, 0, sizeof(*b));
}

bool pt_ext_get(const pt_ext_block *b, uint16_t type, pt_slice *body)
{
    int i = pt_ext_index_of(type);
    if (i < 0 || !(b->present & ((uint32_t)1 << i))) {
        *body = PT_SLICE_EMPTY;
        return false;
    }
    *body = b->body[i];
    return true;
}

void pt_ext_iter_init(pt_ext_iter *it, const pt_ext_block *b)
{
    it->r = body_reader(b->raw);
}

bool pt_ext_iter_next(pt_ext_iter *it, uint16_t *type, pt_slice *body)
{
    pt_reader sub;
    if (pt_r_left(&it->r) == 0 || pt_failed(pt_r_u16(&it->r, type)) ||
        pt_failed(pt_r_vec16(&it->r, 0, 0xffff, &sub))) {
        return false;
    }
    *body = sub_slice(&sub);
    return true;
}

/* The ClientHello extensions rustls decodes (its ClientExtensions); others are ignored. */
static pt_err check_client_hello(uint16_t type, pt_slice body)
{
    pt_u16_list l16;
    pt_slice s;
    bool found;
    switch (type) {
    case PT_EXT_SERVER_NAME:
        return pt_ext_server_name_decode(body, &found, &s);
    case PT_EXT_STATUS_REQUEST: {
        pt_status_request sr;
        return pt_ext_status_request_decode(body, &sr);
    }
    case PT_EXT_SUPPORTED_GROUPS:
        return pt_ext_supported_groups_decode(body, &l16);
    case PT_EXT_EC_POINT_FORMATS:
    case PT_EXT_PSK_KEY_EXCHANGE_MODES:
    case PT_EXT_CLIENT_CERTIFICATE_TYPE:
    case PT_EXT_SERVER_CERTIFICATE_TYPE:
        return pt_ext_u8_list_decode(body, &s);
    case PT_EXT_SIGNATURE_ALGORITHMS:
        return pt_ext_signature_algorithms_decode(body, &l16);
    case PT_EXT_ALPN: {
        pt_alpn_list al;
        return pt_ext_alpn_decode(body, &al);
    }
    case PT_EXT_EXTENDED_MASTER_SECRET:
    case PT_EXT_EARLY_DATA:
        return pt_ext_empty_decode(body);
    case PT_EXT_COMPRESS_CERTIFICATE:
        return pt_ext_compress_certificate_decode(body, &l16);
    case PT_EXT_PRE_SHARED_KEY: {
        pt_psk_offer o;
        return pt_ext_psk_offer_decode(body, &o);
    }
    case PT_EXT_SUPPORTED_VERSIONS:
        return pt_ext_supported_versions_ch_decode(body, &l16);
    case PT_EXT_COOKIE:
        return pt_ext_cookie_decode(body, &s);
    case PT_EXT_CERTIFICATE_AUTHORITIES: {
        pt_dn_list dl;
        return pt_ext_certificate_authorities_decode(body, &dl);
    }
    case PT_EXT_KEY_SHARE: {
        pt_key_share_list kl;
        return pt_ext_key_share_ch_decode(body, &kl);
    }
    case PT_EXT_RENEGOTIATION_INFO:
        return pt_ext_renegotiation_info_decode(body, &s);
    default:
        return PT_OK; /* session_ticket is opaque; the rest is not rustls's business here */
    }
}

/* The ServerHello/EncryptedExtensions extensions rustls decodes (its ServerExtensions). */
static pt_err check_server_ext(uint16_t type, pt_slice body)
{
    uint16_t v;
    pt_slice s;
    switch (type) {
    case PT_EXT_EC_POINT_FORMATS:
        return pt_ext_u8_list_decode(body, &s);
    case PT_EXT_SERVER_NAME:
    case PT_EXT_SESSION_TICKET:
    case PT_EXT_EXTENDED_MASTER_SECRET:
    case PT_EXT_STATUS_REQUEST:
    case PT_EXT_EARLY_DATA:
        return pt_ext_empty_decode(body); /* acknowledgements */
    case PT_EXT_RENEGOTIATION_INFO:
        return pt_ext_renegotiation_info_decode(body, &s);
    case PT_EXT_ALPN:
        return pt_ext_alpn_single_decode(body, &s);
    case PT_EXT_KEY_SHARE: {
        pt_key_share ks;
        return pt_ext_key_share_sh_decode(body, &ks);
    }
    case PT_EXT_PRE_SHARED_KEY:
    case PT_EXT_SUPPORTED_VERSIONS:
        return pt_ext_u16_decode(body, &v);
    case PT_EXT_CLIENT_CERTIFICATE_TYPE:
    case PT_EXT_SERVER_CERTIFICATE_TYPE:
        return u8_body(body);
    default:
        return PT_OK;
    }
}

static pt_err check_hrr(uint16_t type, pt_slice body)
{
    uint16_t v;
    pt_slice s;
    switch (type) {
    case PT_EXT_KEY_SHARE:
    case PT_EXT_SUPPORTED_VERSIONS:
        return pt_ext_u16_decode(body, &v);
    case PT_EXT_COOKIE:
        return pt_ext_cookie_decode(body, &s);
    default:
        /* RFC 8446 4.1.4: "If a client receives a HelloRetryRequest with any extension it did not
         * offer ... MUST abort"; rustls refuses every other type here. */
        return HRR_UNKNOWN;
    }
}

static pt_err check_certificate_request(uint16_t type, pt_slice body)
{
    pt_u16_list l16;
    switch (type) {
    case PT_EXT_SIGNATURE_ALGORITHMS:
        return pt_ext_signature_algorithms_decode(body, &l16);
    case PT_EXT_CERTIFICATE_AUTHORITIES: {
        pt_dn_list dl;
        return dn_list(body, true, &dl);
    }
    case PT_EXT_COMPRESS_CERTIFICATE:
        return pt_ext_compress_certificate_decode(body, &l16);
    default:
        return PT_OK;
    }
}

static pt_err check_one(enum pt_ext_context ctx, uint16_t type, pt_slice body)
{
    switch (ctx) {
    case PT_EXT_CTX_CLIENT_HELLO:
        return check_client_hello(type, body);
    case PT_EXT_CTX_SERVER_HELLO:
    case PT_EXT_CTX_ENCRYPTED_EXTENSIONS:
        return check_server_ext(type, body);
    case PT_EXT_CTX_HELLO_RETRY_REQUEST:
        return check_hrr(type, body);
    case PT_EXT_CTX_CERTIFICATE: {
        pt_slice ocsp;
        /* Only status_request is solicited in a CertificateEntry; anything else is refused. */
        return type == PT_EXT_STATUS_REQUEST ? pt_ext_cert_status_decode(body, &ocsp) : CERT_UNKNOWN;
    }
    case PT_EXT_CTX_CERTIFICATE_REQUEST:
        return check_certificate_request(type, body);
    case PT_EXT_CTX_NEW_SESSION_TICKET: {
        uint32_t max;
        return type == PT_EXT_EARLY_DATA ? pt_ext_early_data_nst_decode(body, &max) : PT_OK;
    }
    }
    return PT_ERR_INTERNAL;
}

pt_err pt_ext_parse_block(pt_reader *r, enum pt_ext_context ctx, pt_ext_block *out)
{
    pt_reader blk;

    pt_ext_block_init(out);
    PT_TRY(pt_r_vec_ex(r, 2, 0, 0xffff, 1, PT_OK, &blk));
    return pt_ext_parse_contents(sub_slice(&blk), ctx, out);
}

pt_err pt_ext_parse_contents(pt_slice contents, enum pt_ext_context ctx, pt_ext_block *out)
{
    /* One bit per extension type: duplicate detection in O(n) without allocating. */
    uint8_t seen[65536 / 8];
    pt_reader blk = pt_reader_init(contents.p, contents.len);

    pt_ext_block_init(out);
    out->raw = contents;
    memset(seen, 0, sizeof(seen));
    while (pt_r_left(&blk) > 0) {
        uint16_t type;
        pt_reader b;
        PT_TRY(pt_r_u16(&blk, &type));
        PT_TRY(pt_r_vec_ex(&blk, 2, 0, 0xffff, 1, PT_OK, &b));
        pt_slice body = sub_slice(&b);
        /* RFC 8446 4.2: "There MUST NOT be more than one extension of the same type in a given
         * extension block." */
        uint8_t bit = (uint8_t)(1u << (type & 7));
        PT_ENSURE(!(seen[type >> 3] & bit), DUPLICATE);
        seen[type >> 3] |= bit;
        out->count++;
        out->last_type = type;
        int idx = pt_ext_index_of(type);
        if (idx >= 0) {
            out->present |= (uint32_t)1 << idx;
            out->body[idx] = body;
        } else {
            out->unknown++;
        }
        PT_TRY(check_one(ctx, type, body));
        /* RFC 8446 4.2.11: "The "pre_shared_key" extension MUST be the last extension in the
         * ClientHello ... Servers MUST check that it is the last extension and otherwise fail
         * the handshake with an "illegal_parameter" alert." */
        PT_ENSURE(!(ctx == PT_EXT_CTX_CLIENT_HELLO && type == PT_EXT_PRE_SHARED_KEY && pt_r_left(&blk) > 0),
                  PSK_NOT_LAST);
    }
    return PT_OK;
}
