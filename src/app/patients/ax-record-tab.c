/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

#include "ax-record-tab.h"

G_DEFINE_INTERFACE (AxRecordTab, ax_record_tab, GTK_TYPE_WIDGET)

static void
ax_record_tab_default_init (AxRecordTabInterface *iface)
{
}

void
ax_record_tab_show_patient (AxRecordTab *self,
                            const char  *patient_id)
{
  AxRecordTabInterface *iface;

  g_return_if_fail (AX_IS_RECORD_TAB (self));

  iface = AX_RECORD_TAB_GET_IFACE (self);
  if (iface->show_patient != NULL)
    iface->show_patient (self, patient_id);
}

gboolean
ax_record_tab_open_item (AxRecordTab *self,
                         const char  *item_id)
{
  AxRecordTabInterface *iface;

  g_return_val_if_fail (AX_IS_RECORD_TAB (self), FALSE);

  iface = AX_RECORD_TAB_GET_IFACE (self);
  return iface->open_item != NULL && iface->open_item (self, item_id);
}
