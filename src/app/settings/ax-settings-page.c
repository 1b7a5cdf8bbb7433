/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

#include "ax-settings-page.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ax-sync-store.h"
#include "settings/ax-sync-setup.h"
#include "widgets/ax-sync-indicator.h"

struct _AxSettingsPage
{
  GtkWidget             parent_instance;

  AxContext            *context;
  AxSyncSetup          *setup;
  AxSyncEngine         *engine;       /* followed, while paired */
  GtkWidget            *dialog;       /* the password or unpair dialog shown, if any */

  AdwPreferencesPage   *preferences;
  AdwPreferencesGroup  *pair_group;
  AdwEntryRow          *url_row;
  AdwEntryRow          *code_row;
  AdwEntryRow          *name_row;
  AdwEntryRow          *user_row;      /* a fresh desk: the owner on the server */
  AdwEntryRow          *password_row;
  AdwActionRow         *pair_row;
  GtkSpinner           *spinner;
  GtkWidget            *pair_button;
  AdwPreferencesGroup  *status_group;
  AdwActionRow         *clinic_row;
  AdwActionRow         *server_row;
  AdwActionRow         *device_row;
  AdwActionRow         *sync_row;
  AdwActionRow         *sign_in_row;
  AdwActionRow         *unpair_row;
  GtkLabel             *message_label;
  GtkLabel             *keyring_label;
  GtkLabel             *readonly_label;
};

G_DEFINE_FINAL_TYPE (AxSettingsPage, ax_settings_page, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Helpers */

static const char *
row_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

/* A fresh desk has no clinic and nobody logged in: whoever pairs it signs
 * in to the server as the clinic's owner. */
static gboolean
is_fresh (AxSettingsPage *self)
{
  return ax_context_get_clinic (self->context) == NULL;
}

static gboolean
can_pair (AxSettingsPage *self)
{
  return is_fresh (self) || ax_context_can (self->context, AX_PERM_SETTINGS_EDIT);
}

static char *
format_last_sync (AxSettingsPage *self)
{
  AxStore *store = ax_context_get_store (self->context);
  gint64 last = self->engine ? ax_sync_engine_get_last_sync (self->engine) : 0;
  g_autoptr (GDateTime) utc = NULL;
  g_autoptr (GDateTime) local = NULL;
  g_autofree char *when = NULL;
  g_autofree char *state = NULL;
  g_autofree char *tooltip = NULL;
  const char *icon = NULL;

  state = ax_sync_indicator_describe (self->engine, ax_store_get_timezone (store),
                                      g_get_real_time () / 1000, &icon, &tooltip);
  if (last == 0)
    /* Translators: the Last Sync row before the first sync; then the desk's state */
    return g_strdup_printf (_("Never · %s"), state);
  utc = g_date_time_new_from_unix_utc (last / 1000);
  local = g_date_time_to_timezone (utc, ax_store_get_timezone (store));
  /* Translators: the Last Sync row: date and time (strftime format) */
  when = g_date_time_format (local, _("%-d %b %Y %H:%M"));
  return g_strdup_printf ("%s · %s", when, state);
}

static void
update_sync_row (AxSettingsPage *self)
{
  g_autofree char *text = format_last_sync (self);
  AxSyncState state = self->engine ? ax_sync_engine_get_state (self->engine) : AX_SYNC_STATE_IDLE;
  const char *error = self->engine ? ax_sync_engine_get_last_error (self->engine) : NULL;

  if (error != NULL && (state == AX_SYNC_STATE_ERROR || state == AX_SYNC_STATE_UPDATE_NEEDED))
    {
      g_autofree char *both = g_strdup_printf ("%s\n%s", text, error);
      adw_action_row_set_subtitle (self->sync_row, both);
    }
  else
    adw_action_row_set_subtitle (self->sync_row, text);
}

/* The queue waits for the person at the desk to sign in to the server. */
static gboolean
waits_for_me (AxSettingsPage *self)
{
  AxActor *actor = ax_context_get_actor (self->context);

  return self->engine != NULL && actor != NULL
         && g_strcmp0 (ax_sync_engine_get_waiting_for (self->engine), ax_actor_get_user_id (actor)) == 0;
}

static void
ax_settings_page_update_actions (AxSettingsPage *self)
{
  AxPairingStatus status = ax_sync_setup_get_status (self->setup);
  gboolean busy = status == AX_PAIRING_BUSY;
  gboolean paired = status == AX_PAIRING_PAIRED;
  gboolean owner = can_pair (self);
  gboolean filled = *row_text (self->url_row) != '\0' && *row_text (self->code_row) != '\0'
                    && (!is_fresh (self) || (*row_text (self->user_row) != '\0'
                                             && *row_text (self->password_row) != '\0'));
  gboolean engine_refused = self->engine != NULL
                            && ax_sync_engine_get_state (self->engine) == AX_SYNC_STATE_ERROR;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "settings.pair",
                                 owner && !busy && !paired && filled);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "settings.sync-now", self->engine != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "settings.sign-in",
                                 !busy && (status == AX_PAIRING_NEEDS_PASSWORD || engine_refused
                                           || waits_for_me (self)));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "settings.unpair",
                                 owner && !busy && ax_sync_setup_get_server_url (self->setup) != NULL);
}

static void
update (AxSettingsPage *self)
{
  AxPairingStatus status = ax_sync_setup_get_status (self->setup);
  const char *url = ax_sync_setup_get_server_url (self->setup);
  const AxClinicInfo *clinic = ax_context_get_clinic (self->context);
  AxActor *actor = ax_context_get_actor (self->context);
  gboolean busy = status == AX_PAIRING_BUSY;
  gboolean owner = can_pair (self);
  gboolean show_form = (url == NULL || status == AX_PAIRING_NEEDS_PAIRING
                        || (busy && url == NULL)) && status != AX_PAIRING_PAIRED;
  const char *message = ax_sync_setup_get_message (self->setup);
  g_autofree char *device_code = ax_store_sync_get_device_code (ax_context_get_store (self->context));
  g_autofree char *pair_subtitle = NULL;
  const char *busy_text = ax_sync_setup_get_busy_text (self->setup);

  /* The form, for the owner while the desk is not paired. */
  gtk_widget_set_visible (GTK_WIDGET (self->pair_group), show_form);
  gtk_widget_set_visible (GTK_WIDGET (self->url_row), owner);
  gtk_widget_set_visible (GTK_WIDGET (self->code_row), owner);
  gtk_widget_set_visible (GTK_WIDGET (self->name_row), owner);
  gtk_widget_set_visible (GTK_WIDGET (self->pair_row), owner);
  gtk_widget_set_visible (GTK_WIDGET (self->user_row), is_fresh (self));
  gtk_widget_set_visible (GTK_WIDGET (self->password_row), is_fresh (self));
  gtk_editable_set_editable (GTK_EDITABLE (self->user_row), !busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->password_row), !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->readonly_label), !owner);
  gtk_editable_set_editable (GTK_EDITABLE (self->url_row), !busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->code_row), !busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->name_row), !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  if (busy && busy_text != NULL)
    pair_subtitle = g_strdup (busy_text);
  else if (is_fresh (self))
    pair_subtitle = g_strdup (_("The clinic’s records come from the server at the first sync"));
  else if (actor != NULL)
    pair_subtitle = g_strdup_printf (_("Signs in to the server as “%s”"),
                                     ax_actor_get_username (actor));
  adw_action_row_set_subtitle (self->pair_row, pair_subtitle ? pair_subtitle : "");

  /* The status, for everyone once the desk is paired. */
  gtk_widget_set_visible (GTK_WIDGET (self->status_group), url != NULL && !show_form);
  if (busy && busy_text != NULL && url != NULL)
    adw_preferences_group_set_description (self->status_group, busy_text);
  else
    adw_preferences_group_set_description (self->status_group, NULL);
  adw_action_row_set_subtitle (self->clinic_row, clinic ? clinic->name : _("Not known yet"));
  adw_action_row_set_subtitle (self->server_row, url ? url : "");
  adw_action_row_set_subtitle (self->device_row, device_code ? device_code : _("Not given yet"));
  update_sync_row (self);
  gtk_widget_set_visible (GTK_WIDGET (self->sync_row), self->engine != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->sign_in_row),
                          status == AX_PAIRING_NEEDS_PASSWORD || waits_for_me (self)
                          || (self->engine != NULL
                              && ax_sync_engine_get_state (self->engine) == AX_SYNC_STATE_ERROR));
  gtk_widget_set_visible (GTK_WIDGET (self->unpair_row), owner);

  gtk_label_set_label (self->message_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->message_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Pairing error"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message ? message : "",
                                  -1);
  /* When the desk must be paired again, the message already says why. */
  gtk_widget_set_visible (GTK_WIDGET (self->keyring_label),
                          ax_sync_setup_get_keyring (self->setup) == AX_KEYRING_UNAVAILABLE
                          && status != AX_PAIRING_NEEDS_PAIRING);

  ax_settings_page_update_actions (self);
}

static void
set_dialog (AxSettingsPage *self,
            GtkWidget      *dialog)
{
  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  g_set_weak_pointer (&self->dialog, dialog);
}

static GtkWindow *
parent_window (AxSettingsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* Callbacks */

static void
engine_changed_cb (AxSettingsPage *self)
{
  update (self);
}

static void
follow_engine (AxSettingsPage *self)
{
  AxSyncEngine *engine = ax_context_get_sync_engine (self->context);

  if (self->engine == engine)
    return;
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_set_object (&self->engine, engine);
  if (engine != NULL)
    {
      g_signal_connect_swapped (engine, "notify::state", G_CALLBACK (engine_changed_cb), self);
      g_signal_connect_swapped (engine, "notify::last-sync", G_CALLBACK (engine_changed_cb), self);
      g_signal_connect_swapped (engine, "notify::pending", G_CALLBACK (engine_changed_cb), self);
      g_signal_connect_swapped (engine, "notify::last-error", G_CALLBACK (engine_changed_cb), self);
      g_signal_connect_swapped (engine, "notify::waiting-for", G_CALLBACK (engine_changed_cb), self);
    }
}

static void
sync_engine_changed_cb (AxSettingsPage *self)
{
  follow_engine (self);
  update (self);
}

static void
form_changed_cb (AxSettingsPage *self)
{
  ax_settings_page_update_actions (self);
}

static void
row_activated_cb (AxSettingsPage *self,
                  AdwEntryRow    *row)
{
  if (row == self->url_row)
    gtk_widget_grab_focus (GTK_WIDGET (self->code_row));
  else if (row == self->code_row)
    gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
  else if (row == self->name_row && is_fresh (self))
    gtk_widget_grab_focus (GTK_WIDGET (self->user_row));
  else if (row == self->user_row)
    gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
  else
    gtk_widget_activate_action (GTK_WIDGET (self), "settings.pair", NULL);
}

static void
pair_with (AxSettingsPage *self,
           const char     *password)
{
  ax_sync_setup_pair (self->setup, row_text (self->url_row), row_text (self->code_row),
                      row_text (self->name_row), is_fresh (self) ? row_text (self->user_row) : NULL,
                      password);
}

static void
password_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      AxSettingsPage   *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  const char *purpose = g_object_get_data (G_OBJECT (dialog), "purpose");

  if (g_strcmp0 (response, "sign-in") == 0 && *gtk_editable_get_text (entry) != '\0')
    {
      if (g_strcmp0 (purpose, "pair") == 0)
        pair_with (self, gtk_editable_get_text (entry));
      else
        ax_sync_setup_sign_in (self->setup, gtk_editable_get_text (entry));
    }
  gtk_editable_set_text (entry, "");
}

static void
password_entry_activated_cb (GtkPasswordEntry *entry,
                             AdwMessageDialog *dialog)
{
  adw_message_dialog_response (dialog, "sign-in");
}

/* Asks for the password of the person at the desk on the clinic server. */
static void
ask_password (AxSettingsPage *self,
              const char     *purpose)
{
  AxActor *actor = ax_context_get_actor (self->context);
  g_autofree char *body = NULL;
  GtkWidget *dialog, *entry;

  if (actor == NULL)
    return;
  body = g_strdup_printf (_("Enter the password of “%s”. It signs this desk in to the clinic "
                            "server and is not kept."), ax_actor_get_username (actor));
  dialog = adw_message_dialog_new (parent_window (self), _("Sign In to the Clinic Server"), body);
  entry = gtk_password_entry_new ();
  gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Password"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "sign-in", _("_Sign In"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "sign-in",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "sign-in");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "purpose", g_strdup (purpose), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (password_response_cb), self, 0);
  g_signal_connect (entry, "activate", G_CALLBACK (password_entry_activated_cb), dialog);
  set_dialog (self, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
pair_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  AxSettingsPage *self = AX_SETTINGS_PAGE (widget);

  if (is_fresh (self))
    {
      pair_with (self, row_text (self->password_row));
      /* The password is not kept in the form. */
      gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
    }
  else if (ax_sync_setup_has_password (self->setup))
    pair_with (self, NULL);
  else
    ask_password (self, "pair");
}

static void
synced_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr (GError) error = NULL;

  /* The outcome shows in the engine's state. */
  if (!ax_sync_engine_sync_finish (AX_SYNC_ENGINE (source), result, &error))
    g_debug ("Sync now: %s", error->message);
}

static void
sync_now_action_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  AxSettingsPage *self = AX_SETTINGS_PAGE (widget);

  if (self->engine != NULL)
    ax_sync_engine_sync_async (self->engine, NULL, synced_cb, NULL);
}

static void
sign_in_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  ask_password (AX_SETTINGS_PAGE (widget), "sign-in");
}

static void
unpair_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    AxSettingsPage   *self)
{
  if (g_strcmp0 (response, "unpair") == 0)
    ax_sync_setup_unpair (self->setup);
}

static void
unpair_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  AxSettingsPage *self = AX_SETTINGS_PAGE (widget);
  guint pending = self->engine ? ax_sync_engine_get_pending (self->engine) : 0;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (pending > 0)
    body = g_strdup_printf (ngettext ("This desk stops syncing with %s and its sign-in is removed "
                                      "from the keyring. %u change not yet sent stays on this "
                                      "desk and is sent if it is paired again.",
                                      "This desk stops syncing with %s and its sign-in is removed "
                                      "from the keyring. %u changes not yet sent stay on this "
                                      "desk and are sent if it is paired again.", pending),
                            ax_sync_setup_get_server_url (self->setup), pending);
  else
    body = g_strdup_printf (_("This desk stops syncing with %s and its sign-in is removed from "
                              "the keyring. Its records stay on this desk."),
                            ax_sync_setup_get_server_url (self->setup));
  dialog = adw_message_dialog_new (parent_window (self), _("Unpair This Desk?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "unpair", _("_Unpair"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "unpair",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (unpair_response_cb), self, 0);
  set_dialog (self, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Overrides */

static void
ax_settings_page_constructed (GObject *object)
{
  AxSettingsPage *self = AX_SETTINGS_PAGE (object);
  g_autofree char *url = NULL;

  G_OBJECT_CLASS (ax_settings_page_parent_class)->constructed (object);

  self->setup = g_object_ref (ax_sync_setup_for_context (self->context));
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), g_get_host_name ());
  /* A desk paired before (its sign-in lost) offers the same server again. */
  if (ax_store_sync_get_server (ax_context_get_store (self->context), &url, NULL))
    gtk_editable_set_text (GTK_EDITABLE (self->url_row), url);

  /* Disconnected in dispose: the template's children are gone by then. */
  g_signal_connect_swapped (self->setup, "notify", G_CALLBACK (engine_changed_cb), self);
  g_signal_connect_swapped (self->context, "notify::sync-engine",
                            G_CALLBACK (sync_engine_changed_cb), self);
  g_signal_connect_swapped (self->context, "notify::actor", G_CALLBACK (engine_changed_cb), self);
  follow_engine (self);
  update (self);
}

static void
ax_settings_page_dispose (GObject *object)
{
  AxSettingsPage *self = AX_SETTINGS_PAGE (object);

  set_dialog (self, NULL);
  if (self->setup != NULL)
    g_signal_handlers_disconnect_by_data (self->setup, self);
  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (self->context, self);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->engine);
  gtk_widget_dispose_template (GTK_WIDGET (self), AX_TYPE_SETTINGS_PAGE);
  g_clear_object (&self->setup);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (ax_settings_page_parent_class)->dispose (object);
}

static void
ax_settings_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  AxSettingsPage *self = AX_SETTINGS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ax_settings_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  AxSettingsPage *self = AX_SETTINGS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ax_settings_page_class_init (AxSettingsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ax_settings_page_constructed;
  object_class->dispose = ax_settings_page_dispose;
  object_class->get_property = ax_settings_page_get_property;
  object_class->set_property = ax_settings_page_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, AX_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "settings.pair", NULL, pair_action_cb);
  gtk_widget_class_install_action (widget_class, "settings.sync-now", NULL, sync_now_action_cb);
  gtk_widget_class_install_action (widget_class, "settings.sign-in", NULL, sign_in_action_cb);
  gtk_widget_class_install_action (widget_class, "settings.unpair", NULL, unpair_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "settings.sync-now", NULL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/aesthetix/Aesthetix/settings/ax-settings-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AxSettingsPage, preferences);
  gtk_widget_class_bind_template_child (widget_class, AxSettingsPage, pair_group);
  gtk_widget_class_bind_template_child (widget_class, AxSettingsPage, url_row);
  gtk_widget_class_bind_template_child (widget_class, AxSettingsPage, code_row);
  gtk_widget_class_bind_template_child (widget_class, AxSettingsPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, AxSettingsPage, user_row);
  gtk_widget_class_bind_template_child (widget_class, AxSettingsPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, AxSettingsPage, pair_row);
  gtk_widget_class_bind_template_child (widget_class, AxSettingsPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, AxSettingsPage, pair_button);
  gtk_widget_class_bind_template_child (widget_class, AxSettingsPage, status_group);
  gtk_widget_class_bind_template_child (widget_class, AxSettingsPage, clinic_row);
  gtk_widget_class_bind_template_child (widget_class, AxSettingsPage, server_row);
  gtk_widget_class_bind_template_child (widget_class, AxSettingsPage, device_row);
  gtk_widget_class_bind_template_child (widget_class, AxSettingsPage, sync_row);
  gtk_widget_class_bind_template_child (widget_class, AxSettingsPage, sign_in_row);
  gtk_widget_class_bind_template_child (widget_class, AxSettingsPage, unpair_row);
  gtk_widget_class_bind_template_child (widget_class, AxSettingsPage, message_label);
  gtk_widget_class_bind_template_child (widget_class, AxSettingsPage, keyring_label);
  gtk_widget_class_bind_template_child (widget_class, AxSettingsPage, readonly_label);
  gtk_widget_class_bind_template_callback (widget_class, form_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
}

static void
ax_settings_page_init (AxSettingsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ax_settings_page_new (AxContext *context)
{
  g_return_val_if_fail (AX_IS_CONTEXT (context), NULL);

  return g_object_new (AX_TYPE_SETTINGS_PAGE, "context", context, NULL);
}
