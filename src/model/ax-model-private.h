/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ax-mutator.h"

G_BEGIN_DECLS

/* Each domain file registers its mutators; ax-store.c calls these once. */
void ax_users_register_mutators     (void);
void ax_catalogue_register_mutators (void);
void ax_patients_register_mutators  (void);
void ax_patient_record_register_mutators (void);
void ax_appointments_register_mutators (void);
void ax_ics_export_register_mutators (void);
void ax_charts_register_mutators (void);

/* Fails (AX_MODEL_ERROR_RULE, "This chart was signed on … by …; it can't be
 * changed. Create an amendment instead.") unless chart_id is a live draft
 * chart of this clinic (AX_MODEL_ERROR_NOT_FOUND when there is none). Every
 * mutator that changes a chart's content calls it first (ax-chart-mutators.c). */
gboolean ax_chart_require_draft (AxMutation *m,
                                 const char *chart_id,
                                 GError    **error);

/* The store's side of a mutation: clock and the change signal. */
void        ax_store_tick_hlc       (AxStore    *self,
                                     char        out[36]);
void        ax_store_emit_changed   (AxStore    *self,
                                     const char *what);
const char *ax_store_get_clinic_id  (AxStore    *self);

/* Appends one entry to the audit chain (in the caller's transaction). */
gboolean    ax_audit_append         (AxDb       *db,
                                     const char *clinic_id,
                                     gint64      at_ms,
                                     AxActor    *actor,
                                     const char *action,
                                     const char *subject_type,
                                     const char *subject_id,
                                     JsonObject *detail,
                                     GError    **error);

/* The next number of a gapless per-device series, formatted
 * <prefix>-<device code>-<year>-<seq>; in the caller's transaction. */
char       *ax_series_next          (AxMutation *m,
                                     const char *kind,
                                     const char *prefix,
                                     GError    **error);

G_END_DECLS
