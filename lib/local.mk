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
	lib/bpf/tasks.h \
	lib/table.c \
	lib/tree.c \
	lib/escape.c \
	lib/snap.c \
	lib/users.c \
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

# The BPF task source: the program is compiled for the BPF target and
# embedded in the library as a bpftool skeleton (an object in a header).
EXTRA_DIST += lib/bpf/tasks.bpf.c
if HAVE_BPF
lib_libforkscope_la_CPPFLAGS = -I$(top_builddir)/lib $(LIBBPF_CFLAGS)
lib_libforkscope_la_LIBADD += $(LIBBPF_LIBS)
nodist_lib_libforkscope_la_SOURCES = lib/bpf/tasks.skel.h
BUILT_SOURCES += lib/bpf/tasks.skel.h
# also when only the library is asked for (BUILT_SOURCES serves all/check)
lib/libforkscope_la-bpf-source.lo: lib/bpf/tasks.skel.h
CLEANFILES += lib/bpf/tasks.skel.h lib/bpf/tasks.bpf.o
lib/bpf/tasks.bpf.o: $(srcdir)/lib/bpf/tasks.bpf.c $(srcdir)/lib/bpf/tasks.h
	$(AM_V_GEN)$(MKDIR_P) lib/bpf && \
	$(CLANG) -O2 -g -target bpf -Wall $(LIBBPF_CFLAGS) \
		-c $(srcdir)/lib/bpf/tasks.bpf.c -o $@
lib/bpf/tasks.skel.h: lib/bpf/tasks.bpf.o
	$(AM_V_GEN)$(BPFTOOL) gen skeleton lib/bpf/tasks.bpf.o name fks_tasks \
		> $@.tmp && mv $@.tmp $@
endif
