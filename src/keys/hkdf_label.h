/*
 * hkdf_label.h - HKDF-Expand-Label and Derive-Secret (RFC 8446 section 7.1).
 *
 *     HKDF-Expand-Label(Secret, Label, Context, Length) =
 *         HKDF-Expand(Secret, HkdfLabel, Length)
 *     struct {
 *         uint16 length = Length;
 *         opaque label<7..255> = "tls13 " + Label;
 *         opaque context<0..255> = Context;
 *     } HkdfLabel;
 *     Derive-Secret(Secret, Label, Messages) =
 *         HKDF-Expand-Label(Secret, Label, Transcript-Hash(Messages), Hash.length)
 *
 * `label` is given without the "tls13 " prefix, as the RFC writes it ("c hs traffic").  Labels
 * may come from the API (exporters), so their bounds are checked, not assumed: a label longer
 * than PT_HKDF_LABEL_MAX, a context over 255 bytes, or an output length that is 0 or over
 * 255 * Hash.length is PT_ERR_NOALERT(INVALID_PARAMETER), and `out` is not written.  An empty
 * label (an exporter's; see hkdf_label.c) is encoded as "tls13 " alone, as other stacks do.  A
 * provider failure is passed through.  The encoded HkdfLabel is built on the stack and wiped.
 */
#ifndef PT_KEYS_HKDF_LABEL_H
#define PT_KEYS_HKDF_LABEL_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "base/slice.h"
#include "provider/provider.h"

/* "tls13 " + label must fit opaque label<..255>, so the caller's label is at most 249 bytes. */
#define PT_HKDF_LABEL_PREFIX "tls13 "
#define PT_HKDF_LABEL_PREFIX_LEN 6
#define PT_HKDF_LABEL_MAX (255 - PT_HKDF_LABEL_PREFIX_LEN)
#define PT_HKDF_CONTEXT_MAX 255
/* The largest encoded HkdfLabel: 2 + 1 + 255 + 1 + 255. */
#define PT_HKDF_INFO_MAX 514

/*
 * Encode HkdfLabel into info[0..PT_HKDF_INFO_MAX) and set *info_len.  Exposed so the encoding can
 * be tested byte for byte against RFC 8448's "info" lines.
 */
PT_MUST_USE pt_err pt_hkdf_label_encode(pt_slice label, pt_slice context, size_t out_len, uint8_t *info,
                                        size_t *info_len);

/* HKDF-Expand-Label(secret, label, context, out_len) -> out. */
PT_MUST_USE pt_err pt_hkdf_expand_label(const pt_hash *h, pt_slice secret, pt_slice label, pt_slice context,
                                        uint8_t *out, size_t out_len);

/*
 * Derive-Secret(secret, label, Messages) -> out (h->out_len bytes), given
 * transcript_hash = Transcript-Hash(Messages) (h->out_len bytes).
 */
PT_MUST_USE pt_err pt_derive_secret(const pt_hash *h, pt_slice secret, pt_slice label, const uint8_t *transcript_hash,
                                    uint8_t *out);

/* Derive-Secret(secret, label, "") -> out: the transcript of no messages is Hash(""). */
PT_MUST_USE pt_err pt_derive_secret_empty(const pt_hash *h, pt_slice secret, pt_slice label, uint8_t *out);

/* A slice of a string literal, without its NUL: PT_LABEL("derived"). */
#define PT_LABEL(s) pt_slice_of((s), sizeof(s) - 1)

#endif
