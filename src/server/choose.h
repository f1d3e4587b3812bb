/*
 * choose.h - what a TLS 1.3 server picks from a ClientHello: protocol version, cipher suite,
 * key exchange group, ALPN protocol, certified key and signature scheme.
 *
 * These functions read a decoded ClientHello (msgs/client_hello.h) and the server's own lists;
 * they never see a connection, so each choice is tested on its own.  Failures are the alert and
 * rustls_result rustls 0.23's server sends for the same ClientHello (rustls-ffi's mapping of
 * PeerIncompatible / PeerMisbehaved / General to rustls_result).
 */
#ifndef PT_SERVER_CHOOSE_H
#define PT_SERVER_CHOOSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "conn/configs.h"

#include "msgs/client_hello.h"
#include "provider/provider.h"
#include "rustls.h"

/*
 * The ClientHello must offer TLS 1.3 (supported_versions, RFC 8446 4.2.1) and `versions`
 * (the config's version bits, PT_CFG_TLS13) must enable it; TLS 1.2 is not negotiated yet.  Failures,
 * all protocol_version (RFC 8446 4.1.3 / 4.2.1: "MUST abort ... with a "protocol_version"
 * alert"), with rustls's PeerIncompatible reason as PEER_INCOMPATIBLE_ERROR:
 * supported_versions without (enabled) 1.3 (Tls12NotOfferedOrEnabled); no supported_versions
 * and legacy_version below 1.2 (Tls12NotOffered); no supported_versions otherwise
 * (SupportedVersionsExtensionRequired).
 */
PT_MUST_USE pt_err pt_server_check_version(const pt_client_hello *ch, unsigned versions);

/*
 * The key exchange group, among the groups both sides support (RFC 8446 4.2.7): the provider's
 * most preferred one for which the client already sent a key share, so that no
 * HelloRetryRequest round trip is spent when one is avoidable (rustls likewise prefers a group
 * it can use at once); only when the client sent no usable share, the provider's most preferred
 * common group, which the caller then asks for with a HelloRetryRequest.  None in common (or no
 * supported_groups): handshake_failure, PEER_INCOMPATIBLE_ERROR (rustls NoKxGroupsInCommon).
 * A malformed key_share extension is ignored here and refused where the share is read.
 */
PT_MUST_USE pt_err pt_server_choose_group(const pt_provider *p, const pt_client_hello *ch, const pt_kx_group **out);

/*
 * The TLS 1.3 cipher suite: the client's most preferred of the provider's TLS 1.3 suites, or
 * with `server_order` the provider's most preferred one the client offers (rustls's
 * ignore_client_order).  None in common: handshake_failure, PEER_INCOMPATIBLE_ERROR (rustls
 * NoCipherSuitesInCommon).
 */
PT_MUST_USE pt_err pt_server_choose_suite13(const pt_provider *p, const pt_client_hello *ch, bool server_order,
                                            const pt_suite **out);

/*
 * ALPN (RFC 7301 3.2): when the client sent application_layer_protocol_negotiation and the
 * server has protocols, the server's most preferred protocol the client offered goes to *out;
 * none in common: no_application_protocol, NO_APPLICATION_PROTOCOL (RFC 7301 3.2 "the server
 * SHALL respond with a fatal "no_application_protocol" alert").  Otherwise *out is empty.
 */
PT_MUST_USE pt_err pt_server_choose_alpn(const pt_alpn_protos *ours, const pt_client_hello *ch, pt_slice *out);

/* May `scheme` sign a TLS 1.3 CertificateVerify?  RFC 8446 4.2.3: not RSASSA-PKCS1-v1_5 nor
 * SHA-1 ("MUST NOT be offered or negotiated by any implementation" for CertificateVerify);
 * rustls's SignatureScheme::supported_in_tls13. */
bool pt_sig_scheme_tls13_ok(uint16_t scheme);

/*
 * The signature scheme `ck` signs with: the first of `prefs` (the config's signing schemes;
 * NULL or empty: its key's schemes in the provider's preference order) that the key can sign
 * with, `offered` (n host-order values) contains, and with `tls13` also pt_sig_scheme_tls13_ok.
 * False when there is none.
 */
bool pt_server_key_scheme(const struct rustls_certified_key *ck, const uint16_t *offered, size_t n, bool tls13,
                          const pt_sig_prefs *prefs, uint16_t *out);

/*
 * The certified key for a TLS 1.3 handshake from the config's `keys` (in order):
 *   1. the first whose leaf is valid for `sni` (non-empty; x509->cert_matches_name) and that
 *      can sign a TLS 1.3 CertificateVerify with a scheme the client offered;
 *   2. else the first that can sign with such a scheme;
 *   3. else rustls-ffi's resolver: the first that can sign with any offered scheme (its TLS 1.3
 *      handshake then fails for lack of a usable scheme, as rustls's does).
 * "Can sign" is pt_server_key_scheme with `prefs` (NULL: none): a key that can sign with a
 * preferred scheme the client offered is always picked before one that cannot.  Only when no key
 * can, the choice is made as without `prefs`, so that the caller's scheme check (with `prefs`)
 * fails with handshake_failure.  NULL when no key can sign with anything offered.
 */
const struct rustls_certified_key *pt_server_pick_key(const pt_x509_ops *x509,
                                                      const struct rustls_certified_key *const *keys, size_t n_keys,
                                                      const char *sni, const uint16_t *offered, size_t n_offered,
                                                      const pt_sig_prefs *prefs);

/*
 * Keep (in place, in order) the offered `schemes` that suit a suite the client and the provider
 * share, and return how many remain: all of them when a TLS 1.3 suite is shared, else those of
 * the shared TLS 1.2 suites' key types (ECDSA suites: ECDSA and Ed25519; RSA suites: RSA).  This
 * is what rustls shows its certificate resolver (hs.rs compatible_sigscheme_for_suites), so a
 * ClientHello sharing no suite resolves no certificate, as in rustls.
 */
size_t pt_server_compatible_schemes(const pt_provider *p, const pt_client_hello *ch, uint16_t *schemes, size_t n);

/*
 * A u16 list from the wire as a malloc'd array of host-order values (*out NULL when empty).
 * Failure: out of memory, PT_ERR_INTERNAL.
 */
PT_MUST_USE pt_err pt_u16_list_to_array(const pt_u16_list *l, uint16_t **out);

#endif
