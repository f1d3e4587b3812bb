/*
 * registry.c - the default provider: BoringSSL's algorithms bound to patina's suite and group
 * tables.  A second provider (for instance an insecure one for fuzzing) would be another
 * pt_provider value beside this one; nothing outside src/provider/ names BoringSSL.
 */
#include "provider/provider.h"

#include "provider/boringssl/bssl.h"
#include "provider/boringssl/pki.h"
#include "provider/suites.h"

static const pt_provider boringssl_provider = {
    .name = "boringssl",
    .suites = pt_all_suites,
    .groups = pt_all_groups,
    .sig = &pt_bssl_sig_ops,
    .x509 = &pt_bssl_x509_ops,
    .random = pt_bssl_random,
    .sha256 = &pt_bssl_sha256,
    .sha384 = &pt_bssl_sha384,
};

const pt_provider *pt_default_provider(void)
{
    return &boringssl_provider;
}

const pt_suite *pt_provider_find_suite(const pt_provider *p, uint16_t id)
{
    for (const pt_suite *const *s = p->suites; *s != NULL; s++) {
        if ((*s)->id == id) {
            return *s;
        }
    }
    return NULL;
}

const pt_kx_group *pt_provider_find_group(const pt_provider *p, uint16_t id)
{
    for (const pt_kx_group *const *g = p->groups; *g != NULL; g++) {
        if ((*g)->id == id) {
            return *g;
        }
    }
    return NULL;
}
