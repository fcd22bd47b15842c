/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-peaks.c: a recording's waveform, downsampled once and cached next to it */

#define G_LOG_DOMAIN "debrief-media"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>

#include "debrief-decoder.h"
#include "debrief-media-format.h"
#include "debrief-peaks.h"

/* The cache: a header naming the recording's size and modification time,
 * then one byte per peak (the loudest sample of 10 ms, all channels, 0–255). */
#define CACHE_MAGIC "DBPEAKS1"

typedef struct
{
  char    magic[8];
  guint32 per_second;
  guint32 reserved;
  gint64  source_size;
  gint64  source_mtime;
} CacheHeader;

char *
debrief_peaks_cache_path (const char *path)
{
  g_return_val_if_fail (path != NULL, NULL);

  return g_strconcat (path, ".peaks", NULL);
}

static gboolean
stat_source (const char   *path,
             CacheHeader  *header,
             GError      **error)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    {
      g_set_error (error, DEBRIEF_MEDIA_ERROR, DEBRIEF_MEDIA_ERROR_NOT_FOUND,
                   _("“%s” does not exist or is not a file"), path);
      return FALSE;
    }

  memset (header, 0, sizeof *header);
  memcpy (header->magic, CACHE_MAGIC, sizeof header->magic);
  header->per_second = DEBRIEF_PEAKS_PER_SECOND;
  header->source_size = st.st_size;
  header->source_mtime = st.st_mtime;
  return TRUE;
}

static GBytes *
load_cache (const char        *cache,
            const CacheHeader *expected)
{
  g_autofree char *contents = NULL;
  gsize length;

  if (!g_file_get_contents (cache, &contents, &length, NULL) || length < sizeof (CacheHeader))
    return NULL;

  if (memcmp (contents, expected, sizeof (CacheHeader)) != 0)
    return NULL;

  return g_bytes_new (contents + sizeof (CacheHeader), length - sizeof (CacheHeader));
}

typedef struct
{
  GByteArray *peaks;
  guint       window;
  guint       filled;
  float       loudest;
} Downsample;

static gboolean
downsample (const float *samples,
            gsize        n_frames,
            guint        channels,
            guint        rate,
            gpointer     user_data)
{
  Downsample *d = user_data;

  d->window = MAX (1, rate / DEBRIEF_PEAKS_PER_SECOND);
  for (gsize i = 0; i < n_frames; i++)
    {
      for (guint ch = 0; ch < channels; ch++)
        d->loudest = MAX (d->loudest, fabsf (samples[i * channels + ch]));

      if (++d->filled == d->window)
        {
          guint8 value = (guint8) lrintf (MIN (d->loudest, 1.0f) * 255);

          g_byte_array_append (d->peaks, &value, 1);
          d->filled = 0;
          d->loudest = 0;
        }
    }

  return TRUE;
}

/**
 * debrief_peaks_get:
 * @path: a recording
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * The waveform of @path: %DEBRIEF_PEAKS_PER_SECOND bytes a second, each the
 * loudest sample of its slice (0 silent, 255 full scale). Computed by
 * decoding once, then read from `PATH.peaks` until the recording changes.
 * Blocks.
 *
 * Returns: (transfer full): the peaks
 */
GBytes *
debrief_peaks_get (const char    *path,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autofree char *cache = NULL;
  g_autoptr(GByteArray) file = NULL;
  CacheHeader header;
  GBytes *peaks;
  Downsample d = { 0 };

  g_return_val_if_fail (path != NULL, NULL);

  if (!stat_source (path, &header, error))
    return NULL;

  cache = debrief_peaks_cache_path (path);
  peaks = load_cache (cache, &header);
  if (peaks != NULL)
    return peaks;

  d.peaks = g_byte_array_new ();
  if (!debrief_decode_file (path, downsample, &d, cancellable, error))
    {
      g_byte_array_unref (d.peaks);
      return NULL;
    }

  file = g_byte_array_new ();
  g_byte_array_append (file, (const guint8 *) &header, sizeof header);
  g_byte_array_append (file, d.peaks->data, d.peaks->len);

  /* A cache that cannot be written only costs time next time. */
  if (!g_file_set_contents (cache, (const char *) file->data, file->len, NULL))
    g_debug ("Could not write the waveform cache %s", cache);

  return g_byte_array_free_to_bytes (d.peaks);
}

void
debrief_peaks_get_async (const char          *path,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  debrief_file_task_run (path, (DebriefFileFunc) debrief_peaks_get, (GDestroyNotify) g_bytes_unref,
                         debrief_peaks_get_async, cancellable, callback, user_data);
}

GBytes *
debrief_peaks_get_finish (GAsyncResult  *result,
                          GError       **error)
{
  return debrief_file_task_finish (result, debrief_peaks_get_async, error);
}
