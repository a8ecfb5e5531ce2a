import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testDialects } from '../test/databases.js'
import { redirectTarget, type Agent } from '../test/harness.js'
import { POST_LIMITS } from '../discussion/limits.js'
import { forumTestApp, type ForumTestApp } from './fixtures.js'
import { FLAGGED_REASON } from './flags.js'

let ipSeq = 10
const freshIp = () => `198.51.100.${ipSeq++}`

for (const dialect of testDialects()) {
  describe(`reader flags on ${dialect}`, () => {
    let t: ForumTestApp
    before(async () => { t = await forumTestApp(dialect) })
    after(() => t.close())

    const reader = () => { const a = t.agent(); a.ip = freshIp(); return a }
    const post = (shortId: string) => t.deps.db.selectFrom('discussion_posts').select(['status', 'held_reason']).where('short_id', '=', shortId).executeTakeFirstOrThrow()
    /** Opens the flag form, sends it, follows the redirect and returns the message shown. */
    const flag = async (a: Agent, shortId: string, fields: Record<string, string>) => {
      const page = await a.get(`/forum/p/${shortId}/flag`)
      assert.equal(page.statusCode, 200)
      const to = redirectTarget(await a.post(`/forum/p/${shortId}/flag`, fields))
      return /<p class="flash" role="status">([^<]*)<\/p>/.exec((await a.get(to)).body)?.[1] ?? ''
    }

    /** A staff topic (#1) with a live reply (#2) by a guest; returns the topic path, the reply's short id and its author. */
    async function topicWithReply() {
      const cat = await t.category({ hold: false })
      const staff = await t.signedIn('editor')
      const path = redirectTarget(await t.startTopic(staff, cat.slug, { title: 'Minoxidil foam or liquid', body: 'Which did you find easier?' }))
      const author = reader()
      t.clock.advance(POST_LIMITS.reply.intervalMs)
      redirectTarget(await t.reply(author, path, { body: 'Foam, it dries faster for me.', name: 'Flagged Guest' }))
      const row = await t.deps.db.selectFrom('discussion_posts').innerJoin('discussion_threads', 'discussion_threads.id', 'discussion_posts.thread_id')
        .select('discussion_posts.short_id').where('discussion_threads.subject_path', '=', path).where('discussion_posts.post_number', '=', 2).executeTakeFirstOrThrow()
      return { path, shortId: row.short_id, author }
    }

    test('a reader flags a post without JavaScript: a Flag link, a small form, a reason required', async () => {
      const { path, shortId } = await topicWithReply()
      const a = reader()
      const page = await a.get(path)
      assert.match(page.body, new RegExp(`<a href="/forum/p/${shortId}/flag" aria-label="Flag post #2" rel="nofollow">Flag</a>`))
      const form = await a.get(`/forum/p/${shortId}/flag`)
      assert.match(form.body, /<h1>Flag post #2<\/h1>/)
      assert.match(form.body, /Foam, it dries faster for me\./)
      assert.match(form.body, /value="misinformation"[^>]*>\s*<label for="f-reason-misinformation">Medical misinformation<\/label>/)
      const none = await a.post(`/forum/p/${shortId}/flag`, { note: '' })
      assert.equal(none.statusCode, 422)
      assert.match(none.body, /Choose why you are flagging this post/)
      const other = await a.post(`/forum/p/${shortId}/flag`, { reason: 'other', note: '' })
      assert.equal(other.statusCode, 422)
      assert.match(other.body, /Tell us briefly what is wrong/)
      assert.equal(await t.deps.db.selectFrom('forum_flags').select('id').execute().then((r) => r.length), 0)
      assert.equal(redirectTarget(await a.post(`/forum/p/${shortId}/flag`, { reason: 'other', note: 'Links to a shop' })), path)
      assert.match((await a.get(path)).body, /The moderators will look at this post/)
      assert.equal((await a.post('/forum/p/zzzzzzzz/flag', { reason: 'spam' })).statusCode, 404)
      assert.equal((await t.agent().get('/forum/p/zzzzzzzz/flag')).statusCode, 404)
    })

    test('one flag per person: the same identity cookie, the same IP or the same member cannot flag twice; authors cannot flag their own post', async () => {
      const { shortId, author } = await topicWithReply()
      const a = reader()
      const firstIp = a.ip
      assert.match(await flag(a, shortId, { reason: 'spam' }), /The moderators will look at this post/)
      a.ip = freshIp() // a new address, the same browser
      assert.match(await flag(a, shortId, { reason: 'abuse' }), /You have already flagged this post/)
      const sameIp = t.agent(); sameIp.ip = firstIp // a fresh browser (no cookie) on the same address
      assert.match(await flag(sameIp, shortId, { reason: 'abuse' }), /already flagged/)
      const member = await t.signedIn('member'); member.ip = freshIp()
      assert.match(await flag(member, shortId, { reason: 'off-topic' }), /will look/)
      member.ip = freshIp()
      member.cookies.delete('crown_commenter_key')
      assert.match(await flag(member, shortId, { reason: 'off-topic' }), /already flagged/, 'the same member from a new browser and address')
      assert.match(await flag(author, shortId, { reason: 'spam' }), /This is your own post/)
      // A forged identity cookie is not trusted: it is a new person only because the address is new too.
      const forged = reader()
      forged.cookies.set('crown_commenter_key', 's:forged-key-value-12345.bad-signature')
      assert.match(await flag(forged, shortId, { reason: 'spam' }), /hidden until a moderator/)
      const flags = await t.deps.db.selectFrom('forum_flags').innerJoin('discussion_posts', 'discussion_posts.id', 'forum_flags.post_id')
        .select('forum_flags.reason').where('discussion_posts.short_id', '=', shortId).orderBy('forum_flags.id').execute()
      assert.deepEqual(flags.map((f) => f.reason), ['spam', 'off-topic', 'spam'])
    })

    test('three flags from different people hide a post until staff decide; approving clears the flags for good', async () => {
      const { path, shortId } = await topicWithReply()
      const readers = [reader(), reader(), reader()]
      await flag(readers[0], shortId, { reason: 'misinformation', note: 'Claims it cures baldness' })
      await flag(readers[1], shortId, { reason: 'spam' })
      assert.equal((await post(shortId)).status, 'approved', 'two flags are not enough')
      assert.match(await flag(readers[2], shortId, { reason: 'abuse' }), /hidden until a moderator has looked at it/)
      assert.deepEqual(await post(shortId), { status: 'pending', held_reason: FLAGGED_REASON })
      assert.doesNotMatch((await t.agent().get(path)).body, /Foam, it dries faster/, 'hidden from readers')
      assert.equal((await reader().get(`/forum/p/${shortId}/flag`)).statusCode, 404, 'a hidden post takes no more flags')

      const mod = await t.signedIn('moderator')
      const queue = await mod.get('/admin/comments?kind=forum')
      assert.match(queue.body, /Held: Flagged by readers/)
      assert.match(queue.body, /<strong>Medical misinformation<\/strong>: Claims it cures baldness/)
      assert.match(queue.body, /<strong>Spam or advertising<\/strong>/)
      redirectTarget(await mod.post(`/admin/comments/${shortId}/approve`))
      assert.equal((await post(shortId)).status, 'approved')
      assert.match((await t.agent().get(path)).body, /Foam, it dries faster/)
      assert.doesNotMatch((await mod.get('/admin/comments?kind=forum&status=approved')).body, /Medical misinformation/, 'approved: the flags are settled')
      // The same three readers cannot hide it again.
      for (const r of readers) assert.match(await flag(r, shortId, { reason: 'spam' }), /already flagged/)
      assert.equal((await post(shortId)).status, 'approved')
      const audit = await t.deps.db.selectFrom('audit_log').select('action').where('subject_id', '=', shortId).execute()
      assert.deepEqual(audit.map((a) => a.action), ['comment.approve'])
    })
  })
}
