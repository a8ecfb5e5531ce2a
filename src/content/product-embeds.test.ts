import { test } from 'node:test'
import assert from 'node:assert/strict'
import { renderBody } from './markdown.js'
import { embeddedProductSlugs } from './product-embeds.js'

const ctx = { studies: new Map(), media: new Map() }

test('[[product:slug]] alone in a paragraph becomes the placeholder the sanitizer keeps', () => {
  const { html, problems } = renderBody('Before.\n\n[[product:derma-roller]]\n\nAfter.', ctx)
  assert.deepEqual(problems, [])
  assert.match(html, /<p>Before\.<\/p>\n<div data-product="derma-roller"><\/div>\n<p>After\.<\/p>/)
  assert.deepEqual(embeddedProductSlugs(html), ['derma-roller'])
})

test('a marker inside a sentence, a list or with a bad slug stays text', () => {
  for (const md of ['Buy [[product:derma-roller]] now.', '- [[product:derma-roller]]', '[[product:Bad_Slug]]', '[[product:x"><script>]]']) {
    const { html } = renderBody(md, ctx)
    assert.doesNotMatch(html, /data-product/, md)
    assert.doesNotMatch(html, /<script/, md)
  }
})

test('a data-product attribute typed by hand is not HTML (Markdown escapes it)', () => {
  const { html } = renderBody('<div data-product="derma-roller"></div>', ctx)
  assert.deepEqual(embeddedProductSlugs(html), [])
})
