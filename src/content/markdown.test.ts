import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { parseDocument, DomUtils } from 'htmlparser2'
import { citationKeys, renderBody, type BodyContext, type CitedStudy } from './markdown.js'
import { formatStartTime, parseStartTime, parseYouTubeUrl } from './youtube.js'
import type { MediaInfo } from './media-urls.js'

const study = (id: number, key: string): CitedStudy => ({
  id, key, pmid: null, doi: null, authors: `Author ${id}`, title: `Study ${id}`, year: 2000 + id, journal: 'J', design: 'RCT', n: 10, url: `https://example.org/${id}`,
})
const KEY = 'abcdefghijklmnop'
const media: MediaInfo = {
  key: KEY, width: 1600, height: 900, variants: [480, 960, 1600].flatMap((w) => [
    { width: w, height: Math.round((w * 9) / 16), format: 'webp' as const, file: `${KEY}-${w}.webp` },
    { width: w, height: Math.round((w * 9) / 16), format: 'jpeg' as const, file: `${KEY}-${w}.jpg` },
  ]),
}
const ctx: BodyContext = {
  studies: new Map([study(1, 'pmid:23862125'), study(2, 'doi:10.4103/0974-7753.114700'), study(3, 'pmc:PMC4740347')].map((s) => [s.key, s])),
  media: new Map([[KEY, media]]),
}
const dom = (html: string) => parseDocument(html)
const all = (html: string, tag: string) => DomUtils.getElementsByTagName(tag, dom(html).children, true)

describe('article Markdown', () => {
  test('a paragraph holding only an image becomes a figure with its title as the caption', () => {
    const r = renderBody(`Intro.\n\n![A roller on a scalp](/media/${KEY}-960.jpg "Weekly sessions in the trial")\n\nInline ![small](/media/${KEY}-480.jpg) image.`, ctx)
    assert.deepEqual(r.problems, [])
    const figures = all(r.html, 'figure')
    assert.equal(figures.length, 1)
    const caption = DomUtils.getElementsByTagName('figcaption', figures[0].children, true)
    assert.equal(DomUtils.textContent(caption[0]), 'Weekly sessions in the trial')
    const [img] = DomUtils.getElementsByTagName('img', figures[0].children, true)
    assert.equal(img.attribs.alt, 'A roller on a scalp')
    assert.equal(img.attribs.width, '1600')
    assert.equal(img.attribs.height, '900')
    assert.equal(img.attribs.loading, 'lazy')
    assert.match(img.attribs.srcset, /-480\.jpg 480w, .*-960\.jpg 960w, .*-1600\.jpg 1600w/)
    const [source] = DomUtils.getElementsByTagName('source', figures[0].children, true)
    assert.equal(source.attribs.type, 'image/webp')
    assert.match(source.attribs.srcset, /-480\.webp 480w/)
    // The inline image stays inline: a picture inside the paragraph, no figure.
    assert.equal(all(r.html, 'picture').length, 2)
  })

  test('citations are numbered in order of first citation and listed once', () => {
    const r = renderBody('First [@doi:10.4103/0974-7753.114700]. Then [@pmid:23862125; @doi:10.4103/0974-7753.114700]. Again [@pmid:23862125].', ctx)
    assert.deepEqual(r.problems, [])
    assert.deepEqual(r.citations.map((c) => c.key), ['doi:10.4103/0974-7753.114700', 'pmid:23862125'])
    const links = all(r.html, 'a').filter((a) => a.attribs.class === 'cite__link')
    assert.deepEqual(links.map((a) => DomUtils.textContent(a)), ['1', '1', '2', '2'])
    assert.deepEqual(links.map((a) => a.attribs.href), ['#ref-1', '#ref-1', '#ref-2', '#ref-2'])
    // Every occurrence has its own id, so the reference can point back to it.
    assert.deepEqual(links.map((a) => a.attribs.id), ['cite-1-1', 'cite-1-2', 'cite-2-1', 'cite-2-2'])
    assert.equal(all(r.html, 'sup').length, 3)
    assert.deepEqual(citationKeys('x [@pmid:1; @doi:10.1/x] [@pmc:PMC9]'), ['pmid:1', 'doi:10.1/x', 'pmc:PMC9'])
  })

  test('an unknown citation key is reported, not dropped', () => {
    const r = renderBody('Claim [@pmid:99999999] and [@pmid:23862125].', ctx)
    assert.deepEqual(r.problems, [{ kind: 'unknown-citation', key: 'pmid:99999999' }])
    assert.deepEqual(r.citations.map((c) => c.key), ['pmid:23862125'])
    assert.match(r.html, /@pmid:99999999\?/)
  })

  test('a YouTube link alone in a paragraph becomes a facade that keeps the start time and loads nothing', () => {
    const forms: [string, number][] = [
      ['https://www.youtube.com/watch?v=aqz-KE-bpKQ&t=34m', 2040],
      ['https://www.youtube.com/watch?v=aqz-KE-bpKQ&t=2040', 2040],
      ['https://youtu.be/aqz-KE-bpKQ?t=1h2m3s', 3723],
      ['https://www.youtube.com/embed/aqz-KE-bpKQ?start=2040', 2040],
      ['<https://m.youtube.com/watch?v=aqz-KE-bpKQ&t=2040s>', 2040],
      ['[The talk](https://www.youtube.com/watch?v=aqz-KE-bpKQ#t=34m)', 2040],
    ]
    for (const [line, start] of forms) {
      const r = renderBody(`Before.\n\n${line}\n\nAfter.`, ctx)
      assert.deepEqual(r.problems, [], line)
      const [box] = all(r.html, 'figure')
      assert.equal(box?.attribs['data-video-id'], 'aqz-KE-bpKQ', line)
      assert.equal(box.attribs['data-video-start'], String(start), line)
      assert.match(DomUtils.textContent(box), new RegExp(`Play video \\(starts at ${formatStartTime(start)}\\)`), line)
      const [link] = DomUtils.getElementsByTagName('a', box.children, true)
      assert.equal(link.attribs.href, `https://www.youtube.com/watch?v=aqz-KE-bpKQ&t=${start}s`, 'without JS the facade is a link keeping the time')
      // Nothing in the stored HTML fetches from anywhere: no iframe, no src off-site.
      assert.equal(all(r.html, 'iframe').length, 0)
      for (const el of DomUtils.findAll(() => true, dom(r.html).children)) {
        for (const attr of ['src', 'srcset', 'poster', 'data']) assert.ok(!/https?:|\/\//.test(el.attribs[attr] ?? ''), `${line}: ${attr} on ${el.name}`)
      }
    }
    assert.match(DomUtils.textContent(all(renderBody('[The talk](https://youtu.be/aqz-KE-bpKQ?t=10)', ctx).html, 'figure')[0]), /The talk/)
  })

  test('a YouTube link inside a sentence stays a link; a YouTube link naming no video is an error', () => {
    const inline = renderBody('See https://www.youtube.com/watch?v=aqz-KE-bpKQ for more.', ctx)
    assert.equal(all(inline.html, 'figure').length, 0)
    assert.equal(all(inline.html, 'a').length, 1)
    for (const bad of ['https://www.youtube.com/watch?v=short', 'https://www.youtube.com/channel/UC123', 'https://youtu.be/aqz-KE-bpKQ?t=soon']) {
      const r = renderBody(`${bad}\n`, ctx)
      assert.deepEqual(r.problems, [{ kind: 'bad-video', href: bad }], bad)
    }
  })

  test('start times parse in every form editors use', () => {
    assert.equal(parseStartTime('34m'), 2040)
    assert.equal(parseStartTime('2040'), 2040)
    assert.equal(parseStartTime('2040s'), 2040)
    assert.equal(parseStartTime('1h2m3s'), 3723)
    assert.equal(parseStartTime('1h'), 3600)
    assert.equal(parseStartTime('later'), null)
    assert.equal(formatStartTime(3723), '1:02:03')
    assert.deepEqual(parseYouTubeUrl('https://www.youtube.com/shorts/aqz-KE-bpKQ'), { id: 'aqz-KE-bpKQ', start: 0 })
    assert.equal(parseYouTubeUrl('https://evil.example/watch?v=aqz-KE-bpKQ'), null)
  })

  test('images from other sites and unknown uploads are errors; the stored HTML references none', () => {
    const r = renderBody('![tracker](https://evil.example/pixel.gif)\n\n![x](//evil.example/p.png)\n\n![y](/media/zzzzzzzzzzzzzzzz-960.jpg)', ctx)
    assert.deepEqual(r.problems.map((p) => p.kind), ['foreign-image', 'foreign-image', 'unknown-image'])
    assert.doesNotMatch(r.html, /evil\.example/)
  })

  test('raw HTML, scripts, event handlers and javascript: URLs never survive', () => {
    const evil = [
      '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '[x](javascript:alert(1))', '[x](JaVaScRiPt:alert(1))',
      '[x](vbscript:msgbox(1))', '[x](data:text/html;base64,PHNjcmlwdD4=)', '<iframe src="https://evil.example"></iframe>',
      '![x](javascript:alert(1))', '<a href="javascript:alert(1)">x</a>', '<svg onload=alert(1)>', '[x](&#106;avascript:alert(1))',
      '<style>body{display:none}</style>', '<div style="background:url(javascript:alert(1))">x</div>',
    ].join('\n\n')
    const r = renderBody(evil, ctx)
    for (const el of DomUtils.findAll(() => true, dom(r.html).children)) {
      assert.ok(!['script', 'iframe', 'style', 'svg', 'object', 'embed'].includes(el.name), el.name)
      for (const [k, v] of Object.entries(el.attribs)) {
        assert.ok(!/^on/i.test(k), `attribute ${k}`)
        assert.ok(k !== 'style', 'style attribute')
        assert.ok(!/^\s*(javascript|vbscript|data):/i.test(v), `${k}=${v}`)
      }
    }
  })

  test('a {=html} fence renders its HTML through the allowlist; an html fence stays code', () => {
    const raw = [
      'Before.', '',
      '```{=html}',
      '<table><tr><td colspan="2">Merged <em>cell</em></td></tr></table>',
      '<details><summary>More</summary>Hidden text</details>',
      '<script>alert(1)</script><style>p{color:red}</style>',
      '<a href="javascript:alert(1)" onclick="alert(2)">bad link</a><img src="/x.png" onerror="alert(3)" style="width:1px" alt="x">',
      '```', '',
      '```html', '<p>Shown as code</p>', '```',
    ].join('\n')
    const r = renderBody(raw, ctx)
    const [td] = all(r.html, 'td')
    assert.equal(DomUtils.textContent(td), 'Merged cell')
    assert.equal(DomUtils.getElementsByTagName('em', td.children, true).length, 1)
    // Outside the allowlist: the tags go, their text stays (details, summary), scripts and styles go whole.
    assert.match(r.html, /More\s*Hidden text/)
    assert.equal(all(r.html, 'details').length, 0)
    assert.doesNotMatch(r.html, /alert|<script|<style|color:red|onclick|onerror|style=/)
    assert.equal(all(r.html, 'a')[0]?.attribs.href, undefined)
    assert.equal(all(r.html, 'img')[0]?.attribs.src, '/x.png')
    // The ```html fence is an ordinary code block, its HTML escaped.
    const [code] = all(r.html, 'code')
    assert.equal(DomUtils.textContent(code), '<p>Shown as code</p>\n')
    assert.equal((code.parent as { name?: string } | null)?.name, 'pre')
    assert.equal(all(r.html, 'p').filter((p) => DomUtils.textContent(p) === 'Shown as code').length, 0)
  })

  test('a level-one heading in a body becomes h2: the page title is the only h1', () => {
    const r = renderBody('# Section\n\n## Sub', ctx)
    assert.equal(all(r.html, 'h1').length, 0)
    assert.equal(all(r.html, 'h2').length, 2)
  })
})
