/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-db"

#include "ax-db-search.h"

#include <string.h>

char *
ax_search_fold (const char *text)
{
  g_autofree char *nfd = NULL;
  g_autoptr (GString) bare = NULL;

  if (text == NULL)
    return g_strdup ("");
  nfd = g_utf8_normalize (text, -1, G_NORMALIZE_NFD);
  if (nfd == NULL)
    return g_strdup (""); /* not UTF-8: nothing to match */
  bare = g_string_sized_new (strlen (nfd));
  for (const char *p = nfd; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* Combining Diacritical Marks: the accents of Latin script. */
      if (c >= 0x0300 && c <= 0x036F)
        continue;
      g_string_append_unichar (bare, c);
    }
  return g_utf8_casefold (bare->str, -1);
}

char *
ax_search_digits (const char *text)
{
  GString *digits = g_string_new (NULL);

  for (const char *p = text ? text : ""; *p; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (digits, *p);
  if (digits->len < 3)
    {
      g_string_free (digits, TRUE);
      return NULL;
    }
  return g_string_free (digits, FALSE);
}

static void
fold_sql (sqlite3_context *ctx,
          int              argc,
          sqlite3_value  **argv)
{
  char *folded = ax_search_fold ((const char *) sqlite3_value_text (argv[0]));

  sqlite3_result_text (ctx, folded, -1, g_free);
}

/* The searchable text of a patient: folded names, number and e-mail, and
 * the digits of phone and national id, so "081-234" finds "0812345678". */
static void
body_sql (sqlite3_context *ctx,
          int              argc,
          sqlite3_value  **argv)
{
  /* Every word starts after a space, the first one too: " an" is then the
   * trigram of a word starting with "an". */
  GString *body = g_string_new (" ");

  for (int i = 0; i < argc; i++)
    {
      const char *v = (const char *) sqlite3_value_text (argv[i]);
      g_autofree char *folded = NULL;
      g_autofree char *digits = NULL;

      if (v == NULL || *v == '\0')
        continue;
      folded = ax_search_fold (v);
      g_string_append (body, folded);
      g_string_append (body, " | ");
      digits = ax_search_digits (v);
      if (digits != NULL && strcmp (digits, folded) != 0)
        {
          g_string_append (body, digits);
          g_string_append (body, " | ");
        }
    }
  sqlite3_result_text (ctx, g_string_free (body, FALSE), -1, g_free);
}

gboolean
ax_search_register_sql (sqlite3 *handle,
                        GError **error)
{
  int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;

  if (sqlite3_create_function (handle, "ax_search_fold", 1, flags, NULL, fold_sql, NULL, NULL)
      != SQLITE_OK
      || sqlite3_create_function (handle, "ax_search_body", -1, flags, NULL, body_sql, NULL, NULL)
      != SQLITE_OK)
    {
      g_set_error (error, AX_DB_ERROR, AX_DB_ERROR_SQLITE, "%s", sqlite3_errmsg (handle));
      return FALSE;
    }
  return TRUE;
}
