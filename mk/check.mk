# Tests of the main program: unit tests, the corpus, the same under
# ASan+UBSan, SARIF validation; and the demo.
ASAN_O := build-asan
ASAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=undefined

UNIT_SRCS := $(wildcard tests/unit/*.c)
# The unit tests link the main program's objects: depending on $(O)/kpcheck
# relinks them whenever one changes (MAIN_OBJS is not yet set here).
UNIT_LIBOBJS = $(filter-out $(O)/kpcheck.o,$(MAIN_OBJS))

$(O)/tests/unit/%: tests/unit/%.c $(O)/kpcheck
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(UNIT_LIBOBJS) $(LDFLAGS) $(MAIN_LIBS)

# Tests that read the kernel tree use it when it is ready and skip
# (saying so) when it is not: `make unit` never prepares it.
unit: $(UNIT_SRCS:%.c=$(O)/%)
	@KTREE=$${KTREE:-$$(sh scripts/ktree.sh --ready)} sh tests/unit/run.sh $^

# The corpus in two tiers (tests/README.md): the patch-tier cases need no
# tree and take seconds; the tree cases (source tier, on $KTREE) minutes.
corpus-patch: all
	@tests/corpus/run.sh --tier patch -j 2

corpus-tree: all
	@KPCHECK_SOURCE_PARSE=at-once tests/corpus/run.sh --tier tree

corpus: all
	@KPCHECK_SOURCE_PARSE=at-once tests/corpus/run.sh

# One case: make tests/corpus/init-code-ko.patch
tests/corpus/%.patch: FORCE all
	@tests/corpus/run.sh $@

FORCE:

# The whole build again with sanitizers, then unit and corpus tests on it.
# use_sigaltstack=0: libclang's parse threads install a signal stack of
# their own, which ASan would otherwise try to unmap as its own at exit.
# use_tls=0: gcc 12's LeakSanitizer reads a bogus range for the dynamic
# TLS that libLLVM takes when it loads a stored preamble, and its tracer
# dies on it (SIGSEGV at exit, on some corpus cases that take that way);
# leaks are still checked, only not rooted in TLS.
# The source tier's parse strategy depends on the machine's load: the
# plain corpus run parses the two images at once, this one one by one
# (KPCHECK_SOURCE_PARSE), so both ways are checked.
asan:
	@$(MAKE) --no-print-directory O=$(ASAN_O) SANITIZE='$(ASAN_FLAGS)' all
	@$(MAKE) --no-print-directory O=$(ASAN_O) SANITIZE='$(ASAN_FLAGS)' unit
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:use_sigaltstack=0 UBSAN_OPTIONS=print_stacktrace=1 \
		LSAN_OPTIONS=use_tls=0:print_suppressions=0 \
		KPCHECK_SOURCE_PARSE=one-by-one KPCHECK_BIN=$(CURDIR)/$(ASAN_O) KPCHECK_SARIF_DIR= \
		tests/corpus/run.sh

sarif-validate: all
	@sh tests/sarif/validate.sh

demo: deps all ktree
	@sh scripts/demo.sh

# unit, corpus-patch and docs-check need no root, apt or tree: they are
# the first of check-quick's groups (and so of make check's fast stage).
QUICK_TARGETS += unit corpus-patch
CHECK_TREE += corpus-tree sarif-validate
CHECK_KERNEL += corpus-tree
# the SARIF the corpus runs wrote (check.sh's $KPCHECK_SARIF_DIR)
CHECK_AFTER += sarif-validate=corpus-patch,corpus-tree,corpus-real,objdiff-test
CHECK_SAN += asan
.PHONY: unit corpus-patch corpus-tree corpus asan sarif-validate demo FORCE

# doc/rules.md is generated; the check fails when it is stale.
doc/rules.md: $(O)/kpcheck scripts/gen-rules-doc.sh
	sh scripts/gen-rules-doc.sh $(O)/kpcheck > $@.tmp && mv $@.tmp $@

docs-check: all
	@sh scripts/gen-rules-doc.sh $(O)/kpcheck | diff -u doc/rules.md - >/dev/null || \
		{ echo "doc/rules.md is stale: run make doc/rules.md"; exit 1; }
	@echo "docs: 1 passed, 0 failed"

QUICK_TARGETS += docs-check
.PHONY: docs-check

# The runner of make check itself (tests/make/check-runner.sh).
runner-check:
	@sh tests/make/check-runner.sh

QUICK_TARGETS += runner-check
.PHONY: runner-check

$(O)/tests/bench/maxrss: tests/bench/maxrss.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $<

# Patch-tier figures for BENCHMARKS.md (printed; see tests/bench/).
bench-patch: all $(O)/tests/bench/maxrss
	@python3 tests/bench/patch_tier.py $(O)/kpcheck $(O)/tests/bench/maxrss | tee $(O)/bench-patch.md

BENCH_TARGETS += bench-patch
.PHONY: bench-patch

# check-quick as nobody, with no tree (tests/make/quick-nonroot.sh).
quick-nonroot: all
	@sh tests/make/quick-nonroot.sh

CHECK_FAST += quick-nonroot
.PHONY: quick-nonroot
