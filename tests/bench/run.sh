#!/bin/sh
# run.sh - `make bench`: run every bench program and print one table, patina beside BoringSSL's
# and OpenSSL's libssl, with the public-key and AEAD bounds from patina's provider.
#
#   run.sh [--builddir DIR] [--json FILE] [--time SECONDS] [--repeat N] [--passes N]
#          [--callgrind] [--smoke]
#
# Timed mode (default): --passes passes (default 3) over all programs in turn; in each, every
# row (tests/bench/bench.h) is the best of --repeat runs (default 2) of --time CPU seconds
# (default 0.3); the table keeps each row's best pass and shows the three libraries, the bound,
# and the ratios patina/bound, patina/BoringSSL, patina/OpenSSL.
# --callgrind: deterministic mode for a shared, noisy machine.  Instead of seconds it counts the
# instructions (callgrind's Ir) each side executes for one full TLS 1.3 handshake (ECDSA P-256,
# x25519) and for 1 MiB of AES-128-GCM application data in 16 KiB writes, after a warm-up
# iteration.  Same binary and inputs give the same count whatever else the machine runs.
# --smoke: every row once, untimed, and fail unless each program printed every row it should
# (tests/bench/smoke.sh, part of `make check`).  Figures from a smoke run mean nothing.
#
# Rows a library cannot be configured for print as n/a.  Bounds (see
# ../shared/reference/performance.md for the method): a side's handshake bound is
# 1 / sum(1/rate) over the public-key operations it must do (x25519 keygen and shared secret,
# plus one signature on the server, or three verifications on the client: CertificateVerify and
# the two chain signatures); a bulk row's bound is the provider's raw seal rate at that size.
set -eu

builddir=.
json=
time=0.3
repeat=2
passes=3
mode=timed
while [ $# -gt 0 ]; do
    case $1 in
    --builddir) builddir=$2; shift ;;
    --json) json=$2; shift ;;
    --time) time=$2; shift ;;
    --repeat) repeat=$2; shift ;;
    --passes) passes=$2; shift ;;
    --callgrind) mode=callgrind ;;
    --smoke) mode=smoke ;;
    *) echo "usage: $0 [--builddir DIR] [--json FILE] [--time S] [--repeat N] [--passes N] [--callgrind] [--smoke]" >&2; exit 2 ;;
    esac
    shift
done

bin=$builddir/tests/bench
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
: > "$tmp/results"

# The programs present (the libssl ones only when configure found that libssl), and the column
# each fills.
impls=
for p in floor patina boringssl openssl; do
    [ -x "$bin/bench-$p" ] && impls="$impls $p"
done
case $impls in *patina*) ;; *) echo "run.sh: $bin/bench-patina not built (make bench builds it)" >&2; exit 1 ;; esac

# Run through libtool so bench-patina finds the uninstalled libpatina.
run() { # impl args...
    impl=$1; shift
    "$builddir/libtool" --mode=execute "$bin/bench-$impl" "$@"
}

machine() {
    cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)
    ncpu=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?')
    os=$( (. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME") || uname -s)
    bssl=$(dpkg-query -W -f '${Version}' android-libboringssl 2>/dev/null || echo '?')
    ossl=$(pkg-config --modversion libssl 2>/dev/null || echo '?')
    printf 'cpu\t%s\nncpu\t%s\nos\t%s\nkernel\t%s\nboringssl\t%s\nopenssl\t%s\ndate\t%s\n' \
        "${cpu:-unknown}" "$ncpu" "$os" "$(uname -r)" "$bssl" "$ossl" "$(date -u +%Y-%m-%d)"
}
machine > "$tmp/machine"

if [ "$mode" = callgrind ]; then
    command -v valgrind >/dev/null 2>&1 || { echo "run.sh: --callgrind needs valgrind (apt-get install valgrind)" >&2; exit 1; }
    # row  workload(--only)  side
    cat > "$tmp/cgrows" <<'EOF'
cg.hs.tls13.ecdsa-p256.client hs.tls13.ecdsa-p256 client
cg.hs.tls13.ecdsa-p256.server hs.tls13.ecdsa-p256 server
cg.bulk.tls13.aes128gcm.16k.send bulk.tls13.aes128gcm.16k client
cg.bulk.tls13.aes128gcm.16k.recv bulk.tls13.aes128gcm.16k server
cg.floor.seal.aes128gcm.16k floor.seal.aes128gcm.16k client
cg.floor.open.aes128gcm.16k floor.open.aes128gcm.16k client
EOF
    for impl in $impls; do
        while read -r row only side; do
            case $row in cg.floor.*) [ "$impl" = floor ] || continue ;; *) [ "$impl" != floor ] || continue ;; esac
            out="$tmp/cg.$impl.$row"
            "$builddir/libtool" --mode=execute valgrind --tool=callgrind --collect-atstart=no \
                --callgrind-out-file="$out" "$bin/bench-$impl" --only "$only" --callgrind "$side" \
                >/dev/null 2>"$tmp/cg.err" || { cat "$tmp/cg.err" >&2; exit 1; }
            ir=$(sed -n 's/^\(totals\|summary\): *\([0-9][0-9]*\).*/\2/p' "$out" | head -n 1)
            [ -n "$ir" ] || { echo "run.sh: no instruction count in $out" >&2; exit 1; }
            # A side the workload never entered counts 0: such a row is not measured.
            [ "$ir" -gt 0 ] && printf '%s %s %s\n' "$impl" "$row" "$ir" >> "$tmp/results"
        done < "$tmp/cgrows"
    done
else
    args="--time $time --repeat $repeat"
    [ "$mode" = smoke ] && { args="--time 0 --repeat 1"; passes=1; }
    # Several passes over all programs, interleaved, and the best value of each row kept: a burst
    # of load from a neighbour then spoils one pass of one row, not the row.
    pass=0
    while [ "$pass" -lt "$passes" ]; do
        pass=$((pass + 1))
        for impl in $impls; do
            # shellcheck disable=SC2086
            run "$impl" $args > "$tmp/out.$impl" || { echo "run.sh: bench-$impl failed" >&2; exit 1; }
            sed "s/^/$impl /" "$tmp/out.$impl" >> "$tmp/all"
        done
    done
    # Best of the passes: the highest rate, the fewest bytes.
    awk '{ k = $1 " " $2
           if (!(k in v)) { order[++n] = k; v[k] = $3 }
           else if (($2 ~ /^mem\./) ? ($3 + 0 < v[k] + 0) : ($3 + 0 > v[k] + 0)) v[k] = $3 }
         END { for (i = 1; i <= n; i++) print order[i], v[order[i]] }' "$tmp/all" >> "$tmp/results"
fi

if [ "$mode" = smoke ]; then
    # Every program must print every row it can (n/a only for a suite BoringSSL cannot select),
    # each with a positive value; mem rows exactly when patina's heap tracking is on (it is off
    # in sanitizer builds).
    awk -v impls="$impls" '
        { v[$1 " " $2] = $3; if ($1 == "patina" && $2 ~ /^mem\./) mem = 1 }
        END {
            n = split(impls, im, " ")
            split("ecdsa-p256 rsa2048", keys, " "); split("aes128gcm aes256gcm chacha20", suites, " ")
            split("16k 1k", sizes, " "); split("client server", sides, " ")
            bad = 0
            for (i = 1; i <= n; i++) {
                impl = im[i]; c = 0
                if (impl == "floor") {
                    for (s = 1; s <= 3; s++) for (z = 1; z <= 2; z++) {
                        want[++c] = "floor.seal." suites[s] "." sizes[z]; want[++c] = "floor.open." suites[s] "." sizes[z]
                    }
                    split("x25519.keygen x25519.derive p256.sign p256.verify rsa2048.sign rsa2048.verify chain.ecdsa-p256.verify chain.rsa2048.verify", f, " ")
                    for (k = 1; k <= 8; k++) want[++c] = "floor." f[k]
                } else {
                    for (k = 1; k <= 2; k++) for (d = 1; d <= 2; d++) want[++c] = "hs.tls13." keys[k] "." sides[d]
                    for (s = 1; s <= 3; s++) for (z = 1; z <= 2; z++) {
                        if (impl == "boringssl" && suites[s] != "aes128gcm") continue
                        want[++c] = "bulk.tls13." suites[s] "." sizes[z] ".send"; want[++c] = "bulk.tls13." suites[s] "." sizes[z] ".recv"
                    }
                    if (mem) for (d = 1; d <= 2; d++) { want[++c] = "mem.idle." sides[d]; want[++c] = "mem.peak." sides[d] }
                }
                for (k = 1; k <= c; k++) {
                    key = impl " " want[k]
                    if (!(key in v) || v[key] + 0 <= 0) { printf "bench-%s: row %s missing or not positive\n", impl, want[k]; bad = 1 }
                }
                got = 0; for (key in v) if (index(key, impl " ") == 1) got++
                printf "bench-%s: %d rows\n", impl, got
            }
            exit bad
        }' "$tmp/results"
    exit $?
fi

# ---------------------------------------------------------------- the table (and JSON)
awk -v mode="$mode" -v json="$json" -v machinefile="$tmp/machine" '
function fmt(x, unit) {
    if (x == "") return "n/a"
    if (unit == "Ir") return sprintf("%.0f", x)
    if (x >= 100) return sprintf("%.0f", x)
    return sprintf("%.3g", x)
}
function ratio(a, b) { return (a == "" || b == "" || b + 0 == 0) ? "" : a / b }
function rfmt(r) { return r == "" ? "-" : sprintf("%.2f", r) }
function jnum(x) { return x == "" ? "null" : sprintf("%.6g", x) }
function jstr(s) { gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s); return "\"" s "\"" }
function unit_of(r) {
    if (r ~ /^cg\./) return "Ir"
    if (r ~ /^hs\./) return "hs/s"
    if (r ~ /^(bulk|floor\.(seal|open))\./) return "MB/s"
    if (r ~ /^mem\./) return "bytes"
    return "ops/s"
}
function inv(x) { return x + 0 > 0 ? 1 / x : "" }
# 1 / sum(n_i / rate_i) over the operations; "" if a rate is missing.
function bound3(r1, r2, r3, n3) { return (r1 == "" || r2 == "" || r3 == "") ? "" : 1 / (1 / r1 + 1 / r2 + n3 / r3) }
BEGIN { while ((getline line < machinefile) > 0) { split(line, kv, "\t"); mach[kv[1]] = kv[2]; morder[++nm] = kv[1] } }
{
    impl = $1; row = $2; val[impl, row] = $3
    r = row; if (impl == "floor") floor[row] = $3
    if (!(r in seen)) { seen[r] = 1; rows[++n] = r }
}
END {
    kg = floor["floor.x25519.keygen"]; dv = floor["floor.x25519.derive"]
    bound["hs.tls13.ecdsa-p256.server"] = bound3(kg, dv, floor["floor.p256.sign"], 1)
    bound["hs.tls13.ecdsa-p256.client"] = bound3(kg, dv, floor["floor.p256.verify"], 3)
    bound["hs.tls13.rsa2048.server"] = bound3(kg, dv, floor["floor.rsa2048.sign"], 1)
    bound["hs.tls13.rsa2048.client"] = bound3(kg, dv, floor["floor.rsa2048.verify"], 3)
    for (i = 1; i <= n; i++) {
        r = rows[i]
        if (r ~ /^bulk\./) { split(r, p, "."); bound[r] = floor["floor.seal." p[3] "." p[4]] }
        if (r ~ /^cg\.bulk\./) { split(r, p, "."); bound[r] = val["floor", "cg.floor.seal." p[4] "." p[5]] }
        if (r == "mem.idle.client" || r == "mem.idle.server") bound[r] = 8192
    }
    if (mode == "callgrind") {
        print "patina bench, deterministic mode: instructions (callgrind Ir) per side, lower is better"
        print "(one full TLS 1.3 handshake, ECDSA P-256 + x25519; 1 MiB of AES-128-GCM data in 16 KiB writes)"
    } else {
        print "patina bench: client and server in one thread over memory, each side'"'"'s CPU time; best of runs"
    }
    printf "machine: %s, %s CPUs, %s, kernel %s; BoringSSL %s, OpenSSL %s; %s\n\n", mach["cpu"], mach["ncpu"], mach["os"], mach["kernel"], mach["boringssl"], mach["openssl"], mach["date"]
    hdr = sprintf("%-34s %7s %10s %10s %10s %10s %8s %8s %8s", "row", "unit", "patina", "BoringSSL", "OpenSSL", "bound", "p/bound", "p/BSSL", "p/OSSL")
    print hdr; gsub(/./, "-", hdr); print hdr
    if (json != "") {
        printf "{\n  \"mode\": %s,\n  \"machine\": {", jstr(mode) > json
        for (k = 1; k <= nm; k++) printf "%s%s: %s", (k > 1 ? ", " : ""), jstr(morder[k]), jstr(mach[morder[k]]) > json
        printf "},\n  \"rows\": [" > json
    }
    nj = 0
    for (i = 1; i <= n; i++) {
        r = rows[i]; u = unit_of(r)
        if (r ~ /^(floor|cg\.floor)\./) continue
        pv = val["patina", r]; bv = val["boringssl", r]; ov = val["openssl", r]; bd = bound[r]
        printf "%-34s %7s %10s %10s %10s %10s %8s %8s %8s\n", r, u, fmt(pv, u), fmt(bv, u), fmt(ov, u), (bd == "" ? "-" : fmt(bd, u)), rfmt(ratio(pv, bd)), rfmt(ratio(pv, bv)), rfmt(ratio(pv, ov))
        if (json != "") printf "%s\n    {\"row\": %s, \"unit\": %s, \"patina\": %s, \"boringssl\": %s, \"openssl\": %s, \"bound\": %s, \"patina_over_bound\": %s, \"patina_over_boringssl\": %s, \"patina_over_openssl\": %s}", (nj++ ? "," : ""), jstr(r), jstr(u), jnum(pv), jnum(bv), jnum(ov), jnum(bd), jnum(ratio(pv, bd)), jnum(ratio(pv, bv)), jnum(ratio(pv, ov)) > json
    }
    first = 1
    for (i = 1; i <= n; i++) {
        r = rows[i]; u = unit_of(r)
        if (r !~ /^(floor|cg\.floor)\./) continue
        if (first) { printf "\nfloor: patina'"'"'s provider (BoringSSL libcrypto), raw\n"; first = 0 }
        printf "%-34s %7s %10s\n", r, u, fmt(val["floor", r], u)
        if (json != "") printf "%s\n    {\"row\": %s, \"unit\": %s, \"floor\": %s}", (nj++ ? "," : ""), jstr(r), jstr(u), jnum(val["floor", r]) > json
    }
    if (json != "") printf "\n  ]\n}\n" > json
    print ""
    if (mode == "callgrind") print "Ratios: patina / other (below 1: patina executes fewer instructions); bound = the raw seal of the same data."
    else print "Ratios: patina / other (rates: above 1 is faster; bytes: below 1 is smaller). Handshake bound: the public-key operations alone on this libcrypto; bulk bound: the raw AEAD seal; mem.idle bound: the 8 KiB target."
}' "$tmp/results"
