import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import { testApp, type TestApp } from '../test/harness.js'
import { testDialects } from '../test/databases.js'
import { chunksOf, fixture } from './fixtures.js'
import { importWordPress } from './wordpress-import.js'
import { importDisqus } from './disqus-import.js'

const SITE = fs.readFileSync(fixture('site.wxr.xml'), 'utf8')
const DISQUS = fs.readFileSync(fixture('disqus.xml'), 'utf8')

for (const dialect of testDialects()) {
  describe(`importing a Disqus export on ${dialect}`, () => {
    let t: TestApp
    let first: Awaited<ReturnType<typeof importDisqus>>
    before(async () => {
      t = await testApp(dialect)
      await importWordPress(t.deps, chunksOf(SITE))
      first = await importDisqus(t.deps, chunksOf(DISQUS))
    })
    after(() => t.close())

    const commentsOn = async (slug: string) => {
      const a = await t.deps.db.selectFrom('articles').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()
      return t.deps.db.selectFrom('discussion_posts').innerJoin('discussion_threads', 'discussion_threads.id', 'discussion_posts.thread_id')
        .selectAll('discussion_posts').where('discussion_threads.article_id', '=', a.id).orderBy('discussion_posts.id').execute()
    }

    test('threads are matched to imported articles: by the WordPress id in the identifier, and by the old link through the redirects', async () => {
      assert.equal(first.report.counts.thread?.imported, 2)
      const micro = await commentsOn('microneedling-at-home')
      assert.ok(micro.some((p) => /How often do you roll/.test(p.body_md)), 'the thread with only a dated link lands on its article')
    })

    test('posts keep their threading; deleted ones are trash, spam is spam; a known address is that account', async () => {
      const micro = await commentsOn('microneedling-at-home')
      const jo = micro.find((p) => /How often do you roll/.test(p.body_md))!
      const tobi = micro.find((p) => /Weekly for me/.test(p.body_md))!
      const third = micro.find((p) => /clean it after every use/.test(p.body_md))!
      assert.equal(tobi.parent_id, jo.id)
      assert.equal(third.parent_id, tobi.id)
      assert.equal(third.depth, 2)
      const staff = await t.deps.db.selectFrom('users').select(['id']).where('email', '=', 'tobi@rootwise.example').executeTakeFirstOrThrow()
      assert.equal(tobi.author_user_id, staff.id)
      assert.match(tobi.body_md, /0\.5\s*mm/, 'HTML entities decoded')
      const massage = await commentsOn('scalp-massage-routine')
      assert.equal(massage.find((p) => /deleted by its author/.test(p.body_md))?.status, 'trash')
      assert.equal(massage.find((p) => /Cheap rollers/.test(p.body_md))?.status, 'spam')
      const page = await t.agent().get('/microneedling-at-home')
      assert.match(page.body, /How often do you roll/)
      assert.doesNotMatch(page.body, /jo@mail\.example/)
    })

    test('a second run changes nothing; a thread with no article here is reported, its posts skipped', async () => {
      const count = async () => (await t.deps.db.selectFrom('discussion_posts').select('id').execute()).length
      const n = await count()
      const again = await importDisqus(t.deps, chunksOf(DISQUS))
      assert.equal(await count(), n)
      assert.equal(again.report.counts.comment?.imported ?? 0, 0)
      assert.equal(again.report.counts.comment?.unchanged, first.report.counts.comment?.imported)
      const stray = DISQUS.replace('<thread dsq:id="8002">', '<thread dsq:id="8003"><id /><forum>rootwise</forum><category dsq:id="7001" /><link>https://rootwise.example/2020/01/gone/</link><title>Gone</title><message /><createdAt>2020-01-01T00:00:00Z</createdAt><author><name>X</name><isAnonymous>true</isAnonymous></author><ipAddress>192.0.2.1</ipAddress><isClosed>false</isClosed><isDeleted>false</isDeleted></thread>\n  <thread dsq:id="8002">')
        .replace('<thread dsq:id="8001" />\n  </post>\n  <post dsq:id="9005">', '<thread dsq:id="8003" />\n  </post>\n  <post dsq:id="9005">')
      assert.notEqual(stray, DISQUS)
      const res = await importDisqus(t.deps, chunksOf(stray))
      assert.equal(res.report.counts.thread?.skipped, 1)
      assert.ok(res.report.warnings.some((w) => /no article here matches https:\/\/rootwise\.example\/2020\/01\/gone\//.test(w.message)))
    })

    test('a dry run writes nothing', async () => {
      const other = await testApp(dialect)
      try {
        await importWordPress(other.deps, chunksOf(SITE))
        const before = (await other.deps.db.selectFrom('discussion_posts').select('id').execute()).length
        const res = await importDisqus(other.deps, chunksOf(DISQUS), { dryRun: true })
        assert.ok((res.report.counts.comment?.imported ?? 0) >= 4)
        assert.equal((await other.deps.db.selectFrom('discussion_posts').select('id').execute()).length, before)
      } finally {
        await other.close()
      }
    })
  })
}
