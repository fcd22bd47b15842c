/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-phone.h: phone numbers as people type them, checked and written in E.164 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DEBRIEF_PHONE_ERROR (debrief_phone_error_quark ())

typedef enum
{
  DEBRIEF_PHONE_ERROR_EMPTY,
  DEBRIEF_PHONE_ERROR_NOT_A_NUMBER,      /* letters, symbols */
  DEBRIEF_PHONE_ERROR_NO_COUNTRY_CODE,   /* no + or 00 in front */
  DEBRIEF_PHONE_ERROR_UNKNOWN_COUNTRY,   /* no such country calling code */
  DEBRIEF_PHONE_ERROR_TOO_SHORT,
  DEBRIEF_PHONE_ERROR_TOO_LONG,
} DebriefPhoneError;

GQuark  debrief_phone_error_quark (void);
char   *debrief_phone_normalize   (const char  *text,
                                   GError     **error);
char   *debrief_phone_format      (const char  *e164);

G_END_DECLS
