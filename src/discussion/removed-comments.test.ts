import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testDialects } from '../test/databases.js'
import { redirectTarget } from '../test/harness.js'
import { discussionTestApp, type DiscussionTestApp } from './fixtures.js'
import { createPost, ensureCommentThread } from './posting.js'
import { buildTree, type CommentNode, type ShownComment } from './thread-view.js'
import type { PostRow, ThreadPostRow } from './queries.js'

// A removed comment's shown replies stay in place under a placeholder that
// shows nothing of the removed comment (WordPress, Discourse).

const subject = { articleId: 1, slug: 'a', title: 'A', authorUserId: 99, commentsEnabled: true, path: '/a' }
const pad = (n: number) => String(n).padStart(10, '0')
/** A visible row at the end of this chain of ids (the path is the tree). */
function row(chain: number[], name: string): ThreadPostRow {
  const id = chain[chain.length - 1]
  return {
    id, short_id: `s${id}`, path: chain.map(pad).join('.'), status: 'approved',
    author_key: null, author_name: name, author_url: null, author_role: null, author_user_id: null, body_html: `<p>${name} wrote</p>`, created_at: '2026-11-30T10:00:00.000Z', card_html: null, card_key: null,
  }
}
const shown = (n: CommentNode): ShownComment => { assert.equal(n.removed, false); return n as ShownComment }

describe('the comment tree around removed comments (thread view data)', () => {
  test('a reply whose parent is not shown hangs under a placeholder in the parent’s place', () => {
    // 1 → 2 → 3, and 4 (a root); 2 is removed.
    const tree = buildTree([row([1], 'Ann'), row([1, 2, 3], 'Cy'), row([4], 'Dee')], subject, { key: null, staff: false }, '/a')
    assert.deepEqual(tree.map((n) => (n.removed ? 'removed' : n.authorName)), ['Ann', 'Dee'])
    const ann = shown(tree[0])
    assert.equal(ann.children.length, 1)
    const placeholder = ann.children[0]
    assert.equal(placeholder.removed, true)
    assert.equal(placeholder.level, 2)
    assert.deepEqual(Object.keys(placeholder).sort(), ['anchor', 'children', 'level', 'removed'], 'a placeholder carries nothing of the removed comment')
    assert.doesNotMatch(placeholder.anchor, /s2|0000000002/)
    const cy = shown(placeholder.children[0])
    assert.equal(cy.authorName, 'Cy')
    assert.equal(cy.level, 3)
    assert.equal(cy.inReplyTo, null, 'it sits right under its (removed) parent')
    assert.equal(cy.permalink, '/a#comment-s3')
  })

  test('a removed root with shown replies becomes a top-level placeholder; a removed leaf leaves no trace', () => {
    // 1 (removed) → 2, 3 (removed) → 4 (removed) → 5; 6 is a removed leaf (absent entirely).
    const tree = buildTree([row([1, 2], 'Bo'), row([3, 4, 5], 'Eve')], subject, { key: null, staff: false }, '/a')
    assert.equal(tree.length, 2)
    assert.ok(tree.every((n) => n.removed))
    assert.equal(shown(tree[0].children[0]).authorName, 'Bo')
    const inner = tree[1].children[0]
    assert.equal(inner.removed, true, 'each removed ancestor keeps its own place')
    assert.equal(inner.level, 2)
    assert.equal(shown(inner.children[0]).level, 3)
  })

  test('beyond level 5, a reply to a removed comment says "in reply to" it without a name', () => {
    // A chain of 7; the 6th (rendered at level 5) is removed, the 7th shows.
    const chain = [1, 2, 3, 4, 5, 6, 7]
    const rows = chain.filter((id) => id !== 6).map((id) => row(chain.slice(0, id), `W${id}`))
    const tree = buildTree(rows, subject, { key: null, staff: false }, '/a')
    let level4: CommentNode = tree[0]
    for (let i = 0; i < 3; i++) level4 = level4.children[0]
    assert.equal(level4.level, 4)
    const [w5, placeholder, last] = level4.children
    assert.equal(shown(w5).authorName, 'W5')
    assert.equal(placeholder.removed, true)
    assert.equal(placeholder.level, 5)
    const w7 = shown(last)
    assert.equal(w7.level, 5)
    assert.deepEqual(w7.inReplyTo, { name: null, anchor: placeholder.anchor })
  })
})

for (const dialect of testDialects()) {
  describe(`removed comments on the article page (${dialect})`, () => {
    let t: DiscussionTestApp
    before(async () => { t = await discussionTestApp(dialect) })
    after(() => t.close())

    /** An approved comment chain: Alma → Bert → Cleo, and a separate root by Dora. */
    async function conversation() {
      const article = await t.makeArticle({ title: 'Ketoconazole shampoo notes' })
      const thread = await ensureCommentThread(t.deps.db, article, t.clock.now())
      const post = (parent: PostRow | null, name: string, body: string) => t.deps.db.transaction().execute((trx) => createPost(t.deps, trx, {
        thread, parent, author: { userId: null, name, email: `${name.toLowerCase()}@example.com`, url: `https://${name.toLowerCase()}.example.com/`, role: null, key: null },
        bodyMd: body, status: 'approved', heldReason: null, ipHash: null, notify: false, at: t.clock.now(),
      }))
      const alma = await post(null, 'Alma', 'Alma thinks twice a week is plenty.')
      const bert = await post(alma, 'Bert', 'Three times for me.')
      const cleo = await post(bert, 'Cleo', 'The 2% one?')
      const dora = await post(null, 'Dora', 'Dora starts a new thread.')
      return { article, alma, bert, cleo, dora }
    }

    test('a trashed comment’s replies stay under "This comment was removed." with nothing of it shown', async () => {
      const { article, alma, bert, cleo } = await conversation()
      const mod = await t.signedIn('moderator')
      await mod.get('/admin/comments')
      redirectTarget(await mod.post(`/admin/comments/${alma.short_id}/trash`, {}))

      const html = (await t.agent().get(article.path)).body
      const start = html.indexOf('comment--removed')
      assert.ok(start > 0, 'a placeholder is shown')
      assert.match(html, /<li class="comment comment--level-1 comment--removed"><div id="comment-removed-1" class="comment__card comment__card--removed"><p class="comment__removed">This comment was removed\.<\/p><\/div><ol class="comment-children"><li class="comment comment--level-2"><article id="comment-[a-z0-9]+" class="comment__card" aria-label="Comment by Bert">/)
      assert.match(html, new RegExp(`<li class="comment comment--level-3"><article id="comment-${cleo.short_id}"`), 'the reply’s reply keeps its level')
      assert.doesNotMatch(html, /alma/i, 'no author, text or website of the removed comment')
      assert.doesNotMatch(html, new RegExp(alma.short_id), 'no link or anchor of the removed comment')
      assert.match(html, /3 thoughts on/, 'the count is of approved comments')

      // The replies' permalinks still find them.
      const res = await t.agent().get(`/comments/${bert.short_id}`)
      assert.equal(redirectTarget(res), `${article.path}#comment-${bert.short_id}`)
      assert.equal((await t.agent().get(`/comments/${alma.short_id}`)).statusCode, 404)
    })

    test('beyond level 5, a reply under a removed comment reads "in reply to a removed comment"', async () => {
      const article = await t.makeArticle()
      const thread = await ensureCommentThread(t.deps.db, article, t.clock.now())
      let parent: PostRow | null = null
      const chain: PostRow[] = []
      for (let depth = 0; depth < 7; depth++) {
        parent = await t.deps.db.transaction().execute((trx) => createPost(t.deps, trx, {
          thread, parent, author: { userId: null, name: `Deep ${depth}`, email: `deep${depth}@example.com`, url: null, role: null, key: null },
          bodyMd: `depth ${depth}`, status: 'approved', heldReason: null, ipHash: null, notify: false, at: t.clock.now(),
        }))
        chain.push(parent)
      }
      const mod = await t.signedIn('moderator')
      await mod.get('/admin/comments')
      redirectTarget(await mod.post(`/admin/comments/${chain[5].short_id}/trash`, {}))
      const html = (await t.agent().get(article.path)).body
      assert.match(html, /<li class="comment comment--level-5 comment--removed"><div id="(comment-removed-\d+)"/)
      const anchor = /<li class="comment comment--level-5 comment--removed"><div id="(comment-removed-\d+)"/.exec(html)![1]
      const last = html.slice(html.indexOf(`id="comment-${chain[6].short_id}"`))
      assert.match(last, new RegExp(`^[^]*?<p class="comment__in-reply-to">in reply to <a href="#${anchor}">a removed comment</a></p>`))
      assert.doesNotMatch(html, /Deep 5/)
    })

    test('purging the trashed comment keeps its approved replies under the placeholder, with their permalinks', async () => {
      const { article, alma, bert, cleo, dora } = await conversation()
      const mod = await t.signedIn('moderator')
      await mod.get('/admin/comments')
      redirectTarget(await mod.post(`/admin/comments/${bert.short_id}/trash`, {}))
      await mod.get('/admin/comments?status=trash')
      redirectTarget(await mod.post(`/admin/comments/${bert.short_id}/purge`, {}))
      assert.equal(await t.deps.db.selectFrom('discussion_posts').select('id').where('short_id', '=', bert.short_id).executeTakeFirst(), undefined, 'the row is gone')
      const audit = await t.deps.db.selectFrom('audit_log').selectAll().where('action', '=', 'comment.purge').where('subject_id', '=', bert.short_id).executeTakeFirstOrThrow()
      assert.equal(audit.actor_user_id, mod.userId)

      const html = (await t.agent().get(article.path)).body
      assert.match(html, new RegExp(`<li class="comment comment--level-1"><article id="comment-${alma.short_id}"[\\s\\S]*?<ol class="comment-children"><li class="comment comment--level-2 comment--removed">[\\s\\S]*?This comment was removed\\.[\\s\\S]*?<li class="comment comment--level-3"><article id="comment-${cleo.short_id}"`))
      assert.doesNotMatch(html, /bert/i)
      assert.match(html, new RegExp(`id="comment-${dora.short_id}"`))
      assert.match(html, /3 thoughts on/)
      assert.equal(redirectTarget(await t.agent().get(`/comments/${cleo.short_id}`)), `${article.path}#comment-${cleo.short_id}`)
      const counts = await t.deps.db.selectFrom('discussion_threads').select(['post_count', 'top_level_count']).where('article_id', '=', article.articleId).executeTakeFirstOrThrow()
      assert.deepEqual(counts, { post_count: 3, top_level_count: 2 }, 'Cleo stays a reply: it does not become a top-level comment')
    })
  })
}
