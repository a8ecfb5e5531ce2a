import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import type { FastifyInstance } from 'fastify'
import { testApp, type TestApp } from '../test/harness.js'
import { testDialects } from '../test/databases.js'
import { openDatabase, sql, type Database } from '../db/database.js'
import { assembleDeps } from '../boot.js'
import { buildApp } from '../app.js'
import type { Deps } from '../deps.js'
import { contentFixtures } from '../content/fixtures.js'
import { SiteVersions, bumpSiteVersion, readSiteVersion } from './site-version.js'

const hidden = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1]?.replace(/&amp;/g, '&')
const silent = { info() {}, warn() {}, error() {} }

/** Waits until `ready()` holds, giving the event loop turns in between (no deadline: the test runner's own timeout ends a hang). */
async function until(ready: () => boolean) {
  while (!ready()) await new Promise((r) => setTimeout(r, 5))
}

describe('the site version on SQLite, across connections', () => {
  test('PRAGMA data_version shows another connection\'s write; total_changes() this connection\'s own', async () => {
    const t = await testApp('sqlite')
    const other = openDatabase(t.deps.database.sqliteFile!)
    try {
      const versions = new SiteVersions(t.deps.database)
      const first = await versions.current()
      assert.equal(await versions.current(), first, 'nothing moved: the same version, from memory')

      await bumpSiteVersion(other.db)
      const second = await readSiteVersion(other.db)
      assert.notEqual(second, first)
      assert.equal(await versions.current(), second, 'another process\'s write is seen at the next request')

      // A write through this process's own connection, not through bumpSiteVersion's tracker.
      await t.deps.db.updateTable('settings').set({ value: 'written-here' }).where('key', '=', 'site.version').execute()
      assert.equal(await versions.current(), 'written-here')
    } finally {
      await other.close()
      await t.close()
    }
  })
})

for (const dialect of testDialects()) {
  describe(`two app processes on one ${dialect} database`, () => {
    let t: TestApp
    let second: { database: Database; deps: Deps; app: FastifyInstance }
    let slug: string
    before(async () => {
      t = await testApp(dialect)
      slug = (await contentFixtures(t).post({ title: 'Finasteride and the first six months' })).slug
      // A second process: its own connection (pool and listener), its own page cache.
      const database = openDatabase(t.deps.config.databaseUrl)
      const deps = await assembleDeps(t.deps.config, database, { clock: t.clock, log: silent })
      const app = await buildApp(deps)
      await app.ready()
      second = { database, deps, app }
    })
    after(async () => {
      await second.app.close()
      await second.deps.jobs.stop()
      second.deps.mail.close()
      await second.deps.siteVersions.close()
      await second.database.close()
      await t.close()
    })

    const viaSecond = async () => (await second.app.inject({ method: 'GET', url: `/${slug}` })).body

    /** A guest comment, held for review, then approved by a moderator through the first app. */
    const heldComment = async (text: string, ip: string) => {
      const reader = t.agent()
      reader.ip = ip
      const page = await reader.get(`/${slug}`)
      t.clock.advance(5_000)
      const posted = await reader.post('/comments', {
        subject: slug, parent: '', stamp: hidden(page.body, 'stamp')!, address: '',
        name: 'Cross Reader', email: `${ip}@example.com`, url: '', comment: text,
      })
      assert.equal(posted.statusCode, 303, posted.body.slice(0, 300))
      const row = await t.deps.db.selectFrom('discussion_posts').select('short_id').where('status', '=', 'pending').orderBy('id', 'desc').executeTakeFirstOrThrow()
      return row.short_id
    }
    const approve = async (shortId: string) => {
      const mod = await t.signedIn('moderator')
      await mod.get('/admin/comments')
      const res = await mod.post(`/admin/comments/${shortId}/approve`)
      assert.ok(res.statusCode < 400, `approve answered ${res.statusCode}`)
      // On PostgreSQL the change reaches the second process by NOTIFY, sent
      // at commit to every listener at once; in one test process the
      // notification to the second app's listener may be read just after the
      // first app's own, so wait until it is (SQLite: nothing to wait for).
      await second.deps.siteVersions.seen(await readSiteVersion(t.deps.db))
    }

    test('a change posted through one app shows at the very next page view through the other', async () => {
      const held = await heldComment('Is the shedding at month two normal?', '198.51.100.31')
      // The second app has the page cached without the comment.
      assert.doesNotMatch(await viaSecond(), /Is the shedding at month two normal\?/)
      assert.doesNotMatch(await viaSecond(), /Is the shedding at month two normal\?/)
      const hits = second.deps.pageCache!.hits
      await approve(held)
      assert.match(await viaSecond(), /Is the shedding at month two normal\?/)
      assert.match(await viaSecond(), /Is the shedding at month two normal\?/)
      assert.ok(second.deps.pageCache!.hits > hits, 'the second app still serves from its cache between changes')
      if (dialect === 'postgres') assert.ok(second.deps.siteVersions.isListening, 'the change arrived by NOTIFY')
    })

    if (dialect === 'postgres') {
      test('when the listener\'s connection is ended, pages check the version per request, and the listener comes back', async () => {
        const versions = second.deps.siteVersions
        const connects = versions.connects
        const pid = await versions.listenerPid()
        assert.ok(pid)
        await sql`SELECT pg_terminate_backend(${pid})`.execute(t.deps.db)
        await until(() => !versions.isListening || versions.connects > connects)

        // Whether or not it is back yet, a change reaches the second app.
        const held = await heldComment('Does the dose matter for shedding?', '198.51.100.32')
        assert.doesNotMatch(await viaSecond(), /Does the dose matter for shedding\?/)
        await approve(held)
        assert.match(await viaSecond(), /Does the dose matter for shedding\?/)

        await versions.connected(connects + 1)
        assert.ok(versions.isListening)
        const another = await heldComment('And for regrowth?', '198.51.100.33')
        assert.doesNotMatch(await viaSecond(), /And for regrowth\?/)
        await approve(another)
        assert.match(await viaSecond(), /And for regrowth\?/)
      })

      test('a listener that cannot reconnect leaves pages correct: the version is read per request', async () => {
        const versions = new SiteVersions(second.database, { databaseUrl: t.deps.config.databaseUrl, retryMs: 3_600_000 })
        try {
          await versions.start()
          assert.ok(versions.isListening)
          const pid = await versions.listenerPid()
          await sql`SELECT pg_terminate_backend(${pid})`.execute(t.deps.db)
          await until(() => !versions.isListening)
          await bumpSiteVersion(t.deps.db)
          assert.equal(await versions.current(), await readSiteVersion(t.deps.db))
        } finally {
          await versions.close()
        }
      })
    }
  })
}
