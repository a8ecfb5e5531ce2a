import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { renderToString } from 'preact-render-to-string'
import { compileShared, placeholder } from '../http/page-cache.js'
import { html, outOfLine, renderWithParts, templateNode, templateText, trustSanitized } from './html.js'

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
    const out = renderWithParts(() => page('Tips & “trials”'))
    assert.ok(Buffer.isBuffer(out))
    assert.equal(out.toString('utf8'), joined)
    assert.equal(out.length, Buffer.byteLength(joined))
    assert.doesNotMatch(out.toString(), /crown-part/)
  })

  test('a render with no list is a string, and renders nest', () => {
    assert.equal(renderWithParts(() => '<p>plain</p>'), '<p>plain</p>')
    const outer = renderWithParts(() => {
      const inner = renderWithParts(() => page('inner'))
      assert.ok(Buffer.isBuffer(inner))
      return renderToString(<div>{templateNode(html`${outOfLine([trustSanitized('<i>outer</i>')])}`)}</div>)
    })
    assert.equal(outer.toString(), '<div><i>outer</i></div>')
  })

  test('a shared page cut from bytes has the same parts as cut from text', () => {
    const bytes = renderWithParts(() => page('Shared'))
    const fromBytes = compileShared(bytes)
    const fromText = compileShared(bytes.toString())
    assert.deepEqual(fromBytes.names, ['csrf'])
    assert.deepEqual(fromBytes.names, fromText.names)
    assert.deepEqual(fromBytes.parts.map((p) => p.toString()), fromText.parts.map((p) => p.toString()))
    assert.equal(fromBytes.hash, fromText.hash)
  })
})
