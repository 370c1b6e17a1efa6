/*
 * fuzz-bpf.c - libFuzzer harness for the decoder of the BPF task
 * iterator's records (lib/bpf-decode.c): any bytes, the first one choosing
 * whether threads are kept.  A buffer is either refused with a reason or
 * decoded into at most one task per record, in table order (processes by
 * pid, each followed only by its own threads by tid), every name
 * NUL-terminated at its length and shorter than proc_task_name()'s buffer.
 */
#include <linux/types.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "bpf/tasks.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct bpf_decoded d;
	struct arena names = { NULL };
	const char *why = NULL;
	const struct fks_task *t, *proc = NULL;
	bool threads;
	size_t i;
	int rc;

	if (size < 1)
		return 0;
	threads = data[0] & 1;
	rc = bpf_decode(data + 1, size - 1, threads, &names, &d, &why);
	if (rc < 0) {
		if (rc != -EBADMSG || !why || d.tasks)
			abort();
		arena_free(&names);
		return 0;
	}
	if (d.n > (size - 1) / sizeof(struct fks_bpf_rec))
		abort();
	for (i = 0; i < d.n; i++) {
		t = &d.tasks[i];
		if (t->comm_len >= BPF_NAME_MAX || t->comm[t->comm_len] ||
		    t->tid <= 0 || !(t->known & FKS_K_STAT))
			abort();
		if (!t->is_thread) {
			if (t->tid != t->tgid || (proc && proc->tid >= t->tid))
				abort();
			proc = t;
		} else if (!threads || !proc || t->tgid != proc->tid ||
			   (d.tasks[i - 1].is_thread &&
			    d.tasks[i - 1].tid >= t->tid)) {
			abort();
		}
	}
	bpf_decoded_free(&d);
	arena_free(&names);
	return 0;
}
