import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testApp, testStorages, redirectTarget, type TestApp, type Agent } from '../test/harness.js'
import { testDialects } from '../test/databases.js'
import sharp from 'sharp'
import { multipart } from '../content/fixtures.js'
import { makeCategory, setShopSettings } from './fixtures.js'

for (const dialect of testDialects()) for (const storage of testStorages()) {
  describe(`the product editor on ${dialect}, pictures in ${storage}`, () => {
    let t: TestApp
    let manager: Agent & { userId: number }
    let category: number
    before(async () => {
      t = await testApp(dialect, { storage })
      await setShopSettings(t.deps.db)
      category = await makeCategory(t.deps.db, { slug: 'scalp-care', name: 'Scalp care' })
      manager = await t.signedIn('shop_manager')
    })
    after(() => t.close())

    const product = (over: Record<string, string> = {}) => ({
      name: 'Scalp brush', slug: '', summary: 'A soft silicone brush for massaging the scalp.', description: 'Use it on a **dry or wet** scalp.\n\n<script>alert(1)</script>',
      product_class: 'accessory', category_id: String(category), status: 'active', evidence_path: '', position: '', ...over,
    })
    const variant = (over: Record<string, string> = {}) => ({
      sku: 'brush-1', name: 'Standard', price: '9.50', compare_at: '', weight_grams: '80', stock: '12', low_stock_threshold: '3', supply_months: '', active: 'on', ...over,
    })

    test('a moderator and an editor get 403; a visitor is sent to sign in', async () => {
      for (const role of ['moderator', 'editor'] as const) {
        const agent = await t.signedIn(role)
        assert.equal((await agent.get('/admin/shop/products')).statusCode, 403)
        assert.equal((await agent.get('/admin/shop/categories')).statusCode, 403)
        await agent.get('/')
        assert.equal((await agent.post('/admin/shop/products', product())).statusCode, 403)
      }
      assert.match(redirectTarget(await t.agent().get('/admin/shop/products')), /^\/sign-in/)
    })

    test('create a product and its variants; the shop shows them; every change is audited', async () => {
      assert.equal((await manager.get('/admin/shop/products/new')).statusCode, 200)
      const created = await manager.post('/admin/shop/products', product())
      const edit = redirectTarget(created)
      assert.match(edit, /^\/admin\/shop\/products\/\d+$/)
      const row = await t.deps.db.selectFrom('shop_products').selectAll().where('slug', '=', 'scalp-brush').executeTakeFirstOrThrow()
      assert.match(row.description_html, /<strong>dry or wet<\/strong>/)
      assert.doesNotMatch(row.description_html, /<script/, 'sanitized when saved')

      await manager.get(`${edit}/variants/new`)
      assert.equal(redirectTarget(await manager.post(`${edit}/variants`, variant())), edit)
      assert.equal(redirectTarget(await manager.post(`${edit}/variants`, variant({ sku: 'BRUSH-2', name: 'Large', price: '12', compare_at: '15.00', stock: '' }))), edit)
      const variants = await t.deps.db.selectFrom('shop_variants').selectAll().where('product_id', '=', row.id).orderBy('id').execute()
      assert.deepEqual(variants.map((v) => [v.sku, v.price_cents, v.compare_at_cents, v.stock]), [['BRUSH-1', 950, null, 12], ['BRUSH-2', 1200, 1500, null]])

      const page = await t.agent().get('/shop/p/scalp-brush')
      assert.equal(page.statusCode, 200)
      assert.match(page.body, /value="BRUSH-2"/)
      assert.match(page.body, /From <span class="price__now">€9\.50/)

      // Stock edit.
      const staffPage = await manager.get(edit)
      assert.match(staffPage.body, /Set stock/)
      assert.equal(redirectTarget(await manager.post(`${edit}/variants/${variants[0].id}/stock`, { stock: '0' })), edit)
      const sold = await t.agent().get('/shop/p/scalp-brush')
      assert.match(sold.body, /value="BRUSH-1" disabled/)
      const badStock = await manager.post(`${edit}/variants/${variants[0].id}/stock`, { stock: '-4' })
      assert.equal(badStock.statusCode, 422)
      assert.match(badStock.body, /value="-4"/)
      assert.match(badStock.body, /Enter the stock as a whole number/)

      const audit = await t.deps.db.selectFrom('audit_log').select(['action', 'actor_user_id']).where('action', 'like', 'shop.%').orderBy('id').execute()
      assert.deepEqual(audit.map((a) => a.action), ['shop.product.create', 'shop.variant.create', 'shop.variant.create', 'shop.stock.set'])
      assert.ok(audit.every((a) => a.actor_user_id === manager.userId))
    })

    test('a SKU or slug clash is a 422 field error that keeps the input, not a 500', async () => {
      const other = redirectTarget(await manager.post('/admin/shop/products', product({ name: 'Wide-tooth comb', summary: 'A comb with wide teeth.' })))
      await manager.get(`${other}/variants/new`)
      const clash = await manager.post(`${other}/variants`, variant({ sku: 'Brush-1', name: 'Comb one', price: '4.20' }))
      assert.equal(clash.statusCode, 422)
      assert.match(clash.body, /The SKU BRUSH-1 is already used by another variant/)
      assert.match(clash.body, /value="Comb one"/)
      assert.match(clash.body, /value="4\.20"/)
      assert.match(clash.body, /aria-describedby="f-sku-hint f-sku-error"/)

      const badMoney = await manager.post(`${other}/variants`, variant({ sku: 'COMB-1', price: '4.2.0', compare_at: '1.00' }))
      assert.equal(badMoney.statusCode, 422)
      assert.match(badMoney.body, /Enter the price in EUR, like 14\.90\./)

      const slugClash = await manager.post('/admin/shop/products', product({ slug: 'scalp-brush', name: 'Another brush' }))
      assert.equal(slugClash.statusCode, 422)
      assert.match(slugClash.body, /Another product already uses the address \/shop\/p\/scalp-brush/)
      assert.match(slugClash.body, /value="Another brush"/)

      const junk = await manager.post('/admin/shop/products', { name: '', product_class: 'potion', category_id: 'x; drop table', status: 'live' })
      assert.equal(junk.statusCode, 422)
      const oddNumbers = await manager.post('/admin/shop/products', product({ name: 'Odd comb', position: '-', featured_media_id: '99999' }))
      assert.equal(oddNumbers.statusCode, 422)
      assert.match(oddNumbers.body, /Enter a whole number for the position/)
      const ghostPicture = await manager.post('/admin/shop/products', product({ name: 'Odd comb', featured_media_id: '99999' }))
      assert.equal(ghostPicture.statusCode, 422)
      assert.match(ghostPicture.body, /That picture no longer exists/)
      assert.equal((await manager.get('/admin/shop/products/99999999')).statusCode, 404)
      assert.equal((await manager.get('/admin/shop/products/abc')).statusCode, 404)
    })

    test('the editor refuses health claims in the copy, with a clear message', async () => {
      const res = await manager.post('/admin/shop/products', product({ name: 'Miracle roller', summary: 'Regrowth guaranteed.', description: 'Clinically proven.' }))
      assert.equal(res.statusCode, 422)
      assert.match(res.body, /The name makes a health claim \(“miracle”\)/)
      assert.match(res.body, /The summary makes a health claim \(“regrowth”, “guaranteed”\)/)
      assert.match(res.body, /The description makes a health claim \(“clinically proven”\)/)
      assert.match(res.body, /value="Miracle roller"/)
      const none = await t.deps.db.selectFrom('shop_products').select('id').where('name', '=', 'Miracle roller').executeTakeFirst()
      assert.equal(none, undefined)
      // A medicine on sale needs its evidence article.
      const medicine = await manager.post('/admin/shop/products', product({ name: 'Minoxidil lotion', product_class: 'medicine' }))
      assert.equal(medicine.statusCode, 422)
      assert.match(medicine.body, /A medicine on sale links the article on its evidence/)
    })

    test('product text is escaped on every page that shows it (name, summary, SKU name, description)', async () => {
      const payload = '<img src=x onerror=alert(1)>"\'><script>alert(2)</script>'
      const edit = redirectTarget(await manager.post('/admin/shop/products', product({
        name: `Brush ${payload}`, slug: 'xss-brush', summary: payload, description: `Text ${payload} [x](javascript:alert(3))`,
      })))
      await manager.get(`${edit}/variants/new`)
      redirectTarget(await manager.post(`${edit}/variants`, variant({ sku: 'XSS-1', name: `Size ${payload}` })))
      for (const [who, path] of [[t.agent(), '/shop/p/xss-brush'], [t.agent(), '/shop'], [manager, edit], [manager, '/admin/shop/products']] as const) {
        const res = await who.get(path)
        assert.equal(res.statusCode, 200, path)
        assert.doesNotMatch(res.body, /<img src=x|<script>alert|href="javascript:/i, path)
      }
    })

    test('a featured picture uploads through the media pipeline; a non-image is refused with the input kept', async () => {
      await manager.get('/admin/shop/products/new')
      const png = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#2f6f6a' } }).png().toBuffer()
      const send = (fields: Record<string, string>, file: { data: Buffer; name: string; type: string }) => {
        const form = multipart({ _csrf: manager.csrfToken ?? '', ...product(fields) }, { featured_file: { filename: file.name, type: file.type, data: file.data } })
        return manager.request('POST', '/admin/shop/products', form.body, { 'content-type': form.contentType })
      }
      const refused = await send({ name: 'Pictured comb', slug: 'pictured-comb', featured_alt: 'A comb' }, { data: Buffer.from('not an image at all'), name: 'comb.png', type: 'image/png' })
      assert.equal(refused.statusCode, 422)
      assert.match(refused.body, /That file is not an image we can read/)
      assert.match(refused.body, /value="Pictured comb"/)
      const noAlt = await send({ name: 'Pictured comb', slug: 'pictured-comb', featured_alt: '' }, { data: png, name: 'comb.png', type: 'image/png' })
      assert.equal(noAlt.statusCode, 422)
      assert.match(noAlt.body, /Describe the new picture/)

      redirectTarget(await send({ name: 'Pictured comb', slug: 'pictured-comb', featured_alt: 'A green comb' }, { data: png, name: 'comb.png', type: 'image/png' }))
      const row = await t.deps.db.selectFrom('shop_products').select('featured_media_id').where('slug', '=', 'pictured-comb').executeTakeFirstOrThrow()
      assert.ok(row.featured_media_id)
      const page = await t.agent().get('/shop/p/pictured-comb')
      assert.match(page.body, /<source type="image\/webp" srcset="\/media\/[a-z0-9]{16}-480\.webp 480w/)
      assert.match(page.body, /alt="A green comb"/)
    })

    test('gallery pictures: added after the featured one, refused with a clear message and the description kept, removed; staff only', async () => {
      await manager.get('/admin/shop/products/new')
      const edit = redirectTarget(await manager.post('/admin/shop/products', product({ name: 'Gallery comb', slug: 'gallery-comb' })))
      const png = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#8a6f4e' } }).png().toBuffer()
      const send = (fields: Record<string, string>, file?: { data: Buffer; name: string; type: string }, agent: Agent = manager) => {
        const form = multipart({ _csrf: agent.csrfToken ?? '', ...fields }, file ? { gallery_file: { filename: file.name, type: file.type, data: file.data } } : {})
        return agent.request('POST', `${edit}/gallery`, form.body, { 'content-type': form.contentType })
      }

      const notImage = await send({ gallery_alt: 'The comb from the side' }, { data: Buffer.from('plain text, not a picture'), name: 'side.png', type: 'image/png' })
      assert.equal(notImage.statusCode, 422)
      assert.match(notImage.body, /That file is not an image we can read/)
      assert.match(notImage.body, /id="f-gallery_alt"[^>]*value="The comb from the side"/)
      const noAlt = await send({ gallery_alt: '  ' }, { data: png, name: 'side.png', type: 'image/png' })
      assert.equal(noAlt.statusCode, 422)
      assert.match(noAlt.body, /Describe the picture for people who cannot see it/)
      const noFile = await send({ gallery_alt: 'The comb from the side' })
      assert.equal(noFile.statusCode, 422)
      assert.match(noFile.body, /Choose a picture to upload/)
      const control = await send({ gallery_alt: 'The comb\u0000' }, { data: png, name: 'side.png', type: 'image/png' })
      assert.equal(control.statusCode, 422)
      assert.match(control.body, /Remove the invisible control characters/)
      assert.equal((await manager.post(`${edit}/gallery`, { gallery_alt: 'Sent as a plain form' })).statusCode < 500, true, 'a form that is not multipart is no 500')
      for (const bad of ['/admin/shop/products/99999/gallery/1/remove', '/admin/shop/products/x/gallery/1/remove', `${edit}/gallery/1e3/remove`]) {
        assert.equal((await manager.post(bad, {})).statusCode, 404, bad)
      }

      assert.equal(redirectTarget(await send({ gallery_alt: 'The comb from the side' }, { data: png, name: 'side.png', type: 'image/png' })), `${edit}#gallery-heading`)
      assert.equal(redirectTarget(await send({ gallery_alt: 'The comb in its box' }, { data: png, name: 'box.png', type: 'image/png' })), `${edit}#gallery-heading`)
      const page = await t.agent().get('/shop/p/gallery-comb')
      const gallery = /<ul class="product__gallery"[\s\S]*?<\/ul>/.exec(page.body)?.[0] ?? ''
      assert.deepEqual([...gallery.matchAll(/alt="([^"]+)"/g)].map((m) => m[1]), ['The comb from the side', 'The comb in its box'], 'in the order added')
      const src = /src="(\/media\/[a-z0-9]{16}-\d+\.(?:jpg|png))"/.exec(gallery)?.[1]
      assert.ok(src, 'a gallery picture has a fallback src')
      const picture = await t.agent().get(src)
      assert.equal(picture.statusCode, 200)
      assert.deepEqual(picture.rawPayload, await t.stored(src.slice(1)), `served from ${storage} storage`)
      assert.equal((await sharp(picture.rawPayload).metadata()).format, src.endsWith('.png') ? 'png' : 'jpeg')

      const editor = await manager.get(edit)
      const remove = /action="(\/admin\/shop\/products\/\d+\/gallery\/\d+\/remove)"/.exec(editor.body)?.[1]
      assert.ok(remove, 'each picture has a remove button')
      const moderator = await t.signedIn('moderator')
      await moderator.get('/')
      assert.equal((await moderator.post(remove, {})).statusCode, 403)
      assert.equal((await send({ gallery_alt: 'Not theirs' }, { data: png, name: 'x.png', type: 'image/png' }, moderator)).statusCode, 403)
      assert.equal(redirectTarget(await manager.post(remove, {})), `${edit}#gallery-heading`)
      assert.equal((await manager.post(remove, {})).statusCode, 404, 'a picture no longer on the product')
      const after = await t.agent().get('/shop/p/gallery-comb')
      assert.doesNotMatch(after.body, /The comb from the side/)
      assert.match(after.body, /alt="The comb in its box"/)

      const audit = await t.deps.db.selectFrom('audit_log').select('action').where('action', 'like', 'shop.gallery.%').orderBy('id').execute()
      assert.deepEqual(audit.map((a) => a.action), ['shop.gallery.add', 'shop.gallery.add', 'shop.gallery.remove'])
    })

    test('categories: add, clash, rename', async () => {
      await manager.get('/admin/shop/categories')
      assert.equal(redirectTarget(await manager.post('/admin/shop/categories', { name: 'Combs', slug: '', description: '', position: '3' })), '/admin/shop/categories')
      const clash = await manager.post('/admin/shop/categories', { name: 'Combs again', slug: 'combs' })
      assert.equal(clash.statusCode, 422)
      assert.match(clash.body, /Another category already uses \/shop\/c\/combs/)
      const combs = await t.deps.db.selectFrom('shop_categories').select('id').where('slug', '=', 'combs').executeTakeFirstOrThrow()
      assert.equal(redirectTarget(await manager.post(`/admin/shop/categories/${combs.id}`, { name: 'Combs and brushes', slug: 'combs', position: '1' })), '/admin/shop/categories')
      assert.match((await t.agent().get('/shop/c/combs')).body, /<h1>Combs and brushes<\/h1>/)
    })
  })
}
