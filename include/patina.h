/*
 * patina.h - patina's additions to the rustls-ffi API.
 *
 * Everything here has the patina_ prefix so it can never collide with a future rustls-ffi name.
 * Include after (or instead of) rustls.h; it includes rustls.h itself.
 */
#ifndef PATINA_H
#define PATINA_H

#include "rustls.h"

#ifdef __cplusplus
extern "C" {
#endif

/* patina's own version, e.g. "0.1.0" (static storage). rustls_version() names the API level. */
struct rustls_str patina_version(void);

/*
 * Run the known-answer self-test of the crypto provider: every AEAD, hash, HMAC, HKDF, key
 * exchange group and signature scheme patina uses, against published vectors.  Returns
 * RUSTLS_RESULT_OK when all pass, RUSTLS_RESULT_GENERAL otherwise; if `report` is not NULL it is
 * called once per check with its name and whether it passed.
 */
rustls_result patina_self_test(void (*report)(void *userdata, const char *name, bool passed), void *userdata);

/*
 * The largest TLS record this config's connections send, counting the 5-byte header but not
 * the protection overhead: rustls's ClientConfig/ServerConfig max_fragment_size, which
 * rustls-ffi does not expose (rustls's tlsclient-mio/tlsserver-mio --max-frag-size).  0 restores
 * the default (2^14 bytes of plaintext per record); otherwise 32..16389, else
 * RUSTLS_RESULT_BAD_MAX_FRAGMENT_SIZE and the builder is unchanged.
 */
rustls_result patina_client_config_builder_set_max_fragment_size(struct rustls_client_config_builder *builder,
                                                                 size_t max_fragment_size);
rustls_result patina_server_config_builder_set_max_fragment_size(struct rustls_server_config_builder *builder,
                                                                 size_t max_fragment_size);

/* -------------------------------------------- Client authentication: a custom client certificate verifier */

/*
 * What a patina_verify_client_cert_callback is shown: the certificates the client sent, DER,
 * borrowed for the duration of the call only (copy what you keep).  `intermediate_certs_der`
 * holds the ones after the leaf, in the client's order (read it with
 * rustls_slice_slice_bytes_len/_get; it may be empty).
 */
struct patina_verify_client_cert_params {
    struct rustls_slice_bytes end_entity_cert_der;                 /* the client's leaf */
    const struct rustls_slice_slice_bytes *intermediate_certs_der; /* the rest it sent, in its order */
};

/*
 * Decides whether a client's certificate chain is acceptable.  `userdata` is the connection's
 * (rustls_connection_set_userdata).  Return RUSTLS_RESULT_OK to accept; a RUSTLS_RESULT_CERT_*
 * code to reject with that code and its alert, exactly as for the client side's
 * rustls_verify_server_cert_callback (e.g. CERT_UNKNOWN_ISSUER: unknown_ca, CERT_EXPIRED:
 * certificate_expired, CERT_OTHER_ERROR: certificate_unknown, CERT_APPLICATION_VERIFICATION_FAILURE:
 * access_denied); any other value rejects with RUSTLS_RESULT_GENERAL and handshake_failure.
 * It may be called from any thread that drives a connection, concurrently for different ones.
 */
typedef uint32_t (*patina_verify_client_cert_callback)(void *userdata,
                                                       const struct patina_verify_client_cert_params *params);

/*
 * DANGEROUS: a client certificate verifier that does no path validation (no roots, no
 * validity period, no key usage, no revocation) and leaves the decision to `callback`.  It is
 * the server-side twin of rustls_client_config_builder_dangerous_set_certificate_verifier,
 * for applications with their own trust model (pinned keys, self-signed peers, test runners).
 *
 * The result is an ordinary rustls_client_cert_verifier: give it to
 * rustls_server_config_builder_set_client_verifier and free it with
 * rustls_client_cert_verifier_free (reference counted: a config keeps its own reference).
 * The server asks every client for a certificate (CertificateRequest without
 * certificate_authorities: there are no roots to name).  After the callback accepts, the
 * client's CertificateVerify is still checked against the leaf's public key (RFC 8446 section
 * 4.4.3): a bad signature, or a leaf whose key cannot be parsed, fails the handshake as with
 * the WebPKI verifier, whatever the callback said.
 *
 * allow_unauthenticated: a client that answers with an empty Certificate continues
 * unauthenticated (the callback is not called); when false it is refused with
 * RUSTLS_RESULT_NO_CERTIFICATES_PRESENTED and a certificate_required alert.
 *
 * Returns RUSTLS_RESULT_NULL_PARAMETER if `callback` or `verifier_out` is NULL,
 * RUSTLS_RESULT_GENERAL if out of memory, else RUSTLS_RESULT_OK with *verifier_out set.
 */
rustls_result patina_client_cert_verifier_new_dangerous(patina_verify_client_cert_callback callback,
                                                        bool allow_unauthenticated,
                                                        struct rustls_client_cert_verifier **verifier_out);

/* ---------------------------------------------------------------- Exporters */

/*
 * Keying material exporter (RFC 5705's interface; RFC 8446 section 7.5 for TLS 1.3), defined in
 * src/api/exporter.c.  Writes TLS-Exporter(label, context, out_len) into out[0..out_len):
 *
 *     HKDF-Expand-Label(Derive-Secret(exporter_master_secret, label, ""),
 *                       "exporter", Hash(context), out_len)
 *
 * `label` is the whole label (bytes, not NUL-terminated; RFC 5705 labels such as "EXTRACTOR-..."
 * or "EXPORTER-..." are given as they are, with no "tls13 " prefix).  `has_context` false means
 * no context and `context` is not read (it may be NULL); in TLS 1.3 that is the same as an empty
 * context (RFC 8446 section 7.5).  The same arguments give the same bytes on both ends of a
 * connection, and different labels, contexts or lengths give unrelated bytes (a shorter output
 * is not a prefix of a longer one).  Exporting does not change the connection; it may be called
 * any number of times once the handshake is complete (KeyUpdate does not change the result).
 *
 * Errors (nothing is written to `out`):
 *   RUSTLS_RESULT_NULL_PARAMETER     conn, out or label NULL, or context NULL with has_context;
 *   the connection's error           after a fatal error (errors are sticky);
 *   RUSTLS_RESULT_HANDSHAKE_NOT_COMPLETE  until the handshake is complete on this side (no early
 *                                    exporter: 0-RTT is not supported; a server in the half-RTT
 *                                    window before the client's Finished is not complete);
 *   RUSTLS_RESULT_INVALID_PARAMETER  out_len 0 or over HKDF-Expand's 255 * HashLen (RFC 5869
 *                                    section 2.3: 8160 bytes for SHA-256 suites, 12240 for
 *                                    SHA-384), a label over 249 bytes (HkdfLabel's
 *                                    label<7..255> holds "tls13 " + label, RFC 8446 section 7.1),
 *                                    or a TLS 1.2 connection (not supported yet).
 */
rustls_result patina_connection_export_keying_material(const struct rustls_connection *conn, uint8_t *out,
                                                       size_t out_len, const uint8_t *label, size_t label_len,
                                                       const uint8_t *context, size_t context_len, bool has_context);

/* ---------------------------------------------------------------- Key exchange groups and signature schemes */

/*
 * Restrict and order the key-exchange groups the built provider offers and accepts: IANA
 * NamedGroup values (0x001d X25519, 0x0017 secp256r1, 0x0018 secp384r1: whatever the provider
 * has), most preferred first; a client sends its key share for the first, a server prefers
 * earlier groups (asking with HelloRetryRequest when the client sent no share it accepts).  Any
 * group of the backend may be chosen, as with rustls_crypto_provider_builder_set_cipher_suites.
 * len 0, more groups than the backend has, a value it lacks, or a repeated value:
 * RUSTLS_RESULT_INVALID_PARAMETER and the builder is unchanged.  NULL builder or groups:
 * RUSTLS_RESULT_NULL_PARAMETER; a builder already built: RUSTLS_RESULT_ALREADY_USED.  A later
 * call replaces an earlier one; without a call the base provider's groups are kept.
 */
rustls_result patina_crypto_provider_builder_set_kx_groups(struct rustls_crypto_provider_builder *builder,
                                                           const uint16_t *groups, size_t len);

/*
 * Restrict and order the signature schemes (IANA SignatureScheme values) the built provider
 * verifies: what a client offers in signature_algorithms, what a server asks for in
 * CertificateRequest, and what each accepts in the peer's CertificateVerify (RFC 8446 4.2.3,
 * 4.4.3; one outside them is illegal_parameter, RUSTLS_RESULT_PEER_MISBEHAVED_ERROR).  Same
 * error rules as patina_crypto_provider_builder_set_kx_groups.  X.509 path validation of
 * certificate signatures is libcrypto's and is not restricted by this.
 */
rustls_result patina_crypto_provider_builder_set_verify_schemes(struct rustls_crypto_provider_builder *builder,
                                                                const uint16_t *schemes, size_t len);

/*
 * Restrict and order the schemes this config's certified keys sign with: for each key, the
 * first of `schemes` that the key can sign with and the peer offered (and TLS 1.3 allows).  A
 * server prefers a key that can sign with one of them; when none can, its handshake fails with
 * handshake_failure, RUSTLS_RESULT_PEER_INCOMPATIBLE_ERROR (no signature scheme in common).  A
 * client whose key cannot sends no certificate (RFC 8446 4.4.2).  A server hello callback that
 * picks the key itself with rustls_client_hello_select_certified_key picks as rustls-ffi does,
 * without this list; the chosen key still signs with the first allowed scheme, or the handshake
 * fails as above.  len 0 restores the default
 * (each key's own order).  NULL builder, or NULL schemes with len > 0: RUSTLS_RESULT_NULL_PARAMETER; a value
 * the backend does not know, a repeated value or more than 16 values:
 * RUSTLS_RESULT_INVALID_PARAMETER and the builder is unchanged.
 */
rustls_result patina_client_config_builder_set_signing_schemes(struct rustls_client_config_builder *builder,
                                                               const uint16_t *schemes, size_t len);
rustls_result patina_server_config_builder_set_signing_schemes(struct rustls_server_config_builder *builder,
                                                               const uint16_t *schemes, size_t len);

/*
 * The SignatureScheme of the peer's CertificateVerify, once verified; 0 if the peer has not
 * signed (yet), e.g. a client that sent no certificate, or for NULL.
 */
uint16_t patina_connection_get_peer_signature_scheme(const struct rustls_connection *conn);

#ifdef __cplusplus
}
#endif

#endif /* PATINA_H */
