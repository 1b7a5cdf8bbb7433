/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

#include "ax-commission-rule-dialog.h"

#include <glib/gi18n.h>

#include "ax-money.h"
#include "widgets/ax-form-dialog.h"

#define MAX_TIERS 10

typedef struct
{
  AxContext           *context;
  AxFormDialog        *dialog;
  AxCommissionRule    *rule;        /* a copy of what the edit opened with, or NULL */
  GPtrArray           *providers;   /* ids, index 0 = all (NULL) */
  GPtrArray           *categories;
  AdwPreferencesGroup *tiers_group;
  GtkWidget           *no_tiers_row;   /* the "tiers" field: shown while there are none */
  GtkWidget           *add_tier_button;
  GPtrArray           *tier_rows;   /* AdwActionRow, with "above" and "rate" entries */
} RuleForm;

static void
rule_form_free (RuleForm *form)
{
  g_clear_object (&form->context);
  g_clear_pointer (&form->rule, ax_commission_rule_free);
  g_ptr_array_unref (form->providers);
  g_ptr_array_unref (form->categories);
  g_ptr_array_unref (form->tier_rows);
  g_free (form);
}

/* Text */

char *
ax_commission_text_percent (guint bp)
{
  if (bp % 100 == 0)
    return g_strdup_printf ("%u %%", bp / 100);
  if (bp % 10 == 0)
    return g_strdup_printf ("%u.%u %%", bp / 100, (bp % 100) / 10);
  return g_strdup_printf ("%u.%02u %%", bp / 100, bp % 100);
}

gboolean
ax_commission_text_parse_percent (const char *text,
                                  guint      *bp)
{
  g_autofree char *s = g_strstrip (g_strdup (text ? text : ""));
  gsize len = strlen (s);
  guint whole = 0, frac = 0, n_frac = 0, n_whole = 0;
  gboolean point = FALSE;

  if (len > 0 && s[len - 1] == '%')
    {
      s[len - 1] = '\0';
      g_strstrip (s);
    }
  for (const char *p = s; *p; p++)
    {
      if (g_ascii_isdigit (*p) && !point)
        {
          if (++n_whole > 3)
            return FALSE;
          whole = whole * 10 + (guint) (*p - '0');
        }
      else if (g_ascii_isdigit (*p))
        {
          if (++n_frac > 2)
            return FALSE;
          frac = frac * 10 + (guint) (*p - '0');
        }
      else if ((*p == '.' || *p == ',') && !point)
        point = TRUE;
      else
        return FALSE;
    }
  if (n_whole == 0 && n_frac == 0)
    return FALSE;
  if (n_frac == 1)
    frac *= 10;
  if (whole * 100 + frac > 10000)
    return FALSE;
  *bp = whole * 100 + frac;
  return TRUE;
}

char *
ax_commission_text_rates (const AxCommissionRule *rule,
                          const char             *currency)
{
  g_autofree char *base = ax_commission_text_percent (rule->base_rate_bp);
  GString *out = g_string_new (base);

  for (guint i = 0; rule->tiers != NULL && i < rule->tiers->len; i++)
    {
      const AxCommissionTier *t = &g_array_index (rule->tiers, AxCommissionTier, i);
      g_autofree char *rate = ax_commission_text_percent (t->rate_bp);
      g_autofree char *above = ax_money_format (t->above, currency, NULL);

      /* Translators: a tier of a commission rule, after the base rate:
       * "5 %; 10 % above ฿100,000.00" */
      g_string_append_printf (out, _("; %s above %s"), rate, above);
    }
  return g_string_free (out, FALSE);
}

char *
ax_commission_text_scope (const AxCommissionRule *rule)
{
  /* Translators: who and what a commission rule applies to: "Dr Lee · Injectables" */
  return g_strdup_printf (_("%s · %s"),
                          rule->provider_id ? rule->provider_name : _("All providers"),
                          rule->category_id ? rule->category_name : _("All categories"));
}

/* Building */

static GtkWidget *
add_choice (RuleForm            *form,
            AdwPreferencesGroup *group,
            const char          *key,
            const char          *title,
            const char          *all,
            GPtrArray           *choices,
            GPtrArray           *ids,
            const char          *selected)
{
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr (GtkStringList) model = gtk_string_list_new ((const char *[]) { all, NULL });

  g_ptr_array_add (ids, NULL);
  for (guint i = 0; i < choices->len; i++)
    {
      const AxCommissionChoice *c = choices->pdata[i];

      gtk_string_list_append (model, c->name);
      g_ptr_array_add (ids, g_strdup (c->id));
    }
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  for (guint i = 1; selected != NULL && i < ids->len; i++)
    if (g_strcmp0 (ids->pdata[i], selected) == 0)
      adw_combo_row_set_selected (ADW_COMBO_ROW (row), i);
  ax_form_dialog_add_field (form->dialog, group, key, title, row);
  return row;
}

static void renumber_tiers (RuleForm *form);

static void
remove_tier_cb (GtkButton *button,
                RuleForm  *form)
{
  GtkWidget *row = g_object_get_data (G_OBJECT (button), "tier-row");

  g_ptr_array_remove (form->tier_rows, row);
  adw_preferences_group_remove (form->tiers_group, row);
  renumber_tiers (form);
}

static GtkWidget *
tier_entry (const char *placeholder,
            int         width)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), width);
  gtk_editable_set_max_width_chars (GTK_EDITABLE (entry), width);
  gtk_widget_set_hexpand (entry, FALSE);
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_NUMBER);
  gtk_widget_set_valign (entry, GTK_ALIGN_CENTER);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  return entry;
}

static void
renumber_tiers (RuleForm *form)
{
  for (guint i = 0; i < form->tier_rows->len; i++)
    {
      GtkWidget *row = form->tier_rows->pdata[i];
      g_autofree char *title = g_strdup_printf (_("Tier %u"), i + 1);
      /* Translators: accessible names of a tier's fields and button; %u is its number */
      g_autofree char *above = g_strdup_printf (_("Tier %u: sales above"), i + 1);
      g_autofree char *rate = g_strdup_printf (_("Tier %u: rate in percent"), i + 1);
      g_autofree char *remove = g_strdup_printf (_("Remove tier %u"), i + 1);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      gtk_accessible_update_property (GTK_ACCESSIBLE (g_object_get_data (G_OBJECT (row), "above")),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, above, -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (g_object_get_data (G_OBJECT (row), "rate")),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, rate, -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (g_object_get_data (G_OBJECT (row), "remove")),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, remove, -1);
    }
  gtk_widget_set_visible (form->no_tiers_row, form->tier_rows->len == 0);
  gtk_widget_set_sensitive (form->add_tier_button, form->tier_rows->len < MAX_TIERS);
}

static GtkWidget *
add_tier (RuleForm                *form,
          const AxCommissionTier  *tier)
{
  const AxClinicInfo *clinic = ax_context_get_clinic (form->context);
  GtkWidget *row = adw_action_row_new ();
  /* Translators: placeholder of a tier's sales threshold, in money */
  GtkWidget *above = tier_entry (_("Sales above"), 12);
  /* Translators: placeholder of a tier's rate */
  GtkWidget *rate = tier_entry (_("Rate %"), 5);
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  GtkWidget *above_label = gtk_label_new (_("above"));
  GtkWidget *rate_label = gtk_label_new ("%");

  if (tier != NULL)
    {
      g_autofree char *money = ax_money_format (tier->above, clinic ? clinic->currency : NULL,
                                                NULL);
      g_autofree char *pct = ax_commission_text_percent (tier->rate_bp);

      gtk_editable_set_text (GTK_EDITABLE (above), money);
      pct[strlen (pct) - 2] = '\0';   /* the entry is in percent already */
      gtk_editable_set_text (GTK_EDITABLE (rate), pct);
    }
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (remove, _("Remove this tier"));
  gtk_widget_add_css_class (above_label, "dim-label");
  gtk_widget_add_css_class (rate_label, "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), rate);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), rate_label);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), above_label);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), above);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  g_object_set_data (G_OBJECT (row), "above", above);
  g_object_set_data (G_OBJECT (row), "rate", rate);
  g_object_set_data (G_OBJECT (row), "remove", remove);
  g_object_set_data (G_OBJECT (remove), "tier-row", row);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_tier_cb), form);
  adw_preferences_group_add (form->tiers_group, row);
  g_ptr_array_add (form->tier_rows, row);
  renumber_tiers (form);
  return row;
}

static void
add_tier_cb (GtkButton *button,
             RuleForm  *form)
{
  GtkWidget *row = add_tier (form, NULL);

  gtk_widget_grab_focus (g_object_get_data (G_OBJECT (row), "above"));
}

/* Saving */

static const char *
chosen (GtkWidget *row,
        GPtrArray *ids)
{
  guint i = adw_combo_row_get_selected (ADW_COMBO_ROW (row));

  return i < ids->len ? ids->pdata[i] : NULL;
}

static void
set_id (JsonObject *obj,
        const char *name,
        const char *id)
{
  if (id != NULL)
    json_object_set_string_member (obj, name, id);
  else
    json_object_set_null_member (obj, name);
}

/* The tiers as typed, or NULL with the error shown. */
static JsonArray *
read_tiers (RuleForm *form)
{
  const AxClinicInfo *clinic = ax_context_get_clinic (form->context);
  g_autoptr (JsonArray) tiers = json_array_new ();

  for (guint i = 0; i < form->tier_rows->len; i++)
    {
      GtkWidget *row = form->tier_rows->pdata[i];
      GtkWidget *above_entry = g_object_get_data (G_OBJECT (row), "above");
      const char *above_text = gtk_editable_get_text (GTK_EDITABLE (above_entry));
      GtkWidget *rate_entry = g_object_get_data (G_OBJECT (row), "rate");
      const char *rate_text = gtk_editable_get_text (GTK_EDITABLE (rate_entry));
      g_autoptr (GError) error = NULL;
      JsonObject *t;
      gint64 above;
      guint rate;

      if (!ax_money_parse (above_text, clinic ? clinic->currency : NULL, NULL, &above, &error)
          || above <= 0)
        {
          g_autofree char *m = g_strdup_printf (_("Tier %u: type the monthly sales it starts above, "
                                                  "like 100,000"), i + 1);
          ax_form_dialog_set_error (form->dialog, "tiers", m);
          return NULL;
        }
      if (!ax_commission_text_parse_percent (rate_text, &rate))
        {
          g_autofree char *m = g_strdup_printf (_("Tier %u: type a rate from 0 to 100, like 10 "
                                                  "or 7.5"), i + 1);
          ax_form_dialog_set_error (form->dialog, "tiers", m);
          return NULL;
        }
      t = json_object_new ();
      json_object_set_int_member (t, "above", above);
      json_object_set_int_member (t, "rate_bp", rate);
      json_array_add_object_element (tiers, t);
    }
  return g_steal_pointer (&tiers);
}

static void
submit_cb (AxFormDialog *dialog,
           RuleForm     *form)
{
  g_autofree char *rate_text = ax_form_dialog_get_text (dialog, "base_rate_bp");
  g_autoptr (JsonObject) values = json_object_new ();
  g_autoptr (JsonObject) args = json_object_new ();
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (JsonNode) result = NULL;
  g_autoptr (GError) error = NULL;
  JsonArray *tiers;
  guint rate;

  ax_form_dialog_clear_errors (dialog);
  if (!ax_commission_text_parse_percent (rate_text, &rate))
    {
      ax_form_dialog_set_error (dialog, "base_rate_bp",
                                _("Type a rate from 0 to 100, like 5 or 7.5"));
      return;
    }
  tiers = read_tiers (form);
  if (tiers == NULL)
    return;

  set_id (values, "provider_id",
          chosen (ax_form_dialog_get_field (dialog, "provider_id"), form->providers));
  set_id (values, "category_id",
          chosen (ax_form_dialog_get_field (dialog, "category_id"), form->categories));
  json_object_set_int_member (values, "base_rate_bp", rate);
  json_object_set_array_member (values, "tiers", tiers);

  if (form->rule == NULL)
    {
      g_autoptr (GList) members = json_object_get_members (values);

      for (GList *l = members; l; l = l->next)
        if (!json_object_get_null_member (values, l->data))
          json_object_set_member (args, l->data,
                                  json_node_copy (json_object_get_member (values, l->data)));
    }
  else
    {
      JsonObject *from = json_object_new ();
      g_autoptr (JsonParser) parser = json_parser_new ();

      json_object_set_string_member (args, "id", form->rule->id);
      json_object_set_object_member (args, "set", json_object_ref (values));
      set_id (from, "provider_id", form->rule->provider_id);
      set_id (from, "category_id", form->rule->category_id);
      json_object_set_int_member (from, "base_rate_bp", form->rule->base_rate_bp);
      if (json_parser_load_from_data (parser, form->rule->tiers_json, -1, NULL))
        json_object_set_member (from, "tiers", json_node_copy (json_parser_get_root (parser)));
      json_object_set_object_member (args, "from", from);
    }
  node = json_node_init_object (json_node_alloc (), args);
  result = ax_store_mutate (ax_context_get_store (form->context),
                            ax_context_get_actor (form->context),
                            form->rule ? "commission_rule.update" : "commission_rule.create", node,
                            &error);
  if (result == NULL)
    {
      ax_form_dialog_show_error (dialog, error);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static AxCommissionRule *
rule_copy (const AxCommissionRule *rule)
{
  AxCommissionRule *copy = g_new0 (AxCommissionRule, 1);

  copy->id = g_strdup (rule->id);
  copy->provider_id = g_strdup (rule->provider_id);
  copy->provider_name = g_strdup (rule->provider_name);
  copy->category_id = g_strdup (rule->category_id);
  copy->category_name = g_strdup (rule->category_name);
  copy->base_rate_bp = rule->base_rate_bp;
  copy->tiers = g_array_copy (rule->tiers);
  copy->tiers_json = g_strdup (rule->tiers_json);
  return copy;
}

GtkWindow *
ax_commission_rule_dialog_open (GtkWidget                 *parent,
                                AxContext                 *context,
                                const AxCommissionRuleSet *set,
                                const AxCommissionRule    *rule)
{
  RuleForm *form = g_new0 (RuleForm, 1);
  AdwPreferencesGroup *group;
  GtkWidget *entry;
  GtkWidget *button;
  g_autofree char *rate = rule ? ax_commission_text_percent (rule->base_rate_bp) : NULL;

  form->context = g_object_ref (context);
  form->rule = rule ? rule_copy (rule) : NULL;
  form->providers = g_ptr_array_new_with_free_func (g_free);
  form->categories = g_ptr_array_new_with_free_func (g_free);
  form->tier_rows = g_ptr_array_new ();
  form->dialog = ax_form_dialog_new (parent,
                                     rule ? _("Edit Commission Rule") : _("New Commission Rule"),
                                     rule ? _("_Save") : _("_Add"));
  g_object_set_data_full (G_OBJECT (form->dialog), "ax-rule-form", form,
                          (GDestroyNotify) rule_form_free);

  group = ax_form_dialog_add_group (form->dialog, _("Applies To"), NULL);
  add_choice (form, group, "provider_id", _("Provider"), _("All providers"), set->providers,
              form->providers, rule ? rule->provider_id : NULL);
  add_choice (form, group, "category_id", _("Category"), _("All categories"), set->categories,
              form->categories, rule ? rule->category_id : NULL);

  group = ax_form_dialog_add_group (form->dialog, _("Rate"), NULL);
  if (rate != NULL)
    rate[strlen (rate) - 2] = '\0';
  entry = ax_form_dialog_add_entry (form->dialog, group, "base_rate_bp", _("Base rate (%)"),
                                    rate ? rate : NULL);
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), 6);

  form->tiers_group = ax_form_dialog_add_group (form->dialog, _("Tiers"),
                                                _("A higher rate for the provider’s whole month once "
                                                  "their sales in it are above an amount."));
  form->no_tiers_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (form->no_tiers_row), _("No tiers"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (form->no_tiers_row),
                               _("The base rate applies whatever the provider sells"));
  button = gtk_button_new ();
  gtk_button_set_child (GTK_BUTTON (button), g_object_new (ADW_TYPE_BUTTON_CONTENT,
                                                           "icon-name", "list-add-symbolic",
                                                           "label", _("Add _Tier"),
                                                           "use-underline", TRUE, NULL));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Add Tier"), -1);
  g_signal_connect (button, "clicked", G_CALLBACK (add_tier_cb), form);
  adw_preferences_group_set_header_suffix (form->tiers_group, button);
  form->add_tier_button = button;
  ax_form_dialog_add_field (form->dialog, form->tiers_group, "tiers", _("Tiers"),
                            form->no_tiers_row);
  for (guint i = 0; rule != NULL && i < rule->tiers->len; i++)
    add_tier (form, &g_array_index (rule->tiers, AxCommissionTier, i));

  g_signal_connect (form->dialog, "submit", G_CALLBACK (submit_cb), form);
  gtk_window_present (GTK_WINDOW (form->dialog));
  return GTK_WINDOW (form->dialog);
}
