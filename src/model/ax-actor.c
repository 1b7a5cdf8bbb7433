/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-model"

#include "ax-actor.h"

struct _AxActor
{
  char   *user_id;
  char   *username;
  char   *display_name;
  AxRole  role;
};

static void
actor_clear (gpointer data)
{
  AxActor *actor = data;

  g_free (actor->user_id);
  g_free (actor->username);
  g_free (actor->display_name);
}

AxActor *
ax_actor_new (const char *user_id,
              const char *username,
              const char *display_name,
              AxRole      role)
{
  AxActor *actor = g_atomic_rc_box_new0 (AxActor);

  actor->user_id = g_strdup (user_id);
  actor->username = g_strdup (username);
  actor->display_name = g_strdup (display_name ? display_name : username);
  actor->role = role;
  return actor;
}

AxActor *
ax_actor_ref (AxActor *actor)
{
  return g_atomic_rc_box_acquire (actor);
}

void
ax_actor_unref (AxActor *actor)
{
  g_atomic_rc_box_release_full (actor, actor_clear);
}

const char *
ax_actor_get_user_id (const AxActor *actor)
{
  return actor->user_id;
}

const char *
ax_actor_get_username (const AxActor *actor)
{
  return actor->username;
}

const char *
ax_actor_get_display_name (const AxActor *actor)
{
  return actor->display_name;
}

AxRole
ax_actor_get_role (const AxActor *actor)
{
  return actor->role;
}

gboolean
ax_actor_can (const AxActor *actor,
              AxPermission   perm)
{
  return actor != NULL && ax_role_has (actor->role, perm);
}
