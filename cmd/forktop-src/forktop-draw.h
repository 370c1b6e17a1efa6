/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * forktop-draw.h - forktop's screen: the only part of forktop that knows
 * curses.  It draws what the view model and the UI state hold, and turns
 * the terminal's keys and mouse into forktop-ui.h's key codes.
 */
#ifndef FORKTOP_DRAW_H
#define FORKTOP_DRAW_H

#include <stdbool.h>
#include <stdio.h>
#include "forktop-ui.h"

/*
 * Starts the screen on the terminal, whose type is `term` (TERM's), or
 * (headless) a cols x rows screen of terminal type `term` that writes to
 * /dev/null, for tests that dump it.  Returns 0, -ENOENT when curses
 * knows no terminal type `term` (nothing is said), -ENOTTY when that
 * type cannot place the cursor (dumb: no full screen), or -1 when curses
 * cannot start.
 */
int draw_init(bool headless, int cols, int rows, const char *term);
/* Restores the terminal; safe to call twice. */
void draw_end(void);
/*
 * Installs handlers for crash signals (SIGSEGV, SIGBUS, SIGFPE, SIGILL,
 * SIGABRT) that restore the terminal and re-raise, so a crash leaves a
 * usable shell and its core dump.
 */
void draw_crash_handlers(void);
/* Sets the model's height for the screen's size, then draws everything:
 * title (`title` then the toggles), header, tree, details, hint bar. */
void draw_screen(struct ui *u, const char *title);
/* The next key if one is waiting, else K_NONE (nothing was read: the
 * caller tells an end of input by it); a click sets u->click_row. */
int draw_key(struct ui *u);
/* Headless: a new size, as a terminal's resize would give. */
void draw_resize(int cols, int rows);
/*
 * Writes the screen's text, one line per row, trailing blanks cut.  With
 * attrs, each line is prefixed "| " and, when any cell of it is drawn
 * other than plain, followed by a line prefixed ": " holding one code per
 * cell (draw_attr_code), so that colours are asserted as text.
 */
void draw_dump(FILE *out, bool attrs);

#endif
