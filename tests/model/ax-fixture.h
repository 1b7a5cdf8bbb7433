/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib/gstdio.h>
#include "ax-test.h"
#include "ax-store.h"
#include "ax-auth.h"
#include "ax-model-error.h"

/* A fresh store in its own temporary directory, with a clinic and one
 * actor per role (created through the mutators, as an administrator would). */
typedef struct
{
  char    *dir;
  char    *path;
  AxStore *store;
  AxActor *actors[AX_N_ROLES];
} AxFixture;

/* 2026-03-10 10:30 in Bangkok (03:30 UTC), a Tuesday. */
#define AX_FIXTURE_NOW_MS G_GINT64_CONSTANT (1773113400000)

static inline JsonNode *
ax_fixture_mutate (AxFixture  *f,
                   AxRole      role,
                   const char *name,
                   const char *args)
{
  g_autoptr (GError) error = NULL;
  JsonNode *result = ax_store_mutate_json (f->store, f->actors[role], name, args, &error);

  ck_assert_msg (result != NULL, "%s failed: %s", name, error ? error->message : "?");
  return result;
}

static inline char *
ax_fixture_mutate_id (AxFixture  *f,
                      AxRole      role,
                      const char *name,
                      const char *args)
{
  g_autoptr (JsonNode) result = ax_fixture_mutate (f, role, name, args);

  return g_strdup (json_object_get_string_member (json_node_get_object (result), "id"));
}

static inline gint64
ax_fixture_count (AxFixture  *f,
                  const char *sql)
{
  sqlite3_stmt *stmt = ax_db_prepare (ax_store_get_db (f->store), sql, NULL);
  gint64 n;

  ck_assert_ptr_nonnull (stmt);
  ck_assert_int_eq (sqlite3_step (stmt), SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

/* Every row of a table as text, in id order: for exact before/after checks. */
static inline char *
ax_fixture_dump (AxFixture  *f,
                 const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s ORDER BY 1", table);
  sqlite3_stmt *stmt = ax_db_prepare (ax_store_get_db (f->store), sql, NULL);
  GString *out = g_string_new (NULL);

  ck_assert_ptr_nonnull (stmt);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        {
          const char *v = (const char *) sqlite3_column_text (stmt, i);
          g_string_append_printf (out, "%s|", v ? v : "∅");
        }
      g_string_append_c (out, '\n');
    }
  sqlite3_reset (stmt);
  return g_string_free (out, FALSE);
}

static inline void
ax_fixture_setup (AxFixture *f)
{
  static const char *const usernames[AX_N_ROLES] = {
    "owner", "provider", "frontdesk", "billing", "director", "readonly",
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (AxActor) setup = ax_actor_new (NULL, "setup", "Setup", AX_ROLE_OWNER);
  g_autoptr (JsonNode) r = NULL;

  memset (f, 0, sizeof *f);
  f->dir = g_dir_make_tmp ("ax-test-XXXXXX", &error);
  ck_assert_msg (f->dir != NULL, "%s", error ? error->message : "");
  f->path = g_build_filename (f->dir, "store.db", NULL);
  f->store = ax_store_open (f->path, &error);
  ck_assert_msg (f->store != NULL, "%s", error ? error->message : "");
  ax_store_set_now (f->store, AX_FIXTURE_NOW_MS);

  r = ax_store_mutate_json (f->store, setup, "clinic.create",
                            "{\"name\": \"Lotus Test Clinic\", \"code\": \"LOT\", "
                            "\"currency\": \"THB\", \"timezone\": \"Asia/Bangkok\"}", &error);
  ck_assert_msg (r != NULL, "%s", error ? error->message : "");

  for (int role = 0; role < AX_N_ROLES; role++)
    {
      /* A precomputed argon2id verifier of "demo" keeps the fixture fast. */
      static char *hash;
      g_autofree char *args = NULL;
      g_autoptr (JsonNode) u = NULL;

      if (hash == NULL)
        hash = ax_auth_hash_password ("demo", NULL);
      args = g_strdup_printf ("{\"username\": \"%s\", \"display_name\": \"%s user\", "
                              "\"role\": \"%s\", \"password_hash\": \"%s\"}",
                              usernames[role], usernames[role], ax_role_to_string (role), hash);
      u = ax_store_mutate_json (f->store, setup, "user.create", args, &error);
      ck_assert_msg (u != NULL, "%s", error ? error->message : "");
      f->actors[role] = ax_actor_new (json_object_get_string_member (json_node_get_object (u), "id"),
                                      usernames[role], usernames[role], role);
    }
}

static inline void
ax_fixture_teardown (AxFixture *f)
{
  for (int role = 0; role < AX_N_ROLES; role++)
    g_clear_pointer (&f->actors[role], ax_actor_unref);
  g_clear_object (&f->store);
  ax_test_remove_dir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

/* The usual case: one fixture `f`, set up afresh around every test. */
#define AX_FIXTURE_DEFINE                                                    \
  static AxFixture f;                                                        \
  static void setup (void) { ax_fixture_setup (&f); }                        \
  static void teardown (void) { ax_fixture_teardown (&f); }

#define OWNER       AX_ROLE_OWNER
#define PROVIDER    AX_ROLE_PROVIDER
#define FRONT_DESK  AX_ROLE_FRONT_DESK
#define BILLING     AX_ROLE_BILLING
#define DIRECTOR    AX_ROLE_MEDICAL_DIRECTOR
#define READ_ONLY   AX_ROLE_READ_ONLY
