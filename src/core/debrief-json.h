/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-json.h: members of JSON answers from elsewhere, read only when they are of the type asked */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

const char *debrief_json_string_member (JsonObject *object,
                                        const char *name);
gint64      debrief_json_int_member    (JsonObject *object,
                                        const char *name);
JsonObject *debrief_json_object_member (JsonObject *object,
                                        const char *name);

G_END_DECLS
