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

/*
 * The bytes that follow a type's struct btf_type: base[kind] + vlen *
 * per[kind].  A table and not a switch: the kernel's 125,000 types come
 * in no order of kind, and a mispredicted branch per type was most of the
 * time of indexing them.  Kinds 1 to LAST_KIND are known.
 */
#define LAST_KIND BTF_KIND_ENUM64
static const uint8_t base[LAST_KIND + 1] = {
	[BTF_KIND_INT] = 4, [BTF_KIND_VAR] = 4, [BTF_KIND_DECL_TAG] = 4,
	[BTF_KIND_ARRAY] = sizeof(struct btf_array),
};
static const uint8_t per[LAST_KIND + 1] = {
	[BTF_KIND_STRUCT] = sizeof(struct btf_member),
	[BTF_KIND_UNION] = sizeof(struct btf_member),
	[BTF_KIND_ENUM] = sizeof(struct btf_enum),
	[BTF_KIND_FUNC_PROTO] = sizeof(struct btf_param),
	[BTF_KIND_DATASEC] = sizeof(struct btf_var_secinfo),
	[BTF_KIND_ENUM64] = sizeof(struct btf_enum64),
};

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
 * Indexes types up to id (or to the end, or to a malformed type: b->bad
 * then says which).  The kernel's BTF has 125,000 types in 5.5 MB:
 * indexed as far as lookups need, which for the structs a program reads
 * is the first tenth.
 */
static void
index_to(struct btf *b, uint32_t id)
{
	const unsigned char *types = b->types;
	uint32_t at = b->at, len = b->types_len, n = b->n, kind;
	const struct btf_type *t;
	size_t step;

	while (n <= id && at < len) {
		if (len - at < sizeof *t) {
			b->bad = "a BTF type cut short";
			break;
		}
		t = (const struct btf_type *)(types + at);
		kind = BTF_INFO_KIND(t->info);
		if (kind == 0 || kind > LAST_KIND) {
			b->bad = "a BTF type of an unknown kind";
			break;
		}
		step = sizeof *t + base[kind] +
		       (size_t)per[kind] * BTF_INFO_VLEN(t->info);
		if (step > len - at) {
			b->bad = "a BTF type cut short";
			break;
		}
		b->off[n++] = at;
		at += (uint32_t)step;
	}
	b->at = at;
	b->n = n;
}

const struct btf_type *
btf_type_by_id(struct btf *b, uint32_t id)
{
	if (id == 0)
		return NULL;
	if (id >= b->n && !b->bad)
		index_to(b, id);
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

/* The kinds still looked for. */
static uint32_t
wanted(size_t n, const int kinds[], const uint32_t ids[])
{
	uint32_t want = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (!ids[i])
			want |= 1u << kinds[i];
	return want;
}

#define AHEAD 16	/* types whose names are fetched ahead */

int
btf_find_names(struct btf *b, size_t n, const char *const names[],
	       const size_t lens[], const int kinds[], uint32_t ids[])
{
	const struct btf_type *t, *next;
	bool first[256] = { false };
	uint32_t id, want;
	size_t i, left = n;

	/* most types are of kinds not asked for, or have names that start
	 * otherwise: their strings are never compared */
	for (i = 0; i < n; i++) {
		ids[i] = 0;
		first[(unsigned char)names[i][0]] = true;
	}
	want = wanted(n, kinds, ids);
	for (id = 1; left && (t = btf_type_by_id(b, id)); id++) {
		const char *name;
		int kind = BTF_INFO_KIND(t->info);

		/* the names are spread over megabytes: a wanted kind's name
		 * is asked of the memory while the types before it are
		 * looked at, not when it is reached */
		if (id + AHEAD >= b->n && !b->bad)
			index_to(b, id + AHEAD + 256);	/* in runs */
		next = btf_type_by_id(b, id + AHEAD);
		if (next && (want & (1u << BTF_INFO_KIND(next->info))) &&
		    next->name_off < b->strs_len)
			__builtin_prefetch(b->strs + next->name_off);
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
				want = wanted(n, kinds, ids);
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
