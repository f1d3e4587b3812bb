/*
 * mem.h - secret hygiene: wiping and constant-time comparison.
 *
 * These live in base (not the provider) because every layer needs them and base depends on
 * nothing.  pt_wipe is not optimised away (explicit_bzero or a volatile loop); pt_ct_eq takes
 * time independent of the contents compared.
 */
#ifndef PT_BASE_MEM_H
#define PT_BASE_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Overwrite `len` bytes at `p` with zeros in a way the compiler may not elide. NULL is allowed. */
void pt_wipe(void *p, size_t len);

/* Constant-time equality of two `len`-byte buffers (time depends on len only). */
bool pt_ct_eq(const void *a, const void *b, size_t len);

/* pt_wipe then free. NULL is allowed. */
void pt_free_wiped(void *p, size_t len);

#endif
