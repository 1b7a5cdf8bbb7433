/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ax-sigv4.h"
#include "ax-error.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#define ALGORITHM "AWS4-HMAC-SHA256"
#define MAX_EXPIRES_S 604800  /* seven days: S3's own limit */

static GBytes *
hmac (GBytes     *key,
      const char *data)
{
  gsize len = 0;
  const guint8 *k = g_bytes_get_data (key, &len);
  g_autoptr (GHmac) mac = g_hmac_new (G_CHECKSUM_SHA256, k, len);
  guint8 digest[32];
  gsize digest_len = sizeof digest;

  g_hmac_update (mac, (const guchar *) data, -1);
  g_hmac_get_digest (mac, digest, &digest_len);
  return g_bytes_new (digest, digest_len);
}

static char *
hex (GBytes *bytes)
{
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  GString *s = g_string_sized_new (len * 2);

  for (gsize i = 0; i < len; i++)
    g_string_append_printf (s, "%02x", data[i]);
  return g_string_free (s, FALSE);
}

/* kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), "s3"), "aws4_request") */
static GBytes *
signing_key (const char *secret,
             const char *date,
             const char *region)
{
  g_autofree char *k0 = g_strconcat ("AWS4", secret, NULL);
  g_autoptr (GBytes) key = g_bytes_new (k0, strlen (k0));
  g_autoptr (GBytes) k_date = hmac (key, date);
  g_autoptr (GBytes) k_region = hmac (k_date, region);
  g_autoptr (GBytes) k_service = hmac (k_region, "s3");

  return hmac (k_service, "aws4_request");
}

static char *
escape (const char *text,
        gboolean    keep_slash)
{
  return g_uri_escape_string (text, keep_slash ? "/" : NULL, FALSE);
}

char *
ax_sigv4_presign (const AxSigV4Store *store,
                  const char         *method,
                  const char         *key,
                  GDateTime          *now,
                  int                 expires_s,
                  GError            **error)
{
  g_autoptr (GUri) uri = NULL;
  g_autoptr (GDateTime) utc = NULL;
  g_autoptr (GBytes) ksign = NULL;
  g_autoptr (GBytes) signature = NULL;
  g_autofree char *stamp = NULL, *date = NULL, *host = NULL, *path = NULL, *scope = NULL;
  g_autofree char *credential = NULL, *query = NULL, *canonical = NULL, *canonical_hash = NULL;
  g_autofree char *to_sign = NULL, *sig_hex = NULL, *escaped_key = NULL, *prefix = NULL;
  const char *scheme;
  int port;

  g_return_val_if_fail (store != NULL && method != NULL && key != NULL && now != NULL, NULL);

  uri = g_uri_parse (store->endpoint ? store->endpoint : "", G_URI_FLAGS_ENCODED, NULL);
  scheme = uri ? g_uri_get_scheme (uri) : NULL;
  if (scheme == NULL || (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0)
      || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, AX_CORE_ERROR, AX_CORE_ERROR_INVALID,
                   _("The S3 endpoint “%s” is not an http:// or https:// address"),
                   store->endpoint ? store->endpoint : "");
      return NULL;
    }
  if (expires_s < 1 || expires_s > MAX_EXPIRES_S)
    {
      g_set_error (error, AX_CORE_ERROR, AX_CORE_ERROR_INVALID,
                   _("A presigned URL lasts 1 to %d seconds, not %d"), MAX_EXPIRES_S, expires_s);
      return NULL;
    }

  port = g_uri_get_port (uri);
  host = port > 0 ? g_strdup_printf ("%s:%d", g_uri_get_host (uri), port) : g_strdup (g_uri_get_host (uri));
  prefix = g_strdup (g_uri_get_path (uri));
  while (*prefix != '\0' && prefix[strlen (prefix) - 1] == '/')
    prefix[strlen (prefix) - 1] = '\0';
  escaped_key = escape (key[0] == '/' ? key + 1 : key, TRUE);
  path = g_strdup_printf ("%s/%s", prefix, escaped_key);

  utc = g_date_time_to_utc (now);
  stamp = g_date_time_format (utc, "%Y%m%dT%H%M%SZ");
  date = g_date_time_format (utc, "%Y%m%d");
  scope = g_strdup_printf ("%s/%s/s3/aws4_request", date, store->region);
  {
    g_autofree char *raw = g_strdup_printf ("%s/%s", store->access_key, scope);
    credential = escape (raw, FALSE);
  }
  /* The parameters in byte order of their names, as SigV4 wants them. */
  query = g_strdup_printf ("X-Amz-Algorithm=" ALGORITHM "&X-Amz-Credential=%s&X-Amz-Date=%s"
                           "&X-Amz-Expires=%d&X-Amz-SignedHeaders=host",
                           credential, stamp, expires_s);
  canonical = g_strdup_printf ("%s\n%s\n%s\nhost:%s\n\nhost\nUNSIGNED-PAYLOAD",
                               method, path, query, host);
  canonical_hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, canonical, -1);
  to_sign = g_strdup_printf (ALGORITHM "\n%s\n%s\n%s", stamp, scope, canonical_hash);

  ksign = signing_key (store->secret_key, date, store->region);
  signature = hmac (ksign, to_sign);
  sig_hex = hex (signature);
  return g_strdup_printf ("%s://%s%s?%s&X-Amz-Signature=%s", g_uri_get_scheme (uri), host, path,
                          query, sig_hex);
}
