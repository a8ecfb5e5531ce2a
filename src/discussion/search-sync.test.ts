import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { redirectTarget } from '../test/harness.js'
import { testDialects } from '../test/databases.js'
import { sql } from 'kysely'
import { searchDocuments } from '../search/index.js'
import { backfillDiscussionSearch } from './search-sync.js'
import { forumTestApp, type ForumTestApp } from './forum/test-support.js'

// Site search follows the discussion engine: what readers can see is
// searchable, and only that.
for (const dialect of testDialects()) {
  describe(`forum topics and posts in site search (${dialect})`, () => {
    let t: ForumTestApp
    before(async () => { t = await forumTestApp(dialect) })
    after(() => t.close())

    const find = async (query: string) => (await searchDocuments(t.deps.db, { query, page: 1, perPage: 20, now: t.clock.now().toISOString() })).hits

    test('a held topic is not found; once approved it is, by a stemmed word; a trashed reply drops out', async () => {
      const cat = await t.category({ hold: true })
      const guest = t.agent()
      const topicPath = redirectTarget(await t.startTopic(guest, cat.slug, { title: 'Dermarolling diary', body: 'I have been microneedling weekly with a roller.', name: 'Ana G', email: '' }))
      assert.equal((await find('microneedle')).length, 0, 'held: not searchable')

      const mod = await t.signedIn('moderator')
      const held = await t.deps.db.selectFrom('discussion_posts').select('short_id').where('status', '=', 'pending').execute()
      await mod.get('/admin/comments')
      for (const p of held) redirectTarget(await mod.post(`/admin/comments/${p.short_id}/approve`, {}))

      const hits = await find('microneedle')
      assert.equal(hits.length, 1)
      assert.equal(hits[0].kind, 'topic')
      assert.equal(hits[0].title, 'Dermarolling diary')
      assert.equal(hits[0].category?.slug, cat.slug)
      assert.match(hits[0].url, /^\/forum\/t\//)

      const staff = await t.signedIn('editor')
      const replyPath = redirectTarget(await t.reply(staff, topicPath.split('#')[0], { body: 'Rolling schedules vary between trials.' }))
      const reply = (await find('schedules')).find((h) => h.kind === 'post')
      assert.ok(reply, 'the approved reply is searchable')
      assert.match(reply.title, /^Re: Dermarolling diary/)
      void replyPath

      const replyRow = await t.deps.db.selectFrom('discussion_posts').select('short_id').where('body_md', '=', 'Rolling schedules vary between trials.').executeTakeFirstOrThrow()
      await mod.get('/admin/comments')
      redirectTarget(await mod.post(`/admin/comments/${replyRow.short_id}/trash`, {}))
      assert.equal((await find('schedules')).length, 0, 'trashed: gone from search')
    })
  })
}

for (const dialect of testDialects()) {
  describe(`a site whose discussions predate search (${dialect})`, () => {
    let t: ForumTestApp
    before(async () => { t = await forumTestApp(dialect) })
    after(() => t.close())

    test('the index is filled once from approved posts only', async () => {
      const cat = await t.category({ hold: false })
      const staff = await t.signedIn('editor')
      redirectTarget(await t.startTopic(staff, cat.slug, { title: 'Minoxidil foam notes', body: 'Foam dried faster than the liquid for me.' }))
      await t.deps.db.deleteFrom('search_documents').execute()
      if (t.dialect === 'sqlite') await sql`delete from search_fts`.execute(t.deps.db)
      assert.equal((await searchDocuments(t.deps.db, { query: 'foam', page: 1, perPage: 20, now: t.clock.now().toISOString() })).hits.length, 0)
      assert.ok((await backfillDiscussionSearch(t.deps.db)) >= 1)
      assert.equal((await searchDocuments(t.deps.db, { query: 'foam', page: 1, perPage: 20, now: t.clock.now().toISOString() })).hits.length, 1)
      assert.equal(await backfillDiscussionSearch(t.deps.db), 0, 'a second run does nothing')
    })
  })
}
