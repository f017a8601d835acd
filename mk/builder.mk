# kpcheck build (builder/): its guest tests and its benchmark.
#   make build-test                  every case of tests/build/cases/
#   make build-test BUILD_CASES=x    some of them
# Both boot or build against the prepared Debian tree (make ktree).
BUILD_CASES ?=

build-test: all
	@sh tests/build/run.sh $(O) $(BUILD_CASES)

# Wall time and module size of a one-function build (tests/build/bench.sh).
bench-build: all
	@sh tests/build/bench.sh $(O)

CHECK_GUEST += build-test
CHECK_KERNEL += build-test
# $(O)/build-test, $(O)/kmod and the guest's files: e2e's too
CHECK_LOCKS += build-test=guest
BENCH_TARGETS += bench-build
.PHONY: build-test bench-build
