#!/bin/sh
# The image's build stage, runnable anywhere on Debian 12: install what is missing, build the
# hardened ./latticedns from this tree, run the C unit tests under ASan+UBSan, and check that
# the binary starts and names its version. packaging/Dockerfile calls it; so does the test that
# builds a clean `git archive` export (tests/packaging/test_export.py).
#   JOBS=N       parallel make jobs (default 2)
#   B=DIR        build directory (default build)
set -eu
cd "$(dirname "$0")/.."
JOBS=${JOBS:-2}
sh packaging/install-deps.sh --build
make --no-print-directory -j"$JOBS" _latticedns
# The unit tests only: the SigV4 suite needs the reference data, which is not part of the tree.
make --no-print-directory -j"$JOBS" _test-unit
./latticedns --version
