/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

#include "ax-dashboard-text.h"

#include <glib/gi18n.h>

static GDateTime *
local_time (gint64     ms,
            GTimeZone *tz)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (ms / 1000);

  return utc != NULL ? g_date_time_to_timezone (utc, tz) : NULL;
}

char *
ax_dashboard_text_greeting (gint64      now_ms,
                            GTimeZone  *tz,
                            const char *name)
{
  g_autoptr (GDateTime) now = local_time (now_ms, tz);
  int hour = now != NULL ? g_date_time_get_hour (now) : 12;

  if (hour >= 4 && hour < 12)
    return g_strdup_printf (_("Good morning, %s"), name);
  if (hour >= 12 && hour < 18)
    return g_strdup_printf (_("Good afternoon, %s"), name);
  return g_strdup_printf (_("Good evening, %s"), name);
}

char *
ax_dashboard_text_appointments (int count)
{
  if (count == 0)
    return g_strdup (_("No appointments today"));
  return g_strdup_printf (ngettext ("%d appointment today", "%d appointments today", count),
                          count);
}

char *
ax_dashboard_text_next (const AxDashboard *dash,
                        GTimeZone         *tz)
{
  g_autofree char *time = NULL;

  if (!dash->has_next_appointment)
    return g_strdup (_("No more appointments today"));

  time = ax_dashboard_text_time (dash->next_start_ms, tz);
  /* Translators: "Next: 14:30 Anong Srisuk — Botox with Dr Lee" */
  return g_strdup_printf (_("Next: %s %s — %s with %s"), time,
                          dash->next_patient ? dash->next_patient : "",
                          dash->next_service ? dash->next_service : "",
                          dash->next_provider ? dash->next_provider : "");
}

char *
ax_dashboard_text_change (gint64       before,
                          gint64       now,
                          const char  *since,
                          const char  *no_base,
                          AxStatTrend *trend)
{
  int percent = 0;

  if (!ax_percent_change (before, now, &percent))
    {
      *trend = AX_STAT_TREND_NONE;
      return g_strdup (no_base);
    }

  if (percent > 0)
    *trend = AX_STAT_TREND_UP;
  else if (percent < 0)
    *trend = AX_STAT_TREND_DOWN;
  else
    *trend = AX_STAT_TREND_FLAT;

  /* Translators: a change in percent, then what it compares with:
   * "12% vs last Monday". The sign is shown by an arrow. */
  return g_strdup_printf (_("%d%% %s"), ABS (percent), since);
}

char *
ax_dashboard_text_vs_last_weekday (gint64     now_ms,
                                   GTimeZone *tz)
{
  g_autoptr (GDateTime) now = local_time (now_ms, tz);
  g_autofree char *weekday = now != NULL ? g_date_time_format (now, "%A") : NULL;

  if (weekday == NULL)
    return g_strdup (_("vs last week"));
  /* Translators: %s is a weekday: "vs last Monday" */
  return g_strdup_printf (_("vs last %s"), weekday);
}

char *
ax_dashboard_text_time (gint64     ms,
                        GTimeZone *tz)
{
  g_autoptr (GDateTime) when = local_time (ms, tz);

  return when != NULL ? g_date_time_format (when, "%H:%M") : g_strdup ("");
}

char *
ax_dashboard_text_days_left (int days_left)
{
  if (days_left < 0)
    return g_strdup (_("expired"));
  if (days_left == 0)
    return g_strdup (_("expires today"));
  return g_strdup_printf (ngettext ("%d day left", "%d days left", days_left), days_left);
}

char *
ax_dashboard_text_stock_summary (const AxDashboard *dash)
{
  g_autoptr (GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  guint low = dash->low_stock ? dash->low_stock->len : 0;
  guint expired = 0;
  guint expiring = 0;

  for (guint i = 0; dash->near_expiry != NULL && i < dash->near_expiry->len; i++)
    {
      const AxDashboardExpiry *item = g_ptr_array_index (dash->near_expiry, i);

      if (item->days_left < 0)
        expired++;
      else
        expiring++;
    }

  if (low + expired + expiring == 0)
    return g_strdup (_("Stock levels are fine"));

  if (low > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u low", "%u low", low), low));
  if (expired > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u expired", "%u expired", expired),
                                             expired));
  if (expiring > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u expiring soon", "%u expiring soon",
                                                       expiring),
                                             expiring));
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}

const char *
ax_dashboard_text_tender (const char *tender)
{
  static const struct
  {
    const char *code;
    const char *name;
  } tenders[] = {
    { "cash", N_("Cash") },
    { "card", N_("Card") },
    { "transfer", N_("Bank transfer") },
    { "qr", N_("QR payment") },
    { "package_credit", N_("Package credit") },
    { "wallet", N_("Wallet") },
  };

  for (gsize i = 0; tender != NULL && i < G_N_ELEMENTS (tenders); i++)
    if (g_str_equal (tender, tenders[i].code))
      return _(tenders[i].name);
  return tender != NULL ? tender : "";
}

const char *
ax_dashboard_text_sale_status (const char *status)
{
  if (g_strcmp0 (status, "voided") == 0)
    return _("Voided");
  if (g_strcmp0 (status, "refunded") == 0)
    return _("Refunded");
  return NULL;
}
