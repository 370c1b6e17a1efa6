# SPDX-License-Identifier: LGPL-2.1-or-later
# lib/local.mk - libforkscope, its header and its pkg-config file.
#
# lib/forkscope.h is the one public header.  The library's files are in
# folders by concern: source/ (the proc root, all its I/O, and the task
# sources), parse/ (pure parsers of /proc text and of a snapshot's
# manifest), model/ (the table, its forest, the audits), text/ (what a
# value looks like), events/ (the proc connector, records, the watch and
# its sources), snapshot/ (writing one); bpf/ holds the BPF programs.
# What calls what: parse/ calls no other folder; source/ reads through
# the root, parses what it reads (parse/) and fills the table and its
# forest (model/); model/ reads what a table lacks through the root
# (source/); text/ formats the table's values and reads uptime, meminfo
# and user names through the root; events/ and snapshot/ use source/,
# parse/ and model/, and no other folder calls text/, events/ or
# snapshot/.
# Each module's private header is next to it; a file includes another
# folder's as "folder/name.h", from lib/.
lib_LTLIBRARIES += lib/libforkscope.la
include_HEADERS += lib/forkscope.h
pkgconfig_DATA += lib/forkscope.pc
EXTRA_DIST += lib/forkscope.pc.in

# the proc root, its I/O, and the task sources read.c picks from
LIB_SOURCE = \
	lib/source/root.h \
	lib/source/root.c \
	lib/source/read.c \
	lib/source/proc-source.h \
	lib/source/proc-source.c \
	lib/source/source.h \
	lib/source/bpf-source.h \
	lib/source/bpf-source.c \
	lib/source/bpf-decode.h \
	lib/source/bpf-decode.c \
	lib/bpf/tasks.h \
	lib/source/cmdcache.h \
	lib/source/cmdcache.c \
	lib/source/users.h \
	lib/source/users.c \
	lib/source/mountinfo.h \
	lib/source/mountinfo.c
# pure parsers of /proc text and of a snapshot's manifest
LIB_PARSE = \
	lib/parse/parse.h \
	lib/parse/parse-stat.c \
	lib/parse/parse-status.c \
	lib/parse/parse-cmdline.c \
	lib/parse/parse-meminfo.c \
	lib/parse/cgroup.h \
	lib/parse/cgroup.c \
	lib/parse/manifest.h \
	lib/parse/manifest.c
# the table, its forest and the audits over them
LIB_MODEL = \
	lib/model/arena.h \
	lib/model/arena.c \
	lib/model/task.h \
	lib/model/table.h \
	lib/model/table.c \
	lib/model/tree.h \
	lib/model/tree.c \
	lib/model/audit.c \
	lib/model/reapaudit.c \
	lib/model/reapwatch.c
# text: escaping, the column table
LIB_TEXT = \
	lib/text/escape.c \
	lib/text/columns.c
# events and the watch with its sources
LIB_EVENTS = \
	lib/events/events.c \
	lib/events/netlink.c \
	lib/events/record.c \
	lib/events/tracker.h \
	lib/events/tracker.c \
	lib/events/watch.h \
	lib/events/watch.c \
	lib/events/wbatch.h \
	lib/events/wbatch.c \
	lib/events/wlive.h \
	lib/events/wlive.c \
	lib/events/wproc.h \
	lib/events/wproc.c \
	lib/events/wptrace.h \
	lib/events/wptrace.c \
	lib/events/wptrace-decode.c \
	lib/events/wbpf.h \
	lib/events/wbpf.c \
	lib/events/bpf-events.h \
	lib/events/bpf-events.c \
	lib/bpf/events.h \
	lib/events/wcgroup.h \
	lib/events/wcgroup.c \
	lib/events/wreplay.h \
	lib/events/wreplay.c
# snapshots: the writer
LIB_SNAPSHOT = \
	lib/snapshot/snap.c
lib_libforkscope_la_SOURCES = $(LIB_SOURCE) $(LIB_PARSE) $(LIB_MODEL) \
	$(LIB_TEXT) $(LIB_EVENTS) $(LIB_SNAPSHOT)
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
lib_libforkscope_la_CPPFLAGS = -I$(top_srcdir)/lib
if HAVE_BPF
lib_libforkscope_la_CPPFLAGS += -I$(top_builddir)/lib $(LIBBPF_CFLAGS)
nodist_lib_libforkscope_la_SOURCES = $(BPF_SKELS)
BUILT_SOURCES += $(BPF_SKELS)
# also when only the library is asked for (BUILT_SOURCES serves all/check);
# through the variable, so that automake keeps its own rule for the object
$(lib_libforkscope_la_OBJECTS): $(BPF_SKELS)
CLEANFILES += $(BPF_SKELS) $(BPF_SKELS:.lskel.h=.bpf.o)
endif

