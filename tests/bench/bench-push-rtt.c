/* SPDX-License-Identifier: GPL-3.0-or-later */

/* push_rtt_ms (DESIGN.md §10: median ≤ 3 ms): one change made on a desk,
 * pushed to a real aesthetix-server on loopback and acknowledged (the
 * server's reply recorded in the desk's outbox), while 10 other desks sync
 * continuously (each: a patient created, then a full engine cycle — push
 * and pull — and again). The 10 desks run in a second process (this program
 * with --load), so their work does not queue on the timed desk's main loop.
 * Prints the median and the 99th percentile of PUSHES timed pushes (after
 * WARMUP untimed ones); AX_BENCH_PUSHES overrides the count. */

#include <stdio.h>
#include <glib-unix.h>
#include <glib/gstdio.h>

#include "bench-util.h"
#include "ax-test-server.h"
#include "ax-sync-engine.h"
#include "ax-sync-store.h"
#include "ax-actor.h"

#define LOAD_DESKS 10
#define PUSHES 500
#define WARMUP 20

typedef struct
{
  AxStore      *store;
  AxSyncClient *client;
  AxSyncEngine *engine;
  AxActor      *actor;
  guint         cycles;
  gboolean      running;
} Desk;

static gboolean stopping;

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

static JsonObject *
call_done (AxSyncClient  *client,
           GAsyncResult **slot)
{
  g_autoptr (GError) error = NULL;
  JsonObject *reply = ax_sync_client_call_finish (client, wait_for (slot), &error);

  if (reply == NULL)
    g_error ("%s", error->message);
  g_clear_object (slot);
  return reply;
}

/* A desk enrolled with the clinic, logged in as the owner, synced once. */
static void
desk_open (Desk       *desk,
           const char *data_dir,
           const char *desk_dir,
           const char *url,
           const char *clinic_id,
           int         n)
{
  const char *code_args[] = { "enrol-code", "--clinic", clinic_id, NULL };
  g_autoptr (JsonObject) code = ax_test_server_command (data_dir, NULL, code_args);
  g_autofree char *path = g_strdup_printf ("%s/desk-%d.db", desk_dir, n);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) reply = NULL;
  GAsyncResult *result = NULL;

  desk->store = ax_store_open (path, &error);
  g_assert_no_error (error);
  desk->client = ax_sync_client_new (url);
  ax_sync_client_enrol_async (desk->client, json_object_get_string_member (code, "code"), "Desk",
                              NULL, store_result, &result);
  reply = call_done (desk->client, &result);
  if (!ax_store_sync_set_device_code (desk->store, json_object_get_string_member (reply, "device_code"), &error))
    g_error ("%s", error->message);
  g_clear_pointer (&reply, json_object_unref);
  ax_sync_client_login_async (desk->client, "owner", "demo", NULL, store_result, &result);
  reply = call_done (desk->client, &result);
  desk->actor = ax_actor_new (json_object_get_string_member (json_object_get_object_member (reply, "user"), "id"),
                              "owner", "owner", AX_ROLE_OWNER);
  desk->engine = ax_sync_engine_new (desk->store, desk->client);
  ax_sync_engine_sync_async (desk->engine, NULL, store_result, &result);
  if (!ax_sync_engine_sync_finish (desk->engine, wait_for (&result), &error))
    g_error ("The first sync failed: %s", error->message);
  g_clear_object (&result);
}

static void
desk_close (Desk *desk)
{
  g_clear_object (&desk->engine);
  g_clear_object (&desk->client);
  g_clear_object (&desk->store);
  g_clear_pointer (&desk->actor, ax_actor_unref);
}

static void
create_patient (Desk *desk,
                guint n)
{
  g_autofree char *args = g_strdup_printf ("{\"first_name\":\"Patient %u\",\"last_name\":\"Rtt\","
                                           "\"phone\":\"081-%03u-%04u\"}", n, (n / 10000) % 1000, n % 10000);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) result = ax_store_mutate_json (desk->store, desk->actor, "patient.create", args, &error);

  if (result == NULL)
    g_error ("patient.create: %s", error->message);
}

/* The load: each desk makes a change and syncs, over and over. */

static void load_cycle (Desk *desk);

static void
load_synced_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  Desk *desk = data;
  g_autoptr (GError) error = NULL;

  if (!ax_sync_engine_sync_finish (AX_SYNC_ENGINE (source), result, &error))
    g_printerr ("A load desk failed to sync: %s\n", error->message);
  desk->cycles++;
  desk->running = FALSE;
  if (!stopping)
    load_cycle (desk);
}

static void
load_cycle (Desk *desk)
{
  create_patient (desk, desk->cycles);
  desk->running = TRUE;
  ax_sync_engine_sync_async (desk->engine, NULL, load_synced_cb, desk);
}

static gboolean
stop_cb (gpointer data)
{
  stopping = TRUE;
  return G_SOURCE_REMOVE;
}

static int
run_load (const char *url,
          const char *data_dir,
          const char *clinic_id)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *desk_dir = g_dir_make_tmp ("ax-bench-load-XXXXXX", &error);
  Desk desks[LOAD_DESKS] = { 0 };
  gint64 started;
  guint cycles = 0;
  gboolean busy = TRUE;

  g_assert_no_error (error);
  for (int i = 0; i < LOAD_DESKS; i++)
    desk_open (&desks[i], data_dir, desk_dir, url, clinic_id, i);
  g_unix_signal_add (SIGTERM, stop_cb, NULL);
  started = g_get_monotonic_time ();
  for (int i = 0; i < LOAD_DESKS; i++)
    load_cycle (&desks[i]);
  printf ("ready\n");
  fflush (stdout);
  while (!stopping || busy)
    {
      g_main_context_iteration (NULL, TRUE);
      busy = FALSE;
      for (int i = 0; i < LOAD_DESKS; i++)
        busy |= desks[i].running;
    }
  for (int i = 0; i < LOAD_DESKS; i++)
    {
      cycles += desks[i].cycles;
      desk_close (&desks[i]);
    }
  g_printerr ("load: %d desks, %u sync cycles (a change pushed and pulled each) in %.1f s: %.0f a second\n",
              LOAD_DESKS, cycles, (g_get_monotonic_time () - started) / 1e6,
              cycles / ((g_get_monotonic_time () - started) / 1e6));
  bench_remove_tree (desk_dir);
  return 0;
}

/* The timed desk */

static double
percentile (GArray *values,
            double  p)
{
  g_autoptr (GArray) sorted = g_array_copy (values);
  guint i;

  g_array_sort (sorted, bench_compare_doubles);
  i = (guint) (p * (sorted->len - 1) + 0.5);
  return g_array_index (sorted, double, MIN (i, sorted->len - 1));
}

/* Made on the desk, pushed, acknowledged: the time in ms. */
static double
timed_push (Desk *desk,
            guint n)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonArray) batch = NULL;
  g_autoptr (JsonObject) reply = NULL;
  GAsyncResult *result = NULL;
  gint64 started = g_get_monotonic_time ();
  const AxClinicInfo *clinic = ax_store_get_clinic (desk->store);

  create_patient (desk, 1000000 + n);
  batch = ax_store_sync_take_batch (desk->store, 500, &error);
  if (batch == NULL || json_array_get_length (batch) != 1)
    g_error ("The outbox holds %u changes: %s", batch ? json_array_get_length (batch) : 0,
             error ? error->message : "");
  ax_sync_client_push_async (desk->client, ax_store_get_device_id (desk->store), clinic->id, batch,
                             NULL, store_result, &result);
  reply = call_done (desk->client, &result);
  if (!ax_store_sync_acknowledge (desk->store, reply, &error))
    g_error ("%s", error->message);
  if (ax_store_sync_count_waiting (desk->store) != 0)
    g_error ("The push was not acknowledged");
  return (g_get_monotonic_time () - started) / 1000.0;
}

int
main (int    argc,
      char **argv)
{
  const char *clinic_args[] = { "create-clinic", "--name", "Bench Clinic", "--currency", "THB",
                                "--timezone", "Asia/Bangkok", NULL };
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *desk_dir = NULL;
  g_autoptr (JsonObject) clinic = NULL;
  g_autoptr (GSubprocess) load = NULL;
  g_autoptr (GDataInputStream) lines = NULL;
  g_autofree char *line = NULL;
  g_autoptr (GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
  const char *clinic_id;
  int pushes = g_getenv ("AX_BENCH_PUSHES") ? atoi (g_getenv ("AX_BENCH_PUSHES")) : PUSHES;
  int load_desks = g_getenv ("AX_BENCH_LOAD") ? atoi (g_getenv ("AX_BENCH_LOAD")) : LOAD_DESKS;
  AxTestServer server;
  Desk desk = { 0 };

  if (argc == 5 && strcmp (argv[1], "--load") == 0)
    return run_load (argv[2], argv[3], argv[4]);

  dir = g_dir_make_tmp ("ax-bench-rtt-XXXXXX", &error);
  desk_dir = g_dir_make_tmp ("ax-bench-rtt-desk-XXXXXX", &error);
  g_assert_no_error (error);
  clinic = ax_test_server_command (dir, NULL, clinic_args);
  clinic_id = json_object_get_string_member (clinic, "clinic_id");
  {
    const char *user_args[] = { "create-user", "--clinic", clinic_id, "--username", "owner",
                                "--role", "owner", NULL };
    g_autoptr (JsonObject) user = ax_test_server_command (dir, "demo\n", user_args);
  }
  ax_test_server_start (&server, dir, NULL);
  desk_open (&desk, dir, desk_dir, server.url, clinic_id, 0);

  if (load_desks > 0)
    {
      const char *load_argv[] = { argv[0], "--load", server.url, dir, clinic_id, NULL };

      load = g_subprocess_newv (load_argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
      g_assert_no_error (error);
      lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (load));
      line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
      if (g_strcmp0 (line, "ready") != 0)
        g_error ("The load desks did not start");
    }

  for (int i = 0; i < WARMUP + pushes; i++)
    {
      double t = timed_push (&desk, i);

      if (i >= WARMUP)
        g_array_append_val (ms, t);
    }

  if (load != NULL)
    {
      g_subprocess_send_signal (load, SIGTERM);
      g_subprocess_wait (load, NULL, NULL);
    }
  g_printerr ("%d pushes of one change with %d desks syncing: median %.2f ms, p90 %.2f ms, "
              "p99 %.2f ms, max %.2f ms\n", pushes, load ? load_desks : 0, percentile (ms, 0.5),
              percentile (ms, 0.9), percentile (ms, 0.99), percentile (ms, 1.0));
  bench_report ("push_rtt_ms", percentile (ms, 0.5), "ms");
  bench_report ("push_rtt_p99_ms", percentile (ms, 0.99), "ms");

  desk_close (&desk);
  ax_test_server_stop (&server);
  bench_remove_tree (desk_dir);
  {
    g_autofree char *rm = g_strdup_printf ("rm -rf '%s'", dir);
    (void) !system (rm);
  }
  return 0;
}
