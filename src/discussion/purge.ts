import type { Deps } from '../deps.js'
import type { Db } from '../db/database.js'
import { recordAudit, type AuditEntry } from '../db/audit.js'
import { iso } from '../clock.js'
import type { Actor } from '../accounts/index.js'
import { removeDocument } from '../search/index.js'
import { deletePostsForPurge, deleteTopicThreads, findPostsForPurge, listTopicPostsForPurge, recountThread } from './queries.js'

// Purging deletes a spam or trashed post for good, with what hangs off it.
// Most of that goes by the schema's ON DELETE CASCADE (revisions, flags,
// reply subscriptions, photo rows; for a whole topic its story, reads and
// watchers); the search entry is removed here, and files on disk by the
// steps that own them (onPurge), after the commit, so a rolled-back purge
// never loses a file.
//
// A purged post's replies stay where they are: they keep their depth and
// path, and render under a "removed" placeholder. Their parent_id is cleared
// first, or the foreign key's cascade would delete them with it.
//
// Only spam and trash can be purged: a decision that was taken and can be
// seen in the queue first. Approved and pending posts are refused whole.
//
// Counts: the thread's and the forum's counts read approved posts only, and
// a spam or trashed opening post has already unlisted its topic, so a purge
// changes no count; the thread is recounted anyway in the same transaction.

type Staff = Extract<Actor, { kind: 'user' }>

/**
 * Work a module does on posts about to be purged, inside the purging
 * transaction; what it returns runs after the commit (removing files).
 */
export type PurgeStep = (deps: Pick<Deps, 'config' | 'storage'>, trx: Db, postIds: number[]) => Promise<(() => Promise<void>) | void>

const steps = new Set<PurgeStep>()

/** Registers a purge step (the forum removes post photos). Registering the same function again is a no-op. */
export function onPurge(step: PurgeStep) {
  steps.add(step)
}

export type PurgeResult =
  | { kind: 'purged'; posts: number; topics: number }
  | { kind: 'not-found' }
  /** Some of the posts are approved or pending: nothing was purged. */
  | { kind: 'not-removed'; count: number }

// One bulk action at most, as in moderate().
const MAX_PER_PURGE = 500

/**
 * Permanently deletes spam or trashed posts (staff only; audited). A topic's
 * opening post takes its whole topic with it: a topic without its opening
 * post has no question left to answer.
 */
export async function purgePosts(deps: Deps, actor: Staff, shortIds: string[]): Promise<PurgeResult> {
  const unique = [...new Set(shortIds)].slice(0, MAX_PER_PURGE)
  if (!unique.length) return { kind: 'not-found' }
  const now = iso(deps.clock.now())
  const afterCommit: (() => Promise<void>)[] = []
  const result = await deps.db.transaction().execute(async (trx): Promise<PurgeResult> => {
    const posts = await findPostsForPurge(trx, unique)
    if (!posts.length) return { kind: 'not-found' }
    const live = posts.filter((p) => p.status !== 'spam' && p.status !== 'trash')
    if (live.length) return { kind: 'not-removed', count: live.length }

    const openings = posts.filter((p) => p.kind === 'topic' && p.post_number === 1)
    const topicIds = new Set(openings.map((p) => p.thread_id))
    const single = posts.filter((p) => !topicIds.has(p.thread_id))
    const topicPosts = await listTopicPostsForPurge(trx, [...topicIds])
    const goingIds = [...single.map((p) => p.id), ...topicPosts.map((p) => p.id)]

    for (const step of steps) {
      for (let i = 0; i < goingIds.length; i += MAX_PER_PURGE) {
        const after = await step(deps, trx, goingIds.slice(i, i + MAX_PER_PURGE))
        if (after) afterCommit.push(after)
      }
    }

    for (const p of single) await removeDocument(trx, p.kind === 'comments' ? 'comment' : p.post_number === 1 ? 'topic' : 'post', p.post_number === 1 ? p.thread_short_id : p.short_id)
    for (const o of openings) await removeDocument(trx, 'topic', o.thread_short_id)
    for (const p of topicPosts) if (p.post_number !== 1) await removeDocument(trx, 'post', p.short_id)

    if (single.length) {
      await deletePostsForPurge(trx, single.map((p) => p.id))
      for (const threadId of new Set(single.map((p) => p.thread_id))) await recountThread(trx, threadId)
    }
    if (topicIds.size) await deleteTopicThreads(trx, [...topicIds])

    const entries: AuditEntry[] = [
      ...single.map((p) => ({
        actorUserId: actor.user.id, action: p.kind === 'comments' ? 'comment.purge' : 'post.purge', subjectType: 'discussion_post', subjectId: p.short_id,
        detail: `${p.status}, by ${p.author_name}, in “${p.title}”`, at: now,
      })),
      ...openings.map((o) => ({
        actorUserId: actor.user.id, action: 'topic.purge', subjectType: 'discussion_thread', subjectId: o.thread_short_id,
        detail: `“${o.title}” (opening post ${o.status}, by ${o.author_name}; ${topicPosts.filter((p) => p.thread_id === o.thread_id).length} posts)`, at: now,
      })),
    ]
    await recordAudit(trx, entries)
    return { kind: 'purged', posts: goingIds.length, topics: topicIds.size }
  })
  // Files go only once the rows are gone for good; a file left behind by a
  // crash here is unreachable (its route finds no row), never a broken page.
  for (const after of afterCommit) await after()
  return result
}
