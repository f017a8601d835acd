/*
 * The object tier's bridge to the change model: facts and findings from
 * one object diff, put into the model of the file it was built from.
 */
#ifndef KPCHECK_ANALYZER_OBJECT_OBJTIER_H
#define KPCHECK_ANALYZER_OBJECT_OBJTIER_H

#include "analyzer/model/ctx.h"
#include "analyzer/object/objdiff.h"

/* The entries of the plugin table (objplugin.c): the tier, `kpcheck objdiff`. */
int kp_object_analyze(struct kp_ctx *ctx);
int kp_objdiff_main(int argc, char **argv);
/* DWARF struct/union layouts pre vs post, as data-layout members. */
void objtier_layouts(struct kp_ctx *ctx, struct kp_file_model *fm, struct od_result *r);
void objtier_apply(struct kp_ctx *ctx, struct kp_file_model *fm, struct od_result *r);

#endif
