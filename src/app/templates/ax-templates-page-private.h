/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ax-templates-page.h"

G_BEGIN_DECLS

struct _AxTemplatesPage
{
  GtkWidget       parent_instance;

  AxContext      *context;
  GCancellable   *cancellable;
  gboolean        loaded;
  gboolean        loading;
  AxTemplates    *templates;
  GHashTable     *switches;        /* template id → GtkSwitch (borrowed) */

  GtkWidget      *new_button;
  GtkStack       *stack;
  GtkSpinner     *spinner;
  AdwStatusPage  *error_page;
  AdwViewStack   *view_stack;
  GtkStack       *chart_stack;
  GtkLabel       *chart_count_label;
  GtkListBox     *chart_list;
  GtkStack       *consent_stack;
  GtkLabel       *consent_count_label;
  GtkListBox     *consent_list;
};

/* ax-templates-page.c; mutate takes args. */
JsonNode *ax_templates_page_mutate       (AxTemplatesPage *self,
                                          const char      *name,
                                          JsonObject      *args,
                                          GError         **error);
void      ax_templates_page_toast        (AxTemplatesPage *self,
                                          const char      *text);

/* ax-template-editors.c: the forms (AxFormDialog). tmpl NULL: a new one. */
void      ax_templates_page_edit_chart   (AxTemplatesPage       *self,
                                          const AxChartTemplate *tmpl);
void      ax_templates_page_edit_consent (AxTemplatesPage         *self,
                                          const AxConsentTemplate *tmpl);

G_END_DECLS
