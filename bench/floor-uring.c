/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * floor-uring.c - the floor scanner batched through io_uring: the same
 * openat+read+close of each PID/stat as floor.c, but queued as linked
 * requests, BATCH processes per io_uring_enter(), so that a task costs no
 * syscall of its own.  It answers one question: how much of a task's cost
 * is the syscall boundary (entry, exit, page-table switch with PTI) rather
 * than procfs's own work, and so how fast any reader could get without
 * reading in parallel.
 *
 * The fd of each open goes into a registered ("direct") file slot, so the
 * linked read and close can name it before it exists (Linux >= 5.19 for
 * sparse registration; older kernels make setup fail, and it says so).
 * It speaks to the kernel through raw syscalls: liburing is not a
 * dependency of the project.  It reads processes only (no -t, no -j).
 */
#include "config.h"

#include <dirent.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "common.h"

/* Kernel headers older than 5.19 lack sparse file registration: then the
 * program builds but only says so (bench/run.sh leaves its row out). */
#if defined(__has_include)
#if __has_include(<linux/io_uring.h>)
#include <linux/io_uring.h>
#endif
#endif
#ifdef IORING_RSRC_REGISTER_SPARSE

#define BATCH 128		/* processes per io_uring_enter() */
#define STAT_BUF 1024		/* a stat line is ~300 bytes */

struct ring {
	int fd;
	unsigned *sq_head, *sq_tail, *sq_mask, *sq_array;
	unsigned *cq_head, *cq_tail, *cq_mask;
	struct io_uring_sqe *sqes;
	struct io_uring_cqe *cqes;
};

struct uring_floor {
	int procfd;
	struct ring r;
	char paths[BATCH][24];
	char bufs[BATCH][STAT_BUF];
};

static int
ring_setup(struct ring *r, unsigned entries)
{
	struct io_uring_params p = { 0 };
	struct io_uring_rsrc_register reg = {
		.nr = BATCH,
		.flags = IORING_RSRC_REGISTER_SPARSE,
	};
	size_t sq_len, cq_len;
	char *sq, *cq;

	r->fd = (int)syscall(SYS_io_uring_setup, entries, &p);
	if (r->fd < 0)
		return -errno;
	if (!(p.features & IORING_FEAT_SINGLE_MMAP))
		return -ENOSYS;
	sq_len = p.sq_off.array + p.sq_entries * sizeof(unsigned);
	cq_len = p.cq_off.cqes + p.cq_entries * sizeof(struct io_uring_cqe);
	if (cq_len > sq_len)
		sq_len = cq_len;
	sq = mmap(NULL, sq_len, PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_POPULATE, r->fd, IORING_OFF_SQ_RING);
	if (sq == MAP_FAILED)
		return -errno;
	cq = sq;
	r->sqes = mmap(NULL, p.sq_entries * sizeof(struct io_uring_sqe),
		       PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE,
		       r->fd, IORING_OFF_SQES);
	if (r->sqes == MAP_FAILED)
		return -errno;
	r->sq_head = (unsigned *)(sq + p.sq_off.head);
	r->sq_tail = (unsigned *)(sq + p.sq_off.tail);
	r->sq_mask = (unsigned *)(sq + p.sq_off.ring_mask);
	r->sq_array = (unsigned *)(sq + p.sq_off.array);
	r->cq_head = (unsigned *)(cq + p.cq_off.head);
	r->cq_tail = (unsigned *)(cq + p.cq_off.tail);
	r->cq_mask = (unsigned *)(cq + p.cq_off.ring_mask);
	r->cqes = (struct io_uring_cqe *)(cq + p.cq_off.cqes);
	/* Empty slots for the direct descriptors of the opens. */
	if (syscall(SYS_io_uring_register, r->fd, IORING_REGISTER_FILES2,
		    &reg, sizeof reg) < 0)
		return -errno;
	return 0;
}

static struct io_uring_sqe *
next_sqe(struct ring *r)
{
	unsigned tail = *r->sq_tail, i = tail & *r->sq_mask;
	struct io_uring_sqe *sqe = &r->sqes[i];

	memset(sqe, 0, sizeof *sqe);
	r->sq_array[i] = i;
	/* Published to the kernel by io_uring_enter(): release order. */
	__atomic_store_n(r->sq_tail, tail + 1, __ATOMIC_RELEASE);
	return sqe;
}

/* Queues open -> read -> close of paths[i] through file slot i. */
static void
queue_task(struct uring_floor *u, unsigned i)
{
	struct io_uring_sqe *sqe;

	sqe = next_sqe(&u->r);
	sqe->opcode = IORING_OP_OPENAT;
	sqe->fd = u->procfd;
	sqe->addr = (unsigned long)u->paths[i];
	/* No O_CLOEXEC: a direct descriptor is no fd, the kernel refuses
	 * the flag. */
	sqe->open_flags = O_RDONLY;
	sqe->file_index = i + 1;	/* slot i; 0 would mean a normal fd */
	sqe->flags = IOSQE_IO_LINK;
	sqe->user_data = 0;

	sqe = next_sqe(&u->r);
	sqe->opcode = IORING_OP_READ;
	sqe->fd = (int)i;
	sqe->addr = (unsigned long)u->bufs[i];
	sqe->len = STAT_BUF;
	/* Hard link: a short read (always, here) must not cancel the close. */
	sqe->flags = IOSQE_FIXED_FILE | IOSQE_IO_HARDLINK;
	sqe->user_data = i + 1;		/* only reads are counted */

	sqe = next_sqe(&u->r);
	sqe->opcode = IORING_OP_CLOSE;
	sqe->file_index = i + 1;
	sqe->user_data = 0;
}

/* Submits what is queued, waits for all of it; returns the reads done. */
static long
run_batch(struct uring_floor *u, unsigned nqueued, unsigned long *sum)
{
	struct ring *r = &u->r;
	struct io_uring_cqe *cqe;
	const char *buf;
	unsigned head, done = 0;
	long nread = 0;
	int rc;

	while (done < nqueued) {
		rc = (int)syscall(SYS_io_uring_enter, r->fd,
				  done == 0 ? nqueued : 0, nqueued - done,
				  IORING_ENTER_GETEVENTS, NULL, 0);
		if (rc < 0 && errno != EINTR)
			err(1, "io_uring_enter");
		head = *r->cq_head;
		while (head != __atomic_load_n(r->cq_tail, __ATOMIC_ACQUIRE)) {
			cqe = &r->cqes[head & *r->cq_mask];
			/* A vanished task fails its open; the linked read
			 * and close then complete as cancelled. */
			if (cqe->user_data && cqe->res > 0) {
				buf = u->bufs[cqe->user_data - 1];
				*sum += (unsigned long)cqe->res +
					(unsigned char)buf[cqe->res / 2];
				nread++;
			}
			head++;
			done++;
		}
		__atomic_store_n(r->cq_head, head, __ATOMIC_RELEASE);
	}
	return nread;
}

static long
round_uring(void *ctx, bool threads, unsigned long *sum)
{
	struct uring_floor *u = ctx;
	struct dirent *de;
	unsigned nb = 0;
	size_t len;
	long n = 0;
	DIR *dir;
	int fd;

	(void)threads;
	fd = openat(u->procfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || !(dir = fdopendir(fd))) {
		warn("/proc");
		return -1;
	}
	while ((de = readdir(dir)) != NULL) {
		len = strlen(de->d_name);
		if (de->d_name[0] < '1' || de->d_name[0] > '9' || len > 16)
			continue;
		memcpy(u->paths[nb], de->d_name, len);
		memcpy(u->paths[nb] + len, "/stat", sizeof "/stat");
		queue_task(u, nb);
		if (++nb == BATCH) {
			n += run_batch(u, 3 * nb, sum);
			nb = 0;
		}
	}
	if (nb)
		n += run_batch(u, 3 * nb, sum);
	closedir(dir);
	return n;
}

int
main(int argc, char **argv)
{
	struct bench_opts o = { .name = "floor-uring" };
	static struct uring_floor u;
	int rc;

	bench_parse(argc, argv, &o);
	if (o.threads)
		errx(2, "-t: not supported here");
	u.procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (u.procfd < 0)
		err(1, "/proc");
	rc = ring_setup(&u.r, 4 * BATCH);
	if (rc < 0)
		errx(1, "io_uring setup: %s", strerror(-rc));
	return bench_run(&o, round_uring, &u);
}

#else /* !IORING_RSRC_REGISTER_SPARSE */

int
main(void)
{
	errx(1, "built without io_uring sparse file registration (Linux "
	     "headers < 5.19)");
}

#endif
