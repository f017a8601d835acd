# kpcore (kmod/) and the shadow store (shadow/): user-space stress test of
# the shadow core, the booted-guest e2e suite and the guest benchmark.
# Outputs go under $(O)/shadow, $(O)/kmod and $(O)/e2e.

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
# The guest runs the real $(O)/kpcheck for load/unload/list.
e2e: deps all
	@sh tests/e2e/run.sh $(O)

# Cost of a call through kpcore, livepatch and unpatched, shadow gets and
# MemAvailable, all in one guest boot (tests/e2e/guest-bench.sh).
bench-kpcore: deps all
	@sh tests/e2e/run.sh $(O) bench | tee $(O)/bench-kpcore.md

CHECK_SAN += shadow-test
CHECK_GUEST += e2e
BENCH_TARGETS += bench-kpcore

.PHONY: shadow-test e2e bench-kpcore

# Kernel code follows kernel style: the tree's own checkpatch, one file at
# a time (given several, it also compares file names across them).
# MACRO_WITH_FLOW_CONTROL is ignored: KPCHECK_PATCH() and the benchmark's
# KPB_ROUND() expand to whole function definitions, as the kernel's own
# module_driver() does, and their returns are those functions' returns.
KERNEL_STYLE_SRCS := $(wildcard kmod/*.[chS] tests/e2e/modules/*.[ch]) \
	shadow/shadow.c shadow/shadow.h
kernel-style: deps ktree
	@tree=$$(sh scripts/ktree.sh); fail=0; \
	for f in $(KERNEL_STYLE_SRCS); do \
		out=$$(perl $$tree/scripts/checkpatch.pl --no-tree -q --terse \
			-f --ignore MACRO_WITH_FLOW_CONTROL $$f) || \
			{ echo "$$out"; fail=1; }; \
	done; \
	test $$fail = 0 && echo "kernel-style: $(words $(KERNEL_STYLE_SRCS)) files clean"

CHECK_TREE += kernel-style
.PHONY: kernel-style

# kpcore.ko for the installed kernel, from a fresh clone:
#   make kmod [KMOD_KVER=RELEASE | KVER=6.12]
#     ->  $(O)/kmod/kpcore/{kpcore.ko,Module.symvers}
# The kernel is KMOD_KVER, else the one KVER names (tests/kernel.sh),
# else the running one when its headers are installed, else the one
# Debian's linux-image-amd64 depends on.  kbuild writes next to its
# sources, so they are copied there first and the source tree stays
# clean.  `kpcheck build --target kpcore` runs this target itself when
# kpcore is missing or was built for another kernel (the file kver says
# which).
KMOD_KVER ?= $(shell r=$$(uname -r); \
	if [ -z "$(KVER)" ] && [ -f /lib/modules/$$r/build/Makefile ]; then echo $$r; \
	else . ./tests/kernel.sh && kernel_release "$(KVER)" 2>/dev/null; fi)
KMOD_SRCS := $(wildcard kmod/*.[chS]) kmod/Kbuild shadow/shadow.c shadow/shadow.h

$(O)/kmod/kpcore/kpcore.ko: $(KMOD_SRCS) $(if $(KMOD_KVER),/lib/modules/$(KMOD_KVER)/build/Makefile)
	@test -n "$(KMOD_KVER)" || { echo "make kmod: no kernel $(KVER) installed: set KVER or KMOD_KVER" >&2; exit 2; }
	@mkdir -p $(dir $@)
	@cp $(KMOD_SRCS) $(dir $@)
	@echo "  KMOD    kpcore.ko for $(KMOD_KVER)"
	@# not $(MAKE): our command-line variables (O=) would reach kbuild
	@env -u MAKEFLAGS -u MAKEOVERRIDES -u MFLAGS make -s -C /lib/modules/$(KMOD_KVER)/build \
		M=$(abspath $(dir $@)) modules
	@echo $(KMOD_KVER) >$(dir $@)kver

kmod: $(O)/kmod/kpcore/kpcore.ko
	@test "$$(cat $(O)/kmod/kpcore/kver)" = "$(KMOD_KVER)" || \
		{ rm -f $(O)/kmod/kpcore/kpcore.ko; $(MAKE) --no-print-directory $(O)/kmod/kpcore/kpcore.ko; }

.PHONY: kmod
