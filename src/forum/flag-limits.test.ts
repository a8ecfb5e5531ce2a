import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testDialects } from '../test/databases.js'
import { redirectTarget } from '../test/harness.js'
import { siteVersion } from '../http/page-cache.js'
import { POST_LIMITS } from '../discussion/index.js'
import { forumTestApp, type ForumTestApp } from './fixtures.js'
import { FLAG_LIMITS, FLAGS_TO_HIDE } from './flags.js'

// The attack battery found that flagging a post already flagged by this
// browser still replaced the site version (every shared page re-rendered),
// and that flags had no limit.

let ipSeq = 10
const freshIp = () => `192.0.2.${ipSeq++}`

for (const dialect of testDialects()) {
  describe(`flag no-ops and flag limits on ${dialect}`, () => {
    let t: ForumTestApp
    before(async () => { t = await forumTestApp(dialect) })
    after(() => t.close())

    /** A live staff topic with a live guest reply (#2); returns the topic path and the reply's short id. */
    async function reply() {
      const cat = await t.category({ hold: false })
      const staff = await t.signedIn('editor')
      const path = redirectTarget(await t.startTopic(staff, cat.slug, { title: 'Finasteride timing', body: 'Morning or evening?' }))
      const author = t.agent(); author.ip = freshIp()
      t.clock.advance(POST_LIMITS.reply.intervalMs)
      redirectTarget(await t.reply(author, path, { body: 'Evening, with dinner.', name: 'Evan Guest' }))
      const row = await t.deps.db.selectFrom('discussion_posts').innerJoin('discussion_threads', 'discussion_threads.id', 'discussion_posts.thread_id')
        .select(['discussion_posts.short_id', 'discussion_posts.status']).where('discussion_threads.subject_path', '=', path).where('discussion_posts.post_number', '=', 2).executeTakeFirstOrThrow()
      assert.equal(row.status, 'approved')
      return { path, shortId: row.short_id }
    }
    const flagAs = async (a: ReturnType<ForumTestApp['agent']>, shortId: string, reason = 'spam') => {
      if (!a.csrfToken) await a.get(`/forum/p/${shortId}/flag`)
      return a.post(`/forum/p/${shortId}/flag`, { reason, note: '' })
    }

    test('a repeated flag answers as before but leaves the site version (and shared pages) alone; a flag that hides a post replaces it', async () => {
      const { shortId } = await reply()
      const a = t.agent(); a.ip = freshIp()
      redirectTarget(await flagAs(a, shortId))
      const before = await siteVersion(t.deps.db)
      const again = await flagAs(a, shortId, 'abuse')
      assert.equal(again.statusCode, 303)
      assert.match((await a.get(String(again.headers.location))).body, /You have already flagged this post/)
      assert.equal(await siteVersion(t.deps.db), before, 'a no-op flag keeps the site version')

      // Other readers' flags until the post is hidden: that one is a real change.
      let last = before
      for (let i = 1; i < FLAGS_TO_HIDE; i++) {
        const b = t.agent(); b.ip = freshIp()
        last = await siteVersion(t.deps.db)
        redirectTarget(await flagAs(b, shortId))
      }
      assert.equal((await t.deps.db.selectFrom('discussion_posts').select('status').where('short_id', '=', shortId).executeTakeFirstOrThrow()).status, 'pending')
      assert.notEqual(await siteVersion(t.deps.db), last, 'hiding the post replaces the site version')
    })

    test('a burst of flags from one browser, or from one IP, gets 429 with Retry-After', async () => {
      const { shortId } = await reply()
      const a = t.agent(); a.ip = freshIp()
      const statuses: number[] = []
      for (let i = 0; i < FLAG_LIMITS.perFlagger.limit + 2; i++) statuses.push((await flagAs(a, shortId)).statusCode)
      assert.deepEqual(statuses, [...Array(FLAG_LIMITS.perFlagger.limit).fill(303), 429, 429])
      const refused = await flagAs(a, shortId, 'misinformation')
      assert.equal(refused.statusCode, 429)
      assert.ok(Number(refused.headers['retry-after']) > 0)
      assert.match(refused.body, /You have sent many flags in a short time/)
      assert.match(refused.body, /value="misinformation" checked/, 'the form keeps the chosen reason')

      // Fresh browsers on one address share its per-IP count.
      const ip = freshIp()
      let sent = 0
      let status = 303
      while (status === 303 && sent <= FLAG_LIMITS.perIp.limit) {
        const b = t.agent(); b.ip = ip
        for (let i = 0; i < FLAG_LIMITS.perFlagger.limit && status === 303 && sent <= FLAG_LIMITS.perIp.limit; i++) {
          status = (await flagAs(b, shortId)).statusCode
          if (status === 303) sent++
        }
      }
      assert.equal(status, 429)
      assert.equal(sent, FLAG_LIMITS.perIp.limit)
      const stored = await t.deps.db.selectFrom('forum_flags').innerJoin('discussion_posts', 'discussion_posts.id', 'forum_flags.post_id')
        .select('forum_flags.id').where('discussion_posts.short_id', '=', shortId).execute()
      assert.equal(stored.length, 2, 'the bursts stored one flag per browser-and-address')
    })
  })
}
