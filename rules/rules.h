/*
 * The rules table and the context every rule runs with.  A rule is a pure
 * function over the change model: check_<id>(ctx) returns the number of
 * findings it reported, or <0 on an internal error.
 */
#ifndef KPCHECK_RULES_RULES_H
#define KPCHECK_RULES_RULES_H

#include <stdbool.h>
#include <string.h>
#include "analyzer/model/ctx.h"
#include "analyzer/model/model.h"
#include "rules/findings.h"

#define P TIERBIT(TIER_PATCH)
#define S TIERBIT(TIER_SOURCE)
#define O TIERBIT(TIER_OBJECT)
#define NOTE SEV_NOTE
#define WARNING SEV_WARNING
#define ERROR SEV_ERROR

enum kp_rule {
#define RULE(e, fn, id, sev, tiers, summary) RULE_##e,
#include "rules/rules.def"
#undef RULE
	RULE_COUNT
};

#undef P
#undef S
#undef O
#undef NOTE
#undef WARNING
#undef ERROR

struct kp_ctx;

struct kp_rule_info {
	const char *id;
	enum kp_severity severity;	/* default */
	unsigned int tiers;		/* TIERBIT()s it runs at */
	const char *summary;
	const char *explain;		/* the rule file's opening comment */
	int (*check)(struct kp_ctx *ctx);
};

extern const struct kp_rule_info rule_table[RULE_COUNT];

struct kp_options {
	const char *tree;		/* -C, or the kernel tree we run in */
	bool no_tree;			/* --no-tree: never look for one */
	bool objects;			/* --objects */
	const char *format;		/* text, json, sarif */
	const char *output;		/* -o FILE, written atomically */
	const char *sarif;		/* --sarif FILE: the report in SARIF too */
	const char *git;		/* -g REV|RANGE: commits, not patch files */
	bool werror;
	/* the inputs build on each other (kpcheck build's fixes): one tree
	 * state through all of them, not one per input */
	bool cumulative;
	bool severity_set[RULE_COUNT];
	enum kp_severity severity[RULE_COUNT];
	int threshold[RULE_COUNT];	/* --rule ID=N, 0: the rule's default */
};

int rule_lookup(const char *id);
/* A rule that takes a number (--rule ID=N): its default, else 0. */
int rule_default_threshold(int rule);
/* The number in force for @rule: --rule ID=N, else its default. */
int rule_threshold(const struct kp_options *opt, int rule);
/* rule_table[rule].id and .severity, for code outside rules/. */
const char *rule_id(int rule);
enum kp_severity rule_severity(int rule);
int rules_run(struct kp_ctx *ctx);

#define RULE(e, fn, id, sev, tiers, summary) int check_##fn(struct kp_ctx *ctx);
#include "rules/rules.def"
#undef RULE

/* Location of a definition's first changed line, for rules. */
struct kp_loc def_loc(const struct kp_file_model *fm, const struct kp_def *d);
/* Location of a file's first changed line (the file itself if none). */
struct kp_loc file_loc(const struct kp_file_model *fm);
struct kp_objref;
/* Location of a finding that rests on the object tier's proof @ref about
 * @d: its source line when a lower tier knows it, else objtool's
 * "symbol()+0xoff" in the object (loc.where, written into @buf). */
struct kp_loc obj_loc(const struct kp_file_model *fm, const struct kp_def *d,
		      const struct kp_objref *ref, char *buf, size_t size);

/* The functions the source tier proved changed or added (needs
 * analyzer/model/srcfacts.h). */
#define for_each_changed_function(m, fm, d) \
	for_each_def(m, fm, d) \
		if (!src_changed_function(d)) {} else

#endif
