/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kpcheck-patch-klp.h - KPCHECK_PATCH() for upstream livepatch; included
 * by kpcheck-patch.h only.
 *
 * Livepatch groups functions by object, kpcheck lists them flat: the
 * init groups them into klp_objects.  An entry without new_func only
 * names a module: livepatch applies the patch's relocations against
 * that module's symbols (.klp.rela.MOD.*) when the module loads.  The callbacks ride on the vmlinux
 * object, which is always present and always loaded first.
 */
#ifndef KPCHECK_KMOD_KPCHECK_PATCH_KLP_H
#define KPCHECK_KMOD_KPCHECK_PATCH_KLP_H

#define KPCHECK_MAX_OBJECTS	8
/*
 * A cumulative module replaces every patch before it (atomic replace);
 * its klp_states make the kernel refuse a replacement that forgets one.
 */
#ifndef KPCHECK_REPLACE
#define KPCHECK_REPLACE		false
#endif
#ifndef KPCHECK_STATES
#define KPCHECK_STATES		NULL
#endif
#ifndef KPCHECK_MAX_FUNCS
#define KPCHECK_MAX_FUNCS	32
#endif

struct kpcheck_func {
	const char *old_name;
	const char *objname;
	unsigned long old_sympos;
	unsigned long old_size;
	void *new_func;
};

static inline bool kpcheck_same_obj(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* Slot of @name in @objs, added if new; -1 when the table is full. */
static inline int kpcheck_klp_slot(struct klp_object *objs, const char *name)
{
	int i;

	for (i = 0; i < KPCHECK_MAX_OBJECTS && objs[i].funcs; i++)
		if (kpcheck_same_obj(objs[i].name, name))
			return i;
	if (i == KPCHECK_MAX_OBJECTS)
		return -1;
	objs[i].name = name;
	objs[i].funcs = kcalloc(KPCHECK_MAX_FUNCS + 1, sizeof(struct klp_func),
				GFP_KERNEL);
	return objs[i].funcs ? i : -1;
}

static inline void kpcheck_klp_free(struct klp_object *objs)
{
	int i;

	for (i = 0; i < KPCHECK_MAX_OBJECTS; i++)
		kfree(objs[i].funcs);
}

static inline int kpcheck_klp_group(struct klp_object *objs,
				    const struct kpcheck_func *f)
{
	struct klp_func *kf;
	int slot, n = 0;

	if (kpcheck_klp_slot(objs, NULL) < 0)
		return -ENOMEM;
	for (; f->old_name; f++, n++) {
		slot = kpcheck_klp_slot(objs, f->objname);
		if (slot < 0 || n >= KPCHECK_MAX_FUNCS)
			return -E2BIG;
		/* no function: a module whose symbols the patch refers to */
		if (!f->new_func)
			continue;
		for (kf = objs[slot].funcs; kf->old_name; kf++)
			;
		kf->old_name = f->old_name;
		kf->new_func = f->new_func;
		kf->old_sympos = f->old_sympos;
	}
	return 0;
}

#define KPCHECK_PATCH(_funcs, _shadows, _pre, _post, _pre_un, _post_un)	\
static const struct kpcheck_callbacks kpcheck_cb = {			\
	_pre, _post, _pre_un, _post_un };				\
static int kpcheck_klp_pre(struct klp_object *obj)			\
{									\
	return kpcheck_cb.pre_patch ? kpcheck_cb.pre_patch() : 0;	\
}									\
static void kpcheck_klp_post(struct klp_object *obj)			\
{									\
	if (kpcheck_cb.post_patch)					\
		kpcheck_cb.post_patch();				\
}									\
static void kpcheck_klp_pre_un(struct klp_object *obj)			\
{									\
	if (kpcheck_cb.pre_unpatch)					\
		kpcheck_cb.pre_unpatch();				\
}									\
static void kpcheck_klp_post_un(struct klp_object *obj)			\
{									\
	kpcheck_free_shadows(_shadows);					\
	if (kpcheck_cb.post_unpatch)					\
		kpcheck_cb.post_unpatch();				\
}									\
static struct klp_object kpcheck_objs[KPCHECK_MAX_OBJECTS + 1];		\
static struct klp_patch kpcheck_patch = {				\
	.mod = THIS_MODULE,						\
	.objs = kpcheck_objs,						\
	.replace = KPCHECK_REPLACE,					\
	.states = KPCHECK_STATES,					\
};									\
static int __init kpcheck_patch_init(void)				\
{									\
	int ret = kpcheck_klp_group(kpcheck_objs, _funcs);		\
									\
	kpcheck_objs[0].callbacks.pre_patch = kpcheck_klp_pre;		\
	kpcheck_objs[0].callbacks.post_patch = kpcheck_klp_post;	\
	kpcheck_objs[0].callbacks.pre_unpatch = kpcheck_klp_pre_un;	\
	kpcheck_objs[0].callbacks.post_unpatch = kpcheck_klp_post_un;	\
	if (!ret)							\
		ret = klp_enable_patch(&kpcheck_patch);			\
	if (ret)							\
		kpcheck_klp_free(kpcheck_objs);				\
	return ret;							\
}									\
static void __exit kpcheck_patch_exit(void)				\
{									\
	kpcheck_klp_free(kpcheck_objs);					\
}									\
module_init(kpcheck_patch_init);					\
module_exit(kpcheck_patch_exit);					\
MODULE_INFO(livepatch, "Y");						\
KPCHECK_STAMP("core", "livepatch")

#endif /* KPCHECK_KMOD_KPCHECK_PATCH_KLP_H */
