import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { renderToString } from 'preact-render-to-string'
import { compileShared, placeholder } from '../http/page-cache.js'
import { html, outOfLine, renderWithParts, sanitized, templateNode, templateText, trustSanitized } from './html.js'

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

describe('out-of-line lists', () => {
  // Pieces as a comment list has them: text, and kept cards as UTF-8 bytes (with text beyond ASCII).
  const pieces = () => [
    trustSanitized('<li class="comment">'), Buffer.from('<article>Naïve “quotes” — 頭皮</article>'), trustSanitized('</li>'),
    trustSanitized('<li class="comment">'), Buffer.from('<article>second</article>'), trustSanitized('</li>'),
  ]
  const page = (title: string) => renderToString(
    <main><h1>{title}</h1><ol>{templateNode(html`${outOfLine(pieces())}`)}</ol><p>{placeholder('csrf')}</p><ol>{templateNode(html`${outOfLine([trustSanitized('<li>x &amp; y</li>')])}`)}</ol></main>,
  )
  const joined = '<main><h1>Tips &amp; “trials”</h1><ol><li class="comment"><article>Naïve “quotes” — 頭皮</article></li><li class="comment"><article>second</article></li></ol>'
    + `<p>${placeholder('csrf')}</p><ol><li>x &amp; y</li></ol></main>`

  test('outside a page render, the pieces are joined in place', () => {
    assert.equal(page('Tips & “trials”'), joined)
    assert.equal(templateText(html`<b>${outOfLine([Buffer.from('é')])}</b>`), '<b>é</b>')
  })

  test('a page render places every list where its marker is, as UTF-8 bytes, and leaves no marker', () => {
    const chunks = renderWithParts(() => page('Tips & “trials”'))
    assert.ok(Array.isArray(chunks))
    const out = Buffer.concat(chunks)
    assert.equal(out.toString('utf8'), joined)
    assert.equal(out.length, Buffer.byteLength(joined))
    assert.doesNotMatch(out.toString(), /crown-part/)
  })

  test('a large kept piece (a whole comment list) is one of the chunks as it is, not copied; the text around it is encoded once', () => {
    const list = Buffer.from(`<li>${'kept comment “list” '.repeat(1200)}</li>`)
    assert.ok(list.length >= 16 * 1024)
    const chunks = renderWithParts(() => renderToString(<main><h1>Before</h1><ol>{templateNode(html`${outOfLine([list])}`)}</ol><p>after</p></main>))
    assert.ok(Array.isArray(chunks))
    assert.equal(chunks.length, 3)
    assert.equal(chunks[1], list, 'the very buffer given')
    assert.equal(Buffer.concat(chunks).toString(), `<main><h1>Before</h1><ol>${list.toString()}</ol><p>after</p></main>`)
  })

  test('a render with no list is a string, and renders nest', () => {
    assert.equal(renderWithParts(() => '<p>plain</p>'), '<p>plain</p>')
    const outer = renderWithParts(() => {
      const inner = renderWithParts(() => page('inner'))
      assert.ok(Array.isArray(inner))
      return renderToString(<div>{templateNode(html`${outOfLine([trustSanitized('<i>outer</i>')])}`)}</div>)
    })
    assert.equal(outer.toString(), '<div><i>outer</i></div>')
  })

  test('a shared page cut from bytes has the same parts as cut from text', () => {
    const chunks = renderWithParts(() => page('Shared'))
    assert.ok(Array.isArray(chunks))
    const bytes = Buffer.concat(chunks)
    const fromBytes = compileShared(chunks)
    const fromText = compileShared(bytes.toString())
    assert.deepEqual(fromBytes.names, ['csrf'])
    assert.deepEqual(fromBytes.names, fromText.names)
    assert.deepEqual(fromBytes.parts.map((p) => p.toString()), fromText.parts.map((p) => p.toString()))
    assert.equal(fromBytes.hash, fromText.hash)
  })
})
