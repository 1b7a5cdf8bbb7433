/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-server"

/* The HTTP side: routing, body limits, the JSON error body, schema versions,
 * bearer tokens, and the handlers of /api/v1 (docs/sync-protocol.md). Work
 * that touches a store (argon2id, push, pull) runs on a worker thread while
 * the message is paused, so the main loop keeps serving. */

#include "ax-server-private.h"
#include "ax-server-error.h"
#include "ax-server-token.h"
#include "ax-server-blobs.h"
#include "ax-db.h"
#include "ax-uuid.h"

#include <inttypes.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#define SCHEMA_HEADER "X-Aesthetix-Schema"
#define DEFAULT_PULL_LIMIT 500
#define MAX_PULL_LIMIT 5000

typedef struct _Request Request;
typedef JsonNode *(*Handler) (AxServer *self,
                              Request  *req,
                              GError  **error);

typedef struct
{
  const char *method;
  const char *path;
  Handler     handler;
  gboolean    needs_token;
  gboolean    needs_schema;
} Route;

struct _Request
{
  AxServer          *server;
  SoupServerMessage *msg;
  const Route       *route;
  guint              id;
  gint64             started_us;
  JsonNode          *body;     /* POST: the parsed object */
  char              *text;     /* a reply a handler wrote as JSON text itself */
  GHashTable        *query;    /* GET: a copy of the query */
  AxServerToken      token;
  guint              status;
};

static void
request_free (Request *req)
{
  g_clear_object (&req->msg);
  g_clear_pointer (&req->body, json_node_unref);
  g_free (req->text);
  g_clear_pointer (&req->query, g_hash_table_unref);
  ax_server_token_clear (&req->token);
  g_free (req);
}

static gint64
now_ms (void)
{
  return g_get_real_time () / 1000;
}

static void
log_request (Request *req)
{
  g_autofree char *id = g_strdup_printf ("%u", req->id);
  g_autofree char *status = g_strdup_printf ("%u", req->status);
  g_autofree char *duration = g_strdup_printf ("%.3f", (g_get_monotonic_time () - req->started_us) / 1000.0);
  const char *method = soup_server_message_get_method (req->msg);
  const char *path = g_uri_get_path (soup_server_message_get_uri (req->msg));

  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE,
                    "AX_REQUEST_ID", id,
                    "AX_METHOD", method,
                    "AX_PATH", path,
                    "AX_STATUS", status,
                    "AX_DURATION_MS", duration,
                    "MESSAGE", "#%s %s %s → %s (%s ms)", id, method, path, status, duration);
}

static void
respond_text (Request *req,
              guint    status,
              char    *text)
{
  gsize len = strlen (text);

  req->status = status;
  soup_server_message_set_status (req->msg, status, NULL);
  soup_server_message_set_response (req->msg, "application/json", SOUP_MEMORY_TAKE, text, len);
  log_request (req);
}

static void
respond_json (Request  *req,
              guint     status,
              JsonNode *body)
{
  respond_text (req, status, json_to_string (body, FALSE));
}

static JsonNode *
error_body (const char *code,
            const char *message)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "error");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "code");
  json_builder_add_string_value (b, code);
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, message);
  json_builder_end_object (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static void
respond_error (Request      *req,
               const GError *error)
{
  g_autoptr (JsonNode) body = NULL;
  guint status;
  const char *code;

  if (error->domain == AX_SERVER_ERROR)
    {
      status = ax_server_error_http_status (error->code);
      code = ax_server_error_code_string (error->code);
    }
  else
    {
      status = 500;
      code = "internal";
      g_warning ("Request #%u failed: %s", req->id, error->message);
    }
  body = error_body (code, error->message);
  respond_json (req, status, body);
}

static void
respond_error_code (Request    *req,
                    int         code,
                    const char *message)
{
  g_autoptr (GError) error = g_error_new_literal (AX_SERVER_ERROR, code, message);

  respond_error (req, error);
}

/* Body and field helpers */

static const char *
body_string (Request    *req,
             const char *name,
             gsize       max_chars,
             GError    **error)
{
  JsonObject *obj = json_node_get_object (req->body);
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING
      || *json_node_get_string (node) == '\0' || g_utf8_strlen (json_node_get_string (node), -1) > (glong) max_chars)
    {
      g_set_error (error, AX_SERVER_ERROR, AX_SERVER_ERROR_BAD_REQUEST,
                   _("“%s” must be text of 1 to %zu characters"), name, max_chars);
      return NULL;
    }
  return json_node_get_string (node);
}

static JsonNode *
token_reply (AxServer   *self,
             const char *clinic_id,
             const char *device_id,
             AxActor    *actor,
             GError    **error)
{
  const AxServerConfig *config = ax_server_get_config (self);
  AxServerToken token = { 0 };
  g_autofree char *access = NULL;
  g_autofree char *refresh = ax_server_random_token (32);
  g_autoptr (JsonBuilder) b = json_builder_new ();
  gint64 now = now_ms ();

  token.clinic_id = (char *) clinic_id;
  token.user_id = (char *) ax_actor_get_user_id (actor);
  token.role = ax_actor_get_role (actor);
  token.device_id = (char *) device_id;
  token.expires_ms = now + config->token_lifetime_s * 1000;
  access = ax_server_token_sign (self->secret, &token);
  if (!ax_server_registry_add_refresh (self->registry, refresh, clinic_id, token.user_id, device_id,
                                       now + config->refresh_lifetime_s * 1000, error))
    return NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "access_token");
  json_builder_add_string_value (b, access);
  json_builder_set_member_name (b, "expires_at");
  json_builder_add_int_value (b, token.expires_ms);
  json_builder_set_member_name (b, "refresh_token");
  json_builder_add_string_value (b, refresh);
  json_builder_set_member_name (b, "clinic_id");
  json_builder_add_string_value (b, clinic_id);
  json_builder_set_member_name (b, "user");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, ax_actor_get_user_id (actor));
  json_builder_set_member_name (b, "username");
  json_builder_add_string_value (b, ax_actor_get_username (actor));
  json_builder_set_member_name (b, "display_name");
  json_builder_add_string_value (b, ax_actor_get_display_name (actor));
  json_builder_end_object (b);
  json_builder_set_member_name (b, "role");
  json_builder_add_string_value (b, ax_role_to_string (ax_actor_get_role (actor)));
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* Handlers (on a worker thread) */

static JsonNode *
handle_enrol (AxServer *self,
              Request  *req,
              GError  **error)
{
  const char *code = body_string (req, "code", 64, error);
  const char *name = code ? body_string (req, "device_name", 100, error) : NULL;
  JsonNode *client_node = json_object_get_member (json_node_get_object (req->body), "client_id");
  const char *client_id = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *clinic_id = NULL;
  g_autofree char *device_code = NULL;
  g_autoptr (JsonBuilder) b = NULL;
  char device_id[AX_UUID_STRLEN];

  if (name == NULL)
    return NULL;
  /* A desk enrolled again names its push queue (its client id) to keep it;
   * checked before the code is spent. */
  if (client_node != NULL && (client_id = body_string (req, "client_id", 64, error)) == NULL)
    return NULL;
  ax_uuid_v7 (device_id);
  secret = ax_server_random_token (32);
  clinic_id = ax_server_registry_enrol (self->registry, code, device_id, name, secret, now_ms (),
                                        &device_code, error);
  if (clinic_id == NULL)
    return NULL;
  if (client_id != NULL)
    {
      AxServerClinic *clinic = ax_server_get_clinic (self, clinic_id, error);
      gboolean ok;

      if (clinic == NULL)
        return NULL;
      ax_server_clinic_lock (clinic);
      ok = ax_server_clinic_rebind_client (clinic, client_id, device_id, error);
      ax_server_clinic_unlock (clinic);
      if (!ok)
        return NULL;
    }
  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "device_id");
  json_builder_add_string_value (b, device_id);
  json_builder_set_member_name (b, "device_secret");
  json_builder_add_string_value (b, secret);
  json_builder_set_member_name (b, "clinic_id");
  json_builder_add_string_value (b, clinic_id);
  if (device_code != NULL)
    {
      json_builder_set_member_name (b, "device_code");
      json_builder_add_string_value (b, device_code);
    }
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static JsonNode *
handle_login (AxServer *self,
              Request  *req,
              GError  **error)
{
  const char *device_id = body_string (req, "device_id", 64, error);
  const char *secret = device_id ? body_string (req, "device_secret", 200, error) : NULL;
  const char *username = secret ? body_string (req, "username", 40, error) : NULL;
  const char *password = username ? body_string (req, "password", 200, error) : NULL;
  g_autofree char *clinic_id = NULL;
  g_autoptr (AxActor) actor = NULL;
  AxServerClinic *clinic;

  if (password == NULL)
    return NULL;
  clinic_id = ax_server_registry_check_device (self->registry, device_id, secret, error);
  if (clinic_id == NULL)
    return NULL;
  clinic = ax_server_get_clinic (self, clinic_id, error);
  if (clinic == NULL)
    return NULL;
  ax_server_clinic_lock (clinic);
  actor = ax_server_clinic_login (clinic, username, password, error);
  ax_server_clinic_unlock (clinic);
  if (actor == NULL)
    return NULL;
  return token_reply (self, clinic_id, device_id, actor, error);
}

static JsonNode *
handle_refresh (AxServer *self,
                Request  *req,
                GError  **error)
{
  const char *refresh = body_string (req, "refresh_token", 200, error);
  g_auto (AxServerRefresh) taken = { 0 };
  g_autoptr (AxActor) actor = NULL;
  AxServerClinic *clinic;

  if (refresh == NULL || !ax_server_registry_take_refresh (self->registry, refresh, now_ms (), &taken, error))
    return NULL;
  clinic = ax_server_get_clinic (self, taken.clinic_id, error);
  if (clinic == NULL)
    return NULL;
  ax_server_clinic_lock (clinic);
  actor = ax_server_clinic_actor (clinic, taken.user_id, error);
  ax_server_clinic_unlock (clinic);
  if (actor == NULL)
    return NULL;
  return token_reply (self, taken.clinic_id, taken.device_id, actor, error);
}

/* The clinic is the token's; a request that names another one is refused
 * rather than silently served from the token's clinic. */
static gboolean
check_named_clinic (Request    *req,
                    const char *named,
                    GError    **error)
{
  if (named != NULL && g_strcmp0 (named, req->token.clinic_id) != 0)
    {
      g_set_error (error, AX_SERVER_ERROR, AX_SERVER_ERROR_WRONG_CLINIC,
                   _("This token belongs to another clinic"));
      return FALSE;
    }
  return TRUE;
}

static JsonNode *
handle_push (AxServer *self,
             Request  *req,
             GError  **error)
{
  JsonObject *body = json_node_get_object (req->body);
  JsonNode *schema = json_object_get_member (body, "schema_version");
  JsonNode *named = json_object_get_member (body, "clinic_id");
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (req->msg),
                                                     SCHEMA_HEADER);
  g_autoptr (AxActor) actor = NULL;
  AxServerClinic *clinic;
  JsonNode *reply;

  if (schema != NULL && (!JSON_NODE_HOLDS_VALUE (schema) || json_node_get_value_type (schema) != G_TYPE_INT64
                         || json_node_get_int (schema) != g_ascii_strtoll (header, NULL, 10)))
    {
      g_set_error (error, AX_SERVER_ERROR, AX_SERVER_ERROR_BAD_REQUEST,
                   _("“schema_version” must be the number sent in " SCHEMA_HEADER));
      return NULL;
    }
  if (named != NULL && (!JSON_NODE_HOLDS_VALUE (named) || json_node_get_value_type (named) != G_TYPE_STRING))
    {
      g_set_error (error, AX_SERVER_ERROR, AX_SERVER_ERROR_BAD_REQUEST, _("“clinic_id” must be text"));
      return NULL;
    }
  if (!check_named_clinic (req, named ? json_node_get_string (named) : NULL, error))
    return NULL;
  clinic = ax_server_get_clinic (self, req->token.clinic_id, error);
  if (clinic == NULL)
    return NULL;
  ax_server_clinic_lock (clinic);
  /* Re-authorised as the user is now, not as the token says. */
  actor = ax_server_clinic_actor (clinic, req->token.user_id, error);
  reply = actor ? ax_server_clinic_push (clinic, actor, req->token.device_id, body, error) : NULL;
  ax_server_clinic_unlock (clinic);
  return reply;
}

static gboolean
query_int (Request    *req,
           const char *name,
           gint64      min,
           gint64      max,
           gint64     *out,
           GError    **error)
{
  const char *text = req->query ? g_hash_table_lookup (req->query, name) : NULL;
  guint64 value;

  if (text == NULL || *text == '\0')
    return TRUE;
  if (!g_ascii_string_to_unsigned (text, 10, min, max, &value, NULL))
    {
      g_set_error (error, AX_SERVER_ERROR, AX_SERVER_ERROR_BAD_REQUEST,
                   _("“%s” must be a number from %" PRId64 " to %" PRId64),
                   name, min, max);
      return FALSE;
    }
  *out = (gint64) value;
  return TRUE;
}

static JsonNode *
handle_pull (AxServer *self,
             Request  *req,
             GError  **error)
{
  gint64 cursor = 0, limit = DEFAULT_PULL_LIMIT;
  const char *client_id = req->query ? g_hash_table_lookup (req->query, "client_id") : NULL;
  AxServerClinic *clinic;

  if (!query_int (req, "cursor", 0, G_MAXINT64, &cursor, error)
      || !query_int (req, "limit", 1, MAX_PULL_LIMIT, &limit, error)
      || !check_named_clinic (req, req->query ? g_hash_table_lookup (req->query, "clinic_id") : NULL, error))
    return NULL;
  clinic = ax_server_get_clinic (self, req->token.clinic_id, error);
  if (clinic == NULL)
    return NULL;
  req->text = ax_server_clinic_pull (clinic, req->token.user_id, cursor, (guint) limit, client_id, error);
  /* The reply is the text; the node only says it succeeded. */
  return req->text ? json_node_new (JSON_NODE_NULL) : NULL;
}

static JsonNode *
handle_info (AxServer *self,
             Request  *req,
             GError  **error)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "server");
  json_builder_add_string_value (b, "aesthetix-server");
  json_builder_set_member_name (b, "version");
  json_builder_add_string_value (b, AX_VERSION);
  json_builder_set_member_name (b, "schema_version");
  json_builder_add_int_value (b, ax_db_latest_schema_version ());
  json_builder_set_member_name (b, "min_schema_version");
  json_builder_add_int_value (b, ax_db_latest_schema_version () - 1);
  json_builder_set_member_name (b, "server_time");
  json_builder_add_int_value (b, now_ms ());
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* The server's address as this desk reached it, for the blob URLs it hands out. */
static char *
base_url (Request *req)
{
  GUri *uri = soup_server_message_get_uri (req->msg);

  return g_uri_join (G_URI_FLAGS_NONE, g_uri_get_scheme (uri), NULL, g_uri_get_host (uri),
                     g_uri_get_port (uri), "", NULL, NULL);
}

static JsonNode *
handle_blob_upload (AxServer *self,
                    Request  *req,
                    GError  **error)
{
  g_autofree char *base = base_url (req);

  return ax_server_blobs_upload (self, base, req->token.clinic_id, json_node_get_object (req->body), error);
}

static JsonNode *
handle_blob_confirm (AxServer *self,
                     Request  *req,
                     GError  **error)
{
  return ax_server_blobs_confirm (self, req->token.clinic_id, json_node_get_object (req->body), error);
}

static JsonNode *
handle_blob_download (AxServer *self,
                      Request  *req,
                      GError  **error)
{
  g_autofree char *base = base_url (req);

  return ax_server_blobs_download (self, base, req->token.clinic_id, json_node_get_object (req->body), error);
}

static const Route routes[] = {
  { "GET", "/api/v1/info", handle_info, FALSE, FALSE },
  { "POST", "/api/v1/devices/enrol", handle_enrol, FALSE, TRUE },
  { "POST", "/api/v1/auth/login", handle_login, FALSE, TRUE },
  { "POST", "/api/v1/auth/refresh", handle_refresh, FALSE, TRUE },
  { "POST", "/api/v1/sync/push", handle_push, TRUE, TRUE },
  { "GET", "/api/v1/sync/pull", handle_pull, TRUE, TRUE },
  { "POST", "/api/v1/blobs/upload", handle_blob_upload, TRUE, TRUE },
  { "POST", "/api/v1/blobs/confirm", handle_blob_confirm, TRUE, TRUE },
  { "POST", "/api/v1/blobs/download", handle_blob_download, TRUE, TRUE },
};

/* Running a handler */

static gboolean parse_body  (Request *req,
                             GError **error);
static gboolean check_token (Request *req,
                             GError **error);

static void
handler_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Request *req = task_data;
  GError *error = NULL;
  g_autoptr (JsonNode) reply = NULL;

  /* The body is read and checked here, off the main loop (a batch of 500
   * mutations is 150 KB of JSON), in the order the main loop used to. */
  if ((req->body == NULL && strcmp (req->route->method, "POST") == 0 && !parse_body (req, &error))
      || (req->route->needs_token && !check_token (req, &error)))
    {
      g_task_return_error (task, error);
      return;
    }
  reply = req->route->handler (req->server, req, &error);
  if (reply == NULL)
    g_task_return_error (task, error);
  else
    /* Written here too, off the main loop. */
    g_task_return_pointer (task, req->text ? g_steal_pointer (&req->text) : json_to_string (reply, FALSE),
                           g_free);
}

static void
handler_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Request *req = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  char *text = g_task_propagate_pointer (G_TASK (result), &error);

  if (text != NULL)
    respond_text (req, 200, text);
  else
    respond_error (req, error);
  soup_server_message_unpause (req->msg);
}

/* Checks */

static gboolean
check_schema (Request *req,
              GError **error)
{
  const char *text = soup_message_headers_get_one (soup_server_message_get_request_headers (req->msg),
                                                   SCHEMA_HEADER);
  int latest = ax_db_latest_schema_version ();
  gint64 version;

  if (text == NULL || !g_ascii_string_to_signed (text, 10, 0, G_MAXINT, &version, NULL))
    {
      g_set_error (error, AX_SERVER_ERROR, AX_SERVER_ERROR_SCHEMA_MISSING,
                   _("Every request carries the client’s schema version in the "
                     SCHEMA_HEADER " header (this server is at %d)"), latest);
      return FALSE;
    }
  if (version < latest - 1)
    {
      g_set_error (error, AX_SERVER_ERROR, AX_SERVER_ERROR_UPDATE_NEEDED,
                   _("This version of Aesthetix is too old for the clinic server (schema %d; "
                     "the server needs %d or %d): update it. It keeps working offline."),
                   (int) version, latest - 1, latest);
      return FALSE;
    }
  if (version > latest)
    {
      g_set_error (error, AX_SERVER_ERROR, AX_SERVER_ERROR_SCHEMA_TOO_NEW,
                   _("The clinic server is older than this Aesthetix (schema %d; the server "
                     "knows up to %d): update the server"), (int) version, latest);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_token (Request *req,
             GError **error)
{
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (req->msg),
                                                   "Authorization");

  if (auth == NULL || !g_str_has_prefix (auth, "Bearer "))
    {
      g_set_error (error, AX_SERVER_ERROR, AX_SERVER_ERROR_UNAUTHORIZED,
                   _("Log in first: this request needs an access token "
                     "(Authorization: Bearer …)"));
      return FALSE;
    }
  return ax_server_token_verify (req->server->secret, auth + strlen ("Bearer "), now_ms (),
                                 &req->token, error);
}

static gboolean
parse_body (Request *req,
            GError **error)
{
  SoupMessageBody *body = soup_server_message_get_request_body (req->msg);
  g_autoptr (GBytes) bytes = soup_message_body_flatten (body);
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  g_autoptr (GError) local = NULL;

  if ((gint64) len > ax_server_get_config (req->server)->max_body_bytes)
    {
      g_set_error (error, AX_SERVER_ERROR, AX_SERVER_ERROR_TOO_LARGE,
                   _("The request is larger than this server accepts (%" PRId64 " bytes)"),
                   ax_server_get_config (req->server)->max_body_bytes);
      return FALSE;
    }
  if (len == 0 || data == NULL)
    {
      g_set_error (error, AX_SERVER_ERROR, AX_SERVER_ERROR_MALFORMED_JSON,
                   _("The request has no body; it must be a JSON object"));
      return FALSE;
    }
  if (!g_utf8_validate (data, len, NULL) || memchr (data, '\0', len) != NULL)
    {
      g_set_error (error, AX_SERVER_ERROR, AX_SERVER_ERROR_INVALID_UTF8,
                   _("The request body is not valid UTF-8 text"));
      return FALSE;
    }
  if (!json_parser_load_from_data (parser, data, (gssize) len, &local))
    {
      g_set_error (error, AX_SERVER_ERROR, AX_SERVER_ERROR_MALFORMED_JSON,
                   _("The request body is not valid JSON: %s"), local->message);
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, AX_SERVER_ERROR, AX_SERVER_ERROR_BAD_REQUEST,
                   _("The request body must be a JSON object"));
      return FALSE;
    }
  req->body = json_node_ref (json_parser_get_root (parser));
  return TRUE;
}

static void
copy_query (gpointer key,
            gpointer value,
            gpointer data)
{
  g_hash_table_insert (data, g_strdup (key), g_strdup (value));
}

static void
api_cb (SoupServer        *soup,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           user_data)
{
  AxServer *self = user_data;
  Request *req = g_new0 (Request, 1);
  const char *method = soup_server_message_get_method (msg);
  gboolean path_known = FALSE;
  g_autoptr (GError) error = NULL;
  GTask *task;

  req->server = self;
  req->msg = g_object_ref (msg);
  req->id = g_atomic_int_add (&self->next_request, 1) + 1;
  req->started_us = g_get_monotonic_time ();

  for (gsize i = 0; i < G_N_ELEMENTS (routes) && req->route == NULL; i++)
    if (strcmp (routes[i].path, path) == 0)
      {
        path_known = TRUE;
        if (strcmp (routes[i].method, method) == 0)
          req->route = &routes[i];
      }
  if (req->route == NULL)
    {
      if (path_known)
        respond_error_code (req, AX_SERVER_ERROR_METHOD, _("This address does not take that method"));
      else
        respond_error_code (req, AX_SERVER_ERROR_NOT_FOUND, _("There is nothing at this address"));
      request_free (req);
      return;
    }

  /* The body and the token are checked on the worker (handler_thread). */
  if (req->route->needs_schema && !check_schema (req, &error))
    {
      respond_error (req, error);
      request_free (req);
      return;
    }
  if (query != NULL)
    {
      req->query = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_hash_table_foreach (query, copy_query, req->query);
    }

  soup_server_message_pause (msg);
  task = g_task_new (NULL, NULL, handler_done_cb, NULL);
  g_task_set_task_data (task, req, (GDestroyNotify) request_free);
  g_task_run_in_thread (task, handler_thread);
  g_object_unref (task);
}

/* A declared Content-Length over the limit is refused before the body is read. */
static void
early_cb (SoupServer        *soup,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  AxServer *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  gint64 limit = g_str_has_prefix (path, "/blobs/") ? ax_server_get_config (self)->max_blob_bytes
                                                    : ax_server_get_config (self)->max_body_bytes;

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH
      && soup_message_headers_get_content_length (headers) > limit)
    {
      Request req = { 0 };
      g_autoptr (GError) error = g_error_new (AX_SERVER_ERROR, AX_SERVER_ERROR_TOO_LARGE,
                                              _("The request is larger than this server accepts "
                                                "(%" PRId64 " bytes)"), limit);

      req.server = self;
      req.msg = msg;
      req.id = g_atomic_int_add (&self->next_request, 1) + 1;
      req.started_us = g_get_monotonic_time ();
      respond_error (&req, error);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
    }
}

static void
fallback_cb (SoupServer        *soup,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  AxServer *self = user_data;
  Request req = { 0 };

  req.server = self;
  req.msg = msg;
  req.id = g_atomic_int_add (&self->next_request, 1) + 1;
  req.started_us = g_get_monotonic_time ();
  respond_error_code (&req, AX_SERVER_ERROR_NOT_FOUND, _("There is nothing at this address"));
}

void
ax_server_http_setup (AxServer *self)
{
  soup_server_add_early_handler (self->soup, NULL, early_cb, self, NULL);
  soup_server_add_handler (self->soup, "/api/v1", api_cb, self, NULL);
  ax_server_blobs_setup (self);
  soup_server_add_handler (self->soup, NULL, fallback_cb, self, NULL);
}

void
ax_server_http_respond (AxServer          *self,
                        SoupServerMessage *msg,
                        gint64             started_us,
                        guint              status,
                        JsonNode          *reply,
                        const GError      *error)
{
  Request req = { 0 };

  req.server = self;
  req.msg = msg;
  req.id = g_atomic_int_add (&self->next_request, 1) + 1;
  req.started_us = started_us;
  if (reply != NULL)
    respond_json (&req, status ? status : 200, reply);
  else
    respond_error (&req, error);
}

void
ax_server_http_respond_bytes (AxServer          *self,
                              SoupServerMessage *msg,
                              gint64             started_us,
                              const char        *content_type,
                              GBytes            *bytes)
{
  Request req = { 0 };
  gsize len = 0;
  gconstpointer data = g_bytes_get_data (bytes, &len);

  req.server = self;
  req.msg = msg;
  req.id = g_atomic_int_add (&self->next_request, 1) + 1;
  req.started_us = started_us;
  req.status = 200;
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, data, len);
  log_request (&req);
}
