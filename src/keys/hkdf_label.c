/* hkdf_label.c - HKDF-Expand-Label and Derive-Secret (see hkdf_label.h). */
#include "config.h"

#include "keys/hkdf_label.h"

#include <string.h>

#include "base/mem.h"

#define PT_ERR_BAD_LABEL PT_ERR_NOALERT(RUSTLS_RESULT_INVALID_PARAMETER)

pt_err pt_hkdf_label_encode(pt_slice label, pt_slice context, size_t out_len, uint8_t *info, size_t *info_len)
{
    /*= https://www.rfc-editor.org/rfc/rfc8446#section-7.1
     *# struct {
     *#     uint16 length = Length;
     *#     opaque label<7..255> = "tls13 " + Label;
     *#     opaque context<0..255> = Context;
     *# } HkdfLabel;
     *
     * Every label the protocol itself uses meets the lower bound of 7.  Exporter labels come from
     * the application (RFC 5705 puts no lower bound on them) and may be empty: BoringSSL, OpenSSL,
     * Go's crypto/tls and rustls all encode an empty label as the 6 bytes "tls13 ", and BoGo's
     * ExportKeyingMaterial-NoContext-TLS13 exports with one, so the encoder takes 0..249 bytes.
     */
    if (label.len > PT_HKDF_LABEL_MAX || context.len > PT_HKDF_CONTEXT_MAX || out_len == 0 || out_len > 0xffff) {
        return PT_ERR_BAD_LABEL;
    }
    size_t o = 0;
    info[o++] = (uint8_t)(out_len >> 8);
    info[o++] = (uint8_t)out_len;
    info[o++] = (uint8_t)(PT_HKDF_LABEL_PREFIX_LEN + label.len);
    memcpy(info + o, PT_HKDF_LABEL_PREFIX, PT_HKDF_LABEL_PREFIX_LEN);
    o += PT_HKDF_LABEL_PREFIX_LEN;
    if (label.len > 0) { /* an empty slice may have a NULL pointer, which memcpy must not see */
        memcpy(info + o, label.p, label.len);
        o += label.len;
    }
    info[o++] = (uint8_t)context.len;
    if (context.len > 0) {
        memcpy(info + o, context.p, context.len);
        o += context.len;
    }
    *info_len = o;
    return PT_OK;
}

pt_err pt_hkdf_expand_label(const pt_hash *h, pt_slice secret, pt_slice label, pt_slice context, uint8_t *out,
                            size_t out_len)
{
    uint8_t info[PT_HKDF_INFO_MAX];
    size_t info_len = 0;
    pt_err err = PT_OK;

    /* RFC 5869 section 2.3: L <= 255 * HashLen. */
    PT_ENSURE_OUT(out_len <= 255u * h->out_len, PT_ERR_BAD_LABEL);
    PT_CHECK(pt_hkdf_label_encode(label, context, out_len, info, &info_len));
    PT_CHECK(h->hkdf_expand(secret, pt_slice_of(info, info_len), out, out_len));
out:
    /* The context may be a transcript hash or an exporter's context: not secret, but not ours to leave. */
    pt_wipe(info, sizeof(info));
    return err;
}

pt_err pt_derive_secret(const pt_hash *h, pt_slice secret, pt_slice label, const uint8_t *transcript_hash, uint8_t *out)
{
    return pt_hkdf_expand_label(h, secret, label, pt_slice_of(transcript_hash, h->out_len), out, h->out_len);
}

pt_err pt_derive_secret_empty(const pt_hash *h, pt_slice secret, pt_slice label, uint8_t *out)
{
    uint8_t empty_hash[PT_HASH_MAX];

    pt_hash_digest(h, NULL, 0, empty_hash);
    return pt_derive_secret(h, secret, label, empty_hash, out);
}
