/*
 * tlsclient.c - a TLS client on patina's public API, with the command line of rustls's
 * tlsclient-mio example: connect to HOSTNAME:PORT (IPv4 or IPv6), send stdin (or, with --http,
 * a GET / request) and print what the server sends back to stdout.  One poll() loop drives a
 * non-blocking socket; rustls_connection never does I/O itself.
 *
 * Exit status: 0 when the connection closed cleanly (the server's close_notify, or EOF after the
 * handshake as tlsclient-mio accepts), 1 on a network or TLS error (the rustls_error text goes to
 * stderr), 2 for a usage error or an option patina does not support yet.
 */
#include "common.h"

#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static const char USAGE[] =
    "Connects to the TLS server at HOSTNAME:PORT.  The default PORT is 443.  By default, this\n"
    "copies stdin to the connection (as it arrives).  --http replaces this with a basic HTTP GET\n"
    "request for /.\n"
    "\n"
    "If --cafile is not supplied, the system's CA bundle is used\n"
    "(/etc/ssl/certs/ca-certificates.crt and the usual other places).\n"
    "\n"
    "Usage: tlsclient [OPTIONS] [--port PORT] HOSTNAME\n"
    "\n"
    "Options:\n"
    "  -p, --port PORT        Connect to this port [default: 443]\n"
    "      --http             Send a basic HTTP GET request for /\n"
    "      --verbose          Emit log output (to stderr)\n"
    "      --protover VERSION Disable default TLS version list, and use VERSION (1.2 or 1.3)\n"
    "                         instead.  May be used multiple times\n"
    "      --suite SUITE      Disable default cipher suite list, and use SUITE (a rustls name,\n"
    "                         e.g. TLS13_AES_128_GCM_SHA256) instead.  May be used multiple times\n"
    "      --key-exchange KX  Not supported yet (no key exchange group selection in the API)\n"
    "      --proto PROTOCOL   Send ALPN extension containing PROTOCOL.  May be used multiple\n"
    "                         times to offer several protocols\n"
    "      --max-frag-size N  Limit outgoing TLS records to N bytes (32..16389; patina.h extension)\n"
    "      --cafile CAFILE    Read root certificates from CAFILE\n"
    "      --no-tickets       Disable session ticket support (patina's client does not resume\n"
    "                         sessions yet, so this changes nothing)\n"
    "      --no-sni           Disable server name indication support\n"
    "      --insecure         Disable certificate verification (DANGEROUS)\n"
    "      --auth-key KEY     Read client authentication key from KEY\n"
    "      --auth-certs CERTS Read client authentication certificates from CERTS.  CERTS must\n"
    "                         match up with KEY\n"
    "  -h, --help             Print help\n"
    "\n"
    "patina additions:\n"
    "      --print-session    Once the handshake is done, print the negotiated protocol version,\n"
    "                         cipher suite, key exchange group, ALPN protocol (or none) and\n"
    "                         handshake kind to stderr, one 'name: value' line each\n"
    "      --connect ADDR     Connect to ADDR (a name or an IP address) instead of HOSTNAME;\n"
    "                         HOSTNAME is still the name sent in SNI and checked in the certificate\n"
    "      --export LABEL:LEN Once the handshake is done, export LEN bytes of keying material for\n"
    "                         LABEL with no context (RFC 5705 / RFC 8446 section 7.5) and print\n"
    "                         'keying material: HEX' to stderr, as openssl -keymatexport does\n"
    "      --resumption, --tickets, --cache SIZE, --early-data\n"
    "                         Refused: resumption lands in a later issue\n";

struct client_opts {
    uint16_t port;
    bool http;
    bool verbose;
    uint16_t versions[2];
    size_t nversions;
    const char **suites;
    size_t nsuites;
    const char **protos;
    size_t nprotos;
    const char *cafile;
    bool no_sni;
    bool insecure;
    const char *auth_key;
    const char *auth_certs;
    bool print_session;
    const char *hostname;
    const char *connect;
    size_t max_frag;         /* 0: default */
    struct ex_export export; /* --export (a patina addition; tlsclient-mio has no exporter) */
};

static void usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s: ", ex_prog);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nUsage: tlsclient [OPTIONS] [--port PORT] HOSTNAME (see --help)\n");
    exit(EX_USAGE);
}

static void parse_args(int argc, char **argv, struct client_opts *o)
{
    const char *v;
    o->port = 443;
    /* argc bounds every repeatable list. */
    o->suites = calloc((size_t)argc, sizeof(*o->suites));
    o->protos = calloc((size_t)argc, sizeof(*o->protos));
    if (o->suites == NULL || o->protos == NULL) {
        ex_warn("out of memory");
        exit(EX_FAIL);
    }
    for (int i = 1; i < argc; i++) {
        if (ex_flag(argv, i, "--help", "-h")) {
            fputs(USAGE, stdout);
            exit(0);
        } else if (ex_value(argc, argv, &i, "--port", "-p", &v)) {
            o->port = ex_parse_port(v, false);
        } else if (ex_flag(argv, i, "--http", NULL)) {
            o->http = true;
        } else if (ex_flag(argv, i, "--verbose", NULL)) {
            o->verbose = true;
        } else if (ex_value(argc, argv, &i, "--protover", NULL, &v)) {
            ex_add_version(v, o->versions, &o->nversions);
        } else if (ex_value(argc, argv, &i, "--suite", NULL, &v)) {
            o->suites[o->nsuites++] = v;
        } else if (ex_value(argc, argv, &i, "--key-exchange", NULL, &v)) {
            ex_unsupported("--key-exchange", "the API has no way to choose key exchange groups");
        } else if (ex_value(argc, argv, &i, "--proto", NULL, &v)) {
            if (strlen(v) == 0 || strlen(v) > 255) {
                usage_error("ALPN protocol '%s' must be 1 to 255 bytes", v);
            }
            o->protos[o->nprotos++] = v;
        } else if (ex_value(argc, argv, &i, "--max-frag-size", NULL, &v)) {
            char *end = NULL;
            unsigned long n = strtoul(v, &end, 10);
            if (*v == '\0' || *end != '\0' || n == 0) {
                usage_error("--max-frag-size needs a positive number, not '%s'", v);
            }
            o->max_frag = (size_t)n;
        } else if (ex_value(argc, argv, &i, "--cafile", NULL, &v)) {
            o->cafile = v;
        } else if (ex_flag(argv, i, "--no-tickets", NULL)) {
            /* Nothing to disable: the client neither stores nor offers tickets yet. */
        } else if (ex_flag(argv, i, "--no-sni", NULL)) {
            o->no_sni = true;
        } else if (ex_flag(argv, i, "--insecure", NULL)) {
            o->insecure = true;
        } else if (ex_value(argc, argv, &i, "--auth-key", NULL, &v)) {
            o->auth_key = v;
        } else if (ex_value(argc, argv, &i, "--auth-certs", NULL, &v)) {
            o->auth_certs = v;
        } else if (ex_flag(argv, i, "--print-session", NULL)) {
            o->print_session = true;
        } else if (ex_value(argc, argv, &i, "--export", NULL, &v)) {
            ex_parse_export(v, &o->export);
        } else if (ex_value(argc, argv, &i, "--connect", NULL, &v)) {
            o->connect = v;
        } else if (ex_flag(argv, i, "--resumption", NULL) || ex_flag(argv, i, "--tickets", NULL) ||
                   ex_flag(argv, i, "--early-data", NULL) || ex_value(argc, argv, &i, "--cache", NULL, &v)) {
            ex_unsupported(argv[i], "resumption lands in a later issue");
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            usage_error("unknown option '%s'", argv[i]);
        } else if (o->hostname == NULL) {
            o->hostname = argv[i];
        } else {
            usage_error("unexpected argument '%s'", argv[i]);
        }
    }
    if (o->hostname == NULL) {
        usage_error("missing HOSTNAME");
    }
    if ((o->auth_key == NULL) != (o->auth_certs == NULL)) {
        usage_error("must provide --auth-certs and --auth-key together");
    }
}

/* --insecure: accept any certificate.  The handshake still checks CertificateVerify against it. */
static uint32_t accept_any_certificate(void *userdata, const struct rustls_verify_server_cert_params *params)
{
    (void)userdata;
    (void)params;
    return RUSTLS_RESULT_OK;
}

/* Trust anchors from --cafile, else from the first system bundle found. */
static rustls_result load_roots(const char *cafile, const struct rustls_root_cert_store **out)
{
    static const char *const system_bundles[] = {
        "/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt", "/etc/ssl/cert.pem",
        "/etc/ssl/ca-bundle.pem",
    };
    struct rustls_root_cert_store_builder *b = rustls_root_cert_store_builder_new();
    rustls_result r = RUSTLS_RESULT_IO;
    if (b == NULL) {
        return RUSTLS_RESULT_GENERAL;
    }
    if (cafile != NULL) {
        r = rustls_root_cert_store_builder_load_roots_from_file(b, cafile, true);
    } else {
        for (size_t i = 0; i < sizeof(system_bundles) / sizeof(system_bundles[0]) && r != RUSTLS_RESULT_OK; i++) {
            if (access(system_bundles[i], R_OK) == 0) {
                r = rustls_root_cert_store_builder_load_roots_from_file(b, system_bundles[i], false);
            }
        }
    }
    if (r == RUSTLS_RESULT_OK) {
        r = rustls_root_cert_store_builder_build(b, out);
    }
    rustls_root_cert_store_builder_free(b);
    return r;
}

static const struct rustls_certified_key *load_certified_key(const char *certs_path, const char *key_path)
{
    uint8_t *certs = NULL, *key = NULL;
    size_t certs_len = 0, key_len = 0;
    const struct rustls_certified_key *ck = NULL;
    if (ex_read_file(certs_path, &certs, &certs_len) != 0) {
        ex_warn("cannot open certificate file %s: %s", certs_path, strerror(errno));
        exit(EX_FAIL);
    }
    if (ex_read_file(key_path, &key, &key_len) != 0) {
        ex_warn("cannot read private key file %s: %s", key_path, strerror(errno));
        exit(EX_FAIL);
    }
    rustls_result r = rustls_certified_key_build(certs, certs_len, key, key_len, &ck);
    memset(key, 0, key_len);
    free(key);
    free(certs);
    if (r != RUSTLS_RESULT_OK) {
        ex_report("invalid client auth certs/key", r);
        exit(EX_FAIL);
    }
    return ck;
}

static const struct rustls_client_config *make_config(const struct client_opts *o)
{
    struct rustls_client_config_builder *b = NULL;
    const struct rustls_client_config *config = NULL;
    rustls_result r = RUSTLS_RESULT_OK;

    if (o->nversions > 0 || o->nsuites > 0) {
        const struct rustls_crypto_provider *provider =
            o->nsuites > 0 ? ex_provider_with_suites(o->suites, o->nsuites) : rustls_crypto_provider_default();
        const uint16_t *versions = o->nversions > 0 ? o->versions : RUSTLS_DEFAULT_VERSIONS;
        size_t nversions = o->nversions > 0 ? o->nversions : RUSTLS_DEFAULT_VERSIONS_LEN;
        r = rustls_client_config_builder_new_custom(provider, versions, nversions, &b);
        rustls_crypto_provider_free(provider);
        if (r != RUSTLS_RESULT_OK) {
            ex_report("inconsistent cipher-suites/versions specified", r);
            exit(EX_FAIL);
        }
    } else {
        b = rustls_client_config_builder_new();
    }
    if (b == NULL) {
        ex_warn("out of memory");
        exit(EX_FAIL);
    }

    if (o->insecure) {
        r = rustls_client_config_builder_dangerous_set_certificate_verifier(b, accept_any_certificate);
    } else {
        const struct rustls_root_cert_store *roots = NULL;
        struct rustls_server_cert_verifier *verifier = NULL;
        r = load_roots(o->cafile, &roots);
        if (r != RUSTLS_RESULT_OK) {
            ex_report(o->cafile ? "cannot load --cafile" : "cannot load the system CA bundle (use --cafile)", r);
            exit(EX_FAIL);
        }
        struct rustls_web_pki_server_cert_verifier_builder *vb = rustls_web_pki_server_cert_verifier_builder_new(roots);
        r = vb ? rustls_web_pki_server_cert_verifier_builder_build(vb, &verifier) : RUSTLS_RESULT_GENERAL;
        rustls_web_pki_server_cert_verifier_builder_free(vb);
        rustls_root_cert_store_free(roots);
        if (r == RUSTLS_RESULT_OK) {
            rustls_client_config_builder_set_server_verifier(b, verifier);
        }
        rustls_server_cert_verifier_free(verifier);
    }
    if (r != RUSTLS_RESULT_OK) {
        ex_report("setting up certificate verification", r);
        exit(EX_FAIL);
    }

    struct rustls_slice_bytes *alpn = calloc(o->nprotos ? o->nprotos : 1, sizeof(*alpn));
    if (alpn == NULL) {
        ex_warn("out of memory");
        exit(EX_FAIL);
    }
    for (size_t i = 0; i < o->nprotos; i++) {
        alpn[i].data = (const uint8_t *)o->protos[i];
        alpn[i].len = strlen(o->protos[i]);
    }
    if (o->nprotos > 0) {
        r = rustls_client_config_builder_set_alpn_protocols(b, alpn, o->nprotos);
    }
    free(alpn);
    if (r != RUSTLS_RESULT_OK) {
        ex_report("setting ALPN protocols", r);
        exit(EX_FAIL);
    }

    rustls_client_config_builder_set_enable_sni(b, !o->no_sni);

    /* rustls's ClientConfig::max_fragment_size, which only patina.h exposes in C. */
    r = patina_client_config_builder_set_max_fragment_size(b, o->max_frag);
    if (r != RUSTLS_RESULT_OK) {
        ex_report("--max-frag-size", r);
        exit(EX_USAGE);
    }

    if (o->auth_key != NULL) {
        const struct rustls_certified_key *ck = load_certified_key(o->auth_certs, o->auth_key);
        r = rustls_client_config_builder_set_certified_key(b, &ck, 1);
        rustls_certified_key_free(ck);
        if (r != RUSTLS_RESULT_OK) {
            ex_report("setting the client certificate", r);
            exit(EX_FAIL);
        }
    }

    /* As tlsclient-mio: SSLKEYLOGFILE, when set, names a key log file (for Wireshark). */
    if (getenv("SSLKEYLOGFILE") != NULL) {
        r = rustls_client_config_builder_set_key_log_file(b);
        if (r != RUSTLS_RESULT_OK) {
            ex_report("SSLKEYLOGFILE", r);
        }
    }

    r = rustls_client_config_builder_build(b, &config);
    if (r != RUSTLS_RESULT_OK) {
        ex_report("building the client config", r);
        exit(EX_FAIL);
    }
    return config;
}

/* Wait up to 10 s for a non-blocking connect to finish.  0, or an errno value. */
static int finish_connect(int fd)
{
    struct pollfd p = {.fd = fd, .events = POLLOUT};
    int n;
    do {
        n = poll(&p, 1, 10000);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
        return errno;
    }
    if (n == 0) {
        return ETIMEDOUT;
    }
    int err = 0;
    socklen_t len = sizeof(err);
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0) {
        return errno;
    }
    return err;
}

/* A connected non-blocking TCP socket to host:port, trying every address in turn; -1 on failure. */
static int connect_to(const char *host, uint16_t port)
{
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM, .ai_protocol = IPPROTO_TCP};
    struct addrinfo *res = NULL;
    char service[8];
    snprintf(service, sizeof(service), "%u", (unsigned)port);
    int rc = getaddrinfo(host, service, &hints, &res);
    if (rc != 0) {
        ex_warn("cannot resolve %s: %s", host, gai_strerror(rc));
        return -1;
    }
    int fd = -1, err = 0;
    for (struct addrinfo *ai = res; ai != NULL; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
        if (fd < 0) {
            err = errno;
            continue;
        }
        if (ex_set_nonblocking(fd) < 0) {
            err = errno;
        } else if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) {
            err = 0;
        } else {
            err = errno == EINPROGRESS ? finish_connect(fd) : errno;
        }
        if (err == 0) {
            break;
        }
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    if (fd < 0) {
        ex_warn("cannot connect to %s port %u: %s", host, (unsigned)port, strerror(err));
    }
    return fd;
}

/* The connection's life: returns the exit status. */
static int run(const struct client_opts *o, struct rustls_connection *conn, int fd)
{
    struct ex_bytes pending = {0};
    bool stdin_open = !o->http;
    bool reported = false;
    int status = -1;
    uint8_t buf[16384];

    if (o->http) {
        char req[1024];
        int n = snprintf(req, sizeof(req),
                         "GET / HTTP/1.0\r\nHost: %s\r\nConnection: close\r\nAccept-Encoding: identity\r\n\r\n",
                         o->hostname);
        if (n < 0 || (size_t)n >= sizeof(req) || ex_bytes_append(&pending, (const uint8_t *)req, (size_t)n) != 0) {
            ex_warn("hostname too long");
            return EX_FAIL;
        }
    }

    while (status < 0) {
        /* Hand queued plaintext to the connection; it encrypts it once the handshake allows. */
        if (pending.len > 0) {
            size_t n = 0;
            rustls_result r = rustls_connection_write(conn, pending.data, pending.len, &n);
            if (r != RUSTLS_RESULT_OK) {
                ex_report("write", r);
                status = EX_FAIL;
                break;
            }
            ex_bytes_consume(&pending, n);
        }

        bool rd = rustls_connection_wants_read(conn), wr = rustls_connection_wants_write(conn);
        if (!rd && !wr) {
            ex_warn("connection finished without close_notify");
            status = reported ? 0 : EX_FAIL;
            break;
        }
        struct pollfd p[2] = {
            {.fd = fd, .events = (short)((rd ? POLLIN : 0) | (wr ? POLLOUT : 0))},
            {.fd = stdin_open && pending.len == 0 ? STDIN_FILENO : -1, .events = POLLIN},
        };
        if (poll(p, 2, -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            ex_warn("poll failed: %s", strerror(errno));
            status = EX_FAIL;
            break;
        }

        if (p[1].revents != 0) {
            ssize_t n = read(STDIN_FILENO, buf, sizeof(buf));
            if (n > 0) {
                if (ex_bytes_append(&pending, buf, (size_t)n) != 0) {
                    ex_warn("out of memory");
                    status = EX_FAIL;
                    break;
                }
            } else if (n == 0 || !ex_would_block(errno)) {
                stdin_open = false;
            }
        }

        if (p[0].revents & (POLLOUT | POLLERR)) {
            size_t n = 0;
            int err = rustls_connection_write_tls_vectored(conn, ex_writev_cb, &fd, &n);
            if (err != 0 && !ex_would_block(err)) {
                ex_warn("TLS write error: %s", strerror(err));
                status = EX_FAIL;
                break;
            }
        }

        if (!(p[0].revents & (POLLIN | POLLHUP | POLLERR)) || !rustls_connection_wants_read(conn)) {
            continue;
        }
        size_t got = 0;
        int err = rustls_connection_read_tls(conn, ex_read_cb, &fd, &got);
        if (err != 0 && ex_would_block(err)) {
            continue;
        }
        if (err != 0) {
            ex_warn("TLS read error: %s", strerror(err));
            status = EX_FAIL;
            break;
        }
        bool eof = got == 0;
        rustls_result r = rustls_connection_process_new_packets(conn);
        if (r != RUSTLS_RESULT_OK) {
            ex_report("TLS error", r);
            (void)ex_flush_tls(conn, fd); /* the alert, best effort */
            status = EX_FAIL;
            break;
        }
        if (!reported && !rustls_connection_is_handshaking(conn)) {
            reported = true;
            if (o->print_session) {
                ex_print_session(stderr, conn);
            }
            if (o->export.label != NULL && ex_print_export(stderr, conn, &o->export) != 0) {
                status = EX_FAIL;
                break;
            }
        }
        for (;;) {
            size_t n = 0;
            r = rustls_connection_read(conn, buf, sizeof(buf), &n);
            if (r == RUSTLS_RESULT_PLAINTEXT_EMPTY || r == RUSTLS_RESULT_UNEXPECTED_EOF) {
                break;
            }
            if (r != RUSTLS_RESULT_OK) {
                ex_report("TLS read", r);
                status = EX_FAIL;
                break;
            }
            if (n == 0) {
                /* close_notify: answer it (RFC 8446 section 6.1) and finish cleanly. */
                if (o->verbose) {
                    ex_warn("received close_notify");
                }
                rustls_connection_send_close_notify(conn);
                (void)ex_flush_tls(conn, fd);
                status = 0;
                break;
            }
            if (fwrite(buf, 1, n, stdout) != n) {
                ex_warn("cannot write to stdout");
                status = EX_FAIL;
                break;
            }
        }
        fflush(stdout);
        if (status < 0 && eof) {
            if (reported) {
                if (o->verbose) {
                    ex_warn("EOF without close_notify");
                }
                status = 0;
            } else {
                ex_warn("connection closed by the server during the handshake");
                status = EX_FAIL;
            }
        }
    }
    ex_bytes_free(&pending);
    return status;
}

int main(int argc, char **argv)
{
    struct client_opts o = {0};
    struct rustls_connection *conn = NULL;
    ex_prog = "tlsclient";
    parse_args(argc, argv, &o);
    /* A peer that resets the connection must give EPIPE from writev, not kill us. */
    signal(SIGPIPE, SIG_IGN);

    const struct rustls_client_config *config = make_config(&o);
    int fd = connect_to(o.connect ? o.connect : o.hostname, o.port);
    if (fd < 0) {
        rustls_client_config_free(config);
        return EX_FAIL;
    }
    rustls_result r = rustls_client_connection_new(config, o.hostname, &conn);
    rustls_client_config_free(config);
    if (r != RUSTLS_RESULT_OK) {
        ex_report("invalid server name", r);
        close(fd);
        return EX_FAIL;
    }
    if (o.verbose) {
        rustls_connection_set_log_callback(conn, ex_log_cb);
    }
    int status = run(&o, conn, fd);
    rustls_connection_free(conn);
    close(fd);
    free(o.suites);
    free(o.protos);
    return status;
}
