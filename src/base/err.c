/* err.c - texts for every rustls_result code, and alert names. */
#include "base/err.h"

#include <stddef.h>

static const struct {
    unsigned int code;
    const char *text;
} result_texts[] = {
    {RUSTLS_RESULT_OK, "ok"},
    {RUSTLS_RESULT_IO, "io"},
    {RUSTLS_RESULT_NULL_PARAMETER, "null parameter"},
    {RUSTLS_RESULT_INVALID_DNS_NAME_ERROR, "invalid dns name error"},
    {RUSTLS_RESULT_PANIC, "panic"},
    {RUSTLS_RESULT_CERTIFICATE_PARSE_ERROR, "certificate parse error"},
    {RUSTLS_RESULT_PRIVATE_KEY_PARSE_ERROR, "private key parse error"},
    {RUSTLS_RESULT_INSUFFICIENT_SIZE, "insufficient size"},
    {RUSTLS_RESULT_NOT_FOUND, "not found"},
    {RUSTLS_RESULT_INVALID_PARAMETER, "invalid parameter"},
    {RUSTLS_RESULT_UNEXPECTED_EOF, "unexpected eof"},
    {RUSTLS_RESULT_PLAINTEXT_EMPTY, "plaintext empty"},
    {RUSTLS_RESULT_ACCEPTOR_NOT_READY, "acceptor not ready"},
    {RUSTLS_RESULT_ALREADY_USED, "already used"},
    {RUSTLS_RESULT_CERTIFICATE_REVOCATION_LIST_PARSE_ERROR, "certificate revocation list parse error"},
    {RUSTLS_RESULT_NO_SERVER_CERT_VERIFIER, "no server cert verifier"},
    {RUSTLS_RESULT_NO_DEFAULT_CRYPTO_PROVIDER, "no default crypto provider"},
    {RUSTLS_RESULT_GET_RANDOM_FAILED, "get random failed"},
    {RUSTLS_RESULT_NO_CERT_RESOLVER, "no cert resolver"},
    {RUSTLS_RESULT_HPKE_ERROR, "hpke error"},
    {RUSTLS_RESULT_BUILDER_INCOMPATIBLE_TLS_VERSIONS, "builder incompatible tls versions"},
    {RUSTLS_RESULT_NO_CERTIFICATES_PRESENTED, "no certificates presented"},
    {RUSTLS_RESULT_DECRYPT_ERROR, "decrypt error"},
    {RUSTLS_RESULT_FAILED_TO_GET_CURRENT_TIME, "failed to get current time"},
    {RUSTLS_RESULT_FAILED_TO_GET_RANDOM_BYTES, "failed to get random bytes"},
    {RUSTLS_RESULT_HANDSHAKE_NOT_COMPLETE, "handshake not complete"},
    {RUSTLS_RESULT_PEER_SENT_OVERSIZED_RECORD, "peer sent oversized record"},
    {RUSTLS_RESULT_NO_APPLICATION_PROTOCOL, "no application protocol"},
    {RUSTLS_RESULT_BAD_MAX_FRAGMENT_SIZE, "bad max fragment size"},
    {RUSTLS_RESULT_UNSUPPORTED_NAME_TYPE, "unsupported name type"},
    {RUSTLS_RESULT_ENCRYPT_ERROR, "encrypt error"},
    {RUSTLS_RESULT_CERT_ENCODING_BAD, "cert encoding bad"},
    {RUSTLS_RESULT_CERT_EXPIRED, "cert expired"},
    {RUSTLS_RESULT_CERT_NOT_YET_VALID, "cert not yet valid"},
    {RUSTLS_RESULT_CERT_REVOKED, "cert revoked"},
    {RUSTLS_RESULT_CERT_UNHANDLED_CRITICAL_EXTENSION, "cert unhandled critical extension"},
    {RUSTLS_RESULT_CERT_UNKNOWN_ISSUER, "cert unknown issuer"},
    {RUSTLS_RESULT_CERT_BAD_SIGNATURE, "cert bad signature"},
    {RUSTLS_RESULT_CERT_NOT_VALID_FOR_NAME, "cert not valid for name"},
    {RUSTLS_RESULT_CERT_INVALID_PURPOSE, "cert invalid purpose"},
    {RUSTLS_RESULT_CERT_APPLICATION_VERIFICATION_FAILURE, "cert application verification failure"},
    {RUSTLS_RESULT_CERT_OTHER_ERROR, "cert other error"},
    {RUSTLS_RESULT_CERT_UNKNOWN_REVOCATION_STATUS, "cert unknown revocation status"},
    {RUSTLS_RESULT_CERT_EXPIRED_REVOCATION_LIST, "cert expired revocation list"},
    {RUSTLS_RESULT_CERT_UNSUPPORTED_SIGNATURE_ALGORITHM, "cert unsupported signature algorithm"},
    {RUSTLS_RESULT_MESSAGE_HANDSHAKE_PAYLOAD_TOO_LARGE, "message handshake payload too large"},
    {RUSTLS_RESULT_MESSAGE_INVALID_CCS, "message invalid ccs"},
    {RUSTLS_RESULT_MESSAGE_INVALID_CONTENT_TYPE, "message invalid content type"},
    {RUSTLS_RESULT_MESSAGE_INVALID_CERT_STATUS_TYPE, "message invalid cert status type"},
    {RUSTLS_RESULT_MESSAGE_INVALID_CERT_REQUEST, "message invalid cert request"},
    {RUSTLS_RESULT_MESSAGE_INVALID_DH_PARAMS, "message invalid dh params"},
    {RUSTLS_RESULT_MESSAGE_INVALID_EMPTY_PAYLOAD, "message invalid empty payload"},
    {RUSTLS_RESULT_MESSAGE_INVALID_KEY_UPDATE, "message invalid key update"},
    {RUSTLS_RESULT_MESSAGE_INVALID_SERVER_NAME, "message invalid server name"},
    {RUSTLS_RESULT_MESSAGE_TOO_LARGE, "message too large"},
    {RUSTLS_RESULT_MESSAGE_TOO_SHORT, "message too short"},
    {RUSTLS_RESULT_MESSAGE_MISSING_DATA, "message missing data"},
    {RUSTLS_RESULT_MESSAGE_MISSING_KEY_EXCHANGE, "message missing key exchange"},
    {RUSTLS_RESULT_MESSAGE_NO_SIGNATURE_SCHEMES, "message no signature schemes"},
    {RUSTLS_RESULT_MESSAGE_TRAILING_DATA, "message trailing data"},
    {RUSTLS_RESULT_MESSAGE_UNEXPECTED_MESSAGE, "message unexpected message"},
    {RUSTLS_RESULT_MESSAGE_UNKNOWN_PROTOCOL_VERSION, "message unknown protocol version"},
    {RUSTLS_RESULT_MESSAGE_UNSUPPORTED_COMPRESSION, "message unsupported compression"},
    {RUSTLS_RESULT_MESSAGE_UNSUPPORTED_CURVE_TYPE, "message unsupported curve type"},
    {RUSTLS_RESULT_MESSAGE_UNSUPPORTED_KEY_EXCHANGE_ALGORITHM, "message unsupported key exchange algorithm"},
    {RUSTLS_RESULT_MESSAGE_INVALID_OTHER, "message invalid other"},
    {RUSTLS_RESULT_MESSAGE_CERTIFICATE_PAYLOAD_TOO_LARGE, "message certificate payload too large"},
    {RUSTLS_RESULT_PEER_INCOMPATIBLE_ERROR, "peer incompatible error"},
    {RUSTLS_RESULT_PEER_MISBEHAVED_ERROR, "peer misbehaved error"},
    {RUSTLS_RESULT_INAPPROPRIATE_MESSAGE, "inappropriate message"},
    {RUSTLS_RESULT_INAPPROPRIATE_HANDSHAKE_MESSAGE, "inappropriate handshake message"},
    {RUSTLS_RESULT_GENERAL, "general"},
    {RUSTLS_RESULT_ALERT_CLOSE_NOTIFY, "alert close notify"},
    {RUSTLS_RESULT_ALERT_UNEXPECTED_MESSAGE, "alert unexpected message"},
    {RUSTLS_RESULT_ALERT_BAD_RECORD_MAC, "alert bad record mac"},
    {RUSTLS_RESULT_ALERT_DECRYPTION_FAILED, "alert decryption failed"},
    {RUSTLS_RESULT_ALERT_RECORD_OVERFLOW, "alert record overflow"},
    {RUSTLS_RESULT_ALERT_DECOMPRESSION_FAILURE, "alert decompression failure"},
    {RUSTLS_RESULT_ALERT_HANDSHAKE_FAILURE, "alert handshake failure"},
    {RUSTLS_RESULT_ALERT_NO_CERTIFICATE, "alert no certificate"},
    {RUSTLS_RESULT_ALERT_BAD_CERTIFICATE, "alert bad certificate"},
    {RUSTLS_RESULT_ALERT_UNSUPPORTED_CERTIFICATE, "alert unsupported certificate"},
    {RUSTLS_RESULT_ALERT_CERTIFICATE_REVOKED, "alert certificate revoked"},
    {RUSTLS_RESULT_ALERT_CERTIFICATE_EXPIRED, "alert certificate expired"},
    {RUSTLS_RESULT_ALERT_CERTIFICATE_UNKNOWN, "alert certificate unknown"},
    {RUSTLS_RESULT_ALERT_ILLEGAL_PARAMETER, "alert illegal parameter"},
    {RUSTLS_RESULT_ALERT_UNKNOWN_CA, "alert unknown ca"},
    {RUSTLS_RESULT_ALERT_ACCESS_DENIED, "alert access denied"},
    {RUSTLS_RESULT_ALERT_DECODE_ERROR, "alert decode error"},
    {RUSTLS_RESULT_ALERT_DECRYPT_ERROR, "alert decrypt error"},
    {RUSTLS_RESULT_ALERT_EXPORT_RESTRICTION, "alert export restriction"},
    {RUSTLS_RESULT_ALERT_PROTOCOL_VERSION, "alert protocol version"},
    {RUSTLS_RESULT_ALERT_INSUFFICIENT_SECURITY, "alert insufficient security"},
    {RUSTLS_RESULT_ALERT_INTERNAL_ERROR, "alert internal error"},
    {RUSTLS_RESULT_ALERT_INAPPROPRIATE_FALLBACK, "alert inappropriate fallback"},
    {RUSTLS_RESULT_ALERT_USER_CANCELED, "alert user canceled"},
    {RUSTLS_RESULT_ALERT_NO_RENEGOTIATION, "alert no renegotiation"},
    {RUSTLS_RESULT_ALERT_MISSING_EXTENSION, "alert missing extension"},
    {RUSTLS_RESULT_ALERT_UNSUPPORTED_EXTENSION, "alert unsupported extension"},
    {RUSTLS_RESULT_ALERT_CERTIFICATE_UNOBTAINABLE, "alert certificate unobtainable"},
    {RUSTLS_RESULT_ALERT_UNRECOGNISED_NAME, "alert unrecognised name"},
    {RUSTLS_RESULT_ALERT_BAD_CERTIFICATE_STATUS_RESPONSE, "alert bad certificate status response"},
    {RUSTLS_RESULT_ALERT_BAD_CERTIFICATE_HASH_VALUE, "alert bad certificate hash value"},
    {RUSTLS_RESULT_ALERT_UNKNOWN_PSK_IDENTITY, "alert unknown psk identity"},
    {RUSTLS_RESULT_ALERT_CERTIFICATE_REQUIRED, "alert certificate required"},
    {RUSTLS_RESULT_ALERT_NO_APPLICATION_PROTOCOL, "alert no application protocol"},
    {RUSTLS_RESULT_ALERT_UNKNOWN, "alert unknown"},
    {RUSTLS_RESULT_CERT_REVOCATION_LIST_BAD_SIGNATURE, "cert revocation list bad signature"},
    {RUSTLS_RESULT_CERT_REVOCATION_LIST_INVALID_CRL_NUMBER, "cert revocation list invalid crl number"},
    {RUSTLS_RESULT_CERT_REVOCATION_LIST_INVALID_REVOKED_CERT_SERIAL_NUMBER, "cert revocation list invalid revoked cert serial number"},
    {RUSTLS_RESULT_CERT_REVOCATION_LIST_ISSUER_INVALID_FOR_CRL, "cert revocation list issuer invalid for crl"},
    {RUSTLS_RESULT_CERT_REVOCATION_LIST_OTHER_ERROR, "cert revocation list other error"},
    {RUSTLS_RESULT_CERT_REVOCATION_LIST_PARSE_ERROR, "cert revocation list parse error"},
    {RUSTLS_RESULT_CERT_REVOCATION_LIST_UNSUPPORTED_CRL_VERSION, "cert revocation list unsupported crl version"},
    {RUSTLS_RESULT_CERT_REVOCATION_LIST_UNSUPPORTED_CRITICAL_EXTENSION, "cert revocation list unsupported critical extension"},
    {RUSTLS_RESULT_CERT_REVOCATION_LIST_UNSUPPORTED_DELTA_CRL, "cert revocation list unsupported delta crl"},
    {RUSTLS_RESULT_CERT_REVOCATION_LIST_UNSUPPORTED_INDIRECT_CRL, "cert revocation list unsupported indirect crl"},
    {RUSTLS_RESULT_CERT_REVOCATION_LIST_UNSUPPORTED_REVOCATION_REASON, "cert revocation list unsupported revocation reason"},
    {RUSTLS_RESULT_CERT_REVOCATION_LIST_UNSUPPORTED_SIGNATURE_ALGORITHM, "cert revocation list unsupported signature algorithm"},
    {RUSTLS_RESULT_CLIENT_CERT_VERIFIER_BUILDER_NO_ROOT_ANCHORS, "client cert verifier builder no root anchors"},
    {RUSTLS_RESULT_INCONSISTENT_KEYS_KEYS_MISMATCH, "inconsistent keys keys mismatch"},
    {RUSTLS_RESULT_INCONSISTENT_KEYS_UNKNOWN, "inconsistent keys unknown"},
    {RUSTLS_RESULT_INVALID_ENCRYPTED_CLIENT_HELLO_INVALID_CONFIG_LIST, "invalid encrypted client hello invalid config list"},
    {RUSTLS_RESULT_INVALID_ENCRYPTED_CLIENT_HELLO_NO_COMPATIBLE_CONFIG, "invalid encrypted client hello no compatible config"},
    {RUSTLS_RESULT_INVALID_ENCRYPTED_CLIENT_HELLO_SNI_REQUIRED, "invalid encrypted client hello sni required"},
};

const char *pt_result_text(unsigned int result)
{
    for (size_t i = 0; i < PT_ARRAY_LEN(result_texts); i++) {
        if (result_texts[i].code == result) {
            return result_texts[i].text;
        }
    }
    return pt_result_text(RUSTLS_RESULT_INVALID_PARAMETER);
}

const char *pt_alert_name(int alert)
{
    switch (alert) {
    case PT_ALERT_CLOSE_NOTIFY: return "close_notify";
    case PT_ALERT_UNEXPECTED_MESSAGE: return "unexpected_message";
    case PT_ALERT_BAD_RECORD_MAC: return "bad_record_mac";
    case PT_ALERT_RECORD_OVERFLOW: return "record_overflow";
    case PT_ALERT_HANDSHAKE_FAILURE: return "handshake_failure";
    case PT_ALERT_BAD_CERTIFICATE: return "bad_certificate";
    case PT_ALERT_UNSUPPORTED_CERTIFICATE: return "unsupported_certificate";
    case PT_ALERT_CERTIFICATE_REVOKED: return "certificate_revoked";
    case PT_ALERT_CERTIFICATE_EXPIRED: return "certificate_expired";
    case PT_ALERT_CERTIFICATE_UNKNOWN: return "certificate_unknown";
    case PT_ALERT_ILLEGAL_PARAMETER: return "illegal_parameter";
    case PT_ALERT_UNKNOWN_CA: return "unknown_ca";
    case PT_ALERT_ACCESS_DENIED: return "access_denied";
    case PT_ALERT_DECODE_ERROR: return "decode_error";
    case PT_ALERT_DECRYPT_ERROR: return "decrypt_error";
    case PT_ALERT_PROTOCOL_VERSION: return "protocol_version";
    case PT_ALERT_INSUFFICIENT_SECURITY: return "insufficient_security";
    case PT_ALERT_INTERNAL_ERROR: return "internal_error";
    case PT_ALERT_INAPPROPRIATE_FALLBACK: return "inappropriate_fallback";
    case PT_ALERT_USER_CANCELED: return "user_canceled";
    case PT_ALERT_NO_RENEGOTIATION: return "no_renegotiation";
    case PT_ALERT_MISSING_EXTENSION: return "missing_extension";
    case PT_ALERT_UNSUPPORTED_EXTENSION: return "unsupported_extension";
    case PT_ALERT_UNRECOGNIZED_NAME: return "unrecognized_name";
    case PT_ALERT_BAD_CERTIFICATE_STATUS_RESPONSE: return "bad_certificate_status_response";
    case PT_ALERT_UNKNOWN_PSK_IDENTITY: return "unknown_psk_identity";
    case PT_ALERT_CERTIFICATE_REQUIRED: return "certificate_required";
    case PT_ALERT_NO_APPLICATION_PROTOCOL: return "no_application_protocol";
    default: return "unknown";
    }
}
