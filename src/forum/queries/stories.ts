import type { Insertable } from 'kysely'
import type { Db } from '../../db/database.js'
import type { ForumStoriesTable } from '../tables.js'
import { prepared } from '../../db/prepared.js'

// ---- success stories (stories.ts) ----

export async function insertStoryRow(db: Db, row: Insertable<ForumStoriesTable>) {
  await db.insertInto('forum_stories').values(row).execute()
}

/** A topic's category and, for a success story, its fields: what a topic page needs of both, in one query. */
const categoryAndStory = prepared((db, categoryId: number, threadId: number) => db.selectFrom('forum_categories')
  .leftJoin('forum_stories', (j) => j.on('forum_stories.thread_id', '=', threadId))
  .selectAll('forum_categories')
  .select(['forum_stories.treatments as story_treatments', 'forum_stories.months as story_months', 'forum_stories.change as story_change', 'forum_stories.stage as story_stage'])
  .where('forum_categories.id', '=', categoryId))

export async function categoryWithStory(db: Db, categoryId: number, threadId: number) {
  return (await categoryAndStory(db, categoryId, threadId))[0]
}

const storyTopicColumns = ['t.id', 't.short_id', 't.slug', 't.title', 't.pinned', 't.status', 't.post_count', 't.view_count', 't.last_poster_name', 't.last_activity_at', 't.created_at', 't.category_id',
  's.treatments as story_treatments', 's.months as story_months', 's.change as story_change', 's.stage as story_stage'] as const

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
