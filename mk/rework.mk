# kpcheck rework:
#   make rework-test     the rework-* cases of tests/build alone: each class
#                        reworked, built and loaded in a qemu guest (TCG);
#                        build-test runs them too, so no check list has it
#   make bench-rework    tests/bench/rework.sh: the table of BENCHMARKS.md
REWORK_CASES = $(basename $(notdir $(wildcard tests/build/cases/rework-*.sh)))

rework-test: all
	@sh tests/build/run.sh $(O) $(REWORK_CASES)

bench-rework: all
	@bash tests/bench/rework.sh

BENCH_TARGETS += bench-rework
.PHONY: rework-test bench-rework
