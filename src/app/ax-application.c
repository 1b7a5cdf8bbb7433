/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

#include <inttypes.h>
#include "ax-application.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "ax-auth.h"
#include "ax-cli-export.h"
#include "ax-cli.h"
#include "ax-audit.h"
#include "ax-context.h"
#include "ax-demo.h"
#include "ax-model-error.h"
#include "ax-window.h"

struct _AxApplication
{
  AdwApplication  parent_instance;

  gint64          started_us;
  AxStore        *store;
  GSettings      *settings;
  AxContext      *context;
};

G_DEFINE_FINAL_TYPE (AxApplication, ax_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("The clinic store to open (default: ~/.local/share/aesthetix/clinic.db)"), N_("PATH") },
  { "seed-demo", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Fill an empty store with a demo clinic and exit"), NULL },
  { "patients", 0, 0, G_OPTION_ARG_INT, NULL,
    N_("Demo patients to create (with --seed-demo)"), N_("N") },
  { "appointments", 0, 0, G_OPTION_ARG_INT, NULL,
    N_("Demo appointments to create (with --seed-demo)"), N_("N") },
  { "sales", 0, 0, G_OPTION_ARG_INT, NULL,
    N_("Demo sales to create (with --seed-demo)"), N_("N") },
  { "seed", 0, 0, G_OPTION_ARG_INT, NULL,
    N_("Random seed of the demo data (with --seed-demo)"), N_("S") },
  { "user", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Log in as NAME (with --mutate); the password comes from AESTHETIX_PASSWORD "
       "or is asked for"), N_("NAME") },
  { "mutate", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Run one mutator with the JSON arguments that follow, print its result and exit"),
    N_("MUTATOR") },
  { "verify-audit", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Check the audit log's hash chain, name the first broken entry and exit"), NULL },
  { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, NULL, NULL, N_("[ARGS_JSON]") },
  { NULL }
};

/* The options that only make sense with --seed-demo. */
static const char *const demo_options[] = { "patients", "appointments", "sales", "seed" };

/* Helpers */


static char *
default_db_path (GError **error)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "aesthetix", NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Cannot create %s: %s"), dir, g_strerror (saved_errno));
      return NULL;
    }
  return g_build_filename (dir, "clinic.db", NULL);
}

/* The password for --user: AESTHETIX_PASSWORD, or a line read from the
 * terminal with echo turned off (or from stdin when it is not a terminal). */
static char *
read_password (const char *username,
               GError    **error)
{
  const char *env = g_getenv ("AESTHETIX_PASSWORD");
  gboolean is_tty = isatty (STDIN_FILENO);
  struct termios saved, quiet;
  char *line = NULL;
  char *password;
  size_t size = 0;
  ssize_t len;

  if (env != NULL)
    return g_strdup (env);

  if (is_tty)
    {
      g_printerr (_("Password for %s: "), username);
      if (tcgetattr (STDIN_FILENO, &saved) != 0)
        is_tty = FALSE;
      else
        {
          quiet = saved;
          quiet.c_lflag &= ~(tcflag_t) ECHO;
          quiet.c_lflag |= ECHONL;
          tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
        }
    }

  len = getline (&line, &size, stdin);

  if (is_tty)
    tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);

  if (len < 0)
    {
      free (line);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("No password given (set AESTHETIX_PASSWORD or type it)"));
      return NULL;
    }

  while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
    line[--len] = '\0';

  password = g_strdup (line);
  explicit_bzero (line, size);
  free (line);
  return password;
}

static void
wipe_password (char *password)
{
  if (password != NULL)
    explicit_bzero (password, strlen (password));
  g_free (password);
}

/* A password string, wiped before it is freed. */
typedef char AxPassword;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AxPassword, wipe_password)

static gboolean
lookup_count (GVariantDict *options,
              const char   *name,
              guint        *out,
              GError      **error)
{
  int value = 0;

  if (!g_variant_dict_lookup (options, name, "i", &value))
    return TRUE;
  if (value < 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--%s must not be negative"), name);
      return FALSE;
    }
  *out = (guint) value;
  return TRUE;
}

static int
run_seed_demo (const char   *path,
               GVariantDict *options)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AxStore) store = NULL;
  AxDemoOptions demo = { 0 };
  const AxClinicInfo *clinic;
  guint64 rows = 0;
  gint64 started;

  if (!lookup_count (options, "patients", &demo.patients, &error)
      || !lookup_count (options, "appointments", &demo.appointments, &error)
      || !lookup_count (options, "sales", &demo.sales, &error)
      || !lookup_count (options, "seed", &demo.seed, &error))
    return ax_cli_fail ("%s", error->message);

  store = ax_store_open (path, &error);
  if (store == NULL)
    return ax_cli_fail (_("Cannot open %s: %s"), path, error->message);

  clinic = ax_store_get_clinic (store);
  if (clinic != NULL)
    return ax_cli_fail (_("%s already holds the clinic “%s”; a demo is only seeded into a new, "
                   "empty store (choose another --db PATH)"),
                 path, clinic->name);

  started = g_get_monotonic_time ();
  if (!ax_demo_seed (store, &demo, &rows, &error))
    return ax_cli_fail (_("Cannot seed the demo clinic: %s"), error->message);

  g_print (_("Seeded a demo clinic into %s: %" PRIu64 " rows in %.2f s\n"),
           path, rows, (double) (g_get_monotonic_time () - started) / G_USEC_PER_SEC);
  return 0;
}

static int
run_mutate (const char   *path,
            const char   *username,
            const char   *mutator,
            const char  **rest)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AxStore) store = NULL;
  g_autoptr (AxActor) actor = NULL;
  g_autoptr (JsonNode) result = NULL;
  g_autoptr (AxPassword) password = NULL;
  g_autofree char *text = NULL;
  const char *args_json = "{}";

  if (rest != NULL && rest[0] != NULL)
    {
      if (rest[1] != NULL)
        return ax_cli_fail (_("--mutate takes one JSON argument; quote it (got “%s” too)"), rest[1]);
      args_json = rest[0];
    }

  store = ax_store_open (path, &error);
  if (store == NULL)
    return ax_cli_fail (_("Cannot open %s: %s"), path, error->message);

  password = read_password (username, &error);
  if (password == NULL)
    return ax_cli_fail ("%s", error->message);

  actor = ax_auth_login (store, username, password, &error);
  if (actor == NULL)
    return ax_cli_fail ("%s", error->message);

  result = ax_store_mutate_json (store, actor, mutator, args_json, &error);
  if (result == NULL)
    return ax_cli_fail ("%s", error->message);

  text = json_to_string (result, TRUE);
  g_print ("%s\n", text);
  return 0;
}

static gboolean
has_settings_schema (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr (GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, AX_APP_ID, TRUE);
  return schema != NULL;
}

static void
apply_color_scheme (AxApplication *self)
{
  g_autofree char *scheme = g_settings_get_string (self->settings, "color-scheme");
  AdwColorScheme value = ADW_COLOR_SCHEME_DEFAULT;

  if (g_strcmp0 (scheme, "light") == 0)
    value = ADW_COLOR_SCHEME_FORCE_LIGHT;
  else if (g_strcmp0 (scheme, "dark") == 0)
    value = ADW_COLOR_SCHEME_FORCE_DARK;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), value);
}

/* Callbacks */

static void
color_scheme_changed_cb (AxApplication *self,
                         const char    *key,
                         GSettings     *settings)
{
  apply_color_scheme (self);
}

static void
quit_activated_cb (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  AxApplication *self = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  /* Closing the windows first lets them save their state. */
  for (GList *l = windows; l != NULL;)
    {
      GtkWindow *window = l->data;

      l = l->next;
      gtk_window_close (window);
    }
  g_application_quit (G_APPLICATION (self));
}

static gboolean
read_rss_kb (gint64 *rss_kb)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return FALSE;
  line = strstr (status, "VmRSS:");
  if (line == NULL)
    return FALSE;
  *rss_kb = g_ascii_strtoll (line + strlen ("VmRSS:"), NULL, 10);
  return TRUE;
}

static void
first_frame_painted_cb (GdkFrameClock *clock,
                        AxApplication *self)
{
  gint64 rss_kb = -1;

  g_signal_handlers_disconnect_by_func (clock, first_frame_painted_cb, self);
  read_rss_kb (&rss_kb);
  g_print ("first_frame_ms=%.1f rss_kb=%" G_GINT64_FORMAT "\n",
           (double) (g_get_monotonic_time () - self->started_us) / 1000.0, rss_kb);
  g_application_quit (G_APPLICATION (self));
}

/* Overrides */

/* aesthetix --db PATH --verify-audit: exit 0 when every entry of the audit
 * chain holds, 1 naming the first that does not. */
static int
verify_audit (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AxStore) store = NULL;
  gint64 bad = 0, checked = 0;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return ax_cli_fail (_("There is no store at %s"), path);
  store = ax_store_open (path, &error);
  if (store == NULL)
    return ax_cli_fail (_("Cannot open %s: %s"), path, error->message);
  if (!ax_audit_verify (ax_store_get_db (store), &bad, &checked, &error))
    return ax_cli_fail (_("The audit log of %s is broken: %s"), path, error->message);
  g_print (g_dngettext (GETTEXT_PACKAGE, "The audit log of %s is intact: %" PRId64 " entry checked.\n",
                        "The audit log of %s is intact: %" PRId64 " entries checked.\n", checked),
           path, checked);
  return 0;
}

static int
ax_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  AxApplication *self = AX_APPLICATION (app);
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree const char **rest = NULL;
  const char *db = NULL;
  const char *username = NULL;
  const char *mutator = NULL;
  int status;

  g_variant_dict_lookup (options, "db", "^&ay", &db);
  g_variant_dict_lookup (options, "user", "&s", &username);
  g_variant_dict_lookup (options, "mutate", "&s", &mutator);
  g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&s", &rest);

  if (db != NULL && db[0] != '\0')
    path = g_strdup (db);
  else if ((path = default_db_path (&error)) == NULL)
    return ax_cli_fail ("%s", error->message);

  if ((status = ax_cli_export_handle (path, options, read_password)) >= 0)
    return status;
  if (g_variant_dict_contains (options, "verify-audit"))
    return verify_audit (path);

  if (g_variant_dict_contains (options, "seed-demo"))
    {
      if (mutator != NULL)
        return ax_cli_fail (_("--seed-demo and --mutate cannot be used together"));
      return run_seed_demo (path, options);
    }

  for (gsize i = 0; i < G_N_ELEMENTS (demo_options); i++)
    if (g_variant_dict_contains (options, demo_options[i]))
      return ax_cli_fail (_("--%s goes with --seed-demo"), demo_options[i]);

  if (mutator != NULL || username != NULL)
    {
      if (mutator == NULL || username == NULL)
        return ax_cli_fail (_("--mutate needs --user NAME, and --user needs --mutate MUTATOR"));
      return run_mutate (path, username, mutator, rest);
    }

  if (rest != NULL && rest[0] != NULL)
    return ax_cli_fail (_("Unexpected argument “%s” (see --help)"), rest[0]);

  if (!has_settings_schema ())
    return ax_cli_fail (_("The settings schema %s is not installed (install Aesthetix, or point "
                   "GSETTINGS_SCHEMA_DIR at the build’s data directory)"),
                 AX_APP_ID);

  self->store = ax_store_open (path, &error);
  if (self->store == NULL)
    return ax_cli_fail (_("Cannot open %s: %s"), path, error->message);

  return -1;
}

static void
ax_application_startup (GApplication *app)
{
  AxApplication *self = AX_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *help_accels[] = { "<Control>question", "<Control>slash", NULL };
  static const GActionEntry app_entries[] = {
    { "quit", quit_activated_cb },
  };
  g_autoptr (GAction) scheme_action = NULL;

  G_APPLICATION_CLASS (ax_application_parent_class)->startup (app);

  g_set_application_name (_("Aesthetix"));
  gtk_window_set_default_icon_name (AX_APP_ID);

  self->settings = g_settings_new (AX_APP_ID);
  self->context = ax_context_new (self->store, self->settings);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_entries,
                                   G_N_ELEMENTS (app_entries), self);
  scheme_action = g_settings_create_action (self->settings, "color-scheme");
  g_action_map_add_action (G_ACTION_MAP (self), scheme_action);

  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-help-overlay",
                                         help_accels);

  g_signal_connect_object (self->settings, "changed::color-scheme",
                           G_CALLBACK (color_scheme_changed_cb), self, G_CONNECT_SWAPPED);
  apply_color_scheme (self);
}

static void
ax_application_activate (GApplication *app)
{
  AxApplication *self = AX_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (ax_window_new (self, self->context));

  gtk_window_present (window);

  if (g_strcmp0 (g_getenv ("AX_BENCH_FIRST_FRAME"), "1") == 0)
    {
      GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));

      if (clock != NULL)
        g_signal_connect_object (clock, "after-paint",
                                 G_CALLBACK (first_frame_painted_cb), self, 0);
    }
}

static void
ax_application_dispose (GObject *object)
{
  AxApplication *self = AX_APPLICATION (object);

  g_clear_object (&self->context);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ax_application_parent_class)->dispose (object);
}

static void
ax_application_class_init (AxApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = ax_application_dispose;

  app_class->handle_local_options = ax_application_handle_local_options;
  app_class->startup = ax_application_startup;
  app_class->activate = ax_application_activate;
}

static void
ax_application_init (AxApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_add_main_option_entries (G_APPLICATION (self), ax_cli_export_option_entries ());
  g_application_set_option_context_summary (
    G_APPLICATION (self),
    _("Runs the clinic desk on a local store.\n\n"
      "  aesthetix --db PATH --seed-demo [--patients N]   create a demo clinic\n"
      "  aesthetix --db PATH --user NAME --mutate MUTATOR '{…}'   run one change"));
}

AxApplication *
ax_application_new (gint64 started_us)
{
  AxApplication *self = g_object_new (AX_TYPE_APPLICATION,
                                      "application-id", AX_APP_ID,
                                      "flags", G_APPLICATION_NON_UNIQUE,
                                      "resource-base-path", "/org/aesthetix/Aesthetix",
                                      NULL);

  self->started_us = started_us;
  return self;
}
