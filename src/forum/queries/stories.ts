import type { Insertable } from 'kysely'
import type { Db } from '../../db/database.js'
import type { ForumStoriesTable } from '../tables.js'

// ---- success stories (stories.ts) ----

export async function insertStoryRow(db: Db, row: Insertable<ForumStoriesTable>) {
  await db.insertInto('forum_stories').values(row).execute()
}

export async function storyRows(db: Db, threadIds: number[]) {
  if (threadIds.length === 0) return []
  return db.selectFrom('forum_stories').select(['thread_id', 'treatments', 'months', 'change', 'stage']).where('thread_id', 'in', threadIds).execute()
}

const storyTopicColumns = ['t.id', 't.short_id', 't.slug', 't.title', 't.pinned', 't.status', 't.post_count', 't.view_count', 't.last_poster_name', 't.last_activity_at', 't.created_at', 't.category_id'] as const

/** A category's listed topics whose story used this treatment, pinned first, latest activity first. */
export async function listTopicsByTreatment(db: Db, categoryId: number, kind: string, offset: number, limit: number) {
  return db.selectFrom('discussion_threads as t').innerJoin('forum_stories as s', 's.thread_id', 't.id')
    .select([...storyTopicColumns])
    .where('t.category_id', '=', categoryId).where('t.listed', '=', 1).where('s.treatment_keys', 'like', `%,${kind},%`)
    .orderBy('t.pinned', 'desc').orderBy('t.last_activity_at', 'desc').orderBy('t.id', 'desc')
    .offset(offset).limit(limit).execute()
}

export async function countTopicsByTreatment(db: Db, categoryId: number, kind: string): Promise<number> {
  const r = await db.selectFrom('discussion_threads as t').innerJoin('forum_stories as s', 's.thread_id', 't.id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('t.category_id', '=', categoryId).where('t.listed', '=', 1).where('s.treatment_keys', 'like', `%,${kind},%`)
    .executeTakeFirstOrThrow()
  return Number(r.n)
}
