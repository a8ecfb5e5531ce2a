import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testDialects } from '../test/databases.js'
import { redirectTarget } from '../test/harness.js'
import { discussionTestApp, type DiscussionTestApp } from './fixtures.js'
import { POST_LIMITS } from './limits.js'
import { anonymisePosts, updatePostBody } from './queries.js'
import { forgetHeldLists } from './kept-lists.js'
import type { CommentSubject } from './seams.js'

let ipSeq = 10
const freshIp = () => `198.51.100.${ipSeq++}`
/** The comment list of a page: everything but the per-reader form. */
const listOf = (html: string) => /<ol class="comment-list">[\s\S]*?<\/ol>\s*(?=<nav|<div id="respond-home"|<p class="comments__closed)/.exec(html)?.[0] ?? ''

for (const dialect of testDialects()) {
  describe(`comment lists kept whole on ${dialect}`, () => {
    let t: DiscussionTestApp
    before(async () => { t = await discussionTestApp(dialect) })
    after(() => t.close())

    /** An article with approved comments: two top-level, one reply to the first. */
    async function threadWith(): Promise<{ article: CommentSubject; ids: string[] }> {
      const article = await t.makeArticle({ commentsEnabled: true })
      const ids: string[] = []
      for (const [name, replyTo] of [['Ana Reader', undefined], ['Bo Reader', undefined], ['Cy Reader', 0]] as const) {
        const agent = t.agent(); agent.ip = freshIp()
        const res = await t.comment(agent, article, { name, email: `${name.split(' ')[0].toLowerCase()}@example.com`, url: '', comment: `Notes from ${name}: week ${ids.length + 1} on the roller (${article.slug}).` }, { replyTo: replyTo === undefined ? undefined : ids[replyTo] })
        ids.push(redirectTarget(res).split('#comment-')[1])
        await t.deps.db.updateTable('discussion_posts').set({ status: 'approved', approved_at: new Date().toISOString() }).where('status', '=', 'pending').execute()
        t.clock.advance(POST_LIMITS.comment.intervalMs)
      }
      return { article, ids }
    }

    const threadOf = async (article: CommentSubject) => t.deps.db.selectFrom('discussion_threads').select(['id', 'list_version']).where('article_id', '=', article.articleId).executeTakeFirstOrThrow()
    const keptLists = async (article: CommentSubject) => t.deps.db.selectFrom('discussion_list_fragments').select(['page', 'fragment_key', 'pages', 'html'])
      .where('thread_id', '=', (await threadOf(article)).id).execute()
    /** Marks the kept list by hand, so a page that shows the mark was joined from it. */
    const markKeptList = async (article: CommentSubject) => {
      const [kept] = await keptLists(article)
      await t.deps.db.updateTable('discussion_list_fragments').set({ html: Buffer.from(kept.html.toString().replace('Notes from Bo Reader', 'FROM THE KEPT LIST')) })
        .where('thread_id', '=', (await threadOf(article)).id).execute()
      // The bytes changed under the same key: what this process holds of it is stale.
      forgetHeldLists(t.deps.db)
    }

    test("the first view keeps the page's list, and the next view is joined from it, the same list", async () => {
      const { article } = await threadWith()
      const first = await t.agent().get(article.path)
      const kept = await keptLists(article)
      assert.equal(kept.length, 1)
      assert.equal(kept[0].page, 1)
      assert.equal(kept[0].pages, 1)
      assert.ok(Buffer.isBuffer(kept[0].html), 'kept as bytes')
      assert.ok(kept[0].fragment_key.includes(`|${(await threadOf(article)).list_version}|`), 'made for the thread as it is now')
      assert.ok(listOf(first.body).includes(kept[0].html.toString()))
      const second = await t.agent().get(article.path)
      assert.equal(listOf(second.body), listOf(first.body))

      await markKeptList(article)
      assert.match(listOf((await t.agent().get(article.path)).body), /FROM THE KEPT LIST/)
    })

    test('a process holds the lists it has read or made: a view then reads only the key from the table, and a list dropped from the table is made again', async () => {
      const { article } = await threadWith()
      const first = listOf((await t.agent().get(article.path)).body)
      const [kept] = await keptLists(article)
      // Changed in the table under the same key, without telling the process: the view shows the list it holds.
      await t.deps.db.updateTable('discussion_list_fragments').set({ html: Buffer.from(kept.html.toString().replace('Notes from Bo Reader', 'FROM THE KEPT LIST')) })
        .where('thread_id', '=', (await threadOf(article)).id).execute()
      assert.equal(listOf((await t.agent().get(article.path)).body), first)
      // Told, it reads the table's bytes.
      forgetHeldLists(t.deps.db)
      assert.match(listOf((await t.agent().get(article.path)).body), /FROM THE KEPT LIST/)
      // Dropped from the table (by any process): the held copy is not used, and the list is made and kept again.
      await t.deps.db.deleteFrom('discussion_list_fragments').where('thread_id', '=', (await threadOf(article)).id).execute()
      assert.equal(listOf((await t.agent().get(article.path)).body), first)
      assert.equal((await keptLists(article)).length, 1)
      // Kept under another key in the table (a thread moved on elsewhere): not the held copy either.
      await t.deps.db.updateTable('discussion_list_fragments').set({ fragment_key: 'another-key', html: Buffer.from('<li>NOT THIS LIST</li>') })
        .where('thread_id', '=', (await threadOf(article)).id).execute()
      const shown = listOf((await t.agent().get(article.path)).body)
      assert.equal(shown, first)
      assert.doesNotMatch(shown, /NOT THIS LIST/)
    })

    test('every change a list shows moves the thread on, and the next view shows the change', async () => {
      const { article, ids } = await threadWith()
      const post = (i: number) => t.deps.db.selectFrom('discussion_posts').select(['id']).where('short_id', '=', ids[i]).executeTakeFirstOrThrow()
      const changes: [string, () => Promise<unknown>, (list: string) => void][] = [
        ['an edit', async () => updatePostBody(t.deps.db, (await post(1)).id, { md: 'x', html: '<p>Edited: the review says the trials were small.</p>', hash: 'e', at: new Date().toISOString() }),
          (list) => assert.match(list, /Edited: the review says the trials were small\./)],
        ['an anonymised name', async () => anonymisePosts(t.deps.db, [(await post(1)).id], 'Anonymous'),
          (list) => { assert.match(list, /Anonymous/); assert.doesNotMatch(list, /Bo Reader/) }],
        ['a comment trashed', async () => t.deps.db.updateTable('discussion_posts').set({ status: 'trash' }).where('short_id', '=', ids[1]).execute(),
          (list) => assert.doesNotMatch(list, new RegExp(`comment-${ids[1]}"`))],
        ['a parent trashed: its reply stays under a placeholder', async () => t.deps.db.updateTable('discussion_posts').set({ status: 'trash' }).where('short_id', '=', ids[0]).execute(),
          (list) => { assert.match(list, /comment--removed/); assert.match(list, new RegExp(`comment-${ids[2]}"`)) }],
        ['a comment approved again', async () => t.deps.db.updateTable('discussion_posts').set({ status: 'approved' }).where('short_id', '=', ids[0]).execute(),
          (list) => { assert.doesNotMatch(list, /comment--removed/); assert.match(list, new RegExp(`comment-${ids[0]}"`)) }],
        ['a comment purged', async () => t.deps.db.deleteFrom('discussion_posts').where('short_id', '=', ids[2]).execute(),
          (list) => assert.doesNotMatch(list, new RegExp(`comment-${ids[2]}"`))],
      ]
      for (const [what, change, check] of changes) {
        await t.agent().get(article.path)
        assert.equal((await keptLists(article)).length, 1, `a list is kept before ${what}`)
        const before = (await threadOf(article)).list_version
        await change()
        assert.ok((await threadOf(article)).list_version > before, `${what} moves the thread's list_version on`)
        check(listOf((await t.agent().get(article.path)).body))
      }
    })

    test('a new comment shows to the next reader', async () => {
      const { article } = await threadWith()
      await t.agent().get(article.path)
      const dee = t.agent(); dee.ip = freshIp()
      await t.comment(dee, article, { name: 'Dee Reader', email: 'dee@example.com', url: '', comment: 'Month six: photos in the same light.' })
      await t.deps.db.updateTable('discussion_posts').set({ status: 'approved' }).where('status', '=', 'pending').execute()
      assert.match(listOf((await t.agent().get(article.path)).body), /Month six: photos in the same light\./)
    })

    test('keeping a card does not move the thread on; a column no list shows does not either', async () => {
      const { article, ids } = await threadWith()
      await t.agent().get(article.path)
      const before = (await threadOf(article)).list_version
      await t.deps.db.updateTable('discussion_posts').set({ card_html: null, card_key: null, notify_replies: 0, ip_hash: 'x' }).where('short_id', 'in', ids).execute()
      assert.equal((await threadOf(article)).list_version, before)
    })

    test("a held comment's author, staff, and a ?replytocom page get a list of their own, never kept", async () => {
      const { article, ids } = await threadWith()
      await t.agent().get(article.path)
      await markKeptList(article)
      const dee = t.agent(); dee.ip = freshIp()
      // A first comment from this address: held for moderation.
      await t.comment(dee, article, { name: 'Dee Held', email: 'dee.held@example.com', url: '', comment: 'Held for now: my own notes.' })
      // The held comment moved the thread on: the next shared view is made afresh.
      const shared = listOf((await t.agent().get(article.path)).body)
      assert.doesNotMatch(shared, /FROM THE KEPT LIST|Held for now/)
      await markKeptList(article)

      const own = listOf((await dee.get(article.path)).body)
      assert.match(own, /Held for now: my own notes\./)
      assert.match(own, /Your comment is awaiting moderation/)
      assert.doesNotMatch(own, /FROM THE KEPT LIST/)

      const staff = await t.signedIn('moderator')
      const staffList = listOf((await staff.get(article.path)).body)
      assert.match(staffList, /Awaiting moderation \(visible to staff only\)/)
      assert.doesNotMatch(staffList, /FROM THE KEPT LIST/)

      const replying = await t.agent().get(`${article.path}?replytocom=${ids[0]}`)
      assert.doesNotMatch(replying.body, /FROM THE KEPT LIST/)
      assert.match(replying.body, /Replying to Ana Reader/)

      assert.match(listOf((await t.agent().get(article.path)).body), /FROM THE KEPT LIST/, 'others still share the kept list')
      assert.equal((await keptLists(article)).some((k) => /Held for now/.test(k.html.toString())), false, 'no kept list holds the held comment')
    })

    test('a list kept for an open thread is not shown once replies close', async () => {
      const { article } = await threadWith()
      await t.agent().get(article.path)
      await markKeptList(article)
      article.commentsEnabled = false
      try {
        const closed = listOf((await t.agent().get(article.path)).body)
        assert.doesNotMatch(closed, /FROM THE KEPT LIST/)
        assert.doesNotMatch(closed, /class="comment__reply"/)
        assert.match(closed, /Notes from Bo Reader/)
      } finally {
        article.commentsEnabled = true
      }
    })
  })
}
