#!/bin/sh
# The floor-plan check (scripts/check-layers.sh) on a small made-up house:
# it passes the clean one and fails, naming the file and the reason, on an
# upward include, an upward call through a local prototype, and a tier
# that reaches into another tier.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

put() {
	mkdir -p "$house/$(dirname "$1")"
	printf '%s\n' "$2" >"$house/$1"
}

clean_house() {
	house=$tmp/$1
	put lib/util.h 'int xlen(const char *s);'
	put analyzer/model/model.h '#include "lib/util.h"
int model_new(void);'
	put analyzer/patch/changes.h 'int changes(void);'
	put analyzer/patch/changes.c '#include "analyzer/model/model.h"
int changes(void) { return model_new() + xlen(""); }'
	put rules/rules.h '#include "analyzer/model/model.h"
int rules_run(void);'
	put reports/text.c '#include "rules/rules.h"
int text(void) { return rules_run(); }'
}

# check NAME EXIT [EXPECTED-LINE]: run the check on $house
check() {
	git -C "$house" init -q && git -C "$house" add -A
	out=$(LAYERS_ROOT=$house sh "$root/scripts/check-layers.sh" "$house/build" 2>&1)
	rc=$?
	if [ $rc = "$2" ] && { [ -z "${3:-}" ] || printf '%s\n' "$out" | grep -qxF "$3"; }; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		printf 'layers-test: %s: exit %s, wanted %s %s; output:\n%s\n' "$1" $rc "$2" \
			"${3:-}" "$out"
	fi
}

clean_house clean
check clean 0

clean_house up-include
put analyzer/model/model.c '#include "rules/rules.h"'
check up-include 1 'analyzer/model/model.c: includes rules/rules.h (model must not use rules)'

clean_house up-call
put lib/util.c 'int rules_run(void);
int xlen(const char *s) { return rules_run() + !s; }'
check up-call 1 'lib/util.c: calls rules_run() of rules/rules.h (lib must not use rules)'

clean_house tier-to-tier
put analyzer/source/srcdiff.c '#include "analyzer/patch/changes.h"'
check tier-to-tier 1 'analyzer/source/srcdiff.c: includes analyzer/patch/changes.h (source must not use patch)'

echo "layers-test: $pass passed, $fail failed"
[ $fail = 0 ]
