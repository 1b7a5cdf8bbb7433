/* SPDX-License-Identifier: GPL-3.0-or-later */

/* A desk for the fault tests (tests/sync/test-faults.c), in a process of its
 * own so that a test can kill it: opens a paired desk store, syncs it with
 * the clinic server through AxSyncEngine until nothing waits, and exits.
 *
 *   ax-sync-desk [--pull-first] [--page-limit N] [--catch-up-limit N] STORE DESK.ini
 *
 * DESK.ini ([desk]: url, device-id, device-secret, access-token,
 * refresh-token, user-id: whose tokens) is written by the test; tokens rotated by a refresh are
 * written back. --pull-first pulls (and so rebases the waiting mutations)
 * before the engine pushes, as when a pull arrives while the desk works.
 * With AX_SYNC_TEST_KILL=POINT[:N] in the environment the process SIGKILLs
 * itself the Nth time it passes that test point (ax-test-point.h).
 * Exit status: 0 synced, 1 failed (the reason on stderr), 2 bad usage. */

#include <stdio.h>

#include "ax-sync-engine.h"
#include "ax-sync-store.h"
#include "ax-test-point.h"

static gboolean pull_first;
static int page_limit = 500;
static int catch_up_limit = 0;

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

/* Pulls every page by hand, each through the store's rebase. */
static gboolean
pull_all (AxStore      *store,
          AxSyncClient *client,
          GError      **error)
{
  for (;;)
    {
      g_autofree char *cursor = ax_store_sync_get_cursor (store);
      const AxClinicInfo *clinic = ax_store_get_clinic (store);
      g_autoptr (JsonObject) page = NULL;
      GAsyncResult *result = NULL;
      guint applied = 0;

      ax_sync_client_pull_async (client, cursor, page_limit, ax_store_get_device_id (store),
                                 clinic ? clinic->id : NULL, NULL, store_result, &result);
      page = ax_sync_client_call_finish (client, wait_for (&result), error);
      g_object_unref (result);
      if (page == NULL || !ax_store_sync_apply_pulled (store, page, &applied, error))
        return FALSE;
      if (!json_object_get_boolean_member_with_default (page, "has_more", FALSE) || applied == 0)
        return TRUE;
    }
}

static gboolean
sync_once (AxSyncEngine *engine,
           GError      **error)
{
  GAsyncResult *result = NULL;
  gboolean ok;

  ax_sync_engine_sync_async (engine, NULL, store_result, &result);
  ok = ax_sync_engine_sync_finish (engine, wait_for (&result), error);
  g_object_unref (result);
  return ok;
}

int
main (int   argc,
      char *argv[])
{
  GOptionEntry entries[] = {
    { "pull-first", 0, 0, G_OPTION_ARG_NONE, &pull_first, "Pull (rebase) before the engine's cycles", NULL },
    { "page-limit", 0, 0, G_OPTION_ARG_INT, &page_limit, "Rows per pulled page with --pull-first", "N" },
    { "catch-up-limit", 0, 0, G_OPTION_ARG_INT, &catch_up_limit, "Rows per page while the engine catches up", "N" },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("STORE DESK.ini");
  g_autoptr (GKeyFile) keys = g_key_file_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (AxStore) store = NULL;
  g_autoptr (AxSyncClient) client = NULL;
  g_autoptr (AxSyncEngine) engine = NULL;
  g_autofree char *url = NULL, *device = NULL, *secret = NULL, *access = NULL, *refresh = NULL;
  const char *kill_at = g_getenv ("AX_SYNC_TEST_KILL");
  gboolean synced = FALSE;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 3)
    {
      g_printerr ("ax-sync-desk: %s\n", error ? error->message : "STORE DESK.ini expected");
      return 2;
    }
  if (kill_at != NULL && *kill_at != '\0' && !ax_test_point_kill_at (kill_at))
    {
      g_printerr ("ax-sync-desk: cannot read AX_SYNC_TEST_KILL=%s\n", kill_at);
      return 2;
    }
  if (!g_key_file_load_from_file (keys, argv[2], G_KEY_FILE_KEEP_COMMENTS, &error)
      || (url = g_key_file_get_string (keys, "desk", "url", &error)) == NULL
      || (device = g_key_file_get_string (keys, "desk", "device-id", &error)) == NULL
      || (secret = g_key_file_get_string (keys, "desk", "device-secret", &error)) == NULL
      || (access = g_key_file_get_string (keys, "desk", "access-token", &error)) == NULL
      || (refresh = g_key_file_get_string (keys, "desk", "refresh-token", &error)) == NULL)
    {
      g_printerr ("ax-sync-desk: %s: %s\n", argv[2], error->message);
      return 2;
    }

  store = ax_store_open (argv[1], &error);
  if (store == NULL)
    {
      g_printerr ("ax-sync-desk: %s: %s\n", argv[1], error->message);
      return 1;
    }
  client = ax_sync_client_new (url);
  ax_sync_client_set_timeout (client, 20);
  ax_sync_client_set_device (client, device, secret);
  ax_sync_client_set_tokens (client, access, refresh);
  {
    g_autofree char *user_id = g_key_file_get_string (keys, "desk", "user-id", NULL);

    ax_sync_client_set_user_id (client, user_id);
  }

  if (pull_first && !pull_all (store, client, &error))
    {
      g_printerr ("ax-sync-desk: pull: %s\n", error->message);
      return 1;
    }

  engine = ax_sync_engine_new (store, client);
  ax_sync_engine_set_catch_up_limit (engine, (guint) catch_up_limit);
  /* A cycle pushes everything, then pulls to the end; a second one only if
   * something came up meanwhile (a gap the server stopped at). */
  for (int i = 0; i < 3 && !synced; i++)
    {
      g_clear_error (&error);
      synced = sync_once (engine, &error) && ax_store_sync_count_waiting (store) == 0;
    }

  /* Let the blob worker's round (kicked after each cycle) end before the
   * process does: it reads the store on a worker thread. */
  {
    gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    while (ax_blob_sync_is_running (ax_sync_engine_get_blob_sync (engine))
           && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, TRUE);
    ax_sync_engine_stop (engine);
  }

  if (g_strcmp0 (refresh, ax_sync_client_get_refresh_token (client)) != 0)
    {
      g_key_file_set_string (keys, "desk", "access-token", ax_sync_client_get_access_token (client));
      g_key_file_set_string (keys, "desk", "refresh-token", ax_sync_client_get_refresh_token (client));
      g_key_file_save_to_file (keys, argv[2], NULL);
    }
  if (!synced)
    {
      g_printerr ("ax-sync-desk: %s\n", error ? error->message : "changes still waiting");
      return 1;
    }
  printf ("{\"pending\":%u}\n", ax_store_sync_count_waiting (store));
  return 0;
}
