import { extendDiscussion, type DiscussionExtension } from '../discussion/index.js'
import { creditGuests, refreshForumCounts } from './queries/index.js'
import { openFlagsByPost, resolveFlags } from './flags.js'
import { notifyTopicWatchers } from './watching.js'
import { categoriesOfTopics, forgetReadsOf } from './queries/index.js'

// What the forum adds to the engine's transactions (discussion/extensions.ts):
// its denormalised counts, guests' trust, watchers' mail, readers' flags and
// members' read marks. The engine calls these; it imports nothing from here.
const forumExtension: DiscussionExtension = {
  threadKind: 'topic',
  threadsChanged: refreshForumCounts,
  firstApproved: creditGuests,
  postApproved: notifyTopicWatchers,
  staffDecided: resolveFlags,
  openFlags: openFlagsByPost,
  memberForgotten: (trx, member) => forgetReadsOf(trx, member.id),
  async threadPlaces(db, threadIds) {
    const rows = await categoriesOfTopics(db, threadIds)
    return new Map(rows.map((r) => [r.thread_id, { slug: r.slug, name: r.name, href: `/forum/c/${r.slug}` }]))
  },
}

/** Hands the engine the forum's extension; called by registerForum and by the demo seed (which runs before any app). */
export function attachForumToEngine() {
  extendDiscussion('forum', forumExtension)
}
