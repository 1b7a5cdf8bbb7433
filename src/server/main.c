/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aesthetix-server"

#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <sodium.h>
#include <glib-unix.h>
#include <glib/gi18n.h>

#include "ax-server.h"
#include "ax-server-blobs.h"
#include "ax-test-point.h"

typedef struct
{
  char    *config_file;
  char    *data_dir;
  char    *listen;
  int      port;
  char    *tls_certificate;
  char    *tls_key;
  gint64   max_body_bytes;
  gint64   token_lifetime;
} Options;

static int
fail (const char *what,
      GError     *error)
{
  g_printerr ("aesthetix-server: %s%s%s\n", what ? what : "", what ? ": " : "",
              error ? error->message : "");
  return 1;
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static int
serve (AxServer *server)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *url = NULL;

  if (!ax_server_listen (server, &error))
    return fail (_("Cannot listen"), error);
  url = ax_server_get_url (server);
  /* One JSON line on stdout, so a script (or a test) can find the port. */
  printf ("{\"listening\":\"%s\"}\n", url);
  fflush (stdout);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_main_loop_run (loop);
  return 0;
}

static char *
read_password_from_stdin (void)
{
  char line[512];

  if (fgets (line, sizeof line, stdin) == NULL)
    return NULL;
  line[strcspn (line, "\r\n")] = '\0';
  return g_strdup (line);
}

/* "front_desk", "FrontDesk" and "front-desk" are one role. */
static AxRole
role_from_text (const char *text)
{
  g_autoptr (GString) plain = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    if (*p != '_' && *p != '-')
      g_string_append_c (plain, g_ascii_tolower (*p));
  for (int r = 0; r < AX_N_ROLES; r++)
    {
      g_autoptr (GString) id = g_string_new (NULL);

      for (const char *p = ax_role_to_string (r); *p; p++)
        if (*p != '_')
          g_string_append_c (id, *p);
      if (strcmp (id->str, plain->str) == 0)
        return (AxRole) r;
    }
  return AX_ROLE_INVALID;
}

static int
run_command (AxServer *server,
             int       argc,
             char    **argv)
{
  const char *command = argv[1];
  g_autofree char *name = NULL, *code = NULL, *currency = NULL, *timezone = NULL;
  g_autofree char *clinic = NULL, *username = NULL, *display_name = NULL, *role = NULL;
  g_autofree char *password = NULL, *sha256 = NULL, *method = NULL, *base = NULL;
  gboolean demo = FALSE;
  int patients = 500;
  GOptionEntry entries[] = {
    { "demo", 0, 0, G_OPTION_ARG_NONE, &demo, N_("Make the demo clinic (users of every role, password “demo”)"), NULL },
    { "patients", 0, 0, G_OPTION_ARG_INT, &patients, N_("Demo patients (500)"), N_("N") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("Clinic name"), N_("NAME") },
    { "code", 0, 0, G_OPTION_ARG_STRING, &code, N_("Short code used in number series"), N_("CODE") },
    { "currency", 0, 0, G_OPTION_ARG_STRING, &currency, N_("ISO currency (THB)"), N_("CODE") },
    { "timezone", 0, 0, G_OPTION_ARG_STRING, &timezone, N_("Time zone (Asia/Bangkok)"), N_("ZONE") },
    { "clinic", 0, 0, G_OPTION_ARG_STRING, &clinic, N_("Clinic id"), N_("ID") },
    { "username", 0, 0, G_OPTION_ARG_STRING, &username, N_("User name"), N_("NAME") },
    { "display-name", 0, 0, G_OPTION_ARG_STRING, &display_name, N_("Name shown"), N_("NAME") },
    { "role", 0, 0, G_OPTION_ARG_STRING, &role, N_("Owner, Provider, FrontDesk, Billing, MedicalDirector or ReadOnly"), N_("ROLE") },
    { "password", 0, 0, G_OPTION_ARG_STRING, &password, N_("Password (else read from standard input)"), N_("PASSWORD") },
    { "sha256", 0, 0, G_OPTION_ARG_STRING, &sha256, N_("A blob’s SHA-256"), N_("HEX") },
    { "method", 0, 0, G_OPTION_ARG_STRING, &method, N_("GET (default) or PUT"), N_("METHOD") },
    { "base-url", 0, 0, G_OPTION_ARG_STRING, &base, N_("The server’s address as desks reach it"), N_("URL") },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (command);
  g_autoptr (GError) error = NULL;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fail (command, error);

  if (strcmp (command, "create-clinic") == 0)
    {
      g_autofree char *id = NULL;

      if (demo)
        {
          gint64 rows = 0;

          if (name != NULL || code != NULL || currency != NULL || timezone != NULL)
            return fail (command, NULL),
                   g_printerr (_("--demo makes the demo clinic as it is: leave out --name, --code, "
                                 "--currency and --timezone\n")), 2;
          if (patients < 0)
            return fail (command, NULL), g_printerr (_("--patients must not be negative\n")), 2;
          id = ax_server_create_demo_clinic (server, (guint) patients, &rows, &error);
          if (id == NULL)
            return fail (command, error);
          printf ("{\"clinic_id\":\"%s\",\"rows\":%" G_GINT64_FORMAT "}\n", id, rows);
          return 0;
        }
      if (name == NULL)
        return fail (command, NULL), g_printerr (_("--name is required\n")), 2;
      id = ax_server_create_clinic (server, name, code, currency, timezone, &error);
      if (id == NULL)
        return fail (command, error);
      printf ("{\"clinic_id\":\"%s\"}\n", id);
      return 0;
    }
  if (clinic == NULL)
    return fail (command, NULL), g_printerr (_("--clinic is required\n")), 2;
  if (strcmp (command, "create-user") == 0)
    {
      g_autofree char *id = NULL;
      AxRole r = role ? role_from_text (role) : AX_ROLE_INVALID;

      if (username == NULL || r == AX_ROLE_INVALID)
        return fail (command, NULL),
               g_printerr (_("--username and --role (Owner, Provider, FrontDesk, Billing, "
                             "MedicalDirector, ReadOnly) are required\n")), 2;
      if (password == NULL)
        password = read_password_from_stdin ();
      if (password == NULL)
        return fail (command, NULL), g_printerr (_("no password given\n")), 2;
      id = ax_server_create_user (server, clinic, username, display_name, r, password, &error);
      if (id == NULL)
        return fail (command, error);
      printf ("{\"user_id\":\"%s\"}\n", id);
      return 0;
    }
  if (strcmp (command, "enrol-code") == 0)
    {
      gint64 expires = 0;
      g_autofree char *one_time = ax_server_enrol_code (server, clinic, &expires, &error);

      if (one_time == NULL)
        return fail (command, error);
      printf ("{\"code\":\"%s\",\"expires_at\":%" G_GINT64_FORMAT "}\n", one_time, expires);
      return 0;
    }
  if (strcmp (command, "verify-audit") == 0)
    {
      gint64 checked = 0;

      if (!ax_server_verify_audit (server, clinic, &checked, &error))
        return fail (command, error);
      printf ("{\"audit\":\"ok\",\"entries\":%" G_GINT64_FORMAT "}\n", checked);
      return 0;
    }
  if (strcmp (command, "presign") == 0)
    {
      gint64 expires = 0;
      g_autofree char *url = NULL;

      if (method != NULL && strcmp (method, "GET") != 0 && strcmp (method, "PUT") != 0)
        return fail (command, NULL), g_printerr (_("--method is GET or PUT\n")), 2;
      if (sha256 == NULL)
        return fail (command, NULL), g_printerr (_("--sha256 is required\n")), 2;
      if (base == NULL)
        base = g_strdup_printf ("http://%s:%d", ax_server_get_config (server)->listen_address,
                                ax_server_get_config (server)->port);
      url = ax_server_get_clinic (server, clinic, &error) == NULL ? NULL
            : ax_server_blob_url (server, base, clinic, sha256, method ? method : "GET", &expires, &error);
      if (url == NULL)
        return fail (command, error);
      printf ("{\"url\":\"%s\",\"expires_at\":%" G_GINT64_FORMAT "}\n", url, expires);
      return 0;
    }
  g_printerr (_("aesthetix-server: unknown command “%s” (create-clinic, create-user, "
                "enrol-code, verify-audit, presign)\n"), command);
  return 2;
}

int
main (int   argc,
      char *argv[])
{
  Options o = { .port = -1, .max_body_bytes = -1, .token_lifetime = -1 };
  GOptionEntry entries[] = {
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &o.config_file, N_("Read settings from FILE (a key file, [server] group)"), N_("FILE") },
    { "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, &o.data_dir, N_("Keep the clinics' stores in DIR"), N_("DIR") },
    { "listen", 'l', 0, G_OPTION_ARG_STRING, &o.listen, N_("Listen on ADDRESS (127.0.0.1)"), N_("ADDRESS") },
    { "port", 'p', 0, G_OPTION_ARG_INT, &o.port, N_("Listen on PORT (8470; 0 picks a free one)"), N_("PORT") },
    { "tls-certificate", 0, 0, G_OPTION_ARG_FILENAME, &o.tls_certificate, N_("Serve HTTPS with this PEM certificate"), N_("FILE") },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &o.tls_key, N_("… and this PEM key"), N_("FILE") },
    { "max-body-bytes", 0, 0, G_OPTION_ARG_INT64, &o.max_body_bytes, N_("Refuse larger requests (413)"), N_("BYTES") },
    { "token-lifetime", 0, 0, G_OPTION_ARG_INT64, &o.token_lifetime, N_("Access tokens last SECONDS"), N_("SECONDS") },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (_("[COMMAND [OPTIONS]] — the Aesthetix clinic server"));
  g_autoptr (AxServerConfig) config = ax_server_config_new ();
  g_autoptr (AxServer) server = NULL;
  g_autoptr (GError) error = NULL;
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  if (sodium_init () < 0)
    return fail ("libsodium", NULL);

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_ignore_unknown_options (context, TRUE);
  g_option_context_set_description (context,
    _("Commands:\n"
      "  create-clinic --name NAME [--code CODE] [--currency THB] [--timezone Asia/Bangkok]\n"
      "  create-clinic --demo [--patients N]\n"
      "  create-user --clinic ID --username NAME --role ROLE [--display-name NAME] [--password P]\n"
      "  enrol-code --clinic ID\n"
      "  verify-audit --clinic ID\n"
      "  presign --clinic ID --sha256 HEX [--method GET|PUT] [--base-url URL]\n"
      "Without a command it serves."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fail (NULL, error);

  if (o.config_file != NULL && !ax_server_config_load (config, o.config_file, &error))
    return fail (NULL, error);
#define OVERRIDE_STRING(field, value) if (value) { g_free (config->field); config->field = g_steal_pointer (&value); }
  OVERRIDE_STRING (data_dir, o.data_dir);
  OVERRIDE_STRING (listen_address, o.listen);
  OVERRIDE_STRING (tls_certificate, o.tls_certificate);
  OVERRIDE_STRING (tls_key, o.tls_key);
#undef OVERRIDE_STRING
  if (o.port >= 0)
    config->port = o.port;
  if (o.max_body_bytes > 0)
    config->max_body_bytes = o.max_body_bytes;
  if (o.token_lifetime > 0)
    config->token_lifetime_s = o.token_lifetime;
  g_free (o.config_file);

  server = ax_server_new (g_steal_pointer (&config), &error);
  if (server == NULL)
    return fail (_("Cannot start"), error);

  if (argc > 1)
    status = run_command (server, argc, argv);
  else
    {
      /* The fault tests kill the server inside a push (docs/sync-protocol.md,
       * "Tests"); read here once, never on the way of a request. */
      const char *kill_at = g_getenv ("AX_SERVER_TEST_KILL");

      if (kill_at != NULL && *kill_at != '\0')
        {
          if (!ax_test_point_kill_at (kill_at))
            return fail ("AX_SERVER_TEST_KILL", NULL);
          g_message ("AX_SERVER_TEST_KILL: this server kills itself at %s", kill_at);
        }
      status = serve (server);
    }
  return status;
}
