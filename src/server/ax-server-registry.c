/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-server"

#include "ax-server-registry.h"
#include "ax-server-error.h"
#include "ax-server-token.h"

#include <string.h>
#include <sqlite3.h>
#include <glib/gi18n-lib.h>

struct _AxServerRegistry
{
  sqlite3 *db;
  GMutex   lock;
};

static const char schema[] =
  "PRAGMA journal_mode = WAL;"
  "PRAGMA synchronous = FULL;"
  "CREATE TABLE IF NOT EXISTS clinics ("
  "  id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at INTEGER NOT NULL) STRICT;"
  "CREATE TABLE IF NOT EXISTS enrol_codes ("
  "  code_hash TEXT PRIMARY KEY, clinic_id TEXT NOT NULL REFERENCES clinics (id),"
  "  expires_at INTEGER NOT NULL, used_at INTEGER) STRICT;"
  "CREATE TABLE IF NOT EXISTS devices ("
  "  id TEXT PRIMARY KEY, clinic_id TEXT NOT NULL REFERENCES clinics (id),"
  "  name TEXT NOT NULL, secret_hash TEXT NOT NULL, enrolled_at INTEGER NOT NULL,"
  "  revoked_at INTEGER) STRICT;"
  "CREATE TABLE IF NOT EXISTS refresh_tokens ("
  "  token_hash TEXT PRIMARY KEY, clinic_id TEXT NOT NULL, user_id TEXT NOT NULL,"
  "  device_id TEXT NOT NULL, expires_at INTEGER NOT NULL, used_at INTEGER) STRICT;";

static gboolean
fail (AxServerRegistry *self,
      const char       *what,
      GError          **error)
{
  g_set_error (error, AX_SERVER_ERROR, AX_SERVER_ERROR_INTERNAL, "%s: %s", what,
               sqlite3_errmsg (self->db));
  return FALSE;
}

AxServerRegistry *
ax_server_registry_open (const char *data_dir,
                         GError    **error)
{
  g_autofree char *path = g_build_filename (data_dir, "registry.db", NULL);
  AxServerRegistry *self = g_new0 (AxServerRegistry, 1);
  char *msg = NULL;

  g_mutex_init (&self->lock);
  if (sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
    {
      fail (self, _("Cannot open the server registry"), error);
      ax_server_registry_free (self);
      return NULL;
    }
  sqlite3_busy_timeout (self->db, 5000);
  if (sqlite3_exec (self->db, schema, NULL, NULL, &msg) != SQLITE_OK)
    {
      g_set_error (error, AX_SERVER_ERROR, AX_SERVER_ERROR_INTERNAL,
                   _("Cannot set up the server registry “%s”: %s"), path, msg);
      sqlite3_free (msg);
      ax_server_registry_free (self);
      return NULL;
    }
  return self;
}

void
ax_server_registry_free (AxServerRegistry *self)
{
  if (self == NULL)
    return;
  sqlite3_close_v2 (self->db);
  g_mutex_clear (&self->lock);
  g_free (self);
}

void
ax_server_refresh_clear (AxServerRefresh *refresh)
{
  g_clear_pointer (&refresh->clinic_id, g_free);
  g_clear_pointer (&refresh->user_id, g_free);
  g_clear_pointer (&refresh->device_id, g_free);
}

/* Runs sql with text/int64 arguments ("s" / "i" in types), stepping once;
 * returns the step's result code. The statement is finalized unless
 * stmt_out takes it (for reading a row). */
static int
run (AxServerRegistry *self,
     const char       *sql,
     const char       *types,
     sqlite3_stmt    **stmt_out,
     ...)
{
  sqlite3_stmt *stmt = NULL;
  va_list ap;
  int rc;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return SQLITE_ERROR;
  va_start (ap, stmt_out);
  for (int i = 0; types[i]; i++)
    {
      if (types[i] == 's')
        sqlite3_bind_text (stmt, i + 1, va_arg (ap, const char *), -1, SQLITE_TRANSIENT);
      else
        sqlite3_bind_int64 (stmt, i + 1, va_arg (ap, gint64));
    }
  va_end (ap);
  rc = sqlite3_step (stmt);
  if (stmt_out != NULL && rc == SQLITE_ROW)
    *stmt_out = stmt;
  else
    sqlite3_finalize (stmt);
  return rc;
}

gboolean
ax_server_registry_add_clinic (AxServerRegistry *self,
                               const char       *clinic_id,
                               const char       *name,
                               GError          **error)
{
  gboolean ok;

  g_mutex_lock (&self->lock);
  ok = run (self, "INSERT INTO clinics (id, name, created_at) VALUES (?, ?, ?)", "ssi", NULL,
            clinic_id, name, g_get_real_time () / 1000) == SQLITE_DONE
       || fail (self, _("Registering the clinic failed"), error);
  g_mutex_unlock (&self->lock);
  return ok;
}

gboolean
ax_server_registry_has_clinic (AxServerRegistry *self,
                               const char       *clinic_id)
{
  gboolean found;

  g_mutex_lock (&self->lock);
  found = run (self, "SELECT 1 FROM clinics WHERE id = ?", "s", NULL, clinic_id) == SQLITE_ROW;
  g_mutex_unlock (&self->lock);
  return found;
}

static char *
normalise_code (const char *code)
{
  GString *s = g_string_new (NULL);

  for (const char *p = code; *p; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (s, g_ascii_toupper (*p));
  return g_string_free (s, FALSE);
}

gboolean
ax_server_registry_add_code (AxServerRegistry *self,
                             const char       *clinic_id,
                             const char       *code,
                             gint64            expires_ms,
                             GError          **error)
{
  g_autofree char *plain = normalise_code (code);
  g_autofree char *hash = ax_server_hash_secret (plain);
  gboolean ok;

  g_mutex_lock (&self->lock);
  ok = run (self, "INSERT INTO enrol_codes (code_hash, clinic_id, expires_at) VALUES (?, ?, ?)",
            "ssi", NULL, hash, clinic_id, expires_ms) == SQLITE_DONE
       || fail (self, _("Storing the enrolment code failed"), error);
  g_mutex_unlock (&self->lock);
  return ok;
}

char *
ax_server_registry_enrol (AxServerRegistry *self,
                          const char       *code,
                          const char       *device_id,
                          const char       *device_name,
                          const char       *secret,
                          gint64            now_ms,
                          char            **device_code,
                          GError          **error)
{
  g_autofree char *plain = normalise_code (code);
  g_autofree char *hash = ax_server_hash_secret (plain);
  g_autofree char *secret_hash = ax_server_hash_secret (secret);
  sqlite3_stmt *stmt = NULL;
  char *clinic_id = NULL;

  g_mutex_lock (&self->lock);
  sqlite3_exec (self->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
  if (run (self, "UPDATE enrol_codes SET used_at = ?2 WHERE code_hash = ?1 AND used_at IS NULL "
           "AND expires_at > ?2 RETURNING clinic_id", "si", &stmt, hash, now_ms) == SQLITE_ROW)
    {
      clinic_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      sqlite3_finalize (stmt);
    }
  if (clinic_id == NULL)
    g_set_error (error, AX_SERVER_ERROR, AX_SERVER_ERROR_FORBIDDEN,
                 _("The enrolment code is wrong, expired or already used; ask the clinic "
                   "owner for a new one"));
  else if (run (self, "INSERT INTO devices (id, clinic_id, name, secret_hash, enrolled_at) "
                "VALUES (?, ?, ?, ?, ?)", "ssssi", NULL, device_id, clinic_id, device_name,
                secret_hash, now_ms) != SQLITE_DONE)
    {
      fail (self, _("Enrolling the device failed"), error);
      g_clear_pointer (&clinic_id, g_free);
    }
  /* The desk's short code for its number series (receipts, patient
   * numbers: DESIGN.md §4): unique in the clinic. D1 is the server's own. */
  else if (run (self, "SELECT 'D' || (1 + COUNT (*)) FROM devices WHERE clinic_id = ?", "s", &stmt,
                clinic_id) == SQLITE_ROW)
    {
      *device_code = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      sqlite3_finalize (stmt);
    }
  sqlite3_exec (self->db, clinic_id ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL);
  g_mutex_unlock (&self->lock);
  return clinic_id;
}

char *
ax_server_registry_check_device (AxServerRegistry *self,
                                 const char       *device_id,
                                 const char       *secret,
                                 GError          **error)
{
  g_autofree char *secret_hash = ax_server_hash_secret (secret);
  sqlite3_stmt *stmt = NULL;
  char *clinic_id = NULL;

  g_mutex_lock (&self->lock);
  if (run (self, "SELECT clinic_id FROM devices WHERE id = ? AND secret_hash = ? "
           "AND revoked_at IS NULL", "ss", &stmt, device_id, secret_hash) == SQLITE_ROW)
    {
      clinic_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      sqlite3_finalize (stmt);
    }
  g_mutex_unlock (&self->lock);
  if (clinic_id == NULL)
    g_set_error (error, AX_SERVER_ERROR, AX_SERVER_ERROR_UNAUTHORIZED,
                 _("This workstation is not enrolled with the clinic server (or was removed); "
                   "pair it again with a new enrolment code"));
  return clinic_id;
}

gboolean
ax_server_registry_add_refresh (AxServerRegistry *self,
                                const char       *token,
                                const char       *clinic_id,
                                const char       *user_id,
                                const char       *device_id,
                                gint64            expires_ms,
                                GError          **error)
{
  g_autofree char *hash = ax_server_hash_secret (token);
  gboolean ok;

  g_mutex_lock (&self->lock);
  ok = run (self, "INSERT INTO refresh_tokens (token_hash, clinic_id, user_id, device_id, "
            "expires_at) VALUES (?, ?, ?, ?, ?)", "ssssi", NULL, hash, clinic_id, user_id,
            device_id, expires_ms) == SQLITE_DONE
       || fail (self, _("Storing the refresh token failed"), error);
  g_mutex_unlock (&self->lock);
  return ok;
}

gboolean
ax_server_registry_take_refresh (AxServerRegistry *self,
                                 const char       *token,
                                 gint64            now_ms,
                                 AxServerRefresh  *out,
                                 GError          **error)
{
  g_autofree char *hash = ax_server_hash_secret (token);
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;

  memset (out, 0, sizeof *out);
  g_mutex_lock (&self->lock);
  if (run (self, "UPDATE refresh_tokens SET used_at = ?2 WHERE token_hash = ?1 "
           "AND used_at IS NULL AND expires_at > ?2 "
           "AND device_id IN (SELECT id FROM devices WHERE revoked_at IS NULL) "
           "RETURNING clinic_id, user_id, device_id", "si", &stmt, hash, now_ms) == SQLITE_ROW)
    {
      out->clinic_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      out->user_id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      out->device_id = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      sqlite3_finalize (stmt);
      ok = TRUE;
    }
  g_mutex_unlock (&self->lock);
  if (!ok)
    g_set_error (error, AX_SERVER_ERROR, AX_SERVER_ERROR_UNAUTHORIZED,
                 _("The refresh token is not valid (expired, used or unknown); log in again"));
  return ok;
}
