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

  // Requests sent just before SIGTERM: each is answered or cleanly refused, never hung.
  const inflight = Promise.allSettled(Array.from({ length: 20 }, () => fetch(`${site.url}/sign-in`).then((r) => r.status)))
  await new Promise((r) => setTimeout(r, 5))
  const code = await site.stop()
  const settled = await inflight
  const answered = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []))
  assert.ok(answered.includes(200), `some requests in flight were answered: ${JSON.stringify(settled.map((s) => s.status))}`)
  assert.ok(answered.every((s) => s === 200 || s === 503), `answers: ${answered}`)
  assert.equal(code, 0, site.output())
  // A clean close checkpoints the WAL into the main file and removes it.
  assert.equal(fs.existsSync(`${file}-wal`), false, 'the database was closed cleanly')
})
