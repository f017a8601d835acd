/*
 * The object tier's bridge to the change model: the facts of one object
 * diff (analyzer/model/objfacts.h), put into the model of the file it was
 * built from.  It writes no finding: rules/ judge the facts.
 */
#ifndef KPCHECK_ANALYZER_OBJECT_OBJTIER_H
#define KPCHECK_ANALYZER_OBJECT_OBJTIER_H

#include "analyzer/model/ctx.h"
#include "analyzer/object/objdiff.h"
#include "analyzer/model/model.h"

/* The entries of the plugin table (objplugin.c): the tier, and the facts
 * of `kpcheck objdiff` (-1 with @err set when an object cannot be read). */
int kp_object_analyze(struct kp_ctx *ctx);
int kp_objdiff_analyze(struct kp_ctx *ctx, const char *orig, const char *patched,
		       char *err, size_t errlen);
/* DWARF struct/union layouts pre vs post, as data-layout members. */
void objtier_layouts(struct kp_model *m, struct kp_file_model *fm, struct od_result *r);
/* @standalone: `kpcheck objdiff`, whose model holds the object alone
 * (deleted functions become definitions of their own). */
void objtier_apply(struct kp_model *m, struct kp_file_model *fm, struct od_result *r,
		   bool standalone);

#endif
