# latticedns - build, test and demo. `make help` lists the targets.

CC      ?= cc
PKGS    := libcurl openssl sqlite3 libcjson yaml-0.1 inih libxml-2.0 libmicrohttpd
SHARED  ?= ../shared
# Third-party reference data the SigV4 suite and awsim's model tests read (tests/REFERENCE.md).
# Without it they are skipped; LATTICEDNS_REQUIRE_REFERENCE=1 (.ci/run) makes that a failure.
LATTICEDNS_REFERENCE ?= $(SHARED)/reference
override LATTICEDNS_REFERENCE := $(abspath $(LATTICEDNS_REFERENCE))
export LATTICEDNS_REFERENCE
SIGV4_SUITE := $(LATTICEDNS_REFERENCE)/sigv4-testsuite/v4
# Build directory: concurrent builds in one tree use their own (make B=build-x check).
B       ?= build
export B
PYTHON  ?= python3

# pkg-config is asked only when it exists, so `make deps` works on a bare machine.
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CMOCKA_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null)

WARN    := -std=c11 -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wvla -Wno-missing-field-initializers
DEFS    := -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
VERSION := $(shell cat VERSION 2>/dev/null || echo 0.0.0)
COMMON  := $(WARN) $(DEFS) -DLAT_VERSION='"$(VERSION)"' -I. -I$(B)/gen $(PKG_CFLAGS) -MMD -MP -pthread
# The commit the binary is built from: git when this is a checkout, else the COMMIT file,
# which `git archive` fills in (export-subst in .gitattributes), else "unknown".
COMMIT  := $(shell sh packaging/commit.sh)

# Release: hardened (FORTIFY, stack protector, PIE, full RELRO).
REL_CFLAGS  := $(COMMON) -O2 -g -D_FORTIFY_SOURCE=2 -fstack-protector-strong -fPIE
REL_LDFLAGS := -pie -Wl,-z,relro,-z,now -pthread
# Tests: AddressSanitizer + UndefinedBehaviorSanitizer, any report fails the run.
ASAN_CFLAGS  := $(COMMON) -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all \
                -fno-omit-frame-pointer -fstack-protector-strong -DLAT_TESTING
ASAN_LDFLAGS := -fsanitize=address,undefined -pthread
# Valgrind: the same tests without sanitizers (the two cannot share a process).
VG_CFLAGS := $(COMMON) -O1 -g -fno-omit-frame-pointer -DLAT_TESTING
VALGRIND  := valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
             --show-leak-kinds=definite,indirect --track-origins=yes

LIB_SRCS  := $(filter-out controller/main.c,$(wildcard common/*.c providers/aws/*.c state/*.c controller/*.c))
MAIN_SRC  := controller/main.c
TEST_SRCS := $(wildcard tests/unit/test_*.c)
TEST_HELP := $(wildcard tests/unit/helper_*.c)

REL_OBJS  := $(LIB_SRCS:%.c=$(B)/rel/%.o)
ASAN_OBJS := $(LIB_SRCS:%.c=$(B)/asan/%.o)
VG_OBJS   := $(LIB_SRCS:%.c=$(B)/vg/%.o)
VG_BINS   := $(TEST_SRCS:tests/unit/%.c=$(B)/vg/tests/%)
TEST_BINS := $(TEST_SRCS:tests/unit/%.c=$(B)/asan/tests/%)
TEST_HELP_OBJS := $(TEST_HELP:%.c=$(B)/asan/%.o)
VG_HELP_OBJS   := $(TEST_HELP:%.c=$(B)/vg/%.o)

# Install layout (make install PREFIX=/usr DESTDIR=/tmp/stage): the paths inside the
# installed files are PREFIX's; DESTDIR only stages them.
PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share/latticedns
DOCDIR  ?= $(PREFIX)/share/doc/latticedns
UNITDIR ?= $(PREFIX)/lib/systemd/system
SYSCONFDIR ?= /etc
DOCS    := README.md CHANGELOG.md LICENSE NOTICE docs/MIGRATION.md docs/ARCHITECTURE.md

.PHONY: install uninstall _install FORCE
.PHONY: all latticedns deps check check-asan check-valgrind _check-valgrind test-sigv4 test-unit test-awsim test-e2e demo bench \
        fuzz _fuzz \
        clean help _latticedns _check _check-asan _test-unit _test-sigv4 _test-awsim \
        _test-e2e _demo _bench

# The public targets first install missing Debian packages, then re-enter make so
# that pkg-config's flags are read with the packages in place.
all latticedns: deps
	@$(MAKE) --no-print-directory _latticedns

help:
	@echo "make            build ./latticedns (hardened release build)"
	@echo "make deps       install the missing Debian packages"
	@echo "make demo       run the controller against the bundled AWS emulator: plan, apply, converge"
	@echo "make check      every test (C under ASan+UBSan, SigV4 suite, emulator, end to end)"
	@echo "make check-asan the C tests only, under ASan+UBSan"
	@echo "make check-valgrind the C tests and the SigV4 suite under valgrind (installs it)"
	@echo "make test-sigv4 the AWS SigV4 test suite from $(LATTICEDNS_REFERENCE)"
	@echo "make bench      the reconcile benchmark (prints figures); BENCH=org: 1,000 accounts, 20,000 services, 50 ms a call"
	@echo "make install    the binary, man pages, systemd unit, examples and docs (PREFIX=/usr/local, DESTDIR=)"
	@echo "make uninstall  removes them (not the configuration, not the state)"
	@echo "make fuzz       the parsers under libFuzzer, $(FUZZ_TIME) s each (LATTICEDNS_SLOW=1: $(FUZZ_SLOW_TIME) s; installs clang)"

deps:
	@sh packaging/install-deps.sh

check-valgrind:
	@sh packaging/install-deps.sh valgrind
	@$(MAKE) --no-print-directory _check-valgrind

fuzz:
	@sh packaging/install-deps.sh clang
	@$(MAKE) --no-print-directory _fuzz

check check-asan test-unit test-sigv4 test-awsim test-e2e demo bench: deps
	@$(MAKE) --no-print-directory _$@

# Rewritten only when the commit changes, so a rebuild recompiles only the files that print it.
$(B)/gen/commit.h: FORCE
	@mkdir -p $(dir $@)
	@echo '#define LAT_COMMIT "$(COMMIT)"' > $@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi
COMMIT_USERS := controller/main.o controller/daemon.o
$(foreach v,rel asan vg fuzz,$(COMMIT_USERS:%=$(B)/$(v)/%)): $(B)/gen/commit.h
FORCE:

_latticedns: $(B)/rel/latticedns
	@cp $(B)/rel/latticedns latticedns

$(B)/rel/latticedns: $(B)/rel/$(MAIN_SRC:.c=.o) $(B)/rel/liblat.a
	$(CC) -o $@ $^ $(REL_LDFLAGS) $(PKG_LIBS)

$(B)/asan/latticedns: $(B)/asan/$(MAIN_SRC:.c=.o) $(B)/asan/liblat.a
	$(CC) -o $@ $^ $(ASAN_LDFLAGS) $(PKG_LIBS)

$(B)/rel/liblat.a: $(REL_OBJS)
	@rm -f $@; ar rcs $@ $^

$(B)/asan/liblat.a: $(ASAN_OBJS)
	@rm -f $@; ar rcs $@ $^

$(B)/rel/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(REL_CFLAGS) -c -o $@ $<

$(B)/asan/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ASAN_CFLAGS) -c -o $@ $<

$(B)/vg/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(VG_CFLAGS) -c -o $@ $<

$(B)/vg/liblat.a: $(VG_OBJS)
	@rm -f $@; ar rcs $@ $^

$(B)/vg/tests/sigv4_suite: $(B)/vg/tests/sigv4/suite.o $(B)/vg/liblat.a
	@mkdir -p $(dir $@)
	$(CC) -o $@ $^ -pthread $(PKG_LIBS)

$(B)/vg/tests/%: $(B)/vg/tests/unit/%.o $(VG_HELP_OBJS) $(B)/vg/liblat.a
	@mkdir -p $(dir $@)
	$(CC) -o $@ $^ -pthread $(PKG_LIBS) $(CMOCKA_LIBS)

# The SigV4 suite runner reads the vectors from $(SHARED) at test time.
$(B)/asan/tests/sigv4_suite: $(B)/asan/tests/sigv4/suite.o $(B)/asan/liblat.a
	@mkdir -p $(dir $@)
	$(CC) -o $@ $^ $(ASAN_LDFLAGS) $(PKG_LIBS)

# The transport against awsim (tests/integration/).
$(B)/asan/tests/awsprobe: $(B)/asan/tests/integration/awsprobe.o $(B)/asan/liblat.a
	@mkdir -p $(dir $@)
	$(CC) -o $@ $^ $(ASAN_LDFLAGS) $(PKG_LIBS)

$(B)/asan/tests/%: $(B)/asan/tests/unit/%.o $(TEST_HELP_OBJS) $(B)/asan/liblat.a
	@mkdir -p $(dir $@)
	$(CC) -o $@ $^ $(ASAN_LDFLAGS) $(PKG_LIBS) $(CMOCKA_LIBS)

# Fuzzing: clang's libFuzzer with ASan+UBSan; the library is built again with clang.
# Not part of `make check`: a fuzzer's run is bounded by time, not by a verdict.
CLANG          ?= clang
FUZZERS        := config aws awserr profile
FUZZ_TIME      ?= 15
FUZZ_SLOW_TIME ?= 300
FUZZ_CFLAGS := $(WARN) $(DEFS) -DLAT_VERSION='"$(VERSION)"' -I. -I$(B)/gen $(PKG_CFLAGS) -MMD -MP -pthread -O1 -g \
               -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer \
               -DLAT_TESTING
FUZZ_OBJS := $(LIB_SRCS:%.c=$(B)/fuzz/%.o)
FUZZ_BINS := $(FUZZERS:%=$(B)/fuzz/fuzz_%)

$(B)/fuzz/%.o: %.c
	@mkdir -p $(dir $@)
	$(CLANG) $(FUZZ_CFLAGS) -c -o $@ $<

$(B)/fuzz/liblat.a: $(FUZZ_OBJS)
	@rm -f $@; ar rcs $@ $^

$(B)/fuzz/fuzz_%: $(B)/fuzz/tests/fuzz/fuzz_%.o $(B)/fuzz/tests/fuzz/fuzz_answers.o $(B)/fuzz/liblat.a
	$(CLANG) -fsanitize=fuzzer,address,undefined -o $@ $^ -pthread $(PKG_LIBS)

_fuzz: $(FUZZ_BINS)
	@sh tests/fuzz/run.sh $(if $(filter 1,$(LATTICEDNS_SLOW)),$(FUZZ_SLOW_TIME),$(FUZZ_TIME)) $(FUZZERS)

# --- tests -------------------------------------------------------------------
# Each step appends its counts to $(B)/test-results; the last line of `make check`
# is the sum, "N passed, N failed".
_check: _latticedns $(B)/asan/latticedns $(B)/asan/tests/sigv4_suite $(B)/asan/tests/awsprobe $(TEST_BINS)
	@rm -f $(B)/test-results
	@sh tests/run.sh reference $(LATTICEDNS_REFERENCE)
	@sh tests/run.sh unit $(TEST_BINS)
	@sh tests/run.sh sigv4 $(SIGV4_SUITE)
	@sh tests/run.sh python tests/awsim
	@LATTICEDNS_AWSPROBE=$(CURDIR)/$(B)/asan/tests/awsprobe sh tests/run.sh python tests/integration
	@LATTICEDNS_BIN=$(CURDIR)/$(B)/asan/latticedns sh tests/run.sh python tests/e2e
	@LATTICEDNS_BIN=$(CURDIR)/$(B)/asan/latticedns sh tests/run.sh python tests/packaging
	@sh tests/run.sh summary

_check-asan: $(B)/asan/tests/sigv4_suite $(TEST_BINS)
	@rm -f $(B)/test-results
	@sh tests/run.sh reference $(LATTICEDNS_REFERENCE)
	@sh tests/run.sh unit $(TEST_BINS)
	@sh tests/run.sh sigv4 $(SIGV4_SUITE)
	@sh tests/run.sh summary

# Each binary under valgrind; any error or definite leak fails (exit 99).
_check-valgrind: $(VG_BINS) $(B)/vg/tests/sigv4_suite
	@rm -f $(B)/test-results
	@VALGRIND="$(VALGRIND)" sh tests/run.sh unit $(VG_BINS)
	@$(VALGRIND) $(B)/vg/tests/sigv4_suite $(SIGV4_SUITE)
	@sh tests/run.sh summary

_test-unit: $(TEST_BINS)
	@rm -f $(B)/test-results
	@sh tests/run.sh unit $(TEST_BINS)
	@sh tests/run.sh summary

_test-sigv4: $(B)/asan/tests/sigv4_suite
	@$(B)/asan/tests/sigv4_suite $(SIGV4_SUITE)

_test-awsim: $(B)/asan/tests/awsprobe
	@rm -f $(B)/test-results
	@sh tests/run.sh python tests/awsim
	@LATTICEDNS_AWSPROBE=$(CURDIR)/$(B)/asan/tests/awsprobe sh tests/run.sh python tests/integration
	@sh tests/run.sh summary

_test-e2e: $(B)/asan/latticedns
	@rm -f $(B)/test-results
	@LATTICEDNS_BIN=$(CURDIR)/$(B)/asan/latticedns sh tests/run.sh python tests/e2e
	@sh tests/run.sh summary

_demo: _latticedns
	@sh examples/demo/run.sh

_bench: _latticedns
	@$(PYTHON) tests/bench/bench.py --bin ./latticedns $(if $(BENCH),--profile $(BENCH)) $(BENCH_ARGS)

install: all
	@$(MAKE) --no-print-directory _install

# The unit is rewritten to name the installed binary and config; no other file changes.
_install:
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(MANDIR)/man5 \
	    $(DESTDIR)$(DATADIR) $(DESTDIR)$(DOCDIR) $(DESTDIR)$(UNITDIR)
	install -m 0755 latticedns $(DESTDIR)$(BINDIR)/latticedns
	install -m 0644 docs/man/latticedns.8 $(DESTDIR)$(MANDIR)/man8/latticedns.8
	install -m 0644 docs/man/latticedns.yaml.5 $(DESTDIR)$(MANDIR)/man5/latticedns.yaml.5
	install -m 0644 examples/latticedns.multi-account.yaml $(DESTDIR)$(DATADIR)/latticedns.yaml.example
	install -m 0644 examples/latticedns.single-account.yaml $(DESTDIR)$(DATADIR)/latticedns.single-account.yaml.example
	install -m 0644 $(DOCS) $(DESTDIR)$(DOCDIR)/
	sed -e 's|/usr/bin/latticedns|$(BINDIR)/latticedns|g' -e 's|/etc/latticedns/|$(SYSCONFDIR)/latticedns/|g' \
	    -e 's|file:///usr/share/doc/latticedns/|file://$(DOCDIR)/|g' \
	    packaging/systemd/latticedns.service > $(DESTDIR)$(UNITDIR)/latticedns.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/latticedns.service

# Removes what install wrote; the configuration and the state database stay.
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/latticedns $(DESTDIR)$(MANDIR)/man8/latticedns.8 \
	    $(DESTDIR)$(MANDIR)/man5/latticedns.yaml.5 $(DESTDIR)$(UNITDIR)/latticedns.service \
	    $(DESTDIR)$(DATADIR)/latticedns.yaml.example $(DESTDIR)$(DATADIR)/latticedns.single-account.yaml.example \
	    $(addprefix $(DESTDIR)$(DOCDIR)/,$(notdir $(DOCS)))
	rmdir $(DESTDIR)$(DATADIR) $(DESTDIR)$(DOCDIR) 2>/dev/null || true

clean:
	rm -rf build latticedns

.SECONDARY:

-include $(shell find $(B) -name '*.d' 2>/dev/null)
