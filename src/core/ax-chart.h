/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* A clinical chart's lifecycle and the content its signature covers
 * (docs/charts.md). Pure: no store, no GTK. */

typedef enum
{
  AX_CHART_DRAFT,
  AX_CHART_NEEDS_SIGNOFF,
  AX_CHART_MD_SIGNED,
  AX_CHART_N_STATUSES,
  AX_CHART_STATUS_INVALID = -1,
} AxChartStatus;

/* "draft", "needs_signoff", "md_signed" (the stored values). */
const char    *ax_chart_status_to_string      (AxChartStatus  status);
AxChartStatus  ax_chart_status_from_string    (const char    *text);
/* Translated: "Draft", "Awaiting sign-off", "Signed". */
const char    *ax_chart_status_display_name   (AxChartStatus  status);
/* Draft → NeedsSignOff (submit), NeedsSignOff → MDSigned (sign),
 * NeedsSignOff → Draft (returned by the medical director). Nothing leaves
 * MDSigned: a change is an amendment, a new chart. */
gboolean       ax_chart_status_can_transition (AxChartStatus  from,
                                               AxChartStatus  to);
/* Only a draft may be changed. */
gboolean       ax_chart_status_is_editable    (AxChartStatus  status);

/* Whether a lot with expiry_date (YYYY-MM-DD, NULL: no expiry) is expired
 * on visit_day (YYYY-MM-DD, the visit's day in the clinic's time zone): a
 * lot may be used until the day before its expiry date. */
gboolean       ax_chart_lot_expired           (const char    *expiry_date,
                                               const char    *visit_day);

/* What a signature covers. Strings may be NULL (written as null). */
typedef struct
{
  const char *id;
  const char *kind;          /* treatment, note */
  const char *area;
  const char *product_id;
  const char *lot_id;
  gboolean    has_units;
  gint64      units_milli;
  const char *unit;
  const char *technique;
  const char *body;
  gint64      sort_order;
} AxChartEntryContent;

typedef struct
{
  const char *id;
  const char *photo_sha256;  /* the photo's blob hash, or NULL on a diagram */
  const char *diagram;       /* front, profile, or NULL on a photo */
  const char *overlay_json;  /* as stored; re-serialized canonically */
} AxChartOverlayContent;

typedef struct
{
  const char                  *id;
  const char                  *patient_id;
  gint64                       visit_at;
  const char                  *provider_id;
  const char                  *notes;
  const char                  *aftercare;
  const char                  *amends_chart_id;
  const AxChartEntryContent   *entries;
  gsize                        n_entries;
  const AxChartOverlayContent *overlays;
  gsize                        n_overlays;
  const char *const           *photo_sha256;   /* n_photos blob hashes */
  gsize                        n_photos;
} AxChartContent;

#define AX_CHART_CONTENT_FORMAT "aesthetix.chart.v1"

/* The canonical JSON of a chart (docs/charts.md gives it exactly): no
 * whitespace, every object's keys sorted, entries by sort_order then id,
 * overlays by id, photo hashes sorted. Fails only on an overlay whose JSON
 * does not parse. */
char          *ax_chart_canonical_json        (const AxChartContent *content,
                                               GError              **error);
/* Lowercase hex SHA-256 of ax_chart_canonical_json(). */
char          *ax_chart_content_sha256        (const AxChartContent *content,
                                               GError              **error);

/* Any JSON value in the same canonical form (keys sorted by their UTF-8
 * bytes, integers as integers, other numbers with %.17g, strings with
 * only ", \ and control characters escaped). */
char          *ax_json_canonical              (JsonNode            *node);

G_END_DECLS
