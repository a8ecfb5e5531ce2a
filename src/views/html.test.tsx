import { test } from 'node:test'
import assert from 'node:assert/strict'
import { renderToString } from 'preact-render-to-string'
import { html, sanitized, templateNode, trustSanitized } from './html.js'

// Not '': preact writes an empty attribute bare (title), the template as
// title="", which a browser reads the same.
const nasty = ['plain', `"quoted" & <b>bold</b> 'single' > x`, '&amp; already', '</li><script>alert(1)</script>']

test('html`` escapes text and attributes exactly as JSX does', () => {
  for (const s of nasty) {
    const fromJsx = renderToString(<p title={s} data-x={`#${s}`}>{s}</p>)
    const fromTemplate = renderToString(templateNode(html`<p title="${s}" data-x="${`#${s}`}">${s}</p>`))
    assert.equal(fromTemplate, fromJsx, s)
  }
})

test('only sanitized() HTML is placed unescaped; a SanitizedHtml string alone is still escaped', () => {
  const body = trustSanitized('<p>Hi <em>there</em></p>')
  assert.equal(renderToString(templateNode(html`<div>${sanitized(body)}</div>`)), '<div><p>Hi <em>there</em></p></div>')
  assert.equal(renderToString(templateNode(html`<div>${body}</div>`)), '<div>&lt;p>Hi &lt;em>there&lt;/em>&lt;/p></div>')
})

test('nested templates, lists, numbers and JSX render in place; null, undefined and booleans show nothing', () => {
  const item = (n: number) => html`<li>${n}${n === 2 ? <b>two &amp; {'<'}</b> : null}</li>`
  const list = html`<ol>${[1, 2, 3].map(item)}${null}${undefined}${false}${true}</ol>`
  assert.equal(renderToString(<section>{templateNode(list)}<p>after</p></section>),
    '<section><ol><li>1</li><li>2<b>two &amp; &lt;</b></li><li>3</li></ol><p>after</p></section>')
})

test('JSX inside a template keeps its context-free rendering and its own escaping', () => {
  const evil = '"><img src=x onerror=alert(1)>'
  const out = renderToString(templateNode(html`<div>${<a href={evil}>{evil}</a>}</div>`))
  assert.equal(out, '<div><a href="&quot;>&lt;img src=x onerror=alert(1)>">&quot;>&lt;img src=x onerror=alert(1)></a></div>')
})
