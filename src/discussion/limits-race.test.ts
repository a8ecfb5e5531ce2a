import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'kysely'
import { testDialects } from '../test/databases.js'
import { redirectTarget } from '../test/harness.js'
import { iso } from '../clock.js'
import { discussionTestApp, hiddenValue, type DiscussionTestApp } from './fixtures.js'
import { insertCategory } from '../forum/queries/index.js'
import { hashIp, lockPoster } from './identity.js'

let seq = 0

for (const dialect of testDialects()) {
  describe(`posting limits hold under concurrency (${dialect})`, () => {
    let t: DiscussionTestApp
    before(async () => { t = await discussionTestApp(dialect) })
    after(() => t.close())

    const category = async () => {
      const slug = `race-${++seq}`
      await insertCategory(t.deps.db, { slug, name: `Race ${seq}`, description: 'Concurrent posts.', position: seq, guestPolicy: 'topics', holdFirstGuestPosts: false }, iso(t.clock.now()))
      return slug
    }
    const storedLike = async (pattern: string) => (await t.deps.db.selectFrom('discussion_posts').select('id').where('body_md', 'like', pattern).execute()).length

    test('posts sent at the same instant from one address: one is accepted, the rest get 429', async () => {
      const article = await t.makeArticle()
      const agents = Array.from({ length: 4 }, () => t.agent())
      const stamps: string[] = []
      for (const a of agents) stamps.push(hiddenValue((await a.get(article.path)).body, 'stamp'))
      t.clock.advance(5_000)
      const results = await Promise.all(agents.map((a, i) => a.post('/comments', {
        subject: article.slug, parent: '', stamp: stamps[i], address: '',
        name: `Racer ${i}`, email: `racer${i}@example.com`, url: '', comment: `Simultaneous comment number ${i}.`,
      })))
      const codes = results.map((r) => r.statusCode).sort()
      assert.deepEqual(codes, [303, 429, 429, 429])
      assert.equal(await storedLike('Simultaneous comment%'), 1)
    })

    test('forum topics sent at the same instant from one address by four new guests: one is accepted, the rest get 429', async () => {
      const slug = await category()
      const agents = Array.from({ length: 4 }, () => { const a = t.agent(); a.ip = '198.51.100.77'; return a })
      const stamps: string[] = []
      for (const a of agents) stamps.push(hiddenValue((await a.get(`/forum/c/${slug}/new`)).body, 'stamp'))
      t.clock.advance(5_000)
      const results = await Promise.all(agents.map((a, i) => a.post(`/forum/c/${slug}/new`, {
        stamp: stamps[i], address: '', name: `Topic racer ${i}`, email: '', title: `Racing topic ${i}`, body: `Simultaneous topic number ${i}.`,
      })))
      assert.deepEqual(results.map((r) => r.statusCode).sort(), [303, 429, 429, 429])
      assert.equal(await storedLike('Simultaneous topic%'), 1)
    })

    test('forum replies sent at the same instant with one identity cookie from four addresses: one is accepted', async () => {
      const slug = await category()
      const staff = await t.signedIn('editor')
      const form = await staff.get(`/forum/c/${slug}/new`)
      t.clock.advance(5_000)
      const path = redirectTarget(await staff.post(`/forum/c/${slug}/new`, { stamp: hiddenValue(form.body, 'stamp'), title: 'A topic to race in', body: 'Reply below.' }))
      // A guest posts once (and so gets an identity cookie), then replays the cookie at once from other addresses.
      const first = t.agent(); first.ip = '198.51.100.80'
      const own = await first.get(path)
      t.clock.advance(5_000)
      redirectTarget(await first.post(`/forum/t/${path.split('/')[3]}/reply`, { stamp: hiddenValue(own.body, 'stamp'), address: '', reply_to: '', name: 'Replay Racer', email: '', body: 'My first reply.' }))
      assert.ok(first.cookies.has('crown_commenter_key'))
      t.clock.advance(20_000)
      const agents = [first, ...[81, 82, 83].map((n) => { const a = t.agent(); a.ip = `198.51.100.${n}`; a.cookies = new Map(first.cookies); return a })]
      const stamps: string[] = []
      for (const a of agents) stamps.push(hiddenValue((await a.get(path)).body, 'stamp'))
      t.clock.advance(5_000)
      const results = await Promise.all(agents.map((a, i) => a.post(`/forum/t/${path.split('/')[3]}/reply`, {
        stamp: stamps[i], address: '', reply_to: '', name: 'Replay Racer', email: '', body: `Simultaneous reply number ${i}.`,
      })))
      assert.deepEqual(results.map((r) => r.statusCode).sort(), [303, 429, 429, 429])
      assert.equal(await storedLike('Simultaneous reply%'), 1)
    })

    // Only Postgres runs two writing transactions at once; SQLite has one writer.
    test('a ban committed while a comment waits for its poster lock refuses the comment', { skip: dialect !== 'postgres' }, async () => {
      const article = await t.makeArticle()
      const reader = t.agent(); reader.ip = '198.51.100.90'
      const stamp = hiddenValue((await reader.get(article.path)).body, 'stamp')
      t.clock.advance(5_000)

      // Staff's side of a ban, held open: the poster's lock is taken and the ban row written, not yet committed.
      let locked!: () => void
      let release!: () => void
      const lockTaken = new Promise<void>((r) => { locked = r })
      const commit = new Promise<void>((r) => { release = r })
      const ipHash = hashIp(t.deps, reader.ip)
      const banning = t.deps.db.transaction().execute(async (trx) => {
        await lockPoster(t.deps, trx, { ipHash })
        await trx.insertInto('forum_bans').values({
          guest_id: null, ip_hash: ipHash, reason: 'race', period: 'day', created_by: null, created_at: iso(t.clock.now()),
          expires_at: iso(new Date(t.clock.now().getTime() + 24 * 3600_000)), lifted_at: null, lifted_by: null,
        }).execute()
        locked()
        await commit
      })
      await lockTaken
      const posting = reader.post('/comments', {
        subject: article.slug, parent: '', stamp, address: '', name: 'Late Racer', email: 'late@example.com', url: '', comment: 'Posted while the ban was being written.',
      })
      let answered = false
      void posting.then(() => { answered = true })
      // Wait until the comment's transaction is queued on the lock, i.e. past any check made before it
      // (or until it is answered, when something let it through: the assertions below then fail).
      while (!answered) {
        const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted
          and database = (select oid from pg_database where datname = current_database())`.execute(t.deps.db)
        if (rows[0].n > 0) break
        await new Promise((r) => setImmediate(r))
      }
      release()
      await banning
      const res = await posting
      assert.equal(res.statusCode, 403)
      assert.match(res.body, /paused comments from your browser or connection/)
      assert.equal(await storedLike('Posted while the ban%'), 0)
    })
  })
}
