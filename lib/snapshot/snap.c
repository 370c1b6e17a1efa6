/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * snap.c - writing a frozen snapshot of a proc root (what procsnap does).
 *
 * Reading goes through root.c like every other read of the library; this
 * file only decides what to copy and writes it.  The snapshot is laid out
 * like /proc itself (PID/stat, PID/task/TID/status, ...) so that our reader,
 * and procps ps over a bind mount, read it as they read /proc.  It is built
 * in a temporary directory and renamed into place at the end: a capture that
 * fails or is interrupted never leaves a half-written snapshot at target.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "parse/parse.h"
#include "source/proc-source.h"
#include "source/root.h"

/* The largest file copied whole; cmdline may be longer and is cut. */
#define COPY_MAX (4u << 20)

static const char *const task_files[] = { "stat", "status", "cmdline",
					   "comm", "cgroup", "wchan" };
static const char *const root_files[] = { "stat", "uptime", "loadavg",
					   "sys/kernel/pid_max", "meminfo" };
/* root_files from this index on are newer than some snapshots: copying
 * such a snapshot goes on without them */
#define ROOT_FILES_NEWER 4

struct snap {
	struct fks_root *src;
	const char *target;
	int dirfd;		/* the temporary directory */
	unsigned flags;
	char *errbuf;
	size_t errlen;
	char *buf;		/* COPY_MAX + 1 bytes */
	/* the copied tasks whose exit code the capturing user could not
	 * see: any (the manifest's "unreadable"), and those whose stat text
	 * cannot show it (FKS_EXIT_HIDDEN) */
	bool exit_unreadable;
	pid_t *exit_hidden;
	size_t nexit_hidden, exit_hidden_cap;
	/* processes listed whose stat this user may not read (hidepid=1):
	 * left out, and counted in the manifest */
	size_t unreadable;
	int hidepid;		/* the live root's, for a user it hides from */
	size_t problems;	/* a snapshot source's tasks and files that
				 * could not be taken: its read's messages,
				 * and files refused as they were copied */
};

static int
fail(struct snap *s, int rc, const char *what)
{
	snprintf(s->errbuf, s->errlen, "%s: %s", what, fks_strerror(rc));
	return rc;
}

/* An error about a file inside the snapshot being written. */
static int
fail_in(struct snap *s, int rc, const char *rel)
{
	snprintf(s->errbuf, s->errlen, "%s: writing %s: %s", s->target, rel,
		 fks_strerror(rc));
	return rc;
}

static int
write_file(struct snap *s, const char *rel, const char *data, size_t len)
{
	ssize_t n;
	int fd;

	fd = openat(s->dirfd, rel, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
		    0444);
	if (fd < 0)
		return -errno;
	while (len > 0) {
		n = write(fd, data, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			n = -errno;
			close(fd);
			return (int)n;
		}
		data += n;
		len -= (size_t)n;
	}
	return close(fd) < 0 ? -errno : 0;
}

/*
 * What --redact keeps: argv[0] and its NUL.  A process that rewrote its
 * title (setproctitle: "sshd: alice@pts/0") has no NUL at all; then only
 * the text before the first space or colon is kept, so the title cannot
 * leak what redaction is for.
 */
static size_t
redacted_len(const char *cmd, size_t len)
{
	const char *nul = memchr(cmd, '\0', len);
	size_t n;

	if (nul)
		return (size_t)(nul - cmd) + 1;
	for (n = 0; n < len && cmd[n] != ' ' && cmd[n] != ':'; n++)
		;
	return n;
}

/*
 * Notes whether the exit code in the stat text just read (s->buf, len
 * bytes) of task tid was hidden from us, by the proc source's rule (proc-source.h): the stat text
 * shows it for a task with a memory map; for one without, only the kernel
 * (or the source snapshot) can tell, and the snapshot must keep that.
 */
static int
note_exit_code(struct snap *s, const char *rel, pid_t tid, size_t len)
{
	struct fks_task t = { .tid = tid };
	const char *why;
	bool masked;
	pid_t *v;

	if (stat_parse(s->buf, len, &t, &why, &masked) < 0)
		return 0;	/* the reader of the snapshot will say so */
	if (masked) {
		s->exit_unreadable = true;
		return 0;
	}
	if (!stat_exit_code_hidden(s->src, rel, &t))
		return 0;
	s->exit_unreadable = true;
	if (s->nexit_hidden == s->exit_hidden_cap) {
		s->exit_hidden_cap = s->exit_hidden_cap * 2 + 16;
		v = realloc(s->exit_hidden, s->exit_hidden_cap * sizeof *v);
		if (!v)
			return fail(s, -ENOMEM, FKS_EXIT_HIDDEN);
		s->exit_hidden = v;
	}
	s->exit_hidden[s->nexit_hidden++] = tid;
	return 0;
}

/* What copy_task() and copy_process() found of a task. */
enum { COPIED, VANISHED, UNREADABLE };

/*
 * Copies the files of one task directory (rel: "PID" or "PID/task/TID",
 * the task tid).  Returns COPIED, VANISHED, UNREADABLE when this user may
 * not read its stat (live: hidepid=1 lists what it refuses), or a
 * negative errno.
 */
/*
 * The task's pid namespace link, kept as a file holding the link's text
 * ("pid:[INODE]"): a snapshot holds no links, and the inode names the
 * namespace only on the machine it came from.  Only a reader that may
 * ptrace the task may read it; without it (or a zombie's, gone with its
 * namespaces), there is no file.  A snapshot source's file that is no
 * regular file is one of the copy's problems.
 */
static int
copy_ns_link(struct snap *s, const char *rel)
{
	char path[PATH_MAX], text[64];
	size_t len;
	int rc;

	snprintf(path, sizeof path, "%s/ns/pid", rel);
	rc = root_read_link(s->src, path, text, sizeof text - 1, &len);
	if (rc < 0 && s->src->snapshot && rc != -ENOENT)
		s->problems++;	/* a malformed copy: counted */
	if (rc < 0)
		return 0;
	text[len++] = '\n';
	snprintf(path, sizeof path, "%s/ns", rel);
	if (mkdirat(s->dirfd, path, 0755) < 0)
		return fail_in(s, -errno, path);
	snprintf(path, sizeof path, "%s/ns/pid", rel);
	rc = write_file(s, path, text, len);
	return rc < 0 ? fail_in(s, rc, path) : 0;
}

static int
copy_task(struct snap *s, const char *rel, pid_t tid)
{
	char path[PATH_MAX];
	size_t i, len, full;
	uid_t uid;
	int rc;

	if (mkdirat(s->dirfd, rel, 0755) < 0) {
		return fail_in(s, -errno, rel);
	}
	for (i = 0; i < sizeof task_files / sizeof *task_files; i++) {
		snprintf(path, sizeof path, "%s/%s", rel, task_files[i]);
		rc = root_read_max(s->src, path, s->buf, COPY_MAX, &len, &full);
		if (rc < 0 && !s->src->snapshot && fks_err_vanished(rc))
			return VANISHED;
		/* a task without its stat is no task: left out, counted
		 * (live: hidepid=1 lists what it refuses) */
		if (i == 0 && !s->src->snapshot &&
		    (rc == -EACCES || rc == -EPERM))
			return UNREADABLE;
		/* a snapshot's malformed one (a FIFO, a directory): one of
		 * the copy's problems */
		if (i == 0 && s->src->snapshot && rc < 0 && rc != -ENOENT) {
			s->problems++;
			return VANISHED;
		}
		if (rc < 0 && s->src->snapshot && rc != -ENOENT)
			s->problems++;	/* a malformed copy: said, counted */
		if (rc < 0)
			continue;	/* unreadable (permissions): leave out */
		if (i == 0 && (rc = note_exit_code(s, rel, tid, len)) < 0)
			return rc;
		if (i == 2 && (s->flags & FKS_SNAP_REDACT))
			len = redacted_len(s->buf, len);
		rc = write_file(s, path, s->buf, len);
		if (rc < 0)
			return fail_in(s, rc, path);
	}
	if ((rc = copy_ns_link(s, rel)) < 0)
		return rc;
	/*
	 * Keep the owner on the directory as /proc does, for ps reading a
	 * bind mount; without the privilege the owner is still in status.
	 */
	if (root_owner(s->src, rel, &uid) == 0 &&
	    fchownat(s->dirfd, rel, uid, (gid_t)-1, AT_SYMLINK_NOFOLLOW) < 0)
		return COPIED;	/* not privileged: status holds the owner */
	return COPIED;
}

static int
rm_entry(const char *path, const struct stat *st, int type, struct FTW *f)
{
	(void)st;
	(void)type;
	(void)f;
	return remove(path);
}

/* Removes a directory tree; used only on our own temporary directory. */
static void
rm_tree(const char *dir)
{
	(void)nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Removes a partly copied task after it vanished or was refused. */
static void
drop_task(struct snap *s, const char *tmp, const char *rel)
{
	char path[PATH_MAX * 2];

	snprintf(path, sizeof path, "%s/%s", tmp, rel);
	rm_tree(path);
	(void)s;
}

/* Copies process p with its threads; returns what copy_task() does. */
static int
copy_process(struct snap *s, const char *tmp, const struct fks_table *tbl,
	     const struct fks_task *p)
{
	char rel[64];
	size_t i, n;
	int rc;

	snprintf(rel, sizeof rel, "%d", (int)p->tid);
	rc = copy_task(s, rel, p->tid);
	if (rc == COPIED) {
		/* task/ holds every thread, the leader included, as /proc */
		snprintf(rel, sizeof rel, "%d/task", (int)p->tid);
		if (mkdirat(s->dirfd, rel, 0755) < 0)
			return fail_in(s, -errno, rel);
		n = fks_forest_nthreads(tbl, p);
		for (i = 0; i <= n && rc == COPIED; i++) {
			pid_t tid = i ? fks_forest_thread(tbl, p, i - 1)->tid
				      : p->tid;

			snprintf(rel, sizeof rel, "%d/task/%d", (int)p->tid,
				 (int)tid);
			rc = copy_task(s, rel, tid);
			if (rc > COPIED && i > 0) {	/* the thread alone */
				drop_task(s, tmp, rel);
				rc = COPIED;
			}
		}
	}
	if (rc > COPIED) {
		snprintf(rel, sizeof rel, "%d", (int)p->tid);
		drop_task(s, tmp, rel);
	}
	return rc;
}

/* Marks the subtree of p, and the ancestors of p, as selected. */
static void
select_process(const struct fks_table *tbl, const struct fks_task *p,
	       bool *sel)
{
	const struct fks_task *a;
	size_t i;

	for (a = fks_forest_parent(tbl, p); a; a = fks_forest_parent(tbl, a))
		sel[a - fks_table_at(tbl, 0)] = true;
	sel[p - fks_table_at(tbl, 0)] = true;
	for (i = 0; i < fks_forest_nchildren(tbl, p); i++)
		select_process(tbl, fks_forest_child(tbl, p, i), sel);
}

static int
copy_root_files(struct snap *s)
{
	size_t i, len, full;
	int rc;

	if (mkdirat(s->dirfd, "sys", 0755) < 0 ||
	    mkdirat(s->dirfd, "sys/kernel", 0755) < 0)
		return fail_in(s, -errno, "sys/kernel");
	for (i = 0; i < sizeof root_files / sizeof *root_files; i++) {
		rc = root_read_max(s->src, root_files[i], s->buf, COPY_MAX,
				   &len, &full);
		if (rc == -ENOENT && s->src->snapshot &&
		    i >= ROOT_FILES_NEWER)
			continue;
		if (rc < 0) {
			snprintf(s->errbuf, s->errlen, "%s/%s: %s",
				 s->src->path, root_files[i], fks_strerror(rc));
			return rc;
		}
		rc = write_file(s, root_files[i], s->buf, len);
		if (rc < 0)
			return fail_in(s, rc, root_files[i]);
	}
	return 0;
}

/* Redacted now, or a copy of a snapshot that was: redaction is kept. */
static bool
redacted(const struct snap *s)
{
	const char *v;

	if (s->flags & FKS_SNAP_REDACT)
		return true;
	v = s->src->snapshot ? fks_root_manifest(s->src, "redacted") : NULL;
	return v && strcmp(v, "0") != 0;
}

static int
write_manifest(struct snap *s, size_t nprocs)
{
	char host[256] = "", text[2048];
	const char *v;
	struct utsname u;
	int n;

	if (s->src->snapshot) {
		/* a snapshot of a snapshot keeps the original's facts */
		v = fks_root_manifest(s->src, "hostname");
		snprintf(host, sizeof host, "%s", v ? v : "");
		v = fks_root_manifest(s->src, "kernel");
		snprintf(u.release, sizeof u.release, "%s", v ? v : "");
	} else {
		if (uname(&u) < 0)
			u.release[0] = '\0';
		if (gethostname(host, sizeof host - 1) < 0)
			host[0] = '\0';
	}
	/* a hostile hostname must not break the line format */
	host[strcspn(host, "\n")] = '\0';
	n = snprintf(text, sizeof text,
		     "# forkscope snapshot: a frozen copy of /proc\n"
		     "format=1\n"
		     "captured=%lld\n"
		     "kernel=%s\n"
		     "hostname=%s\n"
		     "tool=forkscope %s\n"
		     "clk_tck=%ld\n"
		     "page_size=%ld\n"
		     "redacted=%d\n"
		     "processes=%zu\n"
		     "%s",
		     fks_root_now(s->src), u.release, host, FKS_VERSION,
		     s->src->clk_tck, s->src->page_size,
		     redacted(s) ? 1 : 0, nprocs,
		     s->exit_unreadable ? "unreadable=exit_code\n" : "");
	/* what this user could not copy: counted, never dropped silently */
	if (n >= 0 && (size_t)n < sizeof text && s->unreadable)
		n += snprintf(text + n, sizeof text - (size_t)n,
			      "unreadable_processes=%zu\n", s->unreadable);
	if (n >= 0 && (size_t)n < sizeof text && s->problems)
		n += snprintf(text + n, sizeof text - (size_t)n,
			      "source_problems=%zu\n", s->problems);
	if (n >= 0 && (size_t)n < sizeof text && s->hidepid)
		n += snprintf(text + n, sizeof text - (size_t)n,
			      "hidepid=%d\n", s->hidepid);
	if (n < 0 || (size_t)n >= sizeof text)
		return fail(s, -EOVERFLOW, FKS_MANIFEST);
	n = write_file(s, FKS_MANIFEST, text, (size_t)n);
	return n < 0 ? fail_in(s, n, FKS_MANIFEST) : 0;
}

static int
cmp_tid(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return (x > y) - (x < y);
}

/*
 * Writes FKS_EXIT_HIDDEN, one tid a line, when some exit code was hidden
 * from the capturing user.
 */
static int
write_exit_hidden(struct snap *s)
{
	char *text;
	size_t i, used = 0;
	int rc;

	if (!s->exit_unreadable)
		return 0;
	text = malloc(s->nexit_hidden * 12 + 1);
	if (!text)
		return fail(s, -ENOMEM, FKS_EXIT_HIDDEN);
	if (s->nexit_hidden > 1)
		qsort(s->exit_hidden, s->nexit_hidden, sizeof *s->exit_hidden,
		      cmp_tid);
	for (i = 0; i < s->nexit_hidden; i++)	/* a leader: process and
						 * task/ entry, once */
		if (i == 0 || s->exit_hidden[i] != s->exit_hidden[i - 1])
			used += (size_t)sprintf(text + used, "%d\n",
						(int)s->exit_hidden[i]);
	rc = write_file(s, FKS_EXIT_HIDDEN, text, used);
	free(text);
	return rc < 0 ? fail_in(s, rc, FKS_EXIT_HIDDEN) : 0;
}

/*
 * Writes "users": uid:name for every owner among the copied processes, so
 * the snapshot names its users as its own machine did.
 */
static int
write_users(struct snap *s, const struct fks_table *tbl, const bool *sel,
	    bool all)
{
	char *text = NULL, *line;
	size_t i, j, used = 0, cap = 0, n;
	const struct fks_task *t, *u;
	const char *name;
	int rc;

	for (i = 0; i < fks_table_count(tbl); i++) {
		t = fks_table_at(tbl, i);
		if (t->is_thread || (!all && !sel[i]) ||
		    !(t->known & FKS_K_OWNER))
			continue;
		for (j = 0; j < i; j++) {	/* few distinct uids: linear */
			u = fks_table_at(tbl, j);
			if (!u->is_thread && (all || sel[j]) &&
			    (u->known & FKS_K_OWNER) && u->euid == t->euid)
				break;
		}
		name = fks_root_user_name(s->src, t->euid);
		if (j < i || !name || strchr(name, '\n'))
			continue;
		n = strlen(name) + 16;
		if (used + n >= cap) {
			cap = (used + n) * 2;
			line = realloc(text, cap);
			if (!line) {
				free(text);
				return fail(s, -ENOMEM, "users");
			}
			text = line;
		}
		used += (size_t)sprintf(text + used, "%u:%s\n",
					(unsigned)t->euid, name);
	}
	rc = write_file(s, "users", text ? text : "", used);
	free(text);
	return rc < 0 ? fail_in(s, rc, "users") : 0;
}

/* Copies the selected processes; returns how many, or a negative errno. */
static int
copy_processes(struct snap *s, const char *tmp, const pid_t *pids,
	       size_t npids, size_t *count)
{
	struct fks_table *tbl;
	const struct fks_task *t;
	bool *sel = NULL;
	char what[64];
	size_t i;
	enum fks_source was = s->src->source;
	int rc;

	/* a snapshot copies files: which tasks there are, from /proc's own
	 * listing (the root's source is left as the caller set it) */
	s->src->source = FKS_SOURCE_PROC;
	rc = fks_table_read(s->src, FKS_F_STAT | FKS_F_OWNER, FKS_READ_THREADS,
			    &tbl);
	s->src->source = was;
	if (rc < 0) {
		fks_table_free(tbl);
		return fail(s, rc, s->src->path);
	}
	s->problems = fks_table_nmessages(tbl);
	sel = calloc(fks_table_count(tbl) + 1, sizeof *sel);
	if (!sel) {
		rc = fail(s, -ENOMEM, "selection");
		goto out;
	}
	for (i = 0; i < npids; i++) {
		t = fks_table_find(tbl, pids[i]);
		if (!t) {
			snprintf(what, sizeof what, "process %d", (int)pids[i]);
			rc = fail(s, -ESRCH, what);
			goto out;
		}
		select_process(tbl, fks_table_process(tbl, t), sel);
	}
	*count = 0;
	for (i = 0; i < fks_table_count(tbl) && rc == 0; i++) {
		t = fks_table_at(tbl, i);
		if (t->is_thread || (npids && !sel[i]))
			continue;
		rc = copy_process(s, tmp, tbl, t);
		if (rc == COPIED)
			++*count;
		else if (rc == UNREADABLE)
			s->unreadable++;
		if (rc > COPIED)
			rc = 0;
	}
	if (rc == 0)
		rc = write_users(s, tbl, sel, npids == 0);
out:
	free(sel);
	fks_table_free(tbl);
	return rc;
}

int
fks_snap_write(struct fks_root *src, const char *target, const pid_t *pids,
	       size_t npids, unsigned flags, char *errbuf, size_t errlen)
{
	struct snap s = { .src = src, .target = target, .flags = flags,
			  .errbuf = errbuf,
			  .errlen = errlen, .dirfd = -1 };
	char tmp[PATH_MAX];
	struct stat st;
	size_t count = 0;
	int rc;

	if (errlen)
		errbuf[0] = '\0';
	if (lstat(target, &st) == 0)
		return fail(&s, -EEXIST, target);
	if (snprintf(tmp, sizeof tmp, "%s.tmp.XXXXXX", target) >=
	    (int)sizeof tmp)
		return fail(&s, -ENAMETOOLONG, target);
	if (!mkdtemp(tmp))
		return fail(&s, -errno, target);
	s.buf = malloc(COPY_MAX + 1);
	s.dirfd = open(tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (!s.buf || s.dirfd < 0) {
		rc = fail(&s, s.buf ? -errno : -ENOMEM, tmp);
		goto out;
	}
	/* a procfs that hides other users' processes from this one: the
	 * snapshot can hold only what it shows, and says so */
	if (!src->snapshot && geteuid() != 0) {
		rc = fks_root_hidepid(src);
		s.hidepid = rc >= 2 ? rc : 0;
	}
	rc = copy_processes(&s, tmp, pids, npids, &count);
	if (rc == 0)
		rc = copy_root_files(&s);
	if (rc == 0)
		rc = write_exit_hidden(&s);
	if (rc == 0)
		rc = write_manifest(&s, count);
	/* mkdtemp made it 0700; a snapshot is as readable as /proc */
	if (rc == 0 && fchmod(s.dirfd, 0755) < 0)
		rc = fail(&s, -errno, tmp);
	if (rc == 0 && rename(tmp, target) < 0)
		rc = fail(&s, -errno, target);
out:
	if (s.dirfd >= 0)
		close(s.dirfd);
	free(s.buf);
	free(s.exit_hidden);
	if (rc < 0)
		rm_tree(tmp);
	return rc;
}
