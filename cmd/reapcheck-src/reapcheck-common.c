/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * reapcheck-common.c - what reapcheck's one-shot report (reapcheck.c) and
 * its watch (reapcheck-watch.c) share: opening the library's audit of a
 * table (fks_audit_*) and saying what it could not read, and the words
 * for exit statuses, ages, reasons, advice and places.  It prints only
 * those warnings; the outputs are the two callers'.
 */
#include "config.h"

#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "place.h"
#include "reapcheck-common.h"

/* How a place is escaped here: a backslash kept, so that systemd's
 * \x2d shows as systemctl shows it */
#define PLACE_ESC (FKS_ESC_UTF8 | FKS_ESC_BACKSLASH)
/* ---- the audit ---------------------------------------------------------- */

void
audit_open(struct audit *a, struct fks_table *tbl, unsigned esc)
{
	const struct fks_audit_unread *u;
	size_t i;
	int rc;

	*a = (struct audit){ .tbl = tbl, .esc = esc };
	rc = fks_audit_new(tbl, &a->fa);
	if (rc < 0)
		die(EXIT_TROUBLE, "%s", fks_strerror(rc));
	u = fks_audit_unread(a->fa, &a->nunread);
	for (i = 0; i < a->nunread; i++)
		warnx("%s/%d/status: %s", fks_root_path(fks_table_root(tbl)),
		      (int)u[i].pid, u[i].err == -EINVAL ? "malformed" :
		      fks_strerror(u[i].err));
	a->groups = fks_audit_groups(a->fa, &a->ngroups);
	a->orphans = fks_audit_orphans(a->fa, &a->norphans);
	a->nzombies = fks_audit_zombies(a->fa);
	a->nprocs = fks_audit_processes(a->fa);
	a->oldest = fks_audit_oldest(a->fa);
}

void
audit_close(struct audit *a)
{
	fks_audit_free(a->fa);
	a->fa = NULL;
}


/* The wait status a zombie keeps, decoded ("exit ?" when unknown). */
void
exit_text(const struct fks_task *z, char *buf, size_t size)
{
	if (!(z->known & FKS_K_EXIT_CODE))
		snprintf(buf, size, "exit ?");
	else
		wait_status_text(z->exit_code, buf, size);
}

/* "5s", "3m12s", "2h05m", "4d03h": an age at a glance. */
void
age_text(long long s, char *buf, size_t size)
{
	if (s < 0)
		snprintf(buf, size, "-");
	else if (s < 60)
		snprintf(buf, size, "%llds", s);
	else if (s < 3600)
		snprintf(buf, size, "%lldm%02llds", s / 60, s % 60);
	else if (s < 86400)
		snprintf(buf, size, "%lldh%02lldm", s / 3600, s / 60 % 60);
	else
		snprintf(buf, size, "%lldd%02lldh", s / 86400, s / 3600 % 24);
}

const struct reason reasons[] = {
	{ FKS_WHY_PARENT_ZOMBIE, "parent_zombie",
	  "the parent has exited too and waits to be reaped itself" },
	{ FKS_WHY_STOPPED, "parent_stopped",
	  "the parent is stopped: it cannot wait until continued" },
	{ FKS_WHY_TRACED, "parent_traced",
	  "the parent is traced: its tracer holds it" },
	{ FKS_WHY_INIT, "init",
	  "the parent is pid 1 of its namespace, an init that has not "
	  "reaped it" },
	{ FKS_WHY_SIGCHLD_BLOCKED, "sigchld_blocked",
	  "the parent blocks SIGCHLD" },
	{ FKS_WHY_SIGCHLD_IGNORED, "sigchld_ignored",
	  "the parent ignores SIGCHLD now (these died before it did so)" },
	{ FKS_WHY_SIGCHLD_CAUGHT, "sigchld_caught",
	  "the parent has a SIGCHLD handler that did not reap (a lost "
	  "signal, or a bug)" },
	{ FKS_WHY_NO_HANDLER, "no_handler",
	  "SIGCHLD has its default action: only a wait() of the parent's "
	  "own reaps, and it has not waited" },
	{ FKS_WHY_UNKNOWN, "unknown",
	  "the parent's status could not be read" },
};
const size_t nreasons = sizeof reasons / sizeof *reasons;

/*
 * A namespace's init that does not reap: a reaping init, as the parent's
 * container manager offers one (fks_place_init_kind(): a pod's
 * container, docker's, podman's; anything else, the generic advice).
 */
static void
init_hint(const struct fks_place *pl, char *buf, size_t size)
{
	switch (fks_place_init_kind(pl)) {
	case FKS_INIT_POD:
		snprintf(buf, size, "a Kubernetes pod: shareProcessNamespace: "
			 "true in its spec (the pause container reaps), or a "
			 "reaping init (tini) as the entrypoint");
		break;
	case FKS_INIT_ENGINE:
		snprintf(buf, size, "%s run --init, or a reaping init (tini, "
			 "dumb-init) as the entrypoint", pl->runtime);
		break;
	case FKS_INIT_NSPAWN:
		snprintf(buf, size, "systemd-nspawn --as-pid2 (its stub init "
			 "reaps), or boot the container (-b)");
		break;
	case FKS_INIT_LXC:
		snprintf(buf, size, "an init in the container (lxc.init.cmd: "
			 "/sbin/init, or lxc-execute, which runs lxc-init)");
		break;
	default:
		snprintf(buf, size, "run a reaping init as pid 1 (tini, "
			 "dumb-init)");
	}
}

/* fix or restart the parent p, or its service pl's unit, asked of a
 * user's manager from anyone where it is a user's (systemctl -M UID@:
 * systemd 248 and later) */
static void
service_hint(const struct fks_place *pl, int p, char *buf, size_t size)
{
	char unit[512], container[512], manager[64] = "";
	unsigned long uid;

	place_labels(pl, PLACE_ESC, unit, container, sizeof unit);
	if (fks_place_user_manager(pl, &uid) == 0)
		snprintf(manager, sizeof manager, "--user -M %lu@ ", uid);
	snprintf(buf, size, "fix or restart the parent %d, or its service "
		 "(systemctl %srestart %s): its zombies go when it exits", p,
		 manager, unit);
}

/* What to do (fks_reap_advise()), in words; where the parent runs (its
 * cgroup, read once here) shapes the last ones. */
void
hint_text(const struct fks_reap_group *g, char *buf, size_t size)
{
	int p = (int)g->ppid;
	struct fks_place place;
	const struct fks_place *pl = g->parent &&
		fks_task_place(g->parent, &place) == 0 ? &place : NULL;
	char init[256];

	switch (fks_reap_advise(g, pl)) {
	case FKS_ADVICE_PARENT_GONE:
		snprintf(buf, size, "the parent %d is not in the data: its "
			 "zombies will go to init when it is gone", p);
		break;
	case FKS_ADVICE_REAP_PARENT:
		snprintf(buf, size, "make %d reap its child %d (or restart "
			 "it); then init inherits and reaps these",
			 (int)g->parent->ppid, p);
		break;
	case FKS_ADVICE_CONTINUE:
		snprintf(buf, size, "continue the parent: kill -CONT %d", p);
		break;
	case FKS_ADVICE_DETACH_TRACER:
		snprintf(buf, size, "detach or end the tracer %d",
			 (int)g->parent->tracer);
		break;
	case FKS_ADVICE_REAPING_INIT:
		init_hint(pl, buf, size);
		break;
	case FKS_ADVICE_SIGNAL:
		snprintf(buf, size, "send SIGCHLD (reapcheck --signal-parents "
			 "--yes); if that does not help, fix or restart %d", p);
		break;
	case FKS_ADVICE_RESTART_SERVICE:
		service_hint(pl, p, buf, size);
		break;
	case FKS_ADVICE_RESTART_IN_CONTAINER:
		init_hint(pl, init, sizeof init);
		snprintf(buf, size, "fix or restart the parent %d: its zombies "
			 "then go to the container's pid 1, which reaps them "
			 "if it is a reaping init (%s)", p, init);
		break;
	default:
		snprintf(buf, size, "fix or restart the parent %d: its zombies "
			 "go when it exits", p);
	}
}

char *
name_of(const struct audit *a, const struct fks_task *t)
{
	return xescape(t->comm, t->comm_len, a->esc, NULL);
}

/*
 * Where task t runs, escaped (a backslash kept: systemd's \x2d shows as
 * systemctl shows it), into unit and container ("" for none or
 * unknown): its system unit, or its user unit when it runs in a user's
 * systemd; its container as RUNTIME:ID12 or RUNTIME:NAME.
 */
void
place_of(const struct fks_task *t, char *unit, char *container, size_t size)
{
	struct fks_place p;

	unit[0] = container[0] = '\0';
	if (t && fks_task_place(t, &p) == 0)
		place_labels(&p, PLACE_ESC, unit, container, size);
}

/* "unit" and "container" of task t: strings, or null for none */
void
json_place(struct jsonwrt *w, const struct fks_task *t)
{
	char unit[512], container[512];

	place_of(t, unit, container, sizeof unit);
	if (unit[0])
		jw_string(w, "unit", unit);
	else
		jw_null(w, "unit");
	if (container[0])
		jw_string(w, "container", container);
	else
		jw_null(w, "container");
}

void
json_why(struct jsonwrt *w, const struct fks_reap_group *g)
{
	char hint[1024];
	size_t k;

	jw_array_open(w, "why", 0, NULL);
	for (k = 0; k < nreasons; k++)
		if (g->why & reasons[k].bit)
			jw_string(w, NULL, reasons[k].key);
	jw_close(w);
	hint_text(g, hint, sizeof hint);
	jw_string(w, "hint", hint);
}

