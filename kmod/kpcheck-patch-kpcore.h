/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kpcheck-patch-kpcore.h - KPCHECK_PATCH() for kpcore; included by
 * kpcheck-patch.h only.
 */
#ifndef KPCHECK_KMOD_KPCHECK_PATCH_KPCORE_H
#define KPCHECK_KMOD_KPCHECK_PATCH_KPCORE_H

#define KPCHECK_PATCH(_funcs, _shadows, _pre, _post, _pre_un, _post_un)	\
static const struct kpcheck_callbacks kpcheck_cb = {			\
	_pre, _post, _pre_un, _post_un };				\
static void kpcheck_post_unpatch(void)					\
{									\
	kpcheck_free_shadows(_shadows);					\
	if (kpcheck_cb.post_unpatch)					\
		kpcheck_cb.post_unpatch();				\
}									\
static struct kpcore_patch kpcheck_patch = {				\
	.mod = THIS_MODULE,						\
	.funcs = _funcs,						\
	.pre_patch = _pre,						\
	.post_patch = _post,						\
	.pre_unpatch = _pre_un,						\
	.post_unpatch = kpcheck_post_unpatch,				\
};									\
static int __init kpcheck_patch_init(void)				\
{									\
	return kpcore_register_patch(&kpcheck_patch);			\
}									\
static void __exit kpcheck_patch_exit(void)				\
{									\
	kpcore_unregister_patch(&kpcheck_patch);			\
}									\
module_init(kpcheck_patch_init);					\
module_exit(kpcheck_patch_exit);					\
KPCHECK_STAMP("core", "kpcore")

#endif /* KPCHECK_KMOD_KPCHECK_PATCH_KPCORE_H */
