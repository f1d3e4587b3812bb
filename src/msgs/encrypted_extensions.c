/* encrypted_extensions.c - EncryptedExtensions codec (see encrypted_extensions.h). */
#include "msgs/encrypted_extensions.h"

uint32_t pt_encrypted_extensions_allowed(void)
{
    /* RFC 8446 4.2 table entries with "EE", plus record_size_limit (RFC 8449 4: "CH, EE"). */
    return pt_ext_bit(PT_EXT_SERVER_NAME) | pt_ext_bit(PT_EXT_MAX_FRAGMENT_LENGTH) |
           pt_ext_bit(PT_EXT_SUPPORTED_GROUPS) | pt_ext_bit(PT_EXT_USE_SRTP) | pt_ext_bit(PT_EXT_HEARTBEAT) |
           pt_ext_bit(PT_EXT_ALPN) | pt_ext_bit(PT_EXT_CLIENT_CERTIFICATE_TYPE) |
           pt_ext_bit(PT_EXT_SERVER_CERTIFICATE_TYPE) | pt_ext_bit(PT_EXT_EARLY_DATA) |
           pt_ext_bit(PT_EXT_RECORD_SIZE_LIMIT);
}

pt_err pt_encrypted_extensions_decode(pt_slice body, pt_encrypted_extensions *out)
{
    pt_reader r = pt_reader_init(body.p, body.len);
    PT_TRY(pt_ext_parse_block(&r, PT_EXT_CTX_ENCRYPTED_EXTENSIONS, &out->ext));
    PT_TRY(pt_r_done(&r));
    /* RFC 8446 4.2: "If an implementation receives an extension which it recognizes and which is
     * not specified for the message in which it appears, it MUST abort the handshake".  Checked
     * after the whole message decoded, as rustls does. */
    PT_ENSURE((out->ext.present & ~pt_encrypted_extensions_allowed()) == 0,
              PT_ERR(UNSUPPORTED_EXTENSION, RUSTLS_RESULT_PEER_MISBEHAVED_ERROR));
    return PT_OK;
}

void pt_encrypted_extensions_encode(pt_writer *w, const pt_encrypted_extensions *in)
{
    pt_wvec v = pt_w_open_vec(w, 2);
    pt_w_bytes(w, in->ext.raw.p, in->ext.raw.len);
    pt_w_close_vec(w, v);
}
