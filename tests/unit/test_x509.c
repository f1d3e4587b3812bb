#include "testlib/pttest.h"
START_TEST(builds) { ck_assert(1); }
END_TEST
int main(void)
{
    Suite *s = suite_create("x509");
    TCase *tc = tcase_create("x509");
    tcase_add_test(tc, builds);
    suite_add_tcase(s, tc);
    return pt_test_run(s);
}
