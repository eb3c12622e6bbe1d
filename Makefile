# newsfx: make | make test | make test-clients | make demo | make bench | make asan | make fuzz | make install
#
# `make test` and `make demo` first install what is missing (scripts/install-deps.sh), then build.
# WERROR=1 turns warnings into errors (CI does). BUILD=dir keeps object files apart (asan uses its own).

CC ?= cc
PREFIX ?= /usr/local
BUILD ?= build
PKGS = libpcre2-8 jansson gsl zlib

WARN = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wpointer-arith \
       -Wformat=2 -Wundef -Wcast-align -Wvla
ifeq ($(WERROR),1)
WARN += -Werror
endif
OPT ?= -O2 -g
# Evaluated when a recipe runs, that is after `deps` installed pkg-config and the libraries.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS = $(shell pkg-config --libs $(PKGS))
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(OPT) $(WARN) $(PKG_CFLAGS) \
             -DNX_PREFIX='"$(PREFIX)"' $(CFLAGS) $(EXTRA_CFLAGS)
ALL_LDFLAGS = $(LDFLAGS) $(EXTRA_LDFLAGS)
LIBS = $(PKG_LIBS) -lpthread -lm

LIB_SRC = $(sort $(wildcard extractor/*.c) $(wildcard analysis/*.c))
CLI_SRC = $(sort $(wildcard cli/*.c))
LIB_OBJ = $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ = $(CLI_SRC:%.c=$(BUILD)/%.o)
UNIT_SRC = $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all deps deps-test deps-clients check test test-clients demo bench asan fuzz fuzzers faultinj install uninstall clean

all: newsfx

deps:
	@scripts/install-deps.sh

deps-test:
	@scripts/install-deps.sh test

deps-clients:
	@scripts/install-deps.sh test clients

newsfx: $(BUILD)/newsfx
	@cp $< $@

$(BUILD)/newsfx: $(CLI_OBJ) $(BUILD)/libnewsfx.a
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libnewsfx.a $(LIBS)

$(BUILD)/libnewsfx.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c tests/unit/unit.h $(BUILD)/libnewsfx.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -MMD -MP -o $@ $< $(BUILD)/libnewsfx.a $(LIBS)

units: $(UNIT_BIN)

# The whole suite; `make test` installs first. TESTS_FAST=1 skips the slow corpus run.
check: newsfx $(UNIT_BIN)
	@BUILD=$(BUILD) sh tests/run.sh

test: deps-test
	@$(MAKE) --no-print-directory newsfx units
	@$(MAKE) --no-print-directory check

# The client tests (tests/clients: jsonschema, pandas, DuckDB, jq, R jsonlite, the notebook), after
# installing their tools (apt packages and the npm packages locked in tests/clients).
test-clients: deps-clients
	@$(MAKE) --no-print-directory newsfx
	@BUILD=$(BUILD) CLIENTS=1 sh tests/run.sh

demo: deps
	@$(MAKE) --no-print-directory newsfx
	@sh scripts/demo.sh

bench: deps-test
	@$(MAKE) --no-print-directory newsfx
	@sh scripts/bench.sh

# Whole suite under AddressSanitizer + UndefinedBehaviorSanitizer, in a build tree of its own.
asan: deps-test
	@$(MAKE) --no-print-directory BUILD=build-asan OPT="-O1 -g -fno-omit-frame-pointer" \
	  EXTRA_CFLAGS="-fsanitize=address,undefined -fno-sanitize-recover=undefined" \
	  EXTRA_LDFLAGS="-fsanitize=address,undefined" build-asan/newsfx units
	@cp build-asan/newsfx newsfx-asan
	@NEWSFX=./newsfx-asan BUILD=build-asan ASAN_OPTIONS=detect_leaks=1 sh tests/run.sh

# libFuzzer harnesses (tests/fuzz/), built with clang by scripts/fuzz.sh into build-fuzz/.
# FUZZ_SECONDS=N per harness (default 60); FUZZERS="fuzz_rules ..." to pick some.
fuzz:
	@scripts/install-deps.sh test fuzz
	@sh scripts/fuzz.sh

FUZZERS ?= fuzz_rules fuzz_extract fuzz_jsonl fuzz_html fuzz_prices fuzz_factor
fuzzers: $(FUZZERS:%=$(BUILD)/fuzz/%)

$(BUILD)/fuzz/%: tests/fuzz/%.c $(BUILD)/libnewsfx.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer $(ALL_LDFLAGS) -o $@ $< $(BUILD)/libnewsfx.a $(LIBS)

# A build whose allocator honours NEWSFX_FAIL_ALLOC=N (fail the Nth allocation) for
# tests/scripts/fault_injection.sh; it lives in build-fault/ and is never installed.
faultinj:
	@$(MAKE) --no-print-directory BUILD=build-fault EXTRA_CFLAGS="-DNX_FAULT_INJECTION" build-fault/newsfx

# The binary, the rules, everything in data/ (subfolders too) and the man page, under PREFIX; the
# binary finds its rules and data from its own place (<bin>/../share/newsfx).
install: newsfx
	install -d "$(DESTDIR)$(PREFIX)/bin" "$(DESTDIR)$(PREFIX)/share/newsfx/rules" \
	  "$(DESTDIR)$(PREFIX)/share/newsfx/data" "$(DESTDIR)$(PREFIX)/share/man/man1"
	install -m 755 newsfx "$(DESTDIR)$(PREFIX)/bin/newsfx"
	install -m 644 rules/*.rules "$(DESTDIR)$(PREFIX)/share/newsfx/rules/"
	cd data && find . -type f | while read -r f; do \
	  install -D -m 644 "$$f" "$(DESTDIR)$(PREFIX)/share/newsfx/data/$$f" || exit 1; done
	install -m 644 man/newsfx.1 "$(DESTDIR)$(PREFIX)/share/man/man1/newsfx.1"

uninstall:
	rm -rf "$(DESTDIR)$(PREFIX)/bin/newsfx" "$(DESTDIR)$(PREFIX)/share/newsfx" \
	  "$(DESTDIR)$(PREFIX)/share/man/man1/newsfx.1"

clean:
	rm -rf build build-asan build-fuzz build-fault build-fault-asan newsfx newsfx-asan

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(UNIT_BIN:=.d)
