#!/bin/sh
# Installs the Debian packages latticedns builds and tests with, when missing.
# Used by `make deps`, and by `make check`/`make demo` on a fresh machine.
# Extra package names as arguments are installed too (make check-valgrind: valgrind;
# make fuzz: clang, whose libclang-common-*-dev carries libFuzzer).
# prometheus: promtool and the server that make check runs against the metrics endpoint.
# golang-go, sprig, yaml.v3 and python3-yaml: the Helm chart's render test (node and npm below).
# mandoc lints the man pages; git makes the clean export the packaging tests build in.
# --build as the first argument installs only what the build and the C unit tests need
# (packaging/build.sh, the container's build stage).
set -eu
BUILD="gcc make pkg-config libcurl4-openssl-dev libssl-dev libsqlite3-dev libcjson-dev
libyaml-dev libinih-dev libxml2-dev libmicrohttpd-dev libcmocka-dev ca-certificates"
build_only=""
if [ "${1:-}" = --build ]; then
	shift
	build_only=1
	PKGS="$BUILD $*"
else
	PKGS="$BUILD python3 openssl prometheus golang-go golang-github-masterminds-sprig-dev
golang-gopkg-yaml.v3-dev python3-yaml mandoc git $*"
fi
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
# node and npm run the AWS SDK for JavaScript check of awsim and the chart's schema check; any Node.js will do (a NodeSource
# nodejs bundles npm and conflicts with Debian's npm package), so they are asked for by command.
if [ -z "$build_only" ]; then
	command -v node >/dev/null 2>&1 || missing="$missing nodejs"
	command -v npm >/dev/null 2>&1 || missing="$missing npm"
fi
[ -z "$missing" ] && exit 0
echo "installing missing Debian packages:$missing"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
