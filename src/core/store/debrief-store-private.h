/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-store-private.h: what the store's source files share: the connection and row helpers */

#pragma once

#include <sqlite3.h>

#include "debrief-store.h"

G_BEGIN_DECLS

/* The connection is used from the thread that asked and from worker threads
 * (async queries); every use holds the store's lock:
 *   g_autoptr(GRecMutexLocker) locker = g_rec_mutex_locker_new (debrief_store_get_lock (self)); */
GRecMutex    *debrief_store_get_lock          (DebriefStore  *self);
sqlite3      *debrief_store_get_db            (DebriefStore  *self);

gboolean      debrief_store_set_error         (DebriefStore  *self,
                                               int            rc,
                                               GError       **error);
sqlite3_stmt *debrief_store_prepare           (DebriefStore  *self,
                                               const char    *sql,
                                               GError       **error);
gboolean      debrief_store_exec              (DebriefStore  *self,
                                               const char    *sql,
                                               GError       **error);
gboolean      debrief_store_keep_trying       (int            rc,
                                               gint64        *deadline);
gboolean      debrief_store_step_done         (DebriefStore  *self,
                                               sqlite3_stmt  *stmt,
                                               GError       **error);

gboolean      debrief_store_delete_by_id      (DebriefStore   *self,
                                               const char     *table,
                                               const char     *what,
                                               const char     *id,
                                               GError        **error);

/* Migrations (debrief-store-migrations.c) */
int           debrief_store_read_user_version (sqlite3       *db);
gboolean      debrief_store_migrate           (DebriefStore  *self,
                                               int            target_version,
                                               GError       **error);

/* Binding and reading columns; NULL strings, 0 times and "none" enums are SQL NULL. */
void          debrief_bind_text               (sqlite3_stmt  *stmt,
                                               int            idx,
                                               const char    *value);
void          debrief_bind_time               (sqlite3_stmt  *stmt,
                                               int            idx,
                                               gint64         usec);
void          debrief_bind_enum               (sqlite3_stmt  *stmt,
                                               int            idx,
                                               GType          enum_type,
                                               int            value);
char         *debrief_column_text             (sqlite3_stmt  *stmt,
                                               int            col);
gint64        debrief_column_time             (sqlite3_stmt  *stmt,
                                               int            col);
int           debrief_column_enum             (sqlite3_stmt  *stmt,
                                               int            col,
                                               GType          enum_type);

char         *debrief_time_to_text            (gint64         usec);
gint64        debrief_time_from_text          (const char    *text);

G_END_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)
