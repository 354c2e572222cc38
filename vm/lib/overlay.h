/* SPDX-License-Identifier: MIT */
/* Throwaway qcow2 overlays over a read-only base disk. */
#ifndef RN_OVERLAY_H
#define RN_OVERLAY_H

/* qemu-img create -f qcow2 -b BASE -F FORMAT PATH (base made absolute). */
int rn_overlay_create(const char *base, const char *format, const char *path);
/* Remove it; a missing file is fine. */
int rn_overlay_remove(const char *path);

#endif
