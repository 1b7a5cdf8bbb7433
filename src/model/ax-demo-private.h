/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The demo generator's insides, shared by ax-demo.c (the clinic, its
 * catalogue, people, patients and stock), ax-demo-days.c (appointments and
 * sales, day by day) and ax-demo-data.c (the tables of names, services and
 * products). Nothing here is public API. */

#include "ax-demo.h"
#include "ax-uuid.h"
#include "ax-hlc.h"

G_BEGIN_DECLS

/* The clinic's short code and this device's, for the number series. */
#define DEMO_CLINIC_CODE "LOT"
#define DEMO_DEVICE_CODE "D1"

/* Opening hours, in minutes from local midnight. */
#define DEMO_OPEN_MIN    (9 * 60)
#define DEMO_BREAK_MIN   (12 * 60)
#define DEMO_RESUME_MIN  (13 * 60)
#define DEMO_CLOSE_MIN   (18 * 60)
#define DEMO_SLOT_MIN    15

#define DEMO_MINUTE_MS   G_GINT64_CONSTANT (60000)
#define DEMO_HOUR_MS     (60 * DEMO_MINUTE_MS)
#define DEMO_DAY_MS      (24 * DEMO_HOUR_MS)

#define DEMO_MAX_SALE_LINES 5

/* Data tables (ax-demo-data.c) */

typedef enum
{
  DEMO_ROOM_NONE,
  DEMO_ROOM_TREATMENT,
  DEMO_ROOM_LASER,
  DEMO_ROOM_FACIAL,
} DemoRoomKind;

typedef enum
{
  DEMO_DOCTOR,
  DEMO_NURSE,
  DEMO_THERAPIST,
  DEMO_N_ROLES,
} DemoProviderRole;

typedef struct
{
  const char *name;
  const char *kind;
  const char *color;
} DemoCategory;

typedef struct
{
  const char  *code;
  const char  *name;
  int          category;
  int          duration_min;
  gint64       price;          /* satang */
  const char  *tax_class;
  DemoRoomKind room;
  int          product;        /* used in the treatment, or -1 */
  int          product_qty;
  guint8       weight[DEMO_N_ROLES];  /* how often each kind of provider does it */
  gboolean     walk_in;        /* sold without an appointment now and then */
  const char  *description;
} DemoService;

typedef struct
{
  const char *code;
  const char *barcode;
  const char *name;
  const char *kind;
  const char *unit;
  int         category;
  gint64      price;           /* 0: not sold over the counter */
  gint64      unit_cost;
  int         threshold;
  int         on_hand;         /* left in the newest lot "today" */
  int         old_on_hand;     /* left in the lot before it … */
  int         old_expiry_days; /* … which expires this many days from today (0: none left) */
  int         shelf_days;
  int         lot_period_days; /* a new lot is received this often */
  int         supplier;
  int         retail_weight;
  const char *lot_prefix;
} DemoProduct;

typedef struct
{
  const char *code;
  const char *name;
  int         service;
  int         sessions;
  gint64      price;
  int         validity_days;
} DemoPackage;

typedef struct
{
  const char *name;
  gint64      price;
  int         period_months;
  gint64      wallet;
  int         service;
  int         sessions;
} DemoPlan;

typedef struct
{
  const char      *name;
  const char      *title;
  const char      *specialty;
  const char      *color;
  const char      *license;
  DemoProviderRole role;
  int              day_off;    /* ISO weekday, 0 for none */
} DemoProvider;

typedef struct
{
  const char  *name;
  const char  *kind;
  DemoRoomKind room;
} DemoRoom;

typedef struct
{
  const char *name;
  const char *contact;
  const char *phone;
  const char *email;
  const char *tax_id;
  const char *address;
} DemoSupplier;

/* A Thai name in the Latin alphabet and in Thai script. */
typedef struct
{
  const char *roman;
  const char *thai;
} DemoThaiName;

typedef struct
{
  const char *street;
  const char *area;
} DemoStreet;

#define DEMO_TABLE(type, name) \
  extern const type name[];    \
  extern const guint name##_len;
#define DEMO_STRINGS(name)            \
  extern const char *const name[];    \
  extern const guint name##_len;

DEMO_TABLE (DemoCategory, demo_categories)
DEMO_TABLE (DemoService, demo_services)
DEMO_TABLE (DemoProduct, demo_products)
DEMO_TABLE (DemoPackage, demo_packages)
DEMO_TABLE (DemoPlan, demo_plans)
DEMO_TABLE (DemoProvider, demo_providers)
DEMO_TABLE (DemoRoom, demo_rooms)
DEMO_TABLE (DemoSupplier, demo_suppliers)
DEMO_TABLE (DemoThaiName, demo_thai_female)
DEMO_TABLE (DemoThaiName, demo_thai_male)
DEMO_TABLE (DemoThaiName, demo_thai_surnames)
DEMO_TABLE (DemoThaiName, demo_thai_nick_female)
DEMO_TABLE (DemoThaiName, demo_thai_nick_male)
DEMO_STRINGS (demo_br_female)
DEMO_STRINGS (demo_br_male)
DEMO_STRINGS (demo_br_surnames)
DEMO_STRINGS (demo_en_female)
DEMO_STRINGS (demo_en_male)
DEMO_STRINGS (demo_en_surnames)
DEMO_STRINGS (demo_extra_given)
DEMO_STRINGS (demo_extra_colors)
DEMO_TABLE (DemoStreet, demo_streets)
DEMO_STRINGS (demo_allergens)
DEMO_STRINGS (demo_reactions)
DEMO_STRINGS (demo_sources)
DEMO_STRINGS (demo_appointment_notes)
DEMO_STRINGS (demo_cancel_reasons)
DEMO_STRINGS (demo_void_reasons)

/* Rows the generator refers to by name. */
int demo_service_index  (const char *code);
int demo_category_index (const char *name);

/* The generator (ax-demo.c, ax-demo-days.c) */

typedef char DemoId[AX_UUID_STRLEN];

typedef struct
{
  char     id[AX_UUID_STRLEN];
  char     lot_number[24];
  char     expiry[11];       /* YYYY-MM-DD */
  gint64   received_at;
  gint64   consumed;         /* net outflow over the history */
  gint64   remaining;        /* what is left "today" */
  gboolean referenced;
} DemoLot;

typedef struct
{
  char    id[AX_UUID_STRLEN];
  char    supplier_id[AX_UUID_STRLEN];
  gint64  newest_received_at;
  gint64  period_ms;
  GArray *lots;              /* DemoLot; index 0 is the newest */
} DemoStock;

typedef struct
{
  char id[AX_UUID_STRLEN];
  int  role;                 /* DemoProviderRole */
  int  day_off;
} DemoProviderRow;

typedef struct
{
  char         id[AX_UUID_STRLEN];
  DemoRoomKind kind;
} DemoRoomRow;

/* One row of a gapless number series. */
typedef struct
{
  int    year;
  gint64 last_seq;
  gint64 first_ms;
} DemoSeriesYear;

typedef struct
{
  /* Inputs */
  AxStore         *store;
  AxDb            *db;
  GTimeZone       *tz;
  GRand           *rand;
  gint64           now_ms;
  guint            n_patients;
  guint            n_appointments;
  guint            n_sales;
  char             hlc[AX_HLC_STRLEN];

  /* Id generators, one per stream so each stays in time order. */
  AxUuidGen       *meta_ids;
  AxUuidGen       *patient_ids;
  AxUuidGen       *appointment_ids;
  AxUuidGen       *sale_ids;
  AxUuidGen       *stock_ids;

  /* "Today" in the clinic's time zone */
  guint32          today;         /* julian day */
  gint64           today_start_ms;
  guint32          first_day;     /* the oldest day with appointments or sales */
  gint64           clinic_created_ms;

  /* Rows the day generator refers to */
  char             clinic_id[AX_UUID_STRLEN];
  const char      *device_id;
  char             owner_id[AX_UUID_STRLEN];
  char             frontdesk_id[AX_UUID_STRLEN];
  char             billing_id[AX_UUID_STRLEN];
  GArray          *providers;     /* DemoProviderRow */
  GArray          *rooms;         /* DemoRoomRow */
  DemoId          *category_ids;
  DemoId          *service_ids;
  DemoId          *package_ids;
  DemoId          *plan_ids;
  DemoStock       *stock;         /* one per product */
  DemoId          *patient_id;
  gint64          *patient_created;  /* sorted */

  GArray          *receipt_series;   /* DemoSeriesYear */
  guint64          rows;

  /* demo_local_year()'s memory of the last year it looked up */
  int              year_cached;
  gint64           year_from_ms;
  gint64           year_to_ms;
} DemoSeeder;

/* Row writing and time helpers (ax-demo.c) */
GDateTime *demo_local_time     (DemoSeeder  *s,
                                gint64       ms);
guint32  demo_julian_of        (DemoSeeder  *s,
                                gint64       ms);
void     demo_format_date      (guint32      julian,
                                char         out[11]);
/* The next number of a gapless series (an array of DemoSeriesYear). */
gint64   demo_series_next      (GArray      *series,
                                int          year,
                                gint64       ms);
gboolean demo_write_series     (DemoSeeder  *s,
                                GArray      *series,
                                const char  *kind,
                                const char  *prefix,
                                GError     **error);
void     demo_new_id           (AxUuidGen   *gen,
                                gint64       ms,
                                char         out[AX_UUID_STRLEN]);
void     demo_bind_base        (DemoSeeder  *s,
                                sqlite3_stmt *stmt,
                                const char  *id,
                                gint64       created_at);
void     demo_bind_text        (sqlite3_stmt *stmt,
                                int          idx,
                                const char  *text);
void     demo_bind_int         (sqlite3_stmt *stmt,
                                int          idx,
                                gint64       value);
void     demo_bind_opt_int     (sqlite3_stmt *stmt,
                                int          idx,
                                gboolean     present,
                                gint64       value);
gboolean demo_step             (DemoSeeder  *s,
                                sqlite3_stmt *stmt,
                                GError     **error);
gint64   demo_day_start_ms     (DemoSeeder  *s,
                                guint32      julian);
int      demo_local_year       (DemoSeeder  *s,
                                gint64       ms);
int      demo_weekday          (guint32      julian);
/* The next receipt number for a sale at sold_at (LOTR-D1-<year>-<seq>). */
char    *demo_receipt_number   (DemoSeeder  *s,
                                gint64       sold_at,
                                char         out[32]);
/* Takes stock out of the lot a product had on the shelf at `at`. */
DemoLot *demo_stock_take       (DemoSeeder  *s,
                                int          product,
                                gint64       at,
                                gint64       qty);

static inline int
demo_rand (DemoSeeder *s,
           int         lo,
           int         hi)   /* [lo, hi) */
{
  return hi > lo ? g_rand_int_range (s->rand, lo, hi) : lo;
}

static inline gboolean
demo_chance (DemoSeeder *s,
             int         per_mille)
{
  return g_rand_int_range (s->rand, 0, 1000) < per_mille;
}

/* One placed appointment of the day being generated. */
typedef struct
{
  char        id[AX_UUID_STRLEN];
  guint       patient;
  int         provider;
  int         room;
  gint64      start_ms;
  gint64      end_ms;
  int         n_services;
  int         services[2];
  const char *status;
  gboolean    sold;
} DemoAppt;

/* The clinic and its people (ax-demo-catalogue.c) */
void     demo_staff_up                  (DemoSeeder  *s);
gboolean demo_write_providers_and_rooms (DemoSeeder  *s,
                                         GError     **error);
gboolean demo_write_users               (DemoSeeder  *s,
                                         char       **hashes,
                                         GError     **error);
gboolean demo_write_commission_rules    (DemoSeeder  *s,
                                         GError     **error);
gboolean demo_write_catalogue           (DemoSeeder  *s,
                                         GError     **error);

/* Stock (ax-demo-stock.c) */
void     demo_plan_stock                (DemoSeeder  *s);
void     demo_make_lot_ids              (DemoSeeder  *s);
gboolean demo_write_stock               (DemoSeeder  *s,
                                         GError     **error);

/* Patients (ax-demo-patients.c) */
gboolean demo_write_patients            (DemoSeeder  *s,
                                         gint64       span_start,
                                         GError     **error);

/* Sales of one day (ax-demo-sales.c) */
typedef struct _DemoSales DemoSales;

DemoSales *demo_sales_new               (DemoSeeder  *s,
                                         GError     **error);
void       demo_sales_free              (DemoSales   *sales);
/* Writes quota sales on day, some paying for its completed appointments
 * (DemoAppt); avail patients are registered by then. */
gboolean   demo_sales_write_day         (DemoSales   *sales,
                                         GArray      *appts,
                                         guint        avail,
                                         guint32      day,
                                         gint64       day_start,
                                         int          quota,
                                         GError     **error);
guint64    demo_sales_written           (DemoSales   *sales);

/* Consent templates and a few signed consents (ax-demo-consents.c) */
gboolean demo_write_consents            (DemoSeeder  *s,
                                         GError     **error);

/* Vitals, medical notes, treatment plans, memberships and tags
 * (ax-demo-clinical.c); last, from its own random stream. */
gboolean demo_write_clinical            (DemoSeeder  *s,
                                         GError     **error);
/* ax-demo-charts.c: charted visits of the first patient (a signed chart
 * and a draft, each with a face chart). */
gboolean demo_write_charts              (DemoSeeder  *s,
                                         GError     **error);

/* Appointments and sales, day by day (ax-demo-days.c) */
/* The oldest day the history reaches back to (needs s->providers). */
guint32  demo_plan_first_day   (DemoSeeder  *s);
gboolean demo_seed_days        (DemoSeeder  *s,
                                GError     **error);

G_END_DECLS
