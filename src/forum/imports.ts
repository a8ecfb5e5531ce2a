import type { Deps } from '../deps.js'
import type { Db } from '../db/database.js'
import { shortId } from '../http/signing.js'
import { createPost, findThreadById, type PostStatus } from '../discussion/index.js'
import { claimPostNumber, findPostOfTopic, findCategoryBySlug, insertCategory, insertTopic, listCategories, retitleTopic, setTopicStatus } from './queries/index.js'
import { topicPath, topicSlug } from './posting.js'
import { attachForumToEngine } from './engine-hooks.js'

// What the importer writes a bbPress forum through: categories, topics and
// their posts by the engine's one insert path, so counts, post numbers and
// HTML are what readers' posts get. Every function runs in the importer's
// transaction.

/** A forum category by slug, found or made (last in order; guests may start topics, as bbPress lets them). */
export async function importForumCategory(db: Db, c: { slug: string; name: string; description: string }, now: string): Promise<{ id: number; slug: string }> {
  const slug = topicSlug(c.slug || c.name).slice(0, 60)
  const existing = await findCategoryBySlug(db, slug)
  if (existing) return { id: existing.id, slug }
  const last = (await listCategories(db)).reduce((n, r) => Math.max(n, r.position), -1)
  const id = await insertCategory(db, {
    slug, name: c.name.slice(0, 80) || slug, description: c.description.slice(0, 500), position: last + 1, guestPolicy: 'topics', holdFirstGuestPosts: true,
  }, now)
  return { id, slug }
}

export interface ImportedTopic { existingId?: number; categoryId: number; title: string; createdAt: string; closed: boolean }

/** A topic (its posts come after, opening post first); returns its thread id and its address. */
export async function importTopic(db: Db, t: ImportedTopic): Promise<{ id: number; path: string }> {
  attachForumToEngine()
  const title = t.title.slice(0, 200) || 'Untitled topic'
  if (t.existingId !== undefined) {
    const thread = await findThreadById(db, t.existingId)
    if (thread) {
      if (thread.title !== title) await retitleTopic(db, thread.id, title)
      await setTopicStatus(db, thread.id, t.closed ? 'closed' : 'open')
      return { id: thread.id, path: thread.subject_path }
    }
  }
  const short = shortId(8)
  const slug = topicSlug(title)
  const path = topicPath({ short_id: short, slug })
  const id = await insertTopic(db, { shortId: short, slug, title, path, categoryId: t.categoryId, pinned: false, createdAt: t.createdAt })
  if (t.closed) await setTopicStatus(db, id, 'closed')
  return { id, path }
}

export interface ImportedForumPost {
  /** The engine post it answers (bbPress's reply-to), or null. */
  parentId: number | null
  author: { userId: number | null; role: string | null; name: string; email: string | null; url: string | null }
  bodyMd: string
  status: PostStatus
  at: Date
}

/** One post of a topic, numbered in turn; the first is the opening post. */
export async function importForumPost(deps: Pick<Deps, 'config' | 'jobs'>, db: Db, topicId: number, p: ImportedForumPost): Promise<number> {
  attachForumToEngine()
  const thread = (await findThreadById(db, topicId))!
  const number = await claimPostNumber(db, topicId)
  const parent = p.parentId !== null ? (await findPostOfTopic(db, topicId, p.parentId)) ?? null : null
  const post = await createPost(deps, db, {
    thread, parent,
    author: { ...p.author, url: p.author.url || null, key: null },
    bodyMd: p.bodyMd, status: p.status,
    heldReason: p.status === 'pending' ? 'Pending on the old site' : p.status === 'spam' ? 'Marked as spam on the old site' : null,
    ipHash: null, notify: false, at: p.at, postNumber: number, guestId: null,
  })
  return post.id
}

/** A topic's address, by its thread id (redirects of imported replies). */
export async function topicAddress(db: Db, topicId: number): Promise<string | null> {
  return (await findThreadById(db, topicId))?.subject_path ?? null
}
