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
