/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Drives a real aesthetix-server from a test or a benchmark: runs its
 * subcommands, starts it on 127.0.0.1 with port 0 (reading the port from its
 * first stdout line), and talks to it with a libsoup 3 client. */

#include <signal.h>
#include <string.h>
#include <gio/gio.h>
#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "ax-db.h"
#include "ax-hlc.h"

typedef struct
{
  char        *binary;
  char        *dir;
  GSubprocess *process;
  char        *url;
  SoupSession *session;
  GTlsDatabase *ca;       /* the only authority trusted for HTTPS, when set */
} AxTestServer;

static inline const char *
ax_test_server_binary (void)
{
  const char *path = g_getenv ("AX_SERVER_BINARY");

  g_assert (path != NULL);
  return path;
}

/* Runs `aesthetix-server --data-dir DIR ARGS…` to completion; returns its
 * stdout's JSON object, or fails the program. stdin_text feeds standard input. */
static inline JsonObject *
ax_test_server_command (const char        *dir,
                        const char        *stdin_text,
                        const char *const *args)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GSubprocess) proc = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();

  g_ptr_array_add (argv, (gpointer) ax_test_server_binary ());
  g_ptr_array_add (argv, (gpointer) "--data-dir");
  g_ptr_array_add (argv, (gpointer) dir);
  for (gsize i = 0; args[i]; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  proc = g_subprocess_newv ((const char *const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                            | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  if (!g_subprocess_communicate_utf8 (proc, stdin_text, NULL, &out, &err, &error))
    g_error ("%s", error->message);
  if (!g_subprocess_get_successful (proc))
    g_error ("aesthetix-server %s failed: %s", args[0], err);
  if (!json_parser_load_from_data (parser, out, -1, &error))
    g_error ("aesthetix-server %s printed “%s”: %s", args[0], out, error->message);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* Starts the server; extra options (NULL-terminated) come after --port 0. */
static inline void
ax_test_server_start (AxTestServer      *s,
                      const char        *dir,
                      const char *const *extra)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GDataInputStream) lines = NULL;
  g_autofree char *line = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();

  memset (s, 0, sizeof *s);
  s->dir = g_strdup (dir);
  g_ptr_array_add (argv, (gpointer) ax_test_server_binary ());
  g_ptr_array_add (argv, (gpointer) "--data-dir");
  g_ptr_array_add (argv, (gpointer) dir);
  g_ptr_array_add (argv, (gpointer) "--listen");
  g_ptr_array_add (argv, (gpointer) "127.0.0.1");
  g_ptr_array_add (argv, (gpointer) "--port");
  g_ptr_array_add (argv, (gpointer) "0");
  for (gsize i = 0; extra && extra[i]; i++)
    g_ptr_array_add (argv, (gpointer) extra[i]);
  g_ptr_array_add (argv, NULL);
  s->process = g_subprocess_newv ((const char *const *) argv->pdata,
                                  G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                  | (g_getenv ("AX_SERVER_LOG") ? 0 : G_SUBPROCESS_FLAGS_STDERR_SILENCE),
                                  &error);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (s->process));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  if (line == NULL)
    g_error ("aesthetix-server did not start: %s", error ? error->message : "no output");
  if (!json_parser_load_from_data (parser, line, -1, &error))
    g_error ("aesthetix-server printed “%s”", line);
  s->url = g_strdup (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)),
                                                    "listening"));
  s->session = soup_session_new_with_options ("timeout", 30, NULL);
}

/* Trusts only the CA (a PEM file) for HTTPS from now on. */
static inline void
ax_test_server_trust (AxTestServer *s,
                      const char   *ca_file)
{
  g_autoptr (GError) error = NULL;

  s->ca = g_tls_file_database_new (ca_file, &error);
  g_assert_no_error (error);
  soup_session_set_tls_database (s->session, s->ca);
}

static inline void
ax_test_server_stop (AxTestServer *s)
{
  if (s->process != NULL)
    {
      g_subprocess_send_signal (s->process, SIGTERM);
      g_subprocess_wait (s->process, NULL, NULL);
    }
  g_clear_object (&s->process);
  g_clear_object (&s->session);
  g_clear_object (&s->ca);
  g_clear_pointer (&s->url, g_free);
  g_clear_pointer (&s->dir, g_free);
}

/* One request: method, path (with query), an access token or NULL, a body
 * (len -1 for a string) or NULL, and the schema header (0: the current
 * one; -1: none). Returns the parsed reply and its status. */
static inline JsonNode *
ax_test_server_call_full (AxTestServer *s,
                          const char   *method,
                          const char   *path,
                          const char   *token,
                          const char   *body,
                          gssize        len,
                          int           schema,
                          guint        *status)
{
  g_autofree char *uri = g_strconcat (s->url, path, NULL);
  g_autoptr (SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) reply = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);

  g_assert (msg != NULL);
  if (schema >= 0)
    {
      g_autofree char *v = g_strdup_printf ("%d", schema ? schema : ax_db_latest_schema_version ());
      soup_message_headers_replace (headers, "X-Aesthetix-Schema", v);
    }
  if (token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (headers, "Authorization", auth);
    }
  if (body != NULL)
    {
      g_autoptr (GBytes) bytes = g_bytes_new (body, len < 0 ? strlen (body) : (gsize) len);
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  reply = soup_session_send_and_read (s->session, msg, NULL, &error);
  if (reply == NULL)
    g_error ("%s %s: %s", method, path, error->message);
  *status = soup_message_get_status (msg);
  if (!json_parser_load_from_data (parser, g_bytes_get_data (reply, NULL), g_bytes_get_size (reply), &error))
    g_error ("%s %s answered %u with no JSON: %.*s", method, path, *status,
             (int) g_bytes_get_size (reply), (const char *) g_bytes_get_data (reply, NULL));
  return json_node_ref (json_parser_get_root (parser));
}

static inline JsonNode *
ax_test_server_call (AxTestServer *s,
                     const char   *method,
                     const char   *path,
                     const char   *token,
                     const char   *body,
                     guint        *status)
{
  return ax_test_server_call_full (s, method, path, token, body, -1, 0, status);
}

/* A clock stamp of the test's own "desk", now. */
static inline char *
ax_test_server_stamp (gint64 offset_ms)
{
  static AxHlc clock;
  char text[AX_HLC_STRLEN];

  if (clock.node[0] == '\0')
    ax_hlc_init (&clock, "0123456789ab");
  ax_hlc_tick (&clock, g_get_real_time () / 1000);
  if (offset_ms != 0)
    {
      AxHlc ahead = clock;
      ahead.wall_ms += offset_ms;
      ax_hlc_format (&ahead, text);
    }
  else
    ax_hlc_format (&clock, text);
  return g_strdup (text);
}
