/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "ax-appointments.h"

G_BEGIN_DECLS

/* The calendar's geometry as pure functions, shared by the day and the week
 * view and tested without a display (tests/ui/test-calendar-layout.c):
 *
 *   AxCalendarData    what the page loaded for a range of days (appointments,
 *                     providers, rooms, working hours, closures);
 *   AxCalendarLayout  that data laid out for a size: columns, rectangles of
 *                     the appointments (overlaps side by side), shaded hours,
 *                     time ↔ y, hit testing.
 *
 * A layout is computed when the data, the options or the size change, never
 * while drawing. Coordinates are in the content's pixels: x from the left of
 * the time gutter, y from the top of the column header (the view scrolls the
 * content under a fixed header and gutter). */

#define AX_CAL_MAX_DAYS 7

typedef struct
{
  double x;
  double y;
  double width;
  double height;
} AxCalRect;

static inline gboolean
ax_cal_rect_contains (const AxCalRect *r,
                      double           x,
                      double           y)
{
  return x >= r->x && x < r->x + r->width && y >= r->y && y < r->y + r->height;
}

typedef enum
{
  AX_CAL_BY_PROVIDER,
  AX_CAL_BY_ROOM,
} AxCalColumnMode;

/* What the page loaded for one to seven consecutive days. Refcounted; not
 * changed once handed to a view. */
typedef struct
{
  GTimeZone  *tz;
  guint       n_days;
  gint64      day_start_ms[AX_CAL_MAX_DAYS + 1]; /* local midnights; [n_days] ends the range */
  int         weekday[AX_CAL_MAX_DAYS];          /* ISO: 1 = Monday */
  char       *date[AX_CAL_MAX_DAYS];             /* "2025-03-10" */
  char       *day_label[AX_CAL_MAX_DAYS];        /* "Mon 10", for the week view's header */
  gboolean    clinic_closed[AX_CAL_MAX_DAYS];
  GPtrArray  *providers;                         /* AxResource, display order */
  GPtrArray  *rooms;                             /* AxResource, display order */
  GHashTable *hours;                             /* provider id → GArray of AxWorkBlock */
  GHashTable *provider_closed;                   /* provider id → day bit mask */
  GPtrArray  *appointments;                      /* AxAppointment, by start */
} AxCalendarData;

/* n_days local days from first_day (in tz); providers, rooms, hours and
 * appointments start empty. */
AxCalendarData *ax_calendar_data_new            (GTimeZone      *tz,
                                                 GDateTime      *first_day,
                                                 guint           n_days);
AxCalendarData *ax_calendar_data_ref            (AxCalendarData *data);
void            ax_calendar_data_unref          (AxCalendarData *data);
/* The day index of ms, or -1 outside the range. */
int             ax_calendar_data_day_of         (const AxCalendarData *data,
                                                 gint64          ms);
void            ax_calendar_data_set_hours      (AxCalendarData *data,
                                                 const char     *provider_id,
                                                 GArray         *blocks);
void            ax_calendar_data_set_closed     (AxCalendarData *data,
                                                 const char     *provider_id,
                                                 guint           day);
const AxResource *ax_calendar_data_find_provider (const AxCalendarData *data,
                                                  const char     *id);
const AxResource *ax_calendar_data_find_room    (const AxCalendarData *data,
                                                 const char     *id);
AxAppointment  *ax_calendar_data_find_appointment (const AxCalendarData *data,
                                                   const char   *id);
/* Whether [start, end) lies in the provider's working hours, on a day that
 * is not closed. Times outside the loaded days count as inside (the model
 * decides), and so does any time of a provider with no hours set up. */
gboolean        ax_calendar_data_within_hours   (const AxCalendarData *data,
                                                 const char     *provider_id,
                                                 gint64          start_ms,
                                                 gint64          end_ms);
/* The first live appointment other than except_id that holds provider_id
 * or room_id (either may be NULL) during [start, end): what the model would
 * refuse as a clash. */
AxAppointment  *ax_calendar_data_find_clash     (const AxCalendarData *data,
                                                 const char     *except_id,
                                                 const char     *provider_id,
                                                 const char     *room_id,
                                                 gint64          start_ms,
                                                 gint64          end_ms);
/* Minutes since the local midnight of day at ms (may be < 0 or ≥ 1440). */
int             ax_calendar_data_local_minute   (const AxCalendarData *data,
                                                 guint           day,
                                                 gint64          ms);
/* The instant of a local minute of day. */
gint64          ax_calendar_data_time_of_minute (const AxCalendarData *data,
                                                 guint           day,
                                                 int             minute);

/* What a view shows of the data. */
typedef struct
{
  AxCalColumnMode     mode;          /* the week view is always by provider */
  const char *const  *provider_ids;  /* NULL or empty: every provider */
  const char *const  *room_ids;      /* NULL or empty: every room */
  guint               status_mask;   /* bits 1 << AxAppointmentStatus; 0: all */
} AxCalOptions;

/* Fixed sizes, in pixels. */
typedef struct
{
  double gutter_width;      /* the time labels on the left */
  double header_height;     /* the column (day view) or day (week view) names */
  double min_column_width;  /* below this the content scrolls sideways */
  double min_hour_height;   /* below this the content scrolls */
  double day_gap;           /* between the days of the week view */
  double block_gap;         /* around each appointment */
  double resize_handle;     /* the height of a block's lower edge that resizes */
} AxCalMetrics;

/* The metrics of the day and the week view. */
void ax_cal_metrics_init_day  (AxCalMetrics *metrics);
void ax_cal_metrics_init_week (AxCalMetrics *metrics);

typedef enum
{
  AX_CAL_CELL_OPEN,
  AX_CAL_CELL_DAY_OFF,  /* the provider has no hours that weekday */
  AX_CAL_CELL_CLOSED,   /* the clinic or the provider is closed that date */
} AxCalCellState;

/* A provider or a room shown as a column (in the week view: one lane of
 * each day). */
typedef struct
{
  const char   *id;      /* NULL: the "no room" column */
  const char   *name;
  const char   *color;   /* "#3584e4"; NULL for rooms */
  const GArray *hours;   /* AxWorkBlock, borrowed from the data; NULL: none known */
} AxCalColumn;

typedef enum
{
  AX_CAL_SHADE_WORK,
  AX_CAL_SHADE_BREAK,
} AxCalShadeKind;

typedef struct
{
  AxCalShadeKind kind;
  AxCalRect      rect;
} AxCalShade;

/* One appointment on screen. */
typedef struct
{
  AxAppointment *appt;      /* borrowed from the data */
  guint          day;
  guint          column;
  guint          lane;
  guint          n_lanes;
  AxCalRect      rect;
  guint32        color;         /* the provider's, 0xRRGGBB */
  char           time_text[24]; /* "10:00–10:30" */
} AxCalBlock;

typedef struct
{
  AxCalendarData *data;
  AxCalColumnMode mode;
  AxCalMetrics    metrics;
  guint           n_days;
  guint           n_columns;
  AxCalColumn    *columns;
  AxCalCellState *cells;          /* n_days × n_columns, by day */
  double          view_width;
  double          view_height;
  double          width;          /* content */
  double          height;
  double          column_width;
  double          day_width;
  double          hour_height;
  int             first_minute;   /* of the local day, at the top of the grid */
  int             last_minute;
  GArray         *blocks;         /* AxCalBlock, by day, start, column, lane */
  GArray         *shades;         /* AxCalShade */
  GArray         *room_hours;     /* owned: what room columns' hours point to */
} AxCalendarLayout;

/* Lays out data as the options say for a view of view_width × view_height
 * (the content grows past it when the minimum sizes need more). */
AxCalendarLayout *ax_calendar_layout_new          (AxCalendarData     *data,
                                                   const AxCalOptions *options,
                                                   const AxCalMetrics *metrics,
                                                   double              view_width,
                                                   double              view_height);
void              ax_calendar_layout_free         (AxCalendarLayout   *layout);

double            ax_calendar_layout_y_of_minute  (const AxCalendarLayout *layout,
                                                   double              minute);
double            ax_calendar_layout_y_of_time    (const AxCalendarLayout *layout,
                                                   guint               day,
                                                   gint64              ms);
/* The instant at y on day (not snapped; clamped to the grid). */
gint64            ax_calendar_layout_time_at      (const AxCalendarLayout *layout,
                                                   guint               day,
                                                   double              y);
/* The column's rectangle on day, from the header to the bottom. */
AxCalRect         ax_calendar_layout_cell_rect    (const AxCalendarLayout *layout,
                                                   guint               day,
                                                   guint               column);
/* The day and column under (x, y); FALSE over the gutter, the header or a gap. */
gboolean          ax_calendar_layout_cell_at      (const AxCalendarLayout *layout,
                                                   double              x,
                                                   double              y,
                                                   guint              *day,
                                                   guint              *column);
/* The block under (x, y), or -1; on_edge says whether the point is on its
 * lower edge (the resize handle). */
int               ax_calendar_layout_block_at     (const AxCalendarLayout *layout,
                                                   double              x,
                                                   double              y,
                                                   gboolean           *on_edge);
/* The block showing the appointment id, or -1. */
int               ax_calendar_layout_find_block   (const AxCalendarLayout *layout,
                                                   const char         *appointment_id);
/* The column showing id (a provider or a room id; NULL for "no room"), or -1. */
int               ax_calendar_layout_find_column  (const AxCalendarLayout *layout,
                                                   const char         *id);
/* The block after (direction > 0) or before index in reading order (by day,
 * then time, then column), or -1; index -1 starts at either end. */
int               ax_calendar_layout_step_block   (const AxCalendarLayout *layout,
                                                   int                 index,
                                                   int                 direction);
/* The first start at or after after_ms, on a multiple of snap_min, where an
 * appointment of duration_min fits in column (a provider's hours, free of
 * clashes) on day; FALSE when the day has none. */
gboolean          ax_calendar_layout_free_slot    (const AxCalendarLayout *layout,
                                                   guint               day,
                                                   guint               column,
                                                   gint64              after_ms,
                                                   int                 duration_min,
                                                   int                 snap_min,
                                                   gint64             *start_ms);
/* 0xRRGGBB from "#rrggbb" (or "#rgb"); fallback when it is not a colour. */
guint32           ax_calendar_parse_color         (const char         *text,
                                                   guint32             fallback);
/* "10:00–10:30" for a local minute range. */
void              ax_calendar_format_span         (int                 start_min,
                                                   int                 end_min,
                                                   char               *buf,
                                                   gsize               size);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AxCalendarData, ax_calendar_data_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AxCalendarLayout, ax_calendar_layout_free)

G_END_DECLS
