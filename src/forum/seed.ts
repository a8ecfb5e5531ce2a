import type { Deps } from '../deps.js'
import { iso } from '../clock.js'
import { shortId } from '../http/signing.js'
import { createPost, findThreadById, type PostRow } from '../discussion/index.js'
import { demoCategories, demoTopics, type DemoCategory, type DemoTopic } from './demo.js'
import { claimPostNumber, findCategoryBySlug, hasCategories, insertCategory, insertTopic } from './queries/index.js'
import { topicSlug, topicPath } from './posting.js'
import { insertStory } from './stories.js'
import { attachForumToEngine } from './engine-hooks.js'

/** Seeds the demo forum through the engine's own insert path (counts, numbers and HTML as readers' posts get). Adds nothing twice. */
export async function seedDemoForum(deps: Deps, cats: DemoCategory[] = demoCategories, topics: DemoTopic[] = demoTopics): Promise<number> {
  if (await hasCategories(deps.db)) return 0
  // The seed can run before any app is built (npm run db:seed): the engine
  // must know the forum before the first post, or no category counts it.
  attachForumToEngine()
  const now = deps.clock.now()
  let n = 0
  await deps.db.transaction().execute(async (trx) => {
    for (const [i, c] of cats.entries()) {
      await insertCategory(trx, { slug: c.slug, name: c.name, description: c.description, position: i, guestPolicy: c.policy, holdFirstGuestPosts: c.hold }, iso(now))
    }
    for (const t of [...topics].sort((a, b) => b.daysAgo - a.daysAgo)) {
      const cat = (await findCategoryBySlug(trx, t.category))!
      const start = new Date(now.getTime() - t.daysAgo * 24 * 3600_000)
      const short = shortId(8)
      const slug = topicSlug(t.title)
      const id = await insertTopic(trx, { shortId: short, slug, title: t.title, path: topicPath({ short_id: short, slug }), categoryId: cat.id, pinned: t.pinned, createdAt: iso(start) })
      if (t.story) await insertStory(trx, id, t.story, iso(start))
      const byNumber = new Map<number, PostRow>()
      for (const p of t.posts) {
        const thread = (await findThreadById(trx, id))!
        const number = await claimPostNumber(trx, id)
        const post = await createPost(deps, trx, {
          thread, parent: p.replyTo ? byNumber.get(p.replyTo) ?? null : null,
          author: { userId: null, name: p.name, email: null, url: null, role: p.guest ? null : 'editor', key: null },
          bodyMd: p.body, status: 'approved', heldReason: null, ipHash: null, notify: false,
          at: new Date(start.getTime() + p.hoursLater * 3600_000), postNumber: number, guestId: null,
        })
        byNumber.set(number, post)
        n++
      }
    }
  })
  return n
}
