/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz-btf.c - libFuzzer harness for the BTF reader (lib/btf.c) and the
 * loader's relocator (lib/bpf-core.c): any bytes as the kernel's BTF.
 * Lookups, sizes and a whole relocation of the embedded program (when
 * the build has it) either succeed or fail with a reason, and never read
 * outside the input.  Seeded with the program's own BTF (run.sh).
 */
#include <linux/btf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#if HAVE_BPF
static const unsigned char tasks_obj[] __attribute__((aligned(8))) = {
#include "bpf/tasks.bpf.inc"
};
#endif

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	const char *names[] = { "task_struct", "bpf_iter_task" };
	size_t lens[] = { 11, 13 };
	int kinds[] = { BTF_KIND_STRUCT, BTF_KIND_FUNC };
	unsigned char *copy;
	const char *why = NULL;
	uint32_t ids[2], id;
	uint64_t sz;
	struct btf b;
	int rc;

	/* BTF is read in place, 4-aligned: what mmap and malloc give */
	copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	rc = btf_parse(&b, copy, size, &why);
	if (rc < 0) {
		if (rc == -EBADMSG && !why)
			abort();
		free(copy);
		return 0;
	}
	if (btf_find_names(&b, 2, names, lens, kinds, ids) < 0 && !b.bad)
		abort();
	for (id = 0; id < 64; id++) {
		(void)btf_name(&b, id);
		(void)btf_type_size(&b, id, &sz);
		(void)btf_skip_mods(&b, id);
	}
#if HAVE_BPF
	{
		struct bpf_image img;
		char msg[160] = "";

		rc = bpf_core_prepare(tasks_obj, sizeof tasks_obj,
				      "iter/task", "bpf_iter_task", &b, &img,
				      msg, sizeof msg);
		/* the input is bounded: out of memory is a bug too */
		if (rc < 0 && (!msg[0] || rc == -ENOMEM))
			abort();
		if (rc == 0)
			bpf_image_free(&img);
	}
#endif
	btf_free(&b);
	free(copy);
	return 0;
}
