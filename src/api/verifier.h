/*
 * verifier.h - what the handshake calls on the verifiers built by verifier.c.
 *
 * Both verifiers are immutable once built and reference counted; a config takes a reference
 * with the *_ref function and drops it with the public *_free function.  A client verifier is
 * either the WebPKI one or patina's dangerous callback verifier
 * (patina_client_cert_verifier_new_dangerous); the handshake sees no difference.
 */
#ifndef PT_API_VERIFIER_H
#define PT_API_VERIFIER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "base/slice.h"
#include "rustls.h"

struct rustls_server_cert_verifier *pt_server_verifier_ref(struct rustls_server_cert_verifier *v);
struct rustls_client_cert_verifier *pt_client_verifier_ref(struct rustls_client_cert_verifier *v);

/*
 * Verify a server's chain (DER; end entity plus the intermediates it sent, in its order) for
 * `server_name` (a DNS name or an IP literal, NUL-terminated) at `now` (seconds since the Unix
 * epoch), with the verifier's roots, CRLs and revocation policy.  `ocsp` is the stapled
 * response (may be empty); like rustls's WebPkiServerVerifier it is not evaluated.  Failures
 * carry the CERT_* code and its alert (RFC 8446 section 6.2: bad_certificate, unknown_ca, ...).
 * On success *leaf_key (if not NULL) receives the end entity's public key, already parsed by
 * the verification, for the CertificateVerify check (the caller frees it with the provider's
 * sig->pubkey_free): the leaf is not parsed a second time.
 */
PT_MUST_USE pt_err pt_server_verifier_verify(const struct rustls_server_cert_verifier *v, pt_slice end_entity,
                                             const pt_slice *intermediates, size_t n_intermediates,
                                             const char *server_name, uint64_t now, pt_slice ocsp,
                                             pt_pubkey **leaf_key);

/*
 * Verify a client's chain for client authentication (no name check).  A callback verifier
 * ignores `now` and calls its callback with `userdata` (the connection's, as
 * rustls_connection_set_userdata set it); its answer maps as pt_verify_callback_result says.
 */
PT_MUST_USE pt_err pt_client_verifier_verify(const struct rustls_client_cert_verifier *v, pt_slice end_entity,
                                             const pt_slice *intermediates, size_t n_intermediates, uint64_t now,
                                             void *userdata);

/*
 * A custom verifier callback's answer (the client's rustls_verify_server_cert_callback, the
 * server's patina_verify_client_cert_callback) as an error, the way rustls-ffi turns it into a
 * rustls Error (cert_result_to_error) and rustls into an alert: RUSTLS_RESULT_OK is PT_OK; the
 * CERT_* codes rustls-ffi maps keep their code with the alert of their CertificateError;
 * anything else is GENERAL with handshake_failure.
 */
PT_MUST_USE pt_err pt_verify_callback_result(uint32_t r);

/* Whether a client that sends no certificate may go on (allow_unauthenticated). */
bool pt_client_verifier_allows_unauthenticated(const struct rustls_client_cert_verifier *v);

/*
 * The root store whose subjects the server advertises in CertificateRequest's
 * certificate_authorities (RFC 8446 section 4.2.4), or NULL when the hints were cleared.
 */
const struct rustls_root_cert_store *pt_client_verifier_hint_store(const struct rustls_client_cert_verifier *v);

#endif
