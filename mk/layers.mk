# The floor plan (doc/architecture.md): no file includes or calls into a
# higher layer, each plugin exports one table and kpcheck nothing
# (scripts/check-layers.sh); and the check itself on a made-up house
# (tests/layers/run.sh).  Needs no tree, no root; the export check runs
# on $(O) when it has been built.
layers:
	@sh scripts/check-layers.sh $(O)
	@sh tests/layers/run.sh

QUICK_TARGETS += layers
.PHONY: layers
