/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

#include "ax-calendar-page-private.h"

#include <glib/gi18n.h>

#include "ax-appointments.h"
#include "ax-calendar-draw.h"
#include "ax-calendar-queries.h"

/* The current-time line moves this often. */
#define NOW_SECONDS 30

G_DEFINE_FINAL_TYPE (AxCalendarPage, ax_calendar_page, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_CONTEXT,
  PROP_VIEW,
  PROP_COLUMNS,
  PROP_SNAP_MINUTES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Helpers */

static GTimeZone *
clinic_tz (AxCalendarPage *self)
{
  return ax_store_get_timezone (ax_context_get_store (self->context));
}

/* Noon of the day of ms in the clinic's zone: a date that survives DST. */
static GDateTime *
noon_of (AxCalendarPage *self,
         gint64          ms)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (ms / 1000);
  g_autoptr (GDateTime) local = g_date_time_to_timezone (utc, clinic_tz (self));

  return g_date_time_new (clinic_tz (self), g_date_time_get_year (local),
                          g_date_time_get_month (local), g_date_time_get_day_of_month (local),
                          12, 0, 0);
}

AxView *
ax_calendar_page_get_view (AxCalendarPage *self)
{
  return g_strcmp0 (self->view_name, "week") == 0 ? AX_VIEW (self->week_view)
                                                  : AX_VIEW (self->day_view);
}

static gboolean
is_week (AxCalendarPage *self)
{
  return g_strcmp0 (self->view_name, "week") == 0;
}

static void
update_date_label (AxCalendarPage *self)
{
  g_autofree char *label = NULL;
  g_autoptr (GDateTime) first = ax_view_get_first_day (ax_calendar_page_get_view (self),
                                                       self->date);

  if (is_week (self))
    {
      g_autoptr (GDateTime) last = g_date_time_add_days (first, 6);
      /* Translators: the week shown, see g_date_time_format(): "10 Mar" of "10 Mar – 16 Mar 2025" */
      g_autofree char *from = g_date_time_format (first, _("%-d %b"));
      /* Translators: see g_date_time_format(): "16 Mar 2025" of "10 Mar – 16 Mar 2025" */
      g_autofree char *to = g_date_time_format (last, _("%-d %b %Y"));

      label = g_strdup_printf ("%s – %s", from, to);
    }
  else
    /* Translators: the day shown, see g_date_time_format(): "Tue 10 Mar 2026" */
    label = g_date_time_format (self->date, _("%a %-d %b %Y"));
  gtk_label_set_label (self->date_label, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->date_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Date"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, label, -1);

  g_signal_handlers_block_matched (self->date_calendar, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL,
                                   self);
  gtk_calendar_select_day (self->date_calendar, self->date);
  g_signal_handlers_unblock_matched (self->date_calendar, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL,
                                     self);
}

/* The strv setting, or NULL when it is empty (everything shown). */
static GStrv
setting_filter (AxCalendarPage *self,
                const char     *key)
{
  GStrv value = g_settings_get_strv (ax_context_get_settings (self->context), key);

  if (value != NULL && value[0] == NULL)
    g_clear_pointer (&value, g_strfreev);
  return value;
}

static guint
status_mask (AxCalendarPage *self)
{
  g_auto (GStrv) statuses = setting_filter (self, "calendar-statuses");
  guint mask = 0;

  for (guint i = 0; statuses != NULL && statuses[i] != NULL; i++)
    {
      AxAppointmentStatus s = ax_appointment_status_from_string (statuses[i]);
      if (s != AX_APPT_INVALID)
        mask |= 1u << s;
    }
  return mask;
}

static void
apply_options (AxCalendarPage *self)
{
  GSettings *settings = ax_context_get_settings (self->context);
  g_auto (GStrv) providers = setting_filter (self, "calendar-providers");
  g_auto (GStrv) rooms = setting_filter (self, "calendar-rooms");
  g_autofree char *week_provider = g_settings_get_string (settings, "calendar-week-provider");
  const char *only[] = { week_provider, NULL };
  AxCalOptions day = {
    g_strcmp0 (self->columns, "rooms") == 0 ? AX_CAL_BY_ROOM : AX_CAL_BY_PROVIDER,
    (const char *const *) providers, (const char *const *) rooms, status_mask (self),
  };
  AxCalOptions week = day;

  week.mode = AX_CAL_BY_PROVIDER;
  if (week_provider != NULL && *week_provider != '\0')
    week.provider_ids = only;
  ax_view_set_options (AX_VIEW (self->day_view), &day);
  ax_view_set_options (AX_VIEW (self->week_view), &week);
}

static void
show_error (AxCalendarPage *self,
            const GError   *error)
{
  gtk_spinner_stop (self->spinner);
  adw_status_page_set_description (self->error_page, error->message);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

/* Providers, rooms, hours and closures of the days: small tables, read on
 * the main connection; the appointments come from a worker thread. */
static AxCalendarData *
load_resources (AxCalendarPage *self,
                GDateTime      *first_day,
                guint           n_days,
                GError        **error)
{
  AxDb *db = ax_store_get_db (ax_context_get_store (self->context));
  g_autoptr (AxCalendarData) data = ax_calendar_data_new (clinic_tz (self), first_day, n_days);
  g_autoptr (GPtrArray) providers = ax_schedule_list_providers (db, error);
  g_autoptr (GPtrArray) rooms = NULL;

  if (providers == NULL || (rooms = ax_schedule_list_rooms (db, error)) == NULL)
    return NULL;
  g_ptr_array_extend_and_steal (data->providers, g_steal_pointer (&providers));
  g_ptr_array_extend_and_steal (data->rooms, g_steal_pointer (&rooms));

  for (guint i = 0; i < data->providers->len; i++)
    {
      const AxResource *p = data->providers->pdata[i];
      g_autoptr (GArray) blocks = ax_schedule_working_blocks (db, p->id, error);

      if (blocks == NULL)
        return NULL;
      ax_calendar_data_set_hours (data, p->id, blocks);
    }
  for (guint d = 0; d < n_days; d++)
    {
      g_autoptr (GDateTime) day = g_date_time_add_days (first_day, (int) d);

      g_free (data->day_label[d]);
      /* Translators: a day of the week view's header, see g_date_time_format(): "Mon 10" */
      data->day_label[d] = g_date_time_format (day, _("%a %-d"));
      if (ax_schedule_is_closed (db, NULL, data->date[d]))
        ax_calendar_data_set_closed (data, NULL, d);
      for (guint i = 0; i < data->providers->len; i++)
        {
          const AxResource *p = data->providers->pdata[i];
          if (ax_schedule_is_closed (db, p->id, data->date[d]))
            ax_calendar_data_set_closed (data, p->id, d);
        }
    }
  return g_steal_pointer (&data);
}

/* Filters */

static void
clear_box (GtkWidget *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (box)) != NULL)
    gtk_box_remove (GTK_BOX (box), child);
}

/* A check of the filter popover writes the whole list back: empty when
 * everything is checked ("show all"), the checked ids otherwise. */
static void
filter_toggled_cb (GtkCheckButton *check,
                   AxCalendarPage *self)
{
  const char *key = g_object_get_data (G_OBJECT (check), "ax-key");
  GtkWidget *child;
  g_autoptr (GStrvBuilder) ids = g_strv_builder_new ();
  g_auto (GStrv) value = NULL;
  gboolean all = TRUE;

  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->filter_box)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!GTK_IS_CHECK_BUTTON (child) || g_strcmp0 (g_object_get_data (G_OBJECT (child), "ax-key"), key) != 0)
        continue;
      if (gtk_check_button_get_active (GTK_CHECK_BUTTON (child)))
        g_strv_builder_add (ids, g_object_get_data (G_OBJECT (child), "ax-id"));
      else
        all = FALSE;
    }
  value = all ? g_new0 (char *, 1) : g_strv_builder_end (ids);
  g_settings_set_strv (ax_context_get_settings (self->context), key, (const char *const *) value);
}

static void
add_filter_heading (AxCalendarPage *self,
                    const char     *title)
{
  GtkWidget *label = gtk_label_new (title);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (self->filter_box, label);
}

static void
add_filter_check (AxCalendarPage *self,
                  const char     *key,
                  const char     *id,
                  const char     *label,
                  const char     *icon_name,
                  GStrv           shown)
{
  GtkWidget *check = gtk_check_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  if (icon_name != NULL)
    {
      GtkWidget *icon = gtk_image_new_from_icon_name (icon_name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
      gtk_box_append (GTK_BOX (box), icon);
    }
  gtk_box_append (GTK_BOX (box), gtk_label_new (label));
  gtk_check_button_set_child (GTK_CHECK_BUTTON (check), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                               shown == NULL || g_strv_contains ((const char *const *) shown, id));
  g_object_set_data_full (G_OBJECT (check), "ax-id", g_strdup (id), g_free);
  g_object_set_data (G_OBJECT (check), "ax-key", (gpointer) key);
  g_signal_connect (check, "toggled", G_CALLBACK (filter_toggled_cb), self);
  gtk_box_append (self->filter_box, check);
}

static void
fill_filters (AxCalendarPage *self)
{
  g_auto (GStrv) providers = setting_filter (self, "calendar-providers");
  g_auto (GStrv) rooms = setting_filter (self, "calendar-rooms");
  g_auto (GStrv) statuses = setting_filter (self, "calendar-statuses");

  if (self->data == NULL)
    return;
  clear_box (GTK_WIDGET (self->filter_box));
  add_filter_heading (self, _("Providers"));
  for (guint i = 0; i < self->data->providers->len; i++)
    {
      const AxResource *p = self->data->providers->pdata[i];
      add_filter_check (self, "calendar-providers", p->id, p->name, NULL, providers);
    }
  add_filter_heading (self, _("Rooms"));
  for (guint i = 0; i < self->data->rooms->len; i++)
    {
      const AxResource *r = self->data->rooms->pdata[i];
      add_filter_check (self, "calendar-rooms", r->id, r->name, NULL, rooms);
    }
  add_filter_heading (self, _("Statuses"));
  for (int s = 0; s < AX_N_APPT_STATUSES; s++)
    add_filter_check (self, "calendar-statuses", ax_appointment_status_to_string (s),
                      ax_appointment_status_display_name (s), ax_appointment_status_icon_name (s),
                      statuses);
}

static void
fill_week_providers (AxCalendarPage *self)
{
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);
  g_autofree char *chosen = g_settings_get_string (ax_context_get_settings (self->context),
                                                   "calendar-week-provider");
  guint selected = 0;

  if (self->data == NULL)
    return;
  gtk_string_list_append (names, _("Providers in the filter"));
  for (guint i = 0; i < self->data->providers->len; i++)
    {
      const AxResource *p = self->data->providers->pdata[i];
      gtk_string_list_append (names, p->name);
      if (g_strcmp0 (p->id, chosen) == 0)
        selected = i + 1;
    }
  g_signal_handlers_block_matched (self->week_provider_dropdown, G_SIGNAL_MATCH_DATA, 0, 0, NULL,
                                   NULL, self);
  gtk_drop_down_set_model (self->week_provider_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->week_provider_dropdown, selected);
  g_signal_handlers_unblock_matched (self->week_provider_dropdown, G_SIGNAL_MATCH_DATA, 0, 0,
                                     NULL, NULL, self);
}

/* The legend */

static void
draw_swatch_cb (GtkDrawingArea *area,
                cairo_t        *cr,
                int             width,
                int             height,
                gpointer        user_data)
{
  AxCalColor color;

  ax_cal_status_color (GPOINTER_TO_INT (user_data),
                       adw_style_manager_get_dark (adw_style_manager_get_default ()), &color);
  cairo_set_source_rgba (cr, color.r, color.g, color.b, 1);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_fill (cr);
}

static void
add_legend_item (AxCalendarPage *self,
                 int             status,
                 const char     *icon_name,
                 const char     *css_class,
                 const char     *text)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *icon = gtk_image_new_from_icon_name (icon_name);
  GtkWidget *label = gtk_label_new (text);

  if (status >= 0)
    {
      GtkWidget *swatch = gtk_drawing_area_new ();

      gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (swatch), 4);
      gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (swatch), 14);
      gtk_widget_set_valign (swatch, GTK_ALIGN_CENTER);
      gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (swatch), draw_swatch_cb,
                                      GINT_TO_POINTER (status), NULL);
      g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                               G_CALLBACK (gtk_widget_queue_draw), swatch, G_CONNECT_SWAPPED);
      gtk_box_append (GTK_BOX (box), swatch);
    }
  if (css_class != NULL)
    gtk_widget_add_css_class (icon, css_class);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (self->legend_box, box);
}

static void
fill_legend (AxCalendarPage *self)
{
  for (int s = 0; s < AX_N_APPT_STATUSES; s++)
    add_legend_item (self, s, ax_appointment_status_icon_name (s), NULL,
                     ax_appointment_status_display_name (s));
  add_legend_item (self, -1, "dialog-warning-symbolic", "error", _("Allergy"));
  add_legend_item (self, -1, "list-add-symbolic", "warning", _("Overbooked"));
  add_legend_item (self, -1, "view-refresh-symbolic", "error", _("Needs rebooking"));
}

/* Loading */

typedef struct
{
  AxCalendarPage *self;
  AxCalendarData *data;
  AxView         *view;
  guint           serial;
} Load;

static void
load_free (Load *load)
{
  g_object_unref (load->self);
  ax_calendar_data_unref (load->data);
  g_free (load);
}

static void
update_details (AxCalendarPage *self)
{
  AxAppointment *appt = ax_view_get_selected (ax_calendar_page_get_view (self));
  AxDb *db = ax_store_get_db (ax_context_get_store (self->context));
  g_autoptr (GPtrArray) history = NULL;
  g_autoptr (GPtrArray) allergies = NULL;
  const AxResource *provider, *room;
  AxCalendarData *data = ax_view_get_data (ax_calendar_page_get_view (self));

  if (appt == NULL || data == NULL)
    {
      ax_appointment_details_clear (self->details);
      return;
    }
  history = ax_appointments_history (db, appt->id, NULL);
  if (appt->patient_has_allergy && appt->patient_id != NULL)
    allergies = ax_calendar_patient_allergies (db, appt->patient_id, NULL);
  provider = ax_calendar_data_find_provider (data, appt->provider_id);
  room = ax_calendar_data_find_room (data, appt->room_id);
  ax_appointment_details_show (self->details, appt, provider ? provider->name : NULL,
                               room ? room->name : NULL, history, allergies, clinic_tz (self));
}

static void
query_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Load *load = user_data;
  AxCalendarPage *self = load->self;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) appointments = ax_appointments_query_finish (AX_STORE (source), result,
                                                                     &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || load->serial != self->load_serial)
    {
      load_free (load);
      return;
    }
  g_clear_object (&self->cancellable);
  if (appointments == NULL)
    {
      show_error (self, error);
      load_free (load);
      return;
    }

  g_ptr_array_extend_and_steal (load->data->appointments, g_steal_pointer (&appointments));
  g_clear_pointer (&self->data, ax_calendar_data_unref);
  self->data = ax_calendar_data_ref (load->data);
  ax_view_set_now (load->view, ax_store_now_ms (ax_context_get_store (self->context)));
  ax_view_set_data (load->view, load->data);
  if (self->select_after_load != NULL)
    {
      ax_view_select (load->view, self->select_after_load);
      g_clear_pointer (&self->select_after_load, g_free);
    }
  fill_filters (self);
  fill_week_providers (self);
  gtk_spinner_stop (self->spinner);
  gtk_stack_set_visible_child_name (self->stack, "content");
  self->loaded = TRUE;
  update_details (self);
  ax_calendar_page_update_actions (self);
  load_free (load);
}

/* Callbacks */

static void
selection_changed_cb (AxCalendarPage *self,
                      AxView         *view)
{
  if (view != ax_calendar_page_get_view (self))
    return;
  update_details (self);
  ax_calendar_page_update_actions (self);
}

static void
activated_cb (AxCalendarPage *self,
              AxAppointment  *appt,
              AxView         *view)
{
  adw_flap_set_reveal_flap (self->flap, TRUE);
}

static void
create_requested_cb (AxCalendarPage *self,
                     guint           day,
                     guint           column,
                     gint64          start_ms,
                     gint64          end_ms,
                     AxView         *view)
{
  ax_calendar_page_open_booking (self, day, column, start_ms, end_ms);
}

static void
move_requested_cb (AxCalendarPage *self,
                   AxAppointment  *appt,
                   gint64          start_ms,
                   gint64          end_ms,
                   const char     *provider_id,
                   const char     *room_id,
                   AxView         *view)
{
  ax_calendar_page_move_requested (self, appt, start_ms, end_ms, provider_id, room_id);
}

static void
notes_changed_cb (AxCalendarPage       *self,
                  const char           *notes,
                  AxAppointmentDetails *details)
{
  ax_calendar_page_notes_changed (self, notes);
}

static void
date_chosen_cb (AxCalendarPage *self,
                GtkCalendar    *calendar)
{
  g_autoptr (GDateTime) chosen = gtk_calendar_get_date (calendar);

  g_clear_pointer (&self->date, g_date_time_unref);
  self->date = g_date_time_new (clinic_tz (self), g_date_time_get_year (chosen),
                                g_date_time_get_month (chosen),
                                g_date_time_get_day_of_month (chosen), 12, 0, 0);
  gtk_menu_button_popdown (self->date_button);
  ax_calendar_page_reload (self);
}

/* When the window is wide the details sit beside the grid; when it folds
 * they open over it on demand. */
static void
flap_folded_cb (AxCalendarPage *self)
{
  adw_flap_set_reveal_flap (self->flap, !adw_flap_get_folded (self->flap));
}

static void
setting_changed_cb (AxCalendarPage *self,
                    const char     *key,
                    GSettings      *settings)
{
  if (!g_str_has_prefix (key, "calendar-") || g_str_equal (key, "calendar-view")
      || g_str_equal (key, "calendar-columns") || g_str_equal (key, "calendar-snap-minutes"))
    return;
  apply_options (self);
  if (self->data != NULL)
    ax_view_set_data (ax_calendar_page_get_view (self), self->data);
  update_details (self);
  ax_calendar_page_update_actions (self);
}

static void
week_provider_cb (AxCalendarPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->week_provider_dropdown);
  const char *id = "";

  if (self->data != NULL && selected != GTK_INVALID_LIST_POSITION && selected > 0
      && selected - 1 < self->data->providers->len)
    id = ((AxResource *) self->data->providers->pdata[selected - 1])->id;
  g_settings_set_string (ax_context_get_settings (self->context), "calendar-week-provider", id);
}

static void
store_changed_cb (AxCalendarPage *self,
                  const char     *mutator,
                  AxStore        *store)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    ax_calendar_page_reload (self);
}

static gboolean
now_cb (gpointer user_data)
{
  AxCalendarPage *self = user_data;
  gint64 now = ax_store_now_ms (ax_context_get_store (self->context));

  ax_view_set_now (AX_VIEW (self->day_view), now);
  ax_view_set_now (AX_VIEW (self->week_view), now);
  return G_SOURCE_CONTINUE;
}

/* Overrides */

static void
ax_calendar_page_map (GtkWidget *widget)
{
  AxCalendarPage *self = AX_CALENDAR_PAGE (widget);

  GTK_WIDGET_CLASS (ax_calendar_page_parent_class)->map (widget);
  ax_calendar_page_reload (self);
  if (self->now_id == 0)
    self->now_id = g_timeout_add_seconds (NOW_SECONDS, now_cb, self);
}

static void
ax_calendar_page_unmap (GtkWidget *widget)
{
  AxCalendarPage *self = AX_CALENDAR_PAGE (widget);

  g_clear_handle_id (&self->now_id, g_source_remove);
  GTK_WIDGET_CLASS (ax_calendar_page_parent_class)->unmap (widget);
}

static void
ax_calendar_page_constructed (GObject *object)
{
  AxCalendarPage *self = AX_CALENDAR_PAGE (object);
  GSettings *settings = ax_context_get_settings (self->context);
  gboolean can_book = ax_context_can (self->context, AX_PERM_CALENDAR_BOOK);

  G_OBJECT_CLASS (ax_calendar_page_parent_class)->constructed (object);

  self->date = noon_of (self, ax_store_now_ms (ax_context_get_store (self->context)));
  g_settings_bind (settings, "calendar-view", self, "view", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "calendar-columns", self, "columns", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "calendar-snap-minutes", self, "snap-minutes",
                   G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (settings, "changed", G_CALLBACK (setting_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (ax_context_get_store (self->context), "changed",
                           G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_swapped (self->week_provider_dropdown, "notify::selected",
                            G_CALLBACK (week_provider_cb), self);
  ax_view_set_editable (AX_VIEW (self->day_view), can_book);
  ax_view_set_editable (AX_VIEW (self->week_view), can_book);
  apply_options (self);
  fill_legend (self);
  update_date_label (self);
  ax_calendar_page_update_actions (self);
}

static void
ax_calendar_page_dispose (GObject *object)
{
  AxCalendarPage *self = AX_CALENDAR_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->now_id, g_source_remove);
  if (self->booking != NULL)
    g_clear_pointer (&self->booking, gtk_widget_unparent);
  gtk_widget_dispose_template (GTK_WIDGET (self), AX_TYPE_CALENDAR_PAGE);
  g_clear_pointer (&self->data, ax_calendar_data_unref);
  g_clear_pointer (&self->date, g_date_time_unref);
  g_clear_pointer (&self->undo, g_array_unref);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (ax_calendar_page_parent_class)->dispose (object);
}

static void
ax_calendar_page_finalize (GObject *object)
{
  AxCalendarPage *self = AX_CALENDAR_PAGE (object);

  g_free (self->view_name);
  g_free (self->columns);
  g_free (self->select_after_load);

  G_OBJECT_CLASS (ax_calendar_page_parent_class)->finalize (object);
}

static void
set_view_name (AxCalendarPage *self,
               const char     *name)
{
  if (g_strcmp0 (name, "week") != 0)
    name = "day";
  if (g_strcmp0 (self->view_name, name) == 0)
    return;
  g_free (self->view_name);
  self->view_name = g_strdup (name);
  gtk_stack_set_visible_child_name (self->view_stack, name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
  if (self->context != NULL && self->date != NULL)
    {
      update_date_label (self);
      if (gtk_widget_get_mapped (GTK_WIDGET (self)))
        ax_calendar_page_reload (self);
    }
}

static void
set_columns (AxCalendarPage *self,
             const char     *columns)
{
  if (g_strcmp0 (columns, "rooms") != 0)
    columns = "providers";
  if (g_strcmp0 (self->columns, columns) == 0)
    return;
  g_free (self->columns);
  self->columns = g_strdup (columns);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLUMNS]);
  if (self->context != NULL)
    {
      apply_options (self);
      if (self->data != NULL && !is_week (self))
        ax_view_set_data (AX_VIEW (self->day_view), self->data);
    }
}

static void
set_snap_minutes (AxCalendarPage *self,
                  int             minutes)
{
  /* 5, 10 or 15. */
  minutes = minutes <= 7 ? 5 : minutes <= 12 ? 10 : 15;
  if (self->snap_minutes == minutes)
    return;
  self->snap_minutes = minutes;
  ax_view_set_snap_minutes (AX_VIEW (self->day_view), minutes);
  ax_view_set_snap_minutes (AX_VIEW (self->week_view), minutes);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SNAP_MINUTES]);
}

static void
ax_calendar_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  AxCalendarPage *self = AX_CALENDAR_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_VIEW:
      g_value_set_string (value, self->view_name);
      break;
    case PROP_COLUMNS:
      g_value_set_string (value, self->columns);
      break;
    case PROP_SNAP_MINUTES:
      g_value_set_int (value, self->snap_minutes);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ax_calendar_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  AxCalendarPage *self = AX_CALENDAR_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    case PROP_VIEW:
      set_view_name (self, g_value_get_string (value));
      break;
    case PROP_COLUMNS:
      set_columns (self, g_value_get_string (value));
      break;
    case PROP_SNAP_MINUTES:
      set_snap_minutes (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Coming to the page from the keyboard (Alt+2) lands in the view, where
 * n, t, the arrows and Delete work at once. */
static gboolean
ax_calendar_page_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (ax_calendar_page_get_view (AX_CALENDAR_PAGE (widget))));
}

static void
ax_calendar_page_class_init (AxCalendarPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ax_calendar_page_constructed;
  object_class->dispose = ax_calendar_page_dispose;
  object_class->finalize = ax_calendar_page_finalize;
  object_class->get_property = ax_calendar_page_get_property;
  object_class->set_property = ax_calendar_page_set_property;
  widget_class->map = ax_calendar_page_map;
  widget_class->grab_focus = ax_calendar_page_grab_focus;
  widget_class->unmap = ax_calendar_page_unmap;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, AX_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VIEW] =
    g_param_spec_string ("view", NULL, NULL, "day",
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_COLUMNS] =
    g_param_spec_string ("columns", NULL, NULL, "providers",
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SNAP_MINUTES] =
    g_param_spec_int ("snap-minutes", NULL, NULL, 5, 15, 15,
                      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  ax_calendar_page_install_actions (widget_class);

  g_type_ensure (AX_TYPE_DAY_VIEW);
  g_type_ensure (AX_TYPE_WEEK_VIEW);
  g_type_ensure (AX_TYPE_APPOINTMENT_DETAILS);
  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/aesthetix/Aesthetix/calendar/ax-calendar-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AxCalendarPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, AxCalendarPage, date_button);
  gtk_widget_class_bind_template_child (widget_class, AxCalendarPage, date_label);
  gtk_widget_class_bind_template_child (widget_class, AxCalendarPage, date_calendar);
  gtk_widget_class_bind_template_child (widget_class, AxCalendarPage, week_provider_dropdown);
  gtk_widget_class_bind_template_child (widget_class, AxCalendarPage, filter_button);
  gtk_widget_class_bind_template_child (widget_class, AxCalendarPage, filter_box);
  gtk_widget_class_bind_template_child (widget_class, AxCalendarPage, stack);
  gtk_widget_class_bind_template_child (widget_class, AxCalendarPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, AxCalendarPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, AxCalendarPage, flap);
  gtk_widget_class_bind_template_child (widget_class, AxCalendarPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, AxCalendarPage, day_view);
  gtk_widget_class_bind_template_child (widget_class, AxCalendarPage, week_view);
  gtk_widget_class_bind_template_child (widget_class, AxCalendarPage, details);
  gtk_widget_class_bind_template_child (widget_class, AxCalendarPage, legend_box);
  gtk_widget_class_bind_template_callback (widget_class, selection_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, create_requested_cb);
  gtk_widget_class_bind_template_callback (widget_class, move_requested_cb);
  gtk_widget_class_bind_template_callback (widget_class, activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, notes_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, date_chosen_cb);
  gtk_widget_class_bind_template_callback (widget_class, flap_folded_cb);
  gtk_widget_class_set_css_name (widget_class, "calendarpage");
}

static void
ax_calendar_page_init (AxCalendarPage *self)
{
  self->snap_minutes = 15;
  self->view_name = g_strdup ("day");
  self->columns = g_strdup ("providers");
  self->undo = g_array_new (FALSE, FALSE, sizeof (gint64));
  gtk_widget_init_template (GTK_WIDGET (self));
  ax_calendar_page_add_shortcuts (self);
}

/* Public API */

GtkWidget *
ax_calendar_page_new (AxContext *context)
{
  g_return_val_if_fail (AX_IS_CONTEXT (context), NULL);

  return g_object_new (AX_TYPE_CALENDAR_PAGE, "context", context, NULL);
}

void
ax_calendar_page_reload (AxCalendarPage *self)
{
  AxView *view;
  g_autoptr (GDateTime) first = NULL;
  g_autoptr (GError) error = NULL;
  AxCalendarData *data;
  Load *load;
  guint n_days;

  g_return_if_fail (AX_IS_CALENDAR_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (ax_store_get_clinic (ax_context_get_store (self->context)) == NULL)
    return;

  view = ax_calendar_page_get_view (self);
  n_days = ax_view_get_n_days (view);
  first = ax_view_get_first_day (view, self->date);
  update_date_label (self);
  data = load_resources (self, first, n_days, &error);
  if (data == NULL)
    {
      show_error (self, error);
      return;
    }
  if (!self->loaded)
    {
      gtk_spinner_start (self->spinner);
      gtk_stack_set_visible_child_name (self->stack, "loading");
    }

  self->cancellable = g_cancellable_new ();
  load = g_new0 (Load, 1);
  load->self = g_object_ref (self);
  load->data = data;
  load->view = view;
  load->serial = ++self->load_serial;
  ax_appointments_query_async (ax_context_get_store (self->context), data->day_start_ms[0],
                               data->day_start_ms[n_days], NULL, self->cancellable,
                               query_done_cb, load);
}

/* Shows the day of date (the week holding it), days after it when days is
 * not 0; NULL date: today. */
void
ax_calendar_page_go (AxCalendarPage *self,
                     GDateTime      *date,
                     int             days)
{
  g_autoptr (GDateTime) base = date ? g_date_time_ref (date)
                                    : noon_of (self, ax_store_now_ms (ax_context_get_store (self->context)));

  g_clear_pointer (&self->date, g_date_time_unref);
  self->date = g_date_time_add_days (base, days);
  ax_calendar_page_reload (self);
}

/* Shows the day of appointment id and selects it once that day is loaded;
 * FALSE when there is no such appointment. */
gboolean
ax_calendar_page_show_appointment (AxCalendarPage *self,
                                   const char     *id)
{
  g_autoptr (AxAppointment) appt = NULL;
  g_autoptr (GDateTime) day = NULL;

  g_return_val_if_fail (AX_IS_CALENDAR_PAGE (self), FALSE);

  /* One row by its key on the desk's connection. */
  appt = ax_appointments_get (ax_store_get_db (ax_context_get_store (self->context)), id, NULL);
  if (appt == NULL)
    return FALSE;
  g_free (self->select_after_load);
  self->select_after_load = g_strdup (appt->id);
  day = noon_of (self, appt->start_ms);
  ax_calendar_page_go (self, day, 0);
  return TRUE;
}

void
ax_calendar_page_toast (AxCalendarPage *self,
                        const char     *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 5);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}
