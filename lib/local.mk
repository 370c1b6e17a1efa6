# SPDX-License-Identifier: LGPL-2.1-or-later
# lib/local.mk - libforkscope, its header and its pkg-config file.
lib_LTLIBRARIES += lib/libforkscope.la
include_HEADERS += lib/forkscope.h
pkgconfig_DATA += lib/forkscope.pc
EXTRA_DIST += lib/forkscope.pc.in

lib_libforkscope_la_SOURCES = \
	lib/root.h \
	lib/arena.h \
	lib/table.h \
	lib/task.h \
	lib/parse.h \
	lib/read.h \
	lib/cmdcache.h \
	lib/users.h \
	lib/manifest.h \
	lib/mountinfo.h \
	lib/bpf-source.h \
	lib/bpf-decode.h \
	lib/tracker.h \
	lib/bpf-events.h \
	lib/watch.h \
	lib/wlive.h \
	lib/wptrace.h \
	lib/wbpf.h \
	lib/wcgroup.h \
	lib/wreplay.h \
	lib/root.c \
	lib/manifest.c \
	lib/mountinfo.c \
	lib/parse-stat.c \
	lib/parse-meminfo.c \
	lib/parse-status.c \
	lib/parse-cmdline.c \
	lib/source.h \
	lib/read.c \
	lib/cmdcache.c \
	lib/bpf-source.c \
	lib/bpf-decode.c \
	lib/bpf/tasks.h \
	lib/bpf-events.c \
	lib/bpf/events.h \
	lib/table.c \
	lib/arena.c \
	lib/tree.c \
	lib/escape.c \
	lib/snap.c \
	lib/users.c \
	lib/cgroup.h \
	lib/cgroup.c \
	lib/audit.c \
	lib/reapaudit.c \
	lib/reapwatch.c \
	lib/columns.c \
	lib/events.c \
	lib/netlink.c \
	lib/tracker.c \
	lib/record.c \
	lib/watch.c \
	lib/wbatch.c \
	lib/wlive.c \
	lib/wptrace.c \
	lib/wptrace-decode.c \
	lib/wbpf.c \
	lib/wcgroup.c \
	lib/wreplay.c
lib_libforkscope_la_LIBADD = $(PTHREAD_LIBS)
lib_libforkscope_la_LDFLAGS = -version-info $(LIBFORKSCOPE_LT_VERSION) \
	-export-symbols-regex '^fks_'

# libtool writes the directory the library is to be installed in into
# what it links: the library's .la (libdir=) and each program's installed
# copy (its RUNPATH, as in cmd/.libs/pforest).  No object depends on it,
# so after configure with another --prefix or --libdir make kept the old
# links and `make install` installed commands that looked for the library
# where it was not.  This stamp changes when, and only when, that
# directory does; the library depends on it and the programs on the
# library, so they are linked again.
lib/libdir.stamp: Makefile
	$(AM_V_at)$(MKDIR_P) lib && echo '$(libdir)' > $@.tmp && \
	if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv -f $@.tmp $@; fi
EXTRA_lib_libforkscope_la_DEPENDENCIES = lib/libdir.stamp
DISTCLEANFILES += lib/libdir.stamp

# The BPF programs, each lib/bpf/NAME.bpf.c, compiled for the BPF target
# and made a light skeleton in the build tree, lib/bpf/NAME.lskel.h
# (struct NAME_bpf and NAME_bpf__open(), __load(), __destroy()), which
# the library includes: the skeleton's loader program has the kernel
# relocate and load the program; libbpf's headers are needed to build,
# libbpf is not linked.  A program is added by listing its skeleton in
# BPF_SKELS (with the headers it includes as its prerequisites) and its
# source in EXTRA_DIST.
EXTRA_DIST += lib/bpf/common.bpf.h lib/bpf/tasks.bpf.c lib/bpf/events.bpf.c
BPF_SKELS = lib/bpf/tasks.lskel.h lib/bpf/events.lskel.h
lib/bpf/tasks.lskel.h: $(srcdir)/lib/bpf/tasks.h $(srcdir)/lib/bpf/common.bpf.h
lib/bpf/events.lskel.h: $(srcdir)/lib/bpf/events.h \
	$(srcdir)/lib/bpf/common.bpf.h
SUFFIXES = .bpf.c .lskel.h
.bpf.c.lskel.h:
	$(AM_V_GEN)$(MKDIR_P) `dirname $@` && \
	$(CLANG) -O2 -g -target bpf -Wall $(LIBBPF_CFLAGS) \
		-c $< -o $*.bpf.o && \
	$(BPFTOOL) gen skeleton -L $*.bpf.o name `basename $*`_bpf \
		> $@.tmp && mv $@.tmp $@
if HAVE_BPF
lib_libforkscope_la_CPPFLAGS = -I$(top_builddir)/lib $(LIBBPF_CFLAGS)
nodist_lib_libforkscope_la_SOURCES = $(BPF_SKELS)
BUILT_SOURCES += $(BPF_SKELS)
# also when only the library is asked for (BUILT_SOURCES serves all/check);
# through the variable, so that automake keeps its own rule for the object
$(lib_libforkscope_la_OBJECTS): $(BPF_SKELS)
CLEANFILES += $(BPF_SKELS) $(BPF_SKELS:.lskel.h=.bpf.o)
endif

