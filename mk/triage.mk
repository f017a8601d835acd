# kpcheck triage: a folder of good and bad patches, exit codes, JSON
# parsed back (patch tier: a second or two).
triage-test: all
	@bash tests/triage/run.sh $(O)

QUICK_TARGETS += triage-test
.PHONY: triage-test

# The pre-image facts cache on the Debian tree: garbage, truncated,
# flipped and foreign entries, two runs at once, the LRU bound.
triage-cache-test: all ktree
	@bash tests/triage/cache.sh $(O)

CHECK_TREE += triage-cache-test
CHECK_KERNEL += triage-cache-test
.PHONY: triage-cache-test

# Object builds: the original from the objects cache, a corrupt entry
# rebuilt, ccache hits, distcc to a distccd on 127.0.0.1 (some 30 s).
triage-objects-test: all ktree
	@bash tests/triage/objects.sh $(O)

CHECK_TREE += triage-objects-test
CHECK_KERNEL += triage-objects-test
# It corrupts the newest cache entry of fs/proc/cmdline.c: two kernels'
# runs at once would each take the other's.
CHECK_LOCKS += triage-objects-test=objects-cache
.PHONY: triage-objects-test

# The backlog benchmark: the real fixes triaged cold and warm, per patch
# against clang -fsyntax-only; writes the "## Backlog" section of
# BENCHMARKS.md (tests/bench/backlog.py; some 15 minutes on 2 cores).
bench-backlog: all ktree
	@python3 tests/bench/backlog.py $(O)/kpcheck $(O)/bench-backlog.md BENCHMARKS.md

BENCH_TARGETS += bench-backlog
.PHONY: bench-backlog

# One-file --objects verdicts: sequential, at once, original cached,
# ccache, distcc (tests/bench/objects.py; some 5 minutes).
bench-objects: all ktree
	@python3 tests/bench/objects.py $(O)/kpcheck $(O)/bench-objects.md BENCHMARKS.md

BENCH_TARGETS += bench-objects
.PHONY: bench-objects

# kpcheck --git and triage --git on a scratch git repository of the
# Debian tree's files with a real stable fix committed (tests/git/run.sh).
git-test: all ktree
	@sh tests/git/run.sh $(O)
CHECK_TREE += git-test
.PHONY: git-test

# The page of triage --html, compiled into the program as a C string.
$(O)/gen/triage-html.h: triage/report.html
	@mkdir -p $(dir $@)
	awk 'BEGIN { print "static const char report_html[] =" } \
		{ gsub(/\\/, "\\\\"); gsub(/"/, "\\\""); print "\"" $$0 "\\n\"" } \
		END { print ";" }' $< >$@.tmp && mv $@.tmp $@
$(O)/triage/html.o: $(O)/gen/triage-html.h

# triage --html in headless Chromium: a screenshot, the table sorted and
# filtered by script, a fix's detail view, no console error.
html-test: deps all
	@sh tests/html/run.sh $(O)
CHECK_FAST += html-test
.PHONY: html-test
