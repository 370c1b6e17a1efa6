/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * root.h - a proc root's state (struct fks_root, which the readers and the
 * task sources share) and root.c's I/O: the only functions of the library
 * that open and read files under a root.  Private to the library.
 */
#ifndef FKS_ROOT_H
#define FKS_ROOT_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include "forkscope.h"

/* Name of the manifest that marks a snapshot directory. */
#define FKS_MANIFEST "forkscope-snapshot"

/* The snapshot file that lists, one tid a line, the tasks without a memory
 * map whose exit code the capturing user could not see (see snap.c). */
#define FKS_EXIT_HIDDEN "unreadable-exit-code"

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
	/* the task source, as read.c picks it (source.h) */
	enum fks_source source, used;
	char why[160];		/* fks_root_source_why(), "" for none */
	/* the one source read.c opened for this root, NULL until then, and
	 * what its open() keeps: fks_root_free() calls its close() */
	const struct task_source *src;
	void *src_state;
	/* read.c's completion of a partial source's read: the processes
	 * the source did not show in the last read, and those of them it
	 * took from /proc (the next read tries them first), sorted */
	size_t missed;
	pid_t *proc_only;
	size_t nproc_only;
	struct cmd_cache *cmds;	/* kept command lines (cmdcache.c) */
	/* a snapshot's FKS_EXIT_HIDDEN: tids whose exit code its capturing
	 * user could not see, sorted */
	pid_t *exit_hidden;
	size_t nexit_hidden;
};

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
 * ROOT/uptime's first number times the clock rate, cut to whole ticks as
 * procps does (its elapsed times and %CPU start from it); MemTotal in KiB
 * (%MEM's base).  Each is read once (uptime: once per live table read).
 * Return 0, or a negative errno when the file is missing or malformed.
 */
int root_boot_ticks(struct fks_root *root, unsigned long long *ticks);
int root_mem_kib(struct fks_root *root, unsigned long long *kib);
/*
 * The text of the symbolic link ROOT/rel (live), or of the file a snapshot
 * keeps in its place, without a final newline: as root_read().
 */
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

#endif
