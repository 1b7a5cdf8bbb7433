/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ax-chart-editor.h"

G_BEGIN_DECLS

struct _AxChartEditor
{
  GtkWidget        parent_instance;

  AxContext       *context;
  GCancellable    *cancellable;     /* the read on its way */
  char            *chart_id;
  AxChart         *chart;

  AdwToastOverlay *toast_overlay;
  GtkStack        *stack;
  AdwStatusPage   *error_page;
  GtkLabel        *title_label;
  GtkLabel        *status_label;
  GtkLabel        *facts_label;
  GtkLabel        *amends_label;
  GtkWidget       *locked_box;
  GtkLabel        *locked_label;
  GtkWidget       *submit_button;
  GtkWidget       *sign_button;
  GtkWidget       *amend_button;
  GtkWidget       *add_entry_button;
  GtkListBox      *entries_list;
  GtkWidget       *face_chart_slot;
  GtkWidget       *face;            /* AxChartFace, in face_chart_slot */
  GtkTextView     *notes_view;
  GtkTextView     *aftercare_view;
  GtkWidget       *save_notes_button;
  GtkLabel        *hash_label;
};

/* ax-chart-editor.c */
void       ax_chart_editor_toast         (AxChartEditor *self,
                                          const char    *text);
void       ax_chart_editor_toast_error   (AxChartEditor *self,
                                          const GError  *error);
JsonNode  *ax_chart_editor_mutate        (AxChartEditor *self,
                                          const char    *name,
                                          JsonObject    *args,
                                          GError       **error);
void       ax_chart_editor_reload        (AxChartEditor *self);

/* ax-chart-editor-dialogs.c: the actions that open a dialog. */
void       ax_chart_editor_entry_dialog  (AxChartEditor *self,
                                          const char    *entry_id);
void       ax_chart_editor_sign_dialog   (AxChartEditor *self);
void       ax_chart_editor_return_dialog (AxChartEditor *self);

G_END_DECLS
