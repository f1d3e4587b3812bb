/*
 * log.h - the log hook: lines go only to the application's rustls_log_callback.
 *
 * patina never prints anything itself (DESIGN.md section 5).  A pt_log names the callback,
 * the userdata handed back to it, and the most verbose level delivered.  Levels are rustls's
 * (rustls_log_level): 1 ERROR, 2 WARN, 3 INFO, 4 DEBUG, 5 TRACE.
 *
 *     pt_logf(&conn->log, PT_LOG_DEBUG, "negotiated %s", suite->name);
 *
 * pt_logf formats into a bounded buffer on the stack (PT_LOG_LINE_MAX bytes; longer lines are
 * cut, ending in "..."), never allocates, and does nothing - not even evaluate its arguments -
 * unless a callback is set and the level is enabled.  The message handed to the callback is a
 * rustls_str: valid UTF-8 without NUL bytes (anything else is replaced by '?'), not
 * NUL-terminated, and valid only during the call.
 *
 * TRACE lines are for protocol debugging and compile to nothing unless configure was run with
 * --enable-debug-log (which defines PT_DEBUG_LOG in config.h); their format is still checked.
 */
#ifndef PT_BASE_LOG_H
#define PT_BASE_LOG_H

/* PT_DEBUG_LOG comes from config.h; include it here so no file can silently miss it. */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>

#include "rustls.h"

enum pt_log_level {
    PT_LOG_OFF = 0,
    PT_LOG_ERROR = 1,
    PT_LOG_WARN = 2,
    PT_LOG_INFO = 3,
    PT_LOG_DEBUG = 4,
    PT_LOG_TRACE = 5,
};

/*
 * The default most verbose level: DEBUG, as rustls-ffi (which caps the `log` crate at Debug),
 * or TRACE when trace logging is compiled in.
 */
#ifdef PT_DEBUG_LOG
#define PT_LOG_TRACE_COMPILED 1
#define PT_LOG_DEFAULT_MAX PT_LOG_TRACE
#else
#define PT_LOG_TRACE_COMPILED 0
#define PT_LOG_DEFAULT_MAX PT_LOG_DEBUG
#endif

/* The longest line delivered, in bytes (the formatting buffer is one byte more, for the NUL). */
#define PT_LOG_LINE_MAX 511

typedef struct pt_log {
    rustls_log_callback callback; /* NULL: logging off */
    void *userdata;               /* passed back to callback unchanged */
    rustls_log_level max_level;   /* deliver levels 1..max_level; PT_LOG_OFF delivers nothing */
} pt_log;

/* A pt_log delivering levels up to `max_level` to `callback` (which may be NULL: off). */
static inline pt_log pt_log_make(rustls_log_callback callback, void *userdata, rustls_log_level max_level)
{
    pt_log l = {callback, userdata, max_level};
    return l;
}

/* True if a line at `level` would reach a callback.  `log` may be NULL. */
static inline bool pt_log_enabled(const pt_log *log, rustls_log_level level)
{
    return log != NULL && log->callback != NULL && level >= PT_LOG_ERROR && level <= PT_LOG_TRACE &&
           level <= log->max_level && (level < PT_LOG_TRACE || PT_LOG_TRACE_COMPILED);
}

/*
 * Format and deliver one line without checking pt_log_enabled first; call it through pt_logf.
 * `log` must be non-NULL with a callback.
 */
void pt_log_emit(const pt_log *log, rustls_log_level level, const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/*
 * Log a printf-style line at `level` through `log` (NULL allowed).  `log` and `level` are
 * evaluated more than once; the format arguments only when the line is delivered.  With a
 * constant level of PT_LOG_TRACE and no PT_DEBUG_LOG, the whole statement is dead code.
 */
#define pt_logf(log, level, ...)                                                                                       \
    do {                                                                                                               \
        if (((level) < PT_LOG_TRACE || PT_LOG_TRACE_COMPILED) && pt_log_enabled((log), (level))) {                    \
            pt_log_emit((log), (level), __VA_ARGS__);                                                                  \
        }                                                                                                              \
    } while (0)

/* Shorthands. */
#define pt_log_error(log, ...) pt_logf((log), PT_LOG_ERROR, __VA_ARGS__)
#define pt_log_warn(log, ...) pt_logf((log), PT_LOG_WARN, __VA_ARGS__)
#define pt_log_info(log, ...) pt_logf((log), PT_LOG_INFO, __VA_ARGS__)
#define pt_log_debug(log, ...) pt_logf((log), PT_LOG_DEBUG, __VA_ARGS__)
#define pt_log_trace(log, ...) pt_logf((log), PT_LOG_TRACE, __VA_ARGS__)

#endif
