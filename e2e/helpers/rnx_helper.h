/* SPDX-License-Identifier: MIT */
/*
 * rnx_helper.h - shared pieces of the one-operation attack helpers.
 *
 * Every helper does one operation and exits with its errno: 0 on success,
 * the errno otherwise, so a caller tells EACCES (SELinux) from EPERM
 * (capability) from ECONNREFUSED (netfilter).  Usage errors exit with
 * RN_H_USAGE, which is no errno value.  A preparatory step (socket() before
 * sendto(), open() before finit_module()) that fails also exits with its
 * errno; the message on stderr names the step:
 *   rnx-<name>: <op>: <strerror>
 */
#ifndef RN_HELPER_H
#define RN_HELPER_H

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/un.h>

/* Exit status for bad arguments: above every Linux errno (max 133). */
#define RN_H_USAGE 255
/* getnameinfo()/getaddrinfo() failures other than EAI_SYSTEM. */
#define RN_H_EAI_BASE 200

/* Report @op failing with @err on stderr; returns the exit status for @err
 * (@err itself, or RN_H_USAGE if it is out of the 1..254 range). */
int rn_h_fail(const char *prog, const char *op, int err);

/* Print "usage: <prog> <args>" on stderr; returns RN_H_USAGE. */
int rn_h_usage(const char *prog, const char *args);

/* Exit status for a getnameinfo()/getaddrinfo() return code @eai, with
 * @err the errno at the time (used for EAI_SYSTEM). */
int rn_h_eai_status(int eai, int err);

/* Strict parsers: the whole string must be consumed.  0 or -EINVAL. */
int rn_h_parse_port(const char *s, unsigned short *port);
int rn_h_parse_pid(const char *s, pid_t *pid);
int rn_h_parse_ipv4(const char *ip, const char *port,
		     struct sockaddr_in *sa);

/* socket(2) arguments by name or number: "inet" "inet6" "unix" "packet"
 * "netlink"; "stream" "dgram" "raw" "seqpacket"; "0" "ip" "tcp" "udp"
 * "icmp" "icmpv6" "raw".  0 or -EINVAL. */
int rn_h_parse_domain(const char *s, int *domain);
int rn_h_parse_type(const char *s, int *type);
int rn_h_parse_proto(const char *s, int *proto);

/* A signal by name ("kill" "term" "stop") or number 0..64.  0 or
 * -EINVAL. */
int rn_h_parse_signal(const char *s, int *sig);

/* A unix socket address: "@NAME" is NAME in the abstract namespace (no
 * file), anything else a path.  *len gets the address length to pass to
 * bind()/connect().  0 or -EINVAL (empty, "@" alone, too long). */
int rn_h_parse_unix(const char *s, struct sockaddr_un *sa, socklen_t *len);

/* Seconds for a bounded wait: 1..RN_H_MAX_SECS.  0 or -EINVAL. */
#define RN_H_MAX_SECS 600
int rn_h_parse_secs(const char *s, unsigned int *secs);

/* Ethernet frame of the frame-injection probe: broadcast destination,
 * locally administered source RN_H_FRAME_SRC, ethertype RN_H_ETHERTYPE
 * (IEEE 802 local experimental, which no stack in the guest handles), the
 * bytes of @marker as payload, zero-padded to the 60-byte minimum.
 * Returns the frame length, or -EINVAL (empty marker) / -EMSGSIZE (frame
 * larger than @cap or than a 1514-byte Ethernet frame). */
#define RN_H_ETHERTYPE 0x88b5
#define RN_H_FRAME_MIN 60
#define RN_H_FRAME_MAX 1514
extern const unsigned char RN_H_FRAME_SRC[6];
int rn_h_build_frame(unsigned char *buf, size_t cap, const char *marker);

/* CLOCK_MONOTONIC in seconds (the benchmark and fault tools' timer). */
double rn_h_now(void);

#endif /* RN_HELPER_H */
