/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

#include "ax-chart-text.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

const char *
ax_chart_text_status_style (AxChartStatus status)
{
  switch (status)
    {
    case AX_CHART_NEEDS_SIGNOFF: return "warning";
    case AX_CHART_MD_SIGNED: return "success";
    case AX_CHART_DRAFT:
    case AX_CHART_N_STATUSES:
    case AX_CHART_STATUS_INVALID:
    default:
      return "draft";
    }
}

char *
ax_chart_text_units (gboolean    has_units,
                     gint64      units_milli,
                     const char *unit)
{
  g_autofree char *number = NULL;
  gint64 whole = units_milli / 1000;
  int frac = (int) ABS (units_milli % 1000);

  if (!has_units)
    return g_strdup ("");
  if (frac == 0)
    number = g_strdup_printf ("%" G_GINT64_FORMAT, whole);
  else
    {
      char digits[4];

      g_snprintf (digits, sizeof digits, "%03d", frac);
      for (int i = 2; i > 0 && digits[i] == '0'; i--)
        digits[i] = '\0';
      number = g_strdup_printf ("%s%" G_GINT64_FORMAT ".%s", units_milli < 0 && whole == 0 ? "-" : "",
                                whole, digits);
    }
  if (unit == NULL || *unit == '\0')
    return g_steal_pointer (&number);
  /* Translators: an amount and its unit, "20 U", "0.5 ml" */
  return g_strdup_printf (_("%s %s"), number, unit);
}

char *
ax_chart_text_instant (gint64     ms,
                       GTimeZone *tz)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (ms / 1000);
  g_autoptr (GDateTime) local = g_date_time_to_timezone (utc, tz);

  /* Translators: a date and time, "10 Mar 2026, 10:30" */
  return g_date_time_format (local, _("%-d %b %Y, %H:%M"));
}

char *
ax_chart_text_day (const char *ymd)
{
  int y, m, d;
  g_autoptr (GDateTime) dt = NULL;

  if (ymd == NULL || sscanf (ymd, "%4d-%2d-%2d", &y, &m, &d) != 3
      || (dt = g_date_time_new_utc (y, m, d, 0, 0, 0)) == NULL)
    return g_strdup (ymd ? ymd : "");
  /* Translators: a day, "1 Sep 2026" */
  return g_date_time_format (dt, _("%-d %b %Y"));
}

char *
ax_chart_text_entry_title (const AxChartEntry *e)
{
  if (e->area != NULL && e->product_name != NULL)
    /* Translators: a chart entry, "Glabella — Botox" */
    return g_strdup_printf (_("%s — %s"), e->area, e->product_name);
  if (e->area != NULL)
    return g_strdup (e->area);
  if (e->product_name != NULL)
    return g_strdup (e->product_name);
  return g_strdup (_("Note"));
}

char *
ax_chart_text_entry_detail (const AxChartEntry *e)
{
  g_autoptr (GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *units = ax_chart_text_units (e->has_units, e->units_milli, e->unit);

  if (*units != '\0')
    g_ptr_array_add (parts, g_steal_pointer (&units));
  if (e->lot_number != NULL)
    {
      g_autofree char *day = ax_chart_text_day (e->lot_expiry);

      g_ptr_array_add (parts, e->lot_expiry
                              /* Translators: the lot of a chart entry */
                              ? g_strdup_printf (_("lot %s, expires %s"), e->lot_number, day)
                              : g_strdup_printf (_("lot %s"), e->lot_number));
    }
  if (e->technique != NULL)
    g_ptr_array_add (parts, g_strdup (e->technique));
  if (e->body != NULL)
    g_ptr_array_add (parts, g_strdup (e->body));
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}

char *
ax_chart_text_lot (const AxChartLot *lot)
{
  g_autofree char *day = ax_chart_text_day (lot->expiry_date);

  if (lot->expired)
    /* Translators: a lot that may not be used: "ABC123 · EXPIRED 1 Mar 2026" */
    return g_strdup_printf (_("%s · EXPIRED %s"), lot->lot_number, day);
  if (lot->expiry_date == NULL)
    /* Translators: a lot without expiry and what is left of it */
    return g_strdup_printf (_("%s · %" PRId64 " left"), lot->lot_number, lot->on_hand);
  /* Translators: a lot, its expiry and what is left of it */
  return g_strdup_printf (_("%s · expires %s · %" PRId64 " left"), lot->lot_number, day,
                          lot->on_hand);
}

char *
ax_chart_text_locked_line (const AxChart *chart,
                           GTimeZone     *tz)
{
  g_autofree char *when = NULL;

  switch (chart->status)
    {
    case AX_CHART_MD_SIGNED:
      when = ax_chart_text_instant (chart->signed_at, tz);
      /* Translators: the line on a signed chart */
      return g_strdup_printf (_("Signed by %s on %s — read-only"),
                              chart->signature ? chart->signature->signer_name : "?", when);
    case AX_CHART_NEEDS_SIGNOFF:
      when = ax_chart_text_instant (chart->submitted_at, tz);
      return g_strdup_printf (_("Sent for sign-off on %s — read-only until the medical director "
                                "signs it or returns it"), when);
    case AX_CHART_DRAFT:
    case AX_CHART_N_STATUSES:
    case AX_CHART_STATUS_INVALID:
    default:
      return NULL;
    }
}

int
ax_chart_text_overlay_items (const AxChart *chart)
{
  int n = 0;

  for (guint i = 0; i < chart->overlays->len; i++)
    n += ((AxChartOverlay *) chart->overlays->pdata[i])->n_items;
  return n;
}

char *
ax_chart_text_signed_content (const AxChart *chart,
                              GTimeZone     *tz)
{
  GString *out = g_string_new (NULL);
  g_autofree char *visit = ax_chart_text_instant (chart->visit_at, tz);
  guint n_photos = g_strv_length (chart->photo_sha256);

  g_string_append_printf (out, _("Patient: %s (%s)\n"), chart->patient_name, chart->patient_number);
  g_string_append_printf (out, _("Visit: %s\n"), visit);
  g_string_append_printf (out, _("Provider: %s\n"), chart->provider_name);
  if (chart->amends_chart_id != NULL)
    g_string_append_printf (out, _("Amends chart %s\n"), chart->amends_chart_id);
  g_string_append_printf (out, ngettext ("%u entry:\n", "%u entries:\n", chart->entries->len),
                          chart->entries->len);
  for (guint i = 0; i < chart->entries->len; i++)
    {
      g_autofree char *title = ax_chart_text_entry_title (chart->entries->pdata[i]);
      g_autofree char *detail = ax_chart_text_entry_detail (chart->entries->pdata[i]);

      g_string_append_printf (out, "  %u. %s%s%s\n", i + 1, title, *detail ? ": " : "", detail);
    }
  g_string_append_printf (out, _("Notes: %s\n"), chart->notes ? chart->notes : _("none"));
  g_string_append_printf (out, _("Aftercare: %s\n"), chart->aftercare ? chart->aftercare : _("none"));
  g_string_append_printf (out, ngettext ("Face chart: %d annotation item", "Face chart: %d annotation items",
                                         ax_chart_text_overlay_items (chart)),
                          ax_chart_text_overlay_items (chart));
  g_string_append_printf (out, ngettext (" on %u overlay\n", " on %u overlays\n", chart->overlays->len),
                          chart->overlays->len);
  if (n_photos == 0)
    g_string_append (out, _("Photos: none\n"));
  else
    g_string_append_printf (out, ngettext ("%u photo:\n", "%u photos:\n", n_photos), n_photos);
  for (guint i = 0; i < n_photos; i++)
    g_string_append_printf (out, "  %s\n", chart->photo_sha256[i]);
  g_strchomp (out->str);
  out->len = strlen (out->str);
  return g_string_free (out, FALSE);
}
