/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-bench"

/* How many mutations a desk applies a second: the whole write path of
 * DESIGN.md §5 (validation, permission, transaction, changeset capture,
 * outbox entry, commit) on a small demo store, as the owner. Prints
 *   {"metric": "mutator_per_s", "value": …, "unit": "mutations/s"}
 * for room.update (renaming a room back and forth, each change naming the
 * value it saw), median of --runs runs, and patient_create_per_s for
 * patient.create (which also takes a number from the patient series). */

#include "bench-util.h"
#include "ax-demo.h"
#include "ax-mutator.h"

static char *
query_text (AxStore    *store,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  if (sqlite3_prepare_v2 (ax_db_get_handle (ax_store_get_db (store)), sql, -1, &stmt, NULL)
      == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return text;
}

static JsonNode *
parse (const char *json)
{
  g_autoptr (JsonParser) parser = json_parser_new ();

  if (!json_parser_load_from_data (parser, json, -1, NULL))
    g_error ("bad JSON in the benchmark: %s", json);
  return json_node_copy (json_parser_get_root (parser));
}

/* Runs `count` mutations; returns their rate, or -1 on failure. */
static double
run_mutations (AxStore    *store,
               AxActor    *actor,
               const char *name,
               JsonNode  **args,
               const char *const *texts,
               guint       n_args,
               gint64      count)
{
  gint64 started = g_get_monotonic_time ();
  double elapsed;

  for (gint64 i = 0; i < count; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (JsonNode) result = NULL;

      /* ax_store_mutate()'s copy of the arguments is shallow (json_node_copy
       * shares the object), and prepare() fills in the new record's id: a
       * creating mutator gets its arguments as text, parsed afresh each time
       * (as from the command line). */
      if (texts != NULL)
        result = ax_store_mutate_json (store, actor, name, texts[i % n_args], &error);
      else
        result = ax_store_mutate (store, actor, name, args[i % n_args], &error);

      if (result == NULL)
        {
          g_printerr ("%s failed after %" G_GINT64_FORMAT " mutations: %s\n", name, i,
                      error->message);
          return -1;
        }
    }
  elapsed = (double) (g_get_monotonic_time () - started) / G_USEC_PER_SEC;
  return count / elapsed;
}

int
main (int    argc,
      char **argv)
{
  gint64 count = 100000, creates = 20000, runs = 3;
  GOptionEntry entries[] = {
    { "count", 0, 0, G_OPTION_ARG_INT64, &count, "room.update mutations per run (100 000)", "N" },
    { "creates", 0, 0, G_OPTION_ARG_INT64, &creates, "patient.create mutations (20 000)", "N" },
    { "runs", 0, 0, G_OPTION_ARG_INT64, &runs, "Runs; the median is reported (3)", "N" },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("— benchmark the mutator path");
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) rates = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *owner_id = NULL;
  g_autofree char *room_id = NULL;
  g_autofree char *room_name = NULL;
  g_autofree char *rename_json = NULL;
  g_autofree char *back_json = NULL;
  g_autoptr (AxStore) store = NULL;
  g_autoptr (AxActor) owner = NULL;
  JsonNode *rename[2];
  static const char *const patients[] = {
    "{\"first_name\": \"Anong\", \"last_name\": \"Srisuk\", \"phone\": \"081-234-5678\", "
    "\"birth_date\": \"1990-04-25\", \"sex\": \"female\"}",
    "{\"first_name\": \"João\", \"last_name\": \"Conceição\", \"phone\": \"+55 11 91234-5678\", "
    "\"email\": \"joao@example.com\"}",
  };
  AxDemoOptions options = { 200, 400, 200, 1, 0 };
  double rate;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  dir = g_dir_make_tmp ("ax-bench-mutator-XXXXXX", &error);
  if (dir == NULL)
    {
      g_printerr ("Cannot make a temporary directory: %s\n", error->message);
      return 1;
    }
  path = g_build_filename (dir, "mutator.db", NULL);
  store = ax_store_open (path, &error);
  if (store == NULL || !ax_demo_seed (store, &options, NULL, &error))
    {
      g_printerr ("Cannot prepare the store: %s\n", error->message);
      bench_remove_tree (dir);
      return 1;
    }

  owner_id = query_text (store, "SELECT id FROM users WHERE username = 'owner'");
  room_id = query_text (store, "SELECT id FROM rooms ORDER BY sort_order LIMIT 1");
  room_name = query_text (store, "SELECT name FROM rooms ORDER BY sort_order LIMIT 1");
  owner = ax_actor_new (owner_id, "owner", "Ploy Chaiyaporn", AX_ROLE_OWNER);
  rename_json = g_strdup_printf ("{\"id\": \"%s\", \"set\": {\"name\": \"%s (east)\"}, "
                                 "\"from\": {\"name\": \"%s\"}}", room_id, room_name, room_name);
  back_json = g_strdup_printf ("{\"id\": \"%s\", \"set\": {\"name\": \"%s\"}, "
                               "\"from\": {\"name\": \"%s (east)\"}}", room_id, room_name, room_name);
  rename[0] = parse (rename_json);
  rename[1] = parse (back_json);

  /* Warm the statement cache and the page cache. */
  if (run_mutations (store, owner, "room.update", rename, NULL, 2, 1000) < 0)
    return 1;
  for (gint64 run = 0; run < MAX (runs, 1); run++)
    {
      rate = run_mutations (store, owner, "room.update", rename, NULL, 2, count);
      if (rate < 0)
        return 1;
      g_array_append_val (rates, rate);
      g_printerr ("run %" G_GINT64_FORMAT ": %" G_GINT64_FORMAT " room.update at %.0f/s\n",
                  run + 1, count, rate);
    }
  bench_report ("mutator_per_s", bench_median (rates), "mutations/s");

  if (creates > 0)
    {
      rate = run_mutations (store, owner, "patient.create", NULL, patients, 2, creates);
      if (rate < 0)
        return 1;
      g_printerr ("%" G_GINT64_FORMAT " patient.create at %.0f/s\n", creates, rate);
      bench_report ("patient_create_per_s", rate, "mutations/s");
    }

  for (guint i = 0; i < 2; i++)
    json_node_unref (rename[i]);
  g_clear_object (&store);
  bench_remove_tree (dir);
  return 0;
}
