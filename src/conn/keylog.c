/*
 * keylog.c - key logging through the caller's callbacks or to $SSLKEYLOGFILE (see keylog.h).
 *
 * The file follows rustls's KeyLogFile: the variable is read and the file opened (append,
 * create, mode 0666 before umask) once, when the caller asks for it; if the variable is unset
 * or the file cannot be opened, logging is silently off.  Each line is formatted in full and
 * written with one write() under the file's mutex, so lines from connections on different
 * threads never interleave.
 */
/* The autoconf header (_GNU_SOURCE for O_CLOEXEC). */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/mem.h"
#include "conn/keylog.h"

struct pt_keylog_file {
    pthread_mutex_t lock;
    int fd;
};

/* The longest line: a label, the 32-byte random and a secret of at most 64 bytes, all in hex. */
#define KEYLOG_LABEL_MAX 64
#define KEYLOG_SECRET_MAX 64
#define KEYLOG_LINE_MAX (KEYLOG_LABEL_MAX + 1 + 2 * 32 + 1 + 2 * KEYLOG_SECRET_MAX + 1)

pt_err pt_keylog_file_open(pt_keylog_file **out)
{
    *out = NULL;
    const char *path = getenv("SSLKEYLOGFILE");
    if (path == NULL) {
        return PT_OK;
    }
    pt_keylog_file *f = calloc(1, sizeof(*f));
    if (f == NULL) {
        return PT_ERR_NOALERT(RUSTLS_RESULT_GENERAL);
    }
    /* O_CLOEXEC: a child the application forks and execs must not inherit the secrets' file. */
    f->fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0666);
    if (f->fd < 0 || pthread_mutex_init(&f->lock, NULL) != 0) {
        /* As rustls: an unopenable key log file only means no key log. */
        if (f->fd >= 0) {
            close(f->fd);
        }
        free(f);
        return PT_OK;
    }
    *out = f;
    return PT_OK;
}

void pt_keylog_file_close(pt_keylog_file *f)
{
    if (f != NULL) {
        close(f->fd);
        pthread_mutex_destroy(&f->lock);
        free(f);
    }
}

static struct rustls_str label_str(const char *label)
{
    struct rustls_str s = {label, strlen(label)};
    return s;
}

bool pt_keylog_wants(const pt_keylog *log, const char *label)
{
    if (log == NULL) {
        return false;
    }
    if (log->log_cb != NULL) {
        /* rustls-ffi's CallbackKeyLog: no will_log callback means every label; else non-zero is yes. */
        return log->will_log_cb == NULL || log->will_log_cb(label_str(label)) != 0;
    }
    return log->file != NULL;
}

static char *put_hex(char *p, const uint8_t *b, size_t n)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        *p++ = digits[b[i] >> 4];
        *p++ = digits[b[i] & 0x0f];
    }
    return p;
}

/* One NSS key log line: "LABEL <client_random hex> <secret hex>\n", lower-case hex as rustls. */
static void file_write(pt_keylog_file *f, const char *label, const uint8_t client_random[32], const uint8_t *secret,
                       size_t secret_len)
{
    char line[KEYLOG_LINE_MAX];
    size_t label_len = strlen(label);
    if (label_len > KEYLOG_LABEL_MAX || secret_len > KEYLOG_SECRET_MAX) {
        return; /* no TLS secret or NSS label is this long: a caller bug, not worth a torn line */
    }
    char *p = line;
    memcpy(p, label, label_len);
    p += label_len;
    *p++ = ' ';
    p = put_hex(p, client_random, 32);
    *p++ = ' ';
    p = put_hex(p, secret, secret_len);
    *p++ = '\n';
    size_t len = (size_t)(p - line), off = 0;

    pthread_mutex_lock(&f->lock);
    while (off < len) {
        ssize_t w = write(f->fd, line + off, len - off);
        if (w < 0 && errno == EINTR) {
            continue;
        }
        if (w <= 0) {
            break; /* rustls only warns when the key log cannot be written; so do we, silently */
        }
        off += (size_t)w;
    }
    pthread_mutex_unlock(&f->lock);
    pt_wipe(line, sizeof(line));
}

void pt_keylog_write(const pt_keylog *log, const char *label, const uint8_t client_random[32], const uint8_t *secret,
                     size_t secret_len)
{
    /*
     * rustls asks will_log before it logs each secret; doing it here too means a caller that
     * skipped pt_keylog_wants still honours the application's filter.
     */
    if (!pt_keylog_wants(log, label)) {
        return;
    }
    if (log->log_cb != NULL) {
        log->log_cb(label_str(label), client_random, 32, secret, secret_len);
    } else {
        file_write(log->file, label, client_random, secret, secret_len);
    }
}
