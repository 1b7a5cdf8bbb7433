/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

#include "ax-conflicts-button.h"
#include "ax-money.h"

#include <inttypes.h>
#include <adwaita.h>
#include <glib/gi18n.h>

#include "widgets/ax-conflict-edit.h"

struct _AxConflictsButton
{
  GtkWidget     parent_instance;

  GtkMenuButton *button;
  GtkLabel      *count_label;
  GtkPopover    *popover;
  GtkLabel      *error_label;
  GtkListBox    *list;

  AxContext     *context;
  GCancellable  *cancellable;
  guint          count;
  GPtrArray     *conflicts;    /* the open ones shown (AxConflict *) */
  GHashTable    *announced;    /* booking conflicts already told in a toast (ids) */
  gboolean       primed;       /* the first list was read: what it had is not news */
  guint          n_toasts;     /* shown (tests) */
};

G_DEFINE_FINAL_TYPE (AxConflictsButton, ax_conflicts_button, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void reload (AxConflictsButton *self);

/* Text */

char *
ax_conflicts_field_label (const char *field)
{
  static const struct { const char *field; const char *label; } known[] = {
    { "first_name", N_("first name") },
    { "last_name", N_("last name") },
    { "birth_date", N_("date of birth") },
    { "phone", N_("phone") },
    { "email", N_("email") },
    { "notes", N_("notes") },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (known); i++)
    if (g_strcmp0 (field, known[i].field) == 0)
      return g_strdup (_(known[i].label));
  return g_strdelimit (g_strdup (field ? field : ""), "_", ' ');
}

char *
ax_conflicts_value_label (const char *json)
{
  g_autoptr (JsonNode) node = json ? json_from_string (json, NULL) : NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup (_("(empty)"));
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (*json_node_get_string (node) ? json_node_get_string (node) : _("(empty)"));
  return json_to_string (node, FALSE);
}

/* "Over-redeemed: Facial x5" and "balance −1 session" for a ledger breach. */
char *
ax_conflicts_breach_text (const AxConflict *c,
                          const char       *currency,
                          char            **detail)
{
  g_autoptr (JsonNode) mine = c->mine_json ? json_from_string (c->mine_json, NULL) : NULL;
  g_autoptr (JsonNode) theirs = c->theirs_json ? json_from_string (c->theirs_json, NULL) : NULL;
  const char *name = mine && JSON_NODE_HOLDS_OBJECT (mine)
                     ? json_object_get_string_member_with_default (json_node_get_object (mine), "name", "")
                     : "";
  gint64 balance = theirs && JSON_NODE_HOLDS_OBJECT (theirs)
                   ? json_object_get_int_member_with_default (json_node_get_object (theirs), "balance", 0)
                   : 0;

  if (detail != NULL)
    {
      if (g_strcmp0 (c->field, "amount") == 0)
        {
          g_autofree char *money = ax_money_format (balance, currency, NULL);
          /* Translators: what a wallet holds after a breach, "balance −฿1,500.00" */
          *detail = g_strdup_printf (_("balance %s"), money);
        }
      else if (g_strcmp0 (c->field, "qty") == 0)
        /* Translators: a lot's stock after a breach, "on hand −2" */
        *detail = g_strdup_printf (_("on hand %" PRId64), balance);
      else
        *detail = g_strdup_printf (g_dngettext (NULL, "balance %" PRId64 " session",
                                                "balance %" PRId64 " sessions",
                                                (gulong) ABS (balance)), balance);
    }
  if (g_strcmp0 (c->table_name, "lots") == 0)
    /* Translators: a lot sold below zero on two desks, "Stock below zero: Sunscreen · S-LATE" */
    return g_strdup_printf (_("Stock below zero: %s"), name);
  /* Translators: a course or wallet used beyond its balance, "Over-redeemed: Facial x5" */
  return g_strdup_printf (_("Over-redeemed: %s"), name);
}

/* Rows */

typedef struct
{
  AxConflictsButton *self;
  char              *id;
  const char        *keep;
} Choice;

static void
choice_free (gpointer data,
             GClosure *closure)
{
  Choice *c = data;

  g_free (c->id);
  g_free (c);
}

static const AxConflict *
find_conflict (AxConflictsButton *self,
               const char        *id)
{
  for (guint i = 0; self->conflicts != NULL && i < self->conflicts->len; i++)
    if (g_strcmp0 (((AxConflict *) self->conflicts->pdata[i])->id, id) == 0)
      return self->conflicts->pdata[i];
  return NULL;
}

static void
edit_cb (GtkButton *button,
         Choice    *choice)
{
  AxConflictsButton *self = choice->self;
  const AxConflict *c = find_conflict (self, choice->id);
  AxFormDialog *dialog;

  if (c == NULL)
    return;
  gtk_popover_popdown (self->popover);
  dialog = ax_conflict_edit_dialog_new (GTK_WIDGET (self), self->context, c);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* A booking is changed by moving it: the calendar at the appointment, where
 * it is moved or rescheduled as any other (appointment.move resolves the
 * conflict). */
static void
rebook_cb (GtkButton *button,
           Choice    *choice)
{
  AxConflictsButton *self = choice->self;
  const AxConflict *c = find_conflict (self, choice->id);

  if (c == NULL)
    return;
  gtk_popover_popdown (self->popover);
  gtk_widget_activate_action (GTK_WIDGET (self), "shell.open-appointment", "s", c->row_id);
}

static void
choose_cb (GtkButton *button,
           Choice    *choice)
{
  AxConflictsButton *self = choice->self;
  gboolean acknowledge = g_str_equal (choice->keep, "acknowledge");
  g_autofree char *args = acknowledge
                            ? g_strdup_printf ("{\"id\": \"%s\"}", choice->id)
                            : g_strdup_printf ("{\"id\": \"%s\", \"keep\": \"%s\"}", choice->id, choice->keep);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) result = NULL;

  result = ax_store_mutate_json (ax_context_get_store (self->context), ax_context_get_actor (self->context),
                                 acknowledge ? "breach.acknowledge" : "conflict.resolve", args, &error);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), result == NULL);
  if (result == NULL)
    gtk_label_set_label (self->error_label, error->message);
  /* The store's change signal reloads the list. */
}

static GtkWidget *
line (const char *caption,
      const char *value)
{
  g_autofree char *text = g_strdup_printf ("%s: %s", caption, value);
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 50);
  return label;
}

static GtkWidget *
choice_button (AxConflictsButton *self,
               const AxConflict  *conflict,
               const char        *label,
               const char        *keep,
               gboolean           allowed)
{
  GtkWidget *button = gtk_button_new_with_label (label);
  Choice *choice = g_new0 (Choice, 1);

  choice->self = self;
  choice->id = g_strdup (conflict->id);
  choice->keep = keep;
  g_signal_connect_data (button, "clicked",
                         g_strcmp0 (keep, "edit") == 0 ? G_CALLBACK (edit_cb)
                         : g_strcmp0 (keep, "rebook") == 0 ? G_CALLBACK (rebook_cb)
                         : G_CALLBACK (choose_cb), choice, choice_free, 0);
  gtk_widget_set_sensitive (button, allowed);
  return button;
}

static GtkWidget *
conflict_row (AxConflictsButton *self,
              const AxConflict  *c)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *title;
  g_autofree char *title_text = NULL;
  const char *subject = c->subject && *c->subject ? c->subject : _("A record");
  gboolean booking = g_strcmp0 (c->kind, "booking") == 0;

  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 10);
  gtk_widget_set_margin_end (box, 10);

  if (booking)
    {
      AxStore *store = ax_context_get_store (self->context);
      g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (c->start_at / 1000);
      g_autoptr (GDateTime) at = g_date_time_to_timezone (utc, ax_store_get_timezone (store));
      /* Translators: a booking's time in the conflicts list, e.g. "Mon 16 Mar 15:00" */
      g_autofree char *when = g_date_time_format (at, _("%a %-d %b %H:%M"));
      g_autoptr (JsonNode) theirs = c->theirs_json ? json_from_string (c->theirs_json, NULL) : NULL;
      const char *message = theirs && JSON_NODE_HOLDS_OBJECT (theirs)
                            ? json_object_get_string_member_with_default (json_node_get_object (theirs),
                                                                          "message", "")
                            : "";
      gboolean allowed = ax_context_can (self->context, AX_PERM_CALENDAR_BOOK);

      /* Translators: "Itsara — booking Mon 16 Mar 15:00 needs rebooking" */
      title_text = g_strdup_printf (_("%s — booking %s needs rebooking"), subject, when);
      title = gtk_label_new (title_text);
      gtk_box_append (GTK_BOX (box), title);
      gtk_box_append (GTK_BOX (box), line (_("Booked on another desk at the same time"), message));
      gtk_box_append (GTK_BOX (buttons), choice_button (self, c, _("Rebook…"), "rebook", allowed));
      gtk_box_append (GTK_BOX (buttons), choice_button (self, c, _("Keep Booking"), "mine", allowed));
      gtk_box_append (GTK_BOX (buttons), choice_button (self, c, _("Cancel Booking"), "theirs", allowed));
    }
  else if (g_strcmp0 (c->kind, "ledger") == 0)
    {
      g_autofree char *detail = NULL;
      const AxClinicInfo *clinic = ax_store_get_clinic (ax_context_get_store (self->context));
      gboolean stock = g_strcmp0 (c->table_name, "lots") == 0;
      gboolean allowed = ax_context_can (self->context, AX_PERM_POS_SELL)
                         && (!stock || ax_context_can (self->context, AX_PERM_INVENTORY_EDIT));

      title_text = ax_conflicts_breach_text (c, clinic ? clinic->currency : NULL, &detail);
      title = gtk_label_new (title_text);
      gtk_box_append (GTK_BOX (box), title);
      gtk_box_append (GTK_BOX (box), line (_("Taken on two desks while offline"), detail));
      gtk_box_append (GTK_BOX (buttons), choice_button (self, c, _("Acknowledge"), "acknowledge", allowed));
    }
  else
    {
      g_autofree char *field = ax_conflicts_field_label (c->field);
      g_autofree char *base = ax_conflicts_value_label (c->base_json);
      g_autofree char *mine = ax_conflicts_value_label (c->mine_json);
      g_autofree char *theirs = ax_conflicts_value_label (c->theirs_json);
      gboolean allowed = ax_context_can (self->context, AX_PERM_PATIENT_EDIT)
                         && g_strcmp0 (c->kind, "field") == 0;

      /* Translators: "Kanya — first name changed on two desks" */
      title_text = g_strdup_printf (_("%s — %s changed on two desks"), subject, field);
      title = gtk_label_new (title_text);
      gtk_box_append (GTK_BOX (box), title);
      gtk_box_append (GTK_BOX (box), line (_("Before"), base));
      gtk_box_append (GTK_BOX (box), line (_("Mine (not applied)"), mine));
      gtk_box_append (GTK_BOX (box), line (_("Theirs (kept)"), theirs));
      gtk_box_append (GTK_BOX (buttons), choice_button (self, c, _("Keep Mine"), "mine", allowed));
      gtk_box_append (GTK_BOX (buttons), choice_button (self, c, _("Keep Theirs"), "theirs",
                                                        ax_context_can (self->context, AX_PERM_PATIENT_EDIT)));
      gtk_box_append (GTK_BOX (buttons), choice_button (self, c, _("Edit…"), "edit", allowed));
    }
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  /* One line (the whole of it in the tooltip): a wrapped title made the
   * popover guess its height for another width. */
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_set_tooltip_text (title, title_text);
  gtk_widget_add_css_class (title, "heading");
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  gtk_widget_set_margin_top (buttons, 4);
  gtk_box_append (GTK_BOX (box), buttons);
  return box;
}

/* The rebooking toast */

static void
toast_show_cb (AdwToast          *toast,
               AxConflictsButton *self)
{
  gtk_menu_button_popup (self->button);
}

/* A pull brought a clash for a booking made on this desk: a toast in the
 * window, once per conflict. What the first read found is not news. */
static void
announce (AxConflictsButton *self,
          GPtrArray         *conflicts)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  for (guint i = 0; i < conflicts->len; i++)
    {
      const AxConflict *c = conflicts->pdata[i];
      g_autoptr (GDateTime) utc = NULL, at = NULL;
      g_autofree char *when = NULL, *title = NULL, *markup = NULL;
      AdwToast *toast;

      if (!c->booked_here || g_hash_table_contains (self->announced, c->id))
        continue;
      g_hash_table_add (self->announced, g_strdup (c->id));
      if (!self->primed || overlay == NULL)
        continue;
      utc = g_date_time_new_from_unix_utc (c->start_at / 1000);
      at = g_date_time_to_timezone (utc, ax_store_get_timezone (ax_context_get_store (self->context)));
      /* Translators: a booking's time in the rebooking toast, e.g. "Mon 16 Mar 15:00" */
      when = g_date_time_format (at, _("%a %-d %b %H:%M"));
      /* Translators: a toast: "The booking for Itsara at Mon 16 Mar 15:00 clashed …" */
      title = g_strdup_printf (_("The booking for %s at %s clashed with one made at another desk: "
                                 "it needs rebooking"),
                               c->subject && *c->subject ? c->subject : _("a patient"), when);
      markup = g_markup_escape_text (title, -1);
      toast = adw_toast_new (markup);
      adw_toast_set_timeout (toast, 10);
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
      adw_toast_set_button_label (toast, _("Show"));
      g_signal_connect_object (toast, "button-clicked", G_CALLBACK (toast_show_cb), self, 0);
      adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
      self->n_toasts++;
    }
  self->primed = TRUE;
}

/* Loading */

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  AxConflictsButton *self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) conflicts = ax_conflicts_list_open_finish (AX_STORE (source), result, &error);
  g_autofree char *count = NULL;
  GtkWidget *child;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (conflicts == NULL)
    {
      /* Keep what is shown; say why it could not be refreshed. */
      gtk_label_set_label (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }

  announce (self, conflicts);
  g_clear_pointer (&self->conflicts, g_ptr_array_unref);
  self->conflicts = g_ptr_array_ref (conflicts);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  for (guint i = 0; i < conflicts->len; i++)
    gtk_list_box_append (self->list, conflict_row (self, conflicts->pdata[i]));

  self->count = conflicts->len;
  count = g_strdup_printf (ngettext ("%u conflict", "%u conflicts", self->count), self->count);
  gtk_label_set_label (self->count_label, count);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_PROPERTY_LABEL, count, -1);
  gtk_widget_set_visible (GTK_WIDGET (self), self->count > 0);
  if (self->count == 0)
    gtk_popover_popdown (self->popover);
}

static void
reload (AxConflictsButton *self)
{
  if (self->context == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  ax_conflicts_list_open_async (ax_context_get_store (self->context), self->cancellable, loaded_cb, self);
}

static void
store_changed_cb (AxConflictsButton *self,
                  const char        *what)
{
  /* Conflicts arrive by sync and leave by conflict.resolve. */
  if (g_str_has_prefix (what ? what : "", "sync.") || g_strcmp0 (what, "conflict.resolve") == 0)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
      reload (self);
    }
}

/* GObject */

static void
ax_conflicts_button_dispose (GObject *object)
{
  AxConflictsButton *self = AX_CONFLICTS_BUTTON (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->context);
  g_clear_pointer (&self->conflicts, g_ptr_array_unref);
  g_clear_pointer (&self->announced, g_hash_table_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), AX_TYPE_CONFLICTS_BUTTON);
  G_OBJECT_CLASS (ax_conflicts_button_parent_class)->dispose (object);
}

static void
ax_conflicts_button_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  AxConflictsButton *self = AX_CONFLICTS_BUTTON (object);

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
ax_conflicts_button_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  AxConflictsButton *self = AX_CONFLICTS_BUTTON (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      if (self->context != NULL)
        {
          g_signal_connect_object (ax_context_get_store (self->context), "changed",
                                   G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
          reload (self);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ax_conflicts_button_class_init (AxConflictsButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ax_conflicts_button_dispose;
  object_class->get_property = ax_conflicts_button_get_property;
  object_class->set_property = ax_conflicts_button_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, AX_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/aesthetix/Aesthetix/widgets/ax-conflicts-button.ui");
  gtk_widget_class_bind_template_child (widget_class, AxConflictsButton, button);
  gtk_widget_class_bind_template_child (widget_class, AxConflictsButton, count_label);
  gtk_widget_class_bind_template_child (widget_class, AxConflictsButton, popover);
  gtk_widget_class_bind_template_child (widget_class, AxConflictsButton, error_label);
  gtk_widget_class_bind_template_child (widget_class, AxConflictsButton, list);
}

static void
ax_conflicts_button_init (AxConflictsButton *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->announced = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

GtkWidget *
ax_conflicts_button_new (AxContext *context)
{
  g_return_val_if_fail (AX_IS_CONTEXT (context), NULL);
  return g_object_new (AX_TYPE_CONFLICTS_BUTTON, "context", context, NULL);
}

guint
ax_conflicts_button_get_count (AxConflictsButton *self)
{
  g_return_val_if_fail (AX_IS_CONFLICTS_BUTTON (self), 0);
  return self->count;
}

guint
ax_conflicts_button_get_toasts (AxConflictsButton *self)
{
  g_return_val_if_fail (AX_IS_CONFLICTS_BUTTON (self), 0);
  return self->n_toasts;
}
