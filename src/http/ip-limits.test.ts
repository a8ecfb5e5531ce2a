import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import type { FastifyInstance } from 'fastify'
import { testApp, type TestApp } from '../test/harness.js'
import { testDialects } from '../test/databases.js'
import { buildApp } from '../app.js'
import { perIp } from './ip-limits.js'

const addLimitedRoute = (app: FastifyInstance) => {
  app.get('/test/limited', { config: perIp(3, 1) }, async () => ({ ok: true }))
}

for (const dialect of testDialects()) {
  describe(`per-IP route limits on ${dialect}`, () => {
    let t: TestApp
    let second: FastifyInstance
    before(async () => {
      t = await testApp(dialect, { beforeReady: addLimitedRoute })
      // A second process on the same database: another app over the same deps.
      second = await buildApp(t.deps)
      addLimitedRoute(second)
      await second.ready()
    })
    after(async () => { await second.close(); await t.close() })

    const hit = (app: FastifyInstance, ip: string) => app.inject({ method: 'GET', url: '/test/limited', remoteAddress: ip })

    test('the limit is counted in the database: another process sees the same count', async () => {
      t.clock.set(new Date(Date.UTC(2026, 10, 30, 12, 0, 10)))
      assert.deepEqual([(await hit(t.app, '192.0.2.1')).statusCode, (await hit(second, '192.0.2.1')).statusCode, (await hit(t.app, '192.0.2.1')).statusCode], [200, 200, 200])
      const refused = await hit(second, '192.0.2.1')
      assert.equal(refused.statusCode, 429)
      assert.equal(refused.headers['retry-after'], '50')
      assert.match(refused.body, /Slow down a little/)
      assert.equal((await hit(t.app, '192.0.2.2')).statusCode, 200, 'another IP has its own count')
      t.clock.advance(50_000)
      assert.equal((await hit(t.app, '192.0.2.1')).statusCode, 200, 'a new window')
    })
  })
}
