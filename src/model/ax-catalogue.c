/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-model"

/* Mutators for what the clinic offers and who and where it offers it:
 * providers, rooms, service categories, services and working hours. */

#include "ax-model-private.h"
#include "ax-model-error.h"

#include <glib/gi18n-lib.h>

static const char *const tax_classes[] = { "standard", "zero", "exempt", NULL };
static const char *const category_kinds[] = {
  "treatment", "medication", "retail", "package", "membership", NULL,
};
static const char *const hour_kinds[] = { "work", "break", NULL };

static const AxArgSpec provider_args[] = {
  { "id", AX_ARG_UUID },
  { "name", AX_ARG_STRING, TRUE, 0, 80 },
  { "title", AX_ARG_STRING, FALSE, 0, 40 },
  { "specialty", AX_ARG_STRING, FALSE, 0, 80 },
  { "color", AX_ARG_STRING, FALSE, 0, 9 },
  { "user_id", AX_ARG_UUID },
  { "license_no", AX_ARG_STRING, FALSE, 0, 40 },
  { "active", AX_ARG_BOOL },
  { "sort_order", AX_ARG_INT, FALSE, 0, 10000 },
  { NULL }
};

static const AxArgSpec room_args[] = {
  { "id", AX_ARG_UUID },
  { "name", AX_ARG_STRING, TRUE, 0, 60 },
  { "kind", AX_ARG_STRING, FALSE, 0, 40 },
  { "active", AX_ARG_BOOL },
  { "sort_order", AX_ARG_INT, FALSE, 0, 10000 },
  { NULL }
};

static const AxArgSpec category_args[] = {
  { "id", AX_ARG_UUID },
  { "name", AX_ARG_STRING, TRUE, 0, 60 },
  { "kind", AX_ARG_ENUM, FALSE, 0, 0, category_kinds },
  { "color", AX_ARG_STRING, FALSE, 0, 9 },
  { "sort_order", AX_ARG_INT, FALSE, 0, 10000 },
  { NULL }
};

static const AxArgSpec service_args[] = {
  { "id", AX_ARG_UUID },
  { "category_id", AX_ARG_UUID },
  { "code", AX_ARG_STRING, FALSE, 0, 16 },
  { "name", AX_ARG_STRING, TRUE, 0, 100 },
  { "description", AX_ARG_TEXT, FALSE, 0, 2000 },
  { "duration_min", AX_ARG_INT, FALSE, 5, 720 },
  { "price", AX_ARG_MONEY },
  { "tax_class", AX_ARG_ENUM, FALSE, 0, 0, tax_classes },
  { "needs_room", AX_ARG_BOOL },
  { "active", AX_ARG_BOOL },
  { NULL }
};

static const AxArgSpec hours_args[] = {
  { "id", AX_ARG_UUID },
  { "provider_id", AX_ARG_UUID },
  { "room_id", AX_ARG_UUID },
  { "weekday", AX_ARG_INT, TRUE, 1, 7 },
  { "start_min", AX_ARG_INT, TRUE, 0, 1440 },
  { "end_min", AX_ARG_INT, TRUE, 0, 1440 },
  { "kind", AX_ARG_ENUM, FALSE, 0, 0, hour_kinds },
  { NULL }
};

static gboolean
require_optional_ref (AxMutation *m,
                      JsonObject *obj,
                      const char *member,
                      const char *table,
                      const char *what,
                      GError    **error)
{
  const char *id = json_object_get_string_member_with_default (obj, member, NULL);

  return id == NULL || ax_mutation_require_row (m, table, id, what, error);
}

static JsonObject *
fields_of (JsonObject *args,
           gboolean    is_update)
{
  return is_update ? json_object_get_object_member (args, "set") : args;
}

/* One run for every record mutator of this file: check references, then
 * insert or update through the generic helpers. */
static gboolean
record_run (AxMutation *m,
            JsonObject *args,
            const char *name,
            GError    **error)
{
  const AxMutatorDef *def = ax_mutators_lookup (name);
  JsonObject *fields = fields_of (args, def->is_update);

  if (!require_optional_ref (m, fields, "category_id", "service_categories", _("service category"), error)
      || !require_optional_ref (m, fields, "user_id", "users", _("user"), error)
      || !require_optional_ref (m, fields, "provider_id", "providers", _("provider"), error)
      || !require_optional_ref (m, fields, "room_id", "rooms", _("room"), error))
    return FALSE;
  return def->is_update ? ax_mutation_update_record (m, def, args, error)
                        : ax_mutation_insert_record (m, def, args, error);
}

#define RECORD_RUN(fn, name)                                                  \
  static gboolean fn (AxMutation *m, JsonObject *args, GError **error)        \
  { return record_run (m, args, name, error); }

RECORD_RUN (provider_create_run, "provider.create")
RECORD_RUN (provider_update_run, "provider.update")
RECORD_RUN (room_create_run, "room.create")
RECORD_RUN (room_update_run, "room.update")
RECORD_RUN (category_create_run, "service_category.create")
RECORD_RUN (category_update_run, "service_category.update")
RECORD_RUN (service_create_run, "service.create")
RECORD_RUN (service_update_run, "service.update")

static gboolean
hours_add_run (AxMutation *m,
               JsonObject *args,
               GError    **error)
{
  gboolean has_provider = json_object_has_member (args, "provider_id");
  gboolean has_room = json_object_has_member (args, "room_id");

  if (has_provider == has_room)
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_INVALID_ARGS,
                   _("working_hours.add: give either “provider_id” or “room_id”"));
      return FALSE;
    }
  if (json_object_get_int_member (args, "end_min") <= json_object_get_int_member (args, "start_min"))
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_INVALID_ARGS,
                   _("working_hours.add: the end must be after the start"));
      return FALSE;
    }
  return record_run (m, args, "working_hours.add", error);
}

static gboolean
hours_remove_run (AxMutation *m,
                  JsonObject *args,
                  GError    **error)
{
  const char *id = json_object_get_string_member (args, "id");

  if (!ax_mutation_require_row (m, "working_hours", id, _("working-hours entry"), error)
      || !ax_mutation_soft_delete (m, "working_hours", id, error))
    return FALSE;
  json_object_set_string_member (ax_mutation_get_result (m), "id", id);
  return TRUE;
}

static const AxArgSpec id_only_args[] = {
  { "id", AX_ARG_UUID, TRUE },
  { NULL }
};

static const AxMutatorDef defs[] = {
  { "provider.create", AX_PERM_CATALOGUE_EDIT, provider_args, FALSE, ax_mutation_prepare_id,
    provider_create_run, "providers" },
  { "provider.update", AX_PERM_CATALOGUE_EDIT, provider_args, TRUE, NULL, provider_update_run,
    "providers" },
  { "room.create", AX_PERM_CATALOGUE_EDIT, room_args, FALSE, ax_mutation_prepare_id,
    room_create_run, "rooms" },
  { "room.update", AX_PERM_CATALOGUE_EDIT, room_args, TRUE, NULL, room_update_run, "rooms" },
  { "service_category.create", AX_PERM_CATALOGUE_EDIT, category_args, FALSE,
    ax_mutation_prepare_id, category_create_run, "service_categories" },
  { "service_category.update", AX_PERM_CATALOGUE_EDIT, category_args, TRUE, NULL,
    category_update_run, "service_categories" },
  { "service.create", AX_PERM_CATALOGUE_EDIT, service_args, FALSE, ax_mutation_prepare_id,
    service_create_run, "services" },
  { "service.update", AX_PERM_CATALOGUE_EDIT, service_args, TRUE, NULL, service_update_run,
    "services" },
  { "working_hours.add", AX_PERM_CATALOGUE_EDIT, hours_args, FALSE, ax_mutation_prepare_id,
    hours_add_run, "working_hours" },
  { "working_hours.remove", AX_PERM_CATALOGUE_EDIT, id_only_args, FALSE, NULL, hours_remove_run,
    "working_hours" },
};

void
ax_catalogue_register_mutators (void)
{
  ax_mutators_register (defs, G_N_ELEMENTS (defs));
}
