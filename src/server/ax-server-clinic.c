/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-server"

#include "ax-server-clinic.h"
#include "ax-server-error.h"
#include "ax-auth.h"
#include "ax-hlc.h"
#include "ax-model-error.h"
#include "ax-mutator.h"
#include "ax-test-point.h"

#include <inttypes.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#define MAX_CLIENT_ID_CHARS 128

struct _AxServerClinic
{
  AxStore *store;
  AxDb    *db;
  GMutex   lock;
  AxDb    *reader;             /* pulls: a WAL snapshot, not behind pushes */
  GMutex   read_lock;
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

static void
free_string (gpointer s)
{
  g_string_free (s, TRUE);
}

/* JSON text of a string (the store's text is UTF-8). */
static void
append_json_string (GString    *out,
                    const char *text)
{
  const char *run = text;
  const char *p;

  g_string_append_c (out, '"');
  for (p = text; *p; p++)
    {
      unsigned char c = (unsigned char) *p;

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;
      g_string_append_len (out, run, p - run);
      run = p + 1;
      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        default: g_string_append_printf (out, "\\u%04x", c);
        }
    }
  g_string_append_len (out, run, p - run);
  g_string_append_c (out, '"');
}

/* Gives every row a mutation changed the clinic's next version, in the
 * mutation's transaction (DESIGN.md §6: versions under the write lock). The
 * changeset comes from the session extension, which already leaves out
 * device-local tables (ax-db.c). The versions are written with one UPDATE
 * per table and one upsert into sync_changes for the whole changeset, the
 * rows handed over as a JSON array (json_each), rather than two statements
 * per row. */
static gboolean
version_changes (AxServerClinic *self,
                 GBytes         *changeset,
                 GError        **error)
{
  sqlite3_changeset_iter *iter = NULL;
  gsize size = 0;
  gconstpointer bytes = g_bytes_get_data (changeset, &size);
  g_autoptr (GHashTable) updates = NULL;   /* table → [[id, version], …] (rows still there) */
  g_autoptr (GString) all = NULL;          /* [[id, version, table], …] */
  GHashTableIter tables;
  gpointer key, value;
  sqlite3_stmt *stmt;
  gboolean ok;

  if (size == 0)
    return TRUE;
  if (sqlite3changeset_start (&iter, (int) size, (void *) bytes) != SQLITE_OK)
    return ax_db_fail (self->db, _("Reading the changes failed"), error);

  updates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, free_string);
  all = g_string_new ("[");
  while (sqlite3changeset_next (iter) == SQLITE_ROW)
    {
      const char *table;
      int n_cols, op, indirect, pk_col = -1;
      unsigned char *pk = NULL;
      sqlite3_value *v = NULL;
      g_autofree char *id = NULL;
      gint64 version;

      sqlite3changeset_op (iter, &table, &n_cols, &op, &indirect);
      sqlite3changeset_pk (iter, &pk, &n_cols);
      for (int i = 0; i < n_cols && pk_col < 0; i++)
        if (pk[i])
          pk_col = i;
      if (pk_col < 0)
        continue;
      if (op == SQLITE_INSERT)
        sqlite3changeset_new (iter, pk_col, &v);
      else
        sqlite3changeset_old (iter, pk_col, &v);
      if (v == NULL || sqlite3_value_text (v) == NULL)
        continue;
      version = ++self->version;
      {
        g_autoptr (GString) quoted = g_string_new (NULL);

        append_json_string (quoted, (const char *) sqlite3_value_text (v));
        id = g_string_free (g_steal_pointer (&quoted), FALSE);
      }
      if (op != SQLITE_DELETE)
        {
          GString *list = g_hash_table_lookup (updates, table);

          if (list == NULL)
            {
              list = g_string_new ("[");
              g_hash_table_insert (updates, g_strdup (table), list);
            }
          g_string_append_printf (list, "%s[%s,%" G_GINT64_FORMAT "]", list->len > 1 ? "," : "",
                                  id, version);
        }
      g_string_append_printf (all, "%s[%s,%" G_GINT64_FORMAT ",", all->len > 1 ? "," : "", id, version);
      append_json_string (all, table);
      g_string_append_c (all, ']');
    }
  sqlite3changeset_finalize (iter);
  g_string_append_c (all, ']');

  g_hash_table_iter_init (&tables, updates);
  while (g_hash_table_iter_next (&tables, &key, &value))
    {
      GString *list = value;
      g_autofree char *sql = g_strdup_printf ("UPDATE \"%s\" SET version = j.value ->> 1 "
                                              "  FROM json_each (?) AS j WHERE \"%s\".id = j.value ->> 0",
                                              (const char *) key, (const char *) key);

      g_string_append_c (list, ']');
      stmt = ax_db_prepare (self->db, sql, error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, list->str, (int) list->len, SQLITE_STATIC);
      ok = bind_step (self->db, stmt, _("Versioning a change failed"), error);
      sqlite3_clear_bindings (stmt);
      if (!ok)
        return FALSE;
    }
  stmt = ax_db_prepare (self->db, "INSERT OR REPLACE INTO sync_changes (version, tbl, row_id) "
                        "SELECT j.value ->> 1, j.value ->> 2, j.value ->> 0 FROM json_each (?) AS j",
                        error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, all->str, (int) all->len, SQLITE_STATIC);
  ok = bind_step (self->db, stmt, _("Versioning a change failed"), error);
  sqlite3_clear_bindings (stmt);
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
  g_mutex_init (&self->read_lock);
  /* Pulls read on their own connection: a reader sees only committed
   * pushes, whose versions were handed out in commit order, so a page is
   * still a prefix of the versions and no cursor skips a row; and a pull
   * does not wait behind a push's durable commit (docs/sync-protocol.md). */
  self->reader = ax_db_open_reader (path, error);
  if (self->reader == NULL)
    {
      g_mutex_clear (&self->lock);
      g_mutex_clear (&self->read_lock);
      g_free (self);
      return NULL;
    }
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

/* Rows written without a mutation (the demo clinic's baseline) get their
 * versions here, as version_changes would have given them: every table with
 * a version column (the synced ones), every row not yet in sync_changes,
 * in one transaction. */
gboolean
ax_server_clinic_version_unversioned (AxServerClinic *self,
                                      gint64         *n_rows,
                                      GError        **error)
{
  g_autoptr (GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  gint64 before = self->version;

  stmt = ax_db_prepare (self->db,
                        "SELECT m.name FROM sqlite_master AS m, pragma_table_info (m.name) AS c "
                        " WHERE m.type = 'table' AND c.name = 'version' AND m.name <> 'sync_changes' "
                        " ORDER BY m.name", error);
  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (tables, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_reset (stmt);

  if (!ax_db_exec (self->db, "BEGIN IMMEDIATE", error))
    return FALSE;
  for (guint i = 0; i < tables->len; i++)
    {
      const char *table = tables->pdata[i];
      g_autofree char *sql = g_strdup_printf ("INSERT INTO sync_changes (version, tbl, row_id) "
                             "SELECT %" G_GINT64_FORMAT " + row_number () OVER (ORDER BY t.rowid), "
                             "       '%s', t.id FROM \"%s\" AS t "
                             " WHERE NOT EXISTS (SELECT 1 FROM sync_changes AS s "
                             "                    WHERE s.tbl = '%s' AND s.row_id = t.id);"
                             "UPDATE \"%s\" SET version = s.version FROM sync_changes AS s "
                             " WHERE s.tbl = '%s' AND s.row_id = \"%s\".id "
                             "   AND s.version > %" G_GINT64_FORMAT ";",
                             self->version, table, table, table, table, table, table, self->version);
      if (!ax_db_exec (self->db, sql, error))
        {
          ax_db_rollback (self->db);
          return FALSE;
        }
      stmt = ax_db_prepare (self->db, "SELECT COALESCE (MAX (version), 0) FROM sync_changes", error);
      if (stmt == NULL)
        {
          ax_db_rollback (self->db);
          return FALSE;
        }
      if (sqlite3_step (stmt) == SQLITE_ROW)
        self->version = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
    }
  if (!ax_db_exec (self->db, "COMMIT", error))
    {
      ax_db_rollback (self->db);
      self->version = before;
      return FALSE;
    }
  if (n_rows != NULL)
    *n_rows = self->version - before;
  return TRUE;
}

void
ax_server_clinic_free (AxServerClinic *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->reader);
  g_clear_object (&self->store);
  g_mutex_clear (&self->lock);
  g_mutex_clear (&self->read_lock);
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

static AxActor *
actor_on (AxDb       *db,
          const char *user_id,
          GError    **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (db,
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
ax_server_clinic_actor (AxServerClinic *self,
                        const char     *user_id,
                        GError        **error)
{
  return actor_on (self->db, user_id, error);
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
      if (json_object_has_member (mutation, "user_id")
          && !is_string (json_object_get_member (mutation, "user_id")))
        return bad_request (error, _("each mutation’s “user_id” (its author) must be text"));
    }
  return TRUE;
}

/* The token is the author: a mutation that names its author (optional
 * "user_id") must name the token's user, or the whole batch is refused
 * before anything is applied — a desk must push each person's changes with
 * that person's sign-in (docs/sync-protocol.md, "Who pushes"). */
static gboolean
check_authors (JsonArray  *mutations,
               AxActor    *actor,
               GError    **error)
{
  for (guint i = 0; i < json_array_get_length (mutations); i++)
    {
      JsonObject *mutation = json_array_get_object_element (mutations, i);
      const char *author = json_object_get_string_member_with_default (mutation, "user_id", NULL);

      if (author != NULL && g_strcmp0 (author, ax_actor_get_user_id (actor)) != 0)
        {
          g_set_error (error, AX_SERVER_ERROR, AX_SERVER_ERROR_WRONG_AUTHOR,
                       _("Mutation %" PRId64 " was made by another user than “%s”, "
                         "who signed this push in: each user’s changes must be pushed with "
                         "their own sign-in"),
                       json_object_get_int_member (mutation, "id"), ax_actor_get_username (actor));
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
read_last_mutation_id (AxDb           *db,
                       const char     *client_id,
                       const char     *device_id,
                       gint64         *last,
                       GError        **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (db,
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
  if (!read_last_mutation_id (self->db, client_id, device_id, &last, error))
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
      ax_test_point ("server-push-applied");   /* one mutation into the batch's transaction */
    }

  changeset = ax_db_capture_end (capture, error);
  if (changeset == NULL)
    goto fail;
  g_clear_pointer (&capture, ax_db_capture_free);
  if (!version_changes (self, changeset, error)
      || !write_last_mutation_id (self, client_id, device_id, last, error))
    goto fail;
  ax_test_point ("server-push-committing");
  if (!ax_db_commit (self->db, error))
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
  if (!check_authors (mutations, actor, error))
    return NULL;

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

/* Pull
 *
 * A page is written as JSON text straight from the rows (no tree of JSON
 * nodes: building and freeing one cost the server most of a pull; see
 * docs/sync-protocol.md, "Figures"). Text from the store is UTF-8 (every
 * write came through a validated request or the mutators). */

static void
append_int (GString *out,
            gint64   value)
{
  char buf[24];
  int n = g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, value);

  g_string_append_len (out, buf, n);
}

/* Appends the row as a JSON object ("null" when it is gone); *deleted says
 * whether it is gone or soft-deleted. */
static gboolean
append_row (AxServerClinic *self,
            GString        *out,
            const char     *table,
            const char     *row_id,
            gboolean       *deleted,
            GError        **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\" WHERE id = ?", table);
  sqlite3_stmt *stmt = ax_db_prepare (self->reader, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, row_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      g_string_append (out, "null");
      *deleted = TRUE;
      return TRUE;
    }
  *deleted = FALSE;
  g_string_append_c (out, '{');
  for (int i = 0; i < sqlite3_column_count (stmt); i++)
    {
      const char *col = sqlite3_column_name (stmt, i);
      int type = sqlite3_column_type (stmt, i);

      if (i > 0)
        g_string_append_c (out, ',');
      append_json_string (out, col);
      g_string_append_c (out, ':');
      if (type != SQLITE_NULL && strcmp (col, "deleted_at") == 0)
        *deleted = TRUE;
      switch (type)
        {
        case SQLITE_INTEGER:
          append_int (out, sqlite3_column_int64 (stmt, i));
          break;
        case SQLITE_FLOAT:
          {
            char buf[G_ASCII_DTOSTR_BUF_SIZE];
            g_string_append (out, g_ascii_dtostr (buf, sizeof buf, sqlite3_column_double (stmt, i)));
            break;
          }
        case SQLITE_TEXT:
          append_json_string (out, (const char *) sqlite3_column_text (stmt, i));
          break;
        case SQLITE_BLOB:
          {
            g_autofree char *b64 = g_base64_encode (sqlite3_column_blob (stmt, i),
                                                    sqlite3_column_bytes (stmt, i));
            g_string_append_c (out, '"');
            g_string_append (out, b64);
            g_string_append_c (out, '"');
            break;
          }
        default:
          g_string_append (out, "null");
        }
    }
  g_string_append_c (out, '}');
  sqlite3_reset (stmt);
  return TRUE;
}

static char *
pull (AxServerClinic *self,
      gint64          cursor,
      guint           limit,
      const char     *client_id,
      GError        **error)
{
  g_autoptr (GString) out = NULL;
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GArray) versions = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  gboolean has_more = FALSE;
  gint64 last = 0, next_cursor = cursor;

  /* One read transaction: the page is a consistent snapshot. */
  if (!ax_db_exec (self->reader, "BEGIN", error))
    return NULL;
  if (client_id != NULL && !read_last_mutation_id (self->reader, client_id, NULL, &last, error))
    goto fail;
  stmt = ax_db_prepare (self->reader, "SELECT version, tbl, row_id FROM sync_changes "
                        " WHERE version > ? ORDER BY version LIMIT ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, cursor);
  sqlite3_bind_int64 (stmt, 2, (gint64) limit + 1);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 version = sqlite3_column_int64 (stmt, 0);

      if (versions->len == limit)
        {
          has_more = TRUE;
          break;
        }
      g_array_append_val (versions, version);
      g_ptr_array_add (rows, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
      g_ptr_array_add (rows, g_strdup ((const char *) sqlite3_column_text (stmt, 2)));
    }
  sqlite3_reset (stmt);

  out = g_string_sized_new (256 + versions->len * 400);
  g_string_append (out, "{\"changes\":[");
  for (guint i = 0; i < versions->len; i++)
    {
      gint64 version = g_array_index (versions, gint64, i);
      gboolean deleted = FALSE;

      g_string_append (out, i ? ",{\"table\":" : "{\"table\":");
      append_json_string (out, rows->pdata[2 * i]);
      g_string_append (out, ",\"id\":");
      append_json_string (out, rows->pdata[2 * i + 1]);
      g_string_append (out, ",\"version\":");
      append_int (out, version);
      g_string_append (out, ",\"row\":");
      if (!append_row (self, out, rows->pdata[2 * i], rows->pdata[2 * i + 1], &deleted, error))
        goto fail;
      g_string_append (out, deleted ? ",\"deleted\":true}" : ",\"deleted\":false}");
      next_cursor = version;
    }
  ax_db_exec (self->reader, "COMMIT", NULL);

  g_string_append (out, "],\"cursor\":\"");
  append_int (out, next_cursor);
  g_string_append (out, has_more ? "\",\"has_more\":true" : "\",\"has_more\":false");
  g_string_append (out, ",\"last_mutation_id\":");
  append_int (out, last);
  g_string_append (out, ",\"server_time\":");
  append_int (out, g_get_real_time () / 1000);
  g_string_append_c (out, '}');
  return g_string_free (g_steal_pointer (&out), FALSE);

fail:
  ax_db_rollback (self->reader);
  return NULL;
}

char *
ax_server_clinic_pull (AxServerClinic *self,
                       const char     *user_id,
                       gint64          cursor,
                       guint           limit,
                       const char     *client_id,
                       GError        **error)
{
  g_autoptr (AxActor) actor = NULL;
  char *text = NULL;

  g_mutex_lock (&self->read_lock);
  /* Re-authorised as the user is now, not as the token says. */
  actor = actor_on (self->reader, user_id, error);
  if (actor != NULL)
    text = pull (self, cursor, limit, client_id, error);
  g_mutex_unlock (&self->read_lock);
  return text;
}
