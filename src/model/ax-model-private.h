/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ax-mutator.h"

G_BEGIN_DECLS

/* Each domain file registers its mutators; ax-store.c calls these once. */
void ax_users_register_mutators     (void);
void ax_catalogue_register_mutators (void);
void ax_patients_register_mutators  (void);
void ax_patient_record_register_mutators (void);
void ax_treatment_plans_register_mutators (void);
void ax_appointments_register_mutators (void);
void ax_ics_export_register_mutators (void);
void ax_photos_register_mutators   (void);
void ax_overlays_register_mutators (void);
void ax_consents_register_mutators (void);
void ax_stock_register_mutators (void);
void ax_sales_register_mutators (void);
void ax_charts_register_mutators (void);
void ax_commissions_register_mutators (void);
void ax_credits_register_mutators (void);

/* Completing an appointment (ax-credit-mutators.c): per service of it, one
 * session from the patient's active, unexpired course for that service with
 * a session left, the earliest expiry first; nothing when there is none, or
 * when the appointment or a sale for it already took one for that service.
 * Adds "redeemed": [{patient_package_id, service_id}] to the result, and
 * to args as "redeem" when run by a person: a replay (the server, a
 * rebase) takes the same sessions from the same courses, below zero if it
 * must (a breach, flagged). */
gboolean ax_credits_redeem_for_appointment (AxMutation *m,
                                            const char *appointment_id,
                                            JsonObject *args,
                                            GError    **error);
void ax_conflicts_register_mutators (void);
void ax_breaches_register_mutators (void);

/* A ledger breach (ax-breaches.c): a replayed mutation took a course, a
 * wallet or a lot below zero (DESIGN.md §6: accepted, flagged for review).
 * Sets flagged on the entry (ledger_table: credit_ledger or
 * stock_movements) and opens a "ledger" conflict on subject_table/subject_id
 * (patient_packages, memberships or lots) whose id is derived from the
 * entry's; unit is "sessions", "amount" or "qty"; taken is what the entry
 * took, balance what it left. Marks the result "merged" and "breach". */
gboolean ax_ledger_flag_breach (AxMutation *m,
                                const char *ledger_table,
                                const char *entry_id,
                                const char *subject_table,
                                const char *subject_id,
                                const char *unit,
                                const char *name,
                                const char *patient_id,
                                gint64      taken,
                                gint64      balance,
                                GError    **error);
/* A booking moved to another time (appointment.move) no longer clashes: its
 * open booking conflicts are resolved ("moved", by this mutation's actor). */
gboolean ax_conflicts_settle_moved (AxMutation *m,
                                    const char *appointment_id,
                                    GError    **error);
void ax_receipts_register_mutators (void);
void ax_day_close_register_mutators (void);

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
/* Merges the clinic server's clock (unix ms) into the store's HLC and
 * persists it (in the caller's transaction, when there is one). A server
 * clock behind the desk's changes nothing. */
gboolean    ax_store_receive_hlc    (AxStore    *self,
                                     gint64      server_ms,
                                     GError    **error);
/* Sets the store's HLC back to wall_ms (the one time a clock may go back:
 * a desk whose clock was ahead, corrected; ax_store_sync_restamp). */
gboolean    ax_store_reset_hlc      (AxStore    *self,
                                     gint64      wall_ms,
                                     GError    **error);
/* The rebase's re-run of a waiting mutation (ax-sync-store.c): in a
 * savepoint of the caller's transaction, with its original stamp and time,
 * no outbox entry and no second audit entry; *changeset is what it wrote. */
JsonNode   *ax_store_mutate_replay  (AxStore    *self,
                                     AxActor    *actor,
                                     const char *name,
                                     JsonNode   *args,
                                     const char *hlc,
                                     gint64      now_ms,
                                     GBytes    **changeset,
                                     GError    **error);

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

/* The clinic's local date (YYYY-MM-DD) of an instant. */
void        ax_mutation_local_date  (AxMutation *m,
                                     gint64      at_ms,
                                     char        out[11]);

/* Stock for the till (ax-stock.c). One lot and what to take from it. */
typedef struct
{
  char   lot_id[37];
  gint64 qty;
} AxStockTake;

/* Plans taking qty of a product: from lot_id when given (refused when it is
 * not this product's, expired or short), else first-expiry-first-out over
 * the lots in stock that have not expired, possibly several. Appends
 * AxStockTake to takes. what names the line for messages. */
gboolean    ax_stock_plan_take      (AxMutation *m,
                                     const char *product_id,
                                     const char *product_name,
                                     const char *lot_id,
                                     gint64      qty,
                                     const char *what,
                                     GArray     *takes,
                                     GError    **error);
/* A lot id in obj[member] that the server folded into another lot of the
 * same number (lot_aliases) is replaced by that lot's id; any other value
 * is left as it is. FALSE only on a database error. */
gboolean    ax_stock_resolve_lot_member (AxMutation *m,
                                         JsonObject *obj,
                                         const char *member,
                                         GError    **error);
/* Appends a movement to the stock ledger (id: a fresh or derived UUID). */
gboolean    ax_stock_write_movement (AxMutation *m,
                                     const char *id,
                                     const char *product_id,
                                     const char *lot_id,
                                     gint64      qty,
                                     const char *kind,
                                     const char *reason,
                                     const char *sale_line_id,
                                     GError    **error);

G_END_DECLS
