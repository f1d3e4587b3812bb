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

#ifdef __cplusplus
}
#endif

#endif /* PATINA_H */
