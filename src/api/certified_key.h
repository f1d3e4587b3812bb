/*
 * certified_key.h - what the handshake needs from a rustls_certified_key and a
 * rustls_signing_key (both defined in certified_key.c).
 *
 * A rustls_certified_key is immutable once built and atomically reference counted: a config
 * that keeps one takes a reference with pt_certified_key_ref and drops it with
 * rustls_certified_key_free.  Every slice returned here lives as long as that reference.
 */
#ifndef PT_API_CERTIFIED_KEY_H
#define PT_API_CERTIFIED_KEY_H

#include <stdbool.h>
#include <stddef.h>

#include "base/slice.h"
#include "provider/provider.h"
#include "rustls.h"

/* A certificate: an owned DER copy (the holder of the rustls_certificate owns the bytes). */
struct rustls_certificate {
    pt_slice der;
};

/* Take one more reference to `ck` (not NULL); drop it with rustls_certified_key_free. */
const struct rustls_certified_key *pt_certified_key_ref(const struct rustls_certified_key *ck);

/* Number of certificates in the chain (0 is possible: rustls-ffi accepts an empty PEM chain). */
size_t pt_certified_key_chain_len(const struct rustls_certified_key *ck);
/* DER of the i-th certificate, leaf first; empty past the end. */
pt_slice pt_certified_key_cert(const struct rustls_certified_key *ck, size_t i);
/* The private key, and the provider signature operations that own it. */
const pt_signing_key *pt_certified_key_signing_key(const struct rustls_certified_key *ck);
const pt_sig_ops *pt_certified_key_sig_ops(const struct rustls_certified_key *ck);
/*
 * The scheme `ck` signs with for a peer that accepts `offered` (n values): the first of `prefs`
 * (n_prefs values, our preference order; n_prefs 0: the key's own order) that the key can sign
 * with, `offered` contains and `allowed` (NULL: any) accepts.  False when there is none.
 */
bool pt_certified_key_scheme(const struct rustls_certified_key *ck, const uint16_t *offered, size_t n,
                             const uint16_t *prefs, size_t n_prefs, bool (*allowed)(uint16_t scheme), uint16_t *out);
/* The stapled OCSP response (DER), empty when none. */
pt_slice pt_certified_key_ocsp(const struct rustls_certified_key *ck);

/*
 * Load a PEM private key (as rustls-ffi, DER is refused) with `sig` into a new rustls_signing_key
 * (one reference, freed with rustls_signing_key_free).  Used by rustls_certified_key_build and
 * rustls_crypto_provider_load_key.  Failure: PRIVATE_KEY_PARSE_ERROR.
 */
PT_MUST_USE pt_err pt_signing_key_load(const pt_sig_ops *sig, pt_slice key, struct rustls_signing_key **out);

#endif
