/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * bpf-core.c - prepares the embedded BPF program (bpf/tasks.bpf.c, built
 * into an ELF object) for the running kernel: finds its instructions and
 * licence in the object, and applies its CO-RE relocations against the
 * kernel's BTF.  Pure: the object and both BTFs are buffers.
 *
 * Why not libbpf: libbpf (1.1, Debian 12) parses and checks the whole 5.5
 * MB kernel BTF, reading it 4 KiB at a time, before it relocates anything:
 * about 50 ms of every one-shot `pforest --source=bpf`, ten times the
 * time the iterator then takes.  Our one program needs much less: a dozen
 * named structs, about forty member offsets, and one attach target.
 *
 * What is supported is what tasks.bpf.c uses, and refused otherwise:
 * field byte offsets, sizes and existence (bpf_core_field_exists), through
 * struct/union members and array elements, type flavours ("___old"), and
 * members the kernel nests in anonymous structs and unions.  A field the
 * kernel lacks makes its instruction an invalid call, as libbpf does: the
 * verifier refuses the program only if that code can run.
 */
#include "config.h"

#include <elf.h>
#include <linux/bpf.h>
#include <linux/btf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define MAX_SPEC 32		/* accessors in one relocation */
#define MAX_NAMES 32		/* distinct types and functions looked up */
#define MAX_ANON 8		/* anonymous members nested in one lookup */
#define POISON_IMM 0xbad2310	/* libbpf's invalid helper number */

/* ---- the ELF object ---------------------------------------------------- */

struct elf_obj {
	const unsigned char *p;
	size_t len;
	Elf64_Ehdr eh;
	const char *shstr;
	size_t shstr_len;
};

static int
elf_shdr(const struct elf_obj *o, size_t i, Elf64_Shdr *sh)
{
	if (i >= o->eh.e_shnum)
		return -EBADMSG;
	memcpy(sh, o->p + o->eh.e_shoff + i * sizeof *sh, sizeof *sh);
	if (sh->sh_type != SHT_NOBITS &&
	    (sh->sh_offset > o->len || sh->sh_size > o->len - sh->sh_offset))
		return -EBADMSG;
	return 0;
}

static int
elf_open(struct elf_obj *o, const void *p, size_t len, const char **why)
{
	Elf64_Shdr sh;

	o->p = p;
	o->len = len;
	*why = "not a BPF ELF object";
	if (len < sizeof o->eh)
		return -EBADMSG;
	memcpy(&o->eh, p, sizeof o->eh);
	if (memcmp(o->eh.e_ident, ELFMAG, SELFMAG) ||
	    o->eh.e_ident[EI_CLASS] != ELFCLASS64 ||
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	    o->eh.e_ident[EI_DATA] != ELFDATA2LSB ||
#else
	    o->eh.e_ident[EI_DATA] != ELFDATA2MSB ||
#endif
	    o->eh.e_machine != EM_BPF ||
	    o->eh.e_shentsize != sizeof sh ||
	    o->eh.e_shoff > len ||
	    o->eh.e_shnum > (len - o->eh.e_shoff) / sizeof sh ||
	    elf_shdr(o, o->eh.e_shstrndx, &sh) < 0 || sh.sh_size == 0)
		return -EBADMSG;
	o->shstr = (const char *)o->p + sh.sh_offset;
	o->shstr_len = sh.sh_size;
	if (o->shstr[o->shstr_len - 1] != '\0')
		return -EBADMSG;
	return 0;
}

/* The section called name: its bytes, or NULL. */
static const unsigned char *
elf_section(const struct elf_obj *o, const char *name, size_t *size)
{
	Elf64_Shdr sh;
	size_t i;

	for (i = 1; i < o->eh.e_shnum; i++)
		if (elf_shdr(o, i, &sh) == 0 && sh.sh_type != SHT_NOBITS &&
		    sh.sh_name < o->shstr_len &&
		    strcmp(o->shstr + sh.sh_name, name) == 0) {
			*size = sh.sh_size;
			return o->p + sh.sh_offset;
		}
	return NULL;
}

/* ---- CO-RE relocations -------------------------------------------------- */

struct relo_ctx {
	struct btf *local, *target;
	/* the kernel's ids of the relocations' root types, of the kernel
	 * functions called and of the attach target: one pass finds all */
	const char *names[MAX_NAMES];
	size_t lens[MAX_NAMES];
	int kinds[MAX_NAMES];
	uint32_t ids[MAX_NAMES];
	size_t nnames;
	char *why;
	size_t whylen;
};

/* A local type's name without its flavour ("tty_struct___old" is the
 * kernel's "tty_struct"); its length in *len. */
static const char *
essential_name(struct btf *b, uint32_t id, size_t *len)
{
	const char *name = btf_name(b, id), *flavour;

	if (!name || !*name)
		return NULL;
	flavour = strstr(name, "___");
	*len = flavour ? (size_t)(flavour - name) : strlen(name);
	return name;
}

static int
kind_of(struct btf *b, uint32_t id)
{
	const struct btf_type *t = btf_type_by_id(b, id);

	return t ? BTF_INFO_KIND(t->info) : BTF_KIND_UNKN;
}

/* Parses "0:1:2" into acc[]; returns how many, or -1. */
static int
parse_spec(const char *s, uint32_t acc[MAX_SPEC])
{
	int n = 0;
	char *end;

	do {
		unsigned long v;

		if (n == MAX_SPEC || *s < '0' || *s > '9')
			return -1;
		v = strtoul(s, &end, 10);
		if (v > UINT32_MAX || (*end && *end != ':'))
			return -1;
		acc[n++] = (uint32_t)v;
		s = *end ? end + 1 : end;
	} while (*s);
	return n;
}

/*
 * Finds the member called name in the kernel's struct or union sid,
 * looking into its anonymous members too.  Adds its bit offset to *bits,
 * sets its type in *mtype; returns 0, or -ENOENT.
 */
static int
find_member(struct btf *b, uint32_t sid, const char *name, int depth,
	    uint64_t *bits, uint32_t *mtype)
{
	const struct btf_type *t = btf_type_by_id(b, sid);
	const struct btf_member *m;
	uint32_t i;

	if (!t || depth > MAX_ANON)
		return -ENOENT;
	m = (const struct btf_member *)(t + 1);
	for (i = 0; i < BTF_INFO_VLEN(t->info); i++, m++) {
		uint32_t off = BTF_INFO_KFLAG(t->info) ?
			BTF_MEMBER_BIT_OFFSET(m->offset) : m->offset;
		const char *mname = btf_str(b, m->name_off);
		uint32_t inner = btf_skip_mods(b, m->type);
		int k = kind_of(b, inner);

		if (mname && *mname) {
			if (strcmp(mname, name) != 0)
				continue;
			if (BTF_INFO_KFLAG(t->info) &&
			    BTF_MEMBER_BITFIELD_SIZE(m->offset))
				return -ENOENT;	/* a bitfield: no byte */
			*bits += off;
			*mtype = m->type;
			return 0;
		}
		if ((k == BTF_KIND_STRUCT || k == BTF_KIND_UNION) &&
		    find_member(b, inner, name, depth + 1, bits, mtype) == 0) {
			*bits += off;
			return 0;
		}
	}
	return -ENOENT;
}

/* Whether a local and a kernel type can stand for each other at the end
 * of an access: the same class of kind. */
static bool
compatible(int lk, int tk)
{
	if (lk == BTF_KIND_ENUM || lk == BTF_KIND_ENUM64)
		lk = BTF_KIND_INT;
	if (tk == BTF_KIND_ENUM || tk == BTF_KIND_ENUM64)
		tk = BTF_KIND_INT;
	if (lk == BTF_KIND_UNION)
		lk = BTF_KIND_STRUCT;
	if (tk == BTF_KIND_UNION)
		tk = BTF_KIND_STRUCT;
	return lk == tk;
}

/*
 * Walks the access acc[0..n) from the local root type lroot and the
 * kernel's troot in step.  Sets the byte offset and the kernel field's
 * size; returns 0, -ENOENT (the kernel has no such field) or -EBADMSG.
 */
static int
walk(const struct relo_ctx *c, uint32_t lroot, uint32_t troot,
     const uint32_t *acc, int n, uint64_t *offset, uint64_t *size)
{
	uint32_t lt = btf_skip_mods(c->local, lroot);
	uint32_t tt = btf_skip_mods(c->target, troot);
	uint64_t bits = 0, esize;
	int i;

	if (btf_type_size(c->target, tt, &esize) < 0)
		return -EBADMSG;
	bits = (uint64_t)acc[0] * esize * 8;
	for (i = 1; i < n; i++) {
		const struct btf_type *l = btf_type_by_id(c->local, lt);
		const struct btf_type *t = btf_type_by_id(c->target, tt);
		struct btf_array la, ta;

		if (!l || !t)
			return -EBADMSG;
		switch (BTF_INFO_KIND(l->info)) {
		case BTF_KIND_STRUCT:
		case BTF_KIND_UNION: {
			const struct btf_member *m;
			const char *name;

			if (acc[i] >= BTF_INFO_VLEN(l->info))
				return -EBADMSG;
			m = (const struct btf_member *)(l + 1) + acc[i];
			name = btf_str(c->local, m->name_off);
			if (!name || !*name)	/* tasks.bpf.c names them all */
				return -EBADMSG;
			if (!compatible(BTF_INFO_KIND(t->info),
					BTF_KIND_STRUCT) ||
			    find_member(c->target, tt, name, 0, &bits,
					&tt) < 0)
				return -ENOENT;
			lt = m->type;
			break;
		}
		case BTF_KIND_ARRAY:
			if (BTF_INFO_KIND(t->info) != BTF_KIND_ARRAY)
				return -ENOENT;
			memcpy(&la, l + 1, sizeof la);
			memcpy(&ta, t + 1, sizeof ta);
			/* nelems 0 is a flexible array: any index */
			if (ta.nelems && acc[i] >= ta.nelems)
				return -ENOENT;
			if (btf_type_size(c->target, ta.type, &esize) < 0)
				return -EBADMSG;
			bits += (uint64_t)acc[i] * esize * 8;
			lt = la.type;
			tt = ta.type;
			break;
		default:
			return -EBADMSG;
		}
		lt = btf_skip_mods(c->local, lt);
		tt = btf_skip_mods(c->target, tt);
	}
	if (!compatible(kind_of(c->local, lt), kind_of(c->target, tt)))
		return -ENOENT;
	if (bits % 8 || btf_type_size(c->target, tt, size) < 0)
		return -EBADMSG;
	*offset = bits / 8;
	return 0;
}

/* The slot of a name to look up, or -1. */
static int
find_name(const struct relo_ctx *c, const char *name, size_t len, int kind)
{
	size_t j;

	for (j = 0; name && j < c->nnames; j++)
		if (c->lens[j] == len && c->kinds[j] == kind &&
		    strncmp(c->names[j], name, len) == 0)
			return (int)j;
	return -1;
}

/* The kernel's id of the root type of a relocation, from the one pass. */
static uint32_t
target_root(const struct relo_ctx *c, uint32_t local_id)
{
	size_t len = 0;
	const char *name = essential_name(c->local, local_id, &len);
	int j = find_name(c, name, len, kind_of(c->local, local_id));

	return j < 0 ? 0 : c->ids[j];
}

static int
fail(const struct relo_ctx *c, int rc, const char *what, const char *spec)
{
	snprintf(c->why, c->whylen, "%s (CO-RE access %s)", what, spec);
	return rc;
}

/* The bytes a load or store moves. */
static uint64_t
access_size(const struct bpf_insn *insn)
{
	switch (BPF_SIZE(insn->code)) {
	case BPF_B:
		return 1;
	case BPF_H:
		return 2;
	case BPF_W:
		return 4;
	default:
		return 8;
	}
}

/* Writes value into the instruction as its kind of instruction holds it. */
static int
patch(struct bpf_insn *insn, size_t left, uint64_t value, uint64_t size,
      bool is_offset)
{
	uint8_t cls = BPF_CLASS(insn->code);

	if (cls == BPF_LDX || cls == BPF_STX || cls == BPF_ST) {
		/* a load or store of the field itself: the size must agree */
		if (!is_offset || value > INT16_MAX ||
		    size != access_size(insn))
			return -ERANGE;
		insn->off = (int16_t)value;
		return 0;
	}
	if ((cls == BPF_ALU64 || cls == BPF_ALU) &&
	    BPF_SRC(insn->code) == BPF_K &&
	    (BPF_OP(insn->code) == BPF_ADD || BPF_OP(insn->code) == BPF_MOV)) {
		if (value > INT32_MAX)
			return -ERANGE;
		insn->imm = (int32_t)value;
		return 0;
	}
	if (insn->code == (BPF_LD | BPF_IMM | BPF_DW) && left >= 2) {
		insn[0].imm = (int32_t)(uint32_t)value;
		insn[1].imm = (int32_t)(uint32_t)(value >> 32);
		return 0;
	}
	return -EBADMSG;
}

static int
relocate_one(const struct relo_ctx *c, const struct bpf_core_relo *r,
	     struct bpf_insn *insns, size_t ninsns)
{
	const char *spec = btf_str(c->local, r->access_str_off);
	uint32_t acc[MAX_SPEC], troot;
	uint64_t offset = 0, size = 0, value;
	struct bpf_insn *insn;
	int n, rc;

	if (!spec || r->insn_off % sizeof *insns ||
	    r->insn_off / sizeof *insns >= ninsns)
		return fail(c, -EBADMSG, "a bad relocation", spec ? spec : "?");
	insn = insns + r->insn_off / sizeof *insns;
	n = parse_spec(spec, acc);
	if (n < 0)
		return fail(c, -EBADMSG, "a bad access string", spec);
	troot = target_root(c, r->type_id);
	if (r->kind == BPF_CORE_TYPE_ID_TARGET) {
		if (!troot)
			return fail(c, -EOPNOTSUPP, "a type the kernel lacks",
				    spec);
		return patch(insn, ninsns - (size_t)(insn - insns), troot, 0,
			     false) < 0
		       ? fail(c, -EBADMSG, "an instruction not relocatable",
			      spec) : 0;
	}
	rc = troot ? walk(c, r->type_id, troot, acc, n, &offset, &size)
		   : -ENOENT;
	if (rc == -EBADMSG)
		return fail(c, rc, "a malformed type", spec);
	switch (r->kind) {
	case BPF_CORE_FIELD_EXISTS:
		value = rc == 0;
		break;
	case BPF_CORE_FIELD_BYTE_OFFSET:
	case BPF_CORE_FIELD_BYTE_SIZE:
		if (rc == -ENOENT) {
			/* only reachable if the program is wrong */
			memset(insn, 0, sizeof *insn);
			insn->code = BPF_JMP | BPF_CALL;
			insn->imm = POISON_IMM;
			return 0;
		}
		value = r->kind == BPF_CORE_FIELD_BYTE_OFFSET ? offset : size;
		break;
	default:
		return fail(c, -EOPNOTSUPP, "a relocation kind not handled",
			    spec);
	}
	rc = patch(insn, ninsns - (size_t)(insn - insns), value, size,
		   r->kind == BPF_CORE_FIELD_BYTE_OFFSET);
	if (rc == -ERANGE) {
		char what[96];

		snprintf(what, sizeof what, "the kernel's field has another "
			 "size (%llu bytes) or offset (%llu)",
			 (unsigned long long)size,
			 (unsigned long long)offset);
		return fail(c, rc, what, spec);
	}
	return rc < 0 ? fail(c, rc, "an instruction not relocatable", spec)
		      : 0;
}

/* The core_relo part of .BTF.ext: its records of the section sec. */
struct relo_sec {
	const unsigned char *p;
	uint32_t rec_size, n;
};

static int
find_relos(struct btf *local, const unsigned char *ext, size_t len,
	   const char *sec, struct relo_sec *out)
{
	struct {
		uint16_t magic;
		uint8_t version, flags;
		uint32_t hdr_len, func_off, func_len, line_off, line_len,
			 core_off, core_len;
	} h;
	const unsigned char *p, *end;

	memset(out, 0, sizeof *out);
	if (len < 8)
		return -EBADMSG;
	memset(&h, 0, sizeof h);
	memcpy(&h, ext, len < sizeof h ? len : sizeof h);
	if (h.magic != 0xeB9F || h.hdr_len > len || h.hdr_len < 8)
		return -EBADMSG;
	if (h.hdr_len < sizeof h || h.core_len == 0)
		return 0;	/* no CO-RE relocations at all */
	if (h.core_off > len - h.hdr_len ||
	    h.core_len > len - h.hdr_len - h.core_off || h.core_len < 4)
		return -EBADMSG;
	p = ext + h.hdr_len + h.core_off;
	end = p + h.core_len;
	memcpy(&out->rec_size, p, 4);
	if (out->rec_size < sizeof(struct bpf_core_relo))
		return -EBADMSG;
	for (p += 4; end - p >= 8;) {
		uint32_t name_off, n;
		const char *name;

		memcpy(&name_off, p, 4);
		memcpy(&n, p + 4, 4);
		p += 8;
		if (n > (size_t)(end - p) / out->rec_size)
			return -EBADMSG;
		name = btf_str(local, name_off);
		if (name && strcmp(name, sec) == 0) {
			out->p = p;
			out->n = n;
			return 0;
		}
		p += (size_t)n * out->rec_size;
	}
	return p == end ? 0 : -EBADMSG;
}

/* Adds a name to look up (once); returns its slot, or -1 when full. */
static int
add_name(struct relo_ctx *c, const char *name, size_t len, int kind)
{
	int j = find_name(c, name, len, kind);

	if (j >= 0)
		return j;
	if (c->nnames == MAX_NAMES)
		return -1;
	c->names[c->nnames] = name;
	c->lens[c->nnames] = len;
	c->kinds[c->nnames] = kind;
	return (int)c->nnames++;
}

/* The relocations' root types, by their essential names. */
static int
add_roots(struct relo_ctx *c, const struct relo_sec *rs)
{
	struct bpf_core_relo r;
	const char *name;
	size_t i, len;

	for (i = 0; i < rs->n; i++) {
		memcpy(&r, rs->p + i * rs->rec_size, sizeof r);
		name = essential_name(c->local, r.type_id, &len);
		if (!name || add_name(c, name, len,
				      kind_of(c->local, r.type_id)) < 0)
			return -EBADMSG;
	}
	return 0;
}

/* ---- calls to kernel functions (kfuncs) ------------------------------- */

/* A call of the program to a kernel function: an ELF relocation of the
 * call instruction against an undefined symbol, the function's name. */
struct kcall {
	size_t insn;
	const char *name;
	int slot;		/* in relo_ctx's names */
};

#define MAX_KCALLS 8

static int
find_kcalls(const struct elf_obj *o, const char *relname, size_t ninsns,
	    struct kcall *out, size_t *n)
{
	const unsigned char *rel, *sym, *str;
	size_t rlen, slen, tlen, i;

	*n = 0;
	rel = elf_section(o, relname, &rlen);
	if (!rel)
		return 0;
	sym = elf_section(o, ".symtab", &slen);
	str = elf_section(o, ".strtab", &tlen);
	if (!sym || !str || tlen == 0 || str[tlen - 1] != '\0' ||
	    rlen % sizeof(Elf64_Rel))
		return -EBADMSG;
	for (i = 0; i < rlen / sizeof(Elf64_Rel); i++) {
		Elf64_Rel r;
		Elf64_Sym s;
		size_t k;

		memcpy(&r, rel + i * sizeof r, sizeof r);
		k = ELF64_R_SYM(r.r_info);
		if (k >= slen / sizeof s || *n == MAX_KCALLS ||
		    r.r_offset % sizeof(struct bpf_insn) ||
		    r.r_offset / sizeof(struct bpf_insn) >= ninsns)
			return -EBADMSG;
		memcpy(&s, sym + k * sizeof s, sizeof s);
		/* maps and globals are defined symbols: not handled */
		if (s.st_shndx != SHN_UNDEF || s.st_name >= tlen)
			return -EOPNOTSUPP;
		out[*n].insn = r.r_offset / sizeof(struct bpf_insn);
		out[(*n)++].name = (const char *)str + s.st_name;
	}
	return 0;
}

/* Points each kernel-function call at the kernel's function. */
static int
link_kcalls(struct relo_ctx *c, const struct kcall *k, size_t n,
	    struct bpf_insn *insns)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct bpf_insn *insn = &insns[k[i].insn];

		if (insn->code != (BPF_JMP | BPF_CALL) ||
		    insn->src_reg != BPF_PSEUDO_CALL) {
			snprintf(c->why, c->whylen, "a relocation of %s that "
				 "is not a call", k[i].name);
			return -EBADMSG;
		}
		if (!c->ids[k[i].slot]) {
			snprintf(c->why, c->whylen, "the kernel has no "
				 "function %s", k[i].name);
			return -EOPNOTSUPP;
		}
		insn->src_reg = BPF_PSEUDO_KFUNC_CALL;
		insn->imm = (int32_t)c->ids[k[i].slot];
		insn->off = 0;		/* in the kernel's own BTF */
	}
	return 0;
}

int
bpf_core_prepare(const void *obj, size_t objlen, const char *sec,
		 const char *attach, struct btf *target,
		 struct bpf_image *img, char *why, size_t whylen)
{
	struct relo_ctx c = { .target = target, .why = why,
			      .whylen = whylen };
	const unsigned char *text, *lic, *btf, *ext;
	size_t tlen, llen, blen, elen, nk = 0, i;
	struct kcall kcalls[MAX_KCALLS];
	struct relo_sec rs;
	struct elf_obj o;
	struct btf local;
	const char *msg;
	char relname[64];
	int rc, at = -1;

	memset(img, 0, sizeof *img);
	rc = elf_open(&o, obj, objlen, &msg);
	if (rc < 0) {
		snprintf(why, whylen, "the embedded BPF program is %s", msg);
		return rc;
	}
	snprintf(relname, sizeof relname, ".rel%s", sec);
	text = elf_section(&o, sec, &tlen);
	lic = elf_section(&o, "license", &llen);
	btf = elf_section(&o, ".BTF", &blen);
	ext = elf_section(&o, ".BTF.ext", &elen);
	if (!text || !lic || !btf || !ext || tlen == 0 ||
	    tlen % sizeof(struct bpf_insn) || llen == 0 ||
	    lic[llen - 1] != '\0') {
		snprintf(why, whylen, "the embedded BPF object lacks %s",
			 !text ? sec : !lic ? "its licence" : "its BTF");
		return -EBADMSG;
	}
	rc = find_kcalls(&o, relname, tlen / sizeof(struct bpf_insn), kcalls,
			 &nk);
	if (rc < 0) {
		/* maps and globals would need more than this loader does */
		snprintf(why, whylen, "the embedded BPF program has "
			 "relocations other than kernel calls (%s)", relname);
		return rc;
	}
	rc = btf_parse(&local, btf, blen, &msg);
	if (rc < 0) {
		snprintf(why, whylen, "the embedded BPF object's BTF: %s",
			 rc == -ENOMEM ? "out of memory" : msg);
		return rc;
	}
	c.local = &local;
	rc = find_relos(&local, ext, elen, sec, &rs);
	if (rc == 0)
		rc = add_roots(&c, &rs);
	for (i = 0; i < nk && rc == 0; i++) {
		kcalls[i].slot = add_name(&c, kcalls[i].name,
					  strlen(kcalls[i].name),
					  BTF_KIND_FUNC);
		rc = kcalls[i].slot < 0 ? -EBADMSG : 0;
	}
	if (rc == 0) {
		at = add_name(&c, attach, strlen(attach), BTF_KIND_FUNC);
		rc = at < 0 ? -EBADMSG : 0;
	}
	if (rc < 0) {
		snprintf(why, whylen, "the embedded BPF object's relocations "
			 "are malformed");
		goto out;
	}
	/* the one pass over the kernel's types */
	if (btf_find_names(target, c.nnames, c.names, c.lens, c.kinds,
			   c.ids) < 0) {
		snprintf(why, whylen, "the kernel's BTF: %s", target->bad);
		rc = -EBADMSG;
		goto out;
	}
	if (!c.ids[at]) {
		snprintf(why, whylen, "the kernel has no %s to attach to",
			 attach);
		rc = -EOPNOTSUPP;
		goto out;
	}
	img->insns = malloc(tlen);
	if (!img->insns) {
		rc = -ENOMEM;
		goto out;
	}
	memcpy(img->insns, text, tlen);
	img->n = tlen / sizeof *img->insns;
	img->license = (const char *)lic;
	img->attach_btf_id = c.ids[at];
	for (i = 0; i < rs.n && rc == 0; i++) {
		struct bpf_core_relo r;

		memcpy(&r, rs.p + i * rs.rec_size, sizeof r);
		rc = relocate_one(&c, &r, img->insns, img->n);
	}
	if (rc == 0)
		rc = link_kcalls(&c, kcalls, nk, img->insns);
	if (rc == 0 && target->bad) {
		snprintf(why, whylen, "the kernel's BTF: %s", target->bad);
		rc = -EBADMSG;
	}
	if (rc < 0)
		bpf_image_free(img);
out:
	btf_free(&local);
	return rc;
}

void
bpf_image_free(struct bpf_image *img)
{
	free(img->insns);
	memset(img, 0, sizeof *img);
}
