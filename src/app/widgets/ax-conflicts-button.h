/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ax-context.h"
#include "ax-conflicts.h"

G_BEGIN_DECLS

#define AX_TYPE_CONFLICTS_BUTTON (ax_conflicts_button_get_type ())
G_DECLARE_FINAL_TYPE (AxConflictsButton, ax_conflicts_button, AX, CONFLICTS_BUTTON, GtkWidget)

/* The header's conflicts badge ("2 conflicts"; hidden when there are none)
 * opening the list of what sync could not settle alone: for a field, the
 * value before, mine (the change not applied) and theirs (the one kept),
 * with Keep Mine / Keep Theirs / Edit… (a dialog for a third value); for a
 * clashing booking, the clash with Rebook… (the calendar at the
 * appointment, to move it) / Keep Booking / Cancel Booking. Each choice is a
 * new mutation. Follows the store. When a pull brings a clash for a booking
 * made on this desk, a toast in the window's AdwToastOverlay says so once,
 * its Show opening the list. */
GtkWidget *ax_conflicts_button_new       (AxContext         *context);
/* The open conflicts shown (tests); 0 before the first read. */
guint      ax_conflicts_button_get_count (AxConflictsButton *self);
/* Rebooking toasts shown so far (tests). */
guint      ax_conflicts_button_get_toasts (AxConflictsButton *self);

/* "first name" for first_name (pure; tests). */
char      *ax_conflicts_field_label      (const char *field);
/* A conflict value (JSON) for a person: text as is, "(empty)" for null. */
char      *ax_conflicts_value_label      (const char *json);
/* A ledger breach (kind "ledger"): its title ("Over-redeemed: Facial x5",
 * "Stock below zero: Sunscreen · S-LATE") and in detail the balance it left
 * (pure; tests). Its row offers Acknowledge (breach.acknowledge). */
char      *ax_conflicts_breach_text      (const AxConflict *conflict,
                                          const char       *currency,
                                          char            **detail);

G_END_DECLS
