/* log.c - formatting and delivery of log lines (see log.h). */
#include "config.h"

#include "base/log.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* What a cut line ends with, so the reader knows it was cut. */
#define ELLIPSIS "..."
#define ELLIPSIS_LEN 3

/*
 * Length of the well-formed UTF-8 sequence starting at s[0] (RFC 3629 section 4), or 0 if the
 * bytes there are not one: stray continuation bytes, overlong forms, UTF-16 surrogates, code
 * points above U+10FFFF, and sequences cut short by the end of the buffer are all rejected.
 */
static size_t utf8_seq_len(const uint8_t *s, size_t left)
{
    uint8_t c = s[0];
    size_t n;
    uint8_t lo = 0x80, hi = 0xbf; /* allowed range of the second byte */

    if (c < 0x80) {
        return c == 0 ? 0 : 1; /* a rustls_str never contains NUL */
    } else if (c >= 0xc2 && c <= 0xdf) {
        n = 2;
    } else if (c >= 0xe0 && c <= 0xef) {
        n = 3;
        if (c == 0xe0) {
            lo = 0xa0; /* overlong */
        } else if (c == 0xed) {
            hi = 0x9f; /* surrogates */
        }
    } else if (c >= 0xf0 && c <= 0xf4) {
        n = 4;
        if (c == 0xf0) {
            lo = 0x90; /* overlong */
        } else if (c == 0xf4) {
            hi = 0x8f; /* above U+10FFFF */
        }
    } else {
        return 0;
    }
    if (left < n || s[1] < lo || s[1] > hi) {
        return 0;
    }
    for (size_t i = 2; i < n; i++) {
        if (s[i] < 0x80 || s[i] > 0xbf) {
            return 0;
        }
    }
    return n;
}

/* Replace every byte that is not part of well-formed UTF-8 (or is NUL) with '?'. */
static void make_valid_utf8(char *line, size_t len)
{
    uint8_t *s = (uint8_t *)line;
    size_t i = 0;
    while (i < len) {
        size_t n = utf8_seq_len(s + i, len - i);
        if (n == 0) {
            s[i] = '?';
            n = 1;
        }
        i += n;
    }
}

/* see log.h */
void pt_log_emit(const pt_log *log, rustls_log_level level, const char *fmt, ...)
{
    char line[PT_LOG_LINE_MAX + 1];
    va_list ap;

    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    if (n < 0) {
        return; /* an encoding error in the arguments: nothing sensible to say */
    }

    size_t len = (size_t)n;
    if (len > PT_LOG_LINE_MAX) {
        /* Cut at a character boundary (at most 3 continuation bytes back) and mark the cut. */
        len = PT_LOG_LINE_MAX - ELLIPSIS_LEN;
        for (int back = 0; back < 3 && ((uint8_t)line[len] & 0xc0) == 0x80; back++) {
            len--;
        }
        memcpy(line + len, ELLIPSIS, ELLIPSIS_LEN);
        len += ELLIPSIS_LEN;
    }
    make_valid_utf8(line, len);

    rustls_log_params params;
    params.level = level;
    params.message.data = line;
    params.message.len = len;
    log->callback(log->userdata, &params);
}
