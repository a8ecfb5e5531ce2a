import type { Generated } from 'kysely'

export type ThreadKind = 'comments' | 'topic'
export type PostStatus = 'pending' | 'approved' | 'spam' | 'trash'

export interface DiscussionThreadsTable {
  id: Generated<number>
  short_id: string
  kind: ThreadKind
  article_id: number | null
  title: string
  status: Generated<'open' | 'closed'>
  post_count: Generated<number>
  top_level_count: Generated<number>
  last_posted_at: string | null
  created_at: string
  /** The subject's page (an article path, or a topic's own URL). */
  subject_path: Generated<string>
  // Forum topics only (see the 2026-11-26T0010-forum migration):
  category_id: number | null
  slug: Generated<string>
  pinned: Generated<number>
  view_count: Generated<number>
  /** 1 once the opening post is approved: a held topic stays out of lists. */
  listed: Generated<number>
  last_poster_name: string | null
  last_activity_at: string | null
  next_post_number: Generated<number>
  /** What this topic adds to its category's post_count now (post_count while listed, else 0). */
  counted_posts: Generated<number>
  /** Moved on by triggers at every change to a post a list shows (2026-12-01T1800 migration): what a kept list fragment was made from. */
  list_version: Generated<number>
}

/** A comment page's list as shared readers see it, kept whole for one list_version of its thread. */
export interface DiscussionListFragmentsTable {
  thread_id: number
  page: number
  /** What it was made for: the thread's list_version, the page's path, and the rest of views/comment-list.ts listKey. */
  fragment_key: string
  /** How many comment pages the thread had. */
  pages: number
  html: Buffer
}

export interface DiscussionPostsTable {
  id: Generated<number>
  short_id: string
  thread_id: number
  parent_id: number | null
  depth: Generated<number>
  path: Generated<string>
  author_user_id: number | null
  author_name: string
  author_email: string | null
  author_url: string | null
  author_key: string | null
  body_md: string
  body_html: string
  status: PostStatus
  held_reason: string | null
  ip_hash: string | null
  content_hash: string
  notify_replies: Generated<number>
  created_at: string
  updated_at: string
  approved_at: string | null
  /** The author's staff role when they posted (admin | editor | moderator), else null. */
  author_role: string | null
  /** #n within a forum topic; null for article comments. */
  post_number: number | null
  /** The forum guest identity that wrote it. */
  guest_id: number | null
  edited_at: string | null
  /** The comment's card as last made (UTF-8), and what it was made for (views/comment-card.ts): a cache of the row, cleared by an edit. */
  card_html: Buffer | null
  card_key: string | null
}

export interface ForumGuestsTable {
  id: Generated<number>
  /** HMAC of the browser's signed commenter key: the key itself is never stored. */
  key_hash: string
  display_name: string
  /** Lower-cased; never shown; mail only once confirmed. */
  email: string | null
  email_confirmed_at: string | null
  approved_count: Generated<number>
  created_at: string
  last_post_at: string | null
}

export interface DiscussionSubscriptionsTable {
  id: Generated<number>
  post_id: number | null
  thread_id: number | null
  email: string
  token: string
  confirmed_at: string | null
  unsubscribed_at: string | null
  last_sent_at: string | null
  created_at: string
}

export type BanPeriod = 'day' | 'week' | 'month' | 'permanent'

/** A staff ban on forum posting (see the 2026-11-26T0051-forum-bans migration). */
export interface ForumBansTable {
  id: Generated<number>
  guest_id: number | null
  ip_hash: string | null
  reason: Generated<string>
  period: BanPeriod
  created_by: number | null
  created_at: string
  expires_at: string | null
  lifted_at: string | null
  lifted_by: number | null
}
