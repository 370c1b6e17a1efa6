/*
 * bpf-source.c - the BPF task source: checks that it may run, loads the
 * iterator (bpf/tasks.bpf.c, embedded as a bpftool skeleton) once per
 * root, and per table read creates one iterator instance and reads every
 * task's record in large reads.  Decoding the records is bpf-decode.c's
 * job.
 *
 * Nothing outlives the root: the program and its link are file
 * descriptors of this process, closed by fks_root_free(); nothing is
 * pinned in bpffs.  Built without libbpf, the source says so and the
 * library reads /proc.
 */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

int
fks_root_set_source(struct fks_root *root, enum fks_source source)
{
	if (source != FKS_SOURCE_AUTO && source != FKS_SOURCE_PROC &&
	    source != FKS_SOURCE_BPF)
		return -EINVAL;
	root->source = source;
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

#include <linux/capability.h>
#include <sys/syscall.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "bpf/tasks.skel.h"

#define READ_CHUNK (256 * 1024)	/* bytes asked of each read() */

struct bpf_src {
	struct fks_tasks *skel;
	struct bpf_link *link;
	unsigned char *buf;	/* kept for the next read */
	size_t cap;
};

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

static int
quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	(void)fmt;
	(void)ap;
	return 0;
}

/* Loads and attaches the iterator, or says why it cannot run. */
static int
load(struct fks_root *root)
{
	libbpf_print_fn_t old;
	struct bpf_src *b;
	int rc;

	if (!permitted())
		return refuse(root, -EPERM, "not permitted: %s",
			      "needs root or CAP_BPF and CAP_PERFMON");
	if (access("/sys/kernel/btf/vmlinux", R_OK) != 0)
		return refuse(root, -EOPNOTSUPP, "%s", "no kernel BTF "
			      "(/sys/kernel/btf/vmlinux)");
	/* the program reads numbers and times of the initial namespaces */
	if (!initial_pid_ns(root) || !same_ns_as_init(root, "time"))
		return refuse(root, -EOPNOTSUPP, "%s",
			      "not in the initial pid and time namespaces");
	b = calloc(1, sizeof *b);
	if (!b)
		return -ENOMEM;
	/* the library never prints: libbpf's messages are dropped while
	 * it loads (the error says what failed) */
	old = libbpf_set_print(quiet);
	b->skel = fks_tasks__open_and_load();
	rc = b->skel ? 0 : -(errno ? errno : EINVAL);
	if (rc == 0) {
		b->link = bpf_program__attach_iter(b->skel->progs.fks_tasks,
						   NULL);
		rc = b->link ? 0 : -(errno ? errno : EINVAL);
	}
	libbpf_set_print(old);
	if (rc < 0) {
		snprintf(root->why, sizeof root->why, "the BPF task iterator "
			 "did not %s: %s", b->skel ? "attach" : "load",
			 strerror(-rc));
		fks_tasks__destroy(b->skel);
		free(b);
		return rc == -EACCES ? -EPERM : rc;
	}
	root->bpf = b;
	return 0;
}

/* Reads one pass of the iterator into b->buf; returns its length or a
 * negative errno. */
static ssize_t
read_records(struct bpf_src *b)
{
	size_t len = 0;
	unsigned char *grown;
	ssize_t n;
	int fd;

	fd = bpf_iter_create(bpf_link__fd(b->link));
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

/* Moves the decoded tasks into tbl (empty), their names into its
 * strings: the array itself is handed over, not copied. */
static int
take(struct fks_table *tbl, struct bpf_decoded *d)
{
	struct fks_task *t;
	size_t i;

	free(tbl->tasks);
	tbl->tasks = d->tasks;
	tbl->cap = d->cap;
	d->tasks = NULL;
	for (i = 0; i < d->n; i++) {
		t = &tbl->tasks[i];
		t->comm = arena_strndup(&tbl->strings, t->comm, t->comm_len);
		if (!t->comm)
			return -ENOMEM;
		tbl->ntasks++;
	}
	return 0;
}

int
bpf_table_read(struct fks_root *root, unsigned fields, unsigned flags,
	       struct fks_table *tbl)
{
	struct bpf_decoded d;
	const char *why = NULL;
	long long total;
	size_t seen;
	ssize_t len;
	int rc;

	if (root->bpf_error)	/* tried before: it will not run now */
		return root->bpf_error;
	if (!root->bpf && (rc = load(root)) < 0) {
		if (rc != -ENOMEM)
			root->bpf_error = rc;
		return rc;
	}
	/* the kernel's count of tasks around the pass: what read_missing
	 * checks the pass against, unless it moved meanwhile */
	total = read_nr_tasks(root);
	len = read_records(root->bpf);
	if (total >= 0 && read_nr_tasks(root) != total)
		total = -1;
	if (len < 0)
		return refuse(root, (int)len, "reading the BPF task iterator "
			      "failed: %s", strerror((int)-len));
	rc = bpf_decode(root->bpf->buf, (size_t)len,
			flags & FKS_READ_THREADS, &d, &why);
	if (rc == -EBADMSG)
		return refuse(root, rc, "the BPF task iterator gave %s", why);
	if (rc < 0)
		return rc;
	rc = take(tbl, &d);
	seen = d.nrecs;
	bpf_decoded_free(&d);
	if (rc == 0)
		rc = read_extras(tbl, fields, flags);
	if (rc == 0)
		rc = read_missing(tbl, fields, flags, seen, total);
	if (rc >= 0) {
		root->bpf_missed = (size_t)rc;
		rc = 0;
	}
	return rc;
}

void
bpf_source_free(struct fks_root *root)
{
	struct bpf_src *b = root->bpf;

	if (!b)
		return;
	bpf_link__destroy(b->link);
	fks_tasks__destroy(b->skel);
	free(b->buf);
	free(b);
	root->bpf = NULL;
}

#else /* !HAVE_BPF */

int
bpf_table_read(struct fks_root *root, unsigned fields, unsigned flags,
	       struct fks_table *tbl)
{
	(void)fields;
	(void)flags;
	(void)tbl;
	return refuse(root, -EOPNOTSUPP, "%s", "built without BPF support "
		      "(configure --enable-bpf needs clang, bpftool and "
		      "libbpf)");
}

void
bpf_source_free(struct fks_root *root)
{
	(void)root;
}

#endif
