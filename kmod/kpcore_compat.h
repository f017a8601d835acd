/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kpcore_compat.h - the kernel APIs kpcore uses that changed between the
 * kernels it builds for (Debian's 6.1 and 6.12).  Every version check of
 * kpcore is here; the rest of kmod/ calls these wrappers.
 *
 *  - 6.5 replaced the per-address direct-call API
 *    (register_ftrace_direct(ip, addr)) by one taking an ftrace_ops
 *    whose filter names the addresses; unregistering also frees that
 *    filter when asked to.
 *  - 6.7 renamed ftrace_instruction_pointer_set() to
 *    ftrace_regs_set_instruction_pointer().
 *
 * Symbol lookups need no check: module symbols are walked through
 * find_module() and the module's own kallsyms table (kpcore_sym.c),
 * which 6.1 and 6.12 share, not module_kallsyms_on_each_symbol(), whose
 * arguments changed twice meanwhile (6.2, 6.3).
 */
#ifndef KPCHECK_KMOD_KPCORE_COMPAT_H
#define KPCHECK_KMOD_KPCORE_COMPAT_H

#include <linux/version.h>
#include <linux/ftrace.h>

/* The series kpcore is built for as one number: 6.12 is 612. */
#define KPCORE_SERIES	(LINUX_VERSION_MAJOR * 100 + LINUX_VERSION_PATCHLEVEL)

/* Sends the traced call at @fregs to @ip when the handler returns. */
static __always_inline void kpcore_fregs_set_ip(struct ftrace_regs *fregs,
						unsigned long ip)
{
#if KPCORE_SERIES >= 607
	ftrace_regs_set_instruction_pointer(fregs, ip);
#else
	ftrace_instruction_pointer_set(fregs, ip);
#endif
}

/**
 * kpcore_direct_add() - call @addr directly from the fentry site at @ip
 * @ops: a zeroed ops, the site's own; unused before 6.5
 * @ip: the fentry site
 * @addr: the trampoline
 *
 * Return: 0, or ftrace's negative errno with nothing registered
 * (-EBUSY when an IPMODIFY ops such as livepatch's has the site).
 */
static inline int kpcore_direct_add(struct ftrace_ops *ops, unsigned long ip,
				    unsigned long addr)
{
#if KPCORE_SERIES >= 605
	int ret = ftrace_set_filter_ip(ops, ip, 0, 0);

	if (ret)
		return ret;
	ret = register_ftrace_direct(ops, addr);
	if (ret)
		ftrace_free_filter(ops);
	return ret;
#else
	return register_ftrace_direct(ip, addr);
#endif
}

/* Undoes kpcore_direct_add(). */
static inline int kpcore_direct_del(struct ftrace_ops *ops, unsigned long ip,
				    unsigned long addr)
{
#if KPCORE_SERIES >= 605
	return unregister_ftrace_direct(ops, addr, true);
#else
	return unregister_ftrace_direct(ip, addr);
#endif
}

#endif /* KPCHECK_KMOD_KPCORE_COMPAT_H */
