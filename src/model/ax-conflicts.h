/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ax-store.h"

G_BEGIN_DECLS

/* Conflicts that sync opened (DESIGN.md §6, docs/sync-protocol.md "Conflict
 * policies"), for a person to resolve. The mutator:
 *
 *   conflict.resolve {id, keep: mine|theirs}
 *
 * A field conflict: "mine" writes the value the later change wanted (the
 * stored one, "theirs", stays otherwise). A booking conflict: "mine" keeps
 * the flagged booking as an overbook, "theirs" cancels it. Either way the
 * conflict is resolved, by whom and when; a resolved conflict is refused.
 * Needs patient.edit (field) or calendar.book (booking). */

typedef struct
{
  char   *id;
  char   *kind;          /* field, booking, ledger, signed */
  char   *table_name;
  char   *row_id;
  char   *field;         /* field conflicts */
  char   *base_json;     /* JSON values, or NULL */
  char   *mine_json;
  char   *theirs_json;
  gint64  created_at;
  char   *subject;       /* the patient's name (the record's, or the booking's) */
  gint64  start_at;      /* bookings: when; else 0 */
} AxConflict;

void       ax_conflict_free            (AxConflict *conflict);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AxConflict, ax_conflict_free)

/* The open conflicts, oldest first. */
GPtrArray *ax_conflicts_list_open      (AxDb         *db,
                                        GError      **error);
void       ax_conflicts_list_open_async  (AxStore             *store,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
GPtrArray *ax_conflicts_list_open_finish (AxStore             *store,
                                          GAsyncResult        *result,
                                          GError             **error);

G_END_DECLS
