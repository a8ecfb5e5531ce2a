import type { Deps } from '../deps.js'
import { syncThreadSearch } from '../discussion/index.js'
import { iso } from '../clock.js'
import type { Actor } from '../accounts/index.js'
import { moveTopicCounts } from './queries/index.js'
import { findCategoryById, findTopic, setTopicCategory, setTopicPinned, setTopicStatus } from './queries/index.js'
import { recordAudit } from '../db/audit.js'

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
        await setTopicPinned(trx, topic.id, action === 'pin')
        message = action === 'pin' ? 'Topic pinned to the top of its category.' : 'Topic unpinned.'
        break
      case 'close':
      case 'open':
        await setTopicStatus(trx, topic.id, action === 'close' ? 'closed' : 'open')
        message = action === 'close' ? 'Topic closed: no new replies.' : 'Topic reopened.'
        break
      case 'move': {
        const to = toCategoryId ? await findCategoryById(trx, toCategoryId) : undefined
        if (!to) return { kind: 'no-such-category' }
        const from = topic.category_id
        await setTopicCategory(trx, topic.id, to.id)
        if (from !== to.id) await moveTopicCounts(trx, topic.id, from, to.id)
        await syncThreadSearch(trx, topic.id)
        const old = from !== null ? await findCategoryById(trx, from) : undefined
        detail = `from ${old?.slug ?? '?'} to ${to.slug}`
        message = `Topic moved to ${to.name}.`
        break
      }
    }
    await recordAudit(trx, { actorUserId: actor.user.id, action: `forum.topic.${action}`, subjectType: 'discussion_thread', subjectId: topic.short_id, detail, at: now })
    return { kind: 'done', path: topic.subject_path, message }
  })
}
