import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testApp, type TestApp } from '../test/harness.js'
import { testDialects } from '../test/databases.js'

// Lobsters' lint cop: every staff route must check roles, and the check must
// actually refuse outsiders. New /admin routes are covered automatically, and
// so are staff routes elsewhere: a /staff/ segment (the forum's
// /forum/t/:id/staff/:action) or any route that declares staff roles only.
for (const dialect of testDialects()) {
  describe(`every staff route (/admin and beyond) checks roles (${dialect})`, () => {
    let t: TestApp
    before(async () => { t = await testApp(dialect) })
    after(() => t.close())

    const isStaffUrl = (url: string) => url.startsWith('/admin') || url.split('/').includes('staff')
    // A route open to members (roles include 'member', as /account pages) is not a staff route.
    const staffOnlyRoles = (roles?: string[]) => Boolean(roles?.length) && !roles!.includes('member')
    const adminRoutes = () => t.app.routeTable.filter((r) => (isStaffUrl(r.url) || staffOnlyRoles(r.roles)) && r.method !== 'HEAD')
    const concrete = (url: string) => url.replace(/:[A-Za-z]+/g, '1')

    test('each declares roles in its route config', () => {
      assert.ok(adminRoutes().length >= 1)
      const outside = adminRoutes().filter((r) => !r.url.startsWith('/admin')).map((r) => `${r.method} ${r.url}`)
      assert.ok(outside.includes('POST /forum/t/:shortId/staff/:action'), `the walk covers staff routes outside /admin: ${outside.join(', ')}`)
      for (const r of adminRoutes()) assert.ok(r.roles?.length, `${r.method} ${r.url} declares no roles`)
    })

    test('an anonymous visitor is sent to sign in (GET) or refused (POST)', async () => {
      const a = t.agent()
      for (const r of adminRoutes()) {
        const res = r.method === 'GET' ? await a.get(concrete(r.url)) : await a.post(concrete(r.url), { _csrf: 'x' })
        if (r.method === 'GET') {
          assert.equal(res.statusCode, 303, `${r.method} ${r.url}`)
          assert.match(String(res.headers.location), /^\/sign-in\?next=/)
        } else {
          assert.equal(res.statusCode, 403, `${r.method} ${r.url}`)
        }
      }
    })

    test('a signed-in member (not staff) is refused', async () => {
      const member = await t.signedIn('member')
      for (const r of adminRoutes()) {
        const res = r.method === 'GET' ? await member.get(concrete(r.url)) : await member.post(concrete(r.url), { _csrf: 'x' })
        assert.equal(res.statusCode, 403, `${r.method} ${r.url}`)
      }
    })

    test('a moderator reaches the dashboard but not publishing routes', async () => {
      const mod = await t.signedIn('moderator')
      assert.equal((await mod.get('/admin')).statusCode, 200)
      for (const r of adminRoutes().filter((r) => r.method === 'GET' && !r.roles!.includes('moderator'))) {
        assert.equal((await mod.get(concrete(r.url))).statusCode, 403, `${r.method} ${r.url}`)
      }
    })
  })
}
