#!/bin/sh
# Runs one family of tests and appends "family passed failed" to $B/test-results;
# `run.sh summary` prints the totals as the last line: "N passed, N failed".
#   run.sh unit BIN...       cmocka test binaries (each under $VALGRIND when it is set)
#   run.sh reference DIR     one line: the reference data found in DIR, or what is missing
#   run.sh sigv4 DIR         the AWS SigV4 suite (skipped when DIR is absent)
#   run.sh python DIR        Python unittest discovery in DIR
#   run.sh summary
set -u
B=${B:-build}
mkdir -p "$B/test-logs"
results=$B/test-results
kind=$1; shift

record() { echo "$1 $2 $3" >> "$results"; }

case "$kind" in
unit)
	for bin in "$@"; do
		name=$(basename "$bin")
		log=$B/test-logs/$name.log
		# shellcheck disable=SC2086
		${VALGRIND:-} "$bin" > "$log" 2>&1
		rc=$?
		p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
		f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
		# A crash or sanitizer report is a failure even if cmocka counted nothing.
		if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
		if [ "$f" -ne 0 ]; then cat "$log"; fi
		printf '%-28s %3d passed, %d failed\n' "$name" "$p" "$f"
		record "$name" "$p" "$f"
	done
	;;
reference)
	# The third-party data some tests read (tests/REFERENCE.md). Missing, those tests
	# are skipped, unless LATTICEDNS_REQUIRE_REFERENCE=1 (CI) makes it a failure.
	dir=$1
	missing=""
	[ -d "$dir/sigv4-testsuite/v4" ] || missing="$missing sigv4-testsuite/v4 (the AWS SigV4 test suite of aws-c-auth at 495329c2),"
	[ -d "$dir/aws-models" ] || missing="$missing aws-models (the botocore models at 0e6e2404),"
	missing=${missing%,}
	if [ -z "$missing" ]; then
		printf '%-28s %s\n' reference "$dir"
	elif [ "${LATTICEDNS_REQUIRE_REFERENCE:-}" = 1 ]; then
		printf '%-28s FAILED: missing in %s:%s; LATTICEDNS_REQUIRE_REFERENCE=1 needs them (tests/REFERENCE.md)\n' \
			reference "$dir" "$missing"
		record reference 0 1
	else
		printf '%-28s skipped: missing in %s:%s; see tests/REFERENCE.md or set LATTICEDNS_REFERENCE=DIR\n' \
			reference "$dir" "$missing"
	fi
	;;
sigv4)
	if [ ! -d "$1" ] && [ "${LATTICEDNS_REQUIRE_REFERENCE:-}" != 1 ]; then
		printf '%-28s skipped (no reference data)\n' "sigv4-suite"
		exit 0
	fi
	log=$B/test-logs/sigv4.log
	"$B/asan/tests/sigv4_suite" "$1" > "$log" 2>&1
	rc=$?
	line=$(grep '^sigv4 suite:' "$log" | tail -1)
	p=$(echo "$line" | sed -n 's/.*: \([0-9]*\) passed.*/\1/p'); p=${p:-0}
	f=$(echo "$line" | sed -n 's/.*, \([0-9]*\) failed.*/\1/p'); f=${f:-1}
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
	if [ "$f" -ne 0 ]; then cat "$log"; fi
	printf '%-28s %3d passed, %d failed\n' "sigv4-suite" "$p" "$f"
	record sigv4 "$p" "$f"
	;;
python)
	dir=$1
	name=$(echo "$dir" | tr '/' '-')
	if ! ls "$dir"/test_*.py >/dev/null 2>&1; then
		printf '%-28s no tests yet\n' "$dir"
		exit 0
	fi
	log=$B/test-logs/$name.log
	${PYTHON:-python3} -m unittest discover -s "$dir" -p 'test_*.py' > "$log" 2>&1
	rc=$?
	n=$(sed -n 's/^Ran \([0-9]*\) test.*/\1/p' "$log" | tail -1); n=${n:-0}
	fl=$(sed -n 's/^FAILED (\(.*\))/\1/p' "$log" | tr ',' '\n' | sed -n 's/.*\(failures\|errors\)=\([0-9]*\).*/\2/p' | awk '{s+=$1} END {print s+0}')
	sk=$(sed -n 's/.*skipped=\([0-9]*\).*/\1/p' "$log" | tail -1); sk=${sk:-0}
	p=$((n - fl - sk))
	if [ "$rc" -ne 0 ] && [ "$fl" -eq 0 ]; then fl=1; fi
	if [ "$fl" -ne 0 ]; then cat "$log"; fi
	printf '%-28s %3d passed, %d failed' "$dir" "$p" "$fl"
	[ "$sk" -ne 0 ] && printf ', %d skipped' "$sk"
	echo
	record "$name" "$p" "$fl"
	;;
summary)
	awk '{p+=$2; f+=$3} END {printf "%d passed, %d failed\n", p, f; exit (f > 0)}' "$results"
	;;
esac
