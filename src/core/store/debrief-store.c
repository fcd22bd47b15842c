/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-store.c: opening the SQLite database safely, errors, and shared row helpers */

#define G_LOG_DOMAIN "debrief-store"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "debrief-store-private.h"

#define BUSY_TIMEOUT_MS 10000

struct _DebriefStore
{
  GObject    parent_instance;

  GRecMutex  lock;
  sqlite3   *db;
  char      *path;
  char      *user_id;
  int        schema_version;
  int        target_version;
};

static void debrief_store_initable_iface_init (GInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DebriefStore, debrief_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE,
                                                      debrief_store_initable_iface_init)
                               G_IMPLEMENT_INTERFACE (G_TYPE_ASYNC_INITABLE, NULL))

G_DEFINE_QUARK (debrief-store-error-quark, debrief_store_error)

enum {
  PROP_0,
  PROP_PATH,
  PROP_TARGET_VERSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
ensure_parent_dir (const char  *path,
                   GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, DEBRIEF_STORE_ERROR, DEBRIEF_STORE_ERROR_DATA_DIR,
                   _("Could not create the data folder “%s”: %s. "
                     "Check its permissions, or set DEBRIEF_DATA_DIR to a folder you can write to."),
                   dir, g_strerror (saved_errno));
      return FALSE;
    }

  if (g_access (dir, W_OK) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, DEBRIEF_STORE_ERROR, DEBRIEF_STORE_ERROR_DATA_DIR,
                   _("The data folder “%s” cannot be written to: %s. "
                     "Check its permissions, or set DEBRIEF_DATA_DIR to a folder you can write to."),
                   dir, g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

/* SQLite's busy handler waits for another process's lock in most cases,
 * but some (a database being created or switched to WAL by another process
 * at the same moment) return SQLITE_BUSY at once: wait and retry those too,
 * for as long as the busy timeout. */
gboolean
debrief_store_keep_trying (int     rc,
                           gint64 *deadline)
{
  if ((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED)
    return FALSE;

  if (*deadline == 0)
    *deadline = g_get_monotonic_time () + BUSY_TIMEOUT_MS * 1000;
  if (g_get_monotonic_time () >= *deadline)
    return FALSE;

  g_usleep (g_random_int_range (5, 30) * 1000);
  return TRUE;
}

/* Reads one PRAGMA value as text; returns NULL and sets @rc on failure. */
static char *
pragma_text (sqlite3    *db,
             const char *sql,
             int        *rc)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  char *value = NULL;

  *rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (*rc != SQLITE_OK)
    return NULL;

  {
    gint64 deadline = 0;

    while ((*rc = sqlite3_step (stmt)) != SQLITE_ROW && *rc != SQLITE_DONE && debrief_store_keep_trying (*rc, &deadline))
      sqlite3_reset (stmt);
  }
  if (*rc == SQLITE_ROW)
    {
      value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      *rc = SQLITE_OK;
    }
  else if (*rc == SQLITE_DONE)
    {
      *rc = SQLITE_OK;
    }

  return value;
}

static gboolean
ensure_local_profile (DebriefStore  *self,
                      GError       **error)
{
  g_autoptr(sqlite3_stmt) get = NULL;
  g_autoptr(DebriefProfile) profile = NULL;
  g_autoptr(sqlite3_stmt) put = NULL;
  int rc;

  get = debrief_store_prepare (self, "SELECT value FROM meta WHERE key = 'local_profile_id'", error);
  if (get == NULL)
    return FALSE;

  rc = sqlite3_step (get);
  if (rc == SQLITE_ROW)
    {
      self->user_id = debrief_column_text (get, 0);
      return TRUE;
    }
  if (rc != SQLITE_DONE)
    return debrief_store_set_error (self, rc, error);

  profile = debrief_profile_new ();
  profile->id = g_uuid_string_random ();
  profile->plan = DEBRIEF_PLAN_FREE;
  profile->storage_quota_mb = 500;
  profile->minutes_balance = -1;

  if (!debrief_store_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  put = debrief_store_prepare (self,
                               "INSERT INTO meta (key, value) VALUES ('local_profile_id', ?1) "
                               "ON CONFLICT (key) DO NOTHING",
                               error);
  if (put == NULL)
    goto rollback;
  debrief_bind_text (put, 1, profile->id);
  if (!debrief_store_step_done (self, put, error))
    goto rollback;

  /* Another process may have made the profile first: take whichever won.
   * (Migration tests stop at older schemas, where only the first columns exist.) */
  if (sqlite3_changes (self->db) == 1)
    {
      if (self->schema_version == DEBRIEF_STORE_SCHEMA_VERSION)
        {
          if (!debrief_store_save_profile (self, profile, error))
            goto rollback;
        }
      else
        {
          g_autoptr(sqlite3_stmt) minimal = debrief_store_prepare (self,
                                                                   "INSERT INTO profiles (id, created_at, updated_at) "
                                                                   "VALUES (?1, ?2, ?2)",
                                                                   error);
          if (minimal == NULL)
            goto rollback;
          debrief_bind_text (minimal, 1, profile->id);
          debrief_bind_time (minimal, 2, g_get_real_time ());
          if (!debrief_store_step_done (self, minimal, error))
            goto rollback;
        }
    }

  if (!debrief_store_exec (self, "COMMIT", error))
    goto rollback;

  sqlite3_reset (get);
  if (sqlite3_step (get) != SQLITE_ROW)
    return debrief_store_set_error (self, sqlite3_errcode (self->db), error);

  self->user_id = debrief_column_text (get, 0);
  return TRUE;

rollback:
  debrief_store_exec (self, "ROLLBACK", NULL);
  return FALSE;
}

static gboolean
debrief_store_initable_init (GInitable     *initable,
                             GCancellable  *cancellable,
                             GError       **error)
{
  DebriefStore *self = DEBRIEF_STORE (initable);
  g_autoptr(GRecMutexLocker) locker = g_rec_mutex_locker_new (&self->lock);
  g_autofree char *journal_mode = NULL;
  int rc;

  g_return_val_if_fail (self->path != NULL, FALSE);

  if (!ensure_parent_dir (self->path, error))
    return FALSE;

  rc = sqlite3_open_v2 (self->path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    return debrief_store_set_error (self, rc, error);

  sqlite3_extended_result_codes (self->db, TRUE);

  /* The busy timeout goes first: switching to WAL needs a lock that another
   * process may be holding. */
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);

  /* The first read of the header tells a damaged or foreign file apart. */
  self->schema_version = debrief_store_read_user_version (self->db);
  if (self->schema_version < 0)
    return debrief_store_set_error (self, sqlite3_errcode (self->db), error);

  if (self->schema_version > DEBRIEF_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, DEBRIEF_STORE_ERROR, DEBRIEF_STORE_ERROR_TOO_NEW,
                   _("The database “%s” was written by a newer version of Debrief "
                     "(schema %d; this version knows up to %d). Update Debrief to open it; "
                     "the file was left untouched."),
                   self->path, self->schema_version, DEBRIEF_STORE_SCHEMA_VERSION);
      return FALSE;
    }

  journal_mode = pragma_text (self->db, "PRAGMA journal_mode = WAL", &rc);
  if (rc != SQLITE_OK)
    return debrief_store_set_error (self, rc, error);
  if (g_strcmp0 (journal_mode, "wal") != 0)
    g_warning ("Could not switch %s to WAL (journal mode is %s)", self->path, journal_mode);

  /* A 16 MiB page cache: the search index of a large library stays at
   * hand between searches. (A memory map was as fast but counted the
   * whole file it touched against the app's memory.) */
  if (!debrief_store_exec (self, "PRAGMA foreign_keys = ON", error) ||
      !debrief_store_exec (self, "PRAGMA synchronous = NORMAL", error) ||
      !debrief_store_exec (self, "PRAGMA cache_size = -16384", error))
    return FALSE;

  if (!debrief_store_migrate (self, self->target_version, error))
    return FALSE;

  self->schema_version = debrief_store_read_user_version (self->db);

  /* Only tests stop short of the latest schema, and version 0 has no tables. */
  if (self->schema_version == 0)
    return TRUE;

  return ensure_local_profile (self, error);
}

static void
debrief_store_initable_iface_init (GInitableIface *iface)
{
  iface->init = debrief_store_initable_init;
}

static void
debrief_store_finalize (GObject *object)
{
  DebriefStore *self = (DebriefStore *) object;

  if (self->db != NULL)
    sqlite3_close_v2 (self->db);

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->user_id, g_free);
  g_rec_mutex_clear (&self->lock);

  G_OBJECT_CLASS (debrief_store_parent_class)->finalize (object);
}

static void
debrief_store_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  DebriefStore *self = DEBRIEF_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
debrief_store_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  DebriefStore *self = DEBRIEF_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;

    case PROP_TARGET_VERSION:
      self->target_version = g_value_get_int (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
debrief_store_class_init (DebriefStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = debrief_store_finalize;
  object_class->get_property = debrief_store_get_property;
  object_class->set_property = debrief_store_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /* The schema version opening migrates to; lower only in migration tests. */
  properties[PROP_TARGET_VERSION] =
    g_param_spec_int ("target-version", NULL, NULL,
                      0, DEBRIEF_STORE_SCHEMA_VERSION, DEBRIEF_STORE_SCHEMA_VERSION,
                      G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
debrief_store_init (DebriefStore *self)
{
  g_rec_mutex_init (&self->lock);
}

/**
 * debrief_store_open:
 * @path: the database file; its folder is made when missing
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Opens the database, brings its schema up to date and makes the local
 * profile on first use. A damaged file or one from a newer version is an
 * error and is never replaced.
 *
 * Returns: (transfer full): the store, or %NULL
 */
DebriefStore *
debrief_store_open (const char    *path,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_return_val_if_fail (path != NULL, NULL);

  return g_initable_new (DEBRIEF_TYPE_STORE, cancellable, error, "path", path, NULL);
}

void
debrief_store_open_async (const char          *path,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_return_if_fail (path != NULL);

  g_async_initable_new_async (DEBRIEF_TYPE_STORE, G_PRIORITY_DEFAULT, cancellable,
                              callback, user_data, "path", path, NULL);
}

DebriefStore *
debrief_store_open_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_autoptr(GObject) source = g_async_result_get_source_object (result);
  GObject *object = g_async_initable_new_finish (G_ASYNC_INITABLE (source), result, error);

  return object != NULL ? DEBRIEF_STORE (object) : NULL;
}

const char *
debrief_store_get_path (DebriefStore *self)
{
  g_return_val_if_fail (DEBRIEF_IS_STORE (self), NULL);

  return self->path;
}

int
debrief_store_get_schema_version (DebriefStore *self)
{
  g_return_val_if_fail (DEBRIEF_IS_STORE (self), -1);

  return self->schema_version;
}

/**
 * debrief_store_get_user_id:
 * @self: a #DebriefStore
 *
 * Returns: the id of the local profile, which owns calls until the user signs in
 */
const char *
debrief_store_get_user_id (DebriefStore *self)
{
  g_return_val_if_fail (DEBRIEF_IS_STORE (self), NULL);

  return self->user_id;
}

GRecMutex *
debrief_store_get_lock (DebriefStore *self)
{
  return &self->lock;
}

sqlite3 *
debrief_store_get_db (DebriefStore *self)
{
  return self->db;
}

/**
 * debrief_store_set_error:
 * @self: a #DebriefStore
 * @rc: an SQLite result code
 * @error: return location for a #GError
 *
 * Turns an SQLite failure into a message a person can act on.
 *
 * Returns: %FALSE, always, so callers can `return debrief_store_set_error (…)`
 */
gboolean
debrief_store_set_error (DebriefStore  *self,
                         int            rc,
                         GError       **error)
{
  const char *detail = self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc);

  g_debug ("SQLite error %d (%s) in %s", rc, detail, self->path);

  switch (rc & 0xff)
    {
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      g_set_error (error, DEBRIEF_STORE_ERROR, DEBRIEF_STORE_ERROR_CORRUPT,
                   _("The database “%s” is damaged or is not a Debrief database (%s). "
                     "It was left untouched: restore it from a backup, or move it away "
                     "to start with an empty library."),
                   self->path, detail);
      break;

    case SQLITE_FULL:
      g_set_error (error, DEBRIEF_STORE_ERROR, DEBRIEF_STORE_ERROR_DISK_FULL,
                   _("The disk holding “%s” is full. Free some space; nothing was lost."),
                   self->path);
      break;

    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, DEBRIEF_STORE_ERROR, DEBRIEF_STORE_ERROR_BUSY,
                   _("The database “%s” stayed locked by another program for more than %d seconds. "
                     "Try again."),
                   self->path, BUSY_TIMEOUT_MS / 1000);
      break;

    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
    case SQLITE_AUTH:
      g_set_error (error, DEBRIEF_STORE_ERROR, DEBRIEF_STORE_ERROR_READ_ONLY,
                   _("The database “%s” cannot be opened for writing (%s). Check the "
                     "permissions of the file and its folder."),
                   self->path, detail);
      break;

    case SQLITE_CONSTRAINT:
      if (rc == SQLITE_CONSTRAINT_UNIQUE && strstr (detail, "calls.user_id") != NULL)
        g_set_error_literal (error, DEBRIEF_STORE_ERROR, DEBRIEF_STORE_ERROR_ACTIVE_CALL,
                             _("Another call is still running. End it before starting a new one."));
      else
        g_set_error (error, DEBRIEF_STORE_ERROR, DEBRIEF_STORE_ERROR_CONSTRAINT,
                     _("The change was refused because it does not fit the data: %s"), detail);
      break;

    default:
      g_set_error (error, DEBRIEF_STORE_ERROR, DEBRIEF_STORE_ERROR_FAILED,
                   _("Database error in “%s”: %s"), self->path, detail);
      break;
    }

  return FALSE;
}

sqlite3_stmt *
debrief_store_prepare (DebriefStore  *self,
                       const char    *sql,
                       GError       **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      debrief_store_set_error (self, rc, error);
      return NULL;
    }

  return stmt;
}

gboolean
debrief_store_exec (DebriefStore  *self,
                    const char    *sql,
                    GError       **error)
{
  gint64 deadline = 0;
  int rc;

  while ((rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL)) != SQLITE_OK && debrief_store_keep_trying (rc, &deadline))
    ;

  if (rc != SQLITE_OK)
    return debrief_store_set_error (self, rc, error);

  return TRUE;
}

gboolean
debrief_store_step_done (DebriefStore  *self,
                         sqlite3_stmt  *stmt,
                         GError       **error)
{
  gint64 deadline = 0;
  int rc;

  while ((rc = sqlite3_step (stmt)) != SQLITE_DONE && rc != SQLITE_ROW && debrief_store_keep_trying (rc, &deadline))
    sqlite3_reset (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return debrief_store_set_error (self, rc, error);

  return TRUE;
}

gboolean
debrief_store_delete_by_id (DebriefStore  *self,
                            const char    *table,
                            const char    *what,
                            const char    *id,
                            GError       **error)
{
  g_autoptr(GRecMutexLocker) locker = g_rec_mutex_locker_new (&self->lock);
  g_autofree char *sql = g_strdup_printf ("DELETE FROM %s WHERE id = ?1", table);
  g_autoptr(sqlite3_stmt) stmt = debrief_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;

  debrief_bind_text (stmt, 1, id);
  if (!debrief_store_step_done (self, stmt, error))
    return FALSE;

  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, DEBRIEF_STORE_ERROR, DEBRIEF_STORE_ERROR_NOT_FOUND,
                   _("No %s with id “%s”"), what, id);
      return FALSE;
    }

  return TRUE;
}

/* Times are stored as fixed-width ISO 8601 UTC text, which sorts and compares
 * correctly as text and reads well in the sqlite3 shell. */
char *
debrief_time_to_text (gint64 usec)
{
  g_autoptr(GDateTime) secs = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  g_autoptr(GDateTime) dt = g_date_time_add (secs, usec % G_USEC_PER_SEC);

  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S.%fZ");
}

gint64
debrief_time_from_text (const char *text)
{
  g_autoptr(GDateTime) dt = NULL;

  if (text == NULL)
    return 0;

  dt = g_date_time_new_from_iso8601 (text, NULL);
  if (dt == NULL)
    return 0;

  return g_date_time_to_unix (dt) * G_USEC_PER_SEC + g_date_time_get_microsecond (dt);
}

void
debrief_bind_text (sqlite3_stmt *stmt,
                   int           idx,
                   const char   *value)
{
  if (value == NULL)
    sqlite3_bind_null (stmt, idx);
  else
    sqlite3_bind_text (stmt, idx, value, -1, SQLITE_TRANSIENT);
}

void
debrief_bind_time (sqlite3_stmt *stmt,
                   int           idx,
                   gint64        usec)
{
  if (usec == 0)
    sqlite3_bind_null (stmt, idx);
  else
    sqlite3_bind_text (stmt, idx, debrief_time_to_text (usec), -1, g_free);
}

void
debrief_bind_enum (sqlite3_stmt *stmt,
                   int           idx,
                   GType         enum_type,
                   int           value)
{
  const char *nick = debrief_enum_to_nick (enum_type, value);

  debrief_bind_text (stmt, idx, g_strcmp0 (nick, "none") == 0 ? NULL : nick);
}

char *
debrief_column_text (sqlite3_stmt *stmt,
                     int           col)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, col));
}

gint64
debrief_column_time (sqlite3_stmt *stmt,
                     int           col)
{
  return debrief_time_from_text ((const char *) sqlite3_column_text (stmt, col));
}

int
debrief_column_enum (sqlite3_stmt *stmt,
                     int           col,
                     GType         enum_type)
{
  const char *nick = (const char *) sqlite3_column_text (stmt, col);
  int value = 0;

  if (!debrief_enum_from_nick (enum_type, nick, &value))
    value = 0;

  return value;
}
