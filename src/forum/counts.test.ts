import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testDialects } from '../test/databases.js'
import { redirectTarget, type Agent } from '../test/harness.js'
import { forumTestApp, type ForumTestApp } from './fixtures.js'

// Category counts move by increments (counts.ts). This holds them, after every
// step of a long mixed run of posting and moderation, to what a full re-sum of
// the category's topics gives.

/** A small deterministic generator, so a failure replays the same run. */
function seeded(seed: number) {
  let a = seed >>> 0
  return (n: number) => { // mulberry32
    a = (a + 0x6d2b79f5) >>> 0
    let x = Math.imul(a ^ (a >>> 15), 1 | a)
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x
    return (((x ^ (x >>> 14)) >>> 0) / 4294967296 * n) | 0
  }
}

const ms = (v: unknown) => (v === null || v === undefined ? null : new Date(String(v)).getTime())

for (const dialect of testDialects()) {
  describe(`forum category counts on ${dialect}`, () => {
    let t: ForumTestApp
    before(async () => { t = await forumTestApp(dialect) })
    after(() => t.close())

    async function resummed(categoryId: number) {
      const row = await t.deps.db.selectFrom('discussion_threads')
        .select((eb) => [eb.fn.countAll<number>().as('topics'), eb.fn.sum<number>('post_count').as('posts'), eb.fn.max('last_activity_at').as('last')])
        .where('category_id', '=', categoryId).where('listed', '=', 1).where('kind', '=', 'topic')
        .executeTakeFirstOrThrow()
      return { topics: Number(row.topics), posts: Number(row.posts ?? 0), last: ms(row.last) }
    }

    async function stored(categoryId: number) {
      const c = await t.deps.db.selectFrom('forum_categories').select(['topic_count', 'post_count', 'last_activity_at']).where('id', '=', categoryId).executeTakeFirstOrThrow()
      return { topics: Number(c.topic_count), posts: Number(c.post_count), last: ms(c.last_activity_at) }
    }

    test('increments match a full re-sum after every step of posting, moderation and moves', async () => {
      const cats = [await t.category(), await t.category(), await t.category({ hold: true })]
      const staff = await t.signedIn('editor', 'Counting Editor')
      const mod = await t.signedIn('moderator')
      const rand = seeded(dialect === 'sqlite' ? 7 : 11)
      const topics: { path: string; shortId: string }[] = []
      const guests: Agent[] = []
      let ip = 1
      const guest = () => { const a = t.agent(); a.ip = `192.0.2.${ip++ % 250 + 1}`; guests.push(a); return a }
      const steps: string[] = []

      for (let step = 0; step < 80; step++) {
        t.clock.advance(60_000)
        const op = topics.length < 3 ? rand(2) : rand(9)
        const cat = cats[rand(cats.length)]
        const posts = await t.deps.db.selectFrom('discussion_posts').innerJoin('discussion_threads', 'discussion_threads.id', 'discussion_posts.thread_id')
          .select(['discussion_posts.short_id', 'discussion_posts.status']).where('discussion_threads.kind', '=', 'topic').orderBy('discussion_posts.id').execute()
        switch (op) {
          case 0: { // staff start a topic: live at once
            const path = redirectTarget(await t.startTopic(staff, cat.slug, { title: `Staff notes ${step}`, body: `Step ${step}: what the studies measured.` }))
            topics.push({ path, shortId: path.split('/')[3] }); steps.push(`staff topic in ${cat.slug}`)
            break
          }
          case 1: { // a guest starts a topic: held in a holding category
            const path = redirectTarget(await t.startTopic(guest(), cat.slug, { title: `Guest question ${step}`, body: `Step ${step}: is this normal shedding?`, name: `Guest ${step}`, email: '' }))
            topics.push({ path, shortId: path.split('/')[3] }); steps.push(`guest topic in ${cat.slug}`)
            break
          }
          case 2: case 3: { // replies from staff or a guest
            const topic = topics[rand(topics.length)]
            const who = op === 2 ? staff : guest()
            if ((await who.get(topic.path)).statusCode === 404) { steps.push('no reply: topic not visible'); break }
            const res = await t.reply(who, topic.path, op === 2 ? { body: `Staff reply ${step}.` } : { body: `Guest reply ${step}, with my own notes.`, name: `Replier ${step}` })
            steps.push(`reply (${op === 2 ? 'staff' : 'guest'}) → ${res.statusCode}`)
            break
          }
          case 4: case 5: case 6: { // moderation: approve, spam, trash, restore, unapprove
            const post = posts[rand(posts.length)]
            const action = (['approve', 'approve', 'spam', 'trash', 'restore', 'unapprove'] as const)[rand(6)]
            await mod.get('/admin/comments')
            const res = await mod.post(`/admin/comments/${post.short_id}/${action}`, {})
            steps.push(`${action} ${post.status} post → ${res.statusCode}`)
            break
          }
          case 7: { // move a topic to another category
            const topic = topics[rand(topics.length)]
            await mod.get(topic.path)
            const res = await mod.post(`/forum/t/${topic.shortId}/staff/move`, { category: String(cat.id) })
            steps.push(`move to ${cat.slug} → ${res.statusCode}`)
            break
          }
          case 8: { // purge a spam or trashed post (an opening post takes its topic)
            const removed = posts.filter((p) => p.status === 'spam' || p.status === 'trash')
            if (!removed.length) { steps.push('no purge: nothing removed'); break }
            const post = removed[rand(removed.length)]
            await mod.get('/admin/comments')
            const res = await mod.post(`/admin/comments/${post.short_id}/purge`, {})
            steps.push(`purge ${post.status} post → ${res.statusCode}`)
            break
          }
        }
        for (const c of cats) {
          assert.deepEqual(await stored(c.id), await resummed(c.id), `category ${c.slug} after step ${step}: ${steps.join('; ')}`)
        }
      }
      // The run exercised what it is meant to: listed topics in every category, and unlisted ones.
      const listed = await t.deps.db.selectFrom('discussion_threads').select('listed').where('kind', '=', 'topic').execute()
      assert.ok(listed.some((r) => r.listed === 1) && listed.some((r) => r.listed === 0), 'both listed and held topics occurred')
      assert.ok(steps.some((s) => s.startsWith('move')) && steps.some((s) => s.startsWith('spam')), `moves and spam occurred: ${steps.join('; ')}`)
      assert.ok(steps.some((s) => /^purge .* → 303$/.test(s)), `purges occurred: ${steps.join('; ')}`)
    })
  })
}
