/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-model"

/* Mutators for the clinic itself, its users and their sessions. */

#include "ax-model-private.h"
#include "ax-model-error.h"
#include "ax-auth.h"

#include <string.h>
#include <glib/gi18n-lib.h>

static const char *const roles[] = {
  "owner", "provider", "front_desk", "billing", "medical_director", "read_only", NULL,
};
static const char *const currencies[] = { "THB", "BRL", "USD", "EUR", "PHP", "GBP", "JPY", NULL };

static const AxArgSpec clinic_args[] = {
  { "id", AX_ARG_UUID },
  { "name", AX_ARG_STRING, TRUE, 0, 120 },
  { "code", AX_ARG_STRING, FALSE, 0, 8 },
  { "legal_name", AX_ARG_STRING, FALSE, 0, 200 },
  { "tax_id", AX_ARG_STRING, FALSE, 0, 40 },
  { "branch", AX_ARG_STRING, FALSE, 0, 80 },
  { "address", AX_ARG_TEXT, FALSE, 0, 500 },
  { "phone", AX_ARG_PHONE },
  { "email", AX_ARG_EMAIL },
  { "currency", AX_ARG_ENUM, FALSE, 0, 0, currencies },
  { "timezone", AX_ARG_STRING, FALSE, 0, 64 },
  { "locale", AX_ARG_STRING, FALSE, 0, 32 },
  { "vat_rate_bp", AX_ARG_INT, FALSE, 0, 10000 },
  { "prices_include_tax", AX_ARG_BOOL },
  { "discount_approval_bp", AX_ARG_INT, FALSE, 0, 10000 },
  { NULL }
};

static const AxArgSpec user_args[] = {
  { "id", AX_ARG_UUID },
  { "username", AX_ARG_STRING, TRUE, 0, 40 },
  { "display_name", AX_ARG_STRING, TRUE, 0, 80 },
  { "role", AX_ARG_ENUM, TRUE, 0, 0, roles },
  /* The password never reaches the outbox: prepare() swaps it for its hash. */
  { "password", AX_ARG_STRING, FALSE, 0, 200, NULL, "-" },
  { "password_hash", AX_ARG_STRING, FALSE, 0, 200 },
  { "provider_id", AX_ARG_UUID },
  { "email", AX_ARG_EMAIL },
  { "active", AX_ARG_BOOL },
  { NULL }
};

static const AxArgSpec user_update_args[] = {
  { "display_name", AX_ARG_STRING, FALSE, 0, 80 },
  { "role", AX_ARG_ENUM, FALSE, 0, 0, roles },
  { "provider_id", AX_ARG_UUID },
  { "email", AX_ARG_EMAIL },
  { "active", AX_ARG_BOOL },
  { NULL }
};

static const AxArgSpec password_args[] = {
  { "id", AX_ARG_UUID, TRUE },
  { "password", AX_ARG_STRING, FALSE, 0, 200 },
  { "password_hash", AX_ARG_STRING, FALSE, 0, 200 },
  { NULL }
};

static const AxArgSpec session_args[] = {
  { "device", AX_ARG_STRING, FALSE, 0, 100 },
  { NULL }
};

#define MIN_PASSWORD_CHARS 4

static JsonObject *
detail_from (JsonObject *args,
             const char *const *keys)
{
  JsonObject *detail = json_object_new ();

  for (gsize i = 0; keys[i]; i++)
    if (json_object_has_member (args, keys[i]))
      json_object_set_member (detail, keys[i],
                              json_node_copy (json_object_get_member (args, keys[i])));
  return detail;
}

/* clinic.* */

static gboolean
clinic_create_run (AxMutation *m,
                   JsonObject *args,
                   GError    **error)
{
  AxStore *store = ax_mutation_get_store (m);
  const AxMutatorDef *def = ax_mutators_lookup ("clinic.create");
  const char *id = json_object_get_string_member (args, "id");
  sqlite3_stmt *stmt;

  if (ax_store_get_clinic (store) != NULL)
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_RULE,
                   _("This store already belongs to the clinic “%s”"),
                   ax_store_get_clinic (store)->name);
      return FALSE;
    }
  /* A clinic is its own tenant: clinic_id = id. */
  stmt = ax_db_prepare (ax_mutation_get_db (m),
                        "INSERT INTO clinics (id, clinic_id, created_at, updated_at, name) "
                        "VALUES (?1, ?1, ?2, ?3, ?4)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, ax_mutation_get_now_ms (m));
  sqlite3_bind_text (stmt, 3, ax_mutation_get_hlc (m), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, json_object_get_string_member (args, "name"), -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return ax_db_fail (ax_mutation_get_db (m), def->name, error);
  sqlite3_reset (stmt);
  ax_store_reload_clinic (store);

  /* The remaining settings go through the ordinary update path. */
  {
    g_autoptr (JsonObject) upd = json_object_new ();
    JsonObject *set = json_object_new ();
    g_autoptr (GList) members = json_object_get_members (args);

    for (GList *l = members; l; l = l->next)
      if (strcmp (l->data, "id") != 0 && strcmp (l->data, "name") != 0)
        json_object_set_member (set, l->data, json_node_copy (json_object_get_member (args, l->data)));
    if (json_object_get_size (set) == 0)
      {
        json_object_unref (set);
        json_object_set_string_member (ax_mutation_get_result (m), "id", id);
        return TRUE;
      }
    json_object_set_string_member (upd, "id", id);
    json_object_set_object_member (upd, "set", set);
    if (!ax_mutation_update_record (m, ax_mutators_lookup ("clinic.update"), upd, error))
      return FALSE;
  }
  ax_store_reload_clinic (store);
  return TRUE;
}

static gboolean
clinic_update_run (AxMutation *m,
                   JsonObject *args,
                   GError    **error)
{
  static const char *const keys[] = { "set", NULL };
  g_autoptr (JsonObject) detail = detail_from (args, keys);

  if (!ax_mutation_update_record (m, ax_mutators_lookup ("clinic.update"), args, error))
    return FALSE;
  ax_store_reload_clinic (ax_mutation_get_store (m));
  return ax_mutation_audit (m, "settings.update", "clinic",
                            json_object_get_string_member (args, "id"), detail, error);
}

/* user.* */

static gboolean
swap_password_for_hash (AxMutation *m,
                        JsonObject *args,
                        gboolean    required,
                        GError    **error)
{
  const char *password = json_object_get_string_member_with_default (args, "password", NULL);
  const char *hash = json_object_get_string_member_with_default (args, "password_hash", NULL);
  g_autofree char *new_hash = NULL;

  if (password != NULL)
    {
      if (g_utf8_strlen (password, -1) < MIN_PASSWORD_CHARS)
        {
          g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_INVALID_ARGS,
                       _("The password must have at least %d characters"), MIN_PASSWORD_CHARS);
          return FALSE;
        }
      new_hash = ax_auth_hash_password (password, error);
      if (new_hash == NULL)
        return FALSE;
      json_object_remove_member (args, "password");
      json_object_set_string_member (args, "password_hash", new_hash);
      return TRUE;
    }
  if (hash != NULL && !g_str_has_prefix (hash, "$argon2id$"))
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_INVALID_ARGS,
                   _("“password_hash” must be an argon2id hash"));
      return FALSE;
    }
  if (hash == NULL && required)
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_INVALID_ARGS,
                   _("“password” is required"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
user_create_prepare (AxMutation *m,
                     JsonObject *args,
                     GError    **error)
{
  return ax_mutation_prepare_id (m, args, error)
         && swap_password_for_hash (m, args, TRUE, error);
}

static gboolean
username_taken (AxMutation *m,
                const char *username,
                GError    **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (ax_mutation_get_db (m),
                                      "SELECT 1 FROM users WHERE clinic_id = ? AND username = ? "
                                      "AND deleted_at IS NULL", NULL);
  gboolean taken;

  sqlite3_bind_text (stmt, 1, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, username, -1, SQLITE_STATIC);
  taken = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  if (taken)
    g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_DUPLICATE,
                 _("There is already a user called “%s”; choose another user name"), username);
  return taken;
}

static gboolean
user_create_run (AxMutation *m,
                 JsonObject *args,
                 GError    **error)
{
  static const char *const keys[] = { "username", "display_name", "role", NULL };
  g_autoptr (JsonObject) detail = detail_from (args, keys);
  const char *username = json_object_get_string_member (args, "username");
  const char *provider_id = json_object_get_string_member_with_default (args, "provider_id", NULL);

  for (const char *p = username; *p; p++)
    if (!g_ascii_isalnum (*p) && !strchr ("._-", *p))
      {
        g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_INVALID_ARGS,
                     _("A user name may use only letters, digits, “.”, “_” and “-”"));
        return FALSE;
      }
  if (username_taken (m, username, error))
    return FALSE;
  if (provider_id && !ax_mutation_require_row (m, "providers", provider_id, _("provider"), error))
    return FALSE;
  if (!ax_mutation_insert_record (m, ax_mutators_lookup ("user.create"), args, error))
    return FALSE;
  return ax_mutation_audit (m, "user.create", "user", json_object_get_string_member (args, "id"),
                            detail, error);
}

static int
count_active_owners_except (AxMutation *m,
                            const char *user_id)
{
  sqlite3_stmt *stmt = ax_db_prepare (ax_mutation_get_db (m),
                                      "SELECT COUNT (*) FROM users WHERE clinic_id = ? AND role = 'owner' "
                                      "AND active = 1 AND deleted_at IS NULL AND id <> ?", NULL);
  int n;

  sqlite3_bind_text (stmt, 1, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, user_id, -1, SQLITE_STATIC);
  sqlite3_step (stmt);
  n = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

static gboolean
user_update_run (AxMutation *m,
                 JsonObject *args,
                 GError    **error)
{
  static const char *const keys[] = { "set", NULL };
  g_autoptr (JsonObject) detail = detail_from (args, keys);
  const char *id = json_object_get_string_member (args, "id");
  JsonObject *set = json_object_get_object_member (args, "set");
  gboolean demotes = (json_object_has_member (set, "role")
                      && g_strcmp0 (json_object_get_string_member (set, "role"), "owner") != 0)
                     || (json_object_has_member (set, "active")
                         && !json_object_get_boolean_member (set, "active"));

  if (demotes && count_active_owners_except (m, id) == 0)
    {
      /* Only refuse when the user changed is in fact that last owner. */
      sqlite3_stmt *stmt = ax_db_prepare (ax_mutation_get_db (m),
                                          "SELECT role = 'owner' FROM users WHERE id = ?", NULL);
      gboolean is_owner;

      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
      is_owner = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0);
      sqlite3_reset (stmt);
      if (is_owner)
        {
          g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_RULE,
                       _("The clinic must keep at least one active owner"));
          return FALSE;
        }
    }
  if (!ax_mutation_update_record (m, ax_mutators_lookup ("user.update"), args, error))
    return FALSE;
  return ax_mutation_audit (m, "user.update", "user", id, detail, error);
}

static gboolean
user_set_password_prepare (AxMutation *m,
                           JsonObject *args,
                           GError    **error)
{
  return swap_password_for_hash (m, args, TRUE, error);
}

static gboolean
user_set_password_run (AxMutation *m,
                       JsonObject *args,
                       GError    **error)
{
  AxActor *actor = ax_mutation_get_actor (m);
  const char *id = json_object_get_string_member (args, "id");
  sqlite3_stmt *stmt;

  if (g_strcmp0 (id, ax_actor_get_user_id (actor)) != 0
      && !ax_actor_can (actor, AX_PERM_USERS_MANAGE))
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_FORBIDDEN,
                   _("Only an owner can change another user's password"));
      return FALSE;
    }
  if (!ax_mutation_require_row (m, "users", id, _("user"), error))
    return FALSE;
  stmt = ax_db_prepare (ax_mutation_get_db (m),
                        "UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, json_object_get_string_member (args, "password_hash"), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ax_mutation_get_hlc (m), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return ax_db_fail (ax_mutation_get_db (m), "user.set_password", error);
  sqlite3_reset (stmt);
  json_object_set_string_member (ax_mutation_get_result (m), "id", id);
  return ax_mutation_audit (m, "user.set_password", "user", id, NULL, error);
}

/* session.* : logins and log-outs are audit entries. */

static gboolean
session_login_run (AxMutation *m,
                   JsonObject *args,
                   GError    **error)
{
  return ax_mutation_audit (m, "login", "user", ax_actor_get_user_id (ax_mutation_get_actor (m)),
                            args, error);
}

static gboolean
session_logout_run (AxMutation *m,
                    JsonObject *args,
                    GError    **error)
{
  return ax_mutation_audit (m, "logout", "user", ax_actor_get_user_id (ax_mutation_get_actor (m)),
                            args, error);
}

static const AxMutatorDef defs[] = {
  { "clinic.create", AX_PERM_SETTINGS_EDIT, clinic_args, FALSE, ax_mutation_prepare_id,
    clinic_create_run, "clinics" },
  { "clinic.update", AX_PERM_SETTINGS_EDIT, clinic_args, TRUE, NULL, clinic_update_run, "clinics" },
  { "user.create", AX_PERM_USERS_MANAGE, user_args, FALSE, user_create_prepare, user_create_run,
    "users" },
  { "user.update", AX_PERM_USERS_MANAGE, user_update_args, TRUE, NULL, user_update_run, "users" },
  /* Everyone may change their own password; the run checks whose it is. */
  { "user.set_password", AX_PERM_DASHBOARD_VIEW, password_args, FALSE, user_set_password_prepare,
    user_set_password_run, "users" },
  { "session.login", AX_PERM_DASHBOARD_VIEW, session_args, FALSE, NULL, session_login_run, NULL },
  { "session.logout", AX_PERM_DASHBOARD_VIEW, session_args, FALSE, NULL, session_logout_run, NULL },
};

void
ax_users_register_mutators (void)
{
  ax_mutators_register (defs, G_N_ELEMENTS (defs));
}
