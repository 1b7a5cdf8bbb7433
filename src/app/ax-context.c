/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

#include "ax-context.h"

struct _AxContext
{
  GObject    parent_instance;

  AxStore   *store;
  GSettings *settings;
  AxActor   *actor;
  AxSyncEngine *sync_engine;
};

G_DEFINE_FINAL_TYPE (AxContext, ax_context, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_STORE,
  PROP_SETTINGS,
  PROP_ACTOR,
  PROP_SYNC_ENGINE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ax_context_dispose (GObject *object)
{
  AxContext *self = AX_CONTEXT (object);

  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->actor, ax_actor_unref);
  g_clear_object (&self->sync_engine);

  G_OBJECT_CLASS (ax_context_parent_class)->dispose (object);
}

static void
ax_context_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  AxContext *self = AX_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_ACTOR:
      g_value_set_pointer (value, self->actor);
      break;
    case PROP_SYNC_ENGINE:
      g_value_set_object (value, self->sync_engine);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ax_context_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  AxContext *self = AX_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_ACTOR:
      ax_context_set_actor (self, g_value_get_pointer (value));
      break;
    case PROP_SYNC_ENGINE:
      ax_context_set_sync_engine (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ax_context_class_init (AxContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ax_context_dispose;
  object_class->get_property = ax_context_get_property;
  object_class->set_property = ax_context_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, AX_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* An AxActor (refcounted, not a GType): use ax_context_get_actor(). */
  properties[PROP_ACTOR] =
    g_param_spec_pointer ("actor", NULL, NULL,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SYNC_ENGINE] =
    g_param_spec_object ("sync-engine", NULL, NULL, AX_TYPE_SYNC_ENGINE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ax_context_init (AxContext *self)
{
}

AxContext *
ax_context_new (AxStore   *store,
                GSettings *settings)
{
  g_return_val_if_fail (AX_IS_STORE (store), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (AX_TYPE_CONTEXT, "store", store, "settings", settings, NULL);
}

AxStore *
ax_context_get_store (AxContext *self)
{
  g_return_val_if_fail (AX_IS_CONTEXT (self), NULL);
  return self->store;
}

GSettings *
ax_context_get_settings (AxContext *self)
{
  g_return_val_if_fail (AX_IS_CONTEXT (self), NULL);
  return self->settings;
}

AxActor *
ax_context_get_actor (AxContext *self)
{
  g_return_val_if_fail (AX_IS_CONTEXT (self), NULL);
  return self->actor;
}

void
ax_context_set_actor (AxContext *self,
                      AxActor   *actor)
{
  g_return_if_fail (AX_IS_CONTEXT (self));

  if (self->actor == actor)
    return;

  g_clear_pointer (&self->actor, ax_actor_unref);
  if (actor != NULL)
    self->actor = ax_actor_ref (actor);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTOR]);
}

const AxClinicInfo *
ax_context_get_clinic (AxContext *self)
{
  g_return_val_if_fail (AX_IS_CONTEXT (self), NULL);
  return ax_store_get_clinic (self->store);
}

gboolean
ax_context_can (AxContext   *self,
                AxPermission perm)
{
  g_return_val_if_fail (AX_IS_CONTEXT (self), FALSE);
  return self->actor != NULL && ax_actor_can (self->actor, perm);
}

AxSyncEngine *
ax_context_get_sync_engine (AxContext *self)
{
  g_return_val_if_fail (AX_IS_CONTEXT (self), NULL);
  return self->sync_engine;
}

void
ax_context_set_sync_engine (AxContext    *self,
                            AxSyncEngine *engine)
{
  g_return_if_fail (AX_IS_CONTEXT (self));
  g_return_if_fail (engine == NULL || AX_IS_SYNC_ENGINE (engine));

  if (g_set_object (&self->sync_engine, engine))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNC_ENGINE]);
}
