import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testDialects } from '../test/databases.js'
import { redirectTarget, type Agent } from '../test/harness.js'
import { iso } from '../clock.js'
import { createUser, SESSION_COOKIE, startSession } from '../accounts/index.js'
import { POST_LIMITS } from '../discussion/limits.js'
import { insertCategory } from './queries/index.js'
import { discussionTestApp, hiddenValue, type DiscussionTestApp } from '../discussion/fixtures.js'

// Members in the discussion engine: they post under their account (no name
// or email fields, a "Member" mark), only once their address is confirmed;
// their name is theirs alone; and a deleted member's posts stay, anonymised.

let ipSeq = 1
const PASSWORD = 'plenty long passphrase'

for (const dialect of testDialects()) {
  describe(`members in the forum and comments on ${dialect}`, () => {
    let t: DiscussionTestApp
    let topicPath = ''
    before(async () => {
      t = await discussionTestApp(dialect)
      const slug = `members-${Math.random().toString(36).slice(2, 8)}`
      await insertCategory(t.deps.db, { slug, name: 'Members test', description: 'Notes.', position: 1, guestPolicy: 'topics', holdFirstGuestPosts: true }, iso(t.clock.now()))
      const staff = await t.signedIn('editor', 'Ed Starter')
      const form = await staff.get(`/forum/c/${slug}/new`)
      t.clock.advance(5_000)
      topicPath = redirectTarget(await staff.post(`/forum/c/${slug}/new`, { stamp: hiddenValue(form.body, 'stamp'), address: '', title: 'Members and guests', body: 'Say hello.' }))
    })
    after(() => t.close())

    const agent = () => { const a = t.agent(); a.ip = `192.0.2.${ipSeq++}`; return a }
    async function member(name: string, email: string, confirmed = true): Promise<Agent & { userId: number }> {
      const made = await createUser(t.deps, { email, name, password: PASSWORD, role: 'member' })
      if (made.kind !== 'created') throw new Error('no member')
      if (!confirmed) await t.deps.db.updateTable('users').set({ email_confirmed_at: null }).where('id', '=', made.userId).execute()
      const a = agent() as Agent & { userId: number }
      a.cookies.set(SESSION_COOKIE, await startSession(t.deps, made.userId))
      a.userId = made.userId
      return a
    }
    async function reply(a: Agent, fields: Record<string, string>) {
      const page = await a.get(topicPath)
      t.clock.advance(POST_LIMITS.reply.intervalMs)
      return a.post(`/forum/t/${topicPath.split('/')[3]}/reply`, { stamp: hiddenValue(page.body, 'stamp'), address: '', reply_to: '', ...fields })
    }
    async function register(a: Agent, fields: Record<string, string>) {
      const page = await a.get('/account/register')
      t.clock.advance(5_000)
      return a.post('/account/register', { stamp: hiddenValue(page.body, 'stamp'), website: '', ...fields })
    }

    test('a confirmed member replies under their account: no name or email fields, a Member mark, published at once', async () => {
      const mia = await member('Mia Member', 'mia@example.com')
      const page = await mia.get(topicPath)
      assert.match(page.body, /Posting as <strong>Mia Member<\/strong>/)
      assert.doesNotMatch(page.body, /Post as a guest/)
      assert.doesNotMatch(page.body, /name="email"/)
      const res = await reply(mia, { body: 'Hello from a member account.' })
      assert.match(redirectTarget(res), /#post-\d+$/)
      const post = await t.deps.db.selectFrom('discussion_posts').selectAll().where('author_user_id', '=', mia.userId).executeTakeFirstOrThrow()
      assert.equal(post.status, 'approved')
      assert.equal(post.author_name, 'Mia Member')
      const shown = await agent().get(topicPath)
      assert.match(shown.body, /<span class="forum-post__author">Mia Member<\/span><span class="forum-badge forum-badge--member">Member<\/span>/)
    })

    test('guests see an optional sign-in / create-account line; guests may not take a member’s name', async () => {
      await member('Noa Named', 'noa@example.com')
      const guest = agent()
      const page = await guest.get(topicPath)
      assert.match(page.body, /Post as a guest/)
      assert.match(page.body, /Have an account\? <a href="\/sign-in\?next=[^"]+">Sign in<\/a>\. Or, if you like, <a href="\/account\/register">create one<\/a>/)
      const res = await reply(guest, { body: 'I am Noa, honest.', name: 'NOA NAMED', email: '' })
      assert.equal(res.statusCode, 422)
      assert.match(res.body, /That name belongs to a member or staff account/)
    })

    test('a member cannot register a name a forum guest posts under, unless that guest is them', async () => {
      const gus = agent()
      redirectTarget(await reply(gus, { body: 'Guest here, first post.', name: 'Gus Guest', email: '' }))
      const stranger = agent()
      const taken = await register(stranger, { name: 'gus guest', email: 'stranger@example.com', password: PASSWORD })
      assert.equal(taken.statusCode, 422)
      assert.match(taken.body, /That display name is taken/)
      // The same browser (its guest identity) may make the name an account's.
      const own = await register(gus, { name: 'Gus Guest', email: 'gus@example.com', password: PASSWORD })
      assert.equal(redirectTarget(own), '/account/check-email?for=register')
      assert.ok(await t.deps.db.selectFrom('users').select('id').where('email', '=', 'gus@example.com').executeTakeFirst())
    })

    test('an unconfirmed member is asked to confirm before posting, and keeps what they wrote', async () => {
      const una = await member('Una Unconfirmed', 'una@example.com', false)
      const page = await una.get(topicPath)
      assert.match(page.body, /Please confirm your email address before posting/)
      assert.doesNotMatch(page.body, /Posting as/)
      const stamp = hiddenValue((await agent().get(topicPath)).body, 'stamp')
      t.clock.advance(POST_LIMITS.reply.intervalMs)
      const refused = await una.post(`/forum/t/${topicPath.split('/')[3]}/reply`, { stamp, address: '', reply_to: '', body: 'My words, kept.' })
      assert.equal(refused.statusCode, 403)
      assert.match(refused.body, /Please confirm your email address/)
      assert.match(refused.body, /My words, kept\./)
      assert.equal((await t.deps.db.selectFrom('discussion_posts').select('id').where('author_user_id', '=', una.userId).execute()).length, 0)

      const article = await t.makeArticle()
      const comment = await t.comment(una, article, { comment: 'A comment, kept too.' })
      assert.equal(comment.statusCode, 403)
      assert.match(comment.body, /confirm your email address before posting/)
      assert.match(comment.body, /A comment, kept too\./)
      assert.equal((await t.deps.db.selectFrom('discussion_posts').select('id').where('author_user_id', '=', una.userId).execute()).length, 0)

      // Confirmed, the same member comments with a Member mark.
      await t.deps.db.updateTable('users').set({ email_confirmed_at: iso(t.clock.now()) }).where('id', '=', una.userId).execute()
      t.clock.advance(60_000)
      assert.equal((await t.comment(una, article, { comment: 'Now it posts.' })).statusCode, 303)
      const posted = await t.deps.db.selectFrom('discussion_posts').select(['short_id', 'status']).where('author_user_id', '=', una.userId).executeTakeFirstOrThrow()
      if (posted.status === 'pending') {
        const mod = await t.signedIn('moderator')
        await mod.get('/admin/comments')
        redirectTarget(await mod.post(`/admin/comments/${posted.short_id}/approve`))
      }
      assert.match((await agent().get(article.path)).body, /Una Unconfirmed<\/span><span class="comment__badge comment__badge--member">Member<\/span>/)
    })

    test('a deleted member’s posts stay, as “Deleted member”, with no address; lists and mail forget them', async () => {
      const dan = await member('Dan Departing', 'dan@example.com')
      redirectTarget(await reply(dan, { body: 'A reply that outlives its account.' }))
      const shortId = topicPath.split('/')[3]
      await dan.get(`/forum/t/${shortId}/watch`)
      redirectTarget(await dan.post(`/forum/t/${shortId}/watch`))
      assert.equal((await t.deps.db.selectFrom('discussion_subscriptions').select('id').where('email', '=', 'dan@example.com').execute()).length, 1)

      await dan.get('/account')
      assert.equal(redirectTarget(await dan.post('/account/delete', { password: PASSWORD })), '/')
      const post = await t.deps.db.selectFrom('discussion_posts').selectAll().where('author_user_id', '=', dan.userId).executeTakeFirstOrThrow()
      assert.equal(post.author_name, 'Deleted member')
      assert.equal(post.author_email, null)
      assert.equal(post.author_key, null)
      assert.equal((await t.deps.db.selectFrom('discussion_subscriptions').select('id').where('email', '=', 'dan@example.com').execute()).length, 0)
      const page = await agent().get(topicPath)
      assert.match(page.body, /A reply that outlives its account\./)
      assert.doesNotMatch(page.body, /Dan Departing/)
      const thread = await t.deps.db.selectFrom('discussion_threads').select('last_poster_name').where('short_id', '=', shortId).executeTakeFirstOrThrow()
      assert.equal(thread.last_poster_name, 'Deleted member')
      // The name is free again, and "Deleted member" is no guest's to take.
      const guest = agent()
      assert.equal((await reply(guest, { body: 'Pretending.', name: 'Deleted Member', email: '' })).statusCode, 422)
    })
  })
}
