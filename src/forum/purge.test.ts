import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import { testDialects } from '../test/databases.js'
import { redirectTarget, testStorages, type Agent } from '../test/harness.js'
import { iso } from '../clock.js'
import { POST_LIMITS } from '../discussion/index.js'
import { forumTestApp, type ForumTestApp } from './fixtures.js'
import { imageKey } from './images.js'

let ipSeq = 10
const freshIp = () => `198.51.100.${ipSeq++}`

for (const dialect of testDialects()) for (const storage of testStorages()) {
  describe(`purging forum posts on ${dialect}, photos in ${storage}`, () => {
    let t: ForumTestApp
    let mod: Agent & { userId: number }
    before(async () => {
      t = await forumTestApp(dialect, { storage })
      mod = await t.signedIn('moderator', 'Mona Moderator')
    })
    after(() => t.close())

    const rowOf = (shortId: string) => t.deps.db.selectFrom('discussion_posts').selectAll().where('short_id', '=', shortId).executeTakeFirst()
    const count = async (table: 'forum_post_images' | 'forum_flags' | 'discussion_post_revisions' | 'discussion_subscriptions' | 'forum_stories' | 'forum_topic_reads', col: 'post_id' | 'thread_id', id: number) =>
      Number((await t.deps.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where(col as never, '=', id as never).executeTakeFirstOrThrow()).n)
    const category = async (id: number) => t.deps.db.selectFrom('forum_categories').select(['topic_count', 'post_count', 'last_activity_at']).where('id', '=', id).executeTakeFirstOrThrow()
    /** What the category's counts should be: a full re-sum of its listed topics. */
    const resummed = async (id: number) => {
      const row = await t.deps.db.selectFrom('discussion_threads')
        .select((eb) => [eb.fn.countAll<number>().as('topics'), eb.fn.sum<number>('post_count').as('posts'), eb.fn.max('last_activity_at').as('last')])
        .where('category_id', '=', id).where('listed', '=', 1).where('kind', '=', 'topic').executeTakeFirstOrThrow()
      const c = await category(id)
      const ms = (v: unknown) => (v === null || v === undefined ? null : new Date(String(v)).getTime())
      return {
        stored: { topics: Number(c.topic_count), posts: Number(c.post_count), last: ms(c.last_activity_at) },
        sum: { topics: Number(row.topics), posts: Number(row.posts ?? 0), last: ms(row.last) },
      }
    }
    const act = async (shortId: string, action: string) => {
      await mod.get('/admin/comments')
      return mod.post(`/admin/comments/${shortId}/${action}`, { back: '/admin/comments?status=trash' })
    }

    /** A live topic (#1 by staff) with guest replies #2 and #3 (#3 in reply to #2), approved. */
    async function topic() {
      const cat = await t.category({ hold: false })
      const staff = await t.signedIn('editor')
      const topicPath = redirectTarget(await t.startTopic(staff, cat.slug, { title: 'Dutasteride side effects, honestly', body: 'What did you notice in the first month?' }))
      const g1 = t.agent(); g1.ip = freshIp()
      t.clock.advance(POST_LIMITS.reply.intervalMs)
      redirectTarget(await t.reply(g1, topicPath, { body: 'Nothing at all, for me, in month one.', name: 'Gale Guest' }))
      const numbered = async (n: number) => (await t.deps.db.selectFrom('discussion_posts').innerJoin('discussion_threads', 'discussion_threads.id', 'discussion_posts.thread_id')
        .selectAll('discussion_posts').where('discussion_threads.subject_path', '=', topicPath).where('discussion_posts.post_number', '=', n).executeTakeFirstOrThrow())
      const two = await numbered(2)
      const g2 = t.agent(); g2.ip = freshIp()
      t.clock.advance(POST_LIMITS.reply.intervalMs)
      redirectTarget(await t.reply(g2, topicPath, { body: 'Same here, and I kept a diary.', name: 'Hal Guest' }, { formUrl: `${topicPath}?quote=${two.short_id}` }))
      const three = await numbered(3)
      // Approved from the queue if held, so counts and search follow the engine.
      for (const p of [two, three]) if (p.status !== 'approved') redirectTarget(await act(p.short_id, 'approve'))
      return { cat, topicPath, shortId: topicPath.split('/')[3], one: await numbered(1), two: (await rowOf(two.short_id))!, three: (await rowOf(three.short_id))! }
    }

    test('only staff may purge, with a CSRF token; approved and pending posts are refused with 409', async () => {
      const { two } = await topic()
      const member = await t.signedIn('member')
      await member.get('/forum')
      assert.equal((await member.post(`/admin/comments/${two.short_id}/purge`, {})).statusCode, 403)
      assert.equal((await t.agent().post(`/admin/comments/${two.short_id}/purge`, { _csrf: 'x' })).statusCode, 403)
      await mod.get('/admin/comments')
      assert.equal((await mod.post(`/admin/comments/${two.short_id}/purge`, { _csrf: 'forged' })).statusCode, 403)
      const refused = await act(two.short_id, 'purge')
      assert.equal(refused.statusCode, 409)
      assert.match(refused.body, /Only spam and trash can be deleted/)
      assert.ok(await rowOf(two.short_id), 'an approved post stays')
      assert.equal((await act('zzzzzzzz', 'purge')).statusCode, 404)
    })

    test('a trashed reply goes with its photos (file too), flags, revisions and subscriptions; its reply stays, "in reply to a removed post"', async () => {
      const { cat, topicPath, two, three } = await topic()
      // What hangs off #2: a stored photo, a reader's flag, an edit revision, a reply subscription.
      const file = `${crypto.randomBytes(16).toString('hex')}.jpg`
      await t.deps.storage.put(imageKey(file), Buffer.from('jpeg bytes'), 'image/jpeg')
      assert.deepEqual(await t.stored(imageKey(file)), Buffer.from('jpeg bytes'))
      const now = iso(t.clock.now())
      await t.deps.db.insertInto('forum_post_images').values({ post_id: two.id, file, width: 10, height: 10, alt: 'a diary page', position: 0, created_at: now }).execute()
      await t.deps.db.insertInto('forum_flags').values({ post_id: two.id, reason: 'spam', note: '', key_hash: 'k', user_id: null, ip_hash: 'i', created_at: now, resolved_at: null }).execute()
      await t.deps.db.insertInto('discussion_post_revisions').values({ post_id: two.id, body_md: 'before', title: null, edited_by_user_id: null, edited_by_name: 'Gale Guest', created_at: now }).execute()
      await t.deps.db.insertInto('discussion_subscriptions').values({ post_id: two.id, thread_id: two.thread_id, email: 'gale@example.com', token: crypto.randomBytes(16).toString('hex'), confirmed_at: now, unsubscribed_at: null, last_sent_at: null, created_at: now }).execute()
      assert.match((await t.agent().get(topicPath)).body, /in reply to <a href="#post-2">#2<\/a>/)

      redirectTarget(await act(two.short_id, 'trash'))
      const trashed = (await t.agent().get(topicPath)).body
      assert.match(trashed, /in reply to a removed post/, 'a trashed parent is named only as removed')
      assert.doesNotMatch(trashed, /#post-2|Gale Guest/)
      const before = await category(cat.id)

      const res = await act(two.short_id, 'purge')
      assert.equal(redirectTarget(res), '/admin/comments?status=trash')
      assert.equal(await rowOf(two.short_id), undefined)
      for (const table of ['forum_post_images', 'forum_flags', 'discussion_post_revisions', 'discussion_subscriptions'] as const) {
        assert.equal(await count(table, 'post_id', two.id), 0, `${table} rows of the purged post are gone`)
      }
      assert.equal(await t.stored(imageKey(file)), null, 'the photo file is deleted')
      const reply = await rowOf(three.short_id)
      assert.equal(reply?.status, 'approved', 'its reply stays')
      assert.equal(reply?.parent_id, null)
      const page = (await t.agent().get(topicPath)).body
      assert.match(page, /in reply to a removed post/)
      assert.match(page, /Same here, and I kept a diary\./)
      assert.equal(redirectTarget(await t.agent().get(`/forum/p/${three.short_id}`)), `${topicPath}#post-3`)
      assert.deepEqual(await category(cat.id), before, 'a trashed post counted for nothing; the category is unchanged')
      const { stored, sum } = await resummed(cat.id)
      assert.deepEqual(stored, sum)

      const audit = await t.deps.db.selectFrom('audit_log').selectAll().where('subject_id', '=', two.short_id).where('action', '=', 'post.purge').executeTakeFirstOrThrow()
      assert.equal(audit.actor_user_id, mod.userId)
      assert.match(audit.detail, /trash, by Gale Guest/)
    })

    test('purging a spammed opening post deletes its whole topic; counts stay equal to a full re-sum', async () => {
      const { cat, topicPath, shortId, one, two, three } = await topic()
      const thread = await t.deps.db.selectFrom('discussion_threads').select(['id', 'listed']).where('short_id', '=', shortId).executeTakeFirstOrThrow()
      assert.equal(thread.listed, 1)
      const search = () => t.deps.db.selectFrom('search_documents').select('ref').where('ref', 'in', [shortId, two.short_id, three.short_id]).execute()
      assert.equal((await search()).length, 3, 'the topic and its replies are searchable')
      await t.deps.db.insertInto('discussion_subscriptions').values({ post_id: null, thread_id: thread.id, email: 'watcher@example.com', token: crypto.randomBytes(16).toString('hex'), confirmed_at: iso(t.clock.now()), unsubscribed_at: null, last_sent_at: null, created_at: iso(t.clock.now()) }).execute()

      redirectTarget(await act(one.short_id, 'spam'))
      assert.deepEqual(await search(), [], 'an unlisted topic leaves search')
      const res = await act(one.short_id, 'purge')
      assert.equal(redirectTarget(res), '/admin/comments?status=trash')
      assert.match((await mod.get(res.headers.location as string)).body, /3 posts deleted permanently \(with its topic\)/)
      assert.equal(await t.deps.db.selectFrom('discussion_threads').select('id').where('id', '=', thread.id).executeTakeFirst(), undefined)
      for (const p of [one, two, three]) assert.equal(await rowOf(p.short_id), undefined)
      assert.equal(await count('discussion_subscriptions', 'thread_id', thread.id), 0, 'its watchers go with it')
      assert.equal((await t.agent().get(topicPath)).statusCode, 404)
      const { stored, sum } = await resummed(cat.id)
      assert.deepEqual(stored, sum)
      assert.equal(stored.topics, 0)
      assert.ok(await t.deps.db.selectFrom('audit_log').select('id').where('action', '=', 'topic.purge').where('subject_id', '=', shortId).executeTakeFirst())
    })

    test('bulk purge from the trash view; a selection with a live post purges nothing', async () => {
      const a = await topic()
      const b = await topic()
      for (const id of [a.two.short_id, b.two.short_id]) redirectTarget(await act(id, 'trash'))
      await mod.get('/admin/comments?status=trash')
      const mixed = await mod.post('/admin/comments/bulk', { action: 'purge', ids: [a.two.short_id, a.three.short_id], back: '/admin/comments?status=trash' })
      assert.equal(mixed.statusCode, 409)
      assert.ok(await rowOf(a.two.short_id), 'nothing was purged')
      const page = await mod.get('/admin/comments?status=trash')
      assert.match(page.body, /<option value="purge">Delete permanently<\/option>/)
      const res = await mod.post('/admin/comments/bulk', { action: 'purge', ids: [a.two.short_id, b.two.short_id], back: '/admin/comments?status=trash' })
      assert.equal(redirectTarget(res), '/admin/comments?status=trash')
      assert.equal(await rowOf(a.two.short_id), undefined)
      assert.equal(await rowOf(b.two.short_id), undefined)
      assert.ok(await rowOf(a.three.short_id))
    })
  })
}
