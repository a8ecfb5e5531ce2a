import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { sql, type Compilable } from 'kysely'
import { testDialects } from '../test/databases.js'
import type { Db } from '../db/database.js'
import { forumTestApp, type ForumTestApp } from './fixtures.js'
import { categoryTopicsQuery, latestTopicsQuery, listCategoryTopics, listLatestTopics } from './queries/topics.js'
import { redirectTarget } from '../test/harness.js'

// The category list, /forum/latest and a topic page must walk an index in
// order, never sort the table: their cost then stays flat as the forum grows.
// SQLite: EXPLAIN QUERY PLAN names the index and no temp B-tree for ORDER BY.
// PostgreSQL: with sequential scans priced out (these test tables are tiny,
// so the planner would rightly scan them), EXPLAIN shows the index, no Sort.

async function plan(db: Db, dialect: string, q: Compilable): Promise<string> {
  const c = q.compile()
  if (dialect === 'sqlite') {
    const r = await db.executeQuery<{ detail: string }>({ ...c, sql: `EXPLAIN QUERY PLAN ${c.sql}` } as never)
    return r.rows.map((x) => x.detail).join('\n')
  }
  return db.transaction().execute(async (trx) => {
    await sql`set local enable_seqscan = off`.execute(trx)
    const r = await trx.executeQuery<{ 'QUERY PLAN': string }>({ ...c, sql: `EXPLAIN ${c.sql}` } as never)
    return r.rows.map((x) => x['QUERY PLAN']).join('\n')
  })
}

for (const dialect of testDialects()) {
  describe(`forum query plans on ${dialect}`, () => {
    let t: ForumTestApp
    let threadId = 0
    let categoryId = 0
    before(async () => {
      t = await forumTestApp(dialect)
      const cat = await t.category({ hold: false })
      categoryId = cat.id
      const mod = await t.signedIn('moderator')
      for (let i = 0; i < 3; i++) redirectTarget(await t.startTopic(mod, cat.slug, { title: `Plan topic ${i}`, body: `Body ${i}` }))
      threadId = (await t.deps.db.selectFrom('discussion_threads').select('id').where('kind', '=', 'topic').limit(1).executeTakeFirstOrThrow()).id
    })
    after(() => t.close())

    const ordered = (p: string) => {
      if (dialect === 'sqlite') assert.doesNotMatch(p, /TEMP B-TREE FOR ORDER BY/, p)
      else assert.doesNotMatch(p, /\bSort\b/, p)
    }

    // A list page is one query: the page's ids from the list's covering
    // index in its order (a later page's offset is skipped in the index),
    // then those rows, each with its story (and on /forum/latest its
    // category) joined in by key; only the page's own rows are sorted again.
    const walksCovering = (p: string, index: string) => {
      if (dialect === 'sqlite') {
        assert.match(p, new RegExp(`COVERING INDEX ${index}`), p)
        assert.doesNotMatch(p, /SCAN discussion_threads\b/, p)
      } else {
        assert.match(p, new RegExp(`Index Only Scan (Backward )?using ${index}`), p)
        assert.doesNotMatch(p, /Seq Scan/, p)
      }
    }

    test('a category page walks discussion_threads_category_idx alone for its page of ids', async () => {
      walksCovering(await plan(t.deps.db, dialect, categoryTopicsQuery(t.deps.db, categoryId, 30, 30)), 'discussion_threads_category_idx')
      const rows = await listCategoryTopics(t.deps.db, categoryId, 0, 30)
      assert.deepEqual(rows.map((r) => r.title), ['Plan topic 2', 'Plan topic 1', 'Plan topic 0'], 'latest activity first')
      assert.deepEqual((await listCategoryTopics(t.deps.db, categoryId, 1, 1)).map((r) => r.title), ['Plan topic 1'])
    })

    test('/forum/latest walks discussion_threads_latest_idx alone for its page of ids', async () => {
      walksCovering(await plan(t.deps.db, dialect, latestTopicsQuery(t.deps.db, 30, 30)), 'discussion_threads_latest_idx')
      const rows = await listLatestTopics(t.deps.db, 0, 2)
      assert.deepEqual(rows.map((r) => r.title), ['Plan topic 2', 'Plan topic 1'])
      assert.ok(rows[0].category_name, 'with its category')
    })

    // With status in the index, the posts skipped by a later page's offset
    // are passed over in the index, not read from the table.
    test('a topic page reads a reader\'s posts by discussion_posts_visible_idx', async () => {
      const p = await plan(t.deps.db, dialect, t.deps.db.selectFrom('discussion_posts').select(['id', 'body_html'])
        .where('thread_id', '=', threadId).where('status', '=', 'approved').orderBy('post_number').offset(40).limit(20))
      assert.match(p, /discussion_posts_visible_idx/, p)
      ordered(p)
    })

    test('a topic page counts a reader\'s posts in an index alone', async () => {
      const p = await plan(t.deps.db, dialect, t.deps.db.selectFrom('discussion_posts').select((eb) => eb.fn.countAll().as('n'))
        .where('thread_id', '=', threadId).where('status', '=', 'approved'))
      assert.match(p, dialect === 'sqlite' ? /COVERING INDEX/ : /Index Only Scan/, p)
    })
  })
}
