/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Receipts, tax invoices, credit notes and the Z report as PDF, read back
 * with pdftotext (skipped when poppler-utils is not there): docs/tax.md
 * example 14 rung up, printed through the sale.print flow with
 * AX_PRINT_EXPORT_DIR (the original archived under receipts/, the reprint
 * marked COPY), and the per-class totals read off the page adding up to the
 * total. With AX_SHOT_DIR set, the PDFs are copied there. Needs an X
 * display for GtkPrintOperation (skipped, 77, without one). */
#include <adwaita.h>
#include <string.h>

#include "model/ax-fixture.h"
#include "ax-test-sales.h"
#include "ax-context.h"
#include "ax-money.h"
#include "sales/ax-receipt-doc.h"
#include "sales/ax-sale-print.h"

#define SKIP 77
#define SALE(n) "019c1000-0000-7000-8000-00000000000" #n

static AxFixture f;
static AxContext *context;
static char *export_dir;

static void
setup (void)
{
  ck_assert_msg (gtk_init_check (), "no display");
  adw_init ();
  ax_fixture_setup (&f);
  ax_test_sales_catalogue (f.store, f.actors[OWNER]);
  {
    g_autoptr (GSettings) settings = g_settings_new (AX_APP_ID);
    context = ax_context_new (f.store, settings);
  }
  ax_context_set_actor (context, f.actors[BILLING]);
  export_dir = g_build_filename (f.dir, "export", NULL);
  g_mkdir_with_parents (export_dir, 0700);
  g_setenv ("AX_PRINT_EXPORT_DIR", export_dir, TRUE);
}

static void
teardown (void)
{
  g_clear_object (&context);
  g_clear_pointer (&export_dir, g_free);
  ax_fixture_teardown (&f);
}

static char *
pdf_text (const char *pdf)
{
  g_autofree char *prog = g_find_program_in_path ("pdftotext");
  g_autofree char *out = NULL;
  g_autoptr (GError) error = NULL;
  const char *argv[] = { prog, "-layout", pdf, "-", NULL };
  const char *shots = g_getenv ("AX_SHOT_DIR");
  int status = 0;

  ck_assert_msg (g_file_test (pdf, G_FILE_TEST_EXISTS), "%s was not written", pdf);
  if (shots != NULL)
    {
      g_autofree char *base = g_path_get_basename (pdf);
      g_autofree char *copy = g_build_filename (shots, base, NULL);
      g_autofree char *data = NULL;
      gsize len;

      if (g_file_get_contents (pdf, &data, &len, NULL))
        g_file_set_contents (copy, data, len, NULL);
    }
  if (prog == NULL)
    return NULL;
  ck_assert_msg (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                               &out, NULL, &status, &error), "%s", error ? error->message : "");
  ck_assert_int_eq (status, 0);
  return g_steal_pointer (&out);
}

static void
has (const char *text,
     const char *part)
{
  ck_assert_msg (strstr (text, part) != NULL, "“%s” is not in:\n%s", part, text);
}

/* The last amount on the last line that starts with label (runs of spaces
 * read as one). */
static gint64
amount_after (const char *text,
              const char *label)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = g_strv_length (lines); i-- > 0;)
    {
      g_autoptr (GRegex) spaces = g_regex_new (" +", 0, 0, NULL);
      g_autofree char *l = g_regex_replace_literal (spaces, g_strstrip (lines[i]), -1, 0, " ", 0, NULL);
      g_auto (GStrv) words = NULL;
      guint n;
      gint64 v = 0;

      if (!g_str_has_prefix (l, label))
        continue;
      words = g_strsplit_set (l, " ", -1);
      n = g_strv_length (words);
      while (n > 0 && *words[n - 1] == '\0')
        n--;
      ck_assert_msg (n > 0 && ax_money_parse (words[n - 1], "THB", "en_US.UTF-8", &v, NULL),
                     "no amount on “%s”", l);
      return v;
    }
  ck_abort_msg ("no line “%s” in:\n%s", label, text);
  return 0;
}

static void
sell (void)
{
  g_autofree char *patient = ax_fixture_mutate_id (&f, FRONT_DESK, "patient.create",
                                                   "{\"first_name\": \"Anong\", \"last_name\": \"Suk\"}");
  g_autofree char *args = g_strdup_printf ("{\"id\": \"" SALE (1) "\", " AX_TS_EXAMPLE_14 ", "
    "\"patient_id\": \"%s\", \"tenders\": [{\"kind\": \"card\", \"amount\": 1000000, "
    "\"reference\": \"VISA 4242\"}, {\"kind\": \"cash\", \"amount\": 398457, \"given\": 400000}]}",
    patient);

  json_node_unref (ax_fixture_mutate (&f, BILLING, "sale.checkout", args));
}

static char *
print (const char   *sale,
       AxReceiptKind kind,
       const char   *buyer)
{
  g_autoptr (GError) error = NULL;

  ck_assert_msg (ax_sale_print_run (context, NULL, sale, kind, buyer, buyer ? "0105550001112" : NULL,
                                    buyer ? "1 Silom Road, Bangkok" : NULL, &error),
                 "%s", error ? error->message : "");
  return NULL;
}

static char *
exported (const char *name)
{
  g_autofree char *path = g_build_filename (export_dir, name, NULL);

  return pdf_text (path);
}

START_TEST (test_receipt)
{
  g_autofree char *original = NULL, *archived = NULL, *copy = NULL, *path = NULL;
  gint64 classes;

  sell ();
  print (SALE (1), AX_RECEIPT_KIND_RECEIPT, NULL);
  original = exported ("LOTR-D1-2026-000001-receipt-1.pdf");
  path = ax_sale_print_archive_path (f.store, "LOTR-D1-2026-000001-receipt.pdf");
  archived = pdf_text (path);
  if (original == NULL)
    return;
  ck_assert_str_eq (original, archived);
  has (original, "Lotus Test Clinic");
  has (original, "Tax ID 0105561234567 · Head office");
  has (original, "RECEIPT / TAX INVOICE (ABB.)");
  has (original, "LOTR-D1-2026-000001");
  has (original, "10/03/2026 10:30");     /* Bangkok time, not UTC 03:30 */
  has (original, "billing user");
  has (original, "Anong Suk");
  has (original, "Toxin (units)");
  has (original, "Discount 10 %");
  has (original, "VISA 4242");
  ck_assert_msg (strstr (original, "COPY") == NULL, "the original says COPY");
  /* The figures of example 14, and the classes add up to the total. */
  ck_assert_int_eq (amount_after (original, "Subtotal"), 1498456);
  ck_assert_int_eq (amount_after (original, "Receipt discount"), -99999);
  ck_assert_int_eq (amount_after (original, "TOTAL"), 1398457);
  ck_assert_int_eq (amount_after (original, "Standard"), 1208579);
  classes = amount_after (original, "Standard") + amount_after (original, "Zero-rated")
            + amount_after (original, "Exempt");
  ck_assert_int_eq (classes, amount_after (original, "TOTAL"));
  ck_assert_int_eq (amount_after (original, "Card"), 1000000);
  ck_assert_int_eq (amount_after (original, "Cash received"), 400000);
  ck_assert_int_eq (amount_after (original, "Change"), 1543);

  /* A reprint says COPY; the archive keeps the original. */
  print (SALE (1), AX_RECEIPT_KIND_RECEIPT, NULL);
  copy = exported ("LOTR-D1-2026-000001-receipt-2.pdf");
  has (copy, "COPY");
  ck_assert_int_eq (amount_after (copy, "TOTAL"), 1398457);
  g_free (archived);
  archived = pdf_text (path);
  ck_assert_msg (strstr (archived, "COPY") == NULL, "the archive was overwritten by a copy");
}
END_TEST

START_TEST (test_invoice)
{
  g_autofree char *original = NULL, *copy = NULL, *path = NULL, *archived = NULL;

  sell ();
  print (SALE (1), AX_RECEIPT_KIND_INVOICE, "Siam Beauty Co., Ltd.");
  original = exported ("LOTR-D1-2026-000001-invoice-1.pdf");
  if (original == NULL)
    return;
  has (original, "TAX INVOICE / RECEIPT — ORIGINAL");
  has (original, "Lotus Test Clinic Co., Ltd.");
  has (original, "Siam Beauty Co., Ltd.");
  has (original, "Tax ID 0105550001112");
  has (original, "1 Silom Road, Bangkok");
  has (original, "Patient Anong Suk");
  ck_assert_msg (strstr (original, "COPY") == NULL, "the original says COPY");
  /* Lines after their own discounts add up to the subtotal; then the
   * receipt discount; net + VAT = total. */
  ck_assert_int_eq (amount_after (original, "1 Toxin"), 1125000);
  ck_assert_int_eq (amount_after (original, "2 Doctor"), 80000);
  ck_assert_int_eq (amount_after (original, "3 Sunscreen"), 170000);
  ck_assert_int_eq (amount_after (original, "4 Zero-rated"), 123456);
  ck_assert_int_eq (1125000 + 80000 + 170000 + 123456, amount_after (original, "Subtotal"));
  ck_assert_int_eq (amount_after (original, "Net") + amount_after (original, "VAT ฿"),
                    amount_after (original, "TOTAL"));
  ck_assert_int_eq (amount_after (original, "TOTAL"), 1398457);
  ck_assert_int_eq (amount_after (original, "VAT ฿"), 79066);

  /* The receipt was never printed: its first print is still an original. */
  print (SALE (1), AX_RECEIPT_KIND_INVOICE, NULL);
  copy = exported ("LOTR-D1-2026-000001-invoice-2.pdf");
  has (copy, "TAX INVOICE / RECEIPT — COPY");
  has (copy, "Siam Beauty Co., Ltd.");
  path = ax_sale_print_archive_path (f.store, "LOTR-D1-2026-000001-invoice.pdf");
  archived = pdf_text (path);
  has (archived, "ORIGINAL");
}
END_TEST

START_TEST (test_credit_note_and_z_report)
{
  g_autofree char *cn = NULL, *z = NULL;
  g_autoptr (GError) error = NULL;

  sell ();
  json_node_unref (ax_fixture_mutate (&f, BILLING, "sale.refund", "{\"id\": \"" SALE (2) "\", "
                   "\"sale_id\": \"" SALE (1) "\", \"reason\": \"Skin reaction\"}"));
  print (SALE (2), AX_RECEIPT_KIND_RECEIPT, NULL);
  cn = exported ("LOTCN-D1-2026-000001-receipt-1.pdf");
  if (cn == NULL)
    return;
  has (cn, "CREDIT NOTE");
  has (cn, "LOTR-D1-2026-000001");
  has (cn, "Skin reaction");
  ck_assert_int_eq (amount_after (cn, "TOTAL"), -1398457);

  json_node_unref (ax_fixture_mutate (&f, BILLING, "day.close", "{\"date\": \"2026-03-10\", "
                                      "\"counted_cash\": 500}"));
  ck_assert_msg (ax_z_report_print (context, NULL, ax_store_get_device_id (f.store), "2026-03-10",
                                    &error), "%s", error ? error->message : "");
  z = exported ("Z-D1-2026-03-10.pdf");
  has (z, "Z REPORT");
  ck_assert_int_eq (amount_after (z, "Sales (1)"), 1398457);
  ck_assert_int_eq (amount_after (z, "Refunds (1)"), -1398457);
  ck_assert_int_eq (amount_after (z, "Net sales"), 0);
  ck_assert_int_eq (amount_after (z, "Expected in drawer"), 0);
  ck_assert_int_eq (amount_after (z, "Counted"), 500);
  ck_assert_int_eq (amount_after (z, "Over"), 500);
  {
    g_autofree char *path = ax_sale_print_archive_path (f.store, "Z-D1-2026-03-10.pdf");
    ck_assert (g_file_test (path, G_FILE_TEST_EXISTS));
  }
}
END_TEST

int
main (void)
{
  const TTest *tests[] = { test_receipt, test_invoice, test_credit_note_and_z_report };

  g_setenv ("CK_FORK", "no", FALSE);

  if (!gtk_init_check ())
    return SKIP;
  return ax_test_run ("receipts-pdf", setup, teardown, tests, G_N_ELEMENTS (tests));
}
