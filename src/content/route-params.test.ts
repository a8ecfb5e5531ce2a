import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testApp, type TestApp, type Agent } from '../test/harness.js'
import { testDialects } from '../test/databases.js'
import { contentFixtures } from './fixtures.js'

// Addresses people edit by hand or scanners make up: each parameter is read
// by a schema, so nonsense names nothing (404) instead of failing (500).
for (const dialect of testDialects()) {
  describe(`content route parameters on ${dialect}`, () => {
    let t: TestApp
    let editor: Agent & { userId: number }
    before(async () => {
      t = await testApp(dialect)
      const f = contentFixtures(t)
      const cat = await f.category('Minoxidil', 'minoxidil')
      await f.post({ title: 'Foam or liquid', slug: 'foam-or-liquid', categories: [cat] })
      editor = await t.signedIn('editor')
    })
    after(() => t.close())

    test('reader pages answer 404 to malformed numbers, slugs and file names', async () => {
      const anon = t.agent()
      for (const url of [
        '/page/abc', '/page/0', '/page/-2', '/page/1e3', '/page/99999999999',
        '/category/minoxidil/page/abc', '/tag/x/page/0', '/author/x/page/1.5',
        '/foam-or-liquid/comment-page/abc', '/foam-or-liquid/comment-page/0',
        '/media/..%2F..%2Fetc%2Fpasswd', '/media/abc.jpg', '/media/0123456789abcdef-800.gif',
      ]) {
        const res = await anon.get(url)
        assert.equal(res.statusCode, 404, url)
      }
    })

    test('well-formed parameters still reach their pages', async () => {
      const anon = t.agent()
      assert.equal((await anon.get('/category/minoxidil')).statusCode, 200)
      assert.equal((await anon.get('/category/minoxidil/page/1')).headers.location, '/category/minoxidil')
      assert.equal((await anon.get('/foam-or-liquid/comment-page/1')).headers.location, '/foam-or-liquid')
      assert.equal((await anon.get('/category/minoxidil/feed.xml')).statusCode, 200)
      assert.equal((await anon.get('/category/nothing-here/feed.xml')).statusCode, 404)
    })

    test('staff pages answer 404 to malformed ids and ignore a nonsense kind', async () => {
      for (const url of ['/admin/articles/abc/edit', '/admin/articles/0/edit', '/admin/articles/99999999999/edit', '/admin/studies/-1/edit', '/admin/studies/x/edit']) {
        assert.equal((await editor.get(url)).statusCode, 404, url)
      }
      const page = await editor.get('/admin/articles/new?kind=page')
      assert.match(page.body, /name="kind" value="page"/)
      const odd = await editor.get('/admin/articles/new?kind=page&kind=post')
      assert.equal(odd.statusCode, 200)
      assert.match(odd.body, /name="kind" value="post"/)
      assert.equal((await editor.post('/admin/studies/abc', { key: 'pmid:1' })).statusCode, 404)
    })
  })
}
