/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * forktop-ui.h - what a key does in forktop: modes (tree, help, search and
 * filter prompts, the signal confirmation), the details pane, pause, and
 * the view model behind them.  Pure: keys come in as the codes below, not
 * curses's, so that the headless mode and the terminal share it.
 */
#ifndef FORKTOP_UI_H
#define FORKTOP_UI_H

#include <stdbool.h>
#include "forkscope.h"
#include "forktop-model.h"
#include "forktop-text.h"

/* Keys other than characters (which are their own code). */
enum {
	K_NONE = -1,
	K_UP = 0x110000, K_DOWN, K_LEFT, K_RIGHT, K_PGUP, K_PGDN, K_HOME,
	K_END, K_ENTER, K_ESC, K_BACKSPACE, K_RESIZE, K_F9, K_TAB,
	K_CLICK,		/* mouse button 1 on a tree row: ui.click_row */
	K_WHEEL_UP, K_WHEEL_DOWN,
	K_OTHER,		/* input that is no key forktop knows (a mouse
				 * release, an unknown function key): ignored,
				 * but the terminal did send something */
};

enum ui_mode { UI_TREE, UI_HELP, UI_SEARCH, UI_FILTER, UI_SIGNAL, UI_USER,
	       UI_COLUMNS };

/* A signal asked for, named by what its confirmation showed. */
struct pending {
	struct task_id id;
	char *name;		/* escaped comm */
	long long started;	/* seconds since the epoch, -1 unknown */
	int sig;		/* index in ui_signals */
};

struct ui {
	struct model *m;
	enum ui_mode mode;
	bool details;		/* the details pane is open */
	bool paused;		/* no refresh */
	bool snapshot;		/* a snapshot: no refresh, no signals */
	bool foreign;		/* another pid namespace's /proc: no signals */
	char input[256];	/* the prompt's text */
	size_t inlen;
	bool nomatch;		/* the search's text matches nothing */
	struct pending pending;
	size_t click_row;	/* K_CLICK: the row clicked */
	char message[256];	/* one line for the hint bar (after the
				 * prompt in one), until a key */
	char events[96];	/* the title's event counts, "" for none */
	struct columns cols;	/* before the tree (-o, the c key) */
	struct summary sum;	/* the summary lines' counts, of the caller */
};

enum ui_action {
	UA_NONE,
	UA_QUIT,
	UA_SIGNAL,		/* send ui.pending (confirmed) */
	UA_REFRESH,		/* read the tasks again now (also for the
				 * fields new columns need) */
};

struct ui_signal {
	int sig;
	const char *name;
};
/* The signals k offers, SIGTERM first. */
extern const struct ui_signal ui_signals[];
extern const size_t ui_nsignals;

void ui_init(struct ui *u, struct model *m, bool snapshot);
void ui_free(struct ui *u);
/* Applies one key; returns what the caller must do. */
enum ui_action ui_key(struct ui *u, int key);
/* After the tasks were read again: says on the hint bar when the
 * followed process is gone, which ended the follow. */
void ui_refreshed(struct ui *u);
/* Sets the hint bar's message (printf-style). */
void ui_say(struct ui *u, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
