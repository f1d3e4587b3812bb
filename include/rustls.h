/*
 * rustls.h - patina's public C API.
 *
 * This header declares the rustls-ffi 0.15.3 C API as implemented by patina: the same names,
 * types, numeric values and structure layouts, so that a program written against rustls-ffi
 * compiles against this header unchanged.  The text of this file is patina's own.
 *
 * Conventions (as rustls-ffi documents them):
 *  - fallible functions return rustls_result; outputs are written only on success;
 *  - a NULL pointer argument gives RUSTLS_RESULT_NULL_PARAMETER;
 *  - every *_free function accepts NULL.
 *
 * Only the functions patina implements are declared; the rest of the rustls-ffi surface is
 * added as the features behind it land (see README, "Features").
 */
#ifndef RUSTLS_H
#define RUSTLS_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#define RUSTLS_VERSION_MAJOR 0
#define RUSTLS_VERSION_MINOR 15
#define RUSTLS_VERSION_PATCH 3

/*
 * rustls-ffi 0.15.3 defines the packed version number with MINOR in the bits meant for PATCH;
 * we keep its definition as is so that version checks written against it keep their meaning.
 */
#define RUSTLS_VERSION_NUMBER                                                                                          \
    ((RUSTLS_VERSION_MAJOR << 24) | (RUSTLS_VERSION_MINOR << 16) | (RUSTLS_VERSION_MINOR << 8))

#if defined(__GNUC__) || defined(__clang__)
#define DEPRECATED_FUNC(why) __attribute__((deprecated(why)))
#else
#define DEPRECATED_FUNC(why)
#endif

/* Which kind of handshake a connection performed (or UNKNOWN while handshaking). */
typedef enum rustls_handshake_kind {
    RUSTLS_HANDSHAKE_KIND_UNKNOWN = 0,
    RUSTLS_HANDSHAKE_KIND_FULL = 1,
    RUSTLS_HANDSHAKE_KIND_FULL_WITH_HELLO_RETRY_REQUEST = 2,
    RUSTLS_HANDSHAKE_KIND_RESUMED = 3,
} rustls_handshake_kind;

/*
 * Result codes.  Values are fixed by rustls-ffi and never reused; converting an unknown value
 * (for instance in rustls_error) behaves as RUSTLS_RESULT_INVALID_PARAMETER.
 */
enum rustls_result {
    RUSTLS_RESULT_OK = 7000,
    RUSTLS_RESULT_IO = 7001,
    RUSTLS_RESULT_NULL_PARAMETER = 7002,
    RUSTLS_RESULT_INVALID_DNS_NAME_ERROR = 7003,
    RUSTLS_RESULT_PANIC = 7004,
    RUSTLS_RESULT_CERTIFICATE_PARSE_ERROR = 7005,
    RUSTLS_RESULT_PRIVATE_KEY_PARSE_ERROR = 7006,
    RUSTLS_RESULT_INSUFFICIENT_SIZE = 7007,
    RUSTLS_RESULT_NOT_FOUND = 7008,
    RUSTLS_RESULT_INVALID_PARAMETER = 7009,
    RUSTLS_RESULT_UNEXPECTED_EOF = 7010,
    RUSTLS_RESULT_PLAINTEXT_EMPTY = 7011,
    RUSTLS_RESULT_ACCEPTOR_NOT_READY = 7012,
    RUSTLS_RESULT_ALREADY_USED = 7013,
    RUSTLS_RESULT_CERTIFICATE_REVOCATION_LIST_PARSE_ERROR = 7014,
    RUSTLS_RESULT_NO_SERVER_CERT_VERIFIER = 7015,
    RUSTLS_RESULT_NO_DEFAULT_CRYPTO_PROVIDER = 7016,
    RUSTLS_RESULT_GET_RANDOM_FAILED = 7017,
    RUSTLS_RESULT_NO_CERT_RESOLVER = 7018,
    RUSTLS_RESULT_HPKE_ERROR = 7019,
    RUSTLS_RESULT_BUILDER_INCOMPATIBLE_TLS_VERSIONS = 7020,
    RUSTLS_RESULT_NO_CERTIFICATES_PRESENTED = 7101,
    RUSTLS_RESULT_DECRYPT_ERROR = 7102,
    RUSTLS_RESULT_FAILED_TO_GET_CURRENT_TIME = 7103,
    RUSTLS_RESULT_FAILED_TO_GET_RANDOM_BYTES = 7113,
    RUSTLS_RESULT_HANDSHAKE_NOT_COMPLETE = 7104,
    RUSTLS_RESULT_PEER_SENT_OVERSIZED_RECORD = 7105,
    RUSTLS_RESULT_NO_APPLICATION_PROTOCOL = 7106,
    RUSTLS_RESULT_BAD_MAX_FRAGMENT_SIZE = 7114,
    RUSTLS_RESULT_UNSUPPORTED_NAME_TYPE = 7115,
    RUSTLS_RESULT_ENCRYPT_ERROR = 7116,
    RUSTLS_RESULT_CERT_ENCODING_BAD = 7121,
    RUSTLS_RESULT_CERT_EXPIRED = 7122,
    RUSTLS_RESULT_CERT_NOT_YET_VALID = 7123,
    RUSTLS_RESULT_CERT_REVOKED = 7124,
    RUSTLS_RESULT_CERT_UNHANDLED_CRITICAL_EXTENSION = 7125,
    RUSTLS_RESULT_CERT_UNKNOWN_ISSUER = 7126,
    RUSTLS_RESULT_CERT_BAD_SIGNATURE = 7127,
    RUSTLS_RESULT_CERT_NOT_VALID_FOR_NAME = 7128,
    RUSTLS_RESULT_CERT_INVALID_PURPOSE = 7129,
    RUSTLS_RESULT_CERT_APPLICATION_VERIFICATION_FAILURE = 7130,
    RUSTLS_RESULT_CERT_OTHER_ERROR = 7131,
    RUSTLS_RESULT_CERT_UNKNOWN_REVOCATION_STATUS = 7154,
    RUSTLS_RESULT_CERT_EXPIRED_REVOCATION_LIST = 7156,
    RUSTLS_RESULT_CERT_UNSUPPORTED_SIGNATURE_ALGORITHM = 7157,
    RUSTLS_RESULT_MESSAGE_HANDSHAKE_PAYLOAD_TOO_LARGE = 7133,
    RUSTLS_RESULT_MESSAGE_INVALID_CCS = 7134,
    RUSTLS_RESULT_MESSAGE_INVALID_CONTENT_TYPE = 7135,
    RUSTLS_RESULT_MESSAGE_INVALID_CERT_STATUS_TYPE = 7136,
    RUSTLS_RESULT_MESSAGE_INVALID_CERT_REQUEST = 7137,
    RUSTLS_RESULT_MESSAGE_INVALID_DH_PARAMS = 7138,
    RUSTLS_RESULT_MESSAGE_INVALID_EMPTY_PAYLOAD = 7139,
    RUSTLS_RESULT_MESSAGE_INVALID_KEY_UPDATE = 7140,
    RUSTLS_RESULT_MESSAGE_INVALID_SERVER_NAME = 7141,
    RUSTLS_RESULT_MESSAGE_TOO_LARGE = 7142,
    RUSTLS_RESULT_MESSAGE_TOO_SHORT = 7143,
    RUSTLS_RESULT_MESSAGE_MISSING_DATA = 7144,
    RUSTLS_RESULT_MESSAGE_MISSING_KEY_EXCHANGE = 7145,
    RUSTLS_RESULT_MESSAGE_NO_SIGNATURE_SCHEMES = 7146,
    RUSTLS_RESULT_MESSAGE_TRAILING_DATA = 7147,
    RUSTLS_RESULT_MESSAGE_UNEXPECTED_MESSAGE = 7148,
    RUSTLS_RESULT_MESSAGE_UNKNOWN_PROTOCOL_VERSION = 7149,
    RUSTLS_RESULT_MESSAGE_UNSUPPORTED_COMPRESSION = 7150,
    RUSTLS_RESULT_MESSAGE_UNSUPPORTED_CURVE_TYPE = 7151,
    RUSTLS_RESULT_MESSAGE_UNSUPPORTED_KEY_EXCHANGE_ALGORITHM = 7152,
    RUSTLS_RESULT_MESSAGE_INVALID_OTHER = 7153,
    RUSTLS_RESULT_MESSAGE_CERTIFICATE_PAYLOAD_TOO_LARGE = 7155,
    RUSTLS_RESULT_PEER_INCOMPATIBLE_ERROR = 7107,
    RUSTLS_RESULT_PEER_MISBEHAVED_ERROR = 7108,
    RUSTLS_RESULT_INAPPROPRIATE_MESSAGE = 7109,
    RUSTLS_RESULT_INAPPROPRIATE_HANDSHAKE_MESSAGE = 7110,
    RUSTLS_RESULT_GENERAL = 7112,
    RUSTLS_RESULT_ALERT_CLOSE_NOTIFY = 7200,
    RUSTLS_RESULT_ALERT_UNEXPECTED_MESSAGE = 7201,
    RUSTLS_RESULT_ALERT_BAD_RECORD_MAC = 7202,
    RUSTLS_RESULT_ALERT_DECRYPTION_FAILED = 7203,
    RUSTLS_RESULT_ALERT_RECORD_OVERFLOW = 7204,
    RUSTLS_RESULT_ALERT_DECOMPRESSION_FAILURE = 7205,
    RUSTLS_RESULT_ALERT_HANDSHAKE_FAILURE = 7206,
    RUSTLS_RESULT_ALERT_NO_CERTIFICATE = 7207,
    RUSTLS_RESULT_ALERT_BAD_CERTIFICATE = 7208,
    RUSTLS_RESULT_ALERT_UNSUPPORTED_CERTIFICATE = 7209,
    RUSTLS_RESULT_ALERT_CERTIFICATE_REVOKED = 7210,
    RUSTLS_RESULT_ALERT_CERTIFICATE_EXPIRED = 7211,
    RUSTLS_RESULT_ALERT_CERTIFICATE_UNKNOWN = 7212,
    RUSTLS_RESULT_ALERT_ILLEGAL_PARAMETER = 7213,
    RUSTLS_RESULT_ALERT_UNKNOWN_CA = 7214,
    RUSTLS_RESULT_ALERT_ACCESS_DENIED = 7215,
    RUSTLS_RESULT_ALERT_DECODE_ERROR = 7216,
    RUSTLS_RESULT_ALERT_DECRYPT_ERROR = 7217,
    RUSTLS_RESULT_ALERT_EXPORT_RESTRICTION = 7218,
    RUSTLS_RESULT_ALERT_PROTOCOL_VERSION = 7219,
    RUSTLS_RESULT_ALERT_INSUFFICIENT_SECURITY = 7220,
    RUSTLS_RESULT_ALERT_INTERNAL_ERROR = 7221,
    RUSTLS_RESULT_ALERT_INAPPROPRIATE_FALLBACK = 7222,
    RUSTLS_RESULT_ALERT_USER_CANCELED = 7223,
    RUSTLS_RESULT_ALERT_NO_RENEGOTIATION = 7224,
    RUSTLS_RESULT_ALERT_MISSING_EXTENSION = 7225,
    RUSTLS_RESULT_ALERT_UNSUPPORTED_EXTENSION = 7226,
    RUSTLS_RESULT_ALERT_CERTIFICATE_UNOBTAINABLE = 7227,
    RUSTLS_RESULT_ALERT_UNRECOGNISED_NAME = 7228,
    RUSTLS_RESULT_ALERT_BAD_CERTIFICATE_STATUS_RESPONSE = 7229,
    RUSTLS_RESULT_ALERT_BAD_CERTIFICATE_HASH_VALUE = 7230,
    RUSTLS_RESULT_ALERT_UNKNOWN_PSK_IDENTITY = 7231,
    RUSTLS_RESULT_ALERT_CERTIFICATE_REQUIRED = 7232,
    RUSTLS_RESULT_ALERT_NO_APPLICATION_PROTOCOL = 7233,
    RUSTLS_RESULT_ALERT_UNKNOWN = 7234,
    RUSTLS_RESULT_CERT_REVOCATION_LIST_BAD_SIGNATURE = 7400,
    RUSTLS_RESULT_CERT_REVOCATION_LIST_INVALID_CRL_NUMBER = 7401,
    RUSTLS_RESULT_CERT_REVOCATION_LIST_INVALID_REVOKED_CERT_SERIAL_NUMBER = 7402,
    RUSTLS_RESULT_CERT_REVOCATION_LIST_ISSUER_INVALID_FOR_CRL = 7403,
    RUSTLS_RESULT_CERT_REVOCATION_LIST_OTHER_ERROR = 7404,
    RUSTLS_RESULT_CERT_REVOCATION_LIST_PARSE_ERROR = 7405,
    RUSTLS_RESULT_CERT_REVOCATION_LIST_UNSUPPORTED_CRL_VERSION = 7406,
    RUSTLS_RESULT_CERT_REVOCATION_LIST_UNSUPPORTED_CRITICAL_EXTENSION = 7407,
    RUSTLS_RESULT_CERT_REVOCATION_LIST_UNSUPPORTED_DELTA_CRL = 7408,
    RUSTLS_RESULT_CERT_REVOCATION_LIST_UNSUPPORTED_INDIRECT_CRL = 7409,
    RUSTLS_RESULT_CERT_REVOCATION_LIST_UNSUPPORTED_REVOCATION_REASON = 7410,
    RUSTLS_RESULT_CERT_REVOCATION_LIST_UNSUPPORTED_SIGNATURE_ALGORITHM = 7411,
    RUSTLS_RESULT_CLIENT_CERT_VERIFIER_BUILDER_NO_ROOT_ANCHORS = 7500,
    RUSTLS_RESULT_INCONSISTENT_KEYS_KEYS_MISMATCH = 7600,
    RUSTLS_RESULT_INCONSISTENT_KEYS_UNKNOWN = 7601,
    RUSTLS_RESULT_INVALID_ENCRYPTED_CLIENT_HELLO_INVALID_CONFIG_LIST = 7700,
    RUSTLS_RESULT_INVALID_ENCRYPTED_CLIENT_HELLO_NO_COMPATIBLE_CONFIG = 7701,
    RUSTLS_RESULT_INVALID_ENCRYPTED_CLIENT_HELLO_SNI_REQUIRED = 7702,
};
typedef uint32_t rustls_result;

/* Wire values of TLS protocol versions. */
typedef enum rustls_tls_version {
    RUSTLS_TLS_VERSION_UNKNOWN = 0,
    RUSTLS_TLS_VERSION_SSLV2 = 512,
    RUSTLS_TLS_VERSION_SSLV3 = 768,
    RUSTLS_TLS_VERSION_TLSV1_0 = 769,
    RUSTLS_TLS_VERSION_TLSV1_1 = 770,
    RUSTLS_TLS_VERSION_TLSV1_2 = 771,
    RUSTLS_TLS_VERSION_TLSV1_3 = 772,
} rustls_tls_version;

/*
 * A borrowed UTF-8 string: `data` is NOT NUL-terminated and is valid for the lifetime stated
 * by the function that returned it.
 */
typedef struct rustls_str {
    const char *data;
    size_t len;
} rustls_str;

/* A borrowed byte slice. */
typedef struct rustls_slice_bytes {
    const uint8_t *data;
    size_t len;
} rustls_slice_bytes;

/* A borrowed slice of u16 values. */
typedef struct rustls_slice_u16 {
    const uint16_t *data;
    size_t len;
} rustls_slice_u16;

/* errno-style result of an I/O callback: 0 on success. */
typedef int rustls_io_result;

/* Log levels: 1 ERROR, 2 WARN, 3 INFO, 4 DEBUG, 5 TRACE. */
typedef size_t rustls_log_level;

/* What a log callback receives: the line's level and its text (valid only during the call). */
typedef struct rustls_log_params {
    rustls_log_level level;
    struct rustls_str message;
} rustls_log_params;

/* Receives each log line; `userdata` is the connection's userdata. */
typedef void (*rustls_log_callback)(void *userdata, const struct rustls_log_params *params);

/*
 * A cipher suite supported by a crypto provider. Opaque; pointers to it are valid for the
 * lifetime of the process.
 */
typedef struct rustls_supported_ciphersuite rustls_supported_ciphersuite;

/* One DER certificate inside a certified key (or, later, a peer's chain). Opaque, borrowed. */
typedef struct rustls_certificate rustls_certificate;

/*
 * A certificate chain with its private key (and optionally a stapled OCSP response).
 * Immutable and atomically reference counted: configs keep their own reference.
 */
typedef struct rustls_certified_key rustls_certified_key;

/* A private key loaded by a crypto provider, ready to sign. */
typedef struct rustls_signing_key rustls_signing_key;

/* A set of trust anchors, immutable and reference counted. */
typedef struct rustls_root_cert_store rustls_root_cert_store;

/* Collects trust anchors, then builds a rustls_root_cert_store once. */
typedef struct rustls_root_cert_store_builder rustls_root_cert_store_builder;

/*
 * A crypto provider: the algorithms patina offers (all from BoringSSL) and the ordered list of
 * cipher suites this provider enables.  Immutable, atomically reference counted.
 */
typedef struct rustls_crypto_provider rustls_crypto_provider;

/* Makes a rustls_crypto_provider from a base provider and an optional choice of suites. */
typedef struct rustls_crypto_provider_builder rustls_crypto_provider_builder;

/* Checks a server's certificate chain (for a client config). Reference counted by configs. */
typedef struct rustls_server_cert_verifier rustls_server_cert_verifier;

/* Checks a client's certificate chain (for a server config). Reference counted by configs. */
typedef struct rustls_client_cert_verifier rustls_client_cert_verifier;

/* Collects the settings of a WebPKI server certificate verifier. */
typedef struct rustls_web_pki_server_cert_verifier_builder rustls_web_pki_server_cert_verifier_builder;

/* Collects the settings of a WebPKI client certificate verifier. */
typedef struct rustls_web_pki_client_cert_verifier_builder rustls_web_pki_client_cert_verifier_builder;

/* A connection, client or server.  Owned by the caller, used by one thread at a time. */
typedef struct rustls_connection rustls_connection;

/* A client configuration: immutable, reference counted, shared by any number of connections. */
typedef struct rustls_client_config rustls_client_config;

/* Collects client settings, then builds a rustls_client_config once (build consumes it). */
typedef struct rustls_client_config_builder rustls_client_config_builder;

/* A server configuration: immutable, reference counted, shared by any number of connections. */
typedef struct rustls_server_config rustls_server_config;

/* Collects server settings, then builds a rustls_server_config once (build consumes it). */
typedef struct rustls_server_config_builder rustls_server_config_builder;

/*
 * One buffer of a vectored write.  Same layout as POSIX `struct iovec` (base pointer, then
 * length): cast `const struct rustls_iovec *` to `const struct iovec *` for writev().
 */
typedef struct rustls_iovec rustls_iovec;

/* A borrowed list of byte strings (e.g. ALPN protocols); read it with rustls_slice_slice_bytes_*. */
typedef struct rustls_slice_slice_bytes rustls_slice_slice_bytes;

/* A borrowed list of strings; read it with rustls_slice_str_*. */
typedef struct rustls_slice_str rustls_slice_str;

/* HPKE suites for Encrypted Client Hello (none are offered yet: see rustls_supported_hpke). */
typedef struct rustls_hpke rustls_hpke;

/*
 * I/O callbacks for rustls_connection_read_tls / write_tls / write_tls_vectored.  Return 0 and
 * set *out_n on success (0 bytes read means end of stream), or an errno value (EAGAIN,
 * EWOULDBLOCK, ...), which the calling function returns unchanged.  `userdata` is the pointer
 * given to that particular call.
 */
typedef rustls_io_result (*rustls_read_callback)(void *userdata, uint8_t *buf, size_t n, size_t *out_n);
typedef rustls_io_result (*rustls_write_callback)(void *userdata, const uint8_t *buf, size_t n, size_t *out_n);
typedef rustls_io_result (*rustls_write_vectored_callback)(void *userdata, const struct rustls_iovec *iov,
                                                           size_t count, size_t *out_n);

/* The connection's userdata (rustls_connection_set_userdata), as a custom verifier sees it. */
typedef void *rustls_verify_server_cert_user_data;

/*
 * What a custom server certificate verifier is shown.  All fields are borrowed for the duration
 * of the callback only.  `server_name` is the name the client was asked to connect to.
 */
typedef struct rustls_verify_server_cert_params {
    struct rustls_slice_bytes end_entity_cert_der;
    const struct rustls_slice_slice_bytes *intermediate_certs_der;
    struct rustls_str server_name;
    struct rustls_slice_bytes ocsp_response;
} rustls_verify_server_cert_params;

/*
 * A custom server certificate verifier: return RUSTLS_RESULT_OK to accept the chain, or a
 * rustls_result (e.g. one of the CERT_* codes) to refuse it; the handshake then fails with that
 * code.
 */
typedef uint32_t (*rustls_verify_server_cert_callback)(rustls_verify_server_cert_user_data userdata,
                                                       const struct rustls_verify_server_cert_params *params);

/*
 * Key logging (the NSS key log format, as SSLKEYLOGFILE uses).  The log callback receives each
 * secret with its label ("CLIENT_HANDSHAKE_TRAFFIC_SECRET", ...) and the ClientHello random;
 * the buffers are borrowed for the duration of the call.  The optional will_log callback is
 * asked first whether a label is wanted at all (non-zero: yes).
 */
typedef void (*rustls_keylog_log_callback)(struct rustls_str label, const uint8_t *client_random,
                                           size_t client_random_len, const uint8_t *secret, size_t secret_len);
typedef int (*rustls_keylog_will_log_callback)(struct rustls_str label);

/* The connection's userdata, as a server's ClientHello callback sees it. */
typedef void *rustls_client_hello_userdata;

/*
 * What a server's ClientHello callback is shown (EXPERIMENTAL in rustls-ffi): the SNI name
 * ("" if none), the offered signature schemes and groups, and the offered ALPN protocols.  All
 * borrowed for the duration of the callback only.
 */
typedef struct rustls_client_hello {
    struct rustls_str server_name;
    struct rustls_slice_u16 signature_schemes;
    struct rustls_slice_u16 named_groups;
    const struct rustls_slice_slice_bytes *alpn;
} rustls_client_hello;

/*
 * Choose the certified key for a ClientHello; NULL refuses the handshake.  The returned key
 * must stay valid until the connection is freed (e.g. be owned by the server config's owner).
 */
typedef const struct rustls_certified_key *(*rustls_client_hello_callback)(rustls_client_hello_userdata userdata,
                                                                           const struct rustls_client_hello *hello);

/* Protocol versions patina supports, most preferred first. */
extern const uint16_t RUSTLS_ALL_VERSIONS[2];
extern const size_t RUSTLS_ALL_VERSIONS_LEN;
/* Protocol versions enabled by default, most preferred first. */
extern const uint16_t RUSTLS_DEFAULT_VERSIONS[2];
extern const size_t RUSTLS_DEFAULT_VERSIONS_LEN;

#ifdef __cplusplus
extern "C" {
#endif

/*
 * A static string naming this library, e.g. "rustls-ffi/0.15.3/patina/0.1.0/boringssl".
 * Programs print it as the User-Agent or in version banners.
 */
struct rustls_str rustls_version(void);

/*
 * Write a human-readable message for `result` into `buf` (at most `len` bytes, not
 * NUL-terminated, truncated if needed) and its length into `out_n`.  Unknown values get the
 * text of RUSTLS_RESULT_INVALID_PARAMETER.  Does nothing if `buf` or `out_n` is NULL.
 */
void rustls_error(unsigned int result, char *buf, size_t len, size_t *out_n);

/* True if `result` is one of the certificate verification errors (CERT_*, 7121-7131, 7154). */
bool rustls_result_is_cert_error(unsigned int result);

/* "ERROR", "WARN", "INFO", "DEBUG", "TRACE", or "INVALID" for other values. Static storage. */
struct rustls_str rustls_log_level_str(rustls_log_level level);

/* A friendly name for a handshake kind. Static storage. */
struct rustls_str rustls_handshake_kind_str(enum rustls_handshake_kind kind);

/* The IANA value of a cipher suite (0 for NULL). */
uint16_t rustls_supported_ciphersuite_get_suite(const struct rustls_supported_ciphersuite *supported_ciphersuite);

/*
 * The suite's name as rustls spells it, e.g. "TLS13_AES_128_GCM_SHA256" or
 * "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256". Static storage; empty for NULL.
 */
struct rustls_str rustls_supported_ciphersuite_get_name(const struct rustls_supported_ciphersuite *supported_ciphersuite);

/* The protocol version the suite belongs to (UNKNOWN for NULL). */
enum rustls_tls_version rustls_supported_ciphersuite_protocol_version(const struct rustls_supported_ciphersuite *supported_ciphersuite);

/*
 * The process-wide default crypto provider.  It is the one installed with
 * rustls_crypto_provider_builder_build_as_default or, once anything has needed a default before
 * that (these functions, rustls_certified_key_build, ..._builder_new_from_default), the built-in
 * one, which then stays the default.
 */

/* How many cipher suites the process default provider enables. */
size_t rustls_default_crypto_provider_ciphersuites_len(void);

/* The process default provider's suite at `index` in preference order, or NULL past the end. */
const struct rustls_supported_ciphersuite *rustls_default_crypto_provider_ciphersuites_get(size_t index);

/*
 * Fill `buff` with `len` bytes from the default provider's CSPRNG. Returns NULL_PARAMETER for a
 * NULL buffer and GET_RANDOM_FAILED if the generator fails.
 */
rustls_result rustls_default_crypto_provider_random(uint8_t *buff, size_t len);

/*
 * A new builder whose base is the process default provider (installing the built-in one if none
 * is installed yet).  Free it with rustls_crypto_provider_builder_free, built or not.
 */
rustls_result rustls_crypto_provider_builder_new_from_default(struct rustls_crypto_provider_builder **builder_out);

/*
 * A new builder based on `base` (the builder keeps its own reference, so the caller may free
 * `base` at once).  NULL for a NULL `base`.  Free it with rustls_crypto_provider_builder_free.
 */
struct rustls_crypto_provider_builder *rustls_crypto_provider_builder_new_with_base(const struct rustls_crypto_provider *base);

/*
 * Enable exactly these suites, in this order (replacing an earlier call); an empty list goes
 * back to the base's suites.  Each must be a suite pointer obtained from patina (a foreign
 * pointer is INVALID_PARAMETER; rustls-ffi does not check).  NULL array or element:
 * NULL_PARAMETER; after a build: ALREADY_USED.
 */
rustls_result rustls_crypto_provider_builder_set_cipher_suites(struct rustls_crypto_provider_builder *builder,
                                                               const struct rustls_supported_ciphersuite *const *cipher_suites,
                                                               size_t cipher_suites_len);

/*
 * Build the provider into *provider_out (free it with rustls_crypto_provider_free).  The builder
 * is spent (ALREADY_USED afterwards) but must still be freed.
 */
rustls_result rustls_crypto_provider_builder_build(struct rustls_crypto_provider_builder *builder,
                                                   const struct rustls_crypto_provider **provider_out);

/*
 * Build the provider and install it as the process default.  Possible once per process, and
 * only before anything has used the default: otherwise ALREADY_USED.  The builder is spent
 * either way, and must still be freed.
 */
rustls_result rustls_crypto_provider_builder_build_as_default(struct rustls_crypto_provider_builder *builder);

/* Free a builder, built or not. NULL is fine. */
void rustls_crypto_provider_builder_free(struct rustls_crypto_provider_builder *builder);

/*
 * A new reference to the process default provider, to be freed with rustls_crypto_provider_free.
 * rustls-ffi returns NULL while no default is installed; patina always has one, and before any
 * is installed returns the built-in provider WITHOUT installing it (so build_as_default still
 * works afterwards).  NULL only when out of memory.
 */
const struct rustls_crypto_provider *rustls_crypto_provider_default(void);

/* How many suites `provider` enables (0 for NULL). */
size_t rustls_crypto_provider_ciphersuites_len(const struct rustls_crypto_provider *provider);

/*
 * The provider's suite at `index` in preference order; NULL past the end or for NULL.  The
 * pointer itself stays valid for the life of the process.
 */
const struct rustls_supported_ciphersuite *rustls_crypto_provider_ciphersuites_get(const struct rustls_crypto_provider *provider,
                                                                                   size_t index);

/*
 * Load one PEM private key (PKCS#1, PKCS#8 or SEC1; RSA >= 2048 bits, ECDSA P-256/P-384,
 * Ed25519) into *signing_key_out, owned by the caller: hand it to
 * rustls_certified_key_build_with_signing_key or free it with rustls_signing_key_free.
 * PRIVATE_KEY_PARSE_ERROR for anything else (DER, encrypted keys, other curves).
 */
rustls_result rustls_crypto_provider_load_key(const struct rustls_crypto_provider *provider,
                                              const uint8_t *private_key,
                                              size_t private_key_len,
                                              struct rustls_signing_key **signing_key_out);

/* Fill `buff` with `len` random bytes from the provider's CSPRNG (GET_RANDOM_FAILED on failure). */
rustls_result rustls_crypto_provider_random(const struct rustls_crypto_provider *provider,
                                            uint8_t *buff,
                                            size_t len);

/* Whether the provider is FIPS-validated: always false for patina. */
bool rustls_crypto_provider_fips(const struct rustls_crypto_provider *provider);

/* Drop the caller's reference. NULL is fine; never twice for one reference. */
void rustls_crypto_provider_free(const struct rustls_crypto_provider *provider);

/*
 * Verifier builders.  A builder keeps its own references to the root store and provider given
 * to it (the caller may free those at once).  Settings may be changed until build; build spends
 * the builder (any later call: ALREADY_USED, also when build itself failed), and the builder
 * must still be freed with its *_free.  The defaults are rustls's: revocation is checked for the
 * whole chain against the added CRLs (none added: no revocation checking), a certificate no CRL
 * speaks for is an error, and CRLs past their nextUpdate are used as they are.
 */

/* A server verifier builder on `store` and the process default provider; NULL for NULL. */
struct rustls_web_pki_server_cert_verifier_builder *rustls_web_pki_server_cert_verifier_builder_new(const struct rustls_root_cert_store *store);

/* A server verifier builder on `store` and `provider`; NULL if either is NULL. */
struct rustls_web_pki_server_cert_verifier_builder *rustls_web_pki_server_cert_verifier_builder_new_with_provider(const struct rustls_crypto_provider *provider,
                                                                                                                const struct rustls_root_cert_store *store);

/*
 * Add every CRL of a PEM buffer (copied).  CERTIFICATE_REVOCATION_LIST_PARSE_ERROR when one
 * does not parse or there is none; nothing is added then.
 */
rustls_result rustls_web_pki_server_cert_verifier_builder_add_crl(struct rustls_web_pki_server_cert_verifier_builder *builder,
                                                                  const uint8_t *crl_pem,
                                                                  size_t crl_pem_len);

/* Check only the end-entity certificate against the CRLs, not the intermediates. */
rustls_result rustls_web_pki_server_cert_verifier_only_check_end_entity_revocation(struct rustls_web_pki_server_cert_verifier_builder *builder);

/* Accept certificates for which no CRL was given (instead of CERT_UNKNOWN_REVOCATION_STATUS). */
rustls_result rustls_web_pki_server_cert_verifier_allow_unknown_revocation_status(struct rustls_web_pki_server_cert_verifier_builder *builder);

/* Treat a CRL past its nextUpdate as an error (CERT_EXPIRED_REVOCATION_LIST). */
rustls_result rustls_web_pki_server_cert_verifier_enforce_revocation_expiry(struct rustls_web_pki_server_cert_verifier_builder *builder);

/*
 * Build the verifier into *verifier_out (free it with rustls_server_cert_verifier_free; a
 * config given it keeps its own reference).  An empty root store is
 * CLIENT_CERT_VERIFIER_BUILDER_NO_ROOT_ANCHORS (rustls-ffi's code for both verifiers).
 */
rustls_result rustls_web_pki_server_cert_verifier_builder_build(struct rustls_web_pki_server_cert_verifier_builder *builder,
                                                                struct rustls_server_cert_verifier **verifier_out);

/* Free a server verifier builder, built or not. NULL is fine. */
void rustls_web_pki_server_cert_verifier_builder_free(struct rustls_web_pki_server_cert_verifier_builder *builder);

/* Drop the caller's reference to a server verifier. NULL is fine. */
void rustls_server_cert_verifier_free(struct rustls_server_cert_verifier *verifier);

/*
 * A client verifier builder on `store` and the process default provider; NULL for NULL.  By
 * default a client must present a certificate, and the subjects of `store` are sent as hints.
 */
struct rustls_web_pki_client_cert_verifier_builder *rustls_web_pki_client_cert_verifier_builder_new(const struct rustls_root_cert_store *store);

/* As rustls_web_pki_client_cert_verifier_builder_new with `provider`; NULL if either is NULL. */
struct rustls_web_pki_client_cert_verifier_builder *rustls_web_pki_client_cert_verifier_builder_new_with_provider(const struct rustls_crypto_provider *provider,
                                                                                                                const struct rustls_root_cert_store *store);

/* As rustls_web_pki_server_cert_verifier_builder_add_crl. */
rustls_result rustls_web_pki_client_cert_verifier_builder_add_crl(struct rustls_web_pki_client_cert_verifier_builder *builder,
                                                                  const uint8_t *crl_pem,
                                                                  size_t crl_pem_len);

/* Check only the client's end-entity certificate against the CRLs. */
rustls_result rustls_web_pki_client_cert_verifier_only_check_end_entity_revocation(struct rustls_web_pki_client_cert_verifier_builder *builder);

/* Accept client certificates for which no CRL was given. */
rustls_result rustls_web_pki_client_cert_verifier_allow_unknown_revocation_status(struct rustls_web_pki_client_cert_verifier_builder *builder);

/* Let clients that send no certificate complete the handshake (those that send one are checked). */
rustls_result rustls_web_pki_client_cert_verifier_builder_allow_unauthenticated(struct rustls_web_pki_client_cert_verifier_builder *builder);

/* Send no certificate_authorities hints in CertificateRequest. */
rustls_result rustls_web_pki_client_cert_verifier_clear_root_hint_subjects(struct rustls_web_pki_client_cert_verifier_builder *builder);

/*
 * Hint the subjects of `store`'s certificates instead of the current hints (it replaces them,
 * whatever the name suggests).  The builder keeps its own reference to `store`.
 */
rustls_result rustls_web_pki_client_cert_verifier_add_root_hint_subjects(struct rustls_web_pki_client_cert_verifier_builder *builder,
                                                                         const struct rustls_root_cert_store *store);

/* As rustls_web_pki_server_cert_verifier_builder_build, for a client verifier. */
rustls_result rustls_web_pki_client_cert_verifier_builder_build(struct rustls_web_pki_client_cert_verifier_builder *builder,
                                                                struct rustls_client_cert_verifier **verifier_out);

/* Free a client verifier builder, built or not. NULL is fine. */
void rustls_web_pki_client_cert_verifier_builder_free(struct rustls_web_pki_client_cert_verifier_builder *builder);

/* Drop the caller's reference to a client verifier. NULL is fine. */
void rustls_client_cert_verifier_free(struct rustls_client_cert_verifier *verifier);

/*
 * Point *out_der_data / *out_der_len at the certificate's DER bytes.  They belong to the object
 * the certificate came from and stay valid exactly as long as it does.
 */
rustls_result rustls_certificate_get_der(const struct rustls_certificate *cert,
                                         const uint8_t **out_der_data,
                                         size_t *out_der_len);

/*
 * Parse `cert_chain` (PEM certificates, leaf first) and `private_key` (one PEM key: PKCS#1,
 * PKCS#8 or SEC1; RSA >= 2048 bits, ECDSA P-256/P-384 or Ed25519) with the process-default
 * crypto provider, and write a new certified key to *certified_key_out.  The inputs are copied;
 * the caller keeps them.  Release the result with rustls_certified_key_free; configs built from
 * it hold their own reference.  Fails with CERTIFICATE_PARSE_ERROR for an unreadable chain and
 * PRIVATE_KEY_PARSE_ERROR for an unreadable or unsupported key.  The chain is not checked
 * against the key here: see rustls_certified_key_keys_match.
 */
rustls_result rustls_certified_key_build(const uint8_t *cert_chain,
                                         size_t cert_chain_len,
                                         const uint8_t *private_key,
                                         size_t private_key_len,
                                         const struct rustls_certified_key **certified_key_out);

/*
 * As rustls_certified_key_build, with a key from rustls_crypto_provider_load_key.  The key is
 * CONSUMED (do not free it afterwards) unless `cert_chain` or `signing_key` is NULL; in
 * particular a chain that fails to parse or a NULL `certified_key_out` frees the key.
 */
rustls_result rustls_certified_key_build_with_signing_key(const uint8_t *cert_chain,
                                                          size_t cert_chain_len,
                                                          struct rustls_signing_key *signing_key,
                                                          const struct rustls_certified_key **certified_key_out);

/*
 * The i-th certificate of the chain (0 is the leaf), or NULL past the end or for NULL.  Valid as
 * long as the certified key is.
 */
const struct rustls_certificate *rustls_certified_key_get_certificate(const struct rustls_certified_key *certified_key,
                                                                      size_t i);

/*
 * Write to *cloned_key_out a new certified key with the same chain and private key and
 * `ocsp_response` (DER, copied) as its stapled OCSP response; a NULL `ocsp_response` gives a
 * clone without one.  The clone is freed on its own with rustls_certified_key_free.
 */
rustls_result rustls_certified_key_clone_with_ocsp(const struct rustls_certified_key *certified_key,
                                                   const struct rustls_slice_bytes *ocsp_response,
                                                   const struct rustls_certified_key **cloned_key_out);

/*
 * OK when the leaf certificate's public key is the private key's; INCONSISTENT_KEYS_KEYS_MISMATCH
 * when it is not, INCONSISTENT_KEYS_UNKNOWN when the key cannot tell, NO_CERTIFICATES_PRESENTED
 * for an empty chain and CERT_ENCODING_BAD when the leaf does not parse.
 */
rustls_result rustls_certified_key_keys_match(const struct rustls_certified_key *key);

/*
 * Drop the caller's reference.  The memory goes when the last holder (for instance a config
 * built from it) lets go; a clone is a separate object.  NULL is fine; never call twice for
 * one reference.
 */
void rustls_certified_key_free(const struct rustls_certified_key *key);

/* Free a signing key that was not handed to a certified key. NULL is fine. */
void rustls_signing_key_free(struct rustls_signing_key *signing_key);

/* A new, empty root store builder (NULL only when out of memory). */
struct rustls_root_cert_store_builder *rustls_root_cert_store_builder_new(void);

/*
 * Add the PEM certificates in `pem`.  All or nothing: on failure nothing is added.  A PEM
 * section that cannot be decoded is CERTIFICATE_PARSE_ERROR; with `strict`, so is a certificate
 * that does not parse, or no certificate at all, while without it such certificates are skipped.
 * ALREADY_USED after rustls_root_cert_store_builder_build.
 */
rustls_result rustls_root_cert_store_builder_add_pem(struct rustls_root_cert_store_builder *builder,
                                                     const uint8_t *pem,
                                                     size_t pem_len,
                                                     bool strict);

/* As rustls_root_cert_store_builder_add_pem, reading the file `filename` (IO if it cannot). */
rustls_result rustls_root_cert_store_builder_load_roots_from_file(struct rustls_root_cert_store_builder *builder,
                                                                  const char *filename,
                                                                  bool strict);

/*
 * Build the store (possibly empty) into *root_cert_store_out; free it with
 * rustls_root_cert_store_free.  The builder is spent (ALREADY_USED for any later use) but the
 * caller must still free it.
 */
rustls_result rustls_root_cert_store_builder_build(struct rustls_root_cert_store_builder *builder,
                                                   const struct rustls_root_cert_store **root_cert_store_out);

/* Free a builder, built or not. NULL is fine. */
void rustls_root_cert_store_builder_free(struct rustls_root_cert_store_builder *builder);

/* Drop the caller's reference to a store; verifiers keep their own. NULL is fine. */
void rustls_root_cert_store_free(const struct rustls_root_cert_store *store);

/* ------------------------------------------------------------ Client configuration */

/*
 * A builder for a client config with the process-default crypto provider, the default protocol
 * versions (TLS 1.3 and 1.2), SNI on, no ALPN and no verifier yet.  Never NULL except on out of
 * memory.
 */
struct rustls_client_config_builder *rustls_client_config_builder_new(void);

/*
 * A builder with `provider` and the given protocol versions (0x0304, 0x0303).  As in rustls-ffi,
 * other values are skipped and an empty result means the defaults; whether `provider` has suites
 * for the versions is checked by build.
 */
rustls_result rustls_client_config_builder_new_custom(const struct rustls_crypto_provider *provider,
                                                      const uint16_t *tls_versions, size_t tls_versions_len,
                                                      struct rustls_client_config_builder **builder_out);

/*
 * Verify server certificates with `callback` instead of a WebPKI verifier (its userdata is the
 * connection's).  Replaces set_server_verifier.  DANGEROUS: the callback decides alone whether
 * the server is who it claims to be; CertificateVerify is still checked against the leaf.
 */
rustls_result rustls_client_config_builder_dangerous_set_certificate_verifier(struct rustls_client_config_builder *config_builder,
                                                                              rustls_verify_server_cert_callback callback);

/* Verify server certificates with `verifier` (the builder takes its own reference). */
void rustls_client_config_builder_set_server_verifier(struct rustls_client_config_builder *builder,
                                                      const struct rustls_server_cert_verifier *verifier);

/* Offer these ALPN protocols, in this order (copied).  Each must be 1..255 bytes. */
rustls_result rustls_client_config_builder_set_alpn_protocols(struct rustls_client_config_builder *builder,
                                                              const struct rustls_slice_bytes *protocols, size_t len);

/* Send the server_name extension (default on).  It is never sent for an IP address. */
void rustls_client_config_builder_set_enable_sni(struct rustls_client_config_builder *config, bool enable);

/* Certificates for client authentication; the first one the server's request allows is used. */
rustls_result rustls_client_config_builder_set_certified_key(struct rustls_client_config_builder *builder,
                                                             const struct rustls_certified_key *const *certified_keys,
                                                             size_t certified_keys_len);

/* Log secrets to the file named by the SSLKEYLOGFILE environment variable, if it is set. */
rustls_result rustls_client_config_builder_set_key_log_file(struct rustls_client_config_builder *builder);

/* Log secrets through `log_cb` (required); `will_log_cb` (optional) filters by label. */
rustls_result rustls_client_config_builder_set_key_log(struct rustls_client_config_builder *builder,
                                                       rustls_keylog_log_callback log_cb,
                                                       rustls_keylog_will_log_callback will_log_cb);

/*
 * Whether the client refuses a server that selects an ALPN protocol it did not offer (default
 * true, as RFC 7301 section 3.2 requires; false only for broken servers).
 */
void rustls_client_config_builder_set_check_selected_alpn(struct rustls_client_config_builder *config, bool enable);

/*
 * Build the config.  Consumes the builder even on failure.  No verifier set is
 * RUSTLS_RESULT_NO_SERVER_CERT_VERIFIER; a provider with no suite for the versions is
 * RUSTLS_RESULT_GENERAL (as rustls); versions or suites without TLS 1.3 are
 * RUSTLS_RESULT_BUILDER_INCOMPATIBLE_TLS_VERSIONS (patina: TLS 1.2 alone is not supported yet).
 */
rustls_result rustls_client_config_builder_build(struct rustls_client_config_builder *builder,
                                                 const struct rustls_client_config **config_out);

/* Free a builder that was never built. NULL is fine. */
void rustls_client_config_builder_free(struct rustls_client_config_builder *config);

/* Whether the config uses only FIPS-approved algorithms: always false for patina. */
bool rustls_client_config_fips(const struct rustls_client_config *config);

/* Drop the caller's reference; connections keep theirs. NULL is fine. */
void rustls_client_config_free(const struct rustls_client_config *config);

/*
 * A client connection to `server_name` (a DNS name or an IP address literal, NUL-terminated).
 * A name that is neither is RUSTLS_RESULT_INVALID_DNS_NAME_ERROR.  The ClientHello is queued at
 * once: call write_tls next.
 */
rustls_result rustls_client_connection_new(const struct rustls_client_config *config, const char *server_name,
                                           struct rustls_connection **conn_out);

/* As rustls_client_connection_new, but offering `alpn_protocols` instead of the config's. */
rustls_result rustls_client_connection_new_alpn(const struct rustls_client_config *config, const char *server_name,
                                                const struct rustls_slice_bytes *alpn_protocols,
                                                size_t alpn_protocols_len, struct rustls_connection **conn_out);


/* ------------------------------------------------------------ Server configuration */

/*
 * A builder for a server config with the process-default crypto provider and the default
 * versions, no client authentication, no ALPN and no certificate yet.
 */
struct rustls_server_config_builder *rustls_server_config_builder_new(void);

/*
 * A builder with `provider` and the given protocol versions (see the client's new_custom; here,
 * as in rustls-ffi, no known version left means build fails with GENERAL).
 */
rustls_result rustls_server_config_builder_new_custom(const struct rustls_crypto_provider *provider,
                                                      const uint16_t *tls_versions, size_t tls_versions_len,
                                                      struct rustls_server_config_builder **builder_out);

/* Ask clients for certificates and verify them with `verifier` (the builder takes a reference). */
void rustls_server_config_builder_set_client_verifier(struct rustls_server_config_builder *builder,
                                                      const struct rustls_client_cert_verifier *verifier);

/* Log secrets to the file named by the SSLKEYLOGFILE environment variable, if it is set. */
rustls_result rustls_server_config_builder_set_key_log_file(struct rustls_server_config_builder *builder);

/* Log secrets through `log_cb` (required); `will_log_cb` (optional) filters by label. */
rustls_result rustls_server_config_builder_set_key_log(struct rustls_server_config_builder *builder,
                                                       rustls_keylog_log_callback log_cb,
                                                       rustls_keylog_will_log_callback will_log_cb);

/* Choose the cipher suite in the server's order instead of the client's. */
rustls_result rustls_server_config_builder_set_ignore_client_order(struct rustls_server_config_builder *builder,
                                                                   bool ignore);

/*
 * ALPN protocols the server accepts, most preferred first (copied).  When set and the client
 * offers none of them, the handshake fails with no_application_protocol (RFC 7301 section 3.2).
 */
rustls_result rustls_server_config_builder_set_alpn_protocols(struct rustls_server_config_builder *builder,
                                                              const struct rustls_slice_bytes *protocols, size_t len);

/*
 * The server's certificates.  With several, the one whose leaf is valid for the client's SNI
 * name (compared case-insensitively) wins, else the first one whose key can sign with a scheme
 * the client offers.
 */
rustls_result rustls_server_config_builder_set_certified_keys(struct rustls_server_config_builder *builder,
                                                              const struct rustls_certified_key *const *certified_keys,
                                                              size_t certified_keys_len);

/*
 * EXPERIMENTAL (as in rustls-ffi): choose the certified key per ClientHello with `callback`,
 * which runs inside process_new_packets before anything is sent.  Replaces set_certified_keys.
 */
rustls_result rustls_server_config_builder_set_hello_callback(struct rustls_server_config_builder *builder,
                                                              rustls_client_hello_callback callback);

/*
 * Build the config.  Consumes the builder even on failure.  Neither certified keys nor a hello
 * callback is RUSTLS_RESULT_NO_CERT_RESOLVER; versions are checked first, as for clients.
 */
rustls_result rustls_server_config_builder_build(struct rustls_server_config_builder *builder,
                                                 const struct rustls_server_config **config_out);

/* Free a builder that was never built. NULL is fine. */
void rustls_server_config_builder_free(struct rustls_server_config_builder *config);

/* Whether the config uses only FIPS-approved algorithms: always false for patina. */
bool rustls_server_config_fips(const struct rustls_server_config *config);

/* Drop the caller's reference; connections keep theirs. NULL is fine. */
void rustls_server_config_free(const struct rustls_server_config *config);

/* A server connection.  It waits for the client's first flight: call read_tls next. */
rustls_result rustls_server_connection_new(const struct rustls_server_config *config,
                                           struct rustls_connection **conn_out);

/*
 * The SNI name the client sent (lower-cased, not NUL-terminated), or an empty string if none
 * (yet).  Borrowed from the connection.
 */
struct rustls_str rustls_server_connection_get_server_name(const struct rustls_connection *conn);

/*
 * For a ClientHello callback: the first of `certified_keys` that can sign with one of the
 * hello's signature schemes.  NOT_FOUND if none can.
 */
rustls_result rustls_client_hello_select_certified_key(const struct rustls_client_hello *hello,
                                                       const struct rustls_certified_key *const *certified_keys,
                                                       size_t certified_keys_len,
                                                       const struct rustls_certified_key **out_key);


/* ------------------------------------------------------------ Connections */

/* Set the pointer passed to the connection's callbacks (log, verifier, hello). */
void rustls_connection_set_userdata(struct rustls_connection *conn, void *userdata);

/* Log this connection's events through `cb` (NULL: no logging). */
void rustls_connection_set_log_callback(struct rustls_connection *conn, rustls_log_callback cb);

/*
 * Read TLS bytes from the peer through `callback` (at most one read call).  Returns the
 * callback's errno, or 0 with *out_n = bytes read (0: the peer closed the stream).  EIO once
 * the input buffer is full: call process_new_packets first.
 */
rustls_io_result rustls_connection_read_tls(struct rustls_connection *conn, rustls_read_callback callback,
                                            void *userdata, size_t *out_n);

/*
 * Write queued TLS bytes to the peer through `callback` (one call).  Returns the callback's
 * errno, or 0 with *out_n = bytes written (0: nothing was queued).
 */
rustls_io_result rustls_connection_write_tls(struct rustls_connection *conn, rustls_write_callback callback,
                                             void *userdata, size_t *out_n);

/* As write_tls, but hands over every queued buffer at once as an array of iovecs. */
rustls_io_result rustls_connection_write_tls_vectored(struct rustls_connection *conn,
                                                      rustls_write_vectored_callback callback, void *userdata,
                                                      size_t *out_n);

/*
 * Decrypt and process what read_tls received: drive the handshake, queue any response (see
 * wants_write) and received plaintext (see rustls_connection_read).  A failure is final: the
 * fatal alert is queued for write_tls, and every later call returns the same error.
 */
rustls_result rustls_connection_process_new_packets(struct rustls_connection *conn);

/* Whether the connection wants more TLS input (false after close_notify or a fatal error). */
bool rustls_connection_wants_read(const struct rustls_connection *conn);

/* Whether TLS bytes are queued for write_tls. */
bool rustls_connection_wants_write(const struct rustls_connection *conn);

/* Whether the handshake is still in progress. */
bool rustls_connection_is_handshaking(const struct rustls_connection *conn);

/* Full, full with HelloRetryRequest, resumed, or unknown (handshake not finished). */
enum rustls_handshake_kind rustls_connection_handshake_kind(const struct rustls_connection *conn);

/*
 * Limit the bytes queued in each direction (plaintext not yet sent or read, plus queued TLS
 * data); 0 means no limit.  The default is rustls's: 64 KiB (rustls-ffi never changes it).
 */
void rustls_connection_set_buffer_limit(struct rustls_connection *conn, size_t n);

/* Queue a close_notify alert (once); nothing is sent after it. */
void rustls_connection_send_close_notify(struct rustls_connection *conn);

/*
 * Queue a TLS 1.3 KeyUpdate and switch to new sending keys (RFC 8446 section 4.6.3).  Fails in
 * TLS 1.2 or before the handshake finished.
 */
rustls_result rustls_connection_refresh_traffic_keys(struct rustls_connection *conn);

/* The peer's i-th certificate (0: the leaf), or NULL.  Borrowed from the connection. */
const struct rustls_certificate *rustls_connection_get_peer_certificate(const struct rustls_connection *conn, size_t i);

/* The negotiated ALPN protocol, or NULL/0 if none.  Borrowed from the connection. */
void rustls_connection_get_alpn_protocol(const struct rustls_connection *conn, const uint8_t **protocol_out,
                                         size_t *protocol_out_len);

/* The negotiated protocol version (0x0304, 0x0303), or 0 before it is known. */
uint16_t rustls_connection_get_protocol_version(const struct rustls_connection *conn);

/* The negotiated cipher suite's IANA value, or 0 (TLS_NULL_WITH_NULL_NULL) before it is known. */
uint16_t rustls_connection_get_negotiated_ciphersuite(const struct rustls_connection *conn);

/* The negotiated cipher suite's name (rustls spelling), or an empty string. */
struct rustls_str rustls_connection_get_negotiated_ciphersuite_name(const struct rustls_connection *conn);

/* The negotiated key exchange group's IANA value, or 0. */
uint16_t rustls_connection_get_negotiated_key_exchange_group(const struct rustls_connection *conn);

/* The negotiated key exchange group's name, or an empty string. */
struct rustls_str rustls_connection_get_negotiated_key_exchange_group_name(const struct rustls_connection *conn);

/* How many TLS 1.3 NewSessionTicket messages a client connection has received. */
uint32_t rustls_connection_get_tls13_tickets_received(const struct rustls_connection *conn);

/*
 * Queue plaintext for sending (encrypted once the handshake allows).  *out_n may be less than
 * `count` when the buffer limit is reached.
 */
rustls_result rustls_connection_write(struct rustls_connection *conn, const uint8_t *buf, size_t count, size_t *out_n);

/*
 * Copy received plaintext into `buf`.  RUSTLS_RESULT_PLAINTEXT_EMPTY: nothing now; OK with
 * *out_n = 0: the peer sent close_notify; UNEXPECTED_EOF: the stream ended without it.
 */
rustls_result rustls_connection_read(struct rustls_connection *conn, uint8_t *buf, size_t count, size_t *out_n);

/* Whether the connection uses only FIPS-approved algorithms: always false for patina. */
bool rustls_connection_fips(const struct rustls_connection *conn);

/* Free a connection, wiping its secrets. NULL is fine. */
void rustls_connection_free(struct rustls_connection *conn);


/* ------------------------------------------------------------ Lists */

/* Number of items in the list (0 for NULL). */
size_t rustls_slice_slice_bytes_len(const struct rustls_slice_slice_bytes *input);

/* The n-th item, or {NULL, 0} when out of range. */
struct rustls_slice_bytes rustls_slice_slice_bytes_get(const struct rustls_slice_slice_bytes *input, size_t n);

/* Number of items in the list (0 for NULL). */
size_t rustls_slice_str_len(const struct rustls_slice_str *input);

/* The n-th item, or {NULL, 0} when out of range. */
struct rustls_str rustls_slice_str_get(const struct rustls_slice_str *input, size_t n);


/* ------------------------------------------------------------ Encrypted Client Hello */

/* HPKE suites for ECH.  NULL: patina does not offer ECH yet (as rustls-ffi with the ring provider). */
const struct rustls_hpke *rustls_supported_hpke(void);


#ifdef __cplusplus
}
#endif

#endif /* RUSTLS_H */
