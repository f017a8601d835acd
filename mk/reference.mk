# Parity with kpatch's create-diff-object (see doc/reference.md).
#
# `make reference`: kpcheck objdiff on kpatch's 55 x86_64 unit object
# pairs (KPATCH_UNIT_OBJS=DIR, else the dynup/kpatch-unit-test-objs
# snapshot), beside create-diff-object when one is found at
# $CREATE_DIFF_OBJECT or on PATH (else beside its recorded verdicts),
# then kpatch's integration cases that apply to the prepared Debian tree.
# Prints the agreement tables; fails when a pair disagrees.
reference: all
	@python3 tests/object/reference.py table $(O)/kpcheck
	@sh tests/object/reference-integration.sh $(O)/kpcheck

# The same pairs, vendored (tests/object/reference/), against the recorded
# verdicts: no network, no kpatch, no root, no tree, about a second.
reference-check: all
	@python3 tests/object/reference.py check $(O)/kpcheck

QUICK_TARGETS += reference-check

# objdiff against create-diff-object on the 55 pairs, median of 3 rounds.
bench-reference: all
	@python3 tests/object/reference.py bench $(O)/kpcheck 3 | tee $(O)/bench-reference.md

BENCH_TARGETS += bench-reference
.PHONY: reference reference-check bench-reference

# The one relocation-target rule (elf_reloc_target) against objdump's
# decoding of the same instructions, on the vendored kernel objects.
$(O)/tests/object/reloc-target: tests/object/reloc-target.c analyzer/object/elf.c \
		lib/util.c analyzer/object/elf.h lib/util.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $(filter %.c,$^) $(LDFLAGS) -lelf

reloc-target-check: $(O)/tests/object/reloc-target
	@python3 tests/object/reloc-target.py $< tests/object/reference/kpatch-unit-x86_64.tar.xz

QUICK_TARGETS += reloc-target-check
.PHONY: reloc-target-check
