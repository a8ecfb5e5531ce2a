import type { ExpressionBuilder, Selectable } from 'kysely'
import type { Db } from '../db/database.js'
import type { Tables } from '../db/tables.js'
import type { DiscussionPostsTable, DiscussionSubscriptionsTable, DiscussionThreadsTable, PostStatus, ThreadKind } from './tables.js'

export type ThreadRow = Selectable<DiscussionThreadsTable>
export type PostRow = Selectable<DiscussionPostsTable>
export type SubscriptionRow = Selectable<DiscussionSubscriptionsTable>

/** Who is reading a thread: held posts are visible to their author (by browser key) and to staff. */
export interface Viewer { key: string | null; staff: boolean }

export function visibleTo(viewer: Viewer) {
  return (eb: ExpressionBuilder<Tables, 'discussion_posts'>) => {
    if (viewer.staff) return eb('discussion_posts.status', 'in', ['approved', 'pending'])
    if (!viewer.key) return eb('discussion_posts.status', '=', 'approved')
    return eb.or([
      eb('discussion_posts.status', '=', 'approved'),
      eb.and([eb('discussion_posts.status', '=', 'pending'), eb('discussion_posts.author_key', '=', viewer.key)]),
    ])
  }
}

export async function findCommentThread(db: Db, articleId: number): Promise<ThreadRow | undefined> {
  return db.selectFrom('discussion_threads').selectAll().where('article_id', '=', articleId).where('kind', '=', 'comments').executeTakeFirst()
}

export async function insertThread(db: Db, values: { shortId: string; articleId: number; title: string; path: string; now: string }) {
  await db.insertInto('discussion_threads').values({
    short_id: values.shortId, kind: 'comments', article_id: values.articleId, title: values.title,
    subject_path: values.path, last_posted_at: null, created_at: values.now,
  }).onConflict((oc) => oc.column('article_id').doNothing()).execute()
}

export async function refreshThreadSubject(db: Db, threadId: number, title: string, path: string) {
  await db.updateTable('discussion_threads').set({ title, subject_path: path }).where('id', '=', threadId).execute()
}

export async function findThreadById(db: Db, id: number): Promise<ThreadRow | undefined> {
  return db.selectFrom('discussion_threads').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function findPost(db: Db, shortId: string): Promise<PostRow | undefined> {
  return db.selectFrom('discussion_posts').selectAll().where('short_id', '=', shortId).executeTakeFirst()
}

export async function findPostsByShortIds(db: Db, shortIds: string[]): Promise<PostRow[]> {
  if (!shortIds.length) return []
  return db.selectFrom('discussion_posts').selectAll().where('short_id', 'in', shortIds).execute()
}

export async function findPostById(db: Db, id: number): Promise<PostRow | undefined> {
  return db.selectFrom('discussion_posts').selectAll().where('id', '=', id).executeTakeFirst()
}

export type NewPostRow = Omit<PostRow, 'id' | 'path' | 'depth'> & { depth: number }

/** Inserts a post and gives it its tree path (ancestor path + its own zero-padded id). */
export async function insertPostRow(db: Db, row: NewPostRow, parentPath: string | null): Promise<number> {
  const { id } = await db.insertInto('discussion_posts').values({ ...row, path: '' }).returning('id').executeTakeFirstOrThrow()
  const path = parentPath ? `${parentPath}.${pad(id)}` : pad(id)
  await db.updateTable('discussion_posts').set({ path }).where('id', '=', id).execute()
  return id
}

// Ten digits keep string order equal to numeric order for ten billion posts.
export const pad = (id: number) => String(id).padStart(10, '0')

// A top-level post is one at depth 0, not one without a parent_id: a purged
// comment's replies lose their parent_id (the foreign key would delete them)
// but keep their depth and path, and stay replies under a placeholder.

/** Recomputes a thread's approved counts inside the caller's transaction. */
export async function recountThread(db: Db, threadId: number) {
  const row = await db.selectFrom('discussion_posts')
    .select((eb) => [
      eb.fn.countAll<number>().as('posts'),
      eb.fn.sum<number>(eb.case().when('depth', '=', 0).then(1).else(0).end()).as('roots'),
      eb.fn.max('approved_at').as('last'),
    ])
    .where('thread_id', '=', threadId).where('status', '=', 'approved')
    .executeTakeFirstOrThrow()
  await db.updateTable('discussion_threads').set({
    post_count: Number(row.posts),
    top_level_count: Number(row.roots ?? 0),
    last_posted_at: row.last ? String(row.last) : null,
  }).where('id', '=', threadId).execute()
}

export async function countVisibleRoots(db: Db, threadId: number, viewer: Viewer): Promise<number> {
  const row = await db.selectFrom('discussion_posts').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('thread_id', '=', threadId).where('depth', '=', 0).where(visibleTo(viewer))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** Paths of the visible top-level posts from `offset`, one more than asked so the page's end is known. */
export async function visibleRootPaths(db: Db, threadId: number, viewer: Viewer, offset: number, limit: number): Promise<string[]> {
  const rows = await db.selectFrom('discussion_posts').select('path')
    .where('thread_id', '=', threadId).where('depth', '=', 0).where(visibleTo(viewer))
    .orderBy('path').offset(offset).limit(limit + 1).execute()
  return rows.map((r) => r.path)
}

export interface PostWithParent extends PostRow { parent_name: string | null; parent_short_id: string | null }

/** Visible posts with from <= path < to (to null: to the end), oldest-first depth-first. */
// What a thread page shows of each post: not the Markdown source, nor the
// email or IP hash, which a page never needs (and which cost time to read).
const THREAD_COLUMNS = ['id', 'short_id', 'parent_id', 'path', 'status', 'author_key', 'author_name', 'author_url', 'author_role', 'author_user_id', 'body_html', 'created_at'] as const
export type ThreadPostRow = Pick<PostRow, (typeof THREAD_COLUMNS)[number]>

export async function visiblePostsInRange(db: Db, threadId: number, viewer: Viewer, from: string, to: string | null): Promise<ThreadPostRow[]> {
  let q = db.selectFrom('discussion_posts').select(THREAD_COLUMNS)
    .where('thread_id', '=', threadId).where(visibleTo(viewer)).where('path', '>=', from)
  if (to !== null) q = q.where('path', '<', to)
  return q.orderBy('path').execute()
}

/** How many visible top-level posts come before this root (for the page a comment is on). */
export async function visibleRootsBefore(db: Db, threadId: number, viewer: Viewer, rootPath: string): Promise<number> {
  const row = await db.selectFrom('discussion_posts').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('thread_id', '=', threadId).where('depth', '=', 0).where(visibleTo(viewer)).where('path', '<', rootPath)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export function isVisible(post: Pick<PostRow, 'status' | 'author_key'>, viewer: Viewer): boolean {
  if (post.status === 'approved') return true
  if (post.status !== 'pending') return false
  return viewer.staff || (viewer.key !== null && post.author_key === viewer.key)
}

export async function hasApprovedPostFrom(db: Db, email: string): Promise<boolean> {
  const row = await db.selectFrom('discussion_posts').select('id').where('author_email', '=', email).where('status', '=', 'approved').limit(1).executeTakeFirst()
  return Boolean(row)
}

export async function approvedCountsByArticle(db: Db, articleIds: number[]): Promise<{ article_id: number | null; post_count: number }[]> {
  if (!articleIds.length) return []
  return db.selectFrom('discussion_threads').select(['article_id', 'post_count']).where('article_id', 'in', articleIds).where('kind', '=', 'comments').execute()
}

export async function setStatus(db: Db, ids: number[], status: PostStatus, now: string) {
  if (!ids.length) return
  await db.updateTable('discussion_posts').set({ status, updated_at: now }).where('id', 'in', ids).execute()
}

export async function markFirstApproval(db: Db, ids: number[], now: string) {
  if (!ids.length) return
  await db.updateTable('discussion_posts').set({ approved_at: now }).where('id', 'in', ids).where('approved_at', 'is', null).execute()
}

// ---- moderation queue ----

export interface QueueRow {
  id: number; short_id: string; thread_id: number; parent_id: number | null
  author_name: string; author_email: string | null; author_url: string | null; author_role: string | null
  body_html: string; status: PostStatus; held_reason: string | null; ip_hash: string | null; created_at: string
  thread_title: string; subject_path: string
  thread_kind: ThreadKind; post_number: number | null; guest_id: number | null
  category_name: string | null; category_slug: string | null
}

/** Which posts a queue tab shows: all, article comments only, or forum posts only. */
export type QueueKind = 'all' | 'comments' | 'forum'

const threadKindOf = (kind: QueueKind): ThreadKind | null => (kind === 'comments' ? 'comments' : kind === 'forum' ? 'topic' : null)

export async function listQueue(db: Db, status: PostStatus, offset: number, limit: number, kind: QueueKind = 'all'): Promise<QueueRow[]> {
  const threadKind = threadKindOf(kind)
  let q = db.selectFrom('discussion_posts')
    .innerJoin('discussion_threads', 'discussion_threads.id', 'discussion_posts.thread_id')
    .leftJoin('forum_categories', 'forum_categories.id', 'discussion_threads.category_id')
    .select([
      'discussion_posts.id', 'discussion_posts.short_id', 'discussion_posts.thread_id', 'discussion_posts.parent_id',
      'discussion_posts.author_name', 'discussion_posts.author_email', 'discussion_posts.author_url', 'discussion_posts.author_role',
      'discussion_posts.body_html', 'discussion_posts.status', 'discussion_posts.held_reason', 'discussion_posts.ip_hash',
      'discussion_posts.created_at', 'discussion_threads.title as thread_title', 'discussion_threads.subject_path',
      'discussion_threads.kind as thread_kind', 'discussion_posts.post_number', 'discussion_posts.guest_id',
      'forum_categories.name as category_name', 'forum_categories.slug as category_slug',
    ])
    .where('discussion_posts.status', '=', status)
  if (threadKind) q = q.where('discussion_threads.kind', '=', threadKind)
  return q
    // Pending oldest first (a queue is worked in order); the rest newest first.
    .orderBy('discussion_posts.created_at', status === 'pending' ? 'asc' : 'desc')
    .orderBy('discussion_posts.id', status === 'pending' ? 'asc' : 'desc')
    .offset(offset).limit(limit).execute()
}

export async function countByStatus(db: Db, kind: QueueKind = 'all'): Promise<Record<PostStatus, number>> {
  const threadKind = threadKindOf(kind)
  const rows = threadKind
    ? await db.selectFrom('discussion_posts').innerJoin('discussion_threads', 'discussion_threads.id', 'discussion_posts.thread_id')
      .select((eb) => ['discussion_posts.status', eb.fn.countAll<number>().as('n')])
      .where('discussion_threads.kind', '=', threadKind).groupBy('discussion_posts.status').execute()
    : await db.selectFrom('discussion_posts').select((eb) => ['status', eb.fn.countAll<number>().as('n')]).groupBy('status').execute()
  const out: Record<PostStatus, number> = { pending: 0, approved: 0, spam: 0, trash: 0 }
  for (const r of rows) out[r.status] = Number(r.n)
  return out
}

export async function postNamesByIds(db: Db, ids: number[]): Promise<Map<number, { name: string; shortId: string }>> {
  if (!ids.length) return new Map()
  const rows = await db.selectFrom('discussion_posts').select(['id', 'author_name', 'short_id']).where('id', 'in', ids).execute()
  return new Map(rows.map((r) => [r.id, { name: r.author_name, shortId: r.short_id }]))
}

// ---- subscriptions ----

export async function findSubscriptionByToken(db: Db, token: string): Promise<SubscriptionRow | undefined> {
  return db.selectFrom('discussion_subscriptions').selectAll().where('token', '=', token).executeTakeFirst()
}

export async function hasConfirmedAddress(db: Db, email: string): Promise<boolean> {
  const row = await db.selectFrom('discussion_subscriptions').select('id')
    .where('email', '=', email).where('confirmed_at', 'is not', null).where('unsubscribed_at', 'is', null)
    .limit(1).executeTakeFirst()
  return Boolean(row)
}

export async function lastConfirmationRequest(db: Db, email: string): Promise<string | undefined> {
  const row = await db.selectFrom('discussion_subscriptions').select('created_at')
    .where('email', '=', email).where('confirmed_at', 'is', null)
    .orderBy('created_at', 'desc').limit(1).executeTakeFirst()
  return row?.created_at
}

export async function activeSubscriptionForPost(db: Db, postId: number): Promise<SubscriptionRow | undefined> {
  return db.selectFrom('discussion_subscriptions').selectAll()
    .where('post_id', '=', postId).where('confirmed_at', 'is not', null).where('unsubscribed_at', 'is', null)
    .executeTakeFirst()
}
