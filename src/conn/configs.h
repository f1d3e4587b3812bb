/*
 * configs.h - the built client and server configurations, as the handshake reads them.
 *
 * The rustls_*_config_builder functions (src/api/client_config.c, server_config.c) fill these
 * structures; once built they are immutable and shared by every connection made from them, so
 * the handshake only ever reads them (through a const pointer) and a connection holds one
 * reference to its config for its whole life (rustls_connection_free drops it).
 *
 * Ownership: a config owns one reference to each object it points at (provider, verifier,
 * certified keys), its ALPN copy and its key log.  pt_client_config_unref/pt_server_config_unref
 * release everything when the last reference goes.
 */
#ifndef PT_CONN_CONFIGS_H
#define PT_CONN_CONFIGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "base/refcount.h"
#include "base/slice.h"
#include "conn/keylog.h"
#include "provider/provider.h"
#include "rustls.h"

/* Protocol versions a config enables (bits). */
enum {
    PT_CFG_TLS12 = 1u << 0,
    PT_CFG_TLS13 = 1u << 1,
};

/* ALPN protocol names, copied once into one allocation; items point into `data`. */
typedef struct pt_alpn_protos {
    uint8_t *data;
    pt_slice *items;
    size_t n;
} pt_alpn_protos;

/*
 * Copy `n` protocols (each 1..255 bytes, else INVALID_PARAMETER, as rustls refuses an empty or
 * over-long protocol name when encoding; likewise a list too long for the extension's 16-bit
 * length) into `out`, which must be zeroed or freed before.  A NULL `protos` (n > 0) or entry
 * data is NULL_PARAMETER.  n == 0 gives the empty list.  On failure `out` is unchanged.
 */
PT_MUST_USE pt_err pt_alpn_protos_set(pt_alpn_protos *out, const struct rustls_slice_bytes *protos, size_t n);
void pt_alpn_protos_free(pt_alpn_protos *a);

/*
 * The signature schemes a config's keys sign with, most preferred first
 * (patina_*_config_builder_set_signing_schemes); n == 0: each key's own order.
 */
#define PT_SIGNING_SCHEMES_MAX 16
typedef struct pt_sig_prefs {
    uint16_t v[PT_SIGNING_SCHEMES_MAX];
    size_t n;
} pt_sig_prefs;

struct rustls_client_config {
    pt_refcount refs;
    const struct rustls_crypto_provider *provider; /* one reference */
    const pt_provider *tables;                     /* pt_crypto_provider_tables(provider) */
    unsigned versions;                             /* PT_VERSION_* bits */
    pt_alpn_protos alpn;                           /* offered, in order */
    bool enable_sni;                               /* default true */
    bool check_selected_alpn;                      /* default true */
    size_t max_fragment_size;                      /* 0: default; else checked by pt_fragmenter */
    /* Exactly one of these two verifies the server's chain (build refuses neither). */
    const struct rustls_server_cert_verifier *verifier; /* one reference, or NULL */
    rustls_verify_server_cert_callback verify_cb;       /* dangerous custom verifier, or NULL */
    /* Client authentication (may be empty): one reference each. */
    const struct rustls_certified_key **client_keys;
    size_t n_client_keys;
    pt_sig_prefs signing; /* schemes the client keys sign with */
    pt_keylog keylog;
};

struct rustls_server_config {
    pt_refcount refs;
    const struct rustls_crypto_provider *provider; /* one reference */
    const pt_provider *tables;
    unsigned versions;
    pt_alpn_protos alpn; /* accepted, server's preference order */
    bool ignore_client_order;
    size_t max_fragment_size; /* 0: default; else checked by pt_fragmenter */
    /* Certificates (one reference each), used when hello_cb is NULL. */
    const struct rustls_certified_key **keys;
    size_t n_keys;
    pt_sig_prefs signing; /* schemes the keys sign with; also limits which key is picked */
    rustls_client_hello_callback hello_cb;                      /* EXPERIMENTAL API, or NULL */
    const struct rustls_client_cert_verifier *client_verifier; /* one reference, or NULL: no client auth */
    pt_keylog keylog;
};

/* Take / drop a reference (unref frees on the last one; NULL is fine). */
const struct rustls_client_config *pt_client_config_ref(const struct rustls_client_config *c);
void pt_client_config_unref(const struct rustls_client_config *c);
const struct rustls_server_config *pt_server_config_ref(const struct rustls_server_config *c);
void pt_server_config_unref(const struct rustls_server_config *c);

#endif
