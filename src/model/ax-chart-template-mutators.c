/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-model"

/* chart_template.add, .update, .remove (docs/charts.md: catalogue.edit). */

#include "ax-chart-mutators-private.h"
#include "ax-model-error.h"

#include <string.h>
#include <glib/gi18n-lib.h>

static const AxArgSpec id_only_args[] = {
  { "id", AX_ARG_UUID, TRUE },
  { NULL }
};

/* Templates */

/* areas_json as canonical text: [{"area", "default_units", "unit"}, …]. */
static gboolean
normalize_areas (const char  *mutator,
                 JsonObject  *args,
                 GError     **error)
{
  const char *text = ax_chart_mut_string_arg (args, "areas_json");
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (JsonArray) out = json_array_new ();
  g_autoptr (JsonNode) node = NULL;
  g_autofree char *canonical = NULL;
  JsonNode *root;
  JsonArray *areas;

  if (text == NULL)
    text = "[]";
  if (!json_parser_load_from_data (parser, text, -1, NULL)
      || !JSON_NODE_HOLDS_ARRAY ((root = json_parser_get_root (parser))))
    return ax_model_refuse (error, AX_MODEL_ERROR_INVALID_ARGS,
                            _("%s: “areas_json” must be a JSON list of areas like "
                              "[{\"area\": \"Forehead\", \"default_units\": 10, \"unit\": \"U\"}]"),
                            mutator);
  areas = json_node_get_array (root);
  if (json_array_get_length (areas) > 50)
    return ax_model_refuse (error, AX_MODEL_ERROR_INVALID_ARGS,
                            _("%s: “areas_json”: a template has at most 50 areas"), mutator);
  for (guint i = 0; i < json_array_get_length (areas); i++)
    {
      JsonNode *el = json_array_get_element (areas, i);
      JsonObject *o = JSON_NODE_HOLDS_OBJECT (el) ? json_node_get_object (el) : NULL;
      JsonNode *units = o ? json_object_get_member (o, "default_units") : NULL;
      const char *area = NULL, *unit = NULL;
      JsonObject *clean = json_object_new ();

      if (o && json_object_has_member (o, "area") && JSON_NODE_HOLDS_VALUE (json_object_get_member (o, "area"))
          && json_node_get_value_type (json_object_get_member (o, "area")) == G_TYPE_STRING)
        area = json_object_get_string_member (o, "area");
      if (o && json_object_has_member (o, "unit") && JSON_NODE_HOLDS_VALUE (json_object_get_member (o, "unit"))
          && json_node_get_value_type (json_object_get_member (o, "unit")) == G_TYPE_STRING)
        unit = json_object_get_string_member (o, "unit");
      if (area != NULL)
        while (g_ascii_isspace (*area))
          area++;
      if (area == NULL || *area == '\0' || g_utf8_strlen (area, -1) > 100)
        {
          json_object_unref (clean);
          return ax_model_refuse (error, AX_MODEL_ERROR_INVALID_ARGS,
                                  _("%s: “areas_json”: area %u needs a name (up to 100 characters)"),
                                  mutator, i + 1);
        }
      json_object_set_string_member (clean, "area", area);
      if (units != NULL && !JSON_NODE_HOLDS_NULL (units))
        {
          double v;

          if (!JSON_NODE_HOLDS_VALUE (units)
              || (json_node_get_value_type (units) != G_TYPE_INT64
                  && json_node_get_value_type (units) != G_TYPE_DOUBLE)
              || (v = json_node_get_double (units)) <= 0 || v > 1e6)
            {
              json_object_unref (clean);
              return ax_model_refuse (error, AX_MODEL_ERROR_INVALID_ARGS,
                                      _("%s: “areas_json”: the default units of %s must be a positive "
                                        "number"), mutator, area);
            }
          json_object_set_member (clean, "default_units", json_node_copy (units));
        }
      else
        json_object_set_null_member (clean, "default_units");
      if (unit != NULL && *unit != '\0')
        json_object_set_string_member (clean, "unit", unit);
      else
        json_object_set_null_member (clean, "unit");
      json_array_add_object_element (out, clean);
    }
  node = json_node_init_array (json_node_alloc (), out);
  canonical = ax_json_canonical (node);
  json_object_set_string_member (args, "areas_json", canonical);
  return TRUE;
}

static const AxArgSpec template_args[] = {
  { "id", AX_ARG_UUID },
  { "name", AX_ARG_STRING, TRUE, 0, 120 },
  { "service_id", AX_ARG_UUID },
  { "areas_json", AX_ARG_TEXT, FALSE, 0, 20000 },
  { "active", AX_ARG_BOOL },
  { NULL }
};

static gboolean
template_add_prepare (AxMutation *m,
                      JsonObject *args,
                      GError    **error)
{
  /* A new template is in use; taking it out of use is an update. */
  if (json_object_has_member (args, "active"))
    return ax_model_refuse (error, AX_MODEL_ERROR_INVALID_ARGS,
                            _("chart_template.add: a new template is always active; set "
                              "“active” with chart_template.update"));
  return ax_mutation_prepare_id (m, args, error)
         && normalize_areas ("chart_template.add", args, error);
}

static gboolean
template_add_run (AxMutation *m,
                  JsonObject *args,
                  GError    **error)
{
  const char *service_id = ax_chart_mut_string_arg (args, "service_id");

  if (service_id != NULL && !ax_mutation_require_row (m, "services", service_id, _("service"), error))
    return FALSE;
  return ax_mutation_insert_record (m, ax_mutators_lookup ("chart_template.add"), args, error);
}

static gboolean
template_update_run (AxMutation *m,
                     JsonObject *args,
                     GError    **error)
{
  JsonObject *set = json_object_get_object_member (args, "set");
  const char *service_id = ax_chart_mut_string_arg (set, "service_id");

  if (json_object_has_member (set, "name") && ax_chart_mut_string_arg (set, "name") == NULL)
    return ax_model_refuse (error, AX_MODEL_ERROR_INVALID_ARGS,
                            _("chart_template.update: “name” must not be empty"));
  if (json_object_has_member (set, "areas_json")
      && !normalize_areas ("chart_template.update", set, error))
    return FALSE;
  if (service_id != NULL && !ax_mutation_require_row (m, "services", service_id, _("service"), error))
    return FALSE;
  return ax_mutation_update_record (m, ax_mutators_lookup ("chart_template.update"), args, error);
}

static gboolean
template_remove_run (AxMutation *m,
                     JsonObject *args,
                     GError    **error)
{
  const char *id = json_object_get_string_member (args, "id");

  if (!ax_mutation_require_row (m, "chart_templates", id, _("chart template"), error)
      || !ax_mutation_soft_delete (m, "chart_templates", id, error))
    return FALSE;
  json_object_set_string_member (ax_mutation_get_result (m), "id", id);
  return TRUE;
}

static const AxMutatorDef defs[] = {
  { "chart_template.add", AX_PERM_CATALOGUE_EDIT, template_args, FALSE, template_add_prepare,
    template_add_run, "chart_templates" },
  { "chart_template.update", AX_PERM_CATALOGUE_EDIT, template_args, TRUE, NULL,
    template_update_run, "chart_templates" },
  { "chart_template.remove", AX_PERM_CATALOGUE_EDIT, id_only_args, FALSE, NULL,
    template_remove_run, NULL },
};

void
ax_chart_template_register_mutators (void)
{
  ax_mutators_register (defs, G_N_ELEMENTS (defs));
}
