import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testApp, redirectTarget, type TestApp } from '../test/harness.js'
import { testDialects } from '../test/databases.js'
import { SESSION_COOKIE } from './index.js'
import { changeAccount } from './staff-admin.js'

for (const dialect of testDialects()) {
  describe(`staff management on ${dialect}`, () => {
    let t: TestApp
    before(async () => { t = await testApp(dialect) })
    after(() => t.close())

    const signInAs = async (email: string, password: string) => {
      const a = t.agent()
      await a.get('/sign-in')
      const res = await a.post('/sign-in', { email, password })
      return { a, res }
    }

    test('an admin adds an editor, who can sign in and write but not manage staff', async () => {
      const admin = await t.signedIn('admin', 'Ada Admin')
      await admin.get('/admin/staff')
      const bad = await admin.post('/admin/staff', { name: 'Ed', email: 'not-an-email', role: 'editor', password: 'short' })
      assert.equal(bad.statusCode, 422)
      assert.match(bad.body, /Enter a valid email address/)
      assert.match(bad.body, /Use at least 10 characters/)
      assert.match(bad.body, /value="Ed"/)
      const ok = await admin.post('/admin/staff', { name: 'Ed Editor', email: 'Ed@Example.com', role: 'editor', password: 'first password 1' })
      assert.equal(redirectTarget(ok), '/admin/staff')
      const dup = await admin.post('/admin/staff', { name: 'Ed Again', email: 'ed@example.com', role: 'editor', password: 'first password 1' })
      assert.equal(dup.statusCode, 422)
      assert.match(dup.body, /already exists/)

      const { a: ed, res } = await signInAs('ed@example.com', 'first password 1')
      assert.equal(redirectTarget(res), '/admin')
      assert.equal((await ed.get('/admin/articles')).statusCode, 200)
      assert.equal((await ed.get('/admin/staff')).statusCode, 403)
      assert.equal((await ed.get('/admin/audit')).statusCode, 403)

      const audit = await admin.get('/admin/audit')
      assert.match(audit.body, /staff\.add/)
      assert.match(audit.body, /ed@example\.com as editor/)
    })

    test('disabling an account signs it out everywhere; the last admin cannot be removed', async () => {
      const admin = await t.signedIn('admin', 'Bea Admin')
      await admin.get('/admin/staff')
      await admin.post('/admin/staff', { name: 'Mo Moderator', email: 'mo@example.com', role: 'moderator', password: 'first password 2' })
      const { a: mo } = await signInAs('mo@example.com', 'first password 2')
      assert.equal((await mo.get('/admin/comments')).statusCode, 200)
      const moId = (await t.deps.db.selectFrom('users').select('id').where('email', '=', 'mo@example.com').executeTakeFirstOrThrow()).id

      await admin.get('/admin/staff')
      assert.equal(redirectTarget(await admin.post(`/admin/staff/${moId}`, { change: 'disable' })), '/admin/staff')
      assert.match(redirectTarget(await mo.get('/admin/comments')), /^\/sign-in/)
      const again = await signInAs('mo@example.com', 'first password 2')
      assert.equal(again.res.statusCode, 403)
      assert.match(again.res.body, /disabled/)

      await admin.get('/admin/staff')
      assert.equal(redirectTarget(await admin.post(`/admin/staff/${moId}`, { change: 'enable' })), '/admin/staff')
      assert.equal(redirectTarget((await signInAs('mo@example.com', 'first password 2')).res), '/admin')

      // Demote every other admin, then try to demote the last one.
      const others = await t.deps.db.selectFrom('users').select('id').where('role', '=', 'admin').where('id', '!=', admin.userId).execute()
      for (const o of others) await admin.post(`/admin/staff/${o.id}`, { change: 'role', role: 'editor' })
      const self = await admin.post(`/admin/staff/${admin.userId}`, { change: 'role', role: 'editor' })
      assert.equal(self.statusCode, 422)
      assert.match(self.body, /cannot change your own role/)
      const admins = await t.deps.db.selectFrom('users').select('id').where('role', '=', 'admin').where('disabled_at', 'is', null).execute()
      assert.deepEqual(admins.map((r) => r.id), [admin.userId])
      // Whoever else asks (a script, a future API), the last active admin stays.
      const caller = { id: moId, name: 'Mo Moderator', email: 'mo@example.com', role: 'admin' as const, slug: 'mo', emailConfirmed: true }
      assert.deepEqual(await changeAccount(t.deps, caller, admin.userId, { disabled: true }), { kind: 'last-admin' })
      assert.deepEqual(await changeAccount(t.deps, caller, admin.userId, { role: 'moderator' }), { kind: 'last-admin' })
    })

    test('changing your password needs the current one and signs out your other browsers', async () => {
      // A staff member with a known password, added through the staff page.
      const boss = await t.signedIn('admin', 'Boss Admin')
      await boss.get('/admin/staff')
      await boss.post('/admin/staff', { name: 'Pat Editor', email: 'pat@example.com', role: 'editor', password: 'old password 12' })
      const { a: laptop } = await signInAs('pat@example.com', 'old password 12')
      const { a: phone } = await signInAs('pat@example.com', 'old password 12')
      await laptop.get('/account/password')
      const wrong = await laptop.post('/account/password', { current: 'nope', password: 'new password 123', confirm: 'new password 123' })
      assert.equal(wrong.statusCode, 422)
      assert.match(wrong.body, /not your current password/)
      const mismatch = await laptop.post('/account/password', { current: 'old password 12', password: 'new password 123', confirm: 'new password 124' })
      assert.equal(mismatch.statusCode, 422)
      assert.match(mismatch.body, /do not match/)
      const ok = await laptop.post('/account/password', { current: 'old password 12', password: 'new password 123', confirm: 'new password 123' })
      assert.equal(redirectTarget(ok), '/admin')
      assert.equal((await laptop.get('/admin')).statusCode, 200, 'this browser stays signed in')
      assert.match(redirectTarget(await phone.get('/admin')), /^\/sign-in/, 'the other browser is signed out')
      assert.equal((await signInAs('pat@example.com', 'old password 12')).res.statusCode, 422)
      assert.equal(redirectTarget((await signInAs('pat@example.com', 'new password 123')).res), '/admin')
      assert.ok(laptop.cookies.get(SESSION_COOKIE))
    })
  })
}
