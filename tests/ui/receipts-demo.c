/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Writes the documents of a store's sale as PDF files, for a look and for
 * screenshots (not installed):
 *
 *   receipts-demo STORE OUTDIR [SALE-NUMBER]
 *
 * The sale (the newest of today's on this terminal when no number is given)
 * as an 80 mm receipt, the same receipt marked COPY, an A4 tax invoice to a
 * sample buyer when the sale names none, and today's Z report. Records no
 * print. */
#include <gtk/gtk.h>

#include "ax-store.h"
#include "ax-day-close.h"
#include "sales/ax-receipt-doc.h"

static void
write_doc (AxPrintDoc *doc,
       const char *dir,
       const char *name)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);

  if (!ax_print_doc_write_pdf (doc, path, &error))
    g_printerr ("%s\n", error->message);
  else
    g_print ("%s\n", path);
  ax_print_doc_free (doc);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AxStore) store = NULL;
  g_autoptr (AxSalesDay) day = NULL;
  g_autoptr (AxReceipt) receipt = NULL;
  g_autoptr (GDateTime) now = NULL;
  g_autofree char *date = NULL;
  const AxClinicInfo *clinic;
  AxReceipt *chosen = NULL;

  if (argc < 3)
    {
      g_printerr ("usage: receipts-demo STORE OUTDIR [SALE-NUMBER]\n");
      return 2;
    }
  store = ax_store_open (argv[1], &error);
  if (store == NULL || (clinic = ax_store_get_clinic (store)) == NULL)
    {
      g_printerr ("%s\n", error ? error->message : "no clinic in the store");
      return 1;
    }
  {
    g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (ax_store_now_ms (store) / 1000);
    now = g_date_time_to_timezone (utc, ax_store_get_timezone (store));
  }
  date = g_date_time_format (now, "%Y-%m-%d");
  {
    g_autoptr (AxZReport) z = ax_z_report_query (ax_store_get_db (store), clinic->id,
                                                 ax_store_get_device_id (store), date,
                                                 ax_store_get_timezone (store), &error);
    if (z == NULL)
      {
        g_printerr ("%s\n", error->message);
        return 1;
      }
    write_doc (ax_z_report_doc_new (z, clinic, ax_store_get_timezone (store), ax_store_now_ms (store)),
           argv[2], "z-report.pdf");
  }
  {
    g_autoptr (GPtrArray) sales = ax_sales_query_range (ax_store_get_db (store), clinic->id,
                                                        ax_store_get_device_id (store), 0, G_MAXINT64,
                                                        &error);
    for (guint i = sales ? sales->len : 0; i-- > 0;)
      {
        AxSale *s = sales->pdata[i];

        if (argc > 3 ? g_str_equal (s->number, argv[3]) : g_strcmp0 (s->kind, "sale") == 0)
          {
            receipt = ax_receipt_query (ax_store_get_db (store), clinic->id, s->id, &error);
            break;
          }
      }
  }
  chosen = receipt;
  if (chosen == NULL)
    {
      g_printerr ("no such sale\n");
      return 1;
    }
  write_doc (ax_receipt_doc_new (chosen, AX_RECEIPT_KIND_RECEIPT, FALSE), argv[2], "receipt.pdf");
  write_doc (ax_receipt_doc_new (chosen, AX_RECEIPT_KIND_RECEIPT, TRUE), argv[2], "receipt-copy.pdf");
  if (chosen->buyer_name == NULL)
    {
      chosen->buyer_name = g_strdup ("Siam Beauty Co., Ltd.");
      chosen->buyer_tax_id = g_strdup ("0105550001112");
      chosen->buyer_address = g_strdup ("1 Silom Road, Bang Rak, Bangkok 10500");
    }
  write_doc (ax_receipt_doc_new (chosen, AX_RECEIPT_KIND_INVOICE, FALSE), argv[2], "invoice.pdf");
  write_doc (ax_receipt_doc_new (chosen, AX_RECEIPT_KIND_INVOICE, TRUE), argv[2], "invoice-copy.pdf");
  return 0;
}
