/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-overlay"

#include "ax-overlay.h"
#include "ax-error.h"
#include "ax-uuid.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>
#include <json-glib/json-glib.h>
#include <glib/gi18n-lib.h>

#define AX_OVERLAY_MAX_ID       64
#define DEFAULT_COLOR           "#e01b24"
#define DEFAULT_WIDTH           3.0
#define DEFAULT_FILL_ALPHA      0.25
#define DEFAULT_SIZE            24.0
#define MIN_WIDTH               0.5
#define MAX_WIDTH               100.0
#define MIN_SIZE                4.0
#define MAX_SIZE                1000.0

struct _AxOverlay
{
  gatomicrefcount ref_count;
  guint           width;
  guint           height;
  GPtrArray      *items; /* AxOverlayItem*, owned */
  guint           n_points_total;
};

static const char *const kind_names[AX_N_OVERLAY_KINDS] = {
  "point", "line", "pen", "area", "text",
};

/* Keys each kind accepts, in canonical order. */
static const char *const point_keys[] = { "id", "kind", "n", "x", "y", "product_id", "product",
                                          "lot_id", "lot", "units_milli", "unit", "area",
                                          "color", NULL };
static const char *const path_keys[] = { "id", "kind", "points", "color", "width", NULL };
static const char *const area_keys[] = { "id", "kind", "points", "color", "fill_alpha", "label",
                                         NULL };
static const char *const text_keys[] = { "id", "kind", "x", "y", "text", "color", "size", NULL };

const char *
ax_overlay_kind_to_string (AxOverlayKind kind)
{
  g_return_val_if_fail (kind >= 0 && kind < AX_N_OVERLAY_KINDS, NULL);
  return kind_names[kind];
}

AxOverlayKind
ax_overlay_kind_from_string (const char *text)
{
  for (int i = 0; text != NULL && i < AX_N_OVERLAY_KINDS; i++)
    if (g_str_equal (text, kind_names[i]))
      return i;
  return AX_OVERLAY_KIND_INVALID;
}

/* Items */

static double
round2 (double v)
{
  return round (v * 100.0) / 100.0 + 0.0;
}

static AxOverlayItem *
item_new (AxOverlayKind kind)
{
  AxOverlayItem *item = g_new0 (AxOverlayItem, 1);

  g_atomic_ref_count_init (&item->ref_count);
  item->kind = kind;
  g_strlcpy (item->color, DEFAULT_COLOR, sizeof item->color);
  item->width = DEFAULT_WIDTH;
  item->fill_alpha = DEFAULT_FILL_ALPHA;
  item->size = DEFAULT_SIZE;
  return item;
}

static void
item_free (AxOverlayItem *item)
{
  g_free (item->id);
  g_free (item->points);
  g_free (item->label);
  g_free (item->product_id);
  g_free (item->product);
  g_free (item->lot_id);
  g_free (item->lot);
  g_free (item->unit);
  g_free (item->area);
  g_free (item->text);
  g_free (item);
}

AxOverlayItem *
ax_overlay_item_ref (AxOverlayItem *item)
{
  g_return_val_if_fail (item != NULL, NULL);
  g_atomic_ref_count_inc (&item->ref_count);
  return item;
}

void
ax_overlay_item_unref (AxOverlayItem *item)
{
  g_return_if_fail (item != NULL);
  if (g_atomic_ref_count_dec (&item->ref_count))
    item_free (item);
}

static AxOverlayItem *
item_copy (const AxOverlayItem *src)
{
  AxOverlayItem *item = item_new (src->kind);

  memcpy (item->color, src->color, sizeof item->color);
  item->id = g_strdup (src->id);
  item->x = src->x;
  item->y = src->y;
  item->points = g_memdup2 (src->points, sizeof (AxOverlayXY) * src->n_points);
  item->n_points = src->n_points;
  item->width = src->width;
  item->fill_alpha = src->fill_alpha;
  item->label = g_strdup (src->label);
  item->n = src->n;
  item->product_id = g_strdup (src->product_id);
  item->product = g_strdup (src->product);
  item->lot_id = g_strdup (src->lot_id);
  item->lot = g_strdup (src->lot);
  item->units_milli = src->units_milli;
  item->unit = g_strdup (src->unit);
  item->area = g_strdup (src->area);
  item->text = g_strdup (src->text);
  item->size = src->size;
  return item;
}

static gboolean
item_has_anchor (const AxOverlayItem *item)
{
  return item->kind == AX_OVERLAY_POINT || item->kind == AX_OVERLAY_TEXT;
}

void
ax_overlay_item_bounds (const AxOverlayItem *item,
                        double              *x0,
                        double              *y0,
                        double              *x1,
                        double              *y1)
{
  double lx, ly, hx, hy;

  if (item_has_anchor (item))
    {
      lx = hx = item->x;
      ly = hy = item->y;
      if (item->kind == AX_OVERLAY_TEXT)
        {
          /* An estimate without a font: 0.6 em a character, 1.25 em high. */
          hx += 0.6 * item->size * g_utf8_strlen (item->text ? item->text : "", -1);
          hy += 1.25 * item->size;
        }
    }
  else
    {
      lx = hx = item->points[0].x;
      ly = hy = item->points[0].y;
      for (guint i = 1; i < item->n_points; i++)
        {
          lx = MIN (lx, item->points[i].x);
          hx = MAX (hx, item->points[i].x);
          ly = MIN (ly, item->points[i].y);
          hy = MAX (hy, item->points[i].y);
        }
    }
  *x0 = lx;
  *y0 = ly;
  *x1 = hx;
  *y1 = hy;
}

/* Overlays */

static AxOverlay *
overlay_alloc (guint width,
               guint height)
{
  AxOverlay *overlay = g_new0 (AxOverlay, 1);

  g_atomic_ref_count_init (&overlay->ref_count);
  overlay->width = width;
  overlay->height = height;
  overlay->items = g_ptr_array_new_with_free_func ((GDestroyNotify) ax_overlay_item_unref);
  return overlay;
}

AxOverlay *
ax_overlay_new (guint width,
                guint height)
{
  g_return_val_if_fail (width > 0 && width <= AX_OVERLAY_MAX_SIDE, NULL);
  g_return_val_if_fail (height > 0 && height <= AX_OVERLAY_MAX_SIDE, NULL);
  return overlay_alloc (width, height);
}

AxOverlay *
ax_overlay_ref (AxOverlay *overlay)
{
  g_return_val_if_fail (overlay != NULL, NULL);
  g_atomic_ref_count_inc (&overlay->ref_count);
  return overlay;
}

void
ax_overlay_unref (AxOverlay *overlay)
{
  g_return_if_fail (overlay != NULL);
  if (g_atomic_ref_count_dec (&overlay->ref_count))
    {
      g_ptr_array_unref (overlay->items);
      g_free (overlay);
    }
}

/* A new overlay sharing all of the items of src. */
static AxOverlay *
overlay_copy (const AxOverlay *src)
{
  AxOverlay *overlay = overlay_alloc (src->width, src->height);

  for (guint i = 0; i < src->items->len; i++)
    g_ptr_array_add (overlay->items, ax_overlay_item_ref (g_ptr_array_index (src->items, i)));
  overlay->n_points_total = src->n_points_total;
  return overlay;
}

guint
ax_overlay_get_width (const AxOverlay *overlay)
{
  return overlay->width;
}

guint
ax_overlay_get_height (const AxOverlay *overlay)
{
  return overlay->height;
}

guint
ax_overlay_get_n_items (const AxOverlay *overlay)
{
  return overlay->items->len;
}

const AxOverlayItem *
ax_overlay_get_item (const AxOverlay *overlay,
                     guint            index)
{
  g_return_val_if_fail (index < overlay->items->len, NULL);
  return g_ptr_array_index (overlay->items, index);
}

int
ax_overlay_find (const AxOverlay *overlay,
                 const char      *id)
{
  for (guint i = 0; id != NULL && i < overlay->items->len; i++)
    if (g_str_equal (((AxOverlayItem *) g_ptr_array_index (overlay->items, i))->id, id))
      return (int) i;
  return -1;
}

guint
ax_overlay_count_kind (const AxOverlay *overlay,
                       AxOverlayKind    kind)
{
  guint n = 0;

  for (guint i = 0; i < overlay->items->len; i++)
    if (((AxOverlayItem *) g_ptr_array_index (overlay->items, i))->kind == kind)
      n++;
  return n;
}

gboolean
ax_overlay_color_is_valid (const char *text)
{
  if (text == NULL || strlen (text) != 7 || text[0] != '#')
    return FALSE;
  for (int i = 1; i < 7; i++)
    if (!g_ascii_isxdigit (text[i]))
      return FALSE;
  return TRUE;
}

static void
set_color (AxOverlayItem *item,
           const char    *color)
{
  for (int i = 0; i < 7; i++)
    item->color[i] = g_ascii_tolower (color[i]);
  item->color[7] = '\0';
}

/* Parsing */

typedef struct
{
  guint          index; /* 1-based, for messages */
  const char    *kind;
  const AxOverlay *overlay;
} ItemCtx;

G_GNUC_PRINTF (3, 4)
static gboolean
item_error (GError       **error,
            const ItemCtx *ctx,
            const char    *format,
            ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  if (ctx->kind != NULL)
    g_set_error (error, AX_CORE_ERROR, AX_CORE_ERROR_INVALID,
                 /* Translators: "Overlay item 3 (line): it needs exactly 2 points" */
                 _("Overlay item %u (%s): %s"), ctx->index, ctx->kind, what);
  else
    g_set_error (error, AX_CORE_ERROR, AX_CORE_ERROR_INVALID, _("Overlay item %u: %s"),
                 ctx->index, what);
  return FALSE;
}

static gboolean
node_number (JsonNode *node,
             double   *out)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
    return FALSE;
  *out = json_node_get_double (node);
  return isfinite (*out);
}

static gboolean
read_coordinate (JsonNode      *node,
                 const ItemCtx *ctx,
                 double        *x,
                 double        *y,
                 JsonNode      *ynode,
                 GError       **error)
{
  if (!node_number (node, x) || !node_number (ynode, y) || *x < 0 || *y < 0
      || *x > ctx->overlay->width || *y > ctx->overlay->height)
    return item_error (error, ctx, _("coordinates must be numbers inside the %u×%u image"),
                       ctx->overlay->width, ctx->overlay->height);
  *x = round2 (*x);
  *y = round2 (*y);
  return TRUE;
}

static gboolean
read_points (JsonObject    *object,
             const ItemCtx *ctx,
             AxOverlayItem *item,
             GError       **error)
{
  JsonNode *node = json_object_get_member (object, "points");
  JsonArray *array;
  guint n, min = 2;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return item_error (error, ctx, _("it needs a list of points"));
  array = json_node_get_array (node);
  n = json_array_get_length (array);
  if (item->kind == AX_OVERLAY_LINE && n != 2)
    return item_error (error, ctx, _("it needs exactly 2 points"));
  if (item->kind == AX_OVERLAY_AREA)
    min = 3;
  if (n < min)
    return item_error (error, ctx, _("it needs at least %u points"), min);
  if (n > AX_OVERLAY_MAX_ITEM_POINTS)
    return item_error (error, ctx, _("it has %u points; at most %u are allowed"), n,
                       AX_OVERLAY_MAX_ITEM_POINTS);

  item->points = g_new (AxOverlayXY, n);
  item->n_points = n;
  for (guint i = 0; i < n; i++)
    {
      JsonNode *pair = json_array_get_element (array, i);
      JsonArray *xy;

      if (!JSON_NODE_HOLDS_ARRAY (pair) || json_array_get_length (xy = json_node_get_array (pair)) != 2)
        return item_error (error, ctx, _("point %u is not a pair [x, y]"), i + 1);
      if (!read_coordinate (json_array_get_element (xy, 0), ctx, &item->points[i].x,
                            &item->points[i].y, json_array_get_element (xy, 1), error))
        return FALSE;
    }
  return TRUE;
}

/* An optional text field: absent, null or "" is NULL. */
static gboolean
read_text (JsonObject    *object,
           const char    *key,
           const ItemCtx *ctx,
           char         **out,
           GError       **error)
{
  JsonNode *node = json_object_get_member (object, key);
  const char *text;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING
      || g_utf8_strlen (text = json_node_get_string (node), -1) > AX_OVERLAY_MAX_TEXT)
    return item_error (error, ctx, _("“%s” must be text of at most %u characters"), key,
                       AX_OVERLAY_MAX_TEXT);
  if (*text != '\0')
    *out = g_strdup (text);
  return TRUE;
}

/* An optional number within [min, max], rounded to 1/100. */
static gboolean
read_bounded (JsonObject    *object,
              const char    *key,
              double         min,
              double         max,
              const ItemCtx *ctx,
              double        *out,
              GError       **error)
{
  JsonNode *node = json_object_get_member (object, key);
  double v;

  if (node == NULL)
    return TRUE;
  if (!node_number (node, &v) || v < min || v > max)
    {
      g_autofree char *lo = g_strdup_printf ("%g", min);
      g_autofree char *hi = g_strdup_printf ("%g", max);
      return item_error (error, ctx, _("“%s” must be a number from %s to %s"), key, lo, hi);
    }
  *out = round2 (v);
  return TRUE;
}

static gboolean
read_whole (JsonObject    *object,
            const char    *key,
            gint64         min,
            gint64         max,
            const ItemCtx *ctx,
            gint64        *out,
            GError       **error)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64
      || json_node_get_int (node) < min || json_node_get_int (node) > max)
    return item_error (error, ctx, _("“%s” must be a whole number from %" PRId64
                                     " to %" PRId64),
                       key, min, max);
  *out = json_node_get_int (node);
  return TRUE;
}

static gboolean
check_keys (JsonObject        *object,
            const char *const *allowed,
            const ItemCtx     *ctx,
            GError           **error)
{
  g_autoptr (GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (allowed, l->data))
      return item_error (error, ctx, _("unknown field “%s”"), (const char *) l->data);
  return TRUE;
}

static AxOverlayItem *
parse_item (JsonNode        *node,
            const ItemCtx   *base,
            GHashTable      *ids,
            GHashTable      *numbers,
            GError         **error)
{
  g_autoptr (AxOverlayItem) item = NULL;
  ItemCtx ctx = *base;
  JsonObject *object;
  JsonNode *member;
  const char *kind_name, *id;
  g_autofree char *color = NULL;
  const char *const *keys;
  AxOverlayKind kind;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return item_error (error, &ctx, _("it is not an object")), NULL;
  object = json_node_get_object (node);
  member = json_object_get_member (object, "kind");
  if (member == NULL || !JSON_NODE_HOLDS_VALUE (member)
      || json_node_get_value_type (member) != G_TYPE_STRING)
    return item_error (error, &ctx, _("it has no kind")), NULL;
  kind_name = json_node_get_string (member);
  kind = ax_overlay_kind_from_string (kind_name);
  if (kind == AX_OVERLAY_KIND_INVALID)
    return item_error (error, &ctx,
                       _("unknown kind “%s” (point, line, pen, area or text)"), kind_name), NULL;
  ctx.kind = kind_names[kind];
  item = item_new (kind);

  keys = kind == AX_OVERLAY_POINT ? point_keys
         : kind == AX_OVERLAY_AREA ? area_keys
         : kind == AX_OVERLAY_TEXT ? text_keys
         : path_keys;
  if (!check_keys (object, keys, &ctx, error))
    return NULL;

  member = json_object_get_member (object, "id");
  if (member == NULL || !JSON_NODE_HOLDS_VALUE (member)
      || json_node_get_value_type (member) != G_TYPE_STRING
      || *(id = json_node_get_string (member)) == '\0' || strlen (id) > AX_OVERLAY_MAX_ID)
    return item_error (error, &ctx, _("it needs an id of 1 to %u characters"),
                       AX_OVERLAY_MAX_ID), NULL;
  if (g_hash_table_contains (ids, id))
    return item_error (error, &ctx, _("its id “%s” is used by item %u too"), id,
                       GPOINTER_TO_UINT (g_hash_table_lookup (ids, id))), NULL;
  item->id = g_strdup (id);

  if (!read_text (object, "color", &ctx, &color, error))
    return NULL;
  if (color != NULL && !ax_overlay_color_is_valid (color))
    return item_error (error, &ctx, _("“%s” is not a colour; write it as #rrggbb"), color), NULL;
  if (color != NULL)
    set_color (item, color);

  switch (kind)
    {
    case AX_OVERLAY_POINT:
      {
        gint64 n = 0;

        if (!read_coordinate (json_object_get_member (object, "x"), &ctx, &item->x, &item->y,
                              json_object_get_member (object, "y"), error)
            || !read_whole (object, "n", 1, AX_OVERLAY_MAX_ITEMS * 100, &ctx, &n, error)
            || !read_whole (object, "units_milli", 0, AX_OVERLAY_MAX_UNITS_MILLI, &ctx,
                            &item->units_milli, error)
            || !read_text (object, "product_id", &ctx, &item->product_id, error)
            || !read_text (object, "product", &ctx, &item->product, error)
            || !read_text (object, "lot_id", &ctx, &item->lot_id, error)
            || !read_text (object, "lot", &ctx, &item->lot, error)
            || !read_text (object, "unit", &ctx, &item->unit, error)
            || !read_text (object, "area", &ctx, &item->area, error))
          return NULL;
        if (n == 0)
          return item_error (error, &ctx, _("it needs its number “n”")), NULL;
        if (g_hash_table_contains (numbers, GINT_TO_POINTER ((int) n)))
          return item_error (error, &ctx, _("number %u is also taken by item %u"), (guint) n,
                             GPOINTER_TO_UINT (g_hash_table_lookup (numbers,
                                                                    GINT_TO_POINTER ((int) n)))),
                 NULL;
        item->n = (guint) n;
        g_hash_table_insert (numbers, GINT_TO_POINTER ((int) n), GUINT_TO_POINTER (ctx.index));
        break;
      }
    case AX_OVERLAY_LINE:
    case AX_OVERLAY_PEN:
      if (!read_points (object, &ctx, item, error)
          || !read_bounded (object, "width", MIN_WIDTH, MAX_WIDTH, &ctx, &item->width, error))
        return NULL;
      break;
    case AX_OVERLAY_AREA:
      if (!read_points (object, &ctx, item, error)
          || !read_bounded (object, "fill_alpha", 0, 1, &ctx, &item->fill_alpha, error)
          || !read_text (object, "label", &ctx, &item->label, error))
        return NULL;
      break;
    case AX_OVERLAY_TEXT:
      if (!read_coordinate (json_object_get_member (object, "x"), &ctx, &item->x, &item->y,
                            json_object_get_member (object, "y"), error)
          || !read_text (object, "text", &ctx, &item->text, error)
          || !read_bounded (object, "size", MIN_SIZE, MAX_SIZE, &ctx, &item->size, error))
        return NULL;
      if (item->text == NULL)
        return item_error (error, &ctx, _("it needs some text")), NULL;
      break;
    case AX_N_OVERLAY_KINDS:
    case AX_OVERLAY_KIND_INVALID:
    default:
      g_assert_not_reached ();
    }

  g_hash_table_insert (ids, item->id, GUINT_TO_POINTER (ctx.index));
  return g_steal_pointer (&item);
}

static gboolean
overlay_error (GError    **error,
               const char *message)
{
  g_set_error_literal (error, AX_CORE_ERROR, AX_CORE_ERROR_INVALID, message);
  return FALSE;
}

AxOverlay *
ax_overlay_parse (const char *json,
                  GError    **error)
{
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (AxOverlay) overlay = NULL;
  g_autoptr (GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) numbers = g_hash_table_new (NULL, NULL);
  g_autoptr (GError) local = NULL;
  g_autoptr (GList) members = NULL;
  JsonObject *object, *space;
  JsonNode *node;
  JsonArray *items;
  double w, h;
  guint n;

  g_return_val_if_fail (json != NULL, NULL);

  root = json_from_string (json, &local);
  if (root == NULL)
    {
      g_set_error (error, AX_CORE_ERROR, AX_CORE_ERROR_INVALID,
                   _("The face chart overlay is not valid JSON: %s"),
                   local ? local->message : _("it is empty"));
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    return overlay_error (error, _("The face chart overlay must be a JSON object")), NULL;
  object = json_node_get_object (root);

  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    if (!g_str_equal (l->data, "version") && !g_str_equal (l->data, "space")
        && !g_str_equal (l->data, "items"))
      {
        g_set_error (error, AX_CORE_ERROR, AX_CORE_ERROR_INVALID,
                     _("The face chart overlay has an unknown field “%s”"),
                     (const char *) l->data);
        return NULL;
      }

  node = json_object_get_member (object, "version");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_INT64 || json_node_get_int (node) != 1)
    return overlay_error (error, _("The face chart overlay must be version 1")), NULL;

  node = json_object_get_member (object, "space");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node)
      || json_object_get_size (space = json_node_get_object (node)) != 2
      || !node_number (json_object_get_member (space, "width"), &w)
      || !node_number (json_object_get_member (space, "height"), &h)
      || w != floor (w) || h != floor (h) || w < 1 || h < 1
      || w > AX_OVERLAY_MAX_SIDE || h > AX_OVERLAY_MAX_SIDE)
    {
      g_set_error (error, AX_CORE_ERROR, AX_CORE_ERROR_INVALID,
                   _("The face chart overlay needs its image size: "
                     "\"space\": {\"width\": …, \"height\": …} in whole pixels from 1 to %u"),
                   AX_OVERLAY_MAX_SIDE);
      return NULL;
    }
  overlay = overlay_alloc ((guint) w, (guint) h);

  node = json_object_get_member (object, "items");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return overlay_error (error, _("The face chart overlay needs a list of items")), NULL;
  items = json_node_get_array (node);
  n = json_array_get_length (items);
  if (n > AX_OVERLAY_MAX_ITEMS)
    {
      g_set_error (error, AX_CORE_ERROR, AX_CORE_ERROR_INVALID,
                   _("The face chart has %u marks; at most %u are allowed"), n,
                   AX_OVERLAY_MAX_ITEMS);
      return NULL;
    }

  for (guint i = 0; i < n; i++)
    {
      ItemCtx ctx = { i + 1, NULL, overlay };
      AxOverlayItem *item = parse_item (json_array_get_element (items, i), &ctx, ids, numbers,
                                        error);

      if (item == NULL)
        return NULL;
      g_ptr_array_add (overlay->items, item);
      overlay->n_points_total += item->n_points;
      if (overlay->n_points_total > AX_OVERLAY_MAX_POINTS)
        {
          g_set_error (error, AX_CORE_ERROR, AX_CORE_ERROR_INVALID,
                       _("The face chart has more than %u points in its lines and areas"),
                       AX_OVERLAY_MAX_POINTS);
          return NULL;
        }
    }
  return g_steal_pointer (&overlay);
}

/* Serializing */

static void
append_number (GString *out,
               double   v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  gsize len;

  g_ascii_formatd (buf, sizeof buf, "%.2f", round2 (v));
  len = strlen (buf);
  while (len > 0 && buf[len - 1] == '0')
    buf[--len] = '\0';
  if (len > 0 && buf[len - 1] == '.')
    buf[--len] = '\0';
  if (g_str_equal (buf, "-0"))
    g_strlcpy (buf, "0", sizeof buf);
  g_string_append (out, buf);
}

static void
append_string (GString    *out,
               const char *text)
{
  g_autoptr (JsonNode) node = NULL;
  g_autofree char *quoted = NULL;

  if (text == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  node = json_node_init_string (json_node_alloc (), text);
  quoted = json_to_string (node, FALSE);
  g_string_append (out, quoted);
}

static void
append_key (GString    *out,
            const char *key)
{
  g_string_append_printf (out, ",\"%s\":", key);
}

static void
append_points (GString             *out,
               const AxOverlayItem *item)
{
  append_key (out, "points");
  g_string_append_c (out, '[');
  for (guint i = 0; i < item->n_points; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, '[');
      append_number (out, item->points[i].x);
      g_string_append_c (out, ',');
      append_number (out, item->points[i].y);
      g_string_append_c (out, ']');
    }
  g_string_append_c (out, ']');
}

static void
append_item (GString             *out,
             const AxOverlayItem *item)
{
  g_string_append (out, "{\"id\":");
  append_string (out, item->id);
  append_key (out, "kind");
  append_string (out, kind_names[item->kind]);
  switch (item->kind)
    {
    case AX_OVERLAY_POINT:
      g_string_append_printf (out, ",\"n\":%u", item->n);
      append_key (out, "x"), append_number (out, item->x);
      append_key (out, "y"), append_number (out, item->y);
      append_key (out, "product_id"), append_string (out, item->product_id);
      append_key (out, "product"), append_string (out, item->product);
      append_key (out, "lot_id"), append_string (out, item->lot_id);
      append_key (out, "lot"), append_string (out, item->lot);
      g_string_append_printf (out, ",\"units_milli\":%" G_GINT64_FORMAT, item->units_milli);
      append_key (out, "unit"), append_string (out, item->unit);
      append_key (out, "area"), append_string (out, item->area);
      append_key (out, "color"), append_string (out, item->color);
      break;
    case AX_OVERLAY_LINE:
    case AX_OVERLAY_PEN:
      append_points (out, item);
      append_key (out, "color"), append_string (out, item->color);
      append_key (out, "width"), append_number (out, item->width);
      break;
    case AX_OVERLAY_AREA:
      append_points (out, item);
      append_key (out, "color"), append_string (out, item->color);
      append_key (out, "fill_alpha"), append_number (out, item->fill_alpha);
      append_key (out, "label"), append_string (out, item->label);
      break;
    case AX_OVERLAY_TEXT:
      append_key (out, "x"), append_number (out, item->x);
      append_key (out, "y"), append_number (out, item->y);
      append_key (out, "text"), append_string (out, item->text);
      append_key (out, "color"), append_string (out, item->color);
      append_key (out, "size"), append_number (out, item->size);
      break;
    case AX_N_OVERLAY_KINDS:
    case AX_OVERLAY_KIND_INVALID:
    default:
      g_assert_not_reached ();
    }
  g_string_append_c (out, '}');
}

char *
ax_overlay_to_json (const AxOverlay *overlay)
{
  GString *out = g_string_sized_new (128 + overlay->items->len * 160);

  g_string_append_printf (out, "{\"version\":1,\"space\":{\"width\":%u,\"height\":%u},\"items\":[",
                          overlay->width, overlay->height);
  for (guint i = 0; i < overlay->items->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      append_item (out, g_ptr_array_index (overlay->items, i));
    }
  g_string_append (out, "]}");
  return g_string_free (out, FALSE);
}

gboolean
ax_overlay_equal (const AxOverlay *a,
                  const AxOverlay *b)
{
  g_autofree char *ja = NULL;
  g_autofree char *jb = NULL;

  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;
  ja = ax_overlay_to_json (a);
  jb = ax_overlay_to_json (b);
  return g_str_equal (ja, jb);
}

/* Queries */

static double
segment_distance (AxOverlayXY a,
                  AxOverlayXY b,
                  double      x,
                  double      y)
{
  double dx = b.x - a.x, dy = b.y - a.y;
  double len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? ((x - a.x) * dx + (y - a.y) * dy) / len2 : 0;

  t = CLAMP (t, 0.0, 1.0);
  return hypot (a.x + t * dx - x, a.y + t * dy - y);
}

static gboolean
polygon_contains (const AxOverlayItem *item,
                  double               x,
                  double               y)
{
  gboolean inside = FALSE;

  for (guint i = 0, j = item->n_points - 1; i < item->n_points; j = i++)
    {
      AxOverlayXY a = item->points[i], b = item->points[j];

      if ((a.y > y) != (b.y > y) && x < (b.x - a.x) * (y - a.y) / (b.y - a.y) + a.x)
        inside = !inside;
    }
  return inside;
}

static gboolean
item_hit (const AxOverlayItem *item,
          double               x,
          double               y,
          double               tolerance)
{
  double x0, y0, x1, y1, reach = tolerance + item->width / 2;

  switch (item->kind)
    {
    case AX_OVERLAY_POINT:
      return hypot (item->x - x, item->y - y) <= tolerance;
    case AX_OVERLAY_TEXT:
      ax_overlay_item_bounds (item, &x0, &y0, &x1, &y1);
      return x >= x0 - tolerance && x <= x1 + tolerance && y >= y0 - tolerance
             && y <= y1 + tolerance;
    case AX_OVERLAY_AREA:
      if (polygon_contains (item, x, y))
        return TRUE;
      reach = tolerance;
      G_GNUC_FALLTHROUGH;
    case AX_OVERLAY_LINE:
    case AX_OVERLAY_PEN:
      ax_overlay_item_bounds (item, &x0, &y0, &x1, &y1);
      if (x < x0 - reach || x > x1 + reach || y < y0 - reach || y > y1 + reach)
        return FALSE;
      for (guint i = 0; i + 1 < item->n_points; i++)
        if (segment_distance (item->points[i], item->points[i + 1], x, y) <= reach)
          return TRUE;
      return item->kind == AX_OVERLAY_AREA
             && segment_distance (item->points[item->n_points - 1], item->points[0], x, y) <= reach;
    case AX_N_OVERLAY_KINDS:
    case AX_OVERLAY_KIND_INVALID:
    default:
      return FALSE;
    }
}

int
ax_overlay_hit_test (const AxOverlay *overlay,
                     double           x,
                     double           y,
                     double           tolerance)
{
  /* Points and text first (they sit on top), then the rest, topmost first. */
  for (int pass = 0; pass < 2; pass++)
    for (guint i = overlay->items->len; i-- > 0;)
      {
        const AxOverlayItem *item = g_ptr_array_index (overlay->items, i);

        if (item_has_anchor (item) == (pass == 0) && item_hit (item, x, y, tolerance))
          return (int) i;
      }
  return -1;
}

char *
ax_overlay_describe (const AxOverlay *overlay)
{
  g_autoptr (GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  guint n;

  if ((n = ax_overlay_count_kind (overlay, AX_OVERLAY_POINT)) > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u injection point",
                                                          "%u injection points", n), n));
  if ((n = ax_overlay_count_kind (overlay, AX_OVERLAY_LINE)) > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u line",
                                                          "%u lines", n), n));
  if ((n = ax_overlay_count_kind (overlay, AX_OVERLAY_PEN)) > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u pen stroke",
                                                          "%u pen strokes", n), n));
  if ((n = ax_overlay_count_kind (overlay, AX_OVERLAY_AREA)) > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u area",
                                                          "%u areas", n), n));
  if ((n = ax_overlay_count_kind (overlay, AX_OVERLAY_TEXT)) > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u text label",
                                                          "%u text labels", n), n));
  if (parts->len == 0)
    return g_strdup (_("No marks"));
  g_ptr_array_add (parts, NULL);
  /* Translators: the separator between "3 injection points" and "1 line" */
  return g_strjoinv (_(", "), (char **) parts->pdata);
}

/* Edits */

static gboolean
check_room (const AxOverlay *overlay,
            guint            n_points,
            GError         **error)
{
  if (overlay->items->len >= AX_OVERLAY_MAX_ITEMS)
    {
      g_set_error (error, AX_CORE_ERROR, AX_CORE_ERROR_INVALID,
                   _("The face chart already has %u marks, the most it can hold"),
                   AX_OVERLAY_MAX_ITEMS);
      return FALSE;
    }
  if (n_points > AX_OVERLAY_MAX_ITEM_POINTS
      || overlay->n_points_total + n_points > AX_OVERLAY_MAX_POINTS)
    {
      g_set_error (error, AX_CORE_ERROR, AX_CORE_ERROR_INVALID,
                   _("That mark has too many points; draw it in shorter strokes"));
      return FALSE;
    }
  return TRUE;
}

static void
clamp_xy (const AxOverlay *overlay,
          double          *x,
          double          *y)
{
  *x = round2 (CLAMP (isfinite (*x) ? *x : 0, 0.0, (double) overlay->width));
  *y = round2 (CLAMP (isfinite (*y) ? *y : 0, 0.0, (double) overlay->height));
}

static AxOverlayItem *
new_item (AxOverlayKind kind,
          const char   *color)
{
  AxOverlayItem *item = item_new (kind);

  item->id = ax_uuid_v7_new ();
  if (ax_overlay_color_is_valid (color))
    set_color (item, color);
  return item;
}

static AxOverlay *
with_item (const AxOverlay *overlay,
           AxOverlayItem   *item)
{
  AxOverlay *copy = overlay_copy (overlay);

  g_ptr_array_add (copy->items, item);
  copy->n_points_total += item->n_points;
  return copy;
}

static void
set_text (char      **field,
          const char *text)
{
  g_free (*field);
  /* g_utf8_substring() must not be asked for more than the text holds. */
  *field = text != NULL && *text != '\0'
           ? g_utf8_substring (text, 0, MIN (g_utf8_strlen (text, -1), AX_OVERLAY_MAX_TEXT))
           : NULL;
}

static void
apply_dose (AxOverlayItem       *item,
            const AxOverlayDose *dose)
{
  if (dose == NULL)
    return;
  set_text (&item->product_id, dose->product_id);
  set_text (&item->product, dose->product);
  set_text (&item->lot_id, dose->lot_id);
  set_text (&item->lot, dose->lot);
  set_text (&item->unit, dose->unit);
  set_text (&item->area, dose->area);
  item->units_milli = CLAMP (dose->units_milli, 0, AX_OVERLAY_MAX_UNITS_MILLI);
}

guint
ax_overlay_next_point_number (const AxOverlay *overlay)
{
  guint n = 0;

  for (guint i = 0; i < overlay->items->len; i++)
    {
      const AxOverlayItem *item = g_ptr_array_index (overlay->items, i);

      if (item->kind == AX_OVERLAY_POINT)
        n = MAX (n, item->n);
    }
  return n + 1;
}

AxOverlay *
ax_overlay_add_point (const AxOverlay     *overlay,
                      double               x,
                      double               y,
                      const AxOverlayDose *dose,
                      const char          *color,
                      GError             **error)
{
  AxOverlayItem *item;

  if (!check_room (overlay, 0, error))
    return NULL;
  item = new_item (AX_OVERLAY_POINT, color);
  item->x = x, item->y = y;
  clamp_xy (overlay, &item->x, &item->y);
  item->n = ax_overlay_next_point_number (overlay);
  apply_dose (item, dose);
  return with_item (overlay, item);
}

static void
set_points (const AxOverlay   *overlay,
            AxOverlayItem     *item,
            const AxOverlayXY *points,
            guint              n_points)
{
  item->points = g_memdup2 (points, sizeof (AxOverlayXY) * n_points);
  item->n_points = n_points;
  for (guint i = 0; i < n_points; i++)
    clamp_xy (overlay, &item->points[i].x, &item->points[i].y);
}

AxOverlay *
ax_overlay_add_path (const AxOverlay   *overlay,
                     AxOverlayKind      kind,
                     const AxOverlayXY *points,
                     guint              n_points,
                     const char        *color,
                     double             width,
                     GError           **error)
{
  AxOverlayItem *item;

  g_return_val_if_fail (kind == AX_OVERLAY_LINE || kind == AX_OVERLAY_PEN, NULL);
  if ((kind == AX_OVERLAY_LINE && n_points != 2) || n_points < 2)
    {
      g_set_error (error, AX_CORE_ERROR, AX_CORE_ERROR_INVALID,
                   kind == AX_OVERLAY_LINE ? _("A line needs exactly 2 points")
                                           : _("A pen stroke needs at least 2 points"));
      return NULL;
    }
  if (!check_room (overlay, n_points, error))
    return NULL;
  item = new_item (kind, color);
  set_points (overlay, item, points, n_points);
  item->width = round2 (CLAMP (width, MIN_WIDTH, MAX_WIDTH));
  return with_item (overlay, item);
}

AxOverlay *
ax_overlay_add_area (const AxOverlay   *overlay,
                     const AxOverlayXY *points,
                     guint              n_points,
                     const char        *color,
                     double             fill_alpha,
                     const char        *label,
                     GError           **error)
{
  AxOverlayItem *item;

  if (n_points < 3)
    {
      g_set_error (error, AX_CORE_ERROR, AX_CORE_ERROR_INVALID,
                   _("An area needs at least 3 points"));
      return NULL;
    }
  if (!check_room (overlay, n_points, error))
    return NULL;
  item = new_item (AX_OVERLAY_AREA, color);
  set_points (overlay, item, points, n_points);
  item->fill_alpha = round2 (CLAMP (fill_alpha, 0.0, 1.0));
  set_text (&item->label, label);
  return with_item (overlay, item);
}

AxOverlay *
ax_overlay_add_text (const AxOverlay *overlay,
                     double           x,
                     double           y,
                     const char      *text,
                     const char      *color,
                     double           size,
                     GError         **error)
{
  AxOverlayItem *item;

  if (text == NULL || *text == '\0')
    {
      g_set_error (error, AX_CORE_ERROR, AX_CORE_ERROR_INVALID, _("A text label needs some text"));
      return NULL;
    }
  if (!check_room (overlay, 0, error))
    return NULL;
  item = new_item (AX_OVERLAY_TEXT, color);
  item->x = x, item->y = y;
  clamp_xy (overlay, &item->x, &item->y);
  set_text (&item->text, text);
  item->size = round2 (CLAMP (size, MIN_SIZE, MAX_SIZE));
  return with_item (overlay, item);
}

static int
find_or_error (const AxOverlay *overlay,
               const char      *id,
               GError         **error)
{
  int index = ax_overlay_find (overlay, id);

  if (index < 0)
    g_set_error (error, AX_CORE_ERROR, AX_CORE_ERROR_INVALID,
                 _("That mark is no longer on the face chart"));
  return index;
}

/* A copy of overlay with item index replaced by replacement (owned). */
static AxOverlay *
with_replaced (const AxOverlay *overlay,
               guint            index,
               AxOverlayItem   *replacement)
{
  AxOverlay *copy = overlay_copy (overlay);

  g_ptr_array_index (copy->items, index) = replacement;
  ax_overlay_item_unref (g_ptr_array_index (overlay->items, index));
  return copy;
}

AxOverlay *
ax_overlay_move_item (const AxOverlay *overlay,
                      const char      *id,
                      double           dx,
                      double           dy,
                      GError         **error)
{
  int index = find_or_error (overlay, id, error);
  const AxOverlayItem *item;
  AxOverlayItem *moved;
  double x0, y0, x1, y1;

  if (index < 0)
    return NULL;
  item = g_ptr_array_index (overlay->items, index);
  if (item->kind == AX_OVERLAY_TEXT)
    x0 = x1 = item->x, y0 = y1 = item->y;
  else
    ax_overlay_item_bounds (item, &x0, &y0, &x1, &y1);
  /* Keep the whole item inside the image. */
  dx = CLAMP (isfinite (dx) ? dx : 0, -x0, overlay->width - x1);
  dy = CLAMP (isfinite (dy) ? dy : 0, -y0, overlay->height - y1);

  moved = item_copy (item);
  moved->x += dx, moved->y += dy;
  if (item_has_anchor (moved))
    clamp_xy (overlay, &moved->x, &moved->y);
  for (guint i = 0; i < moved->n_points; i++)
    {
      moved->points[i].x += dx;
      moved->points[i].y += dy;
      clamp_xy (overlay, &moved->points[i].x, &moved->points[i].y);
    }
  return with_replaced (overlay, index, moved);
}

AxOverlay *
ax_overlay_remove_item (const AxOverlay *overlay,
                        const char      *id,
                        GError         **error)
{
  int index = find_or_error (overlay, id, error);
  AxOverlay *copy;

  if (index < 0)
    return NULL;
  copy = overlay_copy (overlay);
  copy->n_points_total -= ((AxOverlayItem *) g_ptr_array_index (copy->items, index))->n_points;
  g_ptr_array_remove_index (copy->items, index);
  return copy;
}

AxOverlay *
ax_overlay_set_dose (const AxOverlay     *overlay,
                     const char          *id,
                     const AxOverlayDose *dose,
                     GError             **error)
{
  int index = find_or_error (overlay, id, error);
  AxOverlayItem *changed;

  if (index < 0)
    return NULL;
  if (((AxOverlayItem *) g_ptr_array_index (overlay->items, index))->kind != AX_OVERLAY_POINT)
    {
      g_set_error (error, AX_CORE_ERROR, AX_CORE_ERROR_INVALID,
                   _("Only an injection point has a product and units"));
      return NULL;
    }
  changed = item_copy (g_ptr_array_index (overlay->items, index));
  apply_dose (changed, dose);
  return with_replaced (overlay, index, changed);
}

AxOverlay *
ax_overlay_renumber_points (const AxOverlay *overlay)
{
  AxOverlay *copy = overlay_copy (overlay);
  guint n = 0;

  for (guint i = 0; i < copy->items->len; i++)
    {
      AxOverlayItem *item = g_ptr_array_index (copy->items, i);

      if (item->kind != AX_OVERLAY_POINT)
        continue;
      if (item->n != ++n)
        {
          AxOverlayItem *renumbered = item_copy (item);

          renumbered->n = n;
          g_ptr_array_index (copy->items, i) = renumbered;
          ax_overlay_item_unref (item);
        }
    }
  return copy;
}

/* Totals */

void
ax_overlay_total_free (AxOverlayTotal *total)
{
  if (total == NULL)
    return;
  g_free (total->name);
  g_free (total->unit);
  g_free (total);
}

static GPtrArray *
totals (const AxOverlay *overlay,
        gboolean         by_product)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) ax_overlay_total_free);
  g_autoptr (GHashTable) index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < overlay->items->len; i++)
    {
      const AxOverlayItem *item = g_ptr_array_index (overlay->items, i);
      const char *name, *key_name;
      AxOverlayTotal *total;
      char *key;
      gpointer found;

      if (item->kind != AX_OVERLAY_POINT)
        continue;
      name = by_product ? item->product : item->area;
      key_name = by_product && item->product_id != NULL ? item->product_id : name;
      key = g_strdup_printf ("%s\x1f%s\x1f%s", key_name ? key_name : "", item->unit ? item->unit : "",
                             by_product && item->product_id ? "id" : "name");
      if (g_hash_table_lookup_extended (index, key, NULL, &found))
        {
          total = g_ptr_array_index (out, GPOINTER_TO_UINT (found));
          g_free (key);
        }
      else
        {
          total = g_new0 (AxOverlayTotal, 1);
          total->name = g_strdup (name ? name : "");
          total->unit = g_strdup (item->unit ? item->unit : "");
          g_hash_table_insert (index, key, GUINT_TO_POINTER (out->len));
          g_ptr_array_add (out, total);
        }
      total->units_milli += item->units_milli;
      total->n_points++;
    }
  return out;
}

GPtrArray *
ax_overlay_totals_by_product (const AxOverlay *overlay)
{
  return totals (overlay, TRUE);
}

GPtrArray *
ax_overlay_totals_by_area (const AxOverlay *overlay)
{
  return totals (overlay, FALSE);
}

char *
ax_overlay_format_units (gint64      units_milli,
                         const char *unit)
{
  g_autoptr (GString) out = g_string_new (NULL);
  gint64 whole = units_milli / 1000, frac = llabs (units_milli % 1000);

  if (units_milli < 0 && whole == 0)
    g_string_append_c (out, '-');
  g_string_append_printf (out, "%" G_GINT64_FORMAT, whole);
  if (frac != 0)
    {
      char digits[4];

      g_snprintf (digits, sizeof digits, "%03" G_GINT64_FORMAT, frac);
      for (int i = 2; i > 0 && digits[i] == '0'; i--)
        digits[i] = '\0';
      /* A dot whatever the locale: the units are read as written on the chart. */
      g_string_append_printf (out, ".%s", digits);
    }
  if (unit != NULL && *unit != '\0')
    g_string_append_printf (out, " %s", unit);
  return g_string_free (g_steal_pointer (&out), FALSE);
}
