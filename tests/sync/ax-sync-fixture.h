/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the sync tests share (tests/sync/test-*.c): a real aesthetix-server
 * on 127.0.0.1 (port 0) in a fresh data directory, desks (a store, its
 * client and engine, acting as one user), mutations, queries on store
 * files, and the canonical dump every store is compared by. Each test file
 * sets data_dir and starts server in its global setup. */

#include <check.h>
#include <string.h>
#include <sqlite3.h>
#include <glib/gstdio.h>

#include "ax-sync-dump.h"
#include "ax-test-server.h"
#include "ax-sync-engine.h"
#include "ax-sync-store.h"
#include "ax-actor.h"
#include "ax-uuid.h"
#include "ax-hlc.h"

typedef struct
{
  AxStore      *store;
  AxSyncClient *client;
  AxSyncEngine *engine;
  AxActor      *actor;
} Desk;

static AxTestServer server;
static char *data_dir;

/* Helpers */

static inline JsonObject *
reply_of (GAsyncResult *result,
          AxSyncClient *client,
          GError      **error)
{
  return ax_sync_client_call_finish (client, result, error);
}

static inline void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static inline GAsyncResult *
wait_for (GAsyncResult **slot)
{
  gint64 until = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (*slot == NULL)
    {
      g_main_context_iteration (NULL, TRUE);
      ck_assert_msg (g_get_monotonic_time () < until, "no answer in 20 s");
    }
  return *slot;
}

static inline char *
make_clinic (const char *name)
{
  const char *args[] = { "create-clinic", "--name", name, "--currency", "THB",
                         "--timezone", "Asia/Bangkok", NULL };
  g_autoptr (JsonObject) made = ax_test_server_command (data_dir, NULL, args);

  return g_strdup (json_object_get_string_member (made, "clinic_id"));
}

static inline void
make_user (const char *clinic,
           const char *username,
           const char *role)
{
  const char *args[] = { "create-user", "--clinic", clinic, "--username", username, "--role", role, NULL };
  g_autoptr (JsonObject) made = ax_test_server_command (data_dir, "demo\n", args);

  g_assert (json_object_has_member (made, "user_id"));
}

/* One sync cycle of the desk's engine; FALSE with error when it failed. */
static inline gboolean
sync_desk (Desk    *desk,
           GError **error)
{
  GAsyncResult *result = NULL;
  gboolean ok;

  ax_sync_engine_sync_async (desk->engine, NULL, store_result, &result);
  ok = ax_sync_engine_sync_finish (desk->engine, wait_for (&result), error);
  g_object_unref (result);
  return ok;
}

static inline void
sync_ok (Desk *desk)
{
  g_autoptr (GError) error = NULL;

  ck_assert_msg (sync_desk (desk, &error), "sync failed: %s", error ? error->message : "");
  ck_assert_int_eq (ax_sync_engine_get_state (desk->engine), AX_SYNC_STATE_IDLE);
}

/* Enrols a desk with the clinic, logs username in, syncs once (the clinic
 * and its users arrive) and acts as that user from then on. */
static inline void
desk_open (Desk       *desk,
           const char *clinic,
           const char *username,
           AxRole      role)
{
  const char *args[] = { "enrol-code", "--clinic", clinic, NULL };
  g_autoptr (JsonObject) code = ax_test_server_command (data_dir, NULL, args);
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) reply = NULL;
  GAsyncResult *result = NULL;
  static int n;

  path = g_strdup_printf ("%s/desk-%d.db", data_dir, ++n);
  desk->store = ax_store_open (path, &error);
  g_assert_no_error (error);
  desk->client = ax_sync_client_new (server.url);

  ax_sync_client_enrol_async (desk->client, json_object_get_string_member (code, "code"), "Desk",
                              NULL, store_result, &result);
  reply = reply_of (wait_for (&result), desk->client, &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  /* The desk's own code for its receipt and patient numbers. */
  ck_assert (ax_store_sync_set_device_code (desk->store, json_object_get_string_member (reply, "device_code"),
                                            &error));
  g_clear_pointer (&reply, json_object_unref);

  ax_sync_client_login_async (desk->client, username, "demo", NULL, store_result, &result);
  reply = reply_of (wait_for (&result), desk->client, &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  desk->actor = ax_actor_new (json_object_get_string_member (json_object_get_object_member (reply, "user"), "id"),
                              username, username, role);

  desk->engine = ax_sync_engine_new (desk->store, desk->client);
  sync_ok (desk);
  g_assert (ax_store_get_clinic (desk->store) != NULL);
  g_assert_cmpstr (ax_store_get_clinic (desk->store)->id, ==, clinic);
}

static inline void
desk_close (Desk *desk)
{
  g_clear_object (&desk->engine);
  g_clear_object (&desk->client);
  g_clear_object (&desk->store);
  g_clear_pointer (&desk->actor, ax_actor_unref);
}

/* Runs a mutator on the desk (offline: nothing is sent until a sync). */
static inline JsonObject *
mutate (Desk       *desk,
        const char *name,
        const char *args)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) result = ax_store_mutate_json (desk->store, desk->actor, name, args, &error);

  ck_assert_msg (result != NULL, "%s: %s", name, error ? error->message : "");
  return json_object_ref (json_node_get_object (result));
}


/* Store files read with plain SQLite and their canonical dump: ax-sync-dump.h. */
#define query_text       ax_sync_fixture_query_text
#define query_int        ax_sync_fixture_query_int
#define is_local_table   ax_sync_fixture_is_local_table
#define canonical_dump   ax_sync_fixture_canonical_dump
#define first_difference ax_sync_fixture_first_difference

static inline char *
server_path (const char *clinic)
{
  g_autofree char *file = g_strconcat (clinic, ".db", NULL);

  return g_build_filename (data_dir, "clinics", file, NULL);
}

#define DESK_PATH(d) ax_store_get_path ((d)->store)

static inline void
assert_same_as_server (Desk       *desk,
                       const char *clinic)
{
  g_autofree char *path = server_path (clinic);
  g_autofree char *theirs = canonical_dump (path);
  g_autofree char *mine = canonical_dump (DESK_PATH (desk));
  g_autofree char *diff = first_difference (mine, theirs);

  ck_assert_msg (diff == NULL, "the desk differs from the server at %s", diff);
  ck_assert_uint_eq (ax_store_sync_count_waiting (desk->store), 0);
}


/* Monday 2026-03-16 in Bangkok, at hh:mm. */
static inline gint64
monday_at (int hh,
           int mm)
{
  g_autoptr (GTimeZone) tz = g_time_zone_new_identifier ("Asia/Bangkok");
  g_autoptr (GDateTime) t = g_date_time_new (tz, 2026, 3, 16, hh, mm, 0);

  return g_date_time_to_unix (t) * 1000;
}

