/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-server"

#include "ax-server-private.h"
#include "ax-server-error.h"
#include "ax-server-token.h"
#include "ax-audit.h"
#include "ax-demo.h"

#include "ax-uuid.h"

#include <inttypes.h>
#include <errno.h>
#include <string.h>
#include <glib/gstdio.h>
#include <glib/gi18n-lib.h>

G_DEFINE_FINAL_TYPE (AxServer, ax_server, G_TYPE_OBJECT)

static void
ax_server_finalize (GObject *object)
{
  AxServer *self = AX_SERVER (object);

  g_clear_object (&self->soup);
  g_clear_pointer (&self->clinics, g_hash_table_unref);
  g_clear_pointer (&self->registry, ax_server_registry_free);
  g_clear_pointer (&self->secret, g_bytes_unref);
  g_clear_pointer (&self->config, ax_server_config_free);
  g_mutex_clear (&self->clinics_lock);
  G_OBJECT_CLASS (ax_server_parent_class)->finalize (object);
}

static void
ax_server_class_init (AxServerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ax_server_finalize;
}

static void
ax_server_init (AxServer *self)
{
  g_mutex_init (&self->clinics_lock);
  self->clinics = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) ax_server_clinic_free);
}

AxServer *
ax_server_new (AxServerConfig *config,
               GError        **error)
{
  g_autoptr (AxServer) self = g_object_new (AX_TYPE_SERVER, NULL);
  g_autofree char *clinics_dir = NULL;

  self->config = config;
  clinics_dir = g_build_filename (config->data_dir, "clinics", NULL);
  if (g_mkdir_with_parents (clinics_dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Cannot create the data directory “%s”: %s"), clinics_dir,
                   g_strerror (saved));
      return NULL;
    }
  self->secret = ax_server_secret_load (config->data_dir, error);
  if (self->secret == NULL)
    return NULL;
  self->registry = ax_server_registry_open (config->data_dir, error);
  if (self->registry == NULL)
    return NULL;
  return g_steal_pointer (&self);
}

const AxServerConfig *
ax_server_get_config (AxServer *self)
{
  return self->config;
}

AxServerRegistry *
ax_server_get_registry (AxServer *self)
{
  return self->registry;
}

AxServerClinic *
ax_server_get_clinic (AxServer   *self,
                      const char *clinic_id,
                      GError    **error)
{
  AxServerClinic *clinic;

  g_mutex_lock (&self->clinics_lock);
  clinic = g_hash_table_lookup (self->clinics, clinic_id);
  if (clinic == NULL)
    {
      if (!ax_server_registry_has_clinic (self->registry, clinic_id))
        g_set_error (error, AX_SERVER_ERROR, AX_SERVER_ERROR_NOT_FOUND,
                     _("There is no clinic %s on this server"), clinic_id);
      else
        {
          g_autofree char *path = ax_server_clinic_path (self->config->data_dir, clinic_id);

          clinic = ax_server_clinic_open (path, self->config, error);
          if (clinic != NULL)
            g_hash_table_insert (self->clinics, g_strdup (clinic_id), clinic);
        }
    }
  g_mutex_unlock (&self->clinics_lock);
  return clinic;
}

gboolean
ax_server_listen (AxServer *self,
                  GError  **error)
{
  g_autoptr (GSocketAddress) address = NULL;
  SoupServerListenOptions options = 0;

  self->soup = soup_server_new ("server-header", "aesthetix-server/" AX_VERSION, NULL);
  if (self->config->tls_certificate != NULL || self->config->tls_key != NULL)
    {
      g_autoptr (GTlsCertificate) cert = NULL;

      if (self->config->tls_certificate == NULL || self->config->tls_key == NULL)
        {
          g_set_error (error, AX_SERVER_ERROR, AX_SERVER_ERROR_INTERNAL,
                       _("HTTPS needs both a certificate and a key (tls-certificate, tls-key)"));
          return FALSE;
        }
      cert = g_tls_certificate_new_from_files (self->config->tls_certificate,
                                               self->config->tls_key, error);
      if (cert == NULL)
        return FALSE;
      soup_server_set_tls_certificate (self->soup, cert);
      options |= SOUP_SERVER_LISTEN_HTTPS;
    }
  ax_server_http_setup (self);

  address = g_inet_socket_address_new_from_string (self->config->listen_address,
                                                   (guint) self->config->port);
  if (address == NULL)
    {
      g_set_error (error, AX_SERVER_ERROR, AX_SERVER_ERROR_INTERNAL,
                   _("“%s” is not an IP address to listen on"), self->config->listen_address);
      return FALSE;
    }
  return soup_server_listen (self->soup, address, options, error);
}

char *
ax_server_get_url (AxServer *self)
{
  GSList *uris = self->soup ? soup_server_get_uris (self->soup) : NULL;
  char *url = NULL;

  if (uris != NULL)
    {
      GUri *uri = uris->data;
      const char *host = g_uri_get_host (uri);

      url = g_strdup_printf ("%s://%s%s%s:%d", g_uri_get_scheme (uri),
                             strchr (host, ':') ? "[" : "", host, strchr (host, ':') ? "]" : "",
                             g_uri_get_port (uri));
    }
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return url;
}

/* Admin tasks */

static AxActor *
setup_actor (void)
{
  return ax_actor_new (NULL, "aesthetix-server", "Clinic server setup", AX_ROLE_OWNER);
}

char *
ax_server_create_clinic (AxServer   *self,
                         const char *name,
                         const char *code,
                         const char *currency,
                         const char *timezone,
                         GError    **error)
{
  g_autoptr (AxActor) actor = setup_actor ();
  g_autoptr (JsonObject) args = json_object_new ();
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (JsonNode) result = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GTimeZone) tz = NULL;
  AxServerClinic *clinic;
  char id[AX_UUID_STRLEN];

  if (timezone != NULL && (tz = g_time_zone_new_identifier (timezone)) == NULL)
    {
      g_set_error (error, AX_SERVER_ERROR, AX_SERVER_ERROR_BAD_REQUEST,
                   _("“%s” is not a time zone (try Asia/Bangkok)"), timezone);
      return NULL;
    }
  ax_uuid_v7 (id);
  json_object_set_string_member (args, "id", id);
  json_object_set_string_member (args, "name", name);
  if (code != NULL)
    json_object_set_string_member (args, "code", code);
  if (currency != NULL)
    json_object_set_string_member (args, "currency", currency);
  if (timezone != NULL)
    json_object_set_string_member (args, "timezone", timezone);
  node = json_node_init_object (json_node_alloc (), args);

  path = ax_server_clinic_path (self->config->data_dir, id);
  clinic = ax_server_clinic_open (path, self->config, error);
  if (clinic == NULL)
    return NULL;
  result = ax_store_mutate (ax_server_clinic_get_store (clinic), actor, "clinic.create", node, error);
  if (result == NULL || !ax_server_registry_add_clinic (self->registry, id, name, error))
    {
      ax_server_clinic_free (clinic);
      g_unlink (path);
      return NULL;
    }
  g_mutex_lock (&self->clinics_lock);
  g_hash_table_insert (self->clinics, g_strdup (id), clinic);
  g_mutex_unlock (&self->clinics_lock);
  return g_strdup (id);
}

/* The demo clinic the desktop's --seed-demo makes (users of every role,
 * password "demo"), seeded into a store of its own, then versioned as if
 * pushed, so a fresh desk paired to it pulls all of it. Each call makes a
 * new clinic (its own id). */
char *
ax_server_create_demo_clinic (AxServer   *self,
                              guint       patients,
                              gint64     *n_rows,
                              GError    **error)
{
  g_autofree char *seeding = g_build_filename (self->config->data_dir, "clinics",
                                               "demo-seeding.db", NULL);
  g_autofree char *id = NULL, *name = NULL, *path = NULL;
  AxDemoOptions options = { .patients = patients };
  AxServerClinic *clinic;

  {
    g_autoptr (AxStore) store = NULL;
    const AxClinicInfo *info;

    for (const char *const *suffix = (const char *const[]) { "", "-wal", "-shm", NULL };
         *suffix != NULL; suffix++)
      {
        g_autofree char *file = g_strconcat (seeding, *suffix, NULL);

        g_unlink (file);
      }
    store = ax_store_open (seeding, error);
    if (store == NULL || !ax_demo_seed (store, &options, NULL, error))
      return NULL;
    info = ax_store_get_clinic (store);
    id = g_strdup (info->id);
    name = g_strdup (info->name);
  }
  path = ax_server_clinic_path (self->config->data_dir, id);
  if (ax_server_registry_has_clinic (self->registry, id)
      || g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_unlink (seeding);
      g_set_error (error, AX_SERVER_ERROR, AX_SERVER_ERROR_CONFLICT,
                   _("A clinic with the demo's id %s is already on this server"), id);
      return NULL;
    }
  if (g_rename (seeding, path) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Cannot move the demo clinic into place: %s"), g_strerror (saved));
      return NULL;
    }
  clinic = ax_server_clinic_open (path, self->config, error);
  if (clinic == NULL)
    return NULL;
  if (!ax_server_clinic_version_unversioned (clinic, n_rows, error)
      || !ax_server_registry_add_clinic (self->registry, id, name, error))
    {
      ax_server_clinic_free (clinic);
      g_unlink (path);
      return NULL;
    }
  g_mutex_lock (&self->clinics_lock);
  g_hash_table_insert (self->clinics, g_strdup (id), clinic);
  g_mutex_unlock (&self->clinics_lock);
  return g_steal_pointer (&id);
}

char *
ax_server_create_user (AxServer   *self,
                       const char *clinic_id,
                       const char *username,
                       const char *display_name,
                       AxRole      role,
                       const char *password,
                       GError    **error)
{
  AxServerClinic *clinic = ax_server_get_clinic (self, clinic_id, error);
  g_autoptr (AxActor) actor = setup_actor ();
  g_autoptr (JsonObject) args = json_object_new ();
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (JsonNode) result = NULL;

  if (clinic == NULL)
    return NULL;
  json_object_set_string_member (args, "username", username);
  json_object_set_string_member (args, "display_name", display_name ? display_name : username);
  json_object_set_string_member (args, "role", ax_role_to_string (role));
  json_object_set_string_member (args, "password", password);
  node = json_node_init_object (json_node_alloc (), args);
  ax_server_clinic_lock (clinic);
  result = ax_store_mutate (ax_server_clinic_get_store (clinic), actor, "user.create", node, error);
  ax_server_clinic_unlock (clinic);
  if (result == NULL)
    return NULL;
  return g_strdup (json_object_get_string_member (json_node_get_object (result), "id"));
}

char *
ax_server_enrol_code (AxServer   *self,
                      const char *clinic_id,
                      gint64     *expires_ms,
                      GError    **error)
{
  g_autofree char *code = ax_server_random_code ();
  gint64 expires = g_get_real_time () / 1000 + self->config->enrol_code_lifetime_s * 1000;

  if (!ax_server_registry_has_clinic (self->registry, clinic_id))
    {
      g_set_error (error, AX_SERVER_ERROR, AX_SERVER_ERROR_NOT_FOUND,
                   _("There is no clinic %s on this server"), clinic_id);
      return NULL;
    }
  if (!ax_server_registry_add_code (self->registry, clinic_id, code, expires, error))
    return NULL;
  if (expires_ms != NULL)
    *expires_ms = expires;
  return g_steal_pointer (&code);
}

gboolean
ax_server_verify_audit (AxServer   *self,
                        const char *clinic_id,
                        gint64     *n_checked,
                        GError    **error)
{
  AxServerClinic *clinic = ax_server_get_clinic (self, clinic_id, error);
  gint64 bad = 0;
  gboolean ok;

  if (clinic == NULL)
    return FALSE;
  ax_server_clinic_lock (clinic);
  ok = ax_audit_verify (ax_store_get_db (ax_server_clinic_get_store (clinic)), &bad, n_checked, error);
  ax_server_clinic_unlock (clinic);
  if (!ok && error != NULL && *error == NULL)
    g_set_error (error, AX_SERVER_ERROR, AX_SERVER_ERROR_INTERNAL,
                 _("The audit chain is broken at entry %" PRId64), bad);
  return ok;
}
