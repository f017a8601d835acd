# The header change set's cost (tests/bench/header_set.py): a header fix
# that 86 built files expand, source tier and --objects, cold and warm.
bench-header: all ktree
	@python3 tests/bench/header_set.py $(O)/kpcheck $(O)/bench-header.md

BENCH_TARGETS += bench-header
.PHONY: bench-header
