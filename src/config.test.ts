import { test } from 'node:test'
import assert from 'node:assert/strict'
import os from 'node:os'
import { loadConfig, ConfigError } from './config.js'

test('defaults give an embedded SQLite site on localhost:3000', () => {
  const c = loadConfig({})
  assert.equal(c.port, 3000)
  assert.equal(c.databaseUrl, './data/crown.sqlite')
  assert.equal(c.siteUrl, 'http://localhost:3000')
  assert.equal(c.smtpUrl, undefined)
  assert.deepEqual(c.trustProxy, [])
})

test('a bad environment stops the boot naming every bad variable', () => {
  assert.throws(() => loadConfig({ PORT: 'eighty', SITE_URL: 'ftp://x', SMTP_URL: 'mail.example.com' }), (err: unknown) => {
    assert.ok(err instanceof ConfigError)
    assert.match(err.message, /PORT/)
    assert.match(err.message, /SITE_URL/)
    assert.match(err.message, /SMTP_URL/)
    return true
  })
})

test('SITE_URL loses its trailing slash; TRUST_PROXY becomes a list', () => {
  const c = loadConfig({ SITE_URL: 'https://hair.example.org/', TRUST_PROXY: '10.0.0.1, 10.0.0.2' })
  assert.equal(c.siteUrl, 'https://hair.example.org')
  assert.deepEqual(c.trustProxy, ['10.0.0.1', '10.0.0.2'])
})

test('the test clock file is refused outside NODE_ENV=test, so production time cannot be moved', () => {
  for (const NODE_ENV of ['production', 'development', undefined]) {
    assert.throws(() => loadConfig({ NODE_ENV, CROWN_TEST_CLOCK_FILE: '/tmp/clock' }), (err: unknown) => {
      assert.ok(err instanceof ConfigError)
      assert.match(err.message, /CROWN_TEST_CLOCK_FILE: .*only with NODE_ENV=test/)
      return true
    }, `NODE_ENV=${NODE_ENV}`)
  }
  assert.equal(loadConfig({ NODE_ENV: 'test', CROWN_TEST_CLOCK_FILE: '/tmp/clock' }).testClockFile, '/tmp/clock')
  assert.equal(loadConfig({}).testClockFile, undefined)
})

test('request timeout and session idle days default sensibly and refuse nonsense', () => {
  const c = loadConfig({})
  assert.equal(c.requestTimeoutMs, 120_000)
  assert.equal(c.sessionIdleMs, 14 * 24 * 3600_000)
  assert.equal(loadConfig({ SESSION_IDLE_DAYS: '3' }).sessionIdleMs, 3 * 24 * 3600_000)
  assert.throws(() => loadConfig({ REQUEST_TIMEOUT_SECONDS: '0', SESSION_IDLE_DAYS: '90' }), (err: unknown) => {
    assert.ok(err instanceof ConfigError)
    assert.match(err.message, /REQUEST_TIMEOUT_SECONDS/)
    assert.match(err.message, /SESSION_IDLE_DAYS/)
    return true
  })
})

test('WORKERS is auto (one process per available core) or a whole number; anything else stops the boot', () => {
  assert.equal(loadConfig({}).workers, os.availableParallelism())
  assert.equal(loadConfig({ WORKERS: 'auto' }).workers, os.availableParallelism())
  assert.equal(loadConfig({ WORKERS: '3' }).workers, 3)
  for (const WORKERS of ['0', '-1', '1.5', 'all', '1000']) {
    assert.throws(() => loadConfig({ WORKERS }), (err: unknown) => {
      assert.ok(err instanceof ConfigError)
      assert.match(err.message, /WORKERS: WORKERS must be auto or a whole number from 1 to 256/)
      return true
    }, `WORKERS=${WORKERS}`)
  }
})
