import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testDialects } from '../test/databases.js'
import { redirectTarget } from '../test/harness.js'
import { forumTestApp, type ForumTestApp } from './fixtures.js'

// A topic page's meta description (what search results show under the title)
// is the opening post's text: no markup, cut at a word within 160 characters.

const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&')
const description = (html: string) => {
  const raw = /<meta name="description" content="([^"]*)"/.exec(html)?.[1]
  return raw === undefined ? undefined : decode(raw)
}

for (const dialect of testDialects()) {
  describe(`forum topic description on ${dialect}`, () => {
    let t: ForumTestApp
    before(async () => { t = await forumTestApp(dialect) })
    after(() => t.close())

    test("a topic page describes itself by its opening post's first words, as plain text", async () => {
      const cat = await t.category()
      const staff = await t.signedIn('editor', 'Eve Editor')
      const words = 'Every evening I massage my scalp for four minutes with my fingertips, then rinse, and I keep notes of what I see in the mirror each week'
      const body = `**Week six** of a <routine> & [a guide](/guide).\n\n${words}. ${words}.`
      const path = redirectTarget(await t.startTopic(staff, cat.slug, { title: 'Fingertip massage, week six', body }))
      const res = await t.agent().get(path)
      assert.equal(res.statusCode, 200)
      const d = description(res.body)
      assert.ok(d, 'the page has a meta description')
      assert.ok(d.startsWith('Week six of a <routine> & a guide. Every evening I massage'), d)
      assert.ok(d.endsWith('…') && !/\s…$/.test(d), `cut at a word: ${d}`)
      assert.ok(d.length <= 160, `${d.length} characters`)
    })
  })
}
