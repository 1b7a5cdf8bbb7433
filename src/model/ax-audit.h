/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ax-db.h"

G_BEGIN_DECLS

/* Walks the audit chain in order. On a break returns FALSE with the
 * sequence number of the first broken entry. */
gboolean ax_audit_verify (AxDb    *db,
                          gint64  *first_bad_seq,
                          gint64  *n_checked,
                          GError **error);

G_END_DECLS
