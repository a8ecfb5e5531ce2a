import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testDialects } from '../test/databases.js'
import { redirectTarget } from '../test/harness.js'
import { forumTestApp, type ForumTestApp } from './fixtures.js'
import { ViewCounts } from './view-counts.js'

for (const dialect of testDialects()) {
  describe(`topic view counts on ${dialect}`, () => {
    let t: ForumTestApp
    before(async () => { t = await forumTestApp(dialect) })
    after(() => t.close())

    const stored = async (shortId: string) => Number((await t.deps.db.selectFrom('discussion_threads').select('view_count').where('short_id', '=', shortId).executeTakeFirstOrThrow()).view_count)

    async function topic(title: string) {
      const cat = await t.category()
      const staff = await t.signedIn('editor')
      const path = redirectTarget(await t.startTopic(staff, cat.slug, { title, body: 'Notes on a routine.' }))
      return { path, shortId: path.split('/')[3] }
    }

    test('views are counted in memory and written together by a flush, as increments', async () => {
      const a = await topic('Counting views A')
      const b = await topic('Counting views B')
      const ids = await t.deps.db.selectFrom('discussion_threads').select(['id', 'short_id']).where('short_id', 'in', [a.shortId, b.shortId]).execute()
      const idOf = (s: string) => ids.find((r) => r.short_id === s)!.id
      const views = new ViewCounts(t.deps.db, 0)
      for (let i = 0; i < 3; i++) views.count(idOf(a.shortId))
      views.count(idOf(b.shortId))
      assert.equal(views.unwritten(idOf(a.shortId)), 3)
      assert.equal(await stored(a.shortId), 0, 'nothing is written per view')
      // Another process on the same database adds its own views meanwhile.
      await t.deps.db.updateTable('discussion_threads').set({ view_count: 10 }).where('short_id', '=', a.shortId).execute()
      await views.flush()
      assert.equal(await stored(a.shortId), 13)
      assert.equal(await stored(b.shortId), 1)
      assert.equal(views.unwritten(idOf(a.shortId)), 0)
      await views.flush()
      assert.equal(await stored(a.shortId), 13, 'a second flush adds nothing twice')
    })

    test('two processes counting views of one topic: each view is written once, and each process then shows the sum', async () => {
      const a = await topic('Counting views in two processes')
      const { id } = await t.deps.db.selectFrom('discussion_threads').select('id').where('short_id', '=', a.shortId).executeTakeFirstOrThrow()
      const first = new ViewCounts(t.deps.db, 0)
      const second = new ViewCounts(t.deps.db, 0)
      for (let i = 0; i < 2; i++) first.count(id)
      for (let i = 0; i < 5; i++) second.count(id)
      // Until its flush, a process's views show only in that process.
      assert.equal(await stored(a.shortId) + first.unwritten(id), 2)
      assert.equal(await stored(a.shortId) + second.unwritten(id), 5)
      await Promise.all([first.flush(), second.flush()])
      assert.equal(await stored(a.shortId) + first.unwritten(id), 7)
      assert.equal(await stored(a.shortId) + second.unwritten(id), 7)
    })

    test('the topic page shows views including those not yet written, and the app writes them when it stops', async () => {
      const a = await topic('Counting views on the page')
      const reader = t.agent()
      let html = ''
      for (let i = 0; i < 3; i++) html = (await reader.get(a.path)).body
      assert.match(html, /3 views/)
      // A quote link is not a reading visit.
      const quote = /href="([^"]*quote=[a-z0-9]+#reply)"/.exec(html)![1].replace(/&amp;/g, '&')
      await reader.get(quote)
      assert.match((await reader.get(a.path)).body, /4 views/)
      await t.app.close() // onClose flushes, before the database is closed by t.close()
      assert.equal(await stored(a.shortId), 4)
    })

  })
}
