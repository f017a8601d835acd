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
# (within a list, groups run in mk/*.mk order).  The groups run in
# parallel, one per core (scripts/check.sh); a part also says
#   CHECK_KERNEL += objdiff-test     it needs a kernel tree or guest: it
#                                    runs once per kernel of KVERS, as
#                                    objdiff-test@6.1, objdiff-test@6.12
#   CHECK_LOCKS += e2e=guest         it shares a resource with the other
#                                    groups of that lock: one at a time
#   CHECK_AFTER += x=a,b             it reads what groups a and b wrote
# CHECK_TARGETS, the older single list, still works: a target in it and in no other list runs at
# the end of CHECK_TREE.  Every group runs even after one fails; the run
# ends with a table of group, passed, failed and time and exits non-zero
# if any failed (scripts/check.sh).  A group's output is kept in
# $(O)/check/GROUP.log, and a failed group's files in $(O)/check/GROUP/.
# `make check-list` prints the order.
#   make check CHECK_TARGETS="unit corpus-patch"   just these, in this order
# The kernel: KVER=6.12 (or 6.1, the default: linux-image-amd64's series)
# chooses the tree scripts/ktree.sh prepares and every group, `make demo`
# and `make ktree` use; $KTREE names a prepared tree directly.  `make deps`
# installs the packages of both kernels, KVER=X those of X alone.

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
CHECK_KERNEL :=
CHECK_LOCKS :=
CHECK_AFTER :=
# The long groups start first, so that the run does not end on them.
CHECK_FIRST := build-test e2e asan
QUICK_TARGETS :=
BENCH_TARGETS :=

include $(sort $(wildcard mk/*.mk))

# The ELF layer (analyzer/object/elf.c) is in both: the builder reads and
# writes objects through it, and libelf is cheap enough to link (see
# "One ELF layer" in doc/architecture.md for the start-up cost).
MAIN_SRCS := $(filter-out $(PLUGIN_SRCS),$(wildcard lib/*.c analyzer/*.c analyzer/*/*.c rules/*.c reports/*.c builder/*.c rework/*.c triage/*.c)) kpcheck.c judge.c commands.c host.c gitrev.c \
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

# The kernels of the kernel-dependent groups: KVERS="6.1 6.12" prepares
# and runs those; by default make check prepares every kernel whose source
# package deps installed (scripts/kvers.sh --sources) and runs every one
# whose tree is prepared (scripts/kvers.sh).  check-run is a make of its
# own so that KVERS is read after that step.
KVERS_GIVEN = $(filter command line environment,$(origin KVERS))
check: deps
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory ktree
	@for k in $(if $(KVERS_GIVEN),$(KVERS),$$(sh scripts/kvers.sh --sources)); do \
		KVER=$$k sh scripts/ktree.sh >/dev/null || exit; done
	@$(MAKE) --no-print-directory check-run

KVERS ?= $(shell sh scripts/kvers.sh)
CHECK_RUN = $(foreach g,$(CHECK_ORDER),$(if $(filter $g,$(CHECK_KERNEL)),$(addprefix $g@,$(KVERS)),$g))
CHECK_ENV = MAKE='$(MAKE)' CHECK_LOCKS='$(CHECK_LOCKS)' CHECK_AFTER='$(CHECK_AFTER)' \
	CHECK_FIRST='$(CHECK_FIRST)'

check-run:
	@$(CHECK_ENV) sh scripts/check.sh $(O)/check $(CHECK_RUN)

# No root, no apt, no kernel tree (one already prepared is used, never
# prepared), well under a minute: the checks to run before each commit.
check-quick:
	@$(MAKE) --no-print-directory all
	@$(CHECK_ENV) sh scripts/check.sh $(O)/check-quick $(QUICK_ORDER)

# The groups `make check` would run, in the order of its table.
check-list:
	@echo $(CHECK_RUN)

bench: deps all ktree
	@set -e; for t in $(BENCH_TARGETS); do $(MAKE) --no-print-directory $$t; done

clean:
	rm -rf $(O) build-asan build-fuzz

.PHONY: all deps ktree check check-run check-quick check-list bench clean
