import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testDialects } from '../test/databases.js'
import { redirectTarget } from '../test/harness.js'
import { FORUM_LIMITS } from './limits.js'
import { forumTestApp, type ForumTestApp } from './fixtures.js'

for (const dialect of testDialects()) {
  describe(`forum edit history on ${dialect}`, () => {
    let t: ForumTestApp
    before(async () => { t = await forumTestApp(dialect) })
    after(() => t.close())

    test('each edit keeps what it replaced; readers see "Edited", staff read every version; nothing unchanged is stored', async () => {
      const cat = await t.category({ hold: false })
      const ana = t.agent(); ana.ip = '198.51.100.201'
      const path = redirectTarget(await t.startTopic(ana, cat.slug, { title: 'Derma stamp at 1 mm', body: 'First words, typo teh.', name: 'Ana Editor Guest' }))
      const shortId = (await t.deps.db.selectFrom('discussion_posts').select('short_id').where('author_name', '=', 'Ana Editor Guest').executeTakeFirstOrThrow()).short_id
      assert.doesNotMatch((await t.agent().get(path)).body, /forum-post__edited/)

      await ana.get(`/forum/p/${shortId}/edit`)
      redirectTarget(await ana.post(`/forum/p/${shortId}/edit`, { title: 'Derma stamp at 1 mm', body: 'First words, typo teh.' }))
      const revisions = () => t.deps.db.selectFrom('discussion_post_revisions').selectAll().orderBy('id').execute()
      assert.equal((await revisions()).length, 0, 'saving the same text keeps no revision')

      t.clock.advance(60_000)
      redirectTarget(await ana.post(`/forum/p/${shortId}/edit`, { title: 'Derma stamp at 1.0 mm', body: 'First words, typo fixed.' }))
      t.clock.advance(FORUM_LIMITS.editWindowMs)
      await ana.get(path)
      assert.equal((await ana.post(`/forum/p/${shortId}/edit`, { title: 'Late', body: 'Too late to change.' })).statusCode, 403)
      assert.equal((await revisions()).length, 1, 'a refused edit keeps nothing')

      const mod = await t.signedIn('moderator', 'Mia Moderator')
      await mod.get(`/forum/p/${shortId}/edit`)
      redirectTarget(await mod.post(`/forum/p/${shortId}/edit`, { title: 'Derma stamp at 1.0 mm', body: 'First words, typo fixed. [Link removed by staff]' }))
      const revs = await revisions()
      assert.deepEqual(revs.map((r) => [r.body_md, r.title, r.edited_by_name]), [
        ['First words, typo teh.', 'Derma stamp at 1 mm', 'Ana Editor Guest'],
        ['First words, typo fixed.', 'Derma stamp at 1.0 mm', 'Mia Moderator'],
      ])

      const reader = (await t.agent().get(path)).body
      assert.match(reader, /<p class="forum-post__edited">Edited<\/p>/)
      assert.doesNotMatch(reader, /\/history/)
      const staffView = (await mod.get(path)).body
      assert.match(staffView, new RegExp(`<a href="/admin/posts/${shortId}/history">Edited · history</a>`))

      const history = await mod.get(`/admin/posts/${shortId}/history`)
      assert.equal(history.statusCode, 200)
      assert.match(history.body, /History of post #1 by Ana Editor Guest/)
      assert.match(history.body, /2 edits/)
      const order = ['Current version', 'Version 2', 'As first posted'].map((l) => history.body.indexOf(`>${l}</h2>`))
      assert.ok(order.every((i) => i > 0) && order[0] < order[1] && order[1] < order[2], 'newest first')
      assert.match(history.body, /Current version<\/h2><p class="mod-item__meta"><time[^>]*>[^<]*<\/time> · by Mia Moderator/)
      assert.match(history.body, /Version 2<\/h2><p class="mod-item__meta"><time[^>]*>[^<]*<\/time> · by Ana Editor Guest<\/p><p class="post-history__title">Title: <strong>Derma stamp at 1.0 mm/)
      assert.match(history.body, /As first posted<\/h2>[\s\S]*Title: <strong>Derma stamp at 1 mm<\/strong>[\s\S]*First words, typo teh\./)

      assert.equal((await mod.get('/admin/posts/zzzzzzzz/history')).statusCode, 404)
      const member = await t.signedIn('member')
      assert.equal((await member.get(`/admin/posts/${shortId}/history`)).statusCode, 403)
      assert.match(redirectTarget(await t.agent().get(`/admin/posts/${shortId}/history`)), /^\/sign-in/)
    })
  })
}
