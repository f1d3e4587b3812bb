/*
 * test_config_internal.c - what a built config holds, as the handshake reads it (conn/configs.h):
 * versions, the ALPN copy, references that outlive the caller's objects, the certificate
 * source, the config reference count, and the key log (callbacks and SSLKEYLOGFILE, including
 * the exact line format and whole lines under concurrent writers).
 */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/certified_key.h"
#include "api/config_fixtures.h"
#include "api/crypto_provider.h"
#include "api/verifier.h"
#include "conn/configs.h"

static uint32_t accept_any(void *userdata, const struct rustls_verify_server_cert_params *params)
{
    (void)userdata;
    (void)params;
    return RUSTLS_RESULT_OK;
}

static const struct rustls_certified_key *pick_none(void *userdata, const struct rustls_client_hello *hello)
{
    (void)userdata;
    (void)hello;
    return NULL;
}

static const struct rustls_client_config *client_build(struct rustls_client_config_builder *b)
{
    const struct rustls_client_config *c = NULL;
    ck_assert_uint_eq(rustls_client_config_builder_build(b, &c), RUSTLS_RESULT_OK);
    ck_assert_ptr_nonnull(c);
    return c;
}

static void assert_alpn(const pt_alpn_protos *a, const char *const *want, size_t n)
{
    ck_assert_uint_eq(a->n, n);
    for (size_t i = 0; i < n; i++) {
        ck_assert_uint_eq(a->items[i].len, strlen(want[i]));
        ck_assert_mem_eq(a->items[i].p, want[i], a->items[i].len);
    }
}

START_TEST(client_defaults_and_settings)
{
    struct rustls_client_config_builder *b = rustls_client_config_builder_new();
    ck_assert_uint_eq(rustls_client_config_builder_dangerous_set_certificate_verifier(b, accept_any), RUSTLS_RESULT_OK);
    const struct rustls_client_config *c = client_build(b);
    /* rustls::DEFAULT_VERSIONS, SNI and the ALPN check on, no ALPN, no client certificate. */
    ck_assert_uint_eq(c->versions, PT_CFG_TLS13 | PT_CFG_TLS12);
    ck_assert(c->enable_sni);
    ck_assert(c->check_selected_alpn);
    ck_assert_uint_eq(c->alpn.n, 0);
    ck_assert_uint_eq(c->n_client_keys, 0);
    ck_assert_ptr_eq((void *)c->verify_cb, (void *)accept_any);
    ck_assert_ptr_null(c->verifier);
    ck_assert_ptr_eq(c->provider, pt_crypto_provider_process_default());
    ck_assert_ptr_eq(c->tables, pt_crypto_provider_tables(c->provider));
    ck_assert_ptr_null(c->keylog.log_cb);
    ck_assert_ptr_null(c->keylog.file);
    rustls_client_config_free(c);

    /* new_custom with TLS 1.3 alone keeps exactly that; the setters land where they should. */
    const struct rustls_crypto_provider *p = rustls_crypto_provider_default();
    const uint16_t v13[] = {0x0304}, both[] = {0x0304, 0x0303};
    ck_assert_uint_eq(rustls_client_config_builder_new_custom(p, v13, 1, &b), RUSTLS_RESULT_OK);
    struct rustls_server_cert_verifier *v = fx_server_verifier();
    ck_assert_uint_eq(rustls_client_config_builder_dangerous_set_certificate_verifier(b, accept_any), RUSTLS_RESULT_OK);
    rustls_client_config_builder_set_server_verifier(b, v); /* replaces the callback */
    rustls_client_config_builder_set_enable_sni(b, false);
    rustls_client_config_builder_set_check_selected_alpn(b, false);
    c = client_build(b);
    ck_assert_uint_eq(c->versions, PT_CFG_TLS13);
    ck_assert(!c->enable_sni);
    ck_assert(!c->check_selected_alpn);
    ck_assert_ptr_eq(c->verifier, v);
    ck_assert_ptr_null((void *)c->verify_cb);
    rustls_client_config_free(c);

    ck_assert_uint_eq(rustls_client_config_builder_new_custom(p, both, 2, &b), RUSTLS_RESULT_OK);
    rustls_client_config_builder_set_server_verifier(b, v);
    ck_assert_uint_eq(rustls_client_config_builder_dangerous_set_certificate_verifier(b, accept_any), RUSTLS_RESULT_OK);
    c = client_build(b);
    ck_assert_uint_eq(c->versions, PT_CFG_TLS13 | PT_CFG_TLS12); /* both bits kept */
    ck_assert_ptr_null(c->verifier); /* the callback replaced the verifier (and dropped its reference) */
    rustls_client_config_free(c);
    rustls_server_cert_verifier_free(v);
    rustls_crypto_provider_free(p);
}
END_TEST

/* The config keeps a copy: the caller may reuse its buffers, and a failed set changes nothing. */
START_TEST(alpn_is_copied)
{
    char h2[] = "h2", h11[] = "http/1.1";
    struct rustls_slice_bytes alpn[] = {{(const uint8_t *)h2, 2}, {(const uint8_t *)h11, 8}};
    struct rustls_client_config_builder *b = rustls_client_config_builder_new();
    ck_assert_uint_eq(rustls_client_config_builder_set_alpn_protocols(b, alpn, 2), RUSTLS_RESULT_OK);
    memcpy(h2, "XX", 2);
    memcpy(h11, "XXXXXXXX", 8);
    alpn[0].len = 0;
    /* A refused list leaves the earlier one in place. */
    ck_assert_uint_eq(rustls_client_config_builder_set_alpn_protocols(b, alpn, 2), RUSTLS_RESULT_INVALID_PARAMETER);
    ck_assert_uint_eq(rustls_client_config_builder_dangerous_set_certificate_verifier(b, accept_any), RUSTLS_RESULT_OK);
    const struct rustls_client_config *c = client_build(b);
    static const char *const want[] = {"h2", "http/1.1"};
    assert_alpn(&c->alpn, want, 2);
    rustls_client_config_free(c);

    struct rustls_server_config_builder *sb = rustls_server_config_builder_new();
    char acme[] = "acme-tls/1";
    struct rustls_slice_bytes one[] = {{(const uint8_t *)acme, 10}};
    ck_assert_uint_eq(rustls_server_config_builder_set_alpn_protocols(sb, one, 1), RUSTLS_RESULT_OK);
    acme[0] = 'X';
    ck_assert_uint_eq(rustls_server_config_builder_set_hello_callback(sb, pick_none), RUSTLS_RESULT_OK);
    const struct rustls_server_config *sc = NULL;
    ck_assert_uint_eq(rustls_server_config_builder_build(sb, &sc), RUSTLS_RESULT_OK);
    static const char *const swant[] = {"acme-tls/1"};
    assert_alpn(&sc->alpn, swant, 1);
    rustls_server_config_free(sc);
}
END_TEST

/*
 * RFC 7301 section 3.1: ProtocolName<1..2^8-1>, protocol_name_list<2..2^16-1>.  255 names of
 * 255 bytes and one of 254 encode to exactly 65535 bytes; one more byte does not fit.
 */
START_TEST(alpn_limits)
{
    static uint8_t name[255];
    struct rustls_slice_bytes list[256];
    for (size_t i = 0; i < 256; i++) {
        list[i].data = name;
        list[i].len = 255;
    }
    list[255].len = 254;
    pt_alpn_protos a = {NULL, NULL, 0};
    ck_assert_pt_ok(pt_alpn_protos_set(&a, list, 256));
    ck_assert_uint_eq(a.n, 256);
    ck_assert_uint_eq(a.items[255].len, 254);
    ck_assert_ptr_eq(a.items[1].p, a.items[0].p + 255); /* one allocation, in order */
    pt_alpn_protos_free(&a);
    ck_assert_ptr_null(a.items);
    ck_assert_uint_eq(a.n, 0);

    list[255].len = 255;
    ck_assert_pt_err(pt_alpn_protos_set(&a, list, 256), PT_ERR_NOALERT(RUSTLS_RESULT_INVALID_PARAMETER));
    ck_assert_ptr_null(a.items); /* unchanged on failure */
    ck_assert_pt_err(pt_alpn_protos_set(&a, NULL, 1), PT_ERR_NOALERT(RUSTLS_RESULT_NULL_PARAMETER));
    ck_assert_pt_ok(pt_alpn_protos_set(&a, NULL, 0));
    ck_assert_uint_eq(a.n, 0);
    pt_alpn_protos_free(&a);
    pt_alpn_protos_free(NULL);
}
END_TEST

/*
 * Configs hold their own references: the caller frees its provider, verifier and keys right
 * after build and the config still reads them (ASan / valgrind would catch a use after free).
 */
START_TEST(references_outlive_the_caller)
{
    const struct rustls_crypto_provider *p = fx_provider_only(RUSTLS_TLS_VERSION_TLSV1_3);
    size_t n_suites = rustls_crypto_provider_ciphersuites_len(p);
    struct rustls_server_cert_verifier *sv = fx_server_verifier();
    struct rustls_client_cert_verifier *cv = fx_client_verifier();
    const struct rustls_certified_key *keys[2] = {fx_key("ecdsa-p256.chain.pem", "ecdsa-p256.key.pk8.pem"),
                                                  fx_key("ed25519.chain.pem", "ed25519.key.pk8.pem")};
    pt_slice leaf0 = pt_certified_key_cert(keys[0], 0);
    uint8_t *leaf0_copy = malloc(leaf0.len);
    memcpy(leaf0_copy, leaf0.p, leaf0.len);
    const uint16_t v13[] = {0x0304};

    struct rustls_client_config_builder *cb = NULL;
    ck_assert_uint_eq(rustls_client_config_builder_new_custom(p, v13, 1, &cb), RUSTLS_RESULT_OK);
    rustls_client_config_builder_set_server_verifier(cb, sv);
    ck_assert_uint_eq(rustls_client_config_builder_set_certified_key(cb, keys, 2), RUSTLS_RESULT_OK);
    struct rustls_server_config_builder *sb = NULL;
    ck_assert_uint_eq(rustls_server_config_builder_new_custom(p, v13, 1, &sb), RUSTLS_RESULT_OK);
    rustls_server_config_builder_set_client_verifier(sb, cv);
    ck_assert_uint_eq(rustls_server_config_builder_set_certified_keys(sb, keys, 2), RUSTLS_RESULT_OK);

    rustls_crypto_provider_free(p);
    rustls_server_cert_verifier_free(sv);
    rustls_client_cert_verifier_free(cv);
    rustls_certified_key_free(keys[0]);
    rustls_certified_key_free(keys[1]);

    const struct rustls_client_config *c = client_build(cb);
    const struct rustls_server_config *s = NULL;
    ck_assert_uint_eq(rustls_server_config_builder_build(sb, &s), RUSTLS_RESULT_OK);

    /* One more reference, then the caller's goes: the config lives on (a connection's view). */
    ck_assert_ptr_eq(pt_client_config_ref(c), c);
    ck_assert_ptr_eq(pt_server_config_ref(s), s);
    rustls_client_config_free(c);
    rustls_server_config_free(s);

    ck_assert_uint_eq(pt_crypto_provider_suite_count(c->provider), n_suites);
    ck_assert_uint_eq(pt_crypto_provider_suite(c->provider, 0)->version, 0x0304);
    ck_assert_ptr_eq(c->provider, s->provider);
    ck_assert_ptr_eq(c->verifier, sv);
    ck_assert_ptr_eq(s->client_verifier, cv);
    ck_assert(!pt_client_verifier_allows_unauthenticated(s->client_verifier));
    ck_assert_uint_eq(c->n_client_keys, 2);
    ck_assert_uint_eq(s->n_keys, 2);
    ck_assert_ptr_eq(c->client_keys[0], s->keys[0]);
    ck_assert_uint_eq(pt_certified_key_chain_len(c->client_keys[0]), 2);
    pt_slice leaf = pt_certified_key_cert(s->keys[0], 0);
    ck_assert_uint_eq(leaf.len, leaf0.len);
    ck_assert_mem_eq(leaf.p, leaf0_copy, leaf.len);
    ck_assert_ptr_nonnull(pt_certified_key_signing_key(s->keys[1]));
    ck_assert_ptr_null((void *)s->hello_cb);
    ck_assert(!s->ignore_client_order);
    free(leaf0_copy);
    pt_client_config_unref(c); /* the last references: everything goes (no leak under ASan) */
    pt_server_config_unref(s);
    pt_client_config_unref(NULL);
    pt_server_config_unref(NULL);
}
END_TEST

START_TEST(server_certificate_source)
{
    const struct rustls_certified_key *k = fx_key("rsa2048.chain.pem", "rsa2048.key.pk8.pem");
    struct rustls_server_config_builder *b = rustls_server_config_builder_new();
    ck_assert_uint_eq(rustls_server_config_builder_set_hello_callback(b, pick_none), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(rustls_server_config_builder_set_certified_keys(b, &k, 1), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(rustls_server_config_builder_set_ignore_client_order(b, true), RUSTLS_RESULT_OK);
    const struct rustls_server_config *s = NULL;
    ck_assert_uint_eq(rustls_server_config_builder_build(b, &s), RUSTLS_RESULT_OK);
    /* The keys came last, so they replaced the callback. */
    ck_assert_ptr_null((void *)s->hello_cb);
    ck_assert_uint_eq(s->n_keys, 1);
    ck_assert_ptr_eq(s->keys[0], k);
    ck_assert(s->ignore_client_order);
    ck_assert_uint_eq(s->versions, PT_CFG_TLS13 | PT_CFG_TLS12);
    ck_assert_ptr_null(s->client_verifier); /* no client authentication by default */
    rustls_server_config_free(s);

    b = rustls_server_config_builder_new();
    ck_assert_uint_eq(rustls_server_config_builder_set_certified_keys(b, &k, 1), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(rustls_server_config_builder_set_hello_callback(b, pick_none), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(rustls_server_config_builder_build(b, &s), RUSTLS_RESULT_OK);
    ck_assert_ptr_eq((void *)s->hello_cb, (void *)pick_none);
    ck_assert_uint_eq(s->n_keys, 0);
    rustls_server_config_free(s);
    rustls_certified_key_free(k);
}
END_TEST

/* ---------------------------------------------------------------- key log */

/*
 * RFC 8448 section 3 (simple 1-RTT handshake): the ClientHello random and the client handshake
 * traffic secret ("tls13 c hs traffic").
 */
#define RFC8448_RANDOM "cb34ecb1e78163ba1c38c6dacb196a6dffa21a8d9912ec18a2ef6283024dece7"
#define RFC8448_C_HS "b3eddb126e067f35a780b3abf45e2d8f3b1a950738f52e9600746a0e27a55a21"

static struct {
    int calls;
    char label[64];
    uint8_t random[32];
    size_t random_len;
    uint8_t secret[64];
    size_t secret_len;
    int will_log_calls;
} seen;

static void record(struct rustls_str label, const uint8_t *client_random, size_t client_random_len,
                   const uint8_t *secret, size_t secret_len)
{
    seen.calls++;
    ck_assert_uint_lt(label.len, sizeof(seen.label));
    memcpy(seen.label, label.data, label.len);
    seen.label[label.len] = '\0';
    ck_assert_uint_le(client_random_len, 32);
    memcpy(seen.random, client_random, client_random_len);
    seen.random_len = client_random_len;
    ck_assert_uint_le(secret_len, 64);
    memcpy(seen.secret, secret, secret_len);
    seen.secret_len = secret_len;
}

/* Wants only the client's secrets. */
static int client_side_only(struct rustls_str label)
{
    seen.will_log_calls++;
    return label.len >= 7 && memcmp(label.data, "CLIENT_", 7) == 0;
}

START_TEST(keylog_callbacks)
{
    memset(&seen, 0, sizeof(seen));
    size_t rl, sl;
    uint8_t *random = pt_test_unhex(RFC8448_RANDOM, &rl), *secret = pt_test_unhex(RFC8448_C_HS, &sl);
    struct rustls_client_config_builder *b = rustls_client_config_builder_new();
    ck_assert_uint_eq(rustls_client_config_builder_dangerous_set_certificate_verifier(b, accept_any), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(rustls_client_config_builder_set_key_log(b, record, client_side_only), RUSTLS_RESULT_OK);
    const struct rustls_client_config *c = client_build(b);

    ck_assert(pt_keylog_wants(&c->keylog, "CLIENT_HANDSHAKE_TRAFFIC_SECRET"));
    ck_assert(!pt_keylog_wants(&c->keylog, "SERVER_HANDSHAKE_TRAFFIC_SECRET"));
    ck_assert_int_eq(seen.will_log_calls, 2);
    pt_keylog_write(&c->keylog, "SERVER_HANDSHAKE_TRAFFIC_SECRET", random, secret, sl);
    ck_assert_int_eq(seen.calls, 0); /* filtered out by will_log */
    pt_keylog_write(&c->keylog, "CLIENT_HANDSHAKE_TRAFFIC_SECRET", random, secret, sl);
    ck_assert_int_eq(seen.calls, 1);
    ck_assert_str_eq(seen.label, "CLIENT_HANDSHAKE_TRAFFIC_SECRET");
    ck_assert_hex_eq(seen.random, seen.random_len, RFC8448_RANDOM);
    ck_assert_hex_eq(seen.secret, seen.secret_len, RFC8448_C_HS);
    rustls_client_config_free(c);

    /* Without will_log every label is wanted (rustls-ffi's CallbackKeyLog). */
    memset(&seen, 0, sizeof(seen));
    struct rustls_server_config_builder *sb = rustls_server_config_builder_new();
    ck_assert_uint_eq(rustls_server_config_builder_set_hello_callback(sb, pick_none), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(rustls_server_config_builder_set_key_log(sb, record, NULL), RUSTLS_RESULT_OK);
    const struct rustls_server_config *s = NULL;
    ck_assert_uint_eq(rustls_server_config_builder_build(sb, &s), RUSTLS_RESULT_OK);
    ck_assert(pt_keylog_wants(&s->keylog, "EXPORTER_SECRET"));
    pt_keylog_write(&s->keylog, "EXPORTER_SECRET", random, secret, 0);
    ck_assert_int_eq(seen.calls, 1);
    ck_assert_str_eq(seen.label, "EXPORTER_SECRET");
    ck_assert_uint_eq(seen.secret_len, 0);
    rustls_server_config_free(s);

    /* No key log, or none at all: nothing wanted, writes are no-ops. */
    pt_keylog off = {NULL, NULL, NULL};
    ck_assert(!pt_keylog_wants(&off, "CLIENT_RANDOM"));
    ck_assert(!pt_keylog_wants(NULL, "CLIENT_RANDOM"));
    pt_keylog_write(&off, "CLIENT_RANDOM", random, secret, sl);
    pt_keylog_write(NULL, "CLIENT_RANDOM", random, secret, sl);
    free(random);
    free(secret);
}
END_TEST

static char tmpdir[64];

static const char *tmp_path(const char *name)
{
    static char path[128];
    snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
    return path;
}

static void tmp_setup(void)
{
    strcpy(tmpdir, "/tmp/pt_keylog_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void tmp_teardown(void)
{
    unlink(tmp_path("keys.log"));
    unlink(tmp_path("threads.log"));
    rmdir(tmp_path("a_directory"));
    rmdir(tmpdir);
    unsetenv("SSLKEYLOGFILE");
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    static char buf[1 << 18];
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

START_TEST(keylog_file)
{
    size_t rl, sl;
    uint8_t *random = pt_test_unhex(RFC8448_RANDOM, &rl), *secret = pt_test_unhex(RFC8448_C_HS, &sl);
    char path[128];
    strcpy(path, tmp_path("keys.log")); /* tmp_path's buffer is reused below */
    FILE *pre = fopen(path, "w");
    fputs("# earlier content\n", pre);
    fclose(pre);

    ck_assert_int_eq(setenv("SSLKEYLOGFILE", path, 1), 0);
    struct rustls_client_config_builder *b = rustls_client_config_builder_new();
    ck_assert_uint_eq(rustls_client_config_builder_set_key_log_file(b), RUSTLS_RESULT_OK);
    /* As rustls's KeyLogFile::new, the variable is read when asked, not later at build. */
    unsetenv("SSLKEYLOGFILE");
    ck_assert_uint_eq(rustls_client_config_builder_dangerous_set_certificate_verifier(b, accept_any), RUSTLS_RESULT_OK);
    const struct rustls_client_config *c = client_build(b);
    ck_assert_ptr_nonnull(c->keylog.file);
    ck_assert_ptr_null(c->keylog.log_cb);
    ck_assert(pt_keylog_wants(&c->keylog, "CLIENT_HANDSHAKE_TRAFFIC_SECRET"));
    pt_keylog_write(&c->keylog, "CLIENT_HANDSHAKE_TRAFFIC_SECRET", random, secret, sl);
    pt_keylog_write(&c->keylog, "CLIENT_RANDOM", random, secret, 2);
    rustls_client_config_free(c);

    /* Appended after what was there, in the NSS key log format with lower-case hex. */
    ck_assert_str_eq(slurp(path), "# earlier content\n"
                                  "CLIENT_HANDSHAKE_TRAFFIC_SECRET " RFC8448_RANDOM " " RFC8448_C_HS "\n"
                                  "CLIENT_RANDOM " RFC8448_RANDOM " b3ed\n");

    /* Unset, or a path that cannot be opened: silently no key log, as rustls. */
    struct rustls_server_config_builder *sb = rustls_server_config_builder_new();
    ck_assert_uint_eq(rustls_server_config_builder_set_key_log_file(sb), RUSTLS_RESULT_OK);
    ck_assert_int_eq(mkdir(tmp_path("a_directory"), 0700), 0);
    ck_assert_int_eq(setenv("SSLKEYLOGFILE", tmp_path("a_directory"), 1), 0);
    struct rustls_client_config_builder *cb = rustls_client_config_builder_new();
    ck_assert_uint_eq(rustls_client_config_builder_set_key_log_file(cb), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(rustls_server_config_builder_set_hello_callback(sb, pick_none), RUSTLS_RESULT_OK);
    const struct rustls_server_config *s = NULL;
    ck_assert_uint_eq(rustls_server_config_builder_build(sb, &s), RUSTLS_RESULT_OK);
    ck_assert_ptr_null(s->keylog.file);
    ck_assert(!pt_keylog_wants(&s->keylog, "CLIENT_RANDOM"));
    rustls_server_config_free(s);
    ck_assert_uint_eq(rustls_client_config_builder_dangerous_set_certificate_verifier(cb, accept_any),
                      RUSTLS_RESULT_OK);
    c = client_build(cb);
    ck_assert_ptr_null(c->keylog.file);
    rustls_client_config_free(c);

    /* The last key log set wins: callbacks replace the file (closing it) and the other way round. */
    ck_assert_int_eq(setenv("SSLKEYLOGFILE", path, 1), 0);
    b = rustls_client_config_builder_new();
    ck_assert_uint_eq(rustls_client_config_builder_set_key_log_file(b), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(rustls_client_config_builder_set_key_log(b, record, NULL), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(rustls_client_config_builder_dangerous_set_certificate_verifier(b, accept_any), RUSTLS_RESULT_OK);
    c = client_build(b);
    ck_assert_ptr_null(c->keylog.file);
    ck_assert_ptr_eq((void *)c->keylog.log_cb, (void *)record);
    rustls_client_config_free(c);
    b = rustls_client_config_builder_new();
    ck_assert_uint_eq(rustls_client_config_builder_set_key_log(b, record, client_side_only), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(rustls_client_config_builder_set_key_log_file(b), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(rustls_client_config_builder_dangerous_set_certificate_verifier(b, accept_any), RUSTLS_RESULT_OK);
    c = client_build(b);
    ck_assert_ptr_nonnull(c->keylog.file);
    ck_assert_ptr_null((void *)c->keylog.log_cb);
    ck_assert_ptr_null((void *)c->keylog.will_log_cb);
    rustls_client_config_free(c);
    free(random);
    free(secret);
}
END_TEST

/* Connections on several threads share one file: every line must come out whole. */
#define THREADS 4
#define LINES_PER_THREAD 250

static void *writer(void *arg)
{
    const pt_keylog *log = arg;
    uint8_t random[32], secret[48];
    memset(random, 0xab, sizeof(random));
    memset(secret, 0xcd, sizeof(secret));
    for (int i = 0; i < LINES_PER_THREAD; i++) {
        pt_keylog_write(log, "SERVER_TRAFFIC_SECRET_0", random, secret, sizeof(secret));
    }
    return NULL;
}

START_TEST(keylog_file_threads)
{
    char path[128];
    strcpy(path, tmp_path("threads.log"));
    ck_assert_int_eq(setenv("SSLKEYLOGFILE", path, 1), 0);
    struct rustls_server_config_builder *b = rustls_server_config_builder_new();
    ck_assert_uint_eq(rustls_server_config_builder_set_key_log_file(b), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(rustls_server_config_builder_set_hello_callback(b, pick_none), RUSTLS_RESULT_OK);
    const struct rustls_server_config *s = NULL;
    ck_assert_uint_eq(rustls_server_config_builder_build(b, &s), RUSTLS_RESULT_OK);
    pthread_t t[THREADS];
    for (int i = 0; i < THREADS; i++) {
        ck_assert_int_eq(pthread_create(&t[i], NULL, writer, (void *)&s->keylog), 0);
    }
    for (int i = 0; i < THREADS; i++) {
        ck_assert_int_eq(pthread_join(t[i], NULL), 0);
    }
    rustls_server_config_free(s);

    /* The expected line: 32 bytes of 0xab (the random), 48 bytes of 0xcd (the secret). */
    char line[256], *p = line;
    p += sprintf(p, "SERVER_TRAFFIC_SECRET_0 ");
    for (int i = 0; i < 32; i++) {
        p += sprintf(p, "ab");
    }
    *p++ = ' ';
    for (int i = 0; i < 48; i++) {
        p += sprintf(p, "cd");
    }
    *p++ = '\n';
    *p = '\0';
    size_t line_len = strlen(line);
    const char *all = slurp(path);
    ck_assert_uint_eq(strlen(all), line_len * THREADS * LINES_PER_THREAD);
    for (size_t i = 0; i < THREADS * LINES_PER_THREAD; i++) {
        ck_assert_int_eq(memcmp(all + i * line_len, line, line_len), 0);
    }
}
END_TEST

static Suite *config_internal_suite(void)
{
    Suite *s = suite_create("config_internal");
    TCase *tc = tcase_create("config");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, client_defaults_and_settings);
    tcase_add_test(tc, alpn_is_copied);
    tcase_add_test(tc, alpn_limits);
    tcase_add_test(tc, references_outlive_the_caller);
    tcase_add_test(tc, server_certificate_source);
    suite_add_tcase(s, tc);
    TCase *kl = tcase_create("keylog");
    tcase_set_timeout(kl, 60);
    tcase_add_checked_fixture(kl, tmp_setup, tmp_teardown);
    tcase_add_test(kl, keylog_callbacks);
    tcase_add_test(kl, keylog_file);
    tcase_add_test(kl, keylog_file_threads);
    suite_add_tcase(s, kl);
    return s;
}

int main(void)
{
    return pt_test_run(config_internal_suite());
}
