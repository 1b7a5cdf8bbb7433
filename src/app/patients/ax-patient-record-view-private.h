/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ax-patient-record-view.h"

G_BEGIN_DECLS

/* Shared by ax-patient-record-view.c (loading and showing) and
 * ax-patient-record-actions.c (the changes: reveal, edit, vitals,
 * allergies, notes, tags). */
struct _AxPatientRecordView
{
  GtkWidget        parent_instance;

  AxContext       *context;
  char            *patient_id;
  AxPatientRecord *record;
  GCancellable    *cancellable;
  char            *revealed_phone;
  char            *revealed_national_id;

  AdwToastOverlay *toast_overlay;
  GtkStack        *stack;
  GtkSpinner      *spinner;
  AdwStatusPage   *error_page;
  GtkScrolledWindow *scroller;
  AdwViewStack    *tabs;
  GtkWidget       *tab_switcher;
  GPtrArray       *extra_tabs;        /* AxRecordTab, in table order */
  AdwAvatar       *avatar;
  GtkWidget       *identity_row;
  GtkLabel        *name_label;
  GtkLabel        *header_label;
  GtkWidget       *allergy_banner;
  GtkImage        *allergy_icon;
  GtkLabel        *allergy_label;
  GtkWidget       *allergies_group;   /* shown when there are allergies */
  GtkListBox      *allergies_list;
  AdwActionRow    *phone_row;
  GtkWidget       *reveal_phone_button;
  AdwActionRow    *national_id_row;
  GtkWidget       *reveal_national_id_button;
  AdwActionRow    *email_row;
  AdwActionRow    *birth_row;
  AdwActionRow    *address_row;
  AdwActionRow    *line_row;
  AdwActionRow    *emergency_row;
  AdwActionRow    *notes_row;
  AdwActionRow    *marketing_row;
  GtkListBox      *vitals_list;
  GtkListBox      *upcoming_list;
  GtkListBox      *plans_list;
  GtkWidget       *new_plan_button;
  GtkWidget       *enrol_button;
  GtkStack        *tags_stack;
  GtkFlowBox      *tags_box;
  AdwEntryRow     *tag_entry;
  GtkWidget       *notes_group;
  GtkListBox      *notes_list;
};

/* ax-patient-record-view.c */
void ax_patient_record_view_update_actions  (AxPatientRecordView *self);
void ax_patient_record_view_fill            (AxPatientRecordView *self);
void ax_patient_record_view_toast           (AxPatientRecordView *self,
                                             const char          *text);
/* Runs a mutator as the record's user (takes a reference on args). */
JsonNode *ax_patient_record_view_mutate     (AxPatientRecordView *self,
                                             const char          *name,
                                             JsonObject          *args,
                                             GError             **error);
/* A refusal as a toast; a stale change reloads the record first. */
void ax_patient_record_view_toast_error     (AxPatientRecordView *self,
                                             const GError        *error);
gboolean ax_patient_record_view_open_item   (AxPatientRecordView *self,
                                             const char          *tab_name,
                                             const char          *item_id);

/* Rows of the overview's lists (ax-patient-record-view.c). */
GtkWidget *ax_record_row_new  (const char *title,
                               const char *subtitle);
/* An icon that only decorates: assistive technologies skip it. */
GtkWidget *ax_record_icon_new (const char *icon_name);
GtkWidget *ax_record_tag_new  (const char *text,
                               const char *colour_class);

/* ax-patient-record-actions.c */
void ax_patient_record_view_install_actions (GtkWidgetClass      *widget_class);
/* Ctrl+1… for the tabs, Ctrl+Page Down/Up for the next and previous one. */
void ax_patient_record_view_add_tab_shortcuts (AxPatientRecordView *self);
void ax_patient_record_view_set_tags        (AxPatientRecordView *self,
                                             const char *const   *tags);
void ax_patient_record_view_add_tags_cb (AxPatientRecordView *self,
                                             AdwEntryRow         *entry);

/* ax-patient-record-plans.c: treatment plans, the vitals history, addenda */
void ax_patient_record_view_install_plan_actions (GtkWidgetClass      *widget_class);
void ax_patient_record_view_update_plan_actions  (AxPatientRecordView *self);

/* ax-patient-record-credits.c: courses and memberships in the plans list
 * (usage history, Renew/Pause/Resume/Cancel, ledger breaches) */
void ax_patient_record_view_fill_credits            (AxPatientRecordView *self,
                                                     GTimeZone           *tz);
void ax_patient_record_view_install_credit_actions  (GtkWidgetClass      *widget_class);
void ax_patient_record_view_update_credit_actions   (AxPatientRecordView *self);

G_END_DECLS
