/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

#include "ax-booking-popover.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ax-calendar-queries.h"
#include "ax-mask.h"

#define MAX_HITS 20

struct _AxBookingPopover
{
  GtkPopover      parent_instance;

  AxContext      *context;
  AxCalendarData *data;
  gint64          start_ms;
  gint64          drag_end_ms;   /* the end when no service is chosen */
  gint64          end_ms;
  char           *provider_id;
  char           *room_id;
  GPtrArray      *services;      /* AxServiceInfo */
  GPtrArray      *checks;        /* GtkCheckButton, one per service */
  GPtrArray      *hits;          /* AxPatientHit of the last search */
  GCancellable   *search_cancellable;
  char           *patient_id;

  GtkLabel       *when_label;
  GtkStack       *patient_stack;
  GtkSearchEntry *search_entry;
  GtkListBox     *results_list;
  AdwActionRow   *chosen_row;
  AdwEntryRow    *first_name_row;
  AdwEntryRow    *last_name_row;
  AdwEntryRow    *phone_row;
  GtkWidget      *add_patient_button;
  GtkListBox     *services_list;
  GtkDropDown    *provider_dropdown;
  GtkDropDown    *room_dropdown;
  GtkEntry       *notes_entry;
  GtkLabel       *error_label;
  GtkWidget      *book_button;
};

G_DEFINE_FINAL_TYPE (AxBookingPopover, ax_booking_popover, GTK_TYPE_POPOVER)

enum
{
  BOOK,
  SLOT_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Helpers */

static void
update_book_button (AxBookingPopover *self)
{
  gboolean ready = self->patient_id != NULL
                   && gtk_drop_down_get_selected (self->provider_dropdown) != GTK_INVALID_LIST_POSITION;

  gtk_widget_set_sensitive (self->book_button, ready);
}

static void
update_when (AxBookingPopover *self)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (self->start_ms / 1000);
  g_autoptr (GDateTime) start = g_date_time_to_timezone (utc, self->data->tz);
  g_autoptr (GDateTime) end = g_date_time_add_seconds (start,
                                                       (self->end_ms - self->start_ms) / 1000.0);
  /* Translators: the day of a new appointment, see g_date_time_format(): "Mon 10 Mar" */
  g_autofree char *day = g_date_time_format (start, _("%a %-d %b"));
  g_autofree char *from = g_date_time_format (start, "%H:%M");
  g_autofree char *to = g_date_time_format (end, "%H:%M");
  /* Translators: "Mon 10 Mar, 10:00–10:45 (45 min)" */
  g_autofree char *text = g_strdup_printf (_("%s, %s–%s (%d min)"), day, from, to,
                                           (int) ((self->end_ms - self->start_ms) / 60000));

  gtk_label_set_label (self->when_label, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->when_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Time"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
}

/* The end follows the chosen services; with none, the dragged slot's. */
static void
update_end (AxBookingPopover *self)
{
  int minutes = 0;

  for (guint i = 0; i < self->checks->len; i++)
    if (gtk_check_button_get_active (self->checks->pdata[i]))
      minutes += ((AxServiceInfo *) self->services->pdata[i])->duration_min;
  self->end_ms = minutes > 0 ? self->start_ms + (gint64) minutes * 60000 : self->drag_end_ms;
  update_when (self);
  g_signal_emit (self, signals[SLOT_CHANGED], 0, self->start_ms, self->end_ms);
}

static char *
shown_phone (AxBookingPopover *self,
             const char       *phone)
{
  if (phone == NULL || *phone == '\0')
    return NULL;
  if (ax_context_can (self->context, AX_PERM_PATIENT_UNMASKED))
    return g_strdup (phone);
  return ax_mask_phone (phone);
}

static char *
hit_name (const AxPatientHit *hit)
{
  if (hit->last_name == NULL || *hit->last_name == '\0')
    return g_strdup (hit->first_name);
  return g_strdup_printf ("%s %s", hit->first_name, hit->last_name);
}

static void
choose_patient (AxBookingPopover *self,
                const char       *id,
                const char       *name,
                const char       *number,
                const char       *phone)
{
  g_autofree char *masked = shown_phone (self, phone);
  g_autofree char *subtitle = g_strjoin (" · ", number ? number : "", masked, NULL);

  g_free (self->patient_id);
  self->patient_id = g_strdup (id);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->chosen_row), name);
  adw_action_row_set_subtitle (self->chosen_row, subtitle);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->chosen_row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Chosen patient"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, name, -1);
  gtk_stack_set_visible_child_name (self->patient_stack, "chosen");
  update_book_button (self);
}

static void
clear_results (AxBookingPopover *self)
{
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (self->results_list, 0)) != NULL)
    gtk_list_box_remove (self->results_list, GTK_WIDGET (row));
  g_clear_pointer (&self->hits, g_ptr_array_unref);
}

static void
show_hits (AxBookingPopover *self,
           GPtrArray        *hits)
{
  clear_results (self);
  gtk_widget_set_visible (GTK_WIDGET (self->results_list), TRUE);
  self->hits = g_ptr_array_ref (hits);
  for (guint i = 0; i < hits->len; i++)
    {
      AxPatientHit *hit = hits->pdata[i];
      g_autofree char *phone = shown_phone (self, hit->phone);
      g_autofree char *subtitle = g_strjoin (" · ", hit->patient_number, phone, NULL);
      g_autofree char *name = hit_name (hit);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      subtitle, -1);
      gtk_list_box_append (self->results_list, row);
    }
  if (hits->len == 0)
    {
      GtkWidget *label = gtk_label_new (_("No patients found"));

      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_add_css_class (label, "list-placeholder");
      gtk_list_box_set_placeholder (self->results_list, label);
    }
}

static void
fill_services (AxBookingPopover *self)
{
  for (guint i = 0; i < self->services->len; i++)
    {
      AxServiceInfo *service = self->services->pdata[i];
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();
      /* Translators: a service's duration in the booking popover */
      g_autofree char *minutes = g_strdup_printf (_("%d min"), service->duration_min);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), service->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), minutes);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      service->name, -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      g_signal_connect_swapped (check, "toggled", G_CALLBACK (update_end), self);
      g_ptr_array_add (self->checks, check);
      gtk_list_box_append (self->services_list, row);
    }
}

static guint
fill_resources (GtkDropDown *dropdown,
                GPtrArray   *resources,
                const char  *first,
                const char  *select_id)
{
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);
  guint selected = first != NULL ? 0 : GTK_INVALID_LIST_POSITION;

  if (first != NULL)
    gtk_string_list_append (names, first);
  for (guint i = 0; i < resources->len; i++)
    {
      const AxResource *res = resources->pdata[i];

      gtk_string_list_append (names, res->name);
      if (g_strcmp0 (res->id, select_id) == 0)
        selected = i + (first != NULL ? 1 : 0);
    }
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (names));
  if (selected == GTK_INVALID_LIST_POSITION && resources->len > 0)
    selected = 0;
  gtk_drop_down_set_selected (dropdown, selected);
  return selected;
}

/* A room that is free for the slot, or NULL. */
static const char *
free_room (AxBookingPopover *self)
{
  for (guint i = 0; i < self->data->rooms->len; i++)
    {
      const AxResource *room = self->data->rooms->pdata[i];

      if (ax_calendar_data_find_clash (self->data, NULL, NULL, room->id, self->start_ms,
                                       self->end_ms) == NULL)
        return room->id;
    }
  return NULL;
}

static const char *
free_provider (AxBookingPopover *self)
{
  for (guint i = 0; i < self->data->providers->len; i++)
    {
      const AxResource *p = self->data->providers->pdata[i];

      if (ax_calendar_data_within_hours (self->data, p->id, self->start_ms, self->end_ms)
          && ax_calendar_data_find_clash (self->data, NULL, p->id, NULL, self->start_ms,
                                          self->end_ms) == NULL)
        return p->id;
    }
  return NULL;
}

static void
book (AxBookingPopover *self)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) args = NULL;
  guint provider = gtk_drop_down_get_selected (self->provider_dropdown);
  guint room = gtk_drop_down_get_selected (self->room_dropdown);
  const char *notes = gtk_editable_get_text (GTK_EDITABLE (self->notes_entry));
  gboolean any_service = FALSE;

  if (!gtk_widget_get_sensitive (self->book_button) || provider >= self->data->providers->len)
    return;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "patient_id");
  json_builder_add_string_value (builder, self->patient_id);
  json_builder_set_member_name (builder, "provider_id");
  json_builder_add_string_value (builder,
                                 ((AxResource *) self->data->providers->pdata[provider])->id);
  if (room != GTK_INVALID_LIST_POSITION && room > 0 && room - 1 < self->data->rooms->len)
    {
      json_builder_set_member_name (builder, "room_id");
      json_builder_add_string_value (builder, ((AxResource *) self->data->rooms->pdata[room - 1])->id);
    }
  json_builder_set_member_name (builder, "start_at");
  json_builder_add_int_value (builder, self->start_ms);
  for (guint i = 0; i < self->checks->len; i++)
    {
      if (!gtk_check_button_get_active (self->checks->pdata[i]))
        continue;
      if (!any_service)
        {
          json_builder_set_member_name (builder, "services");
          json_builder_begin_array (builder);
          any_service = TRUE;
        }
      json_builder_add_string_value (builder, ((AxServiceInfo *) self->services->pdata[i])->id);
    }
  if (any_service)
    json_builder_end_array (builder);
  else
    {
      json_builder_set_member_name (builder, "end_at");
      json_builder_add_int_value (builder, self->end_ms);
    }
  if (notes != NULL && *notes != '\0')
    {
      json_builder_set_member_name (builder, "notes");
      json_builder_add_string_value (builder, notes);
    }
  json_builder_end_object (builder);
  args = json_builder_get_root (builder);
  ax_booking_popover_show_error (self, NULL);
  g_signal_emit (self, signals[BOOK], 0, args);
}

/* Callbacks */

static void
search_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (AxBookingPopover) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) hits = ax_calendar_search_patients_finish (AX_STORE (source), result,
                                                                   &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (hits == NULL)
    {
      ax_booking_popover_show_error (self, error->message);
      return;
    }
  show_hits (self, hits);
}

static void
search_changed_cb (AxBookingPopover *self,
                   GtkSearchEntry   *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  if (text == NULL || *text == '\0')
    {
      clear_results (self);
      gtk_list_box_set_placeholder (self->results_list, NULL);
      /* Nothing typed, nothing to list: no empty box under the entry. */
      gtk_widget_set_visible (GTK_WIDGET (self->results_list), FALSE);
      return;
    }
  self->search_cancellable = g_cancellable_new ();
  ax_calendar_search_patients_async (ax_context_get_store (self->context), text, MAX_HITS,
                                     self->search_cancellable, search_done_cb,
                                     g_object_ref (self));
}

static void
result_activated_cb (AxBookingPopover *self,
                     GtkListBoxRow    *row,
                     GtkListBox       *list)
{
  int index = gtk_list_box_row_get_index (row);
  AxPatientHit *hit;
  g_autofree char *name = NULL;

  if (self->hits == NULL || index < 0 || (guint) index >= self->hits->len)
    return;
  hit = self->hits->pdata[index];
  name = hit_name (hit);
  choose_patient (self, hit->id, name, hit->patient_number, hit->phone);
}

/* Enter in the search takes the first patient found. */
static void
search_activate_cb (AxBookingPopover *self,
                    GtkSearchEntry   *entry)
{
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->results_list, 0);

  if (first != NULL && self->hits != NULL && self->hits->len > 0)
    result_activated_cb (self, first, self->results_list);
}

static void
new_patient_cb (AxBookingPopover *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));
  g_auto (GStrv) words = g_strsplit (text, " ", 2);

  /* What was searched for is probably the name. */
  if (words[0] != NULL && !g_ascii_isdigit (words[0][0]))
    {
      gtk_editable_set_text (GTK_EDITABLE (self->first_name_row), words[0]);
      if (words[1] != NULL)
        gtk_editable_set_text (GTK_EDITABLE (self->last_name_row), words[1]);
    }
  gtk_stack_set_visible_child_name (self->patient_stack, "new");
  gtk_widget_grab_focus (GTK_WIDGET (self->first_name_row));
}

static void
new_patient_changed_cb (AxBookingPopover *self)
{
  g_autofree char *first = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->first_name_row))));

  gtk_widget_set_sensitive (self->add_patient_button, *first != '\0');
}

static void
change_patient_cb (AxBookingPopover *self)
{
  g_clear_pointer (&self->patient_id, g_free);
  update_book_button (self);
  gtk_stack_set_visible_child_name (self->patient_stack, "search");
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
add_patient_cb (AxBookingPopover *self)
{
  g_autofree char *first = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->first_name_row))));
  g_autofree char *last = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->last_name_row))));
  g_autofree char *phone = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->phone_row))));
  g_autoptr (JsonObject) args = json_object_new ();
  g_autoptr (JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr (JsonNode) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *name = NULL;
  JsonObject *out;

  json_object_set_string_member (args, "first_name", first);
  if (*last != '\0')
    json_object_set_string_member (args, "last_name", last);
  if (*phone != '\0')
    json_object_set_string_member (args, "phone", phone);
  json_node_set_object (node, args);
  result = ax_store_mutate (ax_context_get_store (self->context),
                            ax_context_get_actor (self->context), "patient.create", node, &error);
  if (result == NULL)
    {
      ax_booking_popover_show_error (self, error->message);
      return;
    }
  ax_booking_popover_show_error (self, NULL);
  out = json_node_get_object (result);
  name = *last != '\0' ? g_strdup_printf ("%s %s", first, last) : g_strdup (first);
  choose_patient (self, json_object_get_string_member (out, "id"), name,
                  json_object_get_string_member_with_default (out, "patient_number", NULL), phone);
}

static void
provider_changed_cb (AxBookingPopover *self)
{
  update_book_button (self);
}

static void
book_clicked_cb (AxBookingPopover *self)
{
  book (self);
}

static void
cancel_clicked_cb (AxBookingPopover *self)
{
  gtk_popover_popdown (GTK_POPOVER (self));
}

static gboolean
book_shortcut_cb (GtkWidget *widget,
                  GVariant  *args,
                  gpointer   user_data)
{
  book (AX_BOOKING_POPOVER (widget));
  return TRUE;
}

/* Overrides */

static void
ax_booking_popover_map (GtkWidget *widget)
{
  AxBookingPopover *self = AX_BOOKING_POPOVER (widget);

  GTK_WIDGET_CLASS (ax_booking_popover_parent_class)->map (widget);
  if (self->patient_id == NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
ax_booking_popover_dispose (GObject *object)
{
  AxBookingPopover *self = AX_BOOKING_POPOVER (object);

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), AX_TYPE_BOOKING_POPOVER);
  g_clear_pointer (&self->hits, g_ptr_array_unref);
  g_clear_pointer (&self->checks, g_ptr_array_unref);
  g_clear_pointer (&self->services, g_ptr_array_unref);
  g_clear_pointer (&self->data, ax_calendar_data_unref);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (ax_booking_popover_parent_class)->dispose (object);
}

static void
ax_booking_popover_finalize (GObject *object)
{
  AxBookingPopover *self = AX_BOOKING_POPOVER (object);

  g_free (self->patient_id);
  g_free (self->provider_id);
  g_free (self->room_id);

  G_OBJECT_CLASS (ax_booking_popover_parent_class)->finalize (object);
}

static void
ax_booking_popover_class_init (AxBookingPopoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ax_booking_popover_dispose;
  object_class->finalize = ax_booking_popover_finalize;
  widget_class->map = ax_booking_popover_map;

  signals[BOOK] = g_signal_new ("book", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                NULL, NULL, G_TYPE_NONE, 1, JSON_TYPE_NODE);
  signals[SLOT_CHANGED] = g_signal_new ("slot-changed", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                                        G_TYPE_INT64, G_TYPE_INT64);

  gtk_widget_class_add_binding (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, book_shortcut_cb,
                                NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                book_shortcut_cb, NULL);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/aesthetix/Aesthetix/calendar/ax-booking-popover.ui");
  gtk_widget_class_bind_template_child (widget_class, AxBookingPopover, when_label);
  gtk_widget_class_bind_template_child (widget_class, AxBookingPopover, patient_stack);
  gtk_widget_class_bind_template_child (widget_class, AxBookingPopover, search_entry);
  gtk_widget_class_bind_template_child (widget_class, AxBookingPopover, results_list);
  gtk_widget_class_bind_template_child (widget_class, AxBookingPopover, chosen_row);
  gtk_widget_class_bind_template_child (widget_class, AxBookingPopover, first_name_row);
  gtk_widget_class_bind_template_child (widget_class, AxBookingPopover, last_name_row);
  gtk_widget_class_bind_template_child (widget_class, AxBookingPopover, phone_row);
  gtk_widget_class_bind_template_child (widget_class, AxBookingPopover, add_patient_button);
  gtk_widget_class_bind_template_child (widget_class, AxBookingPopover, services_list);
  gtk_widget_class_bind_template_child (widget_class, AxBookingPopover, provider_dropdown);
  gtk_widget_class_bind_template_child (widget_class, AxBookingPopover, room_dropdown);
  gtk_widget_class_bind_template_child (widget_class, AxBookingPopover, notes_entry);
  gtk_widget_class_bind_template_child (widget_class, AxBookingPopover, error_label);
  gtk_widget_class_bind_template_child (widget_class, AxBookingPopover, book_button);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, result_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, new_patient_cb);
  gtk_widget_class_bind_template_callback (widget_class, new_patient_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, change_patient_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_patient_cb);
  gtk_widget_class_bind_template_callback (widget_class, book_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
}

static void
ax_booking_popover_init (AxBookingPopover *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->checks = g_ptr_array_new ();
}

/* Public API */

GtkWidget *
ax_booking_popover_new (AxContext      *context,
                        AxCalendarData *data,
                        gint64          start_ms,
                        gint64          end_ms,
                        const char     *provider_id,
                        const char     *room_id)
{
  AxBookingPopover *self;
  g_autoptr (GError) error = NULL;

  g_return_val_if_fail (AX_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (data != NULL, NULL);

  self = g_object_new (AX_TYPE_BOOKING_POPOVER, NULL);
  self->context = g_object_ref (context);
  self->data = ax_calendar_data_ref (data);
  self->start_ms = start_ms;
  self->drag_end_ms = self->end_ms = MAX (end_ms, start_ms + 60000);
  self->provider_id = g_strdup (provider_id ? provider_id : free_provider (self));
  self->room_id = g_strdup (room_id ? room_id : free_room (self));

  self->services = ax_calendar_list_services (ax_store_get_db (ax_context_get_store (context)),
                                              &error);
  if (self->services == NULL)
    {
      self->services = g_ptr_array_new ();
      ax_booking_popover_show_error (self, error->message);
    }
  fill_services (self);
  fill_resources (self->provider_dropdown, data->providers, NULL, self->provider_id);
  fill_resources (self->room_dropdown, data->rooms, _("No room"), self->room_id);
  g_signal_connect_swapped (self->provider_dropdown, "notify::selected",
                            G_CALLBACK (provider_changed_cb), self);
  update_when (self);
  update_book_button (self);
  return GTK_WIDGET (self);
}

void
ax_booking_popover_show_error (AxBookingPopover *self,
                               const char       *message)
{
  g_return_if_fail (AX_IS_BOOKING_POPOVER (self));

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL && *message != '\0');
  gtk_label_set_label (self->error_label, message ? message : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->error_label),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message ? message : "", -1);
}
