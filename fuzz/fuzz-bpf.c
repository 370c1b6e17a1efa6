/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz-bpf.c - libFuzzer harness for the decoder of the BPF task
 * iterator's records (lib/source/bpf-decode.c): any bytes, the first one
 * choosing whether threads are kept.  A buffer is either refused with a reason or
 * decoded into at most one task per record, in table order (processes by
 * pid, each followed only by its own threads by tid), every name
 * NUL-terminated at its length and shorter than proc_task_name()'s buffer.
 */
#include <errno.h>
#include <linux/types.h>
#include <stdlib.h>
#include <string.h>

#include "model/arena.h"
#include "source/bpf-decode.h"
#include "bpf/tasks.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct fks_task *tasks;
	struct arena names = { NULL };
	const char *why = NULL;
	const struct fks_task *t, *proc = NULL;
	bool threads;
	size_t i, n;
	int rc;

	if (size < 1)
		return 0;
	threads = data[0] & 1;
	/* room for one task a record, as the table reserves */
	tasks = malloc(((size - 1) / sizeof(struct fks_bpf_rec) + 1) *
		       sizeof *tasks);
	if (!tasks)
		return 0;
	rc = bpf_decode(data + 1, size - 1, threads, 4096, tasks, &names, &n, &why);
	if (rc < 0) {
		if (rc != -EBADMSG || !why || n)
			abort();
		free(tasks);
		arena_free(&names);
		return 0;
	}
	if (n > (size - 1) / sizeof(struct fks_bpf_rec))
		abort();
	for (i = 0; i < n; i++) {
		t = &tasks[i];
		if (t->comm_len >= BPF_NAME_MAX || t->comm[t->comm_len] ||
		    t->tid <= 0 || !(t->known & FKS_K_STAT))
			abort();
		if (!t->is_thread) {
			if (t->tid != t->tgid || (proc && proc->tid >= t->tid))
				abort();
			proc = t;
		} else if (!threads || !proc || t->tgid != proc->tid ||
			   (tasks[i - 1].is_thread &&
			    tasks[i - 1].tid >= t->tid)) {
			abort();
		}
	}
	free(tasks);
	arena_free(&names);
	return 0;
}
