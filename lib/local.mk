# SPDX-License-Identifier: LGPL-2.1-or-later
# lib/local.mk - libforkscope, its header and its pkg-config file.
lib_LTLIBRARIES += lib/libforkscope.la
include_HEADERS += lib/forkscope.h
pkgconfig_DATA += lib/forkscope.pc
EXTRA_DIST += lib/forkscope.pc.in

lib_libforkscope_la_SOURCES = \
	lib/internal.h \
	lib/root.c \
	lib/manifest.c \
	lib/mountinfo.c \
	lib/parse-stat.c \
	lib/parse-status.c \
	lib/parse-cmdline.c \
	lib/read.c \
	lib/cmdcache.c \
	lib/bpf-source.c \
	lib/bpf-decode.c \
	lib/bpf-core.c \
	lib/btf.c \
	lib/bpf/tasks.h \
	lib/table.c \
	lib/arena.c \
	lib/bigmem.c \
	lib/tree.c \
	lib/escape.c \
	lib/snap.c \
	lib/users.c \
	lib/cgroup.h \
	lib/cgroup.c \
	lib/audit.c \
	lib/columns.c \
	lib/events.c \
	lib/netlink.c \
	lib/tracker.c \
	lib/record.c \
	lib/watch.c \
	lib/wlive.c \
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

# The BPF task source: the program is compiled for the BPF target and
# embedded in the library as the bytes of its object (bpf-source.c
# relocates and loads it; libbpf's headers are needed to compile it, not
# libbpf itself to run it).
EXTRA_DIST += lib/bpf/tasks.bpf.c
if HAVE_BPF
lib_libforkscope_la_CPPFLAGS = -I$(top_builddir)/lib
nodist_lib_libforkscope_la_SOURCES = lib/bpf/tasks.bpf.inc
BUILT_SOURCES += lib/bpf/tasks.bpf.inc
# also when only the library is asked for (BUILT_SOURCES serves all/check);
# through the variable, so that automake keeps its own rule for the object
$(lib_libforkscope_la_OBJECTS): lib/bpf/tasks.bpf.inc
CLEANFILES += lib/bpf/tasks.bpf.inc lib/bpf/tasks.bpf.o
lib/bpf/tasks.bpf.o: $(srcdir)/lib/bpf/tasks.bpf.c $(srcdir)/lib/bpf/tasks.h
	$(AM_V_GEN)$(MKDIR_P) lib/bpf && \
	$(CLANG) -O2 -g -target bpf -Wall $(LIBBPF_CFLAGS) \
		-c $(srcdir)/lib/bpf/tasks.bpf.c -o $@
# the object as a C initializer: "0x7f,0x45,..." 16 bytes a line
lib/bpf/tasks.bpf.inc: lib/bpf/tasks.bpf.o
	$(AM_V_GEN)od -An -v -tx1 lib/bpf/tasks.bpf.o | \
		sed 's/ *\([0-9a-f][0-9a-f]\)/0x\1,/g' > $@.tmp && mv $@.tmp $@
endif
