/* pttest.c - see pttest.h. */
#include "pttest.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static int nibble(int c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    c = tolower(c);
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    return -1;
}

uint8_t *pt_test_unhex(const char *hex, size_t *len)
{
    size_t n = strlen(hex);
    uint8_t *out = malloc(n / 2 + 1);
    ck_assert_ptr_nonnull(out);
    size_t o = 0;
    int hi = -1;
    for (size_t i = 0; i < n; i++) {
        if (isspace((unsigned char)hex[i]) || hex[i] == ':') {
            continue;
        }
        int v = nibble((unsigned char)hex[i]);
        ck_assert_msg(v >= 0, "bad hex digit '%c'", hex[i]);
        if (hi < 0) {
            hi = v;
        } else {
            out[o++] = (uint8_t)(hi << 4 | v);
            hi = -1;
        }
    }
    ck_assert_msg(hi < 0, "odd number of hex digits");
    *len = o;
    return out;
}

static uint8_t hx_arena[64 * 1024];
static size_t hx_used;

pt_slice pt_test_hx(const char *hex)
{
    size_t len;
    uint8_t *tmp = pt_test_unhex(hex, &len);
    ck_assert_uint_le(len, sizeof(hx_arena) - hx_used);
    uint8_t *p = hx_arena + hx_used;
    if (len > 0) {
        memcpy(p, tmp, len);
    }
    hx_used += len;
    free(tmp);
    return pt_slice_of(p, len);
}

void pt_test_hx_reset(void)
{
    hx_used = 0;
}

uint8_t *pt_test_hs_load(const char *hex, uint8_t type, size_t *len, pt_slice *body)
{
    uint8_t *m = pt_test_unhex(hex, len);
    ck_assert_uint_ge(*len, 4);
    ck_assert_uint_eq(m[0], type);
    ck_assert_uint_eq(((size_t)m[1] << 16) | ((size_t)m[2] << 8) | m[3], *len - 4);
    *body = pt_slice_of(m + 4, *len - 4);
    return m;
}

size_t pt_test_bit_flips(pt_slice body, bool (*check)(void *ctx, pt_slice flipped, size_t bit), void *ctx)
{
    size_t accepted = 0;
    uint8_t *p = malloc(body.len > 0 ? body.len : 1);
    ck_assert_ptr_nonnull(p);
    for (size_t bit = 0; bit < body.len * 8; bit++) {
        memcpy(p, body.p, body.len);
        p[bit / 8] ^= (uint8_t)(1u << (bit % 8));
        accepted += check(ctx, pt_slice_of(p, body.len), bit);
    }
    free(p);
    return accepted;
}

const char *pt_test_data_path(const char *name)
{
    static char path[4096];
    const char *dir = getenv("PT_TEST_DATA_DIR");
    if (dir == NULL) {
        dir = PT_TEST_DATA_DIR;
    }
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    return path;
}

uint8_t *pt_test_read_data(const char *name, size_t *len)
{
    const char *path = pt_test_data_path(name);
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    ck_assert_int_ge(n, 0);
    uint8_t *buf = malloc((size_t)n + 1);
    ck_assert_ptr_nonnull(buf);
    ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    buf[n] = 0;
    *len = (size_t)n;
    return buf;
}

int pt_test_run(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
