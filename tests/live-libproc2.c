/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * live-libproc2.c - the differential test: libforkscope against libproc2
 * (procps-ng 4) on the live /proc.  Both read every task, threads too, at
 * the same moment; for every task both saw it compares tgid, ppid, the
 * state letter, comm and the real uid (a status field).
 *
 * The system keeps running while we read, so a difference alone proves
 * nothing.  libforkscope reads twice, before and after libproc2: a task
 * whose values differ between those two reads changed in the window and is
 * counted as "changed".  A task stable across them on which libproc2
 * disagrees is re-read raw a few times: if the raw values hold still and
 * equal one side's, the other side is wrong, a mismatch, and the test
 * wants none; otherwise the task changed after all.
 *
 * To be sure the interesting cases are covered, it first starts sentinels
 * of its own whose values cannot change while it reads: a zombie, a child
 * stopped by SIGSTOP, a child with a hostile comm, and a thread of this
 * process.  Each must be compared and match exactly.
 *
 * comm is compared raw where libproc2 keeps it raw, which is for printable
 * ASCII.  Otherwise libforkscope's raw bytes are normalised the way
 * libproc2 4.0 escapes them (see proc2_comm()).  It does not test
 * libproc2, nor any field libproc2 does not give.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libproc2/pids.h>

#include "forkscope.h"
#include "testutil.h"

/*
 * libproc2 4.0 copies comm into char[64] through escape_str(): at most 63
 * bytes kept, and in the C locale (we never call setlocale()) each control
 * byte becomes '.' and each byte >= 0x80 becomes '?'.
 */
#define PROC2_COMM_MAX 63
#define COMM_BUF 256		/* a comm is at most 64 bytes (kworkers) */
#define REREADS 3		/* raw reads before calling a mismatch */
#define MIN_COMPARED 20

/* A comm no parser splitting at the first ')' or space survives: a fake
 * state and ppid, and control, DEL and non-ASCII bytes.  15 bytes, the
 * most a comm holds. */
static const char odd_comm[] = ") R 1 2 (\t\n\\" "\x7f" "\xc3\xa9";

/* The items asked of libproc2; the enum is the index PIDS_VAL reads. */
enum { I_TID, I_TGID, I_PPID, I_STATE, I_CMD, I_RUID, NITEMS };
static enum pids_item items[NITEMS] = {
	[I_TID] = PIDS_ID_TID,
	[I_TGID] = PIDS_ID_TGID,
	[I_PPID] = PIDS_ID_PPID,
	[I_STATE] = PIDS_STATE,
	[I_CMD] = PIDS_CMD,
	[I_RUID] = PIDS_ID_RUID,
};

/* The values compared, from either side; comm already as libproc2 shows
 * it. */
struct vals {
	pid_t tgid, ppid;
	char state;
	uid_t ruid;
	char comm[COMM_BUF];
};

enum { S_ZOMBIE, S_STOPPED, S_ODD, S_THREAD, NSENTINELS };
static struct sentinel {
	const char *what;
	pid_t tid;
	struct vals want;
	bool compared, matched;
} sentinels[NSENTINELS];

static struct {
	size_t compared, raw_comm, norm_comm, changed, mismatched;
	size_t only_fks, only_proc2, dup_proc2, messages, missed;
} n;

#define MAX_REPORTED 10	/* changed or mismatched tasks printed */

static int life[2] = { -1, -1 };	/* sentinels block on life[0] */
static int ready[2] = { -1, -1 };
static pthread_t thread;
static bool thread_started;

/* ---- libproc2's view of a comm ------------------------------------------ */

/* Writes into out the comm libproc2 4.0 would show for these raw bytes;
 * returns true when it equals the raw bytes. */
static bool
proc2_comm(const char *raw, size_t len, char *out)
{
	bool same = len <= PROC2_COMM_MAX;
	unsigned char c;
	size_t i;

	for (i = 0; i < len && i < PROC2_COMM_MAX; i++) {
		c = (unsigned char)raw[i];
		if (c < 0x20 || c == 0x7f)
			out[i] = '.';
		else if (c >= 0x80)
			out[i] = '?';
		else
			out[i] = (char)c;
		same = same && out[i] == raw[i];
	}
	out[i] = '\0';
	return same;
}

/* ---- sentinels ---------------------------------------------------------- */

static void
set_want(struct sentinel *s, const char *what, pid_t tid, pid_t tgid,
	 pid_t ppid, char state, const char *comm)
{
	s->what = what;
	s->tid = tid;
	s->want.tgid = tgid;
	s->want.ppid = ppid;
	s->want.state = state;
	s->want.ruid = getuid();
	proc2_comm(comm, strlen(comm), s->want.comm);
}

/*
 * Forks a child named comm that blocks on the life pipe, or (zombie)
 * exits at once.  PR_SET_PDEATHSIG and the life pipe make sure no
 * sentinel outlives the test, even a stopped one or one of a killed test.
 */
static pid_t
fork_child(const char *comm, bool zombie)
{
	pid_t parent = getpid(), pid;
	char c = 'r';

	pid = fork();
	if (pid != 0)
		return pid;
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(0);
	prctl(PR_SET_NAME, comm);
	if (zombie)
		_exit(0);
	close(life[1]);
	if (write(ready[1], &c, 1) != 1)
		_exit(1);
	while (read(life[0], &c, 1) < 0 && errno == EINTR)
		;
	_exit(0);
}

static void *
thread_main(void *arg)
{
	pid_t *tid = arg;
	char c = 'r';

	prctl(PR_SET_NAME, "fks-thread");
	*tid = gettid();
	if (write(ready[1], &c, 1) != 1)
		return NULL;
	while (read(life[0], &c, 1) < 0 && errno == EINTR)
		;
	return NULL;
}

static int
wait_ready(void)
{
	char c;

	while (read(ready[0], &c, 1) < 0)
		if (errno != EINTR)
			return -1;
	return 0;
}

static int
start_sentinels(void)
{
	pid_t me = getpid(), pid, tid = 0;
	siginfo_t si;
	int st;

	if (pipe2(life, O_CLOEXEC) < 0 || pipe2(ready, O_CLOEXEC) < 0)
		return -1;

	pid = fork_child("fks-zombie", true);
	/* WNOWAIT: know it exited, yet leave it a zombie. */
	if (pid < 0 || waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT) < 0)
		return -1;
	set_want(&sentinels[S_ZOMBIE], "zombie", pid, pid, me, 'Z',
		 "fks-zombie");

	pid = fork_child("fks-stopped", false);
	if (pid < 0 || wait_ready() < 0 || kill(pid, SIGSTOP) < 0 ||
	    waitpid(pid, &st, WUNTRACED) != pid || !WIFSTOPPED(st))
		return -1;
	set_want(&sentinels[S_STOPPED], "stopped", pid, pid, me, 'T',
		 "fks-stopped");

	pid = fork_child(odd_comm, false);
	if (pid < 0 || wait_ready() < 0)
		return -1;
	set_want(&sentinels[S_ODD], "odd comm", pid, pid, me, 'S', odd_comm);

	if (pthread_create(&thread, NULL, thread_main, &tid) != 0)
		return -1;
	thread_started = true;
	if (wait_ready() < 0)
		return -1;
	set_want(&sentinels[S_THREAD], "thread", tid, me, getppid(), 'S',
		 "fks-thread");
	/* A child blocked in read() sleeps: 'S'.  Give the last ones time
	 * to get from write() to read(). */
	usleep(100 * 1000);
	return 0;
}

static void
stop_sentinels(void)
{
	int i;

	/* EOF on the life pipe lets the sleepers and the thread go. */
	if (life[1] >= 0)
		close(life[1]);
	life[1] = -1;
	if (sentinels[S_STOPPED].tid > 0)
		kill(sentinels[S_STOPPED].tid, SIGKILL);
	if (thread_started)
		pthread_join(thread, NULL);
	for (i = 0; i < NSENTINELS; i++)
		if (i != S_THREAD && sentinels[i].tid > 0)
			waitpid(sentinels[i].tid, NULL, 0);
}

/* ---- one task's values -------------------------------------------------- */

static void
fks_vals(const struct fks_task *t, struct vals *v, bool *raw_same)
{
	v->tgid = t->tgid;
	v->ppid = t->ppid;
	v->state = t->state_char;
	v->ruid = (t->known & FKS_K_STATUS) ? t->ruid : (uid_t)-1;
	*raw_same = proc2_comm(t->comm, t->comm_len, v->comm);
}

static void
proc2_vals(struct pids_stack *s, struct pids_info *info, struct vals *v)
{
	(void)info;	/* PIDS_VAL takes it but, in 4.0, does not use it */
	v->tgid = PIDS_VAL(I_TGID, s_int, s, info);
	v->ppid = PIDS_VAL(I_PPID, s_int, s, info);
	v->state = PIDS_VAL(I_STATE, s_ch, s, info);
	v->ruid = PIDS_VAL(I_RUID, u_int, s, info);
	snprintf(v->comm, sizeof v->comm, "%s",
		 PIDS_VAL(I_CMD, str, s, info));
}

static bool
same_vals(const struct vals *a, const struct vals *b)
{
	return a->tgid == b->tgid && a->ppid == b->ppid &&
	       a->state == b->state && a->ruid == b->ruid &&
	       strcmp(a->comm, b->comm) == 0;
}

/*
 * Running, sleeping and waiting on I/O are a moment's state: a task doing
 * I/O flips between them many times a second, so two readers a millisecond
 * apart can both be right.  I is a kernel thread's sleep (TASK_IDLE): a
 * kdamond or kworker that wakes shows R a moment later.  t (a tracing
 * stop) is a moment too under strace -f, which stops its tracee at every
 * system call (the suite runs strace beside this test).  Only a difference
 * in these alone is forgiven; the stable states (Z, T) and every other
 * field must agree.
 */
static bool
only_moment_state_differs(const struct vals *a, const struct vals *b)
{
	struct vals x = *b;

	if (!strchr("RSDIt", a->state) || !strchr("RSDIt", b->state))
		return false;
	x.state = a->state;
	return same_vals(a, &x);
}

/*
 * Reads the task's stat and status now, by hand: the first '(' and the
 * last ')' around comm, then state and ppid; the first number of "Uid:".
 * Returns false when the task is gone.
 */
static bool
raw_vals(pid_t tgid, pid_t tid, struct vals *v)
{
	char path[96], buf[4096], *lp, *rp, *uid;
	size_t len;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%d/task/%d/stat", (int)tgid,
		 (int)tid);
	if (!(f = fopen(path, "r")))
		return false;
	len = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[len] = '\0';
	lp = memchr(buf, '(', len);
	rp = lp ? memrchr(buf, ')', len) : NULL;
	if (!rp || rp < lp ||
	    sscanf(rp + 1, " %c %d", &v->state, &v->ppid) != 2)
		return false;
	proc2_comm(lp + 1, (size_t)(rp - lp - 1), v->comm);
	v->tgid = tgid;

	snprintf(path, sizeof path, "/proc/%d/task/%d/status", (int)tgid,
		 (int)tid);
	if (!(f = fopen(path, "r")))
		return false;
	len = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[len] = '\0';
	uid = strstr(buf, "\nUid:");
	return uid && sscanf(uid + 5, "%u", &v->ruid) == 1;
}

/*
 * Decides a disagreement on a task stable across both libforkscope reads:
 * reads it raw REREADS times.  Real when the raw values hold still and equal
 * one side's, which makes the other side wrong; *raw_fks tells which.
 * Otherwise the task changed after libproc2's read (or keeps changing).
 */
static bool
real_disagreement(pid_t tgid, pid_t tid, const struct vals *fks,
		  const struct vals *p2, bool *raw_fks)
{
	struct vals first, raw;
	int i;

	if (!raw_vals(tgid, tid, &first))
		return false;
	for (i = 1; i < REREADS; i++)
		if (!raw_vals(tgid, tid, &raw) || !same_vals(&raw, &first))
			return false;
	*raw_fks = same_vals(&first, fks);
	return *raw_fks || same_vals(&first, p2);
}

/* comm needs no escaping here: both sides went through proc2_comm() or
 * libproc2's own escaping, which leave printable ASCII only. */
static void
print_vals(const char *who, const struct vals *v)
{
	fprintf(stderr, "    %-6s tgid %d ppid %d state %c ruid %u comm "
		"\"%s\"\n", who, (int)v->tgid, (int)v->ppid, v->state,
		(unsigned)v->ruid, v->comm);
}

/* ---- the comparison ----------------------------------------------------- */

static void
note_sentinel(pid_t tid, const struct vals *fks, const struct vals *p2,
	      bool matched)
{
	int i;

	for (i = 0; i < NSENTINELS; i++) {
		if (sentinels[i].tid != tid)
			continue;
		sentinels[i].compared = true;
		sentinels[i].matched = matched && same_vals(fks,
							    &sentinels[i].want);
		if (!sentinels[i].matched) {
			fprintf(stderr, "  sentinel %s (tid %d):\n",
				sentinels[i].what, (int)tid);
			print_vals("want", &sentinels[i].want);
			print_vals("fks", fks);
			print_vals("proc2", p2);
		}
	}
}

/* Counts a task that changed while we read, printing the first few: the
 * values in reading order (libforkscope, libproc2, libforkscope). */
static void
changed(pid_t tid, const char *why, const struct vals *a,
	const struct vals *c, const struct vals *p2)
{
	if (n.changed++ >= MAX_REPORTED)
		return;
	fprintf(stderr, "  tid %d changed: %s\n", (int)tid, why);
	if (a)
		print_vals("fks", a);
	print_vals("proc2", p2);
	if (c)
		print_vals("fks", c);
}

/* Compares one task libproc2 returned with both libforkscope reads. */
static void
compare_task(const struct fks_table *a, const struct fks_table *c,
	     struct pids_stack *s, struct pids_info *info)
{
	pid_t tid = PIDS_VAL(I_TID, s_int, s, info);
	const struct fks_task *ta = fks_table_find(a, tid);
	const struct fks_task *tc = fks_table_find(c, tid);
	struct vals va, vc, p2;
	bool raw_same, unused, raw_fks;

	proc2_vals(s, info, &p2);
	if (!ta && !tc) {
		/* Alive at libproc2's read and still now, so alive at c:
		 * libforkscope skipped a live task. */
		if (raw_vals(p2.tgid, tid, &va)) {
			n.missed++;
			fprintf(stderr, "  tid %d: alive, not read by "
				"libforkscope\n", (int)tid);
			print_vals("proc2", &p2);
		} else {
			n.only_proc2++;
		}
		return;
	}
	if (!ta || !tc) {
		changed(tid, "born or gone within the window", NULL, NULL,
			&p2);
		return;
	}
	fks_vals(ta, &va, &raw_same);
	fks_vals(tc, &vc, &unused);
	if (!same_vals(&va, &vc)) {
		changed(tid, "differs between the libforkscope reads", &va,
			&vc, &p2);
		note_sentinel(tid, &va, &p2, false);
		return;
	}
	if (same_vals(&va, &p2)) {
		n.compared++;
		if (raw_same)
			n.raw_comm++;
		else
			n.norm_comm++;
		note_sentinel(tid, &va, &p2, true);
		return;
	}
	if (only_moment_state_differs(&va, &p2) ||
	    !real_disagreement(ta->tgid, tid, &va, &p2, &raw_fks)) {
		changed(tid, "libproc2 differs, then the task changed", &va,
			NULL, &p2);
		note_sentinel(tid, &va, &p2, false);
		return;
	}
	note_sentinel(tid, &va, &p2, false);
	if (n.mismatched++ >= MAX_REPORTED)
		return;
	fprintf(stderr, "  mismatch on tid %d (the raw files agree with "
		"%s):\n", (int)tid, raw_fks ? "libforkscope" : "libproc2");
	print_vals("fks", &va);
	print_vals("proc2", &p2);
}

/* Counts the tasks both libforkscope reads saw and libproc2 did not. */
static void
count_only_fks(const struct fks_table *a, const struct fks_table *c,
	       const bool *seen, size_t nseen)
{
	const struct fks_task *t;
	size_t i;

	for (i = 0; i < fks_table_count(a); i++) {
		t = fks_table_at(a, i);
		if ((size_t)t->tid < nseen && seen[t->tid])
			continue;
		if (fks_table_find(c, t->tid)) {
			n.only_fks++;
			fprintf(stderr, "  tid %d: read by libforkscope only\n",
				(int)t->tid);
		}
	}
}

static size_t
pid_max(void)
{
	long v = 0;
	FILE *f;

	f = fopen("/proc/sys/kernel/pid_max", "r");
	if (f) {
		if (fscanf(f, "%ld", &v) != 1)
			v = 0;
		fclose(f);
	}
	return v > 0 ? (size_t)v + 1 : 4194304 + 1;	/* PID_MAX_LIMIT */
}

static void
count_messages(const struct fks_table *tbl)
{
	size_t i;

	for (i = 0; i < fks_table_nmessages(tbl); i++) {
		fprintf(stderr, "  libforkscope: %s\n",
			fks_table_message(tbl, i));
		n.messages++;
	}
}

/* Reads with both libraries and compares; fills n and sentinels[]. */
static int
read_and_compare(void)
{
	const unsigned fields = FKS_F_STAT | FKS_F_STATUS;
	struct fks_table *a = NULL, *c = NULL;
	struct pids_info *info = NULL;
	struct fks_root *root = NULL;
	struct pids_fetch *f;
	size_t nseen = pid_max();
	bool *seen;
	pid_t tid;
	int i, rc = -1;

	seen = calloc(nseen, sizeof *seen);
	if (!seen || fks_root_open(NULL, &root) < 0 ||
	    procps_pids_new(&info, items, NITEMS) < 0)
		goto out;
	/* a, then libproc2, then c: the window every comparison sits in */
	if (fks_table_read(root, fields, FKS_READ_THREADS, &a) < 0)
		goto out;
	f = procps_pids_reap(info, PIDS_FETCH_THREADS_TOO);
	if (!f || fks_table_read(root, fields, FKS_READ_THREADS, &c) < 0)
		goto out;
	for (i = 0; i < f->counts->total; i++) {
		tid = PIDS_VAL(I_TID, s_int, f->stacks[i], info);
		if (tid > 0 && (size_t)tid < nseen) {
			if (seen[tid]) {
				n.dup_proc2++;
				continue;
			}
			seen[tid] = true;
		}
		compare_task(a, c, f->stacks[i], info);
	}
	count_only_fks(a, c, seen, nseen);
	count_messages(a);
	count_messages(c);
	rc = 0;
out:
	fks_table_free(a);
	fks_table_free(c);
	if (info)
		procps_pids_unref(&info);
	fks_root_free(root);
	free(seen);
	return rc;
}

/* ---- the tests ---------------------------------------------------------- */

static int
suite_init(void)
{
	int rc;

	if (start_sentinels() < 0) {
		perror("live-libproc2: starting the sentinels");
		return -1;
	}
	rc = read_and_compare();
	printf("\nlive-libproc2: compared %zu (comm raw %zu, normalised %zu), "
	       "changed %zu, mismatched %zu, only libforkscope %zu, only "
	       "libproc2 %zu (alive: %zu), libproc2 duplicates %zu, "
	       "messages %zu\n", n.compared, n.raw_comm, n.norm_comm,
	       n.changed, n.mismatched, n.only_fks, n.only_proc2 + n.missed,
	       n.missed, n.dup_proc2, n.messages);
	return rc;
}

static int
suite_clean(void)
{
	stop_sentinels();
	return 0;
}

static void
test_enough_compared(void)
{
	CU_ASSERT(n.compared >= MIN_COMPARED);
}

static void
test_no_mismatch(void)
{
	CU_ASSERT_EQUAL(n.mismatched, 0);
	CU_ASSERT_EQUAL(n.missed, 0);
}

static void
test_sentinels_match(void)
{
	int i;

	for (i = 0; i < NSENTINELS; i++) {
		CU_ASSERT_TRUE(sentinels[i].compared);
		CU_ASSERT_TRUE(sentinels[i].matched);
	}
	/* The odd comm really went through the normalisation. */
	CU_ASSERT(n.norm_comm >= 1);
}

static void
test_no_messages(void)
{
	/* A live procfs never holds a malformed stat or status. */
	CU_ASSERT_EQUAL(n.messages, 0);
}

int
main(void)
{
	CU_pSuite suite;

	if (access("/proc/self/stat", R_OK) != 0) {
		fprintf(stderr, "live-libproc2: no /proc: skipped\n");
		return 77;
	}
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	suite = CU_add_suite("live-libproc2", suite_init, suite_clean);
	ADD_TEST(suite, test_enough_compared);
	ADD_TEST(suite, test_no_mismatch);
	ADD_TEST(suite, test_sentinels_match);
	ADD_TEST(suite, test_no_messages);
	return run_suites();
}
