/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

#include "ax-card-grid.h"

struct _AxCardGrid
{
  GtkWidget parent_instance;

  int       spacing;
};

G_DEFINE_FINAL_TYPE (AxCardGrid, ax_card_grid, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_SPACING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Helpers */

static int
count_children (AxCardGrid *self,
                int        *min_width,
                int        *nat_width)
{
  int n = 0;

  *min_width = *nat_width = 0;
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int min, nat;

      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
      *min_width = MAX (*min_width, min);
      *nat_width = MAX (*nat_width, nat);
      n++;
    }
  return n;
}

static int
columns_for (AxCardGrid *self,
             int         width,
             int         n,
             int         child_min)
{
  for (int columns = n; columns > 1; columns--)
    if (n % columns == 0 && columns * child_min + (columns - 1) * self->spacing <= width)
      return columns;
  return 1;
}

static int
column_width (AxCardGrid *self,
              int         width,
              int         columns)
{
  return MAX (0, (width - (columns - 1) * self->spacing) / columns);
}

/* Walks the rows for that width, giving each its height; returns the total. */
static int
layout_rows (AxCardGrid *self,
             int         width,
             gboolean    allocate,
             int        *minimum)
{
  int child_min, child_nat;
  int n = count_children (self, &child_min, &child_nat);
  int columns, cell_width, index = 0, y = 0, min_total = 0;
  GtkWidget *row_start;

  if (minimum != NULL)
    *minimum = 0;
  if (n == 0)
    return 0;

  columns = columns_for (self, width, n, child_min);
  cell_width = column_width (self, width, columns);
  row_start = gtk_widget_get_first_child (GTK_WIDGET (self));

  while (row_start != NULL)
    {
      GtkWidget *child;
      int row_min = 0, row_nat = 0, in_row = 0, x = 0;

      for (child = row_start; child != NULL && in_row < columns;
           child = gtk_widget_get_next_sibling (child))
        {
          int min, nat;

          if (!gtk_widget_should_layout (child))
            continue;
          gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, cell_width, &min, &nat, NULL, NULL);
          row_min = MAX (row_min, min);
          row_nat = MAX (row_nat, nat);
          in_row++;
        }

      if (allocate)
        for (GtkWidget *c = row_start; c != child; c = gtk_widget_get_next_sibling (c))
          {
            if (!gtk_widget_should_layout (c))
              continue;
            gtk_widget_size_allocate (c, &(GtkAllocation) { x, y, cell_width, row_nat }, -1);
            x += cell_width + self->spacing;
          }

      index += in_row;
      y += row_nat;
      min_total += row_min;
      if (index < n)
        {
          y += self->spacing;
          min_total += self->spacing;
        }
      row_start = child;
    }

  if (minimum != NULL)
    *minimum = min_total;
  return y;
}

/* Overrides */

static GtkSizeRequestMode
ax_card_grid_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
ax_card_grid_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  AxCardGrid *self = AX_CARD_GRID (widget);
  int child_min, child_nat;
  int n = count_children (self, &child_min, &child_nat);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = child_min;
      *natural = n > 0 ? n * child_nat + (n - 1) * self->spacing : 0;
    }
  else
    {
      int width = for_size >= 0 ? for_size
                                : (n > 0 ? n * child_nat + (n - 1) * self->spacing : 0);

      *natural = layout_rows (self, width, FALSE, minimum);
    }
}

static void
ax_card_grid_size_allocate (GtkWidget *widget,
                            int        width,
                            int        height,
                            int        baseline)
{
  layout_rows (AX_CARD_GRID (widget), width, TRUE, NULL);
}

static void
ax_card_grid_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (ax_card_grid_parent_class)->dispose (object);
}

static void
ax_card_grid_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  AxCardGrid *self = AX_CARD_GRID (object);

  switch (prop_id)
    {
    case PROP_SPACING:
      g_value_set_int (value, self->spacing);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ax_card_grid_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  AxCardGrid *self = AX_CARD_GRID (object);

  switch (prop_id)
    {
    case PROP_SPACING:
      ax_card_grid_set_spacing (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ax_card_grid_class_init (AxCardGridClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ax_card_grid_dispose;
  object_class->get_property = ax_card_grid_get_property;
  object_class->set_property = ax_card_grid_set_property;

  widget_class->get_request_mode = ax_card_grid_get_request_mode;
  widget_class->measure = ax_card_grid_measure;
  widget_class->size_allocate = ax_card_grid_size_allocate;

  properties[PROP_SPACING] =
    g_param_spec_int ("spacing", NULL, NULL, 0, G_MAXINT, 12,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "cardgrid");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
ax_card_grid_init (AxCardGrid *self)
{
  self->spacing = 12;
}

GtkWidget *
ax_card_grid_new (int spacing)
{
  return g_object_new (AX_TYPE_CARD_GRID, "spacing", spacing, NULL);
}

int
ax_card_grid_get_spacing (AxCardGrid *self)
{
  g_return_val_if_fail (AX_IS_CARD_GRID (self), 0);
  return self->spacing;
}

void
ax_card_grid_set_spacing (AxCardGrid *self,
                          int         spacing)
{
  g_return_if_fail (AX_IS_CARD_GRID (self));

  if (self->spacing == spacing)
    return;
  self->spacing = spacing;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPACING]);
}
