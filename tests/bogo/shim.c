/*
 * PLACEHOLDER BoGo shim, to be replaced by the real one (tests/bogo/shim.c from the bogoshim
 * branch) at merge.  It lets `make bogo` run end to end before that shim exists: it answers the
 * runner's split-handshake probe and reports every test as unimplemented (exit status 89, see
 * BoringSSL's ssl/test/PORTING.md), so the suite reports 0 passed, 0 failed, all skipped.
 */
#include <stdio.h>
#include <string.h>

#include <rustls.h>

int main(int argc, char **argv)
{
    /* The runner asks once whether the shim can hand a handshake over to another process
     * (split handshakes); patina cannot, and any answer but "No" or "Yes" aborts the run. */
    if (argc == 2 && strcmp(argv[1], "-is-handshaker-supported") == 0) {
        printf("No\n");
        return 0;
    }
    /* Reference the library so the link against libpatina.la is real, not vacuous. */
    rustls_str v = rustls_version();
    (void)v;
    return 89;
}
