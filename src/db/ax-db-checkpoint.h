/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ax-db.h"

G_BEGIN_DECLS

/* Moves the write-ahead log into the store on a thread of its own, so that a
 * commit never pays for a checkpoint (DESIGN.md §10: a checkout's p99). The
 * writer's WAL hook wakes the thread once the log holds `pages` pages; the
 * thread runs a passive checkpoint on its own connection, which never blocks
 * the writer or the readers. Replaces SQLite's automatic checkpoint on that
 * connection. */
typedef struct _AxDbCheckpointer AxDbCheckpointer;

AxDbCheckpointer *ax_db_checkpointer_start (sqlite3          *writer,
                                            const char       *path,
                                            int               pages);
/* Stops and joins the thread (the writer's close checkpoints what is left). */
void              ax_db_checkpointer_stop  (AxDbCheckpointer *self);
/* Checkpoints run so far. */
guint             ax_db_checkpointer_get_runs (AxDbCheckpointer *self);

G_END_DECLS
