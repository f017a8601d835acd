# The object tier: a plugin the main program dlopen()s for --objects and
# `kpcheck objdiff`, so a patch-tier run never loads libelf/libdw.
OBJECT_SRCS := $(wildcard analyzer/object/*.c)
OBJECT_OBJS := $(OBJECT_SRCS:%.c=$(O)/%.o) $(PLUGIN_COMMON:%.c=$(O)/%.o)
PLUGIN_SRCS += $(OBJECT_SRCS)
PLUGINS += $(O)/kpcheck-object.so

$(O)/kpcheck-object.so: $(OBJECT_OBJS)
	$(CC) $(CFLAGS) -shared -Wl,-z,defs -o $@ $^ $(LDFLAGS) -lelf -ldw -ljansson -lxxhash

-include $(OBJECT_OBJS:.o=.d)

# The object-tier cases (tests/object/*.patch, in the corpus format): each
# builds real objects of the prepared Debian tree before and after its
# patch at test time, then runs kpcheck objdiff or kpcheck --objects.
objdiff-test: all
	@tests/corpus/run.sh $(sort $(wildcard tests/object/*.patch))

CHECK_TREE += objdiff-test
CHECK_KERNEL += objdiff-test
.PHONY: objdiff-test

# libFuzzer target for the ELF reader: only analyzer/object/elf.c and its helpers,
# built with clang, ASan and UBSan (libelf itself is not instrumented).
FUZZ_ELF_O := build-fuzz/object
FUZZ_ELF_SECONDS ?= 60
FUZZ_ELF_SMOKE_SECONDS ?= 10
$(FUZZ_ELF_O)/fuzz-elf: tests/object/fuzz-elf.c analyzer/object/elf.c lib/util.c \
		analyzer/object/elf.h lib/util.h
	@mkdir -p $(dir $@)
	clang-14 -O1 -g -std=gnu11 -Wall -Wextra -Werror -I. -D_GNU_SOURCE \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
		-o $@ $(filter %.c,$^) -lelf

# `make fuzz FUZZ_SECONDS=N` runs the ELF reader's target too.
fuzz: fuzz-elf
fuzz-elf: FUZZ_ELF_SECONDS = $(FUZZ_SECONDS)
fuzz-elf: $(FUZZ_ELF_O)/fuzz-elf
	@sh tests/object/fuzz-run.sh $(FUZZ_ELF_O) $(FUZZ_ELF_SECONDS)

fuzz-elf-smoke: $(FUZZ_ELF_O)/fuzz-elf
	@sh tests/object/fuzz-run.sh $(FUZZ_ELF_O) $(FUZZ_ELF_SMOKE_SECONDS)

CHECK_SAN += fuzz-elf-smoke
.PHONY: fuzz-elf fuzz-elf-smoke

# Object-tier figures for BENCHMARKS.md (printed; see tests/object/bench.py).
bench-objdiff: all $(O)/tests/bench/maxrss
	@python3 tests/object/bench.py $(O)/kpcheck $(O)/tests/bench/maxrss | tee $(O)/bench-objdiff.md

BENCH_TARGETS += bench-objdiff
.PHONY: bench-objdiff
