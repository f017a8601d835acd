# Real stable fixes (tests/corpus/real/): each is already in the prepared
# tree, so the corpus runner judges it against a scratch copy with the fix
# taken out (kpcheck-reverse: yes).  40 to 60 s of CPU with the flags
# cache warm (BENCHMARKS.md), more the first time (kbuild dry runs).
corpus-real: all
	@KPCHECK_SOURCE_PARSE=at-once tests/corpus/run.sh $(sort $(wildcard tests/corpus/real/*.patch))

# The FP/FN count on every real fix that applies and on kpatch's
# integration cases, with the time per patch, and the table BENCHMARKS.md
# holds (markdown; KVER=6.12 for the 6.12 set).
bench-real: all
	@tests/bench/real-fixes.sh --markdown

CHECK_TREE += corpus-real
BENCH_TARGETS += bench-real
.PHONY: corpus-real bench-real
