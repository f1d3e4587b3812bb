/*
 * pki.h - the signature and X.509 operation tables implemented with BoringSSL's libcrypto.
 *
 * The default provider's table (src/provider/registry.c) points at these.  Only provider.h types
 * appear here, so code outside src/provider/boringssl/ may include this header without seeing
 * <openssl/...>.  Both tables are static, immutable and safe to use from any thread.
 */
#ifndef PT_PROVIDER_BORINGSSL_PKI_H
#define PT_PROVIDER_BORINGSSL_PKI_H

#include "provider/provider.h"

/* Signing keys, public keys and the nine TLS signature schemes (sig.c). */
extern const pt_sig_ops pt_bssl_sig_ops;
/* Root stores, CRLs and chain verification with X509_STORE (x509.c). */
extern const pt_x509_ops pt_bssl_x509_ops;

#endif
