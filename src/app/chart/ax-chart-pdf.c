/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

#include "ax-chart-pdf.h"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <glib/gi18n.h>

#include "ax-chart-text.h"
#include "ax-face-draw.h"
#include "ax-overlay.h"

#define MARGIN 48.0
/* The tallest a face chart is drawn, in points. */
#define FACE_FIGURE_HEIGHT 380.0

/* A cursor down the pages. */
typedef struct
{
  cairo_t   *cr;
  GTimeZone *tz;
  double     width;
  double     height;
  double     y;
} Page;

static void
ensure_room (Page  *page,
             double needed)
{
  if (page->y + needed <= page->height - MARGIN || page->y <= MARGIN)
    return;
  cairo_show_page (page->cr);
  page->y = MARGIN;
}

/* Text wrapped to the page width, in font ("Sans 10"), at indent. */
static void
draw_text (Page       *page,
           const char *text,
           const char *font,
           double      indent,
           double      space_after)
{
  g_autoptr (PangoLayout) layout = pango_cairo_create_layout (page->cr);
  PangoFontDescription *desc = pango_font_description_from_string (font);
  int w, h;

  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  pango_layout_set_width (layout, (int) ((page->width - 2 * MARGIN - indent) * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_size (layout, &w, &h);
  ensure_room (page, (double) h / PANGO_SCALE);
  cairo_move_to (page->cr, MARGIN + indent, page->y);
  pango_cairo_show_layout (page->cr, layout);
  page->y += (double) h / PANGO_SCALE + space_after;
}

static void
draw_heading (Page       *page,
              const char *title)
{
  ensure_room (page, 60);
  page->y += 8;
  draw_text (page, title, "Sans Bold 12", 0, 2);
  cairo_set_line_width (page->cr, 0.5);
  cairo_move_to (page->cr, MARGIN, page->y);
  cairo_line_to (page->cr, page->width - MARGIN, page->y);
  cairo_stroke (page->cr);
  page->y += 6;
}

/* One face chart as drawn: the photo (or the diagram's line art) with its
 * overlay on top, scaled to the page's width, then its totals. */
static void
draw_face_figure (Page                 *page,
                  const AxChartOverlay *stored,
                  GHashTable           *photos)
{
  g_autoptr (AxOverlay) overlay = ax_overlay_parse (stored->overlay_json, NULL);
  g_autoptr (GPtrArray) totals = NULL;
  cairo_surface_t *photo = NULL;
  double iw, ih, box_w, scale;
  cairo_t *cr = page->cr;

  if (overlay == NULL)
    {
      draw_text (page, _("This face chart could not be read."), "Sans 10", 0, 4);
      return;
    }
  if (stored->photo_sha256 != NULL && photos != NULL)
    photo = g_hash_table_lookup (photos, stored->photo_sha256);
  iw = ax_overlay_get_width (overlay);
  ih = ax_overlay_get_height (overlay);
  box_w = page->width - 2 * MARGIN;
  scale = MIN (box_w / iw, FACE_FIGURE_HEIGHT / ih);

  if (stored->photo_sha256 != NULL)
    {
      /* Translators: above a face chart drawn on a photo in the chart's PDF */
      g_autofree char *caption = g_strdup_printf (_("On the photo %s"), stored->photo_sha256);

      draw_text (page, caption, "Sans 8", 0, 2);
    }
  else
    draw_text (page, g_strcmp0 (stored->diagram, "profile") == 0
                     ? _("On the face diagram, profile") : _("On the face diagram, front"),
               "Sans 8", 0, 2);
  ensure_room (page, ih * scale + 8);

  cairo_save (cr);
  cairo_translate (cr, MARGIN + (box_w - iw * scale) / 2, page->y);
  cairo_rectangle (cr, 0, 0, iw * scale, ih * scale);
  cairo_clip (cr);
  if (photo != NULL)
    {
      cairo_save (cr);
      cairo_scale (cr, iw * scale / cairo_image_surface_get_width (photo),
                   ih * scale / cairo_image_surface_get_height (photo));
      cairo_set_source_surface (cr, photo, 0, 0);
      cairo_paint (cr);
      cairo_restore (cr);
    }
  cairo_scale (cr, scale, scale);
  if (stored->photo_sha256 == NULL)
    {
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
      ax_face_diagram_draw (cr, g_strcmp0 (stored->diagram, "profile") == 0
                                ? AX_FACE_DIAGRAM_PROFILE : AX_FACE_DIAGRAM_FRONT);
    }
  for (guint i = 0; i < ax_overlay_get_n_items (overlay); i++)
    ax_face_draw_item (cr, ax_overlay_get_item (overlay, i), scale);
  cairo_restore (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  page->y += ih * scale + 8;

  totals = ax_overlay_totals_by_product (overlay);
  for (guint i = 0; i < totals->len; i++)
    {
      const AxOverlayTotal *t = totals->pdata[i];
      g_autofree char *units = ax_overlay_format_units (t->units_milli, t->unit);
      g_autofree char *line = NULL;

      /* Translators: a product's total on a face chart: "Botox: 24 U at 5 points" */
      line = g_strdup_printf (ngettext ("%s: %s at %u point", "%s: %s at %u points", t->n_points),
                              *t->name ? t->name : _("No product"), units, t->n_points);
      draw_text (page, line, "Sans 10", 12, 2);
    }
}

/* The face charts: each drawn, with its totals. */
static void
draw_face_chart_section (Page          *page,
                         const AxChart *chart,
                         GHashTable    *photos)
{
  draw_heading (page, _("Face Chart"));
  if (chart->overlays->len == 0)
    draw_text (page, _("No face-chart annotations."), "Sans 10", 0, 4);
  for (guint i = 0; i < chart->overlays->len; i++)
    draw_face_figure (page, chart->overlays->pdata[i], photos);
}

void
ax_chart_pdf_draw (cairo_t       *cr,
                   const AxChart *chart,
                   GHashTable    *photos,
                   GTimeZone     *tz,
                   double         width,
                   double         height)
{
  Page page = { cr, tz, width, height, MARGIN };
  g_autofree char *visit = ax_chart_text_instant (chart->visit_at, tz);
  g_autofree char *title = NULL;
  g_autofree char *facts = NULL;
  g_autofree char *status = NULL;

  cairo_save (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);

  title = chart->amends_chart_id != NULL
          ? g_strdup_printf (_("Clinical Chart (amendment) — %s"), chart->patient_name)
          : g_strdup_printf (_("Clinical Chart — %s"), chart->patient_name);
  draw_text (&page, title, "Sans Bold 16", 0, 6);
  facts = g_strdup_printf (_("Patient number: %s\nVisit: %s\nProvider: %s\nTemplate: %s\nChart: %s"),
                           chart->patient_number, visit, chart->provider_name,
                           *chart->template_name ? chart->template_name : _("none"), chart->id);
  draw_text (&page, facts, "Sans 10", 0, 4);
  status = g_strdup_printf (_("Status: %s"), ax_chart_status_display_name (chart->status));
  draw_text (&page, status, "Sans Bold 10", 0, 4);
  if (chart->amends_chart_id != NULL)
    {
      g_autofree char *amends = g_strdup_printf (_("Amends chart %s"), chart->amends_chart_id);
      draw_text (&page, amends, "Sans 10", 0, 4);
    }

  draw_heading (&page, _("Treatment"));
  if (chart->entries->len == 0)
    draw_text (&page, _("No entries."), "Sans 10", 0, 4);
  for (guint i = 0; i < chart->entries->len; i++)
    {
      g_autofree char *entry_title = ax_chart_text_entry_title (chart->entries->pdata[i]);
      g_autofree char *line = g_strdup_printf ("%u. %s", i + 1, entry_title);
      g_autofree char *detail = ax_chart_text_entry_detail (chart->entries->pdata[i]);

      draw_text (&page, line, "Sans Bold 10", 0, 1);
      if (*detail != '\0')
        draw_text (&page, detail, "Sans 10", 14, 4);
    }

  draw_heading (&page, _("Notes"));
  draw_text (&page, chart->notes ? chart->notes : _("None."), "Sans 10", 0, 4);
  draw_heading (&page, _("Aftercare"));
  draw_text (&page, chart->aftercare ? chart->aftercare : _("None."), "Sans 10", 0, 4);

  draw_face_chart_section (&page, chart, photos);

  draw_heading (&page, _("Photos"));
  if (chart->photo_sha256[0] == NULL)
    draw_text (&page, _("No photos."), "Sans 10", 0, 4);
  for (guint i = 0; chart->photo_sha256[i] != NULL; i++)
    draw_text (&page, chart->photo_sha256[i], "Monospace 8", 0, 2);

  draw_heading (&page, _("Signatures"));
  if (chart->signature == NULL)
    draw_text (&page, _("Not signed."), "Sans 10", 0, 4);
  else
    {
      g_autofree char *when = ax_chart_text_instant (chart->signature->signed_at, tz);
      g_autofree char *who = g_strdup_printf (_("Signed by %s on %s"), chart->signature->signer_name,
                                              when);
      g_autofree char *meaning = g_strdup_printf (_("Meaning: %s"), chart->signature->meaning);
      g_autofree char *hash = g_strdup_printf (_("SHA-256 of the signed content: %s"),
                                               chart->signature->content_sha256);
      const char *check = g_strcmp0 (chart->signature->content_sha256, chart->current_sha256) == 0
                          ? _("The chart as printed has this hash.")
                          : _("WARNING: the chart no longer has the signed hash.");

      draw_text (&page, who, "Sans Bold 10", 0, 2);
      draw_text (&page, meaning, "Sans 10", 0, 2);
      draw_text (&page, hash, "Monospace 8", 0, 2);
      draw_text (&page, check, "Sans 9", 0, 4);
    }
  {
    g_autofree char *current = g_strdup_printf (_("Content SHA-256 now: %s"), chart->current_sha256);
    draw_text (&page, current, "Monospace 8", 0, 2);
  }
  cairo_restore (cr);
}

gboolean
ax_chart_pdf_write (const char    *path,
                    const AxChart *chart,
                    GHashTable    *photos,
                    GTimeZone     *tz,
                    GError       **error)
{
  cairo_surface_t *surface = cairo_pdf_surface_create (path, AX_CHART_PDF_WIDTH, AX_CHART_PDF_HEIGHT);
  cairo_t *cr;
  cairo_status_t status;

  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, _("Clinical Chart"));
  cr = cairo_create (surface);
  ax_chart_pdf_draw (cr, chart, photos, tz, AX_CHART_PDF_WIDTH, AX_CHART_PDF_HEIGHT);
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The PDF could not be written to %s: %s"),
                   path, cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}
