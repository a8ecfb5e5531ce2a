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
  /** The subject's page (an article path) when the thread was last posted to. */
  subject_path: Generated<string>
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
