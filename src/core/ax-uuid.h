/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Text form: 36 characters plus the terminating NUL. */
#define AX_UUID_STRLEN 37

/* A UUIDv7 generator (RFC 9562 §5.7, monotonicity by method 1: the 12-bit
 * rand_a field is a counter seeded randomly each millisecond). Ids from one
 * generator sort in creation order as text, even when the wall clock steps
 * back or more than one id is made within a millisecond. */
typedef struct _AxUuidGen AxUuidGen;

AxUuidGen *ax_uuid_gen_new         (void);
void       ax_uuid_gen_free        (AxUuidGen *gen);
void       ax_uuid_gen_next        (AxUuidGen *gen,
                                    gint64     now_ms,
                                    char       out[AX_UUID_STRLEN]);

/* The process-wide generator (thread-safe), on the real-time clock. */
void       ax_uuid_v7              (char       out[AX_UUID_STRLEN]);
char      *ax_uuid_v7_new          (void);

/* A UUIDv8 (RFC 9562 §5.8) named by parent and n: the SHA-256 of both,
 * with the version and variant bits set. Rows born with another row (an
 * appointment's services, a patient's first allergies) take such ids, so
 * replaying the mutation on another store makes the very same rows. */
void       ax_uuid_derive          (const char *parent,
                                    guint       n,
                                    char        out[AX_UUID_STRLEN]);

gboolean   ax_uuid_is_valid        (const char *text);
/* The unix milliseconds a UUIDv7 was made at, or -1 if it is not a v7. */
gint64     ax_uuid_v7_timestamp_ms (const char *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AxUuidGen, ax_uuid_gen_free)

G_END_DECLS
