import { test } from 'node:test'
import assert from 'node:assert/strict'
import { renderToString } from 'preact-render-to-string'
import { h } from 'preact'
import { countOf, escapeHtml, formatCount, html, sanitized } from './markup.js'
import { trustSanitized } from '../../views/html.js'

const payloads = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "' onmouseover='x", 'Tom & Jerry', '&amp;', 'plain', '', '<<"&&">>']

test('escapeHtml writes text and attribute values as preact-render-to-string does', () => {
  for (const p of payloads.filter(Boolean)) {
    assert.equal(`<a href="${escapeHtml(p)}">${escapeHtml(p)}</a>`, renderToString(h('a', { href: p }, p)), p)
  }
})

test('html escapes every string it is given and joins markup and arrays as they are', () => {
  const row = (s: string) => html`<li title="${s}">${s}</li>`
  const out = html`<ul>${payloads.map(row)}${null}${undefined}${false}${3}</ul>`.value
  assert.doesNotMatch(out, /<script|<img|" onmouseover|onerror=alert\(1\)">/)
  // preact writes an empty attribute bare (title), this writes title="": the same attribute to a parser.
  assert.equal(out, `<ul>${payloads.map((p) => renderToString(h('li', { title: p }, p)).replace('<li title>', '<li title="">')).join('')}3</ul>`)
})

test('only stored sanitized HTML enters unescaped', () => {
  assert.equal(html`<div>${sanitized(trustSanitized('<p>kept</p>'))}</div>`.value, '<div><p>kept</p></div>')
  assert.equal(html`<div>${'<p>text</p>'}</div>`.value, '<div>&lt;p>text&lt;/p></div>')
})

test('counts are grouped as toLocaleString writes them', () => {
  for (const n of [0, 1, 12, 999, 1000, 1001, 12_345, 999_999, 1_000_000, 123_456_789, -1234]) assert.equal(formatCount(n), n.toLocaleString('en-US'))
  assert.equal(countOf(1, 'reply', 'replies'), '1 reply')
  assert.equal(countOf(1204, 'reply', 'replies'), '1,204 replies')
  assert.equal(countOf(0, 'view', 'views'), '0 views')
})
