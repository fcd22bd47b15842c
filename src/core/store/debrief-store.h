/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-store.h: the local SQLite store, its repositories and its search */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "debrief-records.h"

G_BEGIN_DECLS

#define DEBRIEF_STORE_ERROR (debrief_store_error_quark ())

typedef enum
{
  DEBRIEF_STORE_ERROR_FAILED,
  DEBRIEF_STORE_ERROR_DATA_DIR,
  DEBRIEF_STORE_ERROR_CORRUPT,
  DEBRIEF_STORE_ERROR_TOO_NEW,
  DEBRIEF_STORE_ERROR_NOT_FOUND,
  DEBRIEF_STORE_ERROR_CONSTRAINT,
  DEBRIEF_STORE_ERROR_ACTIVE_CALL,
  DEBRIEF_STORE_ERROR_BUSY,
  DEBRIEF_STORE_ERROR_DISK_FULL,
  DEBRIEF_STORE_ERROR_READ_ONLY,
} DebriefStoreError;

#define DEBRIEF_STORE_SCHEMA_VERSION 5

#define DEBRIEF_TYPE_STORE (debrief_store_get_type ())

G_DECLARE_FINAL_TYPE (DebriefStore, debrief_store, DEBRIEF, STORE, GObject)

GQuark        debrief_store_error_quark         (void);

DebriefStore *debrief_store_open                (const char           *path,
                                                 GCancellable         *cancellable,
                                                 GError              **error);
void          debrief_store_open_async          (const char           *path,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
DebriefStore *debrief_store_open_finish         (GAsyncResult         *result,
                                                 GError              **error);
const char   *debrief_store_get_path            (DebriefStore         *self);
int           debrief_store_get_schema_version  (DebriefStore         *self);
const char   *debrief_store_get_user_id         (DebriefStore         *self);

/* Profiles */
DebriefProfile *debrief_store_get_profile       (DebriefStore          *self,
                                                 const char            *id,
                                                 GError               **error);
gboolean      debrief_store_save_profile        (DebriefStore          *self,
                                                 DebriefProfile        *profile,
                                                 GError               **error);

/* Calls */
gboolean      debrief_store_save_call           (DebriefStore          *self,
                                                 DebriefCall           *call,
                                                 GError               **error);
DebriefCall  *debrief_store_get_call            (DebriefStore          *self,
                                                 const char            *id,
                                                 GError               **error);
DebriefCall  *debrief_store_get_active_call     (DebriefStore          *self,
                                                 const char            *user_id,
                                                 GError               **error);
/* How the library is ordered */
typedef enum
{
  DEBRIEF_CALL_SORT_NEWEST,   /* by when the call started, newest first */
  DEBRIEF_CALL_SORT_LONGEST,  /* by duration, longest first */
  DEBRIEF_CALL_SORT_TITLE,    /* by title, A to Z, untitled last */
} DebriefCallSort;

/* Where a call's files are, as its row in the library shows it (see
 * debrief_store_get_upload_states(); uploads to the local backend do not count) */
typedef enum
{
  DEBRIEF_STORAGE_STATE_ANY,       /* in a filter: whatever the state */
  DEBRIEF_STORAGE_STATE_LOCAL,     /* no file queued for the cloud */
  DEBRIEF_STORAGE_STATE_UPLOADING, /* some waiting or uploading, none failed */
  DEBRIEF_STORAGE_STATE_CLOUD,     /* every file uploaded */
  DEBRIEF_STORAGE_STATE_FAILED,    /* some failed, to be tried again */
} DebriefStorageState;

/* Which calls the library shows. Every condition set must hold; start from
 * DEBRIEF_CALL_FILTER_INIT or debrief_call_filter_init() (a zeroed filter
 * asks for recorded calls only). */
typedef struct
{
  int                  kind;     /* a #DebriefCallKind, or -1 for any */
  const char          *agent_id; /* the call's agent, or %NULL for any */
  const char          *lead_id;  /* the call's contact, or %NULL for any */
  gint64               since;    /* started at or after, µs since the epoch; 0: no bound */
  gint64               until;    /* started before, µs since the epoch; 0: no bound */
  DebriefStorageState  storage;
} DebriefCallFilter;

#define DEBRIEF_CALL_FILTER_INIT { .kind = -1, .storage = DEBRIEF_STORAGE_STATE_ANY }

void          debrief_call_filter_init          (DebriefCallFilter       *filter);
DebriefCallFilter *
              debrief_call_filter_copy          (const DebriefCallFilter *filter);
void          debrief_call_filter_free          (DebriefCallFilter       *filter);
gboolean      debrief_call_filter_is_empty      (const DebriefCallFilter *filter);
gboolean      debrief_call_filter_equal         (const DebriefCallFilter *a,
                                                 const DebriefCallFilter *b);
gboolean      debrief_call_filter_matches       (const DebriefCallFilter *filter,
                                                 const DebriefCall       *call,
                                                 GHashTable              *upload_states);
DebriefStorageState
              debrief_storage_state_for_call    (GHashTable              *upload_states,
                                                 const char              *call_id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DebriefCallFilter, debrief_call_filter_free)

GPtrArray    *debrief_store_list_calls_filtered (DebriefStore            *self,
                                                 const DebriefCallFilter *filter,
                                                 DebriefCallSort          sort,
                                                 guint                    offset,
                                                 guint                    limit,
                                                 GError                 **error);
void          debrief_store_list_calls_filtered_async
                                                (DebriefStore            *self,
                                                 const DebriefCallFilter *filter,
                                                 DebriefCallSort          sort,
                                                 guint                    offset,
                                                 guint                    limit,
                                                 GCancellable            *cancellable,
                                                 GAsyncReadyCallback      callback,
                                                 gpointer                 user_data);
GPtrArray    *debrief_store_list_calls_filtered_finish
                                                (DebriefStore            *self,
                                                 GAsyncResult            *result,
                                                 GError                 **error);
gint64        debrief_store_count_calls_filtered
                                                (DebriefStore            *self,
                                                 const DebriefCallFilter *filter,
                                                 GError                 **error);
GPtrArray    *debrief_store_list_agents_in_calls
                                                (DebriefStore            *self,
                                                 GError                 **error);
GPtrArray    *debrief_store_list_leads_in_calls (DebriefStore            *self,
                                                 GError                 **error);

GPtrArray    *debrief_store_list_calls_sorted   (DebriefStore          *self,
                                                 DebriefCallSort        sort,
                                                 guint                  offset,
                                                 guint                  limit,
                                                 GError               **error);
void          debrief_store_list_calls_sorted_async
                                                (DebriefStore          *self,
                                                 DebriefCallSort        sort,
                                                 guint                  offset,
                                                 guint                  limit,
                                                 GCancellable          *cancellable,
                                                 GAsyncReadyCallback    callback,
                                                 gpointer               user_data);
GPtrArray    *debrief_store_list_calls          (DebriefStore          *self,
                                                 guint                  offset,
                                                 guint                  limit,
                                                 GError               **error);
gboolean      debrief_store_set_call_deleted    (DebriefStore          *self,
                                                 const char            *id,
                                                 gboolean               deleted,
                                                 GError               **error);
gboolean      debrief_store_set_call_notes      (DebriefStore          *self,
                                                 const char            *id,
                                                 const char            *notes,
                                                 GError               **error);
GPtrArray    *debrief_store_list_deleted_calls  (DebriefStore          *self,
                                                 GError               **error);
GPtrArray    *debrief_store_list_calls_updated_since
                                                (DebriefStore          *self,
                                                 gint64                 since,
                                                 GError               **error);
GPtrArray    *debrief_store_list_calls_ended_before
                                                (DebriefStore          *self,
                                                 gint64                 before,
                                                 GError               **error);
gint64        debrief_store_count_calls         (DebriefStore          *self,
                                                 GError               **error);
gboolean      debrief_store_delete_call         (DebriefStore          *self,
                                                 const char            *id,
                                                 GError               **error);
void          debrief_store_list_calls_async    (DebriefStore          *self,
                                                 guint                  offset,
                                                 guint                  limit,
                                                 GCancellable          *cancellable,
                                                 GAsyncReadyCallback    callback,
                                                 gpointer               user_data);
GPtrArray    *debrief_store_list_calls_finish   (DebriefStore          *self,
                                                 GAsyncResult          *result,
                                                 GError               **error);

/* Chunks */
gboolean      debrief_store_save_chunk          (DebriefStore          *self,
                                                 DebriefChunk          *chunk,
                                                 GError               **error);
GPtrArray    *debrief_store_list_chunks         (DebriefStore          *self,
                                                 const char            *call_id,
                                                 GError               **error);
gboolean      debrief_store_delete_chunk        (DebriefStore          *self,
                                                 const char            *id,
                                                 GError               **error);

/* Agents and their voice settings */
gboolean      debrief_store_save_agent          (DebriefStore          *self,
                                                 DebriefAgent          *agent,
                                                 GError               **error);
DebriefAgent *debrief_store_get_agent           (DebriefStore          *self,
                                                 const char            *id,
                                                 GError               **error);
DebriefAgent *debrief_store_find_agent          (DebriefStore          *self,
                                                 const char            *user_id,
                                                 const char            *name,
                                                 GError               **error);
GPtrArray    *debrief_store_list_agents         (DebriefStore          *self,
                                                 const char            *user_id,
                                                 GError               **error);
gboolean      debrief_store_delete_agent        (DebriefStore          *self,
                                                 const char            *id,
                                                 GError               **error);
gboolean      debrief_store_save_voice_settings (DebriefStore          *self,
                                                 DebriefVoiceSettings  *settings,
                                                 GError               **error);
DebriefVoiceSettings *
              debrief_store_get_voice_settings  (DebriefStore          *self,
                                                 const char            *agent_id,
                                                 GError               **error);

/* Leads */
gboolean      debrief_store_save_lead           (DebriefStore          *self,
                                                 DebriefLead           *lead,
                                                 GError               **error);
DebriefLead  *debrief_store_get_lead            (DebriefStore          *self,
                                                 const char            *id,
                                                 GError               **error);
GPtrArray    *debrief_store_list_leads          (DebriefStore          *self,
                                                 const char            *user_id,
                                                 GError               **error);
gboolean      debrief_store_delete_lead         (DebriefStore          *self,
                                                 const char            *id,
                                                 GError               **error);

/* Conversations */
gboolean      debrief_store_save_conversation   (DebriefStore          *self,
                                                 DebriefConversation   *conversation,
                                                 GError               **error);
gboolean      debrief_store_import_conversation (DebriefStore          *self,
                                                 const DebriefConversation *conversation,
                                                 GError               **error);
GPtrArray    *debrief_store_list_conversations_for_lead
                                                (DebriefStore          *self,
                                                 const char            *lead_id,
                                                 GError               **error);
GPtrArray    *debrief_store_list_conversations_for_call
                                                (DebriefStore          *self,
                                                 const char            *call_id,
                                                 GError               **error);
GPtrArray    *debrief_store_list_outbox         (DebriefStore          *self,
                                                 GError               **error);
gboolean      debrief_store_claim_outbox_message
                                                (DebriefStore          *self,
                                                 const char            *id,
                                                 GError               **error);
gboolean      debrief_store_delete_conversation (DebriefStore          *self,
                                                 const char            *id,
                                                 GError               **error);

/* File uploads */
gboolean      debrief_store_save_file_upload    (DebriefStore          *self,
                                                 DebriefFileUpload     *upload,
                                                 GError               **error);
DebriefFileUpload *
              debrief_store_get_file_upload     (DebriefStore          *self,
                                                 const char            *id,
                                                 GError               **error);
GPtrArray    *debrief_store_list_file_uploads_for_call
                                                (DebriefStore          *self,
                                                 const char            *call_id,
                                                 GError               **error);
GPtrArray    *debrief_store_list_cloud_file_uploads
                                                (DebriefStore          *self,
                                                 GError               **error);
GHashTable   *debrief_store_get_upload_states   (DebriefStore          *self,
                                                 GError               **error);
const char * const *
              debrief_store_remote_tables       (void);
JsonNode     *debrief_store_remote_rows         (DebriefStore          *self,
                                                 const char            *table,
                                                 const char            *call_id,
                                                 const char            *owner,
                                                 GError               **error);
GPtrArray    *debrief_store_list_due_file_uploads
                                                (DebriefStore          *self,
                                                 gint64                 now,
                                                 guint                  limit,
                                                 GError               **error);
gboolean      debrief_store_delete_file_upload  (DebriefStore          *self,
                                                 const char            *id,
                                                 GError               **error);

/* Analytics events */
gboolean      debrief_store_add_analytics_event (DebriefStore          *self,
                                                 DebriefAnalyticsEvent *event,
                                                 GError               **error);
GPtrArray    *debrief_store_list_analytics_events
                                                (DebriefStore          *self,
                                                 const char            *call_id,
                                                 GError               **error);

/* Search */
char         *debrief_store_build_match_query   (const char            *text);
GPtrArray    *debrief_store_search              (DebriefStore          *self,
                                                 const char            *text,
                                                 guint                  limit,
                                                 GError               **error);
void          debrief_store_search_async        (DebriefStore          *self,
                                                 const char            *text,
                                                 guint                  limit,
                                                 GCancellable          *cancellable,
                                                 GAsyncReadyCallback    callback,
                                                 gpointer               user_data);
GPtrArray    *debrief_store_search_finish       (DebriefStore          *self,
                                                 GAsyncResult          *result,
                                                 GError               **error);

G_END_DECLS
