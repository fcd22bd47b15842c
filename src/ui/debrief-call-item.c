/* SPDX-License-Identifier: GPL-3.0-or-later */
/* debrief-call-item.c: a call as an item of the library's list model */

#define G_LOG_DOMAIN "debrief-call-item"

#include "config.h"

#include <glib/gi18n.h>

#include "debrief-call-item.h"
#include "debrief-duration.h"

struct _DebriefCallItem
{
  GObject      parent_instance;

  DebriefCall *call;
  int          upload_state; /* a DebriefUploadStatus, or -1: kept here only */
  gboolean     unread;       /* a row not read from the store yet */
  char        *snippet;      /* Pango markup of what a search matched, or NULL */
  char        *party;        /* the coach or the contact, or NULL */
};

G_DEFINE_FINAL_TYPE (DebriefCallItem, debrief_call_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_SUBTITLE,
  PROP_STORAGE_ICON,
  PROP_STORAGE_DESCRIPTION,
  PROP_SHAREABLE,
  PROP_SNIPPET,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * debrief_call_item_new:
 * @call: a call, copied
 *
 * Returns: (transfer full): a new item
 */
DebriefCallItem *
debrief_call_item_new (const DebriefCall *call)
{
  DebriefCallItem *self;

  g_return_val_if_fail (call != NULL, NULL);

  self = g_object_new (DEBRIEF_TYPE_CALL_ITEM, NULL);
  self->call = debrief_call_copy (call);

  return self;
}

/**
 * debrief_call_item_new_unread:
 *
 * Returns: (transfer full): an item for a row not read yet: blank until
 *   debrief_call_item_set_call()
 */
DebriefCallItem *
debrief_call_item_new_unread (void)
{
  DebriefCallItem *self = g_object_new (DEBRIEF_TYPE_CALL_ITEM, NULL);

  self->call = debrief_call_new ();
  self->unread = TRUE;

  return self;
}

/**
 * debrief_call_item_set_call:
 * @self: a #DebriefCallItem
 * @call: the call's row as read now, copied
 */
void
debrief_call_item_set_call (DebriefCallItem   *self,
                            const DebriefCall *call)
{
  g_return_if_fail (DEBRIEF_IS_CALL_ITEM (self));
  g_return_if_fail (call != NULL);

  g_clear_pointer (&self->call, debrief_call_free);
  self->call = debrief_call_copy (call);
  self->unread = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBTITLE]);
}

const DebriefCall *
debrief_call_item_get_call (DebriefCallItem *self)
{
  g_return_val_if_fail (DEBRIEF_IS_CALL_ITEM (self), NULL);

  return self->call;
}

const char *
debrief_call_item_get_title (DebriefCallItem *self)
{
  g_return_val_if_fail (DEBRIEF_IS_CALL_ITEM (self), NULL);

  if (self->unread)
    return "";
  if (self->call->title == NULL || *self->call->title == '\0')
    return _("Untitled Call");

  return self->call->title;
}

/**
 * debrief_call_item_dup_subtitle:
 * @self: a #DebriefCallItem
 *
 * Returns: (transfer full): when the call started, its kind and its length
 */
char *
debrief_call_item_dup_subtitle (DebriefCallItem *self)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *date = NULL;
  g_autofree char *duration = NULL;
  g_autofree char *kind = NULL;

  g_return_val_if_fail (DEBRIEF_IS_CALL_ITEM (self), NULL);

  if (self->unread)
    return g_strdup ("");

  utc = g_date_time_new_from_unix_utc (self->call->started_at / G_USEC_PER_SEC);
  local = g_date_time_to_local (utc);
  /* Translators: the date and time a call started, see the GDateTime format docs */
  date = g_date_time_format (local, _("%e %b %Y, %H:%M"));
  duration = debrief_duration_format_clock ((gint64) (self->call->duration_seconds * 1000 + 500));
  kind = debrief_call_describe_kind (self->call->kind, self->party);

  return g_strdup_printf ("%s · %s · %s", g_strstrip (date), kind, duration);
}

/**
 * debrief_call_describe_kind:
 * @kind: a call's kind
 * @party: (nullable): the coach of a coaching call, or the contact of a
 *   recorded one
 *
 * Returns: (transfer full): "Coaching with Coach", "Call with Dana", or the
 *   kind alone when @party is %NULL
 */
char *
debrief_call_describe_kind (DebriefCallKind  kind,
                            const char      *party)
{
  if (kind == DEBRIEF_CALL_KIND_COACHING)
    return party != NULL ? g_strdup_printf (_("Coaching with %s"), party) : g_strdup (_("Coaching call"));

  return party != NULL ? g_strdup_printf (_("Call with %s"), party) : g_strdup (_("Recorded call"));
}

/**
 * debrief_call_item_apply_names:
 * @self: a #DebriefCallItem
 * @names: (nullable) (element-type utf8 utf8): the names of agents and
 *   contacts by id
 *
 * Names the call's coach, or its contact, in the subtitle.
 */
void
debrief_call_item_apply_names (DebriefCallItem *self,
                               GHashTable      *names)
{
  const char *id;
  const char *party = NULL;

  g_return_if_fail (DEBRIEF_IS_CALL_ITEM (self));

  if (self->unread)
    return;

  id = self->call->kind == DEBRIEF_CALL_KIND_COACHING ? self->call->ai_agent_id : self->call->lead_id;
  if (names != NULL && id != NULL)
    party = g_hash_table_lookup (names, id);

  if (g_strcmp0 (party, self->party) == 0)
    return;

  g_free (self->party);
  self->party = g_strdup (party);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBTITLE]);
}

/**
 * debrief_call_item_set_upload_state:
 * @self: a #DebriefCallItem
 * @state: how the call's files stand in the cloud: a #DebriefUploadStatus,
 *   or -1 when they are kept on this computer only
 */
void
debrief_call_item_set_upload_state (DebriefCallItem *self,
                                    int              state)
{
  g_return_if_fail (DEBRIEF_IS_CALL_ITEM (self));

  if (self->upload_state == state)
    return;

  self->upload_state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORAGE_ICON]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORAGE_DESCRIPTION]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHAREABLE]);
}

/**
 * debrief_call_item_apply_upload_states:
 * @self: a #DebriefCallItem
 * @states: (nullable) (element-type utf8 gint): from
 *   debrief_store_get_upload_states()
 *
 * Sets the call's state from @states; a call absent from them is kept on
 * this computer only.
 */
void
debrief_call_item_apply_upload_states (DebriefCallItem *self,
                                       GHashTable      *states)
{
  gpointer state;

  g_return_if_fail (DEBRIEF_IS_CALL_ITEM (self));

  if (states != NULL && self->call->id != NULL &&
      g_hash_table_lookup_extended (states, self->call->id, NULL, &state))
    debrief_call_item_set_upload_state (self, GPOINTER_TO_INT (state));
  else
    debrief_call_item_set_upload_state (self, -1);
}

/**
 * debrief_call_item_get_storage_icon:
 * @self: a #DebriefCallItem
 *
 * Returns: (nullable): the icon of the call's cloud state; %NULL when it is
 *   kept on this computer only
 */
const char *
debrief_call_item_get_storage_icon (DebriefCallItem *self)
{
  g_return_val_if_fail (DEBRIEF_IS_CALL_ITEM (self), NULL);

  switch (self->upload_state)
    {
    case DEBRIEF_UPLOAD_STATUS_PENDING:
    case DEBRIEF_UPLOAD_STATUS_UPLOADING:
      return "emblem-synchronizing-symbolic";

    case DEBRIEF_UPLOAD_STATUS_COMPLETED:
      return "folder-remote-symbolic";

    case DEBRIEF_UPLOAD_STATUS_FAILED:
      return "dialog-warning-symbolic";

    default:
      return NULL;
    }
}

/**
 * debrief_call_item_get_storage_description:
 * @self: a #DebriefCallItem
 *
 * Returns: where the call's files are, in words
 */
const char *
debrief_call_item_get_storage_description (DebriefCallItem *self)
{
  g_return_val_if_fail (DEBRIEF_IS_CALL_ITEM (self), NULL);

  switch (self->upload_state)
    {
    case DEBRIEF_UPLOAD_STATUS_PENDING:
      return _("Waiting to upload");

    case DEBRIEF_UPLOAD_STATUS_UPLOADING:
      return _("Uploading");

    case DEBRIEF_UPLOAD_STATUS_COMPLETED:
      return _("In the cloud");

    case DEBRIEF_UPLOAD_STATUS_FAILED:
      return _("Upload failed; Debrief will try again");

    default:
      return _("On this computer only");
    }
}

/**
 * debrief_call_item_set_snippet:
 * @self: a #DebriefCallItem
 * @snippet: (nullable): a search hit's snippet, its matches between
 *   %DEBRIEF_SEARCH_MATCH_START and %DEBRIEF_SEARCH_MATCH_END
 *
 * Shown under the row's title with the matches in bold; the text is
 * escaped, so whatever was said or searched for shows as it is.
 */
void
debrief_call_item_set_snippet (DebriefCallItem *self,
                               const char      *snippet)
{
  GString *markup;

  g_return_if_fail (DEBRIEF_IS_CALL_ITEM (self));

  g_clear_pointer (&self->snippet, g_free);
  if (snippet != NULL && g_utf8_validate (snippet, -1, NULL))
    {
      markup = g_string_new (NULL);
      for (const char *p = snippet; *p != '\0';)
        {
          const char *next = strpbrk (p, DEBRIEF_SEARCH_MATCH_START DEBRIEF_SEARCH_MATCH_END);
          gsize length = next != NULL ? (gsize) (next - p) : strlen (p);
          g_autofree char *escaped = g_markup_escape_text (p, length);

          g_string_append (markup, escaped);
          if (next == NULL)
            break;
          g_string_append (markup, *next == DEBRIEF_SEARCH_MATCH_START[0] ? "<b>" : "</b>");
          p = next + 1;
        }
      /* Balanced even when a snippet ends inside a match. */
      if (g_strrstr (markup->str, "<b>") > g_strrstr (markup->str, "</b>"))
        g_string_append (markup, "</b>");
      self->snippet = g_string_free (markup, FALSE);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SNIPPET]);
}

const char *
debrief_call_item_get_snippet (DebriefCallItem *self)
{
  g_return_val_if_fail (DEBRIEF_IS_CALL_ITEM (self), NULL);

  return self->snippet;
}

static void
debrief_call_item_finalize (GObject *object)
{
  DebriefCallItem *self = (DebriefCallItem *) object;

  g_clear_pointer (&self->call, debrief_call_free);
  g_free (self->snippet);
  g_free (self->party);

  G_OBJECT_CLASS (debrief_call_item_parent_class)->finalize (object);
}

static void
debrief_call_item_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  DebriefCallItem *self = DEBRIEF_CALL_ITEM (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, debrief_call_item_get_title (self));
      break;

    case PROP_SUBTITLE:
      g_value_take_string (value, debrief_call_item_dup_subtitle (self));
      break;

    case PROP_STORAGE_ICON:
      g_value_set_string (value, debrief_call_item_get_storage_icon (self));
      break;

    case PROP_STORAGE_DESCRIPTION:
      g_value_set_string (value, debrief_call_item_get_storage_description (self));
      break;

    case PROP_SNIPPET:
      g_value_set_string (value, self->snippet);
      break;

    case PROP_SHAREABLE:
      g_value_set_boolean (value, self->upload_state == DEBRIEF_UPLOAD_STATUS_COMPLETED);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
debrief_call_item_class_init (DebriefCallItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = debrief_call_item_finalize;
  object_class->get_property = debrief_call_item_get_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_SUBTITLE] =
    g_param_spec_string ("subtitle", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_STORAGE_ICON] =
    g_param_spec_string ("storage-icon", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_STORAGE_DESCRIPTION] =
    g_param_spec_string ("storage-description", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* Pango markup of what a search matched in the call. */
  properties[PROP_SNIPPET] =
    g_param_spec_string ("snippet", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* Whether the recording is in the cloud, so a share link can be made. */
  properties[PROP_SHAREABLE] =
    g_param_spec_boolean ("shareable", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
debrief_call_item_init (DebriefCallItem *self)
{
  self->upload_state = -1;
}
