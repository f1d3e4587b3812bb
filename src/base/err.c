/*
 * err.c - the English text of every rustls_result code, and the names of TLS alerts.
 *
 * The texts are patina's own.  They say what happened from the caller's point of view and are
 * short enough to sit in a log line; rustls_error() hands them out (truncated to the caller's
 * buffer).  The table covers all 125 codes of rustls-ffi 0.15.3 - test_api_static checks that
 * each one has a distinct, non-empty text - and an unknown code gets INVALID_PARAMETER's text,
 * as rustls-ffi converts unknown numbers to that code.
 */
#include "base/err.h"

#include <stddef.h>

static const struct {
    unsigned int code;
    const char *text;
} result_texts[] = {
    /* Errors of the API layer itself. */
    {RUSTLS_RESULT_OK, "no error"},
    {RUSTLS_RESULT_IO, "an I/O callback reported an error"},
    {RUSTLS_RESULT_NULL_PARAMETER, "a required pointer argument was NULL"},
    {RUSTLS_RESULT_INVALID_DNS_NAME_ERROR, "the server name is neither a valid DNS name nor an IP address"},
    {RUSTLS_RESULT_PANIC, "the library hit an unrecoverable internal fault"},
    {RUSTLS_RESULT_CERTIFICATE_PARSE_ERROR, "a certificate could not be parsed"},
    {RUSTLS_RESULT_PRIVATE_KEY_PARSE_ERROR, "a private key could not be parsed"},
    {RUSTLS_RESULT_INSUFFICIENT_SIZE, "the output buffer is too small"},
    {RUSTLS_RESULT_NOT_FOUND, "the requested item does not exist"},
    {RUSTLS_RESULT_INVALID_PARAMETER, "an argument has a value that is not allowed"},
    {RUSTLS_RESULT_UNEXPECTED_EOF, "the peer closed the transport without sending close_notify"},
    {RUSTLS_RESULT_PLAINTEXT_EMPTY, "no plaintext is available yet; read and process more TLS data first"},
    {RUSTLS_RESULT_ACCEPTOR_NOT_READY, "the acceptor needs more bytes before the ClientHello is complete"},
    {RUSTLS_RESULT_ALREADY_USED, "this object was already consumed and cannot be used again"},
    {RUSTLS_RESULT_CERTIFICATE_REVOCATION_LIST_PARSE_ERROR, "a certificate revocation list could not be parsed"},
    {RUSTLS_RESULT_NO_SERVER_CERT_VERIFIER, "the client configuration has no server certificate verifier"},
    {RUSTLS_RESULT_NO_DEFAULT_CRYPTO_PROVIDER, "no process-wide default crypto provider is installed"},
    {RUSTLS_RESULT_GET_RANDOM_FAILED, "the crypto provider could not produce random bytes"},
    {RUSTLS_RESULT_NO_CERT_RESOLVER, "the server configuration has no certificate to present"},
    {RUSTLS_RESULT_HPKE_ERROR, "the HPKE suite reported a failure"},
    {RUSTLS_RESULT_BUILDER_INCOMPATIBLE_TLS_VERSIONS,
     "the requested feature cannot be used with the configured TLS versions"},
    /* Protocol and local failures (rustls::Error without a field). */
    {RUSTLS_RESULT_NO_CERTIFICATES_PRESENTED, "the peer sent no certificate"},
    {RUSTLS_RESULT_DECRYPT_ERROR, "a record from the peer could not be decrypted and authenticated"},
    {RUSTLS_RESULT_FAILED_TO_GET_CURRENT_TIME, "the current time could not be read from the system clock"},
    {RUSTLS_RESULT_FAILED_TO_GET_RANDOM_BYTES, "random bytes could not be obtained"},
    {RUSTLS_RESULT_HANDSHAKE_NOT_COMPLETE, "the handshake has not finished yet"},
    {RUSTLS_RESULT_PEER_SENT_OVERSIZED_RECORD, "the peer sent a record longer than the protocol allows"},
    {RUSTLS_RESULT_NO_APPLICATION_PROTOCOL, "no application protocol (ALPN) could be agreed with the peer"},
    {RUSTLS_RESULT_BAD_MAX_FRAGMENT_SIZE, "the maximum fragment size is outside the allowed range"},
    {RUSTLS_RESULT_UNSUPPORTED_NAME_TYPE, "the server name is of a type that is not supported"},
    {RUSTLS_RESULT_ENCRYPT_ERROR, "a record could not be encrypted"},
    /* Verification of the peer's certificate failed. */
    {RUSTLS_RESULT_CERT_ENCODING_BAD, "peer certificate rejected: its encoding is malformed"},
    {RUSTLS_RESULT_CERT_EXPIRED, "peer certificate rejected: it has expired"},
    {RUSTLS_RESULT_CERT_NOT_YET_VALID, "peer certificate rejected: it is not valid yet"},
    {RUSTLS_RESULT_CERT_REVOKED, "peer certificate rejected: it has been revoked"},
    {RUSTLS_RESULT_CERT_UNHANDLED_CRITICAL_EXTENSION,
     "peer certificate rejected: it has a critical extension that is not understood"},
    {RUSTLS_RESULT_CERT_UNKNOWN_ISSUER, "peer certificate rejected: it does not chain to a trusted root"},
    {RUSTLS_RESULT_CERT_BAD_SIGNATURE, "peer certificate rejected: a signature in its chain does not verify"},
    {RUSTLS_RESULT_CERT_NOT_VALID_FOR_NAME, "peer certificate rejected: it does not cover the expected server name"},
    {RUSTLS_RESULT_CERT_INVALID_PURPOSE, "peer certificate rejected: it is not allowed for this purpose (key usage)"},
    {RUSTLS_RESULT_CERT_APPLICATION_VERIFICATION_FAILURE,
     "peer certificate rejected by the application's own verifier"},
    {RUSTLS_RESULT_CERT_OTHER_ERROR, "peer certificate rejected for another reason"},
    {RUSTLS_RESULT_CERT_UNKNOWN_REVOCATION_STATUS, "peer certificate rejected: its revocation status is unknown"},
    {RUSTLS_RESULT_CERT_EXPIRED_REVOCATION_LIST, "peer certificate rejected: the revocation list for it has expired"},
    {RUSTLS_RESULT_CERT_UNSUPPORTED_SIGNATURE_ALGORITHM,
     "peer certificate rejected: it is signed with an unsupported algorithm"},
    /* The peer sent something that could not be decoded. */
    {RUSTLS_RESULT_MESSAGE_HANDSHAKE_PAYLOAD_TOO_LARGE, "the peer sent a handshake message larger than allowed"},
    {RUSTLS_RESULT_MESSAGE_INVALID_CCS, "the peer sent a malformed ChangeCipherSpec message"},
    {RUSTLS_RESULT_MESSAGE_INVALID_CONTENT_TYPE, "the peer sent a record with an unknown content type"},
    {RUSTLS_RESULT_MESSAGE_INVALID_CERT_STATUS_TYPE, "the peer sent an unknown certificate status type"},
    {RUSTLS_RESULT_MESSAGE_INVALID_CERT_REQUEST, "the peer sent a certificate request with an invalid context"},
    {RUSTLS_RESULT_MESSAGE_INVALID_DH_PARAMS, "the peer's key exchange parameters could not be decoded"},
    {RUSTLS_RESULT_MESSAGE_INVALID_EMPTY_PAYLOAD, "the peer sent an empty field where content is required"},
    {RUSTLS_RESULT_MESSAGE_INVALID_KEY_UPDATE, "the peer sent a KeyUpdate message with an invalid request value"},
    {RUSTLS_RESULT_MESSAGE_INVALID_SERVER_NAME, "the peer sent a malformed server name"},
    {RUSTLS_RESULT_MESSAGE_TOO_LARGE, "the peer sent a message that is too large"},
    {RUSTLS_RESULT_MESSAGE_TOO_SHORT, "the peer sent a message that is too short"},
    {RUSTLS_RESULT_MESSAGE_MISSING_DATA, "the peer sent a message that ends before all of its fields"},
    {RUSTLS_RESULT_MESSAGE_MISSING_KEY_EXCHANGE, "the peer did not offer any key exchange group"},
    {RUSTLS_RESULT_MESSAGE_NO_SIGNATURE_SCHEMES, "the peer offered an empty list of signature schemes"},
    {RUSTLS_RESULT_MESSAGE_TRAILING_DATA, "the peer sent a message with extra bytes after its last field"},
    {RUSTLS_RESULT_MESSAGE_UNEXPECTED_MESSAGE, "the peer sent a message of a type that is not allowed here"},
    {RUSTLS_RESULT_MESSAGE_UNKNOWN_PROTOCOL_VERSION, "the peer sent an unknown protocol version"},
    {RUSTLS_RESULT_MESSAGE_UNSUPPORTED_COMPRESSION, "the peer asked for a compression method that is not supported"},
    {RUSTLS_RESULT_MESSAGE_UNSUPPORTED_CURVE_TYPE, "the peer used an elliptic curve type that is not supported"},
    {RUSTLS_RESULT_MESSAGE_UNSUPPORTED_KEY_EXCHANGE_ALGORITHM,
     "the peer used a key exchange algorithm that is not supported"},
    {RUSTLS_RESULT_MESSAGE_INVALID_OTHER, "the peer sent a malformed message"},
    {RUSTLS_RESULT_MESSAGE_CERTIFICATE_PAYLOAD_TOO_LARGE, "the peer sent a certificate message larger than allowed"},
    /* Broader protocol failures. */
    {RUSTLS_RESULT_PEER_INCOMPATIBLE_ERROR, "the peer cannot agree on any parameters this configuration accepts"},
    {RUSTLS_RESULT_PEER_MISBEHAVED_ERROR, "the peer broke the rules of the TLS protocol"},
    {RUSTLS_RESULT_INAPPROPRIATE_MESSAGE, "the peer sent a message that was not expected at this point"},
    {RUSTLS_RESULT_INAPPROPRIATE_HANDSHAKE_MESSAGE,
     "the peer sent a handshake message that was not expected at this point"},
    {RUSTLS_RESULT_GENERAL, "an unspecified error occurred"},
    /* The peer sent an alert; the names are those of RFC 8446 section 6 and RFC 5246 section 7.2. */
    {RUSTLS_RESULT_ALERT_CLOSE_NOTIFY, "the peer sent alert close_notify"},
    {RUSTLS_RESULT_ALERT_UNEXPECTED_MESSAGE, "the peer sent alert unexpected_message"},
    {RUSTLS_RESULT_ALERT_BAD_RECORD_MAC, "the peer sent alert bad_record_mac"},
    {RUSTLS_RESULT_ALERT_DECRYPTION_FAILED, "the peer sent alert decryption_failed"},
    {RUSTLS_RESULT_ALERT_RECORD_OVERFLOW, "the peer sent alert record_overflow"},
    {RUSTLS_RESULT_ALERT_DECOMPRESSION_FAILURE, "the peer sent alert decompression_failure"},
    {RUSTLS_RESULT_ALERT_HANDSHAKE_FAILURE, "the peer sent alert handshake_failure"},
    {RUSTLS_RESULT_ALERT_NO_CERTIFICATE, "the peer sent alert no_certificate"},
    {RUSTLS_RESULT_ALERT_BAD_CERTIFICATE, "the peer sent alert bad_certificate"},
    {RUSTLS_RESULT_ALERT_UNSUPPORTED_CERTIFICATE, "the peer sent alert unsupported_certificate"},
    {RUSTLS_RESULT_ALERT_CERTIFICATE_REVOKED, "the peer sent alert certificate_revoked"},
    {RUSTLS_RESULT_ALERT_CERTIFICATE_EXPIRED, "the peer sent alert certificate_expired"},
    {RUSTLS_RESULT_ALERT_CERTIFICATE_UNKNOWN, "the peer sent alert certificate_unknown"},
    {RUSTLS_RESULT_ALERT_ILLEGAL_PARAMETER, "the peer sent alert illegal_parameter"},
    {RUSTLS_RESULT_ALERT_UNKNOWN_CA, "the peer sent alert unknown_ca"},
    {RUSTLS_RESULT_ALERT_ACCESS_DENIED, "the peer sent alert access_denied"},
    {RUSTLS_RESULT_ALERT_DECODE_ERROR, "the peer sent alert decode_error"},
    {RUSTLS_RESULT_ALERT_DECRYPT_ERROR, "the peer sent alert decrypt_error"},
    {RUSTLS_RESULT_ALERT_EXPORT_RESTRICTION, "the peer sent alert export_restriction"},
    {RUSTLS_RESULT_ALERT_PROTOCOL_VERSION, "the peer sent alert protocol_version"},
    {RUSTLS_RESULT_ALERT_INSUFFICIENT_SECURITY, "the peer sent alert insufficient_security"},
    {RUSTLS_RESULT_ALERT_INTERNAL_ERROR, "the peer sent alert internal_error"},
    {RUSTLS_RESULT_ALERT_INAPPROPRIATE_FALLBACK, "the peer sent alert inappropriate_fallback"},
    {RUSTLS_RESULT_ALERT_USER_CANCELED, "the peer sent alert user_canceled"},
    {RUSTLS_RESULT_ALERT_NO_RENEGOTIATION, "the peer sent alert no_renegotiation"},
    {RUSTLS_RESULT_ALERT_MISSING_EXTENSION, "the peer sent alert missing_extension"},
    {RUSTLS_RESULT_ALERT_UNSUPPORTED_EXTENSION, "the peer sent alert unsupported_extension"},
    {RUSTLS_RESULT_ALERT_CERTIFICATE_UNOBTAINABLE, "the peer sent alert certificate_unobtainable"},
    {RUSTLS_RESULT_ALERT_UNRECOGNISED_NAME, "the peer sent alert unrecognized_name"},
    {RUSTLS_RESULT_ALERT_BAD_CERTIFICATE_STATUS_RESPONSE, "the peer sent alert bad_certificate_status_response"},
    {RUSTLS_RESULT_ALERT_BAD_CERTIFICATE_HASH_VALUE, "the peer sent alert bad_certificate_hash_value"},
    {RUSTLS_RESULT_ALERT_UNKNOWN_PSK_IDENTITY, "the peer sent alert unknown_psk_identity"},
    {RUSTLS_RESULT_ALERT_CERTIFICATE_REQUIRED, "the peer sent alert certificate_required"},
    {RUSTLS_RESULT_ALERT_NO_APPLICATION_PROTOCOL, "the peer sent alert no_application_protocol"},
    {RUSTLS_RESULT_ALERT_UNKNOWN, "the peer sent an alert with an unknown description"},
    /* A certificate revocation list could not be used. */
    {RUSTLS_RESULT_CERT_REVOCATION_LIST_BAD_SIGNATURE, "revocation list rejected: its signature does not verify"},
    {RUSTLS_RESULT_CERT_REVOCATION_LIST_INVALID_CRL_NUMBER, "revocation list rejected: its CRL number is invalid"},
    {RUSTLS_RESULT_CERT_REVOCATION_LIST_INVALID_REVOKED_CERT_SERIAL_NUMBER,
     "revocation list rejected: it lists an invalid certificate serial number"},
    {RUSTLS_RESULT_CERT_REVOCATION_LIST_ISSUER_INVALID_FOR_CRL,
     "revocation list rejected: its issuer is not allowed to sign CRLs"},
    {RUSTLS_RESULT_CERT_REVOCATION_LIST_OTHER_ERROR, "revocation list rejected for another reason"},
    {RUSTLS_RESULT_CERT_REVOCATION_LIST_PARSE_ERROR, "revocation list rejected: it could not be parsed"},
    {RUSTLS_RESULT_CERT_REVOCATION_LIST_UNSUPPORTED_CRL_VERSION,
     "revocation list rejected: its version is not supported"},
    {RUSTLS_RESULT_CERT_REVOCATION_LIST_UNSUPPORTED_CRITICAL_EXTENSION,
     "revocation list rejected: it has a critical extension that is not understood"},
    {RUSTLS_RESULT_CERT_REVOCATION_LIST_UNSUPPORTED_DELTA_CRL,
     "revocation list rejected: delta CRLs are not supported"},
    {RUSTLS_RESULT_CERT_REVOCATION_LIST_UNSUPPORTED_INDIRECT_CRL,
     "revocation list rejected: indirect CRLs are not supported"},
    {RUSTLS_RESULT_CERT_REVOCATION_LIST_UNSUPPORTED_REVOCATION_REASON,
     "revocation list rejected: it uses an unsupported revocation reason"},
    {RUSTLS_RESULT_CERT_REVOCATION_LIST_UNSUPPORTED_SIGNATURE_ALGORITHM,
     "revocation list rejected: it is signed with an unsupported algorithm"},
    /* Configuration errors found while building objects. */
    {RUSTLS_RESULT_CLIENT_CERT_VERIFIER_BUILDER_NO_ROOT_ANCHORS,
     "the client certificate verifier needs at least one trusted root"},
    {RUSTLS_RESULT_INCONSISTENT_KEYS_KEYS_MISMATCH, "the private key does not match the certificate's public key"},
    {RUSTLS_RESULT_INCONSISTENT_KEYS_UNKNOWN,
     "it could not be checked whether the private key matches the certificate"},
    {RUSTLS_RESULT_INVALID_ENCRYPTED_CLIENT_HELLO_INVALID_CONFIG_LIST,
     "the Encrypted Client Hello configuration list is malformed"},
    {RUSTLS_RESULT_INVALID_ENCRYPTED_CLIENT_HELLO_NO_COMPATIBLE_CONFIG,
     "no Encrypted Client Hello configuration in the list is usable"},
    {RUSTLS_RESULT_INVALID_ENCRYPTED_CLIENT_HELLO_SNI_REQUIRED, "Encrypted Client Hello requires a DNS server name"},
};

/* see err.h */
const char *pt_result_text(unsigned int result)
{
    for (size_t i = 0; i < PT_ARRAY_LEN(result_texts); i++) {
        if (result_texts[i].code == result) {
            return result_texts[i].text;
        }
    }
    /* rustls-ffi turns a number it does not know into INVALID_PARAMETER before describing it. */
    return pt_result_text(RUSTLS_RESULT_INVALID_PARAMETER);
}

/* see err.h */
const char *pt_alert_name(int alert)
{
    /* RFC 8446 section 6 (and B.2), plus the TLS 1.2-only ones of RFC 5246 section 7.2. */
    switch (alert) {
    case PT_ALERT_CLOSE_NOTIFY:
        return "close_notify";
    case PT_ALERT_UNEXPECTED_MESSAGE:
        return "unexpected_message";
    case PT_ALERT_BAD_RECORD_MAC:
        return "bad_record_mac";
    case PT_ALERT_DECRYPTION_FAILED:
        return "decryption_failed";
    case PT_ALERT_RECORD_OVERFLOW:
        return "record_overflow";
    case PT_ALERT_DECOMPRESSION_FAILURE:
        return "decompression_failure";
    case PT_ALERT_HANDSHAKE_FAILURE:
        return "handshake_failure";
    case PT_ALERT_NO_CERTIFICATE:
        return "no_certificate";
    case PT_ALERT_BAD_CERTIFICATE:
        return "bad_certificate";
    case PT_ALERT_UNSUPPORTED_CERTIFICATE:
        return "unsupported_certificate";
    case PT_ALERT_CERTIFICATE_REVOKED:
        return "certificate_revoked";
    case PT_ALERT_CERTIFICATE_EXPIRED:
        return "certificate_expired";
    case PT_ALERT_CERTIFICATE_UNKNOWN:
        return "certificate_unknown";
    case PT_ALERT_ILLEGAL_PARAMETER:
        return "illegal_parameter";
    case PT_ALERT_UNKNOWN_CA:
        return "unknown_ca";
    case PT_ALERT_ACCESS_DENIED:
        return "access_denied";
    case PT_ALERT_DECODE_ERROR:
        return "decode_error";
    case PT_ALERT_DECRYPT_ERROR:
        return "decrypt_error";
    case PT_ALERT_EXPORT_RESTRICTION:
        return "export_restriction";
    case PT_ALERT_PROTOCOL_VERSION:
        return "protocol_version";
    case PT_ALERT_INSUFFICIENT_SECURITY:
        return "insufficient_security";
    case PT_ALERT_INTERNAL_ERROR:
        return "internal_error";
    case PT_ALERT_INAPPROPRIATE_FALLBACK:
        return "inappropriate_fallback";
    case PT_ALERT_USER_CANCELED:
        return "user_canceled";
    case PT_ALERT_NO_RENEGOTIATION:
        return "no_renegotiation";
    case PT_ALERT_MISSING_EXTENSION:
        return "missing_extension";
    case PT_ALERT_UNSUPPORTED_EXTENSION:
        return "unsupported_extension";
    case PT_ALERT_CERTIFICATE_UNOBTAINABLE:
        return "certificate_unobtainable";
    case PT_ALERT_UNRECOGNIZED_NAME:
        return "unrecognized_name";
    case PT_ALERT_BAD_CERTIFICATE_STATUS_RESPONSE:
        return "bad_certificate_status_response";
    case PT_ALERT_BAD_CERTIFICATE_HASH_VALUE:
        return "bad_certificate_hash_value";
    case PT_ALERT_UNKNOWN_PSK_IDENTITY:
        return "unknown_psk_identity";
    case PT_ALERT_CERTIFICATE_REQUIRED:
        return "certificate_required";
    case PT_ALERT_NO_APPLICATION_PROTOCOL:
        return "no_application_protocol";
    default:
        return "unknown";
    }
}
