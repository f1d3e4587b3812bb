#!/bin/sh
# run.sh: run BoringSSL's BoGo runner (built by fetch-runner.sh) against tests/bogo/shim and
# print one line `N passed, N failed, N skipped`, the names of the failed tests above it.
# Exit status: 0 when nothing failed, 1 when a test failed, 2 when the run itself broke.
#
#   run.sh [--builddir DIR] [--cache DIR] [--shim PATH] [--config FILE] [-- RUNNER_FLAGS...]
#
# --builddir  patina's build directory (default .): the shim is DIR/tests/bogo/shim and the
#             results go to DIR/tests/bogo/ (results.json, runner.log)
# --cache     fetch-runner.sh's directory (default $BOGO_CACHE, else DIR/tests/bogo/cache)
# --shim      the shim (default DIR/tests/bogo/shim)
# --config    the shim configuration (default tests/bogo/config.json next to this script)
# Environment: BOGO_TEST (the runner's -test: ';'-separated glob patterns), BOGO_WORKERS
# (-num-workers, default one per CPU), BOGO_ARGS (more runner flags, split on blanks).
#
# "skipped" is the tests the shim reported unimplemented (exit status 89) plus those config.json
# disables.  The runner lists neither disabled tests nor their number, so a second, cheap run
# (-include-disabled, only the selected or disabled patterns) against a stub that reports
# everything unimplemented names them: disabled = that run's tests minus the real run's.
set -eu

die() {
    echo "run.sh: error: $*" >&2
    exit 2
}

here=$(cd "$(dirname "$0")" && pwd)
builddir=.
cache=""
shim=""
config=$here/config.json
while [ $# -gt 0 ]; do
    case "$1" in
        --builddir) builddir=$2; shift 2 ;;
        --cache) cache=$2; shift 2 ;;
        --shim) shim=$2; shift 2 ;;
        --config) config=$2; shift 2 ;;
        --) shift; break ;;
        *) die "unknown argument $1 (see the top of $0)" ;;
    esac
done
builddir=$(cd "$builddir" && pwd) || die "no build directory $builddir"
[ -n "$cache" ] || cache=${BOGO_CACHE:-$builddir/tests/bogo/cache}
[ -n "$shim" ] || shim=$builddir/tests/bogo/shim
out=$builddir/tests/bogo
# The runner runs in $out: make every path absolute.
abspath() { (cd "$(dirname "$1")" && printf '%s/%s\n' "$(pwd)" "$(basename "$1")") || die "no such path: $1"; }
cache=$(abspath "$cache")
shim=$(abspath "$shim")
config=$(abspath "$config")

runner=$cache/current/runner.test
resources=$cache/current/gopath/src/boringssl.googlesource.com/boringssl/ssl/test/runner
[ -x "$runner" ] || die "no runner at $runner: run tests/bogo/fetch-runner.sh $cache first"
[ -d "$resources" ] || die "no runner sources at $resources: rerun fetch-runner.sh"
[ -x "$shim" ] || die "no shim at $shim: make tests/bogo/shim"
[ -r "$config" ] || die "no shim configuration at $config"
perl -MJSON::PP -e 1 2>/dev/null || die "perl with JSON::PP is needed to read the results"
mkdir -p "$out" || die "cannot create $out"

results=$out/results.json
log=$out/runner.log
census_json=$out/census.json
census_log=$out/census.log
census_shim=$out/census-shim.sh
rm -f "$results" "$census_json"

set -- -shim-path "$shim" -shim-config "$config" -resource-dir "$resources" -allow-unimplemented -pipe \
    ${BOGO_WORKERS:+-num-workers "$BOGO_WORKERS"} "$@"
# shellcheck disable=SC2086
[ -z "${BOGO_ARGS:-}" ] || set -- "$@" $BOGO_ARGS

# The runner resolves nothing relative to its working directory but writes nothing either; run it
# in the output directory so a stray file lands there.
start=$(date +%s)
rc=0
(cd "$out" && "$runner" "$@" ${BOGO_TEST:+-test "$BOGO_TEST"} -json-output "$results") > "$log" 2>&1 || rc=$?
[ -s "$results" ] || { tail -n 20 "$log" >&2; die "the runner wrote no results (exit $rc); see $log"; }

# The census: which selected tests does config.json disable?  With BOGO_TEST it reruns that
# selection with disabled tests included; without, only the disabled patterns.
patterns=$(perl -MJSON::PP -0777 -ne '
    my $c = JSON::PP->new->decode($_);
    print join(";", sort keys %{ $c->{DisabledTests} || {} });' "$config") ||
    die "cannot read DisabledTests from $config"
select=${BOGO_TEST:-$patterns}
if [ -n "$patterns" ]; then
    # shellcheck disable=SC2016
    printf '#!/bin/sh\n[ "${1-}" = -is-handshaker-supported ] && { echo No; exit 0; }\nexit 89\n' \
        > "$census_shim" || die "cannot write $census_shim"
    chmod +x "$census_shim" || die "cannot make $census_shim executable"
    crc=0
    (cd "$out" && "$runner" -shim-path "$census_shim" -shim-config "$config" -resource-dir "$resources" \
        -allow-unimplemented -pipe -include-disabled -test "$select" -json-output "$census_json") \
        > "$census_log" 2>&1 || crc=$?
    if [ ! -s "$census_json" ] && ! grep -q '^No tests run' "$census_log"; then
        tail -n 20 "$census_log" >&2
        die "the census of disabled tests failed (exit $crc); see $census_log"
    fi
fi
end=$(date +%s)

# Chromium's JSON test results (BoringSSL's util/testresult): one entry per test that ran, with
# "actual" PASS, FAIL, or SKIP (unimplemented, under -allow-unimplemented).
summary=$(perl -MJSON::PP -e '
    sub load {
        my ($f) = @_;
        return {} unless -s $f;
        open(my $h, "<", $f) or die "$f: $!\n";
        local $/;
        my $r = JSON::PP->new->decode(<$h>);
        return $r->{tests} || {};
    }
    my ($main, $census) = (load($ARGV[0]), load($ARGV[1]));
    my ($pass, $fail, $unimpl) = (0, 0, 0);
    for my $name (sort keys %$main) {
        my $a = $main->{$name}{actual};
        if ($a eq "PASS") { $pass++ }
        elsif ($a eq "SKIP" && !$main->{$name}{is_unexpected}) { $unimpl++ }
        else { $fail++; print "FAILED $name\n" }
    }
    my $disabled = grep { !exists $main->{$_} } keys %$census;
    printf "%d passed, %d failed, %d skipped\n", $pass, $fail, $unimpl + $disabled;
    printf STDERR "run.sh: %d unimplemented, %d disabled by config.json\n", $unimpl, $disabled;
    exit($fail ? 1 : 0);
' "$results" "$census_json") && src=0 || src=$?
[ "$src" -le 1 ] || die "cannot read $results"
printf '%s\n' "$summary" | sed '$d'
echo "run.sh: runner log $log, results $results, $((end - start)) s" >&2
# The runner fails exactly when a test failed; any other disagreement means it broke.
if [ "$src" -eq 0 ] && [ "$rc" -ne 0 ]; then
    tail -n 20 "$log" >&2
    printf '%s\n' "$summary" | tail -n 1
    die "the runner exited $rc with no failed test; see $log"
fi
printf '%s\n' "$summary" | tail -n 1
exit "$src"
