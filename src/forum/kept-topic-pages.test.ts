import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testDialects } from '../test/databases.js'
import { redirectTarget } from '../test/harness.js'
import { POST_LIMITS } from '../discussion/limits.js'
import { forumTestApp, type ForumTestApp } from './fixtures.js'
import { topicPagesMade } from './kept-topic-pages.js'

let ipSeq = 0
const freshIp = () => `192.0.2.${100 + ipSeq++}`
let n = 0
/** The page's list of posts. */
const postsOf = (html: string) => /<ol class="forum-posts">[\s\S]*?<\/ol>/.exec(html)?.[0] ?? ''

for (const dialect of testDialects()) {
  describe(`topic pages kept for readers with nothing of their own on them (${dialect})`, () => {
    let t: ForumTestApp
    // The shared page cache off, as the benchmark's uncached forum: every view renders the page.
    before(async () => { t = await forumTestApp(dialect, { env: { PAGE_CACHE: 'off' } }) })
    after(() => t.close())

    const made = () => topicPagesMade(t.deps.db)
    const guest = () => { const a = t.agent(); a.ip = freshIp(); return a }

    async function topic(replies: number) {
      const cat = await t.category({ hold: false })
      const staff = await t.signedIn('editor')
      const path = redirectTarget(await t.startTopic(staff, cat.slug, { title: `Kept topic ${++n} ${dialect}`, body: `Opening post ${n}: 0.5 mm every ten days.` }))
      const poster = guest()
      for (let i = 0; i < replies; i++) { t.clock.advance(POST_LIMITS.reply.intervalMs); redirectTarget(await t.reply(poster, path, { body: `Reply ${i + 1} of topic ${n}: week ${i + 4}, same lamp.`, name: 'Poster' })) }
      return { path, poster, staff, shortId: path.split('/')[3] }
    }

    test('a reader with no cookies gets the page made once, then the kept one, the same to the byte', async () => {
      const { path } = await topic(3)
      const before = made()
      const first = await t.agent().get(path)
      assert.equal(first.statusCode, 200)
      assert.equal(made(), before + 1)
      assert.equal([...postsOf(first.body).matchAll(/class="forum-post__card"/g)].length, 4)
      assert.match(first.body, /<meta name="description" content="Opening post \d+: 0\.5 mm every ten days\."\/>/)
      const second = await t.agent().get(path)
      assert.equal(made(), before + 1, 'the second view used the kept page')
      const same = (html: string) => html.replace(/value="[^"]*"/g, '').replace(/\d+ views?/, 'N views')
      assert.ok(same(second.body) === same(first.body), 'the page is the same, but for the reader\'s own form values and the view count')
      assert.doesNotMatch(postsOf(second.body), /\/edit"|name="_csrf"|Ban<|history</, 'no per-reader or staff action in a kept page')
    })

    test('a new reply, an edit, an edit mark set by hand and a photo row dropped by hand each show at the next view', async () => {
      const { path, poster, shortId } = await topic(1)
      await t.agent().get(path)
      // A reply.
      let before = made()
      t.clock.advance(POST_LIMITS.reply.intervalMs)
      redirectTarget(await t.reply(poster, path, { body: 'A later reply: the shedding settled by week 10.', name: 'Poster' }))
      assert.match(postsOf((await t.agent().get(path)).body), /the shedding settled by week 10/)
      assert.equal(made(), before + 1)
      // The edited mark, set by hand (no body change).
      before = made()
      const thread = await t.deps.db.selectFrom('discussion_threads').select('id').where('short_id', '=', shortId).executeTakeFirstOrThrow()
      await t.deps.db.updateTable('discussion_posts').set({ edited_at: new Date(t.clock.now()).toISOString() }).where('thread_id', '=', thread.id).where('post_number', '=', 2).execute()
      assert.match(postsOf((await t.agent().get(path)).body), /<p class="forum-post__edited">Edited<\/p>/)
      assert.equal(made(), before + 1)
      // A photo row added, then dropped, by hand.
      const post = await t.deps.db.selectFrom('discussion_posts').select('id').where('thread_id', '=', thread.id).where('post_number', '=', 1).executeTakeFirstOrThrow()
      await t.deps.db.insertInto('forum_post_images').values({ post_id: post.id, position: 0, file: `kept${n}.webp`, width: 40, height: 30, alt: 'Hairline in daylight', created_at: new Date(t.clock.now()).toISOString() }).execute()
      assert.match(postsOf((await t.agent().get(path)).body), /alt="Hairline in daylight"/)
      await t.deps.db.deleteFrom('forum_post_images').where('post_id', '=', post.id).execute()
      assert.doesNotMatch(postsOf((await t.agent().get(path)).body), /Hairline in daylight/)
    })

    test('closing the topic drops the Quote links from the kept page', async () => {
      const { path, shortId } = await topic(1)
      assert.match(postsOf((await t.agent().get(path)).body), /aria-label="Quote post #1"/)
      const mod = await t.signedIn('moderator')
      await mod.get(path)
      redirectTarget(await mod.post(`/forum/t/${shortId}/staff/close`, {}))
      assert.doesNotMatch(postsOf((await t.agent().get(path)).body), /Quote post/)
    })

    test('staff, a poster in their edit window and a returning reader get their own page, and the kept one is not changed by them', async () => {
      const { path, poster, staff } = await topic(2)
      const plain = postsOf((await t.agent().get(path)).body)
      const before = made()
      const own = postsOf((await poster.get(path)).body)
      assert.match(own, /\/edit" aria-label="Edit post #3"/, 'the poster may still change their latest reply')
      assert.match(postsOf((await staff.get(path)).body), /history|Ban</)
      assert.equal(made(), before, 'pages with something of the reader\'s own are not kept')
      assert.equal(postsOf((await t.agent().get(path)).body), plain)
    })
  })
}
