import type { Insertable, Selectable } from 'kysely'
import type { Db } from '../db/database.js'
import { type PostStatus, visibleTo, type ThreadRow, type Viewer } from '../discussion/index.js'
import type { ForumCategoriesTable, ForumPostImagesTable, ForumStoriesTable, GuestPolicy } from './tables.js'

export type CategoryRow = Selectable<ForumCategoriesTable>

// ---- categories ----

export async function listCategories(db: Db): Promise<CategoryRow[]> {
  return db.selectFrom('forum_categories').selectAll().orderBy('position').orderBy('id').execute()
}

export async function findCategoryBySlug(db: Db, slug: string): Promise<CategoryRow | undefined> {
  return db.selectFrom('forum_categories').selectAll().where('slug', '=', slug).executeTakeFirst()
}

/** The category of each of these topics. */
export async function categoriesOfTopics(db: Db, threadIds: number[]) {
  if (!threadIds.length) return []
  return db.selectFrom('discussion_threads').innerJoin('forum_categories', 'forum_categories.id', 'discussion_threads.category_id')
    .select(['discussion_threads.id as thread_id', 'forum_categories.slug', 'forum_categories.name'])
    .where('discussion_threads.id', 'in', threadIds).execute()
}

export async function findCategoryById(db: Db, id: number): Promise<CategoryRow | undefined> {
  return db.selectFrom('forum_categories').selectAll().where('id', '=', id).executeTakeFirst()
}

export interface NewCategory { slug: string; name: string; description: string; position: number; guestPolicy: GuestPolicy; holdFirstGuestPosts: boolean }

export async function insertCategory(db: Db, c: NewCategory, now: string): Promise<number> {
  const row = await db.insertInto('forum_categories').values({
    slug: c.slug, name: c.name, description: c.description, position: c.position,
    guest_policy: c.guestPolicy, hold_first_guest_posts: c.holdFirstGuestPosts ? 1 : 0,
    last_activity_at: null, created_at: now,
  }).returning('id').executeTakeFirstOrThrow()
  return row.id
}

// ---- topic lists ----

// What a topic list shows of each topic: one row, no post is read.
const LIST_COLUMNS = [
  'discussion_threads.id', 'discussion_threads.short_id', 'discussion_threads.slug', 'discussion_threads.title',
  'discussion_threads.pinned', 'discussion_threads.status', 'discussion_threads.post_count', 'discussion_threads.view_count',
  'discussion_threads.last_poster_name', 'discussion_threads.last_activity_at', 'discussion_threads.created_at',
  'discussion_threads.category_id',
] as const
export type TopicListRow = Pick<ThreadRow, 'id' | 'short_id' | 'slug' | 'title' | 'pinned' | 'status' | 'post_count' | 'view_count' | 'last_poster_name' | 'last_activity_at' | 'created_at' | 'category_id'>

/** A category page: pinned first, then by latest activity (one backwards walk of discussion_threads_category_idx). */
export async function listCategoryTopics(db: Db, categoryId: number, offset: number, limit: number): Promise<TopicListRow[]> {
  return db.selectFrom('discussion_threads').select(LIST_COLUMNS)
    .where('category_id', '=', categoryId).where('listed', '=', 1)
    .orderBy('pinned', 'desc').orderBy('last_activity_at', 'desc').orderBy('id', 'desc')
    .offset(offset).limit(limit).execute()
}

/** /forum/latest: every listed topic by latest activity (discussion_threads_latest_idx). */
export async function listLatestTopics(db: Db, offset: number, limit: number): Promise<TopicListRow[]> {
  return db.selectFrom('discussion_threads').select(LIST_COLUMNS)
    .where('listed', '=', 1)
    .orderBy('last_activity_at', 'desc').orderBy('id', 'desc')
    .offset(offset).limit(limit).execute()
}

export async function countListedTopics(db: Db): Promise<number> {
  const row = await db.selectFrom('forum_categories').select((eb) => eb.fn.sum<number>('topic_count').as('n')).executeTakeFirstOrThrow()
  return Number(row.n ?? 0)
}

/** A guest's own topics still waiting for review (they alone see them listed). */
export async function heldTopicsOf(db: Db, guestId: number, categoryId: number | null): Promise<TopicListRow[]> {
  let q = db.selectFrom('discussion_posts')
    .innerJoin('discussion_threads', 'discussion_threads.id', 'discussion_posts.thread_id')
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

export async function findTopic(db: Db, shortId: string): Promise<ThreadRow | undefined> {
  return db.selectFrom('discussion_threads').selectAll().where('short_id', '=', shortId).where('kind', '=', 'topic').executeTakeFirst()
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

export async function hasCategories(db: Db): Promise<boolean> {
  return Boolean(await db.selectFrom('forum_categories').select('id').limit(1).executeTakeFirst())
}

// ---- edit history and read marks ----

export async function insertRevision(db: Db, r: { postId: number; bodyMd: string; title: string | null; byUserId: number | null; byName: string; at: string }) {
  await db.insertInto('discussion_post_revisions').values({
    post_id: r.postId, body_md: r.bodyMd, title: r.title, edited_by_user_id: r.byUserId, edited_by_name: r.byName, created_at: r.at,
  }).execute()
}

export async function revisionsOf(db: Db, postId: number) {
  return db.selectFrom('discussion_post_revisions').selectAll().where('post_id', '=', postId).orderBy('id', 'desc').execute()
}

export async function forgetReadsOf(db: Db, userId: number) {
  await db.deleteFrom('forum_topic_reads').where('user_id', '=', userId).execute()
}

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

// ---- post photos (images.ts) ----

export async function insertImageRows(db: Db, rows: Insertable<ForumPostImagesTable>[]) {
  if (rows.length === 0) return
  await db.insertInto('forum_post_images').values(rows).execute()
}

export async function imageRows(db: Db, postIds: number[]) {
  return db.selectFrom('forum_post_images').select(['post_id', 'file', 'width', 'height', 'alt'])
    .where('post_id', 'in', postIds).orderBy('post_id').orderBy('position').execute()
}

/** The post a photo belongs to, for the visibility check before it is served. */
export async function findImagePost(db: Db, file: string) {
  return db.selectFrom('forum_post_images as i').innerJoin('discussion_posts as p', 'p.id', 'i.post_id')
    .select(['p.status', 'p.author_key', 'i.file']).where('i.file', '=', file).executeTakeFirst()
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

export async function updateCategoryRow(db: Db, id: number, c: Omit<NewCategory, 'slug'>) {
  await db.updateTable('forum_categories').set({
    name: c.name, description: c.description, position: c.position, guest_policy: c.guestPolicy, hold_first_guest_posts: c.holdFirstGuestPosts ? 1 : 0,
  }).where('id', '=', id).execute()
}

// ---- read marks (reads.ts) ----

/** thread id → the last post number this member has seen, for these topics. */
export async function readMarks(db: Db, userId: number, threadIds: number[]): Promise<Map<number, number>> {
  const rows = await db.selectFrom('forum_topic_reads').select(['thread_id', 'last_seen_number'])
    .where('user_id', '=', userId).where('thread_id', 'in', threadIds).execute()
  return new Map(rows.map((r) => [r.thread_id, r.last_seen_number]))
}

/** Moves a member's read mark forward (never back). */
export async function raiseReadMark(db: Db, userId: number, threadId: number, number: number, at: string) {
  await db.insertInto('forum_topic_reads')
    .values({ user_id: userId, thread_id: threadId, last_seen_number: number, seen_at: at })
    .onConflict((oc) => oc.columns(['user_id', 'thread_id']).doUpdateSet({ last_seen_number: number, seen_at: at })
      .where('forum_topic_reads.last_seen_number', '<', number))
    .execute()
}

/** Others' approved posts after what the reader last saw, per topic they have opened (one grouped query for a list page). */
export async function newPostCounts(db: Db, seen: Map<number, number>, reader: { userId: number | null; key: string | null }): Promise<Map<number, number>> {
  if (seen.size === 0) return new Map()
  let q = db.selectFrom('discussion_posts')
    .select((eb) => ['thread_id', eb.fn.countAll<number>().as('n')])
    .where('status', '=', 'approved')
    .where((eb) => eb.or([...seen].map(([id, n]) => eb.and([eb('thread_id', '=', id), eb('post_number', '>', n)]))))
  if (reader.userId !== null) q = q.where((eb) => eb.or([eb('author_user_id', 'is', null), eb('author_user_id', '!=', reader.userId)]))
  else if (reader.key !== null) q = q.where((eb) => eb.or([eb('author_key', 'is', null), eb('author_key', '!=', reader.key), eb('author_user_id', 'is not', null)]))
  const rows = await q.groupBy('thread_id').execute()
  return new Map(rows.map((r) => [r.thread_id, Number(r.n)]))
}
