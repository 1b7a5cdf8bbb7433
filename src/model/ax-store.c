/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-model"

#include "ax-store.h"
#include "ax-model-private.h"
#include "ax-model-error.h"
#include "ax-hlc.h"
#include "ax-uuid.h"

#include <glib/gi18n-lib.h>

struct _AxStore
{
  GObject       parent_instance;
  AxDb         *db;
  AxClinicInfo *clinic;
  GTimeZone    *tz;
  char         *device_id;
  AxHlc         hlc;
  gint64        fixed_now_ms;
  AxStoreEffectFunc effect_func;
  gpointer      effect_data;
};

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (AxStore, ax_store, G_TYPE_OBJECT)

static void
clinic_info_free (AxClinicInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->id);
  g_free (info->code);
  g_free (info->name);
  g_free (info->address);
  g_free (info->tax_id);
  g_free (info->currency);
  g_free (info->timezone);
  g_free (info->locale);
  g_free (info);
}

static void
register_mutators_once (void)
{
  static gsize done;

  if (g_once_init_enter (&done))
    {
      ax_users_register_mutators ();
      ax_catalogue_register_mutators ();
      ax_patients_register_mutators ();
      ax_conflicts_register_mutators ();
      ax_breaches_register_mutators ();
      ax_patient_record_register_mutators ();
      ax_treatment_plans_register_mutators ();
      ax_appointments_register_mutators ();
      ax_ics_export_register_mutators ();
      ax_photos_register_mutators ();
      ax_overlays_register_mutators ();
      ax_consents_register_mutators ();
      ax_stock_register_mutators ();
      ax_sales_register_mutators ();
      ax_charts_register_mutators ();
      ax_commissions_register_mutators ();
      ax_credits_register_mutators ();
      ax_receipts_register_mutators ();
      ax_day_close_register_mutators ();
      g_once_init_leave (&done, 1);
    }
}

void
ax_store_reload_clinic (AxStore *self)
{
  sqlite3_stmt *stmt;

  g_clear_pointer (&self->clinic, clinic_info_free);
  g_clear_pointer (&self->tz, g_time_zone_unref);

  stmt = ax_db_prepare (self->db,
                        "SELECT id, name, address, tax_id, currency, timezone, locale, "
                        "       vat_rate_bp, prices_include_tax, code "
                        "  FROM clinics WHERE deleted_at IS NULL ORDER BY created_at LIMIT 1",
                        NULL);
  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    {
      AxClinicInfo *c = g_new0 (AxClinicInfo, 1);

      c->id = ax_db_column_dup (stmt, 0);
      c->name = ax_db_column_dup (stmt, 1);
      c->address = ax_db_column_dup (stmt, 2);
      c->tax_id = ax_db_column_dup (stmt, 3);
      c->currency = ax_db_column_dup (stmt, 4);
      c->timezone = ax_db_column_dup (stmt, 5);
      c->locale = ax_db_column_dup (stmt, 6);
      c->vat_rate_bp = sqlite3_column_int (stmt, 7);
      c->prices_include_tax = sqlite3_column_int (stmt, 8) != 0;
      c->code = ax_db_column_dup (stmt, 9);
      self->clinic = c;
      self->tz = g_time_zone_new_identifier (c->timezone);
    }
  if (stmt != NULL)
    sqlite3_reset (stmt);
  if (self->tz == NULL)
    self->tz = g_time_zone_new_local ();
}

static gboolean
load_device_state (AxStore *self,
                   GError **error)
{
  g_autofree char *hlc_text = NULL;

  self->device_id = ax_db_get_state (self->db, "device_id");
  if (self->device_id == NULL)
    {
      self->device_id = ax_uuid_v7_new ();
      if (!ax_db_set_state (self->db, "device_id", self->device_id, error))
        return FALSE;
    }

  /* The clock's node is this device; its last stamp survives restarts so
   * it never goes back, whatever the wall clock does. */
  ax_hlc_init (&self->hlc, self->device_id + 24);
  hlc_text = ax_db_get_state (self->db, "hlc");
  if (hlc_text != NULL && !ax_hlc_parse (hlc_text, &self->hlc, NULL))
    g_warning ("Ignoring an unreadable clock stamp “%s” in the store", hlc_text);
  return TRUE;
}

static void
ax_store_finalize (GObject *object)
{
  AxStore *self = AX_STORE (object);

  g_clear_object (&self->db);
  g_clear_pointer (&self->clinic, clinic_info_free);
  g_clear_pointer (&self->tz, g_time_zone_unref);
  g_free (self->device_id);
  G_OBJECT_CLASS (ax_store_parent_class)->finalize (object);
}

static void
ax_store_class_init (AxStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ax_store_finalize;

  /**
   * AxStore::changed:
   * @name: the mutator that changed the store
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  register_mutators_once ();
}

static void
ax_store_init (AxStore *self)
{
  const char *fake = g_getenv ("AX_FAKE_NOW_MS");

  if (fake != NULL)
    self->fixed_now_ms = g_ascii_strtoll (fake, NULL, 10);
}

AxStore *
ax_store_open (const char *path,
               GError    **error)
{
  g_autoptr (AxStore) self = g_object_new (AX_TYPE_STORE, NULL);

  self->db = ax_db_open (path, error);
  if (self->db == NULL)
    return NULL;
  if (!load_device_state (self, error))
    return NULL;
  ax_store_reload_clinic (self);
  return g_steal_pointer (&self);
}

AxDb *
ax_store_get_db (AxStore *self)
{
  return self->db;
}

const char *
ax_store_get_path (AxStore *self)
{
  return ax_db_get_path (self->db);
}

const AxClinicInfo *
ax_store_get_clinic (AxStore *self)
{
  return self->clinic;
}

const char *
ax_store_get_clinic_id (AxStore *self)
{
  return self->clinic ? self->clinic->id : NULL;
}

const char *
ax_store_get_device_id (AxStore *self)
{
  return self->device_id;
}

GTimeZone *
ax_store_get_timezone (AxStore *self)
{
  return self->tz;
}

gint64
ax_store_now_ms (AxStore *self)
{
  return self->fixed_now_ms > 0 ? self->fixed_now_ms : g_get_real_time () / 1000;
}

void
ax_store_set_now (AxStore *self,
                  gint64   now_ms)
{
  self->fixed_now_ms = now_ms;
}

void
ax_store_set_effect_func (AxStore           *self,
                          AxStoreEffectFunc  func,
                          gpointer           data)
{
  self->effect_func = func;
  self->effect_data = data;
}

AxStoreEffectFunc
ax_store_get_effect_func (AxStore  *self,
                          gpointer *data)
{
  if (data != NULL)
    *data = self->effect_data;
  return self->effect_func;
}

gpointer
ax_store_get_effect_data (AxStore *self)
{
  return self->effect_data;
}

void
ax_store_tick_hlc (AxStore *self,
                   char     out[36])
{
  ax_hlc_tick (&self->hlc, ax_store_now_ms (self));
  ax_hlc_format (&self->hlc, out);
}

gboolean
ax_store_receive_hlc (AxStore *self,
                      gint64   server_ms,
                      GError **error)
{
  AxHlc remote = { 0 };
  char text[AX_HLC_STRLEN];

  remote.wall_ms = server_ms;
  g_strlcpy (remote.node, "server", sizeof remote.node);
  /* A server far ahead is trusted all the same: it is the clinic's clock. */
  if (!ax_hlc_receive (&self->hlc, &remote, ax_store_now_ms (self), 0, error))
    return FALSE;
  ax_hlc_format (&self->hlc, text);
  return ax_db_set_state (self->db, "hlc", text, error);
}

gboolean
ax_store_reset_hlc (AxStore *self,
                    gint64   wall_ms,
                    GError **error)
{
  char text[AX_HLC_STRLEN];

  self->hlc.wall_ms = wall_ms;
  self->hlc.logical = 0;
  ax_hlc_format (&self->hlc, text);
  return ax_db_set_state (self->db, "hlc", text, error);
}

void
ax_store_emit_changed (AxStore    *self,
                       const char *what)
{
  g_signal_emit (self, signals[CHANGED], 0, what);
}

typedef struct
{
  char            *path;
  AxStoreReadFunc  read;
  gpointer         data;
  GDestroyNotify   data_free;
  GDestroyNotify   result_free;
} ReadJob;

static void
read_job_free (ReadJob *job)
{
  g_free (job->path);
  if (job->data_free != NULL)
    job->data_free (job->data);
  g_free (job);
}

static void
read_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ReadJob *job = task_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (AxDb) db = ax_db_open_reader (job->path, &error);
  gpointer result = db != NULL ? job->read (db, job->data, &error) : NULL;

  if (result == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, result, job->result_free);
}

void
ax_store_read_async (AxStore             *self,
                     AxStoreReadFunc      read,
                     gpointer             data,
                     GDestroyNotify       data_free,
                     GDestroyNotify       result_free,
                     gpointer             source_tag,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);
  ReadJob *job = g_new0 (ReadJob, 1);

  g_task_set_source_tag (task, source_tag);
  job->path = g_strdup (ax_store_get_path (self));
  job->read = read;
  job->data = data;
  job->data_free = data_free;
  job->result_free = result_free;
  g_task_set_task_data (task, job, (GDestroyNotify) read_job_free);
  g_task_run_in_thread (task, read_thread);
}

gpointer
ax_store_read_finish (AxStore      *self,
                      GAsyncResult *result,
                      gpointer      source_tag,
                      GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
