# kpcheck — top-level build.
#
# The main program holds the patch tier only; the source tier (libclang) and
# the object tier (libelf/libdw) are plugins it dlopen()s when their tier
# runs, so a plain `kpcheck fix.patch` never pays their start-up cost.
# They meet the main program only through analyzer/plugin.h: every symbol
# is hidden (-fvisibility=hidden) except each plugin's one table, and the
# main program exports nothing (no -rdynamic).
# Each part of the project adds its targets in mk/<part>.mk and appends the
# targets `make check` must run to CHECK_TARGETS.

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
CHECK_TARGETS :=
BENCH_TARGETS :=

include $(sort $(wildcard mk/*.mk))

MAIN_SRCS := $(filter-out $(PLUGIN_SRCS),$(wildcard lib/*.c analyzer/*.c analyzer/*/*.c rules/*.c reports/*.c builder/*.c triage/*.c)) kpcheck.c judge.c commands.c host.c
MAIN_OBJS := $(MAIN_SRCS:%.c=$(O)/%.o)
MAIN_LIBS := -ljansson -ldl -lmd -lxxhash

all: $(O)/kpcheck $(PLUGINS)

$(O)/kpcheck: $(MAIN_OBJS)
	$(CC) $(CFLAGS) -o $@ $^ $(LDFLAGS) $(MAIN_LIBS)

$(O)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -fPIC -MMD -MP -c -o $@ $<

-include $(MAIN_OBJS:.o=.d)

deps:
	@sh scripts/deps.sh

ktree: deps
	@sh scripts/ktree.sh >/dev/null

check: deps
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory ktree
	@set -e; for t in $(CHECK_TARGETS); do \
		echo "== make $$t"; $(MAKE) --no-print-directory $$t; done
	@echo "make check: all passed"

bench: deps all ktree
	@set -e; for t in $(BENCH_TARGETS); do $(MAKE) --no-print-directory $$t; done

clean:
	rm -rf $(O) build-asan build-fuzz

.PHONY: all deps ktree check bench clean
