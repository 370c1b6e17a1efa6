/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cgroup.h - where a task runs: what its cgroup path says (its systemd
 * unit and slice, the container it belongs to) and its namespace links.
 * Private to the library; pure functions over buffers (cgroup.c).
 *
 * Everything here is a naming convention, not a kernel fact: a process
 * that may create cgroups (root, or a user with a delegated subtree) can
 * name one "docker-<id>.scope" without any docker.  Callers show the
 * result as a label, never act on it.
 */
#ifndef FORKSCOPE_CGROUP_H
#define FORKSCOPE_CGROUP_H

#include <stddef.h>

/* A cgroup path component is a directory name: at most 255 bytes. */
#define CG_NAME_MAX 255

/* The container managers whose cgroup names cgroup.c knows. */
enum cg_runtime {
	CG_RT_NONE,
	CG_RT_DOCKER,		/* docker-ID.scope, or /docker/ID */
	CG_RT_CONTAINERD,	/* cri-containerd-ID.scope */
	CG_RT_CRIO,		/* crio-ID.scope */
	CG_RT_PODMAN,		/* libpod-ID.scope, or libpod_parent/libpod-ID */
	CG_RT_KUBEPODS,		/* kubepods/.../podUID/ID: the CRI is not named */
	CG_RT_LXC,		/* lxc.payload.NAME, or /lxc/NAME */
	CG_RT_MACHINE,		/* machine.slice/machine-NAME.scope (machined) */
};

/* A path's place.  An empty string means "none". */
struct cg_place {
	char unit[CG_NAME_MAX + 1];	/* the system unit: ssh.service */
	char slice[CG_NAME_MAX + 1];	/* its slice; "-.slice" at the root */
	char user_unit[CG_NAME_MAX + 1];  /* a unit inside user@UID.service */
	enum cg_runtime runtime;
	char container[CG_NAME_MAX + 1]; /* the runtime's id or name */
	char pod[CG_NAME_MAX + 1];	/* a Kubernetes pod's UID, with dashes */
};

/*
 * The path systemd tracks a task by, in the text of /proc/PID/cgroup: the
 * unified hierarchy's "0::PATH" (systemd's own on v2 and hybrid systems,
 * as libsystemd reads it for ps's unit and slice), or "name=systemd:PATH"
 * when there is no 0:: line or it says "/" (a v1-only system, where the
 * kernel still prints "0::/").  Sets *path (into buf) and *len.  Returns
 * 0, or -ENOENT when neither line is there.
 */
int cg_main_path(const char *buf, size_t len, const char **path,
		 size_t *plen);

/* Fills *p from a cgroup path ("/system.slice/ssh.service").  Never
 * fails: a path it cannot read says "none" everywhere but slice. */
void cg_place(const char *path, size_t len, struct cg_place *p);

/*
 * The inode of a namespace link's text, "TYPE:[INODE]" (readlink of
 * /proc/PID/ns/TYPE).  Returns 0 and *ino, or -EINVAL.
 */
int ns_link_inode(const char *text, size_t len, const char *type,
		  unsigned long long *ino);

/*
 * ps's CGROUP: the lines of a /proc/PID/cgroup text whose path is not
 * "/", joined by commas, into out (cap bytes, always NUL-terminated; cut
 * to fit).  Returns the length the whole would have; 0 for none.
 */
size_t cg_ps_list(const char *buf, size_t len, char *out, size_t cap);

/* "docker", "containerd", ...; "" for CG_RT_NONE. */
const char *cg_runtime_name(enum cg_runtime rt);

#endif
