/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * common.bpf.h - what every forkscope BPF program starts with: the
 * kernel's fixed-width types (the programs use neither vmlinux.h nor
 * kernel headers), libbpf's helper headers, and PAI, which has clang
 * record each access to a kernel structure for the CO-RE relocations the
 * light skeleton's loader has the kernel apply.
 */
#ifndef FKS_COMMON_BPF_H
#define FKS_COMMON_BPF_H

typedef unsigned char __u8;
typedef unsigned short __u16;
typedef unsigned int __u32;
typedef int __s32;
typedef unsigned long long __u64;
typedef long long __s64;
typedef __u32 __be32;
typedef __u16 __be16;
typedef __u32 __wsum;

#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

#define PAI __attribute__((preserve_access_index))

#endif
