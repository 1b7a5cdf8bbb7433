/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

#include "ax-unsynced-marks.h"

#include <glib/gi18n.h>

#include "ax-sync-marks.h"

#define MARK_KEY "ax-unsynced-mark"

struct _AxUnsyncedMarks
{
  GObject       parent_instance;

  AxContext    *context;
  char         *table;
  AxSyncEngine *engine;       /* watched, or NULL */
  GHashTable   *ids;          /* the marked ids */
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (AxUnsyncedMarks, ax_unsynced_marks, G_TYPE_OBJECT)

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
same_set (GHashTable *a,
          GHashTable *b)
{
  GHashTableIter it;
  gpointer key;

  if (g_hash_table_size (a) != g_hash_table_size (b))
    return FALSE;
  g_hash_table_iter_init (&it, a);
  while (g_hash_table_iter_next (&it, &key, NULL))
    if (!g_hash_table_contains (b, key))
      return FALSE;
  return TRUE;
}

static void
set_ids (AxUnsyncedMarks *self,
         GHashTable      *ids)
{
  if (same_set (self->ids, ids))
    {
      g_hash_table_unref (ids);
      return;
    }
  g_hash_table_unref (self->ids);
  self->ids = ids;
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  GHashTable *ids = ax_sync_unsynced_ids_finish (AX_STORE (source), result, &error);
  AxUnsyncedMarks *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = AX_UNSYNCED_MARKS (user_data);
  if (ids == NULL)
    {
      /* A mark is a hint: keep the last ones. */
      g_warning ("The records not yet synced could not be read: %s", error->message);
      return;
    }
  set_ids (self, ids);
}

static void
reload (AxUnsyncedMarks *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->engine == NULL)
    {
      set_ids (self, g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL));
      return;
    }
  self->cancellable = g_cancellable_new ();
  /* The callback runs only while we live: dispose cancels. */
  ax_sync_unsynced_ids_async (ax_context_get_store (self->context), self->table, self->cancellable,
                              read_cb, self);
}

static void
engine_synced_cb (AxUnsyncedMarks *self)
{
  reload (self);
}

static void
engine_changed_cb (AxUnsyncedMarks *self)
{
  AxSyncEngine *engine = ax_context_get_sync_engine (self->context);

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_set_object (&self->engine, engine);
  if (engine != NULL)
    g_signal_connect_object (engine, "notify::last-sync", G_CALLBACK (engine_synced_cb), self,
                             G_CONNECT_SWAPPED);
  reload (self);
}

static void
store_changed_cb (AxUnsyncedMarks *self)
{
  if (self->engine != NULL)
    reload (self);
}

static void
ax_unsynced_marks_dispose (GObject *object)
{
  AxUnsyncedMarks *self = AX_UNSYNCED_MARKS (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->engine);
  g_clear_object (&self->context);
  G_OBJECT_CLASS (ax_unsynced_marks_parent_class)->dispose (object);
}

static void
ax_unsynced_marks_finalize (GObject *object)
{
  AxUnsyncedMarks *self = AX_UNSYNCED_MARKS (object);

  g_hash_table_unref (self->ids);
  g_free (self->table);
  G_OBJECT_CLASS (ax_unsynced_marks_parent_class)->finalize (object);
}

static void
ax_unsynced_marks_class_init (AxUnsyncedMarksClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ax_unsynced_marks_dispose;
  object_class->finalize = ax_unsynced_marks_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ax_unsynced_marks_init (AxUnsyncedMarks *self)
{
  self->ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

AxUnsyncedMarks *
ax_unsynced_marks_new (AxContext  *context,
                       const char *table)
{
  AxUnsyncedMarks *self;

  g_return_val_if_fail (AX_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (table != NULL, NULL);

  self = g_object_new (AX_TYPE_UNSYNCED_MARKS, NULL);
  self->context = g_object_ref (context);
  self->table = g_strdup (table);
  g_signal_connect_object (context, "notify::sync-engine", G_CALLBACK (engine_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (ax_context_get_store (context), "changed", G_CALLBACK (store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  engine_changed_cb (self);
  return self;
}

gboolean
ax_unsynced_marks_contains (AxUnsyncedMarks *self,
                            const char      *id)
{
  g_return_val_if_fail (AX_IS_UNSYNCED_MARKS (self), FALSE);
  return id != NULL && g_hash_table_contains (self->ids, id);
}

guint
ax_unsynced_marks_count (AxUnsyncedMarks *self)
{
  g_return_val_if_fail (AX_IS_UNSYNCED_MARKS (self), 0);
  return g_hash_table_size (self->ids);
}

GtkWidget *
ax_unsynced_mark_new (void)
{
  GtkWidget *mark = gtk_image_new_from_icon_name ("document-send-symbolic");
  const char *text = _("Not yet synced with the clinic server");

  gtk_widget_set_tooltip_text (mark, text);
  gtk_widget_set_valign (mark, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (mark, "dim-label");
  gtk_widget_add_css_class (mark, "unsynced-mark");
  gtk_accessible_update_property (GTK_ACCESSIBLE (mark), GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
  g_object_set_data (G_OBJECT (mark), MARK_KEY, GINT_TO_POINTER (1));
  gtk_widget_set_visible (mark, FALSE);
  return mark;
}

static GtkWidget *
find_mark (GtkWidget *widget)
{
  if (g_object_get_data (G_OBJECT (widget), MARK_KEY) != NULL)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_mark (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

void
ax_unsynced_marks_apply (AxUnsyncedMarks *self,
                         GtkWidget       *list,
                         const char      *id_key)
{
  g_return_if_fail (AX_IS_UNSYNCED_MARKS (self));

  for (GtkWidget *row = gtk_widget_get_first_child (list); row; row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *mark = find_mark (row);

      if (mark != NULL)
        gtk_widget_set_visible (mark, ax_unsynced_marks_contains (self, g_object_get_data (G_OBJECT (row),
                                                                                          id_key)));
    }
}
