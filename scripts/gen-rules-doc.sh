#!/bin/sh
# doc/rules.md from the rules table itself (`kpcheck rules`, `kpcheck
# explain`): the catalogue, the docs and the code stay one list.
# usage: gen-rules-doc.sh KPCHECK_BINARY
set -e
bin=$1
echo "# kpcheck rules"
echo
echo "Generated from rules/rules.def and the rule files by scripts/gen-rules-doc.sh;"
echo "do not edit. \`kpcheck explain ID\` prints the same text."
echo
"$bin" rules | awk 'NR % 2 == 1 { print $1 }' | while read -r id; do
	echo "## $id"
	echo
	echo '```'
	"$bin" explain "$id"
	echo '```'
	echo
done
