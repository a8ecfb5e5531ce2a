import type { Db } from '../db/database.js'
import { keptPartsPerHandle } from '../views/kept-parts.js'

// A topic's page of posts is the same for every reader who has nothing of
// their own on it: not staff, no post of theirs held or in its edit window,
// no "new since your last visit" marks. That is most readers of a busy topic,
// and making the page for them took three queries (the visible posts' count,
// the page of posts, their photos), more as the topic grows, and a render of
// twenty posts. Each process now keeps the pages it has made for such
// readers, under the thread's list_version (moved by triggers on the posts
// and their photos, 2026-12-01T1800 and 2026-12-02T0010) and what else the
// posts show (the topic's address, whether it takes replies, the site's time
// zone). The thread row is read on every view anyway, so a kept page costs no
// query, and no write path can leave one stale.

/** Bytes of kept topic pages one process holds for one database, least recently used dropped first. */
export const KEPT_TOPIC_PAGE_BYTES = 8 * 1024 * 1024

export interface KeptTopicPage {
  /** The posts' list items, encoded once. */
  posts: Buffer
  /** Posts this reader may see in the whole topic (for the page count). */
  total: number
  /** The opening post's text, when it is on this page (the page's description). */
  openingText: string | null
}

const stores = keptPartsPerHandle<KeptTopicPage>(KEPT_TOPIC_PAGE_BYTES, (page) => page.posts.length + (page.openingText?.length ?? 0))

/** The page this process keeps for the thread's page under exactly this key, if any. */
export function keptTopicPage(db: Db, threadId: number, page: number, key: string): KeptTopicPage | undefined {
  return stores.of(db).get(`${threadId}:${page}|${key}`)
}

export function keepTopicPage(db: Db, threadId: number, page: number, key: string, kept: KeptTopicPage) {
  stores.of(db).set(`${threadId}:${page}|${key}`, kept)
}

/** How many topic pages this process has made to keep for a database. */
export function topicPagesMade(db: Db): number {
  return stores.of(db).kept
}
