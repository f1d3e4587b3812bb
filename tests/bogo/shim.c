/*
 * shim.c - the BoGo shim: BoringSSL's TLS test runner (ssl/test/runner) drives patina through this
 * program, using only the public API (rustls.h, patina.h).
 *
 * The protocol is the one of BoringSSL's ssl/test/PORTING.md and bssl_shim.cc: the runner listens
 * on loopback and passes -port; the shim connects as a TCP client (whichever TLS side it plays),
 * performs one handshake, checks the -expect-* properties, then echoes every byte it reads back
 * XORed with 0xff until the runner closes.  Exit 0 is success, 1 failure (with the rustls error text
 * on stderr, which config.json's ErrorMap matches), 89 a flag or flag value patina cannot honour.
 */
#define _POSIX_C_SOURCE 200809L

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "patina.h"
#include "rustls.h"

#define EXIT_UNIMPLEMENTED 89

/* TLS 1.3 is the only version patina negotiates today (the TLS 1.2 issue will add 0x0303). */
#define TLS13 0x0304

/* A repeated integer flag (test_config.cc's IntVector): one value per occurrence, in order. */
#define SHIM_VEC_MAX 32
struct int_vec {
    uint16_t v[SHIM_VEC_MAX];
    size_t n;
};

/* The shim's configuration: the flags of test_config.cc that it honours. */
struct shim_config {
    int port;
    bool server;
    bool shim_writes_first;
    bool shim_shuts_down;
    bool check_close_notify;
    bool key_update;
    bool verify_peer;
    bool require_any_client_cert;
    bool verify_fail;
    bool custom_verify_callback;
    bool decline_ocsp_callback;
    bool expect_hrr;
    bool expect_no_hrr;
    bool expect_no_session;
    bool server_preference;
    bool decline_alpn;
    bool allow_unknown_alpn;
    bool write_different_record_sizes;
    const char *key_file;
    const char *cert_file;
    const char *host_name;
    const char *expect_server_name;
    const char *advertise_alpn; /* wire format: length-prefixed names */
    const char *select_alpn;
    const char *expect_alpn;
    const char *expect_advertised_alpn;
    const char *expect_peer_cert_file;
    const char *ocsp_response;        /* base64 */
    const char *expect_ocsp_response; /* base64 */
    long min_version;
    long max_version;
    long expect_version;
    long expect_curve_id;
    long expect_cipher;
    long expect_cipher_aes;
    long max_send_fragment;
    long read_size;
    long resume_count;
    /* Exporter (patina_connection_export_keying_material): bssl_shim writes the output to the
     * runner right after the handshake. */
    long export_keying_material; /* bytes to export; 0: none */
    const char *export_label;
    const char *export_context;
    bool use_export_context;
    /* Key exchange groups and signature schemes (patina.h). */
    struct int_vec curves;        /* -curves */
    struct int_vec signing_prefs; /* -signing-prefs */
    struct int_vec verify_prefs;  /* -verify-prefs */
    long expect_peer_sig_alg;     /* -expect-peer-signature-algorithm */
    struct int_vec expect_peer_verify_prefs; /* -expect-peer-verify-pref: the client's signature_algorithms */
};

static struct shim_config cfg;

/* The ClientHello facts a server's hello callback saw, for the -expect-* checks after it. */
static struct {
    bool called;
    uint8_t alpn[1024]; /* the offered protocols in wire format */
    size_t alpn_len;
    struct int_vec sigs; /* signature_algorithms, in the client's order (first SHIM_VEC_MAX) */
} seen_hello;

static const struct rustls_certified_key *server_key;

static uint8_t *expected_ocsp;
static size_t expected_ocsp_len;

/* With BOGO_SHIM_LOG set, each exit 89 appends its reason to that file (the runner shows nothing
 * of an unimplemented test), so the unimplemented set can be counted by cause. */
static void log_unimplemented(const char *what, const char *detail)
{
    const char *path = getenv("BOGO_SHIM_LOG");
    if (path == NULL) {
        return;
    }
    FILE *f = fopen(path, "a");
    if (f != NULL) {
        fprintf(f, "%s%s\n", what, detail);
        fclose(f);
    }
}

static void unimplemented(const char *what)
{
    fprintf(stderr, "unimplemented: %s\n", what);
    log_unimplemented(what, "");
    exit(EXIT_UNIMPLEMENTED);
}

static void fail(const char *what)
{
    fprintf(stderr, "%s\n", what);
    exit(1);
}

/* The name of every rustls_result (its enumerator without the RUSTLS_RESULT_ prefix). */
static const struct {
    rustls_result code;
    const char *name;
} result_names[] = {
    {RUSTLS_RESULT_OK, "OK"},
    {RUSTLS_RESULT_IO, "IO"},
    {RUSTLS_RESULT_NULL_PARAMETER, "NULL_PARAMETER"},
    {RUSTLS_RESULT_INVALID_DNS_NAME_ERROR, "INVALID_DNS_NAME_ERROR"},
    {RUSTLS_RESULT_PANIC, "PANIC"},
    {RUSTLS_RESULT_CERTIFICATE_PARSE_ERROR, "CERTIFICATE_PARSE_ERROR"},
    {RUSTLS_RESULT_PRIVATE_KEY_PARSE_ERROR, "PRIVATE_KEY_PARSE_ERROR"},
    {RUSTLS_RESULT_INSUFFICIENT_SIZE, "INSUFFICIENT_SIZE"},
    {RUSTLS_RESULT_NOT_FOUND, "NOT_FOUND"},
    {RUSTLS_RESULT_INVALID_PARAMETER, "INVALID_PARAMETER"},
    {RUSTLS_RESULT_UNEXPECTED_EOF, "UNEXPECTED_EOF"},
    {RUSTLS_RESULT_PLAINTEXT_EMPTY, "PLAINTEXT_EMPTY"},
    {RUSTLS_RESULT_ACCEPTOR_NOT_READY, "ACCEPTOR_NOT_READY"},
    {RUSTLS_RESULT_ALREADY_USED, "ALREADY_USED"},
    {RUSTLS_RESULT_CERTIFICATE_REVOCATION_LIST_PARSE_ERROR, "CERTIFICATE_REVOCATION_LIST_PARSE_ERROR"},
    {RUSTLS_RESULT_NO_SERVER_CERT_VERIFIER, "NO_SERVER_CERT_VERIFIER"},
    {RUSTLS_RESULT_NO_DEFAULT_CRYPTO_PROVIDER, "NO_DEFAULT_CRYPTO_PROVIDER"},
    {RUSTLS_RESULT_GET_RANDOM_FAILED, "GET_RANDOM_FAILED"},
    {RUSTLS_RESULT_NO_CERT_RESOLVER, "NO_CERT_RESOLVER"},
    {RUSTLS_RESULT_HPKE_ERROR, "HPKE_ERROR"},
    {RUSTLS_RESULT_BUILDER_INCOMPATIBLE_TLS_VERSIONS, "BUILDER_INCOMPATIBLE_TLS_VERSIONS"},
    {RUSTLS_RESULT_NO_CERTIFICATES_PRESENTED, "NO_CERTIFICATES_PRESENTED"},
    {RUSTLS_RESULT_DECRYPT_ERROR, "DECRYPT_ERROR"},
    {RUSTLS_RESULT_FAILED_TO_GET_CURRENT_TIME, "FAILED_TO_GET_CURRENT_TIME"},
    {RUSTLS_RESULT_FAILED_TO_GET_RANDOM_BYTES, "FAILED_TO_GET_RANDOM_BYTES"},
    {RUSTLS_RESULT_HANDSHAKE_NOT_COMPLETE, "HANDSHAKE_NOT_COMPLETE"},
    {RUSTLS_RESULT_PEER_SENT_OVERSIZED_RECORD, "PEER_SENT_OVERSIZED_RECORD"},
    {RUSTLS_RESULT_NO_APPLICATION_PROTOCOL, "NO_APPLICATION_PROTOCOL"},
    {RUSTLS_RESULT_BAD_MAX_FRAGMENT_SIZE, "BAD_MAX_FRAGMENT_SIZE"},
    {RUSTLS_RESULT_UNSUPPORTED_NAME_TYPE, "UNSUPPORTED_NAME_TYPE"},
    {RUSTLS_RESULT_ENCRYPT_ERROR, "ENCRYPT_ERROR"},
    {RUSTLS_RESULT_CERT_ENCODING_BAD, "CERT_ENCODING_BAD"},
    {RUSTLS_RESULT_CERT_EXPIRED, "CERT_EXPIRED"},
    {RUSTLS_RESULT_CERT_NOT_YET_VALID, "CERT_NOT_YET_VALID"},
    {RUSTLS_RESULT_CERT_REVOKED, "CERT_REVOKED"},
    {RUSTLS_RESULT_CERT_UNHANDLED_CRITICAL_EXTENSION, "CERT_UNHANDLED_CRITICAL_EXTENSION"},
    {RUSTLS_RESULT_CERT_UNKNOWN_ISSUER, "CERT_UNKNOWN_ISSUER"},
    {RUSTLS_RESULT_CERT_BAD_SIGNATURE, "CERT_BAD_SIGNATURE"},
    {RUSTLS_RESULT_CERT_NOT_VALID_FOR_NAME, "CERT_NOT_VALID_FOR_NAME"},
    {RUSTLS_RESULT_CERT_INVALID_PURPOSE, "CERT_INVALID_PURPOSE"},
    {RUSTLS_RESULT_CERT_APPLICATION_VERIFICATION_FAILURE, "CERT_APPLICATION_VERIFICATION_FAILURE"},
    {RUSTLS_RESULT_CERT_OTHER_ERROR, "CERT_OTHER_ERROR"},
    {RUSTLS_RESULT_CERT_UNKNOWN_REVOCATION_STATUS, "CERT_UNKNOWN_REVOCATION_STATUS"},
    {RUSTLS_RESULT_CERT_EXPIRED_REVOCATION_LIST, "CERT_EXPIRED_REVOCATION_LIST"},
    {RUSTLS_RESULT_CERT_UNSUPPORTED_SIGNATURE_ALGORITHM, "CERT_UNSUPPORTED_SIGNATURE_ALGORITHM"},
    {RUSTLS_RESULT_MESSAGE_HANDSHAKE_PAYLOAD_TOO_LARGE, "MESSAGE_HANDSHAKE_PAYLOAD_TOO_LARGE"},
    {RUSTLS_RESULT_MESSAGE_INVALID_CCS, "MESSAGE_INVALID_CCS"},
    {RUSTLS_RESULT_MESSAGE_INVALID_CONTENT_TYPE, "MESSAGE_INVALID_CONTENT_TYPE"},
    {RUSTLS_RESULT_MESSAGE_INVALID_CERT_STATUS_TYPE, "MESSAGE_INVALID_CERT_STATUS_TYPE"},
    {RUSTLS_RESULT_MESSAGE_INVALID_CERT_REQUEST, "MESSAGE_INVALID_CERT_REQUEST"},
    {RUSTLS_RESULT_MESSAGE_INVALID_DH_PARAMS, "MESSAGE_INVALID_DH_PARAMS"},
    {RUSTLS_RESULT_MESSAGE_INVALID_EMPTY_PAYLOAD, "MESSAGE_INVALID_EMPTY_PAYLOAD"},
    {RUSTLS_RESULT_MESSAGE_INVALID_KEY_UPDATE, "MESSAGE_INVALID_KEY_UPDATE"},
    {RUSTLS_RESULT_MESSAGE_INVALID_SERVER_NAME, "MESSAGE_INVALID_SERVER_NAME"},
    {RUSTLS_RESULT_MESSAGE_TOO_LARGE, "MESSAGE_TOO_LARGE"},
    {RUSTLS_RESULT_MESSAGE_TOO_SHORT, "MESSAGE_TOO_SHORT"},
    {RUSTLS_RESULT_MESSAGE_MISSING_DATA, "MESSAGE_MISSING_DATA"},
    {RUSTLS_RESULT_MESSAGE_MISSING_KEY_EXCHANGE, "MESSAGE_MISSING_KEY_EXCHANGE"},
    {RUSTLS_RESULT_MESSAGE_NO_SIGNATURE_SCHEMES, "MESSAGE_NO_SIGNATURE_SCHEMES"},
    {RUSTLS_RESULT_MESSAGE_TRAILING_DATA, "MESSAGE_TRAILING_DATA"},
    {RUSTLS_RESULT_MESSAGE_UNEXPECTED_MESSAGE, "MESSAGE_UNEXPECTED_MESSAGE"},
    {RUSTLS_RESULT_MESSAGE_UNKNOWN_PROTOCOL_VERSION, "MESSAGE_UNKNOWN_PROTOCOL_VERSION"},
    {RUSTLS_RESULT_MESSAGE_UNSUPPORTED_COMPRESSION, "MESSAGE_UNSUPPORTED_COMPRESSION"},
    {RUSTLS_RESULT_MESSAGE_UNSUPPORTED_CURVE_TYPE, "MESSAGE_UNSUPPORTED_CURVE_TYPE"},
    {RUSTLS_RESULT_MESSAGE_UNSUPPORTED_KEY_EXCHANGE_ALGORITHM, "MESSAGE_UNSUPPORTED_KEY_EXCHANGE_ALGORITHM"},
    {RUSTLS_RESULT_MESSAGE_INVALID_OTHER, "MESSAGE_INVALID_OTHER"},
    {RUSTLS_RESULT_MESSAGE_CERTIFICATE_PAYLOAD_TOO_LARGE, "MESSAGE_CERTIFICATE_PAYLOAD_TOO_LARGE"},
    {RUSTLS_RESULT_PEER_INCOMPATIBLE_ERROR, "PEER_INCOMPATIBLE_ERROR"},
    {RUSTLS_RESULT_PEER_MISBEHAVED_ERROR, "PEER_MISBEHAVED_ERROR"},
    {RUSTLS_RESULT_INAPPROPRIATE_MESSAGE, "INAPPROPRIATE_MESSAGE"},
    {RUSTLS_RESULT_INAPPROPRIATE_HANDSHAKE_MESSAGE, "INAPPROPRIATE_HANDSHAKE_MESSAGE"},
    {RUSTLS_RESULT_GENERAL, "GENERAL"},
    {RUSTLS_RESULT_ALERT_CLOSE_NOTIFY, "ALERT_CLOSE_NOTIFY"},
    {RUSTLS_RESULT_ALERT_UNEXPECTED_MESSAGE, "ALERT_UNEXPECTED_MESSAGE"},
    {RUSTLS_RESULT_ALERT_BAD_RECORD_MAC, "ALERT_BAD_RECORD_MAC"},
    {RUSTLS_RESULT_ALERT_DECRYPTION_FAILED, "ALERT_DECRYPTION_FAILED"},
    {RUSTLS_RESULT_ALERT_RECORD_OVERFLOW, "ALERT_RECORD_OVERFLOW"},
    {RUSTLS_RESULT_ALERT_DECOMPRESSION_FAILURE, "ALERT_DECOMPRESSION_FAILURE"},
    {RUSTLS_RESULT_ALERT_HANDSHAKE_FAILURE, "ALERT_HANDSHAKE_FAILURE"},
    {RUSTLS_RESULT_ALERT_NO_CERTIFICATE, "ALERT_NO_CERTIFICATE"},
    {RUSTLS_RESULT_ALERT_BAD_CERTIFICATE, "ALERT_BAD_CERTIFICATE"},
    {RUSTLS_RESULT_ALERT_UNSUPPORTED_CERTIFICATE, "ALERT_UNSUPPORTED_CERTIFICATE"},
    {RUSTLS_RESULT_ALERT_CERTIFICATE_REVOKED, "ALERT_CERTIFICATE_REVOKED"},
    {RUSTLS_RESULT_ALERT_CERTIFICATE_EXPIRED, "ALERT_CERTIFICATE_EXPIRED"},
    {RUSTLS_RESULT_ALERT_CERTIFICATE_UNKNOWN, "ALERT_CERTIFICATE_UNKNOWN"},
    {RUSTLS_RESULT_ALERT_ILLEGAL_PARAMETER, "ALERT_ILLEGAL_PARAMETER"},
    {RUSTLS_RESULT_ALERT_UNKNOWN_CA, "ALERT_UNKNOWN_CA"},
    {RUSTLS_RESULT_ALERT_ACCESS_DENIED, "ALERT_ACCESS_DENIED"},
    {RUSTLS_RESULT_ALERT_DECODE_ERROR, "ALERT_DECODE_ERROR"},
    {RUSTLS_RESULT_ALERT_DECRYPT_ERROR, "ALERT_DECRYPT_ERROR"},
    {RUSTLS_RESULT_ALERT_EXPORT_RESTRICTION, "ALERT_EXPORT_RESTRICTION"},
    {RUSTLS_RESULT_ALERT_PROTOCOL_VERSION, "ALERT_PROTOCOL_VERSION"},
    {RUSTLS_RESULT_ALERT_INSUFFICIENT_SECURITY, "ALERT_INSUFFICIENT_SECURITY"},
    {RUSTLS_RESULT_ALERT_INTERNAL_ERROR, "ALERT_INTERNAL_ERROR"},
    {RUSTLS_RESULT_ALERT_INAPPROPRIATE_FALLBACK, "ALERT_INAPPROPRIATE_FALLBACK"},
    {RUSTLS_RESULT_ALERT_USER_CANCELED, "ALERT_USER_CANCELED"},
    {RUSTLS_RESULT_ALERT_NO_RENEGOTIATION, "ALERT_NO_RENEGOTIATION"},
    {RUSTLS_RESULT_ALERT_MISSING_EXTENSION, "ALERT_MISSING_EXTENSION"},
    {RUSTLS_RESULT_ALERT_UNSUPPORTED_EXTENSION, "ALERT_UNSUPPORTED_EXTENSION"},
    {RUSTLS_RESULT_ALERT_CERTIFICATE_UNOBTAINABLE, "ALERT_CERTIFICATE_UNOBTAINABLE"},
    {RUSTLS_RESULT_ALERT_UNRECOGNISED_NAME, "ALERT_UNRECOGNISED_NAME"},
    {RUSTLS_RESULT_ALERT_BAD_CERTIFICATE_STATUS_RESPONSE, "ALERT_BAD_CERTIFICATE_STATUS_RESPONSE"},
    {RUSTLS_RESULT_ALERT_BAD_CERTIFICATE_HASH_VALUE, "ALERT_BAD_CERTIFICATE_HASH_VALUE"},
    {RUSTLS_RESULT_ALERT_UNKNOWN_PSK_IDENTITY, "ALERT_UNKNOWN_PSK_IDENTITY"},
    {RUSTLS_RESULT_ALERT_CERTIFICATE_REQUIRED, "ALERT_CERTIFICATE_REQUIRED"},
    {RUSTLS_RESULT_ALERT_NO_APPLICATION_PROTOCOL, "ALERT_NO_APPLICATION_PROTOCOL"},
    {RUSTLS_RESULT_ALERT_UNKNOWN, "ALERT_UNKNOWN"},
    {RUSTLS_RESULT_CERT_REVOCATION_LIST_BAD_SIGNATURE, "CERT_REVOCATION_LIST_BAD_SIGNATURE"},
    {RUSTLS_RESULT_CERT_REVOCATION_LIST_INVALID_CRL_NUMBER, "CERT_REVOCATION_LIST_INVALID_CRL_NUMBER"},
    {RUSTLS_RESULT_CERT_REVOCATION_LIST_INVALID_REVOKED_CERT_SERIAL_NUMBER, "CERT_REVOCATION_LIST_INVALID_REVOKED_CERT_SERIAL_NUMBER"},
    {RUSTLS_RESULT_CERT_REVOCATION_LIST_ISSUER_INVALID_FOR_CRL, "CERT_REVOCATION_LIST_ISSUER_INVALID_FOR_CRL"},
    {RUSTLS_RESULT_CERT_REVOCATION_LIST_OTHER_ERROR, "CERT_REVOCATION_LIST_OTHER_ERROR"},
    {RUSTLS_RESULT_CERT_REVOCATION_LIST_PARSE_ERROR, "CERT_REVOCATION_LIST_PARSE_ERROR"},
    {RUSTLS_RESULT_CERT_REVOCATION_LIST_UNSUPPORTED_CRL_VERSION, "CERT_REVOCATION_LIST_UNSUPPORTED_CRL_VERSION"},
    {RUSTLS_RESULT_CERT_REVOCATION_LIST_UNSUPPORTED_CRITICAL_EXTENSION, "CERT_REVOCATION_LIST_UNSUPPORTED_CRITICAL_EXTENSION"},
    {RUSTLS_RESULT_CERT_REVOCATION_LIST_UNSUPPORTED_DELTA_CRL, "CERT_REVOCATION_LIST_UNSUPPORTED_DELTA_CRL"},
    {RUSTLS_RESULT_CERT_REVOCATION_LIST_UNSUPPORTED_INDIRECT_CRL, "CERT_REVOCATION_LIST_UNSUPPORTED_INDIRECT_CRL"},
    {RUSTLS_RESULT_CERT_REVOCATION_LIST_UNSUPPORTED_REVOCATION_REASON, "CERT_REVOCATION_LIST_UNSUPPORTED_REVOCATION_REASON"},
    {RUSTLS_RESULT_CERT_REVOCATION_LIST_UNSUPPORTED_SIGNATURE_ALGORITHM, "CERT_REVOCATION_LIST_UNSUPPORTED_SIGNATURE_ALGORITHM"},
    {RUSTLS_RESULT_CLIENT_CERT_VERIFIER_BUILDER_NO_ROOT_ANCHORS, "CLIENT_CERT_VERIFIER_BUILDER_NO_ROOT_ANCHORS"},
    {RUSTLS_RESULT_INCONSISTENT_KEYS_KEYS_MISMATCH, "INCONSISTENT_KEYS_KEYS_MISMATCH"},
    {RUSTLS_RESULT_INCONSISTENT_KEYS_UNKNOWN, "INCONSISTENT_KEYS_UNKNOWN"},
    {RUSTLS_RESULT_INVALID_ENCRYPTED_CLIENT_HELLO_INVALID_CONFIG_LIST, "INVALID_ENCRYPTED_CLIENT_HELLO_INVALID_CONFIG_LIST"},
    {RUSTLS_RESULT_INVALID_ENCRYPTED_CLIENT_HELLO_NO_COMPATIBLE_CONFIG, "INVALID_ENCRYPTED_CLIENT_HELLO_NO_COMPATIBLE_CONFIG"},
    {RUSTLS_RESULT_INVALID_ENCRYPTED_CLIENT_HELLO_SNI_REQUIRED, "INVALID_ENCRYPTED_CLIENT_HELLO_SNI_REQUIRED"},
};

static const char *result_name(rustls_result r)
{
    for (size_t i = 0; i < sizeof(result_names) / sizeof(result_names[0]); i++) {
        if (result_names[i].code == r) {
            return result_names[i].name;
        }
    }
    return "UNKNOWN";
}

/*
 * A coarse class of a result, for the ErrorMap entries where BoGo names one error (":DECODE_ERROR:")
 * that patina reports with several results (too short, trailing data, ...): rustls-ffi's results
 * are finer than BoringSSL's there, and this runner has no per-test error map.
 */
static const char *result_class(const char *name)
{
    if (strcmp(name, "MESSAGE_UNEXPECTED_MESSAGE") == 0 || strcmp(name, "INAPPROPRIATE_MESSAGE") == 0 ||
        strcmp(name, "INAPPROPRIATE_HANDSHAKE_MESSAGE") == 0) {
        return "UNEXPECTED_MESSAGE";
    }
    if (strcmp(name, "MESSAGE_INVALID_CONTENT_TYPE") == 0 || strcmp(name, "MESSAGE_UNKNOWN_PROTOCOL_VERSION") == 0) {
        return "GARBAGE";
    }
    if (strncmp(name, "MESSAGE_", 8) == 0) {
        return "BAD_MESSAGE";
    }
    if (strncmp(name, "CERT_", 5) == 0) {
        return "CERT_REJECTED";
    }
    if (strncmp(name, "ALERT_", 6) == 0) {
        return "ALERT_RECEIVED";
    }
    return name;
}

/*
 * Print the rustls error text with the result's name and class, and exit 1.  config.json's
 * ErrorMap matches "[name=...]" or "[class=...]" (brackets keep one name from matching inside
 * another: ALERT_UNEXPECTED_MESSAGE is not UNEXPECTED_MESSAGE).
 */
static void fail_result(const char *what, rustls_result r)
{
    char buf[512];
    size_t n = 0;
    rustls_error(r, buf, sizeof(buf) - 1, &n);
    buf[n] = '\0';
    const char *name = result_name(r);
    fprintf(stderr, "%s: error %u [name=%s] [class=%s]: %s\n", what, (unsigned)r, name, result_class(name), buf);
    exit(1);
}

/* ------------------------------------------------------------ Flags */

static long parse_int(const char *flag, const char *s)
{
    char *end = NULL;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0') {
        fprintf(stderr, "bad value for %s: %s\n", flag, s);
        exit(1);
    }
    return v;
}

/* Flags with no effect on a TLS 1.3 handshake without resumption, or already patina's behaviour. */
static const char *const ignored_bool_flags[] = {
    "-no-tls12", "-no-tls11", "-no-tls1",
    /* Patina sends no session tickets yet, so there is nothing to turn off. */
    "-no-ticket",
    /* SSL_do_handshake is implicit in the shim's loop either way. */
    "-implicit-handshake",
    /* A second SSL_do_handshake after completion does nothing. */
    "-handshake-twice", "-no-op-extra-handshake",
    /* Peeking returns the same bytes the read then returns. */
    "-peek-then-read",
    /* Writes are always complete (blocking socket, buffered connection). */
    "-partial-write",
    /* The handshake fails when verification does, so a completed one had a good result. */
    "-expect-verify-result",
    /* BoringSSL's client certificate callback hands over -cert-file/-key-file when the server
     * asks: the same as configuring them up front. */
    "-use-old-client-cert-callback",
    /* BoringSSL reports extended master secret for every TLS 1.3 connection (the key schedule
     * binds the transcript), and TLS 1.3 is all the shim negotiates (check_supported). */
    "-expect-extended-master-secret",
    /* rustls clients always ask for OCSP stapling. */
    "-enable-ocsp-stapling",
    /* bssl_shim's OCSP callback (without -fail-ocsp-callback) staples what -ocsp-response gives,
     * set in the callback or before: for patina both are the certified key's response.
     * -decline-ocsp-callback drops it (below). */
    "-use-ocsp-callback", "-set-ocsp-in-callback",
    /* BoringSSL's async mode makes its BIOs return "would block" at every step; the shim's
     * loop already feeds patina whatever bytes arrive, one read at a time. */
    "-async",
    NULL,
};

/* Flags with a parameter that needs nothing from the shim when nothing is resumed. */
static const char *const ignored_param_flags[] = {
    "-resumption-delay",
    NULL,
};

static bool in_list(const char *const *list, const char *name)
{
    for (size_t i = 0; list[i] != NULL; i++) {
        if (strcmp(list[i], name) == 0) {
            return true;
        }
    }
    return false;
}

struct bool_flag {
    const char *name;
    bool *field;
};

struct str_flag {
    const char *name;
    const char **field;
};

struct int_flag {
    const char *name;
    long *field;
};

struct vec_flag {
    const char *name;
    struct int_vec *field;
};

/* Append one value of a repeated flag; values outside 16 bits are no group or scheme patina has. */
static void vec_push(const char *flag, struct int_vec *vec, const char *value)
{
    long v = parse_int(flag, value);
    if (v < 0 || v > 0xffff) {
        fprintf(stderr, "%s %ld: ", flag, v);
        unimplemented("group or scheme value outside 16 bits");
    }
    if (vec->n == SHIM_VEC_MAX) {
        unimplemented("more repeated values than the shim keeps");
    }
    vec->v[vec->n++] = (uint16_t)v;
}

static void parse_flags(int argc, char **argv)
{
    const struct bool_flag bools[] = {
        {"-server", &cfg.server},
        {"-shim-writes-first", &cfg.shim_writes_first},
        {"-shim-shuts-down", &cfg.shim_shuts_down},
        {"-check-close-notify", &cfg.check_close_notify},
        {"-key-update", &cfg.key_update},
        {"-verify-peer", &cfg.verify_peer},
        {"-require-any-client-certificate", &cfg.require_any_client_cert},
        {"-verify-fail", &cfg.verify_fail},
        {"-use-custom-verify-callback", &cfg.custom_verify_callback},
        {"-decline-ocsp-callback", &cfg.decline_ocsp_callback},
        {"-expect-hrr", &cfg.expect_hrr},
        {"-expect-no-hrr", &cfg.expect_no_hrr},
        {"-expect-no-session", &cfg.expect_no_session},
        {"-server-preference", &cfg.server_preference},
        {"-decline-alpn", &cfg.decline_alpn},
        {"-allow-unknown-alpn-protos", &cfg.allow_unknown_alpn},
        {"-write-different-record-sizes", &cfg.write_different_record_sizes},
        {"-use-export-context", &cfg.use_export_context},
        {NULL, NULL},
    };
    const struct str_flag strs[] = {
        {"-key-file", &cfg.key_file},
        {"-cert-file", &cfg.cert_file},
        {"-host-name", &cfg.host_name},
        {"-expect-server-name", &cfg.expect_server_name},
        {"-advertise-alpn", &cfg.advertise_alpn},
        {"-select-alpn", &cfg.select_alpn},
        {"-expect-alpn", &cfg.expect_alpn},
        {"-expect-advertised-alpn", &cfg.expect_advertised_alpn},
        {"-expect-peer-cert-file", &cfg.expect_peer_cert_file},
        {"-ocsp-response", &cfg.ocsp_response},
        {"-expect-ocsp-response", &cfg.expect_ocsp_response},
        {"-export-label", &cfg.export_label},
        {"-export-context", &cfg.export_context},
        {NULL, NULL},
    };
    const struct int_flag ints[] = {
        {"-port", NULL},
        {"-min-version", &cfg.min_version},
        {"-max-version", &cfg.max_version},
        {"-expect-version", &cfg.expect_version},
        {"-expect-curve-id", &cfg.expect_curve_id},
        {"-expect-cipher", &cfg.expect_cipher},
        {"-expect-cipher-aes", &cfg.expect_cipher_aes},
        {"-expect-cipher-no-aes", NULL},
        {"-max-send-fragment", &cfg.max_send_fragment},
        {"-read-size", &cfg.read_size},
        {"-resume-count", &cfg.resume_count},
        {"-export-keying-material", &cfg.export_keying_material},
        {"-expect-peer-signature-algorithm", &cfg.expect_peer_sig_alg},
        {NULL, NULL},
    };
    const struct vec_flag vecs[] = {
        {"-curves", &cfg.curves},
        {"-signing-prefs", &cfg.signing_prefs},
        {"-verify-prefs", &cfg.verify_prefs},
        {"-expect-peer-verify-pref", &cfg.expect_peer_verify_prefs},
        {NULL, NULL},
    };

    for (int i = 1; i < argc; i++) {
        const char *name = argv[i];
        bool skip = false;
        /* test_config.cc: -on-shim- applies here, -on-handshaker- does not. */
        if (strncmp(name, "-on-shim-", 9) == 0) {
            name += 8;
        } else if (strncmp(name, "-on-handshaker-", 15) == 0) {
            name += 14;
            skip = true;
        }
        /* Only the initial handshake runs (-resume-count > 0 is unimplemented), so -on-resume- and
         * -on-retry- flags never apply; -on-initial- always does. */
        if (strncmp(name, "-on-initial-", 12) == 0) {
            name += 11;
        } else if (strncmp(name, "-on-resume-", 11) == 0) {
            name += 10;
            skip = true;
        } else if (strncmp(name, "-on-retry-", 10) == 0) {
            name += 9;
            skip = true;
        }

        bool done = false;
        for (size_t k = 0; bools[k].name != NULL && !done; k++) {
            if (strcmp(name, bools[k].name) == 0) {
                if (!skip) {
                    *bools[k].field = true;
                }
                done = true;
            }
        }
        if (!done && in_list(ignored_bool_flags, name)) {
            done = true;
        }
        if (done) {
            continue;
        }

        const char **sfield = NULL;
        long *ifield = NULL;
        struct int_vec *vfield = NULL;
        bool known = false;
        for (size_t k = 0; strs[k].name != NULL && !known; k++) {
            if (strcmp(name, strs[k].name) == 0) {
                sfield = strs[k].field;
                known = true;
            }
        }
        for (size_t k = 0; ints[k].name != NULL && !known; k++) {
            if (strcmp(name, ints[k].name) == 0) {
                ifield = ints[k].field;
                known = true;
                if (strcmp(name, "-port") == 0 && i + 1 < argc) {
                    cfg.port = (int)parse_int(name, argv[i + 1]);
                }
            }
        }
        for (size_t k = 0; vecs[k].name != NULL && !known; k++) {
            if (strcmp(name, vecs[k].name) == 0) {
                vfield = vecs[k].field;
                known = true;
            }
        }
        if (!known && in_list(ignored_param_flags, name)) {
            known = true;
        }
        if (!known) {
            fprintf(stderr, "unimplemented flag: %s\n", argv[i]);
            log_unimplemented("flag ", name);
            exit(EXIT_UNIMPLEMENTED);
        }
        if (i + 1 >= argc) {
            fprintf(stderr, "missing parameter for %s\n", name);
            exit(1);
        }
        i++;
        if (skip) {
            continue;
        }
        if (sfield != NULL) {
            *sfield = argv[i];
        } else if (ifield != NULL) {
            *ifield = parse_int(name, argv[i]);
        } else if (vfield != NULL) {
            vec_push(name, vfield, argv[i]);
        }
    }
}

/* Refuse, with exit 89, every configuration patina cannot play today. */
static void check_supported(void)
{
    if (cfg.resume_count > 0) {
        unimplemented("resumption (-resume-count)");
    }
    if (!cfg.server && cfg.expect_peer_verify_prefs.n > 0) {
        unimplemented("client -expect-peer-verify-pref (the API does not show a CertificateRequest's schemes)");
    }
    if (cfg.max_version != 0 && cfg.max_version < TLS13) {
        unimplemented("TLS versions below 1.3 (-max-version)");
    }
    if (cfg.min_version > TLS13) {
        unimplemented("-min-version above TLS 1.3");
    }
    if (cfg.expect_version != 0 && cfg.expect_version != TLS13) {
        unimplemented("TLS versions other than 1.3 (-expect-version)");
    }
    if (cfg.server && (cfg.key_file == NULL || cfg.cert_file == NULL)) {
        unimplemented("server without -key-file/-cert-file");
    }
    if (!cfg.server && cfg.ocsp_response != NULL) {
        unimplemented("client -ocsp-response");
    }
    if (cfg.server && cfg.expect_ocsp_response != NULL) {
        unimplemented("server -expect-ocsp-response");
    }
}

/* ------------------------------------------------------------ Files and encodings */

static uint8_t *read_file(const char *path, size_t *len_out)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "cannot open %s: %s\n", path, strerror(errno));
        exit(1);
    }
    size_t cap = 4096;
    size_t len = 0;
    uint8_t *buf = malloc(cap);
    if (buf == NULL) {
        fail("out of memory");
    }
    for (;;) {
        size_t n = fread(buf + len, 1, cap - len, f);
        len += n;
        if (len < cap) {
            break;
        }
        cap *= 2;
        uint8_t *nb = realloc(buf, cap);
        if (nb == NULL) {
            fail("out of memory");
        }
        buf = nb;
    }
    fclose(f);
    /* Keep a NUL after the contents so PEM text can be searched as a string. */
    uint8_t *nb = realloc(buf, len + 1);
    if (nb == NULL) {
        fail("out of memory");
    }
    nb[len] = 0;
    *len_out = len;
    return nb;
}

static int b64_value(int c)
{
    if (c >= 'A' && c <= 'Z') {
        return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
        return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
        return c - '0' + 52;
    }
    if (c == '+') {
        return 62;
    }
    if (c == '/') {
        return 63;
    }
    return -1;
}

/* Decode base64 (RFC 4648 section 4), skipping whitespace; NULL if malformed. */
static uint8_t *b64_decode(const char *s, size_t *len_out)
{
    size_t slen = strlen(s);
    uint8_t *out = malloc(slen / 4 * 3 + 3);
    if (out == NULL) {
        fail("out of memory");
    }
    size_t n = 0;
    uint32_t acc = 0;
    int bits = 0;
    for (size_t i = 0; i < slen; i++) {
        int c = (unsigned char)s[i];
        if (c == '=' || c == '\n' || c == '\r' || c == ' ') {
            continue;
        }
        int v = b64_value(c);
        if (v < 0) {
            free(out);
            return NULL;
        }
        acc = (acc << 6) | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[n++] = (uint8_t)(acc >> bits);
        }
    }
    *len_out = n;
    return out;
}

/* The DER of the next CERTIFICATE block at *cursor (a NUL-terminated PEM text), or NULL. */
static uint8_t *next_pem_cert(char **cursor, size_t *len_out)
{
    static const char begin[] = "-----BEGIN CERTIFICATE-----";
    static const char end[] = "-----END CERTIFICATE-----";
    char *b = strstr(*cursor, begin);
    if (b == NULL) {
        return NULL;
    }
    b += strlen(begin);
    char *e = strstr(b, end);
    if (e == NULL) {
        fail("truncated PEM certificate");
    }
    *e = '\0';
    uint8_t *der = b64_decode(b, len_out);
    *cursor = e + strlen(end);
    if (der == NULL) {
        fail("bad base64 in PEM certificate");
    }
    return der;
}

/* ------------------------------------------------------------ Certificates and verifiers */

static const struct rustls_certified_key *load_certified_key(void)
{
    size_t cert_len = 0;
    size_t key_len = 0;
    uint8_t *cert = read_file(cfg.cert_file, &cert_len);
    uint8_t *key = read_file(cfg.key_file, &key_len);
    const struct rustls_certified_key *ck = NULL;
    rustls_result r = rustls_certified_key_build(cert, cert_len, key, key_len, &ck);
    free(cert);
    free(key);
    if (r == RUSTLS_RESULT_PRIVATE_KEY_PARSE_ERROR) {
        /* P-224, P-521 and RSA-1024 keys: patina does not sign with them. */
        fprintf(stderr, "key %s: ", cfg.key_file);
        unimplemented("private key type");
    }
    if (r != RUSTLS_RESULT_OK) {
        fail_result("rustls_certified_key_build", r);
    }
    if (cfg.ocsp_response != NULL && !cfg.decline_ocsp_callback) {
        size_t ocsp_len = 0;
        uint8_t *ocsp = b64_decode(cfg.ocsp_response, &ocsp_len);
        if (ocsp == NULL) {
            fail("bad base64 in -ocsp-response");
        }
        struct rustls_slice_bytes slice = {ocsp, ocsp_len};
        const struct rustls_certified_key *clone = NULL;
        r = rustls_certified_key_clone_with_ocsp(ck, &slice, &clone);
        free(ocsp);
        if (r != RUSTLS_RESULT_OK) {
            fail_result("rustls_certified_key_clone_with_ocsp", r);
        }
        rustls_certified_key_free(ck);
        ck = clone;
    }
    return ck;
}

/*
 * -verify-fail, for either role.  bssl_shim's custom verify callback returns ssl_verify_invalid,
 * which BoringSSL reports with certificate_unknown: patina sends that alert for CERT_OTHER_ERROR.
 * Its X509 callback fails with X509_V_ERR_APPLICATION_VERIFICATION, this API's nearest result.
 */
static uint32_t verify_fail_result(void)
{
    return cfg.custom_verify_callback ? RUSTLS_RESULT_CERT_OTHER_ERROR
                                      : RUSTLS_RESULT_CERT_APPLICATION_VERIFICATION_FAILURE;
}

/*
 * The client's server certificate check.  bssl_shim accepts any chain (the runner's certificates
 * are expired and self-signed); what it tests is the signature in CertificateVerify, which patina
 * still checks against the leaf.  Only the stapled OCSP response is compared here.
 */
static uint32_t verify_server_cert(void *userdata, const struct rustls_verify_server_cert_params *params)
{
    (void)userdata;
    if (cfg.verify_fail) {
        return verify_fail_result();
    }
    if (expected_ocsp != NULL) {
        if (params->ocsp_response.len != expected_ocsp_len ||
            memcmp(params->ocsp_response.data, expected_ocsp, expected_ocsp_len) != 0) {
            fprintf(stderr, "OCSP response mismatch\n");
            return RUSTLS_RESULT_CERT_APPLICATION_VERIFICATION_FAILURE;
        }
    }
    return RUSTLS_RESULT_OK;
}

/*
 * The server's client certificate check: as bssl_shim, any chain (the runner's client
 * certificates are expired and self-signed); patina still checks the client's CertificateVerify
 * against the leaf.  -expect-peer-cert-file compares the chain after the handshake.
 */
static uint32_t verify_client_cert(void *userdata, const struct patina_verify_client_cert_params *params)
{
    (void)userdata;
    (void)params;
    return cfg.verify_fail ? verify_fail_result() : (uint32_t)RUSTLS_RESULT_OK;
}

/* Split an ALPN wire-format list ("\x03foo\x03bar") into slices; exit 1 if malformed. */
static size_t alpn_split(const char *wire, struct rustls_slice_bytes *out, size_t max)
{
    const uint8_t *p = (const uint8_t *)wire;
    size_t len = strlen(wire);
    size_t n = 0;
    size_t i = 0;
    while (i < len) {
        size_t l = p[i];
        if (l == 0 || i + 1 + l > len || n == max) {
            fail("bad ALPN list");
        }
        out[n].data = p + i + 1;
        out[n].len = l;
        n++;
        i += 1 + l;
    }
    return n;
}

/* The server's ClientHello callback: note what the -expect-* checks need, then pick the key. */
static const struct rustls_certified_key *hello_callback(void *userdata, const struct rustls_client_hello *hello)
{
    (void)userdata;
    seen_hello.called = true;
    seen_hello.alpn_len = 0;
    seen_hello.sigs.n = 0;
    for (size_t i = 0; i < hello->signature_schemes.len && seen_hello.sigs.n < SHIM_VEC_MAX; i++) {
        seen_hello.sigs.v[seen_hello.sigs.n++] = hello->signature_schemes.data[i];
    }
    if (hello->alpn != NULL) {
        size_t count = rustls_slice_slice_bytes_len(hello->alpn);
        for (size_t i = 0; i < count; i++) {
            struct rustls_slice_bytes p = rustls_slice_slice_bytes_get(hello->alpn, i);
            if (seen_hello.alpn_len + 1 + p.len <= sizeof(seen_hello.alpn)) {
                seen_hello.alpn[seen_hello.alpn_len++] = (uint8_t)p.len;
                memcpy(seen_hello.alpn + seen_hello.alpn_len, p.data, p.len);
                seen_hello.alpn_len += p.len;
            }
        }
    }
    const struct rustls_certified_key *chosen = NULL;
    if (rustls_client_hello_select_certified_key(hello, &server_key, 1, &chosen) != RUSTLS_RESULT_OK) {
        return NULL;
    }
    return chosen;
}

/* ------------------------------------------------------------ Configs */

static const uint16_t versions[] = {TLS13};

/* Exit 89 for a repeated flag with a value patina lacks, naming the values (BOGO_SHIM_LOG). */
static void unimplemented_values(const char *what, const struct int_vec *vec)
{
    char detail[SHIM_VEC_MAX * 7 + 1];
    size_t off = 0;
    for (size_t i = 0; i < vec->n; i++) {
        off += (size_t)snprintf(detail + off, sizeof(detail) - off, " %04x", vec->v[i]);
    }
    detail[off] = '\0';
    fprintf(stderr, "unimplemented: %s%s\n", what, detail);
    log_unimplemented(what, detail);
    exit(EXIT_UNIMPLEMENTED);
}

/*
 * The provider: the default, narrowed by -curves (key exchange groups, the first one's key share
 * sent) and -verify-prefs (schemes offered and accepted in CertificateVerify).  A value patina
 * lacks is a test it cannot play: exit 89.
 */
static const struct rustls_crypto_provider *make_provider(void)
{
    const struct rustls_crypto_provider *def = rustls_crypto_provider_default();
    if (def == NULL) {
        fail("out of memory");
    }
    if (cfg.curves.n == 0 && cfg.verify_prefs.n == 0) {
        return def;
    }
    struct rustls_crypto_provider_builder *pb = rustls_crypto_provider_builder_new_with_base(def);
    rustls_crypto_provider_free(def);
    if (pb == NULL) {
        fail("out of memory");
    }
    rustls_result r;
    if (cfg.curves.n > 0) {
        r = patina_crypto_provider_builder_set_kx_groups(pb, cfg.curves.v, cfg.curves.n);
        if (r == RUSTLS_RESULT_INVALID_PARAMETER) {
            unimplemented_values("-curves with a group patina lacks (or a repeat):", &cfg.curves);
        } else if (r != RUSTLS_RESULT_OK) {
            fail_result("set_kx_groups", r);
        }
    }
    if (cfg.verify_prefs.n > 0) {
        r = patina_crypto_provider_builder_set_verify_schemes(pb, cfg.verify_prefs.v, cfg.verify_prefs.n);
        if (r == RUSTLS_RESULT_INVALID_PARAMETER) {
            unimplemented_values("-verify-prefs with a scheme patina lacks (or a repeat):", &cfg.verify_prefs);
        } else if (r != RUSTLS_RESULT_OK) {
            fail_result("set_verify_schemes", r);
        }
    }
    const struct rustls_crypto_provider *p = NULL;
    r = rustls_crypto_provider_builder_build(pb, &p);
    rustls_crypto_provider_builder_free(pb);
    if (r != RUSTLS_RESULT_OK) {
        fail_result("rustls_crypto_provider_builder_build", r);
    }
    return p;
}

/* -signing-prefs, for either config builder's setter. */
static void check_signing_prefs(rustls_result r)
{
    if (r == RUSTLS_RESULT_INVALID_PARAMETER) {
        unimplemented_values("-signing-prefs with a scheme patina lacks (or a repeat):", &cfg.signing_prefs);
    } else if (r != RUSTLS_RESULT_OK) {
        fail_result("set_signing_schemes", r);
    }
}

static const struct rustls_server_config *make_server_config(void)
{
    struct rustls_server_config_builder *b = NULL;
    /* A new reference (the builder takes its own). */
    const struct rustls_crypto_provider *provider = make_provider();
    rustls_result r = rustls_server_config_builder_new_custom(provider, versions, 1, &b);
    rustls_crypto_provider_free(provider);
    if (r != RUSTLS_RESULT_OK) {
        fail_result("rustls_server_config_builder_new_custom", r);
    }
    server_key = load_certified_key();
    r = rustls_server_config_builder_set_hello_callback(b, hello_callback);
    if (r != RUSTLS_RESULT_OK) {
        fail_result("set_hello_callback", r);
    }
    if (cfg.select_alpn != NULL && !cfg.decline_alpn) {
        struct rustls_slice_bytes p = {(const uint8_t *)cfg.select_alpn, strlen(cfg.select_alpn)};
        if (p.len == 0) {
            unimplemented("-select-alpn with an empty protocol");
        }
        r = rustls_server_config_builder_set_alpn_protocols(b, &p, 1);
        if (r != RUSTLS_RESULT_OK) {
            fail_result("set_alpn_protocols", r);
        }
    }
    if (cfg.verify_peer || cfg.require_any_client_cert) {
        /* bssl_shim's verify mode: -require-any-client-certificate makes a certificate mandatory
         * (SSL_VERIFY_FAIL_IF_NO_PEER_CERT), but -verify-peer, applied after it, resets the mode
         * to SSL_VERIFY_PEER, which requests one and lets the client send none. */
        bool optional = cfg.verify_peer;
        struct rustls_client_cert_verifier *verifier = NULL;
        r = patina_client_cert_verifier_new_dangerous(verify_client_cert, optional, &verifier);
        if (r != RUSTLS_RESULT_OK) {
            fail_result("patina_client_cert_verifier_new_dangerous", r);
        }
        rustls_server_config_builder_set_client_verifier(b, verifier);
        rustls_client_cert_verifier_free(verifier);
    }
    if (cfg.server_preference) {
        r = rustls_server_config_builder_set_ignore_client_order(b, true);
        if (r != RUSTLS_RESULT_OK) {
            fail_result("set_ignore_client_order", r);
        }
    }
    if (cfg.max_send_fragment != 0) {
        /* BoringSSL counts plaintext bytes; patina, like rustls, counts the 5-byte header too. */
        r = patina_server_config_builder_set_max_fragment_size(b, (size_t)cfg.max_send_fragment + 5);
        if (r != RUSTLS_RESULT_OK) {
            unimplemented("-max-send-fragment value");
        }
    }
    if (cfg.signing_prefs.n > 0) {
        check_signing_prefs(
            patina_server_config_builder_set_signing_schemes(b, cfg.signing_prefs.v, cfg.signing_prefs.n));
    }
    const struct rustls_server_config *config = NULL;
    r = rustls_server_config_builder_build(b, &config);
    if (r != RUSTLS_RESULT_OK) {
        fail_result("rustls_server_config_builder_build", r);
    }
    return config;
}

static const struct rustls_client_config *make_client_config(void)
{
    struct rustls_client_config_builder *b = NULL;
    /* A new reference (the builder takes its own). */
    const struct rustls_crypto_provider *provider = make_provider();
    rustls_result r = rustls_client_config_builder_new_custom(provider, versions, 1, &b);
    rustls_crypto_provider_free(provider);
    if (r != RUSTLS_RESULT_OK) {
        fail_result("rustls_client_config_builder_new_custom", r);
    }
    r = rustls_client_config_builder_dangerous_set_certificate_verifier(b, verify_server_cert);
    if (r != RUSTLS_RESULT_OK) {
        fail_result("dangerous_set_certificate_verifier", r);
    }
    if (cfg.advertise_alpn != NULL) {
        struct rustls_slice_bytes protos[64];
        size_t n = alpn_split(cfg.advertise_alpn, protos, 64);
        r = rustls_client_config_builder_set_alpn_protocols(b, protos, n);
        if (r != RUSTLS_RESULT_OK) {
            fail_result("set_alpn_protocols", r);
        }
    }
    /* bssl_shim sends server_name only when given -host-name. */
    rustls_client_config_builder_set_enable_sni(b, cfg.host_name != NULL);
    if (cfg.allow_unknown_alpn) {
        rustls_client_config_builder_set_check_selected_alpn(b, false);
    }
    if (cfg.key_file != NULL || cfg.cert_file != NULL) {
        if (cfg.key_file == NULL || cfg.cert_file == NULL) {
            unimplemented("only one of -key-file/-cert-file");
        }
        const struct rustls_certified_key *ck = load_certified_key();
        r = rustls_client_config_builder_set_certified_key(b, &ck, 1);
        rustls_certified_key_free(ck);
        if (r != RUSTLS_RESULT_OK) {
            fail_result("set_certified_key", r);
        }
    }
    if (cfg.max_send_fragment != 0) {
        r = patina_client_config_builder_set_max_fragment_size(b, (size_t)cfg.max_send_fragment + 5);
        if (r != RUSTLS_RESULT_OK) {
            unimplemented("-max-send-fragment value");
        }
    }
    if (cfg.expect_ocsp_response != NULL) {
        expected_ocsp = b64_decode(cfg.expect_ocsp_response, &expected_ocsp_len);
        if (expected_ocsp == NULL) {
            fail("bad base64 in -expect-ocsp-response");
        }
    }
    if (cfg.signing_prefs.n > 0) {
        check_signing_prefs(
            patina_client_config_builder_set_signing_schemes(b, cfg.signing_prefs.v, cfg.signing_prefs.n));
    }
    const struct rustls_client_config *config = NULL;
    r = rustls_client_config_builder_build(b, &config);
    if (r != RUSTLS_RESULT_OK) {
        fail_result("rustls_client_config_builder_build", r);
    }
    return config;
}

/* ------------------------------------------------------------ Socket I/O */

static int sock = -1;

static int connect_runner(int port)
{
    /* As bssl_shim: the runner listens on ::1, or 127.0.0.1 where IPv6 is missing. */
    for (int attempt = 0; attempt < 2; attempt++) {
        struct sockaddr_storage ss;
        socklen_t len;
        memset(&ss, 0, sizeof(ss));
        int af = attempt == 0 ? AF_INET6 : AF_INET;
        if (af == AF_INET6) {
            struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
            sin6->sin6_family = AF_INET6;
            sin6->sin6_port = htons((uint16_t)port);
            sin6->sin6_addr = in6addr_loopback;
            len = sizeof(*sin6);
        } else {
            struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
            sin->sin_family = AF_INET;
            sin->sin_port = htons((uint16_t)port);
            sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            len = sizeof(*sin);
        }
        int fd = socket(af, SOCK_STREAM, 0);
        if (fd < 0) {
            continue;
        }
        if (connect(fd, (struct sockaddr *)&ss, len) == 0) {
            int one = 1;
            (void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
            return fd;
        }
        close(fd);
    }
    fail("cannot connect to the runner");
    return -1;
}

static rustls_io_result sock_read(void *userdata, uint8_t *buf, size_t n, size_t *out_n)
{
    (void)userdata;
    for (;;) {
        ssize_t got = read(sock, buf, n);
        if (got >= 0) {
            *out_n = (size_t)got;
            return 0;
        }
        if (errno != EINTR) {
            return errno;
        }
    }
}

static rustls_io_result sock_write(void *userdata, const uint8_t *buf, size_t n, size_t *out_n)
{
    (void)userdata;
    for (;;) {
        ssize_t put = write(sock, buf, n);
        if (put >= 0) {
            *out_n = (size_t)put;
            return 0;
        }
        if (errno != EINTR) {
            return errno;
        }
    }
}

static struct rustls_connection *conn;

/* Send everything queued.  A peer that already closed is not our failure here. */
static void flush(void)
{
    while (rustls_connection_wants_write(conn)) {
        size_t n = 0;
        rustls_io_result e = rustls_connection_write_tls(conn, sock_write, NULL, &n);
        if (e != 0) {
            return;
        }
        if (n == 0) {
            return;
        }
    }
}

/* Read one chunk of TLS from the socket and process it; false at end of stream.  Exits on error,
 * after sending the alert patina queued. */
static bool pump(void)
{
    size_t n = 0;
    rustls_io_result e = rustls_connection_read_tls(conn, sock_read, NULL, &n);
    if (e != 0) {
        fprintf(stderr, "read_tls: %s\n", strerror(e));
        exit(1);
    }
    rustls_result r = rustls_connection_process_new_packets(conn);
    if (r != RUSTLS_RESULT_OK) {
        flush();
        fail_result("process_new_packets", r);
    }
    flush();
    return n != 0;
}

static void write_all(const uint8_t *buf, size_t len)
{
    while (len > 0) {
        size_t n = 0;
        rustls_result r = rustls_connection_write(conn, buf, len, &n);
        if (r != RUSTLS_RESULT_OK) {
            fail_result("rustls_connection_write", r);
        }
        flush();
        buf += n;
        len -= n;
    }
}

/* ------------------------------------------------------------ Checks */

static void check_handshake(void)
{
    uint16_t version = rustls_connection_get_protocol_version(conn);
    if (cfg.expect_version != 0 && version != cfg.expect_version) {
        fprintf(stderr, "want version %04lx, got %04x\n", (unsigned long)cfg.expect_version, version);
        exit(1);
    }
    uint16_t suite = rustls_connection_get_negotiated_ciphersuite(conn);
    if (suite == 0) {
        fail("null cipher after handshake");
    }
    /* bssl_shim picks -expect-cipher-aes on machines with AES instructions: patina's order, like
     * BoringSSL's, prefers AES-GCM there (an x86-64 with AES-NI is assumed). */
    long want_suite = cfg.expect_cipher != 0 ? cfg.expect_cipher : cfg.expect_cipher_aes;
    if (want_suite != 0 && suite != want_suite) {
        fprintf(stderr, "unexpected cipher: want %04lx, got %04x\n", (unsigned long)want_suite, suite);
        exit(1);
    }
    uint16_t group = rustls_connection_get_negotiated_key_exchange_group(conn);
    if (cfg.expect_curve_id != 0 && group != cfg.expect_curve_id) {
        fprintf(stderr, "curve_id was %04x, wanted %04lx\n", group, (unsigned long)cfg.expect_curve_id);
        exit(1);
    }
    uint16_t peer_sig = patina_connection_get_peer_signature_scheme(conn);
    if (cfg.expect_peer_sig_alg != 0 && peer_sig != cfg.expect_peer_sig_alg) {
        fprintf(stderr, "peer signature algorithm was %04x, wanted %04lx\n", peer_sig,
                (unsigned long)cfg.expect_peer_sig_alg);
        exit(1);
    }
    enum rustls_handshake_kind kind = rustls_connection_handshake_kind(conn);
    if (cfg.expect_hrr && kind != RUSTLS_HANDSHAKE_KIND_FULL_WITH_HELLO_RETRY_REQUEST) {
        fail("expected HelloRetryRequest");
    }
    if (cfg.expect_no_hrr && kind == RUSTLS_HANDSHAKE_KIND_FULL_WITH_HELLO_RETRY_REQUEST) {
        fail("unexpected HelloRetryRequest");
    }
    if (cfg.expect_server_name != NULL) {
        struct rustls_str sni = rustls_server_connection_get_server_name(conn);
        if (sni.len != strlen(cfg.expect_server_name) || memcmp(sni.data, cfg.expect_server_name, sni.len) != 0) {
            fprintf(stderr, "servername mismatch (got %.*s; want %s)\n", (int)sni.len, sni.data,
                    cfg.expect_server_name);
            exit(1);
        }
    }
    const uint8_t *alpn = NULL;
    size_t alpn_len = 0;
    rustls_connection_get_alpn_protocol(conn, &alpn, &alpn_len);
    if (cfg.expect_alpn != NULL) {
        if (alpn_len != strlen(cfg.expect_alpn) || (alpn_len > 0 && memcmp(alpn, cfg.expect_alpn, alpn_len) != 0)) {
            fprintf(stderr, "negotiated ALPN mismatch: got '%.*s', want '%s'\n", (int)alpn_len,
                    alpn != NULL ? (const char *)alpn : "", cfg.expect_alpn);
            exit(1);
        }
    }
    if (cfg.expect_advertised_alpn != NULL) {
        size_t want_len = strlen(cfg.expect_advertised_alpn);
        if (!seen_hello.called || seen_hello.alpn_len != want_len ||
            memcmp(seen_hello.alpn, cfg.expect_advertised_alpn, want_len) != 0) {
            fail("bad ALPN advertised by the client");
        }
    }
    if (cfg.expect_peer_verify_prefs.n > 0) {
        /* bssl_shim compares SSL_get0_peer_verify_algorithms with the list, value for value. */
        if (!seen_hello.called || seen_hello.sigs.n != cfg.expect_peer_verify_prefs.n ||
            memcmp(seen_hello.sigs.v, cfg.expect_peer_verify_prefs.v, seen_hello.sigs.n * sizeof(uint16_t)) != 0) {
            fail("bad signature algorithms advertised by the client");
        }
    }
    if (cfg.expect_peer_cert_file != NULL) {
        /* Compare the peer's chain with the file's certificates, DER for DER. */
        size_t pem_len = 0;
        uint8_t *pem = read_file(cfg.expect_peer_cert_file, &pem_len);
        char *cursor = (char *)pem;
        for (size_t i = 0;; i++) {
            size_t want_len = 0;
            uint8_t *want = next_pem_cert(&cursor, &want_len);
            const struct rustls_certificate *got = rustls_connection_get_peer_certificate(conn, i);
            if (want == NULL && got == NULL) {
                break;
            }
            const uint8_t *der = NULL;
            size_t der_len = 0;
            if (want == NULL || got == NULL || rustls_certificate_get_der(got, &der, &der_len) != RUSTLS_RESULT_OK ||
                der_len != want_len || memcmp(der, want, der_len) != 0) {
                fail("peer certificate chain mismatch");
            }
            free(want);
        }
        free(pem);
    }
}

/* ------------------------------------------------------------ Exporter */

/*
 * bssl_shim's -export-keying-material N: SSL_export_keying_material(label, context,
 * use_export_context) once the handshake is done, and the N bytes written to the runner as
 * application data, which compares them with its own export.
 */
static void write_exported_keying_material(void)
{
    const char *label = cfg.export_label != NULL ? cfg.export_label : "";
    const char *context = cfg.export_context != NULL ? cfg.export_context : "";
    size_t n = (size_t)cfg.export_keying_material;
    uint8_t *out = malloc(n);
    if (out == NULL) {
        fail("out of memory");
    }
    rustls_result r = patina_connection_export_keying_material(conn, out, n, (const uint8_t *)label, strlen(label),
                                                               (const uint8_t *)context, strlen(context),
                                                               cfg.use_export_context);
    if (r != RUSTLS_RESULT_OK) {
        fail_result("failed to export keying material", r);
    }
    write_all(out, n);
    free(out);
}

/* ------------------------------------------------------------ Main */

/* bssl_shim's -write-different-record-sizes: writes that straddle record boundaries. */
static void write_record_sizes(void)
{
    static const size_t sizes[] = {0, 1, 255, 256, 257, 16383, 16384, 16385, 32767, 32768, 32769};
    static uint8_t buf[32769];
    memset(buf, 0x42, sizeof(buf));
    for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        write_all(buf, sizes[i]);
    }
}

/* Read until the peer's close_notify (true) or the end of the stream (false). */
static bool wait_close_notify(void)
{
    uint8_t buf[16384];
    for (;;) {
        size_t n = 0;
        rustls_result r = rustls_connection_read(conn, buf, sizeof(buf), &n);
        if (r == RUSTLS_RESULT_OK && n == 0) {
            return true;
        }
        if (r == RUSTLS_RESULT_UNEXPECTED_EOF) {
            return false;
        }
        if (r == RUSTLS_RESULT_OK) {
            continue;
        }
        if (r != RUSTLS_RESULT_PLAINTEXT_EMPTY) {
            fail_result("rustls_connection_read", r);
        }
        (void)pump();
    }
}

int main(int argc, char **argv)
{
    signal(SIGPIPE, SIG_IGN);
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-is-handshaker-supported") == 0) {
            printf("No\n");
            return 0;
        }
    }
    parse_flags(argc, argv);
    check_supported();

    const struct rustls_server_config *server_config = NULL;
    const struct rustls_client_config *client_config = NULL;
    rustls_result r;
    if (cfg.server) {
        server_config = make_server_config();
        r = rustls_server_connection_new(server_config, &conn);
    } else {
        client_config = make_client_config();
        const char *name = cfg.host_name != NULL ? cfg.host_name : "localhost";
        r = rustls_client_connection_new(client_config, name, &conn);
        if (r == RUSTLS_RESULT_INVALID_DNS_NAME_ERROR) {
            unimplemented("-host-name that is not a DNS name");
        }
    }
    if (r != RUSTLS_RESULT_OK) {
        fail_result("connection_new", r);
    }

    sock = connect_runner(cfg.port);

    flush();
    while (rustls_connection_is_handshaking(conn)) {
        if (!pump()) {
            /* process_new_packets saw the end of the stream; report it as patina does. */
            fail_result("handshake", RUSTLS_RESULT_UNEXPECTED_EOF);
        }
    }
    check_handshake();
    if (cfg.export_keying_material > 0) {
        write_exported_keying_material();
    }

    /* Whether the peer's close_notify arrived (rather than a bare end of stream). */
    bool got_close_notify = false;
    if (cfg.write_different_record_sizes) {
        write_record_sizes();
    } else {
        if (cfg.shim_writes_first) {
            write_all((const uint8_t *)"hello", 5);
        }
        if (!cfg.shim_shuts_down) {
            size_t read_size = cfg.read_size > 0 ? (size_t)cfg.read_size : 512;
            uint8_t *buf = malloc(read_size);
            if (buf == NULL) {
                fail("out of memory");
            }
            for (;;) {
                size_t n = 0;
                r = rustls_connection_read(conn, buf, read_size, &n);
                if (r == RUSTLS_RESULT_PLAINTEXT_EMPTY) {
                    (void)pump();
                    continue;
                }
                if (r == RUSTLS_RESULT_UNEXPECTED_EOF || (r == RUSTLS_RESULT_OK && n == 0)) {
                    /* bssl_shim stops on a clean or an unclean shutdown alike. */
                    got_close_notify = r == RUSTLS_RESULT_OK;
                    break;
                }
                if (r != RUSTLS_RESULT_OK) {
                    fail_result("rustls_connection_read", r);
                }
                if (cfg.key_update) {
                    r = rustls_connection_refresh_traffic_keys(conn);
                    if (r != RUSTLS_RESULT_OK) {
                        fail_result("rustls_connection_refresh_traffic_keys", r);
                    }
                }
                for (size_t i = 0; i < n; i++) {
                    buf[i] ^= 0xff;
                }
                write_all(buf, n);
            }
            free(buf);
        }
    }

    if (cfg.expect_no_session && !cfg.server && rustls_connection_get_tls13_tickets_received(conn) != 0) {
        fail("new session was cached, but we expected the opposite");
    }

    /* SSL_shutdown: with -check-close-notify, send close_notify (and, when the shim shuts down
     * first, wait for the peer's); without it the shim uses quiet shutdown and sends nothing. */
    if (cfg.check_close_notify) {
        if (!cfg.shim_shuts_down && !cfg.write_different_record_sizes && !got_close_notify) {
            /* SSL_shutdown after an unclean end of stream fails. */
            fail("Unexpected SSL_shutdown result: -1 != 1");
        }
        rustls_connection_send_close_notify(conn);
        flush();
        if (cfg.shim_shuts_down && !wait_close_notify()) {
            fail("Unexpected SSL_shutdown result: -1 != 1");
        }
    }

    rustls_connection_free(conn);
    rustls_server_config_free(server_config);
    rustls_client_config_free(client_config);
    rustls_certified_key_free(server_key);
    free(expected_ocsp);
    close(sock);
    return 0;
}
