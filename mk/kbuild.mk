# The kbuild service's test client: the object-tier cases build their
# objects with tests/object/kbuild-pair (tests/object/pair.sh), through the
# same overlay builds as `kpcheck --objects`.  It links the main program's
# objects, which $(O)/kpcheck stands for (MAIN_OBJS is set after mk/*.mk).
$(O)/tests/object/kbuild-pair: tests/object/kbuild-pair.c $(O)/kpcheck
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(filter-out $(O)/kpcheck.o,$(MAIN_OBJS)) \
		$(LDFLAGS) $(MAIN_LIBS)

objdiff-test bench-objdiff sarif-validate: $(O)/tests/object/kbuild-pair
