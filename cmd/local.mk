# SPDX-License-Identifier: GPL-2.0-or-later
# cmd/local.mk - the commands: thin programs over libforkscope sharing
# cmd/common.c (errors, escaping, options) and cmd/common-output.c (the
# output layer: tree art, colour, the terminal's width).
#
# Layout: what every command shares stays in cmd/ (common*.*, optval.*,
# jsonwrt.*, place.*), as does a command of one file (pforest.c,
# procsnap.c); a command made of several files has a folder of its own,
# cmd/NAME-src/ (forktop, forkwatch, reapcheck), the -src because the
# program itself is built as cmd/NAME.  Within a folder, calls go one way:
# the main file calls the others, never the reverse.
bin_PROGRAMS += cmd/pforest cmd/procsnap cmd/reapcheck cmd/forkwatch

CMD_CPPFLAGS = -I$(top_srcdir)/lib -I$(top_srcdir)/cmd
CMD_LIBS = lib/libforkscope.la

noinst_LTLIBRARIES += cmd/libcommon.la
cmd_libcommon_la_SOURCES = cmd/common.c cmd/common.h cmd/common-output.c \
	cmd/optval.c cmd/jsonwrt.c cmd/place.c cmd/group.c \
	cmd/common-output.h cmd/jsonwrt.h cmd/optval.h cmd/place.h cmd/group.h
cmd_libcommon_la_CPPFLAGS = $(CMD_CPPFLAGS)

cmd_pforest_SOURCES = cmd/pforest.c
cmd_pforest_CPPFLAGS = $(CMD_CPPFLAGS)
cmd_pforest_LDADD = cmd/libcommon.la $(CMD_LIBS)

cmd_procsnap_SOURCES = cmd/procsnap.c
cmd_procsnap_CPPFLAGS = $(CMD_CPPFLAGS)
cmd_procsnap_LDADD = cmd/libcommon.la $(CMD_LIBS)

cmd_reapcheck_SOURCES = cmd/reapcheck-src/reapcheck.c \
	cmd/reapcheck-src/reapcheck-watch.c \
	cmd/reapcheck-src/reapcheck-common.c cmd/reapcheck-src/reapcheck-common.h \
	cmd/reapcheck-src/reapcheck-watch.h
cmd_reapcheck_CPPFLAGS = $(CMD_CPPFLAGS)
cmd_reapcheck_LDADD = cmd/libcommon.la $(CMD_LIBS)

cmd_forkwatch_SOURCES = cmd/forkwatch-src/forkwatch.c \
	cmd/forkwatch-src/forkwatch-print.c cmd/forkwatch-src/forkwatch-print.h \
	cmd/forkwatch-src/forkwatch-slices.c cmd/forkwatch-src/forkwatch-slices.h
cmd_forkwatch_CPPFLAGS = $(CMD_CPPFLAGS)
cmd_forkwatch_LDADD = cmd/libcommon.la $(CMD_LIBS)

# forktop: the model, the keys and the text are plain C; forktop-draw.c is
# the one file that includes curses.
if HAVE_NCURSES
bin_PROGRAMS += cmd/forktop
endif
cmd_forktop_SOURCES = cmd/forktop-src/forktop.c \
	cmd/forktop-src/forktop-model.c cmd/forktop-src/forktop-model.h \
	cmd/forktop-src/forktop-ui.c cmd/forktop-src/forktop-ui.h \
	cmd/forktop-src/forktop-text.c cmd/forktop-src/forktop-text.h \
	cmd/forktop-src/forktop-draw.c cmd/forktop-src/forktop-draw.h \
	cmd/forktop-src/forktop-events.c cmd/forktop-src/forktop-events.h
cmd_forktop_CPPFLAGS = $(CMD_CPPFLAGS)
cmd_forktop_CFLAGS = $(AM_CFLAGS) $(NCURSES_CFLAGS)
cmd_forktop_LDADD = cmd/libcommon.la $(CMD_LIBS) $(NCURSES_LIBS)
