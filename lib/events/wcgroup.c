/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * wcgroup.c - the cgroup of each event's task, for a watcher asked for it
 * (fks_watch_set_fields with FKS_F_CGROUP): its path in the unified
 * (cgroup v2) hierarchy, put into the event before it is applied and
 * recorded, so that a replay gives the same paths without any /proc.
 *
 * The BPF source tells the cgroup's id with each event (the kernfs id of
 * its directory, which is also the directory's inode number); the path of
 * an id is looked up in the cgroup v2 filesystem: on an id not seen yet,
 * the whole hierarchy is walked once (a few hundred directories on a
 * usual machine) and every id found is kept, so a storm of events in a
 * few cgroups costs a hash lookup each.  An id the walk does not find
 * belongs to a cgroup removed since the event (ids are never reused): it
 * is kept as unknown, so that it costs one walk, not one per event.
 *
 * The other live sources tell no cgroup: PID/cgroup is read (root.c
 * reads it) when an exec or a task not seen yet is handled, and
 * remembered for the task's later events (proc_place says which), so
 * that its exit, when it is gone, is still placed; a fork's child starts
 * where its parent is, so a fork storm costs no read.
 *
 * Paths are as the reader's cgroup namespace sees them, in /proc and in
 * the mount alike.  Not done here: cgroup v1 hierarchies (only the
 * unified one names a task's place; a v1-only system has no events'
 * cgroups from BPF, and /proc's "0::/" says nothing).
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "events/watch.h"
#include "events/wbatch.h"
#include "events/wcgroup.h"
#include "parse/cgroup.h"
#include "source/root.h"

#define CGROUP2_MAGIC 0x63677270	/* CGROUP2_SUPER_MAGIC, linux/magic.h */
#define MAX_IDS 65536			/* ids kept; past it, /proc is read */
#define MAX_DEPTH 64			/* of a walk: a bound, not a limit met */
#define CG_TEXT_MAX 8192		/* bytes of a PID/cgroup kept */

/* An id's path ("" for the root); path NULL: the id's cgroup is gone. */
struct cg_id {
	uint64_t id;
	char *path;
	size_t len;
};

/* A path read from /proc, kept once. */
struct cg_name {
	char *path;
	size_t len;
};

/* A task's place: an index of wcgroup.name.  pid 0: an empty slot. */
struct cg_task {
	pid_t pid;
	int32_t name;
};

struct wcgroup {
	int mfd;		/* the cgroup v2 mount; -1 when none */
	struct cg_id *slots;	/* open addressing on id; id 0: empty */
	size_t nslots, nused;
	struct cg_name *name;	/* the paths read from /proc */
	size_t nname;
	uint32_t *names;	/* open addressing on a path: index + 1 */
	size_t nnames;
	struct cg_task *tasks;	/* open addressing on pid */
	size_t ntasks, nused_tasks;
	char text[CG_TEXT_MAX];	/* a PID/cgroup read */
};

/* The cgroup v2 mount: /sys/fs/cgroup, or on a hybrid system
 * /sys/fs/cgroup/unified (systemd's places for it). */
static int
open_mount(void)
{
	static const char *const where[] = {
		"/sys/fs/cgroup", "/sys/fs/cgroup/unified",
	};
	struct statfs sf;
	size_t i;
	int fd;

	for (i = 0; i < sizeof where / sizeof *where; i++) {
		fd = open(where[i], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0)
			continue;
		if (fstatfs(fd, &sf) == 0 && sf.f_type == CGROUP2_MAGIC)
			return fd;
		close(fd);
	}
	return -1;
}

static size_t
slot_of(const struct wcgroup *c, uint64_t id)
{
	size_t i = (size_t)(id * 11400714819323198485ull) & (c->nslots - 1);

	while (c->slots[i].id && c->slots[i].id != id)
		i = (i + 1) & (c->nslots - 1);
	return i;
}

/* Keeps id's path (a copy of path; NULL: gone).  Returns 0, or -ENOSPC
 * when MAX_IDS are kept, -ENOMEM. */
static int
keep_id(struct wcgroup *c, uint64_t id, const char *path, size_t len)
{
	struct cg_id *old = c->slots, *s;
	size_t n = c->nslots, i;
	char *copy = NULL;

	if (c->nslots && c->slots[slot_of(c, id)].id == id)
		return 0;
	if (c->nused >= MAX_IDS)
		return -ENOSPC;
	if ((c->nused + 1) * 2 > c->nslots) {
		c->nslots = n ? n * 2 : 256;
		c->slots = calloc(c->nslots, sizeof *c->slots);
		if (!c->slots) {
			c->slots = old;
			c->nslots = n;
			return -ENOMEM;
		}
		for (i = 0; i < n; i++)
			if (old[i].id)
				c->slots[slot_of(c, old[i].id)] = old[i];
		free(old);
	}
	if (path && !(copy = malloc(len + 1)))
		return -ENOMEM;
	if (copy) {
		memcpy(copy, path, len);
		copy[len] = '\0';
	}
	s = &c->slots[slot_of(c, id)];
	*s = (struct cg_id){ id, copy, len };
	c->nused++;
	return 0;
}

/* Keeps the id of every directory at and under dfd, whose path is
 * path[0, len).  A directory removed meanwhile is passed over. */
static int
walk(struct wcgroup *c, int dfd, char *path, size_t len, int depth)
{
	struct dirent *de;
	struct stat st;
	size_t n;
	DIR *d;
	int fd, rc = 0;

	if (fstat(dfd, &st) < 0) {
		close(dfd);
		return 0;
	}
	/* the root's own path is "/", every other one's has no final '/' */
	rc = keep_id(c, (uint64_t)st.st_ino, len ? path : "/", len ? len : 1);
	if (rc < 0 || depth >= MAX_DEPTH) {
		close(dfd);
		return rc == -ENOSPC ? 0 : rc;
	}
	d = fdopendir(dfd);
	if (!d) {
		close(dfd);
		return 0;
	}
	while (rc == 0 && (de = readdir(d))) {
		if (de->d_type != DT_DIR || strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		n = strlen(de->d_name);
		if (len + 1 + n >= FKS_PATH_MAX)
			continue;
		fd = openat(dirfd(d), de->d_name,
			    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0)
			continue;
		path[len] = '/';
		memcpy(path + len + 1, de->d_name, n);
		rc = walk(c, fd, path, len + 1 + n, depth + 1);
	}
	closedir(d);	/* closes dfd */
	return rc;
}

/* The path of the cgroup with that id, or NULL (gone, or no mount). */
static const struct cg_id *
path_of_id(struct wcgroup *c, uint64_t id)
{
	char path[FKS_PATH_MAX];
	int fd;

	if (c->nslots && c->slots[slot_of(c, id)].id == id)
		return &c->slots[slot_of(c, id)];
	if (c->mfd < 0)
		return NULL;
	fd = dup(c->mfd);
	if (fd < 0 || walk(c, fd, path, 0, 0) < 0)
		return NULL;
	/* not found: removed since the event; asked once */
	if (keep_id(c, id, NULL, 0) < 0)
		return NULL;
	return &c->slots[slot_of(c, id)];
}

/* ---- the other sources: PID/cgroup, remembered per task ---- */

static uint32_t
hash_bytes(const char *s, size_t n)
{
	uint32_t h = 2166136261u;

	while (n--) {
		h ^= (unsigned char)*s++;
		h *= 16777619u;
	}
	return h;
}

/* The slot of path in the interned paths (0 when empty: not there). */
static size_t
name_slot(const struct wcgroup *c, const char *path, size_t len)
{
	size_t i = hash_bytes(path, len) & (c->nnames - 1);
	const struct cg_name *n;

	for (; c->names[i]; i = (i + 1) & (c->nnames - 1)) {
		n = &c->name[c->names[i] - 1];
		if (n->len == len && memcmp(n->path, path, len) == 0)
			break;
	}
	return i;
}

/* path[0, len) kept once for the watch's life (the few cgroups tasks
 * run in); NULL when MAX_IDS are kept, or out of memory. */
static const struct cg_name *
intern(struct wcgroup *c, const char *path, size_t len)
{
	struct cg_name *grown;
	uint32_t *old = c->names;
	size_t i, n = c->nnames;
	char *copy;

	if (c->nnames && c->names[name_slot(c, path, len)])
		return &c->name[c->names[name_slot(c, path, len)] - 1];
	if (c->nname >= MAX_IDS)
		return NULL;
	if ((c->nname + 1) * 2 > c->nnames) {
		c->nnames = n ? n * 2 : 64;
		c->names = calloc(c->nnames, sizeof *c->names);
		if (!c->names) {
			c->names = old;
			c->nnames = n;
			return NULL;
		}
		for (i = 0; i < n; i++)
			if (old[i])
				c->names[name_slot(c, c->name[old[i] - 1].path,
						   c->name[old[i] - 1].len)] =
					old[i];
		free(old);
	}
	grown = realloc(c->name, (c->nname + 1) * sizeof *grown);
	if (!grown)
		return NULL;
	c->name = grown;
	copy = malloc(len + 1);
	if (!copy)
		return NULL;
	memcpy(copy, path, len);
	copy[len] = '\0';
	c->name[c->nname] = (struct cg_name){ copy, len };
	c->names[name_slot(c, path, len)] = (uint32_t)++c->nname;
	return &c->name[c->nname - 1];
}

static size_t
home_of(const struct wcgroup *c, pid_t pid)
{
	return ((uint32_t)pid * 2654435761u) & (c->ntasks - 1);
}

static size_t
task_slot(const struct wcgroup *c, pid_t pid)
{
	size_t i = home_of(c, pid);

	while (c->tasks[i].pid && c->tasks[i].pid != pid)
		i = (i + 1) & (c->ntasks - 1);
	return i;
}

/* The place last known of task pid (tid), or -1. */
static int32_t
task_place(const struct wcgroup *c, pid_t pid)
{
	size_t i;

	if (!c->ntasks)
		return -1;
	i = task_slot(c, pid);
	return c->tasks[i].pid ? c->tasks[i].name : -1;
}

/* Remembers task pid's place (an index of c->name). */
static void
task_set(struct wcgroup *c, pid_t pid, int32_t name)
{
	struct cg_task *old = c->tasks;
	size_t n = c->ntasks, i;

	if (c->ntasks && c->tasks[task_slot(c, pid)].pid) {
		c->tasks[task_slot(c, pid)].name = name;
		return;
	}
	if ((c->nused_tasks + 1) * 2 > c->ntasks) {
		c->ntasks = n ? n * 2 : 1024;
		c->tasks = calloc(c->ntasks, sizeof *c->tasks);
		if (!c->tasks) {	/* not remembered: read again */
			c->tasks = old;
			c->ntasks = n;
			return;
		}
		for (i = 0; i < n; i++)
			if (old[i].pid)
				c->tasks[task_slot(c, old[i].pid)] = old[i];
		free(old);
	}
	c->tasks[task_slot(c, pid)] = (struct cg_task){ pid, name };
	c->nused_tasks++;
}

/* Forgets task pid (it exited): linear probing's deletion, moving back
 * each later entry of the run that may no longer be found. */
static void
task_forget(struct wcgroup *c, pid_t pid)
{
	size_t i, j, k, mask = c->ntasks - 1;

	if (!c->ntasks || !c->tasks[i = task_slot(c, pid)].pid)
		return;
	for (j = (i + 1) & mask; c->tasks[j].pid; j = (j + 1) & mask) {
		k = home_of(c, c->tasks[j].pid);
		/* the entry at j stays unless its home is not in (i, j] */
		if (i <= j ? (k <= i || k > j) : (k <= i && k > j)) {
			c->tasks[i] = c->tasks[j];
			i = j;
		}
	}
	c->tasks[i].pid = 0;
	c->nused_tasks--;
}

/* Reads pid's cgroup v2 path from /proc.  Returns its index in c->name,
 * or a negative errno (gone, unreadable, none; -ENOSPC: too many paths,
 * then *tmp is a copy kept with the batch). */
static int32_t
read_place(struct fks_watch *w, pid_t pid, char **tmp, size_t *tmplen)
{
	struct wcgroup *c = w->cg;
	const struct cg_name *n;
	const char *path;
	char rel[32];
	size_t len, plen;
	int rc;

	snprintf(rel, sizeof rel, "%d/cgroup", (int)pid);
	rc = root_read(w->root, rel, c->text, sizeof c->text, &len);
	if (rc == 0)
		rc = cg_main_path(c->text, len, &path, &plen);
	if (rc < 0)
		return rc;
	n = intern(c, path, plen);
	if (n)
		return (int32_t)(n - c->name);
	*tmp = malloc(plen ? plen : 1);
	if (!*tmp)
		return -ENOMEM;
	memcpy(*tmp, path, plen);
	*tmplen = plen;
	rc = watch_keep_buf(w, *tmp);
	return rc < 0 ? rc : -ENOSPC;
}

/* The events that concern a task whose place a caller may ask about. */
static bool
has_place(enum fks_event_type type)
{
	switch (type) {
	case FKS_EV_FORK: case FKS_EV_CLONE: case FKS_EV_EXEC:
	case FKS_EV_EXIT: case FKS_EV_UID: case FKS_EV_GID: case FKS_EV_SID:
	case FKS_EV_PTRACE: case FKS_EV_COMM: case FKS_EV_COREDUMP:
	case FKS_EV_REPARENT:
		return true;
	default:
		return false;
	}
}

/*
 * A source that tells no cgroup: PID/cgroup is read at an exec (where a
 * process moved after its fork, by systemd-run or a container runtime,
 * first runs its program) and at the first event of a task not seen yet;
 * a fork's child starts where its parent was last seen (where the kernel
 * starts it, unless it is cloned into another cgroup, which only the BPF
 * source sees), so that a fork storm costs no read; every other event (an
 * exit above all, when the task is gone) takes the place last known of
 * its task.  A task's exit forgets it.
 */
static int
proc_place(struct fks_watch *w, struct fks_event *ev)
{
	struct wcgroup *c = w->cg;
	bool birth = ev->type == FKS_EV_FORK || ev->type == FKS_EV_CLONE;
	int32_t name = -1;
	char *tmp = NULL;
	size_t tmplen = 0;

	if (birth) {
		name = task_place(c, ev->parent_pid);
		if (name < 0)	/* a thread of its parent not seen yet */
			name = task_place(c, ev->parent_tgid);
		if (name < 0 && ev->parent_pid > 0) {
			/* the parent's first event: read and kept for it */
			name = read_place(w, ev->parent_pid, &tmp, &tmplen);
			if (name >= 0)
				task_set(c, ev->parent_pid, name);
		}
	} else if (ev->type != FKS_EV_EXEC) {
		name = task_place(c, ev->pid);
	}
	/* (a parent gone already: the child's own file) */
	if (name < 0 && !tmp && name != -ENOMEM)
		name = read_place(w, ev->pid, &tmp, &tmplen);
	if (name == -ENOMEM)
		return -ENOMEM;
	if (name >= 0) {
		ev->cgroup = c->name[name].path;
		ev->cgroup_len = c->name[name].len;
		task_set(c, ev->pid, name);
	} else if (tmp) {
		ev->cgroup = tmp;
		ev->cgroup_len = tmplen;
	}
	if (ev->type == FKS_EV_EXIT)
		task_forget(c, ev->pid);
	return 0;
}

int
wcgroup_fill(struct fks_watch *w, struct fks_event *ev)
{
	const struct cg_id *s;

	if (!w->cg || ev->cgroup || !has_place(ev->type))
		return 0;
	if (ev->cgroup_id) {
		s = path_of_id(w->cg, ev->cgroup_id);
		if (s && s->path) {
			ev->cgroup = s->path;
			ev->cgroup_len = s->len;
			return 0;
		}
		if (s)
			return 0;	/* gone: /proc cannot tell either */
	}
	return proc_place(w, ev);
}

int
wcgroup_open(struct fks_watch *w)
{
	if (w->cg)
		return 0;
	w->cg = calloc(1, sizeof *w->cg);
	if (!w->cg)
		return -ENOMEM;
	w->cg->mfd = w->source == FKS_WS_BPF ? open_mount() : -1;
	return 0;
}

void
wcgroup_free(struct fks_watch *w)
{
	size_t i;

	if (!w->cg)
		return;
	for (i = 0; i < w->cg->nslots; i++)
		free(w->cg->slots[i].path);
	free(w->cg->slots);
	for (i = 0; i < w->cg->nname; i++)
		free(w->cg->name[i].path);
	free(w->cg->name);
	free(w->cg->names);
	free(w->cg->tasks);
	if (w->cg->mfd >= 0)
		close(w->cg->mfd);
	free(w->cg);
	w->cg = NULL;
}
