import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testApp, type TestApp } from './test/harness.js'
import { testDialects } from './test/databases.js'

for (const dialect of testDialects()) {
  describe(`platform hardening on ${dialect}`, () => {
    let t: TestApp
    before(async () => { t = await testApp(dialect, { env: { REQUEST_TIMEOUT_SECONDS: '90' } }) })
    after(() => t.close())

    const securityHeaders = (headers: Record<string, unknown>, what: string) => {
      assert.match(String(headers['content-security-policy']), /default-src 'self'/, `${what}: CSP`)
      assert.equal(headers['x-content-type-options'], 'nosniff', `${what}: nosniff`)
      const policy = String(headers['permissions-policy'])
      assert.match(policy, /camera=\(\)/, `${what}: Permissions-Policy`)
      assert.match(policy, /geolocation=\(\)/)
      assert.match(policy, /microphone=\(\)/)
    }

    test('pages, 404s and error pages carry the Permissions-Policy and the other security headers', async () => {
      const a = t.agent()
      securityHeaders((await a.get('/sign-in')).headers, 'a page')
      const missing = await a.get('/no-such-page-here')
      assert.equal(missing.statusCode, 404)
      securityHeaders(missing.headers, 'a 404')
      const forged = await a.post('/sign-in', { _csrf: 'forged', email: 'a@example.com', password: 'x' })
      assert.equal(forged.statusCode, 403)
      securityHeaders(forged.headers, 'a 403')
    })

    test('a path with broken percent-encoding gets the HTML 400 page with the same headers', async () => {
      for (const url of ['/%', '/%zz', '/forum/%E0%A4%A', '/%?q=1']) {
        const res = await t.agent().get(url)
        assert.equal(res.statusCode, 400, url)
        assert.match(String(res.headers['content-type']), /^text\/html/, url)
        assert.match(res.body, /<!doctype html>/i, url)
        assert.match(res.body, /That request could not be handled/, url)
        securityHeaders(res.headers, url)
      }
      // A broken query string is no reason to refuse a page.
      assert.equal((await t.agent().get('/sign-in?next=%')).statusCode, 200)
    })

    test('slow clients are cut off: request, connection and keep-alive timeouts are set', () => {
      const server = t.app.server
      assert.equal(server.requestTimeout, 90_000, 'from REQUEST_TIMEOUT_SECONDS')
      assert.ok(server.timeout > 0, 'an idle socket is closed')
      assert.ok(server.keepAliveTimeout > 0 && server.keepAliveTimeout < server.timeout, 'idle keep-alive sockets close first')
      assert.ok(server.headersTimeout > 0 && server.headersTimeout <= server.requestTimeout)
    })
  })
}
