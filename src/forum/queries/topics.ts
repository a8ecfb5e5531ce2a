import type { Db } from '../../db/database.js'
import { type PostStatus, visibleTo, type ThreadRow, type Viewer } from '../../discussion/index.js'
import { prepared } from '../../db/prepared.js'

// Topics, their posts, lists and feeds (topics are engine threads of kind 'topic').

// ---- topic lists ----

// What a topic list shows of each topic: one row, no post is read; a
// success story's fields come in the same row (a left join on its key), so a
// list page is one query however many stories it shows.
const LIST_COLUMNS = [
  'discussion_threads.id', 'discussion_threads.short_id', 'discussion_threads.slug', 'discussion_threads.title',
  'discussion_threads.pinned', 'discussion_threads.status', 'discussion_threads.post_count', 'discussion_threads.view_count',
  'discussion_threads.last_poster_name', 'discussion_threads.last_activity_at', 'discussion_threads.created_at',
  'discussion_threads.category_id',
  'forum_stories.treatments as story_treatments', 'forum_stories.months as story_months', 'forum_stories.change as story_change', 'forum_stories.stage as story_stage',
] as const
export type TopicListRow = Pick<ThreadRow, 'id' | 'short_id' | 'slug' | 'title' | 'pinned' | 'status' | 'post_count' | 'view_count' | 'last_poster_name' | 'last_activity_at' | 'created_at' | 'category_id'>
  & StoryColumns & { category_name?: string | null; category_slug?: string | null }
/** A listed topic's story fields (all null when it is not a story). */
export interface StoryColumns { story_treatments: string | null; story_months: number | null; story_change: number | null; story_stage: string | null }

/** A category page: pinned first, then by latest activity (one backwards walk of discussion_threads_category_idx). */
// A later page of a big category (page 500 of 50,000 topics) skips its
// offset in the list's covering index and reads only its own 30 rows from
// the table: the page's ids first, then their rows (a deferred join). Reading
// every skipped row whole cost page 500 about a millisecond on SQLite.

/** A category's listed topics, one page, pinned first then by latest activity. */
export function categoryTopicsQuery(db: Db, categoryId: number, offset: number, limit: number) {
  const page = db.selectFrom('discussion_threads').select('id')
    .where('category_id', '=', categoryId).where('listed', '=', 1)
    .orderBy('pinned', 'desc').orderBy('last_activity_at', 'desc').orderBy('id', 'desc')
    .offset(offset).limit(limit)
  return db.selectFrom(page.as('page')).innerJoin('discussion_threads', 'discussion_threads.id', 'page.id')
    .leftJoin('forum_stories', 'forum_stories.thread_id', 'discussion_threads.id').select(LIST_COLUMNS)
    .orderBy('discussion_threads.pinned', 'desc').orderBy('discussion_threads.last_activity_at', 'desc').orderBy('discussion_threads.id', 'desc')
}

const categoryTopics = prepared(categoryTopicsQuery)

export async function listCategoryTopics(db: Db, categoryId: number, offset: number, limit: number): Promise<TopicListRow[]> {
  return categoryTopics(db, categoryId, offset, limit)
}

/** /forum/latest: every listed topic by latest activity (discussion_threads_latest_idx), with its category's name; a deferred join as above. */
export function latestTopicsQuery(db: Db, offset: number, limit: number) {
  const page = db.selectFrom('discussion_threads').select('id')
    .where('listed', '=', 1).orderBy('last_activity_at', 'desc').orderBy('id', 'desc')
    .offset(offset).limit(limit)
  return db.selectFrom(page.as('page')).innerJoin('discussion_threads', 'discussion_threads.id', 'page.id')
    .leftJoin('forum_stories', 'forum_stories.thread_id', 'discussion_threads.id')
    .leftJoin('forum_categories', 'forum_categories.id', 'discussion_threads.category_id')
    .select([...LIST_COLUMNS, 'forum_categories.name as category_name', 'forum_categories.slug as category_slug'])
    .orderBy('discussion_threads.last_activity_at', 'desc').orderBy('discussion_threads.id', 'desc')
}

const latestTopics = prepared(latestTopicsQuery)

export async function listLatestTopics(db: Db, offset: number, limit: number): Promise<TopicListRow[]> {
  return latestTopics(db, offset, limit)
}

export async function countListedTopics(db: Db): Promise<number> {
  const row = await db.selectFrom('forum_categories').select((eb) => eb.fn.sum<number>('topic_count').as('n')).executeTakeFirstOrThrow()
  return Number(row.n ?? 0)
}

/** A guest's own topics still waiting for review (they alone see them listed). */
export async function heldTopicsOf(db: Db, guestId: number, categoryId: number | null): Promise<TopicListRow[]> {
  let q = db.selectFrom('discussion_posts')
    .innerJoin('discussion_threads', 'discussion_threads.id', 'discussion_posts.thread_id')
    .leftJoin('forum_stories', 'forum_stories.thread_id', 'discussion_threads.id')
    .select(LIST_COLUMNS)
    .where('discussion_posts.guest_id', '=', guestId).where('discussion_posts.post_number', '=', 1)
    .where('discussion_posts.status', '=', 'pending')
  if (categoryId !== null) q = q.where('discussion_threads.category_id', '=', categoryId)
  return q.orderBy('discussion_posts.created_at', 'desc').limit(20).execute()
}

// ---- topics and their posts ----

export interface NewTopic { shortId: string; slug: string; title: string; path: string; categoryId: number; pinned?: boolean; createdAt: string }

/** A topic is an engine thread of kind 'topic' with the forum's columns; its posts are added through the engine's createPost. */
export async function insertTopic(db: Db, t: NewTopic): Promise<number> {
  const { id } = await db.insertInto('discussion_threads').values({
    short_id: t.shortId, kind: 'topic', article_id: null, title: t.title, subject_path: t.path, category_id: t.categoryId, slug: t.slug,
    pinned: t.pinned ? 1 : 0, last_posted_at: null, created_at: t.createdAt, last_poster_name: null, last_activity_at: null,
  }).returning('id').executeTakeFirstOrThrow()
  return id
}

export async function retitleTopic(db: Db, threadId: number, title: string) {
  await db.updateTable('discussion_threads').set({ title }).where('id', '=', threadId).execute()
}

export async function setTopicPinned(db: Db, threadId: number, pinned: boolean) {
  await db.updateTable('discussion_threads').set({ pinned: pinned ? 1 : 0 }).where('id', '=', threadId).execute()
}

export async function setTopicStatus(db: Db, threadId: number, status: 'open' | 'closed') {
  await db.updateTable('discussion_threads').set({ status }).where('id', '=', threadId).execute()
}

export async function setTopicCategory(db: Db, threadId: number, categoryId: number) {
  await db.updateTable('discussion_threads').set({ category_id: categoryId }).where('id', '=', threadId).execute()
}

const topicByShortId = prepared((db, shortId: string) => db.selectFrom('discussion_threads').selectAll().where('short_id', '=', shortId).where('kind', '=', 'topic'))

export async function findTopic(db: Db, shortId: string): Promise<ThreadRow | undefined> {
  return (await topicByShortId(db, shortId))[0]
}

export async function findFirstPost(db: Db, threadId: number) {
  return db.selectFrom('discussion_posts').select(['id', 'short_id', 'status', 'author_key', 'guest_id', 'author_user_id'])
    .where('thread_id', '=', threadId).where('post_number', '=', 1).executeTakeFirst()
}

// What a topic page shows of each post (never the email or IP hash).
const TOPIC_POST_COLUMNS = [
  'id', 'short_id', 'post_number', 'parent_id', 'status', 'author_key', 'author_name', 'author_role', 'author_user_id',
  'guest_id', 'body_html', 'created_at', 'edited_at', 'path',
] as const
export type TopicPostRow = {
  id: number; short_id: string; post_number: number | null; parent_id: number | null; status: PostStatus; author_key: string | null
  author_name: string; author_role: string | null; author_user_id: number | null; guest_id: number | null
  body_html: string; created_at: string; edited_at: string | null; path: string
}

/** One page of a topic's posts in #n order, as this viewer may see them (discussion_posts_number_idx). */
export async function topicPostsPage(db: Db, threadId: number, viewer: Viewer, offset: number, limit: number): Promise<TopicPostRow[]> {
  return db.selectFrom('discussion_posts').select(TOPIC_POST_COLUMNS)
    .where('thread_id', '=', threadId).where(visibleTo(viewer))
    .orderBy('post_number').offset(offset).limit(limit).execute()
}

export async function countVisibleTopicPosts(db: Db, threadId: number, viewer: Viewer): Promise<number> {
  const row = await db.selectFrom('discussion_posts').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('thread_id', '=', threadId).where(visibleTo(viewer)).executeTakeFirstOrThrow()
  return Number(row.n)
}

export async function visibleTopicPostsBefore(db: Db, threadId: number, viewer: Viewer, postNumber: number): Promise<number> {
  const row = await db.selectFrom('discussion_posts').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('thread_id', '=', threadId).where(visibleTo(viewer)).where('post_number', '<', postNumber).executeTakeFirstOrThrow()
  return Number(row.n)
}

export async function postNumbersByIds(db: Db, ids: number[]): Promise<Map<number, { number: number; shortId: string; status: PostStatus; author_key: string | null }>> {
  if (!ids.length) return new Map()
  const rows = await db.selectFrom('discussion_posts').select(['id', 'post_number', 'short_id', 'status', 'author_key']).where('id', 'in', [...new Set(ids)]).execute()
  return new Map(rows.flatMap((r) => (r.post_number !== null ? [[r.id, { number: r.post_number, shortId: r.short_id, status: r.status, author_key: r.author_key }] as const] : [])))
}

export async function findTopicPostByNumber(db: Db, threadId: number, n: number) {
  return db.selectFrom('discussion_posts').selectAll().where('thread_id', '=', threadId).where('post_number', '=', n).executeTakeFirst()
}

/** Claims the next #n of a topic (inside the posting transaction, so numbers never repeat). */
export async function claimPostNumber(db: Db, threadId: number): Promise<number> {
  const row = await db.updateTable('discussion_threads').set((eb) => ({ next_post_number: eb('next_post_number', '+', 1) }))
    .where('id', '=', threadId).returning('next_post_number').executeTakeFirstOrThrow()
  return row.next_post_number
}

// ---- feeds (feeds.ts) ----

/** A category's newest listed topics with their approved opening posts. */
export async function categoryFeedRows(db: Db, categoryId: number, limit: number) {
  return db.selectFrom('discussion_threads')
    .innerJoin('discussion_posts', 'discussion_posts.thread_id', 'discussion_threads.id')
    .select([
      'discussion_threads.short_id as topic_short_id', 'discussion_threads.slug', 'discussion_threads.title',
      'discussion_posts.author_name', 'discussion_posts.body_html', 'discussion_posts.created_at', 'discussion_posts.approved_at',
    ])
    .where('discussion_threads.category_id', '=', categoryId).where('discussion_threads.kind', '=', 'topic').where('discussion_threads.listed', '=', 1)
    .where('discussion_posts.post_number', '=', 1).where('discussion_posts.status', '=', 'approved')
    .orderBy('discussion_threads.id', 'desc').limit(limit).execute()
}

/** A topic's newest approved posts. */
export async function topicFeedRows(db: Db, threadId: number, limit: number) {
  return db.selectFrom('discussion_posts')
    .select(['short_id', 'post_number', 'author_name', 'body_html', 'created_at', 'approved_at'])
    .where('thread_id', '=', threadId).where('status', '=', 'approved')
    .orderBy('post_number', 'desc').limit(limit).execute()
}

export async function addTopicViews(db: Db, threadId: number, n: number) {
  await db.updateTable('discussion_threads').set((eb) => ({ view_count: eb('view_count', '+', n) })).where('id', '=', threadId).execute()
}

/** A post by id, only if it belongs to this topic (an imported reply's parent). */
export async function findPostOfTopic(db: Db, topicId: number, postId: number) {
  return db.selectFrom('discussion_posts').selectAll().where('id', '=', postId).where('thread_id', '=', topicId).executeTakeFirst()
}
