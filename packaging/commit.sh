#!/bin/sh
# Prints the commit this tree was built from, for `latticedns --version`:
# $LATTICEDNS_COMMIT when set, else git in a checkout (with "-dirty" when files differ from it), else from the
# COMMIT file that `git archive` fills in (export-subst), else "unknown".
cd "$(dirname "$0")/.." || exit 0
# Given by whoever builds without .git (the container build: --build-arg LATTICEDNS_COMMIT).
if [ -n "${LATTICEDNS_COMMIT:-}" ]; then
	echo "$LATTICEDNS_COMMIT" | tr -cd '0-9a-zA-Z.-' | cut -c1-40
	exit 0
fi
# Only this tree's own repository counts: an export unpacked inside another checkout is not it.
top=$(git rev-parse --show-toplevel 2>/dev/null)
if [ "$top" = "$(pwd -P)" ] && c=$(git rev-parse --short=12 HEAD 2>/dev/null) && [ -n "$c" ]; then
	git diff --quiet HEAD -- 2>/dev/null || c="$c-dirty"
	echo "$c"
	exit 0
fi
c=$(cut -c1-12 COMMIT 2>/dev/null)
case "$c" in
''|*Format*) echo unknown ;;
*) echo "$c" ;;
esac
