/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kpcore_tramp.h - the pool of direct-call trampolines (kpcore_tramp.S),
 * shared by the assembly and by kpcore_core.c.
 */
#ifndef KPCHECK_KMOD_KPCORE_TRAMP_H
#define KPCHECK_KMOD_KPCORE_TRAMP_H

/* Sites redirected by direct call at once; further ones use ftrace_ops. */
#define KPCORE_NR_TRAMPS	64
/* Bytes per trampoline: the largest retpoline form fits in 32. */
#define KPCORE_TRAMP_SIZE	32

#ifndef __ASSEMBLY__
extern char kpcore_tramp_pool[];
extern unsigned long kpcore_tramp_target[KPCORE_NR_TRAMPS];

static inline unsigned long kpcore_tramp_addr(int slot)
{
	return (unsigned long)kpcore_tramp_pool + slot * KPCORE_TRAMP_SIZE;
}
#endif

#endif /* KPCHECK_KMOD_KPCORE_TRAMP_H */
