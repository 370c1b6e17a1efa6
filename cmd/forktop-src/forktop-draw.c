/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * forktop-draw.c - forktop's screen (see forktop-draw.h); the one forktop
 * file that includes curses.  Everything it prints comes from
 * forktop-text.c, already escaped; here it is only placed, cut to the
 * screen's width in display columns, and coloured.
 *
 * The screen, top to bottom: a title line, two summary lines (tasks,
 * load and memory, as top's; not on a screen under SUMMARY_MIN_LINES),
 * the column header, the tree, the details pane when open, and one line
 * for hints, prompts and messages.
 */
#include "config.h"

#include <errno.h>
#include <langinfo.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>
#include <curses.h>

#include "common.h"
#include "common-output.h"
#include "forktop-draw.h"
#include "forktop-text.h"
/* last: its capability macros (lines, columns ...) would rename the
 * identifiers of the headers above */
#include <term.h>

enum { PAIR_ZOMBIE = 1, PAIR_ORPHAN, PAIR_MATCH, PAIR_BAR, PAIR_NEW,
       PAIR_EXITED };

/* curses is one screen per process: its state is this file's. */
static SCREEN *screen;
static FILE *null_out, *null_in;
static bool started;
static int tree_y, tree_h;	/* where the tree is, for mouse clicks */
static size_t tree_top;

static bool
utf8(void)
{
	const char *cs = nl_langinfo(CODESET);

	return cs && strcmp(cs, "UTF-8") == 0;
}

static bool colours;	/* the terminal has them and NO_COLOR is not set */

/* A colour pair's attribute, none on a terminal without colours or with
 * NO_COLOR: there, bold, dim, underline and reverse and the rows' words
 * must do. */
static attr_t
colour(short pair)
{
	return colours ? COLOR_PAIR(pair) : 0;
}

/*
 * https://no-color.org: NO_COLOR set and not empty turns every colour
 * off, the title bar's too; what is left is what a terminal without
 * colour shows, as pforest's --color=auto and less -R do: bold, dim,
 * underline and the reversed selection are attributes, not colours, and
 * the selection must still show.  start_color is not even called, so
 * the terminal's own colours are not reset.
 */
static void
set_colors(void)
{
	const char *no = getenv("NO_COLOR");

	colours = has_colors() && !(no && *no);
	if (!colours)
		return;
	start_color();
	use_default_colors();
	init_pair(PAIR_ZOMBIE, COLOR_RED, -1);
	init_pair(PAIR_ORPHAN, COLOR_YELLOW, -1);
	init_pair(PAIR_MATCH, COLOR_BLACK, COLOR_YELLOW);
	init_pair(PAIR_BAR, COLOR_BLACK, COLOR_CYAN);
	init_pair(PAIR_NEW, COLOR_BLACK, COLOR_GREEN);
	init_pair(PAIR_EXITED, COLOR_BLACK, COLOR_RED);
}

/*
 * Whether curses knows the terminal type.  Asked first because with an
 * unknown type newterm() returns NULL but leaks the screen it began
 * (ncurses 6.4), and initscr() prints its own message and exits;
 * setupterm() given somewhere to put its error does neither, and the
 * terminal description it loads is freed at once.
 */
static int
known_term(const char *term, int fd)
{
	char *cup;
	int errret;

	if (setupterm(term, fd, &errret) != OK)
		return -ENOENT;
	/* a full-screen view needs to place the cursor: a type without
	 * "cup" (dumb, a printing terminal) would draw nothing of it */
	cup = tigetstr("cup");
	del_curterm(cur_term);
	return cup && cup != (char *)-1 ? 0 : -ENOTTY;
}

int
draw_init(bool headless, int cols, int rows, const char *term)
{
	char n[16];

	int rc = known_term(term, headless ? -1 : STDOUT_FILENO);

	if (rc < 0)
		return rc;
	if (headless) {
		/* the size of a screen with no terminal comes from the
		 * environment (use_env) */
		snprintf(n, sizeof n, "%d", rows);
		setenv("LINES", n, 1);
		snprintf(n, sizeof n, "%d", cols);
		setenv("COLUMNS", n, 1);
		null_out = fopen("/dev/null", "w");
		null_in = fopen("/dev/null", "r");
		if (!null_out || !null_in)
			return -1;
		screen = newterm(term, null_out, null_in);
		if (!screen)
			return -1;
		set_term(screen);
	} else if (!initscr()) {
		return -1;
	}
	started = true;
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED |
		  BUTTON5_PRESSED, NULL);
	mouseinterval(0);
	set_colors();
	return 0;
}

void
draw_end(void)
{
	if (!started)
		return;
	started = false;
	endwin();
	if (screen) {
		delscreen(screen);
		screen = NULL;
		fclose(null_out);
		fclose(null_in);
	}
}

static void
crash(int sig)
{
	/* endwin is not async-signal-safe, but the process is dying anyway
	 * and a terminal left in raw mode is worse; then die of the same
	 * signal (SA_RESETHAND restored the default) for the core dump */
	if (started)
		endwin();
	raise(sig);
}

void
draw_crash_handlers(void)
{
	static const int sigs[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = crash;
	sa.sa_flags = SA_RESETHAND | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		sigaction(sigs[i], &sa, NULL);
}

/* Writes s (escaped) at y, cut and padded to the screen's width. */
static void
put_line(int y, const char *s, attr_t attr)
{
	/* the bottom-right cell makes curses scroll: stop before it */
	size_t cols = (size_t)COLS - (y == LINES - 1 ? 1 : 0);
	size_t w, len = strlen(s);
	char *line = xmalloc(len + cols + 1);

	memcpy(line, s, len + 1);
	cut_to_width(line, cols);
	w = text_width(line);
	len = strlen(line);
	while (w < cols) {
		line[len++] = ' ';
		w++;
	}
	line[len] = '\0';
	attrset(attr);
	mvaddstr(y, 0, line);
	attrset(A_NORMAL);
	free(line);
}

static attr_t
row_attr(const struct mrow *r, bool selected)
{
	attr_t a = A_NORMAL;

	if (r->zombie)
		a = colour(PAIR_ZOMBIE) | A_BOLD;
	else if (r->orphan)
		a = colour(PAIR_ORPHAN);
	/* bold and dim tell them apart where there is no colour */
	if (r->born)
		a = colour(PAIR_NEW) | A_BOLD;
	if (r->exited)
		a = colour(PAIR_EXITED) | A_DIM;
	if (r->match)
		a = colours ? colour(PAIR_MATCH) : A_UNDERLINE;
	if (r->group)		/* a group's header */
		a = A_BOLD;
	if (selected)
		a |= A_REVERSE;
	return a;
}

static void
draw_title(const struct ui *u, const char *title)
{
	const struct model *m = u->m;
	char buf[512], user[64] = "", by[48] = "";
	unsigned f = model_flags(m);
	char *e;

	if (model_by(m) >= 0)
		snprintf(by, sizeof by, "  groups %s",
			 fks_column_info((enum fks_column)model_by(m))->name);

	if (model_user(m)) {	/* typed: bytes like any name */
		e = xescape(model_user(m), strlen(model_user(m)),
			    escape_flags(), NULL);
		snprintf(user, sizeof user, "  user %s", e);
		free(e);
	}
	/* what changes the view first: the title is cut at the right */
	snprintf(buf, sizeof buf,
		 "forktop  %zu row%s  by %s%s%s%s%s%s%s%s%s%s%s  %s",
		 model_nrows(m), model_nrows(m) == 1 ? "" : "s",
		 model_sort_name(model_sort(m)), by,
		 f & MF_THREADS ? "  threads" : "",
		 f & MF_KERNEL ? "  kernel" : "",
		 f & MF_ZOMBIES ? "  zombies only" : "",
		 f & MF_ORPHANS ? "  orphans only" : "", user,
		 model_filter(m) ? "  filtered" : "",
		 model_following(m) ? "  following" : "",
		 u->paused ? "  PAUSED" : "", u->events, title);
	put_line(0, buf, colour(PAIR_BAR) | A_BOLD);
}

/* Below this many lines the summary gives its two to the tree. */
#define SUMMARY_MIN_LINES 12

static void
draw_summary(const struct ui *u, int y)
{
	char l1[256], l2[256];

	text_summary(&u->sum, l1, sizeof l1, l2, sizeof l2);
	put_line(y, l1, A_NORMAL);
	put_line(y + 1, l2, A_NORMAL);
}

static void
draw_tree(const struct ui *u, const struct layout *l, enum tree_style st,
	  unsigned esc)
{
	const struct model *m = u->m;
	size_t i, top = model_top(m), sel = model_selected(m);
	char lead[1024], *tree, *line;
	int y;

	tree_top = top;
	for (y = 0; y < tree_h; y++) {
		i = top + (size_t)y;
		if (i >= model_nrows(m)) {
			put_line(tree_y + y, y == 0 ? "  (no process to show)"
						    : "", A_NORMAL);
			continue;
		}
		text_lead(m, i, l, esc, lead, sizeof lead);
		/* the selection shows without colour too (and in dumps) */
		if (i == sel)
			lead[0] = '>';
		tree = text_tree(m, i, st, esc);
		if (asprintf(&line, "%s%s", lead, tree) < 0)
			abort();
		put_line(tree_y + y, line, row_attr(model_row(m, i), i == sel));
		free(line);
		free(tree);
	}
}

/* The details pane from line y to the hint bar. */
static void
draw_details(const struct ui *u, int y, unsigned esc)
{
	const struct fks_task *t = model_selected_task(u->m);
	const struct mrow *r = model_row(u->m, model_selected(u->m));
	char **text, *line;
	size_t i;

	put_line(y++, "-- details (d: close) --", A_BOLD);
	if (r && r->group) {	/* its text holds the value, escaped */
		line = text_tree(u->m, model_selected(u->m), STYLE_ASCII, esc);
		put_line(y++, line, A_NORMAL);
		free(line);
		put_line(y, "  a group: select one of its processes for its "
			 "details", A_NORMAL);
		return;
	}
	if (!t) {
		put_line(y, "  nothing selected", A_NORMAL);
		return;
	}
	if (r->exited) {
		/* a ghost is in no table: no ancestry, no children */
		put_line(y, "  exited since the last refresh: nothing more "
			 "to read", A_NORMAL);
		return;
	}
	text = text_details(model_table(u->m), t, esc, COLS);
	for (i = 0; text[i] && y < LINES - 1; i++)
		put_line(y++, text[i], A_NORMAL);
	text_free_lines(text);
}

/* The help, then every column's name (for -o and c), wrapped; any key
 * closes it. */
static void
draw_help(void)
{
	char names[1024], *p, *cut;
	size_t w = (size_t)COLS - 2;
	int y;

	for (y = 0; text_help[y] && y < LINES; y++)
		put_line(y, text_help[y], y == 0 ? A_BOLD : A_NORMAL);
	snprintf(names, sizeof names, "Columns (-o, c): ");
	text_columns_names(names + strlen(names), sizeof names -
			   strlen(names));
	for (p = names; *p && y < LINES; y++) {
		/* ASCII names: cut after the last comma that fits, the
		 * comma kept, so that a copied list reads whole */
		if (strlen(p) > w) {
			char saved;

			for (cut = p + w - 1; cut > p && *cut != ','; cut--)
				;
			if (cut == p)
				cut = p + w - 1;
			saved = cut[1];
			cut[1] = '\0';
			put_line(y, p, A_NORMAL);
			cut[1] = saved;
			p = cut + 1;
		} else {
			put_line(y, p, A_NORMAL);
			p += strlen(p);
		}
	}
}

static void
draw_bar(const struct ui *u)
{
	char buf[512], when[32] = "?";
	const struct pending *p = &u->pending;
	struct tm tm;
	time_t t;

	char *e;

	switch (u->mode) {
	case UI_SEARCH:
	case UI_FILTER:
	case UI_USER:
	case UI_COLUMNS:
		/* what the user typed is bytes like any name: escape it */
		e = xescape(u->input, u->inlen, escape_flags(), NULL);
		snprintf(buf, sizeof buf, "%s%s_%s%s", u->mode == UI_SEARCH
			 ? "/" : u->mode == UI_FILTER
			 ? "filter (Enter: keep, Esc: the old one): "
			 : u->mode == UI_USER
			 ? "user, name or uid (empty: any): "
			 : "columns (comma-separated, ? lists them): ", e,
			 u->message[0] ? "  " : "", u->message);
		free(e);
		break;
	case UI_SIGNAL:
		if (p->started >= 0) {
			t = (time_t)p->started;
			if (localtime_r(&t, &tm))
				strftime(when, sizeof when,
					 "%Y-%m-%d %H:%M:%S", &tm);
		}
		/* the name was escaped when the question was asked */
		snprintf(buf, sizeof buf, "Send SIG%s to %d %s (started %s)? "
			 "y: send  Left/Right: signal  other: no",
			 ui_signals[p->sig].name, (int)p->id.tid, p->name,
			 when);
		put_line(LINES - 1, buf, A_BOLD | A_REVERSE);
		return;
	default:
		if (u->message[0])
			snprintf(buf, sizeof buf, "%s", u->message);
		else
			snprintf(buf, sizeof buf, "q quit  ? help  / search  "
				 "\\ filter  u user  c columns  s sort  "
				 "Enter fold  d details  f follow  K signal");
		break;
	}
	put_line(LINES - 1, buf, A_REVERSE);
}

void
draw_screen(struct ui *u, const char *title)
{
	enum tree_style st = utf8() ? STYLE_UNICODE : STYLE_ASCII;
	unsigned esc = escape_flags();
	struct layout l;
	char head[1024];
	int pane = 0, summary;

	/* curses sends only what changed: erasing first does not flicker */
	erase();
	if (u->mode == UI_HELP) {
		draw_help();
		refresh();
		return;
	}
	if (u->details && LINES >= 12)
		pane = LINES / 2 - 1;
	summary = LINES >= SUMMARY_MIN_LINES ? 2 : 0;
	tree_y = 2 + summary;
	tree_h = LINES - 3 - summary - pane;
	if (tree_h < 1)
		tree_h = 1;
	model_set_height(u->m, tree_h);
	text_layout(COLS, &u->cols, u->sum.have_mem ? u->sum.mem.total : 0,
		    &l);
	text_header(&l, head, sizeof head);
	draw_title(u, title);
	if (summary)
		draw_summary(u, 1);
	put_line(1 + summary, head, A_BOLD);
	draw_tree(u, &l, st, esc);
	if (pane)
		draw_details(u, tree_y + tree_h, esc);
	draw_bar(u);
	refresh();
}

static int
mouse_key(struct ui *u)
{
	MEVENT ev;

	if (getmouse(&ev) != OK)
		return K_OTHER;
	if (ev.bstate & BUTTON4_PRESSED)
		return K_WHEEL_UP;
	if (ev.bstate & BUTTON5_PRESSED)
		return K_WHEEL_DOWN;
	if ((ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED)) &&
	    ev.y >= tree_y && ev.y < tree_y + tree_h) {
		u->click_row = tree_top + (size_t)(ev.y - tree_y);
		return K_CLICK;
	}
	return K_OTHER;
}

int
draw_key(struct ui *u)
{
	int c = getch();

	switch (c) {
	case ERR: return K_NONE;
	case KEY_UP: return K_UP;
	case KEY_DOWN: return K_DOWN;
	case KEY_LEFT: return K_LEFT;
	case KEY_RIGHT: return K_RIGHT;
	case KEY_PPAGE: return K_PGUP;
	case KEY_NPAGE: return K_PGDN;
	case KEY_HOME: return K_HOME;
	case KEY_END: return K_END;
	case KEY_ENTER: case '\r': case '\n': return K_ENTER;
	case 27: return K_ESC;
	case KEY_BACKSPACE: case 127: case 8: return K_BACKSPACE;
	case KEY_RESIZE: return K_RESIZE;
	case '\t': return K_TAB;
	case KEY_MOUSE: return mouse_key(u);
	default:
		if (c == KEY_F(9))
			return K_F9;
		return c >= 0 && c < 0x100 ? c : K_OTHER;
	}
}

void
draw_resize(int cols, int rows)
{
	resizeterm(rows, cols);
}

/*
 * A cell's drawing as one character: the colour's letter (z zombie, o
 * orphan, n new, x exited, m search match, b the title bar), upper case
 * when reversed (the selection); without a colour R reversed, * bold, #
 * both, _ underlined (a match), - dim; a blank when plain.
 */
static char
attr_code(attr_t a, short pair)
{
	static const char letters[] = {
		[PAIR_ZOMBIE] = 'z', [PAIR_ORPHAN] = 'o', [PAIR_MATCH] = 'm',
		[PAIR_BAR] = 'b', [PAIR_NEW] = 'n', [PAIR_EXITED] = 'x',
	};
	bool rev = a & A_REVERSE, bold = a & A_BOLD;

	if (pair > 0 && (size_t)pair < sizeof letters && letters[pair])
		return rev ? (char)(letters[pair] - 'a' + 'A') : letters[pair];
	if (rev)
		return bold ? '#' : 'R';
	if (a & A_UNDERLINE)
		return '_';
	if (bold)
		return '*';
	return a & A_DIM ? '-' : ' ';
}

/* Row y's codes, trailing blanks cut; false when all are blank. */
static bool
attr_line(int y, char *codes)
{
	cchar_t cc;
	wchar_t wc[CCHARW_MAX + 1];
	attr_t a;
	short pair;
	int x, end = 0;

	for (x = 0; x < COLS; x++) {
		codes[x] = ' ';
		if (mvwin_wch(stdscr, y, x, &cc) == ERR ||
		    getcchar(&cc, wc, &a, &pair, NULL) == ERR)
			continue;
		codes[x] = attr_code(a, pair);
		if (codes[x] != ' ')
			end = x + 1;
	}
	codes[end] = '\0';
	return end > 0;
}

void
draw_dump(FILE *out, bool attrs)
{
	wchar_t *buf = xmalloc(((size_t)COLS + 1) * sizeof *buf);
	char *codes = xmalloc((size_t)COLS + 1);
	char mb[MB_LEN_MAX + 1];
	mbstate_t st;
	size_t n, end, i, len;
	int y;

	for (y = 0; y < LINES; y++) {

		n = mvwinnwstr(stdscr, y, 0, buf, COLS) == ERR ? 0
			: wcslen(buf);
		end = n;
		while (end > 0 && buf[end - 1] == L' ')
			end--;
		if (attrs)
			fputs(end ? "| " : "|", out);
		memset(&st, 0, sizeof st);
		for (i = 0; i < end; i++) {
			len = wcrtomb(mb, buf[i], &st);
			if (len != (size_t)-1)
				fwrite(mb, 1, len, out);
		}
		fputc('\n', out);
		if (attrs && attr_line(y, codes))
			fprintf(out, ": %s\n", codes);
	}
	free(codes);
	free(buf);
}
