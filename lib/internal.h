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
	char **mkeys, **mvals;	/* the manifest, in file order */
	size_t nmanifest;
	struct fks_users *users;	/* uid -> name cache (users.c) */
	/* the task source (bpf-source.c) */
	enum fks_source source, used;
	struct bpf_src *bpf;	/* the loaded iterator, or NULL */
	int bpf_error;		/* why it cannot load (0: not tried) */
	char why[160];		/* fks_root_source_why(), "" for none */
	size_t bpf_missed;	/* processes BPF did not show (last read) */
	struct cmd_cache *cmds;	/* kept command lines (cmdcache.c) */
	pid_t *bpf_only;	/* processes the last BPF read took from /proc */
	size_t nbpf_only;
	bool bpf_listed;	/* a BPF read has listed the root */
	unsigned bpf_unlisted;	/* reads since whose counts did not add up */
};

/* bpf-source.c */
/*
 * Fills tbl (empty) from the BPF iterator, then what fields asks of /proc
 * beyond stat and the owner.  Returns 0, or a negative errno with
 * root->why set (nothing then added to tbl).
 */
int bpf_table_read(struct fks_root *root, unsigned fields, unsigned flags,
		   struct fks_table *tbl);
void bpf_source_free(struct fks_root *root);

/* bpf-decode.c: the pure part (bpf/tasks.h holds the record) */
#define BPF_NAME_MAX 64		/* proc_task_name()'s buffer */
struct fks_bpf_rec;
struct bpf_decoded {
	struct fks_task *tasks;	/* as the table keeps them (malloc'd, room
				 * for cap); comm points into names */
	size_t n, cap;
	size_t nrecs;		/* records read, every task the iterator saw */
	char *names;		/* BPF_NAME_MAX bytes per task */
};
/*
 * Decodes len bytes of records: processes by pid, each followed (threads
 * true) by its threads by tid, with the values /proc/PID/stat (or
 * task/TID/stat) prints.  Returns 0, -EBADMSG with *why set, or -ENOMEM.
 */
int bpf_decode(const unsigned char *buf, size_t len, bool threads,
	       struct bpf_decoded *out, const char **why);
void bpf_decoded_free(struct bpf_decoded *d);
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

/* read.c: what the BPF source still reads from /proc */
/*
 * Reads status and cmdline (as fields asks) for every task of tbl, and
 * drops the tasks that vanished meanwhile.  Returns 0 or -ENOMEM.
 */
int read_extras(struct fks_table *tbl, unsigned fields, unsigned flags);
/*
 * Reads from /proc the processes ROOT lists that tbl (filled by the BPF
 * source, in table order, from seen records) lacks, and puts them in
 * their place; ROOT is listed only when the tasks do not add up to
 * total (the kernel's count, -1 for unknown).  Returns how many, or
 * -ENOMEM.
 */
int read_missing(struct fks_table *tbl, unsigned fields, unsigned flags,
		 size_t seen, long long total);
/* The kernel's count of tasks now (loadavg), or -1. */
long long read_nr_tasks(struct fks_root *root);

/* cmdcache.c: command lines kept by a live root (FKS_READ_KEEP_CMDLINE) */
struct cmd_cache;
struct arena;
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

/* users.c */
void users_free(struct fks_users *users);

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

/* ---- root.c: the only place that opens and reads files under a root ---- */

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
/* The owner uid of ROOT/rel (not following a symlink). */
int root_owner(struct fks_root *root, const char *rel, uid_t *uid);
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
};

#define NO_INDEX ((size_t)-1)

/* A new slot at the end of the task array (not yet counted), or NULL. */
struct fks_task *table_slot(struct fks_table *tbl);
/* Builds the pid index and the process-of links once tasks are read. */
int table_build_index(struct fks_table *tbl);
/* Index of tid in the table, or NO_INDEX. */
size_t table_index(const struct fks_table *tbl, pid_t tid);
/* Adds a printf-style message; returns 0 or -ENOMEM. */
int table_message(struct fks_table *tbl, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Builds the forest over the table's processes (tree.c). */
int forest_build(struct fks_table *tbl);
void forest_free(struct fks_table *tbl);

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
	bool failed;

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
	uint64_t busy_until_ns;		/* events came lately: see wlive.c */
	unsigned poll_ms;
	uint64_t next_poll_ns;
	struct poll_entry *prev;	/* the last poll's processes */
	size_t nprev;

	/* replay */
	int rfd;
	unsigned char *rbuf;
	size_t rlen, rat, rcap;
	unsigned long long rrecord;	/* records decoded so far */
	unsigned long long roffset;	/* file offset of rbuf[0] */
	bool reof;
	int rerror;			/* after the good records: an error */

	/* recording */
	int wfd;
	unsigned char *wbuf;
	size_t wlen;
};

int watch_header_set(struct fks_watch *w, const char *key, const char *val);
int watch_push(struct fks_watch *w, const struct fks_event *ev);
int watch_keep_table(struct fks_watch *w, struct fks_table *tbl);
int watch_keep_buf(struct fks_watch *w, char *buf);
int watch_fail(struct fks_watch *w, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
uint64_t watch_now_ns(void);

/* wlive.c: the connector and poll sources, and what they read of /proc */
int wlive_open(struct fks_watch *w, unsigned types, unsigned poll_ms,
	       bool allow_poll);
int wlive_fill(struct fks_watch *w, struct fks_event *ev, size_t max,
	       int timeout_ms, size_t *n);
/* Pushes what /proc says after an event (the new name, orphans' parents,
 * a resync after a loss). */
int wlive_follow(struct fks_watch *w, const struct fks_watch_item *it);
void wlive_free(struct fks_watch *w);

/* wreplay.c: reading and writing records */
int wreplay_open(struct fks_watch *w, const char *path);
int wreplay_fill(struct fks_watch *w, struct fks_event *ev, size_t max,
		 size_t *n);
int wrecord_start(struct fks_watch *w, int fd);
int wrecord_event(struct fks_watch *w, const struct fks_event *ev);
int wrecord_flush(struct fks_watch *w);

#endif
