/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Which way a figure moved; up is good for every figure the cards show. */
typedef enum
{
  AX_STAT_TREND_NONE,   /* nothing to compare with */
  AX_STAT_TREND_FLAT,
  AX_STAT_TREND_UP,
  AX_STAT_TREND_DOWN,
} AxStatTrend;

#define AX_TYPE_STAT_TREND (ax_stat_trend_get_type ())
GType ax_stat_trend_get_type (void);

#define AX_TYPE_STAT_CARD (ax_stat_card_get_type ())
G_DECLARE_FINAL_TYPE (AxStatCard, ax_stat_card, AX, STAT_CARD, GtkWidget)

/* A card with a title ("Revenue today"), a big value and a change line
 * coloured by its trend. The value label is named "<title> value" for
 * assistive technologies, the change line "<title> change". */
GtkWidget   *ax_stat_card_new        (const char  *title);
const char  *ax_stat_card_get_title  (AxStatCard  *self);
void         ax_stat_card_set_title  (AxStatCard  *self,
                                      const char  *title);
const char  *ax_stat_card_get_value  (AxStatCard  *self);
void         ax_stat_card_set_value  (AxStatCard  *self,
                                      const char  *value);
const char  *ax_stat_card_get_change (AxStatCard  *self);
void         ax_stat_card_set_change (AxStatCard  *self,
                                      const char  *change);
AxStatTrend  ax_stat_card_get_trend  (AxStatCard  *self);
void         ax_stat_card_set_trend  (AxStatCard  *self,
                                      AxStatTrend  trend);

G_END_DECLS
