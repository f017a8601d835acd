# Real stable fixes (tests/corpus/real/): each is already in the prepared
# tree, so the corpus runner judges it against a scratch copy with the fix
# taken out (kpcheck-reverse: yes).  40 to 60 s of CPU with the flags
# cache warm (BENCHMARKS.md), more the first time (kbuild dry runs).
corpus-real: all
	@KPCHECK_SOURCE_PARSE=at-once tests/corpus/run.sh $(sort $(wildcard tests/corpus/real/*.patch))

# The FP/FN count on every real fix that applies and on kpatch's
# integration cases, with the time per patch, and the tables BENCHMARKS.md
# holds (markdown): the 6.1 set, then the 6.12 set (BENCH_REAL_KVERS).
BENCH_REAL_KVERS ?= 6.1 6.12
bench-real: all
	@for v in $(BENCH_REAL_KVERS); do echo "## $$v"; KVER=$$v tests/bench/real-fixes.sh --markdown; done

CHECK_TREE += corpus-real
CHECK_KERNEL += corpus-real
BENCH_TARGETS += bench-real
.PHONY: corpus-real bench-real
