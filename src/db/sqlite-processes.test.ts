import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import path from 'node:path'
import { sql } from 'kysely'
import { freshDatabase } from '../test/databases.js'
import type { Database } from './database.js'

// Cluster workers share one SQLite file. A transaction that reads, then
// writes, must not fail because another process wrote in between: a plain
// BEGIN reads from a snapshot, and SQLite refuses the write at once
// (SQLITE_BUSY_SNAPSHOT) instead of waiting. SQLite only: on Postgres the
// same transaction waits for the other writer's row lock.

const ROOT = path.resolve(import.meta.dirname, '../..')

/** Another process: says "ready", then adds 100 to test.counter in one statement (waiting on busy_timeout like Crown). */
function otherProcessAdds100(file: string): { ready: Promise<void>; done: Promise<{ code: number | null; out: string }> } {
  const script = `
    const SQLite = require('better-sqlite3')
    const db = new SQLite(process.argv[1])
    db.pragma('busy_timeout = 5000')
    process.stdout.write('ready\\n')
    db.prepare("update settings set value = cast(cast(value as integer) + 100 as text) where key = 'test.counter'").run()
    db.close()`
  const proc = spawn(process.execPath, ['-e', script, file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let signal!: () => void
  const ready = new Promise<void>((r) => { signal = r })
  proc.stdout.on('data', (d) => { out += d; if (out.includes('ready')) signal() })
  proc.stderr.on('data', (d) => { out += d })
  return { ready, done: new Promise((resolve) => proc.on('exit', (code) => resolve({ code, out }))) }
}

const opened: Database[] = []
after(async () => { for (const d of opened) await d.close() })

test('a transaction that reads, then writes, commits although another process writes meanwhile; neither update is lost', async () => {
  const { url, database } = await freshDatabase('sqlite')
  opened.push(database)
  await database.db.insertInto('settings').values({ key: 'test.counter', value: '0' }).execute()
  let other: ReturnType<typeof otherProcessAdds100> | undefined
  await database.db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ value: string }>`select value from settings where key = 'test.counter'`.execute(trx)
    // The other process writes now, between this transaction's read and its write.
    other = otherProcessAdds100(url)
    await other.ready
    await new Promise((r) => setTimeout(r, 300))
    await sql`update settings set value = ${String(Number(rows[0].value) + 1)} where key = 'test.counter'`.execute(trx)
  })
  const result = await other!.done
  assert.equal(result.code, 0, result.out)
  const row = await database.db.selectFrom('settings').select('value').where('key', '=', 'test.counter').executeTakeFirstOrThrow()
  assert.equal(Number(row.value), 101, 'both the transaction’s +1 and the other process’s +100 are kept')
})
