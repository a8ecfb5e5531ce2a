import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testDialects } from '../test/databases.js'
import { redirectTarget, type Agent } from '../test/harness.js'
import { POST_LIMITS } from './limits.js'
import { forumTestApp, type ForumTestApp } from '../forum/fixtures.js'

let ipSeq = 10
const freshIp = () => `198.51.100.${100 + ipSeq++}`
let n = 0
const text = () => `Week ${++n} of notes: steady, nothing dramatic.`

for (const dialect of testDialects()) {
  describe(`forum bans on ${dialect}`, () => {
    let t: ForumTestApp
    before(async () => { t = await forumTestApp(dialect) })
    after(() => t.close())

    const guest = () => { const a = t.agent(); a.ip = freshIp(); return a }
    const postNumber = async (path: string, num: number) => (await t.deps.db.selectFrom('discussion_posts')
      .innerJoin('discussion_threads', 'discussion_threads.id', 'discussion_posts.thread_id')
      .select('discussion_posts.short_id').where('discussion_threads.subject_path', '=', path).where('discussion_posts.post_number', '=', num)
      .executeTakeFirstOrThrow()).short_id
    const reply = (a: Agent, path: string, name: string) => { t.clock.advance(POST_LIMITS.reply.intervalMs); return t.reply(a, path, { body: text(), name }) }

    async function setup() {
      const cat = await t.category({ hold: false })
      const staff = await t.signedIn('editor')
      const path = redirectTarget(await t.startTopic(staff, cat.slug, { title: 'Dermaroller cleaning', body: 'How do you clean yours?' }))
      const troll = guest()
      redirectTarget(await reply(troll, path, 'Loud Guest'))
      return { cat, path, troll, shortId: await postNumber(path, 2) }
    }

    test('staff ban a guest identity for a week from the queue; the guest gets a 403 page that keeps the text; the list shows it and it can be lifted', async () => {
      const { cat, path, troll, shortId } = await setup()
      const mod = await t.signedIn('moderator', 'Mo Moderator')
      const queue = await mod.get('/admin/comments?kind=forum&status=approved')
      assert.match(queue.body, new RegExp(`href="/admin/bans/new\\?post=${shortId}">Ban…</a>`))
      assert.match((await mod.get(path)).body, new RegExp(`href="/admin/bans/new\\?post=${shortId}" aria-label="Ban the author of post #2">Ban</a>`), 'staff can ban from the post too')
      assert.doesNotMatch((await t.agent().get(path)).body, /\/admin\/bans\/new/, 'readers see no ban link')

      const form = await mod.get(`/admin/bans/new?post=${shortId}`)
      assert.equal(form.statusCode, 200)
      assert.match(form.body, /Ban Loud Guest from posting/)
      assert.match(form.body, /value="permanent"/)
      const bad = await mod.post('/admin/bans', { post: shortId, target: 'guest', period: 'forever' })
      assert.equal(bad.statusCode, 422)
      assert.match(bad.body, /Choose how long the ban lasts/)
      assert.equal(redirectTarget(await mod.post('/admin/bans', { post: shortId, target: 'guest', period: 'week', reason: 'Insults in three topics' })), '/admin/bans')

      // The banned guest, from any address, keeps their text on a 403 page.
      troll.ip = freshIp()
      t.clock.advance(POST_LIMITS.reply.intervalMs)
      const page = await troll.get(path)
      const refused = await troll.post(`/forum/t/${path.split('/')[3]}/reply`, { body: 'You are all **wrong**.', name: 'Loud Guest', stamp: /name="stamp" value="([^"]*)"/.exec(page.body)![1], address: '' })
      assert.equal(refused.statusCode, 403)
      assert.match(refused.body, /You can’t post in the forum right now/)
      assert.match(refused.body, /<textarea id="kept-body" readonly[^>]*>You are all \*\*wrong\*\*\.<\/textarea>/)
      const topicForm = await troll.get(`/forum/c/${cat.slug}/new`)
      const refusedTopic = await troll.post(`/forum/c/${cat.slug}/new`, { title: 'A new rant', body: 'More of it.', name: 'Loud Guest', stamp: /name="stamp" value="([^"]*)"/.exec(topicForm.body)![1], address: '' })
      assert.equal(refusedTopic.statusCode, 403)
      assert.match(refusedTopic.body, /value="A new rant"/)
      assert.equal((await t.deps.db.selectFrom('discussion_posts').select('id').where('body_md', 'like', '%wrong%').execute()).length, 0)
      // Someone else on the troll's old address is not affected by an identity ban.
      const neighbour = guest()
      redirectTarget(await reply(neighbour, path, 'Calm Guest'))

      const list = await mod.get('/admin/bans')
      assert.match(list.body, /Guest identity “Loud Guest”/)
      assert.match(list.body, /1 week, until/)
      assert.match(list.body, /Insults in three topics/)
      assert.match(list.body, /by Mo Moderator/)
      const id = /action="\/admin\/bans\/(\d+)\/lift"/.exec(list.body)![1]
      redirectTarget(await mod.post(`/admin/bans/${id}/lift`))
      assert.match((await mod.get('/admin/bans')).body, /ban-state--lifted/)
      redirectTarget(await reply(troll, path, 'Loud Guest'))
      assert.equal((await mod.post(`/admin/bans/${id}/lift`)).statusCode, 404, 'a lifted ban cannot be lifted twice')

      const audit = await t.deps.db.selectFrom('audit_log').select(['action', 'detail', 'subject_id']).where('subject_type', '=', 'forum_ban').orderBy('id').execute()
      assert.deepEqual(audit.map((a) => a.action), ['forum.ban', 'forum.ban.lift'])
      assert.match(audit[0].detail, new RegExp(`guest identity of Loud Guest, week, from post ${shortId}: Insults in three topics`))
    })

    test('an IP-hash ban stops a new cookie on that address, and a timed ban ends by itself', async () => {
      const { path, troll, shortId } = await setup()
      const mod = await t.signedIn('moderator')
      await mod.get(`/admin/bans/new?post=${shortId}`)
      redirectTarget(await mod.post('/admin/bans', { post: shortId, target: 'ip', period: 'day' }))
      const sameAddress = t.agent(); sameAddress.ip = troll.ip // a fresh browser: no identity cookie
      t.clock.advance(POST_LIMITS.reply.intervalMs)
      const page = await sameAddress.get(path)
      const res = await sameAddress.post(`/forum/t/${path.split('/')[3]}/reply`, { body: 'Trying again.', name: 'New Name', stamp: /name="stamp" value="([^"]*)"/.exec(page.body)![1], address: '' })
      assert.equal(res.statusCode, 403)
      const spoofed = await sameAddress.post(`/forum/t/${path.split('/')[3]}/reply`, { body: 'Trying again.', name: 'New Name', stamp: /name="stamp" value="([^"]*)"/.exec(page.body)![1], address: '' }, { 'x-forwarded-for': '192.0.2.200' })
      assert.equal(spoofed.statusCode, 403, 'a spoofed X-Forwarded-For is not believed')
      t.clock.advance(24 * 3600 * 1000 + 1000)
      redirectTarget(await reply(sameAddress, path, 'New Name'))
      assert.match((await mod.get('/admin/bans')).body, /ban-state--expired/)
    })

    test('staff and member posts cannot be banned through the form; a member cannot open the bans pages', async () => {
      const cat = await t.category({ hold: false })
      const staff = await t.signedIn('editor')
      const path = redirectTarget(await t.startTopic(staff, cat.slug, { title: 'Staff topic', body: 'Hello.' }))
      const staffPost = await postNumber(path, 1)
      const mod = await t.signedIn('moderator')
      assert.equal((await mod.get(`/admin/bans/new?post=${staffPost}`)).statusCode, 404)
      assert.equal((await mod.post('/admin/bans', { post: staffPost, target: 'ip', period: 'day' })).statusCode, 404)
      const member = await t.signedIn('member')
      assert.equal((await member.get('/admin/bans')).statusCode, 403)
    })
  })
}
