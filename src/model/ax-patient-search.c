/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-model"

#include "ax-patient-search.h"
#include "ax-db-search.h"

#include <string.h>
#include <glib/gi18n-lib.h>

void
ax_patient_hit_free (AxPatientHit *hit)
{
  if (hit == NULL)
    return;
  g_free (hit->id);
  g_free (hit->patient_number);
  g_free (hit->first_name);
  g_free (hit->last_name);
  g_free (hit->nickname);
  g_free (hit->phone);
  g_free (hit->birth_date);
  g_free (hit);
}

static gboolean
is_phone_like (const char *text)
{
  for (const char *p = text; *p; p++)
    if (!g_ascii_isdigit (*p) && !strchr ("+-(). ", *p))
      return FALSE;
  return TRUE;
}

/* The words of a query in the form the index holds: folded; a query of
 * digits and phone punctuation ("+55 71 931") is one word of its digits. */
static GPtrArray *
query_words (const char *query)
{
  g_autofree char *folded = ax_search_fold (query);
  g_auto (GStrv) parts = NULL;
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);
  char *digits;

  g_strstrip (folded);
  if (*folded != '\0' && is_phone_like (folded) && (digits = ax_search_digits (folded)) != NULL)
    {
      g_ptr_array_add (words, digits);
      return words;
    }
  parts = g_strsplit_set (folded, " \t", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (*parts[i] != '\0')
      g_ptr_array_add (words, g_strdup (parts[i]));
  return words;
}

/* How a word is looked for in a patient's text: three characters or more
 * anywhere; shorter ones at the start of a word. */
static char *
needle (const char *word)
{
  return g_utf8_strlen (word, -1) >= 3 ? g_strdup (word) : g_strconcat (" ", word, NULL);
}

static gboolean
body_has_all (const char *body,
              GPtrArray  *words)
{
  for (guint i = 0; i < words->len; i++)
    {
      g_autofree char *n = needle (words->pdata[i]);
      if (strstr (body, n) == NULL)
        return FALSE;
    }
  return TRUE;
}

/* An FTS5 string literal: the word in double quotes, quotes doubled. */
static char *
fts_phrase (const char *word)
{
  g_autoptr (GString) s = g_string_new ("\"");

  for (const char *p = word; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (s, '"');
      g_string_append_c (s, *p);
    }
  g_string_append_c (s, '"');
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static AxPatientHit *
load_hit (AxDb    *db,
          gint64   rowid)
{
  sqlite3_stmt *stmt = ax_db_prepare (db,
    "SELECT id, patient_number, first_name, last_name, nickname, phone, birth_date "
    "  FROM patients WHERE rowid = ? AND deleted_at IS NULL", NULL);
  AxPatientHit *hit = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, rowid);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      hit = g_new0 (AxPatientHit, 1);
      hit->id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      hit->patient_number = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      hit->first_name = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      hit->last_name = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      hit->nickname = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      hit->phone = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      hit->birth_date = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
    }
  sqlite3_reset (stmt);
  return hit;
}

static gboolean
starts_with_query (const AxPatientHit *hit,
                   const char         *first_word)
{
  g_autofree char *first = ax_search_fold (hit->first_name);
  g_autofree char *last = ax_search_fold (hit->last_name);

  return g_str_has_prefix (first, first_word) || g_str_has_prefix (last, first_word);
}

typedef struct
{
  AxPatientHit *hit;
  gboolean      prefix;
} Ranked;

static int
compare_ranked (gconstpointer a,
                gconstpointer b)
{
  const Ranked *x = a, *y = b;
  int c;

  if (x->prefix != y->prefix)
    return x->prefix ? -1 : 1;
  c = g_utf8_collate (x->hit->last_name ? x->hit->last_name : "", y->hit->last_name ? y->hit->last_name : "");
  return c != 0 ? c : g_utf8_collate (x->hit->first_name, y->hit->first_name);
}

static char *
body_of (AxDb   *db,
         gint64  rowid)
{
  sqlite3_stmt *stmt = ax_db_prepare (db, "SELECT body FROM patient_search WHERE rowid = ?", NULL);
  char *body = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, rowid);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    body = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return body;
}

static void
add_hit (AxDb      *db,
         gint64     rowid,
         GPtrArray *words,
         GArray    *ranked)
{
  AxPatientHit *hit = load_hit (db, rowid);

  if (hit != NULL)
    {
      Ranked r = { hit, starts_with_query (hit, words->pdata[0]) };
      g_array_append_val (ranked, r);
    }
}

/* Steps a query of (rowid, body) until limit hits have every word. */
static void
collect (AxDb         *db,
         sqlite3_stmt *stmt,
         GPtrArray    *words,
         guint         limit,
         GArray       *ranked)
{
  while (ranked->len < limit && sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *body = (const char *) sqlite3_column_text (stmt, 1);

      if (body != NULL && body_has_all (body, words))
        add_hit (db, sqlite3_column_int64 (stmt, 0), words, ranked);
    }
  sqlite3_reset (stmt);
}

/* Steps a query of rowids (skipping those seen) until limit hits; the
 * first word matched already, the others are checked in the text. */
static void
collect_unique (AxDb         *db,
                sqlite3_stmt *stmt,
                GHashTable   *seen,
                GPtrArray    *words,
                guint         limit,
                GArray       *ranked)
{
  while (ranked->len < limit && sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 *rowid = g_new (gint64, 1);

      *rowid = sqlite3_column_int64 (stmt, 0);
      if (!g_hash_table_add (seen, rowid))
        continue;
      if (words->len > 1)
        {
          g_autofree char *body = body_of (db, *rowid);
          if (body == NULL || !body_has_all (body, words))
            continue;
        }
      add_hit (db, *rowid, words, ranked);
    }
  sqlite3_reset (stmt);
}

GPtrArray *
ax_patients_search (AxDb       *db,
                    const char *query,
                    guint       limit,
                    GError    **error)
{
  g_autoptr (GPtrArray) words = query_words (query);
  g_autoptr (GArray) ranked = g_array_new (FALSE, FALSE, sizeof (Ranked));
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) ax_patient_hit_free);
  g_autoptr (GString) expr = g_string_new (NULL);
  sqlite3_stmt *stmt;

  if (words->len == 0 || limit == 0)
    return out;
  /* Every needle of three characters or more narrows the trigram index
   * (a two-letter word is " xy", the start of a word); a one-letter word is
   * only checked in each candidate's text. */
  for (guint i = 0; i < words->len; i++)
    {
      g_autofree char *n = needle (words->pdata[i]);
      g_autofree char *phrase = NULL;

      if (g_utf8_strlen (n, -1) < 3)
        continue;
      phrase = fts_phrase (n);
      if (expr->len > 0)
        g_string_append (expr, " AND ");
      g_string_append (expr, phrase);
    }

  if (expr->len > 0 && (words->len > 1 || g_utf8_strlen (words->pdata[0], -1) >= 3))
    {
      stmt = ax_db_prepare (db, "SELECT rowid, body FROM patient_search WHERE patient_search MATCH ?",
                            error);
      if (stmt == NULL)
        return (g_ptr_array_unref (out), NULL);
      sqlite3_bind_text (stmt, 1, expr->str, -1, SQLITE_TRANSIENT);
      collect (db, stmt, words, limit, ranked);
    }
  else
    {
      /* Only short words: the start of a first name, then of a last name,
       * each a range of its index read only as far as needed. */
      static const char *const scans[] = {
        "SELECT rowid FROM patient_search_names WHERE first >= ?1 AND first < ?2 ORDER BY first",
        "SELECT rowid FROM patient_search_names WHERE last >= ?1 AND last < ?2 ORDER BY last",
      };
      g_autofree char *upper = g_strconcat (words->pdata[0], "\xf4\x8f\xbf\xbf", NULL);
      g_autoptr (GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal,
                                                            g_free, NULL);

      for (gsize k = 0; k < G_N_ELEMENTS (scans) && ranked->len < limit; k++)
        {
          stmt = ax_db_prepare (db, scans[k], error);
          if (stmt == NULL)
            return (g_ptr_array_unref (out), NULL);
          sqlite3_bind_text (stmt, 1, words->pdata[0], -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (stmt, 2, upper, -1, SQLITE_TRANSIENT);
          collect_unique (db, stmt, seen, words, limit, ranked);
        }
    }

  g_array_sort (ranked, compare_ranked);
  for (guint i = 0; i < ranked->len; i++)
    g_ptr_array_add (out, g_array_index (ranked, Ranked, i).hit);
  return out;
}

GPtrArray *
ax_patients_find_similar (AxDb       *db,
                          const char *first_name,
                          const char *last_name,
                          const char *birth_date,
                          const char *phone,
                          GError    **error)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) ax_patient_hit_free);
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autofree char *digits = ax_search_digits (phone);
  g_autofree char *first = ax_search_fold (first_name);
  g_autofree char *last = ax_search_fold (last_name);
  sqlite3_stmt *stmt;

  /* The same phone: its digits, anywhere in a patient's text (the index). */
  if (digits != NULL && strlen (digits) >= 8)
    {
      g_autofree char *needle = g_strdup_printf (" %s |", digits);
      g_autofree char *phrase = fts_phrase (digits);

      stmt = ax_db_prepare (db, "SELECT rowid, body FROM patient_search WHERE patient_search MATCH ? "
                                "LIMIT 200", error);
      if (stmt == NULL)
        return (g_ptr_array_unref (out), NULL);
      sqlite3_bind_text (stmt, 1, phrase, -1, SQLITE_TRANSIENT);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          const char *body = (const char *) sqlite3_column_text (stmt, 1);
          gint64 *rowid;

          /* Whole numbers only: 0812345678 is not 10812345678. */
          if (body == NULL || strstr (body, needle) == NULL)
            continue;
          rowid = g_new (gint64, 1);
          *rowid = sqlite3_column_int64 (stmt, 0);
          if (g_hash_table_add (seen, rowid))
            {
              AxPatientHit *hit = load_hit (db, *rowid);
              if (hit != NULL)
                g_ptr_array_add (out, hit);
            }
        }
      sqlite3_reset (stmt);
    }

  /* The same name and date of birth. */
  if (*first != '\0' && birth_date != NULL && *birth_date != '\0')
    {
      stmt = ax_db_prepare (db,
        "SELECT n.rowid FROM patient_search_names n JOIN patients p ON p.rowid = n.rowid "
        " WHERE n.first = ? AND n.last = ? AND p.birth_date = ? AND p.deleted_at IS NULL LIMIT 50",
        error);
      if (stmt == NULL)
        return (g_ptr_array_unref (out), NULL);
      sqlite3_bind_text (stmt, 1, first, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, last, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, birth_date, -1, SQLITE_TRANSIENT);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          gint64 *rowid = g_new (gint64, 1);

          *rowid = sqlite3_column_int64 (stmt, 0);
          if (g_hash_table_add (seen, rowid))
            {
              AxPatientHit *hit = load_hit (db, *rowid);
              if (hit != NULL)
                g_ptr_array_add (out, hit);
            }
        }
      sqlite3_reset (stmt);
    }
  return out;
}

/* On a worker thread */

typedef struct
{
  char  *query;
  guint  limit;
  char  *first_name;
  char  *last_name;
  char  *birth_date;
  char  *phone;
} SearchJob;

static void
search_job_free (SearchJob *job)
{
  g_free (job->query);
  g_free (job->first_name);
  g_free (job->last_name);
  g_free (job->birth_date);
  g_free (job->phone);
  g_free (job);
}

static gpointer
search_read (AxDb     *db,
             gpointer  data,
             GError  **error)
{
  SearchJob *job = data;

  return ax_patients_search (db, job->query, job->limit, error);
}

void
ax_patients_search_async (AxStore             *store,
                          const char          *query,
                          guint                limit,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  SearchJob *job = g_new0 (SearchJob, 1);

  job->query = g_strdup (query ? query : "");
  job->limit = limit;
  ax_store_read_async (store, search_read, job, (GDestroyNotify) search_job_free,
                       (GDestroyNotify) g_ptr_array_unref, ax_patients_search_async,
                       cancellable, callback, user_data);
}

GPtrArray *
ax_patients_search_finish (AxStore      *store,
                           GAsyncResult *result,
                           GError      **error)
{
  return ax_store_read_finish (store, result, ax_patients_search_async, error);
}

static gpointer
similar_read (AxDb     *db,
              gpointer  data,
              GError  **error)
{
  SearchJob *job = data;

  return ax_patients_find_similar (db, job->first_name, job->last_name, job->birth_date,
                                   job->phone, error);
}

void
ax_patients_find_similar_async (AxStore             *store,
                                const char          *first_name,
                                const char          *last_name,
                                const char          *birth_date,
                                const char          *phone,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  SearchJob *job = g_new0 (SearchJob, 1);

  job->first_name = g_strdup (first_name);
  job->last_name = g_strdup (last_name);
  job->birth_date = g_strdup (birth_date);
  job->phone = g_strdup (phone);
  ax_store_read_async (store, similar_read, job, (GDestroyNotify) search_job_free,
                       (GDestroyNotify) g_ptr_array_unref, ax_patients_find_similar_async,
                       cancellable, callback, user_data);
}

GPtrArray *
ax_patients_find_similar_finish (AxStore      *store,
                                 GAsyncResult *result,
                                 GError      **error)
{
  return ax_store_read_finish (store, result, ax_patients_find_similar_async, error);
}
