/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ax-store.h"

G_BEGIN_DECLS

/* Conflicts that sync opened (DESIGN.md §6, docs/sync-protocol.md "Conflict
 * policies"), for a person to resolve. The mutator:
 *
 *   conflict.resolve {id, keep: mine|theirs|edit, value?, from?}
 *
 * A field conflict: "mine" writes the value the later change wanted (the
 * stored one, "theirs", stays otherwise); "edit" writes a third value
 * (text; null or "" clears it) through the record's update mutator
 * (patient.update: its validation, its permission), "from" being the stored
 * value the person saw — changed since, the edit is refused as stale. A
 * booking conflict: "mine" keeps the flagged booking as an overbook,
 * "theirs" cancels it; "edit" is refused: the booking is moved instead
 * (appointment.move clears needs_rebooking and resolves its open booking
 * conflicts, resolution "moved"). Either way
 * the conflict is resolved, by whom and when, how (resolution: mine, theirs,
 * edit), audited; a resolved conflict is refused. Needs patient.edit (field)
 * or calendar.book (booking). */

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
  gboolean booked_here;  /* a booking conflict for a booking made on this desk */
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
