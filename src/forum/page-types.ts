import type { FormState } from '../http/forms.js'
import type { SanitizedHtml } from '../views/html.js'
import type { GuestPolicy } from './tables.js'
import type { StoryView } from './stories.js'
import type { ImageView } from './images.js'

// The plain data forum pages are rendered from (page-data.ts loads it; the
// views and views/rows.ts render it), apart from the loaders, so the row
// templates that page-data uses to keep a topic page import no loader.

export interface CategorySummary {
  id: number; slug: string; name: string; description: string; href: string
  topicCount: number; postCount: number; lastActivityAt: string | null; guestPolicy: GuestPolicy
}

export interface TopicListItem {
  title: string; href: string; pinned: boolean; closed: boolean; held: boolean
  replies: number; views: number; lastPoster: string | null; lastActivityAt: string | null
  category: { name: string; href: string } | null
  /** A success story's compact summary, for lists. */
  story?: StoryView
  /** Approved posts since this reader last opened the topic (absent: never opened). */
  newPosts?: number
}

export interface PostView {
  number: number; shortId: string; anchor: string
  authorName: string; guest: boolean; staff: boolean
  /** Posted from a member's account (not a guest, not staff). */
  member: boolean
  bodyHtml: SanitizedHtml; createdAt: string; edited: boolean
  pending: boolean; ownPending: boolean
  inReplyTo: { removed: false; number: number; href: string } | { removed: true } | null
  permalink: string; quoteHref: string
  canChange: boolean
  images: ImageView[]
  /** Posted after what this reader saw on their last visit. */
  isNew: boolean
}

export interface TopicPageData {
  topic: { shortId: string; title: string; path: string; closed: boolean; pinned: boolean; held: boolean; views: number; replies: number }
  category: CategorySummary
  /** This reader's posts; empty when the page shows the kept posts instead. */
  posts: PostView[]
  /** The posts as kept for every reader with nothing of their own on the page (kept-topic-pages.ts), when this reader is one. */
  keptPosts: Buffer | null
  /** The opening post's text, when it is on this page. */
  openingText: string | null
  page: number
  pages: number
  pageHref: (p: number) => string
  /** The reply form: shown unless the topic is closed or guests may only read here. */
  reply: { open: true; form: FormState; stamp: string; signedInAs: string | null } | { open: false; why: string; offerAccount?: boolean }
  staff: boolean
  moveTo: { id: number; name: string }[]
  story: StoryView | null
  /** How many photos this viewer may attach to a reply. */
  photoSlots: number
}
