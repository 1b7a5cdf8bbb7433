/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-model"

#include "ax-sync-store.h"
#include "ax-model-private.h"
#include "ax-model-error.h"

#include <string.h>
#include <glib/gi18n-lib.h>

/* Tables a pulled change may never write: the device's own bookkeeping. */
static const char *const local_tables[] = {
  "outbox", "outbox_effect", "sync_state", "sync_clients", "sync_changes",
  "audit_log", "login_throttle", "blobs", NULL,
};

static gboolean
step_done (AxDb         *db,
           sqlite3_stmt *stmt,
           GError      **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return ax_db_fail (db, _("Saving the sync state failed"), error);
  return TRUE;
}

/* Push */

static gboolean
assign_push_ids (AxDb    *db,
                 GError **error)
{
  g_autofree char *seq_text = ax_db_get_state (db, "sync.push_seq");
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 seq = seq_text ? g_ascii_strtoll (seq_text, NULL, 10) : 0;
  g_autofree char *next = NULL;
  sqlite3_stmt *stmt;

  stmt = ax_db_prepare (db, "SELECT mut_id FROM outbox WHERE state = 'pending' ORDER BY mut_id", error);
  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  if (ids->len == 0)
    return TRUE;

  stmt = ax_db_prepare (db, "UPDATE outbox SET state = 'sent', push_id = ? WHERE mut_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    {
      sqlite3_bind_int64 (stmt, 1, ++seq);
      sqlite3_bind_int64 (stmt, 2, g_array_index (ids, gint64, i));
      if (!step_done (db, stmt, error))
        return FALSE;
    }
  next = g_strdup_printf ("%" G_GINT64_FORMAT, seq);
  return ax_db_set_state (db, "sync.push_seq", next, error);
}

JsonArray *
ax_store_sync_take_batch (AxStore *self,
                          guint    limit,
                          GError **error)
{
  AxDb *db = ax_store_get_db (self);
  g_autoptr (JsonArray) batch = json_array_new ();
  sqlite3_stmt *stmt;

  g_return_val_if_fail (AX_IS_STORE (self), NULL);

  if (!ax_db_begin (db, error))
    return NULL;
  if (!assign_push_ids (db, error))
    goto fail;
  stmt = ax_db_prepare (db,
                        "SELECT push_id, name, args_json, hlc FROM outbox "
                        " WHERE state = 'sent' ORDER BY push_id LIMIT ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, limit);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      JsonObject *m = json_object_new ();
      JsonNode *args = json_from_string ((const char *) sqlite3_column_text (stmt, 2), NULL);

      json_object_set_int_member (m, "id", sqlite3_column_int64 (stmt, 0));
      json_object_set_string_member (m, "name", (const char *) sqlite3_column_text (stmt, 1));
      json_object_set_member (m, "args", args ? args : json_node_init_object (json_node_alloc (),
                                                                              json_object_new ()));
      json_object_set_string_member (m, "hlc", (const char *) sqlite3_column_text (stmt, 3));
      json_array_add_object_element (batch, m);
    }
  sqlite3_reset (stmt);
  stmt = ax_db_prepare (db, "UPDATE outbox SET attempts = attempts + 1 "
                        " WHERE state = 'sent' AND push_id <= ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, json_array_get_length (batch) == 0 ? 0
                      : json_object_get_int_member (json_array_get_object_element (batch, json_array_get_length (batch) - 1), "id"));
  if (!step_done (db, stmt, error) || !ax_db_commit (db, error))
    goto fail;
  return g_steal_pointer (&batch);

fail:
  ax_db_rollback (db);
  return NULL;
}

static JsonObject *
find_result (JsonArray *results,
             gint64     id)
{
  for (guint i = 0; results && i < json_array_get_length (results); i++)
    {
      JsonObject *r = json_array_get_object_element (results, i);

      if (r != NULL && json_object_get_int_member_with_default (r, "id", 0) == id)
        return r;
    }
  return NULL;
}

gboolean
ax_store_sync_acknowledge (AxStore   *self,
                           gint64     last_push_id,
                           JsonArray *results,
                           GError   **error)
{
  AxDb *db = ax_store_get_db (self);
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;

  g_return_val_if_fail (AX_IS_STORE (self), FALSE);

  if (!ax_db_begin (db, error))
    return FALSE;
  stmt = ax_db_prepare (db, "SELECT push_id FROM outbox WHERE state = 'sent' AND push_id <= ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, last_push_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);

  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      JsonObject *r = find_result (results, id);
      const char *status = r ? json_object_get_string_member_with_default (r, "status", NULL) : NULL;
      gboolean rejected = g_strcmp0 (status, "rejected") == 0;
      g_autofree char *reason = NULL;

      if (rejected)
        reason = g_strdup_printf ("%s: %s",
                                  json_object_get_string_member_with_default (r, "code", "rejected"),
                                  json_object_get_string_member_with_default (r, "message", ""));
      stmt = ax_db_prepare (db, "UPDATE outbox SET state = ?, last_error = ? WHERE push_id = ?", error);
      if (stmt == NULL)
        goto fail;
      /* "skipped": the server had it already (a retry after a lost reply). */
      sqlite3_bind_text (stmt, 1, rejected ? "rejected" : "applied", -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, reason, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, id);
      if (!step_done (db, stmt, error))
        goto fail;
    }
  /* An acknowledged mutation can no longer be undone or rebased: its
   * changeset is dead weight. */
  if (!ax_db_exec (db, "DELETE FROM outbox_effect WHERE mut_id IN "
                   "(SELECT mut_id FROM outbox WHERE state IN ('applied', 'merged', 'rejected'))", error))
    goto fail;
  if (!ax_db_commit (db, error))
    goto fail;
  if (ids->len > 0)
    ax_store_emit_changed (self, "sync.acknowledge");
  return TRUE;

fail:
  ax_db_rollback (db);
  return FALSE;
}

guint
ax_store_sync_count_waiting (AxStore *self)
{
  sqlite3_stmt *stmt = ax_db_prepare (ax_store_get_db (self),
                                      "SELECT COUNT (*) FROM outbox WHERE state IN ('pending', 'sent')",
                                      NULL);
  guint n = 0;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    n = (guint) sqlite3_column_int64 (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);
  return n;
}

char *
ax_store_sync_get_cursor (AxStore *self)
{
  char *cursor = ax_db_get_state (ax_store_get_db (self), "sync.cursor");

  return cursor ? cursor : g_strdup ("0");
}

/* Pull */

static char *
row_key (const char *table,
         const char *id)
{
  return g_strconcat (table, "\x1f", id, NULL);
}

/* The rows that waiting mutations changed, as row_key()s. */
static GHashTable *
waiting_rows (AxDb    *db,
              GError **error)
{
  g_autoptr (GHashTable) rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *stmt;

  stmt = ax_db_prepare (db, "SELECT e.changeset FROM outbox o JOIN outbox_effect e USING (mut_id) "
                        " WHERE o.state IN ('pending', 'sent')", error);
  if (stmt == NULL)
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      sqlite3_changeset_iter *iter = NULL;
      int size = sqlite3_column_bytes (stmt, 0);

      if (size == 0 || sqlite3changeset_start (&iter, size, (void *) sqlite3_column_blob (stmt, 0)) != SQLITE_OK)
        continue;
      while (sqlite3changeset_next (iter) == SQLITE_ROW)
        {
          const char *table;
          int n_cols, op, indirect;
          unsigned char *pk = NULL;
          sqlite3_value *value = NULL;

          sqlite3changeset_op (iter, &table, &n_cols, &op, &indirect);
          sqlite3changeset_pk (iter, &pk, &n_cols);
          for (int i = 0; i < n_cols; i++)
            if (pk[i])
              {
                if (op == SQLITE_INSERT)
                  sqlite3changeset_new (iter, i, &value);
                else
                  sqlite3changeset_old (iter, i, &value);
                if (value != NULL && sqlite3_value_text (value) != NULL)
                  g_hash_table_add (rows, row_key (table, (const char *) sqlite3_value_text (value)));
                break;
              }
        }
      sqlite3changeset_finalize (iter);
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&rows);
}

static gboolean
is_synced_table (AxDb       *db,
                 const char *table)
{
  sqlite3_stmt *stmt;
  gboolean found;

  if (g_strv_contains (local_tables, table) || g_str_has_prefix (table, "patient_search")
      || g_str_has_prefix (table, "sqlite_"))
    return FALSE;
  stmt = ax_db_prepare (db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_STATIC);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return found;
}

/* Column name → declared type, for the table. */
static GHashTable *
column_types (AxDb       *db,
              const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT name, type FROM pragma_table_info ('%s')", table);
  GHashTable *types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_stmt *stmt = ax_db_prepare (db, sql, NULL);

  if (stmt == NULL)
    return types;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_insert (types, g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                         g_ascii_strup ((const char *) sqlite3_column_text (stmt, 1), -1));
  sqlite3_reset (stmt);
  return types;
}

static gboolean
upsert_row (AxDb       *db,
            const char *table,
            JsonObject *row,
            GError    **error)
{
  g_autoptr (GHashTable) types = column_types (db, table);
  g_autoptr (GList) members = json_object_get_members (row);
  g_autoptr (GString) cols = g_string_new (NULL);
  g_autoptr (GString) marks = g_string_new (NULL);
  g_autoptr (GString) sets = g_string_new (NULL);
  g_autoptr (GPtrArray) used = g_ptr_array_new ();
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  int idx = 1;

  for (GList *l = members; l; l = l->next)
    {
      const char *col = l->data;

      /* A column this desk does not know (a newer server): left out. */
      if (!g_hash_table_contains (types, col))
        continue;
      g_ptr_array_add (used, (gpointer) col);
      g_string_append_printf (cols, "%s\"%s\"", cols->len ? ", " : "", col);
      g_string_append_printf (marks, "%s?", marks->len ? ", " : "");
      if (strcmp (col, "id") != 0)
        g_string_append_printf (sets, "%s\"%s\" = excluded.\"%s\"", sets->len ? ", " : "", col, col);
    }
  sql = g_strdup_printf ("INSERT INTO \"%s\" (%s) VALUES (%s) ON CONFLICT (id) DO %s%s",
                         table, cols->str, marks->str, sets->len ? "UPDATE SET " : "NOTHING", sets->str);
  stmt = ax_db_prepare (db, sql, error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < used->len; i++, idx++)
    {
      const char *col = used->pdata[i];
      JsonNode *v = json_object_get_member (row, col);
      const char *type = g_hash_table_lookup (types, col);

      if (JSON_NODE_HOLDS_NULL (v))
        sqlite3_bind_null (stmt, idx);
      else if (json_node_get_value_type (v) == G_TYPE_STRING && g_strcmp0 (type, "BLOB") == 0)
        {
          gsize len = 0;
          guchar *data = g_base64_decode (json_node_get_string (v), &len);

          sqlite3_bind_blob (stmt, idx, data, (int) len, g_free);
        }
      else if (json_node_get_value_type (v) == G_TYPE_STRING)
        sqlite3_bind_text (stmt, idx, json_node_get_string (v), -1, SQLITE_TRANSIENT);
      else if (json_node_get_value_type (v) == G_TYPE_DOUBLE)
        sqlite3_bind_double (stmt, idx, json_node_get_double (v));
      else if (json_node_get_value_type (v) == G_TYPE_BOOLEAN)
        sqlite3_bind_int (stmt, idx, json_node_get_boolean (v));
      else
        sqlite3_bind_int64 (stmt, idx, json_node_get_int (v));
    }
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      sqlite3_reset (stmt);
      return ax_db_fail (db, _("Saving a row from the clinic server failed"), error);
    }
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
delete_row (AxDb       *db,
            const char *table,
            const char *id,
            GError    **error)
{
  g_autofree char *sql = g_strdup_printf ("DELETE FROM \"%s\" WHERE id = ?", table);
  sqlite3_stmt *stmt = ax_db_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  return step_done (db, stmt, error);
}

gboolean
ax_store_sync_apply_pulled (AxStore    *self,
                            JsonObject *page,
                            guint      *applied,
                            gboolean   *stalled,
                            GError    **error)
{
  AxDb *db = ax_store_get_db (self);
  JsonArray *changes;
  g_autoptr (GHashTable) waiting = NULL;
  g_autofree char *cursor = NULL;
  guint n = 0;

  g_return_val_if_fail (AX_IS_STORE (self), FALSE);
  *applied = 0;
  *stalled = FALSE;

  changes = json_object_get_array_member (page, "changes");
  if (changes == NULL || json_object_get_string_member_with_default (page, "cursor", NULL) == NULL)
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_CORRUPT,
                   _("The clinic server sent changes this desk cannot read"));
      return FALSE;
    }
  cursor = g_strdup (json_object_get_string_member (page, "cursor"));

  if (!ax_db_begin (db, error))
    return FALSE;
  /* Rows arrive in version order, not in the order of their references. */
  if (!ax_db_exec (db, "PRAGMA defer_foreign_keys = ON", error))
    goto fail;
  waiting = waiting_rows (db, error);
  if (waiting == NULL)
    goto fail;

  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *c = json_array_get_object_element (changes, i);
      const char *table = c ? json_object_get_string_member_with_default (c, "table", NULL) : NULL;
      const char *id = c ? json_object_get_string_member_with_default (c, "id", NULL) : NULL;
      JsonNode *row = c ? json_object_get_member (c, "row") : NULL;
      g_autofree char *key = NULL;

      if (table == NULL || id == NULL || row == NULL)
        {
          g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_CORRUPT,
                       _("The clinic server sent a change this desk cannot read"));
          goto fail;
        }
      key = row_key (table, id);
      if (g_hash_table_contains (waiting, key))
        {
          /* Not built yet: the rebase of DESIGN §6. Stop before the row;
           * the cursor stays at the last row applied. */
          g_clear_pointer (&cursor, g_free);
          cursor = i == 0 ? ax_store_sync_get_cursor (self)
                          : g_strdup_printf ("%" G_GINT64_FORMAT,
                                             json_object_get_int_member (json_array_get_object_element (changes, i - 1),
                                                                         "version"));
          *stalled = TRUE;
          break;
        }
      if (!is_synced_table (db, table))
        continue;
      if (JSON_NODE_HOLDS_NULL (row))
        {
          if (!delete_row (db, table, id, error))
            goto fail;
        }
      else if (!JSON_NODE_HOLDS_OBJECT (row) || !upsert_row (db, table, json_node_get_object (row), error))
        goto fail;
      n++;
    }

  if (!ax_db_set_state (db, "sync.cursor", cursor, error) || !ax_db_commit (db, error))
    goto fail;
  *applied = n;
  if (n > 0)
    {
      ax_store_reload_clinic (self);
      ax_store_emit_changed (self, "sync.pull");
    }
  return TRUE;

fail:
  ax_db_rollback (db);
  return FALSE;
}
