/* bench_patina.c - placeholder until written (branch only) */
#include "config.h"
#include "bench.h"
int main(int argc, char **argv)
{
    struct bench_opts o;
    if (bench_parse_args(argc, argv, &o) != 0)
        return 2;
    return 0;
}
