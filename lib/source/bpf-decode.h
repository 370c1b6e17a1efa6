/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * bpf-decode.h - the pure decoder of the BPF task iterator's records
 * (bpf-decode.c; the record's layout is bpf/tasks.h), used by the BPF
 * task source, its unit test and its fuzz harness.  Private to the
 * library.
 */
#ifndef FKS_BPF_DECODE_H
#define FKS_BPF_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "forkscope.h"

struct arena;
struct fks_bpf_rec;

#define BPF_NAME_MAX 64		/* proc_task_name()'s buffer */

/*
 * Decodes len bytes of records into out (room for one task a record):
 * processes by pid, each followed (threads true) by its threads by tid,
 * with the values /proc/PID/stat (or task/TID/stat) prints (its vsize
 * too) and status's VmLck (page_size: the pages' size), their names
 * copied into names; *n says how many.  Returns 0, -EBADMSG with *why set, or -ENOMEM.
 */
int bpf_decode(const unsigned char *buf, size_t len, bool threads,
	       long page_size, struct fks_task *out, struct arena *names,
	       size_t *n, const char **why);
/* The letter /proc prints for these __state and exit_state values. */
char bpf_state_char(unsigned state, unsigned exit_state);
/* stat's tty_nr for a tty of this driver major and minor. */
int bpf_tty_nr(unsigned major, unsigned minor);
/* cputime_adjust(): the times (ns) /proc prints for raw ut and st, the
 * runtime rtime and what it printed last (prev_ut, prev_st). */
void bpf_cputime_adjust(uint64_t ut, uint64_t st, uint64_t rtime,
			uint64_t prev_ut, uint64_t prev_st, uint64_t *out_ut,
			uint64_t *out_st);
/* The name proc_task_name() shows; returns its length. */
size_t bpf_task_name(const struct fks_bpf_rec *r, char name[BPF_NAME_MAX]);

#endif
