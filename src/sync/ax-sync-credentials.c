/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-sync"

#include "ax-sync-credentials.h"

#include <glib/gi18n-lib.h>

G_DEFINE_QUARK (ax-sync-credentials-error-quark, ax_sync_credentials_error)

const SecretSchema *
ax_sync_credentials_get_schema (void)
{
  static const SecretSchema schema = {
    "org.aesthetix.Aesthetix.Sync", SECRET_SCHEMA_NONE,
    {
      { "clinic", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "device", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

typedef enum
{
  OP_STORE,
  OP_LOOKUP,
  OP_CLEAR,
} OpKind;

/* One call: up to two steps (one per kind), run one after the other, and a
 * deadline. The task is returned once: by the last step, the first failure
 * or the deadline, whichever comes first; a step answering after that is
 * dropped. */
typedef struct
{
  OpKind        kind;
  char         *clinic_id;
  char         *device_id;
  char         *user_id;      /* whose refresh token (NULL: the device secret only) */
  char         *label;
  const char   *kinds[2];
  char         *secrets[2];   /* to store, or found */
  guint         n_steps;
  guint         step;
  guint         timeout_ms;
  GCancellable *inner;        /* cancels libsecret's call at the deadline */
  GCancellable *outer;
  gulong        outer_id;
  guint         timeout_id;
  gboolean      finished;
} Op;

static void
op_free (Op *op)
{
  if (op->outer_id != 0)
    g_cancellable_disconnect (op->outer, op->outer_id);
  g_clear_object (&op->outer);
  g_clear_object (&op->inner);
  g_free (op->clinic_id);
  g_free (op->device_id);
  g_free (op->user_id);
  g_free (op->label);
  for (guint i = 0; i < G_N_ELEMENTS (op->secrets); i++)
    g_clear_pointer (&op->secrets[i], secret_password_free);
  g_free (op);
}

static void run_step (GTask *task);

static void
finish (GTask  *task,
        GError *error)
{
  Op *op = g_task_get_task_data (task);

  if (op->finished)
    {
      g_clear_error (&error);
      return;
    }
  op->finished = TRUE;
  g_clear_handle_id (&op->timeout_id, g_source_remove);
  g_cancellable_cancel (op->inner);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static GError *
unavailable (const GError *cause)
{
  return g_error_new (AX_SYNC_CREDENTIALS_ERROR, AX_SYNC_CREDENTIALS_ERROR_UNAVAILABLE,
                      _("No keyring is available (%s)"), cause->message);
}

static void
step_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  Op *op = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  char *found = NULL;

  switch (op->kind)
    {
    case OP_STORE:
      secret_password_store_finish (result, &error);
      break;
    case OP_LOOKUP:
      found = secret_password_lookup_finish (result, &error);
      break;
    case OP_CLEAR:
      secret_password_clear_finish (result, &error);
      break;
    }
  if (op->finished)
    {
      g_clear_pointer (&found, secret_password_free);
      return;
    }
  if (error != NULL)
    {
      if (g_cancellable_is_cancelled (op->outer))
        finish (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled")));
      else
        finish (task, unavailable (error));
      return;
    }
  if (op->kind == OP_LOOKUP)
    op->secrets[op->step] = found;
  op->step++;
  if (op->step < op->n_steps)
    run_step (task);
  else
    finish (task, NULL);
}

/* The step's item: clinic, device and kind, and a refresh token's user. */
static GHashTable *
step_attributes (Op   *op,
                 guint i)
{
  GHashTable *attributes = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (attributes, "clinic", op->clinic_id);
  g_hash_table_insert (attributes, "device", op->device_id);
  if (op->kind == OP_CLEAR)
    return attributes;
  g_hash_table_insert (attributes, "kind", (char *) op->kinds[i]);
  if (g_strcmp0 (op->kinds[i], AX_SYNC_SECRET_REFRESH) == 0 && op->user_id != NULL)
    g_hash_table_insert (attributes, "user", op->user_id);
  return attributes;
}

static void
run_step (GTask *task)
{
  Op *op = g_task_get_task_data (task);
  const SecretSchema *schema = ax_sync_credentials_get_schema ();
  guint i = op->step;
  g_autoptr (GHashTable) attributes = step_attributes (op, i);

  switch (op->kind)
    {
    case OP_STORE:
      secret_password_storev (schema, attributes, SECRET_COLLECTION_DEFAULT, op->label, op->secrets[i],
                              op->inner, step_done_cb, g_object_ref (task));
      break;
    case OP_LOOKUP:
      secret_password_lookupv (schema, attributes, op->inner, step_done_cb, g_object_ref (task));
      break;
    case OP_CLEAR:
      secret_password_clearv (schema, attributes, op->inner, step_done_cb, g_object_ref (task));
      break;
    }
}

static gboolean
deadline_cb (gpointer user_data)
{
  GTask *task = user_data;
  Op *op = g_task_get_task_data (task);

  op->timeout_id = 0;
  finish (task, g_error_new (AX_SYNC_CREDENTIALS_ERROR, AX_SYNC_CREDENTIALS_ERROR_UNAVAILABLE,
                             _("No keyring is available (it did not answer within %u s)"),
                             MAX (1, op->timeout_ms / 1000)));
  return G_SOURCE_REMOVE;
}

static void
outer_cancelled_cb (GCancellable *outer,
                    GCancellable *inner)
{
  g_cancellable_cancel (inner);
}

/* Runs op (its steps already set) for a new task. */
static void
start (Op                  *op,
       OpKind               kind,
       const char          *clinic_id,
       const char          *device_id,
       guint                timeout_ms,
       GCancellable        *cancellable,
       GAsyncReadyCallback  callback,
       gpointer             user_data,
       gpointer             source_tag)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  op->kind = kind;
  op->clinic_id = g_strdup (clinic_id);
  op->device_id = g_strdup (device_id);
  op->timeout_ms = MAX (timeout_ms, 1);
  op->inner = g_cancellable_new ();
  if (cancellable != NULL)
    {
      op->outer = g_object_ref (cancellable);
      op->outer_id = g_cancellable_connect (cancellable, G_CALLBACK (outer_cancelled_cb),
                                            op->inner, NULL);
    }
  g_task_set_task_data (task, op, (GDestroyNotify) op_free);

  if (clinic_id == NULL || device_id == NULL)
    {
      finish (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                         _("The desk is not paired")));
      return;
    }
  if (op->n_steps == 0)
    {
      finish (task, NULL);
      return;
    }
  op->timeout_id = g_timeout_add_full (G_PRIORITY_DEFAULT, op->timeout_ms, deadline_cb,
                                       g_object_ref (task), g_object_unref);
  g_source_set_name_by_id (op->timeout_id, "[aesthetix] keyring deadline");
  run_step (task);
}

void
ax_sync_credentials_store_async (const char          *clinic_id,
                                 const char          *device_id,
                                 const char          *user_id,
                                 const char          *label,
                                 const char          *device_secret,
                                 const char          *refresh_token,
                                 guint                timeout_ms,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  Op *op = g_new0 (Op, 1);

  if (device_secret != NULL)
    {
      op->kinds[op->n_steps] = AX_SYNC_SECRET_DEVICE;
      op->secrets[op->n_steps++] = g_strdup (device_secret);
    }
  if (refresh_token != NULL)
    {
      op->kinds[op->n_steps] = AX_SYNC_SECRET_REFRESH;
      op->secrets[op->n_steps++] = g_strdup (refresh_token);
    }
  op->label = g_strdup (label ? label : "Aesthetix");
  op->user_id = g_strdup (user_id);
  start (op, OP_STORE, clinic_id, device_id, timeout_ms, cancellable, callback, user_data,
         ax_sync_credentials_store_async);
}

gboolean
ax_sync_credentials_store_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
ax_sync_credentials_lookup_async (const char          *clinic_id,
                                  const char          *device_id,
                                  const char          *user_id,
                                  guint                timeout_ms,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  Op *op = g_new0 (Op, 1);

  op->kinds[0] = AX_SYNC_SECRET_DEVICE;
  op->kinds[1] = AX_SYNC_SECRET_REFRESH;
  op->n_steps = user_id != NULL ? 2 : 1;
  op->user_id = g_strdup (user_id);
  start (op, OP_LOOKUP, clinic_id, device_id, timeout_ms, cancellable, callback, user_data,
         ax_sync_credentials_lookup_async);
}

gboolean
ax_sync_credentials_lookup_finish (GAsyncResult  *result,
                                   char         **device_secret,
                                   char         **refresh_token,
                                   GError       **error)
{
  Op *op;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  if (device_secret != NULL)
    *device_secret = NULL;
  if (refresh_token != NULL)
    *refresh_token = NULL;
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  op = g_task_get_task_data (G_TASK (result));
  if (device_secret != NULL)
    *device_secret = g_steal_pointer (&op->secrets[0]);
  if (refresh_token != NULL)
    *refresh_token = g_steal_pointer (&op->secrets[1]);
  return TRUE;
}

void
ax_sync_credentials_clear_async (const char          *clinic_id,
                                 const char          *device_id,
                                 guint                timeout_ms,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  Op *op = g_new0 (Op, 1);

  op->n_steps = 1;
  start (op, OP_CLEAR, clinic_id, device_id, timeout_ms, cancellable, callback, user_data,
         ax_sync_credentials_clear_async);
}

gboolean
ax_sync_credentials_clear_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
