/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-model"

#include "ax-auth.h"
#include "ax-model-private.h"
#include "ax-model-error.h"

#include <sodium.h>
#include <string.h>
#include <glib/gi18n-lib.h>

/* After AX_AUTH_MAX_FAILURES wrong passwords a name is locked for a minute;
 * each further failure doubles that, up to a quarter of an hour. The count
 * is kept per device (login_throttle is device-local state, not a record). */
#define LOCK_BASE_S 60
#define LOCK_MAX_S  (15 * 60)

void
ax_user_info_free (AxUserInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->id);
  g_free (info->username);
  g_free (info->display_name);
  g_free (info);
}

static gboolean
ensure_sodium (GError **error)
{
  if (sodium_init () < 0)
    {
      g_set_error (error, AX_AUTH_ERROR, AX_AUTH_ERROR_DISABLED,
                   _("The password library could not start"));
      return FALSE;
    }
  return TRUE;
}

char *
ax_auth_hash_password (const char *password,
                       GError    **error)
{
  char hash[crypto_pwhash_STRBYTES];

  if (!ensure_sodium (error))
    return NULL;
  if (crypto_pwhash_str (hash, password, strlen (password),
                         crypto_pwhash_OPSLIMIT_INTERACTIVE,
                         crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    {
      g_set_error (error, AX_AUTH_ERROR, AX_AUTH_ERROR_DISABLED,
                   _("Not enough memory to protect the password"));
      return NULL;
    }
  return g_strdup (hash);
}

GPtrArray *
ax_auth_list_users (AxStore *store,
                    GError **error)
{
  AxDb *db = ax_store_get_db (store);
  GPtrArray *users = g_ptr_array_new_with_free_func ((GDestroyNotify) ax_user_info_free);
  sqlite3_stmt *stmt;

  stmt = ax_db_prepare (db,
                        "SELECT id, username, display_name, role FROM users "
                        " WHERE clinic_id = ? AND active = 1 AND deleted_at IS NULL "
                        " ORDER BY display_name COLLATE NOCASE", error);
  if (stmt == NULL)
    return (g_ptr_array_unref (users), NULL);
  sqlite3_bind_text (stmt, 1, ax_store_get_clinic_id (store), -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      AxUserInfo *info = g_new0 (AxUserInfo, 1);

      info->id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      info->username = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      info->display_name = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      info->role = ax_role_from_string ((const char *) sqlite3_column_text (stmt, 3));
      g_ptr_array_add (users, info);
    }
  sqlite3_reset (stmt);
  return users;
}

static void
read_throttle (AxDb       *db,
               const char *username,
               int        *failures,
               gint64     *locked_until)
{
  sqlite3_stmt *stmt = ax_db_prepare (db, "SELECT failures, locked_until FROM login_throttle "
                                          "WHERE username = ?", NULL);

  *failures = 0;
  *locked_until = 0;
  if (stmt == NULL)
    return;
  sqlite3_bind_text (stmt, 1, username, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      *failures = sqlite3_column_int (stmt, 0);
      *locked_until = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
}

static void
write_throttle (AxDb       *db,
                const char *username,
                int         failures,
                gint64      locked_until)
{
  sqlite3_stmt *stmt = ax_db_prepare (db,
                                      "INSERT INTO login_throttle (username, failures, locked_until) "
                                      "VALUES (?, ?, ?) ON CONFLICT (username) DO UPDATE "
                                      "SET failures = excluded.failures, "
                                      "    locked_until = excluded.locked_until", NULL);

  if (stmt == NULL)
    return;
  sqlite3_bind_text (stmt, 1, username, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, failures);
  sqlite3_bind_int64 (stmt, 3, locked_until);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    g_warning ("Could not record a failed login: %s", sqlite3_errmsg (ax_db_get_handle (db)));
  sqlite3_reset (stmt);
}

gint64
ax_auth_locked_seconds (AxStore    *store,
                        const char *username)
{
  int failures;
  gint64 until, now = ax_store_now_ms (store);

  read_throttle (ax_store_get_db (store), username, &failures, &until);
  return until > now ? (until - now + 999) / 1000 : 0;
}

static char *
format_duration (gint64 seconds)
{
  if (seconds < 60)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d second", "%d seconds", seconds),
                            (int) seconds);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute", "%d minutes",
                                       (seconds + 59) / 60),
                          (int) ((seconds + 59) / 60));
}

static void
record_failure (AxStore    *store,
                const char *username,
                const char *display_name,
                gboolean    unknown,
                GError    **error)
{
  AxDb *db = ax_store_get_db (store);
  gint64 now = ax_store_now_ms (store), until;
  int failures;

  read_throttle (db, username, &failures, &until);
  failures++;
  if (failures >= AX_AUTH_MAX_FAILURES)
    {
      gint64 lock_s = LOCK_BASE_S << MIN (failures - AX_AUTH_MAX_FAILURES, 4);
      g_autofree char *duration = format_duration (MIN (lock_s, LOCK_MAX_S));

      write_throttle (db, username, failures, now + MIN (lock_s, LOCK_MAX_S) * 1000);
      g_set_error (error, AX_AUTH_ERROR, AX_AUTH_ERROR_LOCKED,
                   _("Too many failed attempts. “%s” is locked for %s."), username, duration);
      return;
    }
  write_throttle (db, username, failures, 0);
  if (unknown)
    g_set_error (error, AX_AUTH_ERROR, AX_AUTH_ERROR_UNKNOWN_USER,
                 _("There is no user called “%s” in this clinic. Check the spelling or pick "
                   "your name from the list."), username);
  else
    {
      int left = AX_AUTH_MAX_FAILURES - failures;
      g_autofree char *attempts =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "%d attempt left before a short lockout.",
                                      "%d attempts left before a short lockout.", left), left);
      g_set_error (error, AX_AUTH_ERROR, AX_AUTH_ERROR_WRONG_PASSWORD,
                   _("Wrong password for %s. %s"), display_name, attempts);
    }
}

typedef enum { VERIFY_HERE = -1, VERIFIED_NO = 0, VERIFIED_YES = 1 } Verdict;

/* The one login path. The password check (argon2id) runs here unless the
 * caller already ran it on a worker thread and passes its verdict. */
static AxActor *
login_with_verdict (AxStore    *store,
                    const char *username,
                    const char *password,
                    Verdict     verdict,
                    GError    **error)
{
  AxDb *db = ax_store_get_db (store);
  g_autoptr (AxActor) actor = NULL;
  g_autofree char *id = NULL;
  g_autofree char *display_name = NULL;
  g_autofree char *hash = NULL;
  g_autoptr (JsonNode) result = NULL;
  g_autofree char *name = g_strstrip (g_strdup (username ? username : ""));
  gint64 locked;
  sqlite3_stmt *stmt;
  AxRole role = AX_ROLE_INVALID;
  gboolean active = FALSE;

  if (!ensure_sodium (error))
    return NULL;
  if (ax_store_get_clinic (store) == NULL)
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_NO_CLINIC,
                   _("This store has no clinic and no users yet"));
      return NULL;
    }
  if (*name == '\0')
    {
      g_set_error (error, AX_AUTH_ERROR, AX_AUTH_ERROR_UNKNOWN_USER, _("Enter your user name"));
      return NULL;
    }

  locked = ax_auth_locked_seconds (store, name);
  if (locked > 0)
    {
      g_autofree char *duration = format_duration (locked);
      g_set_error (error, AX_AUTH_ERROR, AX_AUTH_ERROR_LOCKED,
                   _("Too many failed attempts. Try again in %s."), duration);
      return NULL;
    }

  stmt = ax_db_prepare (db,
                        "SELECT id, display_name, role, password_hash, active FROM users "
                        " WHERE clinic_id = ? AND username = ? AND deleted_at IS NULL", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, ax_store_get_clinic_id (store), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      display_name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      role = ax_role_from_string ((const char *) sqlite3_column_text (stmt, 2));
      hash = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      active = sqlite3_column_int (stmt, 4) != 0;
    }
  sqlite3_reset (stmt);

  if (id == NULL)
    {
      record_failure (store, name, NULL, TRUE, error);
      return NULL;
    }
  if (verdict == VERIFY_HERE)
    verdict = crypto_pwhash_str_verify (hash, password ? password : "",
                                        password ? strlen (password) : 0) == 0
              ? VERIFIED_YES : VERIFIED_NO;
  if (verdict != VERIFIED_YES)
    {
      record_failure (store, name, display_name, FALSE, error);
      return NULL;
    }
  if (!active || role == AX_ROLE_INVALID)
    {
      g_set_error (error, AX_AUTH_ERROR, AX_AUTH_ERROR_DISABLED,
                   _("The account of %s is switched off; ask the clinic owner to switch it on"),
                   display_name);
      return NULL;
    }

  write_throttle (db, name, 0, 0);
  actor = ax_actor_new (id, name, display_name, role);
  result = ax_store_mutate_json (store, actor, "session.login", "{}", error);
  if (result == NULL)
    return NULL;
  return g_steal_pointer (&actor);
}

AxActor *
ax_auth_login (AxStore    *store,
               const char *username,
               const char *password,
               GError    **error)
{
  return login_with_verdict (store, username, password, VERIFY_HERE, error);
}

gboolean
ax_auth_logout (AxStore *store,
                AxActor *actor,
                GError **error)
{
  g_autoptr (JsonNode) result = ax_store_mutate_json (store, actor, "session.logout", "{}", error);

  return result != NULL;
}

/* Login off the main thread. argon2id takes tens of milliseconds by design;
 * only the hash check runs in the worker, with its own connection, and the
 * bookkeeping (throttle, audit) runs back on the caller's thread. */

typedef struct
{
  char    *username;
  char    *password;
  char    *path;
  char    *clinic_id;
  char    *hash;      /* out: the stored verifier */
  gboolean matched;
} LoginData;

static void
login_data_free (LoginData *d)
{
  g_free (d->username);
  if (d->password)
    sodium_memzero (d->password, strlen (d->password));
  g_free (d->password);
  g_free (d->path);
  g_free (d->clinic_id);
  g_free (d->hash);
  g_free (d);
}

static void
login_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  LoginData *d = task_data;
  g_autoptr (AxDb) db = ax_db_open_reader (d->path, NULL);
  sqlite3_stmt *stmt;

  if (db != NULL && ensure_sodium (NULL))
    {
      stmt = ax_db_prepare (db, "SELECT password_hash FROM users WHERE clinic_id = ? "
                                "AND username = ? AND deleted_at IS NULL", NULL);
      if (stmt != NULL)
        {
          sqlite3_bind_text (stmt, 1, d->clinic_id, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 2, d->username, -1, SQLITE_STATIC);
          if (sqlite3_step (stmt) == SQLITE_ROW)
            d->hash = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
          sqlite3_reset (stmt);
        }
      d->matched = d->hash != NULL
                   && crypto_pwhash_str_verify (d->hash, d->password, strlen (d->password)) == 0;
    }
  g_task_return_boolean (task, TRUE);
}

void
ax_auth_login_async (AxStore             *store,
                     const char          *username,
                     const char          *password,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr (GTask) task = g_task_new (store, cancellable, callback, user_data);
  LoginData *d = g_new0 (LoginData, 1);

  g_task_set_source_tag (task, ax_auth_login_async);
  d->username = g_strstrip (g_strdup (username ? username : ""));
  d->password = g_strdup (password ? password : "");
  d->path = g_strdup (ax_store_get_path (store));
  d->clinic_id = g_strdup (ax_store_get_clinic_id (store));
  g_task_set_task_data (task, d, (GDestroyNotify) login_data_free);
  g_task_run_in_thread (task, login_thread);
}

AxActor *
ax_auth_login_finish (AxStore      *store,
                      GAsyncResult *result,
                      GError      **error)
{
  GTask *task = G_TASK (result);
  LoginData *d;

  g_return_val_if_fail (g_task_is_valid (result, store), NULL);
  if (!g_task_propagate_boolean (task, error))
    return NULL;
  d = g_task_get_task_data (task);
  /* The throttle, the user's state and the audit entry are settled here,
   * on the store's thread; the slow hash check already ran in the worker. */
  return login_with_verdict (store, d->username, d->password,
                             d->matched ? VERIFIED_YES : VERIFIED_NO, error);
}
