/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

/* Resuming a paired desk after a local login: the keyring's sign-in, a
 * refreshed token, then the engine (docs/sync-protocol.md, "Pairing a desk"). */

#include "ax-sync-setup-private.h"

#include <glib/gi18n.h>

#include "ax-sync-credentials.h"
#include "ax-sync-store.h"

/* Callbacks: resuming a paired desk */

static void
refreshed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (AxSyncSetup) self = user_data;
  AxSyncClient *client = AX_SYNC_CLIENT (source);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) reply = NULL;
  const char *password;

  reply = ax_sync_client_call_finish (client, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || client != self->client)
    return;
  if (reply != NULL
      || g_error_matches (error, AX_SYNC_ERROR, AX_SYNC_ERROR_NETWORK)
      || g_error_matches (error, AX_SYNC_ERROR, AX_SYNC_ERROR_SERVER)
      || g_error_matches (error, AX_SYNC_ERROR, AX_SYNC_ERROR_UPDATE_NEEDED))
    {
      /* Signed in, or the server is away: the engine works offline and
       * refreshes the token itself once the server answers. */
      if (reply != NULL)
        ax_sync_setup_save_credentials (self, client, FALSE);
      ax_sync_setup_start_engine (self);
      return;
    }
  /* The refresh token is spent: the password from the login signs in again. */
  password = ax_sync_setup_pick_password (self, NULL);
  if (password != NULL)
    {
      ax_sync_setup_log_in (self, password);
      return;
    }
  ax_sync_setup_fail (self, AX_PAIRING_NEEDS_PASSWORD,
        _("The clinic server wants you to sign in again: enter your password."));
}

static void
looked_up_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (AxSyncSetup) self = user_data;
  g_autoptr (GError) error = NULL;
  char *device_secret = NULL, *refresh_token = NULL;
  g_autofree char *url = NULL, *device_id = NULL;
  g_autoptr (AxSyncClient) client = NULL;
  const char *password;

  if (!ax_sync_credentials_lookup_finish (result, &device_secret, &refresh_token, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_debug ("Keyring: %s", error->message);
      ax_sync_setup_set_keyring (self, AX_KEYRING_UNAVAILABLE);
      ax_sync_setup_fail (self, AX_PAIRING_NEEDS_PAIRING,
            _("No keyring is available, so this desk’s sign-in to the clinic server was not "
              "kept. It works on its own until it is paired again: ask the clinic’s owner for "
              "a new enrolment code and enter it above."));
      return;
    }
  ax_sync_setup_set_keyring (self, AX_KEYRING_AVAILABLE);
  if (!ax_store_sync_get_server (ax_context_get_store (self->context), &url, &device_id))
    goto out;
  if (device_secret == NULL)
    {
      ax_sync_setup_fail (self, AX_PAIRING_NEEDS_PAIRING,
            _("The keyring holds no sign-in for this desk (it was removed, or the desk was "
              "paired without a keyring). Ask for a new enrolment code and pair it again."));
      goto out;
    }
  client = ax_sync_client_new (url);
  ax_sync_client_set_timeout (client, REPLY_TIMEOUT_S);
  ax_sync_client_set_device (client, device_id, device_secret);
  ax_sync_client_set_tokens (client, NULL, refresh_token);
  /* The keyring's refresh token is the person's logged in here. */
  if (refresh_token != NULL)
    ax_sync_client_set_user_id (client, ax_sync_setup_actor_id (self));
  ax_sync_setup_adopt_client (self, client);
  if (refresh_token != NULL)
    {
      ax_sync_setup_set_status (self, AX_PAIRING_BUSY, _("Signing in to the clinic server…"));
      ax_sync_client_refresh_async (client, ax_sync_setup_begin_step (self), refreshed_cb, g_object_ref (self));
      goto out;
    }
  password = ax_sync_setup_pick_password (self, NULL);
  if (password != NULL)
    ax_sync_setup_log_in (self, password);
  else
    ax_sync_setup_fail (self, AX_PAIRING_NEEDS_PASSWORD,
          _("The clinic server wants you to sign in again: enter your password."));

out:
  g_clear_pointer (&device_secret, secret_password_free);
  g_clear_pointer (&refresh_token, secret_password_free);
}

void
ax_sync_setup_resume (AxSyncSetup *self)
{
  AxStore *store;
  g_autofree char *url = NULL, *device_id = NULL;

  g_return_if_fail (AX_IS_SYNC_SETUP (self));

  store = ax_context_get_store (self->context);
  if (ax_context_get_sync_engine (self->context) != NULL || self->status == AX_PAIRING_BUSY
      || !ax_store_sync_get_server (store, &url, &device_id))
    return;
  if (self->status == AX_PAIRING_NEEDS_PASSWORD && self->client != NULL)
    {
      /* Asked before; the new login's password may do. */
      const char *password = ax_sync_setup_pick_password (self, NULL);

      if (password != NULL)
        ax_sync_setup_log_in (self, password);
      return;
    }
  if (self->status == AX_PAIRING_NEEDS_PAIRING)
    return;
  ax_sync_setup_set_server_url (self, url);
  ax_sync_setup_set_message (self, NULL);
  self->pairing = FALSE;
  ax_sync_setup_set_status (self, AX_PAIRING_BUSY, _("Reading this desk’s sign-in from the keyring…"));
  ax_sync_credentials_lookup_async (ax_sync_setup_store_clinic_id (self), device_id,
                                    ax_sync_setup_actor_id (self),
                                    self->keyring_timeout_ms,
                                    ax_sync_setup_begin_step (self), looked_up_cb, g_object_ref (self));
}

