/*
 * Source-tier details of a definition: allocation and release.  Linked
 * into the main program (not the plugin) so that model_free() can call
 * srcdef_free() whether or not the source tier ran.
 */
#include <stdlib.h>
#include "analyzer/model/srcfacts.h"
#include "lib/util.h"

struct kp_srcdef *srcdef_get(struct kp_def *d)
{
	if (!d->src) {
		d->src = xcalloc(1, sizeof(*d->src));
		d->src->tree_files = -1;
	}
	return d->src;
}

bool src_changed_function(const struct kp_def *d)
{
	/* not def_is_patched_function(): header inline functions count here */
	return d->src && d->tier >= TIER_SOURCE && d->kind == DEF_FUNCTION &&
	       !d->cosmetic && (d->change == CHANGE_MODIFIED ||
				d->change == CHANGE_ADDED);
}

struct kp_loc srcref_loc(const struct kp_file_model *fm, const struct kp_def *d,
			 int line)
{
	struct kp_loc loc = {
		.file = fm->file->path, .line = line ? line : d->first_line,
		.col = 1, .patch_line = d->patch_line, .symbol = d->name,
		.tier = TIER_SOURCE,
	};

	if (!line && d->first_line_old && fm->file->old_path) {
		loc.file = fm->file->old_path;
		loc.pre_image = true;
	}
	return loc;
}

struct kp_srcref *srcref_add(struct kp_srcref **v, int *n, const char *name,
			     int line)
{
	struct kp_srcref *r = VEC_PUSH(*v, *n);

	r->name = xstrdup(name);
	r->line = line;
	return r;
}

static void free_refs(struct kp_srcref *v, int n)
{
	for (int i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].file);
		free(v[i].object);
		free(v[i].object_why);
		free(v[i].lock);
		free(v[i].spelled);
	}
	free(v);
}

void srcdef_free(struct kp_srcdef *s)
{
	if (!s)
		return;
	free(s->old_sig);
	free(s->new_sig);
	free_refs(s->calls, s->ncalls);
	free_refs(s->old_calls, s->nold_calls);
	free_refs(s->writes, s->nwrites);
	free_refs(s->keys, s->nkeys);
	free_refs(s->scalls, s->nscalls);
	free_refs(s->fields, s->nfields);
	free_refs(s->states, s->nstates);
	free_refs(s->old_states, s->nold_states);
	free_refs(s->macros, s->nmacros);
	free_refs(s->callers, s->ncallers);
	free_refs(s->lock_users, s->nlock_users);
	for (int i = 0; i < s->nlocals; i++) {
		free(s->locals[i].name);
		free(s->locals[i].type);
	}
	free(s->locals);
	for (int i = 0; i < s->ntree_examples; i++)
		free(s->tree_examples[i]);
	free(s->tree_examples);
	free(s->sleep_call);
	free(s->crc_export);
	free(s->old_section);
	free(s->ops_field);
	free(s->ops_table);
	free(s->new_section);
	free(s);
}
