# make install [PREFIX=/usr/local] [DESTDIR=]
#   PREFIX/bin/kpcheck                 the program
#   PREFIX/lib/kpcheck/*.so            the tier plugins, found from the
#                                      binary's path (lib/paths.h)
#   PREFIX/lib/kpcheck/kmod/kpcore/    kpcore.ko, if `make kmod` built it
#   PREFIX/share/kpcheck/kmod, shadow  kpcore's sources and headers, which
#                                      `kpcheck build` copies into modules
#   PREFIX/share/man/man1/kpcheck.1
#   PREFIX/share/bash-completion/completions/kpcheck
# DESTDIR stages the whole tree elsewhere (a package build); the staged
# binary already runs, as install-test shows.
PREFIX ?= /usr/local
INSTALL ?= install
KP_BINDIR = $(DESTDIR)$(PREFIX)/bin
KP_LIBDIR = $(DESTDIR)$(PREFIX)/lib/kpcheck
KP_DATADIR = $(DESTDIR)$(PREFIX)/share/kpcheck
KP_MANDIR = $(DESTDIR)$(PREFIX)/share/man/man1
KP_COMPDIR = $(DESTDIR)$(PREFIX)/share/bash-completion/completions
KPCORE_FILES := $(wildcard kmod/*.[chS]) kmod/Kbuild
SHADOW_FILES := shadow/shadow.h shadow/shadow.c
KPCORE_BUILT := $(wildcard $(addprefix $(O)/kmod/kpcore/,kpcore.ko Module.symvers kver))

install: all
	$(INSTALL) -d $(KP_BINDIR) $(KP_LIBDIR) $(KP_DATADIR)/kmod $(KP_DATADIR)/shadow $(KP_MANDIR) \
		$(KP_COMPDIR)
	$(INSTALL) -m 755 $(O)/kpcheck $(KP_BINDIR)/kpcheck
	$(INSTALL) -m 644 $(PLUGINS) $(KP_LIBDIR)/
	$(INSTALL) -m 644 $(KPCORE_FILES) $(KP_DATADIR)/kmod/
	$(INSTALL) -m 644 $(SHADOW_FILES) $(KP_DATADIR)/shadow/
	$(INSTALL) -m 644 doc/kpcheck.1 $(KP_MANDIR)/kpcheck.1
	$(INSTALL) -m 644 scripts/bash-completion/kpcheck $(KP_COMPDIR)/kpcheck
	$(if $(KPCORE_BUILT),$(INSTALL) -d $(KP_LIBDIR)/kmod/kpcore)
	$(if $(KPCORE_BUILT),$(INSTALL) -m 644 $(KPCORE_BUILT) $(KP_LIBDIR)/kmod/kpcore/)

uninstall:
	rm -f $(KP_BINDIR)/kpcheck $(KP_MANDIR)/kpcheck.1 $(KP_COMPDIR)/kpcheck
	rm -rf $(KP_LIBDIR) $(KP_DATADIR)

# Install into a DESTDIR under $TMPDIR and run the staged binary there:
# it must find its own plugins (tests/make/install.sh).
install-test: all ktree
	@KTREE=$$(sh scripts/ktree.sh) sh tests/make/install.sh

CHECK_TREE += install-test
.PHONY: install uninstall install-test
