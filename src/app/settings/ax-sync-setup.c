/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

#include "ax-sync-setup-private.h"

#include <string.h>
#include <glib/gi18n.h>

#include "ax-sync-credentials.h"
#include "ax-sync-store.h"

#define PASSWORD_KEPT_S      300   /* the login's password, for pairing soon after */
#define KEYRING_TIMEOUT_MS   5000
#define SYNC_INTERVAL_S      15
#define SYNC_MAX_BACKOFF_S   300

G_DEFINE_FINAL_TYPE (AxSyncSetup, ax_sync_setup, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_STATUS,
  PROP_KEYRING,
  PROP_MESSAGE,
  PROP_BUSY_TEXT,
  PROP_SERVER_URL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  NOTICE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];


/* Helpers */

void
ax_sync_setup_set_status (AxSyncSetup     *self,
            AxPairingStatus  status,
            const char      *busy_text)
{
  if (g_strcmp0 (self->busy_text, busy_text) != 0)
    {
      g_free (self->busy_text);
      self->busy_text = g_strdup (busy_text);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY_TEXT]);
    }
  if (self->status == status)
    return;
  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

void
ax_sync_setup_set_message (AxSyncSetup *self,
             const char  *message)
{
  if (g_strcmp0 (self->message, message) == 0)
    return;
  g_free (self->message);
  self->message = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
}

void
ax_sync_setup_set_server_url (AxSyncSetup *self,
                const char  *url)
{
  if (g_strcmp0 (self->server_url, url) == 0)
    return;
  g_free (self->server_url);
  self->server_url = g_strdup (url);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER_URL]);
}

void
ax_sync_setup_set_keyring (AxSyncSetup     *self,
             AxKeyringStatus  keyring)
{
  gboolean lost = keyring == AX_KEYRING_UNAVAILABLE && self->keyring != AX_KEYRING_UNAVAILABLE;

  if (self->keyring == keyring)
    return;
  self->keyring = keyring;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEYRING]);
  if (lost)
    g_signal_emit (self, signals[NOTICE], 0,
                   _("No keyring is available: the clinic server’s sign-in is kept only until "
                     "Aesthetix closes. You will be asked again at the next start."));
}

void
ax_sync_setup_forget_password (AxSyncSetup *self)
{
  g_clear_pointer (&self->password, secret_password_free);
  g_clear_pointer (&self->username, g_free);
  g_clear_handle_id (&self->password_timer, g_source_remove);
}

static gboolean
password_expired_cb (gpointer data)
{
  AxSyncSetup *self = data;

  self->password_timer = 0;
  ax_sync_setup_forget_password (self);
  return G_SOURCE_REMOVE;
}

/* The password to sign the person at the desk in with: given, or the one
 * remembered from this person's login. */
const char *
ax_sync_setup_pick_password (AxSyncSetup *self,
               const char  *given)
{
  AxActor *actor = ax_context_get_actor (self->context);

  if (given != NULL && *given != '\0')
    return given;
  if (actor != NULL && self->password != NULL
      && g_strcmp0 (self->username, ax_actor_get_username (actor)) == 0)
    return self->password;
  return NULL;
}

GCancellable *
ax_sync_setup_begin_step (AxSyncSetup *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  return self->cancellable;
}

const char *
ax_sync_setup_store_clinic_id (AxSyncSetup *self)
{
  const AxClinicInfo *clinic = ax_store_get_clinic (ax_context_get_store (self->context));

  return clinic != NULL ? clinic->id : self->client_clinic;
}

static char *
keyring_label (AxSyncSetup *self)
{
  const AxClinicInfo *clinic = ax_store_get_clinic (ax_context_get_store (self->context));

  /* Translators: the keyring item's name, with the clinic's name */
  return g_strdup_printf (_("Aesthetix clinic server sign-in (%s)"),
                          clinic != NULL ? clinic->name : self->server_url);
}

static void
stored_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr (AxSyncSetup) self = user_data;
  g_autoptr (GError) error = NULL;

  if (ax_sync_credentials_store_finish (result, &error))
    ax_sync_setup_set_keyring (self, AX_KEYRING_AVAILABLE);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_debug ("Keyring: %s", error->message);
      ax_sync_setup_set_keyring (self, AX_KEYRING_UNAVAILABLE);
    }
}

void
ax_sync_setup_save_credentials (AxSyncSetup  *self,
                  AxSyncClient *client,
                  gboolean      with_device_secret)
{
  g_autofree char *label = NULL;

  /* Once the keyring is known to be missing, the session keeps them in
   * memory only: asking again would only wait for the deadline again. */
  if (self->keyring == AX_KEYRING_UNAVAILABLE)
    return;
  label = keyring_label (self);
  ax_sync_credentials_store_async (ax_sync_setup_store_clinic_id (self), ax_sync_client_get_device_id (client),
                                   ax_sync_client_get_user_id (client), label,
                                   with_device_secret ? ax_sync_client_get_device_secret (client) : NULL,
                                   ax_sync_client_get_refresh_token (client),
                                   self->keyring_timeout_ms, NULL, stored_cb, g_object_ref (self));
}

/* The refresh token rotates at every refresh: the keyring keeps the latest. */
static void
refresh_token_changed_cb (AxSyncClient *client,
                          GParamSpec   *pspec,
                          AxSyncSetup  *self)
{
  /* While pairing or resuming, the step that got the token saves it. */
  if (self->status == AX_PAIRING_PAIRED && ax_sync_client_get_refresh_token (client) != NULL)
    ax_sync_setup_save_credentials (self, client, FALSE);
}

void
ax_sync_setup_adopt_client (AxSyncSetup  *self,
              AxSyncClient *client)
{
  if (self->client == client)
    return;
  if (self->client != NULL && self->refresh_id != 0)
    g_clear_signal_handler (&self->refresh_id, self->client);
  g_clear_pointer (&self->client_clinic, g_free);
  g_set_object (&self->client, client);
  if (client != NULL)
    self->refresh_id = g_signal_connect (client, "notify::refresh-token",
                                         G_CALLBACK (refresh_token_changed_cb), self);
}

static void
stop_watching_first_sync (AxSyncSetup *self)
{
  if (self->first_sync != NULL)
    g_clear_signal_handler (&self->first_sync_id, self->first_sync);
  g_clear_object (&self->first_sync);
}

/* A fresh desk stays in pairing (busy) until its first sync has brought the
 * whole clinic: the desk opens on a complete store, not on one still
 * filling (a large clinic takes a minute; its indexes come last). */
static void
first_sync_cb (AxSyncEngine *engine,
               GParamSpec   *pspec,
               AxSyncSetup  *self)
{
  if (ax_sync_engine_get_last_sync (engine) > 0)
    {
      stop_watching_first_sync (self);
      ax_sync_setup_set_status (self, AX_PAIRING_PAIRED, NULL);
      return;
    }
  switch (ax_sync_engine_get_state (engine))
    {
    case AX_SYNC_STATE_OFFLINE:
    case AX_SYNC_STATE_ERROR:
    case AX_SYNC_STATE_UPDATE_NEEDED:
      {
        /* Translators: %s is why the clinic server did not answer */
        g_autofree char *text = g_strdup_printf (_("Waiting for the clinic server to send the "
                                                   "clinic’s records: %s"),
                                                 ax_sync_engine_get_last_error (engine));

        ax_sync_setup_set_status (self, AX_PAIRING_BUSY, text);
      }
      break;
    default:
      ax_sync_setup_set_status (self, AX_PAIRING_BUSY,
                                _("Getting the clinic’s records from the server…"));
      break;
    }
}

void
ax_sync_setup_start_engine (AxSyncSetup *self)
{
  g_autoptr (AxSyncEngine) engine = ax_sync_engine_new (ax_context_get_store (self->context),
                                                        self->client);
  gboolean fresh = ax_store_get_clinic (ax_context_get_store (self->context)) == NULL;

  ax_context_set_sync_engine (self->context, engine);
  ax_sync_setup_set_message (self, NULL);
  stop_watching_first_sync (self);
  if (fresh)
    {
      self->first_sync = g_object_ref (engine);
      self->first_sync_id = g_signal_connect (engine, "notify", G_CALLBACK (first_sync_cb), self);
      first_sync_cb (engine, NULL, self);
    }
  else
    ax_sync_setup_set_status (self, AX_PAIRING_PAIRED, NULL);
  ax_sync_engine_start (engine, self->interval_s, SYNC_MAX_BACKOFF_S);
  ax_sync_setup_follow_people (self, engine);
}

/* What a failed call means for the person pairing the desk. */
static char *
explain (const GError *error,
         const char   *url)
{
  if (g_error_matches (error, AX_SYNC_ERROR, AX_SYNC_ERROR_NETWORK))
    return g_strdup_printf (_("%s. Check the address (%s) and that the clinic server is running, "
                              "then try again."), error->message, url);
  if (g_error_matches (error, AX_SYNC_ERROR, AX_SYNC_ERROR_UPDATE_NEEDED))
    return g_strdup_printf (_("%s. Update Aesthetix on this desk, then pair it again."),
                            error->message);
  if (g_error_matches (error, AX_SYNC_ERROR, AX_SYNC_ERROR_SERVER))
    return g_strdup_printf (_("%s. The clinic server has a problem: try again in a minute, or "
                              "look at its log."), error->message);
  return g_strdup (error->message);
}

void
ax_sync_setup_fail (AxSyncSetup     *self,
      AxPairingStatus  status,
      const char      *message)
{
  ax_sync_setup_set_message (self, message);
  ax_sync_setup_set_status (self, status, NULL);
}

/* Callbacks: pairing */

static void
logged_in_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (AxSyncSetup) self = user_data;
  AxSyncClient *client = AX_SYNC_CLIENT (source);
  AxStore *store = ax_context_get_store (self->context);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) reply = NULL;
  gboolean resuming = !self->pairing;

  reply = ax_sync_client_call_finish (client, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || client != self->client)
    return;
  if (reply == NULL)
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, AX_SYNC_ERROR, AX_SYNC_ERROR_NEEDS_LOGIN)
          || g_error_matches (error, AX_SYNC_ERROR, AX_SYNC_ERROR_REFUSED))
        {
          AxActor *actor = ax_context_get_actor (self->context);

          /* The remembered password is not the server's: never try it again. */
          ax_sync_setup_forget_password (self);
          message = g_strdup_printf (_("%s. Enter the password of “%s” on the clinic server "
                                       "and try again."), error->message,
                                     actor ? ax_actor_get_username (actor) : "");
        }
      else
        message = explain (error, ax_sync_client_get_base_url (client));
      ax_sync_setup_fail (self, resuming ? AX_PAIRING_NEEDS_PASSWORD : AX_PAIRING_UNPAIRED, message);
      return;
    }
  ax_sync_setup_forget_password (self);
  self->pairing = FALSE;

  /* A fresh desk is paired by the clinic's owner only (the server said who). */
  if (!resuming && ax_context_get_actor (self->context) == NULL
      && g_strcmp0 (json_object_get_string_member_with_default (reply, "role", NULL),
                    ax_role_to_string (AX_ROLE_OWNER)) != 0)
    {
      ax_sync_setup_adopt_client (self, NULL);
      ax_sync_setup_fail (self, AX_PAIRING_UNPAIRED,
                          _("Only the clinic’s owner may pair this desk: sign in with the "
                            "owner’s user name and password on the clinic server."));
      return;
    }

  if (!resuming)
    {
      const char *device_code = g_object_get_data (G_OBJECT (client), "ax-device-code");

      /* Paired: the desk's code, the server and device id in the store, the
       * secrets in the keyring. */
      if ((device_code != NULL && !ax_store_sync_set_device_code (store, device_code, &error))
          || !ax_store_sync_set_server (store, ax_sync_client_get_base_url (client),
                                        ax_sync_client_get_device_id (client), &error))
        {
          ax_sync_setup_fail (self, AX_PAIRING_UNPAIRED, error->message);
          return;
        }
      ax_sync_setup_set_server_url (self, ax_sync_client_get_base_url (client));
      ax_sync_setup_save_credentials (self, client, TRUE);
    }
  else
    ax_sync_setup_save_credentials (self, client, FALSE);
  ax_sync_setup_start_engine (self);
}

void
ax_sync_setup_log_in (AxSyncSetup *self,
                      const char  *password)
{
  AxActor *actor = ax_context_get_actor (self->context);
  const char *username = actor ? ax_actor_get_username (actor) : self->login_username;

  ax_sync_setup_set_status (self, AX_PAIRING_BUSY, _("Signing in to the clinic server…"));
  ax_sync_client_login_async (self->client, username ? username : "", password,
                              ax_sync_setup_begin_step (self), logged_in_cb, g_object_ref (self));
}

static void
enrolled_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr (AxSyncSetup) self = user_data;
  AxSyncClient *client = AX_SYNC_CLIENT (source);
  AxStore *store = ax_context_get_store (self->context);
  const AxClinicInfo *clinic = ax_store_get_clinic (store);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) reply = NULL;
  const char *clinic_id, *device_code;
  const char *password;

  reply = ax_sync_client_call_finish (client, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || client != self->client)
    return;
  if (reply == NULL)
    {
      g_autofree char *message = explain (error, ax_sync_client_get_base_url (client));

      ax_sync_setup_adopt_client (self, NULL);
      ax_sync_setup_fail (self, AX_PAIRING_UNPAIRED, message);
      return;
    }
  clinic_id = json_object_get_string_member_with_default (reply, "clinic_id", NULL);
  device_code = json_object_get_string_member_with_default (reply, "device_code", NULL);
  if (clinic != NULL && g_strcmp0 (clinic->id, clinic_id) != 0)
    {
      g_autofree char *message = NULL;

      message = g_strdup_printf (_("This enrolment code is for another clinic than “%s”: this "
                                   "desk’s records belong to that clinic. Ask for a code of its "
                                   "own clinic server (this one is spent), or check the "
                                   "address."), clinic->name);
      ax_sync_setup_adopt_client (self, NULL);
      ax_sync_setup_fail (self, AX_PAIRING_UNPAIRED, message);
      return;
    }
  g_free (self->client_clinic);
  self->client_clinic = g_strdup (clinic_id);
  /* Stored once the sign-in is accepted: a refused one leaves nothing. */
  g_object_set_data_full (G_OBJECT (client), "ax-device-code", g_strdup (device_code), g_free);
  password = g_object_get_data (G_OBJECT (client), "ax-password");
  ax_sync_setup_log_in (self, password);
  g_object_set_data (G_OBJECT (client), "ax-password", NULL);
}

static void
cleared_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr (GError) error = NULL;

  if (!ax_sync_credentials_clear_finish (result, &error))
    g_debug ("Keyring: %s", error->message);
}

static void
actor_changed_cb (AxSyncSetup *self,
                  GParamSpec  *pspec,
                  AxContext   *context)
{
  AxActor *actor = ax_context_get_actor (context);

  /* The password belongs to whoever typed it. */
  if (actor == NULL || g_strcmp0 (self->username, ax_actor_get_username (actor)) != 0)
    ax_sync_setup_forget_password (self);
  if (actor == NULL)
    return;
  ax_sync_setup_resume (self);
  /* A paired desk: the next person's changes go with their own sign-in. */
  ax_sync_setup_sign_in_person (self, NULL);
}

/* Overrides */

static void
ax_sync_setup_dispose (GObject *object)
{
  AxSyncSetup *self = AX_SYNC_SETUP (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->person_cancellable);
  g_clear_object (&self->person_cancellable);
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  ax_sync_setup_adopt_client (self, NULL);
  ax_sync_setup_forget_password (self);
  stop_watching_first_sync (self);
  G_OBJECT_CLASS (ax_sync_setup_parent_class)->dispose (object);
}

static void
ax_sync_setup_finalize (GObject *object)
{
  AxSyncSetup *self = AX_SYNC_SETUP (object);

  g_free (self->message);
  g_free (self->busy_text);
  g_free (self->server_url);
  g_free (self->client_clinic);
  g_free (self->login_username);
  G_OBJECT_CLASS (ax_sync_setup_parent_class)->finalize (object);
}

static void
ax_sync_setup_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  AxSyncSetup *self = AX_SYNC_SETUP (object);

  switch (prop_id)
    {
    case PROP_STATUS:
      g_value_set_int (value, self->status);
      break;
    case PROP_KEYRING:
      g_value_set_int (value, self->keyring);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    case PROP_BUSY_TEXT:
      g_value_set_string (value, self->busy_text);
      break;
    case PROP_SERVER_URL:
      g_value_set_string (value, self->server_url);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ax_sync_setup_class_init (AxSyncSetupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ax_sync_setup_dispose;
  object_class->finalize = ax_sync_setup_finalize;
  object_class->get_property = ax_sync_setup_get_property;

  properties[PROP_STATUS] =
    g_param_spec_int ("status", NULL, NULL, AX_PAIRING_UNPAIRED, AX_PAIRING_NEEDS_PAIRING,
                      AX_PAIRING_UNPAIRED,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_KEYRING] =
    g_param_spec_int ("keyring", NULL, NULL, AX_KEYRING_UNKNOWN, AX_KEYRING_UNAVAILABLE,
                      AX_KEYRING_UNKNOWN,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY_TEXT] =
    g_param_spec_string ("busy-text", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SERVER_URL] =
    g_param_spec_string ("server-url", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[NOTICE] = g_signal_new ("notice", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
ax_sync_setup_init (AxSyncSetup *self)
{
  self->keyring_timeout_ms = KEYRING_TIMEOUT_MS;
  self->interval_s = SYNC_INTERVAL_S;
}

/* Public API */

AxSyncSetup *
ax_sync_setup_for_context (AxContext *context)
{
  AxSyncSetup *self;
  g_autofree char *url = NULL;

  g_return_val_if_fail (AX_IS_CONTEXT (context), NULL);

  self = g_object_get_data (G_OBJECT (context), "ax-sync-setup");
  if (self != NULL)
    return self;
  self = g_object_new (AX_TYPE_SYNC_SETUP, NULL);
  self->context = context;
  g_object_set_data_full (G_OBJECT (context), "ax-sync-setup", self, g_object_unref);
  g_signal_connect_swapped (context, "notify::actor", G_CALLBACK (actor_changed_cb), self);
  if (ax_store_sync_get_server (ax_context_get_store (context), &url, NULL))
    self->server_url = g_steal_pointer (&url);
  return self;
}

AxPairingStatus
ax_sync_setup_get_status (AxSyncSetup *self)
{
  g_return_val_if_fail (AX_IS_SYNC_SETUP (self), AX_PAIRING_UNPAIRED);
  return self->status;
}

AxKeyringStatus
ax_sync_setup_get_keyring (AxSyncSetup *self)
{
  g_return_val_if_fail (AX_IS_SYNC_SETUP (self), AX_KEYRING_UNKNOWN);
  return self->keyring;
}

const char *
ax_sync_setup_get_message (AxSyncSetup *self)
{
  g_return_val_if_fail (AX_IS_SYNC_SETUP (self), NULL);
  return self->message;
}

const char *
ax_sync_setup_get_busy_text (AxSyncSetup *self)
{
  g_return_val_if_fail (AX_IS_SYNC_SETUP (self), NULL);
  return self->busy_text;
}

const char *
ax_sync_setup_get_server_url (AxSyncSetup *self)
{
  g_return_val_if_fail (AX_IS_SYNC_SETUP (self), NULL);
  return self->server_url;
}

void
ax_sync_setup_remember_password (AxSyncSetup *self,
                                 const char  *username,
                                 const char  *password)
{
  g_return_if_fail (AX_IS_SYNC_SETUP (self));

  ax_sync_setup_forget_password (self);
  if (username == NULL || password == NULL || *password == '\0')
    return;
  self->username = g_strdup (username);
  self->password = g_strdup (password);
  self->password_timer = g_timeout_add_seconds (PASSWORD_KEPT_S, password_expired_cb, self);
  g_source_set_name_by_id (self->password_timer, "[aesthetix] forget password");
}

gboolean
ax_sync_setup_has_password (AxSyncSetup *self)
{
  g_return_val_if_fail (AX_IS_SYNC_SETUP (self), FALSE);
  return ax_sync_setup_pick_password (self, NULL) != NULL;
}

/* "192.168.1.20:8470" is taken as http://192.168.1.20:8470; anything but an
 * http(s) address with a host is refused. */
static char *
normalize_url (const char  *text,
               GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text ? text : ""));
  g_autofree char *full = NULL;
  g_autoptr (GUri) uri = NULL;

  if (*trimmed == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Enter the clinic server’s address, like http://192.168.1.20:8470."));
      return NULL;
    }
  full = strstr (trimmed, "://") != NULL ? g_strdup (trimmed) : g_strconcat ("http://", trimmed, NULL);
  uri = g_uri_parse (full, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL
      || (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 && g_strcmp0 (g_uri_get_scheme (uri), "https") != 0)
      || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0'
      || strchr (g_uri_get_host (uri), ' ') != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a server address. Enter it like http://192.168.1.20:8470 "
                     "(https:// when the server has a certificate)."), trimmed);
      return NULL;
    }
  if (g_str_has_suffix (full, "/"))
    full[strlen (full) - 1] = '\0';
  return g_steal_pointer (&full);
}

void
ax_sync_setup_pair (AxSyncSetup *self,
                    const char  *url,
                    const char  *code,
                    const char  *desk_name,
                    const char  *username,
                    const char  *password)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AxSyncClient) client = NULL;
  g_autofree char *address = NULL;
  g_autofree char *trimmed_code = g_strstrip (g_strdup (code ? code : ""));
  g_autofree char *name = g_strstrip (g_strdup (desk_name ? desk_name : ""));
  const char *secret;

  g_return_if_fail (AX_IS_SYNC_SETUP (self));

  if (self->status == AX_PAIRING_BUSY || self->status == AX_PAIRING_PAIRED)
    return;
  /* A desk with a clinic: its owner, logged in here. A fresh desk (no
   * clinic, nobody to log in): whoever the server says is the owner. */
  if (ax_context_get_clinic (self->context) != NULL
      ? !ax_context_can (self->context, AX_PERM_SETTINGS_EDIT)
      : username == NULL || *username == '\0')
    {
      ax_sync_setup_fail (self, self->status,
                          ax_context_get_clinic (self->context) != NULL
                          ? _("Only the clinic’s owner may pair this desk.")
                          : _("Enter the user name and password of the clinic’s owner on the "
                              "clinic server."));
      return;
    }
  address = normalize_url (url, &error);
  if (address == NULL)
    {
      ax_sync_setup_fail (self, self->status, error->message);
      return;
    }
  if (*trimmed_code == '\0')
    {
      ax_sync_setup_fail (self, self->status,
            _("Enter the enrolment code: the clinic server prints one with "
              "“aesthetix-server enrol-code --clinic ID”."));
      return;
    }
  secret = ax_sync_setup_pick_password (self, password);
  if (secret == NULL)
    {
      ax_sync_setup_fail (self, self->status, _("Enter your password to sign in to the clinic server."));
      return;
    }

  ax_sync_setup_set_message (self, NULL);
  self->pairing = TRUE;
  g_free (self->login_username);
  self->login_username = ax_context_get_actor (self->context) == NULL
                         ? g_strstrip (g_strdup (username)) : NULL;
  /* Enrolled already, only the password was refused: the code is spent, sign in again. */
  if (self->client != NULL && self->client_clinic != NULL
      && ax_sync_client_get_device_id (self->client) != NULL
      && g_strcmp0 (ax_sync_client_get_base_url (self->client), address) == 0)
    {
      ax_sync_setup_log_in (self, secret);
      return;
    }
  ax_sync_setup_set_status (self, AX_PAIRING_BUSY, _("Enrolling this desk…"));
  client = ax_sync_client_new (address);
  ax_sync_client_set_timeout (client, REPLY_TIMEOUT_S);
  ax_sync_setup_adopt_client (self, client);
  /* Kept on the client until the enrolment answers, then dropped. */
  g_object_set_data_full (G_OBJECT (client), "ax-password", g_strdup (secret),
                          (GDestroyNotify) secret_password_free);
  ax_sync_client_enrol_desk_async (client, trimmed_code, *name ? name : g_get_host_name (),
                                   ax_store_get_device_id (ax_context_get_store (self->context)),
                                   ax_sync_setup_begin_step (self), enrolled_cb, g_object_ref (self));
}

void
ax_sync_setup_sign_in (AxSyncSetup *self,
                       const char  *password)
{
  AxSyncEngine *engine;

  g_return_if_fail (AX_IS_SYNC_SETUP (self));

  if (password == NULL || *password == '\0' || self->status == AX_PAIRING_BUSY
      || ax_context_get_actor (self->context) == NULL)
    return;
  engine = ax_context_get_sync_engine (self->context);
  if (engine != NULL && ax_sync_engine_get_state (engine) != AX_SYNC_STATE_ERROR)
    {
      /* The engine runs; the changes of the person at the desk wait for
       * their own sign-in. */
      ax_sync_setup_sign_in_person (self, password);
      return;
    }
  if (engine != NULL)
    {
      /* A running engine whose sign-in was refused: sign in on its client. */
      ax_sync_setup_adopt_client (self, ax_sync_engine_get_client (engine));
      ax_sync_engine_stop (engine);
      stop_watching_first_sync (self);
  ax_context_set_sync_engine (self->context, NULL);
    }
  if (self->client == NULL || ax_sync_client_get_device_id (self->client) == NULL)
    return;
  ax_sync_setup_set_message (self, NULL);
  self->pairing = FALSE;
  ax_sync_setup_log_in (self, password);
}

void
ax_sync_setup_unpair (AxSyncSetup *self)
{
  AxStore *store;
  AxSyncEngine *engine;
  g_autofree char *device_id = NULL;
  g_autoptr (GError) error = NULL;

  g_return_if_fail (AX_IS_SYNC_SETUP (self));

  store = ax_context_get_store (self->context);
  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->person_cancellable);
  g_cancellable_cancel (self->load_cancellable);
  engine = ax_context_get_sync_engine (self->context);
  if (engine != NULL)
    ax_sync_engine_stop (engine);
  ax_context_set_sync_engine (self->context, NULL);
  ax_sync_setup_adopt_client (self, NULL);
  if (ax_store_sync_get_server (store, NULL, &device_id))
    ax_sync_credentials_clear_async (ax_sync_setup_store_clinic_id (self), device_id, self->keyring_timeout_ms,
                                     NULL, cleared_cb, NULL);
  if (!ax_store_sync_forget_server (store, &error))
    {
      ax_sync_setup_fail (self, self->status, error->message);
      return;
    }
  ax_sync_setup_set_server_url (self, NULL);
  ax_sync_setup_set_message (self, NULL);
  ax_sync_setup_set_status (self, AX_PAIRING_UNPAIRED, NULL);
}

void
ax_sync_setup_set_timings (AxSyncSetup *self,
                           guint        keyring_timeout_ms,
                           guint        interval_s)
{
  g_return_if_fail (AX_IS_SYNC_SETUP (self));
  self->keyring_timeout_ms = keyring_timeout_ms;
  self->interval_s = interval_s;
}
