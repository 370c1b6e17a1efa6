/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * btf.c - a reader of BTF, the kernel's type format, over a buffer: the
 * running kernel's (/sys/kernel/btf/vmlinux, read by bpf-source.c) and the
 * BPF program's own (its .BTF section).  Pure: no I/O.
 *
 * Only what the BPF loader needs: types by id, names, lookups of a few
 * named types in one pass, and sizes.  The sections are bounds-checked in
 * btf_parse(), each type as the index reaches it: the accessors trust
 * offsets inside the sections, and check only ids.
 */
#include "config.h"

#include <linux/btf.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define BTF_MAGIC 0xeB9F
#define MAX_CHAIN 32		/* typedef/const/array links followed */

static size_t
extra_size(const struct btf_type *t)
{
	size_t vlen = BTF_INFO_VLEN(t->info);

	switch (BTF_INFO_KIND(t->info)) {
	case BTF_KIND_INT:
	case BTF_KIND_VAR:
	case BTF_KIND_DECL_TAG:
		return 4;
	case BTF_KIND_ARRAY:
		return sizeof(struct btf_array);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		return vlen * sizeof(struct btf_member);
	case BTF_KIND_ENUM:
		return vlen * sizeof(struct btf_enum);
	case BTF_KIND_FUNC_PROTO:
		return vlen * sizeof(struct btf_param);
	case BTF_KIND_DATASEC:
		return vlen * sizeof(struct btf_var_secinfo);
	case BTF_KIND_ENUM64:
		return vlen * sizeof(struct btf_enum64);
	case BTF_KIND_PTR:
	case BTF_KIND_FWD:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_FUNC:
	case BTF_KIND_FLOAT:
	case BTF_KIND_TYPE_TAG:
		return 0;
	default:
		return SIZE_MAX;	/* a kind this reader does not know */
	}
}

int
btf_parse(struct btf *b, const void *buf, size_t len, const char **why)
{
	const unsigned char *p = buf;
	struct btf_header h;

	memset(b, 0, sizeof *b);
	if (len < sizeof h) {
		*why = "a BTF shorter than its header";
		return -EBADMSG;
	}
	memcpy(&h, p, sizeof h);
	if (h.magic != BTF_MAGIC || h.version != 1) {
		*why = "not BTF (bad magic or version)";
		return -EBADMSG;
	}
	if (h.hdr_len < sizeof h || h.hdr_len > len ||
	    h.type_off > len - h.hdr_len ||
	    h.type_len > len - h.hdr_len - h.type_off ||
	    h.str_off > len - h.hdr_len ||
	    h.str_len > len - h.hdr_len - h.str_off ||
	    h.str_len == 0) {
		*why = "a BTF section outside the data";
		return -EBADMSG;
	}
	b->types = p + h.hdr_len + h.type_off;
	b->types_len = h.type_len;
	b->strs = (const char *)p + h.hdr_len + h.str_off;
	b->strs_len = h.str_len;
	/* types are read in place as u32 records, strings up to a NUL */
	if ((uintptr_t)b->types % 4 || h.type_len % 4 ||
	    b->strs[b->strs_len - 1] != '\0') {
		*why = "a misaligned or unterminated BTF section";
		return -EBADMSG;
	}
	/* at most one type per 12 bytes: the index never grows, and only
	 * the part written is ever touched */
	b->off_size = ((size_t)b->types_len / sizeof(struct btf_type) + 1) *
		      sizeof *b->off;
	b->off = big_alloc(b->off_size);
	if (!b->off)
		return -ENOMEM;
	b->off[0] = 0;		/* id 0 is void */
	b->n = 1;
	return 0;
}

void
btf_free(struct btf *b)
{
	big_free(b->off, b->off_size);
	b->off = NULL;
	b->n = 0;
}

/*
 * Indexes the next type; returns false at the end or at a malformed type
 * (b->bad then says which).  The kernel's BTF has 125,000 types in 5.5
 * MB: indexed as far as lookups need, which for the structs a program
 * reads is the first tenth.
 */
static bool
index_next(struct btf *b)
{
	const struct btf_type *t;
	size_t step;

	if (b->at == b->types_len || b->bad)
		return false;
	if (b->types_len - b->at < sizeof *t) {
		b->bad = "a BTF type cut short";
		return false;
	}
	t = (const struct btf_type *)(b->types + b->at);
	step = extra_size(t);
	if (step == SIZE_MAX) {
		b->bad = "a BTF type of an unknown kind";
		return false;
	}
	step += sizeof *t;
	if (step > b->types_len - b->at) {
		b->bad = "a BTF type cut short";
		return false;
	}
	b->off[b->n++] = b->at;
	b->at += (uint32_t)step;
	return true;
}

const struct btf_type *
btf_type_by_id(struct btf *b, uint32_t id)
{
	if (id == 0)
		return NULL;
	while (id >= b->n && index_next(b))
		;
	return id < b->n ? (const struct btf_type *)(b->types + b->off[id])
			 : NULL;
}

const char *
btf_str(const struct btf *b, uint32_t off)
{
	return off < b->strs_len ? b->strs + off : NULL;
}

const char *
btf_name(struct btf *b, uint32_t id)
{
	const struct btf_type *t = btf_type_by_id(b, id);

	return t ? btf_str(b, t->name_off) : NULL;
}

int
btf_find_names(struct btf *b, size_t n, const char *const names[],
	       const size_t lens[], const int kinds[], uint32_t ids[])
{
	const struct btf_type *t;
	bool first[256] = { false };
	uint32_t id, want = 0;
	size_t i, left = n;

	/* most types are of kinds not asked for, or have names that start
	 * otherwise: their strings are never read */
	for (i = 0; i < n; i++) {
		ids[i] = 0;
		want |= 1u << kinds[i];
		first[(unsigned char)names[i][0]] = true;
	}
	for (id = 1; left && (t = btf_type_by_id(b, id)); id++) {
		const char *name;
		int kind = BTF_INFO_KIND(t->info);

		if (!(want & (1u << kind)) || t->name_off == 0 ||
		    t->name_off >= b->strs_len)
			continue;
		name = b->strs + t->name_off;
		if (!first[(unsigned char)name[0]])
			continue;
		for (i = 0; i < n; i++)
			if (!ids[i] && kind == kinds[i] &&
			    strncmp(name, names[i], lens[i]) == 0 &&
			    name[lens[i]] == '\0') {
				ids[i] = id;
				left--;
			}
	}
	return b->bad ? -EBADMSG : 0;
}

uint32_t
btf_skip_mods(struct btf *b, uint32_t id)
{
	const struct btf_type *t;
	int n;

	for (n = 0; n < MAX_CHAIN && (t = btf_type_by_id(b, id)); n++) {
		switch (BTF_INFO_KIND(t->info)) {
		case BTF_KIND_TYPEDEF:
		case BTF_KIND_VOLATILE:
		case BTF_KIND_CONST:
		case BTF_KIND_RESTRICT:
		case BTF_KIND_TYPE_TAG:
			id = t->type;
			break;
		default:
			return id;
		}
	}
	return 0;		/* void, a bad id or a loop */
}

int
btf_type_size(struct btf *b, uint32_t id, uint64_t *size)
{
	uint64_t mult = 1;
	int n;

	for (n = 0; n < MAX_CHAIN; n++) {
		const struct btf_type *t;
		struct btf_array a;

		id = btf_skip_mods(b, id);
		t = btf_type_by_id(b, id);
		if (!t)
			return -EBADMSG;
		switch (BTF_INFO_KIND(t->info)) {
		case BTF_KIND_INT:
		case BTF_KIND_ENUM:
		case BTF_KIND_ENUM64:
		case BTF_KIND_STRUCT:
		case BTF_KIND_UNION:
		case BTF_KIND_FLOAT:
			*size = mult * t->size;
			return 0;
		case BTF_KIND_PTR:
			*size = mult * 8;	/* BPF's and the kernel's */
			return 0;
		case BTF_KIND_ARRAY:
			memcpy(&a, t + 1, sizeof a);
			/* no more than 2^32 elements of 2^32 bytes */
			if (a.nelems && mult > UINT32_MAX)
				return -EBADMSG;
			mult *= a.nelems;
			id = a.type;
			break;
		default:
			return -EBADMSG;
		}
	}
	return -EBADMSG;
}
