/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-core"

#include "ax-mask.h"

char *
ax_mask_phone (const char *phone)
{
  g_autoptr (GString) digits = g_string_new (NULL);
  GString *out;
  gboolean plus;
  gsize n;

  if (phone == NULL)
    return NULL;

  plus = phone[0] == '+';
  for (const char *p = phone; *p; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (digits, *p);
  n = digits->len;
  if (n == 0)
    return g_strdup ("");

  out = g_string_new (plus ? "+" : NULL);
  if (n < 8)
    {
      for (gsize i = 0; i < n; i++)
        g_string_append_c (out, i + 2 >= n ? digits->str[i] : 'X');
      return g_string_free (out, FALSE);
    }

  g_string_append_len (out, digits->str, 3);
  g_string_append_c (out, '-');
  for (gsize i = 3; i < n - 4; i++)
    g_string_append_c (out, 'X');
  g_string_append_c (out, '-');
  g_string_append (out, digits->str + n - 4);
  return g_string_free (out, FALSE);
}

char *
ax_mask_national_id (const char *id)
{
  gsize ndigits = 0, seen = 0;
  char *out;

  if (id == NULL)
    return NULL;
  for (const char *p = id; *p; p++)
    if (g_ascii_isalnum (*p))
      ndigits++;

  out = g_strdup (id);
  for (char *p = out; *p; p++)
    {
      if (!g_ascii_isalnum (*p))
        continue;
      if (ndigits > 4 && seen > 0 && seen + 3 < ndigits)
        *p = 'X';
      else if (ndigits <= 4 && seen + 1 < ndigits)
        *p = 'X';
      seen++;
    }
  return out;
}
