import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import SQLite from 'better-sqlite3'
import { openDatabase, durabilitySettings } from '../src/db/database.js'
import { LIMITS } from '../src/discussion/limits.js'
import { startSite, type RunningSite } from './support.js'
import { SiteClient, hiddenValue } from './site-client.js'

// An acknowledged comment is a promise to the reader: once the site has
// answered 303, the comment must survive the process dying on the spot.
// SIGKILL gives the server no chance to flush or close anything.

const ARTICLE = 'scalp-massage-what-two-small-studies-show'
const RUN = Date.now().toString(36)
// The site believes X-Forwarded-For only from a trusted proxy; the test is
// that proxy, so each comment can come from its own reader's address and the
// per-address flood limit (one comment per 15 s) does not refuse the burst.
const ENV = { TRUST_PROXY: '127.0.0.1' }
const IN_FLIGHT = 16
const PLANNED = 400
const KILL_AFTER = 25

let site: RunningSite | undefined
let restarted: RunningSite | undefined

before(async () => {
  site = await startSite({ env: ENV })
})
after(async () => {
  await restarted?.stop()
  if (site && site.proc.exitCode === null && site.proc.signalCode === null) await site.stop()
})

const dbFile = (s: RunningSite) => path.join(s.dataDir, 'crown.sqlite')

test('the database file runs in WAL mode and the app opens it with synchronous=FULL', async () => {
  const raw = new SQLite(dbFile(site!), { readonly: true })
  assert.equal(raw.pragma('journal_mode', { simple: true }), 'wal', 'WAL is a property of the file the server made')
  raw.close()
  // synchronous is per connection, and no route reports it: open the same
  // file the way the server does (openDatabase is its one way in) and read it back.
  const database = openDatabase(dbFile(site!))
  try {
    assert.deepEqual(await durabilitySettings(database), { journalMode: 'wal', synchronous: 2 })
  } finally {
    await database.close()
  }
})

test('every comment answered 303 before a SIGKILL is there after the restart', async () => {
  const reader = new SiteClient(site!.url)
  const page = await reader.get(`/${ARTICLE}`)
  assert.equal(page.status, 200)
  const stamp = hiddenValue(page.html, 'stamp')
  assert.ok(stamp && reader.csrf, 'the article carries the form stamp and a CSRF token')
  // One stamp serves the whole burst, once it is older than the minimum fill time.
  await new Promise((r) => setTimeout(r, LIMITS.minFillMs + 300))

  const acknowledged = new Map<string, string>() // text → short id
  const refused: number[] = []
  const cutOff: string[] = []
  let killed: Promise<void> | undefined
  let next = 0

  const postOne = async (i: number) => {
    const text = `durable-${RUN}-${i}: day ${i} of the massage routine, nothing to report yet.`
    try {
      const res = await reader.postForm('/comments', {
        subject: ARTICLE, parent: '', comment: text, name: `Burst Reader ${i}`, email: `burst.${RUN}.${i}@example.com`, url: '', stamp, address: '',
      }, { 'x-forwarded-for': `10.77.${i >> 8}.${i & 255}` })
      if (res.status === 303) {
        const id = /#comment-([a-z0-9]+)$/.exec(res.location ?? '')?.[1]
        assert.ok(id, `a 303 leads to the comment: ${res.location}`)
        acknowledged.set(text, id)
      } else refused.push(res.status)
    } catch (err) {
      // Sent but never answered: the kill landed while this one was in flight.
      if (killed) cutOff.push(String((err as Error).cause ?? err))
      else throw err
    }
    if (!killed && acknowledged.size >= KILL_AFTER) killed = site!.kill()
  }
  const lane = async () => {
    while (!killed && next < PLANNED) await postOne(next++)
  }
  // The first comment alone: it gives this reader the browser key that later
  // shows them their held comments; the rest of the burst then carries it.
  await postOne(next++)
  assert.equal(acknowledged.size, 1)
  await Promise.all(Array.from({ length: IN_FLIGHT }, lane))
  await killed

  assert.deepEqual(refused, [], 'no comment in the burst was refused by the spam rules')
  assert.ok(acknowledged.size >= KILL_AFTER, `some comments were acknowledged before the kill (${acknowledged.size})`)
  assert.ok(cutOff.length >= 1, 'the kill landed mid-burst: at least one request was cut off')
  assert.ok(next < PLANNED, 'the burst was still going when the server died')

  restarted = await startSite({ dataDir: site!.dataDir, env: ENV })

  // In the file itself, read-only, beside the restarted server.
  const db = new SQLite(dbFile(restarted), { readonly: true })
  const stored = new Map(
    (db.prepare(`select short_id, body_md from discussion_posts where body_md like ?`).all(`durable-${RUN}-%`) as { short_id: string; body_md: string }[])
      .map((r) => [r.body_md, r.short_id]),
  )
  db.close()
  const lost = [...acknowledged].filter(([text, id]) => stored.get(text) !== id)
  assert.deepEqual(lost, [], `${lost.length} of ${acknowledged.size} acknowledged comments were lost`)

  // And through the site: the reader's browser key still finds each held comment.
  reader.base = restarted.url
  for (const id of acknowledged.values()) {
    const res = await reader.get(`/comments/${id}`)
    assert.equal(res.status, 303, `/comments/${id}`)
    assert.equal(res.location, `/${ARTICLE}#comment-${id}`)
  }
})
