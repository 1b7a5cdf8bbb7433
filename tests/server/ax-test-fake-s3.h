/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* A small S3-compatible store for tests (tests/server/test-blobs.c,
 * tests/sync/test-blob-sync.c): runs on its own thread and main context,
 * keeps objects in memory, and refuses (403) any request whose SigV4 query
 * signature is not the one s3_credentials give. */

#include <stdlib.h>
#include <string.h>
#include <libsoup/soup.h>
#include "ax-sigv4.h"

/* A small S3-compatible store on its own thread: PUT and GET of objects by
 * path, each refused (403) unless its SigV4 query signature is the one the
 * credentials give. */
typedef struct
{
  GMainContext *context;
  GMainLoop    *loop;
  SoupServer   *soup;
  GHashTable   *objects;   /* path → GBytes */
  GMutex        lock;
  char         *url;
  GThread      *thread;
  guint         refused;
  /* Knobs for the desk's worker (tests/sync/test-blob-sync.c), read and
   * changed under lock: */
  guint         puts;          /* PUTs kept */
  guint         fail_puts;     /* answer so many PUTs 503 */
  guint         corrupt_puts;  /* keep so many PUTs with a byte changed */
  gboolean      tamper_gets;   /* answer GETs with a byte changed */
} FakeS3;

static const AxSigV4Store s3_credentials G_GNUC_UNUSED = {
  .region = "eu-central-1", .access_key = "TESTKEY", .secret_key = "test/secret+key",
};

static inline void
fake_s3_cb (SoupServer        *soup,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           data)
{
  FakeS3 *s3 = data;
  const char *method = soup_server_message_get_method (msg);
  const char *date = query ? g_hash_table_lookup (query, "X-Amz-Date") : NULL;
  const char *expires = query ? g_hash_table_lookup (query, "X-Amz-Expires") : NULL;
  g_autoptr (GDateTime) when = NULL;
  g_autofree char *iso = NULL, *expected = NULL;
  AxSigV4Store store = s3_credentials;
  GUri *uri = soup_server_message_get_uri (msg);
  const char *key = path + strlen ("/bucket/");

  store.endpoint = s3->url;
  if (date != NULL && strlen (date) == 16)
    {
      iso = g_strdup_printf ("%.4s-%.2s-%.2sT%.2s:%.2s:%.2sZ", date, date + 4, date + 6, date + 9,
                             date + 11, date + 13);
      when = g_date_time_new_from_iso8601 (iso, NULL);
    }
  if (when != NULL && expires != NULL)
    expected = ax_sigv4_presign (&store, method, key, when, atoi (expires), NULL);
  if (expected == NULL || !g_str_has_suffix (expected, g_uri_get_query (uri)))
    {
      g_atomic_int_inc (&s3->refused);
      soup_server_message_set_status (msg, 403, NULL);
      return;
    }
  g_mutex_lock (&s3->lock);
  if (strcmp (method, "PUT") == 0 && s3->fail_puts > 0)
    {
      s3->fail_puts--;
      soup_server_message_set_status (msg, 503, NULL);
    }
  else if (strcmp (method, "PUT") == 0)
    {
      GBytes *body = soup_message_body_flatten (soup_server_message_get_request_body (msg));

      if (s3->corrupt_puts > 0 && g_bytes_get_size (body) > 0)
        {
          gsize len;
          guint8 *data = g_bytes_unref_to_data (body, &len);

          s3->corrupt_puts--;
          data[len / 2] ^= 0x5a;
          body = g_bytes_new_take (data, len);
        }
      g_hash_table_replace (s3->objects, g_strdup (path), body);
      s3->puts++;
      soup_server_message_set_status (msg, 200, NULL);
    }
  else
    {
      GBytes *bytes = g_hash_table_lookup (s3->objects, path);

      if (bytes == NULL)
        soup_server_message_set_status (msg, 404, NULL);
      else
        {
          gsize len = g_bytes_get_size (bytes);
          guint8 *data = g_memdup2 (g_bytes_get_data (bytes, NULL), len);

          if (s3->tamper_gets && len > 0)
            data[0] ^= 0x01;
          soup_server_message_set_status (msg, 200, NULL);
          soup_server_message_set_response (msg, "application/octet-stream", SOUP_MEMORY_TAKE,
                                            (const char *) data, len);
        }
    }
  g_mutex_unlock (&s3->lock);
}

static inline gpointer
fake_s3_thread (gpointer data)
{
  FakeS3 *s3 = data;

  g_main_context_push_thread_default (s3->context);
  g_main_loop_run (s3->loop);
  g_main_context_pop_thread_default (s3->context);
  return NULL;
}

static inline void
fake_s3_start (FakeS3 *s3)
{
  g_autoptr (GError) error = NULL;
  GSList *uris;

  s3->context = g_main_context_new ();
  s3->loop = g_main_loop_new (s3->context, FALSE);
  s3->objects = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  g_mutex_init (&s3->lock);
  g_main_context_push_thread_default (s3->context);
  s3->soup = soup_server_new (NULL, NULL);
  soup_server_add_handler (s3->soup, "/bucket", fake_s3_cb, s3, NULL);
  if (!soup_server_listen_local (s3->soup, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    g_error ("%s", error->message);
  g_main_context_pop_thread_default (s3->context);
  uris = soup_server_get_uris (s3->soup);
  s3->url = g_strdup_printf ("http://127.0.0.1:%d/bucket", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  s3->thread = g_thread_new ("fake-s3", fake_s3_thread, s3);
}

static inline void
fake_s3_stop (FakeS3 *s3)
{
  g_main_loop_quit (s3->loop);
  g_thread_join (s3->thread);
  g_clear_object (&s3->soup);
  g_main_loop_unref (s3->loop);
  g_main_context_unref (s3->context);
  g_hash_table_unref (s3->objects);
  g_mutex_clear (&s3->lock);
  g_free (s3->url);
}

