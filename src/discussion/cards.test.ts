import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testDialects } from '../test/databases.js'
import { redirectTarget } from '../test/harness.js'
import { siteTimeZone, setSiteTimeZone } from '../views/format.js'
import { discussionTestApp, type DiscussionTestApp } from './fixtures.js'
import { POST_LIMITS } from './limits.js'
import { saveCards, updatePostBody } from './queries.js'
import type { CommentSubject } from './seams.js'

let ipSeq = 10
const freshIp = () => `198.51.100.${ipSeq++}`
/** The comment list of a page: everything but the per-reader form. */
const listOf = (html: string) => /<ol class="comment-list">[\s\S]*?<\/ol>\s*(?=<nav|<div id="respond-home"|<p class="comments__closed)/.exec(html)?.[0] ?? ''

for (const dialect of testDialects()) {
  describe(`kept comment cards on ${dialect}`, () => {
    let t: DiscussionTestApp
    before(async () => { t = await discussionTestApp(dialect) })
    after(() => t.close())

    /** An article with approved comments: two top-level, one reply. */
    async function threadWith(o: { commentsEnabled?: boolean } = {}): Promise<{ article: CommentSubject; ids: string[] }> {
      const article = await t.makeArticle({ commentsEnabled: true })
      const ids: string[] = []
      for (const [name, replyTo] of [['Ana Reader', undefined], ['Bo Reader', undefined], ['Cy Reader', 0]] as const) {
        const agent = t.agent(); agent.ip = freshIp()
        const res = await t.comment(agent, article, { name, email: `${name.split(' ')[0].toLowerCase()}@example.com`, url: '', comment: `Notes from ${name}: *month four* on the roller (thread ${article.slug}).` }, { replyTo: replyTo === undefined ? undefined : ids[replyTo] })
        ids.push(redirectTarget(res).split('#comment-')[1])
        await t.deps.db.updateTable('discussion_posts').set({ status: 'approved', approved_at: new Date().toISOString() }).where('status', '=', 'pending').execute()
        t.clock.advance(POST_LIMITS.comment.intervalMs)
      }
      if (o.commentsEnabled === false) article.commentsEnabled = false
      return { article, ids }
    }

    // These tests are about cards: a list kept whole (list-fragments.test.ts)
    // would answer before any card is read, so it is dropped after a card is
    // changed by hand (a change no app path makes, so no list_version moves).
    const dropKeptLists = () => t.deps.db.deleteFrom('discussion_list_fragments').execute()
    const cards = (ids: string[]) => t.deps.db.selectFrom('discussion_posts').select(['short_id', 'card_html', 'card_key']).where('short_id', 'in', ids).orderBy('short_id').execute()

    test('the first view keeps each card, and the page joined from kept cards is the same page', async () => {
      const { article, ids } = await threadWith()
      await t.deps.db.updateTable('discussion_posts').set({ card_html: null, card_key: null }).where('short_id', 'in', ids).execute()
      const first = await t.agent().get(article.path)
      assert.equal(first.statusCode, 200)
      const kept = await cards(ids)
      assert.equal(kept.length, 3)
      for (const c of kept) {
        assert.ok(Buffer.isBuffer(c.card_html), 'kept as bytes')
        assert.match(c.card_html!.toString(), new RegExp(`^<article id="comment-${c.short_id}" class="comment__card"[^]*</article>$`))
        assert.match(c.card_key ?? '', new RegExp(`\\|${article.path}$`))
      }
      const second = await t.agent().get(article.path)
      assert.ok(listOf(first.body).includes('Notes from Cy Reader: <em>month four</em>'))
      assert.equal(listOf(second.body), listOf(first.body))
    })

    test('a kept card is what the page shows, until the comment is edited', async () => {
      const { article, ids } = await threadWith()
      await t.agent().get(article.path)
      const [row] = await cards([ids[1]])
      const marked = Buffer.from(row.card_html!.toString().replace('Notes from Bo Reader', 'KEPT CARD SHOWN'))
      await t.deps.db.updateTable('discussion_posts').set({ card_html: marked }).where('short_id', '=', ids[1]).execute()
      await dropKeptLists()
      assert.match((await t.agent().get(article.path)).body, /KEPT CARD SHOWN/)

      const post = await t.deps.db.selectFrom('discussion_posts').select('id').where('short_id', '=', ids[1]).executeTakeFirstOrThrow()
      await updatePostBody(t.deps.db, post.id, { md: 'Edited text.', html: '<p>Edited text, with the trial named.</p>', hash: 'h', at: new Date().toISOString() })
      const after = await t.agent().get(article.path)
      assert.doesNotMatch(after.body, /KEPT CARD SHOWN/)
      assert.match(listOf(after.body), /Edited text, with the trial named\./)
      const [remade] = await cards([ids[1]])
      assert.match(remade.card_html!.toString(), /Edited text, with the trial named\./, 'the new card is kept')
    })

    test('a card made from text read before an edit is not kept over the edit', async () => {
      const { article, ids } = await threadWith()
      await t.agent().get(article.path)
      const post = await t.deps.db.selectFrom('discussion_posts').select(['id', 'body_html', 'author_name']).where('short_id', '=', ids[0]).executeTakeFirstOrThrow()
      const before = post.body_html
      await updatePostBody(t.deps.db, post.id, { md: 'New.', html: '<p>New.</p>', hash: 'h2', at: new Date().toISOString() })
      await saveCards(t.deps.db, [{ id: post.id, key: 'k', html: Buffer.from(`<article>${before}</article>`), bodyHtml: before, authorName: post.author_name }])
      const [row] = await cards([ids[0]])
      assert.equal(row.card_html, null)
      assert.equal(row.card_key, null)
    })

    test('a card is made afresh where the page differs from the one it was made for', async () => {
      const { article, ids } = await threadWith()
      await t.agent().get(article.path)
      const [row] = await cards([ids[0]])
      await t.deps.db.updateTable('discussion_posts').set({ card_html: Buffer.from(row.card_html!.toString().replace('Notes from Ana Reader', 'KEPT FOR AN OPEN THREAD')) }).where('short_id', '=', ids[0]).execute()
      await dropKeptLists()
      assert.match((await t.agent().get(article.path)).body, /KEPT FOR AN OPEN THREAD/)

      // Closed to replies: no Reply link, so not that card.
      article.commentsEnabled = false
      const closed = await t.agent().get(article.path)
      article.commentsEnabled = true
      assert.doesNotMatch(closed.body, /KEPT FOR AN OPEN THREAD/)
      assert.doesNotMatch(listOf(closed.body), /class="comment__reply"/)
      assert.match(listOf(closed.body), /Notes from Ana Reader/)

      // Another time zone: its dates differ.
      const zone = siteTimeZone()
      await t.deps.db.updateTable('discussion_posts').set({ card_html: Buffer.from(row.card_html!.toString().replace('Notes from Ana Reader', 'KEPT FOR ONE ZONE')), card_key: row.card_key }).where('short_id', '=', ids[0]).execute()
      await dropKeptLists()
      setSiteTimeZone(zone === 'Asia/Tokyo' ? 'America/Chicago' : 'Asia/Tokyo')
      try {
        const other = await t.agent().get(article.path)
        assert.doesNotMatch(other.body, /KEPT FOR ONE ZONE/)
        assert.match(listOf(other.body), /(GMT\+9|CST|CDT)/)
      } finally {
        setSiteTimeZone(zone)
      }
    })

    test("a held comment's card is never kept: it says so to its author alone", async () => {
      const article = await t.makeArticle()
      const dee = t.agent(); dee.ip = freshIp()
      const res = await t.comment(dee, article, { name: 'Dee Reader', email: 'dee@example.com', url: '', comment: 'Held for now.' })
      const id = redirectTarget(res).split('#comment-')[1]
      assert.match((await dee.get(article.path)).body, /Your comment is awaiting moderation/)
      const [row] = await cards([id])
      assert.equal(row.card_html, null)
    })
  })
}
