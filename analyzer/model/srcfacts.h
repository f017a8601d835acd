/*
 * Source-tier details of a definition, filled by the libclang plugin
 * (kp_source_analyze) and read by the source-only rules.  The rules are
 * linked into the main program, which never links libclang, so every
 * fact a rule needs is copied here as plain data; srcdef_free() is in the
 * main program so that model_free() can release it.
 */
#ifndef KPCHECK_ANALYZER_MODEL_SRCFACTS_H
#define KPCHECK_ANALYZER_MODEL_SRCFACTS_H

#include <stdbool.h>
#include "analyzer/model/model.h"

/*
 * Calls that open or close something another function may close or open:
 * a lock, an RCU read-side section, a reference.  The source tier sorts
 * each call by its callee's name (clang-pair.c) and keeps the expression
 * it acts on, so that pairs can be told apart by lock.
 */
enum kp_pair_kind { PAIR_NONE, PAIR_LOCK, PAIR_RCU, PAIR_REF };

/*
 * What a function does with a struct member ("tag.member") or a global:
 * the source tier records one entry per name and role (clang-state.c),
 * so that a rule can tell who sets a member up and who depends on it.
 */
enum kp_state_role {
	STATE_INIT	= 1u << 0,	/* assigned, or handed to an *init* / *_set call */
	STATE_ALLOC	= 1u << 1,	/* assigned a fresh allocation */
	STATE_GET	= 1u << 2,	/* a reference taken: assigned from a get, or passed to one */
	STATE_PUT	= 1u << 3,	/* passed to a put */
	STATE_FREE	= 1u << 4,	/* passed to a free */
	STATE_DEREF	= 1u << 5,	/* dereferenced: ->, *, [] or called through */
	STATE_READ	= 1u << 6,	/* read or passed on */
	STATE_TEST	= 1u << 7,	/* tested: if (p->m), !p->m, p->m == NULL */
};

/* A symbol a function uses: a callee, a global it writes, a static key. */
struct kp_srcref {
	char *name;
	int line;		/* of the use, in the post-image (pre if deleted) */
	unsigned int attrs;	/* enum kp_attr of the symbol used */
	char *file;		/* where it is defined, relative to the tree */
	int def_line;
	char *object;		/* vmlinux or the module defining it, if known */
	char *object_why;
	enum kp_pair_kind pair;	/* calls: what it takes or releases */
	int pair_dir;		/* +1 takes, -1 releases */
	char *lock;		/* the lock or object, as written ("&sk->sk_lock") */
	char *spelled;		/* the call as written (a macro: spin_lock_irqsave) */
	unsigned int role;	/* states: one enum kp_state_role bit */
};

struct kp_srclocal {
	char *name;
	char *type;
	enum kp_change change;	/* MODIFIED: initializer or type changed */
	int line;		/* post-image (pre if deleted) */
};

struct kp_srcdef {
	char *old_sig, *new_sig;	/* type as clang spells it */
	bool init_changed;	/* variable: same type, other initializer */
	char *old_section, *new_section;	/* when the section changed */
	struct kp_srcref *calls, *old_calls;	/* every call, with repeats */
	int ncalls, nold_calls;
	struct kp_srcref *writes;	/* global data the post-image writes */
	int nwrites;
	struct kp_srcref *keys;		/* static keys the post-image uses */
	int nkeys;
	struct kp_srcref *scalls;	/* static_call() targets */
	int nscalls;
	struct kp_srcref *fields;	/* "tag.member"s used, pre and post */
	int nfields;
	struct kp_srcref *states, *old_states;	/* members and globals by role,
						 * post- and pre-image */
	int nstates, nold_states;
	char *ops_field;	/* an ops table of the patched files names it
				 * in this slot ("init")... */
	char *ops_table;	/* ...of this variable ("foo_net_ops") */
	struct kp_srcref *macros;	/* changed macros it expands */
	int nmacros;
	struct kp_srclocal *locals;	/* static locals that changed */
	int nlocals;
	char *sleep_call;	/* sleeping call inside a loop, post-image */
	int sleep_line;
	bool kthread_loop;	/* loops until kthread_should_stop() */
	struct kp_srcref *lock_users;	/* other functions of the patched files
					 * taking or releasing a lock this one
					 * does: name, lock, file, line */
	int nlock_users;
	struct kp_srcref *callers;	/* callers in the patched files */
	int ncallers;
	char *crc_export;	/* an #include: an export whose CRC it changes */
	int tree_files;		/* other files of the tree naming it, -1 unknown */
	char **tree_examples;	/* the first few of them */
	int ntree_examples;
};

struct kp_srcdef *srcdef_get(struct kp_def *d);
/* A function the source tier proved changed or added (not cosmetic). */
bool src_changed_function(const struct kp_def *d);
/* Location of a use (call, write, ...) inside def @d of file @fm. */
struct kp_loc srcref_loc(const struct kp_file_model *fm, const struct kp_def *d,
			 int line);
struct kp_srcref *srcref_add(struct kp_srcref **v, int *n, const char *name,
			     int line);
void srcdef_free(struct kp_srcdef *s);

#endif
