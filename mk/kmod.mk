# kpcore (kmod/) and the shadow store (shadow/): user-space stress test of
# the shadow core, the booted-guest e2e suite and the guest benchmark.
# Outputs go under $(O)/shadow, $(O)/kmod and $(O)/e2e.  The guest
# benchmark (bench-kpcore) is not written yet.

SHADOW_CC   ?= clang-14
SHADOW_SRCS := shadow/stress.c shadow/shadow.c shadow/compat.c
SHADOW_DEPS := $(SHADOW_SRCS) shadow/shadow.h shadow/compat.h
SHADOW_FLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror -fno-omit-frame-pointer -Ishadow

$(O)/shadow/stress-tsan: $(SHADOW_DEPS)
	@mkdir -p $(dir $@)
	$(SHADOW_CC) $(SHADOW_FLAGS) -fsanitize=thread -o $@ $(SHADOW_SRCS) -lpthread

$(O)/shadow/stress-asan: $(SHADOW_DEPS)
	@mkdir -p $(dir $@)
	$(SHADOW_CC) $(SHADOW_FLAGS) -fsanitize=address,undefined \
		-fno-sanitize-recover=all -o $@ $(SHADOW_SRCS) -lpthread

# Sanitizer reports make the run fail, not just print.
shadow-test: deps $(O)/shadow/stress-tsan $(O)/shadow/stress-asan
	TSAN_OPTIONS=halt_on_error=1:exitcode=66 $(O)/shadow/stress-tsan
	ASAN_OPTIONS=halt_on_error=1:detect_leaks=1 $(O)/shadow/stress-asan

# The e2e suite boots the Debian kernel in qemu; see tests/e2e/run.sh.
e2e: deps
	@sh tests/e2e/run.sh $(O)

CHECK_TARGETS += shadow-test e2e

.PHONY: shadow-test e2e
