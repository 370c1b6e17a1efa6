/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-bpf-core.c - the BTF reader (lib/btf.c) and the loader's relocator
 * (lib/bpf-core.c), both pure and built into this test.
 *
 * The BTF cases use blobs built here type by type.  The relocator's
 * cases use the real program (lib/bpf/tasks.bpf.o, embedded as in the
 * library) relocated against its own BTF, where every access must land
 * where clang put it, and against copies of that BTF with one member
 * moved or renamed, as a kernel would have them.  Without the BPF build
 * those cases say so and pass.
 */
#include "config.h"

#include <linux/bpf.h>
#include <linux/btf.h>
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "testutil.h"

/* ---- a BTF blob built type by type ------------------------------------- */

/* what the kernel's own headers (not the uapi ones) call BTF_INFO_ENC */
#define INFO(kind, vlen) (((uint32_t)(kind) << 24) | (uint32_t)(vlen))

struct blob {
	unsigned char types[4096];
	size_t tlen;
	char strs[1024];
	size_t slen;
	unsigned char out[8192];
	size_t len;
};

static uint32_t
str(struct blob *b, const char *s)
{
	uint32_t off = (uint32_t)b->slen;

	if (!*s)
		return 0;
	memcpy(b->strs + b->slen, s, strlen(s) + 1);
	b->slen += strlen(s) + 1;
	return off;
}

static void
put(struct blob *b, const void *p, size_t n)
{
	memcpy(b->types + b->tlen, p, n);
	b->tlen += n;
}

static void
type(struct blob *b, const char *name, int kind, int vlen, uint32_t size_or_type)
{
	struct btf_type t = { .name_off = str(b, name),
			      .info = INFO(kind, vlen),
			      .size = size_or_type };

	put(b, &t, sizeof t);
}

static void
member(struct blob *b, const char *name, uint32_t type_id, uint32_t bits)
{
	struct btf_member m = { str(b, name), type_id, bits };

	put(b, &m, sizeof m);
}

static void
finish(struct blob *b)
{
	struct btf_header h = { .magic = 0xeB9F, .version = 1,
				.hdr_len = sizeof h,
				.type_off = 0, .type_len = (uint32_t)b->tlen,
				.str_off = (uint32_t)b->tlen,
				.str_len = (uint32_t)b->slen };

	memcpy(b->out, &h, sizeof h);
	memcpy(b->out + sizeof h, b->types, b->tlen);
	memcpy(b->out + sizeof h + b->tlen, b->strs, b->slen);
	b->len = sizeof h + b->tlen + b->slen;
}

/*
 * 1 int, 2 struct inner { int b; }, 3 struct outer { int a; union
 * { struct inner in; int c; }; int arr[3]; }, 4 the anonymous union,
 * 5 array of 3 int, 6 typedef outer_t, 7 const outer_t, 8 pointer to
 * const, 9 FUNC_PROTO, 10 FUNC "attach_me".
 */
static void
build(struct blob *b)
{
	struct btf_array a = { 1, 1, 3 };

	memset(b, 0, sizeof *b);
	b->slen = 1;		/* offset 0 is the empty name */
	type(b, "int", BTF_KIND_INT, 0, 4);
	put(b, &(uint32_t){ (BTF_INT_SIGNED << 24) | 32 }, 4);
	type(b, "inner", BTF_KIND_STRUCT, 1, 4);
	member(b, "b", 1, 0);
	type(b, "outer", BTF_KIND_STRUCT, 3, 24);
	member(b, "a", 1, 0);
	member(b, "", 4, 32);
	member(b, "arr", 5, 64);
	type(b, "", BTF_KIND_UNION, 2, 4);
	member(b, "in", 2, 0);
	member(b, "c", 1, 0);
	type(b, "", BTF_KIND_ARRAY, 0, 0);
	put(b, &a, sizeof a);
	type(b, "outer_t", BTF_KIND_TYPEDEF, 0, 3);
	type(b, "", BTF_KIND_CONST, 0, 6);
	type(b, "", BTF_KIND_PTR, 0, 7);
	type(b, "", BTF_KIND_FUNC_PROTO, 0, 1);
	type(b, "attach_me", BTF_KIND_FUNC, 0, 9);
	finish(b);
}

static void
test_btf_lookups(void)
{
	static struct blob b;
	const char *names[] = { "outer", "attach_me", "nothing" };
	size_t lens[] = { 5, 9, 7 };
	int kinds[] = { BTF_KIND_STRUCT, BTF_KIND_FUNC, BTF_KIND_STRUCT };
	uint32_t ids[3];
	uint64_t size;
	const char *why = NULL;
	struct btf t;

	build(&b);
	CU_ASSERT_EQUAL_FATAL(btf_parse(&t, b.out, b.len, &why), 0);
	/* nothing is indexed until asked: "int" is found at once */
	CU_ASSERT_EQUAL(t.n, 1);
	CU_ASSERT_EQUAL(btf_find_names(&t, 1, names, lens, kinds, ids), 0);
	CU_ASSERT_EQUAL(ids[0], 3);
	CU_ASSERT_EQUAL(t.n, 4);	/* stopped at the one it wanted */
	CU_ASSERT_EQUAL(btf_find_names(&t, 3, names, lens, kinds, ids), 0);
	CU_ASSERT_EQUAL(ids[0], 3);
	CU_ASSERT_EQUAL(ids[1], 10);
	CU_ASSERT_EQUAL(ids[2], 0);
	CU_ASSERT_STRING_EQUAL(btf_name(&t, 6), "outer_t");
	CU_ASSERT_PTR_NULL(btf_type_by_id(&t, 11));
	CU_ASSERT_PTR_NULL(btf_type_by_id(&t, 0));
	CU_ASSERT_EQUAL(btf_skip_mods(&t, 7), 3);	/* const, typedef */
	CU_ASSERT_EQUAL(btf_type_size(&t, 8, &size), 0);
	CU_ASSERT_EQUAL(size, 8);			/* a pointer */
	CU_ASSERT_EQUAL(btf_type_size(&t, 7, &size), 0);
	CU_ASSERT_EQUAL(size, 24);
	CU_ASSERT_EQUAL(btf_type_size(&t, 5, &size), 0);
	CU_ASSERT_EQUAL(size, 12);			/* int[3] */
	CU_ASSERT_EQUAL(btf_type_size(&t, 10, &size), -EBADMSG);  /* FUNC */
	btf_free(&t);
}

static void
test_btf_malformed(void)
{
	static struct blob b;
	const char *names[] = { "attach_me" };
	size_t lens[] = { 9 };
	int kinds[] = { BTF_KIND_FUNC };
	unsigned char copy[8192];
	struct btf_header h;
	struct btf_type bt;
	uint32_t ids[1];
	size_t at;
	const char *why = NULL;
	struct btf t;

	build(&b);
	CU_ASSERT_EQUAL(btf_parse(&t, b.out, 10, &why), -EBADMSG);
	CU_ASSERT_PTR_NOT_NULL(why);
	memcpy(copy, b.out, b.len);
	copy[0] ^= 1;				/* magic */
	CU_ASSERT_EQUAL(btf_parse(&t, copy, b.len, &why), -EBADMSG);
	memcpy(copy, b.out, b.len);
	memcpy(&h, copy, sizeof h);
	h.str_len += 1;				/* past the end */
	memcpy(copy, &h, sizeof h);
	CU_ASSERT_EQUAL(btf_parse(&t, copy, b.len, &why), -EBADMSG);
	memcpy(copy, b.out, b.len);
	copy[b.len - 1] = 'x';			/* strings unterminated */
	CU_ASSERT_EQUAL(btf_parse(&t, copy, b.len, &why), -EBADMSG);
	CU_ASSERT_EQUAL(btf_parse(&t, copy + 1, b.len - 1, &why), -EBADMSG);

	/* a type of an unknown kind (the FUNC_PROTO, id 9): found only when
	 * a lookup walks that far, and then said */
	CU_ASSERT_EQUAL_FATAL(btf_parse(&t, b.out, b.len, &why), 0);
	at = sizeof h + (size_t)((const unsigned char *)btf_type_by_id(&t, 9) -
				 t.types);
	btf_free(&t);
	memcpy(copy, b.out, b.len);
	memcpy(&bt, copy + at, sizeof bt);
	bt.info = INFO(31, 0);
	memcpy(copy + at, &bt, sizeof bt);
	CU_ASSERT_EQUAL_FATAL(btf_parse(&t, copy, b.len, &why), 0);
	CU_ASSERT_PTR_NOT_NULL(btf_type_by_id(&t, 8));
	CU_ASSERT_PTR_NULL(t.bad);
	CU_ASSERT_EQUAL(btf_find_names(&t, 1, names, lens, kinds, ids),
			-EBADMSG);
	CU_ASSERT_PTR_NOT_NULL(t.bad);
	CU_ASSERT_PTR_NULL(btf_type_by_id(&t, 10));
	btf_free(&t);
}

#if HAVE_BPF

static const unsigned char tasks_obj[] __attribute__((aligned(8))) = {
#include "bpf/tasks.bpf.inc"
};

/* The object's .BTF section, copied (so it can be edited). */
static unsigned char *
object_btf(size_t *len)
{
	Elf64_Ehdr eh;
	Elf64_Shdr sh, str;
	unsigned char *copy;
	size_t i;

	memcpy(&eh, tasks_obj, sizeof eh);
	memcpy(&str, tasks_obj + eh.e_shoff + eh.e_shstrndx * sizeof sh,
	       sizeof str);
	for (i = 0; i < eh.e_shnum; i++) {
		memcpy(&sh, tasks_obj + eh.e_shoff + i * sizeof sh, sizeof sh);
		if (strcmp((const char *)tasks_obj + str.sh_offset +
			   sh.sh_name, ".BTF") == 0) {
			copy = malloc(sh.sh_size);
			memcpy(copy, tasks_obj + sh.sh_offset, sh.sh_size);
			*len = sh.sh_size;
			return copy;
		}
	}
	return NULL;
}

/* The member name of struct sname in a BTF copy: its record. */
static struct btf_member *
find_field(unsigned char *raw, size_t len, const char *sname,
	   const char *mname)
{
	const char *names[] = { sname };
	size_t lens[] = { strlen(sname) };
	int kinds[] = { BTF_KIND_STRUCT };
	const struct btf_type *t;
	struct btf_member *m;
	const char *why;
	struct btf b;
	uint32_t id, i;

	if (btf_parse(&b, raw, len, &why) < 0 ||
	    btf_find_names(&b, 1, names, lens, kinds, &id) < 0 || !id)
		return NULL;
	t = btf_type_by_id(&b, id);
	m = (struct btf_member *)(t + 1);	/* raw is ours to edit */
	for (i = 0; i < BTF_INFO_VLEN(t->info); i++, m++)
		if (strcmp(btf_str(&b, m->name_off), mname) == 0)
			break;
	btf_free(&b);
	return i < BTF_INFO_VLEN(t->info) ? m : NULL;
}

struct counts {
	size_t poisoned, kcalls, differ;
};

/* Relocates against raw; counts what changed against the object. */
static int
relocate(unsigned char *raw, size_t len, struct bpf_image *img,
	 struct counts *c, char *why, size_t whylen)
{
	const char *msg;
	struct btf t;
	int rc;

	memset(c, 0, sizeof *c);
	if (btf_parse(&t, raw, len, &msg) < 0)
		return -EBADMSG;
	/* the program's own FUNC stands for the kernel's iterator */
	rc = bpf_core_prepare(tasks_obj, sizeof tasks_obj, "iter/task",
			      "fks_tasks", &t, img, why, whylen);
	btf_free(&t);
	for (size_t i = 0; rc == 0 && i < img->n; i++) {
		struct bpf_insn *in = &img->insns[i];

		if (in->code == (BPF_JMP | BPF_CALL) && in->imm == 0xbad2310)
			c->poisoned++;
		if (in->code == (BPF_JMP | BPF_CALL) &&
		    in->src_reg == BPF_PSEUDO_KFUNC_CALL)
			c->kcalls++;
	}
	return rc;
}

/* Against its own BTF, the program is what clang wrote, but for the
 * accesses to the members only older kernels have. */
static void
test_relocate_self(void)
{
	struct bpf_image img;
	struct counts c;
	char why[160] = "";
	size_t len;
	unsigned char *raw = object_btf(&len);

	CU_ASSERT_PTR_NOT_NULL_FATAL(raw);
	CU_ASSERT_EQUAL_FATAL(relocate(raw, len, &img, &c, why, sizeof why),
			      0);
	/* task_struct___old.state and tty_struct___old.pgrp */
	CU_ASSERT_EQUAL(c.poisoned, 2);
	CU_ASSERT_EQUAL(c.kcalls, 1);	/* bpf_rdonly_cast */
	CU_ASSERT_STRING_EQUAL(img.license, "GPL");
	CU_ASSERT_TRUE(img.attach_btf_id > 0);
	bpf_image_free(&img);
	free(raw);
}

/* A kernel whose task_struct has pid elsewhere, and no exit_code. */
static void
test_relocate_moved(void)
{
	struct bpf_image self, img;
	struct btf_member *m;
	struct counts c;
	char why[160] = "";
	size_t len, i, moved = 0;
	unsigned char *raw = object_btf(&len);
	uint32_t old;

	CU_ASSERT_PTR_NOT_NULL_FATAL(raw);
	CU_ASSERT_EQUAL_FATAL(relocate(raw, len, &self, &c, why, sizeof why),
			      0);
	m = find_field(raw, len, "task_struct", "pid");
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	old = m->offset;
	m->offset += 64 * 8;		/* 64 bytes further */
	CU_ASSERT_EQUAL_FATAL(relocate(raw, len, &img, &c, why, sizeof why),
			      0);
	for (i = 0; i < img.n; i++)
		if (img.insns[i].off != self.insns[i].off) {
			CU_ASSERT_EQUAL(img.insns[i].off,
					self.insns[i].off + 64);
			CU_ASSERT_EQUAL(self.insns[i].off, old / 8);
			moved++;
		}
	CU_ASSERT_EQUAL(moved, 1);	/* the one load of t->pid */
	bpf_image_free(&img);

	/* exit_code renamed away: its load cannot run anywhere, the
	 * program would be refused by the verifier (poisoned) */
	m = find_field(raw, len, "task_struct", "exit_code");
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	m->name_off = 0;	/* an anonymous int: no "exit_code" now */
	CU_ASSERT_EQUAL_FATAL(relocate(raw, len, &img, &c, why, sizeof why),
			      0);
	CU_ASSERT_EQUAL(c.poisoned, 3);
	bpf_image_free(&img);
	bpf_image_free(&self);
	free(raw);
}

/* A kernel whose field has another size: refused, naming the access. */
static void
test_relocate_size(void)
{
	struct bpf_image img;
	struct btf_member *m, *u;
	struct counts c;
	char why[160] = "";
	size_t len;
	unsigned char *raw = object_btf(&len);

	CU_ASSERT_PTR_NOT_NULL_FATAL(raw);
	/* task_struct.flags (unsigned int, loaded as 4 bytes) given the
	 * type of utime (__u64) */
	m = find_field(raw, len, "task_struct", "flags");
	u = find_field(raw, len, "task_struct", "utime");
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_PTR_NOT_NULL_FATAL(u);
	m->type = u->type;
	CU_ASSERT_EQUAL(relocate(raw, len, &img, &c, why, sizeof why),
			-ERANGE);
	CU_ASSERT_PTR_NULL(img.insns);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "another size (8 bytes)"));
	free(raw);
}

/* Objects that are not what the loader takes. */
static void
test_bad_objects(void)
{
	struct bpf_image img;
	char why[160] = "";
	unsigned char *copy = malloc(sizeof tasks_obj);
	size_t len;
	unsigned char *raw = object_btf(&len);
	const char *msg;
	struct btf t;

	CU_ASSERT_EQUAL_FATAL(btf_parse(&t, raw, len, &msg), 0);
	memcpy(copy, tasks_obj, sizeof tasks_obj);
	copy[0] = 0;
	CU_ASSERT_EQUAL(bpf_core_prepare(copy, sizeof tasks_obj, "iter/task",
					 "fks_tasks", &t, &img, why,
					 sizeof why), -EBADMSG);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "not a BPF ELF object"));
	CU_ASSERT_EQUAL(bpf_core_prepare(tasks_obj, 100, "iter/task",
					 "fks_tasks", &t, &img, why,
					 sizeof why), -EBADMSG);
	CU_ASSERT_EQUAL(bpf_core_prepare(tasks_obj, sizeof tasks_obj,
					 "iter/nothing", "fks_tasks", &t,
					 &img, why, sizeof why), -EBADMSG);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "iter/nothing"));
	CU_ASSERT_EQUAL(bpf_core_prepare(tasks_obj, sizeof tasks_obj,
					 "iter/task", "no_such_func", &t,
					 &img, why, sizeof why), -EOPNOTSUPP);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "no_such_func"));
	btf_free(&t);
	free(raw);
	free(copy);
}

#else

static void
test_no_bpf(void)
{
	printf("\n  (built without the BPF source: the relocator's cases on "
	       "the program are skipped) ");
}

#endif

int
main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("bpf-core", NULL, NULL);
	ADD_TEST(s, test_btf_lookups);
	ADD_TEST(s, test_btf_malformed);
#if HAVE_BPF
	ADD_TEST(s, test_relocate_self);
	ADD_TEST(s, test_relocate_moved);
	ADD_TEST(s, test_relocate_size);
	ADD_TEST(s, test_bad_objects);
#else
	ADD_TEST(s, test_no_bpf);
#endif
	return run_suites();
}
