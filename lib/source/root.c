/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * root.c - opening a proc root, and the only code in the library that
 * opens or reads files under it.
 *
 * Every path is opened relative to the root's directory fd, so a snapshot
 * directory is read exactly as the live /proc is.  Inside a snapshot no
 * symlink is followed (openat2 RESOLVE_BENEATH|RESOLVE_NO_SYMLINKS), so a
 * hostile snapshot cannot make us read outside it.  Every read is bounded
 * by the caller's buffer.  Parsing lives elsewhere (parse-*.c).
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/magic.h>
#include <linux/openat2.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#include "parse/manifest.h"
#include "source/cmdcache.h"
#include "source/root.h"
#include "source/source.h"
#include "source/users.h"

static int
open_beneath(struct fks_root *root, const char *rel, int flags)
{
	struct open_how how = {
		.flags = (unsigned long long)flags,
		.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS |
			   RESOLVE_NO_MAGICLINKS,
	};
	long fd;

	if (!root->no_openat2) {
		fd = syscall(SYS_openat2, root->fd, rel, &how, sizeof how);
		if (fd >= 0 || errno != ENOSYS)
			return fd >= 0 ? (int)fd : -errno;
		root->no_openat2 = true;
	}
	/* Old kernels: at least refuse a symlink as the last component. */
	fd = openat(root->fd, rel, flags | O_NOFOLLOW);
	return fd >= 0 ? (int)fd : -errno;
}

/*
 * A snapshot is data: a FIFO in it would block an open or a read for ever
 * and a device (/dev/zero) would never end, so it is opened without
 * blocking and anything but a regular file or a directory is refused.
 */
static int
open_snapshot_file(struct fks_root *root, const char *rel, int flags)
{
	struct stat st;
	int fd;

	fd = open_beneath(root, rel, flags | O_NONBLOCK);
	if (fd < 0)
		return fd;
	if (fstat(fd, &st) < 0 || !(S_ISREG(st.st_mode) ||
				    S_ISDIR(st.st_mode))) {
		close(fd);
		return -FKS_ENOTREG;
	}
	return fd;
}

int
root_open(struct fks_root *root, const char *rel, int flags)
{
	int fd;

	flags |= O_CLOEXEC;
	if (root->snapshot)
		return open_snapshot_file(root, rel, flags);
	fd = openat(root->fd, rel, flags);
	return fd >= 0 ? fd : -errno;
}

const char *
fks_strerror(int rc)
{
	if (rc == -FKS_ENOTREG)
		return "not a regular file";
	return strerror(rc < 0 ? -rc : rc);
}

/* Reads up to cap bytes from fd; returns the count or a negative errno. */
static ssize_t
read_some(int fd, char *buf, size_t cap)
{
	size_t got = 0, want;
	ssize_t n;

	while (got < cap) {
		/* sysctl files refuse (ENOMEM) reads of megabytes at once */
		want = cap - got < 65536 ? cap - got : 65536;
		n = read(fd, buf + got, want);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			break;
		got += (size_t)n;
		/*
		 * A short read ending a line means the whole text was
		 * produced: procfs stat and status are generated in one go.
		 * Stopping here saves, on every task, the read that would
		 * return 0.
		 */
		if ((size_t)n < want && buf[got - 1] == '\n')
			break;
	}
	return (ssize_t)got;
}

int
root_read(struct fks_root *root, const char *rel, char *buf, size_t cap,
	  size_t *len)
{
	ssize_t n;
	char extra;
	int fd;

	fd = root_open(root, rel, O_RDONLY);
	if (fd < 0)
		return fd;
	n = read_some(fd, buf, cap - 1);
	/* A full buffer: see whether the file goes on. */
	if (n == (ssize_t)(cap - 1) && read(fd, &extra, 1) == 1)
		n = -EFBIG;
	close(fd);
	if (n < 0)
		return (int)n;
	buf[n] = '\0';
	*len = (size_t)n;
	return 0;
}

int
root_read_max(struct fks_root *root, const char *rel, char *buf, size_t max,
	      size_t *lenp, size_t *fullp)
{
	char scratch[4096];
	struct stat st;
	size_t full;
	ssize_t n;
	int fd;

	fd = root_open(root, rel, O_RDONLY);
	if (fd < 0)
		return fd;
	n = read_some(fd, buf, max);
	if (n < 0)
		goto out;
	full = (size_t)n;
	if ((size_t)n == max) {
		/*
		 * Keep only max bytes but learn the real length: a snapshot's
		 * file tells its size; a live file is counted in small reads,
		 * so memory stays bounded.  procfs files are regular files of
		 * size 0 too: a size below what was read is no length.
		 */
		if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
		    st.st_size >= (off_t)max) {
			full = (size_t)st.st_size;
		} else {
			while ((n = read(fd, scratch, sizeof scratch)) > 0)
				full += (size_t)n;
			if (n < 0) {
				n = -errno;
				goto out;
			}
		}
	}
	buf[full < max ? full : max] = '\0';
	*lenp = full < max ? full : max;
	if (fullp)
		*fullp = full;
	n = 0;
out:
	close(fd);
	return (int)n;
}

int
fks_root_read_file(struct fks_root *root, const char *relpath, size_t max,
		   char **bufp, size_t *lenp, size_t *fullp)
{
	char *buf;
	int rc;

	buf = malloc(max + 1);
	if (!buf)
		return -ENOMEM;
	rc = root_read_max(root, relpath, buf, max, lenp, fullp);
	if (rc < 0) {
		free(buf);
		return rc;
	}
	*bufp = buf;
	return 0;
}

int
root_owner(struct fks_root *root, const char *rel, uid_t *uid)
{
	struct stat st;

	if (fstatat(root->fd, rel, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return -errno;
	*uid = st.st_uid;
	return 0;
}

int
root_read_link(struct fks_root *root, const char *rel, char *buf, size_t cap,
	       size_t *len)
{
	ssize_t n;
	int rc;

	if (root->snapshot) {
		rc = root_read(root, rel, buf, cap, len);
		if (rc == 0 && *len > 0 && buf[*len - 1] == '\n')
			buf[--*len] = '\0';
		return rc;
	}
	n = readlinkat(root->fd, rel, buf, cap - 1);
	if (n < 0)
		return -errno;
	if ((size_t)n == cap - 1)
		return -EFBIG;
	buf[n] = '\0';
	*len = (size_t)n;
	return 0;
}

bool
root_may_ptrace(struct fks_root *root, const char *rel)
{
	char path[64], link[8];

	if (root->snapshot)
		return true;
	snprintf(path, sizeof path, "%s/cwd", rel);
	return readlinkat(root->fd, path, link, sizeof link) >= 0 ||
	       errno != EACCES;
}

static int
cmp_pid(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return (x > y) - (x < y);
}

/* A directory name that is a pid: digits only, no leading zero, fits. */
static bool
name_to_pid(const char *s, pid_t *pid)
{
	long long v = 0;

	if (*s < '1' || *s > '9')
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		v = v * 10 + (*s - '0');
		if (v > 0x3fffffff)	/* PID_MAX_LIMIT is 4M; be generous */
			return false;
	}
	*pid = (pid_t)v;
	return true;
}

int
root_list_pids(struct fks_root *root, const char *rel, pid_t **pidsp,
	       size_t *np)
{
	/* getdents64 directly: fdopendir() would add an fcntl and an fstat
	 * to every task/ listed */
	char buf[32768] __attribute__((aligned(8)));
	size_t n = 0, cap = 256, off;
	pid_t *pids, *grown, pid;
	struct dirent64 *de;
	ssize_t got;
	int fd;

	fd = root_open(root, rel, O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		return fd;
	pids = malloc(cap * sizeof *pids);
	if (!pids)
		goto nomem;
	while ((got = getdents64(fd, buf, sizeof buf)) > 0) {
		for (off = 0; off < (size_t)got; off += de->d_reclen) {
			de = (struct dirent64 *)(buf + off);
			if (de->d_type != DT_DIR && de->d_type != DT_UNKNOWN)
				continue;
			if (!name_to_pid(de->d_name, &pid))
				continue;
			if (n == cap) {
				cap *= 2;
				grown = realloc(pids, cap * sizeof *pids);
				if (!grown)
					goto nomem;
				pids = grown;
			}
			pids[n++] = pid;
		}
	}
	if (got < 0) {
		got = -errno;
		free(pids);
		close(fd);
		return (int)got;
	}
	close(fd);
	/* procfs lists in pid order already; a snapshot directory may not. */
	qsort(pids, n, sizeof *pids, cmp_pid);
	*pidsp = pids;
	*np = n;
	return 0;
nomem:
	free(pids);
	close(fd);
	return -ENOMEM;
}

/*
 * Reads FKS_EXIT_HIDDEN of a snapshot, when its manifest says "unreadable"
 * holds exit_code: tids, one a line; anything else in it is ignored.
 */
static int
load_exit_hidden(struct fks_root *root)
{
	const char *v = fks_root_manifest(root, "unreadable");
	char *buf, *p, *end;
	size_t len, cap;
	long n;
	int rc;

	if (!v || !strstr(v, "exit_code"))
		return 0;
	rc = fks_root_read_file(root, FKS_EXIT_HIDDEN, 16u << 20, &buf, &len,
				NULL);
	if (rc < 0)
		return rc == -ENOENT ? 0 : rc;
	cap = len / 2 + 1;	/* "N\n" is the shortest line */
	root->exit_hidden = malloc(cap * sizeof *root->exit_hidden);
	if (!root->exit_hidden) {
		free(buf);
		return -ENOMEM;
	}
	for (p = buf; *p && root->nexit_hidden < cap; p = end) {
		errno = 0;
		n = strtol(p, &end, 10);
		if (end == p) {		/* not a number: skip the line */
			end = strchr(p, '\n');
			end = end ? end + 1 : p + strlen(p);
			continue;
		}
		if (!errno && n > 0 && n <= INT_MAX)
			root->exit_hidden[root->nexit_hidden++] = (pid_t)n;
	}
	free(buf);
	qsort(root->exit_hidden, root->nexit_hidden,
	      sizeof *root->exit_hidden, cmp_pid);
	return 0;
}

bool
root_exit_hidden(const struct fks_root *root, pid_t tid)
{
	return root->nexit_hidden && bsearch(&tid, root->exit_hidden,
					     root->nexit_hidden,
					     sizeof tid, cmp_pid);
}

/*
 * Reads a snapshot's users file (its own names for uids), which users.c
 * parses into the root's cache; what is wrong with it is reported by
 * each table read (read.c).  Returns 0 or -ENOMEM.
 */
static int
load_users(struct fks_root *root)
{
	size_t len = 0, full = 0;
	char *buf = NULL;
	int rc;

	root->users = users_new();
	if (!root->users)
		return -ENOMEM;
	rc = fks_root_read_file(root, "users", USERS_MAX, &buf, &len, &full);
	users_take_file(root->users, rc, buf, len, full);
	free(buf);
	return 0;
}

/* Reads the manifest; manifest.c splits it into key=value pairs. */
static int
load_manifest(struct fks_root *root)
{
	size_t len;
	char *buf;
	int rc;

	rc = fks_root_read_file(root, FKS_MANIFEST, 64 * 1024, &buf, &len,
				NULL);
	if (rc < 0)
		return rc;
	rc = manifest_parse(buf, len, &root->mkeys, &root->mvals,
			    &root->nmanifest);
	free(buf);
	return rc;
}

static long
manifest_long(const struct fks_root *root, const char *key, long dflt)
{
	const char *v = fks_root_manifest(root, key);
	char *end;
	long n;

	if (!v)
		return dflt;
	errno = 0;
	n = strtol(v, &end, 10);
	return (errno || end == v || *end || n <= 0) ? dflt : n;
}

/*
 * The inode number of a procfs mount's root directory: fixed by the
 * kernel (fs/proc/root.c), and relied on as ABI by the container tools
 * that check a procfs handle (runc's filepath-securejoin, rustix).
 */
#define PROC_ROOT_INO 1

/*
 * Whether fd is the root of a procfs mount: procfs by its magic number,
 * and its root by the inode number.  Every directory inside a procfs
 * (/proc/sys, /proc/self, /proc/1, a bind mount of one) has the magic
 * too, and reading it as a proc root would show an empty or absurd
 * table; none has inode 1.  A procfs mounted elsewhere, or with
 * subset=pid, still has it.
 */
static bool
is_procfs_root(int fd)
{
	struct statfs sfs;
	struct stat st;

	return fstatfs(fd, &sfs) == 0 && sfs.f_type == PROC_SUPER_MAGIC &&
	       fstat(fd, &st) == 0 && st.st_ino == PROC_ROOT_INO;
}

int
fks_root_open(const char *path, struct fks_root **out)
{
	struct fks_root *root;
	struct stat st;
	int rc;

	root = calloc(1, sizeof *root);
	if (!root)
		return -ENOMEM;
	root->path = strdup(path ? path : "/proc");
	if (!root->path) {
		free(root);
		return -ENOMEM;
	}
	root->fd = open(root->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (root->fd < 0) {
		rc = -errno;
		goto fail;
	}
	if (fstatat(root->fd, FKS_MANIFEST, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISREG(st.st_mode)) {
		root->snapshot = true;
		rc = load_manifest(root);
		if (rc < 0)
			goto fail;
		root->clk_tck = manifest_long(root, "clk_tck", 100);
		root->page_size = manifest_long(root, "page_size", 4096);
		root->now = manifest_long(root, "captured", 0);
		rc = load_exit_hidden(root);
		if (rc == 0)
			rc = load_users(root);
		if (rc < 0)
			goto fail;
	} else if (is_procfs_root(root->fd)) {
		root->clk_tck = sysconf(_SC_CLK_TCK);
		root->page_size = sysconf(_SC_PAGESIZE);
		root->now = (long long)time(NULL);
	} else {
		rc = -EINVAL;
		goto fail;
	}
	*out = root;
	return 0;
fail:
	fks_root_free(root);
	return rc;
}

void
fks_root_free(struct fks_root *root)
{
	if (!root)
		return;
	if (root->src && root->src->close)
		root->src->close(root->src_state);
	if (root->fd >= 0)
		close(root->fd);
	manifest_free(root->mkeys, root->mvals, root->nmanifest);
	users_free(root->users);
	users_free(root->groups);
	cmdcache_free(root->cmds);
	free(root->proc_only);
	free(root->exit_hidden);
	free(root->path);
	free(root);
}

bool
fks_root_pids_are_ours(struct fks_root *root)
{
	char buf[32], *end;
	ssize_t n;
	long pid;

	if (root->snapshot)
		return false;
	/* "self" names the reader as the procfs's pid namespace numbers
	 * it; outside that namespace (or below it) the link fails or
	 * names another number than ours */
	n = readlinkat(root->fd, "self", buf, sizeof buf - 1);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	errno = 0;
	pid = strtol(buf, &end, 10);
	return !errno && end != buf && !*end && pid == (long)getpid();
}

const char *
fks_root_path(const struct fks_root *root)
{
	return root->path;
}

bool
fks_root_is_snapshot(const struct fks_root *root)
{
	return root->snapshot;
}

long
fks_root_clk_tck(const struct fks_root *root)
{
	return root->clk_tck;
}

long
fks_root_page_size(const struct fks_root *root)
{
	return root->page_size;
}

long long
fks_root_now(const struct fks_root *root)
{
	return root->now;
}

const char *
fks_root_manifest(const struct fks_root *root, const char *key)
{
	return manifest_get(root->mkeys, root->mvals, root->nmanifest, key);
}

long long
fks_root_boot_time(struct fks_root *root)
{
	char *buf, *p;
	size_t len;

	if (root->btime)
		return root->btime > 0 ? root->btime : 0;
	root->btime = -1;
	/* /proc/stat grows with the CPU count: read it once, on demand. */
	if (fks_root_read_file(root, "stat", 1 << 20, &buf, &len, NULL) < 0)
		return 0;
	p = strstr(buf, "\nbtime ");
	if (p)
		root->btime = strtoll(p + 7, NULL, 10);
	if (root->btime <= 0)
		root->btime = -1;
	free(buf);
	return root->btime > 0 ? root->btime : 0;
}

int
root_boot_ticks(struct fks_root *root, unsigned long long *ticks)
{
	char buf[128], *end;
	locale_t c;
	double up;
	size_t len;

	if (root->boot_ticks == 0) {
		root->boot_ticks = -1;
		if (root_read(root, "uptime", buf, sizeof buf - 1, &len) < 0)
			return -ENOENT;
		buf[len] = '\0';
		/* "12345.67 ...", whatever the caller's locale says of '.' */
		c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
		if (!c)
			return -ENOMEM;
		up = strtod_l(buf, &end, c);
		freelocale(c);
		if (end == buf || !(up >= 0 && up < 1e15))
			return -EINVAL;
		/* procps: (unsigned long long)(seconds * Hertz) */
		root->boot_ticks = (long long)(up * (double)root->clk_tck);
	}
	if (root->boot_ticks < 0)
		return -EINVAL;
	*ticks = (unsigned long long)root->boot_ticks;
	return 0;
}

int
root_mem_kib(struct fks_root *root, unsigned long long *kib)
{
	struct fks_meminfo mi;
	const char *why;

	if (root->mem_kib == 0) {
		root->mem_kib = -1;
		if (fks_root_meminfo(root, &mi, &why) == 0 &&
		    mi.total >= 1024 && mi.total / 1024 <= LLONG_MAX)
			root->mem_kib = (long long)(mi.total / 1024);
	}
	if (root->mem_kib < 0)
		return -ENODATA;
	*kib = (unsigned long long)root->mem_kib;
	return 0;
}

int
fks_root_meminfo(struct fks_root *root, struct fks_meminfo *mi,
		 const char **why)
{
	char buf[8192];
	size_t len;
	int rc;

	*why = NULL;
	memset(mi, 0, sizeof *mi);
	rc = root_read(root, "meminfo", buf, sizeof buf, &len);
	if (rc < 0)
		return rc;
	return fks_parse_meminfo(buf, len, mi, why);
}
