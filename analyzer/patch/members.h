/*
 * Patch-tier member facts for changed struct/union/enum definitions.
 */
#ifndef KPCHECK_ANALYZER_PATCH_MEMBERS_H
#define KPCHECK_ANALYZER_PATCH_MEMBERS_H

#include "analyzer/model/model.h"

void members_from_patch(struct kp_file_model *fm);

#endif
