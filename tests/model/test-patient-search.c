/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "ax-fixture.h"
#include "ax-patient-search.h"

AX_FIXTURE_DEFINE

static void
add (const char *json)
{
  g_free (ax_fixture_mutate_id (&f, FRONT_DESK, "patient.create", json));
}

static void
seed (void)
{
  add ("{\"first_name\": \"João\", \"last_name\": \"Conceição\", \"phone\": \"+55 11 98765-4321\"}");
  add ("{\"first_name\": \"อนงค์\", \"last_name\": \"ศรีสุข\", \"nickname\": \"Noon\", "
       "\"phone\": \"081-234-5678\", \"national_id\": \"1-1037-02071-81-1\"}");
  add ("{\"first_name\": \"Anong\", \"last_name\": \"Srisuk\", \"phone\": \"0899999999\"}");
  add ("{\"first_name\": \"Ana\", \"last_name\": \"Lima\", \"email\": \"ana.lima@example.com\"}");
  add ("{\"first_name\": \"Thomas\", \"last_name\": \"O'Brien\"}");
}

/* The names found, "First Last" joined by ", ". */
static char *
names (const char *query)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) hits = ax_patients_search (ax_store_get_db (f.store), query, 20, &error);
  GString *s = g_string_new (NULL);

  ck_assert_msg (hits != NULL, "%s", error ? error->message : "");
  for (guint i = 0; i < hits->len; i++)
    {
      AxPatientHit *h = hits->pdata[i];
      g_string_append_printf (s, "%s%s %s", i ? ", " : "", h->first_name, h->last_name);
    }
  return g_string_free (s, FALSE);
}

#define FINDS(query, want)                                                   \
  do {                                                                       \
    g_autofree char *got_ = names (query);                                   \
    ck_assert_msg (strcmp (got_, want) == 0, "“%s” found “%s”, want “%s”", \
                   query, got_, want);                                       \
  } while (0)

START_TEST (test_accents_and_case)
{
  seed ();
  FINDS ("joao", "João Conceição");
  FINDS ("JOÃO", "João Conceição");
  FINDS ("conceicao", "João Conceição");
  FINDS ("ONCEI", "João Conceição");  /* a substring, not only a prefix */
  FINDS ("srisuk", "Anong Srisuk");
  FINDS ("o'brien", "Thomas O'Brien");
  FINDS ("zzz", "");
  FINDS ("   ", "");
}
END_TEST

START_TEST (test_thai)
{
  seed ();
  FINDS ("ศรีสุ", "อนงค์ ศรีสุข");
  FINDS ("นงค์", "อนงค์ ศรีสุข");
  FINDS ("noon", "อนงค์ ศรีสุข");    /* the nickname */
  FINDS ("อน", "อนงค์ ศรีสุข");       /* two characters: a prefix of the name */
}
END_TEST

START_TEST (test_numbers)
{
  seed ();
  FINDS ("081-234", "อนงค์ ศรีสุข");
  FINDS ("0812345678", "อนงค์ ศรีสุข");
  FINDS ("98765", "João Conceição");
  FINDS ("+55 11 987", "João Conceição");   /* typed with its spaces */
  FINDS ("1103702071811", "อนงค์ ศรีสุข");   /* national id without dashes */
  FINDS ("LOT-D1-2026-000003", "Anong Srisuk");
  FINDS ("ana.lima@", "Ana Lima");
}
END_TEST

START_TEST (test_short_words_and_order)
{
  seed ();
  /* One or two letters: the start of a first or last name, prefixes first. */
  FINDS ("a", "Ana Lima, Anong Srisuk");
  FINDS ("an", "Ana Lima, Anong Srisuk");
  FINDS ("ana", "Ana Lima");
  /* Every word must match. */
  FINDS ("anong sri", "Anong Srisuk");
  FINDS ("ana srisuk", "");
  /* A short word after another matches the start of a word only. */
  FINDS ("ana li", "Ana Lima");
  FINDS ("ana im", "");
  FINDS ("joao c", "João Conceição");
}
END_TEST

START_TEST (test_index_follows_changes)
{
  g_autofree char *id = NULL;
  g_autofree char *upd = NULL;
  g_autoptr (JsonNode) r = NULL;

  seed ();
  id = ax_fixture_mutate_id (&f, FRONT_DESK, "patient.create",
                             "{\"first_name\": \"Kanya\", \"last_name\": \"Wong\", \"phone\": \"0811111111\"}");
  FINDS ("kanya", "Kanya Wong");
  upd = g_strdup_printf ("{\"id\": \"%s\", \"set\": {\"last_name\": \"Chaiyaporn\", \"phone\": \"0822222222\"}}", id);
  r = ax_fixture_mutate (&f, FRONT_DESK, "patient.update", upd);
  FINDS ("wong", "");
  FINDS ("chaiya", "Kanya Chaiyaporn");
  FINDS ("0822", "Kanya Chaiyaporn");
  FINDS ("0811111", "");

  /* Undo puts the old name back in the index too. */
  ck_assert (ax_store_undo (f.store, f.actors[FRONT_DESK],
                            json_object_get_int_member (json_node_get_object (r), "mut_id"), NULL));
  FINDS ("wong", "Kanya Wong");
  FINDS ("chaiya", "");

  /* A soft-deleted patient is not found. */
  ck_assert (ax_db_exec (ax_store_get_db (f.store), "UPDATE patients SET deleted_at = 1 "
                                                    "WHERE first_name = 'Kanya'", NULL));
  FINDS ("kanya", "");
  /* Quotes in a query are only text. */
  FINDS ("\"\"\"", "");
  FINDS ("o\"b", "");
}
END_TEST

START_TEST (test_limit)
{
  g_autoptr (GPtrArray) hits = NULL;

  for (int i = 0; i < 30; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"first_name\": \"Somchai\", \"last_name\": \"Test%02d\"}", i);
      add (json);
    }
  hits = ax_patients_search (ax_store_get_db (f.store), "somchai", 10, NULL);
  ck_assert_uint_eq (hits->len, 10);
}
END_TEST

START_TEST (test_similar)
{
  g_autoptr (GPtrArray) by_phone = NULL;
  g_autoptr (GPtrArray) by_name = NULL;
  g_autoptr (GPtrArray) none = NULL;

  seed ();
  add ("{\"first_name\": \"Maria\", \"last_name\": \"Souza\", \"birth_date\": \"1990-04-25\"}");
  /* The same phone typed differently. */
  by_phone = ax_patients_find_similar (ax_store_get_db (f.store), "Nong", "", NULL, "0812345678", NULL);
  ck_assert_uint_eq (by_phone->len, 1);
  ck_assert_str_eq (((AxPatientHit *) by_phone->pdata[0])->first_name, "อนงค์");
  /* The same name (other case and accents) and birthday. */
  by_name = ax_patients_find_similar (ax_store_get_db (f.store), "MARÍA", "souza", "1990-04-25", NULL, NULL);
  ck_assert_uint_eq (by_name->len, 1);
  /* A different birthday, or a phone that only contains the other's digits, is someone else. */
  none = ax_patients_find_similar (ax_store_get_db (f.store), "Maria", "Souza", "1991-04-25",
                                   "10812345678", NULL);
  ck_assert_uint_eq (none->len, 0);
}
END_TEST

START_TEST (test_reveal)
{
  g_autofree char *id = ax_fixture_mutate_id (&f, FRONT_DESK, "patient.create",
                                              "{\"first_name\": \"Anong\", \"phone\": \"0810000101\"}");
  g_autofree char *args = g_strdup_printf ("{\"id\": \"%s\", \"field\": \"phone\", "
                                           "\"reason\": \"calling about tomorrow\"}", id);
  g_autofree char *no_reason = g_strdup_printf ("{\"id\": \"%s\", \"field\": \"phone\"}", id);
  g_autoptr (JsonNode) r = ax_fixture_mutate (&f, BILLING, "patient.reveal", args);
  g_autoptr (GError) error = NULL;

  ck_assert_str_eq (json_object_get_string_member (json_node_get_object (r), "value"), "0810000101");
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM audit_log WHERE action = 'reveal' "
                                          "AND detail_json LIKE '%calling about tomorrow%'"), 1);
  /* A reason is required; a read-only user may not reveal at all. */
  ck_assert_ptr_null (ax_store_mutate_json (f.store, f.actors[BILLING], "patient.reveal", no_reason, &error));
  ck_assert (strstr (error->message, "“reason” is required") != NULL);
  g_clear_error (&error);
  ck_assert_ptr_null (ax_store_mutate_json (f.store, f.actors[READ_ONLY], "patient.reveal", args, &error));
  ck_assert (g_error_matches (error, AX_MODEL_ERROR, AX_MODEL_ERROR_FORBIDDEN));
}
END_TEST

AX_TEST_MAIN_FIXTURE ("patient-search", setup, teardown, test_accents_and_case, test_thai, test_numbers,
                      test_short_words_and_order, test_index_follows_changes, test_limit, test_similar,
                      test_reveal)
