/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * place.c - which tasks --unit, --container and --cgroup select (pforest,
 * forkwatch), and how a place is labelled (reapcheck, forkwatch).  Names
 * only: where a task runs is read by the library (fks_task_place,
 * fks_place_from_path).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "place.h"

static bool
unit_listed(const char *unit, char *const *list, size_t n)
{
	size_t i, len = strlen(unit);

	if (!unit[0])
		return false;
	for (i = 0; i < n; i++)
		if (strcmp(list[i], unit) == 0 ||
		    (!strchr(list[i], '.') && len > 8 &&
		     strcmp(unit + len - 8, ".service") == 0 &&
		     strlen(list[i]) == len - 8 &&
		     strncmp(list[i], unit, len - 8) == 0))
			return true;
	return false;
}

bool
place_unit_listed(const struct fks_place *p, char *const *units, size_t n)
{
	return unit_listed(p->unit, units, n) ||
	       unit_listed(p->user_unit, units, n);
}

/* Is id, given to --container, p's container: a prefix of its id (as
 * docker takes one; every container it begins), or its name whole; with
 * "RUNTIME:" before it, as the container column and --by show it, of that
 * runtime alone. */
static bool
container_is(const struct fks_place *p, const char *id)
{
	size_t rlen = strlen(p->runtime);

	if (strncmp(id, p->runtime, rlen) == 0 && id[rlen] == ':')
		id += rlen + 1;
	if (strlen(p->container) == 64)
		return id[0] && strncmp(p->container, id, strlen(id)) == 0;
	return strcmp(p->container, id) == 0;
}

bool
place_container_listed(const struct fks_place *p, char *const *ids,
		       size_t n)
{
	size_t i;

	if (!p->runtime[0])
		return false;
	for (i = 0; i < n; i++)
		if (container_is(p, ids[i]))
			return true;
	return false;
}

void
cgroup_arg_check(char *path)
{
	size_t len = strlen(path), n;
	const char *c, *end;

	if (path[0] != '/')
		usage_error("--cgroup: '%s' is not an absolute cgroup path "
			    "(as /proc/PID/cgroup shows one)", path);
	if (len >= FKS_PATH_MAX)
		usage_error("--cgroup: a path of %zu bytes is too long", len);
	/* each component a directory's name: not "", "." or ".." (an
	 * empty one at the end is the final '/', dropped below) */
	for (c = path + 1; *c; c = *end ? end + 1 : end) {
		end = strchrnul(c, '/');
		n = (size_t)(end - c);
		if ((n == 0 && *end) || (n == 1 && c[0] == '.') ||
		    (n == 2 && c[0] == '.' && c[1] == '.'))
			usage_error("--cgroup: '%s' has an empty, '.' or '..' "
				    "component", path);
	}
	if (len > 1 && path[len - 1] == '/')
		path[len - 1] = '\0';
}

bool
cgroup_under(const char *path, size_t len, const char *top)
{
	size_t n = strlen(top);

	if (!path)
		return false;
	if (n == 1)	/* "/": the whole hierarchy */
		return true;
	return len >= n && memcmp(path, top, n) == 0 &&
	       (len == n || path[n] == '/');
}

void
place_labels(const struct fks_place *p, unsigned esc, char *unit,
	     char *container, size_t size)
{
	char id[FKS_PLACE_NAME_MAX + 64], *e;
	const char *u = p->user_unit[0] ? p->user_unit : p->unit;

	e = xescape(u, strlen(u), esc, NULL);
	snprintf(unit, size, "%s", e);
	free(e);
	container[0] = '\0';
	if (!p->runtime[0])
		return;
	snprintf(id, sizeof id, "%s:%.*s", p->runtime,
		 strlen(p->container) == 64 ? 12 : FKS_PLACE_NAME_MAX,
		 p->container);
	e = xescape(id, strlen(id), esc, NULL);
	snprintf(container, size, "%s", e);
	free(e);
}
