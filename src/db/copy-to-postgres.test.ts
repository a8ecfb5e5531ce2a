import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import { testApp, Agent, type TestApp } from '../test/harness.js'
import { dropPostgresDatabase, emptyPostgresDatabase } from '../test/databases.js'
import { loadConfig } from '../config.js'
import { ManualClock } from '../clock.js'
import { assembleDeps } from '../boot.js'
import { buildApp } from '../app.js'
import { seedDemoIfEmpty } from '../seed.js'
import { openDatabase, type Database } from './database.js'
import { copyToPostgres, CopyRefused, type CopyReport } from './copy-to-postgres.js'
import { describeCopy, runCopyCommand } from './copy-to-postgres-command.js'

// The demo site, seeded on SQLite as `npm start` seeds it, copied into a
// fresh PostgreSQL database: every table's rows arrive, and the site on the
// copy answers the same pages.

const admin = process.env.TEST_POSTGRES_URL

/** An empty PostgreSQL database of the test's own, dropped at the end. */
async function emptyDatabase(made: string[]): Promise<string> {
  const { name, url } = await emptyPostgresDatabase('crown_copy')
  made.push(name)
  return url
}

// Per-request values: the CSRF token, the comment form's signed stamp.
function withoutTokens(html: string): string {
  return html
    .replace(/name="_csrf" value="[^"]*"/g, 'name="_csrf" value="…"')
    .replace(/name="stamp" value="[^"]*"/g, 'name="stamp" value="…"')
}

describe('copy-to-postgres refuses what it cannot copy', () => {
  test('a target that is not a postgres:// URL is a clear refusal', async () => {
    await assert.rejects(copyToPostgres('./nothing.sqlite', 'mysql://crown@db/crown'), (err: Error) => {
      assert.ok(err instanceof CopyRefused)
      assert.match(err.message, /The target must be a postgres:\/\/ URL/)
      return true
    })
  })

  test('a PostgreSQL source is refused: the copy is from SQLite', async () => {
    await assert.rejects(copyToPostgres('postgres://a@b/c', 'postgres://a@b/d'), /copies a SQLite site/)
  })

  test('the command names a missing URL and exits non-zero', async () => {
    const err: string[] = []
    const code = await runCopyCommand('./data/crown.sqlite', undefined, { out: () => {}, err: (l) => err.push(l), tty: false })
    assert.equal(code, 1)
    assert.match(err.join('\n'), /needs the URL of an empty PostgreSQL database/)
  })

  test('the verification table flags a table whose counts differ', () => {
    const report: CopyReport = { tables: [{ table: 'articles', source: 12, target: 12 }, { table: 'users', source: 3, target: 2 }], skipped: [], ok: false, rows: 14, ms: 1200, phases: { copyMs: 800, restoreMs: 300 } }
    const lines = describeCopy(report)
    assert.match(lines.find((l) => l.startsWith('users'))!, /MISMATCH$/)
    assert.doesNotMatch(lines.find((l) => l.startsWith('articles'))!, /MISMATCH/)
    assert.match(lines.at(-1)!, /1 table\(s\) differ: users/)
  })
})

describe('copy-to-postgres on the demo site', { skip: admin ? false : 'TEST_POSTGRES_URL is not set' }, () => {
  const made: string[] = []
  let t: TestApp
  let copy: { app: FastifyInstance; database: Database } | undefined
  let report: CopyReport
  let targetUrl: string

  before(async () => {
    t = await testApp('sqlite')
    await seedDemoIfEmpty(t.deps)
    targetUrl = await emptyDatabase(made)
    const out: string[] = []
    const code = await runCopyCommand(t.deps.config.databaseUrl, targetUrl, { out: (l) => out.push(l), err: (l) => out.push(l), tty: false })
    assert.equal(code, 0, out.join('\n'))
    report = await copyToPostgres(t.deps.config.databaseUrl, await emptyDatabase(made))
    const database = openDatabase(targetUrl)
    const config = loadConfig({ DATABASE_URL: targetUrl, DATA_DIR: t.deps.config.dataDir, LOG_LEVEL: 'silent', NODE_ENV: 'test', SITE_URL: 'http://localhost:3000' })
    const silent = { info() {}, warn() {}, error() {} }
    const deps = await assembleDeps(config, database, { clock: new ManualClock(t.clock.now()), log: silent })
    const app = await buildApp(deps)
    await app.ready()
    copy = { app, database }
  })

  after(async () => {
    await copy?.app.close()
    await copy?.database.close()
    await t?.close()
    for (const name of made) await dropPostgresDatabase(name).catch(() => {})
  })

  test('every table arrives with as many rows as SQLite had', async () => {
    assert.equal(report.ok, true)
    const byTable = new Map(report.tables.map((r) => [r.table, r]))
    for (const table of ['articles', 'discussion_posts', 'discussion_threads', 'search_documents', 'shop_products', 'users', 'settings']) {
      const row = byTable.get(table)
      assert.ok(row, `${table} was copied`)
      assert.ok(row.source > 0, `the demo has ${table} rows`)
      assert.equal(row.target, row.source, table)
    }
    assert.ok(!byTable.has('kysely_migration'), 'the migrations table is the target\'s own')
    assert.deepEqual(report.skipped.map((s) => s.table), ['search_fts'])
  })

  test("the threads' list versions arrive as they were, and the copy's triggers are on again", async () => {
    const versions = (db: typeof t.deps.db) => db.selectFrom('discussion_threads').select(['id', 'list_version']).orderBy('id').execute()
    const source = await versions(t.deps.db)
    assert.ok(source.some((r) => r.list_version > 0), 'the demo has threads whose posts moved their version')
    assert.deepEqual(await versions(copy!.database.db), source)
    const { rows } = await sql<{ enabled: string }>`select tgenabled as enabled from pg_trigger where tgname = 'discussion_posts_list_version'`.execute(copy!.database.db)
    assert.deepEqual(rows.map((r) => r.enabled), ['O'], 'the trigger fires again on the copy')
  })

  test('the copy answers the same pages', async () => {
    const db = t.deps.db
    const commented = await db.selectFrom('discussion_threads as th').innerJoin('articles as a', 'a.id', 'th.article_id')
      .select('a.slug').where('th.kind', '=', 'comments').where('th.post_count', '>', 2).orderBy('th.post_count', 'desc').executeTakeFirstOrThrow()
    const topic = await db.selectFrom('discussion_threads').select('subject_path').where('kind', '=', 'topic').orderBy('id').executeTakeFirstOrThrow()
    const product = await db.selectFrom('shop_products').select('slug').where('status', '=', 'active').orderBy('id').executeTakeFirstOrThrow()
    const pages = ['/', `/${commented.slug}`, '/forum', topic.subject_path, `/shop/p/${product.slug}`]
    for (const url of pages) {
      const [before, after] = [await t.agent().get(url), await new Agent(copy!.app).get(url)]
      assert.equal(before.statusCode, 200, url)
      assert.equal(after.statusCode, 200, url)
      assert.equal(withoutTokens(after.body), withoutTokens(before.body), url)
    }
    const article = await new Agent(copy!.app).get(`/${commented.slug}`)
    assert.ok((article.body.match(/id="comment-/g) ?? []).length > 2, 'the copied article shows its comments')
  })

  // FTS5 and tsvector rank ties and near-ties differently, so the order of
  // hits may differ; the counts, the filters and the set of hits may not.
  test('search on the copy finds the same things', async () => {
    const hits = new Map<string, string[]>()
    for (const [name, app] of [['sqlite', t.app], ['postgres', copy!.app]] as const) {
      const first = await new Agent(app).get('/search?q=minoxidil')
      assert.equal(first.statusCode, 200)
      const pages = Number(/page 1 of (\d+)/.exec(first.body)?.[1] ?? 1)
      const links: string[] = []
      for (let page = 1; page <= pages; page++) {
        const res = page === 1 ? first : await new Agent(app).get(`/search?q=minoxidil&page=${page}`)
        links.push(...[...res.body.matchAll(/class="search-result__title"><a href="([^"]+)"/g)].map((m) => m[1]))
      }
      hits.set(name, links.sort())
      hits.set(`${name}:rest`, [withoutTokens(first.body.replace(/<ol class="search-results"[\s\S]*?<\/ol>/, ''))])
    }
    assert.ok(hits.get('sqlite')!.length > 10, 'the demo has many hits for minoxidil')
    assert.deepEqual(hits.get('postgres'), hits.get('sqlite'))
    assert.deepEqual(hits.get('postgres:rest'), hits.get('sqlite:rest'))
  })

  test('new rows on the copy take ids after the copied ones', async () => {
    const { id: maxTag } = await t.deps.db.selectFrom('tags').select((eb) => eb.fn.max('id').as('id')).executeTakeFirstOrThrow()
    const inserted = await copy!.database.db.insertInto('tags').values({ slug: 'after-the-copy', name: 'After the copy', created_at: new Date().toISOString() }).returning('id').executeTakeFirstOrThrow()
    assert.equal(inserted.id, Number(maxTag) + 1)
  })

  test('a target that holds rows is refused and left as it was', async () => {
    await assert.rejects(copyToPostgres(t.deps.config.databaseUrl, targetUrl), (err: Error) => {
      assert.ok(err instanceof CopyRefused)
      assert.match(err.message, /is not empty \(table public\.\w+ has rows\)/)
      return true
    })
    const { n } = await copy!.database.db.selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    assert.equal(Number(n), report.tables.find((r) => r.table === 'articles')!.target)
  })

  test('an unreachable database is a clear refusal, with the password hidden', async () => {
    const u = new URL(admin!)
    u.pathname = '/crown_no_such_database'
    u.password = 'secret-pass'
    await assert.rejects(copyToPostgres(t.deps.config.databaseUrl, u.toString()), (err: Error) => {
      assert.ok(err instanceof CopyRefused)
      assert.match(err.message, /Cannot connect to the PostgreSQL database at .*crown_no_such_database/)
      assert.doesNotMatch(err.message, /secret-pass/)
      return true
    })
  })
})
