import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testApp, redirectTarget, type TestApp, type Agent } from '../test/harness.js'
import { testDialects } from '../test/databases.js'
import { makeProduct, setShopSettings } from './fixtures.js'
import { reindexProducts } from './search-documents.js'

// Site search finds the shop's active products, kept in line by the editor
// in the same transaction as the save: a draft is not found, a renamed
// address leaves no stale hit, and option names are searchable.

/** The result links of a /search page. */
async function hits(t: TestApp, q: string, kind = ''): Promise<string[]> {
  const res = await t.agent().get(`/search?q=${encodeURIComponent(q)}${kind ? `&kind=${kind}` : ''}`)
  assert.equal(res.statusCode, 200)
  return [...res.body.matchAll(/<h2 class="search-result__title"><a href="([^"]+)"/g)].map((m) => m[1])
}

for (const dialect of testDialects()) {
  describe(`site search over the shop on ${dialect}`, () => {
    let t: TestApp
    let manager: Agent & { userId: number }
    before(async () => {
      t = await testApp(dialect)
      await setShopSettings(t.deps.db)
      manager = await t.signedIn('shop_manager')
    })
    after(() => t.close())

    const product = (over: Record<string, string> = {}) => ({
      name: 'Boar bristle comb', slug: '', summary: 'A wide-toothed comb for detangling without pulling.', description: 'Comb **wet hair** gently from the ends.',
      product_class: 'accessory', category_id: '', status: 'active', evidence_path: '', position: '', ...over,
    })

    test('an active product is found by its name, its words and its option names, labelled as the shop', async () => {
      await manager.get('/admin/shop/products/new')
      const edit = redirectTarget(await manager.post('/admin/shop/products', product()))
      assert.match(edit, /^\/admin\/shop\/products\/\d+$/)
      assert.deepEqual(await hits(t, 'bristle comb'), ['/shop/p/boar-bristle-comb'])
      assert.deepEqual(await hits(t, 'detangling'), ['/shop/p/boar-bristle-comb'])
      assert.deepEqual(await hits(t, 'detangling', 'product'), ['/shop/p/boar-bristle-comb'])
      assert.deepEqual(await hits(t, 'detangling', 'article'), [])
      const page = await t.agent().get('/search?q=detangling')
      assert.match(page.body, /<span class="search-kind search-kind--product">Shop<\/span>/)

      await manager.get(`${edit}/variants/new`)
      assert.equal(redirectTarget(await manager.post(`${edit}/variants`, {
        sku: 'COMB-TRAVEL', name: 'Travel size', price: '6.50', compare_at: '', weight_grams: '30', stock: '5', low_stock_threshold: '1', supply_months: '', active: 'on',
      })), edit)
      assert.deepEqual(await hits(t, 'travel'), ['/shop/p/boar-bristle-comb'])
    })

    test('a product moved to draft is no longer found; a new address leaves no hit at the old one', async () => {
      const edit = redirectTarget(await manager.post('/admin/shop/products', product({ name: 'Satin pillowcase', summary: 'Smooth satin for less friction overnight.', description: '' })))
      assert.deepEqual(await hits(t, 'pillowcase'), ['/shop/p/satin-pillowcase'])
      assert.equal(redirectTarget(await manager.post(edit, product({ name: 'Satin pillowcase', slug: 'satin-pillow-case', summary: 'Smooth satin for less friction overnight.', description: '' }))), edit)
      assert.deepEqual(await hits(t, 'pillowcase'), ['/shop/p/satin-pillow-case'])
      assert.equal(redirectTarget(await manager.post(edit, product({ name: 'Satin pillowcase', slug: 'satin-pillow-case', summary: 'Smooth satin for less friction overnight.', description: '', status: 'draft' }))), edit)
      assert.deepEqual(await hits(t, 'pillowcase'), [])
    })

    test('a full reindex brings in products written without the editor and drops those gone', async () => {
      await makeProduct(t.deps.db, { slug: 'silk-scarf', name: 'Silk scarf', summary: 'A scarf.', variants: [{ name: 'One size', priceCents: 2000 }] })
      assert.deepEqual(await hits(t, 'scarf'), [], 'a row written straight to the table is not indexed yet')
      await reindexProducts(t.deps)
      assert.deepEqual(await hits(t, 'scarf'), ['/shop/p/silk-scarf'])
      await t.deps.db.updateTable('shop_products').set({ status: 'archived' }).where('slug', '=', 'silk-scarf').execute()
      await reindexProducts(t.deps)
      assert.deepEqual(await hits(t, 'scarf'), [])
    })
  })
}
