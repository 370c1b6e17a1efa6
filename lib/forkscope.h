/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * forkscope.h - the one public header of libforkscope.
 *
 * libforkscope reads the tasks of a Linux system from a "proc root": the live
 * /proc, or any directory laid out like it (a frozen snapshot written by
 * procsnap).  It builds a table of tasks with O(1) lookup by tid, groups
 * threads under their process, links every process to its parent and lays
 * the processes out as a forest.  It also holds what every forkscope command
 * shares: terminal-safe escaping of hostile names.
 *
 * The library never prints, never exits and keeps no hidden static state:
 * every function returns 0 or a negative errno (pointer-returning ones NULL
 * with errno set), and problems found in the data are kept as messages in the
 * table for the caller to show.
 *
 * The declarations are grouped by concept, in the order data flows: roots
 * and their sources, the table of tasks read from a root, the forest built
 * on it, the columns and audits that read the table; then the events that
 * follow tasks through time, snapshots, and text.  Each group names the
 * files that define its functions (tests/header-index.sh checks that they
 * do), each with its return type on a line of its own, so
 * `grep -rn '^fks_table_read(' lib` finds it.
 */
#ifndef FORKSCOPE_H
#define FORKSCOPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#define FKS_VERSION "0.1.0"

struct fks_root;	/* an opened proc root (opaque) */
struct fks_table;	/* the tasks read from a root (opaque) */

/* ---- Roots and sources: where the tasks come from ------------------------ */
/*
 * Defined in lib/source/root.c, lib/source/read.c,
 * lib/source/mountinfo.c, lib/source/users.c, lib/parse/parse-meminfo.c.
 */

/*
 * A root is the live /proc or a snapshot directory, opened once and read
 * as often as the caller likes; what it holds besides its tasks (clock,
 * boot time, user names, hidepid) is asked of the root.
 */

/*
 * Opens the proc root at `path` (NULL means the live "/proc").  A directory
 * holding the file "forkscope-snapshot" is a snapshot; any other must be a
 * procfs.  Returns 0 and sets *out, or -ENOENT/-ENOTDIR/-EACCES, or
 * -EINVAL when `path` is neither a procfs nor a snapshot.
 */
int fks_root_open(const char *path, struct fks_root **out);
void fks_root_free(struct fks_root *root);
const char *fks_root_path(const struct fks_root *root);
/* True for a frozen snapshot, false for a live procfs. */
bool fks_root_is_snapshot(const struct fks_root *root);
/*
 * True when root is a live procfs of the caller's own pid namespace, so
 * that its pid numbers name the processes that kill() or pidfd_open() of
 * the same numbers reach.  False for a snapshot and for the procfs of
 * another pid namespace (a container's /proc/PID/root/proc), where the
 * same number names another process: never signal through those.
 */
bool fks_root_pids_are_ours(struct fks_root *root);
/* Clock ticks per second of the machine the data came from. */
long fks_root_clk_tck(const struct fks_root *root);
/* Page size in bytes of the machine the data came from. */
long fks_root_page_size(const struct fks_root *root);
/* Boot time (btime of ROOT/stat, read on first use), seconds since the
 * epoch; 0 if unknown. */
long long fks_root_boot_time(struct fks_root *root);
/*
 * The moment the data describes, seconds since the epoch: the capture time
 * of a snapshot, or now for a live root (read when the root was opened,
 * and again by each fks_table_read() of it).
 */
long long fks_root_now(const struct fks_root *root);
/* A value of the snapshot manifest ("kernel", "hostname", ...), or NULL. */
const char *fks_root_manifest(const struct fks_root *root, const char *key);
/*
 * Reads ROOT/`relpath` whole into a new buffer (NUL-terminated, at most
 * `max` bytes kept, *full set to the bytes the file held).  No symlink is
 * followed inside a snapshot.  Returns 0 or a negative errno; the caller
 * frees *buf.
 */
int fks_root_read_file(struct fks_root *root, const char *relpath,
		       size_t max, char **buf, size_t *len, size_t *full);
/*
 * What a negative errno from this library means, in words: strerror(),
 * but for the refusal of a snapshot's file that is no regular file or
 * directory (a FIFO, a device, a socket: never opened blocking, never
 * read), "not a regular file".
 */
const char *fks_strerror(int rc);

/*
 * A live root's tasks come from /proc, one open and read per task and
 * file, or from a BPF task iterator that hands over the stat and owner
 * fields of every task in a few large reads (cmdline and status are still
 * read from /proc, only for the tasks and fields asked for).  Both give
 * the same values.  The BPF source needs a library built with it, root
 * (or CAP_BPF and CAP_PERFMON), kernel BTF (/sys/kernel/btf/vmlinux), a
 * kernel of 6.2 or later, and the reader in the initial pid and time
 * namespaces.  A snapshot is always read from its files.
 */
enum fks_source {
	FKS_SOURCE_AUTO,	/* BPF when it can run, else /proc, silently */
	FKS_SOURCE_PROC,
	FKS_SOURCE_BPF,		/* BPF or fail */
};

/* Sets the source of later fks_table_read() calls (AUTO when never set).
 * Returns 0, or -EINVAL for a value out of range. */
int fks_root_set_source(struct fks_root *root, enum fks_source source);
/*
 * The source the last fks_table_read() of root used: FKS_SOURCE_PROC or
 * FKS_SOURCE_BPF (FKS_SOURCE_AUTO before any read).  A snapshot: PROC.
 */
enum fks_source fks_root_source_used(const struct fks_root *root);
/*
 * Why the last read did not use BPF ("not permitted: needs root or CAP_BPF
 * and CAP_PERFMON", "built without BPF support", ...), or NULL when it
 * did or was told to read /proc.  With FKS_SOURCE_BPF, fks_table_read
 * then failed with -EPERM (privileges), -EOPNOTSUPP (no support here) or
 * the loader's error.  Valid until the next read or fks_root_free().
 */
const char *fks_root_source_why(const struct fks_root *root);
/*
 * How many processes the last BPF read took from /proc because the
 * iterator did not show them (a kernel may hide tasks from BPF, and a task
 * born during the pass may be behind it); 0 after a /proc read.
 */
size_t fks_root_bpf_missed(const struct fks_root *root);

/*
 * The hidepid= option of a live root's procfs mount, read from
 * ROOT/self/mountinfo: 0 (every process shown), 1 (noaccess: other users'
 * files refused), 2 (invisible: their directories not listed either) or 4
 * (ptraceable: only processes the reader may ptrace are listed).  Root, and
 * members of the mount's gid= group, see everything whatever the mode.
 * Returns the mode, 0 for a snapshot, or a negative errno when the mount
 * cannot be found (-ENOSYS: a kernel before 5.8 gives no mount id).
 */
int fks_root_hidepid(struct fks_root *root);

/*
 * The name of uid on the machine the data came from: this machine's user
 * database for a live root, the snapshot's own "users" file for a snapshot.
 * Returns a string valid until the root is freed, or NULL when the uid has
 * no name there.
 */
const char *fks_root_user_name(struct fks_root *root, uid_t uid);

/* The machine's memory, in bytes (0: a line the text lacks). */
struct fks_meminfo {
	unsigned long long total;	/* MemTotal: ps's base for %MEM */
	unsigned long long free;	/* MemFree */
	unsigned long long available;	/* MemAvailable (Linux 3.14) */
	unsigned long long buffers, cached;	/* Buffers, Cached */
	unsigned long long swap_total, swap_free;	/* SwapTotal, SwapFree */
};
/*
 * Reads ROOT/meminfo (live: at each call; a snapshot: procsnap's copy)
 * into mi.  Returns 0, a negative errno (-ENOENT: a snapshot taken
 * without it), or -EINVAL for a malformed text, *why then saying how.
 */
int fks_root_meminfo(struct fks_root *root, struct fks_meminfo *mi,
		     const char **why);
/* Parses a meminfo text (no NUL needed); same returns. */
int fks_parse_meminfo(const char *buf, size_t len, struct fks_meminfo *mi,
		      const char **why);

/* ---- Tables and tasks: one reading of every task ------------------------- */
/*
 * Defined in lib/source/read.c, lib/source/proc-source.c,
 * lib/model/table.c, lib/parse/parse-stat.c, lib/parse/parse-status.c,
 * lib/parse/parse-cmdline.c.
 */

/*
 * What to read.  Each bit names the /proc files it costs, so a caller pays
 * only for what it shows: from /proc, FKS_F_STAT alone is one
 * openat+read+close per task; the BPF source gives the stat and owner
 * fields of every task in a few reads, and reads the other files from
 * /proc.
 */
enum fks_field {
	FKS_F_STAT	= 1u << 0,	/* PID/stat */
	FKS_F_OWNER	= 1u << 1,	/* live: fstatat(PID); snapshot: status */
	FKS_F_STATUS	= 1u << 2,	/* PID/status */
	FKS_F_CMDLINE	= 1u << 3,	/* PID/cmdline */
	FKS_F_CGROUP	= 1u << 4,	/* PID/cgroup */
	FKS_F_PIDNS	= 1u << 5,	/* the PID/ns/pid link */
	/* PID/stat's scheduling and size fields (priority, policy,
	 * rt_priority, processor, vsize), which the BPF source does not
	 * give but for vsize (FKS_F_VSIZE): a read asking for them reads
	 * stat from /proc */
	FKS_F_SCHED	= 1u << 6,
	FKS_F_WCHAN	= 1u << 7,	/* PID/wchan */
	/* PID/status's VmRSS (live, from PID/statm's resident count, the
	 * same and cheaper, unless status is read anyway) and VmLck (which
	 * the BPF source gives, VmRSS it does not); neither costs a read
	 * for a live kernel thread or zombie (no memory map: 0) */
	FKS_F_VMRSS	= 1u << 8,
	FKS_F_VMLCK	= 1u << 9,
	/* PID/stat's vsize (field 23) alone, which the BPF source gives */
	FKS_F_VSIZE	= 1u << 10,
	FKS_F_DEFAULT	= FKS_F_STAT | FKS_F_OWNER,
	FKS_F_ALL	= FKS_F_STAT | FKS_F_OWNER | FKS_F_STATUS |
			  FKS_F_CMDLINE | FKS_F_CGROUP | FKS_F_PIDNS |
			  FKS_F_SCHED | FKS_F_WCHAN | FKS_F_VMRSS |
			  FKS_F_VMLCK | FKS_F_VSIZE,
};

/* How to read (flags of fks_table_read). */
enum fks_read_flag {
	FKS_READ_THREADS = 1u << 0,	/* also read each process's task/ */
	FKS_READ_STRICT	 = 1u << 1,	/* a malformed file fails the read */
	FKS_READ_SERIAL	 = 1u << 2,	/* one thread, however large /proc is */
	/* live: a process that held still since the last read of the same
	 * root with this flag keeps the command line read then (see
	 * fks_table_read and fks_table_read_cmdline) */
	FKS_READ_KEEP_CMDLINE = 1u << 3,
};

/*
 * Task states, the letters of /proc/PID/stat field 3.  The kernel prints
 * one letter; FKS_STATE_UNKNOWN stands for any other (the raw letter is
 * kept in fks_task.state_char).
 */
enum fks_state {
	FKS_STATE_UNKNOWN = 0,
	FKS_STATE_RUNNING,	/* R */
	FKS_STATE_SLEEPING,	/* S: interruptible sleep */
	FKS_STATE_DISK,		/* D: uninterruptible sleep */
	FKS_STATE_ZOMBIE,	/* Z: exited, not yet reaped */
	FKS_STATE_STOPPED,	/* T: stopped by a signal */
	FKS_STATE_TRACED,	/* t: stopped by a tracer */
	FKS_STATE_DEAD,		/* X: being released (rarely seen) */
	FKS_STATE_IDLE,		/* I: idle kernel thread */
	FKS_STATE_PARKED,	/* P: parked kernel thread (3.9 to 4.13) */
};

/* Bits of fks_task.known: which groups of fields hold real values. */
enum fks_known {
	FKS_K_STAT	= 1u << 0,	/* every field marked "stat" below */
	FKS_K_EXIT_CODE	= 1u << 1,	/* exit_code (kernel >= 3.5) */
	FKS_K_OWNER	= 1u << 2,	/* euid */
	FKS_K_STATUS	= 1u << 3,	/* every field marked "status" */
	FKS_K_CMDLINE	= 1u << 4,	/* cmdline, cmdline_len, cmdline_full */
	FKS_K_RUID	= 1u << 5,	/* ruid (status, or the BPF source) */
	FKS_K_CMDLINE_KEPT = 1u << 6,	/* cmdline is an earlier read's
					 * (FKS_READ_KEEP_CMDLINE), not now's */
	FKS_K_EXIT_HIDDEN = 1u << 7,	/* not a value: exit_code (then
					 * unknown) was hidden from the reader,
					 * see below */
	FKS_K_CGROUP	= 1u << 8,	/* cgroup, cgroup_len */
	FKS_K_PIDNS	= 1u << 9,	/* pidns */
	FKS_K_SCHED	= 1u << 10,	/* the fields marked "stat, sched" */
	FKS_K_WCHAN	= 1u << 11,	/* wchan, wchan_len */
	FKS_K_VMRSS	= 1u << 12,	/* vm_rss */
	FKS_K_VMLCK	= 1u << 13,	/* vm_lck */
	FKS_K_VSIZE	= 1u << 14,	/* vsize (with FKS_K_SCHED, or alone
					 * from the BPF source) */
};

#define FKS_NSPID_MAX 8		/* pid namespaces kept per task */
#define FKS_CMDLINE_MAX (128 * 1024)	/* bytes of cmdline kept */
#define FKS_PATH_MAX 4096	/* bytes of an exec's file name kept */

/*
 * One task: a process (tid == tgid) or a thread (tid != tgid).  Only the
 * library allocates these; callers get const pointers valid until the table
 * is freed.  New fields are only ever appended.
 *
 * A field is meaningful only when its group's bit is set in `known`: a file
 * that could not be read (permissions, hidepid) leaves its fields unknown,
 * not the task missing.
 */
struct fks_task {
	unsigned known;		/* FKS_K_* bits */
	pid_t tid;		/* directory name under the root or task/ */
	pid_t tgid;		/* process id: the directory above task/ */
	bool is_thread;		/* tid != tgid */

	/* from PID/stat */
	pid_t ppid;		/* field 4; for a thread, its process's parent */
	char state_char;	/* field 3, the raw letter */
	enum fks_state state;	/* field 3, decoded */
	pid_t pgrp;		/* field 5 */
	pid_t session;		/* field 6 */
	int tty_nr;		/* field 7: major/minor packed as the kernel does */
	unsigned flags;		/* field 9: PF_* flags */
	bool kthread;		/* PF_KTHREAD (0x00200000) in flags */
	unsigned long long utime, stime;	/* fields 14, 15, clock ticks */
	int nice;		/* field 19 */
	int nlwp;		/* field 20: threads in the group */
	unsigned long long start_ticks;	/* field 22: clock ticks after boot */
	long rss_pages;		/* field 24, pages */
	/* field 52: the wait status a zombie keeps.  The kernel shows it
	 * only to a reader that may ptrace the task (ptrace_may_access,
	 * PTRACE_MODE_READ_FSCREDS: root, or the task's own user when its
	 * ids all match; see ptrace(2)); anyone else reads 0.  So
	 * FKS_K_EXIT_CODE is left unset, and FKS_K_EXIT_HIDDEN set, when
	 * the reader was refused: the stat text shows it (start_code and
	 * end_code, fields 26 and 27, both 1: the kernel's mask, which no
	 * memory map has); for a task without a memory map (a zombie, an
	 * exiting task), where the text shows 0 to all, a live read asks
	 * the kernel (readlink of PID/cwd makes the same check), and a
	 * snapshot says so itself (procsnap(1)).  A kernel thread's exit
	 * code is always 0 (it is never waited for) and stays known. */
	int exit_code;
	const char *comm;	/* field 2, raw bytes between the first '(' and
				 * the last ')'; NUL-terminated, but may itself
				 * hold any byte: use comm_len and fks_escape() */
	size_t comm_len;

	/* from the owner of PID (live) or status's Uid line (snapshot) */
	uid_t euid;

	/* from PID/status */
	uid_t ruid;		/* Uid: first value (euid is the second) */
	gid_t rgid, egid;	/* Gid: */
	pid_t tracer;		/* TracerPid: 0 when not traced */
	pid_t nspid[FKS_NSPID_MAX];	/* NSpid: outermost namespace first */
	int nspid_len;
	uint64_t sig_blk, sig_ign, sig_cgt;	/* SigBlk, SigIgn, SigCgt */

	/* from PID/cmdline */
	const char *cmdline;	/* argv joined by NULs, at most
				 * FKS_CMDLINE_MAX bytes; empty for kernel
				 * threads and zombies; live, a process
				 * whose leader exited while its other
				 * threads run has theirs */
	size_t cmdline_len;	/* bytes kept in cmdline */
	size_t cmdline_full;	/* bytes the file held (>= cmdline_len) */

	/* from PID/stat, appended */
	pid_t tpgid;		/* field 8: foreground group of the tty, or -1 */
	/* fields 48, 49 (Linux 3.5 and later): where argv lies in the
	 * process's memory; it moves at each exec.  0 without a memory map
	 * (kernel threads, zombies) or when the reader may not ptrace the
	 * process */
	unsigned long long arg_start, arg_end;

	/* from PID/cgroup: its text whole ("ID:CONTROLLERS:PATH" lines,
	 * raw bytes: escape before showing); a thread may be in another
	 * cgroup than its process (cgroup v2's threaded mode) */
	const char *cgroup;
	size_t cgroup_len;
	/* from the PID/ns/pid link ("pid:[INODE]"; a snapshot keeps its text
	 * as a file): the inode of the task's pid namespace.  Live, only a
	 * reader that may ptrace the task may read the link. */
	unsigned long long pidns;

	/* from PID/stat, sched (FKS_K_SCHED: a /proc or snapshot read) */
	int priority;		/* field 18: -100..-2 realtime, 0..39 normal */
	unsigned long long vsize;	/* field 23: bytes */
	int processor;		/* field 39: the CPU it last ran on */
	unsigned rt_priority;	/* field 40: 1..99 realtime, else 0 */
	unsigned policy;	/* field 41: SCHED_OTHER 0, FIFO 1, RR 2,
				 * BATCH 3, IDLE 5, DEADLINE 6 */
	/* from PID/wchan: the kernel function the task sleeps in; "0"
	 * when it runs, and to a reader that may not ptrace it */
	const char *wchan;
	size_t wchan_len;
	/* from PID/status (FKS_K_VMRSS, FKS_K_VMLCK), or statm, or the BPF
	 * source: VmRSS and VmLck in KiB, 0 for a task without a memory
	 * map.  On recent kernels (6.18 here) VmRSS sums the per-CPU counts
	 * that stat's field 24 (rss_pages) leaves out, so the two differ */
	unsigned long long vm_rss, vm_lck;
};

/*
 * Reads every process (and, with FKS_READ_THREADS, every thread) of root
 * from its source, reading only the files that `fields` needs.  A live
 * /proc of 1024 processes or more is read on up to 4 threads (one per CPU
 * this process may run on; FKS_READ_SERIAL: always one), with the same
 * result as one thread would give.  A task that vanishes while it is read
 * (live) is skipped and counted.  A malformed or missing file in a
 * snapshot is recorded as a message naming the file, and the task is
 * skipped; with FKS_READ_STRICT the read fails instead.  Returns 0 and
 * sets *out, or a negative errno (-EINVAL for a strict failure, *out then
 * holds the table with its messages; -ENOMEM).
 *
 * With FKS_READ_KEEP_CMDLINE and FKS_F_CMDLINE, a live root keeps every
 * process's command line and a later such read takes it instead of
 * reading cmdline again (FKS_K_CMDLINE_KEPT set) when the process held
 * still: the same pid and start time, the same comm, and the same
 * argument area (arg_start, arg_end: it moves at each exec).  A process
 * whose argument area the reader cannot see (it may not ptrace it; a
 * zombie) is read each time, a kernel thread (no command line) is kept.
 * A process that rewrites its argv in place keeps its old command line
 * until fks_table_read_cmdline() reads it.  Ignored for a snapshot.
 */
int fks_table_read(struct fks_root *root, unsigned fields, unsigned flags,
		   struct fks_table **out);
void fks_table_free(struct fks_table *tbl);
/* Number of tasks: processes and threads. */
size_t fks_table_count(const struct fks_table *tbl);
/* Task number i (0 <= i < count), processes by pid, each followed by its
 * threads by tid. */
const struct fks_task *fks_table_at(const struct fks_table *tbl, size_t i);
/* The position of t in the table (0 <= i < count): a key for arrays a
 * caller keeps beside the table. */
size_t fks_table_index(const struct fks_table *tbl, const struct fks_task *t);
/* The task with this tid (process or thread), or NULL. */
const struct fks_task *fks_table_find(const struct fks_table *tbl, pid_t tid);
/* The process a task belongs to (itself for a process), or NULL. */
const struct fks_task *fks_table_process(const struct fks_table *tbl,
					 const struct fks_task *t);
/*
 * Reads the status fields of t, a task of tbl, now: for a caller that read
 * many tasks without FKS_F_STATUS and needs it for one, as a details view
 * does.  Returns 0 (t->known then has FKS_K_STATUS), -ESRCH or -ENOENT
 * when the task is gone, -EACCES, or -EINVAL for a malformed file.
 */
int fks_table_read_status(struct fks_table *tbl, const struct fks_task *t);
/*
 * The same for its cgroup (FKS_F_CGROUP): 0 (t->known then has
 * FKS_K_CGROUP), or a negative errno as above (-ENOENT also for a
 * snapshot that kept no cgroup file).
 */
int fks_table_read_cgroup(struct fks_table *tbl, const struct fks_task *t);
/*
 * Reads the command line of t's process now (a thread: its process's,
 * which its threads share), clearing FKS_K_CMDLINE_KEPT: for a caller
 * that read with FKS_READ_KEEP_CMDLINE and shows a few tasks, so that a
 * process that rewrote its argv in place is shown as it is.  The root's
 * kept copy is replaced too.  Returns 0, -ESRCH or -ENOENT when the
 * process is gone (t's command line is then left as it was), -EACCES, or
 * -ENOMEM.
 */
int fks_table_read_cmdline(struct fks_table *tbl, const struct fks_task *t);
/* Tasks skipped because they vanished during the read. */
size_t fks_table_vanished(const struct fks_table *tbl);
/* Messages about the data (malformed files, ppid cycles), in order. */
size_t fks_table_nmessages(const struct fks_table *tbl);
const char *fks_table_message(const struct fks_table *tbl, size_t i);
/* The root the table was read from. */
struct fks_root *fks_table_root(const struct fks_table *tbl);

/*
 * Whether a process is a zombie: exited, waiting for its parent to reap it.
 * The kernel's Z on a thread-group leader alone is not enough: a leader that
 * called pthread_exit() shows Z while its other threads still run.  A
 * process is a zombie when its leader is Z and no other thread is left
 * (nlwp <= 1).  A thread is a zombie when its own state is Z.
 */
bool fks_task_is_zombie(const struct fks_task *t);
/* Start time in seconds since the epoch (boot time + start ticks); -1 if
 * the boot time or the start is unknown. */
long long fks_task_start_time(const struct fks_table *tbl,
			      const struct fks_task *t);

/*
 * Parses the text of a PID/stat file into t (stat fields; comm points into
 * buf, which must outlive t).  buf need not be NUL-terminated.  Returns 0,
 * or -EINVAL when the text is malformed (no "(...)", a missing or
 * overflowing number); *why then names the problem.
 */
int fks_parse_stat(char *buf, size_t len, struct fks_task *t,
		   const char **why);
/* Parses a PID/status text into t's status fields; same returns. */
int fks_parse_status(const char *buf, size_t len, struct fks_task *t,
		     const char **why);
/* Decodes one state letter. */
enum fks_state fks_state_from_char(char c);
/*
 * Counts the arguments of a cmdline text (NUL-separated; a missing final
 * NUL is allowed, as after setproctitle()).  Returns the count.
 */
size_t fks_cmdline_argc(const char *buf, size_t len);

/* ---- The forest: processes under their parents --------------------------- */
/* Defined in lib/model/tree.c. */

/*
 * The forest links processes (never threads) to their parent.  A root is a
 * process whose parent is not in the table: pid 1, kthreadd (ppid 0), or a
 * parent missing from a snapshot.  A ppid cycle (a corrupt snapshot) is
 * broken at its lowest pid, which becomes a root, and reported as a message.
 * Children and roots are in pid order.
 */
size_t fks_forest_nroots(const struct fks_table *tbl);
const struct fks_task *fks_forest_root(const struct fks_table *tbl, size_t i);
/* The parent process in the forest, or NULL for a root. */
const struct fks_task *fks_forest_parent(const struct fks_table *tbl,
					 const struct fks_task *proc);
size_t fks_forest_nchildren(const struct fks_table *tbl,
			    const struct fks_task *proc);
const struct fks_task *fks_forest_child(const struct fks_table *tbl,
					const struct fks_task *proc, size_t i);
/* Threads of a process other than its leader, by tid (needs
 * FKS_READ_THREADS; otherwise none). */
size_t fks_forest_nthreads(const struct fks_table *tbl,
			   const struct fks_task *proc);
const struct fks_task *fks_forest_thread(const struct fks_table *tbl,
					 const struct fks_task *proc,
					 size_t i);

/*
 * The walk: the one depth-first way through the forest that every view
 * uses (pforest's rows, forktop's nodes).  The caller says which processes
 * show, in what order siblings come, and whether identical leaves fold into
 * one; the walk hands it each node in display order with its depth.  It
 * keeps its own stack (no recursion: a chain of processes can be 100,000
 * deep) and allocates nothing per node.
 */

/* One node the walk visits. */
struct fks_walk_node {
	const struct fks_task *task;
	bool thread;		/* a thread under its process */
	unsigned count;		/* leaves folded into this one (same): >= 1 */
	size_t extra;		/* the caller's number for a task it added
				 * (extra), FKS_WALK_TABLE for the table's */
};
#define FKS_WALK_TABLE ((size_t)-1)
/* A root's parent in struct fks_walk_pos. */
#define FKS_WALK_NONE ((size_t)-1)

/* Where a walk stands: enough to draw the tree in front of a row. */
struct fks_walk_pos {
	int depth;		/* 0 for a root */
	bool last;		/* no later sibling */
	/* open[d] for 0 <= d <= depth: the node on the path from the
	 * root at depth d has later siblings, so a vertical line at that
	 * level continues below this row (open[depth] == !last) */
	const bool *open;
	size_t index;		/* nodes visited before this one */
	size_t parent;		/* the parent's index, FKS_WALK_NONE */
};

/* struct fks_walk's flags */
#define FKS_WALK_THREADS 0x1u	/* a process's threads (FKS_READ_THREADS)
				 * come first among its children */
#define FKS_WALK_FLAT	 0x2u	/* every shown process is a root, with
				 * its threads alone under it */

/* What a walk shows, and what it calls.  Zero fields take the defaults. */
struct fks_walk {
	unsigned flags;		/* FKS_WALK_* */
	/* Which processes show, by fks_table_index(); NULL: all of them.  A
	 * shown process whose parent does not show is a root. */
	const bool *shown;
	/* Sibling order (roots too); NULL: threads by tid, then processes
	 * by pid, then the extra nodes as extra gave them.  A list already
	 * in cmp's order is left as it is, else it is sorted. */
	int (*cmp)(const struct fks_walk_node *a,
		   const struct fks_walk_node *b, void *arg);
	/* Folds identical leaves among one node's children (never the
	 * roots, never with extra): after sorting, each leaf takes every
	 * later leaf same() calls equal to it; its count says how many. */
	bool (*same)(const struct fks_walk_node *a,
		     const struct fks_walk_node *b, void *arg);
	/* Tasks that are not in the table, placed in the forest by the
	 * caller: writes the children of parent (NULL: extra roots), at
	 * most nextra, to out and returns how many.  An extra node's
	 * children are extra nodes alone; they must form no cycle. */
	size_t (*extra)(const struct fks_walk_node *parent,
			struct fks_walk_node *out, void *arg);
	size_t nextra;
	/* Called on every node, in order.  Non-zero stops the walk. */
	int (*visit)(const struct fks_walk_node *node,
		     const struct fks_walk_pos *pos, void *arg);
	void *arg;		/* passed to each of them */
};

/*
 * Walks the forest of tbl as w says: depth first, a node before its
 * children.  Returns 0 after a full walk, the first non-zero value visit
 * returned, -EINVAL for same with extra, or -ENOMEM.
 */
int fks_forest_walk(const struct fks_table *tbl, const struct fks_walk *w);

/* ---- Columns: a task's values as text ------------------------------------ */
/* Defined in lib/text/columns.c. */

/* Every column a command can show (pforest -o).  Names as in procps. */
enum fks_column {
	FKS_COL_PID,		/* tid for a thread row, else the pid */
	FKS_COL_PPID,
	FKS_COL_TGID,
	FKS_COL_TID,
	FKS_COL_USER,		/* name of the effective uid, else the number */
	FKS_COL_UID,		/* effective uid */
	FKS_COL_STAT,		/* state and ps's modifiers: < N s l + */
	FKS_COL_STATE,		/* the state letter alone */
	FKS_COL_START,		/* ps's start_time (stime): HH:MM within a day,
				 * else MonDD, else the year */
	FKS_COL_TIME,		/* CPU time, [DD-]HH:MM:SS */
	FKS_COL_NLWP,
	FKS_COL_PGID,
	FKS_COL_SID,
	FKS_COL_TTY,		/* pts/N, ttyN, ttySN, or "?" */
	FKS_COL_RSS,		/* resident set, KiB */
	FKS_COL_TRACER,		/* TracerPid, "-" when not traced */
	FKS_COL_COMM,		/* the name (escaped by the caller) */
	FKS_COL_ARGS,		/* the command line (escaped by the caller) */
	FKS_COL_PIDNS,		/* the pid namespace's inode */
	FKS_COL_NSPID,		/* the pid in the task's own pid namespace */
	FKS_COL_CGROUP,		/* ps's: the non-root cgroups, comma-joined */
	FKS_COL_UNIT,		/* the systemd unit, from the cgroup path */
	FKS_COL_SLICE,		/* its slice */
	FKS_COL_UUNIT,		/* the unit inside user@UID.service */
	FKS_COL_CONTAINER,	/* RUNTIME:ID (12 digits), or RUNTIME:NAME */
	FKS_COL_RUSER,		/* name of the real uid (status), else the number */
	FKS_COL_RUID,		/* real uid (status) */
	FKS_COL_GROUP,		/* name of the effective gid (status) */
	FKS_COL_GID,		/* effective gid (status) */
	FKS_COL_NI,		/* nice (stat 19); "-" for a realtime policy */
	FKS_COL_PRI,		/* ps's pri: 39 - priority (stat 18) */
	FKS_COL_RTPRIO,		/* rt_priority (stat 40); "-" for SCHED_OTHER */
	FKS_COL_PSR,		/* processor (stat 39) */
	FKS_COL_PCPU,		/* CPU time / elapsed time, per mille shown
				 * as NN.N (stat 14, 15, 22; uptime) */
	FKS_COL_PMEM,		/* rss / MemTotal, NN.N, at most 99.9 */
	FKS_COL_VSZ,		/* virtual size, KiB (stat 23) */
	FKS_COL_ETIME,		/* elapsed, [[DD-]HH:]MM:SS (stat 22; uptime) */
	FKS_COL_ETIMES,		/* elapsed, seconds */
	FKS_COL_LSTART,		/* start, "Mon Dec  7 14:47:19 2026" */
	FKS_COL_WCHAN,		/* PID/wchan; "-" running, "?" unreadable */
	FKS_COL_STARTED,	/* ps's start: HH:MM:SS within a day, else
				 * "Mon DD" */
	FKS_COL_COUNT
};

struct fks_column_info {
	enum fks_column id;
	const char *name;	/* the name for -o */
	const char *header;	/* as procps prints it */
	int width;		/* the narrowest it is drawn */
	bool left;		/* left-aligned (text) */
	unsigned fields;	/* FKS_F_* bits it needs */
};

/* The column's description; NULL for an id out of range. */
const struct fks_column_info *fks_column_info(enum fks_column col);
/* The column named name (or one of procps's aliases: pgrp, lwp, spid,
 * cmd, command, ucomm, euid, euser, s, cputime, rssize, rsz, thcount, sess,
 * session, tt, tname, stime, start_time, %cpu, %mem, vsize, nice, egroup,
 * egid, wname), or -1. */
int fks_column_lookup(const char *name);
/* The header procps prints for the column named name (an alias may have
 * its own: euser EUSER, cmd CMD, lwp LWP), or NULL for no column. */
const char *fks_column_header(const char *name);
/*
 * Writes the value of column col for task t into buf (size bytes, always
 * NUL-terminated), "-" when the data is unknown.  COMM and ARGS are raw
 * bytes here: show them only through fks_escape().  Returns the length
 * written.  Times are relative to fks_root_now() and in local time.
 */
size_t fks_column_format(const struct fks_table *tbl,
			 const struct fks_task *t, enum fks_column col,
			 char *buf, size_t size);
/* A column's value as data, not display: fks_column_value(). */
enum fks_value_type {
	FKS_VAL_NONE,		/* unknown, or none (ni for a realtime task) */
	FKS_VAL_INT,		/* i */
	FKS_VAL_REAL,		/* r */
	FKS_VAL_TEXT,		/* what fks_column_format() writes */
};
struct fks_value {
	enum fks_value_type type;
	long long i;
	double r;
};
/*
 * Column col of task t as a value, in plain units: ids and counts as
 * they are; rss and vsz in bytes; start and lstart in seconds since the
 * epoch; etime and etimes in seconds; time in seconds (CPU ticks over the
 * clock rate: REAL); pcpu and pmem in per cent, unrounded (REAL: 0.83
 * where ps shows 0.8); every name, state and place as TEXT (format it
 * with fks_column_format()).  Returns v->type.
 */
enum fks_value_type fks_column_value(const struct fks_table *tbl,
				     const struct fks_task *t,
				     enum fks_column col, struct fks_value *v);
/* Formats a tty_nr as ps's TTY column does ("pts/3", "tty1", "?"). */
void fks_tty_name(int tty_nr, char *buf, size_t size);

/* ---- Places: where a task runs, from its cgroup path --------------------- */
/* Defined in lib/text/columns.c, lib/parse/cgroup.c. */

/*
 * Where a task runs, as its cgroup path names it (the path systemd tracks
 * it by): its systemd unit, slice and user unit by systemd's rules, and
 * the container its manager's naming says it is in.  Naming conventions,
 * not kernel facts: anyone who may make a cgroup may name one so.  ""
 * stands for none.
 */
#define FKS_PLACE_NAME_MAX 255
struct fks_place {
	char unit[FKS_PLACE_NAME_MAX + 1];	/* ssh.service */
	char slice[FKS_PLACE_NAME_MAX + 1];	/* system.slice; -.slice */
	char user_unit[FKS_PLACE_NAME_MAX + 1];	/* a unit in user@UID.service */
	const char *runtime;	/* docker, containerd, cri-o, podman,
				 * kubepods, lxc, machine; "" for none */
	char container[FKS_PLACE_NAME_MAX + 1];	/* its id (64 hex digits) or
						 * name (lxc, machine) */
	char pod[FKS_PLACE_NAME_MAX + 1];	/* a Kubernetes pod's UID */
};
/* Fills *p for task t of a table read with FKS_F_CGROUP.  Returns 0, or
 * -ENODATA when t's cgroup is unknown (not read, or unreadable). */
int fks_task_place(const struct fks_task *t, struct fks_place *p);
/* Fills *p from a cgroup v2 path of len bytes ("/system.slice/ssh.service",
 * as fks_event.cgroup); pure. */
void fks_place_from_path(const char *path, size_t len, struct fks_place *p);

/* ---- Audits: zombies and orphans ----------------------------------------- */
/* Defined in lib/model/audit.c. */

/*
 * Why a parent does not reap its zombie children, as far as one reading of
 * /proc can tell (needs FKS_F_STATUS for the signal masks and the tracer).
 * Several may hold at once; fks_reap_diagnose() returns them as bits.
 */
enum fks_reap_why {
	FKS_WHY_STOPPED		= 1u << 0,	/* parent stopped (T): it runs
						 * no wait() until continued */
	FKS_WHY_TRACED		= 1u << 1,	/* parent traced (t or a
						 * TracerPid): held by its tracer */
	FKS_WHY_PARENT_ZOMBIE	= 1u << 2,	/* parent exited too: its own
						 * parent must reap it first */
	FKS_WHY_SIGCHLD_BLOCKED	= 1u << 3,	/* SIGCHLD in SigBlk */
	FKS_WHY_SIGCHLD_IGNORED	= 1u << 4,	/* SigIgn: new children are
						 * reaped by the kernel; these
						 * died before it was set */
	FKS_WHY_SIGCHLD_CAUGHT	= 1u << 5,	/* a handler exists (SigCgt) but
						 * did not wait: lost signal or
						 * a bug in the handler */
	FKS_WHY_NO_HANDLER	= 1u << 6,	/* default disposition: only
						 * a wait() of the parent's
						 * own reaps, and it has not
						 * waited */
	FKS_WHY_INIT		= 1u << 7,	/* pid 1 of its namespace: an
						 * init that does not reap */
	FKS_WHY_UNKNOWN		= 1u << 8,	/* status not readable */
};

/* The reasons (FKS_WHY_* bits) why parent leaves its zombies unreaped. */
unsigned fks_reap_diagnose(const struct fks_table *tbl,
			   const struct fks_task *parent);
/*
 * The most a zombie can have been dead, in seconds: the data's time minus
 * its start time.  /proc keeps no time of death, so this is an upper bound
 * (the process may have run until a moment ago); events give the exact age.
 * -1 when the start is unknown.
 */
long long fks_zombie_age_max(const struct fks_table *tbl,
			     const struct fks_task *z);

/*
 * Whether a process was orphaned: reparented after its parent died.  The
 * kernel keeps no such flag; the rule is that a child inherits its parent's
 * session, and only setsid() (which makes it a session leader) moves it.
 * So a process that is not a session leader and is in another session than
 * its parent was reparented.  Orphans adopted by a subreaper of their own
 * session are not seen (events see them); kernel threads never are orphans.
 */
bool fks_task_is_orphan(const struct fks_table *tbl,
			const struct fks_task *t);

/* ---- Audits of a table: zombies by parent, orphans, advice --------------- */
/* Defined in lib/model/reapaudit.c. */

struct fks_audit;	/* the zombies and orphans of one table (opaque) */

/* The zombies one parent holds, as an audit groups them. */
struct fks_reap_group {
	const struct fks_task *parent;	/* NULL: not in the table */
	pid_t ppid;			/* the zombies' ppid */
	const struct fks_task **zombies; /* in table order */
	size_t n;
	long long oldest;		/* the largest fks_zombie_age_max() of
					 * them, seconds; -1 unknown */
	unsigned why;			/* fks_reap_diagnose(); 0 without
					 * a parent */
};

/* A parent whose status could not be read for reasons other than being
 * gone or not permitted on a live root (a snapshot's missing or
 * malformed file, say). */
struct fks_audit_unread {
	pid_t pid;
	int err;			/* negative errno (-EINVAL: malformed) */
};

/*
 * Audits tbl: reads the status and cgroup of its zombies' parents and
 * the cgroup of its orphans where the table lacks them (so tbl may be
 * read with FKS_F_STAT alone), groups the zombies by parent (the largest
 * group first, then by parent pid) and lists the orphans (table order).
 * The audit points into tbl, which must outlive it.  Returns 0 and sets
 * *out, or -ENOMEM (*out NULL).
 */
int fks_audit_new(struct fks_table *tbl, struct fks_audit **out);
void fks_audit_free(struct fks_audit *a);
/* Processes examined (threads are not counted). */
size_t fks_audit_processes(const struct fks_audit *a);
/* Zombies found, in all groups. */
size_t fks_audit_zombies(const struct fks_audit *a);
/* The oldest zombie's fks_zombie_age_max(), seconds; -1 for none or
 * unknown. */
long long fks_audit_oldest(const struct fks_audit *a);
/* The groups, *n of them (NULL when none). */
const struct fks_reap_group *fks_audit_groups(const struct fks_audit *a,
					      size_t *n);
/* The group holding zombie z, or NULL when z is none of the audit's. */
const struct fks_reap_group *fks_audit_group_of(const struct fks_audit *a,
						const struct fks_task *z);
/* The orphans, *n of them. */
const struct fks_task *const *fks_audit_orphans(const struct fks_audit *a,
						size_t *n);
/* The parents whose status could not be read, *n of them, table order. */
const struct fks_audit_unread *fks_audit_unread(const struct fks_audit *a,
						size_t *n);

/* What to do about a parent that holds zombies; the first that applies. */
enum fks_reap_advice {
	FKS_ADVICE_PARENT_GONE,		/* not in the table: its zombies go
					 * to init when it is gone */
	FKS_ADVICE_REAP_PARENT,		/* a zombie itself: its own parent
					 * must reap it, then init reaps */
	FKS_ADVICE_CONTINUE,		/* stopped: SIGCONT */
	FKS_ADVICE_DETACH_TRACER,	/* traced: its tracer holds it */
	FKS_ADVICE_REAPING_INIT,	/* an init that does not reap: a
					 * reaping one (fks_place_init_kind) */
	FKS_ADVICE_SIGNAL,		/* a SIGCHLD handler, not blocked:
					 * SIGCHLD may make it reap */
	FKS_ADVICE_RESTART,		/* fix or restart it: its zombies
					 * go when it exits */
	FKS_ADVICE_RESTART_SERVICE,	/* ... or its systemd service (a
					 * user's: fks_place_user_manager) */
	FKS_ADVICE_RESTART_IN_CONTAINER, /* ... in a container: its zombies
					 * then go to the container's pid 1 */
};
/* The advice for group g whose parent runs in place pl (NULL: unknown);
 * pure. */
enum fks_reap_advice fks_reap_advise(const struct fks_reap_group *g,
				     const struct fks_place *pl);

/* How a container gets an init that reaps, by its runtime. */
enum fks_init_kind {
	FKS_INIT_ANY,		/* none known: a reaping init as pid 1 */
	FKS_INIT_POD,		/* a Kubernetes pod: shareProcessNamespace */
	FKS_INIT_ENGINE,	/* docker or podman (pl->runtime): run --init */
	FKS_INIT_NSPAWN,	/* systemd-nspawn: --as-pid2 */
	FKS_INIT_LXC,		/* lxc: lxc.init.cmd */
};
/* The kind for place pl (NULL: FKS_INIT_ANY); pure. */
enum fks_init_kind fks_place_init_kind(const struct fks_place *pl);
/* The user whose systemd manager runs pl's user unit: 0 and *uid, or
 * -ENOENT when pl runs in no user's manager; pure. */
int fks_place_user_manager(const struct fks_place *pl, unsigned long *uid);

/* ---- Events and watching: what happens to tasks -------------------------- */
/*
 * Defined in lib/events/events.c, lib/events/netlink.c, lib/events/record.c,
 * lib/events/watch.c.
 */

enum fks_event_type {
	FKS_EV_NONE = 0,	/* an acknowledgement, nothing happened */
	FKS_EV_FORK,		/* a new process (child_tgid == child_pid) */
	FKS_EV_CLONE,		/* a new thread of an existing process */
	FKS_EV_EXEC,
	FKS_EV_EXIT,		/* a thread or a whole process ended */
	FKS_EV_UID,
	FKS_EV_GID,
	FKS_EV_SID,		/* setsid() */
	FKS_EV_PTRACE,		/* attach (tracer set) or detach (tracer 0) */
	FKS_EV_COMM,		/* the name changed (prctl, pthread_setname) */
	FKS_EV_COREDUMP,
	/*
	 * Not from the kernel: what the watcher (fks_watch_*) observed
	 * beside the kernel's events.  They are recorded and replayed like
	 * the others.
	 */
	FKS_EV_NAME,		/* comm and cmdline read from /proc after exec */
	FKS_EV_REPARENT,	/* an orphan's new parent, read from /proc */
	FKS_EV_LOST,		/* `lost` events the kernel dropped on `cpu` */
	FKS_EV_TASK,		/* a task present at the start or at a resync */
	FKS_EV_RESYNC,		/* the tasks that follow replace all known */
	FKS_EV_NTYPES
};

/* The bit of an event type in the `types` masks below. */
#define FKS_EV_BIT(type) (1u << (type))

/* Bits of fks_event.flags. */
enum fks_event_flag {
	FKS_EVF_APPROX	= 1u << 0,	/* time is when a poll noticed it */
	FKS_EVF_NOSTATUS = 1u << 1,	/* exit: the wait status is unknown */
	FKS_EVF_KTHREAD	= 1u << 2,	/* task: a kernel thread */
	/* fork, clone, exit, comm, name: comm is the task's name as the
	 * kernel had it at the event (the BPF source), not one inherited or
	 * read from /proc later */
	FKS_EVF_NAMED	= 1u << 3,
	/* exit (the BPF source; else neither): the task was the last of its
	 * thread group, the process is gone; or other threads run on */
	FKS_EVF_GROUP_DEAD = 1u << 4,
	FKS_EVF_THREADS_LEFT = 1u << 5,
};

/*
 * One event, decoded from the kernel's proc connector, or observed by the
 * watcher.  Only the fields of its type are set; the rest are 0.
 */
struct fks_event {
	enum fks_event_type type;
	uint64_t time_ns;	/* the kernel's timestamp: CLOCK_MONOTONIC ns */
	unsigned cpu;
	uint32_t seq;		/* the connector's per-CPU event number */
	pid_t pid, tgid;	/* the task the event is about (fork, clone:
				 * the child) */
	pid_t parent_pid, parent_tgid;	/* fork, clone, exit, coredump, task,
					 * reparent (the new parent) */
	int exit_code;		/* exit: the wait status (WIFEXITED...) */
	int exit_signal;	/* exit: signal sent to the parent */
	uid_t ruid, euid;	/* uid; task: euid */
	gid_t rgid, egid;	/* gid */
	pid_t tracer_pid, tracer_tgid;	/* ptrace: 0 for a detach */
	int ack_err;		/* none: the kernel's answer to a subscription */
	char comm[17];		/* comm, name, task, reparent (its name
				 * read with the new parent; may be empty):
				 * NUL-terminated raw bytes (escape before
				 * showing) */
	unsigned flags;		/* FKS_EVF_* */
	unsigned long long lost;	/* lost: how many */
	uint64_t start_ns;	/* task: start, CLOCK_MONOTONIC ns */
	char state;		/* task: the state letter */
	const char *cmdline;	/* name, task: argv, NUL-separated (NULL
				 * when unknown); valid until the next read */
	size_t cmdline_len;
	size_t cmdline_full;	/* name: the argument area's whole size when
				 * cmdline holds only its first cmdline_len
				 * bytes; else 0 */
	const char *path;	/* exec: the file name exec'd, raw bytes, not
				 * NUL-terminated (NULL when unknown); valid
				 * like cmdline */
	size_t path_len;
	/* the task's cgroup at the event (fork, clone: the child's), where
	 * the watcher was asked for it (fks_watch_set_fields): its id in
	 * the unified hierarchy (the BPF source; 0: unknown), and its path
	 * there ("/system.slice/ssh.service"; raw bytes, not NUL-terminated;
	 * NULL when unknown), valid like cmdline */
	uint64_t cgroup_id;
	const char *cgroup;
	size_t cgroup_len;
};

/*
 * Decodes one datagram read from a proc connector socket: one or more
 * netlink messages, each one event.  Pure: no I/O.  Writes at most max
 * events to ev and returns how many, or -EINVAL for a malformed datagram
 * (never reading past len).  Acknowledgements are returned as FKS_EV_NONE.
 */
int fks_event_decode(const void *buf, size_t len, struct fks_event *ev,
		     size_t max);

struct fks_events;	/* a subscription to the proc connector (opaque) */

/*
 * Subscribes to the kernel's process events.  rcvbuf is the socket's
 * receive buffer in bytes (0: 64 MiB, so that a fork burst is not lost;
 * forced past rmem_max when privileged).  types (FKS_EV_BIT of kernel
 * types; 0 for all) asks the kernel (>= 6.6; older ones send all) to send
 * only those; then losses can no longer be counted from the per-CPU
 * numbers, only from buffer overflows (fks_events_lost_exact() is false).
 * Returns 0 and *out, -EPERM when the kernel refuses a listener without
 * privilege (kernels before 6.6 always do, later ones may too),
 * -EPROTONOSUPPORT without the connector, or another negative errno.
 */
int fks_events_open(size_t rcvbuf, unsigned types, struct fks_events **out);
/*
 * Reads events from a datagram socket the caller subscribed itself (or,
 * in a test, any datagram socket carrying connector messages); it is
 * closed by fks_events_close.  Losses are counted from the numbers.
 */
int fks_events_from_fd(int fd, struct fks_events **out);
void fks_events_close(struct fks_events *evs);
/* The socket, to poll() for readability; non-blocking. */
int fks_events_fd(const struct fks_events *evs);
/*
 * Reads what is queued (several datagrams at once) and decodes it into at
 * most max events; *n is set to how many.  Returns 0, -EAGAIN when
 * nothing was queued, or a negative errno.  Lost events are counted and
 * reported as FKS_EV_LOST events in the stream; reading goes on.
 */
int fks_events_read(struct fks_events *evs, struct fks_event *ev,
		    size_t max, size_t *n);
/*
 * Events the kernel dropped so far: counted exactly from gaps in the
 * per-CPU numbers, or (with a type filter) a lower bound: one per buffer
 * overflow.
 */
unsigned long long fks_events_lost(const struct fks_events *evs);
bool fks_events_lost_exact(const struct fks_events *evs);

struct fks_watch;	/* a stream of events with the tasks they concern */

/* Bits of fks_wtask.flags. */
enum fks_wtask_flag {
	FKS_WT_EXACT_START = 1u << 0,	/* start_ns from its fork event */
	FKS_WT_INHERITED = 1u << 1,	/* comm and cmdline inherited from the
					 * parent at fork, never read */
	FKS_WT_THREAD	= 1u << 2,	/* pid != tgid */
	FKS_WT_EXITED	= 1u << 3,	/* its exit was seen */
	FKS_WT_ORPHANED	= 1u << 4,	/* its parent exited first */
	FKS_WT_KTHREAD	= 1u << 5,	/* a kernel thread (from /proc) */
};

/*
 * A task as the watcher knows it.  Identity is (pid, start_ns): a fork
 * that reuses a pid makes a new fks_wtask.  Pointers stay valid until the
 * next fks_watch_next().
 */
struct fks_wtask {
	pid_t pid, tgid;
	pid_t ppid;		/* the parent process; 0 when not known */
	uint64_t start_ns;	/* CLOCK_MONOTONIC ns (from /proc: start
				 * ticks since boot, so suspends shift it) */
	uint64_t exit_ns;	/* FKS_WT_EXITED */
	int exit_code;		/* FKS_WT_EXITED: the wait status */
	uid_t euid;
	unsigned flags;		/* FKS_WT_* */
	unsigned marks;		/* the caller's bits, copied to every child at
				 * fork (fks_watch_mark) */
	pid_t orphan_of;	/* FKS_WT_ORPHANED: the parent that exited */
	uint64_t orphan_ns;	/* FKS_WT_ORPHANED: when */
	char comm[17];		/* raw bytes, escape before showing */
	const char *cmdline;	/* argv, NUL-separated, or NULL */
	size_t cmdline_len;
};

/*
 * One step of the stream: an event and the tasks it concerns, copied as
 * they were right after it (a later event of the same batch does not
 * change them; their cmdline stays valid until the next fks_watch_next).
 */
struct fks_watch_item {
	struct fks_event ev;
	bool known;		/* task holds the task (false: never known) */
	bool parent_known;	/* parent holds its parent process */
	struct fks_wtask task;	/* after the event (exit: at its end) */
	struct fks_wtask parent;
	uint64_t lifetime_ns;	/* exit: since its start (0: start unknown) */
	size_t orphans;		/* exit of a process: children it left */
};

/*
 * The record format (docs/RECORD.md): a text header, then one record per
 * event.  These two are pure (no I/O), for tools and tests that make or
 * read records themselves.
 */
/* largest record, bytes */
#define FKS_RECORD_MAX (FKS_CMDLINE_MAX + 2 * FKS_PATH_MAX + 512)
/* Encodes ev as one record into buf (FKS_RECORD_MAX bytes); returns its
 * size. */
size_t fks_record_encode(const struct fks_event *ev, unsigned char *buf);
/*
 * Decodes the record at the start of buf (len bytes).  Returns its size,
 * 0 when buf holds only part of one, or -EBADMSG with *why set (never
 * reading past len).  ev->cmdline points into buf.
 */
ssize_t fks_record_decode(const unsigned char *buf, size_t len,
			  struct fks_event *ev, const char **why);

/* Where the events come from (fks_watch_source). */
enum fks_watch_source {
	FKS_WS_CONNECTOR,	/* the kernel's proc connector */
	FKS_WS_POLL,		/* /proc read again at an interval */
	FKS_WS_REPLAY,		/* a file written with fks_watch_record */
	FKS_WS_PTRACE,		/* a command's subtree, through ptrace */
	FKS_WS_BPF,		/* BPF programs on the scheduler's process
				 * tracepoints: every event with the task's
				 * name and an exec's argv at the moment */
};

/*
 * Starts watching the live system of `root` (a live procfs) and reads the
 * tasks present now.  The source is the BPF one where it may run (root,
 * or CAP_BPF with CAP_PERFMON, in the initial pid namespace) and tells
 * every type in `types` (FKS_EV_BIT of kernel types; 0 for all: then uid,
 * gid, sid, ptrace and coredump events are not told); else the proc
 * connector, subscribed with `types` (see fks_events_open; the watcher
 * adds what it needs to follow tasks).  With poll_ms > 0, or when the
 * connector refuses (-EPERM, -EPROTONOSUPPORT, -ECONNREFUSED in a network
 * namespace without it), *out is a poll source instead when `allow_poll`;
 * else that error is returned.  fks_watch_why_not() says why a source was
 * passed over.  Returns 0 or a negative errno; on an error too *out is
 * set, for fks_watch_error(), and must be freed.
 */
int fks_watch_open_live(struct fks_root *root, unsigned types,
			unsigned poll_ms, bool allow_poll,
			struct fks_watch **out);
/*
 * Watches process `pid` and every task it makes from now on, through
 * ptrace (PTRACE_SEIZE with fork, vfork, clone, exec and exit events, no
 * system-call stops): exactly what that subtree does, for any user that
 * may trace it, without the proc connector.  `pid` is the caller's child,
 * forked but not yet exec'd (it waits for the caller, e.g. on a pipe):
 * every exec is then seen.  The calling thread becomes the tracer:
 * every fks_watch_next and fks_watch_free must come from it; it blocks
 * SIGCHLD (fks_watch_fd is a signalfd of it), sets SIGCHLD to SIG_DFL
 * when it was ignored, and reaps `pid` and any other child of the caller
 * (pid's exit event carries its wait status): all restored or undone by
 * fks_watch_free, which detaches the tasks still traced (they run on).
 * The stream starts with the caller itself as a task, then pid's fork;
 * it ends (-ENODATA) when no traced task is left.  Renames, uid and
 * session changes are not seen (no such ptrace event).
 * Returns 0 or a negative errno (-EPERM: tracing refused, by YAMA's
 * ptrace_scope, a seccomp filter, or pid already traced); *out is set as
 * with fks_watch_open_live.
 */
int fks_watch_open_ptrace(struct fks_root *root, pid_t pid,
			  struct fks_watch **out);
/*
 * fks_watch_open_live with that live source only (FKS_WS_BPF, FKS_WS_CONNECTOR, or
 * FKS_WS_POLL every poll_ms, 0 for 500): where it cannot run, the error
 * (-EPERM without the privileges BPF needs, -EOPNOTSUPP where it cannot
 * run here or does not tell one of `types`), with the reason in
 * fks_watch_error().  Returns 0, -EINVAL for another source, or a
 * negative errno; *out as above.
 */
int fks_watch_open_source(struct fks_root *root,
			  enum fks_watch_source source, unsigned types,
			  unsigned poll_ms, struct fks_watch **out);
/*
 * Why fks_watch_open_live passed over that source (FKS_WS_BPF: "not
 * permitted: needs root or CAP_BPF and CAP_PERFMON", ...; FKS_WS_CONNECTOR:
 * "the kernel refused a listener (...)"), or NULL when it did not.
 */
const char *fks_watch_why_not(const struct fks_watch *w,
			      enum fks_watch_source source);
/*
 * Opens a record written by fks_watch_record for replay.  Returns 0,
 * -EINVAL when `path` is no record, or a negative errno; as above, *out
 * then holds the reason (fks_watch_error).
 */
int fks_watch_open_replay(const char *path, struct fks_watch **out);
void fks_watch_free(struct fks_watch *w);
enum fks_watch_source fks_watch_source(const struct fks_watch *w);
/* The fd to poll() before fks_watch_next (-1: call it at any time). */
int fks_watch_fd(const struct fks_watch *w);
/*
 * For a caller that waits on fds of its own too: the poll source has no
 * fd, and fks_watch_next has something to do only at its next read of
 * /proc.  Returns the ms until then (0: due now), or -1 for the sources
 * with an fd.
 */
int fks_watch_due_ms(const struct fks_watch *w);
/*
 * Makes the poll source's next read of /proc due now, for a caller that
 * knows something changed (a process it started has exited, and is a
 * zombie until reaped: the read sees its exit and its status).  Other
 * sources ignore it.
 */
void fks_watch_poll_now(struct fks_watch *w);

/*
 * What the watcher reads for each event, besides what its source tells:
 * FKS_F_CGROUP (the only one so far) gives fork, clone, exec, exit, uid,
 * gid, sid, ptrace, comm, coredump and reparent events their task's
 * cgroup (fks_event.cgroup).  The BPF source tells the cgroup's id at the
 * event, and its path is looked up in the cgroup v2 filesystem (once per
 * cgroup); the other live sources read /proc/PID/cgroup when an exec or
 * the first event of a task is handled (a little later than the event),
 * and give the task's later events what was read last, so that an exit
 * is placed although the task is gone; a fork's child is where its
 * parent is (where a child starts, unless cloned into another cgroup).
 * A task gone before its first event was handled has none.  A replay
 * gives what was recorded.  Returns 0, or -EINVAL for another field.
 */
int fks_watch_set_fields(struct fks_watch *w, unsigned fields);

/*
 * Writes everything the stream yields from now on, and the tasks known
 * now, to `fd` in the record format (docs/RECORD.md), so that a replay
 * gives the same items.  Returns 0 or a negative errno.
 */
int fks_watch_record(struct fks_watch *w, int fd);

/*
 * The next items of the stream, at most max.  Waits up to timeout_ms
 * (-1: forever; replay never waits).  Returns 0 with *n items (0 on a
 * timeout), -ENODATA at the end of a replay, -EBADMSG at a corrupt or
 * truncated record (fks_watch_error names it; every item before it was
 * returned), or another negative errno.  A replay stops at any error,
 * which every later call returns: fks_watch_error names the first record
 * not handed out ("record N: ..."), every item before it was returned,
 * and an item the error cut short never is.  An exec and the FKS_EV_NAME
 * that says its new name always come in the same batch (when max >= 2),
 * and the tasks of a resync end a batch, so that fks_watch_mark() on one
 * of them comes before any later event is applied.
 */
int fks_watch_next(struct fks_watch *w, struct fks_watch_item *items,
		   size_t max, int timeout_ms, size_t *n);
/* Why the last call failed, or NULL. */
const char *fks_watch_error(const struct fks_watch *w);

/* The task known by that pid now (exited ones until they are dropped). */
const struct fks_wtask *fks_watch_find(const struct fks_watch *w, pid_t pid);
/*
 * Sets marks on the live task that pid names now or, when none does (or
 * the one known has exited: pids are reused), on the next task that
 * appears with it; its children forked later inherit them.
 * So a filter follows a subtree from its first event.  Returns 0 or
 * -ENOMEM.
 */
int fks_watch_mark(struct fks_watch *w, pid_t pid, unsigned marks);
/*
 * Sets marks on the next task to appear with that pid, even while another
 * one is known by it (whose exit may not have come through yet): for a
 * process the caller has just forked.
 */
int fks_watch_mark_next(struct fks_watch *w, pid_t pid, unsigned marks);
/* Calls fn on every task known (order unspecified). */
void fks_watch_each(const struct fks_watch *w,
		    void (*fn)(const struct fks_wtask *t, void *arg),
		    void *arg);
/* Events lost so far (see fks_events_lost; the BPF source: its failed
 * reservations, exactly), 0 for other sources. */
unsigned long long fks_watch_lost(const struct fks_watch *w);
/*
 * A value of the stream's header ("host", "kernel", "start_realtime_ns",
 * "start_monotonic_ns", "source", ...), or NULL.
 */
const char *fks_watch_header(const struct fks_watch *w, const char *key);

/* ---- Zombies watched: exits followed until reaped ------------------------ */
/* Defined in lib/model/reapwatch.c. */

struct fks_reapwatch;	/* exits followed until reaped (opaque) */

/* A process that exited, maybe a zombie.  Times in ns. */
struct fks_exited {
	pid_t pid, ppid;
	uint64_t start_ns;	/* on CLOCK_BOOTTIME (/proc's); 0 unknown */
	uint64_t exit_ns;	/* CLOCK_MONOTONIC; 0 unknown (a zombie
				 * found by an audit) */
	uint64_t seen_ns;	/* CLOCK_MONOTONIC: last found a zombie */
	int exit_code;		/* the wait status */
	bool approx;		/* exit_ns is when a poll noticed it */
	char comm[17];		/* raw bytes, escape before showing */
};
/* A zombie still unreaped max_age after its exit. */
struct fks_reap_alert {
	struct fks_exited exited;
	const struct fks_task *zombie;	/* in the table given to confirm */
};
/* A zombie followed that is gone: reaped. */
struct fks_reaped {
	struct fks_exited exited;
	long long age_min_ms;	/* it was a zombie at least this long
				 * (its exit to when last seen); -1
				 * when its exit is unknown */
	long long age_max_ms;	/* ... and at most this long (to now;
				 * from its start when its exit is
				 * unknown) */
};

/*
 * Follows the exits of root's processes: each is looked up in root
 * max_age_s seconds after it, and a zombie found then, or given to
 * fks_reapwatch_follow(), at each recheck (every second) until it is
 * gone.  A lookup reads PID/stat alone.  Returns 0 and sets *out, or
 * -ENOMEM.
 */
int fks_reapwatch_new(struct fks_root *root, long long max_age_s,
		      struct fks_reapwatch **out);
void fks_reapwatch_free(struct fks_reapwatch *rw);
/*
 * Follows zombie z of an audit of root, found at now (CLOCK_MONOTONIC
 * ns).  Returns 1 when it is new, 0 when it was followed already (as a
 * zombie or an exit), or -ENOMEM.
 */
int fks_reapwatch_follow(struct fks_reapwatch *rw, const struct fks_task *z,
			 uint64_t now);
/* The first audit ended at now: exits before it may be in it, and the
 * rechecks start a second later. */
void fks_reapwatch_started(struct fks_reapwatch *rw, uint64_t now);
/*
 * Follows the exit of a process (FKS_EV_EXIT of a process that is not a
 * kernel thread; any other item is passed over).  An exit before the
 * first audit's end replaces the zombie that audit found: its time of
 * death is known now.  Returns 1 when followed, 0 when passed over, or
 * -ENOMEM.
 */
int fks_reapwatch_exit(struct fks_reapwatch *rw,
		       const struct fks_watch_item *it);
/*
 * Looks up the exits whose max_age is up at now, oldest first; returns
 * how many are zombies still, to be confirmed with
 * fks_reapwatch_confirm() on a table read after this call (a later call
 * drops them).
 */
size_t fks_reapwatch_due(struct fks_reapwatch *rw, uint64_t now);
/*
 * Of those, the zombies tbl still holds (the same process: pid and start
 * time), as *n alerts in *out (NULL when none), followed from now on; tbl
 * NULL (it could not be read) drops them all.  The alerts point into tbl
 * and are valid until the next call.  Returns 0, or -ENOMEM (with the
 * alerts that fitted).
 */
int fks_reapwatch_confirm(struct fks_reapwatch *rw,
			  const struct fks_table *tbl, uint64_t now,
			  const struct fks_reap_alert **out, size_t *n);
/*
 * Looks up every zombie followed; returns those gone, *n of them, in the
 * order they were followed, valid until the next call; sets the next
 * recheck a second after now.
 */
const struct fks_reaped *fks_reapwatch_reaped(struct fks_reapwatch *rw,
					      uint64_t now, size_t *n);
/* When the next recheck is due (CLOCK_MONOTONIC ns). */
uint64_t fks_reapwatch_recheck_ns(const struct fks_reapwatch *rw);
/* When there is next something to do: the oldest exit's max_age, or the
 * next recheck while zombies are followed; UINT64_MAX for nothing. */
uint64_t fks_reapwatch_next_ns(const struct fks_reapwatch *rw);

/* ---- Snapshots: a proc root frozen to a directory ------------------------ */
/* Defined in lib/snapshot/snap.c. */

enum fks_snap_flag {
	FKS_SNAP_REDACT = 1u << 0,	/* keep argv[0] only: command lines can
					 * hold secrets, and snapshots travel */
};

/*
 * Freezes the tasks of src into a new snapshot directory `target`: all of
 * them, or (npids > 0) the given processes with their subtrees and the
 * ancestors that root them.  Per task it copies stat, status, cmdline and
 * comm, and the same under task/TID/; then the root's stat, uptime,
 * loadavg and sys/kernel/pid_max, and writes the manifest.  The snapshot is
 * built in a temporary directory beside target and renamed at the end, so
 * target never holds half a snapshot.  A task that exits meanwhile is left
 * out.  Returns 0, or a negative errno (-EEXIST when target exists; -ENOSPC,
 * -EACCES ...) with a message naming the file in errbuf.
 */
int fks_snap_write(struct fks_root *src, const char *target,
		   const pid_t *pids, size_t npids, unsigned flags,
		   char *errbuf, size_t errlen);

/* ---- Text: terminal-safe names ------------------------------------------- */
/* Defined in lib/text/escape.c. */

enum fks_escape_flag {
	FKS_ESC_UTF8	= 1u << 0,	/* keep valid, printable UTF-8 (the
					 * locale is UTF-8); else all non-ASCII
					 * is escaped */
	FKS_ESC_ARGV	= 1u << 1,	/* NUL separates arguments: show as a
					 * space; a trailing NUL is dropped */
	FKS_ESC_BACKSLASH = 1u << 2,	/* a backslash stays one: for names
					 * that carry escapes of their own, as
					 * systemd's units do (\x2d), shown as
					 * their tools show them (the text is
					 * then not reversible) */
};

/*
 * Makes len bytes of s safe to print on a terminal.  Printable ASCII stays
 * (a backslash becomes "\\"); \n \t \r \e and other C0/DEL become C-style
 * escapes ("\n", "\e", "\x01" ...); bytes that are not valid UTF-8, and C1 or
 * other non-printable characters, become "\xNN" per byte.  With width, sets
 * *width to the display columns of the result (wide characters count 2).
 * Returns a new NUL-terminated string the caller frees, or NULL (ENOMEM).
 */
char *fks_escape(const char *s, size_t len, unsigned flags, size_t *width);

#ifdef __cplusplus
}
#endif
#endif /* FORKSCOPE_H */
