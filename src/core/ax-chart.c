/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-core"

#include "ax-chart.h"
#include "ax-canonical-json.h"

#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

/* Lifecycle */

static const char *const status_ids[AX_CHART_N_STATUSES] = {
  "draft", "needs_signoff", "md_signed",
};

const char *
ax_chart_status_to_string (AxChartStatus status)
{
  g_return_val_if_fail (status >= 0 && status < AX_CHART_N_STATUSES, NULL);
  return status_ids[status];
}

AxChartStatus
ax_chart_status_from_string (const char *text)
{
  for (int i = 0; text != NULL && i < AX_CHART_N_STATUSES; i++)
    if (strcmp (text, status_ids[i]) == 0)
      return (AxChartStatus) i;
  return AX_CHART_STATUS_INVALID;
}

const char *
ax_chart_status_display_name (AxChartStatus status)
{
  switch (status)
    {
    case AX_CHART_DRAFT: return _("Draft");
    case AX_CHART_NEEDS_SIGNOFF: return _("Awaiting sign-off");
    case AX_CHART_MD_SIGNED: return _("Signed");
    case AX_CHART_N_STATUSES:
    case AX_CHART_STATUS_INVALID:
    default:
      return _("Unknown");
    }
}

gboolean
ax_chart_status_can_transition (AxChartStatus from,
                                AxChartStatus to)
{
  return (from == AX_CHART_DRAFT && to == AX_CHART_NEEDS_SIGNOFF)
         || (from == AX_CHART_NEEDS_SIGNOFF && to == AX_CHART_MD_SIGNED)
         || (from == AX_CHART_NEEDS_SIGNOFF && to == AX_CHART_DRAFT);
}

gboolean
ax_chart_status_is_editable (AxChartStatus status)
{
  return status == AX_CHART_DRAFT;
}

gboolean
ax_chart_lot_expired (const char *expiry_date,
                      const char *visit_day)
{
  if (expiry_date == NULL || *expiry_date == '\0' || visit_day == NULL)
    return FALSE;
  /* Both are YYYY-MM-DD: text order is date order. */
  return strcmp (visit_day, expiry_date) >= 0;
}

/* Canonical JSON */

char *
ax_json_canonical (JsonNode *node)
{
  g_return_val_if_fail (node != NULL, NULL);
  return ax_canonical_json_17g (node);
}

static void
set_text (JsonObject *o,
          const char *name,
          const char *value)
{
  if (value != NULL)
    json_object_set_string_member (o, name, value);
  else
    json_object_set_null_member (o, name);
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const AxChartEntryContent *x = *(const AxChartEntryContent *const *) a;
  const AxChartEntryContent *y = *(const AxChartEntryContent *const *) b;

  if (x->sort_order != y->sort_order)
    return x->sort_order < y->sort_order ? -1 : 1;
  return g_strcmp0 (x->id, y->id);
}

static int
compare_overlays (gconstpointer a,
                  gconstpointer b)
{
  const AxChartOverlayContent *x = *(const AxChartOverlayContent *const *) a;
  const AxChartOverlayContent *y = *(const AxChartOverlayContent *const *) b;

  return g_strcmp0 (x->id, y->id);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

char *
ax_chart_canonical_json (const AxChartContent *c,
                         GError              **error)
{
  g_autoptr (JsonObject) root = json_object_new ();
  g_autoptr (JsonArray) entries = json_array_new ();
  g_autoptr (JsonArray) overlays = json_array_new ();
  g_autoptr (JsonArray) photos = json_array_new ();
  g_autoptr (GPtrArray) sorted = g_ptr_array_new ();
  g_autoptr (JsonNode) node = NULL;

  g_return_val_if_fail (c != NULL, NULL);

  json_object_set_string_member (root, "format", AX_CHART_CONTENT_FORMAT);
  set_text (root, "id", c->id);
  set_text (root, "patient_id", c->patient_id);
  json_object_set_int_member (root, "visit_at", c->visit_at);
  set_text (root, "provider_id", c->provider_id);
  set_text (root, "notes", c->notes);
  set_text (root, "aftercare", c->aftercare);
  set_text (root, "amends_chart_id", c->amends_chart_id);

  for (gsize i = 0; i < c->n_entries; i++)
    g_ptr_array_add (sorted, (gpointer) &c->entries[i]);
  g_ptr_array_sort (sorted, compare_entries);
  for (guint i = 0; i < sorted->len; i++)
    {
      const AxChartEntryContent *e = sorted->pdata[i];
      JsonObject *o = json_object_new ();

      set_text (o, "id", e->id);
      set_text (o, "kind", e->kind);
      set_text (o, "area", e->area);
      set_text (o, "product_id", e->product_id);
      set_text (o, "lot_id", e->lot_id);
      if (e->has_units)
        json_object_set_int_member (o, "units_milli", e->units_milli);
      else
        json_object_set_null_member (o, "units_milli");
      set_text (o, "unit", e->unit);
      set_text (o, "technique", e->technique);
      set_text (o, "body", e->body);
      json_object_set_int_member (o, "sort_order", e->sort_order);
      json_array_add_object_element (entries, o);
    }
  json_object_set_array_member (root, "entries", g_steal_pointer (&entries));

  g_ptr_array_set_size (sorted, 0);
  for (gsize i = 0; i < c->n_overlays; i++)
    g_ptr_array_add (sorted, (gpointer) &c->overlays[i]);
  g_ptr_array_sort (sorted, compare_overlays);
  for (guint i = 0; i < sorted->len; i++)
    {
      const AxChartOverlayContent *ov = sorted->pdata[i];
      g_autoptr (JsonParser) parser = json_parser_new ();
      g_autoptr (GError) local = NULL;
      JsonObject *o = json_object_new ();

      if (!json_parser_load_from_data (parser, ov->overlay_json ? ov->overlay_json : "null", -1,
                                       &local))
        {
          g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                       _("The face-chart overlay %s is not valid JSON: %s"),
                       ov->id ? ov->id : "?", local->message);
          json_object_unref (o);
          return NULL;
        }
      set_text (o, "id", ov->id);
      set_text (o, "photo_sha256", ov->photo_sha256);
      set_text (o, "diagram", ov->diagram);
      json_object_set_member (o, "overlay", json_node_copy (json_parser_get_root (parser)));
      json_array_add_object_element (overlays, o);
    }
  json_object_set_array_member (root, "overlays", g_steal_pointer (&overlays));

  g_ptr_array_set_size (sorted, 0);
  for (gsize i = 0; i < c->n_photos; i++)
    g_ptr_array_add (sorted, (gpointer) c->photo_sha256[i]);
  g_ptr_array_sort (sorted, compare_strings);
  for (guint i = 0; i < sorted->len; i++)
    json_array_add_string_element (photos, sorted->pdata[i]);
  json_object_set_array_member (root, "photos", g_steal_pointer (&photos));

  node = json_node_init_object (json_node_alloc (), root);
  return ax_json_canonical (node);
}

char *
ax_chart_content_sha256 (const AxChartContent *content,
                         GError              **error)
{
  g_autofree char *json = ax_chart_canonical_json (content, error);

  if (json == NULL)
    return NULL;
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, json, -1);
}
