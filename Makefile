# kpcheck — top-level build.
#
# The main program holds the patch tier only; the source tier (libclang) and
# the object tier (libelf/libdw) are plugins it dlopen()s when their tier
# runs, so a plain `kpcheck fix.patch` never pays their start-up cost.
# They meet the main program only through analyzer/plugin.h: every symbol
# is hidden (-fvisibility=hidden) except each plugin's one table, and the
# main program exports nothing (no -rdynamic).
# Each part of the project adds its targets in mk/<part>.mk.
#
# Tests.  `make check` installs what it needs (scripts/deps.sh), builds,
# prepares the kernel tree (scripts/ktree.sh), then runs groups of tests,
# each group a make target, fast first.  The lists, in their order:
#   QUICK_TARGETS  seconds, and no root, apt or tree: unit, corpus-patch,
#                  docs-check, ...  They alone are `make check-quick`,
#                  what a contributor runs before each commit.
#   CHECK_FAST     other quick checks, that need root: quick-nonroot
#   CHECK_TREE     on the prepared tree: corpus-tree, objdiff-test, ...
#   CHECK_SAN      sanitizer builds: asan, fuzz-smoke, shadow-test, ...
#   CHECK_GUEST    in a qemu guest: build-test, e2e
# A part appends a test target to one of them in its mk file, e.g.
#   CHECK_TREE += objdiff-test
# (within a list, groups run in mk/*.mk order).  CHECK_TARGETS, the older
# single list, still works: a target in it and in no other list runs at
# the end of CHECK_TREE.  Every group runs even after one fails; the run
# ends with a table of group, passed, failed and time and exits non-zero
# if any failed (scripts/check.sh).  A group's output is kept in
# $(O)/check/GROUP.log, and a failed group's files in $(O)/check/GROUP/.
# `make check-list` prints the order.
#   make check CHECK_TARGETS="unit corpus-patch"   just these, in this order

CC       ?= gcc
CC       := $(if $(filter default,$(origin CC)),gcc,$(CC))
CFLAGS   ?= -O2 -g
CFLAGS   += -std=gnu11 -Wall -Wextra -Werror -I. -D_GNU_SOURCE -fvisibility=hidden
# Sanitizer builds add their flags here (see mk/check.mk: asan).
SANITIZE ?=
CFLAGS   += $(SANITIZE)
LDFLAGS  ?=
LDFLAGS  += $(SANITIZE)
O        ?= build

# Files that go into a plugin, not into the main program (set by mk/*.mk).
.DEFAULT_GOAL := all
PLUGIN_SRCS := analyzer/plugin-host.c
# What every plugin links besides its own files: the base, the notice hook
# and the forwarders of the host table.
PLUGIN_COMMON := $(wildcard lib/*.c) analyzer/model/ctx.c analyzer/plugin-host.c
CHECK_FAST :=
CHECK_TREE :=
CHECK_SAN :=
CHECK_GUEST :=
CHECK_TARGETS :=
QUICK_TARGETS :=
BENCH_TARGETS :=

include $(sort $(wildcard mk/*.mk))

# The ELF layer (analyzer/object/elf.c) is in both: the builder reads and
# writes objects through it, and libelf is cheap enough to link (see
# "One ELF layer" in doc/architecture.md for the start-up cost).
MAIN_SRCS := $(filter-out $(PLUGIN_SRCS),$(wildcard lib/*.c analyzer/*.c analyzer/*/*.c rules/*.c reports/*.c builder/*.c triage/*.c)) kpcheck.c judge.c commands.c host.c \
	analyzer/object/elf.c
MAIN_OBJS := $(MAIN_SRCS:%.c=$(O)/%.o)
MAIN_LIBS := -ljansson -ldl -lmd -lxxhash -lelf -llzma -lz -lzstd -llz4

all: $(O)/kpcheck $(PLUGINS)

$(O)/kpcheck: $(MAIN_OBJS)
	$(CC) $(CFLAGS) -o $@ $^ $(LDFLAGS) $(MAIN_LIBS)

$(O)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -fPIC -MMD -MP -c -o $@ $<

-include $(MAIN_OBJS:.o=.d)

# The generated headers first: a missing rule file then stops the build
# before anything is compiled (mk/rules.mk).
$(MAIN_OBJS) $(PLUGIN_SRCS:%.c=$(O)/%.o): | $(O)/gen/rules-explain.h

deps:
	@sh scripts/deps.sh

ktree: deps
	@sh scripts/ktree.sh >/dev/null

# The order of the groups (see the top of this file); each one once.
uniq = $(if $1,$(firstword $1) $(call uniq,$(filter-out $(firstword $1),$1)))
CHECK_STAGED = $(QUICK_TARGETS) $(CHECK_FAST) $(CHECK_TREE) $(CHECK_SAN) $(CHECK_GUEST)
CHECK_ORDER = $(call uniq,$(QUICK_TARGETS) $(CHECK_FAST) $(CHECK_TREE) \
	$(filter-out $(CHECK_STAGED),$(CHECK_TARGETS)) $(CHECK_SAN) $(CHECK_GUEST))
ifeq ($(origin CHECK_TARGETS),command line)
CHECK_ORDER = $(CHECK_TARGETS)
endif
QUICK_ORDER = $(call uniq,$(QUICK_TARGETS))

check: deps
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory ktree
	@MAKE='$(MAKE)' sh scripts/check.sh $(O)/check $(CHECK_ORDER)

# No root, no apt, no kernel tree (one already prepared is used, never
# prepared), well under a minute: the checks to run before each commit.
check-quick:
	@$(MAKE) --no-print-directory all
	@MAKE='$(MAKE)' sh scripts/check.sh $(O)/check-quick $(QUICK_ORDER)

# The order `make check` would run its groups in.
check-list:
	@echo $(CHECK_ORDER)

bench: deps all ktree
	@set -e; for t in $(BENCH_TARGETS); do $(MAKE) --no-print-directory $$t; done

clean:
	rm -rf $(O) build-asan build-fuzz

.PHONY: all deps ktree check check-quick check-list bench clean
