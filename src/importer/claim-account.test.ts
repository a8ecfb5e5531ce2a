import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import { testApp, redirectTarget, type TestApp } from '../test/harness.js'
import { testDialects } from '../test/databases.js'
import { startTestSmtp, type TestSmtp } from '../test/smtp.js'
import { chunksOf, fixture } from './fixtures.js'
import { importWordPress } from './wordpress-import.js'

// An imported author has an account with no password: nobody signs in as
// them until the person claims it by "forgot password" at its address.
for (const dialect of testDialects()) {
  describe(`an imported author claims their account on ${dialect}`, () => {
    let t: TestApp
    let smtp: TestSmtp
    before(async () => {
      smtp = await startTestSmtp()
      t = await testApp(dialect, { env: { SMTP_URL: smtp.url } })
      await importWordPress(t.deps, chunksOf(fs.readFileSync(fixture('site.wxr.xml'), 'utf8')))
    })
    after(async () => { await t.close(); await smtp.close() })

    const signIn = async (password: string) => {
      const a = t.agent()
      await a.get('/sign-in')
      return { a, res: await a.post('/sign-in', { email: 'mara@rootwise.example', password }) }
    }

    test('no password signs in; a reset link mailed to the address sets one, and the editor’s pages open with their imported posts', async () => {
      for (const guess of ['', ' ', 'password1234']) assert.notEqual((await signIn(guess)).res.statusCode, 303, `“${guess}” does not sign in`)
      const asker = t.agent()
      await asker.get('/account/forgot')
      assert.equal(redirectTarget(await asker.post('/account/forgot', { email: 'mara@rootwise.example' })), '/account/check-email?for=reset')
      await t.deps.jobs.drain()
      const mail = await smtp.waitFor((m) => (m.to && !Array.isArray(m.to) ? m.to.text : '') === 'mara@rootwise.example' && /Choose a new password/.test(m.subject ?? ''))
      const link = new URL(/http:\/\/localhost:3000\/account\/reset\/[\w-]+/.exec(mail.text ?? '')![0]).pathname
      const resetter = t.agent()
      await resetter.get(link)
      assert.equal((await resetter.post(link, { password: 'a claimed passphrase', confirm: 'a claimed passphrase' })).statusCode, 303)
      const { a, res } = await signIn('a claimed passphrase')
      assert.equal(res.statusCode, 303)
      const list = await a.get('/admin/articles')
      assert.equal(list.statusCode, 200, 'an editor')
      assert.match(list.body, /Five minutes of scalp massage/)
    })
  })
}
