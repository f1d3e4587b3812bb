/*
 * encrypted_extensions.h - EncryptedExtensions (RFC 8446 4.3.1):
 *   struct { Extension extensions<0..2^16-1>; } EncryptedExtensions;
 *
 * Decoding applies RFC 8446 4.2's table: an extension patina knows that is not listed for
 * EncryptedExtensions (key_share, pre_shared_key, supported_versions, status_request,
 * signature_algorithms, cookie, the TLS 1.2-only ones, ...) aborts the handshake.  RFC 8446 asks
 * for illegal_parameter; rustls (DisallowedEncryptedExtension) sends unsupported_extension with
 * PEER_MISBEHAVED_ERROR, and patina matches rustls.  Unknown extensions are kept for the
 * client's "did I offer this?" check (RFC 8446 4.2), which needs connection state.
 */
#ifndef PT_MSGS_ENCRYPTED_EXTENSIONS_H
#define PT_MSGS_ENCRYPTED_EXTENSIONS_H

#include "msgs/extensions.h"
#include "msgs/msgs.h"

typedef struct pt_encrypted_extensions {
    pt_ext_block ext;
} pt_encrypted_extensions;

/* The known extensions RFC 8446 4.2 allows in EncryptedExtensions (pt_ext_bit mask). */
uint32_t pt_encrypted_extensions_allowed(void);

PT_MUST_USE pt_err pt_encrypted_extensions_decode(pt_slice body, pt_encrypted_extensions *out);
/* Write the body: the extensions vector holding in->ext.raw. */
void pt_encrypted_extensions_encode(pt_writer *w, const pt_encrypted_extensions *in);

#endif
