/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * bpf-source.c - the BPF task source: checks that it may run, loads the
 * iterator (bpf/tasks.bpf.c, embedded as its ELF object) once per root,
 * and per table read creates one iterator instance and reads every task's
 * record in large reads.  Relocating the program for this kernel is
 * bpf-core.c's job, decoding the records bpf-decode.c's; the bpf() system
 * calls are made here, directly (bpf-core.c says why not with libbpf).
 *
 * Loading takes a few milliseconds (most of it walking the kernel's BTF),
 * as long as a one-shot command's own start-up and more: so it starts in
 * a thread of its own when the caller picks a source that may be BPF, and
 * the first read waits for it.
 *
 * Nothing outlives the root: the program and its link are file
 * descriptors of this process, closed by fks_root_free(); nothing is
 * pinned in bpffs.  Built without clang, the source says so and the
 * library reads /proc.
 */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

static void bpf_source_start(struct fks_root *root);
static int bpf_source_wait(struct fks_root *root);

int
fks_root_set_source(struct fks_root *root, enum fks_source source)
{
	if (source != FKS_SOURCE_AUTO && source != FKS_SOURCE_PROC &&
	    source != FKS_SOURCE_BPF)
		return -EINVAL;
	root->source = source;
	if (source != FKS_SOURCE_PROC && !root->snapshot)
		bpf_source_start(root);
	else	/* a load begun for AUTO must not outlive the choice */
		(void)bpf_source_wait(root);
	return 0;
}

enum fks_source
fks_root_source_used(const struct fks_root *root)
{
	return root->used;
}

const char *
fks_root_source_why(const struct fks_root *root)
{
	return root->why[0] ? root->why : NULL;
}

size_t
fks_root_bpf_missed(const struct fks_root *root)
{
	return root->used == FKS_SOURCE_BPF ? root->bpf_missed : 0;
}

/* Keeps why BPF cannot run; returns rc. */
static int
refuse(struct fks_root *root, int rc, const char *fmt, const char *arg)
{
	snprintf(root->why, sizeof root->why, fmt, arg);
	return rc;
}

#if HAVE_BPF

#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/capability.h>
#include <pthread.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "bpf/tasks.h"

#define READ_CHUNK (256 * 1024)	/* bytes asked of each read() */
#define VMLINUX_BTF "/sys/kernel/btf/vmlinux"
#define ATTACH_TARGET "bpf_iter_task"	/* SEC("iter/task") */

/* The program, an ELF object (lib/bpf/tasks.bpf.o) as bytes. */
static const unsigned char tasks_obj[] __attribute__((aligned(8))) = {
#include "bpf/tasks.bpf.inc"
};

struct bpf_src {
	int prog, link;		/* file descriptors */
	unsigned char *buf;	/* kept for the next read */
	size_t cap;
};

/* A load running in a thread: it sets root->bpf, or root->why and
 * root->bpf_error, nothing else of the root, and uses only root->fd. */
struct bpf_loader {
	pthread_t thread;
	pid_t pid;		/* the process that started it */
	struct fks_root *root;
	int rc;			/* load()'s */
};

static int
sys_bpf(int cmd, union bpf_attr *attr)
{
	return (int)syscall(SYS_bpf, cmd, attr, sizeof *attr);
}

static bool
has_cap(const struct __user_cap_data_struct *d, int cap)
{
	return d[cap / 32].effective & (1u << (cap % 32));
}

/* CAP_SYS_ADMIN, or CAP_BPF with CAP_PERFMON: what a tracing program
 * needs. */
static bool
permitted(void)
{
	struct __user_cap_header_struct h = {
		.version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct d[2] = { 0 };

	if (syscall(SYS_capget, &h, d) != 0)
		return false;
	return has_cap(d, 21) || (has_cap(d, 39) && has_cap(d, 38));
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

/*
 * The kernel's BTF: mapped where the kernel allows it (6.16 and later),
 * else read whole.  Sets *mapped to tell btf_unmap which.  NULL with errno
 * set on failure.
 */
static void *
btf_map(size_t *len, bool *mapped)
{
	struct stat st;
	unsigned char *p, *grown;
	size_t cap, have = 0;
	ssize_t n;
	int fd;

	fd = open(VMLINUX_BTF, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) == 0 && st.st_size > 0) {
		p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE,
			 fd, 0);
		if (p != MAP_FAILED) {
			close(fd);
			*len = (size_t)st.st_size;
			*mapped = true;
			return p;
		}
	}
	/* sysfs gives a page a read: one large buffer, many reads */
	cap = st.st_size > 0 ? (size_t)st.st_size + 1 : 8u << 20;
	p = malloc(cap);
	while (p) {
		n = read(fd, p + have, cap - have);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		have += (size_t)n;
		if (have == cap) {
			grown = realloc(p, cap * 2);
			if (!grown)
				break;
			p = grown;
			cap *= 2;
		}
	}
	close(fd);
	if (!p || n != 0) {
		free(p);
		if (!errno)
			errno = ENOMEM;
		return NULL;
	}
	*len = have;
	*mapped = false;
	return p;
}

static void
btf_unmap(void *p, size_t len, bool mapped)
{
	if (mapped)
		munmap(p, len);
	else
		free(p);
}

/* The verifier's last words, for -v, when it refused the program. */
static void
verifier_says(union bpf_attr *attr, char *why, size_t whylen)
{
	size_t size = 1u << 16;
	char *log = calloc(1, size), *end, *line;

	if (!log)
		return;
	attr->log_level = 1;
	attr->log_buf = (uintptr_t)log;
	attr->log_size = (uint32_t)size;
	if (sys_bpf(BPF_PROG_LOAD, attr) < 0 && log[0]) {
		/* the last line that is not a statistic */
		end = log + strlen(log);
		while (end > log && end[-1] == '\n')
			*--end = '\0';
		line = strrchr(log, '\n');
		while (line && (strncmp(line + 1, "processed ", 10) == 0 ||
				strncmp(line + 1, "verification time", 17)
				== 0)) {
			*line = '\0';
			line = strrchr(log, '\n');
		}
		snprintf(why, whylen, "the verifier refused the BPF task "
			 "iterator: %s", line ? line + 1 : log);
	}
	free(log);
}

/*
 * Relocates the program for this kernel's BTF and loads it: returns its
 * file descriptor, or a negative errno with why set.
 */
static int
load_prog(char *why, size_t whylen)
{
	const char *msg;
	size_t len;
	int fd, err, tries;
	union bpf_attr attr;
	struct bpf_image img;
	struct btf kernel;
	bool mapped;
	void *raw;

	raw = btf_map(&len, &mapped);
	if (!raw) {
		err = -errno;
		snprintf(why, whylen, "%s: %s", VMLINUX_BTF, strerror(-err));
		return err;
	}
	err = btf_parse(&kernel, raw, len, &msg);
	if (err < 0) {
		snprintf(why, whylen, "%s: %s", VMLINUX_BTF,
			 err == -ENOMEM ? "out of memory" : msg);
		btf_unmap(raw, len, mapped);
		return err;
	}
	err = bpf_core_prepare(tasks_obj, sizeof tasks_obj, "iter/task",
			       ATTACH_TARGET, &kernel, &img, why, whylen);
	btf_free(&kernel);
	btf_unmap(raw, len, mapped);
	if (err < 0)
		return err;
	memset(&attr, 0, sizeof attr);
	attr.prog_type = BPF_PROG_TYPE_TRACING;
	attr.expected_attach_type = BPF_TRACE_ITER;
	attr.attach_btf_id = img.attach_btf_id;
	attr.insns = (uintptr_t)img.insns;
	attr.insn_cnt = (uint32_t)img.n;
	attr.license = (uintptr_t)img.license;
	memcpy(attr.prog_name, "fks_tasks", sizeof "fks_tasks");
	/* the kernel answers EAGAIN when a load meets a transient shortage
	 * (libbpf tries five times for it too) */
	for (tries = 5; tries > 0; tries--) {
		fd = sys_bpf(BPF_PROG_LOAD, &attr);
		if (fd >= 0 || errno != EAGAIN)
			break;
	}
	if (fd < 0) {
		err = -errno;
		snprintf(why, whylen, "the BPF task iterator did not load: %s",
			 strerror(-err));
		if (err == -EACCES || err == -EINVAL)
			verifier_says(&attr, why, whylen);
	}
	bpf_image_free(&img);
	return fd < 0 ? err : fd;
}

/* Loads and attaches the iterator, or says why it cannot run. */
static int
try_load(struct fks_root *root)
{
	union bpf_attr attr;
	struct bpf_src *b;
	int prog, link;

	if (!permitted())
		return refuse(root, -EPERM, "not permitted: %s",
			      "needs root or CAP_BPF and CAP_PERFMON");
	if (access(VMLINUX_BTF, R_OK) != 0)
		return refuse(root, -EOPNOTSUPP, "%s", "no kernel BTF "
			      "(" VMLINUX_BTF ")");
	/* the program reads numbers and times of the initial namespaces */
	if (!initial_pid_ns(root) || !same_ns_as_init(root, "time"))
		return refuse(root, -EOPNOTSUPP, "%s",
			      "not in the initial pid and time namespaces");
	prog = load_prog(root->why, sizeof root->why);
	if (prog < 0)
		return prog == -EACCES ? -EPERM : prog;
	memset(&attr, 0, sizeof attr);
	attr.link_create.prog_fd = (uint32_t)prog;
	attr.link_create.attach_type = BPF_TRACE_ITER;
	link = sys_bpf(BPF_LINK_CREATE, &attr);
	b = link < 0 ? NULL : calloc(1, sizeof *b);
	if (!b) {
		int err = link < 0 ? -errno : -ENOMEM;

		snprintf(root->why, sizeof root->why, "the BPF task iterator "
			 "did not attach: %s", strerror(-err));
		if (link >= 0)
			close(link);
		close(prog);
		return err == -EACCES ? -EPERM : err;
	}
	b->prog = prog;
	b->link = link;
	root->bpf = b;
	return 0;
}

/* try_load(), keeping a failure but for lack of memory: it will not run
 * later either, and is not tried again. */
static int
load(struct fks_root *root)
{
	int rc = try_load(root);

	if (rc < 0 && rc != -ENOMEM)
		root->bpf_error = rc;
	return rc;
}

static void *
loader_main(void *arg)
{
	struct bpf_loader *l = arg;

	l->rc = load(l->root);
	return NULL;
}

/* Starts loading the iterator in a thread, with every signal blocked
 * there (the caller's handlers run in the caller's threads).  Where no
 * thread can be started, the first read loads it. */
static void
bpf_source_start(struct fks_root *root)
{
	struct bpf_loader *l;
	sigset_t all, old;

	if (root->bpf_loader || root->bpf || root->bpf_error)
		return;
	l = malloc(sizeof *l);
	if (!l)
		return;
	l->root = root;
	l->pid = getpid();
	l->rc = -EAGAIN;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	if (pthread_create(&l->thread, NULL, loader_main, l) == 0)
		root->bpf_loader = l;
	else
		free(l);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

/*
 * Waits for the loader thread, if one was started.  Returns load()'s
 * result, or 1 where there is nothing to wait for: none was started, or
 * this is a child forked while it ran, where the thread does not exist
 * (the child then loads the program itself).
 */
static int
bpf_source_wait(struct fks_root *root)
{
	struct bpf_loader *l = root->bpf_loader;
	int rc = 1;

	if (!l)
		return 1;
	root->bpf_loader = NULL;
	if (l->pid == getpid()) {
		pthread_join(l->thread, NULL);
		rc = l->rc;
	} else {
		/* a child forked while the thread ran: fork copies the file
		 * table before the memory, so what the thread wrote in
		 * between names descriptors this child does not have (its
		 * read failed with EBADF): forget it and load anew (the
		 * copies it may have stay open) */
		root->bpf = NULL;
		root->bpf_error = 0;
		root->why[0] = '\0';
	}
	free(l);
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
		big_free(b->buf, b->cap);
		b->buf = big_alloc(want);
		b->cap = b->buf ? want : 0;
	}

	memset(&attr, 0, sizeof attr);
	attr.iter_create.link_fd = (uint32_t)b->link;
	fd = sys_bpf(BPF_ITER_CREATE, &attr);
	if (fd < 0)
		return -errno;
	for (;;) {
		if (b->cap - len < READ_CHUNK) {
			grown = big_realloc(b->buf, b->cap,
					    b->cap * 2 + READ_CHUNK);
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

int
bpf_table_read(struct fks_root *root, unsigned fields, unsigned flags,
	       struct fks_table *tbl)
{
	const char *why = NULL;
	size_t nrec;
	ssize_t len;
	struct task_count before;
	int rc;

	rc = bpf_source_wait(root);
	if (rc > 0)	/* nothing loading: loaded or refused before, or now */
		rc = root->bpf ? 0 : root->bpf_error ? root->bpf_error :
		     load(root);
	if (rc < 0)
		return rc;
	/* the kernel's counts before the pass: the buffer's size, and
	 * what read_missing checks the pass against */
	read_task_count(root, &before);
	len = read_records(root->bpf, before.tasks);
	if (len < 0)
		return refuse(root, (int)len, "reading the BPF task iterator "
			      "failed: %s", strerror((int)-len));
	/* decoded straight into the table (empty until now), with room
	 * for the processes read_missing may add from /proc */
	nrec = (size_t)len / sizeof(struct fks_bpf_rec);
	if (table_reserve(tbl, nrec + 64) < 0)
		return -ENOMEM;
	rc = bpf_decode(root->bpf->buf, (size_t)len,
			flags & FKS_READ_THREADS, tbl->tasks, &tbl->strings,
			&tbl->ntasks, &why);
	if (rc == -EBADMSG)
		return refuse(root, rc, "the BPF task iterator gave %s", why);
	if (rc < 0)
		return rc;
	rc = read_extras(tbl, fields, flags);
	if (rc == 0)
		rc = read_missing(tbl, fields, flags, &before);
	if (rc >= 0) {
		root->bpf_missed = (size_t)rc;
		rc = 0;
	}
	return rc;
}

void
bpf_source_free(struct fks_root *root)
{
	struct bpf_src *b;

	(void)bpf_source_wait(root);
	b = root->bpf;
	if (!b)
		return;
	close(b->link);
	close(b->prog);
	big_free(b->buf, b->cap);
	free(b);
	root->bpf = NULL;
}

#else /* !HAVE_BPF */

static void
bpf_source_start(struct fks_root *root)
{
	(void)root;
}

static int
bpf_source_wait(struct fks_root *root)
{
	(void)root;
	return 1;
}

int
bpf_table_read(struct fks_root *root, unsigned fields, unsigned flags,
	       struct fks_table *tbl)
{
	(void)fields;
	(void)flags;
	(void)tbl;
	return refuse(root, -EOPNOTSUPP, "%s", "built without BPF support "
		      "(configure --enable-bpf needs clang and libbpf's "
		      "headers)");
}

void
bpf_source_free(struct fks_root *root)
{
	(void)root;
}

#endif
