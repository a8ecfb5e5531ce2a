import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testDialects } from '../test/databases.js'
import { redirectTarget, type Agent } from '../test/harness.js'
import { iso } from '../clock.js'
import { discussionTestApp, hiddenValue, type DiscussionTestApp } from './fixtures.js'
import { insertCategory } from '../forum/queries/index.js'
import { LIMITS, POST_LIMITS } from './limits.js'

// The one spam pipeline (limits.ts admitPost) as readers meet it across
// post kinds: bans reach comments and the forum alike, are checked when the
// post is written (not when the form is shown), and every kind keeps its
// own allowance. The limits of each kind alone are tested beside their
// routes (posting.test.ts, forum/forum.test.ts) and under concurrency in
// limits-race.test.ts.

let ipSeq = 10
const freshIp = () => `203.0.113.${ipSeq++}`
let seq = 0

for (const dialect of testDialects()) {
  describe(`one spam pipeline for comments and the forum (${dialect})`, () => {
    let t: DiscussionTestApp
    before(async () => { t = await discussionTestApp(dialect) })
    after(() => t.close())

    const reader = (ip = freshIp()) => { const a = t.agent(); a.ip = ip; return a }
    const topic = async () => {
      const slug = `pipeline-${++seq}`
      await insertCategory(t.deps.db, { slug, name: `Pipeline ${seq}`, description: 'Notes.', position: seq, guestPolicy: 'topics', holdFirstGuestPosts: false }, iso(t.clock.now()))
      const staff = await t.signedIn('editor')
      const form = await staff.get(`/forum/c/${slug}/new`)
      t.clock.advance(5_000)
      return { slug, path: redirectTarget(await staff.post(`/forum/c/${slug}/new`, { stamp: hiddenValue(form.body, 'stamp'), title: `Pipeline topic ${seq}`, body: 'Compare notes below.' })) }
    }
    /** Posts the reply form of a topic page already loaded by `page` (so staff can act in between). */
    const sendReply = (a: Agent, path: string, page: string, fields: Record<string, string>) =>
      a.post(`/forum/t/${path.split('/')[3]}/reply`, { stamp: hiddenValue(page, 'stamp'), address: '', reply_to: '', email: '', ...fields })
    const sendComment = (a: Agent, slug: string, page: string, fields: Record<string, string>) =>
      a.post('/comments', { subject: slug, parent: '', stamp: hiddenValue(page, 'stamp'), address: '', url: '', ...fields })
    const shortIdOf = async (body: string) => (await t.deps.db.selectFrom('discussion_posts').select('short_id').where('body_md', '=', body).executeTakeFirstOrThrow()).short_id
    const stored = async (body: string) => (await t.deps.db.selectFrom('discussion_posts').select('id').where('body_md', '=', body).execute()).length
    const ban = async (shortId: string, target: 'guest' | 'ip') => {
      const mod = await t.signedIn('moderator')
      const form = await mod.get(`/admin/bans/new?post=${shortId}`)
      assert.equal(form.statusCode, 200)
      assert.equal(redirectTarget(await mod.post('/admin/bans', { post: shortId, target, period: 'week', reason: 'Spam run' })), '/admin/bans')
    }

    test('an IP ban placed from a comment while a neighbour has the form open refuses their comment (403, text kept) and their forum reply', async () => {
      const article = await t.makeArticle()
      const spammer = reader()
      redirectTarget(await t.comment(spammer, article, { name: 'Spam Sender', email: 'spam@example.com', url: '', comment: 'Cheap pills at pills.example' }))
      const mod = await t.signedIn('moderator')
      const queue = await mod.get('/admin/comments')
      const spamId = await shortIdOf('Cheap pills at pills.example')
      assert.match(queue.body, new RegExp(`href="/admin/bans/new\\?post=${spamId}">Ban…</a>`), 'comments can be banned from the queue')

      // Someone on the same address opens the form before the ban and sends it after.
      const neighbour = reader(spammer.ip)
      const page = (await neighbour.get(article.path)).body
      await ban(spamId, 'ip')
      t.clock.advance(POST_LIMITS.comment.intervalMs)
      const refused = await sendComment(neighbour, article.slug, page, { name: 'Nell Neighbour', email: 'nell@example.com', comment: 'A *thoughtful* comment.' })
      assert.equal(refused.statusCode, 403)
      assert.match(refused.body, /paused comments from your browser or connection until/)
      assert.match(refused.body, />A \*thoughtful\* comment\.<\/textarea>/)
      assert.match(refused.body, /value="Nell Neighbour"/)
      assert.match(refused.body, /<h1>/, 'a whole page, not a bare error')
      assert.equal(await stored('A *thoughtful* comment.'), 0)

      const { path } = await topic()
      const topicPage = (await neighbour.get(path)).body
      t.clock.advance(5_000)
      const forum = await sendReply(neighbour, path, topicPage, { name: 'Nell Neighbour', body: 'A forum reply instead.' })
      assert.equal(forum.statusCode, 403)
      assert.match(forum.body, /<textarea id="kept-body" readonly[^>]*>A forum reply instead\.<\/textarea>/)

      // Another address is not affected.
      redirectTarget(await t.comment(reader(), article, { name: 'Far Reader', email: 'far@example.com', url: '', comment: 'From elsewhere.' }))
    })

    test('a guest-identity ban from a comment follows the browser to a new address, in comments and the forum; the old address stays open', async () => {
      const article = await t.makeArticle()
      const troll = reader()
      redirectTarget(await t.comment(troll, article, { name: 'Tro Ll', email: 'troll@example.com', url: '', comment: 'You are all wrong.' }))
      const oldIp = troll.ip
      await ban(await shortIdOf('You are all wrong.'), 'guest')
      assert.match((await (await t.signedIn('moderator')).get('/admin/bans')).body, /Guest identity “Tro Ll”/)

      troll.ip = freshIp()
      t.clock.advance(POST_LIMITS.comment.intervalMs)
      const again = await t.comment(troll, article, { name: 'Tro Ll', email: 'new-address@example.com', url: '', comment: 'Still wrong.' })
      assert.equal(again.statusCode, 403)
      assert.match(again.body, />Still wrong\.<\/textarea>/)
      const { path } = await topic()
      const page = (await troll.get(path)).body
      t.clock.advance(5_000)
      assert.equal((await sendReply(troll, path, page, { name: 'Another Name', body: 'Wrong in the forum too.' })).statusCode, 403)

      redirectTarget(await t.comment(reader(oldIp), article, { name: 'Ok Neighbour', email: 'ok@example.com', url: '', comment: 'Same address, other browser.' }))
    })

    test('a ban placed between loading the forum form and sending it still refuses, keeping the text', async () => {
      const { slug, path } = await topic()
      const guest = reader()
      const first = (await guest.get(path)).body
      t.clock.advance(5_000)
      redirectTarget(await sendReply(guest, path, first, { name: 'Soon Banned', body: 'A first reply.' }))
      t.clock.advance(POST_LIMITS.reply.intervalMs)
      const replyForm = (await guest.get(path)).body
      const topicForm = (await guest.get(`/forum/c/${slug}/new`)).body
      await ban(await shortIdOf('A first reply.'), 'guest')
      const reply = await sendReply(guest, path, replyForm, { name: 'Soon Banned', body: 'Sent after the ban.' })
      assert.equal(reply.statusCode, 403)
      assert.match(reply.body, /You can’t post in the forum right now/)
      assert.match(reply.body, />Sent after the ban\.<\/textarea>/)
      const opened = await guest.post(`/forum/c/${slug}/new`, { stamp: hiddenValue(topicForm, 'stamp'), address: '', name: 'Soon Banned', email: '', title: 'A topic after the ban', body: 'Topic text.' })
      assert.equal(opened.statusCode, 403)
      assert.match(opened.body, /value="A topic after the ban"/)
      assert.equal(await stored('Sent after the ban.'), 0)
    })

    test('the flood interval counts across kinds: a comment 5 s after a forum reply from the same address gets 429', async () => {
      const { path } = await topic()
      const article = await t.makeArticle()
      const guest = reader()
      const page = (await guest.get(path)).body
      t.clock.advance(5_000)
      redirectTarget(await sendReply(guest, path, page, { name: 'Quick Poster', body: 'A reply first.' }))
      const res = await t.comment(guest, article, { name: 'Quick Poster', email: 'quick@example.com', url: '', comment: 'Then a comment.' })
      assert.equal(res.statusCode, 429)
      assert.ok(Number(res.headers['retry-after']) > 0)
      assert.match(res.body, />Then a comment\.<\/textarea>/)
    })

    test('10 forum replies a day per identity and per IP; a new cookie on the address does not reset it; topics and comments keep their own allowance', async () => {
      const { slug, path } = await topic()
      const guest = reader()
      for (let i = 0; i < POST_LIMITS.reply.perDay; i++) {
        const page = (await guest.get(path)).body
        t.clock.advance(POST_LIMITS.reply.intervalMs)
        redirectTarget(await sendReply(guest, path, page, { name: 'Busy Guest', body: `Reply ${i} of a busy day.` }))
      }
      let page = (await guest.get(path)).body
      t.clock.advance(POST_LIMITS.reply.intervalMs)
      const eleventh = await sendReply(guest, path, page, { name: 'Busy Guest', body: 'One reply too many.' })
      assert.equal(eleventh.statusCode, 429)
      assert.match(eleventh.body, /New guests can post 10 replies a day/)
      assert.match(eleventh.body, /One reply too many\./)
      const newCookie = reader(guest.ip)
      page = (await newCookie.get(path)).body
      t.clock.advance(5_000)
      assert.equal((await sendReply(newCookie, path, page, { name: 'Fresh Name', body: 'From a new browser.' })).statusCode, 429)

      const form = (await guest.get(`/forum/c/${slug}/new`)).body
      t.clock.advance(5_000)
      redirectTarget(await guest.post(`/forum/c/${slug}/new`, { stamp: hiddenValue(form, 'stamp'), address: '', name: 'Busy Guest', email: '', title: 'A topic on a busy day', body: 'Topics have their own allowance.' }))
      t.clock.advance(POST_LIMITS.comment.intervalMs)
      redirectTarget(await t.comment(guest, await t.makeArticle(), { name: 'Busy Guest', email: 'busy@example.com', url: '', comment: 'And comments theirs.' }))

      t.clock.advance(LIMITS.dayMs)
      page = (await guest.get(path)).body
      t.clock.advance(5_000)
      redirectTarget(await sendReply(guest, path, page, { name: 'Busy Guest', body: 'A new day.' }))
    })

    test('forum posts meet the honeypot and the minimum fill time: 422, text kept, nothing stored', async () => {
      const { path } = await topic()
      const bot = reader()
      const page = (await bot.get(path)).body
      t.clock.advance(5_000)
      const trapped = await sendReply(bot, path, page, { name: 'Bot', body: 'Buy now.', address: '1 Spam Street' })
      assert.equal(trapped.statusCode, 422)
      assert.match(trapped.body, /We could not accept this post/)
      const quick = reader()
      const fast = (await quick.get(path)).body
      t.clock.advance(LIMITS.minFillMs - 1_000)
      const tooFast = await sendReply(quick, path, fast, { name: 'Quick', body: 'Typed in no time.' })
      assert.equal(tooFast.statusCode, 422)
      assert.match(tooFast.body, /quicker than we expect from a person/)
      assert.match(tooFast.body, /Typed in no time\./)
      assert.equal(await stored('Buy now.') + await stored('Typed in no time.'), 0)
    })
  })
}
