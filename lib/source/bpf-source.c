/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * bpf-source.c - the BPF task source: checks that it may run, loads the
 * iterator (bpf/tasks.bpf.c, built into the light skeleton
 * bpf/tasks.lskel.h) once per root, and per table read creates one
 * iterator instance and reads every task's record in large reads.  The
 * skeleton's loader program has the kernel relocate the iterator for
 * itself (CO-RE) and load it, so nothing here reads BTF; decoding the
 * records is bpf-decode.c's job.
 *
 * The first read loads it, in the caller's thread: a loader thread
 * running beside the caller's start-up gained less than the command
 * needs to keep it (docs/BENCHMARKS.md has the figures).
 *
 * Nothing outlives the root: the program and its link are file
 * descriptors of this process, kept in this source's state in the root
 * (root->src_state) and closed by fks_root_free(); nothing is
 * pinned in bpffs.  Built without the BPF tools, the source says so and
 * the library reads /proc.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/table.h"
#include "source/bpf-decode.h"
#include "source/bpf-source.h"
#include "source/root.h"
#include "source/source.h"

/* Keeps why BPF cannot run; returns rc. */
static int
refuse(struct fks_root *root, int rc, const char *fmt, const char *arg)
{
	snprintf(root->why, sizeof root->why, fmt, arg);
	return rc;
}

#if HAVE_BPF

#include <linux/capability.h>
#include <sys/syscall.h>

#include "bpf/tasks.h"
#include "bpf/tasks.lskel.h"

#define READ_CHUNK (256 * 1024)	/* bytes asked of each read() */
#define VMLINUX_BTF "/sys/kernel/btf/vmlinux"
#define VERIFIER_LOG_SIZE (1u << 16)

/* The source's state in the root (root->src_state). */
struct bpf_src {
	struct tasks_bpf *skel;	/* the loaded program, or NULL */
	int link;		/* its iterator link */
	int error;		/* why it cannot load (0: not tried) */
	unsigned char *buf;	/* kept for the next read */
	size_t cap;
};

static bool
has_cap(const struct __user_cap_data_struct *d, int cap)
{
	return d[CAP_TO_INDEX(cap)].effective & CAP_TO_MASK(cap);
}

/* CAP_SYS_ADMIN, or (Linux 5.8 and later) CAP_BPF with CAP_PERFMON: what
 * a tracing program needs. */
static bool
permitted(void)
{
	struct __user_cap_header_struct h = {
		.version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3] = { 0 };

	if (syscall(SYS_capget, &h, d) != 0)
		return false;
	return has_cap(d, CAP_SYS_ADMIN) ||
	       (has_cap(d, CAP_BPF) && has_cap(d, CAP_PERFMON));
}

/* Whether ROOT/self/ns/NAME is the same namespace as init's. */
static bool
same_ns_as_init(struct fks_root *root, const char *name)
{
	char rel[32], a[64], b[64];
	ssize_t n, m;

	snprintf(rel, sizeof rel, "self/ns/%s", name);
	n = readlinkat(root->fd, rel, a, sizeof a);
	snprintf(rel, sizeof rel, "1/ns/%s", name);
	m = readlinkat(root->fd, rel, b, sizeof b);
	if (n < 0 || m < 0)	/* a kernel without it: the initial one */
		return true;
	return n == m && memcmp(a, b, (size_t)n) == 0;
}

/* True when the reader is in its procfs's initial pid namespace: one
 * number on the NSpid line of ROOT/self/status. */
static bool
initial_pid_ns(struct fks_root *root)
{
	char buf[4096], *line, *eol;
	size_t len;

	if (root_read(root, "self/status", buf, sizeof buf, &len) < 0)
		return false;
	line = strstr(buf, "\nNSpid:");
	if (!line)
		return true;	/* before 4.1: no pid namespaces shown */
	line += 7;
	eol = strchr(line, '\n');
	if (eol)
		*eol = '\0';
	while (*line == ' ' || *line == '\t')
		line++;
	return !strpbrk(line, " \t");
}

const char *
bpf_log_last_words(char *log)
{
	char *end = log + strlen(log), *line;

	while (end > log && end[-1] == '\n')
		*--end = '\0';
	line = strrchr(log, '\n');
	while (line && (strncmp(line + 1, "processed ", 10) == 0 ||
			strncmp(line + 1, "verification time", 17) == 0)) {
		*line = '\0';
		line = strrchr(log, '\n');
	}
	return line ? line + 1 : log;
}

/*
 * One run of the skeleton's loader: the program loaded, in *skel.  With a
 * log buffer, the kernel writes the verifier's log there (the loader
 * program's, then the iterator's, which it loads with the same buffer).
 * Returns 0 or a negative errno.
 */
static int
skel_load(struct tasks_bpf **skel, char *log, uint32_t logsize)
{
	struct tasks_bpf *s = tasks_bpf__open();
	int err;

	if (!s)
		return -ENOMEM;
	if (log) {
		log[0] = '\0';
		s->ctx.log_level = 1;
		s->ctx.log_size = logsize;
		s->ctx.log_buf = (uintptr_t)log;
	}
	err = tasks_bpf__load(s);
	if (err < 0) {
		tasks_bpf__destroy(s);
		return err;
	}
	*skel = s;
	return 0;
}

/*
 * Loads the iterator: returns 0 with *skel set, or a negative errno with
 * why set; when the kernel refused it, why holds the verifier's last
 * words (the load is run again with a log for them, as a refusal is rare
 * and the log slows the verifier).
 */
static int
load_prog(struct tasks_bpf **skel, char *why, size_t whylen)
{
	char *log;
	int err, tries;

	/* the kernel answers EAGAIN when a load meets a transient shortage
	 * (libbpf tries five times for it too) */
	for (tries = 5; tries > 0; tries--) {
		err = skel_load(skel, NULL, 0);
		if (err != -EAGAIN)
			break;
	}
	if (err == 0 || err == -ENOMEM)
		return err;
	snprintf(why, whylen, "the BPF task iterator did not load: %s",
		 strerror(-err));
	if (err != -EACCES && err != -EINVAL)
		return err;
	log = calloc(1, VERIFIER_LOG_SIZE);
	if (!log)
		return err;
	if (skel_load(skel, log, VERIFIER_LOG_SIZE) == 0) {
		/* it loaded this time after all */
		free(log);
		return 0;
	}
	if (log[0])
		snprintf(why, whylen, "the verifier refused the BPF task "
			 "iterator: %s", bpf_log_last_words(log));
	free(log);
	return err;
}

int
bpf_may_load(struct fks_root *root, char *why, size_t len)
{
	const char *no = NULL;
	int rc = -EOPNOTSUPP;

	if (!permitted()) {
		no = "not permitted: needs root or CAP_BPF and CAP_PERFMON";
		rc = -EPERM;
	} else if (access(VMLINUX_BTF, R_OK) != 0) {
		no = "no kernel BTF (" VMLINUX_BTF ")";
	} else if (!initial_pid_ns(root) || !same_ns_as_init(root, "time")) {
		/* the programs see numbers and times of the initial
		 * namespaces */
		no = "not in the initial pid and time namespaces";
	}
	if (!no)
		return 0;
	snprintf(why, len, "%s", no);
	return rc;
}

/* Loads and attaches the iterator into b, or says why it cannot run. */
static int
try_load(struct fks_root *root, struct bpf_src *b)
{
	struct tasks_bpf *skel;
	int err, link;

	err = bpf_may_load(root, root->why, sizeof root->why);
	if (err < 0)
		return err;
	err = load_prog(&skel, root->why, sizeof root->why);
	if (err < 0)
		return err == -EACCES ? -EPERM : err;
	/* not tasks_bpf__attach(), which keeps only a link fd above 0: with
	 * stdin closed the link is fd 0, and destroying would leak it */
	link = skel_link_create(skel->progs.fks_tasks.prog_fd, 0,
				BPF_TRACE_ITER);
	if (link < 0) {
		err = -errno;
		snprintf(root->why, sizeof root->why, "the BPF task iterator "
			 "did not attach: %s", strerror(-err));
		tasks_bpf__destroy(skel);
		return err == -EACCES ? -EPERM : err;
	}
	b->skel = skel;
	b->link = link;
	return 0;
}

/* Loaded by the first read (try_load()), or refused for good: a
 * failure but for lack of memory is kept, as it would fail later too. */
static int
bpf_open(struct fks_root *root, void **state)
{
	struct bpf_src *b = *state;
	int rc;

	if (!b && !(b = *state = calloc(1, sizeof *b)))
		return -ENOMEM;
	if (b->skel)
		return 0;
	if (b->error)
		return b->error;
	rc = try_load(root, b);
	if (rc < 0 && rc != -ENOMEM)
		b->error = rc;
	return rc;
}

/* Reads one pass of the iterator into b->buf; returns its length or a
 * negative errno. */
static ssize_t
read_records(struct bpf_src *b, long long tasks)
{
	union bpf_attr attr;
	size_t len = 0, want;
	unsigned char *grown;
	ssize_t n;
	int fd;

	/* room for the tasks the system has and some born meanwhile, in
	 * one allocation: growing a buffer of megabytes copies it */
	want = tasks > 0 ? ((size_t)tasks + (size_t)tasks / 8 + 64) *
			   sizeof(struct fks_bpf_rec) : 0;
	if (b->cap < want) {
		free(b->buf);
		b->buf = malloc(want);
		b->cap = b->buf ? want : 0;
	}

	memset(&attr, 0, sizeof attr);
	attr.iter_create.link_fd = (uint32_t)b->link;
	fd = skel_sys_bpf(BPF_ITER_CREATE, &attr, sizeof attr);
	if (fd < 0)
		return -errno;
	for (;;) {
		if (b->cap - len < READ_CHUNK) {
			grown = realloc(b->buf, b->cap * 2 + READ_CHUNK);
			if (!grown) {
				close(fd);
				return -ENOMEM;
			}
			b->buf = grown;
			b->cap = b->cap * 2 + READ_CHUNK;
		}
		n = read(fd, b->buf + len, b->cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			n = -errno;
			close(fd);
			return n;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	return (ssize_t)len;
}

/* One pass of the iterator, decoded straight into tbl (empty until now),
 * with room for the processes read.c may add from /proc. */
static int
bpf_read(struct fks_root *root, void *state, unsigned fields, unsigned flags,
	 const struct task_count *before, struct fks_table *tbl)
{
	struct bpf_src *b = state;
	const char *why = NULL;
	size_t nrec;
	ssize_t len;
	int rc;

	(void)fields;	/* it gives stat and the owner, whatever is asked */
	len = read_records(b, before->tasks);
	if (len < 0)
		return refuse(root, (int)len, "reading the BPF task iterator "
			      "failed: %s", strerror((int)-len));
	nrec = (size_t)len / sizeof(struct fks_bpf_rec);
	if (table_reserve(tbl, nrec + 64) < 0)
		return -ENOMEM;
	rc = bpf_decode(b->buf, (size_t)len,
			flags & FKS_READ_THREADS, root->page_size, tbl->tasks,
			&tbl->strings,
			&tbl->ntasks, &why);
	if (rc == -EBADMSG)
		return refuse(root, rc, "the BPF task iterator gave %s", why);
	return rc;
}

static void
bpf_close(void *state)
{
	struct bpf_src *b = state;

	if (!b)
		return;
	if (b->skel) {
		close(b->link);
		tasks_bpf__destroy(b->skel);
	}
	free(b->buf);
	free(b);
}

#else /* !HAVE_BPF */

static int
bpf_open(struct fks_root *root, void **state)
{
	(void)state;
	return refuse(root, -EOPNOTSUPP, "%s", "built without BPF support "
		      "(configure --enable-bpf needs clang, bpftool and "
		      "libbpf's headers)");
}

static int
bpf_read(struct fks_root *root, void *state, unsigned fields, unsigned flags,
	 const struct task_count *before, struct fks_table *tbl)
{
	(void)state;
	(void)fields;
	(void)flags;
	(void)before;
	(void)tbl;
	return bpf_open(root, NULL);
}

static void
bpf_close(void *state)
{
	(void)state;
}

#endif

const struct task_source bpf_source = {
	.id = FKS_SOURCE_BPF,
	/* stat and the owner, and what read.c adds from /proc; no
	 * priority, policy or processor (of stat's sizes: FKS_F_VSIZE) */
	.gives = ~(unsigned)FKS_F_SCHED,
	.lacks = "BPF gives no priority, policy or processor",
	.open = bpf_open,
	.read = bpf_read,
	.close = bpf_close,
	.partial = true,
};
