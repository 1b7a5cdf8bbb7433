/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-db"

#include "ax-db.h"
#include "ax-db-resources.h"
#include "ax-db-search.h"
#include "ax-db-checkpoint.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#define MIGRATIONS_PATH "/org/aesthetix/db/migrations"
/* WAL pages (of 4 KiB) after which the log is moved into the store: SQLite's
 * own default, only done off the writer's thread. */
#define CHECKPOINT_PAGES 1000

struct _AxDb
{
  GObject     parent_instance;
  sqlite3    *handle;
  char       *path;
  GHashTable *statements;  /* sql → sqlite3_stmt */
  AxDbCheckpointer *checkpointer;  /* writers of a store on disk */
};

G_DEFINE_FINAL_TYPE (AxDb, ax_db, G_TYPE_OBJECT)
G_DEFINE_QUARK (ax-db-error-quark, ax_db_error)

/* Tables whose changes are not part of a mutation's changeset: the outbox
 * itself, device-local state and the insert-only audit chain. */
static const char *const uncaptured_tables[] = {
  "outbox", "outbox_effect", "sync_state", "audit_log", "login_throttle", "blobs",
  "sync_clients", "sync_changes", "lot_balance", NULL,
};

static gboolean
set_sqlite_error (sqlite3    *handle,
                  int         rc,
                  const char *what,
                  GError    **error)
{
  int code = AX_DB_ERROR_SQLITE;

  if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
    code = AX_DB_ERROR_BUSY;
  else if (rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT)
    code = AX_DB_ERROR_NOT_A_STORE;
  g_set_error (error, AX_DB_ERROR, code, "%s: %s", what,
               handle ? sqlite3_errmsg (handle) : sqlite3_errstr (rc));
  return FALSE;
}

char *
ax_db_column_dup (sqlite3_stmt *stmt,
                  int           col)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, col));
}

char *
ax_db_column_dup_or_empty (sqlite3_stmt *stmt,
                           int           col)
{
  const char *text = (const char *) sqlite3_column_text (stmt, col);

  return g_strdup (text != NULL ? text : "");
}

gboolean
ax_db_fail (AxDb       *self,
            const char *what,
            GError    **error)
{
  return set_sqlite_error (self->handle, sqlite3_extended_errcode (self->handle), what, error);
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static void
ax_db_finalize (GObject *object)
{
  AxDb *self = AX_DB (object);

  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->checkpointer != NULL)
    {
      sqlite3_wal_hook (self->handle, NULL, NULL);
      g_clear_pointer (&self->checkpointer, ax_db_checkpointer_stop);
    }
  if (self->handle != NULL)
    sqlite3_close_v2 (self->handle);
  g_free (self->path);
  G_OBJECT_CLASS (ax_db_parent_class)->finalize (object);
}

static void
ax_db_class_init (AxDbClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ax_db_finalize;
}

static void
ax_db_init (AxDb *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            finalize_statement);
}

gboolean
ax_db_exec (AxDb       *self,
            const char *sql,
            GError    **error)
{
  char *msg = NULL;
  int rc = sqlite3_exec (self->handle, sql, NULL, NULL, &msg);

  if (rc != SQLITE_OK)
    {
      g_set_error (error, AX_DB_ERROR,
                   rc == SQLITE_BUSY ? AX_DB_ERROR_BUSY : AX_DB_ERROR_SQLITE,
                   "%s", msg ? msg : sqlite3_errstr (rc));
      sqlite3_free (msg);
      return FALSE;
    }
  return TRUE;
}

sqlite3_stmt *
ax_db_prepare (AxDb       *self,
               const char *sql,
               GError    **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);
  int rc;

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  rc = sqlite3_prepare_v3 (self->handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self->handle, rc, _("Preparing a query failed"), error);
      return NULL;
    }
  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

/* Migrations are the resources under MIGRATIONS_PATH named NNNN-*.sql; the
 * schema version of a store is the number of the last one applied
 * (PRAGMA user_version). */
static GPtrArray *
list_migrations (void)
{
  g_auto (GStrv) names = g_resource_enumerate_children (ax_db_get_resource (), MIGRATIONS_PATH,
                                                       0, NULL);
  GPtrArray *list = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    if (g_str_has_suffix (names[i], ".sql"))
      g_ptr_array_add (list, g_strdup (names[i]));
  g_ptr_array_sort (list, compare_strings);
  return list;
}

/* Counted once: readers ask on every open, from worker threads, and a read
 * still running while the process exits must not walk the resources as they
 * are being unregistered. */
int
ax_db_latest_schema_version (void)
{
  static gsize latest = 0;

  if (g_once_init_enter (&latest))
    {
      g_autoptr (GPtrArray) list = list_migrations ();

      g_once_init_leave (&latest, list->len + 1);
    }
  return (int) latest - 1;
}

int
ax_db_get_schema_version (AxDb *self)
{
  sqlite3_stmt *stmt;
  int version = -1;

  if (sqlite3_prepare_v2 (self->handle, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK)
    {
      if (sqlite3_step (stmt) == SQLITE_ROW)
        version = sqlite3_column_int (stmt, 0);
      sqlite3_finalize (stmt);
    }
  return version;
}

static gboolean
migrate (AxDb    *self,
         int      target,
         GError **error)
{
  g_autoptr (GPtrArray) list = list_migrations ();
  int current = ax_db_get_schema_version (self);

  if (current < 0)
    return ax_db_fail (self, _("The file is not an Aesthetix store"), error);

  if (current > (int) list->len)
    {
      g_set_error (error, AX_DB_ERROR, AX_DB_ERROR_TOO_NEW,
                   _("The store “%s” was written by a newer version of Aesthetix "
                     "(schema %d; this version knows up to %u). Update Aesthetix to open it; "
                     "the store was not changed."),
                   self->path, current, list->len);
      return FALSE;
    }
  if (current >= target)
    return TRUE;

  if (!ax_db_begin (self, error))
    return FALSE;
  for (int v = current; v < target; v++)
    {
      g_autofree char *rpath = g_build_path ("/", MIGRATIONS_PATH, list->pdata[v], NULL);
      g_autoptr (GBytes) bytes = g_resource_lookup_data (ax_db_get_resource (), rpath, 0, error);
      g_autofree char *sql = NULL;
      g_autofree char *pragma = NULL;

      if (bytes == NULL)
        goto fail;
      sql = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      if (!ax_db_exec (self, sql, error))
        {
          g_prefix_error (error, _("Migration %s failed: "), (char *) list->pdata[v]);
          goto fail;
        }
      pragma = g_strdup_printf ("PRAGMA user_version = %d", v + 1);
      if (!ax_db_exec (self, pragma, error))
        goto fail;
    }
  return ax_db_commit (self, error);

fail:
  ax_db_rollback (self);
  return FALSE;
}

static AxDb *
open_connection (const char *path,
                 gboolean    create,
                 GError    **error)
{
  g_autoptr (AxDb) self = g_object_new (AX_TYPE_DB, NULL);
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
  int rc;

  self->path = g_strdup (path);
  rc = sqlite3_open_v2 (path, &self->handle, flags, NULL);
  if (rc != SQLITE_OK)
    {
      g_autofree char *what = g_strdup_printf (_("Cannot open the store “%s”"), path);
      return set_sqlite_error (self->handle, rc, what, error), NULL;
    }
  sqlite3_extended_result_codes (self->handle, 1);
  sqlite3_busy_timeout (self->handle, 5000);
  if (!ax_search_register_sql (self->handle, error))
    return NULL;
  return g_steal_pointer (&self);
}

static gboolean
configure (AxDb    *self,
           GError **error)
{
  /* journal_mode is persistent and changes the file header, so it is only
   * set once the schema version has been accepted. */
  return ax_db_exec (self,
                     "PRAGMA journal_mode = WAL;"
                     "PRAGMA synchronous = NORMAL;"
                     "PRAGMA temp_store = MEMORY;"
                     "PRAGMA cache_size = -16000;",
                     error);
}

AxDb *
ax_db_open_at_version (const char *path,
                       int         version,
                       GError    **error)
{
  g_autoptr (AxDb) self = open_connection (path, TRUE, error);
  int current;

  if (self == NULL)
    return NULL;

  /* Reading the header is the first touch: a newer store is refused before
   * anything (not even the journal mode) is written to it. */
  current = ax_db_get_schema_version (self);
  if (current < 0)
    {
      g_autofree char *what = g_strdup_printf (_("“%s” is not an Aesthetix store"), path);
      return ax_db_fail (self, what, error), NULL;
    }
  if (current > ax_db_latest_schema_version ())
    return migrate (self, version, error), NULL;

  if (!configure (self, error) || !migrate (self, version, error))
    return NULL;
  if (sqlite3_db_filename (self->handle, NULL) != NULL
      && *sqlite3_db_filename (self->handle, NULL) != '\0')
    self->checkpointer = ax_db_checkpointer_start (self->handle, path, CHECKPOINT_PAGES);
  return g_steal_pointer (&self);
}

AxDb *
ax_db_open (const char *path,
            GError    **error)
{
  return ax_db_open_at_version (path, ax_db_latest_schema_version (), error);
}

AxDb *
ax_db_open_reader (const char *path,
                   GError    **error)
{
  g_autoptr (AxDb) self = open_connection (path, FALSE, error);

  if (self == NULL)
    return NULL;
  if (ax_db_get_schema_version (self) != ax_db_latest_schema_version ())
    {
      g_set_error (error, AX_DB_ERROR, AX_DB_ERROR_NOT_A_STORE,
                   _("The store “%s” is not at this version's schema"), path);
      return NULL;
    }
  if (!ax_db_exec (self, "PRAGMA temp_store = MEMORY; PRAGMA cache_size = -16000;", error))
    return NULL;
  return g_steal_pointer (&self);
}

const char *
ax_db_get_path (AxDb *self)
{
  return self->path;
}

guint
ax_db_get_background_checkpoints (AxDb *self)
{
  g_return_val_if_fail (AX_IS_DB (self), 0);
  return self->checkpointer != NULL ? ax_db_checkpointer_get_runs (self->checkpointer) : 0;
}

sqlite3 *
ax_db_get_handle (AxDb *self)
{
  return self->handle;
}

const char *
ax_db_busy_statement (AxDb *self)
{
  for (sqlite3_stmt *stmt = sqlite3_next_stmt (self->handle, NULL); stmt != NULL;
       stmt = sqlite3_next_stmt (self->handle, stmt))
    if (sqlite3_stmt_busy (stmt))
      return sqlite3_sql (stmt);
  return NULL;
}

/* AX_DB_CHECK_STATEMENTS=1 (tests): a statement stepped and never reset
 * keeps its read transaction after COMMIT, and the log can then never be
 * moved back into the store past that point. */
static void
check_statements (AxDb *self)
{
  static gsize checking = 0;
  const char *sql;

  if (g_once_init_enter (&checking))
    g_once_init_leave (&checking, g_getenv ("AX_DB_CHECK_STATEMENTS") != NULL ? 2 : 1);
  if (checking == 2 && (sql = ax_db_busy_statement (self)) != NULL)
    g_critical ("A statement is still running after COMMIT (never reset): %s", sql);
}

gboolean
ax_db_begin (AxDb    *self,
             GError **error)
{
  return ax_db_exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
ax_db_begin_read (AxDb     *self,
                  gboolean *began,
                  GError  **error)
{
  *began = !ax_db_in_transaction (self);
  return !*began || ax_db_exec (self, "BEGIN", error);
}

void
ax_db_end_read (AxDb     *self,
                gboolean  began)
{
  if (began)
    {
      ax_db_rollback (self);
      check_statements (self);
    }
}

gboolean
ax_db_commit (AxDb    *self,
              GError **error)
{
  if (!ax_db_exec (self, "COMMIT", error))
    return FALSE;
  check_statements (self);
  return TRUE;
}

void
ax_db_rollback (AxDb *self)
{
  if (!sqlite3_get_autocommit (self->handle))
    sqlite3_exec (self->handle, "ROLLBACK", NULL, NULL, NULL);
}

gboolean
ax_db_in_transaction (AxDb *self)
{
  return !sqlite3_get_autocommit (self->handle);
}

struct _AxDbCapture
{
  AxDb           *db;
  sqlite3_session *session;
};

static int
table_filter_cb (void       *data,
                 const char *table)
{
  /* The search index (and its FTS5 shadow tables) is derived from patients
   * by triggers, lot_balance from stock_movements: undo and sync rebuild
   * them through their triggers. */
  return !g_strv_contains (uncaptured_tables, table) && !g_str_has_prefix (table, "patient_search");
}

AxDbCapture *
ax_db_capture_begin (AxDb    *self,
                     GError **error)
{
  AxDbCapture *capture = g_new0 (AxDbCapture, 1);
  int rc;

  capture->db = g_object_ref (self);
  rc = sqlite3session_create (self->handle, "main", &capture->session);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self->handle, rc, _("Cannot record changes"), error);
      ax_db_capture_free (capture);
      return NULL;
    }
  sqlite3session_table_filter (capture->session, table_filter_cb, NULL);
  rc = sqlite3session_attach (capture->session, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self->handle, rc, _("Cannot record changes"), error);
      ax_db_capture_free (capture);
      return NULL;
    }
  return capture;
}

GBytes *
ax_db_capture_end (AxDbCapture *capture,
                   GError     **error)
{
  void *data = NULL;
  int size = 0;
  int rc = sqlite3session_changeset (capture->session, &size, &data);
  GBytes *bytes;

  if (rc != SQLITE_OK)
    {
      set_sqlite_error (capture->db->handle, rc, _("Cannot record changes"), error);
      return NULL;
    }
  bytes = g_bytes_new (data, size);
  sqlite3_free (data);
  return bytes;
}

void
ax_db_capture_free (AxDbCapture *capture)
{
  if (capture == NULL)
    return;
  if (capture->session != NULL)
    sqlite3session_delete (capture->session);
  g_clear_object (&capture->db);
  g_free (capture);
}

typedef struct
{
  const char *const *skip;
  gboolean           conflicted;
} Inverse;

static int
abort_on_conflict_cb (void                 *data,
                      int                   conflict,
                      sqlite3_changeset_iter *iter)
{
  Inverse *inv = data;
  const char *table = NULL;
  int n_columns = 0, op = 0;

  if (inv->skip != NULL && sqlite3changeset_op (iter, &table, &n_columns, &op, NULL) == SQLITE_OK
      && table != NULL && g_strv_contains (inv->skip, table)
      && (conflict == SQLITE_CHANGESET_DATA || conflict == SQLITE_CHANGESET_NOTFOUND))
    return SQLITE_CHANGESET_OMIT;
  inv->conflicted = TRUE;
  return SQLITE_CHANGESET_ABORT;
}

gboolean
ax_db_apply_inverse_except (AxDb               *self,
                            GBytes             *changeset,
                            const char *const  *skip,
                            GError            **error)
{
  void *inverse = NULL;
  int inverse_size = 0;
  Inverse inv = { skip, FALSE };
  int rc;

  rc = sqlite3changeset_invert ((int) g_bytes_get_size (changeset),
                                (void *) g_bytes_get_data (changeset, NULL),
                                &inverse_size, &inverse);
  if (rc != SQLITE_OK)
    return set_sqlite_error (NULL, rc, _("The recorded change is damaged"), error);

  rc = sqlite3changeset_apply (self->handle, inverse_size, inverse, NULL,
                               abort_on_conflict_cb, &inv);
  sqlite3_free (inverse);
  if (inv.conflicted || rc == SQLITE_ABORT)
    {
      g_set_error (error, AX_DB_ERROR, AX_DB_ERROR_CONFLICT,
                   _("The records have changed since; undo the later changes first"));
      return FALSE;
    }
  if (rc != SQLITE_OK)
    return ax_db_fail (self, _("Undo failed"), error);
  return TRUE;
}

static int
omit_on_conflict_cb (void                   *unused,
                     int                     conflict,
                     sqlite3_changeset_iter *iter)
{
  /* Deferred foreign keys are checked once, for the whole transaction: a
   * violation may be another's, so nothing of this one is kept. */
  return conflict == SQLITE_CHANGESET_FOREIGN_KEY ? SQLITE_CHANGESET_ABORT : SQLITE_CHANGESET_OMIT;
}

static int
skip_table_cb (void       *data,
               const char *table)
{
  const char *const *skip = data;

  return skip == NULL || !g_strv_contains (skip, table);
}

gboolean
ax_db_apply_missing (AxDb              *self,
                     GBytes            *changeset,
                     const char *const *skip,
                     gboolean          *restored,
                     GError           **error)
{
  int rc;

  *restored = FALSE;
  rc = sqlite3changeset_apply (self->handle, (int) g_bytes_get_size (changeset),
                               (void *) g_bytes_get_data (changeset, NULL), skip_table_cb,
                               omit_on_conflict_cb, (void *) skip);
  if (rc == SQLITE_ABORT)
    return TRUE;
  if (rc != SQLITE_OK)
    return ax_db_fail (self, _("Putting back a change failed"), error);
  *restored = TRUE;
  return TRUE;
}

gboolean
ax_db_apply_inverse (AxDb    *self,
                     GBytes  *changeset,
                     GError **error)
{
  return ax_db_apply_inverse_except (self, changeset, NULL, error);
}

char *
ax_db_get_state (AxDb       *self,
                 const char *key)
{
  sqlite3_stmt *stmt = ax_db_prepare (self, "SELECT value FROM sync_state WHERE key = ?", NULL);
  char *value = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return value;
}

gboolean
ax_db_set_state (AxDb       *self,
                 const char *key,
                 const char *value,
                 GError    **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (self,
                                      "INSERT INTO sync_state (key, value) VALUES (?, ?) "
                                      "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                      error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return ax_db_fail (self, _("Saving local state failed"), error);
  return TRUE;
}
