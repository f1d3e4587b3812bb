/*
 * root_store.h - what verifiers need from a rustls_root_cert_store (root_store.c).
 */
#ifndef PT_API_ROOT_STORE_H
#define PT_API_ROOT_STORE_H

#include "provider/provider.h"
#include "rustls.h"

/* Take one more reference to `store` (not NULL); drop it with rustls_root_cert_store_free. */
const struct rustls_root_cert_store *pt_root_cert_store_ref(const struct rustls_root_cert_store *store);
/* The provider trust-anchor set behind `store`; lives as long as the reference. */
const pt_root_store *pt_root_cert_store_anchors(const struct rustls_root_cert_store *store);
/* How many anchors it holds. */
size_t pt_root_cert_store_count(const struct rustls_root_cert_store *store);

#endif
