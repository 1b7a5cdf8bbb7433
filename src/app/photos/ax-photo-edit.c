/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

#include "ax-photo-edit.h"

static void
add_text (JsonObject *object,
          const char *name,
          const char *text)
{
  if (text != NULL)
    json_object_set_string_member (object, name, text);
  else
    json_object_set_null_member (object, name);
}

/* photo.update {id, set: {name: value}, from: {name: was}} */
static gboolean
update (AxContext     *context,
        const AxPhoto *photo,
        JsonObject    *set,
        JsonObject    *from,
        GError       **error)
{
  g_autoptr (JsonObject) args = json_object_new ();
  g_autoptr (JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr (JsonNode) result = NULL;

  json_object_set_string_member (args, "id", photo->id);
  json_object_set_object_member (args, "set", set);
  json_object_set_object_member (args, "from", from);
  json_node_set_object (node, args);
  result = ax_store_mutate (ax_context_get_store (context), ax_context_get_actor (context),
                            "photo.update", node, error);
  return result != NULL;
}

gboolean
ax_photo_edit_set_view_tag (AxContext     *context,
                            const AxPhoto *photo,
                            const char    *view_tag,
                            GError       **error)
{
  JsonObject *set = json_object_new ();
  JsonObject *from = json_object_new ();

  add_text (set, "view_tag", view_tag);
  add_text (from, "view_tag", photo->view_tag);
  return update (context, photo, set, from, error);
}

gboolean
ax_photo_edit_set_marketing (AxContext     *context,
                             const AxPhoto *photo,
                             gboolean       marketing_consent,
                             GError       **error)
{
  JsonObject *set = json_object_new ();
  JsonObject *from = json_object_new ();

  json_object_set_boolean_member (set, "marketing_consent", marketing_consent);
  json_object_set_boolean_member (from, "marketing_consent", photo->marketing_consent);
  return update (context, photo, set, from, error);
}

gboolean
ax_photo_edit_set_caption (AxContext     *context,
                           const AxPhoto *photo,
                           const char    *caption,
                           GError       **error)
{
  JsonObject *set = json_object_new ();
  JsonObject *from = json_object_new ();

  add_text (set, "caption", caption != NULL && *caption != '\0' ? caption : NULL);
  add_text (from, "caption", photo->caption);
  return update (context, photo, set, from, error);
}

gboolean
ax_photo_edit_remove (AxContext     *context,
                      const AxPhoto *photo,
                      GError       **error)
{
  g_autoptr (JsonObject) args = json_object_new ();
  g_autoptr (JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr (JsonNode) result = NULL;

  json_object_set_string_member (args, "id", photo->id);
  json_node_set_object (node, args);
  result = ax_store_mutate (ax_context_get_store (context), ax_context_get_actor (context),
                            "photo.remove", node, error);
  return result != NULL;
}
