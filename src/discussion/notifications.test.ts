import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import type { ParsedMail } from 'mailparser'
import { testDialects } from '../test/databases.js'
import { redirectTarget } from '../test/harness.js'
import { startTestSmtp, type TestSmtp } from '../test/smtp.js'
import { discussionTestApp, type DiscussionTestApp } from './fixtures.js'
import { POST_LIMITS } from './limits.js'

let ipSeq = 10
/** A raw header's value, as the mail client sees it. */
const header = (m: ParsedMail, name: string) => {
  const line = m.headerLines.find((h) => h.key === name)?.line ?? ''
  return line.slice(line.indexOf(':') + 1).replace(/\r?\n\s+/g, ' ').trim()
}
const linkIn = (m: ParsedMail, re: RegExp) => {
  const found = re.exec(m.text ?? '')
  if (!found) throw new Error(`no link matching ${re} in: ${m.text}`)
  return new URL(found[0]).pathname
}

for (const dialect of testDialects()) {
  describe(`reply notifications on ${dialect}`, () => {
    let t: DiscussionTestApp
    let smtp: TestSmtp
    before(async () => {
      smtp = await startTestSmtp()
      t = await discussionTestApp(dialect, { env: { SMTP_URL: smtp.url } })
    })
    after(async () => { await t.close(); await smtp.close() })

    const to = (addr: string) => smtp.messages.filter((m) => (m.to && !Array.isArray(m.to) ? m.to.text : '').includes(addr))

    async function post(article: Awaited<ReturnType<DiscussionTestApp['makeArticle']>>, name: string, email: string, comment: string, opts: { replyTo?: string; notify?: boolean } = {}) {
      const a = t.agent(); a.ip = `192.0.2.${ipSeq++}`
      t.clock.advance(POST_LIMITS.comment.intervalMs)
      const res = await t.comment(a, article, { name, email, url: '', comment, ...(opts.notify ? { notify: 'on' } : {}) }, { replyTo: opts.replyTo })
      return redirectTarget(res).split('#comment-')[1]
    }

    test('confirmation first; only approved replies are mailed; one-click unsubscribe stops them', async () => {
      const article = await t.makeArticle({ title: 'Derma-roller needle length' })
      const mod = await t.signedIn('moderator')
      await mod.get('/admin/comments')

      const parent = await post(article, 'Nell Notify', 'nell@example.com', 'Does 0.5 mm count as home use?', { notify: true })
      await t.deps.jobs.drain()
      const confirm = await smtp.waitFor((m) => /Confirm reply notifications/.test(m.subject ?? ''))
      assert.equal(to('nell@example.com').length, 1, 'only the confirmation so far')
      assert.match(header(confirm, 'list-unsubscribe'), /^<http:\/\/localhost:3000\/comments\/unsubscribe\/[\w-]+>$/)
      assert.equal(header(confirm, 'list-unsubscribe-post'), 'List-Unsubscribe=One-Click')
      redirectTarget(await mod.post(`/admin/comments/${parent}/approve`))

      // A reply before confirming sends nothing.
      const early = await post(article, 'Ray Replier', 'ray@example.com', 'Early reply.', { replyTo: parent })
      redirectTarget(await mod.post(`/admin/comments/${early}/approve`))
      await t.deps.jobs.drain()
      assert.equal(to('nell@example.com').length, 1, 'no mail before confirming')

      // GET shows a button and changes nothing (mail scanners prefetch links).
      const confirmPath = linkIn(confirm, /http:\/\/localhost:3000\/comments\/subscriptions\/[\w-]+/)
      const reader = t.agent()
      const page = await reader.get(confirmPath)
      assert.equal(page.statusCode, 200)
      assert.match(page.body, /Confirm notifications<\/button>/)
      const sub = () => t.deps.db.selectFrom('discussion_subscriptions').selectAll().where('email', '=', 'nell@example.com').executeTakeFirstOrThrow()
      assert.equal((await sub()).confirmed_at, null)
      redirectTarget(await reader.post(confirmPath))
      assert.notEqual((await sub()).confirmed_at, null)

      // A pending reply sends nothing; approving it sends exactly one mail.
      // (A first-time replier, so the reply is held.)
      const reply = await post(article, 'Rae Newcomer', 'rae@example.com', 'Home rollers are usually 0.25 to 0.5 mm.', { replyTo: parent })
      await t.deps.jobs.drain()
      assert.equal(to('nell@example.com').length, 1, 'a pending reply is not mailed')
      redirectTarget(await mod.post(`/admin/comments/${reply}/approve`))
      await t.deps.jobs.drain()
      const mail = await smtp.waitFor((m) => /Rae Newcomer replied to your comment/.test(m.subject ?? ''))
      assert.equal(to('nell@example.com').length, 2)
      assert.match(mail.subject ?? '', /“Derma-roller needle length”/)
      assert.match(mail.text ?? '', /Home rollers are usually 0\.25 to 0\.5 mm\./)
      assert.ok(!(mail.text ?? '').includes('rae@example.com'), 'the replier’s email is not shared')
      const unsubscribeUrl = header(mail, 'list-unsubscribe').slice(1, -1)
      assert.equal(header(mail, 'list-unsubscribe-post'), 'List-Unsubscribe=One-Click')

      // Unapprove and approve again: still one mail per reply.
      redirectTarget(await mod.post(`/admin/comments/${reply}/unapprove`))
      redirectTarget(await mod.post(`/admin/comments/${reply}/approve`))
      await t.deps.jobs.drain()
      assert.equal(to('nell@example.com').length, 2)

      // Nell answering her own thread is not mailed to herself.
      const own = await post(article, 'Nell Notify', 'nell@example.com', 'Thanks, that helps.', { replyTo: reply })
      void own
      const ownOnParent = await post(article, 'Nell Notify', 'nell@example.com', 'Adding to my own comment.', { replyTo: parent })
      void ownOnParent
      await t.deps.jobs.drain()
      assert.equal(to('nell@example.com').length, 2, 'no mail about her own reply')

      // One-click unsubscribe: a POST with no cookie and no CSRF token.
      const path = new URL(unsubscribeUrl).pathname
      const getPage = await t.agent().get(path)
      assert.match(getPage.body, /Unsubscribe<\/button>/)
      assert.equal((await sub()).unsubscribed_at, null, 'GET changes nothing')
      const oneClick = await t.app.inject({ method: 'POST', url: path, payload: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } })
      assert.equal(oneClick.statusCode, 200)
      assert.match(oneClick.body, /You are unsubscribed/)
      assert.notEqual((await sub()).unsubscribed_at, null)

      const later = await post(article, 'Ray Replier', 'ray@example.com', 'One more thought for Nell.', { replyTo: parent })
      redirectTarget(await mod.post(`/admin/comments/${later}/approve`))
      await t.deps.jobs.drain()
      assert.equal(to('nell@example.com').length, 2, 'nothing after unsubscribing')
    })

    test('a staff reply from the queue mails a confirmed subscriber once', async () => {
      const article = await t.makeArticle({ title: 'Photographing progress' })
      const parent = await post(article, 'Pia Photo', 'pia@example.com', 'Which light is best?', { notify: true })
      await t.deps.jobs.drain()
      const confirm = await smtp.waitFor((m) => to('pia@example.com').includes(m))
      const reader = t.agent()
      const confirmPath = linkIn(confirm, /http:\/\/localhost:3000\/comments\/subscriptions\/[\w-]+/)
      await reader.get(confirmPath)
      redirectTarget(await reader.post(confirmPath))
      const mod = await t.signedIn('editor', 'Eve Editor')
      await mod.get(`/admin/comments/${parent}/reply`)
      redirectTarget(await mod.post(`/admin/comments/${parent}/reply`, { comment: 'Same window, same time of day.' }))
      await t.deps.jobs.drain()
      const mail = await smtp.waitFor((m) => /Eve Editor replied/.test(m.subject ?? ''))
      assert.match(mail.text ?? '', /Same window, same time of day\./)
      assert.equal(to('pia@example.com').length, 2)
    })

    test('unknown tokens change nothing and say so', async () => {
      assert.equal((await t.agent().get('/comments/subscriptions/not-a-real-token-at-all')).statusCode, 404)
      const res = await t.app.inject({ method: 'POST', url: '/comments/unsubscribe/not-a-real-token-at-all', payload: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } })
      assert.equal(res.statusCode, 404)
      assert.match(res.body, /not recognised/)
    })
  })
}
