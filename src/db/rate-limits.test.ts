import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testDialects, freshDatabase, dropTestDatabases } from '../test/databases.js'
import { openDatabase, type Database } from './database.js'
import { takeToken, pruneRateLimitHits } from './rate-limits.js'

const MINUTE = 60_000
// Windows are aligned to multiples of their length; start tests at one.
const t0 = new Date(Date.UTC(2026, 10, 30, 12, 0, 0))
const at = (ms: number) => new Date(t0.getTime() + ms)

for (const dialect of testDialects()) {
  describe(`rate limits on ${dialect}`, () => {
    let database: Database
    let url: string
    before(async () => { ({ database, url } = await freshDatabase(dialect)) })
    after(async () => { await database.close(); await dropTestDatabases() })

    test('allows limit hits in a window, refuses the next until the window ends', async () => {
      const { db } = database
      const limit = { key: 'test:basic', limit: 3, windowMs: MINUTE }
      const seen = []
      for (let i = 0; i < 3; i++) seen.push(await takeToken(db, { ...limit, now: at(i * 1000) }))
      assert.deepEqual(seen, [{ ok: true, remaining: 2 }, { ok: true, remaining: 1 }, { ok: true, remaining: 0 }])
      assert.deepEqual(await takeToken(db, { ...limit, now: at(20_000) }), { ok: false, retryAfterMs: 40_000 })
      assert.deepEqual(await takeToken(db, { ...limit, now: at(59_999) }), { ok: false, retryAfterMs: 1 })
      assert.deepEqual(await takeToken(db, { ...limit, now: at(MINUTE) }), { ok: true, remaining: 2 })
    })

    test('keys, and one key over two window lengths, count apart', async () => {
      const { db } = database
      assert.equal((await takeToken(db, { key: 'test:a', limit: 1, windowMs: MINUTE, now: t0 })).ok, true)
      assert.equal((await takeToken(db, { key: 'test:a', limit: 1, windowMs: MINUTE, now: t0 })).ok, false)
      assert.equal((await takeToken(db, { key: 'test:b', limit: 1, windowMs: MINUTE, now: t0 })).ok, true)
      assert.equal((await takeToken(db, { key: 'test:a', limit: 1, windowMs: 60 * MINUTE, now: t0 })).ok, true)
    })

    test('a late hit from an ended window counts in the newer one', async () => {
      const { db } = database
      const limit = { key: 'test:late', limit: 2, windowMs: MINUTE }
      assert.equal((await takeToken(db, { ...limit, now: at(MINUTE + 1) })).ok, true)
      assert.deepEqual(await takeToken(db, { ...limit, now: at(MINUTE - 1) }), { ok: true, remaining: 0 })
      assert.deepEqual(await takeToken(db, { ...limit, now: at(MINUTE + 2) }), { ok: false, retryAfterMs: MINUTE - 2 })
    })

    test('stores no key in the clear, and prunes ended windows', async () => {
      const { db } = database
      await takeToken(db, { key: 'test:secret@example.com', limit: 5, windowMs: MINUTE, now: at(10 * MINUTE) })
      const rows = await db.selectFrom('rate_limit_hits').select('key').execute()
      assert.ok(rows.length > 0)
      assert.ok(rows.every((r) => /^[0-9a-f]{64}$/.test(r.key)), 'keys are SHA-256 hex')
      // Opening a new window for any key sweeps out every ended window.
      await takeToken(db, { key: 'test:sweeper', limit: 5, windowMs: MINUTE, now: at(120 * MINUTE) })
      const left = await db.selectFrom('rate_limit_hits').select(['expires_at']).execute()
      assert.equal(left.length, 1)
      assert.equal(await pruneRateLimitHits(db, at(121 * MINUTE)), 1)
    })

    test('parallel hits from two connections never exceed the limit', async () => {
      // A second handle on the same database stands for a second process.
      const other = openDatabase(url)
      try {
        const limit = { key: 'test:parallel', limit: 10, windowMs: MINUTE, now: at(30 * MINUTE) }
        const outcomes = await Promise.all(Array.from({ length: 40 }, (_, i) => takeToken((i % 2 ? other : database).db, limit)))
        assert.equal(outcomes.filter((o) => o.ok).length, 10)
        const remaining = outcomes.flatMap((o) => (o.ok ? [o.remaining] : [])).sort((a, b) => a - b)
        assert.deepEqual(remaining, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 'each allowed hit saw its own count')
        const row = await database.db.selectFrom('rate_limit_hits').select('hits').where('hits', '=', 40).executeTakeFirst()
        assert.ok(row, 'every hit was counted')
      } finally {
        await other.close()
      }
    })
  })
}
