import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import type { ParsedMail } from 'mailparser'
import { testApp, redirectTarget, type Agent, type TestApp } from '../test/harness.js'
import { testDialects } from '../test/databases.js'
import { startTestSmtp, type TestSmtp } from '../test/smtp.js'
import { createUser, SESSION_COOKIE } from './index.js'
import { MAIL_INTERVAL_MS } from './members.js'
import { TOKEN_TTL_MS } from './tokens.js'

let ipSeq = 1
const PASSWORD = 'plenty long passphrase'

for (const dialect of testDialects()) {
  describe(`member accounts on ${dialect}`, () => {
    let t: TestApp
    let smtp: TestSmtp
    before(async () => {
      smtp = await startTestSmtp()
      t = await testApp(dialect, { env: { SMTP_URL: smtp.url } })
    })
    after(async () => { await t.close(); await smtp.close() })

    const agent = () => { const a = t.agent(); a.ip = `198.51.100.${ipSeq++}`; return a }
    const to = (addr: string) => smtp.messages.filter((m) => (m.to && !Array.isArray(m.to) ? m.to.text : '') === addr)
    const stampOf = (html: string) => /name="stamp" value="([^"]+)"/.exec(html)![1]
    const linkIn = (m: ParsedMail, re: RegExp) => {
      const found = re.exec(m.text ?? '')
      if (!found) throw new Error(`no link matching ${re} in: ${m.text}`)
      return new URL(found[0]).pathname
    }
    /** Opens the form, takes a person's few seconds, sends it. */
    async function register(a: Agent, fields: Record<string, string>, opts: { waitMs?: number } = {}) {
      const page = await a.get('/account/register')
      t.clock.advance(opts.waitMs ?? 5_000)
      return a.post('/account/register', { stamp: stampOf(page.body), website: '', ...fields })
    }
    async function mailTo(addr: string, subject: RegExp) {
      await t.deps.jobs.drain()
      return smtp.waitFor((m) => (m.to && !Array.isArray(m.to) ? m.to.text : '') === addr && subject.test(m.subject ?? ''))
    }
    async function signIn(email: string, password: string) {
      const a = agent()
      await a.get('/sign-in')
      return { a, res: await a.post('/sign-in', { email, password }) }
    }

    test('register, confirm by the mailed link (once), then sign in as a confirmed member', async () => {
      const reader = agent()
      const res = await register(reader, { name: '  Rosa   Reader ', email: 'Rosa@Example.com', password: PASSWORD })
      assert.equal(redirectTarget(res), '/account/check-email?for=register')
      assert.equal(reader.cookies.get(SESSION_COOKIE), undefined, 'registering does not sign in (it would tell a known address from a new one)')
      assert.match((await reader.get('/account/check-email?for=register')).body, /Check your email/)
      const user = await t.deps.db.selectFrom('users').selectAll().where('email', '=', 'rosa@example.com').executeTakeFirstOrThrow()
      assert.equal(user.name, 'Rosa Reader', 'spaces are tidied')
      assert.equal(user.role, 'member')
      assert.equal(user.email_confirmed_at, null)
      assert.match(user.password_hash, /^\$argon2id\$/)

      const mail = await mailTo('rosa@example.com', /Confirm your email address/)
      const link = linkIn(mail, /http:\/\/localhost:3000\/account\/confirm\/[\w-]+/)
      // The stored token is a keyed hash, never the token itself.
      const token = link.split('/').pop()!
      assert.equal((await t.deps.db.selectFrom('account_tokens').select('id').where('token_hash', '=', token).execute()).length, 0)

      // Before confirming: sign-in works; every page asks to confirm; posting is not open.
      const { a: early, res: signedIn } = await signIn('rosa@example.com', PASSWORD)
      assert.equal(redirectTarget(signedIn), '/')
      const home = await early.get('/')
      assert.match(home.body, /Please confirm your email address/)
      assert.match(home.body, /action="\/account\/confirm\/resend"/)
      assert.match(home.body, /href="\/account"[^>]*>.*Rosa Reader<\/a>/)

      // The link: a GET changes nothing (mail scanners fetch links), the button confirms.
      const page = await t.agent().get(link)
      assert.equal(page.statusCode, 200)
      assert.match(page.body, /Confirm my email address/)
      assert.equal((await t.deps.db.selectFrom('users').select('email_confirmed_at').where('id', '=', user.id).executeTakeFirstOrThrow()).email_confirmed_at, null)
      const clicker = agent()
      await clicker.get(link)
      assert.equal(redirectTarget(await clicker.post(link)), '/sign-in?next=%2F')
      assert.ok((await t.deps.db.selectFrom('users').select('email_confirmed_at').where('id', '=', user.id).executeTakeFirstOrThrow()).email_confirmed_at)

      // Once only.
      const again = await clicker.post(link)
      assert.equal(again.statusCode, 404)
      assert.match(again.body, /This link no longer works/)
      assert.equal((await t.agent().get(link)).statusCode, 404)

      // The signed-in browser no longer sees the notice; the account page shows the state.
      assert.doesNotMatch((await early.get('/')).body, /Please confirm your email address/)
      const account = await early.get('/account')
      assert.equal(account.statusCode, 200)
      assert.match(account.body, /rosa@example\.com/)
      assert.match(account.body, /Confirmed/)
      const { res: later } = await signIn('rosa@example.com', PASSWORD)
      assert.equal(redirectTarget(later), '/')
    })

    test('registering a known address shows the same page and mails its owner instead', async () => {
      await createUser(t.deps, { email: 'kim@example.com', name: 'Kim Known', password: PASSWORD, role: 'member' })
      const fresh = await register(agent(), { name: 'Nia New', email: 'nia@example.com', password: PASSWORD })
      const known = await register(agent(), { name: 'Someone Else', email: 'KIM@example.com', password: 'another passphrase' })
      assert.equal(known.statusCode, fresh.statusCode)
      assert.equal(redirectTarget(known), redirectTarget(fresh))
      assert.equal(known.body, fresh.body)
      assert.deepEqual(known.cookies.map((c) => (c as { name: string }).name).sort(), fresh.cookies.map((c) => (c as { name: string }).name).sort())

      const notice = await mailTo('kim@example.com', /About your account/)
      assert.match(notice.text ?? '', /already has an account/)
      assert.match(notice.text ?? '', /\/account\/forgot/)
      const kims = await t.deps.db.selectFrom('users').select(['name']).where('email', '=', 'kim@example.com').execute()
      assert.deepEqual(kims.map((k) => k.name), ['Kim Known'], 'no second account, no change to the first')
      assert.equal((await signIn('kim@example.com', 'another passphrase')).res.statusCode, 422, 'the typed password did not replace the real one')

      // Repeated attempts do not flood the owner's inbox.
      await register(agent(), { name: 'Someone Else', email: 'kim@example.com', password: PASSWORD })
      await t.deps.jobs.drain()
      assert.equal(to('kim@example.com').length, 1)
      t.clock.advance(MAIL_INTERVAL_MS)
      await register(agent(), { name: 'Someone Else', email: 'kim@example.com', password: PASSWORD })
      await t.deps.jobs.drain()
      assert.equal(to('kim@example.com').length, 2)
    })

    test('a bad form comes back with what was typed and a message per field; names of accounts and reserved names are refused', async () => {
      const a = agent()
      const bad = await register(a, { name: '', email: 'not-an-email', password: 'short' })
      assert.equal(bad.statusCode, 422)
      assert.match(bad.body, /Your account was not created yet/)
      assert.match(bad.body, /Enter a display name/)
      assert.match(bad.body, /Enter a valid email address/)
      assert.match(bad.body, /Use at least 10 characters/)
      assert.match(bad.body, /value="not-an-email"/)
      assert.doesNotMatch(bad.body, /value="short"/, 'a password is never sent back')

      await t.signedIn('moderator', 'Mara Moderator')
      const staffName = await register(a, { name: 'mara  MODERATOR', email: 'imposter@example.com', password: PASSWORD })
      assert.equal(staffName.statusCode, 422)
      assert.match(staffName.body, /That display name is taken/)
      assert.match(staffName.body, /value="mara {2}MODERATOR"/)
      assert.match(staffName.body, /value="imposter@example.com"/)
      assert.equal((await register(a, { name: 'Deleted member', email: 'dm@example.com', password: PASSWORD })).statusCode, 422)
      assert.equal((await register(a, { name: 'Admin', email: 'adm@example.com', password: PASSWORD })).statusCode, 422)
      assert.match((await register(a, { name: '--', email: 'dash@example.com', password: PASSWORD })).body, /Use letters, numbers/)

      // A name taken by a member is refused even for a known address (the order of checks discloses nothing).
      await createUser(t.deps, { email: 'owner@example.com', name: 'Owen Owner', password: PASSWORD, role: 'member' })
      assert.equal((await register(a, { name: 'Owen Owner', email: 'owner@example.com', password: PASSWORD })).statusCode, 422)
      assert.equal((await register(a, { name: 'Owen Owner', email: 'other@example.com', password: PASSWORD })).statusCode, 422)

      // Scripts: too fast, a filled honeypot, an old or forged stamp.
      a.ip = `198.51.100.${ipSeq++}` // (the per-address limit is tested below)
      const fast = await register(a, { name: 'Quick Bot', email: 'bot@example.com', password: PASSWORD }, { waitMs: 500 })
      assert.equal(fast.statusCode, 422)
      assert.match(fast.body, /quicker than we expect/)
      assert.match(fast.body, /value="Quick Bot"/)
      assert.match((await register(a, { name: 'Honey Bot', email: 'hb@example.com', password: PASSWORD, website: 'http://spam.example' })).body, /hidden field/)
      assert.match((await register(a, { name: 'Old Form', email: 'old@example.com', password: PASSWORD }, { waitMs: 25 * 3600_000 })).body, /open for a long time/)
      await a.get('/account/register')
      assert.match((await a.post('/account/register', { stamp: 'forged.stamp', name: 'Forger', email: 'f@example.com', password: PASSWORD })).body, /open for a long time/)
      const made = await t.deps.db.selectFrom('users').select('email').where('email', 'in', ['bot@example.com', 'hb@example.com', 'old@example.com', 'f@example.com', 'imposter@example.com', 'dm@example.com']).execute()
      assert.deepEqual(made, [])
    })

    test('registration is rate-limited per address', async () => {
      const a = agent()
      const codes: number[] = []
      for (let i = 0; i < 11; i++) codes.push((await register(a, { name: '', email: 'x', password: '' })).statusCode)
      assert.deepEqual(codes.slice(0, 10), Array(10).fill(422))
      assert.equal(codes[10], 429)
    })

    test('a forgotten password: the same answer for any address; the link works once, for an hour, and ends every other session', async () => {
      await createUser(t.deps, { email: 'pia@example.com', name: 'Pia Forgetful', password: PASSWORD, role: 'member' })
      const { a: laptop } = await signIn('pia@example.com', PASSWORD)
      const { a: phone } = await signIn('pia@example.com', PASSWORD)
      assert.equal((await phone.get('/account')).statusCode, 200)

      const asker = agent()
      assert.equal((await asker.get('/account/forgot')).statusCode, 200)
      const bad = await asker.post('/account/forgot', { email: 'nope' })
      assert.equal(bad.statusCode, 422)
      assert.match(bad.body, /value="nope"/)
      const known = await asker.post('/account/forgot', { email: 'Pia@example.com' })
      const unknown = await asker.post('/account/forgot', { email: 'nobody@example.com' })
      assert.equal(redirectTarget(known), '/account/check-email?for=reset')
      assert.equal(redirectTarget(unknown), redirectTarget(known))
      assert.equal(unknown.body, known.body)
      const mail = await mailTo('pia@example.com', /Choose a new password/)
      assert.equal(to('nobody@example.com').length, 0, 'an unknown address gets nothing')
      const link = linkIn(mail, /http:\/\/localhost:3000\/account\/reset\/[\w-]+/)

      const resetter = agent()
      const form = await resetter.get(link)
      assert.equal(form.statusCode, 200)
      assert.match(form.body, /pia@example\.com/)
      const mismatch = await resetter.post(link, { password: 'brand new passphrase', confirm: 'brand new passphrasf' })
      assert.equal(mismatch.statusCode, 422)
      assert.match(mismatch.body, /do not match/)
      const ok = await resetter.post(link, { password: 'brand new passphrase', confirm: 'brand new passphrase' })
      assert.equal(redirectTarget(ok), '/account')
      assert.equal((await resetter.get('/account')).statusCode, 200, 'the resetting browser is signed in')
      assert.match(redirectTarget(await laptop.get('/account')), /^\/sign-in/, 'other sessions end')
      assert.match(redirectTarget(await phone.get('/account')), /^\/sign-in/)
      assert.equal((await signIn('pia@example.com', PASSWORD)).res.statusCode, 422)
      assert.equal(redirectTarget((await signIn('pia@example.com', 'brand new passphrase')).res), '/')

      // Used once: a second use (or a GET) finds nothing.
      const reuse = await resetter.post(link, { password: 'third passphrase!', confirm: 'third passphrase!' })
      assert.equal(reuse.statusCode, 404)
      assert.match(reuse.body, /no longer works/)
      assert.equal((await t.agent().get(link)).statusCode, 404)
    })

    test('mailed links expire: a reset link after an hour, a confirmation link after 36 hours', async () => {
      await createUser(t.deps, { email: 'eli@example.com', name: 'Eli Late', password: PASSWORD, role: 'member' })
      const a = agent()
      await a.get('/account/forgot')
      t.clock.advance(MAIL_INTERVAL_MS)
      await a.post('/account/forgot', { email: 'eli@example.com' })
      const reset = linkIn(await mailTo('eli@example.com', /Choose a new password/), /http:\/\/localhost:3000\/account\/reset\/[\w-]+/)
      t.clock.advance(TOKEN_TTL_MS['reset-password'] - 60_000)
      assert.equal((await a.get(reset)).statusCode, 200, 'still good a minute before the hour')
      t.clock.advance(2 * 60_000)
      assert.equal((await a.get(reset)).statusCode, 404)
      assert.equal((await a.post(reset, { password: 'brand new passphrase', confirm: 'brand new passphrase' })).statusCode, 404)
      assert.equal(redirectTarget((await signIn('eli@example.com', PASSWORD)).res), '/', 'the password is unchanged')

      await register(agent(), { name: 'Uma Unhurried', email: 'uma@example.com', password: PASSWORD })
      const confirm = linkIn(await mailTo('uma@example.com', /Confirm your email address/), /http:\/\/localhost:3000\/account\/confirm\/[\w-]+/)
      t.clock.advance(TOKEN_TTL_MS['confirm-email'] + 1000)
      const c = agent()
      assert.equal((await c.get(confirm)).statusCode, 404)
      await c.get('/account/forgot') // a page with a form, for a CSRF token
      assert.equal((await c.post(confirm)).statusCode, 404)
      assert.equal((await t.deps.db.selectFrom('users').select('email_confirmed_at').where('email', '=', 'uma@example.com').executeTakeFirstOrThrow()).email_confirmed_at, null)

      // A new link, asked for from the notice, works; asking again at once sends nothing more.
      const { a: uma } = await signIn('uma@example.com', PASSWORD)
      await uma.get('/account')
      const resent = await uma.post('/account/confirm/resend', { back: '/forum' })
      assert.equal(redirectTarget(resent), '/forum')
      assert.doesNotMatch(String(resent.headers['set-cookie']), /uma|%40|@/, 'no email address in the flash cookie')
      assert.match((await uma.get('/forum')).body, /We sent a new link to your email address/)
      const fresh = linkIn(await mailTo('uma@example.com', /Confirm your email address/).then(() => smtp.messages.filter((m) => (m.to && !Array.isArray(m.to) ? m.to.text : '') === 'uma@example.com').at(-1)!), /http:\/\/localhost:3000\/account\/confirm\/[\w-]+/)
      assert.notEqual(fresh, confirm)
      await uma.get('/account')
      await uma.post('/account/confirm/resend', { back: 'https://evil.example/' })
      await t.deps.jobs.drain()
      assert.equal(to('uma@example.com').length, 2, 'one new link per interval')
      await uma.get(fresh)
      assert.equal(redirectTarget(await uma.post(fresh)), '/account', 'confirmed in the signed-in browser')
    })

    test('every account form refuses a POST without its CSRF token', async () => {
      const member = await t.signedIn('member', 'Cyd Csrf')
      await member.get('/account')
      for (const path of ['/account/register', '/account/forgot', '/account/reset/abcdefghijklmnopqrstuvwxyz', '/account/confirm/abcdefghijklmnopqrstuvwxyz', '/account/confirm/resend', '/account/delete', '/account/password', '/sign-out']) {
        const res = await member.post(path, { _csrf: '', email: 'cyd@example.com', password: PASSWORD, confirm: PASSWORD, name: 'Cyd' })
        assert.equal(res.statusCode, 403, path)
        assert.match(res.body, /This form has expired/, path)
      }
      assert.equal((await member.get('/account')).statusCode, 200, 'still signed in, still there')
    })

    test('a member deletes their account with their password: signed out everywhere, name and address gone', async () => {
      await createUser(t.deps, { email: 'dee@example.com', name: 'Dee Departing', password: PASSWORD, role: 'member' })
      const { a } = await signIn('dee@example.com', PASSWORD)
      const { a: other } = await signIn('dee@example.com', PASSWORD)
      const page = await a.get('/account')
      assert.match(page.body, /Delete my account/)
      const wrong = await a.post('/account/delete', { password: 'not my password' })
      assert.equal(wrong.statusCode, 422)
      assert.match(wrong.body, /That is not your password/)
      const userId = (await t.deps.db.selectFrom('users').select('id').where('email', '=', 'dee@example.com').executeTakeFirstOrThrow()).id

      assert.equal(redirectTarget(await a.post('/account/delete', { password: PASSWORD })), '/')
      assert.equal(a.cookies.get(SESSION_COOKIE), undefined)
      assert.match((await a.get('/')).body, /Your account is deleted/)
      assert.match(redirectTarget(await other.get('/account')), /^\/sign-in/, 'no session survives')
      assert.equal((await t.deps.db.selectFrom('sessions').select('id').where('user_id', '=', userId).execute()).length, 0)
      assert.equal((await t.deps.db.selectFrom('account_tokens').select('id').where('user_id', '=', userId).execute()).length, 0)
      const row = await t.deps.db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow()
      assert.equal(row.name, 'Deleted member')
      assert.doesNotMatch(row.email, /dee/)
      assert.ok(row.disabled_at)
      assert.equal((await signIn('dee@example.com', PASSWORD)).res.statusCode, 422)
      // The address is free for a new account.
      assert.equal(redirectTarget(await register(agent(), { name: 'Dee Again', email: 'dee@example.com', password: PASSWORD })), '/account/check-email?for=register')
      assert.ok(await mailTo('dee@example.com', /Confirm your email address/))

      // Staff are removed by an administrator, not from here.
      const editor = await t.signedIn('editor')
      await editor.get('/account')
      const refused = await editor.post('/account/delete', { password: 'correct horse battery' })
      assert.equal(refused.statusCode, 403)
      assert.equal((await editor.get('/account')).statusCode, 200)
    })

    test('the header offers sign-in and registration to visitors, and name and sign-out to members', async () => {
      const home = await t.agent().get('/')
      assert.match(home.body, /<nav class="account-nav" aria-label="Account"><a href="\/sign-in"[^>]*>Sign in<\/a><a href="\/account\/register"[^>]*>Create account<\/a>/)
      const signInPage = await t.agent().get('/sign-in')
      assert.match(signInPage.body, /href="\/account\/register"/)
      assert.match(signInPage.body, /href="\/account\/forgot"/)
      const member = await t.signedIn('member', 'Hal Header')
      const page = await member.get('/')
      assert.match(page.body, /Hal Header<\/a>/)
      assert.match(page.body, /<form method="post" action="\/sign-out"/)
      assert.doesNotMatch(page.body, /Please confirm your email address/, 'a confirmed member sees no notice')
      assert.equal(redirectTarget(await member.get('/account/register')), '/account')
      assert.equal(redirectTarget(await member.get('/sign-in')), '/')
      assert.equal(redirectTarget(await t.agent().get('/account')), '/sign-in?next=%2Faccount')
    })
  })
}
