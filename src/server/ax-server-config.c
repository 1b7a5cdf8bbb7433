/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-server"

#include "ax-server-config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>

AxServerConfig *
ax_server_config_new (void)
{
  AxServerConfig *config = g_new0 (AxServerConfig, 1);

  config->listen_address = g_strdup ("127.0.0.1");
  config->port = AX_SERVER_DEFAULT_PORT;
  config->data_dir = g_build_filename (g_get_user_data_dir (), "aesthetix-server", NULL);
  config->max_body_bytes = 8 * 1024 * 1024;
  config->token_lifetime_s = 15 * 60;
  config->refresh_lifetime_s = 30 * 24 * 3600;
  config->enrol_code_lifetime_s = 24 * 3600;
  config->max_clock_ahead_ms = 60 * 1000;
  config->max_blob_bytes = 64 * 1024 * 1024;
  config->blob_url_lifetime_s = 15 * 60;
  config->s3_region = g_strdup ("us-east-1");
  return config;
}

void
ax_server_config_free (AxServerConfig *config)
{
  if (config == NULL)
    return;
  g_free (config->listen_address);
  g_free (config->data_dir);
  g_free (config->tls_certificate);
  g_free (config->tls_key);
  g_free (config->s3_endpoint);
  g_free (config->s3_region);
  g_free (config->s3_access_key);
  g_free (config->s3_secret_key);
  g_free (config);
}

static gboolean
read_string (GKeyFile   *file,
             const char *group,
             const char *key,
             char      **out,
             GError    **error)
{
  g_autoptr (GError) local = NULL;
  char *value = g_key_file_get_string (file, group, key, &local);

  if (value == NULL)
    {
      if (g_error_matches (local, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND)
          || g_error_matches (local, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_GROUP_NOT_FOUND))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  g_free (*out);
  *out = value;
  return TRUE;
}

static gboolean
read_int (GKeyFile   *file,
          const char *key,
          gint64      min,
          gint64      max,
          gint64     *out,
          GError    **error)
{
  g_autoptr (GError) local = NULL;
  gint64 value;

  if (!g_key_file_has_key (file, "server", key, NULL))
    return TRUE;
  value = g_key_file_get_int64 (file, "server", key, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (value < min || value > max)
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                   _("“%s” must be between %" PRId64 " and %" PRId64),
                   key, min, max);
      return FALSE;
    }
  *out = value;
  return TRUE;
}

gboolean
ax_server_config_load (AxServerConfig *config,
                       const char     *path,
                       GError        **error)
{
  g_autoptr (GKeyFile) file = g_key_file_new ();
  gint64 port = config->port;

  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, error))
    {
      g_prefix_error (error, _("Cannot read the configuration “%s”: "), path);
      return FALSE;
    }
  if (!read_string (file, "server", "listen-address", &config->listen_address, error)
      || !read_int (file, "port", 0, 65535, &port, error)
      || !read_string (file, "server", "data-dir", &config->data_dir, error)
      || !read_string (file, "server", "tls-certificate", &config->tls_certificate, error)
      || !read_string (file, "server", "tls-key", &config->tls_key, error)
      || !read_int (file, "max-body-bytes", 1024, G_GINT64_CONSTANT (1) << 32,
                    &config->max_body_bytes, error)
      || !read_int (file, "token-lifetime", 10, 24 * 3600, &config->token_lifetime_s, error)
      || !read_int (file, "refresh-lifetime", 60, 365 * 24 * 3600,
                    &config->refresh_lifetime_s, error)
      || !read_int (file, "enrol-code-lifetime", 60, 30 * 24 * 3600,
                    &config->enrol_code_lifetime_s, error)
      || !read_int (file, "max-clock-ahead-ms", 1000, 24 * 3600 * 1000,
                    &config->max_clock_ahead_ms, error)
      || !read_int (file, "max-blob-bytes", 1024, G_GINT64_CONSTANT (1) << 34,
                    &config->max_blob_bytes, error)
      || !read_int (file, "blob-url-lifetime", 10, 7 * 24 * 3600, &config->blob_url_lifetime_s, error)
      || !read_string (file, "s3", "endpoint", &config->s3_endpoint, error)
      || !read_string (file, "s3", "region", &config->s3_region, error)
      || !read_string (file, "s3", "access-key", &config->s3_access_key, error)
      || !read_string (file, "s3", "secret-key", &config->s3_secret_key, error))
    {
      g_prefix_error (error, _("In the configuration “%s”: "), path);
      return FALSE;
    }
  if (config->s3_endpoint != NULL && (config->s3_access_key == NULL || config->s3_secret_key == NULL))
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND,
                   _("In the configuration “%s”: [s3] has an endpoint but no access-key and "
                     "secret-key"), path);
      return FALSE;
    }
  config->port = (int) port;
  return TRUE;
}
