/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

#include "ax-commission-worker.h"

#include "ax-commissions.h"

/* A sale's burst of changes (checkout, then maybe a refund) is looked at once. */
#define DELAY_MS 300

struct _AxCommissionWorker
{
  GObject       parent_instance;
  AxContext    *context;
  GCancellable *cancellable;
  GPtrArray    *queue;       /* AxCommissionStale still to compute */
  guint         delay_id;
  guint         idle_id;
  gboolean      looking;
  gboolean      again;       /* changed while looking: look once more */
};

G_DEFINE_FINAL_TYPE (AxCommissionWorker, ax_commission_worker, G_TYPE_OBJECT)

static void look (AxCommissionWorker *self);

static gboolean
can_compute (AxCommissionWorker *self)
{
  return ax_context_get_clinic (self->context) != NULL
         && ax_context_can (self->context, AX_PERM_POS_SELL);
}

static gboolean
compute_next (gpointer data)
{
  AxCommissionWorker *self = data;
  g_autoptr (AxCommissionStale) next = NULL;
  g_autoptr (JsonObject) args = NULL;
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (JsonNode) result = NULL;
  g_autoptr (GError) error = NULL;

  if (self->queue->len == 0 || !can_compute (self))
    {
      g_ptr_array_set_size (self->queue, 0);
      self->idle_id = 0;
      return G_SOURCE_REMOVE;
    }
  next = g_ptr_array_steal_index (self->queue, 0);
  args = json_object_new ();
  json_object_set_string_member (args, "provider_id", next->provider_id);
  json_object_set_string_member (args, "period", next->period);
  node = json_node_init_object (json_node_alloc (), args);
  result = ax_store_mutate (ax_context_get_store (self->context),
                            ax_context_get_actor (self->context), "commission.compute", node, &error);
  if (result == NULL)
    g_warning ("Could not compute the commissions of %s for %s: %s", next->provider_id,
               next->period, error->message);
  if (self->queue->len > 0)
    return G_SOURCE_CONTINUE;
  self->idle_id = 0;
  return G_SOURCE_REMOVE;
}

static void
stale_done (GObject      *source,
            GAsyncResult *res,
            gpointer      data)
{
  g_autoptr (AxCommissionWorker) self = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) stale = ax_commission_stale_finish (AX_STORE (source), res, &error);

  self->looking = FALSE;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (stale == NULL)
    g_warning ("Could not look for commissions to compute: %s", error->message);
  else
    for (guint i = 0; i < stale->len; i++)
      g_ptr_array_add (self->queue, g_steal_pointer (&stale->pdata[i]));
  if (self->queue->len > 0 && self->idle_id == 0)
    self->idle_id = g_idle_add_full (G_PRIORITY_LOW, compute_next, self, NULL);
  if (self->again)
    {
      self->again = FALSE;
      ax_commission_worker_schedule (self);
    }
}

static void
look (AxCommissionWorker *self)
{
  AxStore *store = ax_context_get_store (self->context);
  g_autoptr (GDateTime) utc = NULL;
  g_autoptr (GDateTime) now = NULL;
  g_autoptr (GDateTime) month = NULL;
  g_autoptr (GDateTime) previous = NULL;
  g_autofree char *this_period = NULL;
  g_autofree char *last_period = NULL;

  if (!can_compute (self))
    return;
  if (self->looking)
    {
      self->again = TRUE;
      return;
    }
  utc = g_date_time_new_from_unix_utc (ax_store_now_ms (store) / 1000);
  now = g_date_time_to_timezone (utc, ax_store_get_timezone (store));
  month = g_date_time_new (ax_store_get_timezone (store), g_date_time_get_year (now),
                           g_date_time_get_month (now), 1, 0, 0, 0);
  previous = g_date_time_add_months (month, -1);
  this_period = g_date_time_format (month, "%Y-%m");
  last_period = g_date_time_format (previous, "%Y-%m");
  self->looking = TRUE;
  ax_commission_stale_async (store, (const char *const[]) { this_period, last_period, NULL },
                             g_date_time_to_unix (previous) * 1000, self->cancellable, stale_done,
                             g_object_ref (self));
}

static gboolean
delay_done (gpointer data)
{
  AxCommissionWorker *self = data;

  self->delay_id = 0;
  look (self);
  return G_SOURCE_REMOVE;
}

void
ax_commission_worker_schedule (AxCommissionWorker *self)
{
  g_return_if_fail (AX_IS_COMMISSION_WORKER (self));

  if (self->delay_id == 0)
    self->delay_id = g_timeout_add (DELAY_MS, delay_done, self);
}

gboolean
ax_commission_worker_is_busy (AxCommissionWorker *self)
{
  g_return_val_if_fail (AX_IS_COMMISSION_WORKER (self), FALSE);

  return self->delay_id != 0 || self->looking || self->idle_id != 0 || self->queue->len > 0;
}

static void
store_changed_cb (AxStore            *store,
               const char         *what,
               AxCommissionWorker *self)
{
  static const char *const triggers[] = {
    "sale.checkout", "sale.refund", "sale.void", "commission_rule.create", "commission_rule.update",
    "commission_rule.deactivate", NULL,
  };

  if (what != NULL && g_strv_contains (triggers, what))
    ax_commission_worker_schedule (self);
}

/* Someone logged in: catch up with what came while nobody was (sync). */
static void
actor_changed_cb (AxContext          *context,
               GParamSpec         *pspec,
               AxCommissionWorker *self)
{
  if (ax_context_get_actor (context) != NULL)
    ax_commission_worker_schedule (self);
}

static void
ax_commission_worker_dispose (GObject *object)
{
  AxCommissionWorker *self = AX_COMMISSION_WORKER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->delay_id, g_source_remove);
  g_clear_handle_id (&self->idle_id, g_source_remove);
  g_clear_object (&self->context);
  G_OBJECT_CLASS (ax_commission_worker_parent_class)->dispose (object);
}

static void
ax_commission_worker_finalize (GObject *object)
{
  AxCommissionWorker *self = AX_COMMISSION_WORKER (object);

  g_clear_object (&self->cancellable);
  g_ptr_array_unref (self->queue);
  G_OBJECT_CLASS (ax_commission_worker_parent_class)->finalize (object);
}

static void
ax_commission_worker_class_init (AxCommissionWorkerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ax_commission_worker_dispose;
  object_class->finalize = ax_commission_worker_finalize;
}

static void
ax_commission_worker_init (AxCommissionWorker *self)
{
  self->cancellable = g_cancellable_new ();
  self->queue = g_ptr_array_new_with_free_func ((GDestroyNotify) ax_commission_stale_free);
}

AxCommissionWorker *
ax_commission_worker_new (AxContext *context)
{
  AxCommissionWorker *self;

  g_return_val_if_fail (AX_IS_CONTEXT (context), NULL);

  self = g_object_new (AX_TYPE_COMMISSION_WORKER, NULL);
  self->context = g_object_ref (context);
  g_signal_connect_object (ax_context_get_store (context), "changed", G_CALLBACK (store_changed_cb),
                           self, G_CONNECT_DEFAULT);
  g_signal_connect_object (context, "notify::actor", G_CALLBACK (actor_changed_cb), self,
                           G_CONNECT_DEFAULT);
  return self;
}
