/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kpcore_tramp.S - the direct-call trampolines.
 *
 * An ftrace direct call at a patched function's fentry site calls one of
 * these, so on entry the stack holds the return address into the old
 * body, then the caller's.  The trampoline reads its slot's target: the
 * newest replacement, which it jumps to after dropping the first return
 * address, or 0, when it returns to the instruction after the fentry
 * call and the old body runs as if the call were a nop.  That is a
 * return and not a jump because with IBT (6.12) an indirect jump may
 * only land on an endbr64, which starts a function but not its body
 * after fentry.  The target is data written inside stop_machine(); the
 * code never changes once the module is loaded, so no text is patched
 * at switch time.  A task interrupted between the load and the jump
 * would still go to the target it read: the switch's stack check counts
 * a task interrupted here (or in the retpoline thunk) as running old
 * code.
 */
#include <linux/linkage.h>
#include <linux/objtool.h>
#include <asm/nospec-branch.h>
#include <asm/unwind_hints.h>
#include "kpcore_tramp.h"

	.text
	.balign KPCORE_TRAMP_SIZE
SYM_CODE_START(kpcore_tramp_pool)
	/* Reached by direct calls only: no endbr64 for IBT (6.12). */
	ANNOTATE_NOENDBR
	.set slot, 0
	.rept KPCORE_NR_TRAMPS
	/* Entered by a call: a function entry as far as the unwinder goes. */
	UNWIND_HINT_FUNC
	movq	kpcore_tramp_target + 8 * slot(%rip), %r11
	testq	%r11, %r11
	jz	1f
	lea	8(%rsp), %rsp
	/* The caller's return address is on top again: the new function's
	 * entry state.
	 */
	UNWIND_HINT_FUNC
	JMP_NOSPEC r11
1:	RET
	.balign	KPCORE_TRAMP_SIZE, 0xcc
	.set slot, slot + 1
	.endr
	/* A slot larger than KPCORE_TRAMP_SIZE moves the end forward: an
	 * error here, not a slot address that misses its code.
	 */
	.org	kpcore_tramp_pool + KPCORE_NR_TRAMPS * KPCORE_TRAMP_SIZE
SYM_CODE_END(kpcore_tramp_pool)
