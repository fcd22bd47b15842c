/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-json.c: members of JSON answers from elsewhere, read only when they are of the type asked */

#include "config.h"

#include "debrief-json.h"

/* Answers come from servers and models: a member of another type than
 * asked is left out, never read as something else. */

static JsonNode *
value_member (JsonObject *object,
              const char *name,
              GType       type)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != type)
    return NULL;

  return node;
}

/**
 * debrief_json_string_member:
 * @object: (nullable): a JSON object
 * @name: a member's name
 *
 * Returns: (nullable): the member's text, or %NULL when @object is %NULL
 *   or the member is missing or not a string
 */
const char *
debrief_json_string_member (JsonObject *object,
                            const char *name)
{
  JsonNode *node = value_member (object, name, G_TYPE_STRING);

  return node != NULL ? json_node_get_string (node) : NULL;
}

/**
 * debrief_json_int_member:
 * @object: (nullable): a JSON object
 * @name: a member's name
 *
 * Returns: the member's whole number, or -1 when @object is %NULL or the
 *   member is missing or not a whole number
 */
gint64
debrief_json_int_member (JsonObject *object,
                         const char *name)
{
  JsonNode *node = value_member (object, name, G_TYPE_INT64);

  return node != NULL ? json_node_get_int (node) : -1;
}

/**
 * debrief_json_object_member:
 * @object: (nullable): a JSON object
 * @name: a member's name
 *
 * Returns: (nullable) (transfer none): the member's object, or %NULL when
 *   @object is %NULL or the member is missing or not an object
 */
JsonObject *
debrief_json_object_member (JsonObject *object,
                            const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}
