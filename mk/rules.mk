# The explain texts come from each rule file's opening comment.
RULE_FILES := $(filter-out rules/rules.c rules/findings.c,$(wildcard rules/*.c))
KPCHECK_VERSION := 0.1.0

$(O)/gen/rules-explain.h: rules/rules.def $(RULE_FILES) scripts/gen-explain.sh
	@mkdir -p $(dir $@)
	@sh scripts/gen-explain.sh rules/rules.def > $@.tmp && mv $@.tmp $@

$(O)/rules/rules.o: $(O)/gen/rules-explain.h
CFLAGS += -I$(O)/gen -DKPCHECK_VERSION='"$(KPCHECK_VERSION)"'
