/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

#include "ax-print-doc.h"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <glib/gi18n.h>

#define MM (72.0 / 25.4)
#define ROLL_W (80 * MM)
#define A4_W 595.276
#define A4_H 841.890

typedef enum
{
  ROW_TEXT,
  ROW_PAIR,
  ROW_CELLS,
  ROW_RULE,
  ROW_GAP,
  ROW_BOX,
} RowKind;

typedef struct
{
  RowKind         kind;
  AxDocStyle      style;
  PangoAlignment  align;
  guint           n;
  double          widths[8];
  char            aligns[8];
  char          **cells;
  double          extra;    /* RULE: heavy; GAP: points */
  /* Laid out */
  double          y;
  double          height;
  int             page;
} Row;

struct _AxPrintDoc
{
  AxPaper    paper;
  char      *title;
  char      *watermark;
  char      *footer;
  GPtrArray *rows;
  /* The last layout. */
  double     page_w;
  double     page_h;
  double     margin_x;
  double     margin_y;
  int        n_pages;
};

static void
row_free (Row *row)
{
  g_strfreev (row->cells);
  g_free (row);
}

AxPrintDoc *
ax_print_doc_new (AxPaper     paper,
                  const char *title)
{
  AxPrintDoc *doc = g_new0 (AxPrintDoc, 1);

  doc->paper = paper;
  doc->title = g_strdup (title);
  doc->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  doc->margin_x = paper == AX_PAPER_ROLL_80 ? 4 * MM : 48;
  doc->margin_y = paper == AX_PAPER_ROLL_80 ? 5 * MM : 44;
  return doc;
}

void
ax_print_doc_free (AxPrintDoc *doc)
{
  if (doc == NULL)
    return;
  g_free (doc->title);
  g_free (doc->watermark);
  g_free (doc->footer);
  g_ptr_array_unref (doc->rows);
  g_free (doc);
}

AxPaper
ax_print_doc_get_paper (AxPrintDoc *doc)
{
  return doc->paper;
}

const char *
ax_print_doc_get_title (AxPrintDoc *doc)
{
  return doc->title;
}

void
ax_print_doc_set_watermark (AxPrintDoc *doc,
                            const char *text)
{
  g_free (doc->watermark);
  doc->watermark = g_strdup (text);
}

void
ax_print_doc_set_footer (AxPrintDoc *doc,
                         const char *text)
{
  g_free (doc->footer);
  doc->footer = g_strdup (text);
}

static Row *
add_row (AxPrintDoc *doc,
         RowKind     kind,
         AxDocStyle  style)
{
  Row *row = g_new0 (Row, 1);

  row->kind = kind;
  row->style = style;
  g_ptr_array_add (doc->rows, row);
  return row;
}

void
ax_print_doc_text (AxPrintDoc     *doc,
                   AxDocStyle      style,
                   PangoAlignment  align,
                   const char     *text)
{
  Row *row;

  if (text == NULL || *text == '\0')
    return;
  row = add_row (doc, ROW_TEXT, style);
  row->align = align;
  row->cells = g_new0 (char *, 2);
  row->cells[0] = g_strdup (text);
}

void
ax_print_doc_pair (AxPrintDoc *doc,
                   AxDocStyle  style,
                   const char *left,
                   const char *right)
{
  Row *row = add_row (doc, ROW_PAIR, style);

  row->cells = g_new0 (char *, 3);
  row->cells[0] = g_strdup (left ? left : "");
  row->cells[1] = g_strdup (right ? right : "");
}

void
ax_print_doc_row (AxPrintDoc        *doc,
                  AxDocStyle         style,
                  guint              n,
                  const double      *widths,
                  const char        *align,
                  const char *const *cells)
{
  Row *row = add_row (doc, ROW_CELLS, style);

  g_return_if_fail (n <= G_N_ELEMENTS (row->widths));
  row->n = n;
  row->cells = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    {
      row->widths[i] = widths[i];
      row->aligns[i] = align[i];
      row->cells[i] = g_strdup (cells[i] ? cells[i] : "");
    }
}

void
ax_print_doc_rule (AxPrintDoc *doc,
                   gboolean    heavy)
{
  add_row (doc, ROW_RULE, AX_DOC_NORMAL)->extra = heavy;
}

void
ax_print_doc_gap (AxPrintDoc *doc,
                  double      points)
{
  add_row (doc, ROW_GAP, AX_DOC_NORMAL)->extra = points;
}

void
ax_print_doc_box (AxPrintDoc *doc,
                  const char *text)
{
  Row *row = add_row (doc, ROW_BOX, AX_DOC_TITLE);

  row->cells = g_new0 (char *, 2);
  row->cells[0] = g_strdup (text);
}

static const char *
font_of (AxPrintDoc *doc,
         AxDocStyle  style)
{
  static const char *const roll[] = {
    "Sans 8.5", "Sans 7.5", "Sans Bold 8.5", "Sans Bold 11", "Sans Bold 13", "Sans Bold 13", "Sans Bold 7.5",
  };
  static const char *const a4[] = {
    "Sans 10", "Sans 8", "Sans Bold 10", "Sans Bold 12.5", "Sans Bold 20", "Sans Bold 14", "Sans Bold 8",
  };

  return doc->paper == AX_PAPER_ROLL_80 ? roll[style] : a4[style];
}

static PangoLayout *
new_layout (AxPrintDoc    *doc,
            cairo_t       *cr,
            AxDocStyle     style,
            const char    *text,
            double         width,
            PangoAlignment align)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  g_autoptr (PangoFontDescription) desc = pango_font_description_from_string (font_of (doc, style));

  /* Points are points on paper, whatever the surface. */
  pango_cairo_context_set_resolution (pango_layout_get_context (layout), 72);
  pango_layout_context_changed (layout);
  pango_layout_set_font_description (layout, desc);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, align);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  return h / (double) PANGO_SCALE;
}

static PangoAlignment
alignment (char c)
{
  return c == 'r' ? PANGO_ALIGN_RIGHT : c == 'c' ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT;
}

#define CELL_PAD 4.0

/* Draws row at y (or only measures it when draw is FALSE); returns its height. */
static double
render_row (AxPrintDoc *doc,
            cairo_t    *cr,
            Row        *row,
            double      y,
            gboolean    draw)
{
  double x = doc->margin_x, w = doc->page_w - 2 * doc->margin_x;

  switch (row->kind)
    {
    case ROW_GAP:
      return row->extra;

    case ROW_RULE:
      if (draw)
        {
          cairo_save (cr);
          cairo_set_source_rgb (cr, row->extra ? 0.1 : 0.55, row->extra ? 0.1 : 0.55,
                                row->extra ? 0.1 : 0.55);
          cairo_set_line_width (cr, row->extra ? 1.0 : 0.5);
          if (!row->extra && doc->paper == AX_PAPER_ROLL_80)
            cairo_set_dash (cr, (double[]) { 2, 1.5 }, 2, 0);
          cairo_move_to (cr, x, y + 3);
          cairo_line_to (cr, x + w, y + 3);
          cairo_stroke (cr);
          cairo_restore (cr);
        }
      return 6;

    case ROW_TEXT:
      {
        g_autoptr (PangoLayout) l = new_layout (doc, cr, row->style, row->cells[0], w, row->align);

        if (draw)
          {
            cairo_move_to (cr, x, y);
            pango_cairo_show_layout (cr, l);
          }
        return layout_height (l) + 1;
      }

    case ROW_BOX:
      {
        g_autoptr (PangoLayout) l = new_layout (doc, cr, row->style, row->cells[0], w,
                                                PANGO_ALIGN_CENTER);
        double h = layout_height (l) + 6;

        if (draw)
          {
            cairo_save (cr);
            cairo_set_line_width (cr, 1.5);
            cairo_rectangle (cr, x + 0.75, y + 0.75, w - 1.5, h - 1.5);
            cairo_stroke (cr);
            cairo_move_to (cr, x, y + 3);
            pango_cairo_show_layout (cr, l);
            cairo_restore (cr);
          }
        return h + 4;
      }

    case ROW_PAIR:
      {
        g_autoptr (PangoLayout) right = new_layout (doc, cr, row->style, row->cells[1], w,
                                                    PANGO_ALIGN_RIGHT);
        PangoRectangle ink, logical;
        double rw, lh, rh;
        g_autoptr (PangoLayout) left = NULL;

        pango_layout_get_pixel_extents (right, &ink, &logical);
        rw = logical.width;
        left = new_layout (doc, cr, row->style, row->cells[0], MAX (w - rw - CELL_PAD, w / 3),
                           PANGO_ALIGN_LEFT);
        lh = layout_height (left);
        rh = layout_height (right);
        if (draw)
          {
            cairo_move_to (cr, x, y);
            pango_cairo_show_layout (cr, left);
            /* A right part too wide to share the line goes under the left. */
            cairo_move_to (cr, x, w - rw - CELL_PAD < w / 3 ? y + lh : y);
            pango_cairo_show_layout (cr, right);
          }
        return (w - rw - CELL_PAD < w / 3 ? lh + rh : MAX (lh, rh)) + 1;
      }

    case ROW_CELLS:
      {
        double h = 0, cx = x;

        for (guint i = 0; i < row->n; i++)
          {
            double cw = row->widths[i] * w;
            g_autoptr (PangoLayout) l = new_layout (doc, cr, row->style, row->cells[i],
                                                    MAX (cw - CELL_PAD, 1), alignment (row->aligns[i]));

            if (draw)
              {
                cairo_move_to (cr, cx + (row->aligns[i] == 'r' ? CELL_PAD : 0), y);
                pango_cairo_show_layout (cr, l);
              }
            h = MAX (h, layout_height (l));
            cx += cw;
          }
        return h + 2;
      }
    }
  return 0;
}

static double
footer_height (AxPrintDoc *doc)
{
  return doc->paper == AX_PAPER_A4 ? 24 : 0;
}

int
ax_print_doc_layout (AxPrintDoc *doc,
                     cairo_t    *cr,
                     double      width,
                     double      height)
{
  double y = doc->margin_y, bottom = height > 0 ? height - doc->margin_y - footer_height (doc) : G_MAXDOUBLE;
  int page = 0;

  doc->page_w = width;
  doc->page_h = height;
  for (guint i = 0; i < doc->rows->len; i++)
    {
      Row *row = g_ptr_array_index (doc->rows, i);
      double h = render_row (doc, cr, row, y, FALSE);

      if (y + h > bottom && y > doc->margin_y)
        {
          page++;
          y = doc->margin_y;
        }
      row->page = page;
      row->y = y;
      row->height = h;
      y += h;
    }
  doc->n_pages = page + 1;
  if (height <= 0)
    doc->page_h = y + doc->margin_y;
  return doc->n_pages;
}

static void
draw_watermark (AxPrintDoc *doc,
                cairo_t    *cr)
{
  g_autoptr (PangoLayout) l = NULL;
  PangoRectangle logical;

  if (doc->watermark == NULL || doc->paper != AX_PAPER_A4)
    return;
  l = pango_cairo_create_layout (cr);
  pango_cairo_context_set_resolution (pango_layout_get_context (l), 72);
  pango_layout_context_changed (l);
  {
    g_autoptr (PangoFontDescription) desc = pango_font_description_from_string ("Sans Bold 140");
    pango_layout_set_font_description (l, desc);
  }
  pango_layout_set_text (l, doc->watermark, -1);
  pango_layout_get_pixel_extents (l, NULL, &logical);
  cairo_save (cr);
  cairo_translate (cr, doc->page_w / 2, doc->page_h / 2);
  cairo_rotate (cr, -G_PI / 5);
  cairo_set_source_rgba (cr, 0.75, 0.1, 0.1, 0.13);
  cairo_move_to (cr, -logical.width / 2.0, -logical.height / 2.0);
  pango_cairo_show_layout (cr, l);
  cairo_restore (cr);
}

void
ax_print_doc_draw_page (AxPrintDoc *doc,
                        cairo_t    *cr,
                        int         page)
{
  cairo_save (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  for (guint i = 0; i < doc->rows->len; i++)
    {
      Row *row = g_ptr_array_index (doc->rows, i);

      if (row->page == page)
        render_row (doc, cr, row, row->y, TRUE);
    }
  if (doc->paper == AX_PAPER_A4)
    {
      g_autofree char *text = g_strdup_printf (_("%s — page %d of %d"),
                                               doc->footer ? doc->footer : doc->title, page + 1,
                                               doc->n_pages);
      g_autoptr (PangoLayout) l = new_layout (doc, cr, AX_DOC_SMALL, text,
                                              doc->page_w - 2 * doc->margin_x, PANGO_ALIGN_CENTER);

      cairo_set_source_rgb (cr, 0.4, 0.4, 0.4);
      cairo_move_to (cr, doc->margin_x, doc->page_h - doc->margin_y);
      pango_cairo_show_layout (cr, l);
    }
  draw_watermark (doc, cr);
  cairo_restore (cr);
}

void
ax_print_doc_get_size (AxPrintDoc *doc,
                       double     *width,
                       double     *height)
{
  if (doc->paper == AX_PAPER_A4)
    {
      *width = A4_W;
      *height = A4_H;
      return;
    }
  /* Measure on a scratch surface: the height follows the content. */
  {
    cairo_surface_t *scratch = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
    cairo_t *cr = cairo_create (scratch);

    ax_print_doc_layout (doc, cr, ROLL_W, 0);
    cairo_destroy (cr);
    cairo_surface_destroy (scratch);
    *width = ROLL_W;
    *height = doc->page_h;
  }
}

gboolean
ax_print_doc_write_pdf (AxPrintDoc *doc,
                        const char *path,
                        GError    **error)
{
  double w, h;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  int n;

  ax_print_doc_get_size (doc, &w, &h);
  surface = cairo_pdf_surface_create (path, w, h);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, doc->title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Aesthetix");
  cr = cairo_create (surface);
  n = ax_print_doc_layout (doc, cr, w, doc->paper == AX_PAPER_A4 ? h : 0);
  for (int p = 0; p < n; p++)
    {
      ax_print_doc_draw_page (doc, cr, p);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
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

/* GtkPrintOperation */

static void
begin_print_cb (GtkPrintOperation *op,
                GtkPrintContext   *context,
                AxPrintDoc        *doc)
{
  double w = gtk_print_context_get_width (context), h = gtk_print_context_get_height (context);

  gtk_print_operation_set_n_pages (op, ax_print_doc_layout (doc, gtk_print_context_get_cairo_context (context),
                                                            w, doc->paper == AX_PAPER_A4 ? h : 0));
}

static void
draw_page_cb (GtkPrintOperation *op,
              GtkPrintContext   *context,
              int                page,
              AxPrintDoc        *doc)
{
  ax_print_doc_draw_page (doc, gtk_print_context_get_cairo_context (context), page);
}

static void
done_cb (GtkPrintOperation       *op,
         GtkPrintOperationResult  result,
         gpointer                 user_data)
{
  g_autoptr (GError) error = NULL;

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      gtk_print_operation_get_error (op, &error);
      g_warning ("Printing failed: %s", error ? error->message : "?");
    }
}

gboolean
ax_print_doc_print (AxPrintDoc *doc,
                    GtkWindow  *parent,
                    const char *export_path,
                    GError    **error)
{
  g_autoptr (GtkPrintOperation) op = gtk_print_operation_new ();
  g_autoptr (GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr (GtkPaperSize) paper = NULL;
  double w, h;

  ax_print_doc_get_size (doc, &w, &h);
  if (doc->paper == AX_PAPER_A4)
    paper = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  else
    paper = gtk_paper_size_new_custom ("ax-roll-80", _("80 mm receipt roll"), w, h, GTK_UNIT_POINTS);
  gtk_page_setup_set_paper_size (setup, paper);
  gtk_page_setup_set_left_margin (setup, 0, GTK_UNIT_POINTS);
  gtk_page_setup_set_right_margin (setup, 0, GTK_UNIT_POINTS);
  gtk_page_setup_set_top_margin (setup, 0, GTK_UNIT_POINTS);
  gtk_page_setup_set_bottom_margin (setup, 0, GTK_UNIT_POINTS);
  gtk_print_operation_set_default_page_setup (op, setup);
  gtk_print_operation_set_use_full_page (op, TRUE);
  gtk_print_operation_set_unit (op, GTK_UNIT_POINTS);
  gtk_print_operation_set_job_name (op, doc->title);
  gtk_print_operation_set_embed_page_setup (op, TRUE);
  g_object_set_data_full (G_OBJECT (op), "ax-print-doc", doc, (GDestroyNotify) ax_print_doc_free);
  g_signal_connect (op, "begin-print", G_CALLBACK (begin_print_cb), doc);
  g_signal_connect (op, "draw-page", G_CALLBACK (draw_page_cb), doc);
  g_signal_connect (op, "done", G_CALLBACK (done_cb), NULL);

  if (export_path != NULL)
    {
      gtk_print_operation_set_export_filename (op, export_path);
      return gtk_print_operation_run (op, GTK_PRINT_OPERATION_ACTION_EXPORT, parent, error)
             != GTK_PRINT_OPERATION_RESULT_ERROR;
    }
  gtk_print_operation_set_allow_async (op, TRUE);
  return gtk_print_operation_run (op, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, parent, error)
         != GTK_PRINT_OPERATION_RESULT_ERROR;
}
