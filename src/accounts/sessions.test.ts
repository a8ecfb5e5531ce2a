import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testApp, redirectTarget, type TestApp } from '../test/harness.js'
import { testDialects } from '../test/databases.js'
import { createUser, SESSION_COOKIE } from './index.js'
import { SESSION_TOUCH_MS } from './sessions.js'

for (const dialect of testDialects()) {
  describe(`sign-in, sessions and setup on ${dialect}`, () => {
    let t: TestApp
    before(async () => { t = await testApp(dialect) })
    after(() => t.close())

    test('the first visitor can set up the site once; /setup is gone afterwards', async () => {
      // Demo content brings editors; setup stays open until there is an admin.
      await createUser(t.deps, { email: 'demo-editor@example.com', name: 'Demo Editor', password: 'correct horse battery', role: 'editor' })
      const a = t.agent()
      assert.match((await a.get('/sign-in')).body, /no administrator yet/)
      assert.equal((await a.get('/setup')).statusCode, 200)
      const bad = await a.post('/setup', { name: 'Ada', email: 'not-an-email', password: 'short' })
      assert.equal(bad.statusCode, 422)
      assert.match(bad.body, /Enter a valid email address/)
      assert.match(bad.body, /value="Ada"/, 'the typed name is kept')
      const ok = await a.post('/setup', { name: 'Ada Admin', email: 'ada@example.com', password: 'a long enough passphrase' })
      assert.equal(redirectTarget(ok), '/admin')
      assert.equal((await a.get('/admin')).statusCode, 200)
      assert.equal((await t.agent().get('/setup')).statusCode, 404)
      assert.doesNotMatch((await t.agent().get('/sign-in')).body, /no administrator yet/)
    })

    test('sign-in rotates the session id and rejects a wrong password', async () => {
      await createUser(t.deps, { email: 'ed@example.com', name: 'Ed Editor', password: 'correct horse battery', role: 'editor' })
      const a = t.agent()
      await a.get('/sign-in')
      const wrong = await a.post('/sign-in', { email: 'ed@example.com', password: 'nope nope nope' })
      assert.equal(wrong.statusCode, 422)
      assert.match(wrong.body, /do not match an account/)
      assert.equal(a.cookies.get(SESSION_COOKIE), undefined)

      const first = await a.post('/sign-in', { email: 'ed@example.com', password: 'correct horse battery' })
      assert.equal(redirectTarget(first), '/admin')
      const cookie = first.cookies.find((c: { name: string }) => c.name === SESSION_COOKIE) as { httpOnly?: boolean; sameSite?: string; value: string }
      assert.equal(cookie.httpOnly, true)
      assert.equal(cookie.sameSite, 'Lax')
      const firstToken = a.cookies.get(SESSION_COOKIE)
      await a.get('/sign-in') // redirects when signed in; fetch a form for a token
      await a.get('/admin')
      await t.agent().get('/') // unrelated
      await a.get('/sign-in')
      a.csrfToken = undefined
      await a.get('/admin')
      const second = await a.post('/sign-in', { email: 'ed@example.com', password: 'correct horse battery' })
      // The CSRF token came from /admin's sign-out form.
      assert.equal(redirectTarget(second), '/admin')
      assert.notEqual(a.cookies.get(SESSION_COOKIE), firstToken, 'a new session id at every sign-in')
      // The old session no longer works.
      const old = t.agent()
      old.cookies.set(SESSION_COOKIE, firstToken!)
      assert.equal(redirectTarget(await old.get('/admin')), '/sign-in?next=%2Fadmin')
    })

    test('a POST without the CSRF token is refused with 403 and changes nothing', async () => {
      const a = t.agent()
      await a.get('/sign-in')
      const res = await a.post('/sign-in', { _csrf: '', email: 'ed@example.com', password: 'correct horse battery' })
      assert.equal(res.statusCode, 403)
      assert.match(res.body, /This form has expired/)
      assert.equal(a.cookies.get(SESSION_COOKIE), undefined)
    })

    test('every page sends a strict Content-Security-Policy with no unsafe-inline', async () => {
      const res = await t.agent().get('/sign-in')
      const csp = String(res.headers['content-security-policy'])
      assert.match(csp, /script-src 'self'/)
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/)
      assert.equal(res.headers['x-content-type-options'], 'nosniff')
    })

    test('a session unused for SESSION_IDLE_DAYS ends; one in use lasts to its 30 days', async () => {
      const DAY = 24 * 3600_000
      const idle = t.deps.config.sessionIdleMs
      assert.equal(idle, 14 * DAY, 'the default')
      const idler = await t.signedIn('editor')
      const regular = await t.signedIn('editor')
      const lastSeen = async (userId: number) => (await t.deps.db.selectFrom('sessions').select('last_seen_at').where('user_id', '=', userId).executeTakeFirstOrThrow()).last_seen_at
      assert.equal((await regular.get('/admin')).statusCode, 200)
      const first = await lastSeen(regular.userId)
      t.clock.advance(SESSION_TOUCH_MS / 2)
      assert.equal((await regular.get('/admin')).statusCode, 200)
      assert.equal(await lastSeen(regular.userId), first, 'not written again within the hour')

      t.clock.advance(idle - DAY)
      assert.equal((await regular.get('/admin')).statusCode, 200)
      assert.notEqual(await lastSeen(regular.userId), first, 'moved by use')
      t.clock.advance(2 * DAY)
      assert.equal(redirectTarget(await idler.get('/admin')), '/sign-in?next=%2Fadmin', 'unused for longer than the idle limit')
      assert.equal((await regular.get('/admin')).statusCode, 200, 'used within it')
      t.clock.advance(idle - DAY)
      assert.equal((await regular.get('/admin')).statusCode, 200)
      t.clock.advance(4 * DAY)
      assert.equal(redirectTarget(await regular.get('/admin')), '/sign-in?next=%2Fadmin', 'past 30 days since sign-in, however used')
    })
  })
}
