/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * forktop-ui.c - what each key does (see forktop-ui.h).  It changes the
 * model and the modes and says what the caller must do (quit, refresh,
 * send the confirmed signal); it never draws and never signals itself.
 */
#include "config.h"

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "forktop-ui.h"

const struct ui_signal ui_signals[] = {
	{ SIGTERM, "TERM" }, { SIGKILL, "KILL" }, { SIGINT, "INT" },
	{ SIGHUP, "HUP" }, { SIGSTOP, "STOP" }, { SIGCONT, "CONT" },
	{ SIGCHLD, "CHLD" }, { SIGUSR1, "USR1" }, { SIGUSR2, "USR2" },
};
const size_t ui_nsignals = sizeof ui_signals / sizeof ui_signals[0];

void
ui_init(struct ui *u, struct model *m, bool snapshot)
{
	char why[128];

	memset(u, 0, sizeof *u);
	u->m = m;
	u->snapshot = snapshot;
	if (text_columns_parse(DEFAULT_COLUMNS, &u->cols, why, sizeof why))
		abort();	/* the default names columns that exist */
}

void
ui_free(struct ui *u)
{
	free(u->pending.name);
	u->pending.name = NULL;
}

void
ui_say(struct ui *u, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(u->message, sizeof u->message, fmt, ap);
	va_end(ap);
}

void
ui_refreshed(struct ui *u)
{
	pid_t gone = model_follow_ended(u->m);

	/* the "following N" that f said must not outlive N */
	if (gone)
		ui_say(u, "%d is gone: follow off", (int)gone);
}

/* Starts a prompt holding text. */
static void
prompt(struct ui *u, enum ui_mode mode, const char *text)
{
	u->mode = mode;
	u->inlen = 0;
	u->input[0] = '\0';
	if (text) {
		u->inlen = strlen(text) < sizeof u->input - 1
			 ? strlen(text) : sizeof u->input - 1;
		memcpy(u->input, text, u->inlen);
		u->input[u->inlen] = '\0';
	}
}

/* Edits the prompt's text; returns whether the key was an edit. */
static bool
edit(struct ui *u, int key)
{
	if (key == K_BACKSPACE || key == 0x7f || key == 8) {
		/* drop a whole UTF-8 character, not a byte of it */
		while (u->inlen > 0 &&
		       ((unsigned char)u->input[--u->inlen] & 0xc0) == 0x80)
			;
		u->input[u->inlen] = '\0';
		return true;
	}
	if (key == 'U' - '@') {	/* Ctrl-U: the line killed, as a shell */
		u->inlen = 0;
		u->input[0] = '\0';
		return true;
	}
	if (key < 0x20 || key >= 0x100 || u->inlen + 1 >= sizeof u->input)
		return false;
	/* bytes as they come: a UTF-8 terminal sends a character as its
	 * bytes, which match the raw bytes of a name */
	u->input[u->inlen++] = (char)key;
	u->input[u->inlen] = '\0';
	return true;
}

/* A text that matches nothing leaves the selection where the search
 * began (the model's) and says so, beside the prompt as it is typed,
 * then on the hint bar once Enter keeps it. */
static enum ui_action
search_key(struct ui *u, int key)
{
	if (key == K_ENTER || key == '\n') {
		model_search_end(u->m, true);
		u->mode = UI_TREE;
		if (u->nomatch)
			ui_say(u, "no match");
	} else if (key == K_ESC) {
		model_search_end(u->m, false);
		u->mode = UI_TREE;
	} else if (edit(u, key)) {
		u->nomatch = !model_search_set(u->m, u->input);
	}
	if (u->mode == UI_SEARCH && u->nomatch)
		ui_say(u, "no match");
	return UA_NONE;
}

/* The filter applies at each key, as the search does; Esc puts back the
 * one there was. */
static enum ui_action
filter_key(struct ui *u, int key)
{
	if (key == K_ENTER || key == '\n') {
		model_filter_end(u->m, true);
		u->mode = UI_TREE;
		if (model_nrows(u->m) == 0)
			ui_say(u, "nothing matches the filter (\\, "
			       "Backspace, Enter: drop it)");
	} else if (key == K_ESC) {
		model_filter_end(u->m, false);
		u->mode = UI_TREE;
	} else if (edit(u, key)) {
		model_set_filter(u->m, u->input);
	}
	return UA_NONE;
}

/* The user filter applies on Enter: a name typed half-way is no user,
 * and a name that is no user (user_known) leaves the filter as it was. */
static enum ui_action
user_key(struct ui *u, int key)
{
	char *e;

	if (key == K_ENTER || key == '\n') {
		u->mode = UI_TREE;
		if (u->inlen && model_table(u->m) &&
		    !user_known(model_table(u->m), u->input)) {
			e = xescape(u->input, u->inlen, escape_flags(), NULL);
			ui_say(u, "no user '%s': the filter stays", e);
			free(e);
			return UA_NONE;
		}
		model_set_user(u->m, u->input);
		if (!model_user(u->m)) {
			ui_say(u, "any user");
		} else if (model_nrows(u->m) == 0) {
			e = xescape(u->input, u->inlen, escape_flags(), NULL);
			ui_say(u, "no process of user '%s' (u, Enter: any "
			       "user)", e);
			free(e);
		}
	} else if (key == K_ESC) {
		u->mode = UI_TREE;
	} else {
		edit(u, key);
	}
	return UA_NONE;
}

/* New columns apply on Enter; a name that is no column keeps the old
 * ones.  The tasks are read again at once, a snapshot too: a column may
 * need a file the last read did not open. */
static enum ui_action
columns_key(struct ui *u, int key)
{
	struct columns c;
	char why[192];

	if (key == K_ENTER || key == '\n') {
		u->mode = UI_TREE;
		if (text_columns_parse(u->input, &c, why, sizeof why) < 0) {
			ui_say(u, "%s", why);
			return UA_NONE;
		}
		u->cols = c;
		return UA_REFRESH;
	}
	if (key == K_ESC)
		u->mode = UI_TREE;
	else
		edit(u, key);
	return UA_NONE;
}

static enum ui_action
signal_key(struct ui *u, int key)
{
	size_t n = ui_nsignals;

	switch (key) {
	case 'y': case 'Y':
		u->mode = UI_TREE;
		return UA_SIGNAL;
	case K_RIGHT: case K_DOWN: case K_TAB: case ' ':
		u->pending.sig = (u->pending.sig + 1) % (int)n;
		return UA_NONE;
	case K_LEFT: case K_UP:
		u->pending.sig = (u->pending.sig + (int)n - 1) % (int)n;
		return UA_NONE;
	default:
		if (key >= '1' && key < '1' + (int)n) {
			u->pending.sig = key - '1';
			return UA_NONE;
		}
		u->mode = UI_TREE;	/* anything else says no */
		ui_say(u, "no signal sent");
		return UA_NONE;
	}
}

/* Opens the confirmation for the selected process (never a thread: a
 * signal goes to the whole process anyway, so name that). */
static void
ask_signal(struct ui *u)
{
	const struct fks_table *tbl = model_table(u->m);
	const struct fks_task *t = model_selected_task(u->m);
	const struct mrow *r = model_row(u->m, model_selected(u->m));

	if (r && r->group) {
		ui_say(u, "a group: select one of its processes to signal");
		return;
	}
	if (!t)
		return;
	if (r->exited) {
		ui_say(u, "%d has exited: no signal", (int)t->tid);
		return;
	}
	if (u->snapshot) {
		ui_say(u, "a snapshot: no signals");
		return;
	}
	if (u->foreign) {	/* its pids name other processes here */
		ui_say(u, "another pid namespace's /proc: no signals");
		return;
	}
	t = fks_table_process(tbl, t);
	if (!t)
		return;
	free(u->pending.name);
	u->pending.id = (struct task_id){ t->tid, t->start_ticks };
	u->pending.name = xescape(t->comm, t->comm_len, escape_flags(), NULL);
	u->pending.started = fks_task_start_time(tbl, t);
	u->pending.sig = 0;
	u->mode = UI_SIGNAL;
}

static void
toggle(struct ui *u, unsigned flag, const char *what)
{
	model_toggle(u->m, flag);
	ui_say(u, "%s %s", what, model_flags(u->m) & flag ? "on" : "off");
}

/* The b key: no groups, then by unit, container, pid namespace; from a
 * column --by named, no groups.  The tasks are read again: the groups'
 * column needs a file the last read may not have opened. */
static enum ui_action
next_groups(struct ui *u)
{
	static const int cycle[] = { -1, FKS_COL_UNIT, FKS_COL_CONTAINER,
				     FKS_COL_PIDNS };
	size_t i, n = sizeof cycle / sizeof *cycle;
	int by = -1;

	for (i = 0; i < n; i++)
		if (cycle[i] == model_by(u->m))
			by = cycle[(i + 1) % n];
	model_set_by(u->m, by);
	if (by < 0) {
		ui_say(u, "no groups");
		return UA_NONE;
	}
	ui_say(u, "groups by %s", fks_column_info((enum fks_column)by)->name);
	return UA_REFRESH;
}

/* Keys that move or fold; returns false for any other. */
static bool
tree_move_key(struct ui *u, int key)
{
	switch (key) {
	case K_UP: case 'k': model_move(u->m, MOVE_UP); break;
	case K_DOWN: case 'j': model_move(u->m, MOVE_DOWN); break;
	case K_PGUP: model_move(u->m, MOVE_PGUP); break;
	case K_PGDN: model_move(u->m, MOVE_PGDN); break;
	case K_HOME: case 'g': model_move(u->m, MOVE_HOME); break;
	case K_END: case 'G': model_move(u->m, MOVE_END); break;
	case K_ENTER: case '\n': model_toggle_fold(u->m); break;
	case K_RIGHT: case '+': model_expand(u->m); break;
	case K_LEFT: case '-': model_collapse(u->m); break;
	case '*': model_expand_all(u->m); break;
	case '=': model_collapse_all(u->m); break;
	case K_CLICK: model_select(u->m, u->click_row); break;
	case K_WHEEL_UP: model_scroll(u->m, -3); break;
	case K_WHEEL_DOWN: model_scroll(u->m, 3); break;
	default: return false;
	}
	return true;
}

static enum ui_action
tree_key(struct ui *u, int key)
{
	if (tree_move_key(u, key))
		return UA_NONE;
	switch (key) {
	case 'q': return UA_QUIT;
	case '?': case 'h': u->mode = UI_HELP; break;
	case 'd': case 'i': u->details = !u->details; break;
	case '/':
		model_search_begin(u->m);
		prompt(u, UI_SEARCH, NULL);
		u->nomatch = false;
		break;
	case 'n': case 'N':
		if (!model_search_text(u->m))
			ui_say(u, "no search: / first");
		else if (!model_search_next(u->m, key == 'n' ? 1 : -1))
			ui_say(u, "no match");
		break;
	case '\\':
		model_filter_begin(u->m);
		prompt(u, UI_FILTER, model_filter(u->m));
		break;
	case 'f':
		if (!model_following(u->m) && !model_selected_task(u->m)) {
			ui_say(u, "a group: select one of its processes to "
			       "follow");
			break;
		}
		model_follow(u->m, !model_following(u->m));
		ui_say(u, model_following(u->m) ? "following %d"
			  : "follow off", (int)model_following(u->m));
		break;
	case 't': toggle(u, MF_THREADS, "threads"); break;
	case 'z': toggle(u, MF_ZOMBIES, "zombie branches only:"); break;
	case 'o': toggle(u, MF_ORPHANS, "orphan branches only:"); break;
	case 'T': toggle(u, MF_KERNEL, "kernel threads"); break;
	case 's':
		model_sort_next(u->m);
		ui_say(u, "siblings by %s", model_sort_name(model_sort(u->m)));
		break;
	case 'P': case 'M':	/* top's */
		model_set_sort(u->m, key == 'P' ? SORT_CPU : SORT_MEM);
		ui_say(u, "siblings by %s", model_sort_name(model_sort(u->m)));
		break;
	case 'u':
		prompt(u, UI_USER, NULL);	/* as top's: typed afresh */
		break;
	case 'c': {
		char list[256];

		text_columns_list(&u->cols, list, sizeof list);
		prompt(u, UI_COLUMNS, list);
		break;
	}
	case 'b': return next_groups(u);
	/* the issue asks for both j/k to move and k to signal: k moves (vi),
	 * K signals, as do htop's F9 and x */
	case 'K': case 'x': case K_F9: ask_signal(u); break;
	case 'p':
		if (u->snapshot) {
			ui_say(u, "a snapshot: nothing to refresh");
			break;
		}
		u->paused = !u->paused;
		/* a frozen screen shows no change: nothing is new */
		if (u->paused)
			model_clear_highlights(u->m);
		ui_say(u, u->paused ? "paused" : "running");
		break;
	case 'r': case 'L' - '@':
		return u->snapshot ? UA_NONE : UA_REFRESH;
	case K_ESC:
		u->details = false;
		model_search_end(u->m, false);
		break;
	default: break;
	}
	return UA_NONE;
}

enum ui_action
ui_key(struct ui *u, int key)
{
	if (key == K_NONE || key == K_RESIZE || key == K_OTHER)
		return UA_NONE;
	u->message[0] = '\0';
	switch (u->mode) {
	case UI_HELP: u->mode = UI_TREE; return UA_NONE;
	case UI_SEARCH: return search_key(u, key);
	case UI_FILTER: return filter_key(u, key);
	case UI_SIGNAL: return signal_key(u, key);
	case UI_USER: return user_key(u, key);
	case UI_COLUMNS: return columns_key(u, key);
	default: return tree_key(u, key);
	}
}
