import type { Deps } from '../deps.js'
import { iso } from '../clock.js'
import type { Actor } from '../accounts/index.js'
import { plainExcerpt } from './markdown.js'
import { countByStatus, findPost, findPostsByShortIds, listQueue, postNamesByIds, threadOfPost, type PostRow, type QueueKind } from './queries.js'
import { changeStatus, createPost } from './posting.js'
import type { ModerationAction } from './schemas.js'
import type { PostStatus } from './tables.js'
import { registered, threadPlaces, type QueueFlag } from './extensions.js'
import { recordAudit } from '../db/audit.js'
import { mayAnswerFromQueue } from './policy.js'

type Staff = Extract<Actor, { kind: 'user' }>

// Restoring from spam or trash puts a comment back where it was: live if it
// had ever been approved, else back in the pending queue for a decision.
function targetStatus(action: ModerationAction, post: PostRow): PostStatus {
  switch (action) {
    case 'approve': return 'approved'
    case 'unapprove': return 'pending'
    case 'spam': return 'spam'
    case 'trash': return 'trash'
    case 'restore': return post.approved_at ? 'approved' : 'pending'
  }
}

export type ModerateResult = { kind: 'done'; count: number } | { kind: 'not-found' }

/** Applies one moderation action to one or many posts in a single transaction (counts and mail included). */
export async function moderate(deps: Deps, actor: Staff, shortIds: string[], action: ModerationAction): Promise<ModerateResult> {
  const unique = [...new Set(shortIds)].slice(0, 500)
  const now = deps.clock.now()
  return deps.db.transaction().execute(async (trx): Promise<ModerateResult> => {
    const posts = await findPostsByShortIds(trx, unique)
    if (!posts.length) return { kind: 'not-found' }
    const byTarget = new Map<PostStatus, PostRow[]>()
    for (const p of posts) {
      const s = targetStatus(action, p)
      byTarget.set(s, [...(byTarget.get(s) ?? []), p])
    }
    for (const [status, group] of byTarget) await changeStatus(deps, trx, group, status, now)
    // A staff decision settles readers' flags on these posts.
    if (action === 'approve' || action === 'spam' || action === 'trash') {
      for (const ext of registered()) await ext.staffDecided?.(trx, posts.map((p) => p.id), iso(now))
    }
    await recordAudit(trx, posts.map((p) => ({ actorUserId: actor.user.id, action: `comment.${action}`, subjectType: 'discussion_post', subjectId: p.short_id, at: iso(now) })))
    return { kind: 'done', count: posts.length }
  })
}

export type QueueReplyResult = { kind: 'posted'; shortId: string } | { kind: 'not-found' }

/** A staff reply from the queue: live at once, and it approves the comment it answers. */
export async function replyFromQueue(deps: Deps, actor: Staff, parentShortId: string, bodyMd: string): Promise<QueueReplyResult> {
  const now = deps.clock.now()
  return deps.db.transaction().execute(async (trx): Promise<QueueReplyResult> => {
    let parent = await findPost(trx, parentShortId)
    if (!parent || parent.status === 'spam' || parent.status === 'trash') return { kind: 'not-found' }
    if (parent.status === 'pending') {
      await changeStatus(deps, trx, [parent], 'approved', now)
      parent = (await findPost(trx, parentShortId))!
    }
    const thread = await threadOfPost(trx, parent)
    const post = await createPost(deps, trx, {
      thread, parent,
      author: { userId: actor.user.id, name: actor.user.name, email: actor.user.email.toLowerCase(), url: null, role: actor.user.role, key: null },
      bodyMd, status: 'approved', heldReason: null, ipHash: null, notify: false, at: now,
    })
    await recordAudit(trx, { actorUserId: actor.user.id, action: 'comment.reply', subjectType: 'discussion_post', subjectId: post.short_id, detail: `in reply to ${parentShortId}`, at: iso(now) })
    return { kind: 'posted', shortId: post.short_id }
  })
}

export const QUEUE_PAGE_SIZE = 50

export interface QueueItem {
  shortId: string
  authorName: string
  authorEmail: string | null
  authorUrl: string | null
  staff: boolean
  ipPrefix: string | null
  /** A comment under an article, or a post in a forum topic. */
  kind: 'comment' | 'forum'
  /** The article's title, or the topic's title. */
  articleTitle: string
  articlePath: string
  /** Forum posts only: #n within the topic, its category, and its permalink. */
  forum: { number: number | null; categoryName: string | null; categoryHref: string | null; permalink: string; guest: boolean } | null
  inReplyTo: string | null
  /** Readers' open flags (forum posts). */
  flags: QueueFlag[]
  excerpt: string
  heldReason: string | null
  status: PostStatus
  createdAt: string
}

export interface QueueData {
  status: PostStatus
  kind: QueueKind
  counts: Record<PostStatus, number>
  items: QueueItem[]
  page: number
  pages: number
}

/** One tab of the moderation queue, for staff: the only view that shows commenters' emails. */
export async function loadQueue(deps: Deps, status: PostStatus, page: number, kind: QueueKind = 'all'): Promise<QueueData> {
  const counts = await countByStatus(deps.db, kind)
  const pages = Math.max(1, Math.ceil(counts[status] / QUEUE_PAGE_SIZE))
  const current = Math.min(page, pages)
  const rows = await listQueue(deps.db, status, (current - 1) * QUEUE_PAGE_SIZE, QUEUE_PAGE_SIZE, kind)
  const parents = await postNamesByIds(deps.db, rows.flatMap((r) => (r.parent_id ? [r.parent_id] : [])))
  const flags = new Map<number, QueueFlag[]>()
  const flaggable = rows.filter((r) => r.thread_kind === 'topic').map((r) => r.id)
  const places = await threadPlaces(deps.db, [...new Set(rows.filter((r) => r.thread_kind === 'topic').map((r) => r.thread_id))])
  for (const ext of registered()) {
    for (const [id, list] of (await ext.openFlags?.(deps.db, flaggable)) ?? []) flags.set(id, [...(flags.get(id) ?? []), ...list])
  }
  return {
    status, kind, counts, page: current, pages,
    items: rows.map((r) => ({
      shortId: r.short_id,
      authorName: r.author_name,
      authorEmail: r.author_email,
      authorUrl: r.author_url,
      staff: Boolean(r.author_role),
      ipPrefix: r.ip_hash ? r.ip_hash.slice(0, 10) : null,
      kind: r.thread_kind === 'topic' ? 'forum' : 'comment',
      articleTitle: r.thread_title,
      articlePath: r.subject_path,
      forum: r.thread_kind === 'topic'
        ? {
          number: r.post_number, categoryName: places.get(r.thread_id)?.name ?? null, categoryHref: places.get(r.thread_id)?.href ?? null,
          permalink: `/forum/p/${r.short_id}`, guest: r.guest_id !== null,
        }
        : null,
      inReplyTo: r.parent_id ? parents.get(r.parent_id)?.name ?? null : null,
      flags: flags.get(r.id) ?? [],
      excerpt: plainExcerpt(r.body_html, 400),
      heldReason: r.held_reason,
      status: r.status,
      createdAt: r.created_at,
    })),
  }
}

export interface ReplyTarget { shortId: string; authorName: string; excerpt: string; status: PostStatus; articleTitle: string; articlePath: string }

export async function loadReplyTarget(deps: Deps, shortId: string): Promise<ReplyTarget | null> {
  const post = await findPost(deps.db, shortId)
  if (!post) return null
  const thread = await threadOfPost(deps.db, post)
  if (!mayAnswerFromQueue(post, thread)) return null
  return { shortId, authorName: post.author_name, excerpt: plainExcerpt(post.body_html, 1200), status: post.status, articleTitle: thread.title, articlePath: thread.subject_path }
}
