/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

#include "ax-sale-print.h"
#include "ax-receipt-doc.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

char *
ax_sale_print_archive_path (AxStore    *store,
                            const char *name)
{
  g_autofree char *dir = g_path_get_dirname (ax_store_get_path (store));

  return g_build_filename (dir, "receipts", name, NULL);
}

static gboolean
archive (AxStore    *store,
         AxPrintDoc *doc,
         const char *name,
         GError    **error)
{
  g_autofree char *path = ax_sale_print_archive_path (store, name);
  g_autofree char *dir = g_path_get_dirname (path);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not make the receipts folder %s: %s"), dir, g_strerror (saved));
      return FALSE;
    }
  return ax_print_doc_write_pdf (doc, path, error);
}

/* Prints doc (taken) through the dialog, or exports it under AX_PRINT_EXPORT_DIR. */
static gboolean
output (AxPrintDoc *doc,
        GtkWindow  *parent,
        const char *export_name,
        GError    **error)
{
  const char *dir = g_getenv ("AX_PRINT_EXPORT_DIR");
  g_autofree char *path = dir && *dir ? g_build_filename (dir, export_name, NULL) : NULL;

  if (path != NULL && g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not make the receipts folder %s: %s"), dir, g_strerror (saved));
      return FALSE;
    }
  return ax_print_doc_print (doc, parent, path, error);
}

gboolean
ax_sale_print_run (AxContext     *context,
                   GtkWindow     *parent,
                   const char    *sale_id,
                   AxReceiptKind  kind,
                   const char    *buyer_name,
                   const char    *buyer_tax_id,
                   const char    *buyer_address,
                   GError       **error)
{
  AxStore *store = ax_context_get_store (context);
  const AxClinicInfo *clinic = ax_context_get_clinic (context);
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode) args = NULL;
  g_autoptr (JsonNode) result = NULL;
  g_autoptr (AxReceipt) receipt = NULL;
  g_autoptr (AxPrintDoc) doc = NULL;
  g_autofree char *name = NULL;
  g_autofree char *export_name = NULL;
  gboolean copy;
  gint64 count;

  g_return_val_if_fail (clinic != NULL, FALSE);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "sale_id");
  json_builder_add_string_value (b, sale_id);
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, ax_receipt_kind_to_string (kind));
  if (buyer_name != NULL)
    {
      json_builder_set_member_name (b, "buyer_name");
      json_builder_add_string_value (b, buyer_name);
      json_builder_set_member_name (b, "buyer_tax_id");
      json_builder_add_string_value (b, buyer_tax_id);
      json_builder_set_member_name (b, "buyer_address");
      json_builder_add_string_value (b, buyer_address);
    }
  json_builder_end_object (b);
  args = json_builder_get_root (b);

  result = ax_store_mutate (store, ax_context_get_actor (context), "receipt.print", args, error);
  if (result == NULL)
    return FALSE;
  copy = json_object_get_boolean_member (json_node_get_object (result), "copy");
  count = json_object_get_int_member (json_node_get_object (result), "count");

  /* One sale, read at once: a few rows by primary key. */
  receipt = ax_receipt_query (ax_store_get_db (store), clinic->id, sale_id, error);
  if (receipt == NULL)
    return FALSE;
  name = g_strdup_printf ("%s-%s.pdf", receipt->sale->number, ax_receipt_kind_to_string (kind));
  if (!copy)
    {
      g_autoptr (AxPrintDoc) original = ax_receipt_doc_new (receipt, kind, FALSE);

      if (!archive (store, original, name, error))
        return FALSE;
    }
  doc = ax_receipt_doc_new (receipt, kind, copy);
  export_name = g_strdup_printf ("%s-%s-%" G_GINT64_FORMAT ".pdf", receipt->sale->number,
                                 ax_receipt_kind_to_string (kind), count);
  return output (g_steal_pointer (&doc), parent, export_name, error);
}

void
ax_sale_print_show_error (GtkWindow    *parent,
                          const char   *heading,
                          const GError *error)
{
  GtkWidget *dialog = adw_message_dialog_new (parent, heading, error ? error->message : NULL);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The buyer of a tax invoice */

typedef struct
{
  AxContext *context;
  GtkWindow *parent;
  char      *sale_id;
  GtkEntry  *name;
  GtkEntry  *tax_id;
  GtkEntry  *address;
} BuyerRequest;

static void
buyer_request_free (BuyerRequest *req)
{
  g_object_unref (req->context);
  g_clear_object (&req->parent);
  g_free (req->sale_id);
  g_free (req);
}

static void
buyer_request_notify (gpointer  data,
                      GClosure *closure)
{
  buyer_request_free (data);
}

static void
buyer_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   BuyerRequest     *req)
{
  g_autoptr (GError) error = NULL;

  if (g_strcmp0 (response, "issue") != 0)
    return;
  if (!ax_sale_print_run (req->context, req->parent, req->sale_id, AX_RECEIPT_KIND_INVOICE,
                          gtk_editable_get_text (GTK_EDITABLE (req->name)),
                          gtk_editable_get_text (GTK_EDITABLE (req->tax_id)),
                          gtk_editable_get_text (GTK_EDITABLE (req->address)), &error))
    ax_sale_print_show_error (req->parent, _("The tax invoice was not issued"), error);
}

static GtkEntry *
labelled_entry (GtkBox     *box,
                const char *label)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_box_append (box, entry);
  return GTK_ENTRY (entry);
}

static void
ask_buyer (AxContext  *context,
           GtkWindow  *parent,
           const char *sale_id,
           const char *number)
{
  g_autofree char *body = g_strdup_printf (_("A full tax invoice for %s names the buyer. Enter the "
                                             "name, the tax id (for a business) and the address."),
                                           number);
  GtkWidget *dialog = adw_message_dialog_new (parent, _("Issue a Tax Invoice"), body);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  BuyerRequest *req = g_new0 (BuyerRequest, 1);

  req->context = g_object_ref (context);
  req->parent = parent ? g_object_ref (parent) : NULL;
  req->sale_id = g_strdup (sale_id);
  req->name = labelled_entry (GTK_BOX (box), _("Buyer’s name"));
  req->tax_id = labelled_entry (GTK_BOX (box), _("Buyer’s tax id"));
  req->address = labelled_entry (GTK_BOX (box), _("Buyer’s address"));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "issue", _("_Issue Invoice"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "issue",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "issue");
  g_signal_connect_data (dialog, "response", G_CALLBACK (buyer_response_cb), req,
                         buyer_request_notify, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
ax_sale_print_activate (AxContext  *context,
                        GtkWindow  *parent,
                        const char *sale_id,
                        const char *kind_name)
{
  g_autoptr (GError) error = NULL;
  int kind = ax_receipt_kind_from_string (kind_name);

  if (kind < 0)
    {
      g_warning ("sale.print: unknown kind “%s”", kind_name);
      return;
    }
  if (kind == AX_RECEIPT_KIND_INVOICE)
    {
      const AxClinicInfo *clinic = ax_context_get_clinic (context);
      g_autoptr (AxReceipt) r = ax_receipt_query (ax_store_get_db (ax_context_get_store (context)),
                                                  clinic->id, sale_id, &error);

      if (r == NULL)
        {
          ax_sale_print_show_error (parent, _("Nothing was printed"), error);
          return;
        }
      if (r->buyer_name == NULL)
        {
          ask_buyer (context, parent, sale_id, r->sale->number);
          return;
        }
    }
  if (!ax_sale_print_run (context, parent, sale_id, kind, NULL, NULL, NULL, &error))
    ax_sale_print_show_error (parent, _("Nothing was printed"), error);
}

gboolean
ax_z_report_print (AxContext  *context,
                   GtkWindow  *parent,
                   const char *device_id,
                   const char *date,
                   GError    **error)
{
  AxStore *store = ax_context_get_store (context);
  const AxClinicInfo *clinic = ax_context_get_clinic (context);
  g_autoptr (AxZReport) z = NULL;
  g_autoptr (AxPrintDoc) doc = NULL;
  g_autofree char *name = NULL;

  z = ax_z_report_query (ax_store_get_db (store), clinic->id, device_id, date,
                         ax_store_get_timezone (store), error);
  if (z == NULL)
    return FALSE;
  doc = ax_z_report_doc_new (z, clinic, ax_store_get_timezone (store), ax_store_now_ms (store));
  name = g_strdup_printf ("Z-%s-%s.pdf", z->device_code, z->date);
  if (z->closed)
    {
      g_autofree char *path = ax_sale_print_archive_path (store, name);

      if (!g_file_test (path, G_FILE_TEST_EXISTS) && !archive (store, doc, name, error))
        return FALSE;
    }
  return output (g_steal_pointer (&doc), parent, name, error);
}
