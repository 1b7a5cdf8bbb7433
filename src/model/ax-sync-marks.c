/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-model"

#include "ax-sync-marks.h"
#include "ax-model-private.h"

#include <string.h>
#include <glib/gi18n-lib.h>

/* Rows that belong to a record shown as one: a chart is its entries, its
 * face-chart overlays and its signature too. */
static const struct
{
  const char *parent;
  const char *child;
  const char *sql;   /* the parent's id for the child's id */
} parts[] = {
  { "charts", "chart_entries", "SELECT chart_id FROM chart_entries WHERE id = ?" },
  { "charts", "photo_overlays", "SELECT chart_id FROM photo_overlays WHERE id = ? AND chart_id IS NOT NULL" },
  { "charts", "signatures", "SELECT subject_id FROM signatures WHERE id = ? AND subject_type = 'chart'" },
};

/* The first primary-key column of the change's row (old for a delete). */
static const char *
change_row_id (sqlite3_changeset_iter *iter,
               int                     op)
{
  unsigned char *pk = NULL;
  int n_cols = 0;
  sqlite3_value *value = NULL;

  sqlite3changeset_pk (iter, &pk, &n_cols);
  for (int i = 0; i < n_cols; i++)
    if (pk[i])
      {
        if (op == SQLITE_INSERT)
          sqlite3changeset_new (iter, i, &value);
        else
          sqlite3changeset_old (iter, i, &value);
        return value ? (const char *) sqlite3_value_text (value) : NULL;
      }
  return NULL;
}

/* Adds the ids of the rows of the tables in `tables` that changeset writes
 * to the sets in `found` (table → set). */
static gboolean
collect (AxDb         *db,
         const void   *data,
         int           size,
         GHashTable   *found,
         GError      **error)
{
  sqlite3_changeset_iter *iter = NULL;

  if (size <= 0)
    return TRUE;
  if (sqlite3changeset_start (&iter, size, (void *) data) != SQLITE_OK)
    return ax_db_fail (db, _("Reading the changes waiting for the clinic server failed"), error);
  while (sqlite3changeset_next (iter) == SQLITE_ROW)
    {
      const char *table, *id;
      int n_cols, op, indirect;
      GHashTable *set;

      sqlite3changeset_op (iter, &table, &n_cols, &op, &indirect);
      set = g_hash_table_lookup (found, table);
      if (set == NULL)
        continue;
      id = change_row_id (iter, op);
      if (id != NULL)
        g_hash_table_add (set, g_strdup (id));
    }
  sqlite3changeset_finalize (iter);
  return TRUE;
}

GHashTable *
ax_sync_unsynced_ids (AxDb       *db,
                      const char *table,
                      GError    **error)
{
  g_autoptr (GHashTable) found = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                        (GDestroyNotify) g_hash_table_unref);
  GHashTable *ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean began = FALSE, ok = TRUE;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (table != NULL, NULL);

  g_hash_table_insert (found, (gpointer) table, g_hash_table_ref (ids));
  for (gsize i = 0; i < G_N_ELEMENTS (parts); i++)
    if (strcmp (parts[i].parent, table) == 0)
      g_hash_table_insert (found, (gpointer) parts[i].child,
                           g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL));

  if (!ax_db_begin_read (db, &began, error))
    {
      g_hash_table_unref (ids);
      return NULL;
    }
  stmt = ax_db_prepare (db, "SELECT e.changeset FROM outbox o JOIN outbox_effect e USING (mut_id) "
                        " WHERE o.state IN ('pending', 'sent')", error);
  ok = stmt != NULL;
  while (ok && sqlite3_step (stmt) == SQLITE_ROW)
    ok = collect (db, sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0), found, error);
  if (stmt != NULL)
    sqlite3_reset (stmt);

  /* The parts' records. */
  for (gsize i = 0; ok && i < G_N_ELEMENTS (parts); i++)
    {
      GHashTable *children = g_hash_table_lookup (found, parts[i].child);
      GHashTableIter it;
      gpointer child;

      if (strcmp (parts[i].parent, table) != 0 || g_hash_table_size (children) == 0)
        continue;
      stmt = ax_db_prepare (db, parts[i].sql, error);
      ok = stmt != NULL;
      g_hash_table_iter_init (&it, children);
      while (ok && g_hash_table_iter_next (&it, &child, NULL))
        {
          sqlite3_bind_text (stmt, 1, child, -1, SQLITE_STATIC);
          if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
            g_hash_table_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
          sqlite3_reset (stmt);
        }
    }
  ax_db_end_read (db, began);
  if (!ok)
    g_clear_pointer (&ids, g_hash_table_unref);
  return ids;
}

static gpointer
unsynced_read (AxDb     *db,
               gpointer  data,
               GError  **error)
{
  return ax_sync_unsynced_ids (db, data, error);
}

void
ax_sync_unsynced_ids_async (AxStore             *store,
                            const char          *table,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  ax_store_read_async (store, unsynced_read, g_strdup (table), g_free, (GDestroyNotify) g_hash_table_unref,
                       ax_sync_unsynced_ids_async, cancellable, callback, user_data);
}

GHashTable *
ax_sync_unsynced_ids_finish (AxStore      *store,
                             GAsyncResult *result,
                             GError      **error)
{
  return ax_store_read_finish (store, result, ax_sync_unsynced_ids_async, error);
}
