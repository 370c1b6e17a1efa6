/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * internal.h - what the files of lib/ share and callers never see: the
 * proc root's state, the I/O helpers of root.c, the table's layout, and a
 * small arena for strings.  Nothing here is installed.
 */
#ifndef FKS_INTERNAL_H
#define FKS_INTERNAL_H

#include <errno.h>
#include <stdarg.h>
#include "forkscope.h"

/* Name of the manifest that marks a snapshot directory. */
#define FKS_MANIFEST "forkscope-snapshot"

struct fks_root {
	int fd;			/* the root directory, O_PATH-free O_RDONLY */
	char *path;
	bool snapshot;
	bool no_openat2;	/* kernel lacks openat2: fall back to openat */
	long clk_tck;
	long page_size;
	long long now;
	long long btime;	/* 0 until read; -1 when unreadable */
	/* uptime in clock ticks (root_boot_ticks), as ps takes it: read
	 * once per live table read; 0 until read, -1 when unreadable */
	long long boot_ticks;
	long long mem_kib;	/* MemTotal, KiB: 0 until read, -1 unknown */
	char **mkeys, **mvals;	/* the manifest, in file order */
	size_t nmanifest;
	struct fks_users *users;	/* uid -> name cache (users.c) */
	struct fks_users *groups;	/* gid -> name cache (users.c) */
	/* the task source (bpf-source.c) */
	enum fks_source source, used;
	struct bpf_src *bpf;	/* the loaded iterator, or NULL */
	int bpf_error;		/* why it cannot load (0: not tried) */
	char why[160];		/* fks_root_source_why(), "" for none */
	size_t bpf_missed;	/* processes BPF did not show (last read) */
	struct cmd_cache *cmds;	/* kept command lines (cmdcache.c) */
	pid_t *bpf_only;	/* processes the last BPF read took from /proc */
	size_t nbpf_only;
	/* a snapshot's FKS_EXIT_HIDDEN: tids whose exit code its capturing
	 * user could not see, sorted */
	pid_t *exit_hidden;
	size_t nexit_hidden;
};

/* The snapshot file that lists, one tid a line, the tasks without a memory
 * map whose exit code the capturing user could not see (see snap.c). */
#define FKS_EXIT_HIDDEN "unreadable-exit-code"


/* bpf-source.c (the source itself: source.h) */
/*
 * Whether this process may load BPF tracing programs to watch root's
 * system: privileges, the kernel's BTF, the initial pid and time
 * namespaces.  Returns 0, or -EPERM or -EOPNOTSUPP with the reason in why.
 */
int bpf_may_load(struct fks_root *root, char *why, size_t len);
/* The last line of a verifier's log that is not a statistic, cut in
 * place: the verdict a refused load shows in -v. */
const char *bpf_log_last_words(char *log);

/* bpf-decode.c: the pure part (bpf/tasks.h holds the record) */
struct arena;
#define BPF_NAME_MAX 64		/* proc_task_name()'s buffer */
struct fks_bpf_rec;
/*
 * Decodes len bytes of records into out (room for one task a record):
 * processes by pid, each followed (threads true) by its threads by tid,
 * with the values /proc/PID/stat (or task/TID/stat) prints, their names
 * copied into names; *n says how many.  Returns 0, -EBADMSG with *why
 * set, or -ENOMEM.
 */
int bpf_decode(const unsigned char *buf, size_t len, bool threads,
	       struct fks_task *out, struct arena *names, size_t *n,
	       const char **why);
/* The letter /proc prints for these __state and exit_state values. */
char bpf_state_char(unsigned state, unsigned exit_state);
/* stat's tty_nr for a tty of this driver major and minor. */
int bpf_tty_nr(unsigned major, unsigned minor);
/* cputime_adjust(): the times (ns) /proc prints for raw ut and st, the
 * runtime rtime and what it printed last (prev_ut, prev_st). */
void bpf_cputime_adjust(uint64_t ut, uint64_t st, uint64_t rtime,
			uint64_t prev_ut, uint64_t prev_st, uint64_t *out_ut,
			uint64_t *out_st);
/* The name proc_task_name() shows; returns its length. */
size_t bpf_task_name(const struct fks_bpf_rec *r, char name[BPF_NAME_MAX]);

/* parse-stat.c */
/*
 * fks_parse_stat(), and *masked set when the kernel hid the fields it shows
 * only to a reader that may ptrace the task (start_code and end_code both
 * 1): the exit code is then unknown.
 */
int stat_parse(char *buf, size_t len, struct fks_task *t, const char **why,
	       bool *masked);

/* read.c: the exit code's rule, also for snap.c */
/*
 * Whether the exit code of t, just parsed from ROOT/dir/stat, was hidden
 * from the reader although the stat text cannot show it: a live task
 * without a memory map (a zombie, an exiting task; not a kernel thread,
 * whose exit code is always 0) that the reader may not ptrace, or a task
 * a snapshot lists in FKS_EXIT_HIDDEN.
 */
bool stat_exit_code_hidden(struct fks_root *root, const char *dir,
			   const struct fks_task *t);

/* cmdcache.c: command lines kept by a live root (FKS_READ_KEEP_CMDLINE) */
struct cmd_cache;
/*
 * Gives t (a process with its stat fields) the kept command line, copied
 * into strings, when c has one for the same process, unchanged since.
 * Returns 1 when it did, 0 when it must be read, or -ENOMEM.
 */
int cmdcache_take(const struct cmd_cache *c, struct arena *strings,
		  struct fks_task *t);
/* Replaces root's cache with the command lines of tbl's processes;
 * returns 0 or -ENOMEM (the old one then stays). */
int cmdcache_rebuild(struct fks_root *root, const struct fks_table *tbl);
/* The command line of process t, read again: kept in place of the old. */
void cmdcache_note(struct fks_root *root, const struct fks_task *t);
void cmdcache_free(struct cmd_cache *c);

/* users.c: uid -> name, and the pure parser of a snapshot's users file */
struct users_bad {		/* the malformed lines of a users file */
	size_t n;		/* how many */
	size_t first_line;	/* the first one's number, from 1 */
	const char *first_why;	/* what is wrong with it */
	bool cut;		/* the file was larger than is read */
	int error;		/* it is there but could not be read */
};
struct fks_users *users_new(void);
/*
 * Adds the "uid:name" lines of len bytes of text to u, in order (a line
 * without its final newline too; blank lines are skipped); a malformed
 * line, or a second line for a uid, is counted in bad (zeroed by the
 * caller) and skipped.  Returns 0 or -ENOMEM (the lines before then are
 * kept).
 */
int users_parse(struct fks_users *u, const char *buf, size_t len,
		struct users_bad *bad);
/* The name u holds for uid (*found false when u does not hold it). */
const char *users_find(const struct fks_users *u, uid_t uid, bool *found);
size_t users_count(const struct fks_users *u);
/* Reads a snapshot root's users file, once; returns what was malformed
 * in it, or NULL without memory. */
const struct users_bad *users_load(struct fks_root *root);
void users_free(struct fks_users *users);
/* The name of gid on this machine (getgrgid_r, cached in the root); a
 * snapshot names no groups: NULL then, as for a gid without a name. */
const char *root_group_name(struct fks_root *root, gid_t gid);

/* manifest.c: the pure parser of the snapshot manifest */
/*
 * Splits len bytes of manifest text (up to a NUL, if any) into *keys and
 * *vals, *n entries in file order, each array NULL-terminated.  Returns 0,
 * or -ENOMEM with nothing allocated.
 */
int manifest_parse(const char *buf, size_t len, char ***keys, char ***vals,
		   size_t *n);
void manifest_free(char **keys, char **vals, size_t n);
/* The value of the first entry named key, or NULL. */
const char *manifest_get(char *const *keys, char *const *vals, size_t n,
			 const char *key);

/* mountinfo.c: the pure part */
/*
 * The hidepid mode (0, 1, 2 or 4) in the super options of mount mnt_id in
 * a mountinfo text; -ENOENT when no line has that id, -EINVAL for a line
 * or a hidepid value not understood.
 */
int mountinfo_hidepid(const char *buf, size_t len, unsigned long long mnt_id);

/*
 * True for the errors a live task gives when it exits while we read it:
 * the directory is gone (ENOENT), the pid is being torn down (ESRCH).
 * One helper, so no caller gets the sign or the set wrong.
 */
static inline bool
fks_err_vanished(int rc)
{
	return rc == -ENOENT || rc == -ESRCH;
}

/*
 * A task's numbers summed or multiplied, checked: each comes from a file
 * (a snapshot's may say anything), so a result past 64 bits is no value.
 * Each returns false then; its user shows it as unknown (columns.c,
 * table.c), and a snapshot's read reports it (read.c).
 */
static inline bool
task_rss_bytes(const struct fks_task *t, long page_size, long long *bytes)
{
	return !__builtin_mul_overflow((long long)t->rss_pages,
				       (long long)page_size, bytes);
}

static inline bool
task_cpu_ticks(const struct fks_task *t, unsigned long long *ticks)
{
	return !__builtin_add_overflow(t->utime, t->stime, ticks);
}

/* Its start in seconds since the epoch: boot plus its start ticks. */
static inline bool
task_start_time(const struct fks_task *t, long long boot, long clk_tck,
		long long *start)
{
	return !__builtin_add_overflow(boot, t->start_ticks /
				       (unsigned long long)clk_tck, start);
}

/* ---- root.c: the only place that opens and reads files under a root ---- */

/*
 * What root_open() returns for a snapshot's file that is not a regular
 * file or a directory (Linux has no EFTYPE; no open or read of a file
 * returns this one).  fks_strerror() says it in words.
 */
#define FKS_ENOTREG EMEDIUMTYPE

/* Opens ROOT/rel read-only; in a snapshot no symlink is followed. */
int root_open(struct fks_root *root, const char *rel, int flags);
/*
 * Reads ROOT/rel into buf (cap bytes, NUL-terminated, so at most cap-1 of
 * data).  Returns 0 and *len, -EFBIG when the file does not fit, or a
 * negative errno.
 */
int root_read(struct fks_root *root, const char *rel, char *buf, size_t cap,
	      size_t *len);
/*
 * Reads at most max bytes of ROOT/rel into buf (max+1 bytes, NUL-terminated)
 * and sets *full to the size of the whole file, read on in small pieces but
 * not kept.  Returns 0 or a negative errno.
 */
int root_read_max(struct fks_root *root, const char *rel, char *buf,
		  size_t max, size_t *len, size_t *full);
/*
 * The text of the symbolic link ROOT/rel (live), or of the file a snapshot
 * keeps in its place, without a final newline: as root_read().
 */
/*
 * ROOT/uptime's first number times the clock rate, cut to whole ticks as
 * procps does (its elapsed times and %CPU start from it); MemTotal in KiB
 * (%MEM's base).  Each is read once (uptime: once per live table read).
 * Return 0, or a negative errno when the file is missing or malformed.
 */
int root_boot_ticks(struct fks_root *root, unsigned long long *ticks);
int root_mem_kib(struct fks_root *root, unsigned long long *kib);
int root_read_link(struct fks_root *root, const char *rel, char *buf,
		   size_t cap, size_t *len);
/* The owner uid of ROOT/rel (not following a symlink). */
int root_owner(struct fks_root *root, const char *rel, uid_t *uid);
/*
 * Live: whether the reader may ptrace-read the task of ROOT/rel (a task
 * directory), as the kernel decides for the fields it hides in stat.
 * Asked through rel/cwd, whose readlink makes the same check
 * (PTRACE_MODE_READ_FSCREDS) first and fails with EACCES alone when it
 * refuses.  A snapshot, or any other answer (a zombie has no cwd:
 * ENOENT): true.
 */
bool root_may_ptrace(struct fks_root *root, const char *rel);
/* Whether a snapshot lists tid in FKS_EXIT_HIDDEN. */
bool root_exit_hidden(const struct fks_root *root, pid_t tid);
/*
 * Lists the numeric entries of the directory ROOT/rel, sorted.  Returns 0
 * and a malloc'd array in *pids (*n entries), or a negative errno.
 */
int root_list_pids(struct fks_root *root, const char *rel, pid_t **pids,
		   size_t *n);

/* ---- arena.c-style helpers in table.c: strings that live with a table -- */

struct arena {
	struct arena_chunk *head;
};
void *arena_alloc(struct arena *a, size_t size);
char *arena_strndup(struct arena *a, const char *s, size_t len);
void arena_free(struct arena *a);
/* The link that ends the arena's chunk list (to splice another after). */
struct arena_chunk **arena_tail(struct arena *a);

/* ---- table.c / tree.c shared layout ------------------------------------ */

struct fks_table {
	struct fks_root *root;
	struct fks_task *tasks;	/* processes by pid, each then its threads */
	size_t ntasks, cap;
	size_t *proc_of;	/* index of each task's process */
	size_t *nthreads;	/* per process index: threads after it */
	/* pid -> index hash, open addressing, SIZE_MAX = empty */
	size_t *hash;
	size_t hash_mask;
	size_t vanished;
	bool strict_failed;	/* FKS_READ_STRICT met a malformed file */
	char **messages;
	size_t nmessages;
	struct arena strings;

	/* the forest (tree.c): indexes into tasks */
	size_t *parent;		/* SIZE_MAX for a root */
	size_t *child_start;	/* children of i: kids[child_start[i] ..] */
	size_t *nchildren;
	size_t *kids;
	size_t *roots;
	size_t nroots;
	size_t *scratch;	/* tree.c's, while it breaks cycles */
	/* the index's and the forest's arrays, in one block */
	void *index_mem;
};

#define NO_INDEX ((size_t)-1)

/* A new slot at the end of the task array (not yet counted), or NULL. */
struct fks_task *table_slot(struct fks_table *tbl);
/* Room for cap tasks in all.  Returns 0 or -ENOMEM. */
int table_reserve(struct fks_table *tbl, size_t cap);
/* Builds the pid index and the process-of links once tasks are read. */
int table_build_index(struct fks_table *tbl);
/* Index of tid in the table, or NO_INDEX. */
size_t table_index(const struct fks_table *tbl, pid_t tid);
/* Adds a printf-style message; returns 0 or -ENOMEM. */
int table_message(struct fks_table *tbl, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Builds the forest over the table's processes (tree.c), in the arrays
 * table_build_index allocated. */
int forest_build(struct fks_table *tbl);

/* ---- tracker.c: the tasks as events reveal them (pure) ---------------- */

struct node;
struct wanted {			/* marks for a task not seen yet */
	pid_t pid;
	unsigned marks;
};
struct tracker {
	struct node **chunks;	/* CHUNK nodes each, never moved */
	uint32_t nnodes;	/* nodes ever made */
	uint32_t *buckets, nbuckets;	/* hash on pid, chained by index */
	uint32_t free_head;	/* reusable nodes */
	uint32_t retired;	/* nodes to reuse after the batch */
	size_t nused, nexited;
	unsigned long long resync_left;	/* task events still to come */
	struct fks_wtask last_retired;	/* a copy of the last task retired */
	char **old;		/* command lines replaced during the batch */
	size_t nold, old_cap;
	struct wanted *wanted;
	size_t nwanted;
	pid_t *orphans;		/* the children the last exit left */
	size_t norphans, orphans_cap;
};

void tracker_init(struct tracker *tr);
void tracker_free(struct tracker *tr);
/* Applies one event, filling the item (its pointers valid until flush). */
int tracker_apply(struct tracker *tr, const struct fks_event *ev,
		  struct fks_watch_item *it);
/* Makes the nodes retired during the last batch reusable. */
void tracker_flush(struct tracker *tr);
const struct fks_wtask *tracker_find(const struct tracker *tr, pid_t pid);
int tracker_mark(struct tracker *tr, pid_t pid, unsigned marks, bool next);
void tracker_each(const struct tracker *tr,
		  void (*fn)(const struct fks_wtask *t, void *arg), void *arg);
int tracker_trim(struct tracker *tr, size_t keep);

/* ---- record.c ---- */
#define RECORD_MAGIC "FKSREC 1\n"

/* ---- bpf-events.c: the BPF event program's records (bpf/events.h) -- */
#define BPFEV_EVENTS_MAX 2	/* events one record decodes into */
/*
 * Decodes the record of len bytes at buf into 1 event, or 2 for an exec
 * (its EXEC and the NAME after it, whose strings point into buf).
 * Returns how many, or -EBADMSG with *why set (never reading past len).
 */
int bpfev_decode(const void *buf, size_t len,
		 struct fks_event ev[BPFEV_EVENTS_MAX], const char **why);

/* ---- watch.c, wlive.c, wreplay.c: the event stream with its tasks ----- */

#define RAW_BATCH 64		/* events read from a source at once */

struct fks_watch {
	enum fks_watch_source source;
	struct fks_event raw[RAW_BATCH];	/* the source's last batch */
	size_t nraw, raw_at;
	struct tracker tr;
	char **hkeys, **hvals;	/* the stream's header */
	size_t nheader;
	char error[256];	/* why the last call failed; "" when none */
	int failed;		/* the error that ended a replay (or a
				 * corrupt stream): every later call's */

	/* events waiting to be applied, before the source's next ones */
	struct fks_event *pending;
	size_t npending, pending_at, pending_cap;
	/* what pending events and handed-out items point into: freed when
	 * nothing pending refers to it and a new batch starts */
	struct fks_table **tables;
	size_t ntables;
	char **bufs;
	size_t nbufs;

	/* live sources */
	struct fks_root *root;
	struct fks_events *evs;		/* the connector, or NULL: poll */
	struct exec_name *early;	/* the names of the batch's execs */
	size_t nearly;
	unsigned poll_ms;
	uint64_t next_poll_ns;
	struct poll_entry *prev;	/* the last poll's processes */
	size_t nprev;
	struct wbpf *bpf;		/* the BPF source, or NULL */
	/* why fks_watch_open_live passed over the BPF source, the
	 * connector ("": it did not) */
	char why_not_bpf[256], why_not_connector[256];

	/* replay */
	int rfd;
	unsigned char *rbuf;
	size_t rlen, rat, rcap;
	unsigned long long rrecord;	/* records decoded so far */
	unsigned long long rapplied;	/* and applied to the tracker */
	unsigned long long roffset;	/* file offset of rbuf[0] */
	bool reof;
	int rerror;			/* after the good records: an error */

	/* the ptrace source (wptrace.c) */
	struct wptrace *pt;

	/* each event's cgroup (wcgroup.c), or NULL: not asked for */
	struct wcgroup *cg;

	/* recording */
	int wfd;
	unsigned char *wbuf;
	size_t wlen;
};

/* wbatch.c: what a source hands the watch besides its raw events */
int watch_header_set(struct fks_watch *w, const char *key, const char *val);
int watch_push(struct fks_watch *w, const struct fks_event *ev);
int watch_keep_table(struct fks_watch *w, struct fks_table *tbl);
int watch_keep_buf(struct fks_watch *w, char *buf);
int watch_fail(struct fks_watch *w, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
uint64_t watch_now_ns(void);

/* wlive.c: the connector and poll sources, and what they read of /proc */
/* The sources wlive_open may open, tried in the order BPF, connector,
 * poll: bits WS_BIT(FKS_WS_...). */
#define WS_BIT(source) (1u << (source))
int wlive_open(struct fks_watch *w, unsigned sources, unsigned types,
	       unsigned poll_ms);
int wlive_fill(struct fks_watch *w, struct fks_event *ev, size_t max,
	       int timeout_ms, size_t *n);
/* Pushes what /proc says after an event (the new name, orphans' parents,
 * a resync after a loss). */
int wlive_follow(struct fks_watch *w, const struct fks_watch_item *it);
void wlive_free(struct fks_watch *w);

/* wptrace.c: the ptrace source, for a command the caller started */
int wptrace_open(struct fks_watch *w, pid_t pid);
int wptrace_fill(struct fks_watch *w, int timeout_ms, size_t *n);
int wptrace_fd(const struct fks_watch *w);
void wptrace_free(struct fks_watch *w);
/* wptrace-decode.c (pure): what a tracee's wait status is */
enum ptrace_stop {
	PTS_ENDED,		/* exited or killed: the status is final */
	PTS_FORK,		/* event stops: the new child's tid in the */
	PTS_VFORK,		/* event message */
	PTS_CLONE,		/* (a thread or a process) */
	PTS_EXEC,		/* the former tid in the event message */
	PTS_EXIT,		/* about to exit: the status in the message */
	PTS_GROUP_STOP,		/* stopped by *sig: to stay so (LISTEN) */
	PTS_TRAP_STOP,		/* a new child's first stop, an interrupt */
	PTS_SIGNAL,		/* signal-delivery stop: *sig to deliver */
	PTS_OTHER,		/* nothing asked for: continue it */
};
enum ptrace_stop wptrace_classify(int status, int *sig);
/* Tgid and PPid of a PID/status text: 0 or -EINVAL. */
int wptrace_status_ids(const char *buf, size_t len, pid_t *tgid,
		       pid_t *ppid);
/* The stream's header for a live source (wbatch.c). */
int watch_set_headers(struct fks_watch *w, const char *source);
/* wbpf.c: the BPF source (loaded, its ring buffer mapped) */
/* Returns 0, or a negative errno with the reason in why. */
int wbpf_open(struct fks_watch *w, char *why, size_t len);
/* Decodes what the ring holds (waiting up to timeout_ms when empty) into
 * at most max events; a loss becomes an FKS_EV_LOST event. */
int wbpf_fill(struct fks_watch *w, struct fks_event *ev, size_t max,
	      int timeout_ms, size_t *n);
int wbpf_fd(const struct fks_watch *w);
unsigned long long wbpf_lost(const struct fks_watch *w);
void wbpf_free(struct fks_watch *w);

/* wcgroup.c: each event's cgroup, for fks_watch_set_fields(FKS_F_CGROUP) */
int wcgroup_open(struct fks_watch *w);
/* Sets ev's cgroup where it concerns a task and is not set yet.
 * Returns 0 (unknown is no error) or -ENOMEM. */
int wcgroup_fill(struct fks_watch *w, struct fks_event *ev);
void wcgroup_free(struct fks_watch *w);

/* wreplay.c: reading and writing records */
int wreplay_open(struct fks_watch *w, const char *path);
int wreplay_fill(struct fks_watch *w, struct fks_event *ev, size_t max,
		 size_t *n);
int wrecord_start(struct fks_watch *w, int fd);
int wrecord_event(struct fks_watch *w, const struct fks_event *ev);
int wrecord_flush(struct fks_watch *w);

#endif
