#!/bin/sh
# fetch-runner.sh [CACHE_DIR]: build BoringSSL's BoGo test runner from Debian's source package,
# with Debian's own Go toolchain, into CACHE_DIR (default: $BOGO_CACHE, else tests/bogo/cache).
#
# Nothing comes from outside Debian: the runner's source is android-platform-external-boringssl
# (the package whose libcrypto patina links), fetched with `apt-get source` through a private apt
# state so the system's apt configuration is never touched; apt checks its hashes against the
# signed bookworm index and we check the tarball against the .dsc again after the download.  Go
# and golang.org/x/crypto are bookworm's packages, used in GOPATH mode with the module proxy off.
#
# The version built is the source version of the installed android-libboringssl-dev, so the
# runner matches the libcrypto we link (override: BOGO_RUNNER_VERSION).  The result is
#   CACHE_DIR/<version>/runner.test                    the runner (a `go test -c` binary)
#   CACHE_DIR/<version>/gopath/src/boringssl.googlesource.com/boringssl/ssl/test/runner
#                                                     its sources and certificate files
#   CACHE_DIR/current -> <version>                    what run.sh uses
# If CACHE_DIR/<version>/runner.test exists, nothing is done: CI keeps the cache between steps.
#
# Environment: BOGO_CACHE, BOGO_RUNNER_VERSION, BOGO_DEBIAN_MIRROR (default
# http://deb.debian.org/debian), BOGO_DEBIAN_SUITE (default bookworm), GO (default
# /usr/lib/go-1.19/bin/go).
set -eu

die() {
    echo "fetch-runner.sh: error: $*" >&2
    exit 1
}
note() { echo "fetch-runner.sh: $*"; }

cache=${1:-${BOGO_CACHE:-tests/bogo/cache}}
src_pkg=android-platform-external-boringssl
mirror=${BOGO_DEBIAN_MIRROR:-http://deb.debian.org/debian}
suite=${BOGO_DEBIAN_SUITE:-bookworm}
go=${GO:-/usr/lib/go-1.19/bin/go}
go_pkgs="golang-1.19-go golang-golang-x-crypto-dev"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg

if [ -n "${BOGO_RUNNER_VERSION:-}" ]; then
    version=$BOGO_RUNNER_VERSION
else
    version=$(dpkg-query -W -f '${source:Version}' android-libboringssl-dev 2>/dev/null) ||
        die "android-libboringssl-dev is not installed (it is patina's libcrypto; see README), " \
            "or set BOGO_RUNNER_VERSION"
    [ -n "$version" ] || die "cannot read the source version of android-libboringssl-dev"
fi
upstream=${version%-*}          # 13.0.0+r24-2 -> 13.0.0+r24
upstream=${upstream#*:}         # no epoch in file names

mkdir -p "$cache" || die "cannot create the cache directory $cache"
cache=$(cd "$cache" && pwd) || die "cannot enter $cache"
vdir=$cache/$version
runner=$vdir/runner.test
if [ -x "$runner" ]; then
    ln -sfn "$version" "$cache/current" || die "cannot update $cache/current"
    note "cached: $runner"
    exit 0
fi

# ---- 1. Go and golang.org/x/crypto from Debian
missing=""
for p in $go_pkgs; do
    dpkg-query -W -f '${db:Status-Status}' "$p" 2>/dev/null | grep -qx installed || missing="$missing $p"
done
if [ -n "$missing" ]; then
    [ "$(id -u)" = 0 ] || die "missing Debian packages:$missing; as root: apt-get install$missing"
    note "installing$missing"
    export DEBIAN_FRONTEND=noninteractive
    # shellcheck disable=SC2086
    if ! apt-get install -y --no-install-recommends $missing; then
        apt-get update || die "apt-get update failed"
        # shellcheck disable=SC2086
        apt-get install -y --no-install-recommends $missing || die "apt-get install$missing failed"
    fi
fi
[ -x "$go" ] || die "$go not found (package golang-1.19-go)"
[ -d /usr/share/gocode/src/golang.org/x/crypto/chacha20poly1305 ] ||
    die "golang.org/x/crypto not found under /usr/share/gocode (package golang-golang-x-crypto-dev)"

# ---- 2. the source package, through a private apt state
[ -r "$keyring" ] || die "$keyring not found (package debian-archive-keyring)"
apt_dir=$cache/apt
dl=$cache/dl
mkdir -p "$apt_dir/state/lists/partial" "$apt_dir/cache/archives/partial" "$apt_dir/sources.list.d" "$dl" ||
    die "cannot create $apt_dir"
cat > "$apt_dir/sources.list.d/bogo-src.sources" <<EOF || die "cannot write the private apt source"
Types: deb-src
URIs: $mirror
Suites: $suite
Components: main
Signed-By: $keyring
EOF
set -- -o "Dir::State=$apt_dir/state" -o "Dir::Cache=$apt_dir/cache" \
    -o Dir::Etc::sourcelist=/dev/null -o "Dir::Etc::sourceparts=$apt_dir/sources.list.d" \
    -o Debug::NoLocking=true
# As root apt downloads as user _apt, who may not be able to enter the cache directory.
[ "$(id -u)" != 0 ] || set -- "$@" -o APT::Sandbox::User=root

dsc=$dl/${src_pkg}_${version#*:}.dsc
if [ ! -f "$dsc" ]; then
    note "downloading $src_pkg $version from $mirror $suite"
    apt-get "$@" -q update || die "apt-get update (private state in $apt_dir) failed"
    (cd "$dl" && apt-get "$@" -q source --download-only "$src_pkg=$version") ||
        die "apt-get source --download-only $src_pkg=$version failed"
fi
[ -f "$dsc" ] || die "$dsc missing after the download"

# apt verified every file against the signed index; check the tarball against the .dsc as well,
# so a corrupted cache is caught too.
orig=$dl/${src_pkg}_${upstream}.orig.tar.xz
[ -f "$orig" ] || die "$orig missing after the download"
want=$(awk '/^Checksums-Sha256:/ { on = 1; next } /^[^ ]/ { on = 0 } on && $3 == f { print $1 }' \
    f="$(basename "$orig")" "$dsc")
[ -n "$want" ] || die "$dsc has no SHA-256 for $(basename "$orig")"
have=$(sha256sum "$orig" | awk '{ print $1 }')
[ "$have" = "$want" ] || die "SHA-256 mismatch for $orig: $have, the .dsc says $want"
note "sha256 ok: $(basename "$orig")"

# ---- 3. unpack what the runner needs, straight into a GOPATH layout
tmp=$vdir.tmp.$$
rm -rf "$tmp"
trap 'rm -rf "$tmp"' EXIT
tree=$tmp/gopath/src/boringssl.googlesource.com/boringssl
mkdir -p "$tree" || die "cannot create $tree"
top=${src_pkg}-${upstream}/src
tar -xJf "$orig" -C "$tree" --strip-components=2 "$top/ssl/test/runner" "$top/util/testresult" ||
    die "cannot unpack ssl/test/runner and util/testresult from $orig"

# ---- 4. build the runner: GOPATH mode, no network, every cache inside our directory
note "building the runner with $($go version)"
(
    cd "$tree/ssl/test/runner" &&
        env GO111MODULE=off GOPATH="$tmp/gopath:/usr/share/gocode" GOCACHE="$tmp/gocache" \
            GOFLAGS= GOENV=off GOPROXY=off GOTOOLCHAIN=local CGO_ENABLED=0 GOTMPDIR= HOME="$tmp" \
            "$go" test -c -o "$tmp/runner.test" .
) || die "go test -c in ssl/test/runner failed"
[ -x "$tmp/runner.test" ] || die "the go build left no runner binary"
rm -rf "$tmp/gocache"

rm -rf "$vdir"
mv "$tmp" "$vdir" || die "cannot move the build to $vdir"
trap - EXIT
ln -sfn "$version" "$cache/current" || die "cannot update $cache/current"
note "built $runner"
