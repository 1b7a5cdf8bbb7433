/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

#include "ax-login-page.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ax-auth.h"
#include "ax-model-error.h"
#include "settings/ax-sync-setup.h"

struct _AxLoginPage
{
  GtkWidget             parent_instance;

  AxContext            *context;
  GCancellable         *cancellable;
  GPtrArray            *users;          /* AxUserInfo, in users_list order */
  gboolean              filling;        /* the form is being set from code */

  /* The lockout being counted down, if any. */
  char                 *locked_user;
  gint64                locked_until_us;
  guint                 countdown_id;

  GtkLabel             *clinic_label;
  GtkListBox           *users_list;
  AdwEntryRow          *username_row;
  AdwPasswordEntryRow  *password_row;
  GtkLabel             *error_label;
  GtkSpinner           *spinner;
};

G_DEFINE_FINAL_TYPE (AxLoginPage, ax_login_page, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Helpers */

static const char *
get_username (AxLoginPage *self)
{
  return gtk_editable_get_text (GTK_EDITABLE (self->username_row));
}

static const char *
get_password (AxLoginPage *self)
{
  return gtk_editable_get_text (GTK_EDITABLE (self->password_row));
}

static gboolean
is_busy (AxLoginPage *self)
{
  return self->cancellable != NULL;
}

static gint64
locked_seconds_left (AxLoginPage *self)
{
  gint64 left_us;

  if (self->locked_user == NULL || g_strcmp0 (self->locked_user, get_username (self)) != 0)
    return 0;
  left_us = self->locked_until_us - g_get_monotonic_time ();
  return left_us > 0 ? (left_us + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC : 0;
}

static void
ax_login_page_update_actions (AxLoginPage *self)
{
  gboolean busy = is_busy (self);
  g_autofree char *username = g_strstrip (g_strdup (get_username (self)));
  gboolean can_log_in = !busy
                        && *username != '\0'
                        && *get_password (self) != '\0'
                        && locked_seconds_left (self) == 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "login.log-in", can_log_in);
  /* Not insensitive: that would take the focus from the password field. */
  gtk_editable_set_editable (GTK_EDITABLE (self->username_row), !busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->password_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->users_list), !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
}

static void
show_error (AxLoginPage *self,
            const char  *message)
{
  gtk_label_set_label (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  /* Setting the text renames the label: name it again, the text as its description. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->error_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Login error"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message ? message : "",
                                  -1);
}

static void
show_countdown (AxLoginPage *self)
{
  gint64 left = locked_seconds_left (self);
  g_autofree char *message = NULL;

  /* Translators: the lockout countdown, minutes:seconds: "Try again in 0:42" */
  message = g_strdup_printf (_("Too many attempts. Try again in %d:%02d"),
                             (int) (left / 60), (int) (left % 60));
  show_error (self, message);
}

static gboolean
countdown_tick_cb (gpointer user_data)
{
  AxLoginPage *self = AX_LOGIN_PAGE (user_data);

  if (self->locked_user != NULL && self->locked_until_us > g_get_monotonic_time ())
    {
      if (g_strcmp0 (self->locked_user, get_username (self)) == 0)
        show_countdown (self);
      return G_SOURCE_CONTINUE;
    }

  if (g_strcmp0 (self->locked_user, get_username (self)) == 0)
    show_error (self, NULL);
  g_clear_pointer (&self->locked_user, g_free);
  ax_login_page_update_actions (self);
  self->countdown_id = 0;
  return G_SOURCE_REMOVE;
}

static void
start_countdown (AxLoginPage *self,
                 const char  *username,
                 gint64       seconds)
{
  g_free (self->locked_user);
  self->locked_user = g_strdup (username);
  self->locked_until_us = g_get_monotonic_time () + MAX (seconds, 1) * G_USEC_PER_SEC;
  show_countdown (self);
  if (self->countdown_id == 0)
    self->countdown_id = g_timeout_add_seconds (1, countdown_tick_cb, self);
}

static GtkWidget *
new_user_row (const AxUserInfo *user)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *avatar = adw_avatar_new (32, user->display_name, TRUE);
  GtkWidget *name = gtk_label_new (user->display_name);
  GtkWidget *role = gtk_label_new (ax_role_display_name (user->role));
  g_autofree char *accessible = g_strdup_printf ("%s, %s", user->display_name,
                                                 ax_role_display_name (user->role));

  gtk_widget_add_css_class (box, "user-row");
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_xalign (GTK_LABEL (role), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (name, "heading");
  gtk_widget_add_css_class (role, "caption");
  gtk_widget_add_css_class (role, "dim-label");
  gtk_widget_set_valign (text, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (text), name);
  gtk_box_append (GTK_BOX (text), role);
  gtk_box_append (GTK_BOX (box), avatar);
  gtk_box_append (GTK_BOX (box), text);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  return row;
}

static void
load_users (AxLoginPage *self)
{
  g_autoptr (GError) error = NULL;
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (self->users_list, 0)) != NULL)
    gtk_list_box_remove (self->users_list, GTK_WIDGET (row));
  g_clear_pointer (&self->users, g_ptr_array_unref);

  self->users = ax_auth_list_users (ax_context_get_store (self->context), &error);
  if (self->users == NULL)
    {
      g_warning ("Cannot list the users: %s", error->message);
      self->users = g_ptr_array_new_with_free_func ((GDestroyNotify) ax_user_info_free);
    }

  for (guint i = 0; i < self->users->len; i++)
    gtk_list_box_append (self->users_list, new_user_row (g_ptr_array_index (self->users, i)));
  gtk_widget_set_visible (GTK_WIDGET (self->users_list), self->users->len > 0);
}

/* Highlights the row of the user whose name is typed, if any. */
static void
select_typed_user (AxLoginPage *self)
{
  const char *username = get_username (self);

  gtk_list_box_unselect_all (self->users_list);
  for (guint i = 0; self->users != NULL && i < self->users->len; i++)
    {
      const AxUserInfo *user = g_ptr_array_index (self->users, i);

      if (g_strcmp0 (user->username, username) == 0)
        {
          gtk_list_box_select_row (self->users_list,
                                   gtk_list_box_get_row_at_index (self->users_list, (int) i));
          break;
        }
    }
}

static void
set_username (AxLoginPage *self,
              const char  *username)
{
  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->username_row), username ? username : "");
  self->filling = FALSE;
  select_typed_user (self);
}

static void
focus_form (AxLoginPage *self)
{
  if (*get_username (self) != '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->username_row));
}

/* Callbacks */

static void
login_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr (AxLoginPage) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (AxActor) actor = NULL;
  AxStore *store = AX_STORE (source);

  actor = ax_auth_login_finish (store, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);
  ax_login_page_update_actions (self);

  if (actor == NULL)
    {
      if (g_error_matches (error, AX_AUTH_ERROR, AX_AUTH_ERROR_LOCKED))
        start_countdown (self, get_username (self),
                         ax_auth_locked_seconds (store, get_username (self)));
      else
        show_error (self, error->message);
      ax_login_page_update_actions (self);
      gtk_editable_select_region (GTK_EDITABLE (self->password_row), 0, -1);
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      return;
    }

  g_settings_set_string (ax_context_get_settings (self->context), "last-user",
                         ax_actor_get_username (actor));
  /* Kept in memory a few minutes: a paired desk signs in to the clinic
   * server with it, and pairing soon after need not ask again. */
  ax_sync_setup_remember_password (ax_sync_setup_for_context (self->context),
                                   ax_actor_get_username (actor), get_password (self));
  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  self->filling = FALSE;
  show_error (self, NULL);
  ax_context_set_actor (self->context, actor);
}

static void
log_in_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  AxLoginPage *self = AX_LOGIN_PAGE (widget);
  g_autofree char *username = g_strstrip (g_strdup (get_username (self)));

  if (is_busy (self) || *username == '\0' || *get_password (self) == '\0'
      || locked_seconds_left (self) > 0)
    return;

  show_error (self, NULL);
  self->cancellable = g_cancellable_new ();
  ax_login_page_update_actions (self);

  ax_auth_login_async (ax_context_get_store (self->context), username, get_password (self),
                       self->cancellable, login_done_cb, g_object_ref (self));
}

static void
user_row_activated_cb (AxLoginPage   *self,
                       GtkListBoxRow *row,
                       GtkListBox    *list)
{
  int index = gtk_list_box_row_get_index (row);
  const AxUserInfo *user;

  if (self->users == NULL || index < 0 || (guint) index >= self->users->len)
    return;
  user = g_ptr_array_index (self->users, index);
  set_username (self, user->username);
  gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

static void
username_changed_cb (AxLoginPage *self,
                     GtkEditable *editable)
{
  if (self->filling)
    return;
  select_typed_user (self);
  /* An error was about the name typed before; a lockout holds for its name only. */
  if (locked_seconds_left (self) > 0)
    show_countdown (self);
  else
    show_error (self, NULL);
  ax_login_page_update_actions (self);
}

static void
password_changed_cb (AxLoginPage *self,
                     GtkEditable *editable)
{
  ax_login_page_update_actions (self);
}

static void
username_activated_cb (AxLoginPage *self,
                       AdwEntryRow *row)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

static void
password_activated_cb (AxLoginPage *self,
                       AdwEntryRow *row)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "login.log-in", NULL);
}

/* Overrides */

static void
ax_login_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (ax_login_page_parent_class)->map (widget);
  focus_form (AX_LOGIN_PAGE (widget));
}

static void
ax_login_page_constructed (GObject *object)
{
  AxLoginPage *self = AX_LOGIN_PAGE (object);

  G_OBJECT_CLASS (ax_login_page_parent_class)->constructed (object);

  ax_login_page_reset (self);
}

static void
ax_login_page_dispose (GObject *object)
{
  AxLoginPage *self = AX_LOGIN_PAGE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->countdown_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), AX_TYPE_LOGIN_PAGE);
  /* The header and the form's scroller are not bound: unparent them too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->users, g_ptr_array_unref);
  g_clear_pointer (&self->locked_user, g_free);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (ax_login_page_parent_class)->dispose (object);
}

static void
ax_login_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  AxLoginPage *self = AX_LOGIN_PAGE (object);

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
ax_login_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  AxLoginPage *self = AX_LOGIN_PAGE (object);

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
ax_login_page_class_init (AxLoginPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ax_login_page_constructed;
  object_class->dispose = ax_login_page_dispose;
  object_class->get_property = ax_login_page_get_property;
  object_class->set_property = ax_login_page_set_property;

  widget_class->map = ax_login_page_map;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, AX_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "login.log-in", NULL, log_in_action_cb);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/aesthetix/Aesthetix/ax-login-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AxLoginPage, clinic_label);
  gtk_widget_class_bind_template_child (widget_class, AxLoginPage, users_list);
  gtk_widget_class_bind_template_child (widget_class, AxLoginPage, username_row);
  gtk_widget_class_bind_template_child (widget_class, AxLoginPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, AxLoginPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, AxLoginPage, spinner);
  gtk_widget_class_bind_template_callback (widget_class, user_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, username_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, password_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, username_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, password_activated_cb);
  gtk_widget_class_set_css_name (widget_class, "loginpage");
}

static void
ax_login_page_init (AxLoginPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ax_login_page_new (AxContext *context)
{
  g_return_val_if_fail (AX_IS_CONTEXT (context), NULL);

  return g_object_new (AX_TYPE_LOGIN_PAGE, "context", context, NULL);
}

void
ax_login_page_reset (AxLoginPage *self)
{
  const AxClinicInfo *clinic;
  g_autofree char *last_user = NULL;

  g_return_if_fail (AX_IS_LOGIN_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  clinic = ax_context_get_clinic (self->context);
  gtk_label_set_label (self->clinic_label, clinic != NULL ? clinic->name : _("Aesthetix"));

  load_users (self);
  last_user = g_settings_get_string (ax_context_get_settings (self->context), "last-user");
  set_username (self, last_user);
  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  self->filling = FALSE;
  show_error (self, NULL);
  if (last_user != NULL && *last_user != '\0')
    {
      gint64 locked = ax_auth_locked_seconds (ax_context_get_store (self->context), last_user);

      if (locked > 0)
        start_countdown (self, last_user, locked);
    }
  ax_login_page_update_actions (self);

  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    focus_form (self);
}
