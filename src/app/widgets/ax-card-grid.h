/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define AX_TYPE_CARD_GRID (ax_card_grid_get_type ())
G_DECLARE_FINAL_TYPE (AxCardGrid, ax_card_grid, AX, CARD_GRID, GtkWidget)

/* Lays its children out as equal columns in rows, with as many columns as
 * fit their minimum width — but only a number that divides the children
 * evenly (four cards: 4, 2 or 1 per row), so that no card is left alone on
 * a row. Children are added with <child> in a .ui file. */
GtkWidget *ax_card_grid_new         (int         spacing);
int        ax_card_grid_get_spacing (AxCardGrid *self);
void       ax_card_grid_set_spacing (AxCardGrid *self,
                                     int         spacing);

G_END_DECLS
