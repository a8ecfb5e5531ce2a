import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testDialects } from '../test/databases.js'
import { redirectTarget } from '../test/harness.js'
import { forumTestApp, type ForumTestApp } from './fixtures.js'
import { WATCH_LIMITS } from './watching.js'

// The attack battery queued 47 confirmation mails in a second from one IP,
// and 7 to one victim. Guests' watch requests are now limited by IP and by
// address in the database, and an address with a confirmation waiting is
// not mailed again.

for (const dialect of testDialects()) {
  describe(`guest watch requests are limited on ${dialect}`, () => {
    let t: ForumTestApp
    before(async () => { t = await forumTestApp(dialect) })
    after(() => t.close())

    /** Confirmation mails queued to this address (the job rows stay after they run). */
    const mailsTo = async (address: string) => {
      const jobs = await t.deps.db.selectFrom('jobs').select('payload').where('kind', '=', 'mail.send').execute()
      return jobs.filter((j) => (JSON.parse(j.payload) as { to: string; subject: string }).to === address && /^Confirm: watch/.test((JSON.parse(j.payload) as { subject: string }).subject)).length
    }
    async function topics(n: number) {
      const cat = await t.category({ hold: false })
      const staff = await t.signedIn('editor')
      const out: string[] = []
      for (let i = 0; i < n; i++) {
        t.clock.advance(60_000)
        out.push(redirectTarget(await t.startTopic(staff, cat.slug, { title: `Laser cap week ${i + 1} of ${n}`, body: `Notes for week ${i + 1}.` })).split('/')[3])
      }
      return out
    }

    test('a burst from one IP at many addresses is cut at the per-IP limit with 429 and Retry-After', async () => {
      const [shortId] = await topics(1)
      const script = t.agent(); script.ip = '198.51.100.77'
      await script.get(`/forum/t/${shortId}/watch`)
      const statuses: number[] = []
      let refused: Awaited<ReturnType<typeof script.post>> | undefined
      for (let i = 0; i < WATCH_LIMITS.perIp.limit + 5; i++) {
        const res = await script.post(`/forum/t/${shortId}/watch`, { email: `victim${i}@example.com` })
        statuses.push(res.statusCode)
        if (res.statusCode === 429) refused ??= res
      }
      assert.deepEqual(statuses, [...Array(WATCH_LIMITS.perIp.limit).fill(303), ...Array(5).fill(429)])
      assert.ok(Number(refused!.headers['retry-after']) > 0)
      assert.match(refused!.body, /Too many watch requests/)
      assert.match(refused!.body, new RegExp(`value="victim${WATCH_LIMITS.perIp.limit}@example.com"`), 'the form keeps the address typed')
      let mailed = 0
      for (let i = 0; i < WATCH_LIMITS.perIp.limit + 5; i++) mailed += await mailsTo(`victim${i}@example.com`)
      assert.equal(mailed, WATCH_LIMITS.perIp.limit, 'refused requests queue no mail')
      // Another connection is not held back by this one.
      const other = t.agent(); other.ip = '198.51.100.78'
      await other.get(`/forum/t/${shortId}/watch`)
      redirectTarget(await other.post(`/forum/t/${shortId}/watch`, { email: 'someone.else@example.com' }))

      // A new window lets the IP in again.
      t.clock.advance(WATCH_LIMITS.perIp.windowMs)
      redirectTarget(await script.post(`/forum/t/${shortId}/watch`, { email: 'later@example.com' }))
    })

    test('a burst at one victim from many IPs mails once, and is cut at the per-address limit', async () => {
      const ids = await topics(WATCH_LIMITS.perAddress.limit + 2)
      const victim = 'target.person@example.com'
      const statuses: number[] = []
      for (const [i, shortId] of ids.entries()) {
        const a = t.agent(); a.ip = `203.0.113.${100 + i}`
        await a.get(`/forum/t/${shortId}/watch`)
        statuses.push((await a.post(`/forum/t/${shortId}/watch`, { email: i % 2 ? victim.toUpperCase() : victim })).statusCode)
      }
      assert.deepEqual(statuses, [...Array(WATCH_LIMITS.perAddress.limit).fill(303), 429, 429])
      assert.equal(await mailsTo(victim), 1, 'one confirmation mail for the whole burst')
      const waiting = await t.deps.db.selectFrom('discussion_subscriptions').select('id').where('email', '=', victim).where('confirmed_at', 'is', null).execute()
      assert.equal(waiting.length, WATCH_LIMITS.perAddress.limit, 'each accepted request waits on that one link')
    })
  })
}
