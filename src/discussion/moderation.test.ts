import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testDialects } from '../test/databases.js'
import { redirectTarget } from '../test/harness.js'
import { discussionTestApp, type DiscussionTestApp } from './fixtures.js'
import { POST_LIMITS } from './limits.js'
import { pendingCommentCount, commentCounts } from './index.js'

let ipSeq = 10

for (const dialect of testDialects()) {
  describe(`moderation queue on ${dialect}`, () => {
    let t: DiscussionTestApp
    before(async () => { t = await discussionTestApp(dialect) })
    after(() => t.close())

    /** Posts a held first-time comment as a new guest and returns its short id. */
    async function heldComment(article: Awaited<ReturnType<DiscussionTestApp['makeArticle']>>, name: string, opts: { replyTo?: string } = {}) {
      const a = t.agent(); a.ip = `203.0.113.${ipSeq++}`
      t.clock.advance(POST_LIMITS.comment.intervalMs)
      const res = await t.comment(a, article, { name, email: `${name.toLowerCase().replace(/\W+/g, '.')}@example.com`, url: '', comment: `Words from ${name}` }, opts)
      return redirectTarget(res).split('#comment-')[1]
    }
    const statusOf = async (shortId: string) =>
      (await t.deps.db.selectFrom('discussion_posts').select('status').where('short_id', '=', shortId).executeTakeFirstOrThrow()).status
    const threadCounts = async (articleId: number) =>
      t.deps.db.selectFrom('discussion_threads').select(['post_count', 'top_level_count']).where('article_id', '=', articleId).executeTakeFirstOrThrow()

    test('roles: anonymous is sent to sign in, a member gets 403, staff moderate', async () => {
      const anon = await t.agent().get('/admin/comments')
      assert.equal(redirectTarget(anon), '/sign-in?next=%2Fadmin%2Fcomments')
      const member = await t.signedIn('member')
      assert.equal((await member.get('/admin/comments')).statusCode, 403)
      assert.equal((await member.get('/admin/comments/settings')).statusCode, 403)
      const mod = await t.signedIn('moderator')
      assert.equal((await mod.get('/admin/comments')).statusCode, 200)
      assert.equal((await mod.get('/admin/comments/settings')).statusCode, 403, 'the word list is for admins')
      const anonPost = await t.agent().post('/admin/comments/bulk', { action: 'approve', ids: 'whatever' })
      assert.equal(anonPost.statusCode, 403)
    })

    test('the queue shows author, email, IP hash prefix, article, excerpt and reason; approve updates counts at once', async () => {
      const article = await t.makeArticle({ title: 'Microneedling, measured' })
      const id = await heldComment(article, 'Queue Person')
      const mod = await t.signedIn('moderator')
      const queue = await mod.get('/admin/comments')
      assert.match(queue.body, /<h1>Moderation<\/h1>/, 'one queue for comments and forum posts')
      assert.match(queue.body, /Pending <span class="mod-tabs__count">\(1\)<\/span>/)
      assert.match(queue.body, /<strong>Queue Person<\/strong>/)
      assert.match(queue.body, /queue\.person@example\.com/, 'staff see the email')
      assert.match(queue.body, /IP hash <code>[\w-]{10}<\/code>/)
      assert.match(queue.body, new RegExp(`<span class="mod-item__kind">Comment</span> on <a href="${article.path}">Microneedling, measured</a>`))
      assert.match(queue.body, /Words from Queue Person/)
      assert.match(queue.body, /Held: First comment from this email address/)
      assert.equal(await pendingCommentCount(t.deps), 1)
      assert.match(queue.body, /Comments<span class="badge" aria-label="1 pending">1<\/span>/, 'the staff navigation shows the pending count')

      assert.deepEqual(await threadCounts(article.articleId), { post_count: 0, top_level_count: 0 })
      redirectTarget(await mod.post(`/admin/comments/${id}/approve`, { back: '/admin/comments?status=pending' }))
      assert.equal(await statusOf(id), 'approved')
      assert.deepEqual(await threadCounts(article.articleId), { post_count: 1, top_level_count: 1 })
      assert.equal((await commentCounts(t.deps, [article.articleId])).get(article.articleId), 1)
      assert.match((await t.agent().get(article.path)).body, /1 thought on “Microneedling, measured”/)
      assert.equal(await pendingCommentCount(t.deps), 0)

      const approved = await mod.get('/admin/comments?status=approved')
      assert.match(approved.body, /Words from Queue Person/)
      assert.match(approved.body, /Approved <span class="mod-tabs__count">\(1\)<\/span>/)
    })

    test('spam, trash, restore and unapprove move a comment and keep the counts right', async () => {
      const article = await t.makeArticle()
      const id = await heldComment(article, 'Mover Person')
      const mod = await t.signedIn('moderator')
      await mod.get('/admin/comments')
      redirectTarget(await mod.post(`/admin/comments/${id}/approve`))
      const reply = await heldComment(article, 'Reply Person', { replyTo: id })
      redirectTarget(await mod.post(`/admin/comments/${reply}/approve`))
      assert.deepEqual(await threadCounts(article.articleId), { post_count: 2, top_level_count: 1 })

      redirectTarget(await mod.post(`/admin/comments/${reply}/spam`))
      assert.equal(await statusOf(reply), 'spam')
      assert.deepEqual(await threadCounts(article.articleId), { post_count: 1, top_level_count: 1 })
      assert.doesNotMatch((await t.agent().get(article.path)).body, /Words from Reply Person/)

      redirectTarget(await mod.post(`/admin/comments/${reply}/restore`))
      assert.equal(await statusOf(reply), 'approved', 'a once-approved comment goes back live')
      redirectTarget(await mod.post(`/admin/comments/${id}/trash`))
      assert.deepEqual(await threadCounts(article.articleId), { post_count: 1, top_level_count: 0 })
      const trash = await mod.get('/admin/comments?status=trash')
      assert.match(trash.body, /Words from Mover Person/)
      redirectTarget(await mod.post(`/admin/comments/${id}/restore`))
      redirectTarget(await mod.post(`/admin/comments/${id}/unapprove`))
      assert.equal(await statusOf(id), 'pending')
      assert.deepEqual(await threadCounts(article.articleId), { post_count: 1, top_level_count: 0 })

      const never = await heldComment(article, 'Spammy Person')
      redirectTarget(await mod.post(`/admin/comments/${never}/spam`))
      redirectTarget(await mod.post(`/admin/comments/${never}/restore`))
      assert.equal(await statusOf(never), 'pending', 'a never-approved comment goes back to pending')
    })

    test('bulk actions apply to every ticked comment in one go', async () => {
      const article = await t.makeArticle()
      const ids = [await heldComment(article, 'Bulk One'), await heldComment(article, 'Bulk Two'), await heldComment(article, 'Bulk Three')]
      const mod = await t.signedIn('editor')
      const page = await mod.get('/admin/comments')
      for (const id of ids) assert.match(page.body, new RegExp(`name="ids" value="${id}" form="bulk-form"`))
      const none = await mod.post('/admin/comments/bulk', { action: 'approve', back: '/admin/comments' })
      assert.equal(redirectTarget(none), '/admin/comments')
      assert.match((await mod.get('/admin/comments')).body, /Select at least one comment first/)
      redirectTarget(await mod.post('/admin/comments/bulk', { action: 'approve', ids: [ids[0], ids[1]], back: '/admin/comments?status=pending' }))
      assert.equal(await statusOf(ids[0]), 'approved')
      assert.equal(await statusOf(ids[1]), 'approved')
      assert.equal(await statusOf(ids[2]), 'pending')
      assert.deepEqual(await threadCounts(article.articleId), { post_count: 2, top_level_count: 2 })
      redirectTarget(await mod.post('/admin/comments/bulk', { action: 'trash', ids, back: '/admin/comments?status=approved' }))
      for (const id of ids) assert.equal(await statusOf(id), 'trash')
      assert.deepEqual(await threadCounts(article.articleId), { post_count: 0, top_level_count: 0 })
      const audit = await t.deps.db.selectFrom('audit_log').select('action').where('subject_id', '=', ids[2]).execute()
      assert.deepEqual(audit.map((a) => a.action), ['comment.trash'])
    })

    test('a staff reply from the queue is live at once and approves the pending comment it answers', async () => {
      const article = await t.makeArticle({ title: 'Minoxidil shedding' })
      const id = await heldComment(article, 'Asking Person')
      const mod = await t.signedIn('moderator', 'Mia Moderator')
      const form = await mod.get(`/admin/comments/${id}/reply`)
      assert.match(form.body, /Reply to Asking Person/)
      assert.match(form.body, /Words from Asking Person/)
      const empty = await mod.post(`/admin/comments/${id}/reply`, { comment: '   ' })
      assert.equal(empty.statusCode, 422)
      assert.match(empty.body, /Write your comment first/)
      redirectTarget(await mod.post(`/admin/comments/${id}/reply`, { comment: 'Shedding in the first weeks is **described on the label**.' }))
      assert.equal(await statusOf(id), 'approved')
      assert.deepEqual(await threadCounts(article.articleId), { post_count: 2, top_level_count: 1 })
      const html = (await t.agent().get(article.path)).body
      assert.match(html, /Mia Moderator<\/span><span class="comment__badge comment__badge--staff">Staff<\/span>/)
      assert.match(html, /<ol class="comment-children">[\s\S]*described on the label/)
      assert.equal((await mod.get('/admin/comments/zzzzzzzz/reply')).statusCode, 404)
    })

    test('a member cannot act on comments, and a moderator cannot act without the CSRF token', async () => {
      const article = await t.makeArticle()
      const id = await heldComment(article, 'Guarded Person')
      const member = await t.signedIn('member')
      await member.get('/')
      assert.equal((await member.post(`/admin/comments/${id}/approve`)).statusCode, 403)
      const mod = await t.signedIn('moderator')
      await mod.get('/admin/comments')
      assert.equal((await mod.post(`/admin/comments/${id}/approve`, { _csrf: '' })).statusCode, 403)
      assert.equal(await statusOf(id), 'pending')
    })
  })
}
