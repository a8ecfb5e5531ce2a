import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testApp, redirectTarget, type TestApp } from '../test/harness.js'
import { testDialects } from '../test/databases.js'
import { createUser, SESSION_COOKIE } from '../accounts/index.js'
import { secureCookie } from './cookies.js'

type SetCookie = { name: string; value: string; secure?: boolean; path?: string; domain?: string; httpOnly?: boolean }

test('a Set-Cookie is made Secure and given the prefix its scope allows', () => {
  assert.equal(secureCookie('a=b; Path=/; HttpOnly; SameSite=Lax'), '__Host-a=b; Path=/; HttpOnly; SameSite=Lax; Secure')
  assert.equal(secureCookie('a=b; Path=/; Secure'), '__Host-a=b; Path=/; Secure')
  assert.equal(secureCookie('seen=1; Path=/forum; HttpOnly'), '__Secure-seen=1; Path=/forum; HttpOnly; Secure')
  assert.equal(secureCookie('a=b; Domain=example.com; Path=/'), '__Secure-a=b; Domain=example.com; Path=/; Secure')
  assert.equal(secureCookie('__Host-a=b; Path=/; Secure'), '__Host-a=b; Path=/; Secure', 'already prefixed: left alone')
})

for (const dialect of testDialects()) {
  describe(`cookies on an https site on ${dialect}`, () => {
    let t: TestApp
    before(async () => { t = await testApp(dialect, { env: { SITE_URL: 'https://crown.example' } }) })
    after(() => t.close())

    test('every cookie set on sign-in, flash and CSRF is __Host- and Secure, and the session works', async () => {
      await createUser(t.deps, { email: 'hosted@example.com', name: 'Hosted Editor', password: 'correct horse battery', role: 'editor' })
      const a = t.agent()
      const form = await a.get('/sign-in')
      const signIn = await a.post('/sign-in', { email: 'hosted@example.com', password: 'correct horse battery' })
      assert.equal(redirectTarget(signIn), '/admin')
      const signOutPage = await a.get('/admin')
      assert.equal(signOutPage.statusCode, 200, 'the prefixed session cookie is read back')
      const signOut = await a.post('/sign-out')
      const cookies = [form, signIn, signOut].flatMap((r) => r.cookies as SetCookie[])
      const names = new Set(cookies.map((c) => c.name))
      for (const base of ['crown_csrf', SESSION_COOKIE, 'crown_flash']) assert.ok(names.has(`__Host-${base}`), `${base} in ${[...names]}`)
      for (const c of cookies) {
        assert.match(c.name, /^__Host-/, c.name)
        assert.equal(c.secure, true, `${c.name} is Secure`)
        assert.equal(c.path, '/')
        assert.equal(c.domain, undefined)
      }
      assert.match((await a.get('/')).body, /You are signed out/, 'the prefixed flash cookie is read back')
    })

    test('an unprefixed cookie is not believed on an https site', async () => {
      const a = await t.signedIn('editor')
      // signedIn plants the plain name, as a sibling subdomain or http page could.
      assert.ok(a.cookies.has(SESSION_COOKIE))
      assert.equal(redirectTarget(await a.get('/admin')), '/sign-in?next=%2Fadmin')
      const token = a.cookies.get(SESSION_COOKIE)!
      a.cookies.delete(SESSION_COOKIE)
      a.cookies.set(`__Host-${SESSION_COOKIE}`, token)
      assert.equal((await a.get('/admin')).statusCode, 200)
    })
  })
}
