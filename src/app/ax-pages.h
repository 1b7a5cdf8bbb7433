/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ax-context.h"

G_BEGIN_DECLS

typedef GtkWidget *(*AxPageNewFunc) (AxContext *context);

/* One page of the main shell: a row of the sidebar and a child of the
 * content stack. A role sees a page only when it holds `permission`. */
typedef struct
{
  const char    *id;          /* stable: "dashboard"; kept in the last-page setting */
  const char    *title;       /* untranslated (N_); ax_page_info_get_title() translates */
  const char    *icon_name;
  AxPermission   permission;
  AxPageNewFunc  new_page;
} AxPageInfo;

/* Every page there is, in sidebar order. */
const AxPageInfo *ax_pages_get_all         (gsize        *n_pages);
/* The pages role may see, in sidebar order (borrowed AxPageInfo pointers). */
GPtrArray        *ax_pages_for_role        (AxRole        role);
const AxPageInfo *ax_pages_lookup          (const char   *id);
const char       *ax_page_info_get_title   (const AxPageInfo *info);

/* A page's keyboard shortcuts: each trigger (gtk_shortcut_trigger_parse_string
 * syntax, "F5|<Control>r") activates the named action. Managed by the window,
 * so they work wherever the focus is while the page is shown. Returns the
 * controller (owned by page), e.g. to set its propagation phase. */
typedef struct
{
  const char *trigger;
  const char *action;
} AxPageShortcut;

GtkEventController *ax_page_add_shortcuts  (GtkWidget            *page,
                                            const AxPageShortcut *keys,
                                            gsize                 n_keys);

G_END_DECLS
