/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

#include "ax-consent-pdf.h"
#include "widgets/ax-signature-draw.h"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <glib/gi18n.h>

/* A4 in points, and its margins. */
#define PAGE_W 595.276
#define PAGE_H 841.890
#define MARGIN 56.0
#define TEXT_W (PAGE_W - 2 * MARGIN)
#define FOOTER_H 24.0

typedef struct
{
  cairo_t    *cr;
  double      y;
  int         page;
  const char *footer;
} Writer;

static PangoLayout *
new_layout (Writer     *w,
            const char *font,
            const char *text,
            double      width)
{
  PangoLayout *layout = pango_cairo_create_layout (w->cr);
  g_autoptr (PangoFontDescription) desc = pango_font_description_from_string (font);

  pango_layout_set_font_description (layout, desc);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

static void
draw_footer (Writer *w)
{
  g_autofree char *text = g_strdup_printf (_("%s — page %d"), w->footer, w->page);
  g_autoptr (PangoLayout) layout = new_layout (w, "Sans 7.5", text, TEXT_W);

  cairo_save (w->cr);
  cairo_set_source_rgb (w->cr, 0.45, 0.45, 0.45);
  cairo_move_to (w->cr, MARGIN, PAGE_H - MARGIN + 10);
  pango_cairo_show_layout (w->cr, layout);
  cairo_restore (w->cr);
}

static void
new_page (Writer *w)
{
  draw_footer (w);
  cairo_show_page (w->cr);
  w->page++;
  w->y = MARGIN;
}

static void
ensure_room (Writer *w,
             double  height)
{
  if (w->y + height > PAGE_H - MARGIN - FOOTER_H)
    new_page (w);
}

/* Writes text line by line, breaking pages between lines. */
static void
write_text (Writer     *w,
            const char *font,
            const char *text,
            double      gap_after)
{
  g_autoptr (PangoLayout) layout = new_layout (w, font, text, TEXT_W);
  PangoLayoutIter *iter = pango_layout_get_iter (layout);

  do
    {
      PangoLayoutLine *line = pango_layout_iter_get_line_readonly (iter);
      PangoRectangle logical;
      int baseline = pango_layout_iter_get_baseline (iter);
      int line_top;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      line_top = logical.y;
      ensure_room (w, logical.height / (double) PANGO_SCALE);
      cairo_move_to (w->cr, MARGIN + logical.x / (double) PANGO_SCALE,
                     w->y + (baseline - line_top) / (double) PANGO_SCALE);
      pango_cairo_show_layout_line (w->cr, line);
      w->y += logical.height / (double) PANGO_SCALE;
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
  w->y += gap_after;
}

static char *
format_ms (gint64      ms,
           GTimeZone  *tz)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (ms / 1000);
  g_autoptr (GDateTime) local = g_date_time_to_timezone (utc, tz);

  /* Translators: the date and time of a signature in a PDF, strftime format */
  return g_date_time_format (local, _("%-d %B %Y, %H:%M (UTC%:z)"));
}

static void
write_signature (Writer    *w,
                 AxConsent *consent,
                 GTimeZone *tz)
{
  const double box_w = 240, box_h = 80;
  g_autofree char *when = format_ms (consent->signed_ms, tz);
  g_autofree char *lines = NULL;

  ensure_room (w, box_h + 120);
  write_text (w, "Sans Bold 11", _("Signature"), 6);

  /* The signature as vectors, on its line. */
  cairo_save (w->cr);
  cairo_set_source_rgb (w->cr, 0.6, 0.6, 0.6);
  cairo_set_line_width (w->cr, 0.6);
  cairo_move_to (w->cr, MARGIN, w->y + box_h * 0.78);
  cairo_line_to (w->cr, MARGIN + box_w, w->y + box_h * 0.78);
  cairo_stroke (w->cr);
  cairo_set_source_rgb (w->cr, 0.08, 0.13, 0.38);
  ax_signature_strokes_draw (w->cr, consent->strokes, 0, 0, MARGIN, w->y, box_w, box_h);
  cairo_restore (w->cr);
  w->y += box_h + 8;

  lines = g_strdup_printf (_("Signed by: %s\nSigned at: %s\nMeaning: %s"),
                           consent->signer_name, when, consent->meaning);
  write_text (w, "Sans 9.5", lines, 4);
  write_text (w, "Sans 8", _("SHA-256 of the signed content:"), 1);
  write_text (w, "Monospace 8", consent->content_sha256, 4);
}

gboolean
ax_consent_pdf_write (AxConsent          *consent,
                      const AxClinicInfo *clinic,
                      GTimeZone          *tz,
                      const char         *path,
                      GError            **error)
{
  cairo_surface_t *surface;
  cairo_status_t status;
  g_autofree char *patient = NULL;
  g_autofree char *footer = NULL;
  g_autofree char *created = NULL;
  g_autofree char *id_line = NULL;
  Writer w = { 0 };

  g_return_val_if_fail (consent != NULL && path != NULL, FALSE);

  surface = cairo_pdf_surface_create (path, PAGE_W, PAGE_H);
  status = cairo_surface_status (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not write %s: %s"), path,
                   cairo_status_to_string (status));
      return FALSE;
    }
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, consent->template_name);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Aesthetix");
  if (clinic != NULL)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_AUTHOR, clinic->name);

  w.cr = cairo_create (surface);
  w.y = MARGIN;
  w.page = 1;
  /* Translators: the footer of every page of a consent PDF; %s is the consent's id */
  footer = g_strdup_printf (_("Consent %s"), consent->id);
  w.footer = footer;
  cairo_set_source_rgb (w.cr, 0, 0, 0);

  if (clinic != NULL)
    {
      write_text (&w, "Sans Bold 15", clinic->name, 2);
      if (clinic->address != NULL && *clinic->address != '\0')
        write_text (&w, "Sans 8.5", clinic->address, 0);
      w.y += 10;
      cairo_save (w.cr);
      cairo_set_source_rgb (w.cr, 0.75, 0.75, 0.75);
      cairo_set_line_width (w.cr, 0.8);
      cairo_move_to (w.cr, MARGIN, w.y);
      cairo_line_to (w.cr, PAGE_W - MARGIN, w.y);
      cairo_stroke (w.cr);
      cairo_restore (w.cr);
      w.y += 16;
    }

  write_text (&w, "Sans Bold 14", consent->template_name, 4);
  /* Translators: under a consent's title in its PDF: the patient's name and number */
  patient = g_strdup_printf (_("Patient: %s (%s)"), consent->patient_name, consent->patient_number);
  write_text (&w, "Sans 10", patient, 2);
  created = format_ms (consent->created_ms, tz);
  id_line = g_strdup_printf (_("Consent %s, made %s, template revision %d"), consent->id, created,
                             consent->template_revision);
  write_text (&w, "Sans 8", id_line, 18);

  write_text (&w, "Serif 11", consent->body, 24);

  if (consent->status == AX_CONSENT_PENDING || consent->signature_id == NULL)
    write_text (&w, "Sans Bold 11", _("Not signed yet."), 6);
  else
    write_signature (&w, consent, tz);

  if (consent->status == AX_CONSENT_WITHDRAWN)
    {
      g_autofree char *when = format_ms (consent->withdrawn_ms, tz);
      g_autofree char *text = g_strdup_printf (_("Withdrawn on %s. Reason: %s"), when,
                                               consent->withdraw_reason ? consent->withdraw_reason : "");

      w.y += 8;
      cairo_save (w.cr);
      cairo_set_source_rgb (w.cr, 0.65, 0.1, 0.1);
      write_text (&w, "Sans Bold 10", text, 4);
      cairo_restore (w.cr);
    }

  draw_footer (&w);
  cairo_show_page (w.cr);
  cairo_destroy (w.cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not write %s: %s"), path,
                   cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}
