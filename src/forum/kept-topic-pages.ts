import type { Db } from '../db/database.js'

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

class KeptTopicPages {
  private pages = new Map<string, { key: string; page: KeptTopicPage }>()
  private bytes = 0
  /** Pages made for keeping so far (tests read it through topicPagesMade). */
  made = 0

  get(at: string, key: string): KeptTopicPage | undefined {
    const kept = this.pages.get(at)
    if (!kept || kept.key !== key) return undefined
    this.pages.delete(at)
    this.pages.set(at, kept)
    return kept.page
  }

  set(at: string, key: string, page: KeptTopicPage) {
    const size = page.posts.length + (page.openingText?.length ?? 0)
    if (size > KEPT_TOPIC_PAGE_BYTES) return
    const old = this.pages.get(at)
    if (old) { this.bytes -= old.page.posts.length + (old.page.openingText?.length ?? 0); this.pages.delete(at) }
    this.pages.set(at, { key, page })
    this.bytes += size
    this.made++
    for (const [k, p] of this.pages) {
      if (this.bytes <= KEPT_TOPIC_PAGE_BYTES) break
      this.pages.delete(k)
      this.bytes -= p.page.posts.length + (p.page.openingText?.length ?? 0)
    }
  }
}

// One store per database handle (a replica has its own): tests run several sites in one process.
const stores = new WeakMap<Db, KeptTopicPages>()

function storeFor(db: Db): KeptTopicPages {
  let store = stores.get(db)
  if (!store) stores.set(db, (store = new KeptTopicPages()))
  return store
}

/** The page this process keeps for the thread's page under exactly this key, if any. */
export function keptTopicPage(db: Db, threadId: number, page: number, key: string): KeptTopicPage | undefined {
  return storeFor(db).get(`${threadId}:${page}`, key)
}

export function keepTopicPage(db: Db, threadId: number, page: number, key: string, kept: KeptTopicPage) {
  storeFor(db).set(`${threadId}:${page}`, key, kept)
}

/** How many topic pages this process has made to keep for a database. */
export function topicPagesMade(db: Db): number {
  return storeFor(db).made
}
