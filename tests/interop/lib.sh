# lib.sh - sourced by the interop scripts: skip without openssl, a scratch directory, background
# processes that are always killed, time limits, and the pass/fail tally.
#
# The scripts get OPENSSL, top_srcdir and top_builddir from `make check` (AM_TESTS_ENVIRONMENT);
# run by hand they fall back to `openssl` on PATH and the current directory.

: "${top_srcdir:=.}"
: "${top_builddir:=.}"
if [ -z "${OPENSSL:-}" ] || [ "$OPENSSL" = no ]; then
    OPENSSL=$(command -v openssl 2>/dev/null)
fi
if [ -z "$OPENSSL" ] || ! "$OPENSSL" version >/dev/null 2>&1; then
    echo "SKIP: no openssl command line tool"
    exit 77
fi
if ! "$OPENSSL" s_server -help 2>&1 | grep -q -e '-tls1_3'; then
    echo "SKIP: $OPENSSL has no TLS 1.3"
    exit 77
fi

DATA=$top_srcdir/tests/data
TLSCLIENT=$top_builddir/examples/tlsclient
TLSSERVER=$top_builddir/examples/tlsserver
# need PROGRAM...: fail at once unless each example program is built.
need() {
    for _p in "$@"; do
        if [ ! -x "$_p" ]; then
            echo "FAIL: $_p is not built"
            exit 1
        fi
    done
}

# The TLS 1.3 suites: OpenSSL's names (rustls's are the same with TLS13_ for TLS_).
SUITES="TLS_AES_128_GCM_SHA256 TLS_AES_256_GCM_SHA384 TLS_CHACHA20_POLY1305_SHA256"
KEYTYPES="rsa2048 ecdsa-p256 ecdsa-p384 ed25519"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/patina-interop.XXXXXX") || exit 1
BG_PIDS=
cleanup() {
    for pid in $BG_PIDS; do
        kill "$pid" 2>/dev/null
    done
    for pid in $BG_PIDS; do
        wait "$pid" 2>/dev/null
    done
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

# tmo SECONDS COMMAND...: run COMMAND with a time limit.
if command -v timeout >/dev/null 2>&1; then
    tmo() { timeout "$@"; }
else
    tmo() { shift; "$@"; }
fi

# bg OUTFILE COMMAND...: start COMMAND in the background (stdout and stderr to OUTFILE, stdin
# from /dev/null) and remember it for cleanup; its pid is in $BG_PID.
bg() {
    _out=$1
    shift
    "$@" </dev/null >"$_out" 2>&1 &
    BG_PID=$!
    BG_PIDS="$BG_PIDS $BG_PID"
}

# wait_port PID FILE SED_SCRIPT: wait up to 10 s for SED_SCRIPT to print the port from FILE; the
# port goes to $PORT.  Fails when the process exits first or the time is up.
wait_port() {
    PORT=
    _i=0
    while [ $_i -lt 100 ]; do
        PORT=$(sed -n "$3" "$2" 2>/dev/null | head -n 1)
        [ -n "$PORT" ] && return 0
        kill -0 "$1" 2>/dev/null || return 1
        sleep 0.1
        _i=$((_i + 1))
    done
    return 1
}

# wait_exit PID SECONDS: wait for PID to exit (killing it after SECONDS); returns its status.
wait_exit() {
    _i=0
    while kill -0 "$1" 2>/dev/null && [ $_i -lt $(($2 * 10)) ]; do
        sleep 0.1
        _i=$((_i + 1))
    done
    kill "$1" 2>/dev/null
    wait "$1"
}

# Known bugs of the library that these checks expose, until the code is fixed (none now).  A
# check tied to a listed bug reports XFAIL instead of failing, and FAILS (as XPASS) once it
# passes, so that the entry is dropped as soon as the fix lands.  PATINA_KNOWN_BUGS overrides.
KNOWN_BUGS=${PATINA_KNOWN_BUGS-""}

FAILS=0
CHECKS=0
pass() {
    CHECKS=$((CHECKS + 1))
    echo "ok: $*"
}
fail() {
    CHECKS=$((CHECKS + 1))
    FAILS=$((FAILS + 1))
    echo "FAIL: $*"
}
known() {
    case " $KNOWN_BUGS " in
    *" $1 "*) return 0 ;;
    esac
    return 1
}
# pass_bug BUG MESSAGE / fail_bug BUG MESSAGE: the outcome of a check that bug BUG breaks.
pass_bug() {
    _b=$1
    shift
    if known "$_b"; then
        fail "XPASS: $* (known bug '$_b' is fixed: drop it from KNOWN_BUGS in tests/interop/lib.sh)"
    else
        pass "$*"
    fi
}
fail_bug() {
    _b=$1
    shift
    if known "$_b"; then
        CHECKS=$((CHECKS + 1))
        echo "XFAIL: $* (known bug '$_b')"
    else
        fail "$*"
    fi
}
# show FILE...: print files into the log after a failure.
show() {
    for _f in "$@"; do
        echo "---- $_f"
        cat "$_f"
    done
    echo "----"
}
# expect FILE PATTERN WHAT: pass when grep finds PATTERN (a basic regular expression) in FILE.
expect() {
    if grep -q -e "$2" "$1"; then
        return 0
    fi
    echo "  missing /$2/ in $(basename "$1") ($3)"
    return 1
}
finish() {
    echo "$CHECKS checks, $FAILS failed"
    [ $FAILS -eq 0 ] && [ $CHECKS -gt 0 ]
}
