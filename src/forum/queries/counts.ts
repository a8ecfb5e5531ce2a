import type { Db } from '../../db/database.js'
import type { PostRow } from '../../discussion/index.js'

// The forum's denormalised numbers (a topic's listing, last poster and
// activity; a category's topic and post counts and latest activity) change
// with each post's status, in the same transaction: lists then read one row
// per topic or category and never count posts at request time.
//
// A topic's own numbers are re-read from its posts (an indexed range of one
// topic). A category's move by increments: each topic remembers what it adds
// to its category (`listed`, `counted_posts`), so a change is the difference
// between what it adds now and what it added before, whatever the order of
// status changes. Nothing here reads a whole category, so the cost of an
// approval does not grow with the forum.

interface Contribution { listed: number; posts: number; lastActivity: string | null }
interface CategoryChange { topics: number; posts: number; newest: string | null; recheckNewest: boolean }

const later = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a > b ? a : b)

/** Brings these topics' numbers, and their categories', in step with their posts (comment threads are skipped). */
export async function refreshForumCounts(trx: Db, threadIds: number[]) {
  if (!threadIds.length) return
  const topics = await trx.selectFrom('discussion_threads')
    .select(['id', 'category_id', 'listed', 'counted_posts', 'last_activity_at'])
    .where('id', 'in', [...new Set(threadIds)]).where('kind', '=', 'topic').orderBy('id').execute()
  const changes = new Map<number, CategoryChange>()
  for (const t of topics) {
    const before: Contribution = { listed: t.listed, posts: t.counted_posts, lastActivity: t.listed ? t.last_activity_at : null }
    const after = await recountTopic(trx, t.id)
    if (t.category_id === null) continue
    const c = changes.get(t.category_id) ?? { topics: 0, posts: 0, newest: null, recheckNewest: false }
    c.topics += after.listed - before.listed
    c.posts += after.posts - before.posts
    c.newest = later(c.newest, after.lastActivity)
    // The category's latest activity can only be raised by an increment; when
    // this topic leaves the list or loses its latest post, look it up again.
    if (before.lastActivity !== null && (after.lastActivity === null || after.lastActivity < before.lastActivity)) c.recheckNewest = true
    changes.set(t.category_id, c)
  }
  for (const [categoryId, c] of changes) await applyCategoryChange(trx, categoryId, c)
}

/** A topic is listed once its opening post is approved; its activity is its latest approved post. */
export async function recountTopic(trx: Db, threadId: number): Promise<Contribution> {
  const first = await trx.selectFrom('discussion_posts').select('status')
    .where('thread_id', '=', threadId).where('post_number', '=', 1).executeTakeFirst()
  const last = await trx.selectFrom('discussion_posts').select(['author_name', 'created_at'])
    .where('thread_id', '=', threadId).where('status', '=', 'approved')
    .orderBy('post_number', 'desc').limit(1).executeTakeFirst()
  const { post_count } = await trx.selectFrom('discussion_threads').select('post_count').where('id', '=', threadId).executeTakeFirstOrThrow()
  const listed = first?.status === 'approved' ? 1 : 0
  const posts = listed ? Number(post_count) : 0
  const lastActivity = last ? String(last.created_at) : null
  await trx.updateTable('discussion_threads').set({
    listed,
    counted_posts: posts,
    last_poster_name: last?.author_name ?? null,
    last_activity_at: lastActivity,
  }).where('id', '=', threadId).execute()
  return { listed, posts, lastActivity: listed ? lastActivity : null }
}

/** A topic moves between categories: what it adds leaves one and joins the other. */
export async function moveTopicCounts(trx: Db, topicId: number, from: number | null, to: number) {
  const t = await trx.selectFrom('discussion_threads').select(['listed', 'counted_posts', 'last_activity_at'])
    .where('id', '=', topicId).executeTakeFirstOrThrow()
  if (!t.listed) return
  if (from !== null) await applyCategoryChange(trx, from, { topics: -1, posts: -t.counted_posts, newest: null, recheckNewest: true })
  await applyCategoryChange(trx, to, { topics: 1, posts: t.counted_posts, newest: t.last_activity_at, recheckNewest: false })
}

async function applyCategoryChange(trx: Db, categoryId: number, c: CategoryChange) {
  let newest: string | null | undefined = c.newest
  if (c.recheckNewest) newest = await newestActivity(trx, categoryId)
  await trx.updateTable('forum_categories').set((eb) => ({
    topic_count: eb('topic_count', '+', c.topics),
    post_count: eb('post_count', '+', c.posts),
    ...(c.recheckNewest
      ? { last_activity_at: newest ?? null }
      : newest !== null
        ? { last_activity_at: eb.case().when('last_activity_at', 'is', null).then(newest).when('last_activity_at', '<', newest).then(newest).else(eb.ref('last_activity_at')).end() }
        : {}),
  })).where('id', '=', categoryId).execute()
}

/** The category's latest activity: the newest listed topic, read from the category index (pinned and unpinned ends). */
async function newestActivity(trx: Db, categoryId: number): Promise<string | null> {
  let newest: string | null = null
  for (const pinned of [1, 0]) {
    const row = await trx.selectFrom('discussion_threads').select('last_activity_at')
      .where('category_id', '=', categoryId).where('listed', '=', 1).where('pinned', '=', pinned)
      .where('last_activity_at', 'is not', null)
      .orderBy('last_activity_at', 'desc').limit(1).executeTakeFirst()
    newest = later(newest, row?.last_activity_at ? String(row.last_activity_at) : null)
  }
  return newest
}

/**
 * Re-sums a whole category from its topics. Not on any request path: a repair
 * tool for bulk imports (the benchmark's seed) and the yardstick that tests
 * hold the increments to.
 */
export async function recountCategory(trx: Db, categoryId: number) {
  const row = await trx.selectFrom('discussion_threads')
    .select((eb) => [eb.fn.countAll<number>().as('topics'), eb.fn.sum<number>('post_count').as('posts'), eb.fn.max('last_activity_at').as('last')])
    .where('category_id', '=', categoryId).where('listed', '=', 1)
    .executeTakeFirstOrThrow()
  await trx.updateTable('forum_categories').set({
    topic_count: Number(row.topics),
    post_count: Number(row.posts ?? 0),
    last_activity_at: row.last ? String(row.last) : null,
  }).where('id', '=', categoryId).execute()
}

/** A guest identity earns trust with each post approved for the first time (it lifts the hold after 2). */
export async function creditGuests(trx: Db, firstApprovals: Pick<PostRow, 'guest_id'>[]) {
  const byGuest = new Map<number, number>()
  for (const p of firstApprovals) if (p.guest_id !== null) byGuest.set(p.guest_id, (byGuest.get(p.guest_id) ?? 0) + 1)
  for (const [id, n] of byGuest) {
    await trx.updateTable('forum_guests').set((eb) => ({ approved_count: eb('approved_count', '+', n) })).where('id', '=', id).execute()
  }
}
