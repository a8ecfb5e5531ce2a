import type { Deps } from '../deps.js'
import { syncThreadSearch } from '../discussion/index.js'
import { iso } from '../http/clock.js'
import type { Actor } from '../accounts/index.js'
import { moveTopicCounts } from './counts.js'
import { findCategoryById, findTopic } from './queries.js'

type Staff = Extract<Actor, { kind: 'user' }>

export type TopicAction = 'pin' | 'unpin' | 'close' | 'open' | 'move'
export type TopicActionResult = { kind: 'done'; path: string; message: string } | { kind: 'not-found' } | { kind: 'no-such-category' }

/** Pin, close or move a topic; each is written to the audit log in the same transaction. */
export async function topicAction(deps: Deps, actor: Staff, shortId: string, action: TopicAction, toCategoryId?: number): Promise<TopicActionResult> {
  const now = iso(deps.clock.now())
  return deps.db.transaction().execute(async (trx): Promise<TopicActionResult> => {
    const topic = await findTopic(trx, shortId)
    if (!topic) return { kind: 'not-found' }
    let detail = ''
    let message: string
    switch (action) {
      case 'pin':
      case 'unpin':
        await trx.updateTable('discussion_threads').set({ pinned: action === 'pin' ? 1 : 0 }).where('id', '=', topic.id).execute()
        message = action === 'pin' ? 'Topic pinned to the top of its category.' : 'Topic unpinned.'
        break
      case 'close':
      case 'open':
        await trx.updateTable('discussion_threads').set({ status: action === 'close' ? 'closed' : 'open' }).where('id', '=', topic.id).execute()
        message = action === 'close' ? 'Topic closed: no new replies.' : 'Topic reopened.'
        break
      case 'move': {
        const to = toCategoryId ? await findCategoryById(trx, toCategoryId) : undefined
        if (!to) return { kind: 'no-such-category' }
        const from = topic.category_id
        await trx.updateTable('discussion_threads').set({ category_id: to.id }).where('id', '=', topic.id).execute()
        if (from !== to.id) await moveTopicCounts(trx, topic.id, from, to.id)
        await syncThreadSearch(trx, topic.id)
        const old = from !== null ? await findCategoryById(trx, from) : undefined
        detail = `from ${old?.slug ?? '?'} to ${to.slug}`
        message = `Topic moved to ${to.name}.`
        break
      }
    }
    await trx.insertInto('audit_log').values({
      actor_user_id: actor.user.id, action: `forum.topic.${action}`, subject_type: 'discussion_thread', subject_id: topic.short_id, detail, created_at: now,
    }).execute()
    return { kind: 'done', path: topic.subject_path, message }
  })
}
