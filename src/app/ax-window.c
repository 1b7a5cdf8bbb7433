/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

#include "ax-window.h"

#include <glib/gi18n.h>

#include "ax-auth.h"
#include "ax-login-page.h"
#include "ax-shell.h"
#include "settings/ax-settings-page.h"
#include "settings/ax-sync-setup.h"
#include "sales/ax-sale-print.h"

struct _AxWindow
{
  AdwApplicationWindow  parent_instance;

  AxContext            *context;
  GtkWidget            *login_page;
  GtkWidget            *shell;

  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  AdwStatusPage        *empty_page;
  GtkLabel             *seed_command_label;
  GtkBox               *pair_box;
  GtkWidget            *pair_page;      /* a fresh desk's Settings page, made when asked */
};

G_DEFINE_FINAL_TYPE (AxWindow, ax_window, ADW_TYPE_APPLICATION_WINDOW)

enum
{
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Helpers */

static void
ax_window_update_actions (AxWindow *self)
{
  gboolean logged_in = ax_context_get_actor (self->context) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.logout", logged_in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.switch-user", logged_in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sale.print",
                                 logged_in && ax_context_can (self->context, AX_PERM_POS_SELL));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.copy-seed-command",
                                 ax_context_get_clinic (self->context) == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.pair-desk",
                                 ax_context_get_clinic (self->context) == NULL);
}

static void
show_empty_store (AxWindow *self)
{
  const char *path = ax_store_get_path (ax_context_get_store (self->context));
  g_autofree char *quoted = g_shell_quote (path);
  g_autofree char *command = g_strdup_printf ("aesthetix --db %s --seed-demo", quoted);
  g_autofree char *escaped = g_markup_escape_text (path, -1);
  g_autofree char *description = NULL;

  description = g_strdup_printf (_("There is no clinic in <b>%s</b> yet. To try Aesthetix "
                                   "with a demo clinic, close this window and run:"),
                                 escaped);
  adw_status_page_set_description (self->empty_page, description);
  gtk_label_set_label (self->seed_command_label, command);
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

static void
show_current_page (AxWindow *self)
{
  if (ax_context_get_clinic (self->context) == NULL)
    {
      /* Pairing a fresh desk: its page stays until the clinic arrives. */
      if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "pair") != 0)
        show_empty_store (self);
    }
  else if (ax_context_get_actor (self->context) != NULL)
    {
      gtk_stack_set_visible_child (self->stack, self->shell);
      /* The focus was in the password field, now hidden: start at the sidebar. */
      gtk_widget_child_focus (self->shell, GTK_DIR_TAB_FORWARD);
    }
  else
    {
      ax_login_page_reset (AX_LOGIN_PAGE (self->login_page));
      gtk_stack_set_visible_child (self->stack, self->login_page);
    }
  ax_window_update_actions (self);
}

/* The window may be narrower than the settings schema allows a saved size
 * to be: saved sizes are clamped into the key's range. */
static GVariant *
clamp_to_range_cb (const GValue       *value,
                   const GVariantType *expected_type,
                   gpointer            user_data)
{
  GSettingsSchemaKey *key = user_data;
  g_autoptr (GVariant) range = g_settings_schema_key_get_range (key);
  g_autoptr (GVariant) limits = NULL;
  const char *kind = NULL;
  int size = g_value_get_int (value);
  int min, max;

  g_variant_get (range, "(&sv)", &kind, &limits);
  if (g_strcmp0 (kind, "range") == 0)
    {
      g_variant_get (limits, "(ii)", &min, &max);
      size = CLAMP (size, min, max);
    }
  return g_variant_new_int32 (size);
}

static void
bind_size (AxWindow   *self,
           GSettings  *settings,
           const char *key_name,
           const char *property)
{
  g_autoptr (GSettingsSchema) schema = NULL;
  GSettingsSchemaKey *key;

  g_object_get (settings, "settings-schema", &schema, NULL);
  key = g_settings_schema_get_key (schema, key_name);
  g_settings_bind_with_mapping (settings, key_name, self, property, G_SETTINGS_BIND_DEFAULT,
                                NULL, clamp_to_range_cb,
                                key, (GDestroyNotify) g_settings_schema_key_unref);
}

/* Callbacks */

/* sale.print (ss): (sale id, "receipt" | "invoice"), from the till's done
 * screen and the Sales page (docs/receipts.md). */
static void
sale_print_action_cb (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  AxWindow *self = AX_WINDOW (widget);
  const char *sale_id = NULL, *kind = NULL;

  g_variant_get (parameter, "(&s&s)", &sale_id, &kind);
  ax_sale_print_activate (self->context, GTK_WINDOW (self), sale_id, kind);
}

static void
actor_changed_cb (AxWindow   *self,
                  GParamSpec *pspec,
                  AxContext  *context)
{
  show_current_page (self);
}

/* A fresh desk's first sync brought the clinic: time to log in. While its
 * pairing is busy that sync is still bringing the clinic, and the pairing
 * page stays, saying so. */
static void
leave_pairing_when_done (AxWindow *self)
{
  const char *shown = gtk_stack_get_visible_child_name (self->stack);

  if (ax_context_get_clinic (self->context) != NULL
      && ax_sync_setup_get_status (ax_sync_setup_for_context (self->context)) != AX_PAIRING_BUSY
      && (g_strcmp0 (shown, "empty") == 0 || g_strcmp0 (shown, "pair") == 0))
    show_current_page (self);
}

static void
store_changed_cb (AxWindow   *self,
                  const char *name,
                  AxStore    *store)
{
  leave_pairing_when_done (self);
}

static void
pair_desk_action_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  AxWindow *self = AX_WINDOW (widget);

  if (self->pair_page == NULL)
    {
      self->pair_page = ax_settings_page_new (self->context);
      gtk_widget_set_vexpand (self->pair_page, TRUE);
      gtk_box_append (self->pair_box, self->pair_page);
    }
  gtk_stack_set_visible_child_name (self->stack, "pair");
  gtk_widget_child_focus (self->pair_page, GTK_DIR_TAB_FORWARD);
}

static void
show_empty_action_cb (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  AxWindow *self = AX_WINDOW (widget);

  if (ax_context_get_clinic (self->context) == NULL)
    show_empty_store (self);
}

/* The pairing's news (a keyring that is missing, …) as a toast. */
static void
sync_notice_cb (AxWindow    *self,
                const char  *text,
                AxSyncSetup *setup)
{
  AdwToast *toast = adw_toast_new (text);

  adw_toast_set_timeout (toast, 10);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
logout_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  AxWindow *self = AX_WINDOW (widget);
  AxActor *actor = ax_context_get_actor (self->context);
  g_autoptr (GError) error = NULL;

  if (actor == NULL)
    return;

  if (!ax_auth_logout (ax_context_get_store (self->context), actor, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The log out was not recorded: %s"),
                                                  error->message);

      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
    }
  ax_context_set_actor (self->context, NULL);
}

static void
switch_user_action_cb (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  AxWindow *self = AX_WINDOW (widget);

  ax_context_set_actor (self->context, NULL);
}

static void
copy_seed_command_action_cb (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  AxWindow *self = AX_WINDOW (widget);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget),
                          gtk_label_get_label (self->seed_command_label));
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Command copied")));
}

static void
about_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  static const char *developers[] = { "The Aesthetix developers", NULL };
  GtkWidget *about = adw_about_window_new ();

  adw_about_window_set_application_name (ADW_ABOUT_WINDOW (about), _("Aesthetix"));
  adw_about_window_set_application_icon (ADW_ABOUT_WINDOW (about), AX_APP_ID);
  adw_about_window_set_version (ADW_ABOUT_WINDOW (about), AX_VERSION);
  adw_about_window_set_developer_name (ADW_ABOUT_WINDOW (about), developers[0]);
  adw_about_window_set_developers (ADW_ABOUT_WINDOW (about), developers);
  adw_about_window_set_comments (ADW_ABOUT_WINDOW (about),
                                 _("The front office of aesthetic, dental and small medical "
                                   "clinics: calendar, patients, charts, point of sale and "
                                   "stock, on a local store that syncs with the clinic server."));
  adw_about_window_set_license_type (ADW_ABOUT_WINDOW (about), GTK_LICENSE_GPL_3_0);
  adw_about_window_set_copyright (ADW_ABOUT_WINDOW (about), "© 2025 The Aesthetix developers");
  /* Translators: your names, one per line */
  adw_about_window_set_translator_credits (ADW_ABOUT_WINDOW (about), _("translator-credits"));
  gtk_window_set_transient_for (GTK_WINDOW (about), GTK_WINDOW (widget));
  gtk_window_present (GTK_WINDOW (about));
}

/* Overrides */

static void
ax_window_constructed (GObject *object)
{
  AxWindow *self = AX_WINDOW (object);
  GSettings *settings = ax_context_get_settings (self->context);

  G_OBJECT_CLASS (ax_window_parent_class)->constructed (object);

  bind_size (self, settings, "window-width", "default-width");
  bind_size (self, settings, "window-height", "default-height");
  g_settings_bind (settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);

  self->login_page = ax_login_page_new (self->context);
  gtk_stack_add_named (self->stack, self->login_page, "login");
  self->shell = ax_shell_new (self->context);
  gtk_stack_add_named (self->stack, self->shell, "shell");

  g_signal_connect_object (self->context, "notify::actor",
                           G_CALLBACK (actor_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (ax_sync_setup_for_context (self->context), "notice",
                           G_CALLBACK (sync_notice_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (ax_context_get_store (self->context), "changed",
                           G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (ax_sync_setup_for_context (self->context), "notify::status",
                           G_CALLBACK (leave_pairing_when_done), self, G_CONNECT_SWAPPED);
  show_current_page (self);
}

static void
ax_window_dispose (GObject *object)
{
  AxWindow *self = AX_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), AX_TYPE_WINDOW);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (ax_window_parent_class)->dispose (object);
}

static void
ax_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  AxWindow *self = AX_WINDOW (object);

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
ax_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  AxWindow *self = AX_WINDOW (object);

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
ax_window_class_init (AxWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ax_window_constructed;
  object_class->dispose = ax_window_dispose;
  object_class->get_property = ax_window_get_property;
  object_class->set_property = ax_window_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, AX_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "win.logout", NULL, logout_action_cb);
  gtk_widget_class_install_action (widget_class, "win.switch-user", NULL, switch_user_action_cb);
  gtk_widget_class_install_action (widget_class, "win.about", NULL, about_action_cb);
  gtk_widget_class_install_action (widget_class, "sale.print", "(ss)", sale_print_action_cb);
  gtk_widget_class_install_action (widget_class, "win.copy-seed-command", NULL,
                                   copy_seed_command_action_cb);
  gtk_widget_class_install_action (widget_class, "win.pair-desk", NULL, pair_desk_action_cb);
  gtk_widget_class_install_action (widget_class, "win.show-empty", NULL, show_empty_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK,
                                       "win.switch-user", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_L,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.logout", NULL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/aesthetix/Aesthetix/ax-window.ui");
  gtk_widget_class_bind_template_child (widget_class, AxWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, AxWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, AxWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, AxWindow, seed_command_label);
  gtk_widget_class_bind_template_child (widget_class, AxWindow, pair_box);
}

static void
ax_window_init (AxWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

AxWindow *
ax_window_new (AxApplication *application,
               AxContext     *context)
{
  g_return_val_if_fail (AX_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (AX_IS_CONTEXT (context), NULL);

  return g_object_new (AX_TYPE_WINDOW,
                       "application", application,
                       "context", context,
                       NULL);
}

AxContext *
ax_window_get_context (AxWindow *self)
{
  g_return_val_if_fail (AX_IS_WINDOW (self), NULL);
  return self->context;
}
