/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-server"

#include "ax-server-token.h"
#include "ax-server-error.h"

#include <inttypes.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <string.h>
#include <sodium.h>
#include <glib/gstdio.h>
#include <glib/gi18n-lib.h>

#define SECRET_BYTES 32

void
ax_server_token_clear (AxServerToken *token)
{
  g_clear_pointer (&token->clinic_id, g_free);
  g_clear_pointer (&token->user_id, g_free);
  g_clear_pointer (&token->device_id, g_free);
}

static char *
base64url_encode (const guint8 *data,
                  gsize         len)
{
  char *text = g_base64_encode (data, len);

  for (char *p = text; *p; p++)
    if (*p == '+')
      *p = '-';
    else if (*p == '/')
      *p = '_';
    else if (*p == '=')
      {
        *p = '\0';
        break;
      }
  return text;
}

static guint8 *
base64url_decode (const char *text,
                  gsize      *len)
{
  GString *s = g_string_new (text);

  for (gsize i = 0; i < s->len; i++)
    {
      if (s->str[i] == '-')
        s->str[i] = '+';
      else if (s->str[i] == '_')
        s->str[i] = '/';
      else if (!g_ascii_isalnum (s->str[i]))
        {
          g_string_free (s, TRUE);
          return NULL;
        }
    }
  while (s->len % 4 != 0)
    g_string_append_c (s, '=');
  {
    guint8 *out = g_base64_decode (s->str, len);
    g_string_free (s, TRUE);
    return out;
  }
}

GBytes *
ax_server_secret_load (const char *data_dir,
                       GError    **error)
{
  g_autofree char *path = g_build_filename (data_dir, "server.key", NULL);
  g_autofree char *contents = NULL;
  gsize len = 0;
  guint8 secret[SECRET_BYTES];
  int fd;

  if (g_file_get_contents (path, &contents, &len, NULL))
    {
      if (len != SECRET_BYTES)
        {
          g_set_error (error, AX_SERVER_ERROR, AX_SERVER_ERROR_INTERNAL,
                       _("The server key “%s” is damaged (%zu bytes, not %d); "
                         "remove it to make a new one (every token is then invalid)"),
                       path, len, SECRET_BYTES);
          return NULL;
        }
      return g_bytes_new (contents, len);
    }

  randombytes_buf (secret, sizeof secret);
  fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0 || write (fd, secret, sizeof secret) != sizeof secret || fsync (fd) != 0)
    {
      int saved = errno;
      if (fd >= 0)
        close (fd);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Cannot write the server key “%s”: %s"), path, g_strerror (saved));
      return NULL;
    }
  close (fd);
  return g_bytes_new (secret, sizeof secret);
}

static char *
sign_part (GBytes     *secret,
           const char *part)
{
  g_autoptr (GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, g_bytes_get_data (secret, NULL),
                                       g_bytes_get_size (secret));
  guint8 digest[32];
  gsize len = sizeof digest;

  g_hmac_update (hmac, (const guchar *) part, strlen (part));
  g_hmac_get_digest (hmac, digest, &len);
  return base64url_encode (digest, len);
}

char *
ax_server_token_sign (GBytes              *secret,
                      const AxServerToken *token)
{
  g_autofree char *payload = g_strdup_printf ("1|%s|%s|%s|%s|%" G_GINT64_FORMAT,
                                              token->clinic_id, token->user_id,
                                              ax_role_to_string (token->role),
                                              token->device_id, token->expires_ms);
  g_autofree char *part = base64url_encode ((const guint8 *) payload, strlen (payload));
  g_autofree char *sig = sign_part (secret, part);

  return g_strconcat (part, ".", sig, NULL);
}

gboolean
ax_server_token_verify (GBytes        *secret,
                        const char    *text,
                        gint64         now_ms,
                        AxServerToken *out,
                        GError       **error)
{
  const char *dot = text ? strchr (text, '.') : NULL;
  g_autofree char *part = NULL;
  g_autofree char *sig = NULL;
  g_autofree guint8 *payload = NULL;
  g_autofree char *payload_text = NULL;
  g_auto (GStrv) fields = NULL;
  gsize len = 0;

  memset (out, 0, sizeof *out);
  if (dot == NULL || dot == text)
    goto forged;
  part = g_strndup (text, dot - text);
  sig = sign_part (secret, part);
  if (strlen (sig) != strlen (dot + 1) || sodium_memcmp (sig, dot + 1, strlen (sig)) != 0)
    goto forged;
  payload = base64url_decode (part, &len);
  if (payload == NULL)
    goto forged;
  payload_text = g_strndup ((const char *) payload, len);
  fields = g_strsplit (payload_text, "|", -1);
  if (g_strv_length (fields) != 6 || strcmp (fields[0], "1") != 0)
    goto forged;
  out->clinic_id = g_strdup (fields[1]);
  out->user_id = g_strdup (fields[2]);
  out->role = ax_role_from_string (fields[3]);
  out->device_id = g_strdup (fields[4]);
  out->expires_ms = g_ascii_strtoll (fields[5], NULL, 10);
  if (out->expires_ms <= now_ms)
    {
      ax_server_token_clear (out);
      g_set_error (error, AX_SERVER_ERROR, AX_SERVER_ERROR_TOKEN_EXPIRED,
                   _("The access token has expired; refresh it or log in again"));
      return FALSE;
    }
  return TRUE;

forged:
  g_set_error (error, AX_SERVER_ERROR, AX_SERVER_ERROR_UNAUTHORIZED,
               _("The access token is not valid; log in again"));
  return FALSE;
}

char *
ax_server_random_token (gsize n_bytes)
{
  g_autofree guint8 *buf = g_malloc (n_bytes);

  randombytes_buf (buf, n_bytes);
  return base64url_encode (buf, n_bytes);
}

char *
ax_server_random_code (void)
{
  static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  GString *code = g_string_new (NULL);

  for (int i = 0; i < 12; i++)
    {
      if (i > 0 && i % 4 == 0)
        g_string_append_c (code, '-');
      g_string_append_c (code, alphabet[randombytes_uniform (sizeof alphabet - 1)]);
    }
  return g_string_free (code, FALSE);
}

char *
ax_server_hash_secret (const char *text)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
}
