# The source tier: a plugin the main program dlopen()s for -C TREE, so a
# patch-tier run never loads libclang (~10 ms and 57 MB at start-up).
# analyzer/model/srcfacts.c stays in the main program: rules read its structs
# and model_free() releases them.
LLVM_DIR ?= /usr/lib/llvm-14
# Debian's libclang is in the linker's path too: its package drops the
# rpath (lintian's custom-library-search-path), SOURCE_RPATH= (debian/rules).
SOURCE_RPATH ?= -Wl,-rpath,$(LLVM_DIR)/lib
SOURCE_SRCS := $(wildcard analyzer/source/*.c)
SOURCE_OBJS := $(SOURCE_SRCS:%.c=$(O)/%.o) $(PLUGIN_COMMON:%.c=$(O)/%.o)
PLUGIN_SRCS += $(SOURCE_SRCS)
PLUGINS += $(O)/kpcheck-source.so

$(SOURCE_OBJS): CFLAGS += -I$(LLVM_DIR)/include

# libxxhash (Debian's libxxhash-dev) for the token hashes; the rpath
# because Debian keeps libclang-14 outside the linker's default path.
$(O)/kpcheck-source.so: $(SOURCE_OBJS)
	$(CC) $(CFLAGS) -shared -Wl,-z,defs -o $@ $^ $(LDFLAGS) -L$(LLVM_DIR)/lib \
		$(SOURCE_RPATH) -lclang -lxxhash -ljansson

-include $(SOURCE_OBJS:.o=.d)

# The source-tier corpus (tests/corpus/source/), and its benchmark.
check-source: all
	@tests/corpus/run.sh $(wildcard tests/corpus/source/*.patch)

bench-source: all
	@sh tests/corpus/source/bench.sh

# check-source is in no check stage: corpus-tree (and the ASan run of the
# whole corpus) already runs tests/corpus/source/.
BENCH_TARGETS += bench-source
.PHONY: check-source bench-source
