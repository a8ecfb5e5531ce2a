import type { Generated } from 'kysely'

// The forum's own tables. Topics and their posts are the engine's
// discussion_threads and discussion_posts (kind 'topic'); guest identities
// (forum_guests) and bans (forum_bans) belong to the engine too, since they
// cover article comments as well: their names are older than the split.

export type GuestPolicy = 'topics' | 'replies' | 'read'

export interface ForumCategoriesTable {
  id: Generated<number>
  slug: string
  name: string
  description: Generated<string>
  position: Generated<number>
  guest_policy: Generated<GuestPolicy>
  hold_first_guest_posts: Generated<number>
  topic_count: Generated<number>
  post_count: Generated<number>
  last_activity_at: string | null
  created_at: string
}

/** A success story's structured fields (the story is the opening post). */
export interface ForumStoriesTable {
  thread_id: number
  /** JSON: StoryTreatment[] (see forum/stories.ts). */
  treatments: string
  /** ",kind,kind," for the treatment filter. */
  treatment_keys: string
  months: number
  change: number
  stage: string | null
  created_at: string
}

export interface ForumPostImagesTable {
  id: Generated<number>
  post_id: number
  file: string
  width: number
  height: number
  alt: string
  position: number
  created_at: string
}

export type FlagReason = 'spam' | 'abuse' | 'off-topic' | 'misinformation' | 'other'

/** A reader's flag on a forum post (see the 2026-11-26T0050-forum-flags migration). */
export interface ForumFlagsTable {
  id: Generated<number>
  post_id: number
  reason: FlagReason
  note: Generated<string>
  key_hash: string | null
  user_id: number | null
  ip_hash: string
  created_at: string
  resolved_at: string | null
}

/** What an edit replaced (see the 2026-11-26T0052-forum-revisions migration). */
export interface DiscussionPostRevisionsTable {
  id: Generated<number>
  post_id: number
  body_md: string
  /** The topic title before the edit, when the opening post was edited. */
  title: string | null
  edited_by_user_id: number | null
  edited_by_name: string
  created_at: string
}

/** A member's last seen post number in a topic (guests keep theirs in a signed cookie). */
export interface ForumTopicReadsTable {
  user_id: number
  thread_id: number
  last_seen_number: number
  seen_at: string
}
