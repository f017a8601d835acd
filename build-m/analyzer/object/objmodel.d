build-m/analyzer/object/objmodel.o: analyzer/object/objmodel.c \
 analyzer/object/dwarf.h analyzer/object/objtier.h analyzer/model/ctx.h \
 analyzer/model/model.h analyzer/model/patch.h analyzer/object/objdiff.h \
 analyzer/object/elf.h rules/findings.h lib/util.h rules/rules.h \
 rules/rules.def
analyzer/object/dwarf.h:
analyzer/object/objtier.h:
analyzer/model/ctx.h:
analyzer/model/model.h:
analyzer/model/patch.h:
analyzer/object/objdiff.h:
analyzer/object/elf.h:
rules/findings.h:
lib/util.h:
rules/rules.h:
rules/rules.def:
