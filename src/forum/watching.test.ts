import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import type { ParsedMail } from 'mailparser'
import { testDialects } from '../test/databases.js'
import { redirectTarget } from '../test/harness.js'
import { startTestSmtp, type TestSmtp } from '../test/smtp.js'
import { POST_LIMITS } from '../discussion/limits.js'
import { forumTestApp, type ForumTestApp } from './fixtures.js'
import { WATCH_MAIL_INTERVAL_MS } from './watching.js'

const header = (m: ParsedMail, name: string) => {
  const line = m.headerLines.find((h) => h.key === name)?.line ?? ''
  return line.slice(line.indexOf(':') + 1).replace(/\r?\n\s+/g, ' ').trim()
}

for (const dialect of testDialects()) {
  describe(`watching a forum topic on ${dialect}`, () => {
    let t: ForumTestApp
    let smtp: TestSmtp
    before(async () => {
      smtp = await startTestSmtp()
      t = await forumTestApp(dialect, { env: { SMTP_URL: smtp.url } })
    })
    after(async () => { await t.close(); await smtp.close() })

    const to = (addr: string) => smtp.messages.filter((m) => (m.to && !Array.isArray(m.to) ? m.to.text : '').includes(addr))

    test('members watch at once, guests after confirming; approved replies only, at most one mail per 15 minutes, one-click unsubscribe', async () => {
      const cat = await t.category({ hold: true })
      const staff = await t.signedIn('editor', 'Eve Editor')
      const path = redirectTarget(await t.startTopic(staff, cat.slug, { title: 'Minoxidil foam routines', body: 'Share yours.' }))
      const shortId = path.split('/')[3]
      const staffReply = async (body: string) => { t.clock.advance(POST_LIMITS.reply.intervalMs); redirectTarget(await t.reply(staff, path, { body })) }

      const member = await t.signedIn('member', 'Mel Member')
      const memberEmail = (await t.deps.db.selectFrom('users').select('email').where('name', '=', 'Mel Member').executeTakeFirstOrThrow()).email
      assert.match((await member.get(path)).body, new RegExp(`href="/forum/t/${shortId}/watch" rel="nofollow">Watch this topic</a>`))
      assert.match((await member.get(`/forum/t/${shortId}/watch`)).body, /Messages go to the address of your account/)
      redirectTarget(await member.post(`/forum/t/${shortId}/watch`))
      assert.match((await member.get(path)).body, /You are watching this topic/)

      const guest = t.agent(); guest.ip = '198.51.100.240'
      await guest.get(`/forum/t/${shortId}/watch`)
      const bad = await guest.post(`/forum/t/${shortId}/watch`, { email: 'not-an-email' })
      assert.equal(bad.statusCode, 422)
      redirectTarget(await guest.post(`/forum/t/${shortId}/watch`, { email: 'Gwen.Guest@example.com' }))
      await t.deps.jobs.drain()
      const confirm = await smtp.waitFor((m) => /Confirm: watch/.test(m.subject ?? ''))
      assert.match(header(confirm, 'list-unsubscribe'), /^<http:\/\/localhost:3000\/comments\/unsubscribe\/[\w-]+>$/)

      // A held guest reply mails no one; its approval does (the member only: the guest has not confirmed).
      const poster = t.agent(); poster.ip = '198.51.100.241'
      t.clock.advance(POST_LIMITS.reply.intervalMs)
      redirectTarget(await t.reply(poster, path, { body: 'Foam at night, twice a day.', name: 'Pat Poster', email: 'pat@example.com' }))
      await t.deps.jobs.drain()
      assert.equal(to(memberEmail).length, 0)
      const held = (await t.deps.db.selectFrom('discussion_posts').select('short_id').where('status', '=', 'pending').executeTakeFirstOrThrow()).short_id
      const mod = await t.signedIn('moderator')
      await mod.get('/admin/comments')
      redirectTarget(await mod.post(`/admin/comments/${held}/approve`))
      await t.deps.jobs.drain()
      const first = await smtp.waitFor((m) => /New reply in “Minoxidil foam routines”/.test(m.subject ?? '') && to(memberEmail).includes(m))
      assert.match(first.text ?? '', /Pat Poster replied in “Minoxidil foam routines” \(#2\)/)
      assert.match(first.text ?? '', /Foam at night, twice a day\./)
      assert.doesNotMatch(first.text ?? '', /pat@example\.com/)
      assert.match(header(first, 'list-unsubscribe-post'), /List-Unsubscribe=One-Click/)
      assert.equal(to('gwen.guest@example.com').length, 1, 'the guest has only the confirmation')

      // The guest confirms through the shared confirm page, worded for a topic.
      const confirmPath = new URL(/http:\/\/\S+\/comments\/subscriptions\/[\w-]+/.exec(confirm.text ?? '')![0]).pathname
      const ask = (await guest.get(confirmPath)).body
      assert.match(ask, /<h1>Watch a topic<\/h1>/)
      assert.match(ask, /email about new replies in the forum topic “Minoxidil foam routines”/)
      assert.doesNotMatch(ask, /your comment/)
      redirectTarget(await guest.post(confirmPath))
      assert.match((await guest.get(confirmPath)).body, /You are watching “Minoxidil foam routines”/)

      await staffReply('A second reply within minutes.')
      await t.deps.jobs.drain()
      await smtp.waitFor((m) => to('gwen.guest@example.com').includes(m) && /New reply/.test(m.subject ?? ''))
      assert.equal(to(memberEmail).length, 1, 'at most one mail per topic per 15 minutes')

      t.clock.advance(WATCH_MAIL_INTERVAL_MS)
      await staffReply('A third reply, later.')
      await t.deps.jobs.drain()
      await smtp.waitFor(() => to(memberEmail).length === 2)

      // One-click unsubscribe (no cookie, no CSRF token) stops the member's mail.
      const unsub = new URL(header(first, 'list-unsubscribe').slice(1, -1)).pathname
      const done = await t.agent().post(unsub, { 'List-Unsubscribe': 'One-Click', _csrf: '' })
      assert.equal(done.statusCode, 200)
      assert.match(done.body, /no more emails about new replies in the forum topic “Minoxidil foam routines”/)
      t.clock.advance(WATCH_MAIL_INTERVAL_MS)
      await staffReply('A fourth reply.')
      await t.deps.jobs.drain()
      await smtp.waitFor(() => to('gwen.guest@example.com').filter((m) => /New reply/.test(m.subject ?? '')).length === 3)
      assert.equal(to(memberEmail).length, 2, 'no mail after unsubscribing')
      assert.equal(smtp.messages.filter((m) => (m.to && !Array.isArray(m.to) ? m.to.text : '').includes('editor')).length, 0, 'the replying staff member is not mailed')
    })
  })
}
