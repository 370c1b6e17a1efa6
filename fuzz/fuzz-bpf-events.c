/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz-bpf-events.c - libFuzzer harness for the decoder of the BPF event
 * program's ring-buffer records (lib/events/bpf-events.c): any bytes, read as
 * the ring frames them (a 4-byte length, 4 bytes, the record, padding to
 * 8 bytes; fixtures/bpf-events/ holds real ones).  Each record is refused
 * with a reason, or decoded into one event, or an exec and its name,
 * whose strings lie inside the record and within the program's bounds,
 * whose names are NUL-terminated, and which the record format
 * (lib/events/record.c) writes and reads back the same.
 */
#include <errno.h>
#include <linux/types.h>
#include <stdlib.h>
#include <string.h>

#include "events/bpf-events.h"
#include "bpf/events.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static void
check_inside(const char *p, size_t n, const unsigned char *rec, size_t len)
{
	if (p && ((const unsigned char *)p < rec ||
		  (const unsigned char *)p + n > rec + len))
		abort();
}

/* The record format keeps what the decoder made. */
static void
round_trip(const struct fks_event *ev, unsigned char *buf)
{
	struct fks_event back;
	const char *why = NULL;
	size_t len = fks_record_encode(ev, buf);

	if (fks_record_decode(buf, len, &back, &why) != (ssize_t)len ||
	    back.type != ev->type || back.pid != ev->pid ||
	    back.exit_code != ev->exit_code || back.flags != ev->flags ||
	    strcmp(back.comm, ev->comm) != 0 ||
	    back.cmdline_len != ev->cmdline_len ||
	    back.cmdline_full != ev->cmdline_full ||
	    back.path_len != ev->path_len ||
	    (back.path == NULL) != (ev->path == NULL) ||
	    (ev->path && memcmp(back.path, ev->path, ev->path_len) != 0) ||
	    (ev->cmdline &&
	     memcmp(back.cmdline, ev->cmdline, ev->cmdline_len) != 0))
		abort();
}

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct fks_event ev[BPFEV_EVENTS_MAX];
	unsigned char *rec, *buf = malloc(FKS_RECORD_MAX);
	const char *why;
	size_t at = 0;
	uint32_t len;
	int got, i;

	if (!buf)
		return 0;
	while (at + 8 <= size) {
		memcpy(&len, data + at, 4);
		at += 8;
		if (len > size - at)
			len = (uint32_t)(size - at);
		/* a copy of exactly its bytes: a read past them is found */
		rec = malloc(len ? len : 1);
		if (!rec)
			break;
		memcpy(rec, data + at, len);
		why = NULL;
		got = bpfev_decode(rec, len, ev, &why);
		if (got < 0 && (got != -EBADMSG || !why))
			abort();
		if (got > BPFEV_EVENTS_MAX || (got == 2 &&
		    (ev[0].type != FKS_EV_EXEC || ev[1].type != FKS_EV_NAME)))
			abort();
		for (i = 0; i < got; i++) {
			if (memchr(ev[i].comm, '\0', sizeof ev[i].comm) == NULL)
				abort();
			if (ev[i].path_len >= FKS_BPFEV_PATH_MAX ||
			    ev[i].cmdline_len > FKS_BPFEV_ARGV_MAX)
				abort();
			check_inside(ev[i].path, ev[i].path_len, rec, len);
			check_inside(ev[i].cmdline, ev[i].cmdline_len, rec,
				     len);
			round_trip(&ev[i], buf);
		}
		free(rec);
		at += (len + 7) & ~(size_t)7;
	}
	free(buf);
	return 0;
}
