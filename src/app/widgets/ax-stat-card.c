/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

#include "ax-stat-card.h"

#include <glib/gi18n.h>

struct _AxStatCard
{
  GtkWidget    parent_instance;

  GtkLabel    *title_label;
  GtkLabel    *value_label;
  GtkLabel    *change_label;

  AxStatTrend  trend;
  char        *change;
};

G_DEFINE_FINAL_TYPE (AxStatCard, ax_stat_card, GTK_TYPE_WIDGET)

G_DEFINE_ENUM_TYPE (AxStatTrend, ax_stat_trend,
                    G_DEFINE_ENUM_VALUE (AX_STAT_TREND_NONE, "none"),
                    G_DEFINE_ENUM_VALUE (AX_STAT_TREND_FLAT, "flat"),
                    G_DEFINE_ENUM_VALUE (AX_STAT_TREND_UP, "up"),
                    G_DEFINE_ENUM_VALUE (AX_STAT_TREND_DOWN, "down"))

enum
{
  PROP_0,
  PROP_TITLE,
  PROP_VALUE,
  PROP_CHANGE,
  PROP_TREND,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Helpers */

static void
update_accessible_names (AxStatCard *self)
{
  const char *title = gtk_label_get_label (self->title_label);
  g_autofree char *value_name = g_strdup_printf (_("%s value"), title);
  g_autofree char *change_name = g_strdup_printf (_("%s change"), title);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->value_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, value_name,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  gtk_label_get_label (self->value_label),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->change_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, change_name,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  gtk_label_get_label (self->change_label),
                                  -1);
}

/* The arrow is part of the text, so that it is read out and survives
 * without colour. */
static void
update_change_label (AxStatCard *self)
{
  static const char *const classes[] = { "dim-label", "success", "error" };
  const char *arrow = "";
  const char *css = "dim-label";
  g_autofree char *text = NULL;

  switch (self->trend)
    {
    case AX_STAT_TREND_UP:
      arrow = "↑ ";
      css = "success";
      break;
    case AX_STAT_TREND_DOWN:
      arrow = "↓ ";
      css = "error";
      break;
    case AX_STAT_TREND_FLAT:
      arrow = "→ ";
      break;
    case AX_STAT_TREND_NONE:
    default:
      break;
    }

  for (gsize i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->change_label), classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (self->change_label), css);

  text = g_strconcat (arrow, self->change ? self->change : "", NULL);
  gtk_label_set_label (self->change_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->change_label), self->change && *self->change);
  update_accessible_names (self);
}

/* Overrides */

static void
ax_stat_card_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), AX_TYPE_STAT_CARD);

  G_OBJECT_CLASS (ax_stat_card_parent_class)->dispose (object);
}

static void
ax_stat_card_finalize (GObject *object)
{
  AxStatCard *self = AX_STAT_CARD (object);

  g_free (self->change);

  G_OBJECT_CLASS (ax_stat_card_parent_class)->finalize (object);
}

static void
ax_stat_card_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  AxStatCard *self = AX_STAT_CARD (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, ax_stat_card_get_title (self));
      break;
    case PROP_VALUE:
      g_value_set_string (value, ax_stat_card_get_value (self));
      break;
    case PROP_CHANGE:
      g_value_set_string (value, ax_stat_card_get_change (self));
      break;
    case PROP_TREND:
      g_value_set_enum (value, ax_stat_card_get_trend (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ax_stat_card_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  AxStatCard *self = AX_STAT_CARD (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      ax_stat_card_set_title (self, g_value_get_string (value));
      break;
    case PROP_VALUE:
      ax_stat_card_set_value (self, g_value_get_string (value));
      break;
    case PROP_CHANGE:
      ax_stat_card_set_change (self, g_value_get_string (value));
      break;
    case PROP_TREND:
      ax_stat_card_set_trend (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ax_stat_card_class_init (AxStatCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ax_stat_card_dispose;
  object_class->finalize = ax_stat_card_finalize;
  object_class->get_property = ax_stat_card_get_property;
  object_class->set_property = ax_stat_card_set_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VALUE] =
    g_param_spec_string ("value", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CHANGE] =
    g_param_spec_string ("change", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TREND] =
    g_param_spec_enum ("trend", NULL, NULL, AX_TYPE_STAT_TREND, AX_STAT_TREND_NONE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/aesthetix/Aesthetix/widgets/ax-stat-card.ui");
  gtk_widget_class_bind_template_child (widget_class, AxStatCard, title_label);
  gtk_widget_class_bind_template_child (widget_class, AxStatCard, value_label);
  gtk_widget_class_bind_template_child (widget_class, AxStatCard, change_label);
  gtk_widget_class_set_css_name (widget_class, "statcard");
}

static void
ax_stat_card_init (AxStatCard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_change_label (self);
}

GtkWidget *
ax_stat_card_new (const char *title)
{
  return g_object_new (AX_TYPE_STAT_CARD, "title", title, NULL);
}

const char *
ax_stat_card_get_title (AxStatCard *self)
{
  g_return_val_if_fail (AX_IS_STAT_CARD (self), NULL);
  return gtk_label_get_label (self->title_label);
}

void
ax_stat_card_set_title (AxStatCard *self,
                        const char *title)
{
  g_return_if_fail (AX_IS_STAT_CARD (self));

  if (g_strcmp0 (title, gtk_label_get_label (self->title_label)) == 0)
    return;
  gtk_label_set_label (self->title_label, title ? title : "");
  update_accessible_names (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

const char *
ax_stat_card_get_value (AxStatCard *self)
{
  g_return_val_if_fail (AX_IS_STAT_CARD (self), NULL);
  return gtk_label_get_label (self->value_label);
}

void
ax_stat_card_set_value (AxStatCard *self,
                        const char *value)
{
  g_return_if_fail (AX_IS_STAT_CARD (self));

  if (g_strcmp0 (value, gtk_label_get_label (self->value_label)) == 0)
    return;
  gtk_label_set_label (self->value_label, value ? value : "");
  update_accessible_names (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALUE]);
}

const char *
ax_stat_card_get_change (AxStatCard *self)
{
  g_return_val_if_fail (AX_IS_STAT_CARD (self), NULL);
  return self->change;
}

void
ax_stat_card_set_change (AxStatCard *self,
                         const char *change)
{
  g_return_if_fail (AX_IS_STAT_CARD (self));

  if (g_strcmp0 (self->change, change) == 0)
    return;
  g_free (self->change);
  self->change = g_strdup (change);
  update_change_label (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHANGE]);
}

AxStatTrend
ax_stat_card_get_trend (AxStatCard *self)
{
  g_return_val_if_fail (AX_IS_STAT_CARD (self), AX_STAT_TREND_NONE);
  return self->trend;
}

void
ax_stat_card_set_trend (AxStatCard  *self,
                        AxStatTrend  trend)
{
  g_return_if_fail (AX_IS_STAT_CARD (self));

  if (self->trend == trend)
    return;
  self->trend = trend;
  update_change_label (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TREND]);
}
