/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ax-store.h"
#include "ax-chart.h"

G_BEGIN_DECLS

/* Clinical charts (docs/charts.md): what the Charts tab, the chart editor
 * and the sign-off page read, and the mutators that write them.
 *
 *   chart_template.add    {id?, name, service_id?, areas_json}          catalogue.edit
 *   chart_template.update {id, set: {name, service_id, areas_json, active}, from}
 *                                                                       catalogue.edit
 *   chart_template.remove {id}                                          catalogue.edit
 *       (the Templates page never removes: it sets active = false; an inactive
 *       template is not offered by New Chart)
 *       areas_json: '[{"area": "Forehead", "default_units": 10, "unit": "U"}, …]'
 *   chart.create      {id?, patient_id, appointment_id?, template_id?, provider_id?,
 *                      visit_at?, entry_ids?}                            clinical.edit
 *   chart.update      {id, set: {notes, aftercare, visit_at}, from}       clinical.edit
 *   chart_entry.add   {id?, chart_id, kind?, area?, product_id?, lot_id?, units_milli?,
 *                      unit?, technique?, body?, sort_order?}            clinical.edit
 *   chart_entry.update {id, set: {…the same but chart_id and kind}, from} clinical.edit
 *   chart_entry.remove {id}                             (soft delete)   clinical.edit
 *   chart.submit      {id}              Draft → NeedsSignOff            clinical.edit
 *   chart.sign        {id, content_sha256, meaning?, signature_id?}
 *                                       NeedsSignOff → MDSigned         chart.sign
 *   chart.return      {id, reason}      NeedsSignOff → Draft            chart.sign
 *   chart.amend       {id (a signed chart), new_id?, entry_ids?}        clinical.edit
 *   chart.open        {id}              audit "chart.view" only         clinical.view
 *   chart.export      {id, format}      audit "chart.export" only       clinical.view
 *
 * Every chart and entry mutator refuses a chart that is not a draft. */

typedef struct
{
  char          *id;
  char          *patient_id;
  char          *patient_name;
  AxChartStatus  status;
  char          *provider_name;   /* "" when none */
  char          *template_name;   /* "" when none */
  gint64         visit_at;
  gint64         submitted_at;    /* 0 when not submitted */
  gint64         signed_at;       /* 0 when not signed */
  char          *signer_name;     /* "" when not signed */
  char          *amends_chart_id; /* NULL unless an amendment */
  int            n_entries;
  char          *return_reason;   /* why the medical director last returned it, or NULL */
} AxChartSummary;

void ax_chart_summary_free (AxChartSummary *summary);

typedef struct
{
  char     *id;
  char     *kind;            /* treatment, note */
  char     *area;            /* NULL when none (also below) */
  char     *product_id;
  char     *product_name;
  char     *lot_id;
  char     *lot_number;
  char     *lot_expiry;      /* YYYY-MM-DD */
  gboolean  has_units;
  gint64    units_milli;
  char     *unit;
  char     *technique;
  char     *body;
  gint64    sort_order;
} AxChartEntry;

typedef struct
{
  char *id;
  char *photo_id;            /* NULL on a diagram */
  char *photo_sha256;
  char *diagram;             /* front, profile or NULL */
  char *overlay_json;        /* raw, as stored */
  int   n_items;             /* the length of its "items" */
} AxChartOverlay;

typedef struct
{
  char   *id;
  char   *signer_user_id;
  char   *signer_name;
  gint64  signed_at;
  char   *meaning;
  char   *content_sha256;
} AxChartSignature;

/* One chart with everything a signature covers. Immutable, refcounted. */
typedef struct
{
  char             *id;
  char             *patient_id;
  char             *patient_name;
  char             *patient_number;
  char             *appointment_id;
  char             *provider_id;
  char             *provider_name;   /* "" when none */
  char             *provider_user_id;
  char             *template_name;   /* "" when none */
  AxChartStatus     status;
  char             *amends_chart_id;
  char             *amended_by_id;   /* the newest amendment of this chart, or NULL */
  gint64            visit_at;
  char             *notes;
  char             *aftercare;
  gint64            submitted_at;
  gint64            signed_at;
  char             *content_sha256;  /* as signed; NULL until signed */
  char             *current_sha256;  /* recomputed now from the rows */
  char             *canonical_json;  /* what current_sha256 hashes */
  GPtrArray        *entries;         /* AxChartEntry, by sort_order then id */
  GPtrArray        *overlays;        /* AxChartOverlay, by id */
  GStrv             photo_sha256;    /* sorted */
  AxChartSignature *signature;       /* NULL until signed */
} AxChart;

AxChart *ax_chart_ref   (AxChart *chart);
void     ax_chart_unref (AxChart *chart);

typedef struct
{
  char   *id;
  char   *name;
  char   *service_id;
  char   *service_name;  /* "" when none */
  char     *areas_json;
  int       n_areas;
  gboolean  active;
} AxChartTemplate;

typedef struct
{
  char   *id;
  gint64  start_ms;
  char   *provider_id;
  char   *provider_name;
  char   *services;      /* "Botox forehead, Consultation" */
  char   *template_id;   /* the chart template of its first service that has one, or NULL */
} AxChartAppointment;

typedef struct
{
  char *id;
  char *name;
} AxChartProvider;

/* What New Chart offers: templates, the patient's appointments of the last
 * 30 days and the next day, providers, and the acting user's provider. */
typedef struct
{
  GPtrArray *templates;      /* AxChartTemplate, by name */
  GPtrArray *appointments;   /* AxChartAppointment, newest first */
  GPtrArray *providers;      /* AxChartProvider, active, in calendar order */
  char      *own_provider_id;
} AxChartChoices;

void ax_chart_choices_free (AxChartChoices *choices);

typedef struct
{
  char     *id;
  char     *lot_number;
  char     *expiry_date;   /* YYYY-MM-DD or NULL */
  gint64    on_hand;       /* lot_stock */
  gboolean  expired;       /* at the visit's day */
} AxChartLot;

typedef struct
{
  char      *id;
  char      *name;
  char      *unit;
  GPtrArray *lots;         /* AxChartLot with stock, usable first, by expiry */
} AxChartProduct;

void ax_chart_product_free (AxChartProduct *product);

/* The patient's charts, newest visit first. */
GPtrArray      *ax_charts_of_patient_query   (AxDb        *db,
                                              const char  *patient_id,
                                              GError     **error);
/* Every chart waiting for sign-off, oldest submission first. */
GPtrArray      *ax_chart_signoff_queue_query (AxDb        *db,
                                              GError     **error);
AxChart        *ax_chart_query               (AxDb        *db,
                                              const char  *chart_id,
                                              GError     **error);
/* Every template, active and not (the Templates page), by name. */
GPtrArray      *ax_chart_templates_query     (AxDb        *db,
                                              GError     **error);
AxChartChoices *ax_chart_choices_query       (AxDb        *db,
                                              const char  *patient_id,
                                              const char  *user_id,
                                              gint64       now_ms,
                                              GError     **error);
/* Products for clinical use (medication, consumable) with lots in stock;
 * visit_day (YYYY-MM-DD) flags the expired ones. */
GPtrArray      *ax_chart_products_query      (AxDb        *db,
                                              const char  *visit_day,
                                              GError     **error);

/* The canonical JSON of a chart as stored now and its SHA-256. */
char           *ax_chart_content_read        (AxDb        *db,
                                              const char  *chart_id,
                                              char       **sha256_out,
                                              GError     **error);

/* The day (YYYY-MM-DD) of instant ms in tz. */
char           *ax_chart_day_of              (gint64       ms,
                                              GTimeZone   *tz);

/* Off the main thread (the async part of ax_store_read_async). */
void            ax_charts_of_patient_query_async   (AxStore             *store,
                                                    const char          *patient_id,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
GPtrArray      *ax_charts_of_patient_query_finish  (AxStore             *store,
                                                    GAsyncResult        *result,
                                                    GError             **error);
void            ax_chart_signoff_queue_query_async (AxStore             *store,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
GPtrArray      *ax_chart_signoff_queue_query_finish (AxStore            *store,
                                                     GAsyncResult       *result,
                                                     GError            **error);
void            ax_chart_query_async               (AxStore             *store,
                                                    const char          *chart_id,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
AxChart        *ax_chart_query_finish              (AxStore             *store,
                                                    GAsyncResult        *result,
                                                    GError             **error);

void            ax_chart_choices_query_async       (AxStore             *store,
                                                    const char          *patient_id,
                                                    const char          *user_id,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
AxChartChoices *ax_chart_choices_query_finish      (AxStore             *store,
                                                    GAsyncResult        *result,
                                                    GError             **error);
void            ax_chart_products_query_async      (AxStore             *store,
                                                    const char          *visit_day,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
GPtrArray      *ax_chart_products_query_finish     (AxStore             *store,
                                                    GAsyncResult        *result,
                                                    GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AxChart, ax_chart_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AxChartChoices, ax_chart_choices_free)

G_END_DECLS
