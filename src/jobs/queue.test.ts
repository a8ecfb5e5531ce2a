import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testDialects, freshDatabase, dropTestDatabases } from '../test/databases.js'
import { ManualClock } from '../clock.js'
import { JobQueue } from './queue.js'
import type { Database } from '../db/database.js'

const silent = { error() {} }

for (const dialect of testDialects()) {
  describe(`job queue on ${dialect}`, () => {
    let database: Database
    before(async () => { database = (await freshDatabase(dialect)).database })
    after(async () => { await database.close(); await dropTestDatabases() })

    test('runs a job once, then marks it done', async () => {
      const clock = new ManualClock()
      const q = new JobQueue(database, clock, silent)
      const seen: unknown[] = []
      q.handle('note', async (p) => { seen.push(p) })
      await q.enqueue('note', { n: 1 })
      assert.equal(await q.drain(), 1)
      assert.equal(await q.drain(), 0)
      assert.deepEqual(seen, [{ n: 1 }])
    })

    test('a failing job is retried with growing backoff, then given up', async () => {
      const clock = new ManualClock()
      const q = new JobQueue(database, clock, silent)
      let calls = 0
      q.handle('flaky', async () => { calls++; throw new Error(`boom ${calls}`) })
      await q.enqueue('flaky', {}, { maxAttempts: 3 })
      await q.drain()
      assert.equal(calls, 1)
      await q.drain()
      assert.equal(calls, 1, 'not retried before its backoff')
      clock.advance(30_000)
      await q.drain()
      assert.equal(calls, 2)
      clock.advance(30_000)
      await q.drain()
      assert.equal(calls, 2, 'the second wait is longer (60 s)')
      clock.advance(30_000)
      await q.drain()
      assert.equal(calls, 3)
      clock.advance(3_600_000)
      await q.drain()
      assert.equal(calls, 3, 'given up after max attempts')
      const row = await database.db.selectFrom('jobs').selectAll().where('kind', '=', 'flaky').executeTakeFirstOrThrow()
      assert.ok(row.failed_at)
      assert.equal(row.last_error, 'boom 3')
    })

    test('a job scheduled for later waits for its time', async () => {
      const clock = new ManualClock()
      const q = new JobQueue(database, clock, silent)
      let ran = false
      q.handle('later', async () => { ran = true })
      await q.enqueue('later', {}, { runAt: new Date(clock.now().getTime() + 60_000) })
      await q.drain()
      assert.equal(ran, false)
      clock.advance(60_000)
      await q.drain()
      assert.equal(ran, true)
    })

    test('two workers draining together run each job exactly once', async () => {
      const clock = new ManualClock()
      const a = new JobQueue(database, clock, silent)
      const b = new JobQueue(database, clock, silent)
      const runs = new Map<number, number>()
      const handler = async (p: { i: number }) => { runs.set(p.i, (runs.get(p.i) ?? 0) + 1) }
      a.handle('count', handler)
      b.handle('count', handler)
      for (let i = 0; i < 40; i++) await a.enqueue('count', { i })
      await Promise.all([a.drain(), b.drain()])
      assert.equal(runs.size, 40)
      assert.ok([...runs.values()].every((n) => n === 1))
    })
  })
}
