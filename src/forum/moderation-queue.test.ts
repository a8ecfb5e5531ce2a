import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testDialects } from '../test/databases.js'
import { redirectTarget, type Agent } from '../test/harness.js'
import { iso } from '../clock.js'
import { discussionTestApp, type DiscussionTestApp } from '../discussion/fixtures.js'
import { POST_LIMITS } from '../discussion/limits.js'
import { insertCategory } from './queries/index.js'
import { hidden } from './fixtures.js'

// The one moderation queue holds article comments and forum posts side by
// side; each row says which it is, and a filter shows one kind.

let ipSeq = 10

for (const dialect of testDialects()) {
  describe(`moderation queue with forum posts on ${dialect}`, () => {
    let t: DiscussionTestApp
    before(async () => { t = await discussionTestApp(dialect) })
    after(() => t.close())

    const guest = () => { const a = t.agent(); a.ip = `192.0.2.${ipSeq++}`; return a }
    async function heldTopic(a: Agent, slug: string, title: string, name: string) {
      const form = await a.get(`/forum/c/${slug}/new`)
      t.clock.advance(5_000)
      return redirectTarget(await a.post(`/forum/c/${slug}/new`, { stamp: hidden(form.body, 'stamp'), address: '', title, body: `Notes from ${name}, plainly put.`, name, email: '' }))
    }

    test('a held comment and a held forum post sit in one queue, each labelled, and the kind filter separates them', async () => {
      const catId = await insertCategory(t.deps.db, { slug: 'queue-cat', name: 'Scalp massage', description: 'Notes.', position: 1, guestPolicy: 'topics', holdFirstGuestPosts: true }, iso(t.clock.now()))
      assert.ok(catId)
      const topicPath = await heldTopic(guest(), 'queue-cat', 'Two months of massage', 'Forum Guest')
      const article = await t.makeArticle({ title: 'Minoxidil, measured' })
      const c = guest()
      t.clock.advance(POST_LIMITS.comment.intervalMs)
      redirectTarget(await t.comment(c, article, { name: 'Comment Guest', email: 'comment.guest@example.com', url: '', comment: 'A comment waiting' }))

      const mod = await t.signedIn('moderator')
      const all = await mod.get('/admin/comments')
      assert.equal(all.statusCode, 200)
      assert.match(all.body, /<h1>Moderation<\/h1>/)
      assert.match(all.body, /Pending <span class="mod-tabs__count">\(2\)<\/span>/)
      assert.match(all.body, new RegExp(`<span class="mod-item__kind">Forum post #1</span> in <a href="${topicPath}">Two months of massage</a> · <a href="/forum/c/queue-cat">Scalp massage</a>`))
      assert.match(all.body, /<strong>Forum Guest<\/strong><span class="forum-badge forum-badge--guest">guest<\/span>/)
      assert.match(all.body, /<span class="mod-item__kind">Comment<\/span> on <a href="[^"]+">Minoxidil, measured<\/a>/)
      assert.match(all.body, /First forum post from this guest/)

      const forum = await mod.get('/admin/comments?kind=forum')
      assert.match(forum.body, /Pending <span class="mod-tabs__count">\(1\)<\/span>/)
      assert.match(forum.body, /Two months of massage/)
      assert.doesNotMatch(forum.body, /A comment waiting/)
      assert.match(forum.body, /href="\/admin\/comments\?status=approved&amp;kind=forum"/, 'the status tabs keep the filter')
      assert.match(forum.body, /<a href="\/admin\/comments\?status=pending&amp;kind=forum" aria-current="true">Forum posts<\/a>/)

      const comments = await mod.get('/admin/comments?kind=comments')
      assert.match(comments.body, /A comment waiting/)
      assert.doesNotMatch(comments.body, /Two months of massage/)
      assert.doesNotMatch(comments.body, /Forum post #/)
      // A forum post is answered in its topic, not through the comment reply page.
      const forumId = /name="ids" value="([a-z0-9]+)"/.exec(forum.body)![1]
      assert.doesNotMatch(forum.body, new RegExp(`/admin/comments/${forumId}/reply`))
      assert.equal((await mod.get(`/admin/comments/${forumId}/reply`)).statusCode, 404)

      // Approving from the filtered view returns to it and publishes the topic.
      assert.equal(redirectTarget(await mod.post(`/admin/comments/${forumId}/approve`, { back: '/admin/comments?status=pending&kind=forum' })), '/admin/comments?status=pending&kind=forum')
      assert.equal((await t.agent().get(topicPath)).statusCode, 200)
      assert.match((await mod.get('/admin/comments?kind=forum')).body, /Nothing is waiting for moderation/)
      assert.match((await mod.get('/admin/comments?kind=nonsense')).body, /A comment waiting/, 'an unknown filter shows everything')
    })
  })
}
