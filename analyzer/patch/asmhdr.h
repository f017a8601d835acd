/*
 * Assembler code inside C headers: the .macro definitions and the
 * #ifdef __ASSEMBLY__ parts that .S files include (arch/x86/entry/
 * calling.h is nothing else).  A change there reaches assembly, which
 * no livepatch can replace, although the file looks like a C header.
 */
#ifndef KPCHECK_ANALYZER_PATCH_ASMHDR_H
#define KPCHECK_ANALYZER_PATCH_ASMHDR_H

#include "analyzer/model/model.h"

/* Set fm->asm_line: the first changed line of header @fm inside an
 * assembler macro or an __ASSEMBLY__ branch.  With @tree, also the .S
 * files of the tree that #include the header (fm->asm_includers). */
void asmhdr_scan(const char *tree, struct kp_file_model *fm);

#endif
