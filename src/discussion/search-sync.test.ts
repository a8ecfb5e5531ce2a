import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { redirectTarget } from '../test/harness.js'
import { testDialects } from '../test/databases.js'
import { sql } from 'kysely'
import { searchDocuments } from '../search/index.js'
import { BACKFILL_KEY, backfillDiscussionSearch } from './search-sync.js'
import { forumTestApp, type ForumTestApp } from '../forum/fixtures.js'

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
      // A site from before search has no backfill record either.
      await t.deps.db.deleteFrom('settings').where('key', '=', BACKFILL_KEY).execute()
      assert.equal((await searchDocuments(t.deps.db, { query: 'foam', page: 1, perPage: 20, now: t.clock.now().toISOString() })).hits.length, 0)
      assert.ok((await backfillDiscussionSearch(t.deps.db)) >= 1)
      assert.equal((await searchDocuments(t.deps.db, { query: 'foam', page: 1, perPage: 20, now: t.clock.now().toISOString() })).hits.length, 1)
      assert.equal(await backfillDiscussionSearch(t.deps.db), 0, 'a second run does nothing')
    })

    test('an interrupted backfill resumes after the last post it indexed', async () => {
      const cat = await t.category({ hold: false })
      const staff = await t.signedIn('editor')
      redirectTarget(await t.startTopic(staff, cat.slug, { title: 'Roller cleaning routine', body: 'Isopropyl soak after each session.' }))
      redirectTarget(await t.startTopic(staff, cat.slug, { title: 'Dermaroller storage', body: 'A dry case, never the bathroom shelf.' }))
      const posts = await t.deps.db.selectFrom('discussion_posts').select('id').orderBy('id', 'desc').limit(2).execute()
      await t.deps.db.deleteFrom('search_documents').execute()
      if (t.dialect === 'sqlite') await sql`delete from search_fts`.execute(t.deps.db)
      // Stopped after the older of the two posts.
      await t.deps.db.insertInto('settings').values({ key: BACKFILL_KEY, value: String(posts[1].id) })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: String(posts[1].id) })).execute()
      assert.equal(await backfillDiscussionSearch(t.deps.db), 1)
      const find = async (q: string) => (await searchDocuments(t.deps.db, { query: q, page: 1, perPage: 20, now: t.clock.now().toISOString() })).hits.length
      assert.equal(await find('dermaroller'), 1, 'the post after the mark is indexed')
      assert.equal(await find('isopropyl'), 0, 'what was already done is not redone')
      const state = await t.deps.db.selectFrom('settings').select('value').where('key', '=', BACKFILL_KEY).executeTakeFirstOrThrow()
      assert.equal(state.value, 'done')
    })
  })
}
