/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define AX_TYPE_FORM_DIALOG (ax_form_dialog_get_type ())
G_DECLARE_FINAL_TYPE (AxFormDialog, ax_form_dialog, AX, FORM_DIALOG, AdwWindow)

/* A modal form: a header bar with Cancel and the form's action, groups of
 * rows, and an error under each field. Fields are named by the key of the
 * mutator argument they hold, so that a model error that names the field
 * ("patient.create: “birth_date” must be a date like 1990-04-25…") shows
 * under it, in the words of the field's title ("Date of birth must be a
 * date like…"); an error that names no field shows at the top.
 *
 * ::submit — the action was activated (its button, Enter in a field);
 * the handler validates, mutates, and closes the dialog or shows errors.
 * Escape or Cancel closes it. */
AxFormDialog        *ax_form_dialog_new           (GtkWidget           *parent,
                                                   const char          *title,
                                                   const char          *submit_label);
AdwPreferencesGroup *ax_form_dialog_add_group     (AxFormDialog        *self,
                                                   const char          *title,
                                                   const char          *description);
/* An AdwEntryRow titled title holding text (may be NULL), added as key. */
GtkWidget           *ax_form_dialog_add_entry     (AxFormDialog        *self,
                                                   AdwPreferencesGroup *group,
                                                   const char          *key,
                                                   const char          *title,
                                                   const char          *text);
/* Any row (combo, switch, …) as key; title is what errors call it. */
void                 ax_form_dialog_add_field     (AxFormDialog        *self,
                                                   AdwPreferencesGroup *group,
                                                   const char          *key,
                                                   const char          *title,
                                                   GtkWidget           *row);
GtkWidget           *ax_form_dialog_get_field     (AxFormDialog        *self,
                                                   const char          *key);
/* The text of an entry field, trimmed ("" when empty or not an entry). */
char                *ax_form_dialog_get_text      (AxFormDialog        *self,
                                                   const char          *key);
/* Shows message under the field key, or at the top when key is NULL or
 * unknown; the field gets the focus. */
void                 ax_form_dialog_set_error     (AxFormDialog        *self,
                                                   const char          *key,
                                                   const char          *message);
/* Places a model error under the field it names (or at the top). Returns
 * the key of that field, or NULL. */
const char          *ax_form_dialog_show_error    (AxFormDialog        *self,
                                                   const GError        *error);
/* The error shown under field key ("" for the one at the top), or NULL. */
const char          *ax_form_dialog_get_error     (AxFormDialog        *self,
                                                   const char          *key);
void                 ax_form_dialog_clear_errors  (AxFormDialog        *self);
/* While busy (a check or a mutation on its way) the action is insensitive. */
void                 ax_form_dialog_set_busy      (AxFormDialog        *self,
                                                   gboolean             busy);

/* Pure helpers, also for tests. */

/* The message without its mutator prefix ("patient.create: "). */
char                *ax_form_error_text           (const char          *message);
/* A model error about field key as a person reads it under the field
 * titled title: "patient.create: “birth_date” must be a date like…" →
 * "Date of birth must be a date like…"; "…: “pulse_bpm”: a pulse of 300…" →
 * "A pulse of 300…". NULL when message does not name the field. */
char                *ax_form_error_for_field      (const char          *message,
                                                   const char          *key,
                                                   const char          *title);

G_END_DECLS
