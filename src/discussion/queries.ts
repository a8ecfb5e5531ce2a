import type { ExpressionBuilder, Selectable } from 'kysely'
import type { Db } from '../db/database.js'
import type { Tables } from '../db/tables.js'
import type { DiscussionPostsTable, DiscussionSubscriptionsTable, DiscussionThreadsTable, ForumGuestsTable, PostStatus, ThreadKind, BanPeriod } from './tables.js'
import { prepared } from '../db/prepared.js'

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

const commentThread = prepared((db, articleId: number) => db.selectFrom('discussion_threads').selectAll().where('article_id', '=', articleId).where('kind', '=', 'comments'))

export async function findCommentThread(db: Db, articleId: number): Promise<ThreadRow | undefined> {
  return (await commentThread(db, articleId))[0]
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

/** The thread a post belongs to (always there: a post cannot outlive its thread). */
export async function threadOfPost(db: Db, post: Pick<PostRow, 'thread_id'>): Promise<ThreadRow> {
  return db.selectFrom('discussion_threads').selectAll().where('id', '=', post.thread_id).executeTakeFirstOrThrow()
}

/** An edit: the new text, its HTML and hash, and when. */
export async function updatePostBody(db: Db, id: number, body: { md: string; html: string; hash: string; at: string }) {
  await db.updateTable('discussion_posts').set({ body_md: body.md, body_html: body.html, content_hash: body.hash, edited_at: body.at, updated_at: body.at, card_html: null, card_key: null })
    .where('id', '=', id).execute()
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

export type NewPostRow = Omit<PostRow, 'id' | 'path' | 'depth' | 'card_html' | 'card_key'> & { depth: number }

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

/** The path of the visible top-level post at `offset` (0-based), if there is one. */
export async function visibleRootAt(db: Db, threadId: number, viewer: Viewer, offset: number): Promise<string | undefined> {
  const row = await db.selectFrom('discussion_posts').select('path')
    .where('thread_id', '=', threadId).where('depth', '=', 0).where(visibleTo(viewer))
    .orderBy('path').offset(offset).limit(1).executeTakeFirst()
  return row?.path
}

/** Visible posts with from <= path < to (to null: to the end), oldest-first depth-first. */
// What a thread page reads of each post: what places it and its kept card.
// Not the Markdown source, nor the email or IP hash, which a page never needs
// (and which cost time to read); its text, link and date only where its card
// must be made (postDetails).
const THREAD_COLUMNS = ['id', 'short_id', 'path', 'status', 'author_key', 'author_name', 'author_role', 'author_user_id', 'card_html', 'card_key'] as const
const DETAIL_COLUMNS = ['author_url', 'body_html', 'created_at'] as const
export type PostDetails = Pick<PostRow, 'id' | (typeof DETAIL_COLUMNS)[number]>
/** A post as a thread page reads it; the details only once postDetails has read them. */
export type ThreadPostRow = Pick<PostRow, (typeof THREAD_COLUMNS)[number]> & Partial<Omit<PostDetails, 'id'>>

/** What a card is made from, for the posts whose card must be made. */
export async function postDetails(db: Db, ids: number[]): Promise<PostDetails[]> {
  if (!ids.length) return []
  return db.selectFrom('discussion_posts').select(['id', ...DETAIL_COLUMNS]).where('id', 'in', ids).execute()
}

export async function visiblePostsInRange(db: Db, threadId: number, viewer: Viewer, from: string, to: string | null): Promise<ThreadPostRow[]> {
  let q = db.selectFrom('discussion_posts').select(THREAD_COLUMNS)
    .where('thread_id', '=', threadId).where(visibleTo(viewer)).where('path', '>=', from)
  if (to !== null) q = q.where('path', '<', to)
  return q.orderBy('path').execute()
}

/** A card made for a post as it was read: `bodyHtml` and `authorName` are what it was made from. */
export interface MadeCard { id: number; key: string; html: Buffer; bodyHtml: string; authorName: string }

/**
 * Keeps cards made while showing a page. A card is kept only if the post
 * still has the text and name it was made from, so a page read just before
 * an edit cannot put the old text back after the edit cleared the card.
 */
export async function saveCards(db: Db, cards: MadeCard[]): Promise<void> {
  if (!cards.length) return
  await db.transaction().execute(async (trx) => {
    for (const c of cards) {
      await trx.updateTable('discussion_posts').set({ card_html: c.html, card_key: c.key })
        .where('id', '=', c.id).where('body_html', '=', c.bodyHtml).where('author_name', '=', c.authorName).execute()
    }
  })
}

/** A comment page's kept list (discussion_list_fragments), if any. */
export async function findListFragment(db: Db, threadId: number, page: number) {
  return db.selectFrom('discussion_list_fragments').select(['fragment_key', 'pages', 'html'])
    .where('thread_id', '=', threadId).where('page', '=', page).executeTakeFirst()
}

/** A kept list's key and page count, without its bytes (kept-lists.ts). */
const listFragmentKey = prepared((db, threadId: number, page: number) => db.selectFrom('discussion_list_fragments').select(['fragment_key', 'pages'])
  .where('thread_id', '=', threadId).where('page', '=', page))

export async function findListFragmentKey(db: Db, threadId: number, page: number) {
  return (await listFragmentKey(db, threadId, page))[0]
}

/**
 * Keeps a comment page's list. Its key names the thread's list_version it was
 * made from; one made from a version since moved on is never used, so a page
 * that read the thread just before a change can only keep a list no reader
 * will match.
 */
export async function saveListFragment(db: Db, f: { threadId: number; page: number; key: string; pages: number; html: Buffer }): Promise<void> {
  await db.insertInto('discussion_list_fragments').values({ thread_id: f.threadId, page: f.page, fragment_key: f.key, pages: f.pages, html: f.html })
    .onConflict((oc) => oc.columns(['thread_id', 'page']).doUpdateSet({ fragment_key: f.key, pages: f.pages, html: f.html })).execute()
}

/** Whether this commenter has a held post in the thread (they see it; nobody else does). */
export async function hasHeldPostIn(db: Db, threadId: number, authorKey: string): Promise<boolean> {
  const row = await db.selectFrom('discussion_posts').select('id')
    .where('thread_id', '=', threadId).where('status', '=', 'pending').where('author_key', '=', authorKey).limit(1).executeTakeFirst()
  return Boolean(row)
}

/** How many visible top-level posts come before this root (for the page a comment is on). */
export async function visibleRootsBefore(db: Db, threadId: number, viewer: Viewer, rootPath: string): Promise<number> {
  const row = await db.selectFrom('discussion_posts').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('thread_id', '=', threadId).where('depth', '=', 0).where(visibleTo(viewer)).where('path', '<', rootPath)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export async function hasApprovedPostFrom(db: Db, email: string): Promise<boolean> {
  const row = await db.selectFrom('discussion_posts').select('id').where('author_email', '=', email).where('status', '=', 'approved').limit(1).executeTakeFirst()
  return Boolean(row)
}

export async function approvedCountsByArticle(db: Db, articleIds: number[]): Promise<{ article_id: number | null; post_count: number }[]> {
  if (!articleIds.length) return []
  return db.selectFrom('discussion_threads').select(['article_id', 'post_count']).where('article_id', 'in', articleIds).where('kind', '=', 'comments').execute()
}

export async function hasCommentsOn(db: Db, articleIds: number[]): Promise<boolean> {
  if (!articleIds.length) return false
  const row = await db.selectFrom('discussion_posts').innerJoin('discussion_threads', 'discussion_threads.id', 'discussion_posts.thread_id')
    .select('discussion_posts.id').where('discussion_threads.article_id', 'in', articleIds).limit(1).executeTakeFirst()
  return Boolean(row)
}

export async function setStatus(db: Db, ids: number[], status: PostStatus, now: string) {
  if (!ids.length) return
  await db.updateTable('discussion_posts').set({ status, updated_at: now }).where('id', 'in', ids).execute()
}

export async function markFirstApproval(db: Db, ids: number[], now: string) {
  if (!ids.length) return
  await db.updateTable('discussion_posts').set({ approved_at: now }).where('id', 'in', ids).where('approved_at', 'is', null).execute()
}

// ---- the spam limits (limits.ts admitPost) ----

/** A column a poster is known by, and its value for this poster. */
export type PosterKeyValue = ['ip_hash' | 'author_key' | 'author_email' | 'author_user_id', string | number]

/** The poster's newest post since `since`, by any of their keys. */
export async function lastPostSince(db: Db, keys: PosterKeyValue[], since: string): Promise<string | undefined> {
  const row = await db.selectFrom('discussion_posts').select('created_at')
    .where((eb) => eb.or(keys.map(([col, v]) => eb(col, '=', v as never))))
    .where('created_at', '>', since)
    .orderBy('created_at', 'desc').limit(1).executeTakeFirst()
  return row?.created_at
}

/** Posts of one kind by one key since `since`, and the oldest of them. A post's kind is in its number: comments have none, a topic's opening post is #1. */
export async function postsOfKindSince(db: Db, [col, v]: PosterKeyValue, kind: 'comment' | 'topic' | 'reply', since: string): Promise<{ n: number; first: string | null }> {
  let q = db.selectFrom('discussion_posts')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('created_at').as('first')])
    .where(col, '=', v as never).where('created_at', '>', since)
  q = kind === 'comment' ? q.where('post_number', 'is', null) : q.where('post_number', kind === 'topic' ? '=' : '>', 1)
  const row = await q.executeTakeFirstOrThrow()
  return { n: Number(row.n), first: row.first === null ? null : String(row.first) }
}

/** The same text since `since`, from the same poster anywhere or from anyone in this thread. */
export async function hasDuplicateSince(db: Db, contentHash: string, keys: PosterKeyValue[], threadId: number | null, since: string): Promise<boolean> {
  const row = await db.selectFrom('discussion_posts').select('id')
    .where('content_hash', '=', contentHash)
    .where('created_at', '>', since)
    .where((eb) => eb.or([
      ...keys.map(([col, v]) => eb(col, '=', v as never)),
      ...(threadId !== null ? [eb('thread_id', '=', threadId)] : []),
    ]))
    .limit(1).executeTakeFirst()
  return Boolean(row)
}

// ---- moderation queue ----

export interface QueueRow {
  id: number; short_id: string; thread_id: number; parent_id: number | null
  author_name: string; author_email: string | null; author_url: string | null; author_role: string | null
  body_html: string; status: PostStatus; held_reason: string | null; ip_hash: string | null; created_at: string
  thread_title: string; subject_path: string
  thread_kind: ThreadKind; post_number: number | null; guest_id: number | null
}

/** Which posts a queue tab shows: all, article comments only, or forum posts only. */
export type QueueKind = 'all' | 'comments' | 'forum'

const threadKindOf = (kind: QueueKind): ThreadKind | null => (kind === 'comments' ? 'comments' : kind === 'forum' ? 'topic' : null)

export async function listQueue(db: Db, status: PostStatus, offset: number, limit: number, kind: QueueKind = 'all'): Promise<QueueRow[]> {
  const threadKind = threadKindOf(kind)
  let q = db.selectFrom('discussion_posts')
    .innerJoin('discussion_threads', 'discussion_threads.id', 'discussion_posts.thread_id')
    .select([
      'discussion_posts.id', 'discussion_posts.short_id', 'discussion_posts.thread_id', 'discussion_posts.parent_id',
      'discussion_posts.author_name', 'discussion_posts.author_email', 'discussion_posts.author_url', 'discussion_posts.author_role',
      'discussion_posts.body_html', 'discussion_posts.status', 'discussion_posts.held_reason', 'discussion_posts.ip_hash',
      'discussion_posts.created_at', 'discussion_threads.title as thread_title', 'discussion_threads.subject_path',
      'discussion_threads.kind as thread_kind', 'discussion_posts.post_number', 'discussion_posts.guest_id',
    ])
    .where('discussion_posts.status', '=', status)
  if (threadKind) q = q.where('discussion_threads.kind', '=', threadKind)
  return q
    // Pending oldest first (a queue is worked in order); the rest newest first.
    .orderBy('discussion_posts.created_at', status === 'pending' ? 'asc' : 'desc')
    .orderBy('discussion_posts.id', status === 'pending' ? 'asc' : 'desc')
    .offset(offset).limit(limit).execute()
}

/** Why a held post is held, as the moderation queue shows it. */
export async function setHeldReason(db: Db, postId: number, reason: string): Promise<void> {
  await db.updateTable('discussion_posts').set({ held_reason: reason }).where('id', '=', postId).execute()
}

export async function countApprovedPosts(db: Db): Promise<number> {
  const row = await db.selectFrom('discussion_posts').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'approved').executeTakeFirstOrThrow()
  return Number(row.n)
}

export async function countPending(db: Db): Promise<number> {
  const row = await db.selectFrom('discussion_posts').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'pending').executeTakeFirstOrThrow()
  return Number(row.n)
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

export interface NewSubscription { postId: number | null; threadId: number; email: string; token: string; confirmedAt: string | null; at: string }

/** A request for mail: replies to a post (postId), or a watched thread (postId null). */
export async function insertSubscription(db: Db, s: NewSubscription) {
  await db.insertInto('discussion_subscriptions').values({
    post_id: s.postId, thread_id: s.threadId, email: s.email, token: s.token, confirmed_at: s.confirmedAt,
    unsubscribed_at: null, last_sent_at: null, created_at: s.at,
  }).execute()
}

/** One click confirms every pending request from this address. */
export async function confirmAddress(db: Db, email: string, at: string) {
  await db.updateTable('discussion_subscriptions').set({ confirmed_at: at })
    .where('email', '=', email).where('confirmed_at', 'is', null).where('unsubscribed_at', 'is', null).execute()
}

export async function markUnsubscribed(db: Db, id: number, at: string) {
  await db.updateTable('discussion_subscriptions').set({ unsubscribed_at: at }).where('id', '=', id).execute()
}

/** This address's live watch of a whole thread (confirmed or not), if it has one. */
export async function findThreadWatch(db: Db, threadId: number, email: string) {
  return db.selectFrom('discussion_subscriptions').select(['id', 'confirmed_at'])
    .where('thread_id', '=', threadId).where('post_id', 'is', null).where('email', '=', email).where('unsubscribed_at', 'is', null)
    .executeTakeFirst()
}

/** A thread's confirmed, still subscribed watchers. */
export async function listThreadWatchers(db: Db, threadId: number): Promise<SubscriptionRow[]> {
  return db.selectFrom('discussion_subscriptions').selectAll()
    .where('thread_id', '=', threadId).where('post_id', 'is', null)
    .where('confirmed_at', 'is not', null).where('unsubscribed_at', 'is', null).execute()
}

export async function markSubscriptionSent(db: Db, id: number, at: string) {
  await db.updateTable('discussion_subscriptions').set({ last_sent_at: at }).where('id', '=', id).execute()
}

// ---- a deleted member ----

export async function postsByMember(db: Db, userId: number) {
  return db.selectFrom('discussion_posts').select(['id', 'thread_id']).where('author_user_id', '=', userId).execute()
}

/** The posts stay; who wrote them does not: no name, address, link or browser key. */
export async function anonymisePosts(db: Db, ids: number[], name: string) {
  if (!ids.length) return
  await db.updateTable('discussion_posts').set({ author_name: name, author_email: null, author_url: null, author_key: null, card_html: null, card_key: null }).where('id', 'in', ids).execute()
  await db.deleteFrom('discussion_subscriptions').where('post_id', 'in', ids).execute()
}

/** A member's watches: made with the account's address, confirmed at once. */
export async function deleteConfirmedWatches(db: Db, email: string) {
  await db.deleteFrom('discussion_subscriptions').where('post_id', 'is', null).where('email', '=', email).where('confirmed_at', 'is not', null).execute()
}

export async function activeSubscriptionForPost(db: Db, postId: number): Promise<SubscriptionRow | undefined> {
  return db.selectFrom('discussion_subscriptions').selectAll()
    .where('post_id', '=', postId).where('confirmed_at', 'is not', null).where('unsubscribed_at', 'is', null)
    .executeTakeFirst()
}

// ---- guest identities (forum_guests: a browser's key, as an HMAC; bans name them) ----

export type GuestRow = Selectable<ForumGuestsTable>

export async function findGuestByKeyHash(db: Db, keyHash: string): Promise<GuestRow | undefined> {
  return db.selectFrom('forum_guests').selectAll().where('key_hash', '=', keyHash).executeTakeFirst()
}

export async function findGuestById(db: Db, id: number): Promise<GuestRow | undefined> {
  return db.selectFrom('forum_guests').selectAll().where('id', '=', id).executeTakeFirst()
}

/** The guest identity behind a key hash, made on first use (a concurrent twin is harmless: the key hash is unique). */
export async function ensureGuest(db: Db, g: { keyHash: string; name: string; email: string | null; at: string }): Promise<GuestRow> {
  await db.insertInto('forum_guests').values({ key_hash: g.keyHash, display_name: g.name, email: g.email, email_confirmed_at: null, created_at: g.at, last_post_at: null })
    .onConflict((oc) => oc.column('key_hash').doNothing()).execute()
  return (await findGuestByKeyHash(db, g.keyHash))!
}

export async function renameGuest(db: Db, id: number, g: { name: string; email: string | null; emailConfirmedAt: string | null }) {
  await db.updateTable('forum_guests').set({ display_name: g.name, email: g.email, email_confirmed_at: g.emailConfirmedAt }).where('id', '=', id).execute()
}

export async function markGuestPosted(db: Db, id: number, at: string) {
  await db.updateTable('forum_guests').set({ last_post_at: at }).where('id', '=', id).execute()
}

/** Whether a guest who has posted goes by this name (case-insensitively), other than the identity `exceptKeyHash`. */
export async function guestNameInUse(db: Db, name: string, exceptKeyHash: string | null): Promise<boolean> {
  let q = db.selectFrom('forum_guests').select('id')
    .where((eb) => eb(eb.fn('lower', ['display_name']), '=', name.trim().toLowerCase()))
    .where('last_post_at', 'is not', null)
  if (exceptKeyHash) q = q.where('key_hash', '!=', exceptKeyHash)
  return Boolean(await q.limit(1).executeTakeFirst())
}

// ---- bans (forum_bans: on a guest identity or an IP hash, for comments and the forum) ----

/** Unlifted bans not yet expired at `now` on this address or this browser's guest identity. */
export async function bansInForce(db: Db, who: { keyHash: string | null; ipHash: string }, now: string) {
  return db.selectFrom('forum_bans').select(['id', 'expires_at'])
    .where('lifted_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .where((eb) => eb.or([
      eb('ip_hash', '=', who.ipHash),
      ...(who.keyHash ? [eb('guest_id', 'in', eb.selectFrom('forum_guests').select('id').where('key_hash', '=', who.keyHash))] : []),
    ]))
    .execute()
}

export async function insertBan(db: Db, b: { guestId: number | null; ipHash: string | null; reason: string; period: BanPeriod; byUserId: number; at: string; expiresAt: string | null }): Promise<number> {
  const { id } = await db.insertInto('forum_bans').values({
    guest_id: b.guestId, ip_hash: b.ipHash, reason: b.reason, period: b.period, created_by: b.byUserId, created_at: b.at,
    expires_at: b.expiresAt, lifted_at: null, lifted_by: null,
  }).returning('id').executeTakeFirstOrThrow()
  return id
}

/** Lifts a ban still in place; false when there is none by that id (or it was lifted already). */
export async function markBanLifted(db: Db, id: number, byUserId: number, at: string): Promise<boolean> {
  const res = await db.updateTable('forum_bans').set({ lifted_at: at, lifted_by: byUserId })
    .where('id', '=', id).where('lifted_at', 'is', null).executeTakeFirst()
  return Number(res.numUpdatedRows) > 0
}

/** The newest bans with their guest's name and who placed them (a user id: accounts names them; for /admin/bans). */
export async function recentBans(db: Db, limit: number) {
  return db.selectFrom('forum_bans')
    .leftJoin('forum_guests', 'forum_guests.id', 'forum_bans.guest_id')
    .select([
      'forum_bans.id', 'forum_bans.guest_id', 'forum_bans.ip_hash', 'forum_bans.reason', 'forum_bans.period', 'forum_bans.created_at',
      'forum_bans.expires_at', 'forum_bans.lifted_at', 'forum_guests.display_name', 'forum_bans.created_by',
    ])
    .orderBy('forum_bans.id', 'desc').limit(limit).execute()
}

// ---- site search (search-sync.ts) ----

/** What the search index needs of these posts and their threads (a topic's category, when it has one). */
export async function postsForSearch(db: Db, ids: number[]) {
  return db
    .selectFrom('discussion_posts')
    .innerJoin('discussion_threads', 'discussion_threads.id', 'discussion_posts.thread_id')
    .select([
      'discussion_posts.id', 'discussion_posts.thread_id', 'discussion_posts.short_id as postRef', 'discussion_posts.status', 'discussion_posts.body_html', 'discussion_posts.post_number',
      'discussion_posts.created_at', 'discussion_posts.updated_at', 'discussion_posts.author_name',
      'discussion_threads.kind', 'discussion_threads.short_id as threadRef', 'discussion_threads.title', 'discussion_threads.subject_path',
      'discussion_threads.listed',
    ])
    .where('discussion_posts.id', 'in', ids)
    .execute()
}

export async function postIdsOfThread(db: Db, threadId: number): Promise<number[]> {
  return (await db.selectFrom('discussion_posts').select('id').where('thread_id', '=', threadId).execute()).map((r) => r.id)
}

export async function approvedPostIdsAfter(db: Db, afterId: number, limit: number): Promise<number[]> {
  return (await db.selectFrom('discussion_posts').select('id').where('id', '>', afterId).where('status', '=', 'approved').orderBy('id').limit(limit).execute()).map((r) => r.id)
}

// Purging (purge.ts): the posts asked for with their threads, a whole topic's
// posts, and the deletes.

export function findPostsForPurge(db: Db, shortIds: string[]) {
  return db.selectFrom('discussion_posts')
    .innerJoin('discussion_threads', 'discussion_threads.id', 'discussion_posts.thread_id')
    .select([
      'discussion_posts.id', 'discussion_posts.short_id', 'discussion_posts.thread_id', 'discussion_posts.status', 'discussion_posts.post_number',
      'discussion_posts.author_name', 'discussion_threads.kind', 'discussion_threads.short_id as thread_short_id', 'discussion_threads.title',
    ])
    .where('discussion_posts.short_id', 'in', shortIds)
    .execute()
}

export function listTopicPostsForPurge(db: Db, threadIds: number[]) {
  if (!threadIds.length) return Promise.resolve([])
  return db.selectFrom('discussion_posts').select(['id', 'short_id', 'post_number', 'thread_id']).where('thread_id', 'in', threadIds).execute()
}

/** Deletes these posts; their replies outside the set lose their parent first, or the cascade would take them too. */
export async function deletePostsForPurge(db: Db, ids: number[]): Promise<void> {
  await db.updateTable('discussion_posts').set({ parent_id: null }).where('parent_id', 'in', ids).where('id', 'not in', ids).execute()
  await db.deleteFrom('discussion_posts').where('id', 'in', ids).execute()
}

/** Deletes whole topics (their posts, story, reads and watchers go by cascade). */
export async function deleteTopicThreads(db: Db, threadIds: number[]): Promise<void> {
  await db.deleteFrom('discussion_threads').where('id', 'in', threadIds).where('kind', '=', 'topic').execute()
}
