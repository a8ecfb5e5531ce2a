import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import net from 'node:net'
import sharp from 'sharp'
import { redirectTarget, testApp, type Agent, type TestApp } from '../test/harness.js'
import { testDialects } from '../test/databases.js'
import { multipart } from '../content/fixtures.js'
import { forumTestApp, hidden, type ForumTestApp } from '../forum/fixtures.js'
import { makeCategory, setShopSettings } from '../shop/fixtures.js'

// When the object store fails (here: a bucket that does not exist), every
// upload form says so and comes back with what the person typed; nothing is
// recorded and nothing is posted.

const STORE_FAILED = /could not be saved just now: the file store did not answer/
const brokenStore = { storage: 's3' as const, env: { S3_BUCKET: 'no-such-bucket' } }
const freePort = () => new Promise<number>((resolve) => {
  const srv = net.createServer().listen(0, '127.0.0.1', () => {
    const port = (srv.address() as net.AddressInfo).port
    srv.close(() => resolve(port))
  })
})
const photo = () => sharp({ create: { width: 700, height: 500, channels: 3, background: '#7a5c3e' } }).jpeg().toBuffer()

for (const dialect of testDialects()) {
  describe(`uploads when S3 fails, on ${dialect}`, () => {
    let t: TestApp
    let staff: Agent
    const errors: unknown[] = []
    before(async () => {
      t = await testApp(dialect, brokenStore)
      t.deps.log = { ...t.deps.log, error: (o: unknown) => { errors.push(o) } }
      staff = await t.signedIn('admin')
    })
    after(() => t.close())
    const mediaRows = async () => Number((await t.deps.db.selectFrom('media').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
    const send = (url: string, fields: Record<string, string>, file: string, accept = 'text/html') =>
      photo().then((data) => {
        const form = multipart({ _csrf: staff.csrfToken ?? '', ...fields }, { [file]: { filename: 'photo.jpg', type: 'image/jpeg', data } })
        return staff.request('POST', url, form.body, { 'content-type': form.contentType, accept })
      })

    test('the article editor keeps the article and says the image was not saved', async () => {
      await staff.get('/admin/articles/new')
      const res = await send('/admin/articles', { kind: 'post', title: 'Kept title', body: 'Kept body.', action: 'upload', image_alt: 'Kept description', image_caption: '' }, 'image_file')
      assert.equal(res.statusCode, 422)
      assert.match(res.body, STORE_FAILED)
      assert.match(res.body, /value="Kept title"/)
      assert.match(res.body, /value="Kept description"/)
      const json = await send('/admin/media', { alt: 'x', caption: '' }, 'image_file', 'application/json')
      assert.equal(json.statusCode, 422)
      assert.match(JSON.parse(json.body).error, STORE_FAILED)
      assert.equal(await mediaRows(), 0, 'no media row for files that are not stored')
      assert.ok(errors.length >= 2, 'the failure is logged for the operator')
      assert.match(String((errors[0] as { err: Error }).err.message), /bucket no-such-bucket: NoSuchBucket/)
    })

    test('a file that cannot be read is a 503 to retry, never a 500 or a 404 that a cache would keep', async () => {
      // A store that does not answer. (A bucket that does not exist cannot
      // stand in here: S3 answers HEAD for it with a bare 404, like a missing key.)
      const port = await freePort()
      const down = await testApp(dialect, { storage: 's3', env: { S3_ENDPOINT: `http://127.0.0.1:${port}` } })
      try {
        for (const method of ['GET', 'HEAD'] as const) {
          const res = await down.agent().request(method, '/media/abcdefghijklmnop-480.webp')
          assert.equal(res.statusCode, 503, method)
          assert.equal(res.headers['cache-control'], 'no-store')
          assert.equal(res.headers['retry-after'], '30')
        }
      } finally {
        await down.close()
      }
    })

    test('the product gallery keeps the description and says the picture was not saved', async () => {
      await setShopSettings(t.deps.db)
      const category = await makeCategory(t.deps.db, { slug: 'combs', name: 'Combs' })
      await staff.get('/admin/shop/products/new')
      const edit = redirectTarget(await staff.post('/admin/shop/products', {
        name: 'Wide comb', slug: 'wide-comb', summary: 'A wide-toothed comb.', description: 'For wet hair.', product_class: 'accessory', category_id: String(category), status: 'active', evidence_path: '', position: '',
      }))
      await staff.get(edit)
      const res = await send(`${edit}/gallery`, { gallery_alt: 'The comb on a towel' }, 'gallery_file')
      assert.equal(res.statusCode, 422)
      assert.match(res.body, STORE_FAILED)
      assert.match(res.body, /id="f-gallery_alt"[^>]*value="The comb on a towel"/)
      assert.equal(await mediaRows(), 0)
    })
  })

  describe(`forum photos when S3 fails, on ${dialect}`, () => {
    let t: ForumTestApp
    before(async () => { t = await forumTestApp(dialect, brokenStore) })
    after(() => t.close())

    test('a topic with a photo is not posted; the form comes back with the text and says why', async () => {
      const cat = await t.category({ policy: 'topics', hold: false })
      const guest = t.agent()
      const page = await guest.get(`/forum/c/${cat.slug}/new`)
      assert.equal(page.statusCode, 200)
      t.clock.advance(5_000)
      const form = multipart(
        { _csrf: guest.csrfToken ?? '', stamp: hidden(page.body, 'stamp'), address: '', title: 'My crown at month six', body: 'Photos below.', name: 'Robin', email: '', photo1_alt: 'The crown from above' },
        { photo1: { filename: 'crown.jpg', type: 'image/jpeg', data: await photo() } },
      )
      const res = await guest.request('POST', `/forum/c/${cat.slug}/new`, form.body, { 'content-type': form.contentType })
      assert.equal(res.statusCode, 503)
      assert.match(res.body, /Your photos could not be saved just now/)
      assert.match(res.body, /value="My crown at month six"/)
      assert.match(res.body, /Photos below\./)
      const topics = await t.deps.db.selectFrom('discussion_threads').select('id').where('title', '=', 'My crown at month six').execute()
      assert.equal(topics.length, 0, 'nothing is posted')
    })
  })
}
