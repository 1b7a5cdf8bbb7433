/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ax-context.h"

G_BEGIN_DECLS

#define AX_TYPE_UNSYNCED_MARKS (ax_unsynced_marks_get_type ())
G_DECLARE_FINAL_TYPE (AxUnsyncedMarks, ax_unsynced_marks, AX, UNSYNCED_MARKS, GObject)

/* Which of a table's records are "not yet synced" (docs/sync-protocol.md,
 * "What the desk shows"): written by a mutation still waiting for the
 * clinic server. Empty while the desk is not paired (the context has no
 * sync engine). Read off the main thread after every change of the store
 * and every sync of the engine; "changed" is emitted when the set is new. */
AxUnsyncedMarks *ax_unsynced_marks_new      (AxContext       *context,
                                             const char      *table);
gboolean         ax_unsynced_marks_contains (AxUnsyncedMarks *self,
                                             const char      *id);
/* How many records are marked (tests). */
guint            ax_unsynced_marks_count    (AxUnsyncedMarks *self);

/* The mark a row shows: a small icon with its tooltip and accessible
 * description "Not yet synced with the clinic server". */
GtkWidget       *ax_unsynced_mark_new       (void);
/* Shows marks (found by ax_unsynced_mark_new's widget) on the rows of list
 * whose id (the row's object data id_key) is in marks. */
void             ax_unsynced_marks_apply    (AxUnsyncedMarks *self,
                                             GtkWidget       *list,
                                             const char      *id_key);

G_END_DECLS
