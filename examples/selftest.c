/*
 * selftest.c - patina's first demo: print what the library offers and run the provider's
 * known-answer self-test.  Uses only the public API (rustls.h + patina.h), as any program
 * linking libpatina would.
 *
 * Usage: selftest [-q]     (-q: print only failures and the verdict)
 * Exit status: 0 when every self-test check passed, 1 otherwise.
 */
#include <stdio.h>
#include <string.h>

#include <patina.h>
#include <rustls.h>

static void report(void *userdata, const char *name, bool passed)
{
    int quiet = *(const int *)userdata;
    if (!passed || !quiet) {
        printf("  %-52s %s\n", name, passed ? "ok" : "FAILED");
    }
}

int main(int argc, char **argv)
{
    int quiet = argc > 1 && strcmp(argv[1], "-q") == 0;
    struct rustls_str v = rustls_version();
    printf("%.*s\n", (int)v.len, v.data);

    if (!quiet) {
        printf("\ncipher suites of the default provider, in preference order:\n");
        for (size_t i = 0; i < rustls_default_crypto_provider_ciphersuites_len(); i++) {
            const struct rustls_supported_ciphersuite *s = rustls_default_crypto_provider_ciphersuites_get(i);
            struct rustls_str name = rustls_supported_ciphersuite_get_name(s);
            printf("  0x%04x  %-46.*s TLS %s\n", rustls_supported_ciphersuite_get_suite(s), (int)name.len, name.data,
                   rustls_supported_ciphersuite_protocol_version(s) == RUSTLS_TLS_VERSION_TLSV1_3 ? "1.3" : "1.2");
        }
    }

    printf("\nprovider known-answer self-test:\n");
    rustls_result r = patina_self_test(report, &quiet);
    char msg[256];
    size_t n = 0;
    rustls_error(r, msg, sizeof(msg), &n);
    printf("\nself-test: %s (%.*s)\n", r == RUSTLS_RESULT_OK ? "PASSED" : "FAILED", (int)n, msg);
    return r == RUSTLS_RESULT_OK ? 0 : 1;
}
