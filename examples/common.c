/*
 * common.c - helpers shared by the tlsclient and tlsserver examples (see common.h).
 */
#include "common.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/uio.h>
#include <unistd.h>

const char *ex_prog = "example";

void ex_warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s: ", ex_prog);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

void ex_report(const char *what, rustls_result result)
{
    char msg[512];
    size_t n = 0;
    rustls_error(result, msg, sizeof(msg), &n);
    fprintf(stderr, "%s: %s: %.*s\n", ex_prog, what, (int)n, msg);
}

void ex_unsupported(const char *option, const char *why)
{
    ex_warn("%s is not supported yet (%s)", option, why);
    exit(EX_USAGE);
}

bool ex_flag(char **argv, int i, const char *name, const char *alias)
{
    return strcmp(argv[i], name) == 0 || (alias != NULL && strcmp(argv[i], alias) == 0);
}

bool ex_value(int argc, char **argv, int *i, const char *name, const char *alias, const char **value)
{
    const char *arg = argv[*i];
    size_t len = strlen(name);
    if (strncmp(arg, name, len) == 0 && arg[len] == '=') {
        *value = arg + len + 1;
        return true;
    }
    if (!ex_flag(argv, *i, name, alias)) {
        return false;
    }
    if (*i + 1 >= argc) {
        ex_warn("%s needs a value (see --help)", arg);
        exit(EX_USAGE);
    }
    *i += 1;
    *value = argv[*i];
    return true;
}

uint16_t ex_parse_port(const char *text, bool allow_zero)
{
    char *end = NULL;
    errno = 0;
    unsigned long v = strtoul(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || v > 65535 || (v == 0 && !allow_zero) || text[0] == '-') {
        ex_warn("invalid port '%s'", text);
        exit(EX_USAGE);
    }
    return (uint16_t)v;
}

void ex_add_version(const char *text, uint16_t versions[2], size_t *n)
{
    uint16_t v;
    if (strcmp(text, "1.2") == 0) {
        v = RUSTLS_TLS_VERSION_TLSV1_2;
    } else if (strcmp(text, "1.3") == 0) {
        v = RUSTLS_TLS_VERSION_TLSV1_3;
    } else {
        ex_warn("cannot look up version '%s', valid are '1.2' and '1.3'", text);
        exit(EX_USAGE);
    }
    for (size_t i = 0; i < *n; i++) {
        if (versions[i] == v) {
            return;
        }
    }
    versions[(*n)++] = v;
}

int ex_read_file(const char *path, uint8_t **data, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return -1;
    }
    struct ex_bytes b = {0};
    uint8_t chunk[4096];
    size_t n;
    int ret = 0;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
        if (ex_bytes_append(&b, chunk, n) != 0) {
            ret = -1;
            goto out;
        }
    }
    if (ferror(f) || ex_bytes_append(&b, (const uint8_t *)"", 1) != 0) {
        ret = -1;
        goto out;
    }
    *data = b.data;
    *len = b.len - 1;
    b.data = NULL;
out:
    ex_bytes_free(&b);
    fclose(f);
    return ret;
}

static bool str_eq_nocase(struct rustls_str s, const char *name)
{
    return strlen(name) == s.len && strncasecmp(s.data, name, s.len) == 0;
}

const struct rustls_crypto_provider *ex_provider_with_suites(const char *const *names, size_t n)
{
    const struct rustls_supported_ciphersuite **chosen = calloc(n ? n : 1, sizeof(*chosen));
    struct rustls_crypto_provider_builder *builder = NULL;
    const struct rustls_crypto_provider *provider = NULL;
    rustls_result r;
    if (chosen == NULL) {
        ex_warn("out of memory");
        exit(EX_FAIL);
    }
    size_t total = rustls_default_crypto_provider_ciphersuites_len();
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < total && chosen[i] == NULL; j++) {
            const struct rustls_supported_ciphersuite *s = rustls_default_crypto_provider_ciphersuites_get(j);
            if (str_eq_nocase(rustls_supported_ciphersuite_get_name(s), names[i])) {
                chosen[i] = s;
            }
        }
        if (chosen[i] == NULL) {
            fprintf(stderr, "%s: unsupported ciphersuite '%s'; should be one of", ex_prog, names[i]);
            for (size_t j = 0; j < total; j++) {
                struct rustls_str s =
                    rustls_supported_ciphersuite_get_name(rustls_default_crypto_provider_ciphersuites_get(j));
                fprintf(stderr, "%s %.*s", j ? "," : "", (int)s.len, s.data);
            }
            fputc('\n', stderr);
            exit(EX_USAGE);
        }
    }
    r = rustls_crypto_provider_builder_new_from_default(&builder);
    if (r == RUSTLS_RESULT_OK) {
        r = rustls_crypto_provider_builder_set_cipher_suites(builder, chosen, n);
    }
    if (r == RUSTLS_RESULT_OK) {
        r = rustls_crypto_provider_builder_build(builder, &provider);
    }
    rustls_crypto_provider_builder_free(builder);
    free(chosen);
    if (r != RUSTLS_RESULT_OK) {
        ex_report("building the crypto provider", r);
        exit(EX_FAIL);
    }
    return provider;
}

int ex_bytes_append(struct ex_bytes *b, const uint8_t *data, size_t len)
{
    if (len > SIZE_MAX / 2 - b->len) {
        return -1;
    }
    if (b->len + len > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + len) {
            cap *= 2;
        }
        uint8_t *p = realloc(b->data, cap);
        if (p == NULL) {
            return -1;
        }
        b->data = p;
        b->cap = cap;
    }
    if (len > 0) {
        memcpy(b->data + b->len, data, len);
    }
    b->len += len;
    return 0;
}

void ex_bytes_consume(struct ex_bytes *b, size_t n)
{
    if (n >= b->len) {
        b->len = 0;
        return;
    }
    memmove(b->data, b->data + n, b->len - n);
    b->len -= n;
}

void ex_bytes_free(struct ex_bytes *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

rustls_io_result ex_read_cb(void *userdata, uint8_t *buf, size_t n, size_t *out_n)
{
    ssize_t got = read(*(const int *)userdata, buf, n);
    if (got < 0) {
        return errno;
    }
    *out_n = (size_t)got;
    return 0;
}

rustls_io_result ex_writev_cb(void *userdata, const struct rustls_iovec *iov, size_t count, size_t *out_n)
{
    /* rustls.h promises struct rustls_iovec has struct iovec's layout; writev takes at most IOV_MAX. */
    int cnt = count > 64 ? 64 : (int)count;
    ssize_t put = writev(*(const int *)userdata, (const struct iovec *)(const void *)iov, cnt);
    if (put < 0) {
        return errno;
    }
    *out_n = (size_t)put;
    return 0;
}

bool ex_would_block(int err)
{
    return err == EAGAIN || err == EWOULDBLOCK || err == EINTR;
}

int ex_set_nonblocking(int fd)
{
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) {
        return -1;
    }
    return 0;
}

int ex_flush_tls(struct rustls_connection *conn, int fd)
{
    while (rustls_connection_wants_write(conn)) {
        size_t n = 0;
        int err = rustls_connection_write_tls_vectored(conn, ex_writev_cb, &fd, &n);
        if (err != 0) {
            return ex_would_block(err) ? 0 : err;
        }
        if (n == 0) {
            break;
        }
    }
    return 0;
}

void ex_log_cb(void *userdata, const struct rustls_log_params *params)
{
    (void)userdata;
    struct rustls_str level = rustls_log_level_str(params->level);
    fprintf(stderr, "%s: [%.*s] %.*s\n", ex_prog, (int)level.len, level.data, (int)params->message.len,
            params->message.data);
}

static const char *version_name(uint16_t v)
{
    switch (v) {
    case RUSTLS_TLS_VERSION_TLSV1_3:
        return "TLSv1.3";
    case RUSTLS_TLS_VERSION_TLSV1_2:
        return "TLSv1.2";
    default:
        return "unknown";
    }
}

void ex_print_alpn(FILE *out, const struct rustls_connection *conn)
{
    const uint8_t *alpn = NULL;
    size_t alpn_len = 0;
    rustls_connection_get_alpn_protocol(conn, &alpn, &alpn_len);
    if (alpn == NULL || alpn_len == 0) {
        fprintf(out, "ALPN protocol: none\n");
    } else {
        fprintf(out, "ALPN protocol: %.*s\n", (int)alpn_len, (const char *)alpn);
    }
}

void ex_parse_export(const char *text, struct ex_export *e)
{
    const char *colon = strrchr(text, ':');
    char *end = NULL;
    errno = 0;
    unsigned long n = colon != NULL ? strtoul(colon + 1, &end, 10) : 0;
    if (colon == NULL || errno != 0 || end == colon + 1 || *end != '\0' || n == 0 || n > 65535 || colon[1] == '-') {
        ex_warn("--export needs LABEL:LEN with LEN 1..65535, not '%s'", text);
        exit(EX_USAGE);
    }
    e->label = text;
    e->label_len = (size_t)(colon - text);
    e->len = (size_t)n;
}

int ex_print_export(FILE *out, const struct rustls_connection *conn, const struct ex_export *e)
{
    uint8_t *buf = malloc(e->len);
    if (buf == NULL) {
        ex_warn("out of memory");
        return -1;
    }
    rustls_result r = patina_connection_export_keying_material(conn, buf, e->len, (const uint8_t *)e->label,
                                                               e->label_len, NULL, 0, false);
    if (r != RUSTLS_RESULT_OK) {
        ex_report("--export", r);
        free(buf);
        return -1;
    }
    fprintf(out, "keying material: ");
    for (size_t i = 0; i < e->len; i++) {
        fprintf(out, "%02X", buf[i]);
    }
    fprintf(out, "\n");
    fflush(out);
    free(buf);
    return 0;
}

void ex_print_session(FILE *out, const struct rustls_connection *conn)
{
    uint16_t version = rustls_connection_get_protocol_version(conn);
    struct rustls_str suite = rustls_connection_get_negotiated_ciphersuite_name(conn);
    struct rustls_str group = rustls_connection_get_negotiated_key_exchange_group_name(conn);
    struct rustls_str kind = rustls_handshake_kind_str(rustls_connection_handshake_kind(conn));
    fprintf(out, "protocol version: %s\n", version_name(version));
    fprintf(out, "cipher suite: %.*s\n", (int)suite.len, suite.data);
    fprintf(out, "key exchange group: %.*s\n", (int)group.len, group.data);
    ex_print_alpn(out, conn);
    fprintf(out, "handshake kind: %.*s\n", (int)kind.len, kind.data);
    fflush(out);
}
