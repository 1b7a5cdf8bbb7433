/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

#include "ax-timeline-text.h"

#include <string.h>
#include <glib/gi18n.h>

#include "ax-appointments.h"
#include "ax-money.h"
#include "ax-patient-text.h"

static GDateTime *
local_time (gint64     ms,
            GTimeZone *tz)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (ms / 1000);

  return utc ? g_date_time_to_timezone (utc, tz) : NULL;
}

static char *
clock_of (gint64     ms,
          GTimeZone *tz)
{
  g_autoptr (GDateTime) t = local_time (ms, tz);

  return t ? g_date_time_format (t, "%H:%M") : g_strdup ("");
}

const char *
ax_timeline_text_icon (AxTimelineKind kind)
{
  switch (kind)
    {
    case AX_TIMELINE_APPOINTMENT: return "x-office-calendar-symbolic";
    case AX_TIMELINE_CHART: return "document-edit-symbolic";
    case AX_TIMELINE_PHOTO: return "camera-photo-symbolic";
    case AX_TIMELINE_CONSENT: return "x-office-document-symbolic";
    case AX_TIMELINE_SALE: return "x-office-spreadsheet-symbolic";
    case AX_TIMELINE_VITALS: return "document-open-recent-symbolic";
    case AX_TIMELINE_NOTE: return "accessories-text-editor-symbolic";
    case AX_TIMELINE_ALLERGY: return "dialog-warning-symbolic";
    default: return "image-missing-symbolic";
    }
}

const char *
ax_timeline_text_sale_status (const char *status)
{
  if (g_strcmp0 (status, "voided") == 0)
    return _("Voided");
  if (g_strcmp0 (status, "refunded") == 0)
    return _("Refunded");
  return _("Paid");
}

const char *
ax_timeline_text_chart_status (const char *status)
{
  if (g_strcmp0 (status, "needs_signoff") == 0)
    return _("Awaiting sign-off");
  if (g_strcmp0 (status, "md_signed") == 0)
    return _("Signed");
  return _("Draft");
}

const char *
ax_timeline_text_consent_status (const char *status)
{
  if (g_strcmp0 (status, "signed") == 0)
    return _("Signed");
  if (g_strcmp0 (status, "withdrawn") == 0)
    return _("Withdrawn");
  return _("Waiting for a signature");
}

const char *
ax_timeline_text_tender (const char *tender)
{
  static const struct { const char *id; const char *name; } tenders[] = {
    { "cash", N_("Cash") }, { "card", N_("Card") }, { "transfer", N_("Bank transfer") },
    { "qr", N_("QR payment") }, { "package_credit", N_("Package credit") },
    { "wallet", N_("Membership wallet") },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (tenders); i++)
    if (g_strcmp0 (tender, tenders[i].id) == 0)
      return _(tenders[i].name);
  return tender ? tender : "";
}

static const char *
view_tag_name (const char *tag)
{
  static const struct { const char *id; const char *name; } tags[] = {
    /* Translators: the view of a clinical photo */
    { "front", N_("Front") }, { "left", N_("Left") }, { "right", N_("Right") },
    { "left45", N_("Left 45°") }, { "right45", N_("Right 45°") }, { "other", N_("Other view") },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (tags); i++)
    if (g_strcmp0 (tag, tags[i].id) == 0)
      return _(tags[i].name);
  return NULL;
}

static const char *
severity_name (const char *severity)
{
  if (g_strcmp0 (severity, "severe") == 0)
    return ax_patient_text_severity (AX_ALLERGY_SEVERE);
  if (g_strcmp0 (severity, "mild") == 0)
    return ax_patient_text_severity (AX_ALLERGY_MILD);
  return ax_patient_text_severity (AX_ALLERGY_MODERATE);
}

char *
ax_timeline_text_title (const AxTimelineEntry *e)
{
  switch (e->kind)
    {
    case AX_TIMELINE_APPOINTMENT:
      return g_strdup (e->what && *e->what ? e->what : _("Appointment"));
    case AX_TIMELINE_CHART:
      if (e->what && *e->what)
        /* Translators: a chart in the timeline: "Chart · Neurotoxin" */
        return g_strdup_printf (e->extra ? _("Chart amendment · %s") : _("Chart · %s"), e->what);
      return g_strdup (e->extra ? _("Chart amendment") : _("Chart"));
    case AX_TIMELINE_PHOTO:
      if (view_tag_name (e->what) != NULL)
        /* Translators: a photo in the timeline: "Photo · Front" */
        return g_strdup_printf (_("Photo · %s"), view_tag_name (e->what));
      return g_strdup (_("Photo"));
    case AX_TIMELINE_CONSENT:
      return g_strdup (e->what && *e->what ? e->what : _("Consent"));
    case AX_TIMELINE_SALE:
      if (g_strcmp0 (e->sale_kind, "credit_note") == 0)
        /* Translators: a refund's receipt: "Credit note R-LOT-D1-2026-000012" */
        return g_strdup_printf (_("Credit note %s"), e->what);
      /* Translators: "Receipt R-LOT-D1-2026-000012" */
      return g_strdup_printf (_("Receipt %s"), e->what);
    case AX_TIMELINE_VITALS:
      return g_strdup (_("Vitals"));
    case AX_TIMELINE_NOTE:
      if (e->extra != NULL)
        /* Translators: a note that adds to an earlier one: "Addendum · Condition" */
        return g_strdup_printf (_("Addendum · %s"), ax_patient_text_note_kind (e->status));
      return g_strdup (ax_patient_text_note_kind (e->status));
    case AX_TIMELINE_ALLERGY:
      /* Translators: "Allergy added: Latex" */
      return g_strdup_printf (_("Allergy added: %s"), e->what);
    default:
      return g_strdup ("");
    }
}

static char *
vitals_line (const AxTimelineEntry *e)
{
  g_autoptr (GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (e->pulse_bpm > 0)
    g_ptr_array_add (parts, ax_patient_text_pulse (e->pulse_bpm));
  if (e->bp_systolic > 0)
    g_ptr_array_add (parts, ax_patient_text_pressure (e->bp_systolic, e->bp_diastolic));
  if (e->temp_dc > 0)
    g_ptr_array_add (parts, ax_patient_text_temperature (e->temp_dc));
  if (e->weight_g > 0)
    g_ptr_array_add (parts, ax_patient_text_weight (e->weight_g));
  if (e->height_mm > 0)
    g_ptr_array_add (parts, ax_patient_text_height (e->height_mm));
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}

/* The first line of a note, at most 120 characters. */
static char *
first_line (const char *text)
{
  g_autofree char *line = g_strndup (text ? text : "", strcspn (text ? text : "", "\n"));

  if (g_utf8_strlen (line, -1) > 120)
    {
      g_autofree char *cut = g_utf8_substring (line, 0, 119);
      return g_strconcat (cut, "…", NULL);
    }
  return g_steal_pointer (&line);
}

char *
ax_timeline_text_subtitle (const AxTimelineEntry *e,
                           GTimeZone             *tz)
{
  g_autofree char *at = clock_of (e->at_ms, tz);
  const char *who = e->who && *e->who ? e->who : NULL;

  switch (e->kind)
    {
    case AX_TIMELINE_APPOINTMENT:
      {
        g_autofree char *end = clock_of (e->end_ms, tz);
        g_autofree char *span = g_strdup_printf ("%s–%s", at, end);
        AxAppointmentStatus status = ax_appointment_status_from_string (e->status);

        return g_strjoin (" · ", span, who ? who : _("No provider"),
                          e->extra && *e->extra ? e->extra : ax_appointment_status_display_name (status),
                          e->extra && *e->extra ? ax_appointment_status_display_name (status) : NULL,
                          NULL);
      }
    case AX_TIMELINE_CHART:
      return g_strjoin (" · ", at, ax_timeline_text_chart_status (e->status), who, NULL);
    case AX_TIMELINE_PHOTO:
      return g_strjoin (" · ", at, e->extra && *e->extra ? e->extra : NULL, NULL);
    case AX_TIMELINE_CONSENT:
      return g_strjoin (" · ", at, ax_timeline_text_consent_status (e->status), NULL);
    case AX_TIMELINE_SALE:
      {
        g_autofree char *total = ax_money_format (e->amount, e->extra, NULL);
        return g_strjoin (" · ", at, total, ax_timeline_text_sale_status (e->status), who, NULL);
      }
    case AX_TIMELINE_VITALS:
      {
        g_autofree char *line = vitals_line (e);
        return g_strjoin (" · ", at, line, who, NULL);
      }
    case AX_TIMELINE_NOTE:
      {
        g_autofree char *line = first_line (e->what);
        return g_strjoin (" · ", at, who ? who : line, who ? line : NULL, NULL);
      }
    case AX_TIMELINE_ALLERGY:
      return g_strjoin (" · ", at, severity_name (e->status),
                        e->extra && *e->extra ? e->extra : NULL, NULL);
    default:
      return g_strdup (at);
    }
}

int
ax_timeline_day_key (gint64     ms,
                     GTimeZone *tz)
{
  g_autoptr (GDateTime) t = local_time (ms, tz);

  if (t == NULL)
    return 0;
  return g_date_time_get_year (t) * 10000 + g_date_time_get_month (t) * 100
         + g_date_time_get_day_of_month (t);
}

char *
ax_timeline_text_day (gint64     ms,
                      gint64     now_ms,
                      GTimeZone *tz)
{
  g_autoptr (GDateTime) when = local_time (ms, tz);
  g_autoptr (GDateTime) now = local_time (now_ms, tz);
  g_autoptr (GDateTime) yesterday = now ? g_date_time_add_days (now, -1) : NULL;
  int key = ax_timeline_day_key (ms, tz);

  if (when == NULL || now == NULL)
    return g_strdup ("");
  if (key == ax_timeline_day_key (now_ms, tz))
    return g_strdup (_("Today"));
  if (key == ax_timeline_day_key (g_date_time_to_unix (yesterday) * 1000, tz))
    return g_strdup (_("Yesterday"));
  /* Translators: a day heading in the timeline, see g_date_time_format(): "Tuesday 3 March 2026" */
  return g_date_time_format (when, _("%A %-d %B %Y"));
}
