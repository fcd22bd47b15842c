/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-cli.h: the subcommands of debrief-cli and what they share */

#pragma once

#include <json-glib/json-glib.h>

#include "debrief-store.h"
#include "debrief-whatsapp-outbox.h"

G_BEGIN_DECLS

/* Exit statuses */
#define DEBRIEF_CLI_OK    0
#define DEBRIEF_CLI_ERROR 1
#define DEBRIEF_CLI_USAGE 2

int           debrief_cli_run          (int            argc,
                                        char         **argv);

/* Shared by the subcommands (debrief-cli.c) */
DebriefStore *debrief_cli_open_store   (void);
GSettings    *debrief_cli_settings     (void);
int           debrief_cli_fail         (const char    *format,
                                        ...) G_GNUC_PRINTF (1, 2);
int           debrief_cli_fail_error   (const GError  *error);
int           debrief_cli_usage        (const char    *message);
gboolean      debrief_cli_parse        (GOptionContext *context,
                                        int            *argc,
                                        char         ***argv,
                                        int            *status);
void          debrief_cli_print_json   (JsonNode      *node);
void          debrief_cli_cancel_on_signals
                                       (GCancellable  *cancellable);

/* Subcommands */
int           debrief_cli_calls        (int            argc,
                                        char         **argv);
int           debrief_cli_search       (int            argc,
                                        char         **argv);
int           debrief_cli_record       (int            argc,
                                        char         **argv);
int           debrief_cli_probe        (int            argc,
                                        char         **argv);
int           debrief_cli_transcode    (int            argc,
                                        char         **argv);
int           debrief_cli_call         (int            argc,
                                        char         **argv);
int           debrief_cli_sync         (int            argc,
                                        char         **argv);
int           debrief_cli_presign      (int            argc,
                                        char         **argv);
int           debrief_cli_cleanup      (int            argc,
                                        char         **argv);
int           debrief_cli_migrate      (int            argc,
                                        char         **argv);
int           debrief_cli_export       (int            argc,
                                        char         **argv);
int           debrief_cli_import       (int            argc,
                                        char         **argv);
int           debrief_cli_whatsapp     (int            argc,
                                        char         **argv);
int           debrief_cli_agents       (int            argc,
                                        char         **argv);

gboolean      debrief_cli_send_whatsapp (DebriefWhatsAppOutbox  *outbox,
                                         DebriefOutboxResult    *counts,
                                         GCancellable           *cancellable,
                                         GError                **error);

G_END_DECLS
