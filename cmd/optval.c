/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * optval.c - pure parsers of command-line option values: reapcheck's
 * thresholds and ages, the -o column lists of pforest and forktop.  They
 * neither print nor exit: the command makes a usage error of it
 * (usage_error()), and
 * fuzz/fuzz-options.c calls them directly.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "optval.h"

int
parse_count(const char *s, long long *out)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno == ERANGE)
		return -ERANGE;
	if (errno || end == s || *end || v < 0)
		return -EINVAL;
	*out = v;
	return 0;
}

/* One end of a range: a whole number, or "~" (lo only: no lower end). */
static int
range_end(const char *s, const char *stop, long long *v)
{
	char *end;

	errno = 0;
	*v = strtoll(s, &end, 10);
	if (errno == ERANGE)
		return -ERANGE;
	if (end == s || end != stop)
		return -EINVAL;
	return 0;
}

int
parse_range(const char *s, struct range *r)
{
	const char *colon;
	int rc;

	*r = (struct range){ .set = true, .lo = 0, .hi = LLONG_MAX };
	if (*s == '@') {
		r->inside = true;
		s++;
	}
	colon = strchr(s, ':');
	if (!colon) {			/* "N": 0 to N */
		rc = range_end(s, s + strlen(s), &r->hi);
	} else {
		if (colon - s == 1 && *s == '~')
			r->lo = LLONG_MIN;
		else if ((rc = range_end(s, colon, &r->lo)) < 0)
			return rc;
		rc = colon[1] ? range_end(colon + 1, colon + strlen(colon),
					  &r->hi) : 0;
	}
	if (rc < 0)
		return rc;
	return r->lo > r->hi ? -EDOM : 0;
}

bool
range_alerts(const struct range *r, long long v)
{
	bool in = v >= r->lo && v <= r->hi;

	return r->set && (r->inside ? in : !in);
}

/*
 * Whether some value of 0 or more alerts for w and not for c.  Each alerts
 * on at most two intervals bounded by its ends, so the answer is the same
 * for all values between two consecutive ends: trying 0 and each end, one
 * below and one above, tries them all.
 */
bool
range_warning_reachable(const struct range *w, const struct range *c)
{
	long long ends[4] = { w->lo, w->hi, c->lo, c->hi }, v;
	int i, d;

	if (range_alerts(w, 0) && !range_alerts(c, 0))
		return true;
	for (i = 0; i < 4; i++)
		for (d = -1; d <= 1; d++) {
			if ((d < 0 && ends[i] == LLONG_MIN) ||
			    (d > 0 && ends[i] == LLONG_MAX))
				continue;
			v = ends[i] + d;
			if (v >= 0 && range_alerts(w, v) && !range_alerts(c, v))
				return true;
		}
	return false;
}

int
column_list_split(char *list, int (*add)(char *name, const char *head,
					 void *arg), void *arg)
{
	char *item, *rest, *eq, *name, *save;
	int rc;

	/* as ps: an empty list, or an empty name between commas, is no
	 * format (checked before the list is cut up, for the message) */
	for (item = rest = list;; item++)
		if (!*item || *item == ',') {
			if (strspn(rest, " ") >= (size_t)(item - rest))
				return -EINVAL;
			if (!*item)
				break;
			rest = item + 1;
		}
	for (rest = list; (item = strsep(&rest, ",")) != NULL;) {
		if ((eq = strchr(item, '='))) {
			*eq = '\0';
			item += strspn(item, " ");
			item[strcspn(item, " ")] = '\0';
			if ((rc = add(item, eq + 1, arg)) != 0)
				return rc;
			continue;
		}
		for (name = strtok_r(item, " ", &save); name;
		     name = strtok_r(NULL, " ", &save))
			if ((rc = add(name, NULL, arg)) != 0)
				return rc;
	}
	return 0;
}
