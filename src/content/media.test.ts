import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import zlib from 'node:zlib'
import sharp from 'sharp'
import { testApp, testStorages, redirectTarget, type TestApp, type Agent } from '../test/harness.js'
import { testDialects } from '../test/databases.js'
import { multipart } from './fixtures.js'

/** A JPEG as a phone writes it: EXIF with camera, GPS position, rotated by orientation 6. */
async function phonePhoto(): Promise<Buffer> {
  return sharp({ create: { width: 1200, height: 800, channels: 3, background: '#c08060' } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExifMerge({
      IFD0: { Make: 'PhoneCo', Model: 'Phone 15', Copyright: 'Reader' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '60/1 10/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '24/1 56/1 0/1' },
    })
    .toBuffer()
}

/** A tiny PNG whose header claims 50,000 × 50,000 pixels: a decompression bomb. */
function pngBomb(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4)
    len.writeUInt32BE(data.length)
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(zlib.crc32(body))
    return Buffer.concat([len, body, crc])
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(50_000, 0)
  ihdr.writeUInt32BE(50_000, 4)
  ihdr.set([8, 2, 0, 0, 0], 8)
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(Buffer.alloc(1000))), chunk('IEND', Buffer.alloc(0))])
}

for (const dialect of testDialects()) for (const storage of testStorages()) {
  describe(`image uploads on ${dialect}, stored in ${storage}`, () => {
    let t: TestApp
    let editor: Agent
    before(async () => {
      t = await testApp(dialect, { storage })
      editor = await t.signedIn('editor')
    })
    after(() => t.close())

    const send = async (url: string, fields: Record<string, string>, file?: { data: Buffer; type?: string; name?: string }, fileField = 'image_file', accept = 'text/html') => {
      const form = multipart({ _csrf: editor.csrfToken ?? '', ...fields }, file ? { [fileField]: { filename: file.name ?? 'photo.jpg', type: file.type ?? 'image/jpeg', data: file.data } } : {})
      return editor.request('POST', url, form.body, { 'content-type': form.contentType, accept })
    }
    const articleFields = { kind: 'post', title: 'Photo article', body: 'Text.', action: 'upload', image_alt: 'A scalp seen from above', image_caption: 'Month 4, same light' }

    test('an upload is re-encoded into WebP and JPEG sizes with no EXIF or GPS left, and the editor shows its Markdown', async () => {
      await editor.get('/admin/articles/new')
      const photo = await phonePhoto()
      const before = await sharp(photo).metadata()
      assert.ok(before.exif, 'the test photo really carries EXIF')
      assert.equal(before.orientation, 6)
      assert.match(before.exif.toString('latin1'), /PhoneCo/)
      const res = await send('/admin/articles', articleFields, { data: photo })
      assert.equal(res.statusCode, 200)
      const snippet = /value="(!\[A scalp seen from above\]\(\/media\/[a-z0-9]{16}-800\.jpg &quot;Month 4, same light&quot;\))"/.exec(res.body)
      assert.ok(snippet, 'the snippet to paste is shown')
      assert.match(res.body, /value="Photo article"/, 'the rest of the form is kept')

      const row = await t.deps.db.selectFrom('media').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow()
      assert.equal(row.alt, 'A scalp seen from above')
      assert.equal(row.caption, 'Month 4, same light')
      // Orientation 6 turns 1200 × 800 into a portrait 800 × 1200.
      assert.equal(row.width, 800)
      assert.equal(row.height, 1200)
      const variants = JSON.parse(row.variants) as { width: number; format: string; file: string }[]
      assert.deepEqual(variants.map((v) => `${v.width}.${v.format}`).sort(), ['480.jpeg', '480.webp', '800.jpeg', '800.webp'].sort(), 'sizes are capped at the original')
      for (const v of variants) {
        const stored = await t.stored(`media/${v.file}`)
        assert.ok(stored, `${v.file} is in ${storage} storage`)
        const meta = await sharp(stored).metadata()
        assert.equal(meta.exif, undefined, `${v.file} has no EXIF`)
        assert.equal(meta.xmp, undefined, `${v.file} has no XMP`)
        assert.equal(meta.iptc, undefined, `${v.file} has no IPTC`)
        assert.ok(!meta.orientation || meta.orientation === 1, `${v.file} is stored upright`)
        assert.equal(meta.format, v.format)
      }
      // Served with a long cache and nosniff.
      const served = await t.agent().get(`/media/${variants[0].file}`)
      assert.equal(served.statusCode, 200)
      assert.equal(served.headers['cache-control'], 'public, max-age=31536000, immutable')
      assert.equal(served.headers['x-content-type-options'], 'nosniff')
      assert.match(String(served.headers['content-type']), /^image\/(webp|jpeg)/)
      assert.equal(served.rawPayload.length, Number(served.headers['content-length']))
      assert.deepEqual(served.rawPayload, await t.stored(`media/${variants[0].file}`), 'the stored bytes, streamed')
      const head = await t.agent().request('HEAD', `/media/${variants[0].file}`)
      assert.equal(head.statusCode, 200)
      assert.equal(head.headers['content-length'], served.headers['content-length'])
      assert.equal(head.headers['cache-control'], 'public, max-age=31536000, immutable')
      assert.equal(head.body, '')
      // A well-made name with nothing stored under it is a 404, on GET and HEAD.
      const missing = variants[0].file.replace(/^[a-z0-9]{16}/, 'zzzzzzzzzzzzzzzz')
      assert.equal((await t.agent().get(`/media/${missing}`)).statusCode, 404)
      assert.equal((await t.agent().request('HEAD', `/media/${missing}`)).statusCode, 404)
      assert.equal((await t.agent().get('/media/..%2Fcrown.sqlite')).statusCode, 404)
      assert.equal((await t.agent().get('/media/abc.jpg')).statusCode, 404)

      // The snippet renders as a figure once pasted and saved.
      const body = snippet![1].replace(/&quot;/g, '"')
      await editor.get('/admin/articles/new')
      const saved = await send('/admin/articles', { ...articleFields, body, action: 'publish' })
      redirectTarget(saved)
      const page = await t.agent().get('/photo-article')
      assert.match(page.body, /<figure class="figure">\s*<picture><source type="image\/webp" srcset="\/media\/[a-z0-9]{16}-480\.webp 480w, \/media\/[a-z0-9]{16}-800\.webp 800w"/)
      assert.match(page.body, /width="800" height="1200" alt="A scalp seen from above" loading="lazy"/)
      assert.match(page.body, /<figcaption>Month 4, same light<\/figcaption>/)
    })

    test('a featured image uploads with the article and shows above it', async () => {
      await editor.get('/admin/articles/new')
      const res = await send('/admin/articles', { kind: 'post', title: 'Featured piece', body: 'Text.', action: 'publish', featured_alt: 'A derma roller on a tray' }, { data: await phonePhoto() }, 'featured_file')
      redirectTarget(res)
      const page = await t.agent().get('/featured-piece')
      assert.match(page.body, /<figure class="article__featured"><picture>/)
      assert.match(page.body, /alt="A derma roller on a tray" loading="eager"/)
      assert.match(page.body, /<meta property="og:image" content="http:\/\/localhost:3000\/media\/[a-z0-9]{16}-800\.jpg"\/>/)
    })

    test('a non-image, a bomb and an oversize file are refused with a clear message and nothing stored', async () => {
      const count = async () => Number((await t.deps.db.selectFrom('media').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
      const files = async () => (await t.deps.storage.list('media/')).length
      const [n0, f0] = [await count(), await files()]
      await editor.get('/admin/articles/new')

      const text = await send('/admin/articles', articleFields, { data: Buffer.from('<html><script>alert(1)</script></html>'), type: 'image/jpeg', name: 'evil.jpg' })
      assert.equal(text.statusCode, 422)
      assert.match(text.body, /That file is not an image we can read\. Upload a JPEG, PNG or WebP file\./)
      assert.match(text.body, /value="Photo article"/)

      const gif = await send('/admin/articles', articleFields, { data: await sharp({ create: { width: 10, height: 10, channels: 3, background: '#000' } }).gif().toBuffer(), type: 'image/gif', name: 'a.gif' })
      assert.equal(gif.statusCode, 422)
      assert.match(gif.body, /That is a GIF file\. Upload a JPEG, PNG or WebP image\./)

      const bomb = await send('/admin/articles', articleFields, { data: pngBomb(), type: 'image/png', name: 'bomb.png' })
      assert.equal(bomb.statusCode, 422)
      assert.match(bomb.body, /That image is 50,000 × 50,000 pixels, more than the 40-megapixel limit/)

      const big = await send('/admin/articles', articleFields, { data: Buffer.concat([await phonePhoto(), Buffer.alloc(8 * 1024 * 1024 + 10)]) })
      assert.equal(big.statusCode, 422)
      assert.match(big.body, /That file is larger than 8 MB/)

      const noAlt = await send('/admin/articles', { ...articleFields, image_alt: '' }, { data: await phonePhoto() })
      assert.equal(noAlt.statusCode, 422)
      assert.match(noAlt.body, /Describe the image for people who cannot see it\./)

      // The JSON endpoint the editor script uses says the same.
      const json = await send('/admin/media', { alt: 'x' }, { data: pngBomb(), type: 'image/png' }, 'image_file', 'application/json')
      assert.equal(json.statusCode, 422)
      assert.match(JSON.parse(json.body).error, /40-megapixel limit/)
      assert.equal(await count(), n0)
      assert.equal(await files(), f0)
    })

    test('the JSON upload returns the Markdown to insert', async () => {
      await editor.get('/admin/articles/new')
      const res = await send('/admin/media', { alt: 'Hair cycle "diagram"', caption: 'Phases [simplified]' }, { data: await phonePhoto() }, 'image_file', 'application/json')
      assert.equal(res.statusCode, 200)
      const { snippet } = JSON.parse(res.body) as { snippet: string }
      assert.match(snippet, /^!\[Hair cycle "diagram"\]\(\/media\/[a-z0-9]{16}-800\.jpg "Phases \[simplified\]"\)$/)
      const anon = t.agent()
      const denied = await anon.request('POST', '/admin/media', Buffer.from(''), { 'content-type': 'multipart/form-data; boundary=x' })
      assert.equal(denied.statusCode, 403)
    })
  })
}
