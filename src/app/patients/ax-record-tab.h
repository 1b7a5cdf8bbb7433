/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ax-context.h"

G_BEGIN_DECLS

/* A tab of the patient record beside the overview (timeline, charts,
 * photos, consents…). The record view tells each tab which patient is
 * open; a tab loads what it shows itself, off the main thread, and
 * follows the store's "changed" signal on its own.
 *
 * Anything inside the record view can open an item of another tab with
 * the action record.open-item (ss): the tab's name and the item's id. */
#define AX_TYPE_RECORD_TAB (ax_record_tab_get_type ())
G_DECLARE_INTERFACE (AxRecordTab, ax_record_tab, AX, RECORD_TAB, GtkWidget)

struct _AxRecordTabInterface
{
  GTypeInterface parent_iface;

  /* patient_id is NULL when no patient is open. */
  void     (*show_patient) (AxRecordTab *self,
                            const char  *patient_id);
  /* Opens one item of the open patient (a chart, a photo…) by its id;
   * FALSE if the tab has no such item. Optional. */
  gboolean (*open_item)    (AxRecordTab *self,
                            const char  *item_id);
};

void     ax_record_tab_show_patient (AxRecordTab *self,
                                     const char  *patient_id);
gboolean ax_record_tab_open_item    (AxRecordTab *self,
                                     const char  *item_id);

/* One row of the tab table (ax-record-tabs.c). */
typedef struct
{
  const char *name;         /* the AdwViewStack page name */
  const char *title;        /* N_() marked */
  const char *icon_name;
  AxPermission permission;  /* the tab is shown to roles that have it */
  GtkWidget *(*new_tab) (AxContext *context);
} AxRecordTabInfo;

const AxRecordTabInfo *ax_record_tabs_get_all (gsize *n_tabs);

G_END_DECLS
