# The explain texts come from each rule file's opening comment.  A row of
# rules/rules.def without its file, or a file without that comment, fails
# the build here (scripts/gen-explain.sh), before anything is compiled.
RULE_FILES := $(filter-out rules/rules.c rules/findings.c,$(wildcard rules/*.c))
KPCHECK_VERSION := 0.1.0

# The rule files of the last generation: a removed one leaves no newer
# timestamp behind, so the list itself is a prerequisite.
$(O)/gen/rules.list: FORCE
	@mkdir -p $(dir $@)
	@echo '$(RULE_FILES)' | cmp -s - $@ || echo '$(RULE_FILES)' >$@

$(O)/gen/rules-explain.h: rules/rules.def $(RULE_FILES) scripts/gen-explain.sh $(O)/gen/rules.list
	@mkdir -p $(dir $@)
	@sh scripts/gen-explain.sh rules/rules.def > $@.tmp && mv $@.tmp $@ || \
		{ rm -f $@.tmp; echo "make: the rule files do not match rules/rules.def" >&2; exit 1; }

$(O)/rules/rules.o: $(O)/gen/rules-explain.h
CFLAGS += -I$(O)/gen -DKPCHECK_VERSION='"$(KPCHECK_VERSION)"'

# A missing or empty rule file fails the build (tests/make/rule-files.sh).
rules-check:
	@sh tests/make/rule-files.sh

QUICK_TARGETS += rules-check
.PHONY: rules-check
