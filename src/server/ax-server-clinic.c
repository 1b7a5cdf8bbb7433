/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-server"

#include "ax-server-clinic.h"
#include "ax-server-error.h"
#include "ax-auth.h"
#include "ax-hlc.h"
#include "ax-model-error.h"
#include "ax-mutator.h"

#include <inttypes.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#define MAX_CLIENT_ID_CHARS 128

struct _AxServerClinic
{
  AxStore *store;
  AxDb    *db;
  GMutex   lock;
  gint64   version;            /* the last version handed out */
  gint64   max_clock_ahead_ms;
};

char *
ax_server_clinic_path (const char *data_dir,
                       const char *clinic_id)
{
  g_autofree char *file = g_strconcat (clinic_id, ".db", NULL);

  return g_build_filename (data_dir, "clinics", file, NULL);
}

static gboolean
bind_step (AxDb         *db,
           sqlite3_stmt *stmt,
           const char   *what,
           GError      **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  return rc == SQLITE_DONE || rc == SQLITE_ROW || ax_db_fail (db, what, error);
}

/* Gives every row a mutation changed the clinic's next version, in the
 * mutation's transaction (DESIGN.md §6: versions under the write lock). The
 * changeset comes from the session extension, which already leaves out
 * device-local tables (ax-db.c). */
static gboolean
version_changes (AxServerClinic *self,
                 GBytes         *changeset,
                 GError        **error)
{
  sqlite3_changeset_iter *iter = NULL;
  gsize size = 0;
  gconstpointer bytes = g_bytes_get_data (changeset, &size);
  gboolean ok = TRUE;

  if (size == 0)
    return TRUE;
  if (sqlite3changeset_start (&iter, (int) size, (void *) bytes) != SQLITE_OK)
    return ax_db_fail (self->db, _("Reading the changes failed"), error);

  while (ok && sqlite3changeset_next (iter) == SQLITE_ROW)
    {
      const char *table;
      int n_cols, op, indirect, pk_col = -1;
      unsigned char *pk = NULL;
      sqlite3_value *value = NULL;
      g_autofree char *row_id = NULL;
      g_autofree char *sql = NULL;
      sqlite3_stmt *stmt;
      gint64 version;

      sqlite3changeset_op (iter, &table, &n_cols, &op, &indirect);
      sqlite3changeset_pk (iter, &pk, &n_cols);
      for (int i = 0; i < n_cols && pk_col < 0; i++)
        if (pk[i])
          pk_col = i;
      if (pk_col < 0)
        continue;
      if (op == SQLITE_INSERT)
        sqlite3changeset_new (iter, pk_col, &value);
      else
        sqlite3changeset_old (iter, pk_col, &value);
      if (value == NULL || sqlite3_value_text (value) == NULL)
        continue;
      row_id = g_strdup ((const char *) sqlite3_value_text (value));
      version = ++self->version;

      if (op != SQLITE_DELETE)
        {
          sql = g_strdup_printf ("UPDATE \"%s\" SET version = ? WHERE id = ?", table);
          stmt = ax_db_prepare (self->db, sql, error);
          if (stmt == NULL)
            {
              ok = FALSE;
              break;
            }
          sqlite3_bind_int64 (stmt, 1, version);
          sqlite3_bind_text (stmt, 2, row_id, -1, SQLITE_TRANSIENT);
          ok = bind_step (self->db, stmt, _("Versioning a change failed"), error);
        }
      stmt = ok ? ax_db_prepare (self->db, "INSERT OR REPLACE INTO sync_changes (version, tbl, row_id) "
                                 "VALUES (?, ?, ?)", error) : NULL;
      if (stmt == NULL)
        {
          ok = FALSE;
          break;
        }
      sqlite3_bind_int64 (stmt, 1, version);
      sqlite3_bind_text (stmt, 2, table, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, row_id, -1, SQLITE_TRANSIENT);
      ok = bind_step (self->db, stmt, _("Versioning a change failed"), error);
    }
  sqlite3changeset_finalize (iter);
  return ok;
}

static gboolean
version_changes_cb (AxStore    *store,
                    const char *mutator,
                    GBytes     *changeset,
                    gpointer    data,
                    GError    **error)
{
  return version_changes (data, changeset, error);
}

AxServerClinic *
ax_server_clinic_open (const char           *path,
                       const AxServerConfig *config,
                       GError              **error)
{
  AxServerClinic *self;
  g_autoptr (AxStore) store = ax_store_open (path, error);
  sqlite3_stmt *stmt;

  if (store == NULL)
    return NULL;
  /* Every acknowledged push must survive a power cut: a push is one
   * transaction, so FULL costs one fsync per batch (docs/sync-protocol.md). */
  if (!ax_db_exec (ax_store_get_db (store), "PRAGMA synchronous = FULL", error))
    return NULL;
  /* The patient search index is a desk's own (derived, device-local, never
   * synced); kept up to date on the server it would cost a flush of the
   * FTS5 index for every patient written. The server's stores go without. */
  if (!ax_db_exec (ax_store_get_db (store),
                   "BEGIN IMMEDIATE;"
                   "DROP TRIGGER IF EXISTS patient_search_insert;"
                   "DROP TRIGGER IF EXISTS patient_search_update;"
                   "DROP TRIGGER IF EXISTS patient_search_delete;"
                   "DELETE FROM patient_search;"
                   "DELETE FROM patient_search_names;"
                   "COMMIT;", error))
    {
      ax_db_rollback (ax_store_get_db (store));
      return NULL;
    }

  self = g_new0 (AxServerClinic, 1);
  g_mutex_init (&self->lock);
  self->store = g_steal_pointer (&store);
  self->db = ax_store_get_db (self->store);
  self->max_clock_ahead_ms = config ? config->max_clock_ahead_ms : 60000;
  stmt = ax_db_prepare (self->db, "SELECT COALESCE (MAX (version), 0) FROM sync_changes", NULL);
  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    self->version = sqlite3_column_int64 (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);
  ax_store_set_effect_func (self->store, version_changes_cb, self);
  return self;
}

void
ax_server_clinic_free (AxServerClinic *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->store);
  g_mutex_clear (&self->lock);
  g_free (self);
}

AxStore *
ax_server_clinic_get_store (AxServerClinic *self)
{
  return self->store;
}

const char *
ax_server_clinic_get_id (AxServerClinic *self)
{
  const AxClinicInfo *info = ax_store_get_clinic (self->store);

  return info ? info->id : NULL;
}

void
ax_server_clinic_lock (AxServerClinic *self)
{
  g_mutex_lock (&self->lock);
}

void
ax_server_clinic_unlock (AxServerClinic *self)
{
  g_mutex_unlock (&self->lock);
}

AxActor *
ax_server_clinic_actor (AxServerClinic *self,
                        const char     *user_id,
                        GError        **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (self->db,
                                      "SELECT username, display_name, role, active FROM users "
                                      " WHERE id = ? AND deleted_at IS NULL", error);
  AxActor *actor = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, user_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 3) != 0)
    {
      AxRole role = ax_role_from_string ((const char *) sqlite3_column_text (stmt, 2));

      if (role != AX_ROLE_INVALID)
        actor = ax_actor_new (user_id, (const char *) sqlite3_column_text (stmt, 0),
                              (const char *) sqlite3_column_text (stmt, 1), role);
    }
  sqlite3_reset (stmt);
  if (actor == NULL)
    g_set_error (error, AX_SERVER_ERROR, AX_SERVER_ERROR_UNAUTHORIZED,
                 _("The user of this token no longer exists or is switched off"));
  return actor;
}

AxActor *
ax_server_clinic_login (AxServerClinic *self,
                        const char     *username,
                        const char     *password,
                        GError        **error)
{
  g_autoptr (GError) local = NULL;
  AxActor *actor = ax_auth_login (self->store, username, password, &local);

  if (actor != NULL)
    return actor;
  if (g_error_matches (local, AX_AUTH_ERROR, AX_AUTH_ERROR_LOCKED))
    g_set_error_literal (error, AX_SERVER_ERROR, AX_SERVER_ERROR_THROTTLED, local->message);
  else if (g_error_matches (local, AX_AUTH_ERROR, AX_AUTH_ERROR_DISABLED))
    g_set_error_literal (error, AX_SERVER_ERROR, AX_SERVER_ERROR_FORBIDDEN, local->message);
  else if (local->domain == AX_AUTH_ERROR)
    g_set_error_literal (error, AX_SERVER_ERROR, AX_SERVER_ERROR_BAD_CREDENTIALS,
                         _("The user name or the password is wrong"));
  else
    g_set_error_literal (error, AX_SERVER_ERROR, AX_SERVER_ERROR_INTERNAL, local->message);
  return NULL;
}

/* Push */

static const char *
model_error_code (const GError *error)
{
  static const char *const codes[] = {
    [AX_MODEL_ERROR_INVALID_ARGS] = "invalid_args",
    [AX_MODEL_ERROR_UNKNOWN] = "unknown_mutator",
    [AX_MODEL_ERROR_FORBIDDEN] = "forbidden",
    [AX_MODEL_ERROR_NOT_FOUND] = "not_found",
    [AX_MODEL_ERROR_DUPLICATE] = "duplicate",
    [AX_MODEL_ERROR_STALE] = "stale",
    [AX_MODEL_ERROR_RULE] = "rule",
    [AX_MODEL_ERROR_NOT_UNDOABLE] = "not_undoable",
    [AX_MODEL_ERROR_NO_CLINIC] = "no_clinic",
    [AX_MODEL_ERROR_CORRUPT] = "corrupt",
    [AX_MODEL_ERROR_CLASH] = "clash",
    [AX_MODEL_ERROR_OUTSIDE_HOURS] = "outside_hours",
  };

  if (error->domain == AX_MODEL_ERROR && error->code >= 0 && error->code < (int) G_N_ELEMENTS (codes))
    return codes[error->code];
  if (error->domain == AX_AUTH_ERROR)
    return "forbidden";
  return "refused";
}

static gboolean
is_int (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64;
}

static gboolean
is_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
bad_request (GError    **error,
             const char *message)
{
  g_set_error_literal (error, AX_SERVER_ERROR, AX_SERVER_ERROR_BAD_REQUEST, message);
  return FALSE;
}

/* The whole batch is checked before anything runs: a malformed push changes nothing. */
static gboolean
validate_push (JsonObject *request,
               GError    **error)
{
  JsonNode *client = json_object_get_member (request, "client_id");
  JsonNode *mutations = json_object_get_member (request, "mutations");
  JsonArray *list;
  gint64 previous = 0;

  if (!is_string (client) || *json_node_get_string (client) == '\0'
      || g_utf8_strlen (json_node_get_string (client), -1) > MAX_CLIENT_ID_CHARS)
    return bad_request (error, _("“client_id” must be text of 1 to 128 characters"));
  if (mutations == NULL || !JSON_NODE_HOLDS_ARRAY (mutations))
    return bad_request (error, _("“mutations” must be an array"));
  list = json_node_get_array (mutations);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *node = json_array_get_element (list, i);
      JsonObject *mutation;
      AxHlc hlc;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return bad_request (error, _("each mutation must be an object {id, name, args, hlc}"));
      mutation = json_node_get_object (node);
      if (!is_int (json_object_get_member (mutation, "id"))
          || json_object_get_int_member (mutation, "id") <= previous)
        return bad_request (error, _("each mutation’s “id” must be a positive integer, "
                                     "increasing through the batch"));
      previous = json_object_get_int_member (mutation, "id");
      if (!is_string (json_object_get_member (mutation, "name")))
        return bad_request (error, _("each mutation’s “name” must be text"));
      if (json_object_get_member (mutation, "args") == NULL
          || !JSON_NODE_HOLDS_OBJECT (json_object_get_member (mutation, "args")))
        return bad_request (error, _("each mutation’s “args” must be an object"));
      if (!is_string (json_object_get_member (mutation, "hlc"))
          || !ax_hlc_parse (json_object_get_string_member (mutation, "hlc"), &hlc, NULL))
        return bad_request (error, _("each mutation’s “hlc” must be a clock stamp "
                                     "like 0195f3c2a1b0:0000:node"));
    }
  return TRUE;
}

static gboolean
read_last_mutation_id (AxServerClinic *self,
                       const char     *client_id,
                       const char     *device_id,
                       gint64         *last,
                       GError        **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (self->db,
                                      "SELECT device_id, last_mutation_id FROM sync_clients "
                                      " WHERE client_id = ?", error);
  gboolean ok = TRUE;

  *last = 0;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, client_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      if (device_id != NULL && g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), device_id) != 0)
        {
          g_set_error (error, AX_SERVER_ERROR, AX_SERVER_ERROR_FORBIDDEN,
                       _("This client id belongs to another workstation"));
          ok = FALSE;
        }
      *last = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  return ok;
}

static gboolean
write_last_mutation_id (AxServerClinic *self,
                        const char     *client_id,
                        const char     *device_id,
                        gint64          last,
                        GError        **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (self->db,
                                      "INSERT INTO sync_clients (client_id, device_id, "
                                      "  last_mutation_id, updated_at) VALUES (?, ?, ?, ?) "
                                      "ON CONFLICT (client_id) DO UPDATE "
                                      "  SET last_mutation_id = excluded.last_mutation_id, "
                                      "      updated_at = excluded.updated_at", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, client_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, device_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, last);
  sqlite3_bind_int64 (stmt, 4, g_get_real_time () / 1000);
  return bind_step (self->db, stmt, _("Recording the client’s progress failed"), error);
}

gboolean
ax_server_clinic_rebind_client (AxServerClinic  *self,
                                const char      *client_id,
                                const char      *device_id,
                                GError         **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (self->db,
                                      "UPDATE sync_clients SET device_id = ?2, updated_at = ?3 "
                                      " WHERE client_id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, client_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, device_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, g_get_real_time () / 1000);
  return bind_step (self->db, stmt, _("Recording the client’s progress failed"), error);
}

static void
add_result (JsonArray  *results,
            gint64      id,
            const char *status,
            const char *code,
            const char *message)
{
  JsonObject *r = json_object_new ();

  json_object_set_int_member (r, "id", id);
  json_object_set_string_member (r, "status", status);
  if (code != NULL)
    json_object_set_string_member (r, "code", code);
  if (message != NULL)
    json_object_set_string_member (r, "message", message);
  json_array_add_object_element (results, r);
}

/* One pass over the batch in one transaction, captured as a whole. Without
 * `careful` the mutations run bare (no savepoint: the fast path); if one
 * then fails after writing, *retry asks for a careful pass, where each runs
 * in a savepoint. */
static gboolean
apply_batch (AxServerClinic *self,
             AxActor        *actor,
             const char     *device_id,
             const char     *client_id,
             JsonArray      *mutations,
             gboolean        careful,
             JsonArray      *results,
             gint64         *last_out,
             gboolean       *retry,
             GError        **error)
{
  g_autoptr (AxDbCapture) capture = NULL;
  g_autoptr (GBytes) changeset = NULL;
  gint64 now_ms = g_get_real_time () / 1000;
  gint64 last = 0;

  *retry = FALSE;
  if (!ax_db_begin (self->db, error))
    return FALSE;
  if (!read_last_mutation_id (self, client_id, device_id, &last, error))
    goto fail;
  capture = ax_db_capture_begin (self->db, error);
  if (capture == NULL)
    goto fail;

  for (guint i = 0; i < json_array_get_length (mutations); i++)
    {
      JsonObject *mutation = json_array_get_object_element (mutations, i);
      gint64 id = json_object_get_int_member (mutation, "id");
      const char *name = json_object_get_string_member (mutation, "name");
      const char *stamp = json_object_get_string_member (mutation, "hlc");
      g_autoptr (JsonNode) result = NULL;
      g_autoptr (GError) local = NULL;
      gboolean wrote = FALSE;
      AxHlc hlc;

      if (id <= last)
        {
          add_result (results, id, "skipped", NULL, NULL);
          continue;
        }
      if (id != last + 1)
        break; /* a gap: the client sends the missing ones first */

      ax_hlc_parse (stamp, &hlc, NULL);
      if (hlc.wall_ms > now_ms + self->max_clock_ahead_ms)
        {
          g_autofree char *message =
            g_strdup_printf (_("The workstation’s clock is %" PRId64 " s ahead of the "
                               "server’s; correct it, then send the change again"),
                             (hlc.wall_ms - now_ms) / 1000);
          add_result (results, id, "refused", "clock_ahead", message);
          break;
        }

      result = ax_store_mutate_in_batch (self->store, actor, name,
                                         json_object_get_member (mutation, "args"), stamp,
                                         careful, &wrote, &local);
      if (!ax_db_in_transaction (self->db))
        {
          /* SQLite gave up the whole transaction (I/O error, disk full). */
          g_set_error (error, AX_SERVER_ERROR, AX_SERVER_ERROR_INTERNAL,
                       _("The clinic store failed while applying a change: %s"),
                       local ? local->message : "");
          return FALSE;
        }
      if (result == NULL && wrote)
        {
          *retry = TRUE;
          goto fail;
        }
      if (result == NULL && g_error_matches (local, AX_DB_ERROR, AX_DB_ERROR_BUSY))
        {
          g_set_error_literal (error, AX_SERVER_ERROR, AX_SERVER_ERROR_BUSY, local->message);
          goto fail;
        }
      if (result == NULL)
        add_result (results, id, "rejected", model_error_code (local), local->message);
      else if (json_object_get_boolean_member_with_default (json_node_get_object (result), "merged", FALSE))
        add_result (results, id, "merged", NULL, NULL);   /* kept, with a conflict or a field lost */
      else
        add_result (results, id, "applied", NULL, NULL);
      last = id;
    }

  changeset = ax_db_capture_end (capture, error);
  if (changeset == NULL)
    goto fail;
  g_clear_pointer (&capture, ax_db_capture_free);
  if (!version_changes (self, changeset, error)
      || !write_last_mutation_id (self, client_id, device_id, last, error)
      || !ax_db_commit (self->db, error))
    goto fail;
  *last_out = last;
  return TRUE;

fail:
  g_clear_pointer (&capture, ax_db_capture_free);
  ax_db_rollback (self->db);
  return FALSE;
}

JsonNode *
ax_server_clinic_push (AxServerClinic *self,
                       AxActor        *actor,
                       const char     *device_id,
                       JsonObject     *request,
                       GError        **error)
{
  g_autoptr (JsonArray) results = json_array_new ();
  g_autoptr (JsonObject) reply = json_object_new ();
  JsonArray *mutations;
  const char *client_id;
  gint64 last = 0;
  gboolean retry = FALSE;

  if (!validate_push (request, error))
    return NULL;
  client_id = json_object_get_string_member (request, "client_id");
  mutations = json_object_get_array_member (request, "mutations");

  if (!apply_batch (self, actor, device_id, client_id, mutations, FALSE, results, &last, &retry, error))
    {
      if (!retry)
        return NULL;
      g_clear_pointer (&results, json_array_unref);
      results = json_array_new ();
      if (!apply_batch (self, actor, device_id, client_id, mutations, TRUE, results, &last, &retry, error))
        return NULL;
    }

  json_object_set_int_member (reply, "last_mutation_id", last);
  json_object_set_array_member (reply, "results", g_steal_pointer (&results));
  json_object_set_int_member (reply, "server_time", g_get_real_time () / 1000);
  return json_node_init_object (json_node_alloc (), reply);
}

/* Pull */

static JsonNode *
read_row (AxServerClinic *self,
          const char     *table,
          const char     *row_id,
          GError        **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\" WHERE id = ?", table);
  sqlite3_stmt *stmt = ax_db_prepare (self->db, sql, error);
  JsonObject *row;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, row_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      return json_node_new (JSON_NODE_NULL);
    }
  row = json_object_new ();
  for (int i = 0; i < sqlite3_column_count (stmt); i++)
    {
      const char *col = sqlite3_column_name (stmt, i);

      switch (sqlite3_column_type (stmt, i))
        {
        case SQLITE_INTEGER:
          json_object_set_int_member (row, col, sqlite3_column_int64 (stmt, i));
          break;
        case SQLITE_FLOAT:
          json_object_set_double_member (row, col, sqlite3_column_double (stmt, i));
          break;
        case SQLITE_TEXT:
          json_object_set_string_member (row, col, (const char *) sqlite3_column_text (stmt, i));
          break;
        case SQLITE_BLOB:
          {
            g_autofree char *b64 = g_base64_encode (sqlite3_column_blob (stmt, i),
                                                    sqlite3_column_bytes (stmt, i));
            json_object_set_string_member (row, col, b64);
            break;
          }
        default:
          json_object_set_null_member (row, col);
        }
    }
  sqlite3_reset (stmt);
  return json_node_init_object (json_node_alloc (), row);
}

JsonNode *
ax_server_clinic_pull (AxServerClinic *self,
                       gint64          cursor,
                       guint           limit,
                       const char     *client_id,
                       GError        **error)
{
  g_autoptr (JsonArray) changes = json_array_new ();
  g_autoptr (JsonObject) reply = json_object_new ();
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  gboolean has_more = FALSE;
  gint64 last = 0, next_cursor = cursor;
  g_autofree char *cursor_text = NULL;

  /* One read transaction: the page is a consistent snapshot. */
  if (!ax_db_exec (self->db, "BEGIN", error))
    return NULL;
  if (client_id != NULL && !read_last_mutation_id (self, client_id, NULL, &last, error))
    goto fail;
  stmt = ax_db_prepare (self->db, "SELECT version, tbl, row_id FROM sync_changes "
                        " WHERE version > ? ORDER BY version LIMIT ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, cursor);
  sqlite3_bind_int64 (stmt, 2, (gint64) limit + 1);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      if (rows->len / 3 == limit)
        {
          has_more = TRUE;
          break;
        }
      g_ptr_array_add (rows, g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, 0)));
      g_ptr_array_add (rows, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
      g_ptr_array_add (rows, g_strdup ((const char *) sqlite3_column_text (stmt, 2)));
    }
  sqlite3_reset (stmt);

  for (guint i = 0; i < rows->len; i += 3)
    {
      JsonObject *change = json_object_new ();
      gint64 version = g_ascii_strtoll (rows->pdata[i], NULL, 10);
      JsonNode *row = read_row (self, rows->pdata[i + 1], rows->pdata[i + 2], error);
      gboolean deleted;

      if (row == NULL)
        {
          json_object_unref (change);
          goto fail;
        }
      deleted = JSON_NODE_HOLDS_NULL (row)
                || (json_object_has_member (json_node_get_object (row), "deleted_at")
                    && !json_object_get_null_member (json_node_get_object (row), "deleted_at"));
      json_object_set_string_member (change, "table", rows->pdata[i + 1]);
      json_object_set_string_member (change, "id", rows->pdata[i + 2]);
      json_object_set_int_member (change, "version", version);
      json_object_set_boolean_member (change, "deleted", deleted);
      json_object_set_member (change, "row", row);
      json_array_add_object_element (changes, change);
      next_cursor = version;
    }
  ax_db_exec (self->db, "COMMIT", NULL);

  cursor_text = g_strdup_printf ("%" G_GINT64_FORMAT, next_cursor);
  json_object_set_array_member (reply, "changes", g_steal_pointer (&changes));
  json_object_set_string_member (reply, "cursor", cursor_text);
  json_object_set_boolean_member (reply, "has_more", has_more);
  json_object_set_int_member (reply, "last_mutation_id", last);
  json_object_set_int_member (reply, "server_time", g_get_real_time () / 1000);
  return json_node_init_object (json_node_alloc (), reply);

fail:
  ax_db_rollback (self->db);
  return NULL;
}
