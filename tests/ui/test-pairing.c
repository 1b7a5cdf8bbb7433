/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Pairing a desk with a real aesthetix-server through the Settings page
 * (docs/sync-protocol.md, "Pairing a desk"): the owner logs in at the login
 * page, fills the page's rows and presses Pair; the engine syncs, the device
 * code and the server are stored, the sign-in is in the keyring; a fresh
 * context on the same store starts syncing by itself after the next login.
 *
 * Run by tests/ui/run-with-keyring.sh in two sessions: AX_KEYRING=1 with an
 * unlocked gnome-keyring, AX_KEYRING=0 on a D-Bus session without any
 * Secret Service (the page says so, pairing still works for the session,
 * the next start asks to pair again). Needs a display (77 without). */

#include <sqlite3.h>
#include <gio/gio.h>
#include <libsecret/secret.h>

#include "ui/ax-ui-test.h"
#include "server/ax-test-server.h"
#include "ax-context.h"
#include "ax-login-page.h"
#include "ax-sync-credentials.h"
#include "ax-sync-store.h"
#include "settings/ax-settings-page.h"
#include "settings/ax-sync-setup.h"
#include "widgets/ax-sync-indicator.h"

static AxTestServer server;
static char *data_dir;
static char *clinic_id;
static char *other_clinic_id;
static gboolean with_keyring;
static guint notices;

static void
notice_cb (AxSyncSetup *setup,
           const char  *text)
{
  ck_assert (strstr (text, "No keyring is available") != NULL);
  notices++;
}

typedef struct
{
  AxStore     *store;
  GSettings   *settings;
  AxContext   *context;
  GtkWidget   *window;
  GtkWidget   *login;
  GtkWidget   *page;
  AxSyncSetup *setup;
} Desk;

/* Helpers */

static char *
make_clinic (const char *name)
{
  const char *args[] = { "create-clinic", "--name", name, "--currency", "THB",
                         "--timezone", "Asia/Bangkok", NULL };
  g_autoptr (JsonObject) made = ax_test_server_command (data_dir, NULL, args);

  return g_strdup (json_object_get_string_member (made, "clinic_id"));
}

static char *
enrol_code (const char *clinic)
{
  const char *args[] = { "enrol-code", "--clinic", clinic, NULL };
  g_autoptr (JsonObject) code = ax_test_server_command (data_dir, NULL, args);

  return g_strdup (json_object_get_string_member (code, "code"));
}

static void
mutate (AxStore    *store,
        AxActor    *actor,
        const char *name,
        const char *args)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) result = ax_store_mutate_json (store, actor, name, args, &error);

  ck_assert_msg (result != NULL, "%s: %s", name, error ? error->message : "");
}

/* A desk's store as a clinic that used Aesthetix before pairing has it:
 * its clinic (the server's, same id), an owner and a front desk user. */
static char *
make_desk_store (const char *name)
{
  g_autofree char *path = g_build_filename (data_dir, name, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (AxStore) store = ax_store_open (path, &error);
  g_autoptr (AxActor) setup = ax_actor_new (NULL, "setup", "Setup", AX_ROLE_OWNER);
  g_autofree char *clinic = NULL;

  ck_assert_msg (store != NULL, "%s", error ? error->message : "");
  clinic = g_strdup_printf ("{\"id\":\"%s\",\"name\":\"Lotus Clinic\",\"currency\":\"THB\","
                            "\"timezone\":\"Asia/Bangkok\"}", clinic_id);
  mutate (store, setup, "clinic.create", clinic);
  ax_store_reload_clinic (store);
  mutate (store, setup, "user.create",
          "{\"username\":\"owner\",\"display_name\":\"Olivia Owner\",\"role\":\"owner\","
          "\"password\":\"demo\"}");
  mutate (store, setup, "user.create",
          "{\"username\":\"frontdesk\",\"display_name\":\"Fah Front\",\"role\":\"front_desk\","
          "\"password\":\"demo\"}");
  return g_steal_pointer (&path);
}

static GtkWidget *
child (GtkWidget  *widget,
       GType       type,
       const char *name)
{
  GObject *found = gtk_widget_get_template_child (widget, type, name);

  ck_assert_msg (found != NULL, "no %s", name);
  return GTK_WIDGET (found);
}

static GtkWidget *
page_child (Desk       *desk,
            const char *name)
{
  return child (desk->page, AX_TYPE_SETTINGS_PAGE, name);
}

/* A desk as the app opens it: the store, a context, a window with the
 * login page; the Settings page is added after the login. */
static void
desk_open (Desk       *desk,
           const char *path)
{
  g_autoptr (GError) error = NULL;

  memset (desk, 0, sizeof *desk);
  desk->store = ax_store_open (path, &error);
  ck_assert_msg (desk->store != NULL, "%s", error ? error->message : "");
  desk->settings = g_settings_new ("org.aesthetix.Aesthetix");  /* the memory backend */
  desk->context = ax_context_new (desk->store, desk->settings);
  desk->setup = ax_sync_setup_for_context (desk->context);
  ax_sync_setup_set_timings (desk->setup, 5000, 1);
  g_signal_connect (desk->setup, "notice", G_CALLBACK (notice_cb), NULL);
  desk->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (desk->window), 900, 760);
  desk->login = ax_login_page_new (desk->context);
  gtk_window_set_child (GTK_WINDOW (desk->window), desk->login);
  gtk_window_present (GTK_WINDOW (desk->window));
}

static gboolean
has_actor (gpointer data)
{
  return ax_context_get_actor (((Desk *) data)->context) != NULL;
}

/* Logs in at the login page as a person would, then shows Settings. */
static void
desk_log_in (Desk       *desk,
             const char *username)
{
  GtkEditable *user = GTK_EDITABLE (child (desk->login, AX_TYPE_LOGIN_PAGE, "username_row"));
  GtkEditable *password = GTK_EDITABLE (child (desk->login, AX_TYPE_LOGIN_PAGE, "password_row"));

  gtk_editable_set_text (user, username);
  gtk_editable_set_text (password, "demo");
  ck_assert (gtk_widget_activate_action (desk->login, "login.log-in", NULL));
  ck_assert_msg (ax_ui_spin_until (has_actor, desk), "the login did not finish");
  desk->page = ax_settings_page_new (desk->context);
  gtk_window_set_child (GTK_WINDOW (desk->window), desk->page);
  desk->login = NULL;
  ax_ui_spin_for (50);
}

static void
desk_close (Desk *desk)
{
  AxSyncEngine *engine = ax_context_get_sync_engine (desk->context);

  if (engine != NULL)
    ax_sync_engine_stop (engine);
  gtk_window_destroy (GTK_WINDOW (desk->window));
  ax_ui_spin_for (50);
  g_clear_object (&desk->context);
  g_clear_object (&desk->settings);
  g_clear_object (&desk->store);
}

static gboolean
not_busy (gpointer data)
{
  return ax_sync_setup_get_status (((Desk *) data)->setup) != AX_PAIRING_BUSY;
}

static gboolean
keyring_known (gpointer data)
{
  return ax_sync_setup_get_keyring (((Desk *) data)->setup) != AX_KEYRING_UNKNOWN;
}

static gboolean
synced (gpointer data)
{
  AxSyncEngine *engine = ax_context_get_sync_engine (((Desk *) data)->context);

  return engine != NULL && ax_sync_engine_get_last_sync (engine) > 0
         && ax_sync_engine_get_state (engine) == AX_SYNC_STATE_IDLE
         && ax_sync_engine_get_pending (engine) == 0;
}

/* Fills the form and presses Pair; returns when the pairing has finished. */
static void
pair (Desk       *desk,
      const char *url,
      const char *code,
      const char *shot)
{
  gtk_editable_set_text (GTK_EDITABLE (page_child (desk, "url_row")), url);
  gtk_editable_set_text (GTK_EDITABLE (page_child (desk, "code_row")), code);
  gtk_editable_set_text (GTK_EDITABLE (page_child (desk, "name_row")), "Reception");
  ck_assert (gtk_widget_activate_action (desk->page, "settings.pair", NULL));
  if (shot != NULL)
    {
      ck_assert_int_eq (ax_sync_setup_get_status (desk->setup), AX_PAIRING_BUSY);
      ck_assert (gtk_widget_get_visible (page_child (desk, "spinner")));
      ck_assert (!gtk_widget_is_sensitive (page_child (desk, "pair_button")));
      ck_assert (!gtk_editable_get_editable (GTK_EDITABLE (page_child (desk, "code_row"))));
      ax_ui_spin_for (200);
      ax_ui_save_png (desk->window, shot);
      g_subprocess_send_signal (server.process, SIGCONT);
    }
  ck_assert_msg (ax_ui_spin_until (not_busy, desk), "the pairing did not finish");
  ax_ui_spin_for (20);
}

static const char *
shown_message (Desk *desk)
{
  GtkWidget *label = page_child (desk, "message_label");

  return gtk_widget_get_visible (label) ? gtk_label_get_label (GTK_LABEL (label)) : "";
}

static void
assert_message (Desk       *desk,
                const char *part)
{
  ck_assert_msg (strstr (shown_message (desk), part) != NULL, "“%s” does not say “%s”",
                 shown_message (desk), part);
}

static void
assert_nothing_stored (Desk *desk)
{
  g_autofree char *code = ax_store_sync_get_device_code (desk->store);

  ck_assert (!ax_store_sync_get_server (desk->store, NULL, NULL));
  ck_assert_ptr_null (code);
  ck_assert_ptr_null (ax_context_get_sync_engine (desk->context));
  ck_assert_int_ne (ax_sync_setup_get_status (desk->setup), AX_PAIRING_PAIRED);
}

/* Whether the server's store of the clinic holds a patient of that name. */
static gboolean
server_has_patient (const char *first_name)
{
  g_autofree char *file = g_strconcat (clinic_id, ".db", NULL);
  g_autofree char *path = g_build_filename (data_dir, "clinics", file, NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean found = FALSE;

  ck_assert_int_eq (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
  sqlite3_busy_timeout (db, 2000);
  ck_assert_int_eq (sqlite3_prepare_v2 (db, "SELECT 1 FROM patients WHERE first_name = ?", -1,
                                        &stmt, NULL), SQLITE_OK);
  sqlite3_bind_text (stmt, 1, first_name, -1, SQLITE_STATIC);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return found;
}

static char *
keyring_secret (const char *device_id,
                const char *kind)
{
  g_autoptr (GError) error = NULL;
  char *secret = secret_password_lookup_sync (ax_sync_credentials_get_schema (), NULL, &error,
                                              "clinic", clinic_id, "device", device_id,
                                              "kind", kind, NULL);

  ck_assert_msg (error == NULL, "%s", error ? error->message : "");
  return secret;
}

/* A port nothing listens on. */
static guint16
closed_port (void)
{
  g_autoptr (GSocketListener) listener = g_socket_listener_new ();
  g_autoptr (GError) error = NULL;
  guint16 port = g_socket_listener_add_any_inet_port (listener, NULL, &error);

  g_assert_no_error (error);
  g_socket_listener_close (listener);
  return port;
}

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static gboolean
has_result (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

/* Answers the message dialog shown (the page's confirmation). */
static void
respond_to_dialog (const char *response)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  AdwMessageDialog *dialog = NULL;

  ax_ui_spin_for (50);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        dialog = ADW_MESSAGE_DIALOG (window);
    }
  ck_assert_msg (dialog != NULL, "no dialog shown");
  adw_message_dialog_response (dialog, response);
  ax_ui_spin_for (50);
}

/* Tests */

/* Bad input: a clear message and nothing stored. */
START_TEST (test_bad_input)
{
  g_autofree char *path = make_desk_store ("bad.db");
  g_autofree char *closed = g_strdup_printf ("http://127.0.0.1:%u", closed_port ());
  g_autofree char *other_code = enrol_code (other_clinic_id);
  Desk desk;

  ax_ui_test_init ();
  desk_open (&desk, path);
  desk_log_in (&desk, "owner");
  ck_assert (gtk_widget_get_visible (page_child (&desk, "pair_group")));
  ck_assert (!gtk_widget_get_visible (page_child (&desk, "status_group")));
  ax_ui_save_png (desk.window, "settings-unpaired.png");

  /* An empty form cannot be sent; an empty address says what to type. */
  ck_assert (!gtk_widget_is_sensitive (page_child (&desk, "pair_button")));
  ax_sync_setup_pair (desk.setup, "", "X", "Reception", NULL, NULL);
  assert_message (&desk, "Enter the clinic server’s address");

  pair (&desk, "ftp://server", "ABC", NULL);
  assert_message (&desk, "is not a server address");
  assert_nothing_stored (&desk);

  pair (&desk, closed, "ABC", NULL);
  assert_message (&desk, "cannot be reached");
  assert_message (&desk, "Check the address");
  assert_nothing_stored (&desk);

  pair (&desk, server.url, "NOT-A-CODE", NULL);
  assert_message (&desk, "enrolment code is wrong");
  assert_nothing_stored (&desk);

  /* A code of another clinic than the store's. */
  pair (&desk, server.url, other_code, NULL);
  assert_message (&desk, "another clinic");
  assert_nothing_stored (&desk);
  ck_assert (gtk_widget_get_visible (page_child (&desk, "pair_group")));
  ax_ui_save_png (desk.window, "settings-error.png");
  desk_close (&desk);

  /* The front desk sees the status but cannot pair. */
  desk_open (&desk, path);
  desk_log_in (&desk, "frontdesk");
  ck_assert (gtk_widget_get_visible (page_child (&desk, "readonly_label")));
  ck_assert (!gtk_widget_get_visible (page_child (&desk, "url_row")));
  gtk_editable_set_text (GTK_EDITABLE (page_child (&desk, "url_row")), server.url);
  gtk_editable_set_text (GTK_EDITABLE (page_child (&desk, "code_row")), "X");
  ck_assert (!gtk_widget_activate_action (desk.page, "settings.pair", NULL)
             || ax_sync_setup_get_status (desk.setup) == AX_PAIRING_UNPAIRED);
  ax_sync_setup_pair (desk.setup, server.url, "X", "Reception", NULL, "demo");
  assert_message (&desk, "Only the clinic’s owner");
  assert_nothing_stored (&desk);
  desk_close (&desk);
}
END_TEST

/* Pairs through the page, syncs, then starts again from the store alone. */
START_TEST (test_pair_and_resume)
{
  g_autofree char *path = make_desk_store ("reception.db");
  g_autofree char *code = enrol_code (clinic_id);
  g_autofree char *url = NULL, *device_id = NULL, *device_code = NULL;
  g_autofree char *refresh = NULL;
  AxSyncEngine *engine;
  Desk desk;

  ax_ui_test_init ();
  desk_open (&desk, path);
  desk_log_in (&desk, "owner");
  /* Made before pairing: the first sync sends it. */
  mutate (desk.store, ax_context_get_actor (desk.context), "patient.create",
          "{\"first_name\":\"Ploy\",\"last_name\":\"Before\",\"phone\":\"0810000001\"}");

  notices = 0;
  /* The server holds its answer a moment: the page shows it is pairing. */
  g_subprocess_send_signal (server.process, SIGSTOP);
  pair (&desk, server.url, code, "settings-pairing.png");
  ck_assert_msg (ax_sync_setup_get_status (desk.setup) == AX_PAIRING_PAIRED, "not paired: %s",
                 shown_message (&desk));
  engine = ax_context_get_sync_engine (desk.context);
  ck_assert_ptr_nonnull (engine);
  ck_assert_msg (ax_ui_spin_until (synced, &desk), "no sync: %s",
                 ax_sync_engine_get_last_error (engine));
  ck_assert (server_has_patient ("Ploy"));

  /* The store keeps the server, the device id and the desk's own code. */
  ck_assert (ax_store_sync_get_server (desk.store, &url, &device_id));
  ck_assert_str_eq (url, server.url);
  device_code = ax_store_sync_get_device_code (desk.store);
  ck_assert_ptr_nonnull (device_code);
  ck_assert (g_str_has_prefix (device_code, "D"));
  ck_assert (gtk_widget_get_visible (page_child (&desk, "status_group")));
  ck_assert (!gtk_widget_get_visible (page_child (&desk, "pair_group")));
  ck_assert_str_eq (adw_action_row_get_subtitle (ADW_ACTION_ROW (page_child (&desk, "device_row"))),
                    device_code);
  ck_assert_str_eq (adw_action_row_get_subtitle (ADW_ACTION_ROW (page_child (&desk, "clinic_row"))),
                    "Lotus Clinic");

  ck_assert (ax_ui_spin_until (keyring_known, &desk));
  if (with_keyring)
    {
      g_autofree char *secret = keyring_secret (device_id, AX_SYNC_SECRET_DEVICE);

      ck_assert_int_eq (ax_sync_setup_get_keyring (desk.setup), AX_KEYRING_AVAILABLE);
      ck_assert_uint_eq (notices, 0);
      ck_assert_ptr_nonnull (secret);
      refresh = keyring_secret (device_id, AX_SYNC_SECRET_REFRESH);
      ck_assert_str_eq (refresh, ax_sync_client_get_refresh_token (ax_sync_engine_get_client (engine)));
      ck_assert (!gtk_widget_get_visible (page_child (&desk, "keyring_label")));
      ax_ui_save_png (desk.window, "settings-paired.png");
    }
  else
    {
      ck_assert_int_eq (ax_sync_setup_get_keyring (desk.setup), AX_KEYRING_UNAVAILABLE);
      ck_assert (gtk_widget_get_visible (page_child (&desk, "keyring_label")));
      /* The window shows it as a toast, once. */
      ck_assert_uint_eq (notices, 1);
      ax_ui_save_png (desk.window, "settings-no-keyring.png");
    }

  if (with_keyring)
    {
      /* A refresh while syncing rotates the token: the keyring follows. */
      AxSyncClient *client = ax_sync_engine_get_client (engine);
      GAsyncResult *result = NULL;
      g_autoptr (JsonObject) reply = NULL;
      g_autofree char *kept = NULL;
      gint64 until = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

      ax_sync_client_refresh_async (client, NULL, store_result_cb, &result);
      ck_assert (ax_ui_spin_until (has_result, &result));
      reply = ax_sync_client_call_finish (client, result, NULL);
      g_clear_object (&result);
      ck_assert_ptr_nonnull (reply);
      ck_assert_str_ne (ax_sync_client_get_refresh_token (client), refresh);
      do
        {
          g_free (kept);
          ax_ui_spin_for (50);
          kept = keyring_secret (device_id, AX_SYNC_SECRET_REFRESH);
        }
      while (g_strcmp0 (kept, ax_sync_client_get_refresh_token (client)) != 0
             && g_get_monotonic_time () < until);
      ck_assert_str_eq (kept, ax_sync_client_get_refresh_token (client));
      g_free (refresh);
      refresh = g_steal_pointer (&kept);
    }

  /* A change made now goes out by itself. */
  mutate (desk.store, ax_context_get_actor (desk.context), "patient.create",
          "{\"first_name\":\"Nok\",\"last_name\":\"After\",\"phone\":\"0810000002\"}");
  ck_assert (ax_ui_spin_until (synced, &desk));
  ck_assert (server_has_patient ("Nok"));
  desk_close (&desk);

  /* The next start: the store alone, a fresh context, the next login. */
  desk_open (&desk, path);
  desk_log_in (&desk, "owner");
  ck_assert_msg (ax_ui_spin_until (not_busy, &desk), "the start did not finish");
  if (with_keyring)
    {
      g_autofree char *rotated = NULL;
      gint64 until = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

      ck_assert_msg (ax_sync_setup_get_status (desk.setup) == AX_PAIRING_PAIRED, "not resumed: %s",
                     shown_message (&desk));
      engine = ax_context_get_sync_engine (desk.context);
      ck_assert_ptr_nonnull (engine);
      mutate (desk.store, ax_context_get_actor (desk.context), "patient.create",
              "{\"first_name\":\"Dao\",\"last_name\":\"Resumed\",\"phone\":\"0810000003\"}");
      ck_assert (ax_ui_spin_until (synced, &desk));
      ck_assert (server_has_patient ("Dao"));

      /* The refresh rotated the token: the keyring keeps the new one. */
      do
        {
          g_free (rotated);
          ax_ui_spin_for (50);
          rotated = keyring_secret (device_id, AX_SYNC_SECRET_REFRESH);
        }
      while (g_strcmp0 (rotated, ax_sync_client_get_refresh_token (ax_sync_engine_get_client (engine))) != 0
             && g_get_monotonic_time () < until);
      ck_assert_str_eq (rotated, ax_sync_client_get_refresh_token (ax_sync_engine_get_client (engine)));
      ck_assert_str_ne (rotated, refresh);

      /* Unpair, confirmed: the engine stops, the keyring and the store forget. */
      ck_assert (gtk_widget_activate_action (desk.page, "settings.unpair", NULL));
      respond_to_dialog ("unpair");
      ck_assert_int_eq (ax_sync_setup_get_status (desk.setup), AX_PAIRING_UNPAIRED);
      ck_assert_ptr_null (ax_context_get_sync_engine (desk.context));
      ck_assert (!ax_store_sync_get_server (desk.store, NULL, NULL));
      ax_ui_spin_for (300);
      g_clear_pointer (&rotated, g_free);
      rotated = keyring_secret (device_id, AX_SYNC_SECRET_REFRESH);
      ck_assert_ptr_null (rotated);
      ck_assert (gtk_widget_get_visible (page_child (&desk, "pair_group")));
    }
  else
    {
      g_autofree char *again = enrol_code (clinic_id);

      /* Nothing was kept: the page says to pair again, the address filled in. */
      ck_assert_int_eq (ax_sync_setup_get_status (desk.setup), AX_PAIRING_NEEDS_PAIRING);
      ck_assert_ptr_null (ax_context_get_sync_engine (desk.context));
      assert_message (&desk, "No keyring is available");
      ck_assert (gtk_widget_get_visible (page_child (&desk, "pair_group")));
      ck_assert (!gtk_widget_get_visible (page_child (&desk, "keyring_label")));
      ck_assert_str_eq (gtk_editable_get_text (GTK_EDITABLE (page_child (&desk, "url_row"))),
                        server.url);
      ax_ui_save_png (desk.window, "settings-no-keyring-start.png");
      pair (&desk, server.url, again, NULL);
      ck_assert_msg (ax_sync_setup_get_status (desk.setup) == AX_PAIRING_PAIRED, "not paired: %s",
                     shown_message (&desk));
      mutate (desk.store, ax_context_get_actor (desk.context), "patient.create",
              "{\"first_name\":\"Dao\",\"last_name\":\"Repaired\",\"phone\":\"0810000003\"}");
      ck_assert (ax_ui_spin_until (synced, &desk));
      ck_assert (server_has_patient ("Dao"));
    }
  desk_close (&desk);
}
END_TEST

static void
busy_text_cb (AxSyncSetup *setup,
              GParamSpec  *pspec,
              GPtrArray   *seen)
{
  const char *text = ax_sync_setup_get_busy_text (setup);

  if (text != NULL)
    g_ptr_array_add (seen, g_strdup (text));
}

/* A fresh desk (no clinic, nobody to log in) is paired by the clinic's
 * owner on the server; the first sync brings the clinic and its users. */
START_TEST (test_fresh_desk)
{
  g_autofree char *path = g_build_filename (data_dir, "fresh.db", NULL);
  g_autofree char *code = enrol_code (clinic_id);
  g_autofree char *again = enrol_code (clinic_id);
  g_autoptr (AxActor) owner = NULL;
  g_autoptr (GError) error = NULL;
  Desk desk;

  ax_ui_test_init ();
  desk_open (&desk, path);
  ck_assert_ptr_null (ax_store_get_clinic (desk.store));
  desk.page = ax_settings_page_new (desk.context);
  gtk_window_set_child (GTK_WINDOW (desk.window), desk.page);
  desk.login = NULL;
  ax_ui_spin_for (50);
  ck_assert (gtk_widget_get_visible (page_child (&desk, "user_row")));
  ck_assert (gtk_widget_get_visible (page_child (&desk, "password_row")));
  ck_assert (!gtk_widget_get_visible (page_child (&desk, "readonly_label")));

  /* Someone who is not the owner on the server. */
  gtk_editable_set_text (GTK_EDITABLE (page_child (&desk, "user_row")), "frontdesk");
  gtk_editable_set_text (GTK_EDITABLE (page_child (&desk, "password_row")), "demo");
  pair (&desk, server.url, code, NULL);
  assert_message (&desk, "Only the clinic’s owner");
  assert_nothing_stored (&desk);
  ck_assert_str_eq (gtk_editable_get_text (GTK_EDITABLE (page_child (&desk, "password_row"))), "");
  /* Its sign-in was not kept anywhere either. */
  ck_assert_int_eq (ax_sync_setup_get_keyring (desk.setup), AX_KEYRING_UNKNOWN);

  /* The owner. */
  gtk_editable_set_text (GTK_EDITABLE (page_child (&desk, "user_row")), "owner");
  gtk_editable_set_text (GTK_EDITABLE (page_child (&desk, "password_row")), "demo");
  ax_ui_save_png (desk.window, "settings-fresh.png");
  {
    g_autoptr (GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
    gulong id = g_signal_connect (desk.setup, "notify::busy-text", G_CALLBACK (busy_text_cb), seen);
    gboolean getting = FALSE;

    pair (&desk, server.url, again, NULL);
    g_signal_handler_disconnect (desk.setup, id);
    ck_assert_msg (ax_sync_setup_get_status (desk.setup) == AX_PAIRING_PAIRED, "not paired: %s",
                   shown_message (&desk));
    /* Pairing a fresh desk ends only once its first sync is through: the
     * desk opens on the whole clinic, not on one still filling. */
    for (guint i = 0; i < seen->len; i++)
      getting |= g_str_has_prefix (seen->pdata[i], "Getting the clinic’s records");
    ck_assert_msg (getting, "no “Getting the clinic’s records…” while the first sync ran");
    ck_assert_int_gt (ax_sync_engine_get_last_sync (ax_context_get_sync_engine (desk.context)), 0);
  }
  ck_assert (ax_ui_spin_until (synced, &desk));
  ck_assert_ptr_nonnull (ax_store_get_clinic (desk.store));
  ck_assert_str_eq (ax_store_get_clinic (desk.store)->id, clinic_id);
  /* The clinic's people came with it: the owner logs in here now. */
  owner = ax_auth_login (desk.store, "owner", "demo", &error);
  ck_assert_msg (owner != NULL, "%s", error ? error->message : "");
  ck_assert (ax_store_sync_get_server (desk.store, NULL, NULL));
  desk_close (&desk);
}
END_TEST

/* A Secret Service that never answers (a keyring waiting on an unlock
 * prompt nobody sees): this process owns its name and drops every call. */
static guint held_calls;

static GDBusMessage *
drop_secret_calls_cb (GDBusConnection *connection,
                      GDBusMessage    *message,
                      gboolean         incoming,
                      gpointer         data)
{
  if (incoming && g_dbus_message_get_message_type (message) == G_DBUS_MESSAGE_TYPE_METHOD_CALL
      && g_str_has_prefix (g_dbus_message_get_path (message) ? g_dbus_message_get_path (message) : "",
                           "/org/freedesktop/secrets"))
    {
      g_atomic_int_inc (&held_calls);
      g_object_unref (message);
      return NULL;
    }
  return message;
}

static void
lookup_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  GError **error = data;
  char *secret = NULL, *refresh = NULL;

  ck_assert (!ax_sync_credentials_lookup_finish (result, &secret, &refresh, error));
  ck_assert_ptr_null (secret);
}

static gboolean
has_error (gpointer data)
{
  return *(GError **) data != NULL;
}

/* A keyring that never answers: the lookup ends at its deadline, and a
 * paired desk starts within it, saying it must be paired again. */
START_TEST (test_keyring_deadline)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDBusConnection) bus = NULL;
  g_autofree char *path = make_desk_store ("silent.db");
  gint64 started;
  guint owner, filter;
  Desk desk;

  if (with_keyring)
    return;  /* the session's gnome-keyring owns the name */
  ax_ui_test_init ();
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  filter = g_dbus_connection_add_filter (bus, drop_secret_calls_cb, NULL, NULL);
  owner = g_bus_own_name_on_connection (bus, "org.freedesktop.secrets", G_BUS_NAME_OWNER_FLAGS_NONE,
                                        NULL, NULL, NULL, NULL);
  ax_ui_spin_for (200);

  started = g_get_monotonic_time ();
  ax_sync_credentials_lookup_async ("clinic", "device", "user", 700, NULL, lookup_done_cb, &error);
  ck_assert (ax_ui_spin_until (has_error, &error));
  ck_assert (g_error_matches (error, AX_SYNC_CREDENTIALS_ERROR, AX_SYNC_CREDENTIALS_ERROR_UNAVAILABLE));
  ck_assert_msg (strstr (error->message, "did not answer") != NULL, "%s", error->message);
  ck_assert_int_lt (g_get_monotonic_time () - started, 3 * G_USEC_PER_SEC);
  ck_assert_uint_gt (g_atomic_int_get (&held_calls), 0);

  /* A desk paired before: the start waits no longer than the deadline. */
  {
    g_autoptr (AxStore) store = ax_store_open (path, &error);

    ck_assert (ax_store_sync_set_server (store, server.url, "0190aaaa-0000-7000-8000-000000000001",
                                         &error));
  }
  desk_open (&desk, path);
  ax_sync_setup_set_timings (desk.setup, 700, 1);
  started = g_get_monotonic_time ();
  desk_log_in (&desk, "owner");
  ck_assert (ax_ui_spin_until (not_busy, &desk));
  ck_assert_int_lt (g_get_monotonic_time () - started, 3 * G_USEC_PER_SEC);
  ck_assert_int_eq (ax_sync_setup_get_status (desk.setup), AX_PAIRING_NEEDS_PAIRING);
  ck_assert_int_eq (ax_sync_setup_get_keyring (desk.setup), AX_KEYRING_UNAVAILABLE);
  assert_message (&desk, "No keyring is available");
  desk_close (&desk);

  g_bus_unown_name (owner);
  g_dbus_connection_remove_filter (bus, filter);
}
END_TEST


/* Another person at the same desk: the login page signs them in to the
 * server too. */
static void
desk_switch (Desk       *desk,
             const char *username)
{
  ax_context_set_actor (desk->context, NULL);
  desk->login = ax_login_page_new (desk->context);
  gtk_window_set_child (GTK_WINDOW (desk->window), desk->login);
  desk_log_in (desk, username);
}

static char *
desk_text (Desk       *desk,
           const char *sql,
           const char *arg)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  ck_assert_int_eq (sqlite3_open_v2 (ax_store_get_path (desk->store), &db, SQLITE_OPEN_READONLY, NULL),
                    SQLITE_OK);
  sqlite3_busy_timeout (db, 2000);
  ck_assert_int_eq (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), SQLITE_OK);
  sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return text;
}

/* The server's audit entries of action by user_id. */
static gint64
server_audit_count (const char *action,
                    const char *user_id)
{
  g_autofree char *file = g_strconcat (clinic_id, ".db", NULL);
  g_autofree char *path = g_build_filename (data_dir, "clinics", file, NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = 0;

  ck_assert_int_eq (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
  sqlite3_busy_timeout (db, 2000);
  ck_assert_int_eq (sqlite3_prepare_v2 (db, "SELECT COUNT (*) FROM audit_log WHERE action = ? AND user_id = ?",
                                        -1, &stmt, NULL), SQLITE_OK);
  sqlite3_bind_text (stmt, 1, action, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, user_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static gboolean
waits (gpointer data)
{
  AxSyncEngine *engine = ax_context_get_sync_engine (((Desk *) data)->context);

  return engine != NULL && ax_sync_engine_get_waiting_for (engine) != NULL
         && ax_sync_engine_get_state (engine) == AX_SYNC_STATE_IDLE;
}

/* Each person's changes go with their own sign-in: one who has none here
 * holds the queue at their change (the header says so) until they log in. */
START_TEST (test_people)
{
  g_autofree char *path = make_desk_store ("people.db");
  g_autofree char *code = enrol_code (clinic_id);
  g_autofree char *front_id = NULL, *line = NULL, *tooltip = NULL;
  g_autoptr (AxActor) front = NULL;
  const char *icon = NULL;
  AxSyncEngine *engine;
  Desk desk;

  ax_ui_test_init ();
  desk_open (&desk, path);
  desk_log_in (&desk, "owner");
  pair (&desk, server.url, code, NULL);
  ck_assert_msg (ax_sync_setup_get_status (desk.setup) == AX_PAIRING_PAIRED, "not paired: %s",
                 shown_message (&desk));
  ck_assert (ax_ui_spin_until (synced, &desk));
  engine = ax_context_get_sync_engine (desk.context);
  front_id = desk_text (&desk, "SELECT id FROM users WHERE username = ? AND deleted_at IS NULL", "frontdesk");
  ck_assert_ptr_nonnull (front_id);

  /* The front desk's change (made here before, with no sign-in since), then
   * the owner's: neither goes out, nothing is pushed as the owner's. */
  front = ax_actor_new (front_id, "frontdesk", "frontdesk", AX_ROLE_FRONT_DESK);
  mutate (desk.store, front, "patient.create",
          "{\"first_name\":\"Fon\",\"last_name\":\"Front\",\"phone\":\"0810000011\"}");
  mutate (desk.store, ax_context_get_actor (desk.context), "patient.create",
          "{\"first_name\":\"Oat\",\"last_name\":\"Owner\",\"phone\":\"0810000012\"}");
  ck_assert_msg (ax_ui_spin_until (waits, &desk), "the queue did not wait");
  ck_assert_str_eq (ax_sync_engine_get_waiting_for (engine), front_id);
  line = ax_sync_indicator_describe (engine, ax_store_get_timezone (desk.store), g_get_real_time () / 1000,
                                     &icon, &tooltip);
  ck_assert_msg (g_str_has_prefix (line, "Waiting for frontdesk to sign in"), "%s", line);
  ck_assert_msg (strstr (tooltip, "to sign in to sync") != NULL, "%s", tooltip);
  ck_assert (!server_has_patient ("Fon"));
  ck_assert (!server_has_patient ("Oat"));
  {
    GtkWidget *header = gtk_window_new ();
    GtkWidget *bar = gtk_header_bar_new ();

    gtk_header_bar_pack_end (GTK_HEADER_BAR (bar), ax_sync_indicator_new (desk.context));
    gtk_window_set_titlebar (GTK_WINDOW (header), bar);
    gtk_window_set_default_size (GTK_WINDOW (header), 1000, 120);
    gtk_window_present (GTK_WINDOW (header));
    ax_ui_spin_for (200);
    ax_ui_save_png (header, "sync-waiting-for.png");
    gtk_window_destroy (GTK_WINDOW (header));
  }

  /* They log in at the desk: signed in to the server in the background,
   * the queue goes on, in order, each change as its author's. */
  desk_switch (&desk, "frontdesk");
  ck_assert_msg (ax_ui_spin_until (synced, &desk), "no sync after their login: %s",
                 ax_sync_engine_get_last_error (engine));
  ck_assert_ptr_null (ax_sync_engine_get_waiting_for (engine));
  ck_assert (server_has_patient ("Fon"));
  ck_assert (server_has_patient ("Oat"));
  ck_assert_int_ge (server_audit_count ("login", front_id), 1);
  ck_assert_ptr_nonnull (ax_sync_engine_get_sign_in (engine, front_id));

  if (with_keyring)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *device_id = NULL;
      g_autofree char *kept = NULL;

      /* Their refresh token is in the keyring, as theirs. */
      ck_assert (ax_store_sync_get_server (desk.store, NULL, &device_id));
      kept = secret_password_lookup_sync (ax_sync_credentials_get_schema (), NULL, &error,
                                          "clinic", clinic_id, "device", device_id,
                                          "kind", AX_SYNC_SECRET_REFRESH, "user", front_id, NULL);
      g_assert_no_error (error);
      ck_assert_ptr_nonnull (kept);

      /* A change of theirs left waiting at closing time goes out after a
       * restart where only the owner logs in. */
      ax_sync_engine_stop (engine);
      mutate (desk.store, front, "patient.create",
              "{\"first_name\":\"Pim\",\"last_name\":\"Later\",\"phone\":\"0810000013\"}");
      desk_close (&desk);
      desk_open (&desk, path);
      desk_log_in (&desk, "owner");
      ck_assert_msg (ax_ui_spin_until (not_busy, &desk), "the start did not finish");
      ck_assert_int_eq (ax_sync_setup_get_status (desk.setup), AX_PAIRING_PAIRED);
      ck_assert_msg (ax_ui_spin_until (synced, &desk), "not synced after the restart");
      ck_assert (server_has_patient ("Pim"));
    }

  /* Someone logs in while the server is away: their password waits in
   * memory and signs them in once the server answers again. */
  {
    g_autofree char *port = g_strdup (strrchr (server.url, ':') + 1);
    const char *same_port[] = { "--port", port, NULL };
    g_autofree char *billing_id = NULL;

    engine = ax_context_get_sync_engine (desk.context);
    ax_test_server_stop (&server);
    desk_switch (&desk, "billing");
    billing_id = g_strdup (ax_actor_get_user_id (ax_context_get_actor (desk.context)));
    /* Their login is a change of theirs (an audit entry): it waits. */
    ax_ui_spin_for (500);
    ck_assert_uint_gt (ax_store_sync_count_waiting (desk.store), 0);
    ck_assert_ptr_null (ax_sync_engine_get_sign_in (engine, billing_id));
    ck_assert (ax_sync_setup_has_password (desk.setup));

    ax_test_server_start (&server, data_dir, same_port);
    ax_sync_engine_sync_async (engine, NULL, NULL, NULL);
    ck_assert_msg (ax_ui_spin_until (synced, &desk), "not synced once the server was back: %s",
                   ax_sync_engine_get_last_error (engine));
    ck_assert_int_ge (server_audit_count ("login", billing_id), 1);
    ck_assert_ptr_nonnull (ax_sync_engine_get_sign_in (engine, billing_id));
    /* Signed in: the password is not kept any longer. */
    ck_assert (!ax_sync_setup_has_password (desk.setup));
  }
  desk_close (&desk);
}
END_TEST

static void
start_server (void)
{
  g_autoptr (GError) error = NULL;
  const char *args[] = { "create-user", "--clinic", NULL, "--username", "owner", "--role", "owner", NULL };
  g_autoptr (JsonObject) user = NULL;

  data_dir = g_dir_make_tmp ("ax-pairing-XXXXXX", &error);
  g_assert_no_error (error);
  clinic_id = make_clinic ("Lotus Clinic");
  other_clinic_id = make_clinic ("Orchid Clinic");
  args[2] = clinic_id;
  user = ax_test_server_command (data_dir, "demo\n", args);
  {
    const char *front[] = { "create-user", "--clinic", clinic_id, "--username", "frontdesk",
                            "--role", "front_desk", NULL };
    const char *billing[] = { "create-user", "--clinic", clinic_id, "--username", "billing",
                              "--role", "billing", NULL };
    g_autoptr (JsonObject) made = ax_test_server_command (data_dir, "demo\n", front);
    g_autoptr (JsonObject) made_billing = ax_test_server_command (data_dir, "demo\n", billing);
  }
  ax_test_server_start (&server, data_dir, NULL);
}

int
main (void)
{
  const TTest *tests[] = { test_bad_input, test_pair_and_resume, test_fresh_desk, test_people,
                           test_keyring_deadline };
  int status;

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("SKIP: no display\n");
      return 77;
    }
  with_keyring = g_strcmp0 (g_getenv ("AX_KEYRING"), "1") == 0;
  start_server ();
  status = ax_ui_test_main (with_keyring ? "pairing-keyring" : "pairing-no-keyring", NULL, NULL,
                            tests, G_N_ELEMENTS (tests));
  ax_test_server_stop (&server);
  ax_test_remove_dir (data_dir);
  return status;
}
