/*
 * Data layouts at the object tier: every named struct and union of the
 * original object's DWARF against the same type in the patched object,
 * member by member (offset, size, type).  A difference becomes members of
 * the type's definition in the model, at TIER_OBJECT, which the
 * data-layout rule reports; a member a lower tier already described is
 * updated in place, so each member is reported once.
 */
#include <string.h>
#include "analyzer/object/dwarf.h"
#include "analyzer/object/objtier.h"
#include "lib/util.h"

static const struct dw_member *find_member(const struct dw_type *t, const char *name)
{
	for (int i = 0; i < t->nmembers; i++)
		if (!strcmp(t->members[i].name, name))
			return &t->members[i];
	return NULL;
}

static bool same_member(const struct dw_member *a, const struct dw_member *b)
{
	return a->offset == b->offset && a->size == b->size && !strcmp(a->type, b->type);
}

static bool same_layout(const struct dw_type *a, const struct dw_type *b)
{
	if (a->size != b->size || a->nmembers != b->nmembers)
		return false;
	for (int i = 0; i < a->nmembers; i++)
		if (strcmp(a->members[i].name, b->members[i].name) ||
		    !same_member(&a->members[i], &b->members[i]))
			return false;
	return true;
}

/* The model's file for a DWARF decl_file ("/tree/include/x.h", "./x.h"). */
static struct kp_file_model *file_of(struct kp_model *m, const char *decl,
				     struct kp_file_model *fallback)
{
	size_t dl = decl ? strlen(decl) : 0;

	for (int i = 0; decl && i < m->nfiles; i++) {
		const char *p = m->files[i].file->path;
		size_t pl = strlen(p);

		if (dl >= pl && !strcmp(decl + dl - pl, p) && (dl == pl || decl[dl - pl - 1] == '/'))
			return &m->files[i];
	}
	return fallback;
}

static struct kp_member *member_of(struct kp_def *d, const char *name)
{
	for (int i = 0; i < d->nmembers; i++)
		if (d->members[i].name && !strcmp(d->members[i].name, name))
			return &d->members[i];
	return model_add_member(d, name);
}

static void set_member(struct kp_def *d, const struct dw_member *old,
		       const struct dw_member *new)
{
	struct kp_member *m = member_of(d, new ? new->name : old->name);

	m->tier = TIER_OBJECT;
	m->change = !old ? CHANGE_ADDED : !new ? CHANGE_DELETED : CHANGE_MODIFIED;
	m->old_offset = old ? old->offset : -1;
	m->old_size = old ? old->size : -1;
	m->new_offset = new ? new->offset : -1;
	m->new_size = new ? new->size : -1;
	if (old && !m->old_type)
		m->old_type = xstrdup(old->type);
	if (new && !m->new_type)
		m->new_type = xstrdup(new->type);
}

static void diff_type(struct kp_model *m, struct kp_file_model *fm, const char *object,
		      const struct dw_type *a, const struct dw_type *b)
{
	enum kp_def_kind kind = b->is_union ? DEF_UNION : DEF_STRUCT;
	struct kp_file_model *home = file_of(m, b->decl_file, fm);
	struct kp_def *d = model_find_def(home, kind, b->name);

	if (!d)
		d = model_add_def(home, kind, b->name);
	d->change = CHANGE_MODIFIED;
	d->cosmetic = false;
	d->tier = TIER_OBJECT;
	model_add_fact(d, TIER_OBJECT, "%s: DWARF layout differs (size %ld -> %ld bytes)",
		       object, a->size, b->size);
	for (int i = 0; i < b->nmembers; i++) {
		const struct dw_member *old = find_member(a, b->members[i].name);

		if (!old || !same_member(old, &b->members[i]))
			set_member(d, old, &b->members[i]);
	}
	for (int i = 0; i < a->nmembers; i++)
		if (!find_member(b, a->members[i].name))
			set_member(d, &a->members[i], NULL);
}

void objtier_layouts(struct kp_model *m, struct kp_file_model *fm, struct od_result *r)
{
	const struct dwarf_info *pre = od_dwarf(&r->pre), *post = od_dwarf(&r->post);

	for (int i = 0; pre && post && i < post->ntypes; i++) {
		const struct dw_type *b = &post->types[i];
		const struct dw_type *a = dw_find_type(pre, b->name);

		if (a && a->is_union == b->is_union && !same_layout(a, b))
			diff_type(m, fm, r->object, a, b);
	}
}
