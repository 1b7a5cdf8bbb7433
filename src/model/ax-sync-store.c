/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-model"

#include "ax-sync-store.h"
#include "ax-model-private.h"
#include "ax-model-error.h"
#include "ax-test-point.h"

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

static gboolean restore_indexes (AxDb    *db,
                                 GError **error);

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

/* The next batch: sent mutations in push order, at most limit; with
 * one_author, only the leading run of the head's author (*author set to it,
 * NULL for a mutation made by nobody logged in). */
static JsonArray *
take_batch (AxStore  *self,
            guint     limit,
            gboolean  one_author,
            char    **author,
            GError  **error)
{
  AxDb *db = ax_store_get_db (self);
  g_autoptr (JsonArray) batch = json_array_new ();
  g_autofree char *head_author = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (AX_IS_STORE (self), NULL);

  if (!ax_db_begin (db, error))
    return NULL;
  if (!assign_push_ids (db, error))
    goto fail;
  stmt = ax_db_prepare (db,
                        "SELECT push_id, name, args_json, hlc, user_id FROM outbox "
                        " WHERE state = 'sent' ORDER BY push_id LIMIT ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, limit);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *user_id = (const char *) sqlite3_column_text (stmt, 4);
      JsonObject *m;
      JsonNode *args;

      if (json_array_get_length (batch) == 0)
        head_author = g_strdup (user_id);
      else if (one_author && g_strcmp0 (head_author, user_id) != 0)
        break;
      m = json_object_new ();
      args = json_from_string ((const char *) sqlite3_column_text (stmt, 2), NULL);
      json_object_set_int_member (m, "id", sqlite3_column_int64 (stmt, 0));
      json_object_set_string_member (m, "name", (const char *) sqlite3_column_text (stmt, 1));
      json_object_set_member (m, "args", args ? args : json_node_init_object (json_node_alloc (),
                                                                              json_object_new ()));
      json_object_set_string_member (m, "hlc", (const char *) sqlite3_column_text (stmt, 3));
      /* The author: the server checks it is the token's user. */
      if (user_id != NULL)
        json_object_set_string_member (m, "user_id", user_id);
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
  if (author != NULL)
    *author = g_steal_pointer (&head_author);
  return g_steal_pointer (&batch);

fail:
  ax_db_rollback (db);
  return NULL;
}

JsonArray *
ax_store_sync_take_batch (AxStore *self,
                          guint    limit,
                          GError **error)
{
  return take_batch (self, limit, FALSE, NULL, error);
}

JsonArray *
ax_store_sync_take_author_batch (AxStore  *self,
                                 guint     limit,
                                 char    **author,
                                 GError  **error)
{
  g_return_val_if_fail (author != NULL, NULL);
  *author = NULL;
  return take_batch (self, limit, TRUE, author, error);
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

static gboolean
receive_clock (AxStore    *self,
               JsonObject *reply,
               GError    **error)
{
  gint64 server_ms = json_object_get_int_member_with_default (reply, "server_time", 0);

  return server_ms <= 0 || ax_store_receive_hlc (self, server_ms, error);
}

gboolean
ax_store_sync_acknowledge (AxStore    *self,
                           JsonObject *reply,
                           GError    **error)
{
  AxDb *db = ax_store_get_db (self);
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 last_push_id = json_object_get_int_member_with_default (reply, "last_mutation_id", 0);
  JsonArray *results = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (AX_IS_STORE (self), FALSE);

  if (json_object_has_member (reply, "results")
      && JSON_NODE_HOLDS_ARRAY (json_object_get_member (reply, "results")))
    results = json_object_get_array_member (reply, "results");

  if (!ax_db_begin (db, error))
    return FALSE;
  if (!receive_clock (self, reply, error))
    goto fail;
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
      const char *state = "applied";
      g_autofree char *reason = NULL;

      if (g_strcmp0 (status, "rejected") == 0)
        {
          state = "rejected";
          reason = g_strdup_printf ("%s: %s",
                                    json_object_get_string_member_with_default (r, "code", "rejected"),
                                    json_object_get_string_member_with_default (r, "message", ""));
        }
      else if (g_strcmp0 (status, "merged") == 0)
        state = "merged";
      /* "skipped": the server had it already (a retry after a lost reply);
       * its verdict was in the lost reply. Counted as applied: if the server
       * had rejected it, the rebase undoes it all the same, as the server's
       * rows are what stays. */
      stmt = ax_db_prepare (db, "UPDATE outbox SET state = ?, last_error = ? WHERE push_id = ?", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_text (stmt, 1, state, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, reason, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, id);
      if (!step_done (db, stmt, error))
        goto fail;
    }
  /* The changesets stay until the next pull's rebase: it undoes them and
   * puts the server's rows in their place (a rejected mutation's rows go). */
  ax_test_point ("push-acknowledging");
  if (!ax_db_commit (db, error))
    goto fail;
  if (ids->len > 0)
    ax_store_emit_changed (self, "sync.acknowledge");
  return TRUE;

fail:
  ax_db_rollback (db);
  return FALSE;
}

gboolean
ax_store_sync_restamp (AxStore *self,
                       gint64   server_ms,
                       gboolean *restamped,
                       GError **error)
{
  AxDb *db = ax_store_get_db (self);
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 now = ax_store_now_ms (self);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (AX_IS_STORE (self), FALSE);
  *restamped = FALSE;
  /* Still ahead: only a person can correct the clock. */
  if (now > server_ms + AX_SYNC_CLOCK_TOLERANCE_MS)
    return TRUE;

  if (!ax_db_begin (db, error))
    return FALSE;
  stmt = ax_db_prepare (db, "SELECT mut_id FROM outbox WHERE state IN ('pending', 'sent') ORDER BY mut_id", error);
  if (stmt == NULL)
    goto fail;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  /* Nothing of these reached the server (it stops a batch at the first
   * stamp it refuses), so they may take new stamps, in their order. */
  if (!ax_store_reset_hlc (self, MAX (now, server_ms), error))
    goto fail;
  for (guint i = 0; i < ids->len; i++)
    {
      char hlc[36];

      ax_store_tick_hlc (self, hlc);
      stmt = ax_db_prepare (db, "UPDATE outbox SET hlc = ? WHERE mut_id = ?", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_text (stmt, 1, hlc, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, g_array_index (ids, gint64, i));
      if (!step_done (db, stmt, error))
        goto fail;
      if (i + 1 == ids->len && !ax_db_set_state (db, "hlc", hlc, error))
        goto fail;
    }
  if (!ax_db_commit (db, error))
    goto fail;
  *restamped = ids->len > 0;
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

GPtrArray *
ax_store_sync_waiting_authors (AxStore *self)
{
  GPtrArray *authors = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = ax_db_prepare (ax_store_get_db (self),
                                      "SELECT user_id FROM outbox "
                                      " WHERE state IN ('pending', 'sent') AND user_id IS NOT NULL "
                                      " GROUP BY user_id ORDER BY MIN (mut_id)", NULL);

  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (authors, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  if (stmt != NULL)
    sqlite3_reset (stmt);
  return authors;
}

char *
ax_store_sync_user_name (AxStore    *self,
                         const char *user_id)
{
  sqlite3_stmt *stmt = ax_db_prepare (ax_store_get_db (self),
                                      "SELECT display_name, username FROM users WHERE id = ?", NULL);
  char *name = NULL;

  if (stmt == NULL || user_id == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, user_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    name = g_strdup ((const char *) (sqlite3_column_text (stmt, 0) ? sqlite3_column_text (stmt, 0)
                                                                   : sqlite3_column_text (stmt, 1)));
  sqlite3_reset (stmt);
  return name;
}

char *
ax_store_sync_get_cursor (AxStore *self)
{
  char *cursor = ax_db_get_state (ax_store_get_db (self), "sync.cursor");

  return cursor ? cursor : g_strdup ("0");
}

gboolean
ax_store_sync_set_device_code (AxStore    *self,
                               const char *code,
                               GError    **error)
{
  AxDb *db = ax_store_get_db (self);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (AX_IS_STORE (self), FALSE);
  g_return_val_if_fail (code != NULL && *code != '\0', FALSE);

  if (!ax_db_begin (db, error) || !ax_db_set_state (db, "device.code", code, error))
    goto fail;
  /* Numbers handed out before pairing keep their code; new ones take this. */
  stmt = ax_db_prepare (db, "UPDATE devices SET code = ? WHERE id = ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, code, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ax_store_get_device_id (self), -1, SQLITE_STATIC);
  if (!step_done (db, stmt, error) || !ax_db_commit (db, error))
    goto fail;
  return TRUE;

fail:
  ax_db_rollback (db);
  return FALSE;
}

/* Pairing */

char *
ax_store_sync_get_device_code (AxStore *self)
{
  g_return_val_if_fail (AX_IS_STORE (self), NULL);
  return ax_db_get_state (ax_store_get_db (self), "device.code");
}

gboolean
ax_store_sync_set_server (AxStore    *self,
                          const char *url,
                          const char *device_id,
                          GError    **error)
{
  AxDb *db = ax_store_get_db (self);

  g_return_val_if_fail (AX_IS_STORE (self), FALSE);
  g_return_val_if_fail (url != NULL && *url != '\0', FALSE);
  g_return_val_if_fail (device_id != NULL && *device_id != '\0', FALSE);

  if (!ax_db_begin (db, error) || !ax_db_set_state (db, "server.url", url, error)
      || !ax_db_set_state (db, "server.device_id", device_id, error) || !ax_db_commit (db, error))
    {
      ax_db_rollback (db);
      return FALSE;
    }
  return TRUE;
}

gboolean
ax_store_sync_get_server (AxStore  *self,
                          char    **url,
                          char    **device_id)
{
  AxDb *db = ax_store_get_db (self);
  g_autofree char *u = ax_db_get_state (db, "server.url");
  g_autofree char *d = ax_db_get_state (db, "server.device_id");
  gboolean paired = u != NULL && *u != '\0' && d != NULL && *d != '\0';

  if (url != NULL)
    *url = paired ? g_steal_pointer (&u) : NULL;
  if (device_id != NULL)
    *device_id = paired ? g_steal_pointer (&d) : NULL;
  return paired;
}

gboolean
ax_store_sync_forget_server (AxStore  *self,
                             GError  **error)
{
  AxDb *db = ax_store_get_db (self);

  g_return_val_if_fail (AX_IS_STORE (self), FALSE);
  /* A catch-up that will not go on gives back the indexes it deferred. */
  if (!ax_db_begin (db, error) || !ax_db_set_state (db, "server.url", "", error)
      || !ax_db_set_state (db, "server.device_id", "", error) || !restore_indexes (db, error)
      || !ax_db_commit (db, error))
    {
      ax_db_rollback (db);
      return FALSE;
    }
  return TRUE;
}

/* Pull */

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

/* What a page's rows need of a table, looked up once per page: whether it
 * syncs, its columns' declared types, and the upsert of the last column
 * list seen (the server sends every row of a table with the same columns,
 * in the same order, so the statement is built once and reused). */
typedef struct
{
  gboolean    synced;
  GHashTable *types;     /* column → declared type, upper case */
  GPtrArray  *columns;   /* the row's members, in order, of the cached upsert */
  GArray     *bind;      /* for each member, a Bind */
  char       *sql;
  sqlite3_stmt *stmt;    /* its statement, the db's (looked up once, not per row) */
} TableCache;

typedef struct
{
  int      param;        /* 1…, or 0 when the column is left out */
  gboolean blob;         /* sent as base64 text */
} Bind;

static void
table_cache_free (gpointer data)
{
  TableCache *t = data;

  g_clear_pointer (&t->types, g_hash_table_unref);
  g_clear_pointer (&t->columns, g_ptr_array_unref);
  g_clear_pointer (&t->bind, g_array_unref);
  g_free (t->sql);
  g_free (t);
}

static GHashTable *
table_caches_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, table_cache_free);
}

static TableCache *
table_cache (GHashTable *caches,
             AxDb       *db,
             const char *table)
{
  TableCache *t = g_hash_table_lookup (caches, table);

  if (t == NULL)
    {
      t = g_new0 (TableCache, 1);
      t->synced = is_synced_table (db, table);
      t->types = column_types (db, table);
      g_hash_table_insert (caches, g_strdup (table), t);
    }
  return t;
}

/* The cached upsert fits a row whose members are the same, in order. */
static gboolean
same_columns (TableCache *t,
              JsonObject *row)
{
  JsonObjectIter iter;
  const char *name;
  guint i = 0;

  if (t->columns == NULL || json_object_get_size (row) != t->columns->len)
    return FALSE;
  json_object_iter_init_ordered (&iter, row);
  while (json_object_iter_next_ordered (&iter, &name, NULL))
    if (i >= t->columns->len || strcmp (name, t->columns->pdata[i++]) != 0)
      return FALSE;
  return TRUE;
}

/* The upsert for rows with these members, in this order. */
static void
build_upsert_names (TableCache *t,
                    const char *table,
                    GPtrArray  *names)
{
  g_autoptr (GString) cols = g_string_new (NULL);
  g_autoptr (GString) marks = g_string_new (NULL);
  g_autoptr (GString) sets = g_string_new (NULL);
  int idx = 0;

  g_clear_pointer (&t->columns, g_ptr_array_unref);
  g_clear_pointer (&t->bind, g_array_unref);
  g_clear_pointer (&t->sql, g_free);
  t->stmt = NULL;
  t->columns = g_ptr_array_new_with_free_func (g_free);
  t->bind = g_array_new (FALSE, FALSE, sizeof (Bind));
  for (guint i = 0; i < names->len; i++)
    {
      const char *col = names->pdata[i];
      Bind bind = { 0, FALSE };

      g_ptr_array_add (t->columns, g_strdup (col));
      /* A column this desk does not know (a newer server): left out. */
      if (g_hash_table_contains (t->types, col))
        {
          bind.param = ++idx;
          bind.blob = g_strcmp0 (g_hash_table_lookup (t->types, col), "BLOB") == 0;
          g_string_append_printf (cols, "%s\"%s\"", cols->len ? ", " : "", col);
          g_string_append (marks, marks->len ? ", ?" : "?");
          if (strcmp (col, "id") != 0)
            g_string_append_printf (sets, "%s\"%s\" = excluded.\"%s\"", sets->len ? ", " : "", col, col);
        }
      g_array_append_val (t->bind, bind);
    }
  t->sql = g_strdup_printf ("INSERT INTO \"%s\" (%s) VALUES (%s) ON CONFLICT (id) DO %s%s",
                            table, cols->str, marks->str, sets->len ? "UPDATE SET " : "NOTHING",
                            sets->str);
}

static void
build_upsert (TableCache *t,
              const char *table,
              JsonObject *row)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  JsonObjectIter iter;
  const char *col;

  json_object_iter_init_ordered (&iter, row);
  while (json_object_iter_next_ordered (&iter, &col, NULL))
    g_ptr_array_add (names, (gpointer) col);
  build_upsert_names (t, table, names);
}

static gboolean
upsert_cached (AxDb       *db,
               TableCache *t,
               const char *table,
               JsonObject *row,
               GError    **error)
{
  JsonObjectIter iter;
  const char *col;
  JsonNode *v;
  sqlite3_stmt *stmt;
  guint i = 0;

  if (!same_columns (t, row))
    build_upsert (t, table, row);
  if (t->stmt == NULL)
    t->stmt = ax_db_prepare (db, t->sql, error);
  stmt = t->stmt;
  if (stmt == NULL)
    return FALSE;
  json_object_iter_init_ordered (&iter, row);
  while (json_object_iter_next_ordered (&iter, &col, &v))
    {
      const Bind *bind = &g_array_index (t->bind, Bind, i++);
      int idx = bind->param;

      if (idx == 0)
        continue;
      if (JSON_NODE_HOLDS_NULL (v))
        sqlite3_bind_null (stmt, idx);
      else if (json_node_get_value_type (v) == G_TYPE_STRING)
        {
          const char *text = json_node_get_string (v);

          if (bind->blob)
            {
              gsize len = 0;
              guchar *data = g_base64_decode (text, &len);

              sqlite3_bind_blob (stmt, idx, data, (int) len, g_free);
            }
          else
            /* The row outlives the step: no copy. */
            sqlite3_bind_text (stmt, idx, text, -1, SQLITE_STATIC);
        }
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
  sqlite3_clear_bindings (stmt);
  return TRUE;
}

static gboolean
upsert_row (AxDb       *db,
            const char *table,
            JsonObject *row,
            GError    **error)
{
  g_autoptr (GHashTable) caches = table_caches_new ();

  return upsert_cached (db, table_cache (caches, db, table), table, row, error);
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

/* The rebase (DESIGN.md §6) */

typedef struct
{
  gint64  mut_id;
  char   *name;
  char   *args_json;
  char   *hlc;
  char   *user_id;
  char   *state;
  gint64  created_at;
  GBytes *changeset;
} Waiting;

static void
waiting_free (gpointer data)
{
  Waiting *w = data;

  g_free (w->name);
  g_free (w->args_json);
  g_free (w->hlc);
  g_free (w->user_id);
  g_free (w->state);
  g_clear_pointer (&w->changeset, g_bytes_unref);
  g_free (w);
}

static gboolean
is_waiting (const Waiting *w)
{
  return g_strcmp0 (w->state, "pending") == 0 || g_strcmp0 (w->state, "sent") == 0;
}

/* Every mutation whose changeset is still kept: the waiting ones, and those
 * acknowledged since the last complete pull. In mut_id order. */
static GPtrArray *
load_rebase (AxDb    *db,
             GError **error)
{
  g_autoptr (GPtrArray) list = g_ptr_array_new_with_free_func (waiting_free);
  sqlite3_stmt *stmt;

  stmt = ax_db_prepare (db, "SELECT o.mut_id, o.name, o.args_json, o.hlc, o.user_id, o.state, "
                        "       o.created_at, e.changeset "
                        "  FROM outbox o JOIN outbox_effect e USING (mut_id) ORDER BY o.mut_id", error);
  if (stmt == NULL)
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      Waiting *w = g_new0 (Waiting, 1);

      w->mut_id = sqlite3_column_int64 (stmt, 0);
      w->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      w->args_json = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      w->hlc = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      w->user_id = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      w->state = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      w->created_at = sqlite3_column_int64 (stmt, 6);
      w->changeset = g_bytes_new (sqlite3_column_blob (stmt, 7), sqlite3_column_bytes (stmt, 7));
      g_ptr_array_add (list, w);
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&list);
}

static AxActor *
actor_for (AxDb       *db,
           const char *user_id)
{
  sqlite3_stmt *stmt;
  AxActor *actor = NULL;

  if (user_id == NULL)
    return NULL;
  stmt = ax_db_prepare (db, "SELECT username, display_name, role FROM users WHERE id = ?", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, user_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      AxRole role = ax_role_from_string ((const char *) sqlite3_column_text (stmt, 2));

      if (role != AX_ROLE_INVALID)
        actor = ax_actor_new (user_id, (const char *) sqlite3_column_text (stmt, 0),
                              (const char *) sqlite3_column_text (stmt, 1), role);
    }
  sqlite3_reset (stmt);
  return actor;
}

static gboolean
save_effect (AxDb       *db,
             Waiting    *w,
             GBytes     *changeset,
             const char *local_error,
             GError    **error)
{
  sqlite3_stmt *stmt;

  stmt = ax_db_prepare (db, "UPDATE outbox_effect SET changeset = ? WHERE mut_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, g_bytes_get_size (changeset) ? g_bytes_get_data (changeset, NULL) : "",
                     (int) g_bytes_get_size (changeset), SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, w->mut_id);
  if (!step_done (db, stmt, error))
    return FALSE;
  if (!is_waiting (w))
    return TRUE;
  /* A waiting mutation that no longer runs here stays queued: the server
   * decides (DESIGN.md §6); the desk shows why it is waiting. */
  stmt = ax_db_prepare (db, "UPDATE outbox SET last_error = ? WHERE mut_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, local_error, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, w->mut_id);
  return step_done (db, stmt, error);
}

/* An acknowledged mutation that no longer re-runs, or re-runs as a no-op, in
 * the middle of a pull (some of its rows arrived on this page, the rest come
 * on a later one):
 * what of its effect the pulled rows have not replaced is put back, so the
 * desk does not show a sale without its lines until the pull completes — or,
 * after a crash there, until the next sync. */
static GBytes *
restore_missing (AxDb    *db,
                 Waiting *w,
                 GError **error)
{
  g_autoptr (AxDbCapture) capture = NULL;
  gboolean restored = FALSE;

  if (g_bytes_get_size (w->changeset) == 0)
    return g_bytes_new (NULL, 0);
  /* The desk's own series are put back at their highest after the rebase. */
  static const char *const own[] = { "number_series", "devices", NULL };

  capture = ax_db_capture_begin (db, error);
  if (capture == NULL || !ax_db_apply_missing (db, w->changeset, own, &restored, error))
    return NULL;
  return ax_db_capture_end (capture, error);
}

/* Re-runs one kept mutation over the pulled rows, capturing a fresh
 * changeset. Its failure is not the rebase's: the mutation keeps an empty
 * changeset and its reason — or, acknowledged and more pages to come
 * (keep_shown), what of its old effect is still missing. */
static gboolean
replay (AxStore *self,
        Waiting *w,
        gboolean keep_shown,
        GError **error)
{
  AxDb *db = ax_store_get_db (self);
  g_autoptr (AxActor) actor = actor_for (db, w->user_id);
  g_autoptr (JsonNode) args = json_from_string (w->args_json, NULL);
  g_autoptr (GBytes) changeset = NULL;
  g_autoptr (JsonNode) result = NULL;
  g_autoptr (GError) local = NULL;

  if (actor == NULL)
    g_set_error (&local, AX_MODEL_ERROR, AX_MODEL_ERROR_FORBIDDEN,
                 _("The user who made this change is no longer known on this desk"));
  else
    result = ax_store_mutate_replay (self, actor, w->name, args, w->hlc, w->created_at,
                                     &changeset, &local);
  /* A failure, or a no-op (a sale.checkout whose sale is there already). */
  if ((result == NULL || g_bytes_get_size (changeset) == 0) && keep_shown && !is_waiting (w))
    {
      g_autoptr (GBytes) restored = restore_missing (db, w, error);

      return restored != NULL && save_effect (db, w, restored, NULL, error);
    }
  if (result == NULL)
    {
      g_autoptr (GBytes) empty = g_bytes_new (NULL, 0);

      g_debug ("Rebase: %s (%" G_GINT64_FORMAT ") no longer runs here: %s",
               w->name, w->mut_id, local->message);
      return save_effect (db, w, empty, local->message, error);
    }
  return save_effect (db, w, changeset, NULL, error);
}

static gboolean
drop_effect (AxDb    *db,
             Waiting *w,
             GError **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (db, "DELETE FROM outbox_effect WHERE mut_id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, w->mut_id);
  return step_done (db, stmt, error);
}

/* Sent mutations up to the server's last_mutation_id for this desk are
 * acknowledged, even when the push's reply was lost. */
static gboolean
acknowledge_up_to (AxDb    *db,
                   gint64   last_push_id,
                   GError **error)
{
  sqlite3_stmt *stmt;

  if (last_push_id <= 0)
    return TRUE;
  stmt = ax_db_prepare (db, "UPDATE outbox SET state = 'applied' "
                        " WHERE state = 'sent' AND push_id <= ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, last_push_id);
  return step_done (db, stmt, error);
}

static gboolean
apply_change (AxDb       *db,
              GHashTable *caches,
              JsonObject *c,
              GError    **error)
{
  TableCache *t;
  const char *table = c ? json_object_get_string_member_with_default (c, "table", NULL) : NULL;
  const char *id = c ? json_object_get_string_member_with_default (c, "id", NULL) : NULL;
  JsonNode *row = c ? json_object_get_member (c, "row") : NULL;

  if (table == NULL || id == NULL || row == NULL
      || !(JSON_NODE_HOLDS_NULL (row) || JSON_NODE_HOLDS_OBJECT (row)))
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_CORRUPT,
                   _("The clinic server sent a change this desk cannot read"));
      return FALSE;
    }
  t = table_cache (caches, db, table);
  if (!t->synced)
    return TRUE;
  if (JSON_NODE_HOLDS_NULL (row))
    return delete_row (db, table, id, error);
  return upsert_cached (db, t, table, json_node_get_object (row), error);
}

/* The patient search index (migration 0004) is kept by triggers; the insert
 * trigger makes every pulled patient its own FTS5 write, and FTS5 flushes
 * its pending terms at every statement's savepoint — a patient cost twice an
 * appointment. A page with many patients instead drops that trigger inside
 * the page's transaction, upserts, indexes the rows it inserted (those
 * above the table's highest rowid before the page) with one INSERT … SELECT
 * each, and puts the trigger back from its own stored SQL, still in the
 * transaction: a crash or a failure rolls back all of it together. Updates
 * and deletes keep their triggers. */
#define SEARCH_BULK_MIN 64

typedef struct
{
  char   *trigger_sql;   /* NULL: not in bulk */
  gint64  max_rowid;
} SearchBulk;

static guint
count_patients (JsonArray *changes,
                guint      start,
                guint      end)
{
  guint count = 0;

  for (guint i = start; i < end; i++)
    {
      JsonObject *c = json_array_get_object_element (changes, i);

      if (c != NULL
          && g_strcmp0 (json_object_get_string_member_with_default (c, "table", NULL), "patients") == 0)
        count++;
    }
  return count;
}

static gboolean
search_bulk_begin (AxDb       *db,
                   guint       patients,
                   SearchBulk *bulk,
                   GError    **error)
{
  sqlite3_stmt *stmt;

  if (patients < SEARCH_BULK_MIN)
    return TRUE;
  stmt = ax_db_prepare (db, "SELECT sql, (SELECT COALESCE (MAX (rowid), 0) FROM patients) "
                        "  FROM sqlite_master WHERE type = 'trigger' AND name = 'patient_search_insert'",
                        error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      bulk->trigger_sql = ax_db_column_dup (stmt, 0);
      bulk->max_rowid = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  /* No trigger (a store without the index): nothing to do in bulk. */
  return bulk->trigger_sql == NULL || ax_db_exec (db, "DROP TRIGGER patient_search_insert", error);
}

static gboolean
search_bulk_end (AxDb       *db,
                 SearchBulk *bulk,
                 GError    **error)
{
  static const char *const sql[] = {
    "INSERT INTO patient_search (rowid, body) "
    "  SELECT rowid, ax_search_body (first_name, last_name, nickname, patient_number, phone, "
    "                                national_id, email) FROM patients WHERE rowid > ?",
    "INSERT INTO patient_search_names (rowid, first, last) "
    "  SELECT rowid, ax_search_fold (first_name), ax_search_fold (last_name) FROM patients WHERE rowid > ?",
  };
  g_autofree char *trigger_sql = g_steal_pointer (&bulk->trigger_sql);

  if (trigger_sql == NULL)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (sql); i++)
    {
      sqlite3_stmt *stmt = ax_db_prepare (db, sql[i], error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, bulk->max_rowid);
      if (!step_done (db, stmt, error))
        return FALSE;
    }
  return ax_db_exec (db, trigger_sql, error);
}

/* The desk's number series (receipts, patient numbers: DESIGN.md §4) only
 * ever go forward. The rebase's undo would take them back to where they
 * were before the kept mutations (and the server never writes this desk's
 * series), so they are saved first and put back at their highest after. */
static gboolean
save_rows (AxDb       *db,
           const char *sql,
           const char *arg,
           GPtrArray  *rows,
           GError    **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  if (arg != NULL)
    sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      JsonObject *row = json_object_new ();

      for (int c = 0; c < sqlite3_column_count (stmt); c++)
        {
          const char *col = sqlite3_column_name (stmt, c);

          switch (sqlite3_column_type (stmt, c))
            {
            case SQLITE_NULL:
              json_object_set_null_member (row, col);
              break;
            case SQLITE_INTEGER:
              json_object_set_int_member (row, col, sqlite3_column_int64 (stmt, c));
              break;
            default:
              json_object_set_string_member (row, col, (const char *) sqlite3_column_text (stmt, c));
            }
        }
      g_ptr_array_add (rows, row);
    }
  sqlite3_reset (stmt);
  return TRUE;
}

/* The desk's own devices row (its code) and every series row. */
static GPtrArray *
save_series (AxStore *self,
             GError **error)
{
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  AxDb *db = ax_store_get_db (self);

  if (!save_rows (db, "SELECT * FROM devices WHERE id = ?", ax_store_get_device_id (self), rows, error)
      || !save_rows (db, "SELECT * FROM number_series", NULL, rows, error))
    return NULL;
  return g_steal_pointer (&rows);
}

static gboolean
restore_series (AxDb      *db,
                GPtrArray *saved,
                GError   **error)
{
  sqlite3_stmt *stmt;

  for (guint i = 0; i < saved->len; i++)
    {
      JsonObject *row = saved->pdata[i];
      gboolean is_series = json_object_has_member (row, "last_seq");
      gint64 now = -1;

      stmt = ax_db_prepare (db, is_series ? "SELECT last_seq FROM number_series WHERE id = ?"
                                          : "SELECT 0 FROM devices WHERE id = ?", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, json_object_get_string_member (row, "id"), -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        now = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
      if (now >= (is_series ? json_object_get_int_member (row, "last_seq") : 0))
        continue;
      if (!upsert_row (db, is_series ? "number_series" : "devices", row, error))
        return FALSE;
    }
  return TRUE;
}

/* Secondary indexes deferred (docs/sync-protocol.md, "Catching up") */

#define DEFERRED_KEY "sync.deferred_indexes"

/* A fresh desk's catch-up inserts millions of rows; an index on a column
 * in no particular order (appointments by patient) makes each insert touch
 * a random page of an index larger than the cache. So a fresh desk drops
 * the non-unique indexes of the synced tables with its first slice,
 * recording their SQL in sync_state in the same transaction, and creates
 * them again (one sort each) in the transaction of the last page, or before
 * anything is applied otherwise (a rebase, a decline). Unique indexes stay:
 * they are constraints. Nothing but speed depends on the others. */
static gboolean
defer_indexes (AxDb    *db,
               GError **error)
{
  g_autoptr (GString) saved = g_string_new (NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;

  stmt = ax_db_prepare (db, "SELECT name, tbl_name, sql FROM sqlite_master "
                        " WHERE type = 'index' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE %' "
                        " ORDER BY name", error);
  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *table = (const char *) sqlite3_column_text (stmt, 1);

      if (g_strv_contains (local_tables, table) || g_str_has_prefix (table, "patient_search")
          || strstr ((const char *) sqlite3_column_text (stmt, 2), ";\n") != NULL)
        continue;
      g_ptr_array_add (names, ax_db_column_dup (stmt, 0));
      g_string_append_printf (saved, "%s;\n", (const char *) sqlite3_column_text (stmt, 2));
    }
  sqlite3_reset (stmt);
  if (names->len == 0)
    return TRUE;
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *sql = g_strdup_printf ("DROP INDEX \"%s\"", (char *) names->pdata[i]);

      if (!ax_db_exec (db, sql, error))
        return FALSE;
    }
  return ax_db_set_state (db, DEFERRED_KEY, saved->str, error);
}

/* Creates the deferred indexes again, if any; in the caller's transaction. */
static gboolean
restore_indexes (AxDb    *db,
                 GError **error)
{
  g_autofree char *saved = ax_db_get_state (db, DEFERRED_KEY);
  sqlite3_stmt *stmt;

  if (saved == NULL || *saved == '\0')
    return TRUE;
  if (!ax_db_exec (db, saved, error))
    return FALSE;
  stmt = ax_db_prepare (db, "DELETE FROM sync_state WHERE key = '" DEFERRED_KEY "'", error);
  return stmt != NULL && step_done (db, stmt, error);
}

gboolean
ax_store_sync_apply_pulled (AxStore    *self,
                            JsonObject *page,
                            guint      *applied,
                            GError    **error)
{
  AxDb *db = ax_store_get_db (self);
  JsonArray *changes;
  g_autoptr (GPtrArray) kept = NULL;
  g_autoptr (GPtrArray) series = NULL;
  g_autoptr (GHashTable) caches = table_caches_new ();
  SearchBulk search = { NULL, 0 };
  const char *cursor;
  gboolean last_page;
  guint n;

  g_return_val_if_fail (AX_IS_STORE (self), FALSE);
  *applied = 0;

  changes = json_object_has_member (page, "changes")
            && JSON_NODE_HOLDS_ARRAY (json_object_get_member (page, "changes"))
            ? json_object_get_array_member (page, "changes") : NULL;
  cursor = json_object_get_string_member_with_default (page, "cursor", NULL);
  if (changes == NULL || cursor == NULL)
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_CORRUPT,
                   _("The clinic server sent changes this desk cannot read"));
      return FALSE;
    }
  n = json_array_get_length (changes);
  last_page = !json_object_get_boolean_member_with_default (page, "has_more", FALSE);

  if (!ax_db_begin (db, error))
    return FALSE;
  /* Rows arrive in version order, not in the order of their references. */
  if (!ax_db_exec (db, "PRAGMA defer_foreign_keys = ON", error))
    goto fail;
  if (!restore_indexes (db, error) || !receive_clock (self, page, error)
      || !acknowledge_up_to (db, json_object_get_int_member_with_default (page, "last_mutation_id", 0), error))
    goto fail;
  kept = load_rebase (db, error);
  series = save_series (self, error);
  if (kept == NULL || series == NULL)
    goto fail;

  /* Undo the kept changesets, newest first: the store is the server's rows. */
  if (n > 0 || last_page)
    for (guint i = kept->len; i-- > 0;)
      {
        Waiting *w = kept->pdata[i];

        /* The desk's devices row (its code set at pairing) and series rows
         * change outside any mutation; they are saved above and put back. */
        static const char *const own[] = { "devices", "number_series", NULL };

        if (g_bytes_get_size (w->changeset) > 0
            && !ax_db_apply_inverse_except (db, w->changeset, own, error))
          goto fail;
      }
  /* The fault tests' points (ax-test-point.h) are inside the page's transaction. */
  ax_test_point ("rebase-undone");
  if (!search_bulk_begin (db, count_patients (changes, 0, n), &search, error))
    goto fail;
  for (guint i = 0; i < n; i++)
    if (!apply_change (db, caches, json_array_get_object_element (changes, i), error))
      goto fail;
  /* Before the replay: a re-run patient.create needs its trigger. */
  if (!search_bulk_end (db, &search, error))
    goto fail;
  ax_test_point ("pull-page-applied");
  /* Re-run what the server has not acknowledged, in order. An acknowledged
   * mutation's rows are the server's now: once the pull is complete its
   * changeset goes; until then (more pages) it is re-run too, so the desk
   * never shows less than it did. */
  if (n > 0 || last_page)
    for (guint i = 0; i < kept->len; i++)
      {
        Waiting *w = kept->pdata[i];

        if (!is_waiting (w) && last_page)
          {
            if (!drop_effect (db, w, error))
              goto fail;
          }
        else if (!replay (self, w, !last_page, error))
          goto fail;
        else
          ax_test_point ("rebase-replayed");
      }
  if (!restore_series (db, series, error))
    goto fail;

  if (!ax_db_set_state (db, "sync.cursor", cursor, error))
    goto fail;
  ax_test_point ("pull-page-committing");
  if (!ax_db_commit (db, error))
    goto fail;
  *applied = n;
  if (n > 0 || kept->len > 0)
    {
      ax_store_reload_clinic (self);
      ax_store_emit_changed (self, "sync.pull");
    }
  return TRUE;

fail:
  g_free (search.trigger_sql);
  ax_db_rollback (db);
  return FALSE;
}

/* After the last page: the deferred indexes created again one per
 * transaction, each taking its statement off the saved list, so a change
 * made meanwhile on the main thread waits for one index's sort at most, not
 * for all of them. */
static gboolean
restore_indexes_one_by_one (AxDb    *db,
                            GError **error)
{
  for (;;)
    {
      g_autofree char *saved = NULL;
      const char *rest;
      g_autofree char *first = NULL;
      sqlite3_stmt *stmt;

      if (!ax_db_begin (db, error))
        return FALSE;
      saved = ax_db_get_state (db, DEFERRED_KEY);
      if (saved == NULL || *saved == '\0')
        {
          ax_db_rollback (db);
          return TRUE;
        }
      rest = strstr (saved, ";\n");
      first = rest != NULL ? g_strndup (saved, rest - saved) : g_strdup (saved);
      rest = rest != NULL ? rest + 2 : "";
      if (!ax_db_exec (db, first, error))
        goto fail;
      if (*rest != '\0')
        {
          if (!ax_db_set_state (db, DEFERRED_KEY, rest, error))
            goto fail;
        }
      else if ((stmt = ax_db_prepare (db, "DELETE FROM sync_state WHERE key = '" DEFERRED_KEY "'",
                                      error)) == NULL || !step_done (db, stmt, error))
        goto fail;
      if (!ax_db_commit (db, error))
        goto fail;
      continue;

    fail:
      ax_db_rollback (db);
      return FALSE;
    }
}

/* Catching up off the main loop (docs/sync-protocol.md, "Catching up") */

/* Rows per transaction: a change the person makes meanwhile on the main
 * thread waits for at most one slice's commit (BEGIN IMMEDIATE, busy
 * timeout), not a whole page's. */
#define CATCH_UP_SLICE 1000

struct _AxSyncCatchUp
{
  AxDb *db;   /* a second writer on the store's file, used by one thread at a time */
};

AxSyncCatchUp *
ax_store_sync_catch_up_new (AxStore *self,
                            GError **error)
{
  g_autoptr (AxDb) db = NULL;
  AxSyncCatchUp *c;

  g_return_val_if_fail (AX_IS_STORE (self), NULL);
  db = ax_db_open (ax_store_get_path (self), error);
  /* Seven b-trees an appointment: a larger page cache for the bulk. */
  if (db == NULL || !ax_db_exec (db, "PRAGMA cache_size = -65536", error))
    return NULL;
  c = g_new0 (AxSyncCatchUp, 1);
  c->db = g_steal_pointer (&db);
  return c;
}

void
ax_sync_catch_up_free (AxSyncCatchUp *c)
{
  if (c == NULL)
    return;
  g_clear_object (&c->db);
  g_free (c);
}

/* Anything the rebase would have to undo and re-run: a waiting mutation or
 * a kept changeset. Read inside the slice's write transaction, so a change
 * the main thread committed before it is seen, and one after it waits. */
static gboolean
has_kept_work (AxDb    *db,
               gboolean *kept,
               GError  **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (db, "SELECT EXISTS (SELECT 1 FROM outbox_effect) "
                                      "    OR EXISTS (SELECT 1 FROM outbox WHERE state IN ('pending', 'sent'))",
                                      error);

  if (stmt == NULL)
    return FALSE;
  *kept = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  return TRUE;
}

/* The background checkpointer (src/db/ax-db-checkpoint.c) copies the log
 * into the store while this writer goes on; but the log only starts again
 * from its beginning when a writer begins after a checkpoint that copied
 * every frame, which never happens while slices follow each other without
 * a pause: the log grew to hundreds of MB, and every read walked it. So
 * after each page the writer finishes the copy (what the background
 * thread has not done yet) and restarts the log. A reader in the log or
 * the checkpointer at work makes it wait 200 ms at most, or skip a page. */
static void
restart_log (AxDb *db)
{
  sqlite3 *handle = ax_db_get_handle (db);
  int log = -1, done = -1;
  int rc;

  /* A restart waits for readers while it holds writers off (the person's
   * changes on the main thread): briefly, or not this page. */
  sqlite3_busy_timeout (handle, 200);
  rc = sqlite3_wal_checkpoint_v2 (handle, NULL, SQLITE_CHECKPOINT_RESTART, &log, &done);
  sqlite3_busy_timeout (handle, 5000);
  if (rc != SQLITE_OK)
    g_debug ("Catching up: the log was not restarted: %s", sqlite3_errmsg (handle));
}

/* A pulled page read by SQLite's JSON functions on a worker thread (its
 * own in-memory connection): no tree of JSON nodes is built and freed
 * (that was three quarters of the desk's CPU while catching up), and the
 * thread that writes the store only binds values. */
typedef struct
{
  int          type;    /* SQLITE_INTEGER, _FLOAT, _TEXT or _NULL */
  gint64       i;
  double       d;
  const char  *s;       /* in the chunk */
  int          len;
} Value;

typedef struct
{
  const char *table;    /* in the chunk */
  const char *id;
  gboolean    row;      /* FALSE: a row no longer there (null) */
  gboolean    seen;     /* its "row" member was there */
  guint       first;    /* its members: keys and values [first, first + n) */
  guint       n;
} Change;

struct _AxSyncPageRows
{
  GStringChunk *chunk;
  GArray       *changes;   /* Change */
  GPtrArray    *keys;      /* member names, interned in the chunk */
  GArray       *values;    /* Value */
};

void
ax_sync_page_info_clear (AxSyncPageInfo *info)
{
  g_clear_pointer (&info->cursor, g_free);
}

void
ax_sync_page_rows_free (AxSyncPageRows *rows)
{
  if (rows == NULL)
    return;
  g_string_chunk_free (rows->chunk);
  g_array_unref (rows->changes);
  g_ptr_array_unref (rows->keys);
  g_array_unref (rows->values);
  g_free (rows);
}

static gboolean
unreadable (GError **error)
{
  g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_CORRUPT,
               _("The clinic server sent changes this desk cannot read"));
  return FALSE;
}

static sqlite3_stmt *
prepare_page (sqlite3    *handle,
              const char *sql,
              GBytes     *text)
{
  sqlite3_stmt *stmt = NULL;
  gsize len = 0;
  const char *data = g_bytes_get_data (text, &len);

  if (sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_text (stmt, 1, data ? data : "", (int) len, SQLITE_STATIC);
  return stmt;
}

/* One walk of the page's tree (json_tree: one parse, in document order, no
 * text made for containers): the top-level members, each change's table,
 * id and row, and each row's members. */
static gboolean
read_tree (sqlite3        *handle,
           GBytes         *text,
           AxSyncPageRows *rows,
           AxSyncPageInfo *info)
{
  sqlite3_stmt *stmt = prepare_page (handle, "SELECT id, parent, key, type, atom FROM json_tree (?1)", text);
  gint64 root = -1, changes = -1, change = -1, row = -1;
  Change *cur = NULL;
  gboolean ok = stmt != NULL;
  int rc = SQLITE_ERROR;

  while (ok && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      gint64 parent = sqlite3_column_type (stmt, 1) == SQLITE_NULL ? -1 : sqlite3_column_int64 (stmt, 1);
      const char *key = (const char *) sqlite3_column_text (stmt, 2);
      const char *type = (const char *) sqlite3_column_text (stmt, 3);

      if (root < 0)
        {
          ok = g_strcmp0 (type, "object") == 0;
          root = id;
        }
      else if (parent == root)
        {
          if (g_strcmp0 (key, "changes") == 0)
            {
              ok = g_strcmp0 (type, "array") == 0;
              changes = id;
            }
          else if (g_strcmp0 (key, "cursor") == 0)
            info->cursor = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
          else if (g_strcmp0 (key, "has_more") == 0)
            info->has_more = sqlite3_column_int (stmt, 4) != 0;
          else if (g_strcmp0 (key, "server_time") == 0)
            info->server_ms = sqlite3_column_int64 (stmt, 4);
        }
      else if (parent == changes)
        {
          Change next = { NULL, NULL, FALSE, FALSE, 0, 0 };

          ok = g_strcmp0 (type, "object") == 0 && (cur == NULL || (cur->table && cur->id && cur->seen));
          g_array_append_val (rows->changes, next);
          cur = &g_array_index (rows->changes, Change, rows->changes->len - 1);
          change = id;
          row = -1;
        }
      else if (parent == change)
        {
          const char *atom = (const char *) sqlite3_column_text (stmt, 4);

          if (g_strcmp0 (key, "table") == 0 && atom != NULL)
            cur->table = g_string_chunk_insert_const (rows->chunk, atom);
          else if (g_strcmp0 (key, "id") == 0 && atom != NULL)
            cur->id = g_string_chunk_insert (rows->chunk, atom);
          else if (g_strcmp0 (key, "row") == 0)
            {
              ok = g_strcmp0 (type, "object") == 0 || g_strcmp0 (type, "null") == 0;
              cur->row = g_strcmp0 (type, "object") == 0;
              cur->seen = TRUE;
              cur->first = rows->keys->len;
              row = id;
            }
        }
      else if (parent == row && row >= 0)
        {
          Value v = { sqlite3_column_type (stmt, 4), 0, 0, NULL, 0 };

          /* A member is a scalar: SQL has no other kind of value. */
          ok = key != NULL && g_strcmp0 (type, "object") != 0 && g_strcmp0 (type, "array") != 0;
          if (!ok)
            break;
          cur->n++;
          g_ptr_array_add (rows->keys, (gpointer) g_string_chunk_insert_const (rows->chunk, key));
          switch (v.type)
            {
            case SQLITE_INTEGER:
              v.i = sqlite3_column_int64 (stmt, 4);
              break;
            case SQLITE_FLOAT:
              v.d = sqlite3_column_double (stmt, 4);
              break;
            case SQLITE_NULL:
              break;
            default:
              v.type = SQLITE_TEXT;
              v.len = sqlite3_column_bytes (stmt, 4);
              v.s = g_string_chunk_insert_len (rows->chunk, (const char *) sqlite3_column_text (stmt, 4), v.len);
            }
          g_array_append_val (rows->values, v);
        }
      /* Deeper (the members of a change's other members): not read. */
    }
  sqlite3_finalize (stmt);
  info->n_changes = rows->changes->len;
  return ok && rc == SQLITE_DONE && changes >= 0 && info->cursor != NULL
         && (cur == NULL || (cur->table && cur->id && cur->seen));
}

AxSyncPageRows *
ax_sync_page_rows_read (GBytes         *text,
                        AxSyncPageInfo *info,
                        GError        **error)
{
  AxSyncPageRows *rows = g_new0 (AxSyncPageRows, 1);
  sqlite3 *handle = NULL;
  gboolean ok;

  memset (info, 0, sizeof *info);
  rows->chunk = g_string_chunk_new (g_bytes_get_size (text) + 1);
  rows->changes = g_array_new (FALSE, FALSE, sizeof (Change));
  rows->keys = g_ptr_array_new ();
  rows->values = g_array_new (FALSE, FALSE, sizeof (Value));
  ok = sqlite3_open_v2 (":memory:", &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) == SQLITE_OK
       && read_tree (handle, text, rows, info);
  sqlite3_close (handle);
  if (!ok)
    {
      ax_sync_page_info_clear (info);
      ax_sync_page_rows_free (rows);
      return unreadable (error), NULL;
    }
  return rows;
}

/* Binds a row's members to the table's upsert, the one cached for this
 * list of members or a new one. */
static gboolean
upsert_values (AxDb           *db,
               TableCache     *t,
               const char     *table,
               AxSyncPageRows *rows,
               const Change   *ch,
               GError        **error)
{
  sqlite3_stmt *upsert;
  gboolean same = t->columns != NULL && t->columns->len == ch->n;
  int rc;

  for (guint i = 0; same && i < ch->n; i++)
    same = strcmp (t->columns->pdata[i], rows->keys->pdata[ch->first + i]) == 0;
  if (!same)
    {
      g_autoptr (GPtrArray) names = g_ptr_array_new ();

      for (guint i = 0; i < ch->n; i++)
        g_ptr_array_add (names, rows->keys->pdata[ch->first + i]);
      build_upsert_names (t, table, names);
    }
  if (t->stmt == NULL)
    t->stmt = ax_db_prepare (db, t->sql, error);
  upsert = t->stmt;
  if (upsert == NULL)
    return FALSE;
  for (guint i = 0; i < ch->n; i++)
    {
      const Bind *bind = &g_array_index (t->bind, Bind, i);
      const Value *v = &g_array_index (rows->values, Value, ch->first + i);

      if (bind->param == 0)
        continue;
      switch (v->type)
        {
        case SQLITE_INTEGER:
          sqlite3_bind_int64 (upsert, bind->param, v->i);
          break;
        case SQLITE_FLOAT:
          sqlite3_bind_double (upsert, bind->param, v->d);
          break;
        case SQLITE_TEXT:
          if (bind->blob)
            {
              gsize len = 0;
              guchar *data = g_base64_decode (v->s, &len);

              sqlite3_bind_blob (upsert, bind->param, data, (int) len, g_free);
            }
          else
            /* The rows outlive the step: no copy. */
            sqlite3_bind_text (upsert, bind->param, v->s, v->len, SQLITE_STATIC);
          break;
        default:
          sqlite3_bind_null (upsert, bind->param);
        }
    }
  rc = sqlite3_step (upsert);
  sqlite3_reset (upsert);
  sqlite3_clear_bindings (upsert);
  if (rc != SQLITE_DONE)
    return ax_db_fail (db, _("Saving a row from the clinic server failed"), error);
  return TRUE;
}

gboolean
ax_sync_catch_up_apply (AxSyncCatchUp        *c,
                        AxSyncPageRows       *rows,
                        const AxSyncPageInfo *info,
                        guint                *applied,
                        gboolean             *declined,
                        GError              **error)
{
  AxDb *db = c->db;
  g_autoptr (GHashTable) caches = table_caches_new ();
  GArray *changes = rows->changes;
  gboolean last_page = !info->has_more;
  gboolean ok = FALSE;
  guint n = changes->len;

  *applied = 0;
  *declined = FALSE;

  for (guint start = 0; start < n || start == 0; start += CATCH_UP_SLICE)
    {
      guint end = MIN (n, start + CATCH_UP_SLICE);
      SearchBulk search = { NULL, 0 };
      gboolean kept = FALSE;
      guint patients = 0;

      if (!ax_db_begin (db, error))
        goto out;
      if (!has_kept_work (db, &kept, error))
        goto fail;
      if (kept)
        {
          /* The person changed something: the rest of the page (all of it
           * again: upserts are idempotent) goes through the rebase, with
           * every index in place. */
          if (!restore_indexes (db, error) || !ax_db_commit (db, error))
            goto fail;
          *declined = TRUE;
          ok = TRUE;
          goto out;
        }
      /* A fresh desk (never a cursor) defers its indexes, once. */
      if (start == 0)
        {
          g_autofree char *had = ax_db_get_state (db, "sync.cursor");
          g_autofree char *deferred = ax_db_get_state (db, DEFERRED_KEY);

          if ((had == NULL || strcmp (had, "0") == 0) && deferred == NULL && !last_page
              && !defer_indexes (db, error))
            goto fail;
        }
      for (guint i = start; i < end; i++)
        if (strcmp (g_array_index (changes, Change, i).table, "patients") == 0)
          patients++;
      if (!ax_db_exec (db, "PRAGMA defer_foreign_keys = ON", error)
          || !search_bulk_begin (db, patients, &search, error))
        goto fail;
      for (guint i = start; i < end; i++)
        {
          const Change *ch = &g_array_index (changes, Change, i);
          TableCache *t = table_cache (caches, db, ch->table);

          if (!t->synced)
            continue;
          if (!ch->row ? !delete_row (db, ch->table, ch->id, error)
                       : !upsert_values (db, t, ch->table, rows, ch, error))
            goto fail;
        }
      if (!search_bulk_end (db, &search, error))
        goto fail;
      if (end == n)
        {
          /* The page's last slice carries its cursor: a crash before it
           * pulls the page again, over rows already there. */
          ax_test_point ("catch-up-applied");
          if (!ax_db_set_state (db, "sync.cursor", info->cursor, error))
            goto fail;
          ax_test_point ("catch-up-committing");
        }
      if (!ax_db_commit (db, error))
        goto fail;
      if (end == n)
        break;
      ax_test_point ("catch-up-slice");
      continue;

    fail:
      g_free (search.trigger_sql);
      ax_db_rollback (db);
      goto out;
    }
  *applied = n;
  restart_log (db);
  /* The page is in; a failure here leaves the rest of the indexes to the
   * next page applied (ax_store_sync_apply_pulled restores them first). */
  ok = !last_page || restore_indexes_one_by_one (db, error);

out:
  return ok;
}

gboolean
ax_store_sync_has_kept_work (AxStore *self)
{
  gboolean kept = FALSE;

  g_return_val_if_fail (AX_IS_STORE (self), FALSE);
  return has_kept_work (ax_store_get_db (self), &kept, NULL) && kept;
}

gboolean
ax_store_sync_caught_up (AxStore *self,
                         gint64   server_ms,
                         guint    applied,
                         GError **error)
{
  g_return_val_if_fail (AX_IS_STORE (self), FALSE);
  if (server_ms > 0 && !ax_store_receive_hlc (self, server_ms, error))
    return FALSE;
  if (applied > 0)
    {
      ax_store_reload_clinic (self);
      ax_store_emit_changed (self, "sync.pull");
    }
  return TRUE;
}
