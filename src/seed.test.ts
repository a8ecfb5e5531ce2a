import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testApp, type TestApp } from './test/harness.js'
import { testDialects } from './test/databases.js'
import { demoArticles, demoStudies } from './content/demo/index.js'
import { describeDemoSeed, seedDemoIfEmpty, type DemoSeedSummary } from './seed.js'

for (const dialect of testDialects()) {
  describe(`first-start demo seeding on ${dialect}`, () => {
    let t: TestApp
    let summary: DemoSeedSummary | null
    const logged: string[] = []
    before(async () => {
      t = await testApp(dialect)
      summary = await seedDemoIfEmpty({ ...t.deps, log: { ...t.deps.log, info: (msg: unknown) => void logged.push(String(msg)) } })
    })
    after(() => t.close())

    test('the summary counts what is in the database, and one log line says it', async () => {
      assert.ok(summary)
      const count = async (table: 'articles' | 'media' | 'studies') =>
        Number((await t.deps.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
      const byKind = await t.deps.db.selectFrom('articles').select(['kind', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('kind').execute()
      const kinds = Object.fromEntries(byKind.map((r) => [r.kind, Number(r.n)]))
      const posts = Number((await t.deps.db.selectFrom('discussion_posts').innerJoin('discussion_threads', 'discussion_threads.id', 'discussion_posts.thread_id')
        .select((eb) => eb.fn.countAll<number>().as('n')).where('discussion_threads.kind', '=', 'topic').executeTakeFirstOrThrow()).n)
      const comments = Number((await t.deps.db.selectFrom('discussion_posts').innerJoin('discussion_threads', 'discussion_threads.id', 'discussion_posts.thread_id')
        .select((eb) => eb.fn.countAll<number>().as('n')).where('discussion_threads.kind', '!=', 'topic').executeTakeFirstOrThrow()).n)

      // The demo shop's product pictures are media rows too, but not content's figures.
      const productPictures = (await t.deps.db.selectFrom('shop_products').select('featured_media_id').where('featured_media_id', 'is not', null).execute()).length +
        (await t.deps.db.selectFrom('shop_product_media').select('media_id').execute()).length
      assert.deepEqual(summary.content.added, { articles: kinds.post, pages: kinds.page, studies: await count('studies'), figures: await count('media') - productPictures })
      const products = (await t.deps.db.selectFrom('shop_products').select('id').execute()).length
      assert.equal(summary.products, products)
      assert.ok(products > 0)
      assert.equal(summary.content.added.articles + summary.content.added.pages, demoArticles.length)
      assert.equal(summary.content.added.studies, demoStudies.length)
      assert.ok(summary.content.added.figures > 0)
      assert.equal(summary.comments, comments)
      assert.equal(summary.forumPosts, posts)
      assert.ok(comments > 0 && posts > 0)

      const { articles, pages, studies, figures } = summary.content.added
      assert.deepEqual(logged, [`Seeded the demo site: ${articles} articles, ${pages} pages, ${studies} studies, ${figures} figures, ${comments} comments, ${posts} forum posts, ${products} products.`])
    })

    test('a site with content is not seeded again', async () => {
      assert.equal(await seedDemoIfEmpty(t.deps), null)
    })
  })
}

test('the summary line says when nothing was added, and counts one in the singular', () => {
  const content = { articleIds: {}, staffIds: { editor: 1, reviewer: 2 } }
  assert.equal(describeDemoSeed({ content: { ...content, added: { articles: 0, pages: 0, studies: 0, figures: 0 } }, comments: 0, forumPosts: 0, products: 0 }),
    'The demo site was seeded already: nothing added.')
  assert.equal(describeDemoSeed({ content: { ...content, added: { articles: 1, pages: 0, studies: 1, figures: 2 } }, comments: 1, forumPosts: 0, products: 1 }),
    'Seeded the demo site: 1 article, 0 pages, 1 study, 2 figures, 1 comment, 0 forum posts, 1 product.')
})
