import { syncPostsSearch, syncThreadSearch } from './search-sync.js'
import type { Deps } from '../deps.js'
import type { Db } from '../db/database.js'
import { iso } from '../clock.js'
import { sha256, shortId } from '../http/signing.js'
import { isStaff, type Actor } from '../accounts/index.js'
import { mayAnswer, mayComment } from './policy.js'
import type { CommentSubject } from './seams.js'
import { admitPost, type SpamRefusal } from './limits.js'
import { renderCommentMarkdown } from './markdown.js'
import { notifyReplyApproved, requestReplyNotifications } from './notifications.js'
import {
  findCommentThread, findPost, findPostById, insertPostRow, insertThread, markFirstApproval, recountThread, refreshThreadSubject, setStatus, threadOfPost,
  type PostRow, type ThreadRow,
} from './queries.js'
import { screenComment } from './screening.js'
import type { PostStatus } from './tables.js'
import { registered } from './extensions.js'

/** The comments thread of an article, created on first use. */
export async function ensureCommentThread(db: Db, subject: CommentSubject, now: Date): Promise<ThreadRow> {
  let thread = await findCommentThread(db, subject.articleId)
  if (!thread) {
    await insertThread(db, { shortId: shortId(10), articleId: subject.articleId, title: subject.title, path: subject.path, now: iso(now) })
    thread = (await findCommentThread(db, subject.articleId))!
  } else if (thread.title !== subject.title || thread.subject_path !== subject.path) {
    await refreshThreadSubject(db, thread.id, subject.title, subject.path)
    thread = { ...thread, title: subject.title, subject_path: subject.path }
  }
  return thread
}

export interface PostAuthor {
  userId: number | null
  name: string
  email: string | null
  url: string | null
  /** Staff role at the time of posting (admin | editor | moderator), else null. */
  role: string | null
  /** The browser key that lets a guest see their own held posts. */
  key: string | null
}

export interface NewPost {
  thread: ThreadRow
  parent: PostRow | null
  author: PostAuthor
  bodyMd: string
  status: PostStatus
  heldReason: string | null
  ipHash: string | null
  notify: boolean
  at: Date
  /** Forum topics: the post's #n, and the guest identity that wrote it. */
  postNumber?: number | null
  guestId?: number | null
}

export const contentHash = (bodyMd: string) => sha256(bodyMd.trim().replace(/\s+/g, ' ').toLowerCase())

/**
 * The engine's one insert path (readers, staff, the demo seed): renders and
 * sanitizes the body, places the post in the tree, keeps the thread's counts
 * and sends reply mail when it goes live. Call inside a transaction.
 */
export async function createPost(deps: Pick<Deps, 'config' | 'jobs'>, trx: Db, p: NewPost): Promise<PostRow> {
  const now = iso(p.at)
  const id = await insertPostRow(trx, {
    short_id: shortId(8),
    thread_id: p.thread.id,
    parent_id: p.parent?.id ?? null,
    depth: p.parent ? p.parent.depth + 1 : 0,
    author_user_id: p.author.userId,
    author_name: p.author.name,
    author_email: p.author.email,
    author_url: p.author.url || null,
    author_key: p.author.key,
    author_role: p.author.role,
    body_md: p.bodyMd,
    body_html: renderCommentMarkdown(p.bodyMd),
    status: p.status,
    held_reason: p.heldReason,
    ip_hash: p.ipHash,
    content_hash: contentHash(p.bodyMd),
    notify_replies: p.notify && p.author.email ? 1 : 0,
    created_at: now,
    updated_at: now,
    approved_at: p.status === 'approved' ? now : null,
    post_number: p.postNumber ?? null,
    guest_id: p.guestId ?? null,
    edited_at: null,
  }, p.parent?.path ?? null)
  const post = (await findPostById(trx, id))!
  if (p.notify && p.author.email) await requestReplyNotifications(deps, trx, { id, email: p.author.email }, p.thread, p.at)
  if (p.status === 'approved') {
    await recountThread(trx, p.thread.id)
    for (const ext of registered().filter((e) => e.threadKind === p.thread.kind)) {
      await ext.threadsChanged?.(trx, [p.thread.id])
      await ext.firstApproved?.(trx, [post])
    }
    await notifyReplyApproved(deps, trx, post, p.thread, p.at)
    await syncPostsSearch(trx, [post.id])
  }
  return post
}

/** Moves posts to a status in one transaction: counts and first-approval mail go with it. */
export async function changeStatus(deps: Pick<Deps, 'config' | 'jobs'>, trx: Db, posts: PostRow[], status: PostStatus, at: Date) {
  const changing = posts.filter((p) => p.status !== status)
  if (!changing.length) return
  const now = iso(at)
  await setStatus(trx, changing.map((p) => p.id), status, now)
  if (status === 'approved') {
    // Mail goes out on a post's first approval only: restoring a trashed
    // reply must not tell its parent's author twice.
    const first = changing.filter((p) => p.approved_at === null)
    await markFirstApproval(trx, first.map((p) => p.id), now)
    for (const ext of registered()) await ext.firstApproved?.(trx, first)
    for (const p of first.sort((a, b) => a.id - b.id)) {
      const thread = await threadOfPost(trx, p)
      await notifyReplyApproved(deps, trx, { ...p, status, approved_at: now }, thread, at)
    }
  }
  const threads = [...new Set(changing.map((p) => p.thread_id))]
  for (const threadId of threads) await recountThread(trx, threadId)
  for (const ext of registered()) await ext.threadsChanged?.(trx, threads)
  // An opening post's change can list or unlist its whole topic.
  const openings = new Set(changing.filter((p) => p.post_number === 1).map((p) => p.thread_id))
  for (const threadId of openings) await syncThreadSearch(trx, threadId)
  await syncPostsSearch(trx, changing.filter((p) => !openings.has(p.thread_id)).map((p) => p.id))
}

export interface CommentInput {
  subject: CommentSubject
  actor: Actor
  /** Guest identity from the form; ignored for signed-in users (their account speaks). */
  guest: { name: string; email: string; url: string } | null
  parentShortId?: string
  bodyMd: string
  notify: boolean
  stamp: number | null
  honeypot: string | undefined
  ip: string
  ipHash: string
  key: string
}

export type CommentResult =
  | { kind: 'posted'; shortId: string; status: PostStatus }
  | { kind: 'closed' }
  | { kind: 'bad-parent' }
  | { kind: 'confirm-email' }
  | SpamRefusal

/** A reader comments on an article (or answers a comment); spam rules and moderation apply. */
export async function postComment(deps: Deps, input: CommentInput): Promise<CommentResult> {
  const refused = mayComment(input.actor, input.subject)
  if (refused) return refused
  const now = deps.clock.now()
  const staff = isStaff(input.actor)
  const author: PostAuthor = input.actor.kind === 'user'
    ? { userId: input.actor.user.id, name: input.actor.user.name, email: input.actor.user.email.toLowerCase(), url: null, role: staff ? input.actor.user.role : null, key: input.key }
    : { userId: null, name: input.guest!.name, email: input.guest!.email, url: input.guest!.url || null, role: null, key: input.key }

  const bodyHtml = renderCommentMarkdown(input.bodyMd)

  // The spam pipeline runs in the transaction that writes the comment, so
  // two posts sent at the same instant cannot both slip under a limit, and a
  // ban placed while the form was open still stops it.
  return deps.db.transaction().execute(async (trx): Promise<CommentResult> => {
    const refused = await admitPost(deps, trx, {
      kind: 'comment', poster: { ipHash: input.ipHash, key: input.key, email: author.email, userId: author.userId, staff },
      bodyHtml, contentHash: contentHash(input.bodyMd), threadId: (await findCommentThread(trx, input.subject.articleId))?.id ?? null,
      stamp: input.stamp, honeypot: input.honeypot, now,
    })
    if (refused) return refused
    const screened = staff
      ? { hold: false, reason: null }
      : await screenComment(trx, { email: author.email!, name: author.name, url: author.url ?? '', bodyMd: input.bodyMd, bodyHtml, siteUrl: deps.config.siteUrl })
    const thread = await ensureCommentThread(trx, input.subject, now)
    let parent: PostRow | null = null
    if (input.parentShortId) {
      const found = await findPost(trx, input.parentShortId)
      if (!found || !mayAnswer(found, thread, { key: input.key, staff })) return { kind: 'bad-parent' }
      parent = found
    }
    const post = await createPost(deps, trx, {
      thread, parent, author, bodyMd: input.bodyMd,
      status: screened.hold ? 'pending' : 'approved', heldReason: screened.reason,
      ipHash: input.ipHash, notify: input.notify, at: now,
    })
    return { kind: 'posted', shortId: post.short_id, status: post.status }
  })
}
