/*
 * `kpcheck objdiff ORIG.o PATCHED.o`: the object tier on its own, for any
 * pair of x86_64 kernel objects (with or without DWARF).  The main
 * program hands over a model holding one file, named after the patched
 * object; this fills it with the object's facts, and the main program
 * then judges them through rules/ and writes them in any report format,
 * with the exit codes of a patch run.
 */
#include <stdio.h>
#include "analyzer/object/objdiff.h"
#include "analyzer/object/objtier.h"

int kp_objdiff_analyze(struct kp_ctx *ctx, const char *orig, const char *patched,
		       char *err, size_t errlen)
{
	struct od_result r;
	struct kp_file_model *fm = &ctx->model->files[0];

	if (objdiff_run(&r, orig, patched, err, errlen)) {
		objdiff_free(&r);
		return -1;
	}
	objtier_apply(ctx->model, fm, &r, true);
	fm->tiers |= TIERBIT(TIER_OBJECT);
	objdiff_free(&r);
	return 0;
}
