/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-model"

#include "ax-templates.h"

void
ax_templates_free (AxTemplates *templates)
{
  if (templates == NULL)
    return;
  g_clear_pointer (&templates->chart_templates, g_ptr_array_unref);
  g_clear_pointer (&templates->consent_templates, g_ptr_array_unref);
  g_clear_pointer (&templates->services, g_ptr_array_unref);
  g_free (templates);
}

AxTemplates *
ax_templates_query (AxDb    *db,
                    GError **error)
{
  g_autoptr (AxTemplates) t = g_new0 (AxTemplates, 1);
  gboolean began;

  if (!ax_db_begin_read (db, &began, error))
    return NULL;
  t->chart_templates = ax_chart_templates_query (db, error);
  if (t->chart_templates != NULL)
    t->consent_templates = ax_consent_templates_query (db, FALSE, error);
  if (t->consent_templates != NULL)
    t->services = ax_calendar_list_services (db, error);
  ax_db_end_read (db, began);
  if (t->services == NULL)
    return NULL;
  return g_steal_pointer (&t);
}

static gpointer
templates_read (AxDb     *db,
                gpointer  data,
                GError  **error)
{
  return ax_templates_query (db, error);
}

void
ax_templates_query_async (AxStore             *store,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  ax_store_read_async (store, templates_read, NULL, NULL, (GDestroyNotify) ax_templates_free,
                       ax_templates_query_async, cancellable, callback, user_data);
}

AxTemplates *
ax_templates_query_finish (AxStore      *store,
                           GAsyncResult *result,
                           GError      **error)
{
  return ax_store_read_finish (store, result, ax_templates_query_async, error);
}
