/*
 * test_log.c - the log hook: delivery of level, message and userdata; filtering by level and
 * by the absence of a callback; arguments not evaluated for dropped lines; long lines cut
 * safely; messages always valid UTF-8 without NUL.
 */
#include <string.h>

#include "base/log.h"
#include "testlib/pttest.h"

struct capture {
    int calls;
    rustls_log_level level;
    char text[PT_LOG_LINE_MAX + 64];
    size_t len;
};

static void on_log(void *userdata, const struct rustls_log_params *params)
{
    struct capture *c = userdata;
    c->calls++;
    c->level = params->level;
    ck_assert_uint_le(params->message.len, PT_LOG_LINE_MAX);
    memcpy(c->text, params->message.data, params->message.len);
    c->text[params->message.len] = '\0';
    c->len = params->message.len;
}

/* True if `s` (len bytes) is well-formed UTF-8 without NUL (checked independently of log.c). */
static bool valid_utf8(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned char c = s[i];
        uint32_t cp;
        size_t n;
        if (c == 0) {
            return false;
        } else if (c < 0x80) {
            i++;
            continue;
        } else if ((c & 0xe0) == 0xc0) {
            n = 2;
            cp = c & 0x1f;
        } else if ((c & 0xf0) == 0xe0) {
            n = 3;
            cp = c & 0x0f;
        } else if ((c & 0xf8) == 0xf0) {
            n = 4;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (i + n > len) {
            return false;
        }
        for (size_t k = 1; k < n; k++) {
            if ((s[i + k] & 0xc0) != 0x80) {
                return false;
            }
            cp = (cp << 6) | (s[i + k] & 0x3f);
        }
        static const uint32_t min_cp[5] = {0, 0, 0x80, 0x800, 0x10000};
        if (cp < min_cp[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
            return false;
        }
        i += n;
    }
    return true;
}

START_TEST(callback_receives_level_message_userdata)
{
    struct capture c = {0};
    pt_log log = pt_log_make(on_log, &c, PT_LOG_DEBUG);
    pt_logf(&log, PT_LOG_WARN, "peer sent %d bytes of %s", 17, "junk");
    ck_assert_int_eq(c.calls, 1);
    ck_assert_uint_eq(c.level, 2);
    ck_assert_str_eq(c.text, "peer sent 17 bytes of junk");
    ck_assert_uint_eq(c.len, strlen("peer sent 17 bytes of junk"));

    pt_log_error(&log, "e");
    ck_assert_uint_eq(c.level, PT_LOG_ERROR);
    pt_log_info(&log, "i");
    ck_assert_uint_eq(c.level, PT_LOG_INFO);
    pt_log_debug(&log, "d%s", "ebug");
    ck_assert_uint_eq(c.level, PT_LOG_DEBUG);
    ck_assert_str_eq(c.text, "debug");
    ck_assert_int_eq(c.calls, 4);
}
END_TEST

/*
 * For every max level, exactly the levels 1..max are delivered (TRACE only if compiled in), and
 * never a level outside 1..5 even when max is larger.
 */
START_TEST(levels_above_max_are_dropped)
{
    for (rustls_log_level max = 0; max <= 7; max++) {
        struct capture c = {0};
        pt_log log = pt_log_make(on_log, &c, max);
        int want = 0;
        for (rustls_log_level level = 0; level <= 7; level++) {
            int before = c.calls;
            pt_logf(&log, level, "line at %zu", level);
            bool delivered = c.calls > before;
            bool expect = level >= 1 && level <= 5 && level <= max && (level < 5 || PT_LOG_TRACE_COMPILED);
            ck_assert_msg(delivered == expect, "max %zu level %zu", max, level);
            ck_assert(pt_log_enabled(&log, level) == expect);
            want += expect;
        }
        ck_assert_int_eq(c.calls, want);
    }
}
END_TEST

START_TEST(trace_compiles_in_only_with_debug_log)
{
    struct capture c = {0};
    pt_log log = pt_log_make(on_log, &c, PT_LOG_TRACE);
    pt_log_trace(&log, "trace %d", 5);
#ifdef PT_DEBUG_LOG
    ck_assert_int_eq(c.calls, 1);
    ck_assert_uint_eq(c.level, 5);
    ck_assert_int_eq(PT_LOG_DEFAULT_MAX, PT_LOG_TRACE);
#else
    ck_assert_int_eq(c.calls, 0);
    ck_assert_int_eq(PT_LOG_DEFAULT_MAX, PT_LOG_DEBUG);
#endif
}
END_TEST

static int evaluated;

static int side_effect(void)
{
    return ++evaluated;
}

START_TEST(nothing_happens_without_callback_or_level)
{
    struct capture c = {0};
    pt_log off = pt_log_make(NULL, &c, PT_LOG_TRACE);
    pt_log quiet = pt_log_make(on_log, &c, PT_LOG_WARN);
    pt_log none = pt_log_make(on_log, &c, PT_LOG_OFF);
    evaluated = 0;
    pt_logf(&off, PT_LOG_ERROR, "%d", side_effect());
    pt_logf(&quiet, PT_LOG_INFO, "%d", side_effect());
    pt_logf(&none, PT_LOG_ERROR, "%d", side_effect());
    pt_logf((const pt_log *)NULL, PT_LOG_ERROR, "%d", side_effect());
    pt_log_trace(&quiet, "%d", side_effect());
    ck_assert_int_eq(c.calls, 0);
    ck_assert_int_eq(evaluated, 0); /* arguments of dropped lines are never evaluated */
    ck_assert(!pt_log_enabled(NULL, PT_LOG_ERROR));
    pt_logf(&quiet, PT_LOG_WARN, "%d", side_effect());
    ck_assert_int_eq(evaluated, 1);
    ck_assert_str_eq(c.text, "1");
}
END_TEST

/* A line of exactly PT_LOG_LINE_MAX bytes is delivered whole; longer ones are cut with "...". */
START_TEST(long_lines_are_truncated)
{
    struct capture c = {0};
    pt_log log = pt_log_make(on_log, &c, PT_LOG_DEBUG);
    static char big[4 * PT_LOG_LINE_MAX];
    memset(big, 'a', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';

    pt_logf(&log, PT_LOG_INFO, "%.*s", PT_LOG_LINE_MAX, big);
    ck_assert_uint_eq(c.len, PT_LOG_LINE_MAX);
    ck_assert_int_eq(c.text[c.len - 1], 'a');

    for (int extra = 1; extra <= 3; extra++) {
        pt_logf(&log, PT_LOG_INFO, "%.*s", PT_LOG_LINE_MAX + extra, big);
        ck_assert_uint_eq(c.len, PT_LOG_LINE_MAX);
        ck_assert_str_eq(c.text + c.len - 3, "...");
        ck_assert_int_eq(c.text[c.len - 4], 'a');
    }
    pt_logf(&log, PT_LOG_INFO, "start %s end", big);
    ck_assert_uint_eq(c.len, PT_LOG_LINE_MAX);
    ck_assert(strncmp(c.text, "start aaa", 9) == 0);
    ck_assert_str_eq(c.text + c.len - 3, "...");
}
END_TEST

/* A cut never splits a multi-byte character, wherever the limit falls inside one. */
START_TEST(truncation_keeps_utf8_whole)
{
    /* U+00E9 (2 bytes), U+20AC (3 bytes), U+1F600 (4 bytes) */
    static const char *const chars[] = {"\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80"};
    for (size_t k = 0; k < PT_ARRAY_LEN(chars); k++) {
        for (size_t shift = 0; shift < 4; shift++) {
            char msg[3 * PT_LOG_LINE_MAX];
            size_t o = 0;
            for (size_t i = 0; i < shift; i++) {
                msg[o++] = 'x';
            }
            while (o + 4 < sizeof(msg)) {
                memcpy(msg + o, chars[k], strlen(chars[k]));
                o += strlen(chars[k]);
            }
            msg[o] = '\0';
            struct capture c = {0};
            pt_log log = pt_log_make(on_log, &c, PT_LOG_DEBUG);
            pt_logf(&log, PT_LOG_ERROR, "%s", msg);
            ck_assert_int_eq(c.calls, 1);
            ck_assert_uint_le(c.len, PT_LOG_LINE_MAX);
            ck_assert_uint_ge(c.len, PT_LOG_LINE_MAX - 3);
            ck_assert_str_eq(c.text + c.len - 3, "...");
            ck_assert(valid_utf8((const unsigned char *)c.text, c.len));
            ck_assert_ptr_null(strchr(c.text, '?')); /* nothing had to be replaced */
        }
    }
}
END_TEST

/* Bytes that are not UTF-8 (say a peer's server name) and NUL become '?'; valid text is kept. */
START_TEST(invalid_utf8_and_nul_replaced)
{
    static const struct {
        const char *in;
        const char *out;
    } cases[] = {
        {"plain", "plain"},
        {"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"},
        {"bad \xff byte", "bad ? byte"},
        {"stray \x80 continuation", "stray ? continuation"},
        {"overlong \xc0\xaf", "overlong ??"},
        {"overlong3 \xe0\x80\xaf", "overlong3 ???"},
        {"surrogate \xed\xa0\x80", "surrogate ???"},
        {"too big \xf4\x90\x80\x80", "too big ????"},
        {"cut \xe2\x82", "cut ??"},
        {"lead then ascii \xc3x", "lead then ascii ?x"},
    };
    for (size_t i = 0; i < PT_ARRAY_LEN(cases); i++) {
        struct capture c = {0};
        pt_log log = pt_log_make(on_log, &c, PT_LOG_DEBUG);
        pt_logf(&log, PT_LOG_WARN, "%s", cases[i].in);
        ck_assert_str_eq(c.text, cases[i].out);
        ck_assert(valid_utf8((const unsigned char *)c.text, c.len));
    }
    struct capture c = {0};
    pt_log log = pt_log_make(on_log, &c, PT_LOG_DEBUG);
    pt_logf(&log, PT_LOG_WARN, "a%cb", 0);
    ck_assert_uint_eq(c.len, 3);
    ck_assert_str_eq(c.text, "a?b");
}
END_TEST

static Suite *log_suite(void)
{
    Suite *s = suite_create("log");
    TCase *tc = tcase_create("delivery");
    tcase_add_test(tc, callback_receives_level_message_userdata);
    tcase_add_test(tc, levels_above_max_are_dropped);
    tcase_add_test(tc, trace_compiles_in_only_with_debug_log);
    tcase_add_test(tc, nothing_happens_without_callback_or_level);
    suite_add_tcase(s, tc);

    tc = tcase_create("formatting");
    tcase_add_test(tc, long_lines_are_truncated);
    tcase_add_test(tc, truncation_keeps_utf8_whole);
    tcase_add_test(tc, invalid_utf8_and_nul_replaced);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return pt_test_run(log_suite());
}
