import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testDialects } from '../test/databases.js'
import { redirectTarget, type Agent } from '../test/harness.js'
import { POST_LIMITS } from '../discussion/limits.js'
import { formatSeenCookie, parseSeenCookie, SEEN_COOKIE, SEEN_COOKIE_TOPICS } from './reads.js'
import { forumTestApp, type ForumTestApp } from './fixtures.js'

let ipSeq = 0
const freshIp = () => `192.0.2.${10 + ipSeq++}`
let n = 0
const text = () => `Update ${++n}: still going, photos under the same lamp.`

test('the guest cookie keeps the most recent topics first, bounded, and drops malformed parts', () => {
  const big = new Map(Array.from({ length: SEEN_COOKIE_TOPICS + 10 }, (_, i) => [i + 1, i] as [number, number]))
  const parsed = parseSeenCookie(formatSeenCookie(big))
  assert.equal(parsed.size, SEEN_COOKIE_TOPICS)
  assert.equal([...parsed.keys()][0], 1)
  assert.deepEqual([...parseSeenCookie('3:4,x:1,5:<b>,7:2').entries()], [[3, 4], [7, 2]])
})

for (const dialect of testDialects()) {
  describe(`new since the last visit on ${dialect}`, () => {
    let t: ForumTestApp
    before(async () => { t = await forumTestApp(dialect) })
    after(() => t.close())

    const guest = () => { const a = t.agent(); a.ip = freshIp(); return a }
    const newMarks = (html: string) => [...html.matchAll(/aria-label="Post #(\d+) by [^"]*">[\s\S]*?<\/header>/g)].filter((m) => m[0].includes('forum-badge--new')).map((m) => Number(m[1]))
    const listNew = (html: string, title: string) => new RegExp(`${title}</a><span class="topic-row__flags">(?:(?!</span></div>)[\\s\\S])*?<span class="tag tag--new">(\\d+) new`).exec(html)?.[1]

    async function topicWithReplies(replies: number) {
      const cat = await t.category({ hold: false })
      const staff = await t.signedIn('editor')
      const title = `Topic ${++n} ${dialect}`
      const path = redirectTarget(await t.startTopic(staff, cat.slug, { title, body: text() }))
      const poster = guest()
      for (let i = 0; i < replies; i++) { t.clock.advance(POST_LIMITS.reply.intervalMs); redirectTarget(await t.reply(poster, path, { body: text(), name: 'Poster' })) }
      return { cat, path, title, poster }
    }
    const more = async (poster: Agent, path: string, k: number) => {
      for (let i = 0; i < k; i++) { t.clock.advance(POST_LIMITS.reply.intervalMs); redirectTarget(await t.reply(poster, path, { body: text(), name: 'Poster' })) }
    }

    test('a guest: nothing is marked on the first visit; on the next, the posts since are marked New and the lists say how many', async () => {
      const { cat, path, title, poster } = await topicWithReplies(2)
      const reader = guest()
      const first = await reader.get(path)
      assert.deepEqual(newMarks(first.body), [], 'a first visit marks nothing')
      assert.match(String(first.headers['set-cookie']), new RegExp(`${SEEN_COOKIE}=`))
      assert.equal(listNew((await reader.get(`/forum/c/${cat.slug}`)).body, title), undefined, 'nothing new yet')

      await more(poster, path, 2)
      assert.equal(listNew((await reader.get(`/forum/c/${cat.slug}`)).body, title), '2')
      assert.equal(listNew((await reader.get('/forum/latest')).body, title), '2')
      assert.equal(listNew((await guest().get(`/forum/c/${cat.slug}`)).body, title), undefined, 'another browser has no history')

      const second = await reader.get(path)
      assert.deepEqual(newMarks(second.body), [4, 5])
      const third = await reader.get(path)
      assert.deepEqual(newMarks(third.body), [], 'once seen, no longer new')
      assert.equal(listNew((await reader.get(`/forum/c/${cat.slug}`)).body, title), undefined)
    })

    test('a forged guest cookie is ignored', async () => {
      const { path } = await topicWithReplies(3)
      const forger = guest()
      const topicId = (await t.deps.db.selectFrom('discussion_threads').select('id').where('subject_path', '=', path).executeTakeFirstOrThrow()).id
      const res = await forger.get(path, { cookie: `${SEEN_COOKIE}=${encodeURIComponent(`${topicId}:1`)}.forgedsignature` })
      assert.equal(res.statusCode, 200)
      assert.deepEqual(newMarks(res.body), [])
    })

    test('a member: stored in the database, so it follows them to another browser; their own reply is not news to them', async () => {
      const { cat, path, title, poster } = await topicWithReplies(1)
      const member = await t.signedIn('member', `Mia Member ${dialect}`)
      assert.deepEqual(newMarks((await member.get(path)).body), [])
      const row = await t.deps.db.selectFrom('forum_topic_reads').selectAll().where('user_id', '=', member.userId).executeTakeFirstOrThrow()
      assert.equal(row.last_seen_number, 2)

      await more(poster, path, 1)
      t.clock.advance(POST_LIMITS.reply.intervalMs)
      redirectTarget(await t.reply(member, path, { body: text() }))
      await more(poster, path, 1)
      assert.equal(listNew((await member.get(`/forum/c/${cat.slug}`)).body, title), '1')
      assert.deepEqual(newMarks((await member.get(path)).body), [5])
      assert.equal((await t.deps.db.selectFrom('forum_topic_reads').select('last_seen_number').where('user_id', '=', member.userId).executeTakeFirstOrThrow()).last_seen_number, 5)
    })

    test('replying from page 1 of a long topic leaves the unseen posts on page 2 new; the reply itself is never news to its author', async () => {
      const cat = await t.category({ hold: false })
      const staff = await t.signedIn('editor')
      const title = `Long topic ${++n} ${dialect}`
      const path = redirectTarget(await t.startTopic(staff, cat.slug, { title, body: text() }))
      for (let i = 0; i < 24; i++) redirectTarget(await t.reply(staff, path, { body: text() }))
      const member = await t.signedIn('member', `Long Reader ${dialect}`)
      member.ip = freshIp()
      t.clock.advance(POST_LIMITS.reply.intervalMs)
      assert.deepEqual(newMarks((await member.get(path)).body), [], 'a first visit marks nothing')
      // Page 1 (#1–#20) was on screen; #21–#25 were not. The member replies (#26) from page 1.
      redirectTarget(await t.reply(member, path, { body: text() }))
      assert.equal(listNew((await member.get(`/forum/c/${cat.slug}`)).body, title), '5')
      assert.deepEqual(newMarks((await member.get(`${path}?page=2`)).body), [21, 22, 23, 24, 25])
      assert.equal(listNew((await member.get(`/forum/c/${cat.slug}`)).body, title), undefined, 'seen now: nothing new')
    })
  })
}
