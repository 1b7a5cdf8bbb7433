/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-core"

#include "ax-canonical-json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void append_node (GString *out, JsonNode *node, gboolean fixed_17g);

static void
append_string (GString    *out,
               const char *s)
{
  g_string_append_c (out, '"');
  for (const unsigned char *p = (const unsigned char *) s; *p; p++)
    switch (*p)
      {
      case '"': g_string_append (out, "\\\""); break;
      case '\\': g_string_append (out, "\\\\"); break;
      case '\b': g_string_append (out, "\\b"); break;
      case '\f': g_string_append (out, "\\f"); break;
      case '\n': g_string_append (out, "\\n"); break;
      case '\r': g_string_append (out, "\\r"); break;
      case '\t': g_string_append (out, "\\t"); break;
      default:
        if (*p < 0x20)
          g_string_append_printf (out, "\\u%04x", *p);
        else
          g_string_append_c (out, (char) *p);
      }
  g_string_append_c (out, '"');
}

static void
append_double (GString *out,
               double   v,
               gboolean fixed_17g)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  /* The shortest of %.15g..%.17g that reads back exactly (or %.17g). */
  for (int digits = fixed_17g ? 17 : 15; digits <= 17; digits++)
    {
      g_ascii_formatd (buf, sizeof buf, digits == 15 ? "%.15g" : digits == 16 ? "%.16g" : "%.17g",
                       v);
      if (g_ascii_strtod (buf, NULL) == v)
        break;
    }
  g_string_append (out, buf);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static void
append_node (GString  *out,
             JsonNode *node,
             gboolean  fixed_17g)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      g_string_append (out, "null");
      return;
    }
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *obj = json_node_get_object (node);
      g_autoptr (GList) members = json_object_get_members (obj);
      g_autoptr (GPtrArray) names = g_ptr_array_new ();

      for (GList *l = members; l; l = l->next)
        g_ptr_array_add (names, l->data);
      g_ptr_array_sort (names, compare_names);
      g_string_append_c (out, '{');
      for (guint i = 0; i < names->len; i++)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          append_string (out, names->pdata[i]);
          g_string_append_c (out, ':');
          append_node (out, json_object_get_member (obj, names->pdata[i]), fixed_17g);
        }
      g_string_append_c (out, '}');
      return;
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      g_string_append_c (out, '[');
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          append_node (out, json_array_get_element (array, i), fixed_17g);
        }
      g_string_append_c (out, ']');
      return;
    }

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      append_string (out, json_node_get_string (node));
      break;
    case G_TYPE_BOOLEAN:
      g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
      break;
    case G_TYPE_DOUBLE:
      append_double (out, json_node_get_double (node), fixed_17g);
      break;
    case G_TYPE_INT64:
    default:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
      break;
    }
}

char *
ax_canonical_json (JsonNode *node)
{
  GString *out = g_string_new (NULL);

  append_node (out, node, FALSE);
  return g_string_free (out, FALSE);
}

char *
ax_canonical_json_17g (JsonNode *node)
{
  GString *out = g_string_new (NULL);

  append_node (out, node, TRUE);
  return g_string_free (out, FALSE);
}

char *
ax_canonical_json_sha256 (JsonNode *node)
{
  g_autofree char *text = ax_canonical_json (node);

  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
}
