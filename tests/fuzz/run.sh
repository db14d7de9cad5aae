#!/bin/sh
# Runs each fuzzer for SECONDS on its corpus; a crash, leak, sanitizer report or
# timeout fails the run and leaves the input in $B/fuzz/crash-NAME-*.
#   run.sh SECONDS NAME...
# New inputs go to $B/fuzz/work/NAME, never into tests/fuzz/corpus/NAME (kept small
# by hand: `fuzz_NAME -merge=1 tests/fuzz/corpus/NAME $B/fuzz/work/NAME` adds what is new).
set -u
B=${B:-build}
secs=$1; shift
failed=0
for name in "$@"; do
	work=$B/fuzz/work/$name
	log=$B/fuzz/$name.log
	mkdir -p "$work"
	"$B/fuzz/fuzz_$name" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
	    -artifact_prefix="$B/fuzz/crash-$name-" "$work" "tests/fuzz/corpus/$name" > "$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	cov=$(sed -n 's/.*cov: \([0-9]*\).*/\1/p' "$log" | tail -1)
	if [ "$rc" -ne 0 ]; then
		failed=$((failed + 1))
		tail -40 "$log"
		printf 'fuzz %-8s FAILED after %s runs (see %s)\n' "$name" "${runs:-?}" "$log"
	else
		printf 'fuzz %-8s %s runs in %s s, coverage %s, 0 crashes\n' "$name" "${runs:-?}" "$secs" "${cov:-?}"
	fi
done
[ "$failed" -eq 0 ]
