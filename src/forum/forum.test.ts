import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testDialects } from '../test/databases.js'
import { redirectTarget } from '../test/harness.js'
import { POST_LIMITS } from '../discussion/limits.js'
import { FORUM_LIMITS } from './limits.js'
import { forumTestApp, type ForumTestApp } from './fixtures.js'

let ipSeq = 10
const freshIp = () => `198.51.100.${ipSeq++}`
let textSeq = 0
const text = (s = 'My notes') => `${s}: week ${++textSeq}, nothing dramatic yet but steady.`

for (const dialect of testDialects()) {
  describe(`forum posting on ${dialect}`, () => {
    let t: ForumTestApp
    before(async () => { t = await forumTestApp(dialect) })
    after(() => t.close())

    const guest = () => { const a = t.agent(); a.ip = freshIp(); return a }
    const approvePending = async () => {
      const mod = await t.signedIn('moderator')
      const rows = await t.deps.db.selectFrom('discussion_posts').select('short_id').where('status', '=', 'pending').execute()
      await mod.get('/admin/comments')
      for (const r of rows) redirectTarget(await mod.post(`/admin/comments/${r.short_id}/approve`, {}))
    }

    test('a guest starts a topic: held, visible only to them; staff approve it from the shared queue; lists and counts follow', async () => {
      const cat = await t.category()
      const ana = guest()
      const res = await t.startTopic(ana, cat.slug, { title: 'Six months of scalp massage', body: 'I massaged **daily**.', name: 'Ana G', email: '' })
      const path = redirectTarget(res)
      assert.match(path, /^\/forum\/t\/[a-z0-9]+\/six-months-of-scalp-massage$/)
      const own = await ana.get(path)
      assert.equal(own.statusCode, 200)
      assert.match(own.body, /Your post is awaiting review/)
      assert.match(own.body, /I massaged <strong>daily<\/strong>/)
      assert.match(own.body, /forum-badge--guest">guest</)
      assert.match((await ana.get(`/forum/c/${cat.slug}`)).body, /Awaiting review: only you can see it/)

      const other = guest()
      assert.equal((await other.get(path)).statusCode, 404)
      assert.doesNotMatch((await other.get(`/forum/c/${cat.slug}`)).body, /Six months of scalp massage/)

      const mod = await t.signedIn('moderator')
      const queue = await mod.get('/admin/comments')
      assert.match(queue.body, /Six months of scalp massage/)
      assert.match(queue.body, /First forum post from this guest/)
      await approvePending()
      const list = await other.get(`/forum/c/${cat.slug}`)
      assert.match(list.body, /Six months of scalp massage/)
      assert.match(list.body, /0 replies/)
      const home = await other.get('/forum')
      assert.match(home.body, new RegExp(`Category \\d+`))
      const row = await t.deps.db.selectFrom('forum_categories').selectAll().where('id', '=', cat.id).executeTakeFirstOrThrow()
      assert.equal(row.topic_count, 1)
      assert.equal(row.post_count, 1)
      assert.match((await other.get('/forum/latest')).body, /Six months of scalp massage/)
    })

    test('a reply quotes a post without JavaScript, links "in reply to #1", and the guest is trusted after 2 approved posts', async () => {
      const cat = await t.category()
      const staff = await t.signedIn('editor', 'Eve Editor')
      const path = redirectTarget(await t.startTopic(staff, cat.slug, { title: 'Microneedling depth questions', body: 'Which needle length did you use?' }))
      const bo = guest()
      const first = (await bo.get(path)).body
      const quoteHref = /href="([^"]*quote=[a-z0-9]+#reply)"/.exec(first)![1].replace(/&amp;/g, '&')
      const quoting = await bo.get(quoteHref)
      assert.match(quoting.body, /> \*\*Eve Editor\*\* wrote in #1:\n> Which needle length did you use\?/)
      assert.match(quoting.body, /name="reply_to" value="1"/)
      const body = /<textarea[^>]*name="body"[^>]*>([\s\S]*?)<\/textarea>/.exec(quoting.body)![1].replace(/&gt;/g, '>')
      redirectTarget(await t.reply(bo, path, { body: `${body}I used 0.5 mm.`, name: 'Bo Guest' }, { formUrl: quoteHref }))
      await approvePending()
      const page = (await t.agent().get(path)).body
      assert.match(page, /in reply to <a href="#post-1">#1<\/a>/)
      assert.match(page, /<blockquote>/)
      assert.match(page, /id="post-2"/)

      // One approved post: still held; the second approval lifts the hold.
      t.clock.advance(POST_LIMITS.reply.intervalMs)
      redirectTarget(await t.reply(bo, path, { body: text(), name: 'Bo Guest' }))
      const held = await t.deps.db.selectFrom('discussion_posts').select('status').where('post_number', '=', 3).where('author_name', '=', 'Bo Guest').executeTakeFirstOrThrow()
      assert.equal(held.status, 'pending')
      await approvePending()
      t.clock.advance(POST_LIMITS.reply.intervalMs)
      redirectTarget(await t.reply(bo, path, { body: text(), name: 'Bo Guest' }))
      const direct = await t.deps.db.selectFrom('discussion_posts').select('status').where('post_number', '=', 4).where('author_name', '=', 'Bo Guest').executeTakeFirstOrThrow()
      assert.equal(direct.status, 'approved')
    })

    test('a category that holds no one publishes a guest at once; policies refuse guests where they may not post', async () => {
      const open = await t.category({ hold: false })
      const cy = guest()
      const path = redirectTarget(await t.startTopic(cy, open.slug, { title: 'Open category topic', body: text(), name: 'Cy' }))
      assert.equal((await t.agent().get(path)).statusCode, 200)

      const repliesOnly = await t.category({ policy: 'replies' })
      assert.equal((await guest().get(`/forum/c/${repliesOnly.slug}/new`)).statusCode, 403)
      const readOnly = await t.category({ policy: 'read' })
      const staff = await t.signedIn('editor')
      const ro = redirectTarget(await t.startTopic(staff, readOnly.slug, { title: 'Read-only announcement', body: text() }))
      const page = await t.agent().get(ro)
      assert.match(page.body, /Guests can read this category; replying here needs an account/)
      const g = guest()
      await g.get(ro)
      const refused = await g.post(`/forum/t/${ro.split('/')[3]}/reply`, { body: text(), name: 'Sneaky', stamp: 'x' })
      assert.equal(refused.statusCode, 403)
    })

    test('staff and member names cannot be taken by a guest, whatever the case', async () => {
      await t.signedIn('moderator', 'Morgan Mod')
      const cat = await t.category()
      const res = await t.startTopic(guest(), cat.slug, { title: 'Impersonation try', body: text(), name: 'morgan MOD' })
      assert.equal(res.statusCode, 422)
      assert.match(res.body, /That name belongs to a member or staff account/)
      assert.match(res.body, /Impersonation try/, 'the text is kept')
      // Words that read as the site speaking are nobody's to take.
      for (const name of ['Admin', ' moderator ', 'STAFF']) {
        const r = await t.startTopic(guest(), cat.slug, { title: 'Official notice', body: text(), name })
        assert.equal(r.statusCode, 422, name)
        assert.match(r.body, /Please choose another display name/)
      }
    })

    test('15 s between posts: 429 with Retry-After and the text kept; a new cookie, a spoofed X-Forwarded-For or a new email resets nothing', async () => {
      const cat = await t.category()
      const di = guest()
      redirectTarget(await t.startTopic(di, cat.slug, { title: 'First topic from Di', body: text(), name: 'Di', email: 'di@example.com' }))
      // t.startTopic waits 5 s after opening the form: still inside 15 s.
      const burst = await t.startTopic(di, cat.slug, { title: 'Second topic from Di', body: 'Unique burst text 1', name: 'Di', email: 'di@example.com' }, { waitMs: 3_000 })
      assert.equal(burst.statusCode, 429)
      assert.ok(Number(burst.headers['retry-after']) > 0)
      assert.match(burst.body, /You can post once every 15 seconds/)
      assert.match(burst.body, /Unique burst text 1/)

      // A fresh browser (no cookie), a forged cookie, X-Forwarded-For and another email, from the same address:
      const fresh = t.agent(); fresh.ip = di.ip
      fresh.cookies.set('crown_commenter_key', 'forged-value.not-signed')
      const form = await fresh.get(`/forum/c/${cat.slug}/new`)
      const stamp = /name="stamp" value="([^"]*)"/.exec(form.body)![1].replace(/&amp;/g, '&')
      t.clock.advance(3_000)
      const spoofed = await fresh.post(`/forum/c/${cat.slug}/new`, { stamp, address: '', title: 'Third try from Di', body: 'Unique burst text 2', name: 'Di Two', email: 'other@example.com' }, { 'x-forwarded-for': '192.0.2.99' })
      assert.equal(spoofed.statusCode, 429)

      // The same identity cookie replayed from another address is still limited by identity.
      const replay = t.agent(); replay.ip = freshIp()
      replay.cookies = new Map(di.cookies)
      const r = await t.startTopic(replay, cat.slug, { title: 'Replayed cookie topic', body: 'Unique burst text 3', name: 'Di' }, { waitMs: 3_000 })
      assert.equal(r.statusCode, 429)
    })

    test('3 topics a day per identity and per IP; rotating the email or the cookie does not reset it', async () => {
      const cat = await t.category({ hold: false })
      const el = guest()
      for (let i = 0; i < POST_LIMITS.topic.perDay; i++) {
        redirectTarget(await t.startTopic(el, cat.slug, { title: `Daily topic ${i}`, body: text(), name: 'El', email: `el${i}@example.com` }))
        t.clock.advance(POST_LIMITS.reply.intervalMs)
      }
      const fourth = await t.startTopic(el, cat.slug, { title: 'Daily topic 4', body: text(), name: 'El', email: 'new@example.com' })
      assert.equal(fourth.statusCode, 429)
      assert.match(fourth.body, /New guests can start 3 topics a day/)
      const newBrowser = t.agent(); newBrowser.ip = el.ip
      assert.equal((await t.startTopic(newBrowser, cat.slug, { title: 'Daily topic 5', body: text(), name: 'El Again' })).statusCode, 429)
      // Replies have their own allowance.
      const topic = await t.deps.db.selectFrom('discussion_threads').select(['short_id', 'slug']).where('title', '=', 'Daily topic 0').executeTakeFirstOrThrow()
      t.clock.advance(POST_LIMITS.reply.intervalMs)
      redirectTarget(await t.reply(el, `/forum/t/${topic.short_id}/${topic.slug}`, { body: text(), name: 'El' }))
    })

    test('the same text within 5 minutes is refused; more than 2 counted links are refused, literature links do not count', async () => {
      const cat = await t.category({ hold: false })
      const fi = guest()
      const path = redirectTarget(await t.startTopic(fi, cat.slug, { title: 'Duplicate check', body: 'Exactly this text.', name: 'Fi' }))
      t.clock.advance(POST_LIMITS.reply.intervalMs)
      const dup = await t.reply(fi, path, { body: 'Exactly   this text.', name: 'Fi' })
      assert.equal(dup.statusCode, 422)
      assert.match(dup.body, /You have just posted this same text/)
      t.clock.advance(POST_LIMITS.reply.intervalMs)
      const links = await t.reply(fi, path, { body: 'See https://a.example/x https://b.example/y https://c.example/z', name: 'Fi' })
      assert.equal(links.statusCode, 422)
      assert.match(links.body, /3 links to other sites; the limit is 2/)
      const ok = await t.reply(fi, path, { body: 'https://pubmed.ncbi.nlm.nih.gov/1/ https://doi.org/10.1/x https://clinicaltrials.gov/study/NCT1 https://a.example/ https://b.example/', name: 'Fi' })
      redirectTarget(ok)
    })

    test('a guest edits and deletes their own post for 30 minutes; then the buttons go and a POST is refused', async () => {
      const cat = await t.category({ hold: false })
      const gi = guest()
      const path = redirectTarget(await t.startTopic(gi, cat.slug, { title: 'Editable topic', body: 'Frist draft.', name: 'Gi' }))
      const page = (await gi.get(path)).body
      const postId = /href="\/forum\/p\/([a-z0-9]+)\/edit"/.exec(page)![1]
      assert.doesNotMatch((await t.agent().get(path)).body, /\/edit"/, 'nobody else sees Edit')
      const other = guest(); await other.get(path)
      assert.equal((await other.post(`/forum/p/${postId}/edit`, { body: 'Hijack', title: 'Hijacked' })).statusCode, 403)
      await gi.get(`/forum/p/${postId}/edit`)
      redirectTarget(await gi.post(`/forum/p/${postId}/edit`, { body: 'First draft.', title: 'Editable topic, fixed' }))
      const after = (await t.agent().get(path)).body
      assert.match(after, /First draft\./)
      assert.match(after, /Editable topic, fixed/)
      assert.match(after, /Edited/)
      t.clock.advance(FORUM_LIMITS.editWindowMs)
      const late = (await gi.get(path)).body
      assert.doesNotMatch(late, /\/edit"/)
      assert.doesNotMatch(late, /\/delete"/)
      assert.equal((await gi.post(`/forum/p/${postId}/edit`, { body: 'Too late.' })).statusCode, 403)
      assert.equal((await gi.post(`/forum/p/${postId}/delete`, {})).statusCode, 403)
    })

    test('staff pin, close and move a topic; each action is in the audit log; a closed topic takes no guest reply', async () => {
      const a = await t.category({ hold: false })
      const b = await t.category({ hold: false })
      const mod = await t.signedIn('moderator')
      const older = redirectTarget(await t.startTopic(mod, a.slug, { title: 'Older topic to pin', body: text() }))
      t.clock.advance(60_000)
      redirectTarget(await t.startTopic(mod, a.slug, { title: 'Newer topic', body: text() }))
      const shortId = older.split('/')[3]
      await mod.get(older)
      redirectTarget(await mod.post(`/forum/t/${shortId}/staff/pin`, {}))
      const list = (await t.agent().get(`/forum/c/${a.slug}`)).body
      assert.ok(list.indexOf('Older topic to pin') < list.indexOf('Newer topic'), 'pinned first')
      redirectTarget(await mod.post(`/forum/t/${shortId}/staff/close`, {}))
      const g = guest()
      const closed = await g.get(older)
      assert.match(closed.body, /This topic is closed/)
      assert.equal((await g.post(`/forum/t/${shortId}/reply`, { body: text(), name: 'Late', stamp: 'x' })).statusCode, 403)
      redirectTarget(await mod.post(`/forum/t/${shortId}/staff/move`, { category: String(b.id) }))
      assert.match((await t.agent().get(`/forum/c/${b.slug}`)).body, /Older topic to pin/)
      const counts = await t.deps.db.selectFrom('forum_categories').select(['id', 'topic_count']).where('id', 'in', [a.id, b.id]).orderBy('id').execute()
      assert.deepEqual(counts.map((c) => c.topic_count), [1, 1])
      const audit = await t.deps.db.selectFrom('audit_log').select(['action', 'detail']).where('subject_id', '=', shortId).orderBy('id').execute()
      assert.deepEqual(audit.map((r) => r.action), ['forum.topic.pin', 'forum.topic.close', 'forum.topic.move'])
      assert.equal((await g.post(`/forum/t/${shortId}/staff/pin`, {})).statusCode === 200, false, 'guests cannot use staff actions')
    })

    test('a topic pages at 20 posts; the permalink of #25 leads to page 2', async () => {
      const cat = await t.category({ hold: false })
      const mod = await t.signedIn('moderator')
      const path = redirectTarget(await t.startTopic(mod, cat.slug, { title: 'A long topic', body: text() }))
      for (let i = 2; i <= 25; i++) { redirectTarget(await t.reply(mod, path, { body: `Reply number ${i}.` })) }
      const p1 = (await t.agent().get(path)).body
      assert.match(p1, /id="post-20"/)
      assert.doesNotMatch(p1, /id="post-21"/)
      assert.match(p1, /Page 1 of 2/)
      const p25 = await t.deps.db.selectFrom('discussion_posts').select('short_id').where('body_md', '=', 'Reply number 25.').executeTakeFirstOrThrow()
      assert.equal(redirectTarget(await t.agent().get(`/forum/p/${p25.short_id}`)), `${path}?page=2#post-25`)
    })
  })
}
