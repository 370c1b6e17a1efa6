/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz-record.c - libFuzzer harness for the record format (record.c,
 * wreplay.c, and the tracker behind a replay).
 *
 * The input is a record file.  First fks_record_decode() runs over its
 * records (after the header, or from the first byte when there is none),
 * each from a buffer of exactly the bytes left, so ASan sees any read past
 * the end: a size never beyond them, the command line inside its record,
 * comm NUL-terminated, a reason for every refusal, and a record that
 * decodes encodes back to one that decodes the same.  Then the whole input
 * is replayed through fks_watch_open_replay() and fks_watch_next() to its
 * end, with marks set and batch sizes varied: no crash, no leak, no hang
 * (a ppid cycle in a hostile record), an error with a message, and never
 * ENOMEM: an input of a few KiB needs a few KiB of tracker, so running out
 * of memory is a finding (a count gone wrong once asked for SIZE_MAX * 8
 * bytes), not an end; run.sh also caps any one allocation
 * (-malloc_limit_mb) and the process's RSS.  A mutated
 * body almost never keeps its checksum, so both run again on a copy whose
 * checksums are made right: the fuzzer then reaches the fields and the
 * tracker behind them.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "forkscope.h"

static unsigned char enc[FKS_RECORD_MAX];

static void
check_event(const struct fks_event *ev, const unsigned char *rec,
	    size_t size)
{
	if (!memchr(ev->comm, '\0', sizeof ev->comm))
		abort();
	if (ev->cmdline && ((const unsigned char *)ev->cmdline < rec ||
			    ev->cmdline_len > size ||
			    (const unsigned char *)ev->cmdline +
			    ev->cmdline_len > rec + size))
		abort();
	if (ev->type <= FKS_EV_NONE || ev->type >= FKS_EV_NTYPES)
		abort();
}

/* Decodes record after record, each from a copy of exactly what is
 * left. */
static void
decode_all(const unsigned char *data, size_t size)
{
	struct fks_event ev, again;
	const char *why;
	unsigned char *buf;
	size_t left;
	ssize_t got;

	while (size > 0) {
		left = size;
		buf = malloc(left);
		if (!buf)
			return;
		memcpy(buf, data, left);
		why = NULL;
		got = fks_record_decode(buf, left, &ev, &why);
		if (got < 0 && (got != -EBADMSG || !why))
			abort();
		if (got <= 0) {
			free(buf);
			return;
		}
		if ((size_t)got > left || got < 8)
			abort();
		check_event(&ev, buf, (size_t)got);
		/* what decodes encodes back to the same event (comm up to
		 * its first NUL: a record may hold bytes after one, which
		 * no reader of a C string sees) */
		if (fks_record_encode(&ev, enc) > FKS_RECORD_MAX ||
		    fks_record_decode(enc, FKS_RECORD_MAX, &again, &why) <= 0 ||
		    again.pid != ev.pid || again.time_ns != ev.time_ns ||
		    again.cmdline_len != ev.cmdline_len ||
		    strcmp(again.comm, ev.comm) != 0 ||
		    (ev.cmdline && memcmp(again.cmdline, ev.cmdline,
					  ev.cmdline_len) != 0))
			abort();
		free(buf);
		data += got;
		size -= (size_t)got;
	}
}

static void
each_task(const struct fks_wtask *t, void *arg)
{
	(void)arg;
	if (!memchr(t->comm, '\0', sizeof t->comm))
		abort();
	if (t->cmdline_len && !t->cmdline)
		abort();
}

/* The whole input as a file, replayed to its end. */
static void
replay(const unsigned char *data, size_t size)
{
	struct fks_watch_item items[16];
	struct fks_watch *w = NULL;
	char path[64];
	size_t max, n, i, calls = 0;
	int fd, rc;

	fd = memfd_create("fuzz-record", MFD_CLOEXEC);
	if (fd < 0)
		return;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return;
	}
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	rc = fks_watch_open_replay(path, &w);
	close(fd);
	if (rc < 0) {
		if (!w || !fks_watch_error(w))
			abort();
		fks_watch_free(w);
		return;
	}
	/* marks on pids a record may name, to spread over its tasks */
	fks_watch_mark(w, 1, 1);
	fks_watch_mark(w, 100, 2);
	max = size ? 1 + data[size - 1] % 16 : 16;
	for (;;) {
		rc = fks_watch_next(w, items, max, 0, &n);
		if (rc < 0)
			break;
		if (n == 0 || n > max)
			abort();
		for (i = 0; i < n; i++)
			if (!memchr(items[i].task.comm, '\0',
				    sizeof items[i].task.comm) ||
			    !memchr(items[i].ev.comm, '\0',
				    sizeof items[i].ev.comm))
				abort();
		/* each call hands out at least one record */
		if (++calls > size)
			abort();
	}
	if (rc != -ENODATA && rc != -EBADMSG)
		abort();
	if (rc == -EBADMSG && (!fks_watch_error(w) ||
			       strncmp(fks_watch_error(w), "record ", 7) != 0))
		abort();
	fks_watch_each(w, each_task, NULL);
	fks_watch_free(w);
}

/* Where the records start: after the header, or at the first byte. */
static size_t
records_at(const unsigned char *data, size_t size)
{
	const unsigned char *end = memmem(data, size, "\n\n", 2);

	if (end && size >= 9 && memcmp(data, "FKSREC 1\n", 9) == 0)
		return (size_t)(end + 2 - data);
	return 0;
}

static uint32_t
fnv1a(const unsigned char *p, size_t n)
{
	uint32_t h = 2166136261u;

	while (n--)
		h = (h ^ *p++) * 16777619u;
	return h;
}

/* Sets every whole record's checksum to its body's; true if one
 * changed. */
static bool
fix_checksums(unsigned char *p, size_t size)
{
	size_t at = records_at(p, size), len;
	bool changed = false;
	uint32_t h;

	while (size - at >= 8) {
		len = (size_t)p[at] | (size_t)p[at + 1] << 8 |
		      (size_t)p[at + 2] << 16 | (size_t)p[at + 3] << 24;
		if (len > size - at - 8)
			break;
		h = fnv1a(p + at + 4, len);
		if (memcmp(p + at + 4 + len, &h, 4) != 0) {
			memcpy(p + at + 4 + len, &h, 4);  /* little-endian */
			changed = true;
		}
		at += len + 8;
	}
	return changed;
}

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	unsigned char *fixed;
	size_t at = records_at(data, size);

	decode_all(data + at, size - at);
	replay(data, size);
	fixed = malloc(size ? size : 1);
	if (!fixed)
		return 0;
	memcpy(fixed, data, size);
	if (fix_checksums(fixed, size)) {
		decode_all(fixed + at, size - at);
		replay(fixed, size);
	}
	free(fixed);
	return 0;
}
