import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'kysely'
import { testDialects, freshDatabase, dropTestDatabases } from '../test/databases.js'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openDatabase, type Database } from './database.js'

// The PostgreSQL pool under a server that ends its connections: an idle
// connection terminated by the server (a restart, a failover) must not end
// the process, and the next query gets a new connection.

for (const dialect of testDialects().filter((d) => d === 'postgres')) {
  describe(`the database handle on ${dialect}`, () => {
    let database: Database
    let admin: Database
    before(async () => {
      ({ database } = await freshDatabase(dialect))
      ;({ database: admin } = await freshDatabase(dialect))
    })
    after(async () => { await database.close(); await admin.close(); await dropTestDatabases() })

    test('an idle connection the server terminates is dropped, not fatal; the next query works', async () => {
      const pidOf = async () => (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(database.db)).rows[0].pid
      const before = await pidOf()
      const warnings: string[] = []
      const onWarning = (w: Error) => warnings.push(w.message)
      process.on('warning', onWarning)
      try {
        const ended = await sql<{ ok: boolean }>`select pg_terminate_backend(${before}) as ok`.execute(admin.db)
        assert.equal(ended.rows[0].ok, true, 'the server ended the idle connection')
        // The pool hears of it on the idle connection: give it a moment, then ask again.
        for (let i = 0; i < 50 && !warnings.length; i++) await new Promise((r) => setTimeout(r, 20))
        assert.match(warnings.join('\n'), /A pooled PostgreSQL connection was lost while idle/)
        const after = await pidOf()
        assert.notEqual(after, before, 'a new connection serves the next query')
      } finally {
        process.off('warning', onWarning)
      }
    })
  })
}

describe('a SQLite database as opened', () => {
  test('is WAL with synchronous=FULL and foreign keys on, and builds temporary b-trees in memory (a sort or an IN list made a temp file each time)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crown-open-'))
    const database = openDatabase(path.join(dir, 'site.sqlite'))
    try {
      const sqlite = database.sqlite!
      assert.equal(String(sqlite.pragma('journal_mode', { simple: true })).toLowerCase(), 'wal')
      assert.equal(sqlite.pragma('synchronous', { simple: true }), 2)
      assert.equal(sqlite.pragma('foreign_keys', { simple: true }), 1)
      assert.equal(sqlite.pragma('temp_store', { simple: true }), 2, 'MEMORY')
    } finally {
      await database.close()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
