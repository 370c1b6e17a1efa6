/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-wptrace.c - the pure part of the ptrace source
 * (lib/events/wptrace-decode.c, built into this test: it is not exported): what
 * each wait status a tracer gets means (ptrace(2): event stops, group-stops
 * under PTRACE_SEIZE, signal-delivery stops, the end), made with the
 * <sys/wait.h> macros as the kernel encodes them; and the Tgid and PPid of
 * a PID/status text, including malformed ones.  Runs without ptrace.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>

#include "events/wptrace.h"
#include "testutil.h"

/* The status of a stop for an event: SIGTRAP | event << 8 as the stop
 * signal (what WSTOPSIG and status >> 16 take apart). */
static int
event_stop(int event, int sig)
{
	return W_STOPCODE(sig | event << 8);
}

static void
test_ends(void)
{
	int sig = -1;

	CU_ASSERT_EQUAL(wptrace_classify(W_EXITCODE(3, 0), &sig), PTS_ENDED);
	CU_ASSERT_EQUAL(sig, 0);
	CU_ASSERT_EQUAL(wptrace_classify(W_EXITCODE(0, SIGKILL), &sig),
			PTS_ENDED);
	CU_ASSERT_EQUAL(wptrace_classify(W_EXITCODE(0, SIGSEGV) | 0x80, &sig),
			PTS_ENDED);	/* with a core */
	CU_ASSERT_EQUAL(wptrace_classify(0xffff, &sig), PTS_OTHER);
}

static void
test_events(void)
{
	int sig = -1;

	CU_ASSERT_EQUAL(wptrace_classify(event_stop(PTRACE_EVENT_FORK,
						    SIGTRAP), &sig), PTS_FORK);
	CU_ASSERT_EQUAL(sig, 0);
	CU_ASSERT_EQUAL(wptrace_classify(event_stop(PTRACE_EVENT_VFORK,
						    SIGTRAP), &sig), PTS_VFORK);
	CU_ASSERT_EQUAL(wptrace_classify(event_stop(PTRACE_EVENT_CLONE,
						    SIGTRAP), &sig), PTS_CLONE);
	CU_ASSERT_EQUAL(wptrace_classify(event_stop(PTRACE_EVENT_EXEC,
						    SIGTRAP), &sig), PTS_EXEC);
	CU_ASSERT_EQUAL(wptrace_classify(event_stop(PTRACE_EVENT_EXIT,
						    SIGTRAP), &sig), PTS_EXIT);
	/* an event not asked for: continued, nothing told */
	CU_ASSERT_EQUAL(wptrace_classify(event_stop(PTRACE_EVENT_SECCOMP,
						    SIGTRAP), &sig), PTS_OTHER);
	CU_ASSERT_EQUAL(sig, 0);
}

static void
test_stops(void)
{
	int sig = -1;

	/* a group-stop under PTRACE_SEIZE: the stop signal is kept */
	CU_ASSERT_EQUAL(wptrace_classify(event_stop(PTRACE_EVENT_STOP,
						    SIGSTOP), &sig),
			PTS_GROUP_STOP);
	CU_ASSERT_EQUAL(sig, SIGSTOP);
	CU_ASSERT_EQUAL(wptrace_classify(event_stop(PTRACE_EVENT_STOP,
						    SIGTSTP), &sig),
			PTS_GROUP_STOP);
	CU_ASSERT_EQUAL(sig, SIGTSTP);
	CU_ASSERT_EQUAL(wptrace_classify(event_stop(PTRACE_EVENT_STOP,
						    SIGTTIN), &sig),
			PTS_GROUP_STOP);
	CU_ASSERT_EQUAL(wptrace_classify(event_stop(PTRACE_EVENT_STOP,
						    SIGTTOU), &sig),
			PTS_GROUP_STOP);
	/* a new child's first stop, an interrupt, a listener woken */
	CU_ASSERT_EQUAL(wptrace_classify(event_stop(PTRACE_EVENT_STOP,
						    SIGTRAP), &sig),
			PTS_TRAP_STOP);
	CU_ASSERT_EQUAL(sig, 0);
	/* signal-delivery stops: the signal goes back to the tracee */
	CU_ASSERT_EQUAL(wptrace_classify(W_STOPCODE(SIGSTOP), &sig),
			PTS_SIGNAL);
	CU_ASSERT_EQUAL(sig, SIGSTOP);
	CU_ASSERT_EQUAL(wptrace_classify(W_STOPCODE(SIGCHLD), &sig),
			PTS_SIGNAL);
	CU_ASSERT_EQUAL(sig, SIGCHLD);
	CU_ASSERT_EQUAL(wptrace_classify(W_STOPCODE(SIGTRAP), &sig),
			PTS_SIGNAL);	/* a real SIGTRAP, not an event */
	CU_ASSERT_EQUAL(sig, SIGTRAP);
}

static int
ids(const char *text, pid_t *tgid, pid_t *ppid)
{
	return wptrace_status_ids(text, strlen(text), tgid, ppid);
}

static void
test_status_ids(void)
{
	pid_t tgid = 0, ppid = 0;

	CU_ASSERT_EQUAL(ids("Name:\tsh\nUmask:\t0022\nState:\tS (sleeping)\n"
			    "Tgid:\t4242\nNgid:\t0\nPid:\t4243\nPPid:\t17\n"
			    "TracerPid:\t99\n", &tgid, &ppid), 0);
	CU_ASSERT_EQUAL(tgid, 4242);
	CU_ASSERT_EQUAL(ppid, 17);
	/* PPid 0 (init, a kernel thread) and no final newline */
	CU_ASSERT_EQUAL(ids("Tgid:\t1\nPPid:\t0", &tgid, &ppid), 0);
	CU_ASSERT_EQUAL(tgid, 1);
	CU_ASSERT_EQUAL(ppid, 0);
	/* a name that looks like a field does not count */
	CU_ASSERT_EQUAL(ids("Name:\tTgid: 5\nTgid:\t6\nPPid:\t7\n", &tgid,
			    &ppid), 0);
	CU_ASSERT_EQUAL(tgid, 6);
	/* malformed: missing, empty, not a number, overflowing, Tgid 0 */
	CU_ASSERT_EQUAL(ids("Tgid:\t6\n", &tgid, &ppid), -EINVAL);
	CU_ASSERT_EQUAL(ids("PPid:\t6\n", &tgid, &ppid), -EINVAL);
	CU_ASSERT_EQUAL(ids("Tgid:\t\nPPid:\t1\n", &tgid, &ppid), -EINVAL);
	CU_ASSERT_EQUAL(ids("Tgid:\t1x\nPPid:\t1\n", &tgid, &ppid), -EINVAL);
	CU_ASSERT_EQUAL(ids("Tgid:\t99999999999\nPPid:\t1\n", &tgid, &ppid),
			-EINVAL);
	CU_ASSERT_EQUAL(ids("Tgid:\t0\nPPid:\t1\n", &tgid, &ppid), -EINVAL);
	CU_ASSERT_EQUAL(ids("", &tgid, &ppid), -EINVAL);
	CU_ASSERT_EQUAL(ids("Tgid:", &tgid, &ppid), -EINVAL);
}

int
main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("wptrace", NULL, NULL);
	ADD_TEST(s, test_ends);
	ADD_TEST(s, test_events);
	ADD_TEST(s, test_stops);
	ADD_TEST(s, test_status_ids);
	return run_suites();
}
