/*
 * change_cipher_spec.h - the ChangeCipherSpec protocol message (RFC 5246 section 7.1):
 * `struct { enum { change_cipher_spec(1), (255) } type; } ChangeCipherSpec;`
 *
 * TLS 1.3 keeps it only for middlebox compatibility (RFC 8446 section 5 and appendix D.4), with
 * its own rule and alert, hence two decoders.  The body to send is the single byte
 * PT_CCS_BYTE.
 */
#ifndef PT_MSGS_CHANGE_CIPHER_SPEC_H
#define PT_MSGS_CHANGE_CIPHER_SPEC_H

#include "msgs/msgs.h"

#define PT_CCS_BYTE 0x01

/*
 * TLS 1.2: the body must be exactly 0x01.  Errors, as rustls's ChangeCipherSpecPayload (all
 * decode_error): empty MESSAGE_MISSING_DATA; another value MESSAGE_INVALID_CCS; more bytes
 * MESSAGE_TRAILING_DATA.
 */
PT_MUST_USE pt_err pt_ccs_decode(pt_slice body);

/*
 * TLS 1.3 middlebox-compatibility CCS, received unprotected during the handshake.  RFC 8446
 * section 5: "An implementation which receives any other change_cipher_spec value ... MUST abort
 * the handshake with an "unexpected_message" alert."  Anything but exactly 0x01 is
 * PT_ERR(UNEXPECTED_MESSAGE, PEER_MISBEHAVED_ERROR), as rustls
 * (PeerMisbehaved::IllegalMiddleboxChangeCipherSpec).
 */
PT_MUST_USE pt_err pt_ccs_decode_tls13(pt_slice body);

void pt_ccs_encode(pt_writer *w);

#endif
