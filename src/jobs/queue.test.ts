import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testDialects, freshDatabase, dropTestDatabases } from '../test/databases.js'
import { ManualClock } from '../clock.js'
import { JobQueue, LOCK_TIMEOUT_MS } from './queue.js'
import { openDatabase, type Database } from '../db/database.js'

const silent = { error() {} }

for (const dialect of testDialects()) {
  describe(`job queue on ${dialect}`, () => {
    let database: Database
    let url: string
    before(async () => { ({ database, url } = await freshDatabase(dialect)) })
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

    test('two processes on one database (a connection each) claiming at once run each job exactly once', async () => {
      // Each queue has its own connection (its own pool on Postgres), as two
      // cluster workers or two machines do; handlers yield, so claims interleave.
      const other = openDatabase(url)
      try {
        const clock = new ManualClock()
        const a = new JobQueue(database, clock, silent)
        const b = new JobQueue(other, clock, silent)
        const runs = new Map<number, string[]>()
        const handler = (who: string) => async (p: { i: number }) => {
          runs.set(p.i, [...(runs.get(p.i) ?? []), who])
          await new Promise((r) => setImmediate(r))
        }
        a.handle('pair', handler('a'))
        b.handle('pair', handler('b'))
        for (let i = 0; i < 60; i++) await a.enqueue('pair', { i })
        const [byA, byB] = await Promise.all([a.drain(), b.drain()])
        assert.equal(byA + byB, 60)
        assert.equal(runs.size, 60)
        const twice = [...runs].filter(([, who]) => who.length !== 1)
        assert.deepEqual(twice, [], 'no job ran twice')
        const left = await database.db.selectFrom('jobs').select('id').where('kind', '=', 'pair').where('done_at', 'is', null).execute()
        assert.equal(left.length, 0)
      } finally {
        await other.close()
      }
    })

    test('a job running longer than the lock timeout keeps its lock, so no other process takes it', async () => {
      const clock = new ManualClock()
      const a = new JobQueue(database, clock, silent, 5)
      const b = new JobQueue(database, clock, silent)
      let release!: () => void
      let started!: () => void
      const running = new Promise<void>((r) => { started = r })
      let runs = 0
      a.handle('long', async () => { runs++; started(); await new Promise<void>((r) => { release = r }) })
      b.handle('long', async () => { runs++ })
      await a.enqueue('long', {})
      const first = a.runOne()
      await running
      clock.advance(LOCK_TIMEOUT_MS + 1000)
      // Wait until a's renewal has written the moved clock into the lock.
      const renewedAt = clock.now().toISOString()
      for (;;) {
        const row = await database.db.selectFrom('jobs').select('locked_at').where('kind', '=', 'long').executeTakeFirstOrThrow()
        if (row.locked_at === renewedAt) break
        await new Promise((r) => setTimeout(r, 5))
      }
      assert.equal(await b.runOne(), false, 'the other process finds nothing free')
      release()
      assert.equal(await first, true)
      assert.equal(runs, 1)
    })

    test('a job whose process died is taken by another after the lock timeout', async () => {
      const clock = new ManualClock()
      const b = new JobQueue(database, clock, silent)
      let runs = 0
      b.handle('orphan', async () => { runs++ })
      await b.enqueue('orphan', {})
      // A worker that claimed it and was killed: locked, never renewed.
      await database.db.updateTable('jobs').set({ locked_at: clock.now().toISOString(), locked_by: 'dead:1:x' }).where('kind', '=', 'orphan').execute()
      assert.equal(await b.runOne(), false)
      clock.advance(LOCK_TIMEOUT_MS + 1)
      assert.equal(await b.runOne(), true)
      assert.equal(runs, 1)
    })
  })
}
