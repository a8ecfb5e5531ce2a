import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import pg from 'pg'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { testApp, Agent, redirectTarget, type TestApp } from '../test/harness.js'
import { loadConfig, ConfigError } from '../config.js'
import { ManualClock } from '../clock.js'
import { assembleDeps, closeDeps } from '../boot.js'
import { buildApp } from '../app.js'
import { seedDemoIfEmpty } from '../seed.js'
import type { Deps } from '../deps.js'
import { openDatabase } from '../db/database.js'
import { copyToPostgres } from '../db/copy-to-postgres.js'
import { createUser, startSession, SESSION_COOKIE } from '../accounts/index.js'
import { PRIMARY_COOKIE, readingDeps } from './read-routing.js'
import { PageCache } from './page-cache.js'
import { dropPostgresDatabase, emptyPostgresDatabase, testDialects } from '../test/databases.js'
import { hidden } from '../forum/fixtures.js'
import { topicPath } from '../forum/posting.js'

// DATABASE_REPLICA_URL. A streaming replica is too heavy for the suite, so the
// "replica" here is a second copy of the demo site that receives no writes:
// a replica that lags for ever. Every name and title a shared page shows
// differs on it (articles, categories, tags, authors, the forum's categories,
// topics and posts), so a page shows which database it was read from.

const admin = process.env.TEST_POSTGRES_URL
const MARK = ' [read from the replica]'

describe('a read replica needs PostgreSQL', () => {
  test('DATABASE_REPLICA_URL with a SQLite DATABASE_URL stops the boot', () => {
    assert.throws(() => loadConfig({ DATABASE_URL: './data/crown.sqlite', DATABASE_REPLICA_URL: 'postgres://crown@replica/crown' }), (err: Error) => {
      assert.ok(err instanceof ConfigError)
      assert.match(err.message, /DATABASE_REPLICA_URL: a read replica needs DATABASE_URL to be PostgreSQL too/)
      return true
    })
  })

  test('a replica URL that is not postgres:// stops the boot', () => {
    assert.throws(() => loadConfig({ DATABASE_URL: 'postgres://crown@db/crown', DATABASE_REPLICA_URL: './replica.sqlite' }), /DATABASE_REPLICA_URL must be a postgres:\/\/ URL/)
  })
})

for (const dialect of testDialects()) {
  test(`without a replica every page reads the primary (${dialect})`, async () => {
    const t = await testApp(dialect)
    try {
      const res = await t.app.inject({ method: 'GET', url: '/' })
      assert.equal(res.statusCode, 200)
      const anonymousGet = { method: 'GET', url: '/', actor: { kind: 'anonymous' }, cookies: {} } as unknown as FastifyRequest
      assert.equal(await readingDeps(t.deps, anonymousGet, 'any-version'), t.deps)
      assert.equal(await readingDeps(t.deps, anonymousGet), t.deps)
    } finally {
      await t.close()
    }
  })
}

describe('page reads on a read replica (postgres)', { skip: admin ? false : 'TEST_POSTGRES_URL is not set' }, () => {
  const made: string[] = []
  let seeded: TestApp
  let primary: pg.Client
  let replica: pg.Client
  let slug: string
  let urls: { primary: string; replica: string }
  // The shared public pages besides the article: the home page, one archive
  // of each kind, the forum's index, a category list and a topic (with a
  // ?page= each: shared under that key, so read from the replica too).
  let pages: string[]
  let forumCategory: string
  /** A topic no other test opens: its view count is checked on both databases. */
  let quietTopic: { id: number; path: string }
  // The site as deployed (shared page cache on), and one with PAGE_CACHE=off,
  // where every anonymous page is read afresh from the replica.
  let cached: { app: FastifyInstance; deps: Deps; clock: ManualClock }
  let uncached: { app: FastifyInstance; deps: Deps; clock: ManualClock }

  async function emptyDatabase(): Promise<string> {
    const { name, url } = await emptyPostgresDatabase('crown_replica')
    made.push(name)
    return url
  }

  async function site(primaryUrl: string, replicaUrl: string, env: Record<string, string> = {}) {
    const config = loadConfig({ DATABASE_URL: primaryUrl, DATABASE_REPLICA_URL: replicaUrl, DATA_DIR: seeded.deps.config.dataDir, LOG_LEVEL: 'silent', NODE_ENV: 'test', SITE_URL: 'http://localhost:3000', ...env })
    // One clock for both sites: shared-page fillers (the form stamp) are registered per process, by the last app built.
    clock ??= new ManualClock(seeded.clock.now())
    const deps = await assembleDeps(config, openDatabase(primaryUrl), { clock, log: { info() {}, warn() {}, error() {} } })
    const app = await buildApp(deps)
    await app.ready()
    return { app, deps, clock }
  }

  let clock: ManualClock | undefined
  const anonymous = (app: FastifyInstance) => new Agent(app)
  const fromReplica = (html: string) => html.includes(MARK)

  before(async () => {
    seeded = await testApp('sqlite')
    await seedDemoIfEmpty(seeded.deps)
    const [primaryUrl, replicaUrl] = [await emptyDatabase(), await emptyDatabase()]
    for (const url of [primaryUrl, replicaUrl]) assert.equal((await copyToPostgres(seeded.deps.config.databaseUrl, url)).ok, true)
    urls = { primary: primaryUrl, replica: replicaUrl }
    const db = seeded.deps.db
    const article = await db.selectFrom('discussion_threads as th').innerJoin('articles as a', 'a.id', 'th.article_id')
      .select(['a.id', 'a.slug', 'a.author_id']).where('th.kind', '=', 'comments').where('a.comments_enabled', '=', 1).orderBy('a.id').executeTakeFirstOrThrow()
    slug = article.slug
    const category = await db.selectFrom('article_categories as ac').innerJoin('categories as c', 'c.id', 'ac.category_id').select('c.slug').where('ac.article_id', '=', article.id).executeTakeFirstOrThrow()
    const tag = await db.selectFrom('article_tags as at').innerJoin('tags as t', 't.id', 'at.tag_id').select('t.slug').orderBy('t.id').executeTakeFirstOrThrow()
    const author = await db.selectFrom('users').select('slug').where('id', '=', article.author_id).executeTakeFirstOrThrow()
    const topics = await db.selectFrom('discussion_threads as th').innerJoin('forum_categories as c', 'c.id', 'th.category_id')
      .select(['th.id', 'th.short_id', 'th.slug', 'c.slug as category']).where('th.kind', '=', 'topic').where('th.listed', '=', 1).orderBy('th.id').limit(2).execute()
    assert.equal(topics.length, 2, 'the demo forum has topics')
    forumCategory = topics[0].category
    const topic = topicPath(topics[0])
    quietTopic = { id: topics[1].id, path: topicPath(topics[1]) }
    pages = ['/', `/category/${category.slug}`, `/tag/${tag.slug}`, `/author/${author.slug}`,
      '/forum', `/forum/c/${forumCategory}`, `/forum/c/${forumCategory}?page=1`, topic, `${topic}?page=1`]
    primary = new pg.Client({ connectionString: primaryUrl })
    replica = new pg.Client({ connectionString: replicaUrl })
    await primary.connect()
    await replica.connect()
    for (const mark of [
      'update articles set title = title || $1',
      'update categories set name = name || $1',
      'update tags set name = name || $1',
      'update users set name = name || $1',
      'update forum_categories set name = name || $1',
      `update discussion_threads set title = title || $1 where kind = 'topic'`,
      `update discussion_posts set body_html = body_html || $1 where thread_id in (select id from discussion_threads where kind = 'topic')`,
    ]) await replica.query(mark, [MARK])
    cached = await site(primaryUrl, replicaUrl)
    uncached = await site(primaryUrl, replicaUrl, { PAGE_CACHE: 'off' })
  })

  after(async () => {
    for (const s of [cached, uncached]) if (s) { await s.app.close(); await closeDeps(s.deps) }
    await primary?.end()
    await replica?.end()
    await seeded?.close()
    for (const name of made) await dropPostgresDatabase(name).catch(() => {})
  })

  test('an anonymous reader\'s page is read from the replica, cached or not', async () => {
    for (const s of [cached, uncached]) {
      const res = await anonymous(s.app).get(`/${slug}`)
      assert.equal(res.statusCode, 200)
      assert.ok(fromReplica(res.body), 'the replica\'s title is shown')
    }
  })

  test('comment cards made on a page read from the replica are kept on the primary, only where its text is the same', async () => {
    const thread = (await primary.query(`select th.id from discussion_threads th join articles a on a.id = th.article_id where a.slug = $1`, [slug])).rows[0].id as number
    const cardCount = async (c: pg.Client) => Number((await c.query('select count(card_html) as n from discussion_posts where thread_id = $1', [thread])).rows[0].n)
    const shown = Number((await primary.query(`select count(*) as n from discussion_posts where thread_id = $1 and status = 'approved'`, [thread])).rows[0].n)
    assert.ok(shown >= 2, 'the demo article has comments')
    // The replica lags an edit of one comment: its card, made from the old text, is not kept.
    await primary.query('update discussion_posts set card_html = null, card_key = null where thread_id = $1', [thread])
    const edited = (await primary.query(`select id from discussion_posts where thread_id = $1 and status = 'approved' order by path limit 1`, [thread])).rows[0].id as number
    await primary.query(`update discussion_posts set body_html = '<p>Edited on the primary.</p>' where id = $1`, [edited])
    try {
      const res = await anonymous(uncached.app).get(`/${slug}`)
      assert.ok(fromReplica(res.body))
      assert.equal(await cardCount(primary), shown - 1)
      assert.equal((await primary.query('select card_html from discussion_posts where id = $1', [edited])).rows[0].card_html, null)
      assert.equal(await cardCount(replica), 0, 'nothing is written to the replica')
    } finally {
      const original = (await replica.query('select body_html from discussion_posts where id = $1', [edited])).rows[0].body_html as string
      await primary.query('update discussion_posts set body_html = $1 where id = $2', [original, edited])
    }
  })

  test('the home page, archives, forum index, category lists and topics are read from the replica too', async () => {
    for (const s of [cached, uncached]) {
      for (const url of pages) {
        const res = await anonymous(s.app).get(url)
        assert.equal(res.statusCode, 200, url)
        assert.ok(fromReplica(res.body), `${url} is read from the replica`)
      }
    }
  })

  test('a signed-in reader reads from the primary', async () => {
    const made = await createUser(cached.deps, { email: `reader-${Date.now()}@example.com`, name: 'Signed-in Reader', password: 'correct horse battery', role: 'member' })
    assert.equal(made.kind, 'created')
    if (made.kind !== 'created') return
    const reader = anonymous(cached.app)
    reader.cookies.set(SESSION_COOKIE, await startSession(cached.deps, made.userId))
    const res = await reader.get(`/${slug}`)
    assert.equal(res.statusCode, 200)
    assert.ok(!fromReplica(res.body))
    assert.match(res.body, /Signed-in Reader/)
    for (const url of pages) assert.ok(!fromReplica((await reader.get(url)).body), `${url} is read from the primary`)
  })

  test('the replica\'s sessions are read-only: a write routed there by mistake fails', async () => {
    await assert.rejects(
      cached.deps.replica!.db.insertInto('tags').values({ slug: 'misrouted', name: 'Misrouted', created_at: new Date().toISOString() }).execute(),
      /read-only transaction/,
    )
  })

  test('a comment goes to the primary, and its poster\'s next pages come from the primary while other readers still get the replica', async () => {
    const poster = anonymous(uncached.app)
    const form = await poster.get(`/${slug}`)
    assert.ok(fromReplica(form.body))
    uncached.clock.advance(10_000)
    const stamp = /name="stamp" value="([^"]*)"/.exec(form.body)![1].replace(/&amp;/g, '&')
    const text = `Replica check ${crypto.randomBytes(3).toString('hex')}: two months in, no change yet.`
    const sent = await poster.post('/comments', { subject: slug, parent: '', stamp, address: '', url: '', name: 'Ada Poster', email: 'ada@example.com', comment: text })
    const next = redirectTarget(sent)
    assert.ok(poster.cookies.has(PRIMARY_COOKIE), 'the POST leaves the read-the-primary cookie')

    const count = async (db: pg.Client) => (await db.query<{ n: number }>('select count(*)::int as n from discussion_posts where body_md = $1', [text])).rows[0].n
    assert.equal(await count(primary), 1, 'the comment is on the primary')
    assert.equal(await count(replica), 0, 'the replica has not caught up')

    const own = await poster.get(next.split('#')[0])
    assert.equal(own.statusCode, 200)
    assert.ok(!fromReplica(own.body), 'the poster reads the primary')
    assert.ok(own.body.includes(text.slice(0, 20)), 'and sees their own comment')

    // The cookie alone, without the commenter's own cookies, sends a browser to the primary.
    const onlyPrimary = anonymous(uncached.app)
    onlyPrimary.cookies.set(PRIMARY_COOKIE, poster.cookies.get(PRIMARY_COOKIE)!)
    assert.ok(!fromReplica((await onlyPrimary.get(`/${slug}`)).body))

    assert.ok(fromReplica((await anonymous(uncached.app).get(`/${slug}`)).body), 'another anonymous reader still reads the replica')
  })

  test('a shared page is not cached from a replica behind the primary\'s site version', async () => {
    // A comment changes what readers see: the primary's site version moves on.
    const poster = anonymous(cached.app)
    poster.ip = '203.0.113.90' // another reader: the first poster's address is inside its posting interval
    const form = await poster.get(`/${slug}`)
    cached.clock.advance(10_000)
    const stamp = /name="stamp" value="([^"]*)"/.exec(form.body)![1].replace(/&amp;/g, '&')
    redirectTarget(await poster.post('/comments', { subject: slug, parent: '', stamp, address: '', url: '', name: 'Bo Poster', email: 'bo@example.com', comment: 'Version check: week three.' }))

    const stale = await anonymous(cached.app).get(`/${slug}`)
    assert.equal(stale.statusCode, 200)
    assert.ok(!fromReplica(stale.body), 'the replica is behind: the primary renders the page')

    // The replica catches up with the version (as replaying the primary's log would): its pages are used again.
    const { rows } = await primary.query<{ value: string }>(`select value from settings where key = 'site.version'`)
    await replica.query(`insert into settings (key, value) values ('site.version', $1) on conflict (key) do update set value = $1`, [rows[0].value])
    // Another process, whose cache does not hold the page yet.
    cached.deps.pageCache = new PageCache()
    assert.ok(fromReplica((await anonymous(cached.app).get(`/${slug}`)).body))
  })

  test('a guest who starts a forum topic sees it, held, at once: their pages come from the primary, other readers\' from the replica', async () => {
    const guest = anonymous(cached.app)
    guest.ip = '203.0.113.91'
    const form = await guest.get(`/forum/c/${forumCategory}/new`)
    assert.equal(form.statusCode, 200)
    cached.clock.advance(10_000)
    const title = `Replica topic ${crypto.randomBytes(3).toString('hex')}`
    const body = 'Week one of a new routine; notes to follow.'
    const path = redirectTarget(await guest.post(`/forum/c/${forumCategory}/new`, { stamp: hidden(form.body, 'stamp'), address: '', title, body, name: 'Cy Guest', email: '' }))
    assert.ok(guest.cookies.has(PRIMARY_COOKIE), 'the POST leaves the read-the-primary cookie')

    const count = async (db: pg.Client) => (await db.query<{ n: number }>(`select count(*)::int as n from discussion_threads where title = $1`, [title])).rows[0].n
    assert.equal(await count(primary), 1, 'the topic is on the primary')
    assert.equal(await count(replica), 0, 'the replica has not caught up')

    const own = await guest.get(path)
    assert.equal(own.statusCode, 200)
    assert.ok(!fromReplica(own.body), 'the guest reads the primary')
    assert.ok(own.body.includes(body), 'and sees their held post')
    assert.match(own.body, /Your post is awaiting review/)
    const list = await guest.get(`/forum/c/${forumCategory}`)
    assert.ok(!fromReplica(list.body))
    assert.ok(list.body.includes(title))
    assert.match(list.body, /Awaiting review: only you can see it/)

    // The cookie alone sends a browser to the primary, cached site or not.
    for (const s of [cached, uncached]) {
      for (const url of pages) {
        const onlyPrimary = anonymous(s.app)
        onlyPrimary.cookies.set(PRIMARY_COOKIE, guest.cookies.get(PRIMARY_COOKIE)!)
        const res = await onlyPrimary.get(url)
        assert.equal(res.statusCode, 200, url)
        assert.ok(!fromReplica(res.body), `${url} is read from the primary`)
      }
    }

    // Other readers: the replica as it is where pages are not cached; where
    // they are, the primary, for the replica is behind the site version now.
    for (const url of pages) {
      assert.ok(fromReplica((await anonymous(uncached.app).get(url)).body), `${url} is still read from the replica`)
      assert.ok(!fromReplica((await anonymous(cached.app).get(url)).body), `${url} is not cached from a replica behind`)
    }
    // The held topic is the guest's alone, whichever database a reader's page comes from.
    for (const s of [cached, uncached]) assert.equal((await anonymous(s.app).get(path)).statusCode, 404)
  })

  test('a topic read from the replica counts its view on the primary', async () => {
    const views = async (db: pg.Client) => (await db.query<{ n: number }>('select view_count as n from discussion_threads where id = $1', [quietTopic.id])).rows[0].n
    const [onPrimary, onReplica] = [await views(primary), await views(replica)]
    const s = await site(urls.primary, urls.replica, { PAGE_CACHE: 'off' })
    try {
      const res = await anonymous(s.app).get(quietTopic.path)
      assert.equal(res.statusCode, 200)
      assert.ok(fromReplica(res.body))
    } finally {
      // Closing the app writes the views it counted.
      await s.app.close()
      await closeDeps(s.deps)
    }
    assert.equal(await views(primary), onPrimary + 1)
    assert.equal(await views(replica), onReplica)
  })
})

