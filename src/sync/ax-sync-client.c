/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-sync"

#include "ax-sync-client.h"
#include "ax-db.h"

#include <libsoup/soup.h>
#include <string.h>
#include <glib/gi18n-lib.h>

G_DEFINE_QUARK (ax-sync-error-quark, ax_sync_error)

struct _AxSyncClient
{
  GObject      parent_instance;
  SoupSession *session;
  char        *base_url;
  char        *device_id;
  char        *device_secret;
  char        *access_token;
  char        *refresh_token;
  char        *user_id;      /* whose tokens these are */
  GPtrArray   *refreshing;   /* tasks waiting for the refresh in flight */
};

enum
{
  PROP_0,
  PROP_BASE_URL,
  PROP_DEVICE_ID,
  PROP_ACCESS_TOKEN,
  PROP_REFRESH_TOKEN,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

G_DEFINE_FINAL_TYPE (AxSyncClient, ax_sync_client, G_TYPE_OBJECT)

static void
ax_sync_client_finalize (GObject *object)
{
  AxSyncClient *self = AX_SYNC_CLIENT (object);

  g_clear_object (&self->session);
  g_free (self->base_url);
  g_free (self->device_id);
  g_free (self->device_secret);
  g_free (self->access_token);
  g_free (self->refresh_token);
  g_free (self->user_id);
  G_OBJECT_CLASS (ax_sync_client_parent_class)->finalize (object);
}

static void
ax_sync_client_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  AxSyncClient *self = AX_SYNC_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;
    case PROP_DEVICE_ID:
      g_value_set_string (value, self->device_id);
      break;
    case PROP_ACCESS_TOKEN:
      g_value_set_string (value, self->access_token);
      break;
    case PROP_REFRESH_TOKEN:
      g_value_set_string (value, self->refresh_token);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ax_sync_client_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  AxSyncClient *self = AX_SYNC_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_free (self->base_url);
      /* "http://host:port" or with a trailing slash: stored without it. */
      self->base_url = g_strdup (g_value_get_string (value));
      if (self->base_url != NULL && g_str_has_suffix (self->base_url, "/"))
        self->base_url[strlen (self->base_url) - 1] = '\0';
      g_object_notify_by_pspec (object, pspec);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ax_sync_client_class_init (AxSyncClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ax_sync_client_finalize;
  object_class->get_property = ax_sync_client_get_property;
  object_class->set_property = ax_sync_client_set_property;

  props[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  props[PROP_DEVICE_ID] =
    g_param_spec_string ("device-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  props[PROP_ACCESS_TOKEN] =
    g_param_spec_string ("access-token", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  props[PROP_REFRESH_TOKEN] =
    g_param_spec_string ("refresh-token", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
ax_sync_client_init (AxSyncClient *self)
{
  self->session = soup_session_new_with_options ("timeout", 30, "idle-timeout", 60, NULL);
  soup_session_set_user_agent (self->session, "aesthetix ");
}

AxSyncClient *
ax_sync_client_new (const char *base_url)
{
  g_return_val_if_fail (base_url != NULL, NULL);
  return g_object_new (AX_TYPE_SYNC_CLIENT, "base-url", base_url, NULL);
}

const char *
ax_sync_client_get_base_url (AxSyncClient *self)
{
  return self->base_url;
}

void
ax_sync_client_set_base_url (AxSyncClient *self,
                             const char   *base_url)
{
  g_return_if_fail (AX_IS_SYNC_CLIENT (self));
  g_object_set (self, "base-url", base_url, NULL);
}

const char *
ax_sync_client_get_device_id (AxSyncClient *self)
{
  return self->device_id;
}

const char *
ax_sync_client_get_device_secret (AxSyncClient *self)
{
  return self->device_secret;
}

const char *
ax_sync_client_get_access_token (AxSyncClient *self)
{
  return self->access_token;
}

const char *
ax_sync_client_get_refresh_token (AxSyncClient *self)
{
  return self->refresh_token;
}

void
ax_sync_client_set_device (AxSyncClient *self,
                           const char   *device_id,
                           const char   *device_secret)
{
  g_return_if_fail (AX_IS_SYNC_CLIENT (self));
  g_free (self->device_id);
  g_free (self->device_secret);
  self->device_id = g_strdup (device_id);
  self->device_secret = g_strdup (device_secret);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_DEVICE_ID]);
}

void
ax_sync_client_set_tokens (AxSyncClient *self,
                           const char   *access_token,
                           const char   *refresh_token)
{
  g_return_if_fail (AX_IS_SYNC_CLIENT (self));
  g_free (self->access_token);
  g_free (self->refresh_token);
  self->access_token = g_strdup (access_token);
  self->refresh_token = g_strdup (refresh_token);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_ACCESS_TOKEN]);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_REFRESH_TOKEN]);
}

const char *
ax_sync_client_get_user_id (AxSyncClient *self)
{
  g_return_val_if_fail (AX_IS_SYNC_CLIENT (self), NULL);
  return self->user_id;
}

void
ax_sync_client_set_user_id (AxSyncClient *self,
                            const char   *user_id)
{
  g_return_if_fail (AX_IS_SYNC_CLIENT (self));
  if (g_strcmp0 (self->user_id, user_id) == 0)
    return;
  g_free (self->user_id);
  self->user_id = g_strdup (user_id);
}

AxSyncClient *
ax_sync_client_new_sibling (AxSyncClient *self)
{
  AxSyncClient *other;
  guint timeout = 0;

  g_return_val_if_fail (AX_IS_SYNC_CLIENT (self), NULL);
  other = ax_sync_client_new (self->base_url);
  ax_sync_client_set_device (other, self->device_id, self->device_secret);
  g_object_get (self->session, "timeout", &timeout, NULL);
  ax_sync_client_set_timeout (other, timeout);
  return other;
}

void
ax_sync_client_set_timeout (AxSyncClient *self,
                            guint         seconds)
{
  g_object_set (self->session, "timeout", seconds, NULL);
}

/* Requests */

typedef enum
{
  AFTER_NOTHING,
  AFTER_ENROL,
  AFTER_TOKENS,
  AFTER_PARSE_IN_THREAD,   /* a pulled page: parsed on a worker, not the main loop */
  AFTER_TEXT,              /* a pulled page: the bytes, not parsed */
} AfterReply;

typedef struct
{
  SoupMessage *msg;
  AfterReply   after;
  GBytes      *body;       /* AFTER_PARSE_IN_THREAD: the reply, for the worker */
} Call;

static void
call_free (Call *call)
{
  g_clear_object (&call->msg);
  g_clear_pointer (&call->body, g_bytes_unref);
  g_free (call);
}

static JsonObject *
parse_object (GBytes *bytes)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  gsize len = 0;
  const char *data = bytes ? g_bytes_get_data (bytes, &len) : NULL;
  JsonNode *root;

  if (data == NULL || len == 0 || !json_parser_load_from_data (parser, data, (gssize) len, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return json_object_ref (json_node_get_object (root));
}

/* Turns a refusal into a GError carrying the server's own message. */
static GError *
refusal_error (guint       status,
               JsonObject *body)
{
  JsonObject *err = body && json_object_has_member (body, "error")
                    ? json_object_get_object_member (body, "error") : NULL;
  const char *code = err ? json_object_get_string_member_with_default (err, "code", NULL) : NULL;
  const char *message = err ? json_object_get_string_member_with_default (err, "message", NULL) : NULL;
  AxSyncError kind;

  if (status == SOUP_STATUS_UNAUTHORIZED)
    kind = g_strcmp0 (code, "token_expired") == 0 ? AX_SYNC_ERROR_TOKEN_EXPIRED
                                                   : AX_SYNC_ERROR_NEEDS_LOGIN;
  else if (status == 426 || g_strcmp0 (code, "update_needed") == 0)
    kind = AX_SYNC_ERROR_UPDATE_NEEDED;
  else if (status >= 500)
    kind = AX_SYNC_ERROR_SERVER;
  else
    kind = AX_SYNC_ERROR_REFUSED;

  if (message != NULL)
    return g_error_new (AX_SYNC_ERROR, kind, _("The clinic server refused: %s"), message);
  switch (kind)
    {
    case AX_SYNC_ERROR_NEEDS_LOGIN:
    case AX_SYNC_ERROR_TOKEN_EXPIRED:
      return g_error_new (AX_SYNC_ERROR, kind, _("The clinic server needs you to log in again"));
    case AX_SYNC_ERROR_UPDATE_NEEDED:
      return g_error_new (AX_SYNC_ERROR, kind,
                          _("The clinic server needs a newer Aesthetix; update this desk"));
    default:
      return g_error_new (AX_SYNC_ERROR, kind, _("The clinic server answered %u %s"),
                          status, soup_status_get_phrase (status) ? soup_status_get_phrase (status) : "");
    }
}

static void
store_tokens (AxSyncClient *self,
              JsonObject   *reply)
{
  const char *access = json_object_get_string_member_with_default (reply, "access_token", NULL);
  const char *refresh = json_object_get_string_member_with_default (reply, "refresh_token", NULL);
  JsonNode *user = json_object_get_member (reply, "user");

  /* Set first: whoever follows the refresh token knows whose it is. */
  if (access != NULL && user != NULL && JSON_NODE_HOLDS_OBJECT (user))
    ax_sync_client_set_user_id (self, json_object_get_string_member_with_default (json_node_get_object (user),
                                                                                "id", NULL));
  if (access != NULL)
    ax_sync_client_set_tokens (self, access, refresh ? refresh : self->refresh_token);
}

/* A small page (a desk keeping up: a few changes) is parsed at once: a
 * worker's thread hops would cost it more than the parse, and add to every
 * cycle's latency on a busy machine. */
#define PARSE_INLINE_BYTES (32 * 1024)

static void
parse_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Call *call = task_data;
  JsonObject *reply = parse_object (call->body);

  g_clear_pointer (&call->body, g_bytes_unref);
  if (reply == NULL)
    g_task_return_new_error (task, AX_SYNC_ERROR, AX_SYNC_ERROR_BAD_REPLY,
                             _("The clinic server sent a reply this desk cannot read"));
  else
    g_task_return_pointer (task, reply, (GDestroyNotify) json_object_unref);
}

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  AxSyncClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (JsonObject) reply = NULL;
  guint status;

  bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (bytes == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, AX_SYNC_ERROR, AX_SYNC_ERROR_NETWORK,
                                 _("The clinic server cannot be reached (%s)"), error->message);
      return;
    }
  status = soup_message_get_status (call->msg);
  /* A pulled page (up to a few MB) is parsed on a worker: building and
   * freeing its tree was about a quarter of the desk's main loop while
   * catching up (docs/sync-protocol.md, "Figures"). */
  if (call->after == AFTER_TEXT && SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_task_return_pointer (task, g_steal_pointer (&bytes), (GDestroyNotify) g_bytes_unref);
      return;
    }
  if (call->after == AFTER_PARSE_IN_THREAD && SOUP_STATUS_IS_SUCCESSFUL (status)
      && g_bytes_get_size (bytes) > PARSE_INLINE_BYTES)
    {
      call->body = g_steal_pointer (&bytes);
      g_task_run_in_thread (task, parse_thread);
      return;
    }
  reply = parse_object (bytes);
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_task_return_error (task, refusal_error (status, reply));
      return;
    }
  if (reply == NULL)
    {
      g_task_return_new_error (task, AX_SYNC_ERROR, AX_SYNC_ERROR_BAD_REPLY,
                               _("The clinic server sent a reply this desk cannot read"));
      return;
    }
  if (call->after == AFTER_ENROL)
    ax_sync_client_set_device (self,
                               json_object_get_string_member_with_default (reply, "device_id", NULL),
                               json_object_get_string_member_with_default (reply, "device_secret", NULL));
  else if (call->after == AFTER_TOKENS)
    store_tokens (self, reply);
  g_task_return_pointer (task, g_steal_pointer (&reply), (GDestroyNotify) json_object_unref);
}

static void
call_async (AxSyncClient        *self,
            const char          *method,
            const char          *path,
            JsonObject          *body,
            gboolean             authorized,
            AfterReply           after,
            gpointer             source_tag,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *uri = g_strconcat (self->base_url, "/api/v1", path, NULL);
  g_autofree char *schema = g_strdup_printf ("%d", ax_db_latest_schema_version ());
  SoupMessageHeaders *headers;
  Call *call;

  g_task_set_source_tag (task, source_tag);
  call = g_new0 (Call, 1);
  call->after = after;
  g_task_set_task_data (task, call, (GDestroyNotify) call_free);
  call->msg = soup_message_new (method, uri);
  if (call->msg == NULL)
    {
      g_task_return_new_error (task, AX_SYNC_ERROR, AX_SYNC_ERROR_NETWORK,
                               _("“%s” is not a server address"), self->base_url);
      return;
    }
  headers = soup_message_get_request_headers (call->msg);
  soup_message_headers_replace (headers, "X-Aesthetix-Schema", schema);
  if (authorized)
    {
      g_autofree char *auth = NULL;

      if (self->access_token == NULL)
        {
          g_task_return_new_error (task, AX_SYNC_ERROR, AX_SYNC_ERROR_NEEDS_LOGIN,
                                   _("Log in to the clinic server first"));
          return;
        }
      auth = g_strconcat ("Bearer ", self->access_token, NULL);
      soup_message_headers_replace (headers, "Authorization", auth);
    }
  if (body != NULL)
    {
      g_autoptr (JsonNode) node = json_node_init_object (json_node_alloc (), body);
      gsize len = 0;
      char *text = json_to_string (node, FALSE);
      g_autoptr (GBytes) bytes = NULL;

      len = strlen (text);
      bytes = g_bytes_new_take (text, len);
      soup_message_set_request_body_from_bytes (call->msg, "application/json", bytes);
    }
  soup_session_send_and_read_async (self->session, call->msg, G_PRIORITY_DEFAULT, cancellable,
                                    sent_cb, g_steal_pointer (&task));
}

JsonObject *
ax_sync_client_call_finish (AxSyncClient  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
ax_sync_client_enrol_async (AxSyncClient        *self,
                            const char          *code,
                            const char          *device_name,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  ax_sync_client_enrol_desk_async (self, code, device_name, NULL, cancellable, callback, user_data);
}

void
ax_sync_client_enrol_desk_async (AxSyncClient        *self,
                                 const char          *code,
                                 const char          *device_name,
                                 const char          *client_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr (JsonObject) body = json_object_new ();

  json_object_set_string_member (body, "code", code);
  json_object_set_string_member (body, "device_name", device_name ? device_name : g_get_host_name ());
  if (client_id != NULL)
    json_object_set_string_member (body, "client_id", client_id);
  call_async (self, "POST", "/devices/enrol", body, FALSE, AFTER_ENROL,
              ax_sync_client_enrol_async, cancellable, callback, user_data);
}

void
ax_sync_client_login_async (AxSyncClient        *self,
                            const char          *username,
                            const char          *password,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr (JsonObject) body = json_object_new ();

  json_object_set_string_member (body, "device_id", self->device_id ? self->device_id : "");
  json_object_set_string_member (body, "device_secret", self->device_secret ? self->device_secret : "");
  json_object_set_string_member (body, "username", username);
  json_object_set_string_member (body, "password", password);
  call_async (self, "POST", "/auth/login", body, FALSE, AFTER_TOKENS,
              ax_sync_client_login_async, cancellable, callback, user_data);
}

static void
refreshed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  AxSyncClient *self = AX_SYNC_CLIENT (source);
  g_autoptr (GPtrArray) waiting = g_steal_pointer (&self->refreshing);
  g_autoptr (JsonObject) reply = NULL;
  g_autoptr (GError) error = NULL;

  reply = ax_sync_client_call_finish (self, result, &error);
  for (guint i = 0; i < waiting->len; i++)
    {
      if (reply != NULL)
        g_task_return_pointer (waiting->pdata[i], json_object_ref (reply),
                               (GDestroyNotify) json_object_unref);
      else
        g_task_return_error (waiting->pdata[i], g_error_copy (error));
    }
  g_object_unref (self);
}

/* One refresh at a time: the refresh token is rotated, so the engine and the
 * blob worker asking together share one call. */
void
ax_sync_client_refresh_async (AxSyncClient        *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr (JsonObject) body = NULL;
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, ax_sync_client_refresh_async);
  if (self->refreshing != NULL)
    {
      g_ptr_array_add (self->refreshing, task);
      return;
    }
  self->refreshing = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (self->refreshing, task);
  body = json_object_new ();
  json_object_set_string_member (body, "refresh_token", self->refresh_token ? self->refresh_token : "");
  call_async (g_object_ref (self), "POST", "/auth/refresh", body, FALSE, AFTER_TOKENS,
              ax_sync_client_refresh_async, NULL, refreshed_cb, NULL);
}

void
ax_sync_client_push_async (AxSyncClient        *self,
                           const char          *client_id,
                           const char          *clinic_id,
                           JsonArray           *mutations,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr (JsonObject) body = json_object_new ();

  json_object_set_string_member (body, "client_id", client_id);
  /* The store's clinic: the server refuses it unless it is the token's. */
  if (clinic_id != NULL)
    json_object_set_string_member (body, "clinic_id", clinic_id);
  json_object_set_int_member (body, "schema_version", ax_db_latest_schema_version ());
  json_object_set_array_member (body, "mutations", json_array_ref (mutations));
  call_async (self, "POST", "/sync/push", body, TRUE, AFTER_NOTHING,
              ax_sync_client_push_async, cancellable, callback, user_data);
}

static void
pull (AxSyncClient        *self,
      const char          *cursor,
      guint                limit,
      const char          *client_id,
      const char          *clinic_id,
      AfterReply           after,
      gpointer             source_tag,
      GCancellable        *cancellable,
      GAsyncReadyCallback  callback,
      gpointer             user_data)
{
  g_autofree char *c = g_uri_escape_string (cursor ? cursor : "0", NULL, FALSE);
  g_autofree char *id = client_id ? g_uri_escape_string (client_id, NULL, FALSE) : NULL;
  g_autofree char *clinic = clinic_id ? g_uri_escape_string (clinic_id, NULL, FALSE) : NULL;
  g_autofree char *path = g_strdup_printf ("/sync/pull?cursor=%s&limit=%u%s%s%s%s", c, limit,
                                           id ? "&client_id=" : "", id ? id : "",
                                           clinic ? "&clinic_id=" : "", clinic ? clinic : "");

  call_async (self, "GET", path, NULL, TRUE, after, source_tag, cancellable, callback, user_data);
}

void
ax_sync_client_pull_async (AxSyncClient        *self,
                           const char          *cursor,
                           guint                limit,
                           const char          *client_id,
                           const char          *clinic_id,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  pull (self, cursor, limit, client_id, clinic_id, AFTER_PARSE_IN_THREAD, ax_sync_client_pull_async,
        cancellable, callback, user_data);
}

void
ax_sync_client_pull_text_async (AxSyncClient        *self,
                                const char          *cursor,
                                guint                limit,
                                const char          *client_id,
                                const char          *clinic_id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  pull (self, cursor, limit, client_id, clinic_id, AFTER_TEXT, ax_sync_client_pull_text_async,
        cancellable, callback, user_data);
}

GBytes *
ax_sync_client_pull_text_finish (AxSyncClient  *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Blobs */

static JsonObject *
sha_body (const char *sha256)
{
  JsonObject *body = json_object_new ();

  json_object_set_string_member (body, "sha256", sha256);
  return body;
}

void
ax_sync_client_blob_upload_async (AxSyncClient        *self,
                                  const char          *sha256,
                                  gint64               size,
                                  const char          *mime,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr (JsonObject) body = sha_body (sha256);

  json_object_set_int_member (body, "size", size);
  if (mime != NULL)
    json_object_set_string_member (body, "mime", mime);
  call_async (self, "POST", "/blobs/upload", body, TRUE, AFTER_NOTHING,
              ax_sync_client_blob_upload_async, cancellable, callback, user_data);
}

void
ax_sync_client_blob_confirm_async (AxSyncClient        *self,
                                   const char          *sha256,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr (JsonObject) body = sha_body (sha256);

  call_async (self, "POST", "/blobs/confirm", body, TRUE, AFTER_NOTHING,
              ax_sync_client_blob_confirm_async, cancellable, callback, user_data);
}

void
ax_sync_client_blob_download_async (AxSyncClient        *self,
                                    const char          *sha256,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr (JsonObject) body = sha_body (sha256);

  call_async (self, "POST", "/blobs/download", body, TRUE, AFTER_NOTHING,
              ax_sync_client_blob_download_async, cancellable, callback, user_data);
}

static void
transferred_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  SoupMessage *msg = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = NULL;
  guint status;

  bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (bytes == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, AX_SYNC_ERROR, AX_SYNC_ERROR_NETWORK,
                                 _("The clinic's file store cannot be reached (%s)"), error->message);
      return;
    }
  status = soup_message_get_status (msg);
  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_task_return_pointer (task, g_steal_pointer (&bytes), (GDestroyNotify) g_bytes_unref);
      return;
    }
  {
    g_autoptr (JsonObject) reply = parse_object (bytes);
    GError *refusal = refusal_error (status, reply);

    /* A link expired or no longer valid: a new one, later. */
    if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN || status >= 500)
      refusal->code = AX_SYNC_ERROR_SERVER;
    else
      refusal->code = AX_SYNC_ERROR_REFUSED;
    g_task_return_error (task, refusal);
  }
}

void
ax_sync_client_transfer_async (AxSyncClient        *self,
                               const char          *method,
                               const char          *url,
                               GInputStream        *body,
                               gint64               size,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);
  SoupMessage *msg;

  g_task_set_source_tag (task, ax_sync_client_transfer_async);
  msg = soup_message_new (method, url);
  if (msg == NULL)
    {
      g_task_return_new_error (task, AX_SYNC_ERROR, AX_SYNC_ERROR_BAD_REPLY,
                               _("The clinic server sent a file address this desk cannot use"));
      return;
    }
  g_task_set_task_data (task, msg, g_object_unref);
  if (body != NULL)
    soup_message_set_request_body (msg, "application/octet-stream", body, size);
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_LOW, cancellable,
                                    transferred_cb, g_steal_pointer (&task));
}

GBytes *
ax_sync_client_transfer_finish (AxSyncClient  *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
