/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

/* The sign-ins of the people who log in at a paired desk: each person's
 * changes are pushed with their own token (docs/sync-protocol.md, "Who
 * pushes"). The password typed at the local login signs them in in the
 * background (kept in memory only, for a few minutes, while the server is
 * away); their refresh token then lives in the keyring, so their queued
 * changes still go out after a restart. */

#include "ax-sync-setup-private.h"

#include <glib/gi18n.h>

#include "ax-sync-credentials.h"
#include "ax-sync-store.h"

const char *
ax_sync_setup_actor_id (AxSyncSetup *self)
{
  AxActor *actor = ax_context_get_actor (self->context);

  return actor != NULL ? ax_actor_get_user_id (actor) : NULL;
}

/* A person's refresh token rotates at every refresh: the keyring keeps
 * their latest. */
static void
person_token_changed_cb (AxSyncClient *client,
                         GParamSpec   *pspec,
                         AxSyncSetup  *self)
{
  if (ax_sync_client_get_refresh_token (client) != NULL && ax_sync_client_get_user_id (client) != NULL)
    ax_sync_setup_save_credentials (self, client, FALSE);
}

/* Hands a person's sign-in to the engine, and keeps its token saved. */
static void
add_person (AxSyncSetup  *self,
            AxSyncClient *client)
{
  AxSyncEngine *engine = ax_context_get_sync_engine (self->context);

  if (engine == NULL)
    return;
  g_signal_connect_object (client, "notify::refresh-token", G_CALLBACK (person_token_changed_cb),
                           self, 0);
  ax_sync_engine_add_sign_in (engine, client);
}

/* The person at the desk signed in as client's user: when the desk knows
 * them by another id (its own, from before it first synced its users),
 * their changes under that id go with this sign-in too. */
static void
vouch_for_actor (AxSyncSetup  *self,
                 AxSyncClient *client)
{
  AxSyncEngine *engine = ax_context_get_sync_engine (self->context);
  const char *actor_id = ax_sync_setup_actor_id (self);

  if (engine != NULL && actor_id != NULL && ax_sync_client_get_user_id (client) != NULL
      && g_strcmp0 (actor_id, ax_sync_client_get_user_id (client)) != 0)
    ax_sync_engine_add_sign_in_as (engine, actor_id, client);
}

/* Signing the person at the desk in */

static void
person_logged_in_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr (AxSyncSetup) self = user_data;
  AxSyncClient *client = AX_SYNC_CLIENT (source);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) reply = NULL;

  reply = ax_sync_client_call_finish (client, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->person_retry = FALSE;
  if (reply == NULL)
    {
      if (g_error_matches (error, AX_SYNC_ERROR, AX_SYNC_ERROR_NETWORK)
          || g_error_matches (error, AX_SYNC_ERROR, AX_SYNC_ERROR_SERVER))
        {
          /* The server is away: the password stays in memory (for a few
           * minutes at most) and signs them in once it answers. */
          self->person_retry = TRUE;
          return;
        }
      /* Not the server's password (or not the server's user): never tried
       * again; their changes wait until they sign in from Settings. */
      g_debug ("Signing %s in: %s", ax_sync_client_get_user_id (client), error->message);
      ax_sync_setup_forget_password (self);
      return;
    }
  ax_sync_setup_forget_password (self);
  ax_sync_setup_save_credentials (self, client, FALSE);
  add_person (self, client);
  vouch_for_actor (self, client);
}

void
ax_sync_setup_sign_in_person (AxSyncSetup *self,
                              const char  *password)
{
  AxSyncEngine *engine = ax_context_get_sync_engine (self->context);
  AxActor *actor = ax_context_get_actor (self->context);
  const char *secret;
  const char *user_id;
  g_autoptr (AxSyncClient) client = NULL;

  if (engine == NULL || actor == NULL)
    return;
  user_id = ax_actor_get_user_id (actor);
  /* Signed in already (the token refreshes itself), unless asked to. */
  if ((password == NULL || *password == '\0')
      && ax_sync_engine_get_sign_in (engine, user_id) != NULL)
    return;
  secret = ax_sync_setup_pick_password (self, password);
  if (secret == NULL)
    return;
  g_cancellable_cancel (self->person_cancellable);
  g_clear_object (&self->person_cancellable);
  self->person_cancellable = g_cancellable_new ();
  client = ax_sync_client_new_sibling (ax_sync_engine_get_client (engine));
  ax_sync_client_set_user_id (client, user_id);
  ax_sync_client_login_async (client, ax_actor_get_username (actor), secret, self->person_cancellable,
                              person_logged_in_cb, g_object_ref (self));
}

/* The server answered again: a sign-in that waited for it goes now. */
static void
engine_synced_cb (AxSyncSetup *self)
{
  if (self->person_retry)
    ax_sync_setup_sign_in_person (self, NULL);
}

/* After a restart: the sign-ins of everyone with changes waiting */

typedef struct
{
  AxSyncSetup *self;
  GPtrArray   *authors;   /* still to look up */
  char        *clinic_id;
  char        *device_id;
} Loading;

static void
loading_free (Loading *loading)
{
  g_object_unref (loading->self);
  g_ptr_array_unref (loading->authors);
  g_free (loading->clinic_id);
  g_free (loading->device_id);
  g_free (loading);
}

static void load_next (Loading *loading);

static void
person_looked_up_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Loading *loading = user_data;
  AxSyncSetup *self = loading->self;
  AxSyncEngine *engine = ax_context_get_sync_engine (self->context);
  g_autoptr (GError) error = NULL;
  char *refresh_token = NULL;
  g_autofree char *user_id = g_strdup (g_ptr_array_index (loading->authors, 0));

  g_ptr_array_remove_index (loading->authors, 0);
  if (!ax_sync_credentials_lookup_finish (result, NULL, &refresh_token, &error))
    {
      /* No keyring: their changes wait for them to log in here. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        ax_sync_setup_set_keyring (self, AX_KEYRING_UNAVAILABLE);
      loading_free (loading);
      return;
    }
  if (refresh_token != NULL && engine != NULL && ax_sync_engine_get_sign_in (engine, user_id) == NULL)
    {
      g_autoptr (AxSyncClient) client = ax_sync_client_new_sibling (ax_sync_engine_get_client (engine));

      /* The engine refreshes it before its first push. */
      ax_sync_client_set_tokens (client, NULL, refresh_token);
      ax_sync_client_set_user_id (client, user_id);
      add_person (self, client);
    }
  g_clear_pointer (&refresh_token, secret_password_free);
  load_next (loading);
}

static void
load_next (Loading *loading)
{
  AxSyncEngine *engine = ax_context_get_sync_engine (loading->self->context);

  while (engine != NULL && loading->authors->len > 0
         && ax_sync_engine_get_sign_in (engine, g_ptr_array_index (loading->authors, 0)) != NULL)
    g_ptr_array_remove_index (loading->authors, 0);
  if (engine == NULL || loading->authors->len == 0)
    {
      loading_free (loading);
      return;
    }
  ax_sync_credentials_lookup_async (loading->clinic_id, loading->device_id,
                                    g_ptr_array_index (loading->authors, 0),
                                    loading->self->keyring_timeout_ms, loading->self->load_cancellable,
                                    person_looked_up_cb, loading);
}

void
ax_sync_setup_follow_people (AxSyncSetup  *self,
                             AxSyncEngine *engine)
{
  AxStore *store = ax_context_get_store (self->context);
  g_autofree char *device_id = NULL;
  Loading *loading;

  g_signal_connect_object (engine, "notify::last-sync", G_CALLBACK (engine_synced_cb), self,
                           G_CONNECT_SWAPPED);
  /* The engine's own sign-in is the person at the desk's (the setup signed
   * them in, or refreshed their token). */
  vouch_for_actor (self, ax_sync_engine_get_client (engine));
  /* The person at the desk may not be the engine's own sign-in. */
  ax_sync_setup_sign_in_person (self, NULL);
  if (self->keyring == AX_KEYRING_UNAVAILABLE || !ax_store_sync_get_server (store, NULL, &device_id))
    return;
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();
  loading = g_new0 (Loading, 1);
  loading->self = g_object_ref (self);
  loading->authors = ax_store_sync_waiting_authors (store);
  loading->clinic_id = g_strdup (ax_sync_setup_store_clinic_id (self));
  loading->device_id = g_steal_pointer (&device_id);
  load_next (loading);
}
