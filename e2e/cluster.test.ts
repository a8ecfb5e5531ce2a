import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import http from 'node:http'
import { FORM_TIMING } from '../src/http/form-stamp.js'
import { startSite, type RunningSite } from './support.js'
import { hiddenValue, SiteClient } from './site-client.js'

// `npm start` with WORKERS=2: the primary forks two workers that share the
// port. NODE_ENV=test makes /healthz name the pid that answered.

/** The primary's children, from /proc (the workers it forked). */
function workersOf(site: RunningSite): number[] {
  const pid = site.proc.pid!
  return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number)
}

/** GET /healthz on a connection of its own (the cluster hands out connections, not requests); the pid that answered. */
function healthzPid(site: RunningSite): Promise<number | null> {
  return new Promise((resolve) => {
    const req = http.get(`${site.url}/healthz`, { agent: false }, (res) => {
      let body = ''
      res.on('data', (d) => { body += d })
      res.on('end', () => resolve(res.statusCode === 200 ? (JSON.parse(body) as { pid: number }).pid : null))
    })
    req.on('error', () => resolve(null))
  })
}

/** Asks /healthz until every pid in `want` has answered; returns every pid that answered. */
async function untilAnsweredBy(site: RunningSite, want: number[]): Promise<Set<number>> {
  const seen = new Set<number>()
  while (!want.every((p) => seen.has(p))) {
    const pid = await healthzPid(site)
    if (pid !== null) seen.add(pid)
  }
  return seen
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const alive = (pid: number) => fs.existsSync(`/proc/${pid}`)

test('WORKERS=2: both workers answer on one port, a killed worker is replaced, SIGTERM drains them all', async () => {
  const site = await startSite({ env: { WORKERS: '2', NODE_ENV: 'test', SEED_DEMO: 'never' } })
  try {
    let workers = workersOf(site)
    while (workers.length < 2) { await sleep(100); workers = workersOf(site) }
    assert.equal(workers.length, 2, site.output())
    const answered = await untilAnsweredBy(site, workers)
    assert.deepEqual([...answered].sort(), [...workers].sort(), 'only the primary’s two workers answer')
    assert.ok(!answered.has(site.proc.pid!), 'the primary serves nothing itself')

    // A worker killed outright (no chance to clean up) is replaced.
    const [victim, survivor] = workers
    process.kill(victim, 'SIGKILL')
    let now = workersOf(site)
    while (now.length < 2 || now.includes(victim)) { await sleep(100); now = workersOf(site) }
    const replacement = now.find((p) => p !== survivor)!
    assert.ok(now.includes(survivor))
    await untilAnsweredBy(site, [replacement, survivor])
    assert.match(site.output(), /a worker stopped \(signal SIGKILL\); starting another/)

    // SIGTERM to the primary while requests are in flight: none hangs, every
    // worker drains and exits, then the primary exits 0.
    const requests = Array.from({ length: 20 }, () => healthzPid(site))
    await Promise.race(requests)
    const code = await site.stop()
    await Promise.all(requests)
    assert.equal(code, 0, site.output())
    assert.deepEqual(now.filter(alive), [], 'no worker outlives the primary')
  } finally {
    if (site.proc.exitCode === null && site.proc.signalCode === null) await site.kill()
  }
})

test('a worker that cannot start stops the boot instead of restarting forever', async () => {
  // The port is taken by another server: every worker would fail to listen.
  const squatter = http.createServer(() => {})
  await new Promise<void>((r) => squatter.listen(0, '127.0.0.1', r))
  const port = (squatter.address() as { port: number }).port
  try {
    await assert.rejects(
      startSite({ env: { WORKERS: '2', SEED_DEMO: 'never', PORT: String(port) } }),
      /server exited before it was ready \(1\)[\s\S]*a worker failed to start/,
    )
  } finally {
    squatter.close()
  }
})

test('WORKERS=2 on one SQLite file: sixteen people registering at once, across both workers, all get their account', async () => {
  const site = await startSite({ env: { WORKERS: '2', SEED_DEMO: 'never', TRUST_PROXY: '127.0.0.1' } })
  try {
    // Each from their own address (the per-IP registration limit is not the subject here).
    const people = await Promise.all(Array.from({ length: 16 }, async (_, i) => {
      const client = new SiteClient(site.url)
      const headers = { 'x-forwarded-for': `203.0.113.${i + 1}` }
      const form = await client.get('/account/register', headers)
      return { client, headers, i, stamp: hiddenValue(form.html, 'stamp') ?? '' }
    }))
    await sleep(FORM_TIMING.minFillMs + 300)
    const answers = await Promise.all(people.map(({ client, headers, i, stamp }) => client.postForm('/account/register', {
      name: `Worker Test ${i}`, email: `worker.test.${i}@example.com`, password: 'three unrelated words here', website: '', stamp,
    }, headers)))
    assert.deepEqual(answers.map((a) => a.status), answers.map(() => 303), site.output())
    assert.ok(answers.every((a) => a.location?.startsWith('/account/check-email')), JSON.stringify(answers.map((a) => a.location)))
  } finally {
    await site.stop()
  }
})
