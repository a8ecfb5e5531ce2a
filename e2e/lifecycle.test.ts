import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import SQLite from 'better-sqlite3'
import { startSite } from './support.js'

test('first start creates the data dir and a WAL database; SIGTERM drains, closes the database and exits 0', async () => {
  const site = await startSite({ env: { SEED_DEMO: 'never' } })
  const file = path.join(site.dataDir, 'crown.sqlite')
  const db = new SQLite(file, { readonly: true })
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal')
  db.close()

  // SIGTERM lands while requests are in flight: the server is serving (the
  // first answer came back), the rest are answered 200, or 503 once closing
  // began; none hangs. (A connection the listener had not yet accepted is
  // refused by the OS, which is the right answer for it.)
  const requests = Array.from({ length: 20 }, () => fetch(`${site.url}/sign-in`).then((r) => r.status))
  const inflight = Promise.allSettled(requests)
  assert.equal(await Promise.race(requests), 200)
  const code = await site.stop()
  const settled = await inflight
  const answered = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []))
  assert.ok(answered.every((s) => s === 200 || s === 503), `answers: ${answered}`)
  assert.equal(code, 0, site.output())
  // A clean close checkpoints the WAL into the main file and removes it.
  assert.equal(fs.existsSync(`${file}-wal`), false, 'the database was closed cleanly')
})
