/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

#include "ax-calendar-view-private.h"

static void
select_step_action_cb (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  ax_calendar_canvas_select_step (ax_view_get_canvas (AX_VIEW (widget)),
                                  g_str_equal (action_name, "view.select-next") ? 1 : -1);
}

void
ax_calendar_view_class_setup (GtkWidgetClass *widget_class)
{
  GObjectClass *object_class = G_OBJECT_CLASS (widget_class);
  static const struct
  {
    guint       key;
    const char *action;
  } keys[] = {
    { GDK_KEY_Up, "view.select-previous" },
    { GDK_KEY_Down, "view.select-next" },
    { GDK_KEY_Left, "calendar.previous" },
    { GDK_KEY_Right, "calendar.next" },
    { GDK_KEY_t, "calendar.today" },
    { GDK_KEY_n, "calendar.new" },
    { GDK_KEY_Delete, "calendar.cancel-appointment" },
    { GDK_KEY_KP_Delete, "calendar.cancel-appointment" },
  };

  g_object_class_override_property (object_class, AX_VIEW_PROP_HADJUSTMENT, "hadjustment");
  g_object_class_override_property (object_class, AX_VIEW_PROP_VADJUSTMENT, "vadjustment");
  g_object_class_override_property (object_class, AX_VIEW_PROP_HSCROLL_POLICY, "hscroll-policy");
  g_object_class_override_property (object_class, AX_VIEW_PROP_VSCROLL_POLICY, "vscroll-policy");

  gtk_widget_class_install_action (widget_class, "view.select-previous", NULL,
                                   select_step_action_cb);
  gtk_widget_class_install_action (widget_class, "view.select-next", NULL,
                                   select_step_action_cb);
  for (gsize i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_widget_class_add_binding_action (widget_class, keys[i].key, 0, keys[i].action, NULL);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

void
ax_calendar_view_get_property (AxCalendarCanvas *canvas,
                               const guint      *scroll_policy,
                               guint             prop_id,
                               GValue           *value,
                               GParamSpec       *pspec)
{
  switch (prop_id)
    {
    case AX_VIEW_PROP_HADJUSTMENT:
      g_value_set_object (value, ax_calendar_canvas_get_adjustment (canvas,
                                                                    GTK_ORIENTATION_HORIZONTAL));
      break;
    case AX_VIEW_PROP_VADJUSTMENT:
      g_value_set_object (value, ax_calendar_canvas_get_adjustment (canvas,
                                                                    GTK_ORIENTATION_VERTICAL));
      break;
    case AX_VIEW_PROP_HSCROLL_POLICY:
      g_value_set_enum (value, scroll_policy[GTK_ORIENTATION_HORIZONTAL]);
      break;
    case AX_VIEW_PROP_VSCROLL_POLICY:
      g_value_set_enum (value, scroll_policy[GTK_ORIENTATION_VERTICAL]);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (NULL, prop_id, pspec);
    }
}

void
ax_calendar_view_set_property (GObject          *object,
                               AxCalendarCanvas *canvas,
                               guint            *scroll_policy,
                               guint             prop_id,
                               const GValue     *value,
                               GParamSpec       *pspec)
{
  switch (prop_id)
    {
    case AX_VIEW_PROP_HADJUSTMENT:
      ax_calendar_canvas_set_adjustment (canvas, GTK_ORIENTATION_HORIZONTAL,
                                         g_value_get_object (value));
      break;
    case AX_VIEW_PROP_VADJUSTMENT:
      ax_calendar_canvas_set_adjustment (canvas, GTK_ORIENTATION_VERTICAL,
                                         g_value_get_object (value));
      break;
    case AX_VIEW_PROP_HSCROLL_POLICY:
      scroll_policy[GTK_ORIENTATION_HORIZONTAL] = g_value_get_enum (value);
      gtk_widget_queue_resize (GTK_WIDGET (object));
      break;
    case AX_VIEW_PROP_VSCROLL_POLICY:
      scroll_policy[GTK_ORIENTATION_VERTICAL] = g_value_get_enum (value);
      gtk_widget_queue_resize (GTK_WIDGET (object));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* One stop in the focus chain: the grid itself (its appointments are
 * reached with the arrow keys). */
gboolean
ax_calendar_view_focus (GtkWidget        *widget,
                        GtkDirectionType  direction)
{
  if (gtk_widget_has_focus (widget))
    return FALSE;
  return gtk_widget_grab_focus (widget);
}

void
ax_calendar_view_present_popovers (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_POPOVER (child))
      gtk_popover_present (GTK_POPOVER (child));
}

void
ax_calendar_view_unparent_children (GtkWidget *widget)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (widget)) != NULL)
    gtk_widget_unparent (child);
}
