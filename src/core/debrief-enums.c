/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-enums.c: conversion between enumeration values and their stored nicks */

#define G_LOG_DOMAIN "debrief-enums"

#include "config.h"

#include "debrief-enums.h"

/**
 * debrief_enum_to_nick:
 * @enum_type: a #GEnum type
 * @value: a value of @enum_type
 *
 * Returns: (transfer none): the nick of @value, as stored in the database
 */
const char *
debrief_enum_to_nick (GType enum_type,
                      int   value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (enum_type);
  GEnumValue *ev = g_enum_get_value (klass, value);

  g_return_val_if_fail (ev != NULL, NULL);

  return ev->value_nick;
}

/**
 * debrief_enum_from_nick:
 * @enum_type: a #GEnum type
 * @nick: (nullable): a nick
 * @value: (out): the value of @nick
 *
 * Returns: %TRUE when @nick names a value of @enum_type
 */
gboolean
debrief_enum_from_nick (GType       enum_type,
                        const char *nick,
                        int        *value)
{
  g_autoptr(GEnumClass) klass = NULL;
  GEnumValue *ev;

  if (nick == NULL)
    return FALSE;

  klass = g_type_class_ref (enum_type);
  ev = g_enum_get_value_by_nick (klass, nick);
  if (ev == NULL)
    return FALSE;

  *value = ev->value;
  return TRUE;
}
