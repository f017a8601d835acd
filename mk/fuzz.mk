# Hardening: libFuzzer targets (tests/fuzz/) and the script tests of the
# robustness invariants (tests/hardening/).  The fuzz build compiles the
# patch tier again under clang with fuzzer instrumentation, ASan and
# UBSan, in $(FUZZ_O); each target links those objects.
#   make fuzz FUZZ_SECONDS=N   every target for N seconds
#   make fuzz-smoke            every target for $(FUZZ_SMOKE_SECONDS) s
# Other parts add a target by appending its name to FUZZ_TARGETS and
# giving it a seed generator in tests/fuzz/seeds.sh (or their own rule
# for $(FUZZ_O)/tests/fuzz/NAME).
FUZZ_O := build-fuzz
FUZZ_CC := clang-14
FUZZ_SAN := -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=undefined
FUZZ_TARGETS += fuzz-patch fuzz-cscan fuzz-json
FUZZ_SECONDS ?= 60
FUZZ_SMOKE_SECONDS ?= 10

# The patch tier's objects (the reader, the scanner, the change model,
# the rules, the reports and the judging run) in an archive, so a target
# links only what it uses and other tiers' files (and their libraries)
# stay out of the fuzz build.  FUZZ_OBJS is passed on the command line by
# fuzz-build: MAIN_OBJS is only known once the top-level Makefile has
# read every mk/*.mk.
FUZZ_ANALYZER := lib/% analyzer/model/% analyzer/patch/% analyzer/kbuild/% analyzer/plugin.o
FUZZ_OBJS ?=
# Objects are rebuilt when the sanitizer flags change.
$(FUZZ_OBJS): $(FUZZ_O)/sanitize.flags
$(FUZZ_O)/sanitize.flags: FORCE
	@mkdir -p $(dir $@)
	@echo '$(SANITIZE)' | cmp -s - $@ || echo '$(SANITIZE)' >$@

$(O)/libkpcheck.a: $(FUZZ_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(O)/tests/fuzz/%: tests/fuzz/%.c $(O)/libkpcheck.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -fsanitize=fuzzer -o $@ $< $(O)/libkpcheck.a $(LDFLAGS) $(MAIN_LIBS)

fuzz-build:
	@$(MAKE) --no-print-directory O=$(FUZZ_O) CC=$(FUZZ_CC) SANITIZE='$(FUZZ_SAN)' \
		FUZZ_OBJS='$(patsubst $(O)/%,$(FUZZ_O)/%,$(filter $(O)/rules/% $(O)/reports/% \
			$(O)/judge.o $(O)/gitrev.o $(FUZZ_ANALYZER:%=$(O)/%),$(MAIN_OBJS)))' \
		$(addprefix $(FUZZ_O)/tests/fuzz/,$(FUZZ_TARGETS))

fuzz: fuzz-build
	@sh tests/fuzz/run.sh $(FUZZ_O) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

fuzz-smoke: fuzz-build
	@sh tests/fuzz/run.sh $(FUZZ_O) $(FUZZ_SMOKE_SECONDS) $(FUZZ_TARGETS)

hardening: all ktree
	@KTREE=$$(sh scripts/ktree.sh) bash tests/hardening/run.sh

CHECK_TREE += hardening
CHECK_SAN += fuzz-smoke
.PHONY: fuzz-build fuzz fuzz-smoke hardening
