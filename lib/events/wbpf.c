/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * wbpf.c - the BPF source of the event stream: loads the event program
 * (bpf/events.bpf.c) through its light skeleton, which bpftool generates
 * (bpf/events.lskel.h: the kernel itself relocates the program for its
 * own types; no libbpf is linked), and reads the records the program
 * writes into its BPF ring buffer, decoded by bpf-events.c.
 *
 * The ring buffer is read as Documentation/bpf/ringbuf.rst lays it out:
 * the map's fd is mapped as a consumer page (ours to write: how far we
 * have read), then the producer page (how far the kernel has written) and
 * the data, mapped twice in a row so that a record that wraps around the
 * end reads in one piece.  Each record has an 8-byte header: its length,
 * with a bit set while it is being written and one when it was dropped.
 * A batch is decoded and its strings copied out, and only then the
 * consumer position moves on: the kernel may reuse the space at once, and
 * it wakes a reader only when that reader has caught up.
 *
 * Reservations the program could not make (the ring was full) are
 * counted per CPU in its `lost` map; after each batch the counts are read
 * and a growth is reported as an FKS_EV_LOST event, upon which wproc.c
 * reads /proc again, as it does for the connector's losses.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "events/bpf-events.h"
#include "events/watch.h"
#include "events/wbatch.h"
#include "events/wbpf.h"
#include "events/wproc.h"
#include "source/bpf-source.h"

#if HAVE_BPF

#include <fcntl.h>
#include <linux/bpf.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "bpf/events.lskel.h"

#define CPUS_POSSIBLE "/sys/devices/system/cpu/possible"
/* In a busy period (records read within BUSY_NS), a wait first sleeps
 * COALESCE_MS: see bpf_fill(). */
#define COALESCE_MS 5
#define BUSY_NS 50000000ULL
#define MAX_CPUS 65536		/* a bound for a malformed list */
/* The verifier's log when a load is refused and tried again to say why. */
#define VERIFIER_LOG_SIZE (1u << 20)

struct wbpf {
	struct events_bpf *skel;
	int ring_fd, lost_fd;
	size_t page;			/* the page size */
	size_t size;			/* the data's bytes: a power of 2 */
	unsigned long *consumer;	/* the consumer page, ours to write */
	unsigned char *producer;	/* the producer page, then the data */
	unsigned ncpus;			/* the per-CPU values of `lost` */
	uint64_t *lost_cpu;		/* as read last */
	uint64_t *lost_buf;		/* room for a read */
	unsigned long long lost;	/* in all */
	uint64_t busy_until_ns;		/* records came lately */
};

/* The number of CPUs in a list such as "0-3,5,7-8\n"; 0 when malformed. */
static unsigned
count_cpus(const char *s)
{
	unsigned long a, b, n = 0;
	char *end;

	while (*s && *s != '\n') {
		a = b = strtoul(s, &end, 10);
		if (end == s)
			return 0;
		s = end;
		if (*s == '-') {
			b = strtoul(s + 1, &end, 10);
			if (end == s + 1 || b < a)
				return 0;
			s = end;
		}
		n += b - a + 1;
		if (n > MAX_CPUS)
			return 0;
		if (*s == ',')
			s++;
		else if (*s && *s != '\n')
			return 0;
	}
	return (unsigned)n;
}

static unsigned
possible_cpus(void)
{
	char buf[256];
	ssize_t n;
	int fd = open(CPUS_POSSIBLE, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	return count_cpus(buf);
}

/* The ring's data size: the map's max_entries. */
static int
ring_size(int fd, size_t *size)
{
	struct bpf_map_info info;
	union bpf_attr attr;

	memset(&info, 0, sizeof info);
	memset(&attr, 0, sizeof attr);
	attr.info.bpf_fd = (uint32_t)fd;
	attr.info.info_len = sizeof info;
	attr.info.info = (uint64_t)(uintptr_t)&info;
	if (syscall(SYS_bpf, BPF_OBJ_GET_INFO_BY_FD, &attr, sizeof attr) < 0)
		return -errno;
	*size = info.max_entries;
	return 0;
}

static void
wbpf_close(struct wbpf *b)
{
	if (b->consumer && b->consumer != MAP_FAILED)
		munmap(b->consumer, b->page);
	if (b->producer && b->producer != MAP_FAILED)
		munmap(b->producer, b->page + 2 * b->size);
	events_bpf__destroy(b->skel);
	free(b->lost_cpu);
	free(b->lost_buf);
	free(b);
}

/*
 * Loads the program; a load the kernel refuses is tried once more with
 * the verifier's log, for its last line in why.
 */
static int
load(struct wbpf *b, char *why, size_t len)
{
	char *log;
	int rc;

	b->skel = events_bpf__open();
	if (!b->skel)
		return -ENOMEM;
	if (events_bpf__load(b->skel) == 0)
		return 0;
	rc = -errno;
	snprintf(why, len, "the BPF event program did not load: %s",
		 strerror(-rc));
	events_bpf__destroy(b->skel);
	b->skel = events_bpf__open();
	log = calloc(1, VERIFIER_LOG_SIZE);
	if (!b->skel || !log) {
		free(log);
		return rc;
	}
	b->skel->ctx.log_level = 1;
	b->skel->ctx.log_size = VERIFIER_LOG_SIZE;
	b->skel->ctx.log_buf = (uint64_t)(uintptr_t)log;
	if (events_bpf__load(b->skel) < 0 && log[0])
		snprintf(why, len, "the BPF event program did not load: %s "
			 "(the verifier: %.120s)", strerror(-rc),
			 bpf_log_last_words(log));
	free(log);
	return rc;
}

static int bpf_fill(struct fks_watch *w, struct fks_event *ev, size_t max,
		    int timeout_ms, bool fresh, size_t *n);
static int bpf_fd(const struct fks_watch *w);
static unsigned long long bpf_lost(const struct fks_watch *w);
static int bpf_follow(struct fks_watch *w, const struct fks_watch_item *it);
static void bpf_free(struct fks_watch *w);

static const struct watch_source bpf_source = {
	.name = "bpf",
	.fill = bpf_fill,
	.fd = bpf_fd,
	.lost = bpf_lost,
	.follow = bpf_follow,
	.follows = FKS_EV_BIT(FKS_EV_EXIT) | FKS_EV_BIT(FKS_EV_LOST),
	.free = bpf_free,
};

int
wbpf_open(struct fks_watch *w, char *why, size_t len)
{
	struct wbpf *b;
	int rc;

	rc = bpf_may_load(w->root, why, len);
	if (rc < 0)
		return rc;
	b = calloc(1, sizeof *b);
	if (!b)
		return -ENOMEM;
	b->page = (size_t)sysconf(_SC_PAGESIZE);
	b->ncpus = possible_cpus();
	if (!b->ncpus) {
		snprintf(why, len, "cannot count the possible CPUs (%s)",
			 CPUS_POSSIBLE);
		free(b);
		return -EOPNOTSUPP;
	}
	b->lost_cpu = calloc(b->ncpus, sizeof *b->lost_cpu);
	b->lost_buf = calloc(b->ncpus, sizeof *b->lost_buf);
	if (!b->lost_cpu || !b->lost_buf) {
		wbpf_close(b);
		return -ENOMEM;
	}
	rc = load(b, why, len);
	if (rc == 0 && events_bpf__attach(b->skel) < 0) {
		rc = -errno;
		snprintf(why, len, "the BPF event program did not attach: %s",
			 strerror(-rc));
	}
	if (rc < 0) {
		wbpf_close(b);
		return rc == -EACCES ? -EPERM : rc;
	}
	b->ring_fd = b->skel->maps.ring.map_fd;
	b->lost_fd = b->skel->maps.lost.map_fd;
	rc = ring_size(b->ring_fd, &b->size);
	if (rc == 0) {
		b->consumer = mmap(NULL, b->page, PROT_READ | PROT_WRITE,
				   MAP_SHARED, b->ring_fd, 0);
		b->producer = mmap(NULL, b->page + 2 * b->size, PROT_READ,
				   MAP_SHARED, b->ring_fd, (off_t)b->page);
		if (b->consumer == MAP_FAILED || b->producer == MAP_FAILED)
			rc = -errno;
	}
	if (rc < 0) {
		snprintf(why, len, "cannot map the BPF ring buffer: %s",
			 strerror(-rc));
		wbpf_close(b);
		return rc;
	}
	w->ops = &bpf_source;
	w->src = b;
	return 0;
}

static void
bpf_free(struct fks_watch *w)
{
	wbpf_close(w->src);
}

static int
bpf_fd(const struct fks_watch *w)
{
	const struct wbpf *b = w->src;

	return b->ring_fd;
}

static unsigned long long
bpf_lost(const struct fks_watch *w)
{
	const struct wbpf *b = w->src;

	return b->lost;
}

/* After an exit, where its orphans went; after a loss, the tasks: read
 * from /proc (wproc.c).  An exec's name comes in its records. */
static int
bpf_follow(struct fks_watch *w, const struct fks_watch_item *it)
{
	switch (it->ev.type) {
	case FKS_EV_EXIT:
		/* told before the kernel hands the children on */
		return wproc_orphans(w, &it->ev, true);
	case FKS_EV_LOST:
		return wproc_resync(w);
	default:
		return 0;
	}
}

/* An exec's strings are copied out of the ring, kept with the batch. */
static int
copy_strings(struct fks_watch *w, struct fks_event *ev)
{
	size_t plen = ev[0].path ? ev[0].path_len : 0;
	size_t clen = ev[1].cmdline ? ev[1].cmdline_len : 0;
	char *buf;

	if (!plen && !clen)
		return 0;
	buf = malloc(plen + clen);
	if (!buf)
		return -ENOMEM;
	if (ev[0].path) {
		memcpy(buf, ev[0].path, plen);
		ev[0].path = buf;
	}
	if (ev[1].cmdline) {
		memcpy(buf + plen, ev[1].cmdline, clen);
		ev[1].cmdline = buf + plen;
	}
	return watch_keep_buf(w, buf);
}

/*
 * Decodes the records written so far into ev, leaving room for a loss:
 * while a whole record's events fit.  Moves the consumer position past
 * them.  *took: some were read.
 */
static int
drain(struct fks_watch *w, struct fks_event *ev, size_t max, size_t *n,
      bool *took)
{
	struct wbpf *b = w->src;
	unsigned long cons, prod;
	const unsigned char *rec;
	uint32_t hdr, len;
	const char *why;
	int got, rc = 0;

	cons = __atomic_load_n(b->consumer, __ATOMIC_ACQUIRE);
	prod = __atomic_load_n((unsigned long *)b->producer, __ATOMIC_ACQUIRE);
	while (cons < prod && *n + BPFEV_EVENTS_MAX + 1 <= max) {
		rec = b->producer + b->page + (cons & (b->size - 1));
		hdr = __atomic_load_n((const uint32_t *)rec, __ATOMIC_ACQUIRE);
		if (hdr & BPF_RINGBUF_BUSY_BIT)
			break;	/* still being written: the rest waits */
		len = hdr & ~(uint32_t)(BPF_RINGBUF_BUSY_BIT |
					BPF_RINGBUF_DISCARD_BIT);
		if (len > b->size - BPF_RINGBUF_HDR_SZ) {
			rc = watch_fail(w, -EBADMSG, "a BPF ring buffer record "
					"of %u bytes", (unsigned)len);
			break;
		}
		if (!(hdr & BPF_RINGBUF_DISCARD_BIT)) {
			got = bpfev_decode(rec + BPF_RINGBUF_HDR_SZ, len,
					   ev + *n, &why);
			if (got < 0) {
				rc = watch_fail(w, -EBADMSG, "a record of the "
						"BPF event program: %s", why);
				break;
			}
			if (got == 2)
				rc = copy_strings(w, ev + *n);
			if (rc < 0)
				break;
			*n += (size_t)got;
		}
		cons += (len + BPF_RINGBUF_HDR_SZ + 7) & ~7ul;
		*took = true;
	}
	__atomic_store_n(b->consumer, cons, __ATOMIC_RELEASE);
	return rc;
}

/*
 * Reads the per-CPU counts of failed reservations; a growth since the
 * last read becomes an FKS_EV_LOST event (its cpu the first that lost).
 * Read after the consumer position moved: a loss needs a full ring, so
 * one that happens later leaves records for the next batch, whose read
 * of the counts finds it.
 */
static int
count_lost(struct fks_watch *w, struct fks_event *ev, size_t *n)
{
	struct wbpf *b = w->src;
	union bpf_attr attr;
	unsigned long long more = 0;
	uint32_t key = 0;
	unsigned cpu, first = 0;

	memset(&attr, 0, sizeof attr);
	attr.map_fd = (uint32_t)b->lost_fd;
	attr.key = (uint64_t)(uintptr_t)&key;
	attr.value = (uint64_t)(uintptr_t)b->lost_buf;
	if (syscall(SYS_bpf, BPF_MAP_LOOKUP_ELEM, &attr, sizeof attr) < 0)
		return watch_fail(w, -errno, "cannot read the BPF source's "
				  "count of lost events: %s", strerror(errno));
	for (cpu = 0; cpu < b->ncpus; cpu++) {
		if (b->lost_buf[cpu] > b->lost_cpu[cpu]) {
			if (!more)
				first = cpu;
			more += b->lost_buf[cpu] - b->lost_cpu[cpu];
		}
		b->lost_cpu[cpu] = b->lost_buf[cpu];
	}
	if (!more)
		return 0;
	b->lost += more;
	memset(&ev[*n], 0, sizeof ev[*n]);
	ev[*n].type = FKS_EV_LOST;
	ev[*n].time_ns = watch_now_ns();
	ev[*n].cpu = first;
	ev[*n].lost = more;
	(*n)++;
	return 0;
}

/*
 * Decodes what the ring holds (waiting up to timeout_ms when empty) into
 * at most max events; a loss becomes an FKS_EV_LOST event.
 */
static int
bpf_fill(struct fks_watch *w, struct fks_event *ev, size_t max,
	 int timeout_ms, bool fresh, size_t *n)
{
	struct wbpf *b = w->src;
	struct pollfd pfd = { b->ring_fd, POLLIN, 0 };
	bool took = false;
	int rc, nap = COALESCE_MS;

	(void)fresh;	/* its strings are kept with the batch */
	*n = 0;
	rc = drain(w, ev, max, n, &took);
	/*
	 * Caught up in a busy period: sleep a little before waiting, so that
	 * the next drain takes many records at once (the kernel wakes a
	 * reader that has caught up at its next record: in a fork storm,
	 * for nearly every one).  The records carry the names, so nothing
	 * is read late for it; the 16 MiB ring holds far more than what
	 * comes meanwhile.  The first record after a quiet time still wakes
	 * the watcher at once.
	 */
	if (rc == 0 && !took && timeout_ms != 0 &&
	    watch_now_ns() < b->busy_until_ns) {
		if (timeout_ms > 0 && timeout_ms < nap)
			nap = timeout_ms;
		if (poll(NULL, 0, nap) < 0 && errno == EINTR)
			return -EINTR;
		if (timeout_ms > 0)
			timeout_ms -= nap;
		rc = drain(w, ev, max, n, &took);
	}
	if (rc == 0 && !took && timeout_ms != 0) {
		if (poll(&pfd, 1, timeout_ms) < 0)
			return errno == EINTR ? -EINTR : -errno;
		rc = drain(w, ev, max, n, &took);
	}
	if (rc == 0 && took) {
		b->busy_until_ns = watch_now_ns() + BUSY_NS;
		rc = count_lost(w, ev, n);
	}
	return rc;
}

#else /* !HAVE_BPF */

int
wbpf_open(struct fks_watch *w, char *why, size_t len)
{
	(void)w;
	snprintf(why, len, "built without BPF support");
	return -EOPNOTSUPP;
}

#endif
