/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-jsonwrt.c - the commands' JSON writer (cmd/jsonwrt.c) into a memory
 * stream: commas and keys at every depth, both styles, the line breaks of
 * each layout the commands use, string escapes (quote, backslash, control
 * bytes; UTF-8 kept), null for a NULL string, JSON lines, the deepest
 * nesting, and an abort (not broken JSON) when a caller puts a key where
 * none belongs.
 */
#include <signal.h>
#include <sys/wait.h>

#include "jsonwrt.h"
#include "testutil.h"

static char *buf;
static size_t len;
static FILE *mem;

static void
start(struct jsonwrt *w, enum jw_style style)
{
	mem = open_memstream(&buf, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(mem);
	jw_init(w, mem, style);
}

/* Ends the stream and checks it holds exactly want. */
static void
expect(const char *want)
{
	CU_ASSERT_EQUAL_FATAL(fclose(mem), 0);
	CU_ASSERT_STRING_EQUAL(buf, want);
	if (strcmp(buf, want) != 0)
		fprintf(stderr, "\ngot:  [%s]\nwant: [%s]\n", buf, want);
	free(buf);
	buf = NULL;
}

static void
test_nesting_spaced(void)
{
	struct jsonwrt w;

	start(&w, JW_SPACED);
	jw_object_open(&w, NULL, 0, NULL);
	jw_int(&w, "a", -1);
	jw_array_open(&w, "b", 0, NULL);
	jw_uint(&w, NULL, 18446744073709551615ULL);
	jw_bool(&w, NULL, true);
	jw_bool(&w, NULL, false);
	jw_array_open(&w, NULL, 0, NULL);
	jw_close(&w);
	jw_close(&w);
	jw_object_open(&w, "c", 0, NULL);
	jw_null(&w, "d");
	jw_string(&w, "e", NULL);
	jw_number(&w, "f", "1.5");
	jw_numberf(&w, "g", "%lld.%06lld", 12LL, 34LL);
	jw_close(&w);
	jw_object_open(&w, "h", 0, NULL);
	jw_close(&w);
	jw_close(&w);
	CU_ASSERT_EQUAL(w.depth, 0);
	expect("{\"a\": -1, \"b\": [18446744073709551615, true, false, []], "
	       "\"c\": {\"d\": null, \"e\": null, \"f\": 1.5, "
	       "\"g\": 12.000034}, \"h\": {}}\n");
}

static void
test_compact_lines(void)
{
	struct jsonwrt w;

	start(&w, JW_COMPACT);
	jw_object_open(&w, NULL, 0, NULL);
	jw_string(&w, "event", "fork");
	jw_array_open(&w, "cmdline", 0, NULL);
	jw_string(&w, NULL, "sh");
	jw_string(&w, NULL, "-c");
	jw_close(&w);
	jw_close(&w);
	/* the next document is the next line */
	jw_object_open(&w, NULL, 0, NULL);
	jw_int(&w, "pid", 7);
	jw_close(&w);
	jw_int(&w, NULL, 3);
	expect("{\"event\":\"fork\",\"cmdline\":[\"sh\",\"-c\"]}\n"
	       "{\"pid\":7}\n3\n");
}

static void
test_escapes(void)
{
	struct jsonwrt w;

	start(&w, JW_SPACED);
	jw_object_open(&w, NULL, 0, NULL);
	jw_string(&w, "q", "a\"b\\c");
	jw_string(&w, "ctl", "\x01x\x1f\n\x7f");
	jw_string(&w, "utf8", "\xe4\xb8\xad\xe6\x96\x87");
	jw_string(&w, "escaped", "two\\nlines");	/* fks_escape's form */
	jw_string(&w, "k\"ey", "");
	jw_close(&w);
	expect("{\"q\": \"a\\\"b\\\\c\", "
	       "\"ctl\": \"\\u0001x\\u001f\\u000a\x7f\", "
	       "\"utf8\": \"\xe4\xb8\xad\xe6\x96\x87\", "
	       "\"escaped\": \"two\\\\nlines\", \"k\\\"ey\": \"\"}\n");
}

/* pforest's layout: the top array breaks before each value and before its
 * bracket even when empty; a children array only before each value. */
static void
test_breaks_pforest(void)
{
	unsigned top = JW_BREAK_VALUES | JW_BREAK_END | JW_BREAK_EMPTY;
	struct jsonwrt w;

	start(&w, JW_SPACED);
	jw_object_open(&w, NULL, 0, NULL);
	jw_array_open(&w, "processes", top, "");
	jw_object_open(&w, NULL, 0, NULL);
	jw_int(&w, "pid", 1);
	jw_array_open(&w, "children", JW_BREAK_VALUES, "  ");
	jw_object_open(&w, NULL, 0, NULL);
	jw_int(&w, "pid", 2);
	jw_close(&w);
	jw_object_open(&w, NULL, 0, NULL);
	jw_int(&w, "pid", 3);
	jw_close(&w);
	jw_close(&w);
	jw_close(&w);
	jw_object_open(&w, NULL, 0, NULL);
	jw_int(&w, "pid", 4);
	jw_close(&w);
	jw_close(&w);
	jw_close(&w);
	expect("{\"processes\": [\n"
	       "{\"pid\": 1, \"children\": [\n"
	       "  {\"pid\": 2},\n"
	       "  {\"pid\": 3}]},\n"
	       "{\"pid\": 4}\n"
	       "]}\n");

	start(&w, JW_SPACED);
	jw_object_open(&w, NULL, 0, NULL);
	jw_array_open(&w, "processes", top, "");
	jw_close(&w);
	jw_close(&w);
	expect("{\"processes\": [\n]}\n");
}

/* reapcheck's layout: a line a value, the bracket on its own line only
 * after values. */
static void
test_breaks_reapcheck(void)
{
	unsigned lines = JW_BREAK_VALUES | JW_BREAK_END;
	struct jsonwrt w;

	start(&w, JW_SPACED);
	jw_object_open(&w, NULL, 0, NULL);
	jw_array_open(&w, "parents", lines, "  ");
	jw_object_open(&w, NULL, 0, NULL);
	jw_array_open(&w, "why", 0, NULL);
	jw_string(&w, NULL, "a");
	jw_string(&w, NULL, "b");
	jw_close(&w);
	jw_close(&w);
	jw_object_open(&w, NULL, 0, NULL);
	jw_close(&w);
	jw_close(&w);
	jw_array_open(&w, "orphans", lines, "  ");
	jw_close(&w);
	jw_close(&w);
	expect("{\"parents\": [\n"
	       "  {\"why\": [\"a\", \"b\"]},\n"
	       "  {}\n"
	       "], \"orphans\": []}\n");
}

static void
test_deepest(void)
{
	struct jsonwrt w;
	char *want, *p;
	int i;

	start(&w, JW_COMPACT);
	for (i = 0; i < JW_DEPTH_MAX; i++)
		jw_array_open(&w, NULL, 0, NULL);
	CU_ASSERT_EQUAL(w.depth, JW_DEPTH_MAX);
	for (i = 0; i < JW_DEPTH_MAX; i++)
		jw_close(&w);
	want = malloc(2 * JW_DEPTH_MAX + 2);
	CU_ASSERT_PTR_NOT_NULL_FATAL(want);
	p = want;
	for (i = 0; i < JW_DEPTH_MAX; i++)
		*p++ = '[';
	for (i = 0; i < JW_DEPTH_MAX; i++)
		*p++ = ']';
	strcpy(p, "\n");
	expect(want);
	free(want);
}

/* Runs f in a child; whether it died of SIGABRT. */
static bool
aborts(void (*f)(struct jsonwrt *))
{
	struct jsonwrt w;
	pid_t pid;
	int st;

	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		jw_init(&w, fopen("/dev/null", "w"), JW_SPACED);
		signal(SIGABRT, SIG_DFL);
		f(&w);
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return false;
	return WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT;
}

static void
key_in_array(struct jsonwrt *w)
{
	jw_array_open(w, NULL, 0, NULL);
	jw_int(w, "k", 1);
}

static void
no_key_in_object(struct jsonwrt *w)
{
	jw_object_open(w, NULL, 0, NULL);
	jw_int(w, NULL, 1);
}

static void
key_at_top(struct jsonwrt *w)
{
	jw_int(w, "k", 1);
}

static void
close_nothing(struct jsonwrt *w)
{
	jw_close(w);
}

static void
too_deep(struct jsonwrt *w)
{
	int i;

	for (i = 0; i <= JW_DEPTH_MAX; i++)
		jw_array_open(w, NULL, 0, NULL);
}

static void
ok_usage(struct jsonwrt *w)
{
	jw_object_open(w, NULL, 0, NULL);
	jw_int(w, "k", 1);
	jw_close(w);
}

static void
test_misuse_aborts(void)
{
	CU_ASSERT_TRUE(aborts(key_in_array));
	CU_ASSERT_TRUE(aborts(no_key_in_object));
	CU_ASSERT_TRUE(aborts(key_at_top));
	CU_ASSERT_TRUE(aborts(close_nothing));
	CU_ASSERT_TRUE(aborts(too_deep));
	CU_ASSERT_FALSE(aborts(ok_usage));
}

int
main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("jsonwrt", NULL, NULL);
	ADD_TEST(s, test_nesting_spaced);
	ADD_TEST(s, test_compact_lines);
	ADD_TEST(s, test_escapes);
	ADD_TEST(s, test_breaks_pforest);
	ADD_TEST(s, test_breaks_reapcheck);
	ADD_TEST(s, test_deepest);
	ADD_TEST(s, test_misuse_aborts);
	return run_suites();
}
