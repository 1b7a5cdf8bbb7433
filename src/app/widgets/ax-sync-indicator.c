/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

#include "ax-sync-indicator.h"

#include <glib/gi18n.h>

#include "ax-sync-store.h"

/* Between the icon and the line. */
#define SPACING 6
/* A long line (an error's reason) may be shortened with "…" down to this
 * many characters; below that only the icon is shown. */
#define MIN_LINE_CHARS 18

struct _AxSyncIndicator
{
  GtkWidget     parent_instance;

  GtkSpinner   *spinner;
  GtkImage     *icon;
  GtkLabel     *label;

  AxContext    *context;
  AxSyncEngine *engine;     /* the context's, followed */
  gulong        engine_id;
};

G_DEFINE_FINAL_TYPE (AxSyncIndicator, ax_sync_indicator, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* "14:05" today, "9 Mar 14:05" on another day, in the clinic's time zone. */
static char *
format_time (gint64     ms,
             GTimeZone *tz,
             gint64     now_ms)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (ms / 1000);
  g_autoptr (GDateTime) at = g_date_time_to_timezone (utc, tz);
  g_autoptr (GDateTime) now_utc = g_date_time_new_from_unix_utc (now_ms / 1000);
  g_autoptr (GDateTime) now = g_date_time_to_timezone (now_utc, tz);

  if (g_date_time_get_year (at) == g_date_time_get_year (now)
      && g_date_time_get_day_of_year (at) == g_date_time_get_day_of_year (now))
    return g_date_time_format (at, "%H:%M");
  /* Translators: a time on another day, e.g. "9 Mar 14:05" (strftime format) */
  return g_date_time_format (at, _("%-d %b %H:%M"));
}

static char *
waiting_text (guint pending)
{
  return g_strdup_printf (ngettext ("%u change waiting", "%u changes waiting", pending),
                          pending);
}

/* The queue stops at a change of someone with no sign-in here. */
static char *
waiting_for_text (AxSyncEngine *engine)
{
  const char *user_id = ax_sync_engine_get_waiting_for (engine);
  g_autofree char *name = NULL;

  if (user_id == NULL)
    return NULL;
  name = ax_store_sync_user_name (ax_sync_engine_get_store (engine), user_id);
  /* Translators: the header's sync line (short), e.g. "Waiting for Dr. Lee to sign in" */
  return g_strdup_printf (_("Waiting for %s to sign in"), name ? name : _("another user"));
}

static char *
describe_engine (AxSyncEngine *engine,
                 GTimeZone    *tz,
                 gint64        now_ms,
                 const char  **icon_name,
                 char        **tooltip)
{
  guint pending;
  const char *error;

  if (engine == NULL)
    {
      *icon_name = "computer-symbolic";
      *tooltip = g_strdup (_("This desk is not paired with a clinic server"));
      return g_strdup (_("Standalone"));
    }

  pending = ax_sync_engine_get_pending (engine);
  error = ax_sync_engine_get_last_error (engine);
  switch (ax_sync_engine_get_state (engine))
    {
    case AX_SYNC_STATE_SYNCING:
      *icon_name = "emblem-synchronizing-symbolic";
      *tooltip = pending > 0 ? waiting_text (pending)
                             : g_strdup (_("Sending and receiving changes"));
      return g_strdup (_("Syncing…"));

    case AX_SYNC_STATE_OFFLINE:
      {
        g_autofree char *since = format_time (ax_sync_engine_get_offline_since (engine), tz, now_ms);
        g_autofree char *line = NULL;

        *icon_name = "network-offline-symbolic";
        /* Translators: the header's sync line, e.g. "Offline since 14:05" */
        line = g_strdup_printf (_("Offline since %s"), since);
        *tooltip = g_strdup_printf ("%s\n%s", error ? error : _("The clinic server cannot be reached"),
                                    _("This desk keeps working; its changes are sent when the server is back."));
        if (pending > 0)
          {
            g_autofree char *waiting = waiting_text (pending);

            return g_strdup_printf ("%s · %s", line, waiting);
          }
        return g_steal_pointer (&line);
      }

    case AX_SYNC_STATE_ERROR:
      *icon_name = "dialog-warning-symbolic";
      *tooltip = g_strdup (error ? error : _("Sync failed"));
      /* Translators: the header's sync line, e.g. "Sync error: Log in to the clinic server first" */
      return g_strdup_printf (_("Sync error: %s"), error ? error : _("unknown"));

    case AX_SYNC_STATE_UPDATE_NEEDED:
      *icon_name = "software-update-urgent-symbolic";
      *tooltip = g_strdup_printf ("%s\n%s", error ? error : _("The clinic server needs a newer Aesthetix"),
                                  _("This desk keeps working offline until it is updated."));
      return g_strdup (_("Update needed"));

    case AX_SYNC_STATE_IDLE:
    default:
      if (ax_sync_engine_get_waiting_for (engine) != NULL)
        {
          g_autofree char *count = waiting_text (pending);

          char *line = waiting_for_text (engine);

          *icon_name = "system-users-symbolic";
          /* Translators: the sync tooltip: the header's line, then why */
          *tooltip = g_strdup_printf (_("%s to sync\n%s\nTheir changes are sent, in order, once they "
                                        "log in on this desk; changes from the server still arrive."),
                                      line, count);
          return line;
        }
      if (pending > 0)
        {
          *icon_name = "document-send-symbolic";
          *tooltip = g_strdup (_("Changes made on this desk that the clinic server has not confirmed yet"));
          return waiting_text (pending);
        }
      if (ax_sync_engine_get_last_sync (engine) == 0)
        {
          *icon_name = "emblem-synchronizing-symbolic";
          *tooltip = g_strdup (_("This desk has not synced with the clinic server yet"));
          return g_strdup (_("Not yet synced"));
        }
      {
        g_autofree char *at = format_time (ax_sync_engine_get_last_sync (engine), tz, now_ms);

        *icon_name = "emblem-ok-symbolic";
        /* Translators: tooltip, e.g. "Last synced at 14:05" */
        *tooltip = g_strdup_printf (_("Last synced at %s"), at);
        return g_strdup (_("Synced"));
      }
    }
}

/* The engine's state, then the photos its blob worker has not sent yet:
 * in the tooltip, and as the line when nothing else is to be said. */
char *
ax_sync_indicator_describe (AxSyncEngine *engine,
                            GTimeZone    *tz,
                            gint64        now_ms,
                            const char  **icon_name,
                            char        **tooltip)
{
  char *line = describe_engine (engine, tz, now_ms, icon_name, tooltip);
  guint photos = engine != NULL ? ax_sync_engine_get_blobs_pending (engine) : 0;
  g_autofree char *waiting = NULL;
  char *with;

  if (photos == 0)
    return line;
  waiting = g_strdup_printf (ngettext ("%u photo waiting to upload", "%u photos waiting to upload",
                                       photos), photos);
  with = g_strdup_printf ("%s\n%s", *tooltip, waiting);
  g_free (*tooltip);
  *tooltip = with;
  if (ax_sync_engine_get_state (engine) == AX_SYNC_STATE_IDLE && ax_sync_engine_get_pending (engine) == 0
      && ax_sync_engine_get_last_sync (engine) != 0)
    {
      g_free (line);
      *icon_name = "document-send-symbolic";
      return g_steal_pointer (&waiting);
    }
  return line;
}

static void
update (AxSyncIndicator *self)
{
  AxStore *store = self->context ? ax_context_get_store (self->context) : NULL;
  g_autoptr (GTimeZone) utc = NULL;
  GTimeZone *tz = store ? ax_store_get_timezone (store) : NULL;
  const char *icon_name = NULL;
  g_autofree char *tooltip = NULL;
  g_autofree char *text = NULL;
  g_autofree char *markup = NULL;
  g_autofree char *description = NULL;
  gboolean syncing = self->engine != NULL
                     && ax_sync_engine_get_state (self->engine) == AX_SYNC_STATE_SYNCING;
  AxSyncState state = self->engine ? ax_sync_engine_get_state (self->engine) : AX_SYNC_STATE_IDLE;

  if (tz == NULL)
    tz = utc = g_time_zone_new_utc ();
  text = ax_sync_indicator_describe (self->engine, tz, g_get_real_time () / 1000, &icon_name, &tooltip);
  gtk_label_set_label (self->label, text);
  gtk_image_set_from_icon_name (self->icon, icon_name);
  gtk_widget_set_visible (GTK_WIDGET (self->icon), !syncing);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), syncing);
  gtk_spinner_set_spinning (self->spinner, syncing);
  /* The line heads the tooltip: in a narrow window the icon is all there is. */
  markup = g_markup_printf_escaped ("<b>%s</b>\n%s", text, tooltip);
  gtk_widget_set_tooltip_markup (GTK_WIDGET (self), markup);
  description = g_strdup_printf ("%s. %s", text, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);

  if (self->engine != NULL && (state == AX_SYNC_STATE_ERROR || state == AX_SYNC_STATE_UPDATE_NEEDED))
    gtk_widget_add_css_class (GTK_WIDGET (self), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "error");
  if (self->engine != NULL && state == AX_SYNC_STATE_OFFLINE)
    gtk_widget_add_css_class (GTK_WIDGET (self), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "warning");
  if (self->engine == NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self), "dim-label");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "dim-label");
}

static void
engine_notify_cb (AxSyncIndicator *self)
{
  update (self);
}

static void
follow_engine (AxSyncIndicator *self)
{
  AxSyncEngine *engine = self->context ? ax_context_get_sync_engine (self->context) : NULL;

  if (self->engine != NULL)
    g_clear_signal_handler (&self->engine_id, self->engine);
  g_set_object (&self->engine, engine);
  /* Every property of the engine says something the line shows. */
  if (engine != NULL)
    self->engine_id = g_signal_connect_object (engine, "notify", G_CALLBACK (engine_notify_cb),
                                               self, G_CONNECT_SWAPPED);
  update (self);
}

/* Layout: the icon (or the spinner), then the line when it fits (a long
 * one shortened, but to no fewer than MIN_LINE_CHARS characters);
 * narrower, the icon alone (the line is in the tooltip and the accessible
 * description). The minimum width is the icon's, so a narrow header shrinks
 * the indicator instead of ellipsizing its line to "…". */

/* The narrowest the line may be shown: all of a short one. */
static int
shortest_line (AxSyncIndicator *self,
               int              natural)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self->label));
  PangoFontMetrics *metrics = pango_context_get_metrics (context, NULL, NULL);
  int chars = pango_font_metrics_get_approximate_char_width (metrics) * MIN_LINE_CHARS / PANGO_SCALE;

  pango_font_metrics_unref (metrics);
  return MIN (natural, chars);
}

static GtkWidget *
lead_of (AxSyncIndicator *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self->spinner)) ? GTK_WIDGET (self->spinner)
                                                              : GTK_WIDGET (self->icon);
}

static void
ax_sync_indicator_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  AxSyncIndicator *self = AX_SYNC_INDICATOR (widget);
  int lead_min, lead_nat, label_min, label_nat;

  gtk_widget_measure (lead_of (self), orientation, -1, &lead_min, &lead_nat, NULL, NULL);
  gtk_widget_measure (GTK_WIDGET (self->label), orientation, -1, &label_min, &label_nat, NULL, NULL);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = lead_min;
      *natural = lead_nat + SPACING + label_nat;
    }
  else
    {
      *minimum = MAX (lead_min, label_min);
      *natural = MAX (lead_nat, label_nat);
    }
}

static void
allocate_centred (GtkWidget *child,
                  int        x,
                  int        width,
                  int        height)
{
  int child_height;

  gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, width, NULL, &child_height, NULL, NULL);
  child_height = MIN (child_height, height);
  gtk_widget_size_allocate (child, &(GtkAllocation) { x, (height - child_height) / 2, width, child_height },
                            -1);
}

static void
ax_sync_indicator_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  AxSyncIndicator *self = AX_SYNC_INDICATOR (widget);
  GtkWidget *lead = lead_of (self);
  GtkWidget *other = lead == GTK_WIDGET (self->icon) ? GTK_WIDGET (self->spinner) : GTK_WIDGET (self->icon);
  int lead_w, label_w;
  gboolean fits;

  gtk_widget_measure (lead, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &lead_w, NULL, NULL);
  gtk_widget_measure (GTK_WIDGET (self->label), GTK_ORIENTATION_HORIZONTAL, -1, NULL, &label_w, NULL, NULL);
  lead_w = MIN (lead_w, width);
  fits = width >= lead_w + SPACING + shortest_line (self, label_w);
  /* The icon alone: centred in what there is. */
  allocate_centred (lead, fits ? 0 : (width - lead_w) / 2, lead_w, height);
  if (gtk_widget_get_visible (other))
    allocate_centred (other, 0, 0, height);
  gtk_widget_set_child_visible (GTK_WIDGET (self->label), fits);
  if (fits)
    allocate_centred (GTK_WIDGET (self->label), lead_w + SPACING, width - lead_w - SPACING, height);
}

/* GObject */

static void
ax_sync_indicator_dispose (GObject *object)
{
  AxSyncIndicator *self = AX_SYNC_INDICATOR (object);

  if (self->engine != NULL)
    g_clear_signal_handler (&self->engine_id, self->engine);
  g_clear_object (&self->engine);
  g_clear_object (&self->context);
  gtk_widget_dispose_template (GTK_WIDGET (self), AX_TYPE_SYNC_INDICATOR);
  G_OBJECT_CLASS (ax_sync_indicator_parent_class)->dispose (object);
}

static void
ax_sync_indicator_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  AxSyncIndicator *self = AX_SYNC_INDICATOR (object);

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
ax_sync_indicator_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  AxSyncIndicator *self = AX_SYNC_INDICATOR (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_set_object (&self->context, g_value_get_object (value));
      if (self->context != NULL)
        g_signal_connect_object (self->context, "notify::sync-engine", G_CALLBACK (follow_engine),
                                 self, G_CONNECT_SWAPPED);
      follow_engine (self);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ax_sync_indicator_class_init (AxSyncIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ax_sync_indicator_dispose;
  object_class->get_property = ax_sync_indicator_get_property;
  object_class->set_property = ax_sync_indicator_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, AX_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/aesthetix/Aesthetix/widgets/ax-sync-indicator.ui");
  gtk_widget_class_bind_template_child (widget_class, AxSyncIndicator, spinner);
  gtk_widget_class_bind_template_child (widget_class, AxSyncIndicator, icon);
  gtk_widget_class_bind_template_child (widget_class, AxSyncIndicator, label);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_STATUS);
  widget_class->measure = ax_sync_indicator_measure;
  widget_class->size_allocate = ax_sync_indicator_size_allocate;
}

static void
ax_sync_indicator_init (AxSyncIndicator *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update (self);
}

GtkWidget *
ax_sync_indicator_new (AxContext *context)
{
  return g_object_new (AX_TYPE_SYNC_INDICATOR, "context", context, NULL);
}

const char *
ax_sync_indicator_get_text (AxSyncIndicator *self)
{
  g_return_val_if_fail (AX_IS_SYNC_INDICATOR (self), NULL);
  return gtk_label_get_label (self->label);
}

gboolean
ax_sync_indicator_is_compact (AxSyncIndicator *self)
{
  g_return_val_if_fail (AX_IS_SYNC_INDICATOR (self), FALSE);
  return !gtk_widget_get_child_visible (GTK_WIDGET (self->label));
}
