/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * wreplay.c - records on disk: writing what the stream yields
 * (fks_watch_record) and reading it back as a source (replay).
 *
 * A record file is a text header ("FKSREC 1", then key=value lines, then
 * an empty line) followed by records (record.c).  A reader that meets a
 * truncated or corrupt record hands out everything before it, then says
 * which record, at which byte, and why.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "events/tracker.h"
#include "events/watch.h"
#include "events/wbatch.h"
#include "events/wreplay.h"

/* The first line of a record file: its format and version. */
#define RECORD_MAGIC "FKSREC 1\n"

#define READ_CHUNK (256 * 1024)
#define WRITE_FLUSH (64 * 1024)
#define HEADER_MAX 4096

/* ---- reading ---- */

/* The replay source's state. */
struct wreplay {
	int fd;
	unsigned char *buf;
	size_t len, at, cap;
	unsigned long long record;	/* records decoded so far */
	unsigned long long offset;	/* file offset of buf[0] */
	bool eof;
	int error;		/* after the good records: an error */
	char why[256];		/* its message, said again with it */
};

/* Reads more of the file behind what is left in buf. */
static int
read_more(struct wreplay *r)
{
	unsigned char *grown;
	ssize_t got;

	if (r->at > 0) {
		memmove(r->buf, r->buf + r->at, r->len - r->at);
		r->offset += r->at;
		r->len -= r->at;
		r->at = 0;
	}
	/* grow only when a whole record might not fit: growing on every
	 * short read copied the whole buffer at each refill */
	if (r->cap - r->len < FKS_RECORD_MAX) {
		grown = realloc(r->buf, r->len + READ_CHUNK);
		if (!grown)
			return -ENOMEM;
		r->buf = grown;
		r->cap = r->len + READ_CHUNK;
	}
	do
		got = read(r->fd, r->buf + r->len, r->cap - r->len);
	while (got < 0 && errno == EINTR);
	if (got < 0)
		return -errno;
	if (got == 0)
		r->eof = true;
	r->len += (size_t)got;
	return 0;
}

/* Parses the header's key=value lines; the empty line ends it. */
static int
read_header(struct fks_watch *w, struct wreplay *r, const char *path)
{
	size_t magic = strlen(RECORD_MAGIC);
	char *line, *end, *eq;
	int rc;

	while (!r->eof && r->len < HEADER_MAX)
		if ((rc = read_more(r)) < 0)
			return watch_fail(w, rc, "%s: %s", path, fks_strerror(rc));
	if (r->len < magic || memcmp(r->buf, RECORD_MAGIC, magic) != 0)
		return watch_fail(w, -EINVAL, "%s: not a forkwatch record "
				  "(no \"FKSREC 1\" header)", path);
	r->at = magic;
	for (;;) {
		line = (char *)r->buf + r->at;
		end = memchr(line, '\n', r->len - r->at);
		if (!end)
			return watch_fail(w, -EINVAL, "%s: the header does not "
					  "end (no empty line in its first %d "
					  "bytes)", path, HEADER_MAX);
		r->at += (size_t)(end - line) + 1;
		if (end == line)
			return 0;
		*end = '\0';
		eq = strchr(line, '=');
		if (!eq)
			return watch_fail(w, -EINVAL, "%s: a header line "
					  "without '='", path);
		*eq = '\0';
		if (watch_header_set(w, line, eq + 1) < 0)
			return -ENOMEM;
	}
}

/* Ends the replay with rc, after the records before it: every later
 * fill returns rc, and says why again (fks_watch_next clears the message
 * of a call that succeeds). */
static int
stop(struct fks_watch *w, struct wreplay *r, int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->why, sizeof r->why, fmt, ap);
	va_end(ap);
	r->error = rc;
	return watch_fail(w, rc, "%s", r->why);
}

static int
replay_fill(struct fks_watch *w, struct fks_event *ev, size_t max,
	    int timeout_ms, bool fresh, size_t *np)
{
	struct wreplay *r = w->src;
	const char *why = NULL;
	size_t n = 0, last = 0;
	ssize_t got;
	int rc;

	(void)timeout_ms;	/* a replay never waits */
	*np = 0;
	/* reading on may move the buffer that handed-out items point into:
	 * only at the start of a batch */
	if (!fresh)
		return 0;
	if (r->error)
		return r->why[0] ? watch_fail(w, r->error, "%s", r->why)
				 : r->error;
	while (n < max) {
		got = fks_record_decode(r->buf + r->at, r->len - r->at,
					&ev[n], &why);
		if (got > 0) {
			last = (size_t)got;
			r->at += (size_t)got;
			r->record++;
			n++;
			continue;
		}
		if (got < 0) {
			stop(w, r, -EBADMSG, "record %llu (byte %llu): %s",
			     r->record + 1, r->offset + r->at, why);
			break;
		}
		/* a partial record: read on, but never under handed-out
		 * events, whose command lines point into the buffer (a lone
		 * exec points nowhere, and its NAME must join it) */
		if (n > 0 && (r->eof || n > 1 || ev[0].type != FKS_EV_EXEC ||
			      ev[0].cmdline))
			break;
		if (r->eof) {
			if (r->at < r->len)
				stop(w, r, -EBADMSG, "record %llu (byte %llu): "
				     "truncated: the file ends inside it",
				     r->record + 1, r->offset + r->at);
			else
				r->error = -ENODATA;
			break;
		}
		/* the replay ends here, after the records before it */
		if ((rc = read_more(r)) < 0) {
			stop(w, r, rc, "record %llu (byte %llu): %s",
			     r->record + 1, r->offset + r->at, strerror(-rc));
			break;
		}
	}
	/* an exec and the NAME after it come in one batch: an exec that
	 * would end this one (its record is still in the buffer: nothing was
	 * read after it) waits for the next */
	if (n > 1 && ev[n - 1].type == FKS_EV_EXEC && !r->error) {
		n--;
		r->at -= last;
		r->record--;
	}
	*np = n;
	return n > 0 ? 0 : r->error;
}

static void
replay_free(struct fks_watch *w)
{
	struct wreplay *r = w->src;

	if (r->fd >= 0)
		close(r->fd);
	free(r->buf);
	free(r);
}

static const struct watch_source replay_source = {
	.name = "replay",
	.fill = replay_fill,
	.free = replay_free,
	.recorded = true,
};

int
wreplay_open(struct fks_watch *w, const char *path)
{
	struct wreplay *r = calloc(1, sizeof *r);
	int rc;

	if (!r)
		return -ENOMEM;
	w->ops = &replay_source;
	w->src = r;
	r->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (r->fd < 0) {
		rc = -errno;
		return watch_fail(w, rc, "%s: %s", path, fks_strerror(rc));
	}
	return read_header(w, r, path);
}

/* ---- writing ---- */

static int
write_all(int fd, const unsigned char *p, size_t n)
{
	ssize_t done;

	while (n > 0) {
		done = write(fd, p, n);
		if (done < 0 && errno == EINTR)
			continue;
		if (done < 0)
			return -errno;
		p += done;
		n -= (size_t)done;
	}
	return 0;
}

int
wrecord_flush(struct fks_watch *w)
{
	int rc = write_all(w->wfd, w->wbuf, w->wlen);

	w->wlen = 0;
	return rc;
}

int
wrecord_event(struct fks_watch *w, const struct fks_event *ev)
{
	int rc;

	if (w->wlen > WRITE_FLUSH &&
	    (rc = wrecord_flush(w)) < 0)
		return rc;
	w->wlen += fks_record_encode(ev, w->wbuf + w->wlen);
	return 0;
}

/* The tasks known now, as a resync, so a replay starts from them. */
struct dump {
	struct fks_watch *w;
	int rc;
};

static void
dump_task(const struct fks_wtask *t, void *arg)
{
	struct dump *d = arg;
	struct fks_event ev;

	if (d->rc < 0)
		return;
	memset(&ev, 0, sizeof ev);
	ev.type = FKS_EV_TASK;
	ev.pid = t->pid;
	ev.tgid = t->tgid;
	ev.parent_tgid = t->ppid;
	ev.euid = t->euid;
	ev.start_ns = t->start_ns;
	ev.state = t->flags & FKS_WT_EXITED ? 'Z' : 'S';
	if (t->flags & FKS_WT_KTHREAD)
		ev.flags |= FKS_EVF_KTHREAD;
	memcpy(ev.comm, t->comm, sizeof ev.comm);
	ev.cmdline = t->cmdline;
	ev.cmdline_len = t->cmdline_len;
	d->rc = wrecord_event(d->w, &ev);
}

int
wrecord_start(struct fks_watch *w, int fd)
{
	struct dump d = { w, 0 };
	struct fks_event ev;
	size_t i;
	int rc;

	w->wbuf = malloc(WRITE_FLUSH + 2 * FKS_RECORD_MAX);
	if (!w->wbuf)
		return -ENOMEM;
	w->wfd = fd;
	w->wlen = strlen(RECORD_MAGIC);
	memcpy(w->wbuf, RECORD_MAGIC, w->wlen);
	for (i = 0; i < w->nheader; i++) {
		rc = snprintf((char *)w->wbuf + w->wlen, HEADER_MAX, "%s=%s\n",
			      w->hkeys[i], w->hvals[i]);
		if (rc < 0 || rc >= HEADER_MAX)
			return -EINVAL;
		w->wlen += (size_t)rc;
	}
	w->wbuf[w->wlen++] = '\n';
	if (w->tr.nused > 0) {
		memset(&ev, 0, sizeof ev);
		ev.type = FKS_EV_RESYNC;
		ev.lost = w->tr.nused;
		rc = wrecord_event(w, &ev);
		if (rc < 0)
			return rc;
		tracker_each(&w->tr, dump_task, &d);
		if (d.rc < 0)
			return d.rc;
	}
	return wrecord_flush(w);
}
