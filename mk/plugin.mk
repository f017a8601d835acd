# The plugin interface's test: a plugin built for another ABI number,
# which tests/unit/test-plugin.c must see refused.
$(O)/tests/plugin/kpcheck-object.so: tests/plugin/wrong-abi.c analyzer/plugin.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -fPIC -shared -o $@ $<

$(O)/tests/unit/test-plugin: $(O)/tests/plugin/kpcheck-object.so \
	$(O)/kpcheck-object.so $(O)/kpcheck-source.so
