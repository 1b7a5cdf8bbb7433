/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

#include "ax-audit-page.h"

#include <adwaita.h>
#include <inttypes.h>
#include <glib/gi18n.h>

#include "ax-audit-text.h"

#include "ax-audit.h"

struct _AxAuditPage
{
  GtkWidget          parent_instance;

  AxContext         *context;
  GCancellable      *cancellable;
  GCancellable      *verify_cancellable;
  gboolean           loaded;
  gboolean           loading;
  gboolean           loading_more;
  gboolean           has_more;
  gboolean           filling;       /* the filters' lists are being rebuilt */
  gint64             last_seq;
  guint              n_entries;
  gint64             total;
  GPtrArray         *user_ids;      /* of the user list, after "All users" */
  GStrv              action_ids;    /* of the action list, after "All actions" */
  char              *verdict;

  GtkSearchEntry    *search_entry;
  GtkDropDown       *action_dropdown;
  GtkDropDown       *user_dropdown;
  GtkWidget         *verify_button;
  GtkRevealer       *verdict_revealer;
  GtkWidget         *verdict_box;
  GtkSpinner        *verify_spinner;
  GtkImage          *verdict_icon;
  GtkLabel          *verdict_label;
  GtkStack          *stack;
  GtkSpinner        *spinner;
  AdwStatusPage     *empty_page;
  AdwStatusPage     *error_page;
  GtkScrolledWindow *scroller;
  GtkLabel          *count_label;
  GtkListBox        *list;
  GtkWidget         *more_button;
  GtkStack          *detail_stack;
  AdwPreferencesGroup *detail_group;
  GtkLabel          *detail_json;
  GPtrArray         *detail_rows;
};

G_DEFINE_FINAL_TYPE (AxAuditPage, ax_audit_page, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void load (AxAuditPage *self,
                  gboolean     more);

/* Helpers */

static char *
format_time (AxAuditPage *self,
             gint64       ms)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (ms / 1000);
  g_autoptr (GDateTime) local = utc ? g_date_time_to_timezone (
                                        utc, ax_store_get_timezone (ax_context_get_store (self->context)))
                                    : NULL;

  /* Translators: when an audit entry was written, see g_date_time_format(): "3 Mar 2026 10:31:05" */
  return local ? g_date_time_format (local, _("%-d %b %Y %H:%M:%S")) : g_strdup ("");
}

static const char *
user_of (const AxAuditEntry *e)
{
  if (e->user_name != NULL && *e->user_name != '\0')
    return e->user_name;
  return e->user_id != NULL ? e->user_id : _("System");
}

static char *
subject_of (const AxAuditEntry *e)
{
  if (e->subject_type == NULL && e->subject_id == NULL)
    return NULL;
  return g_strjoin (" ", e->subject_type ? e->subject_type : "", e->subject_id ? e->subject_id : "",
                    NULL);
}

/* The filters as the toolbar shows them. */
static char *
chosen_action (AxAuditPage *self)
{
  guint i = gtk_drop_down_get_selected (self->action_dropdown);

  if (self->action_ids == NULL || i == 0 || i == GTK_INVALID_LIST_POSITION
      || i - 1 >= g_strv_length (self->action_ids))
    return NULL;
  return g_strdup (self->action_ids[i - 1]);
}

static const char *
chosen_user (AxAuditPage *self)
{
  guint i = gtk_drop_down_get_selected (self->user_dropdown);

  if (i == 0 || i == GTK_INVALID_LIST_POSITION || i - 1 >= self->user_ids->len)
    return NULL;
  return g_ptr_array_index (self->user_ids, i - 1);
}

/* Rebuilds the filters' lists from the first page, keeping what is chosen. */
static void
fill_filters (AxAuditPage          *self,
              const AxAuditLogPage *page)
{
  g_autofree char *action = chosen_action (self);
  g_autofree char *user = g_strdup (chosen_user (self));
  g_autoptr (GtkStringList) actions = gtk_string_list_new (NULL);
  g_autoptr (GtkStringList) users = gtk_string_list_new (NULL);
  guint action_at = 0, user_at = 0;

  if (page->actions == NULL || page->users == NULL)
    return;
  gtk_string_list_append (actions, _("All actions"));
  for (guint i = 0; page->actions[i] != NULL; i++)
    {
      gtk_string_list_append (actions, ax_audit_text_action (page->actions[i], NULL));
      if (g_strcmp0 (action, page->actions[i]) == 0)
        action_at = i + 1;
    }
  gtk_string_list_append (users, _("All users"));
  g_ptr_array_set_size (self->user_ids, 0);
  for (guint i = 0; i < page->users->len; i++)
    {
      const AxAuditUser *u = page->users->pdata[i];

      gtk_string_list_append (users, u->user_name);
      g_ptr_array_add (self->user_ids, g_strdup (u->user_id));
      if (g_strcmp0 (user, u->user_id) == 0)
        user_at = i + 1;
    }
  g_strfreev (self->action_ids);
  self->action_ids = g_strdupv (page->actions);
  self->filling = TRUE;
  gtk_drop_down_set_model (self->action_dropdown, G_LIST_MODEL (actions));
  gtk_drop_down_set_selected (self->action_dropdown, action_at);
  gtk_drop_down_set_model (self->user_dropdown, G_LIST_MODEL (users));
  gtk_drop_down_set_selected (self->user_dropdown, user_at);
  self->filling = FALSE;
}

static void
clear_list (AxAuditPage *self)
{
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (self->list, 0)) != NULL)
    gtk_list_box_remove (self->list, GTK_WIDGET (row));
  self->n_entries = 0;
  self->last_seq = 0;
  gtk_stack_set_visible_child_name (self->detail_stack, "none");
}

static void
page_unref_cb (gpointer data)
{
  /* Rows keep their entry alive through the page they came from. */
  ax_audit_log_page_unref (data);
}

static void
add_entry (AxAuditPage          *self,
           AxAuditLogPage       *page,
           const AxAuditEntry   *e)
{
  g_autofree char *when = format_time (self, e->at_ms);
  g_autofree char *subject = subject_of (e);
  g_autofree char *subtitle = g_strjoin (" · ", when, user_of (e), subject, NULL);
  g_autofree char *number = g_strdup_printf ("#%" PRId64, e->seq);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *seq = gtk_label_new (number);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 ax_audit_text_action (e->action, e->subject_type));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_add_css_class (seq, "dim-label");
  gtk_widget_add_css_class (seq, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), seq);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  subtitle, -1);
  g_object_set_data (G_OBJECT (row), "entry", (gpointer) e);
  g_object_set_data_full (G_OBJECT (row), "page", ax_audit_log_page_ref (page), page_unref_cb);
  gtk_list_box_append (self->list, row);
  self->n_entries++;
  self->last_seq = e->seq;
}

static void
update_count (AxAuditPage *self)
{
  g_autofree char *text = NULL;

  /* Translators: above the audit list: "Showing 200 of 1,204 entries" */
  text = g_strdup_printf (ngettext ("Showing %u of %'" PRId64 " entry",
                                       "Showing %u of %'" PRId64 " entries", (gulong) self->total),
                          self->n_entries, self->total);
  gtk_label_set_label (self->count_label, text);
}

static void
update_actions (AxAuditPage *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "audit.load-more",
                                 self->has_more && !self->loading);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "audit.verify",
                                 self->verify_cancellable == NULL);
  gtk_widget_set_visible (self->more_button, self->has_more);
}

static GtkWidget *
detail_row (const char *title,
            const char *value)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value ? value : "—");
  gtk_widget_add_css_class (row, "property");
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  value ? value : "", -1);
  return row;
}

/* The detail as indented JSON; the stored text when it does not parse. */
static char *
pretty_json (const char *text)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (JsonGenerator) gen = NULL;

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL))
    return g_strdup (text ? text : "");
  gen = json_generator_new ();
  json_generator_set_pretty (gen, TRUE);
  json_generator_set_indent (gen, 2);
  json_generator_set_root (gen, json_parser_get_root (parser));
  return json_generator_to_data (gen, NULL);
}

static void
show_entry (AxAuditPage        *self,
            const AxAuditEntry *e)
{
  g_autofree char *when = format_time (self, e->at_ms);
  g_autofree char *number = g_strdup_printf ("%" PRId64, e->seq);
  g_autofree char *json = pretty_json (e->detail_json);
  const char *titles[] = { _("Entry number"), _("Time"), _("User"), _("Action"),
                           _("Recorded as"), _("Subject type"), _("Subject"), _("User id") };
  const char *values[] = { number, when, user_of (e),
                           ax_audit_text_action (e->action, e->subject_type), e->action,
                           e->subject_type, e->subject_id, e->user_id };

  for (guint i = 0; i < self->detail_rows->len; i++)
    adw_preferences_group_remove (self->detail_group, self->detail_rows->pdata[i]);
  g_ptr_array_set_size (self->detail_rows, 0);
  for (gsize i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      GtkWidget *row = detail_row (titles[i], values[i]);

      adw_preferences_group_add (self->detail_group, row);
      g_ptr_array_add (self->detail_rows, row);
    }
  gtk_label_set_label (self->detail_json, g_str_equal (json, "{}") ? _("No details") : json);
  gtk_stack_set_visible_child_name (self->detail_stack, "detail");
}

static void
set_verdict (AxAuditPage *self,
             const char  *css,
             const char  *icon,
             const char  *text)
{
  gtk_widget_remove_css_class (self->verdict_box, "intact");
  gtk_widget_remove_css_class (self->verdict_box, "broken");
  if (css != NULL)
    gtk_widget_add_css_class (self->verdict_box, css);
  gtk_widget_set_visible (GTK_WIDGET (self->verdict_icon), icon != NULL);
  if (icon != NULL)
    gtk_image_set_from_icon_name (self->verdict_icon, icon);
  gtk_widget_set_visible (GTK_WIDGET (self->verify_spinner), icon == NULL);
  gtk_spinner_set_spinning (self->verify_spinner, icon == NULL);
  gtk_label_set_label (self->verdict_label, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->verdict_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Verification"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
  g_free (self->verdict);
  self->verdict = g_strdup (icon != NULL ? text : "");
  gtk_revealer_set_reveal_child (self->verdict_revealer, TRUE);
}

/* Callbacks */

static void
page_loaded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (AxAuditPage) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (AxAuditLogPage) page = ax_audit_query_finish (AX_STORE (source), result, &error);
  gboolean more;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  more = self->loading_more;
  g_clear_object (&self->cancellable);
  self->loading = FALSE;
  gtk_spinner_stop (self->spinner);
  if (page == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      self->has_more = FALSE;
      update_actions (self);
      return;
    }
  self->loaded = TRUE;
  if (!more)
    {
      clear_list (self);
      fill_filters (self, page);
    }
  for (guint i = 0; i < page->entries->len; i++)
    add_entry (self, page, page->entries->pdata[i]);
  self->has_more = page->has_more;
  self->total = page->total;
  update_count (self);
  if (self->n_entries > 0)
    gtk_stack_set_visible_child_name (self->stack, "list");
  else
    {
      adw_status_page_set_description (self->empty_page,
                                       self->total > 0 ? _("No entry matches the search and filters.")
                                                       : _("Logins, reveals, exports and changes to users and settings are recorded here."));
      gtk_stack_set_visible_child_name (self->stack, "empty");
    }
  update_actions (self);
}

static void
verified_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr (AxAuditPage) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (AxAuditVerdict) verdict = ax_audit_verify_finish (AX_STORE (source), result, &error);
  g_autofree char *text = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->verify_cancellable);
  if (verdict == NULL)
    set_verdict (self, "broken", "dialog-warning-symbolic", error->message);
  else if (verdict->intact)
    {
      text = g_strdup_printf (ngettext ("All %'" PRId64 " entry is intact",
                                           "All %'" PRId64 " entries are intact",
                                           (gulong) verdict->n_checked),
                              verdict->n_checked);
      set_verdict (self, "intact", "emblem-ok-symbolic", text);
    }
  else
    {
      /* Translators: the verdict on a broken audit chain; %s says what is wrong */
      text = g_strdup_printf (_("The audit log is broken: %s. Entries from #%" PRId64
                                " on cannot be trusted."), verdict->message,
                              verdict->first_bad_seq);
      set_verdict (self, "broken", "dialog-error-symbolic", text);
    }
  update_actions (self);
}

static void
row_selected_cb (AxAuditPage   *self,
                 GtkListBoxRow *row)
{
  if (row == NULL)
    gtk_stack_set_visible_child_name (self->detail_stack, "none");
  else
    show_entry (self, g_object_get_data (G_OBJECT (row), "entry"));
}

static void
filter_changed_cb (AxAuditPage *self)
{
  if (!self->filling)
    load (self, FALSE);
}

static void
edge_reached_cb (AxAuditPage     *self,
                 GtkPositionType  pos)
{
  if (pos == GTK_POS_BOTTOM)
    load (self, TRUE);
}

static void
store_changed_cb (AxAuditPage *self,
                  const char  *mutator,
                  AxStore     *store)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    load (self, FALSE);
  else
    self->loaded = FALSE;
}

static void
reload_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  load (AX_AUDIT_PAGE (widget), FALSE);
}

static void
load_more_action_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  load (AX_AUDIT_PAGE (widget), TRUE);
}

static void
verify_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  AxAuditPage *self = AX_AUDIT_PAGE (widget);

  if (self->verify_cancellable != NULL)
    return;
  self->verify_cancellable = g_cancellable_new ();
  set_verdict (self, NULL, NULL, _("Verifying every entry of the audit log…"));
  ax_audit_verify_async (ax_context_get_store (self->context), self->verify_cancellable,
                         verified_cb, g_object_ref (self));
  update_actions (self);
}

static void
focus_search_action_cb (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  gtk_widget_grab_focus (GTK_WIDGET (AX_AUDIT_PAGE (widget)->search_entry));
}

static void
load (AxAuditPage *self,
      gboolean     more)
{
  g_autofree char *action = NULL;
  AxAuditFilter filter;

  if (more && (!self->has_more || self->loading))
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->loading = TRUE;
  self->loading_more = more;
  if (!more && self->n_entries == 0)
    {
      gtk_spinner_start (self->spinner);
      gtk_stack_set_visible_child_name (self->stack, "loading");
    }
  action = chosen_action (self);
  filter.action = action;
  filter.user_id = chosen_user (self);
  filter.search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  ax_audit_query_async (ax_context_get_store (self->context), &filter,
                        more ? self->last_seq : 0, AX_AUDIT_PAGE_SIZE, self->cancellable,
                        page_loaded_cb, g_object_ref (self));
  update_actions (self);
}

/* Overrides */

static void
ax_audit_page_map (GtkWidget *widget)
{
  AxAuditPage *self = AX_AUDIT_PAGE (widget);

  GTK_WIDGET_CLASS (ax_audit_page_parent_class)->map (widget);
  if (!self->loaded && !self->loading)
    load (self, FALSE);
}

static void
ax_audit_page_constructed (GObject *object)
{
  AxAuditPage *self = AX_AUDIT_PAGE (object);

  G_OBJECT_CLASS (ax_audit_page_parent_class)->constructed (object);
  g_signal_connect_object (ax_context_get_store (self->context), "changed",
                           G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  update_actions (self);
}

static void
ax_audit_page_dispose (GObject *object)
{
  AxAuditPage *self = AX_AUDIT_PAGE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->verify_cancellable);
  g_clear_object (&self->verify_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), AX_TYPE_AUDIT_PAGE);
  /* The template's unnamed children too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->user_ids, g_ptr_array_unref);
  g_clear_pointer (&self->action_ids, g_strfreev);
  g_clear_pointer (&self->detail_rows, g_ptr_array_unref);
  g_clear_pointer (&self->verdict, g_free);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (ax_audit_page_parent_class)->dispose (object);
}

static void
ax_audit_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  AxAuditPage *self = AX_AUDIT_PAGE (object);

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
ax_audit_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  AxAuditPage *self = AX_AUDIT_PAGE (object);

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
ax_audit_page_class_init (AxAuditPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ax_audit_page_constructed;
  object_class->dispose = ax_audit_page_dispose;
  object_class->get_property = ax_audit_page_get_property;
  object_class->set_property = ax_audit_page_set_property;
  widget_class->map = ax_audit_page_map;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, AX_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "audit.reload", NULL, reload_action_cb);
  gtk_widget_class_install_action (widget_class, "audit.load-more", NULL, load_more_action_cb);
  gtk_widget_class_install_action (widget_class, "audit.verify", NULL, verify_action_cb);
  gtk_widget_class_install_action (widget_class, "audit.focus-search", NULL,
                                   focus_search_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "audit.reload", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "audit.reload",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "audit.focus-search", NULL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/aesthetix/Aesthetix/audit/ax-audit-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AxAuditPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, AxAuditPage, action_dropdown);
  gtk_widget_class_bind_template_child (widget_class, AxAuditPage, user_dropdown);
  gtk_widget_class_bind_template_child (widget_class, AxAuditPage, verify_button);
  gtk_widget_class_bind_template_child (widget_class, AxAuditPage, verdict_revealer);
  gtk_widget_class_bind_template_child (widget_class, AxAuditPage, verdict_box);
  gtk_widget_class_bind_template_child (widget_class, AxAuditPage, verify_spinner);
  gtk_widget_class_bind_template_child (widget_class, AxAuditPage, verdict_icon);
  gtk_widget_class_bind_template_child (widget_class, AxAuditPage, verdict_label);
  gtk_widget_class_bind_template_child (widget_class, AxAuditPage, stack);
  gtk_widget_class_bind_template_child (widget_class, AxAuditPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, AxAuditPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, AxAuditPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, AxAuditPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, AxAuditPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, AxAuditPage, list);
  gtk_widget_class_bind_template_child (widget_class, AxAuditPage, more_button);
  gtk_widget_class_bind_template_child (widget_class, AxAuditPage, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, AxAuditPage, detail_group);
  gtk_widget_class_bind_template_child (widget_class, AxAuditPage, detail_json);
  gtk_widget_class_set_css_name (widget_class, "auditpage");
}

static void
ax_audit_page_init (AxAuditPage *self)
{
  g_autoptr (GtkStringList) actions = gtk_string_list_new ((const char *[]) { _("All actions"), NULL });
  g_autoptr (GtkStringList) users = gtk_string_list_new ((const char *[]) { _("All users"), NULL });

  gtk_widget_init_template (GTK_WIDGET (self));
  self->user_ids = g_ptr_array_new_with_free_func (g_free);
  self->detail_rows = g_ptr_array_new ();
  self->verdict = g_strdup ("");
  gtk_drop_down_set_model (self->action_dropdown, G_LIST_MODEL (actions));
  gtk_drop_down_set_model (self->user_dropdown, G_LIST_MODEL (users));
  g_signal_connect_swapped (self->search_entry, "search-changed", G_CALLBACK (filter_changed_cb),
                            self);
  g_signal_connect_swapped (self->action_dropdown, "notify::selected",
                            G_CALLBACK (filter_changed_cb), self);
  g_signal_connect_swapped (self->user_dropdown, "notify::selected",
                            G_CALLBACK (filter_changed_cb), self);
  g_signal_connect_swapped (self->list, "row-selected", G_CALLBACK (row_selected_cb), self);
  g_signal_connect_swapped (self->scroller, "edge-reached", G_CALLBACK (edge_reached_cb), self);
  gtk_stack_set_visible_child_name (self->stack, "loading");
}

/* Public API */

GtkWidget *
ax_audit_page_new (AxContext *context)
{
  g_return_val_if_fail (AX_IS_CONTEXT (context), NULL);

  return g_object_new (AX_TYPE_AUDIT_PAGE, "context", context, NULL);
}

void
ax_audit_page_reload (AxAuditPage *self)
{
  g_return_if_fail (AX_IS_AUDIT_PAGE (self));
  load (self, FALSE);
}

guint
ax_audit_page_get_n_entries (AxAuditPage *self)
{
  g_return_val_if_fail (AX_IS_AUDIT_PAGE (self), 0);
  return self->n_entries;
}

const char *
ax_audit_page_get_verdict (AxAuditPage *self)
{
  g_return_val_if_fail (AX_IS_AUDIT_PAGE (self), NULL);
  return self->verdict;
}
