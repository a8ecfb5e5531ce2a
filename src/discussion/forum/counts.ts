import type { Db } from '../../db/database.js'
import type { PostRow } from '../queries.js'

// The forum's denormalised numbers (a topic's listing, last poster and
// activity; a category's topic and post counts) are recomputed by the engine
// whenever a post's status changes, in the same transaction: lists then read
// one row per topic or category and never count posts at request time.

/** Recomputes what lists show of these topics and of their categories (comment threads are skipped). */
export async function refreshForumCounts(trx: Db, threadIds: number[]) {
  if (!threadIds.length) return
  const topics = await trx.selectFrom('discussion_threads').select(['id', 'category_id'])
    .where('id', 'in', [...new Set(threadIds)]).where('kind', '=', 'topic').execute()
  const categories = new Set<number>()
  for (const t of topics) {
    await recountTopic(trx, t.id)
    if (t.category_id !== null) categories.add(t.category_id)
  }
  for (const c of categories) await recountCategory(trx, c)
}

/** A topic is listed once its opening post is approved; its activity is its latest approved post. */
export async function recountTopic(trx: Db, threadId: number) {
  const first = await trx.selectFrom('discussion_posts').select('status')
    .where('thread_id', '=', threadId).where('post_number', '=', 1).executeTakeFirst()
  const last = await trx.selectFrom('discussion_posts').select(['author_name', 'created_at'])
    .where('thread_id', '=', threadId).where('status', '=', 'approved')
    .orderBy('post_number', 'desc').limit(1).executeTakeFirst()
  await trx.updateTable('discussion_threads').set({
    listed: first?.status === 'approved' ? 1 : 0,
    last_poster_name: last?.author_name ?? null,
    last_activity_at: last?.created_at ?? null,
  }).where('id', '=', threadId).execute()
}

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
