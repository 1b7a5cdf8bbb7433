/* SPDX-License-Identifier: GPL-3.0-or-later */

/* server_apply_per_s (DESIGN.md §10: ≥ 20 000): mutations a real
 * aesthetix-server applies per second from pushed batches over loopback,
 * durably (each push is one transaction committed with synchronous = FULL
 * before the reply). Each run pushes BATCHES batches of BATCH patient.create
 * mutations as one desk would (prepared arguments: ids and patient numbers
 * made on the desk); the figure is the median of RUNS runs, each against a
 * fresh server and data directory. The machine may be shared with other
 * builds: figures vary with its load. */

#include <stdio.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "bench-util.h"
#include "ax-test-server.h"
#include "ax-uuid.h"

#define RUNS 3
#define BATCH 500
#define BATCHES 40

static char *
setup_server (AxTestServer *server,
              char        **dir_out)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp ("ax-bench-server-XXXXXX", &error);
  const char *clinic_args[] = { "create-clinic", "--name", "Bench Clinic", "--currency", "THB",
                                "--timezone", "Asia/Bangkok", NULL };
  g_autoptr (JsonObject) clinic = NULL;
  g_autoptr (JsonObject) code = NULL;
  g_autoptr (JsonNode) enrolled = NULL;
  g_autoptr (JsonNode) logged = NULL;
  g_autofree char *body = NULL;
  const char *clinic_id;
  guint status;

  g_assert_no_error (error);
  clinic = ax_test_server_command (dir, NULL, clinic_args);
  clinic_id = json_object_get_string_member (clinic, "clinic_id");
  {
    const char *user_args[] = { "create-user", "--clinic", clinic_id, "--username", "owner",
                                "--role", "owner", NULL };
    const char *code_args[] = { "enrol-code", "--clinic", clinic_id, NULL };
    g_autoptr (JsonObject) user = ax_test_server_command (dir, "demo\n", user_args);

    code = ax_test_server_command (dir, NULL, code_args);
  }
  ax_test_server_start (server, dir, NULL);
  body = g_strdup_printf ("{\"code\":\"%s\",\"device_name\":\"Bench desk\"}",
                          json_object_get_string_member (code, "code"));
  enrolled = ax_test_server_call (server, "POST", "/api/v1/devices/enrol", NULL, body, &status);
  g_assert_cmpuint (status, ==, 200);
  g_free (body);
  body = g_strdup_printf ("{\"device_id\":\"%s\",\"device_secret\":\"%s\",\"username\":\"owner\","
                          "\"password\":\"demo\"}",
                          json_object_get_string_member (json_node_get_object (enrolled), "device_id"),
                          json_object_get_string_member (json_node_get_object (enrolled), "device_secret"));
  logged = ax_test_server_call (server, "POST", "/api/v1/auth/login", NULL, body, &status);
  g_assert_cmpuint (status, ==, 200);
  *dir_out = dir;
  return g_strdup (json_object_get_string_member (json_node_get_object (logged), "access_token"));
}

static GPtrArray *
make_batches (void)
{
  GPtrArray *batches = g_ptr_array_new_with_free_func (g_free);
  gint64 id = 0;

  for (int b = 0; b < BATCHES; b++)
    {
      GString *s = g_string_new (NULL);

      g_string_append_printf (s, "{\"client_id\":\"bench-desk\",\"schema_version\":%d,\"mutations\":[",
                              ax_db_latest_schema_version ());
      for (int i = 0; i < BATCH; i++)
        {
          char uuid[AX_UUID_STRLEN];
          g_autofree char *stamp = ax_test_server_stamp (0);

          ax_uuid_v7 (uuid);
          id++;
          g_string_append_printf (s, "%s{\"id\":%" G_GINT64_FORMAT ",\"name\":\"patient.create\","
                                  "\"args\":{\"id\":\"%s\",\"patient_number\":\"AX-D1-2026-%06" G_GINT64_FORMAT "\","
                                  "\"first_name\":\"Patient %" G_GINT64_FORMAT "\",\"last_name\":\"Bench\","
                                  "\"phone\":\"081-%03d-%04d\",\"sex\":\"female\",\"birth_date\":\"1990-04-25\"},"
                                  "\"hlc\":\"%s\"}",
                                  i ? "," : "", id, uuid, id, id, (int) (id / 10000) % 1000,
                                  (int) (id % 10000), stamp);
        }
      g_string_append (s, "]}");
      g_ptr_array_add (batches, g_string_free (s, FALSE));
    }
  return batches;
}

/* The server's CPU time so far (user + system), in seconds: on a shared
 * machine a steadier figure than the wall clock. */
static double
server_cpu_s (AxTestServer *server)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/stat", g_subprocess_get_identifier (server->process));
  g_autofree char *stat = NULL;
  g_auto (GStrv) fields = NULL;
  const char *after;

  if (!g_file_get_contents (path, &stat, NULL, NULL) || (after = strrchr (stat, ')')) == NULL)
    return 0;
  fields = g_strsplit (after + 2, " ", 0);
  if (g_strv_length (fields) < 13)
    return 0;
  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) / sysconf (_SC_CLK_TCK);
}

static double
run_once (double *cpu_us)
{
  AxTestServer server;
  g_autofree char *dir = NULL;
  g_autofree char *token = setup_server (&server, &dir);
  g_autoptr (GPtrArray) batches = make_batches ();
  g_autofree char *cmd = NULL;
  gint64 start, elapsed;
  double cpu;

  cpu = server_cpu_s (&server);
  start = g_get_monotonic_time ();
  for (guint b = 0; b < batches->len; b++)
    {
      guint status;
      g_autoptr (JsonNode) reply = ax_test_server_call (&server, "POST", "/api/v1/sync/push", token,
                                                       batches->pdata[b], &status);
      JsonObject *o = json_node_get_object (reply);

      if (status != 200 || json_object_get_int_member (o, "last_mutation_id") != (gint64) (b + 1) * BATCH)
        g_error ("push %u: status %u", b, status);
    }
  elapsed = g_get_monotonic_time () - start;
  *cpu_us = (server_cpu_s (&server) - cpu) * 1e6 / (BATCH * BATCHES);
  ax_test_server_stop (&server);
  cmd = g_strdup_printf ("rm -rf '%s'", dir);
  (void) !system (cmd);
  return (double) BATCH * BATCHES / (elapsed / 1e6);
}

int
main (void)
{
  g_autoptr (GArray) rates = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) cpus = g_array_new (FALSE, FALSE, sizeof (double));

  const char *runs_env = g_getenv ("AX_BENCH_RUNS");
  int runs = runs_env ? atoi (runs_env) : RUNS;

  for (int r = 0; r < runs; r++)
    {
      double cpu = 0, rate = run_once (&cpu);

      g_printerr ("run %d: %d mutations in batches of %d: %.0f a second, %.1f µs of server CPU each\n",
                  r + 1, BATCH * BATCHES, BATCH, rate, cpu);
      g_array_append_val (rates, rate);
      g_array_append_val (cpus, cpu);
    }
  bench_report ("server_apply_per_s", bench_median (rates), "mutations/s");
  bench_report ("server_apply_cpu_us", bench_median (cpus), "µs/mutation");
  return 0;
}
