/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

#include "ax-chart-pdf.h"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <glib/gi18n.h>

#include "ax-chart-text.h"

#define MARGIN 48.0

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

/* The face chart's place in the document. The overlay renderer of the
 * face chart draws here once it is in; until then the section says what
 * the chart holds. */
static void
draw_face_chart_section (Page          *page,
                         const AxChart *chart)
{
  g_autofree char *summary = NULL;
  int items = ax_chart_text_overlay_items (chart);

  draw_heading (page, _("Face Chart"));
  if (chart->overlays->len == 0)
    summary = g_strdup (_("No face-chart annotations."));
  else
    summary = g_strdup_printf (ngettext ("%d annotation item", "%d annotation items", items), items);
  draw_text (page, summary, "Sans 10", 0, 4);
}

void
ax_chart_pdf_draw (cairo_t       *cr,
                   const AxChart *chart,
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

  draw_face_chart_section (&page, chart);

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
                    GTimeZone     *tz,
                    GError       **error)
{
  cairo_surface_t *surface = cairo_pdf_surface_create (path, AX_CHART_PDF_WIDTH, AX_CHART_PDF_HEIGHT);
  cairo_t *cr;
  cairo_status_t status;

  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, _("Clinical Chart"));
  cr = cairo_create (surface);
  ax_chart_pdf_draw (cr, chart, tz, AX_CHART_PDF_WIDTH, AX_CHART_PDF_HEIGHT);
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
