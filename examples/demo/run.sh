#!/bin/sh
# make demo: the controller against the bundled AWS emulator - plan, apply, converge.
set -eu
cd "$(dirname "$0")/../.."
exec "${PYTHON:-python3}" examples/demo/demo.py --bin "${LATTICEDNS_BIN:-./latticedns}" "$@"
