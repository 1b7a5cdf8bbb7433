/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ax-context.h"
#include "ax-templates.h"

G_BEGIN_DECLS

#define AX_TYPE_TEMPLATES_PAGE (ax_templates_page_get_type ())
G_DECLARE_FINAL_TYPE (AxTemplatesPage, ax_templates_page, AX, TEMPLATES_PAGE, GtkWidget)

/* The Owner's Templates page (settings.edit; docs/charts.md and
 * docs/consents.md, "Templates page"): Chart Templates (a service and its
 * areas with default units) and Consent Templates (title, purpose and a
 * body with {{fields}}), each listed with whether it is in use. New
 * Template… and Edit… open a form; the switch on a row takes a template out
 * of use or back (never deleted). */
GtkWidget   *ax_templates_page_new            (AxContext       *context);
void         ax_templates_page_reload         (AxTemplatesPage *self);
/* For tests: "loading", "error" or "content". */
const char  *ax_templates_page_get_state      (AxTemplatesPage *self);
/* What the page shows (NULL until loaded). */
AxTemplates *ax_templates_page_get_templates  (AxTemplatesPage *self);
/* Shows "chart" or "consent". */
void         ax_templates_page_show_kind      (AxTemplatesPage *self,
                                               const char      *kind);
/* Opens the editor of a template (of the kind its id is found in). */
gboolean     ax_templates_page_edit           (AxTemplatesPage *self,
                                               const char      *id);
/* The switch of the template's row (NULL if not listed). */
GtkSwitch   *ax_templates_page_get_switch     (AxTemplatesPage *self,
                                               const char      *id);

G_END_DECLS
