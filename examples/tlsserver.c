/*
 * tlsserver.c - a TLS server on patina's public API, with the command line of rustls's
 * tlsserver-mio example: accept TLS connections on PORT (IPv6 and IPv4) and, per connection,
 * echo the plaintext back, answer with a fixed HTTP response, or forward it to a plaintext port
 * on localhost.  One poll() loop serves every client; sockets are non-blocking and
 * rustls_connection never does I/O itself.
 *
 * Exit status: 1 when the listening socket or the configuration fails, 2 for a usage error or an
 * option patina does not support yet.  With --once: 0 when the one connection ended without a
 * TLS or network error, 1 otherwise.
 */
#include "common.h"

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static const char USAGE[] =
    "Runs a TLS server on :PORT.  The default PORT is 443.\n"
    "\n"
    "`echo` mode means the server echoes received data on each connection.\n"
    "\n"
    "`http` mode means the server blindly sends a HTTP response on each connection.\n"
    "\n"
    "`forward` means the server forwards plaintext to a connection made to `localhost:fport`.\n"
    "\n"
    "`--certs` names the full certificate chain, `--key` provides the private key.\n"
    "\n"
    "Usage: tlsserver [OPTIONS] --certs CERTS --key KEY [--port PORT] COMMAND\n"
    "\n"
    "Commands:\n"
    "  echo          Write back received bytes\n"
    "  http          Do one read, then write a bodged HTTP response and cleanly close the connection\n"
    "  forward FPORT Forward traffic to/from given port on localhost\n"
    "\n"
    "Options:\n"
    "  -p, --port PORT          Listen on port [default: 443]\n"
    "  -v, --verbose            Emit log output (to stderr)\n"
    "      --protover VERSION   Disable default TLS version list, and use the given versions (1.2,\n"
    "                           1.3) instead.  May be used multiple times\n"
    "      --suite SUITE        Disable default cipher suite list, and use the given suites (rustls\n"
    "                           names) instead.  May be used multiple times\n"
    "      --proto PROTOCOL     Negotiate the given protocols using ALPN.  May be used multiple times\n"
    "      --certs CERTS        Read server certificates from the given file.  This should contain\n"
    "                           PEM-format certificates in the right order (the first certificate\n"
    "                           should certify the end entity, matching the private key, the last\n"
    "                           should be a root CA)\n"
    "      --crl CRL            Perform client certificate revocation checking using the PEM CRLs\n"
    "                           from the given files.  May be used multiple times\n"
    "      --key KEY            Read private key from the given file.  This should be a private key\n"
    "                           in PEM format\n"
    "      --ocsp OCSP          Read DER-encoded OCSP response from the given file and staple to\n"
    "                           certificate\n"
    "      --auth CERTFILE      Enable client authentication, and accept certificates signed by those\n"
    "                           roots provided in the given file\n"
    "      --require-auth       Send a fatal alert if the client does not complete client\n"
    "                           authentication\n"
    "      --no-resumption      Disable stateful session resumption (patina's server does not\n"
    "                           resume sessions yet, so this changes nothing)\n"
    "      --tickets            Not supported yet (resumption lands in a later issue)\n"
    "      --max-early-data N   Not supported yet unless 0 (resumption lands in a later issue)\n"
    "  -h, --help               Print help\n"
    "\n"
    "patina additions:\n"
    "      --address ADDR       Listen on this address [default: ::, which also accepts IPv4; with\n"
    "                           --port 0: 127.0.0.1]\n"
    "                           With --port 0 the system picks a free port; either way the first line\n"
    "                           on stdout is `listening on ADDR:PORT` (flushed), so scripts can find it\n"
    "      --once               Serve one connection, then exit (0 if it ended without error)\n"
    "      --print-sni          Log each connection's SNI name and ALPN protocol to stderr\n"
    "                           (`SNI: name` or `SNI: none`, `ALPN protocol: name` or `... none`)\n"
    "      --print-session      Log each connection's protocol version, cipher suite, key exchange\n"
    "                           group, ALPN protocol and handshake kind to stderr\n"
    "      --export LABEL:LEN   Once each handshake is done, export LEN bytes of keying material for\n"
    "                           LABEL with no context (RFC 5705 / RFC 8446 section 7.5) and log\n"
    "                           'keying material: HEX' to stderr, as openssl -keymatexport does\n";

enum mode { MODE_NONE, MODE_ECHO, MODE_HTTP, MODE_FORWARD };

struct server_opts {
    uint16_t port;
    const char *address;
    bool verbose;
    uint16_t versions[2];
    size_t nversions;
    const char **suites;
    size_t nsuites;
    const char **protos;
    size_t nprotos;
    const char *certs;
    const char **crls;
    size_t ncrls;
    const char *key;
    const char *ocsp;
    const char *auth;
    bool require_auth;
    bool once;
    bool print_sni;
    bool print_session;
    struct ex_export export; /* --export (a patina addition; tlsserver-mio has no exporter) */
    enum mode mode;
    uint16_t fport;
};

/* A peer stops being read while this much plaintext waits to go on in either direction. */
#define PENDING_LIMIT (64 * 1024)

static const char HTTP_RESPONSE[] = "HTTP/1.0 200 OK\r\nConnection: close\r\n\r\nHello world from patina tlsserver\r\n";

/* One accepted client. */
struct peer {
    int fd;
    int back;                /* forward mode: the plaintext connection to localhost:fport, else -1 */
    struct rustls_connection *conn;
    struct ex_bytes to_tls;  /* plaintext not yet taken by rustls_connection_write */
    struct ex_bytes to_back; /* plaintext not yet written to `back` */
    bool reported;           /* the handshake summary was logged */
    bool sent_http;
    bool close_after_data;   /* send close_notify once to_tls and to_back are empty */
    bool close_when_sent;    /* ... and then close (the forward backend has gone) */
    bool sent_close;         /* our close_notify is queued */
    bool got_close_notify;   /* the client's close_notify arrived */
    bool closing;            /* close once the queued TLS data is written (EOF seen) */
    bool done;               /* close now */
    bool failed;             /* a TLS or network error ended it */
    char name[96];           /* "address:port", for the log */
    int poll_fd, poll_back;  /* indexes into the pollfd array, -1 when absent */
};

static void usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s: ", ex_prog);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nUsage: tlsserver [OPTIONS] --certs CERTS --key KEY [--port PORT] echo|http|forward FPORT"
                    " (see --help)\n");
    exit(EX_USAGE);
}

static void parse_args(int argc, char **argv, struct server_opts *o)
{
    const char *v;
    bool port_given = false;
    o->port = 443;
    o->suites = calloc((size_t)argc, sizeof(*o->suites));
    o->protos = calloc((size_t)argc, sizeof(*o->protos));
    o->crls = calloc((size_t)argc, sizeof(*o->crls));
    if (o->suites == NULL || o->protos == NULL || o->crls == NULL) {
        ex_warn("out of memory");
        exit(EX_FAIL);
    }
    for (int i = 1; i < argc; i++) {
        if (ex_flag(argv, i, "--help", "-h")) {
            fputs(USAGE, stdout);
            exit(0);
        } else if (ex_value(argc, argv, &i, "--port", "-p", &v)) {
            o->port = ex_parse_port(v, true);
            port_given = true;
        } else if (ex_flag(argv, i, "--verbose", "-v")) {
            o->verbose = true;
        } else if (ex_value(argc, argv, &i, "--protover", NULL, &v)) {
            ex_add_version(v, o->versions, &o->nversions);
        } else if (ex_value(argc, argv, &i, "--suite", NULL, &v)) {
            o->suites[o->nsuites++] = v;
        } else if (ex_value(argc, argv, &i, "--proto", NULL, &v)) {
            if (strlen(v) == 0 || strlen(v) > 255) {
                usage_error("ALPN protocol '%s' must be 1 to 255 bytes", v);
            }
            o->protos[o->nprotos++] = v;
        } else if (ex_value(argc, argv, &i, "--certs", NULL, &v)) {
            o->certs = v;
        } else if (ex_value(argc, argv, &i, "--crl", NULL, &v)) {
            o->crls[o->ncrls++] = v;
        } else if (ex_value(argc, argv, &i, "--key", NULL, &v)) {
            o->key = v;
        } else if (ex_value(argc, argv, &i, "--ocsp", NULL, &v)) {
            o->ocsp = v;
        } else if (ex_value(argc, argv, &i, "--auth", NULL, &v)) {
            o->auth = v;
        } else if (ex_flag(argv, i, "--require-auth", NULL)) {
            o->require_auth = true;
        } else if (ex_flag(argv, i, "--no-resumption", NULL)) {
            /* Nothing to disable: the server keeps no sessions yet. */
        } else if (ex_flag(argv, i, "--tickets", NULL) || ex_flag(argv, i, "--resumption", NULL)) {
            ex_unsupported(argv[i], "resumption lands in a later issue");
        } else if (ex_value(argc, argv, &i, "--max-early-data", NULL, &v)) {
            if (strcmp(v, "0") != 0) {
                ex_unsupported("--max-early-data", "resumption and 0-RTT land in a later issue");
            }
        } else if (ex_value(argc, argv, &i, "--address", NULL, &v)) {
            o->address = v;
        } else if (ex_flag(argv, i, "--once", NULL)) {
            o->once = true;
        } else if (ex_flag(argv, i, "--print-sni", NULL)) {
            o->print_sni = true;
        } else if (ex_flag(argv, i, "--print-session", NULL)) {
            o->print_session = true;
        } else if (ex_value(argc, argv, &i, "--export", NULL, &v)) {
            ex_parse_export(v, &o->export);
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            usage_error("unknown option '%s'", argv[i]);
        } else if (o->mode != MODE_NONE) {
            usage_error("unexpected argument '%s'", argv[i]);
        } else if (strcmp(argv[i], "echo") == 0) {
            o->mode = MODE_ECHO;
        } else if (strcmp(argv[i], "http") == 0) {
            o->mode = MODE_HTTP;
        } else if (strcmp(argv[i], "forward") == 0) {
            if (i + 1 >= argc) {
                usage_error("forward needs a PORT");
            }
            o->mode = MODE_FORWARD;
            o->fport = ex_parse_port(argv[++i], false);
        } else {
            usage_error("unknown command '%s' (echo, http or forward PORT)", argv[i]);
        }
    }
    if (o->mode == MODE_NONE) {
        usage_error("missing COMMAND (echo, http or forward PORT)");
    }
    if (o->certs == NULL || o->key == NULL) {
        usage_error("--certs and --key are required");
    }
    if (o->ncrls > 0 && o->auth == NULL) {
        usage_error("--crl can only be provided with --auth enabled");
    }
    if (o->address == NULL) {
        /* An ephemeral port is for scripts on this machine: do not expose it beyond loopback. */
        o->address = port_given && o->port == 0 ? "127.0.0.1" : "::";
    }
}

static uint8_t *must_read(const char *path, const char *what, size_t *len)
{
    uint8_t *data = NULL;
    if (ex_read_file(path, &data, len) != 0) {
        ex_warn("cannot open %s %s: %s", what, path, strerror(errno));
        exit(EX_FAIL);
    }
    return data;
}

static const struct rustls_certified_key *load_certified_key(const struct server_opts *o)
{
    size_t certs_len = 0, key_len = 0;
    uint8_t *certs = must_read(o->certs, "certificate file", &certs_len);
    uint8_t *key = must_read(o->key, "private key file", &key_len);
    const struct rustls_certified_key *ck = NULL;
    rustls_result r = rustls_certified_key_build(certs, certs_len, key, key_len, &ck);
    memset(key, 0, key_len);
    free(key);
    free(certs);
    if (r != RUSTLS_RESULT_OK) {
        ex_report("bad certificates/private key", r);
        exit(EX_FAIL);
    }
    if (o->ocsp != NULL) {
        size_t ocsp_len = 0;
        uint8_t *ocsp = must_read(o->ocsp, "OCSP response", &ocsp_len);
        struct rustls_slice_bytes resp = {ocsp, ocsp_len};
        const struct rustls_certified_key *stapled = NULL;
        r = rustls_certified_key_clone_with_ocsp(ck, &resp, &stapled);
        free(ocsp);
        rustls_certified_key_free(ck);
        if (r != RUSTLS_RESULT_OK) {
            ex_report("stapling the OCSP response", r);
            exit(EX_FAIL);
        }
        ck = stapled;
    }
    return ck;
}

static struct rustls_client_cert_verifier *make_client_verifier(const struct server_opts *o)
{
    struct rustls_root_cert_store_builder *sb = rustls_root_cert_store_builder_new();
    const struct rustls_root_cert_store *roots = NULL;
    struct rustls_web_pki_client_cert_verifier_builder *vb = NULL;
    struct rustls_client_cert_verifier *verifier = NULL;
    rustls_result r = sb ? rustls_root_cert_store_builder_load_roots_from_file(sb, o->auth, true)
                         : RUSTLS_RESULT_GENERAL;
    if (r == RUSTLS_RESULT_OK) {
        r = rustls_root_cert_store_builder_build(sb, &roots);
    }
    rustls_root_cert_store_builder_free(sb);
    if (r != RUSTLS_RESULT_OK) {
        ex_report("cannot load --auth roots", r);
        exit(EX_FAIL);
    }
    vb = rustls_web_pki_client_cert_verifier_builder_new(roots);
    rustls_root_cert_store_free(roots);
    r = vb ? RUSTLS_RESULT_OK : RUSTLS_RESULT_GENERAL;
    for (size_t i = 0; i < o->ncrls && r == RUSTLS_RESULT_OK; i++) {
        size_t len = 0;
        uint8_t *crl = must_read(o->crls[i], "CRL file", &len);
        r = rustls_web_pki_client_cert_verifier_builder_add_crl(vb, crl, len);
        free(crl);
    }
    if (r == RUSTLS_RESULT_OK && !o->require_auth) {
        r = rustls_web_pki_client_cert_verifier_builder_allow_unauthenticated(vb);
    }
    if (r == RUSTLS_RESULT_OK) {
        r = rustls_web_pki_client_cert_verifier_builder_build(vb, &verifier);
    }
    rustls_web_pki_client_cert_verifier_builder_free(vb);
    if (r != RUSTLS_RESULT_OK) {
        ex_report("building the client certificate verifier", r);
        exit(EX_FAIL);
    }
    return verifier;
}

static const struct rustls_server_config *make_config(const struct server_opts *o)
{
    struct rustls_server_config_builder *b = NULL;
    const struct rustls_server_config *config = NULL;
    rustls_result r = RUSTLS_RESULT_OK;

    if (o->nversions > 0 || o->nsuites > 0) {
        const struct rustls_crypto_provider *provider =
            o->nsuites > 0 ? ex_provider_with_suites(o->suites, o->nsuites) : rustls_crypto_provider_default();
        const uint16_t *versions = o->nversions > 0 ? o->versions : RUSTLS_ALL_VERSIONS;
        size_t nversions = o->nversions > 0 ? o->nversions : RUSTLS_ALL_VERSIONS_LEN;
        r = rustls_server_config_builder_new_custom(provider, versions, nversions, &b);
        rustls_crypto_provider_free(provider);
        if (r != RUSTLS_RESULT_OK) {
            ex_report("inconsistent cipher-suites/versions specified", r);
            exit(EX_FAIL);
        }
    } else {
        b = rustls_server_config_builder_new();
    }
    if (b == NULL) {
        ex_warn("out of memory");
        exit(EX_FAIL);
    }

    const struct rustls_certified_key *ck = load_certified_key(o);
    r = rustls_server_config_builder_set_certified_keys(b, &ck, 1);
    rustls_certified_key_free(ck);
    if (r != RUSTLS_RESULT_OK) {
        ex_report("setting the certificate", r);
        exit(EX_FAIL);
    }

    if (o->auth != NULL) {
        struct rustls_client_cert_verifier *verifier = make_client_verifier(o);
        rustls_server_config_builder_set_client_verifier(b, verifier);
        rustls_client_cert_verifier_free(verifier);
    }

    if (o->nprotos > 0) {
        struct rustls_slice_bytes *alpn = calloc(o->nprotos, sizeof(*alpn));
        if (alpn == NULL) {
            ex_warn("out of memory");
            exit(EX_FAIL);
        }
        for (size_t i = 0; i < o->nprotos; i++) {
            alpn[i].data = (const uint8_t *)o->protos[i];
            alpn[i].len = strlen(o->protos[i]);
        }
        r = rustls_server_config_builder_set_alpn_protocols(b, alpn, o->nprotos);
        free(alpn);
        if (r != RUSTLS_RESULT_OK) {
            ex_report("setting ALPN protocols", r);
            exit(EX_FAIL);
        }
    }

    /* As tlsserver-mio: SSLKEYLOGFILE, when set, names a key log file (for Wireshark). */
    if (getenv("SSLKEYLOGFILE") != NULL) {
        r = rustls_server_config_builder_set_key_log_file(b);
        if (r != RUSTLS_RESULT_OK) {
            ex_report("SSLKEYLOGFILE", r);
        }
    }

    r = rustls_server_config_builder_build(b, &config);
    if (r != RUSTLS_RESULT_OK) {
        ex_report("building the server config", r);
        exit(EX_FAIL);
    }
    return config;
}

/* "address:port" (IPv6 in brackets) for a socket address. */
static void format_addr(const struct sockaddr *sa, socklen_t len, char *out, size_t out_len)
{
    char host[64], serv[16];
    if (getnameinfo(sa, len, host, sizeof(host), serv, sizeof(serv), NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
        snprintf(out, out_len, "?");
    } else if (sa->sa_family == AF_INET6) {
        snprintf(out, out_len, "[%s]:%s", host, serv);
    } else {
        snprintf(out, out_len, "%s:%s", host, serv);
    }
}

static int listen_on(const char *address, uint16_t port)
{
    struct addrinfo hints = {.ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE | AI_NUMERICHOST | AI_NUMERICSERV};
    struct addrinfo *res = NULL;
    char service[8];
    snprintf(service, sizeof(service), "%u", (unsigned)port);
    int rc = getaddrinfo(address, service, &hints, &res);
    if (rc != 0) {
        ex_warn("invalid listening address %s: %s", address, gai_strerror(rc));
        return -1;
    }
    int fd = socket(res->ai_family, res->ai_socktype, res->ai_protocol);
    int one = 1, zero = 0;
    if (fd < 0 && res->ai_family == AF_INET6 && strcmp(address, "::") == 0) {
        /* No IPv6 on this host: the IPv4 wildcard is the nearest thing. */
        freeaddrinfo(res);
        return listen_on("0.0.0.0", port);
    }
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
        (res->ai_family == AF_INET6 && setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof(zero)) < 0) ||
        bind(fd, res->ai_addr, res->ai_addrlen) < 0 || listen(fd, 64) < 0 || ex_set_nonblocking(fd) < 0) {
        ex_warn("cannot listen on %s port %u: %s", address, (unsigned)port, strerror(errno));
        if (fd >= 0) {
            close(fd);
        }
        freeaddrinfo(res);
        return -1;
    }
    freeaddrinfo(res);

    struct sockaddr_storage ss;
    socklen_t len = sizeof(ss);
    char name[96];
    if (getsockname(fd, (struct sockaddr *)&ss, &len) < 0) {
        ex_warn("getsockname: %s", strerror(errno));
        close(fd);
        return -1;
    }
    format_addr((struct sockaddr *)&ss, len, name, sizeof(name));
    printf("listening on %s\n", name);
    fflush(stdout);
    return fd;
}

/* A blocking connect to 127.0.0.1:port (the forward backend), then non-blocking.  -1 on failure. */
static int connect_back(uint16_t port)
{
    struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons(port)};
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0 || ex_set_nonblocking(fd) < 0) {
        ex_warn("cannot connect to forward port %u: %s", (unsigned)port, strerror(errno));
        if (fd >= 0) {
            close(fd);
        }
        return -1;
    }
    return fd;
}

static void peer_fail(struct peer *p, const char *what)
{
    ex_warn("%s: %s: %s", p->name, what, strerror(errno));
    p->failed = true;
    p->done = true;
}

static void peer_oom(struct peer *p)
{
    ex_warn("%s: out of memory", p->name);
    p->failed = true;
    p->done = true;
}

static void peer_free(struct peer *p)
{
    if (p->back >= 0) {
        close(p->back);
    }
    shutdown(p->fd, SHUT_RDWR);
    close(p->fd);
    rustls_connection_free(p->conn);
    ex_bytes_free(&p->to_tls);
    ex_bytes_free(&p->to_back);
    free(p);
}

static struct peer *peer_accept(int listener, const struct server_opts *o, const struct rustls_server_config *config)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof(ss);
    int fd = accept(listener, (struct sockaddr *)&ss, &len);
    if (fd < 0) {
        if (!ex_would_block(errno) && errno != ECONNABORTED) {
            ex_warn("encountered error while accepting connection: %s", strerror(errno));
        }
        return NULL;
    }
    struct peer *p = calloc(1, sizeof(*p));
    if (p == NULL || ex_set_nonblocking(fd) < 0) {
        ex_warn("cannot set up a connection: %s", p ? strerror(errno) : "out of memory");
        free(p);
        close(fd);
        return NULL;
    }
    p->fd = fd;
    p->back = -1;
    format_addr((struct sockaddr *)&ss, len, p->name, sizeof(p->name));
    if (o->verbose) {
        ex_warn("accepting new connection from %s", p->name);
    }
    rustls_result r = rustls_server_connection_new(config, &p->conn);
    if (r != RUSTLS_RESULT_OK) {
        ex_report("rustls_server_connection_new", r);
        p->failed = p->done = true;
        return p;
    }
    rustls_connection_set_userdata(p->conn, p);
    if (o->verbose) {
        rustls_connection_set_log_callback(p->conn, ex_log_cb);
    }
    if (o->mode == MODE_FORWARD) {
        p->back = connect_back(o->fport);
        if (p->back < 0) {
            p->failed = p->done = true;
        }
    }
    return p;
}

static void report_handshake(struct peer *p, const struct server_opts *o)
{
    if (!o->print_sni && !o->print_session) {
        return;
    }
    struct rustls_str sni = rustls_server_connection_get_server_name(p->conn);
    fprintf(stderr, "%s: handshake with %s done\n", ex_prog, p->name);
    if (sni.len > 0) {
        fprintf(stderr, "SNI: %.*s\n", (int)sni.len, sni.data);
    } else {
        fprintf(stderr, "SNI: none\n");
    }
    if (o->print_session) {
        ex_print_session(stderr, p->conn);
    } else {
        ex_print_alpn(stderr, p->conn);
    }
    fflush(stderr);
}

/* Plaintext from the client, handled as the mode says. */
static void incoming_plaintext(struct peer *p, const struct server_opts *o, const uint8_t *buf, size_t n)
{
    switch (o->mode) {
    case MODE_ECHO:
        if (ex_bytes_append(&p->to_tls, buf, n) != 0) {
            peer_oom(p);
        }
        break;
    case MODE_HTTP:
        if (!p->sent_http) {
            p->sent_http = true;
            if (ex_bytes_append(&p->to_tls, (const uint8_t *)HTTP_RESPONSE, sizeof(HTTP_RESPONSE) - 1) != 0) {
                peer_oom(p);
            }
            p->close_after_data = true;
        }
        break;
    case MODE_FORWARD:
        if (ex_bytes_append(&p->to_back, buf, n) != 0) {
            peer_oom(p);
        }
        break;
    case MODE_NONE:
        break;
    }
}

static void tls_readable(struct peer *p, const struct server_opts *o)
{
    size_t got = 0;
    int err = rustls_connection_read_tls(p->conn, ex_read_cb, &p->fd, &got);
    if (err != 0) {
        if (!ex_would_block(err)) {
            errno = err;
            peer_fail(p, "read error");
        }
        return;
    }
    if (got == 0) {
        if (o->verbose) {
            ex_warn("%s: eof", p->name);
        }
        p->closing = true;
    }
    rustls_result r = rustls_connection_process_new_packets(p->conn);
    if (r != RUSTLS_RESULT_OK) {
        char what[128];
        snprintf(what, sizeof(what), "%s: cannot process packet", p->name);
        ex_report(what, r);
        (void)ex_flush_tls(p->conn, p->fd); /* last gasp: the alert */
        p->failed = p->done = true;
        return;
    }
    if (!p->reported && !rustls_connection_is_handshaking(p->conn)) {
        p->reported = true;
        report_handshake(p, o);
        if (o->export.label != NULL && ex_print_export(stderr, p->conn, &o->export) != 0) {
            p->failed = p->done = true;
        }
    }
}

/* Take the plaintext received so far, as far as the queues allow (back-pressure otherwise). */
static void drain_plaintext(struct peer *p, const struct server_opts *o)
{
    uint8_t buf[16384];
    while (p->to_tls.len < PENDING_LIMIT && p->to_back.len < PENDING_LIMIT && !p->done && !p->got_close_notify) {
        size_t n = 0;
        rustls_result r = rustls_connection_read(p->conn, buf, sizeof(buf), &n);
        if (r == RUSTLS_RESULT_PLAINTEXT_EMPTY || r == RUSTLS_RESULT_UNEXPECTED_EOF) {
            break;
        }
        if (r != RUSTLS_RESULT_OK) {
            ex_report("read", r);
            p->failed = p->done = true;
            break;
        }
        if (n == 0) {
            /* close_notify: answer with ours once everything before it is sent (RFC 8446 6.1). */
            p->got_close_notify = true;
            p->close_after_data = true;
            break;
        }
        incoming_plaintext(p, o, buf, n);
    }
}

static void back_readable(struct peer *p)
{
    uint8_t buf[16384];
    ssize_t n = read(p->back, buf, sizeof(buf));
    if (n < 0) {
        if (!ex_would_block(errno)) {
            peer_fail(p, "backend read failed");
        }
    } else if (n == 0) {
        /* The backend is done: so is the connection, once its data and close_notify are sent. */
        p->close_after_data = true;
        p->close_when_sent = true;
        close(p->back);
        p->back = -1;
    } else if (ex_bytes_append(&p->to_tls, buf, (size_t)n) != 0) {
        peer_oom(p);
    }
}

/* Move plaintext along, queue close_notify when due, and decide whether the peer is finished. */
static void peer_advance(struct peer *p, const struct server_opts *o)
{
    if (p->done) {
        return;
    }
    drain_plaintext(p, o);
    if (p->done) {
        return;
    }
    if (p->to_tls.len > 0) {
        size_t n = 0;
        rustls_result r = rustls_connection_write(p->conn, p->to_tls.data, p->to_tls.len, &n);
        if (r != RUSTLS_RESULT_OK) {
            ex_report("write", r);
            p->failed = p->done = true;
            return;
        }
        ex_bytes_consume(&p->to_tls, n);
    }
    if (p->close_after_data && p->to_tls.len == 0 && p->to_back.len == 0) {
        p->close_after_data = false;
        p->sent_close = true;
        rustls_connection_send_close_notify(p->conn);
        if (p->close_when_sent) {
            p->closing = true;
        }
    }
    /* Finished once everything is written, after EOF or an exchange of close_notify alerts. */
    if (!rustls_connection_wants_write(p->conn) && (p->closing || (p->got_close_notify && p->sent_close))) {
        p->done = true;
    }
}

struct server {
    const struct server_opts *o;
    const struct rustls_server_config *config;
    int listener;
    struct peer **peers;
    size_t npeers;
    size_t cap;
    bool accepted;
    int once_status;
};

static int add_peer(struct server *s, struct peer *p)
{
    if (s->npeers == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 16;
        struct peer **np = realloc(s->peers, cap * sizeof(*np));
        if (np == NULL) {
            return -1;
        }
        s->peers = np;
        s->cap = cap;
    }
    s->peers[s->npeers++] = p;
    return 0;
}

static int serve(struct server *s)
{
    struct pollfd *pfd = NULL;
    size_t pfd_cap = 0;
    for (;;) {
        bool accepting = !(s->o->once && s->accepted);
        if (!accepting && s->npeers == 0) {
            break;
        }
        if (pfd_cap < 1 + 2 * s->npeers) {
            pfd_cap = 1 + 2 * s->npeers + 32;
            struct pollfd *np = realloc(pfd, pfd_cap * sizeof(*np));
            if (np == NULL) {
                ex_warn("out of memory");
                free(pfd);
                return EX_FAIL;
            }
            pfd = np;
        }
        nfds_t n = 0;
        pfd[n++] = (struct pollfd){.fd = accepting ? s->listener : -1, .events = POLLIN};
        for (size_t i = 0; i < s->npeers; i++) {
            struct peer *p = s->peers[i];
            bool rd = !p->closing && rustls_connection_wants_read(p->conn) && p->to_tls.len < PENDING_LIMIT &&
                      p->to_back.len < PENDING_LIMIT;
            p->poll_fd = (int)n;
            pfd[n++] = (struct pollfd){
                .fd = p->fd,
                .events = (short)((rd ? POLLIN : 0) | (rustls_connection_wants_write(p->conn) ? POLLOUT : 0)),
            };
            p->poll_back = -1;
            if (p->back >= 0) {
                p->poll_back = (int)n;
                pfd[n++] = (struct pollfd){
                    .fd = p->back,
                    .events = (short)((p->to_tls.len < PENDING_LIMIT ? POLLIN : 0) | (p->to_back.len ? POLLOUT : 0)),
                };
            }
        }
        if (poll(pfd, n, -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            ex_warn("poll failed: %s", strerror(errno));
            free(pfd);
            return EX_FAIL;
        }

        for (size_t i = 0; i < s->npeers; i++) {
            struct peer *p = s->peers[i];
            short ev = pfd[p->poll_fd].revents;
            if (!p->done && (ev & (POLLIN | POLLHUP | POLLERR))) {
                tls_readable(p, s->o);
            }
            if (!p->done && p->poll_back >= 0 && (pfd[p->poll_back].revents & POLLOUT) && p->to_back.len > 0) {
                ssize_t w = write(p->back, p->to_back.data, p->to_back.len);
                if (w < 0 && !ex_would_block(errno)) {
                    peer_fail(p, "backend write failed");
                } else if (w > 0) {
                    ex_bytes_consume(&p->to_back, (size_t)w);
                }
            }
            if (!p->done && p->poll_back >= 0 && p->back >= 0 &&
                (pfd[p->poll_back].revents & (POLLIN | POLLHUP | POLLERR))) {
                back_readable(p);
            }
            peer_advance(p, s->o);
            if (!p->done && rustls_connection_wants_write(p->conn)) {
                size_t w = 0;
                int err = rustls_connection_write_tls_vectored(p->conn, ex_writev_cb, &p->fd, &w);
                if (err != 0 && !ex_would_block(err)) {
                    errno = err;
                    peer_fail(p, "write failed");
                }
                peer_advance(p, s->o);
            }
        }

        /* Drop finished peers (keeping the order of the others does not matter). */
        for (size_t i = 0; i < s->npeers;) {
            struct peer *p = s->peers[i];
            if (!p->done) {
                i++;
                continue;
            }
            if (s->o->verbose) {
                ex_warn("%s: connection closed%s", p->name, p->failed ? " after an error" : "");
            }
            if (s->o->once) {
                s->once_status = p->failed ? EX_FAIL : 0;
            }
            peer_free(p);
            s->peers[i] = s->peers[--s->npeers];
        }

        if (accepting && (pfd[0].revents & POLLIN)) {
            for (;;) {
                struct peer *p = peer_accept(s->listener, s->o, s->config);
                if (p == NULL) {
                    break;
                }
                if (p->done) {
                    /* It could not even be set up: counts as served (and failed) for --once. */
                    s->accepted = true;
                    s->once_status = EX_FAIL;
                    peer_free(p);
                    if (s->o->once) {
                        break;
                    }
                    continue;
                }
                if (add_peer(s, p) != 0) {
                    ex_warn("out of memory");
                    peer_free(p);
                    break;
                }
                s->accepted = true;
                if (s->o->once) {
                    break;
                }
            }
        }
    }
    free(pfd);
    return s->once_status;
}

int main(int argc, char **argv)
{
    struct server_opts o = {0};
    ex_prog = "tlsserver";
    parse_args(argc, argv, &o);
    /* A client that resets the connection must give EPIPE from writev, not kill the server. */
    signal(SIGPIPE, SIG_IGN);

    struct server s = {.o = &o, .config = make_config(&o), .once_status = 0};
    s.listener = listen_on(o.address, o.port);
    if (s.listener < 0) {
        rustls_server_config_free(s.config);
        return EX_FAIL;
    }
    int status = serve(&s);
    for (size_t i = 0; i < s.npeers; i++) {
        peer_free(s.peers[i]);
    }
    free(s.peers);
    close(s.listener);
    rustls_server_config_free(s.config);
    free(o.suites);
    free(o.protos);
    free(o.crls);
    return status;
}
