// SPDX-License-Identifier: MIT
/*
 * rnx-bpf-load - bpf(BPF_PROG_LOAD) of a kprobe (tracing) program.
 *
 * The program is "r0 = 0; exit": it is never attached and does nothing,
 * but a tracing program type is what reads other processes' memory once
 * attached, so loading one is the step the policy must refuse.  The
 * kernel asks in order: CAP_BPF (SELinux capability2 bpf, else
 * CAP_SYS_ADMIN), then SELinux "bpf prog_load", then CAP_PERFMON for the
 * tracing type.  A capability refused by SELinux comes back as EPERM,
 * the bpf class check as EACCES.
 *
 * Exit: 0 when the program loaded (its fd is closed at once), else the
 * errno of bpf().
 */
#include <errno.h>
#include <linux/bpf.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "rnx_helper.h"

#define PROG "rnx-bpf-load"

int main(int argc, char **argv)
{
	struct bpf_insn insns[2];
	union bpf_attr attr;
	static const char license[] = "GPL";
	long fd;

	(void)argv;
	if (argc != 1)
		return rn_h_usage(PROG, "(no arguments)");
	memset(insns, 0, sizeof(insns));
	insns[0].code = BPF_ALU64 | BPF_MOV | BPF_K;	/* r0 = 0 */
	insns[0].dst_reg = BPF_REG_0;
	insns[1].code = BPF_JMP | BPF_EXIT;
	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_KPROBE;
	attr.insns = (unsigned long)insns;
	attr.insn_cnt = 2;
	attr.license = (unsigned long)license;
	fd = syscall(SYS_bpf, BPF_PROG_LOAD, &attr, sizeof(attr));
	if (fd < 0)
		return rn_h_fail(PROG, "bpf", errno);
	close((int)fd);
	return 0;
}
