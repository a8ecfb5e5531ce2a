import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { sql, type Compilable } from 'kysely'
import { testDialects } from '../test/databases.js'
import type { Db } from '../db/database.js'
import { forumTestApp, type ForumTestApp } from './fixtures.js'
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

    // A list page is one query: each row's story (and on /forum/latest its
    // category) joined in by key, without giving up the index's order.
    const listed = () => t.deps.db.selectFrom('discussion_threads').leftJoin('forum_stories', 'forum_stories.thread_id', 'discussion_threads.id')
      .select(['discussion_threads.id', 'discussion_threads.title', 'forum_stories.treatments', 'forum_stories.months'])

    test('a category page walks discussion_threads_category_idx in order', async () => {
      const p = await plan(t.deps.db, dialect, listed().where('discussion_threads.category_id', '=', categoryId).where('discussion_threads.listed', '=', 1)
        .orderBy('discussion_threads.pinned', 'desc').orderBy('discussion_threads.last_activity_at', 'desc').orderBy('discussion_threads.id', 'desc').offset(0).limit(30))
      assert.match(p, /discussion_threads_category_idx/, p)
      ordered(p)
    })

    test('/forum/latest walks discussion_threads_latest_idx in order', async () => {
      const p = await plan(t.deps.db, dialect, listed().leftJoin('forum_categories', 'forum_categories.id', 'discussion_threads.category_id').select('forum_categories.name')
        .where('discussion_threads.listed', '=', 1).orderBy('discussion_threads.last_activity_at', 'desc').orderBy('discussion_threads.id', 'desc').limit(30))
      assert.match(p, /discussion_threads_latest_idx/, p)
      ordered(p)
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
