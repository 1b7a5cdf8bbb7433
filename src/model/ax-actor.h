/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include "ax-rbac.h"

G_BEGIN_DECLS

/* Who is acting: the logged-in user. Immutable and refcounted. */
typedef struct _AxActor AxActor;

AxActor    *ax_actor_new              (const char *user_id,
                                       const char *username,
                                       const char *display_name,
                                       AxRole      role);
AxActor    *ax_actor_ref              (AxActor    *actor);
void        ax_actor_unref            (AxActor    *actor);
const char *ax_actor_get_user_id      (const AxActor *actor);
const char *ax_actor_get_username     (const AxActor *actor);
const char *ax_actor_get_display_name (const AxActor *actor);
AxRole      ax_actor_get_role         (const AxActor *actor);
gboolean    ax_actor_can              (const AxActor *actor,
                                       AxPermission   perm);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AxActor, ax_actor_unref)

G_END_DECLS
