import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { createReadStream } from 'node:fs'
import { parseDocument, DomUtils } from 'htmlparser2'
import type { Element } from 'domhandler'
import { convertWpBody, type ConvertedWpBody } from './wp-body.js'
import { wpautop } from './wpautop.js'
import { readWxr, type WxrItem } from './wxr-reader.js'
import { fixture, readAll } from './fixtures.js'
import { renderBody } from '../content/markdown.js'
import { parseYouTubeUrl } from '../content/youtube.js'

// Bodies from the fixture export where it has them (a classic post with a
// [caption] and a bare YouTube line, a block-editor post with an embed), and
// small hand-written ones for the rest. Every result is rendered with
// content's renderer, as the article page will show it.

const records = await readAll(readWxr, createReadStream(fixture('site.wxr.xml')))
const body = (id: number): string => {
  const item = records.find((r): r is WxrItem => r.kind === 'item' && r.wpId === id)
  assert.ok(item, `item ${id} is in the fixture`)
  return item.content
}

const UPLOADS = 'https://rootwise.example/wp-content/uploads/2026/01/'
const MEDIA = '/media/abcdefghijklmnop-960.jpg'
/** A local copy of exactly these uploads, recording what it was asked. */
function uploads(...have: string[]) {
  const asked: string[] = []
  return { asked, images: (url: string) => (asked.push(url), have.includes(url) ? { src: MEDIA } : null) }
}
const noUploads = { images: () => null }

const render = (r: ConvertedWpBody) => renderBody(r.markdown, { studies: new Map(), media: new Map() }).html
const nodes = (html: string, tag: string) => DomUtils.getElementsByTagName(tag, parseDocument(html).children, true)
const text = (n: Element | undefined) => (n ? DomUtils.textContent(n).replace(/\s+/g, ' ').trim() : '')
const paragraphs = (html: string) => nodes(html, 'p').map(text)

describe('WordPress bodies to Markdown', () => {
  test('a block-editor post loses its block comments and keeps their HTML', () => {
    const r = convertWpBody(body(102), noUploads)
    assert.doesNotMatch(r.markdown, /<!--|wp:|-->/)
    assert.match(r.markdown, /^Studies of microneedling count hairs/)
    assert.match(r.markdown, /^### Needle length$/m)
    const html = render(r)
    assert.equal(text(nodes(html, 'h3')[0]), 'Needle length')
    assert.equal(paragraphs(html)[0], 'Studies of microneedling count hairs in a marked square of scalp, before and after.')
    assert.deepEqual(r.remoteImages, [])
    assert.equal(r.rawHtmlBlocks, 0)
    assert.deepEqual(r.warnings.filter((w) => !w.includes('names no video')), [])

    // Self-closing blocks are drawn by WordPress on each view: nothing to import, and the report says so.
    const dynamic = convertWpBody(`${body(102)}\n\n<!-- wp:latest-posts {"postsToShow":3} /-->\n\n<!-- wp:block {"ref":512} /-->`, noUploads)
    assert.doesNotMatch(dynamic.markdown, /<!--|wp:|-->|postsToShow/)
    assert.ok(dynamic.warnings.some((w) => w.includes('wp:latest-posts')), dynamic.warnings.join('\n'))
    assert.ok(dynamic.warnings.some((w) => w.includes('reusable block 512')), dynamic.warnings.join('\n'))
  })

  test('the block editor\'s YouTube embed becomes a video facade keeping start=, or a reported link when the id is malformed', () => {
    // The fixture's video id has ten characters, one short: YouTube has no such video.
    const bad = convertWpBody(body(102), noUploads)
    assert.equal(parseYouTubeUrl('https://youtu.be/Nd1eLeng7h?start=42'), null)
    assert.equal(nodes(render(bad), 'figure').length, 0)
    assert.equal(nodes(render(bad), 'a')[0]?.attribs.href, 'https://youtu.be/Nd1eLeng7h?start=42')
    assert.ok(bad.warnings.some((w) => w.includes('names no video') && w.includes('Nd1eLeng7h')), bad.warnings.join('\n'))

    const good = convertWpBody(body(102).replaceAll('Nd1eLeng7h', 'Nd1eLeng7hQ'), noUploads)
    const [facade] = nodes(render(good), 'figure')
    assert.equal(facade?.attribs.class, 'video-facade')
    assert.equal(facade.attribs['data-video-id'], 'Nd1eLeng7hQ')
    assert.equal(facade.attribs['data-video-start'], '42')
    assert.deepEqual(good.warnings, [])
  })

  test('a classic post gets wpautop\'s paragraphs, its [caption] a figure with the caption, its bare YouTube line a facade with t=', () => {
    const local = uploads(`${UPLOADS}fingertips.jpg`)
    const r = convertWpBody(body(101), local)
    assert.deepEqual(r.warnings, [])
    assert.deepEqual(r.remoteImages, [])
    const html = render(r)
    assert.deepEqual(paragraphs(html), [
      'Most readers asked how long and how often. Here is the routine we use while the kettle boils.',
      'Start at the temples and work back in small circles.',
      'Two rounds is enough; the point is doing it most days.',
    ])
    const [figure, video] = nodes(html, 'figure')
    assert.equal(figure.attribs.class, 'figure')
    assert.equal(text(nodes(DomUtils.getOuterHTML(figure), 'figcaption')[0]), 'Fingertips, not nails: small circles from the hairline back.')
    const [img] = nodes(DomUtils.getOuterHTML(figure), 'img')
    assert.equal(img.attribs.src, MEDIA)
    assert.equal(img.attribs.alt, 'Fingertips on a scalp')
    assert.equal(video.attribs.class, 'video-facade')
    assert.equal(video.attribs['data-video-id'], 'Zx3sCalpRtn')
    assert.equal(video.attribs['data-video-start'], '95')
    assert.doesNotMatch(r.markdown, /\[\/?caption/)
  })

  test('without a local copy an image stays a link to the old site, is listed, and its caption stays text', () => {
    const r = convertWpBody(body(101), noUploads)
    assert.deepEqual(r.remoteImages, [`${UPLOADS}fingertips.jpg`])
    const html = render(r)
    assert.equal(nodes(html, 'img').length, 0)
    const link = nodes(html, 'a').find((a) => a.attribs.href === `${UPLOADS}fingertips.jpg`)
    assert.equal(text(link), 'Fingertips on a scalp')
    assert.ok(paragraphs(html).includes('Fingertips, not nails: small circles from the hairline back.'))
    // A remote image with no alt text is named by its file.
    const bare = convertWpBody('<p><img src="https://old.example/wp-content/uploads/scalp%20map.png"></p>', noUploads)
    assert.equal(text(nodes(render(bare), 'a')[0]), 'scalp map.png')
    assert.deepEqual(bare.remoteImages, ['https://old.example/wp-content/uploads/scalp%20map.png'])
  })

  test('the full-size upload is asked for first: the linked original, or the name without -300x200', () => {
    const linked = uploads(`${UPLOADS}roller.jpg`)
    const r = convertWpBody(`<a href="${UPLOADS}roller.jpg"><img src="${UPLOADS}roller-300x200.jpg" alt="A roller"></a>`, linked)
    assert.equal(linked.asked[0], `${UPLOADS}roller.jpg`)
    const [figure] = nodes(render(r), 'figure')
    assert.equal(figure?.attribs.class, 'figure', r.markdown)
    assert.equal(nodes(render(r), 'a').length, 0, 'the link to the original goes: the image is the original')

    const thumbOnly = uploads(`${UPLOADS}comb-1024x683.jpg`)
    const t = convertWpBody(`[caption id="attachment_9" align="alignright" width="300"]<img src="${UPLOADS}comb-1024x683.jpg" alt="Comb" /> A wide-tooth comb[/caption]`, thumbOnly)
    assert.deepEqual(thumbOnly.asked, [`${UPLOADS}comb.jpg`, `${UPLOADS}comb-1024x683.jpg`])
    assert.equal(text(nodes(render(t), 'figcaption')[0]), 'A wide-tooth comb')
    assert.deepEqual(t.remoteImages, [])

    // Missing everywhere: the link goes to what the post showed, not to a guessed name.
    const none = convertWpBody(`<img src="${UPLOADS}comb-1024x683.jpg" alt="Comb">`, noUploads)
    assert.deepEqual(none.remoteImages, [`${UPLOADS}comb-1024x683.jpg`])
  })

  test('image and gallery blocks become figures; a caption\'s link and <sup> formatting are reported, not silently flattened', () => {
    const local = uploads(`${UPLOADS}wash.jpg`, `${UPLOADS}dry.jpg`)
    const r = convertWpBody([
      '<!-- wp:image {"id":12,"sizeSlug":"large"} -->',
      `<figure class="wp-block-image size-large"><img src="${UPLOADS}wash-1024x768.jpg" alt="Washing" class="wp-image-12"/><figcaption class="wp-element-caption">Lukewarm, see <a href="https://rootwise.example/water/">water</a> "temperature"</figcaption></figure>`,
      '<!-- /wp:image -->',
      '<!-- wp:gallery --><figure class="wp-block-gallery has-nested-images"><!-- wp:image {"id":13} -->',
      `<figure class="wp-block-image"><img src="${UPLOADS}dry.jpg" alt="Drying"/><figcaption>Pat, do not rub</figcaption></figure>`,
      '<!-- /wp:image --></figure><!-- /wp:gallery -->',
      '<!-- wp:paragraph --><p>A 2 cm<sup>2</sup> patch.</p><!-- /wp:paragraph -->',
    ].join('\n'), local)
    const figures = nodes(render(r), 'figure')
    assert.equal(figures.length, 2, r.markdown)
    assert.deepEqual(figures.map((f) => text(DomUtils.getElementsByTagName('figcaption', f.children, true)[0])), ['Lukewarm, see water "temperature"', 'Pat, do not rub'])
    assert.deepEqual(figures.map((f) => DomUtils.getElementsByTagName('img', f.children, true)[0]?.attribs.alt), ['Washing', 'Drying'])
    assert.ok(r.warnings.some((w) => w.includes('link in a caption') && w.includes('https://rootwise.example/water/')), r.warnings.join('\n'))
    assert.ok(r.warnings.some((w) => w.includes('<sup>') && w.includes('cm2')), r.warnings.join('\n'))
    assert.equal(r.warnings.length, 2, r.warnings.join('\n'))
  })

  test('wpautop: blank lines make paragraphs, single newlines <br>, but not inside <pre> or between block tags', () => {
    const out = wpautop('First line\nsecond line\n\nNext paragraph.\n<pre>code\n\nmore code</pre>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>')
    assert.match(out, /<p>First line<br \/>\nsecond line<\/p>/)
    assert.match(out, /<p>Next paragraph.<\/p>/)
    assert.match(out, /<pre>code\n\nmore code<\/pre>/)
    assert.doesNotMatch(out, /<p>\s*<(ul|li)|<li>one<\/li><br/)

    const r = convertWpBody('First line\nsecond line\n\nNext paragraph.\n\n<blockquote>Quoted\nacross lines</blockquote>', noUploads)
    const html = render(r)
    assert.deepEqual(paragraphs(html), ['First line second line', 'Next paragraph.', 'Quoted across lines'])
    assert.equal(nodes(html, 'br').length, 2)
    assert.equal(nodes(html, 'blockquote').length, 1)
    // Block bodies are HTML already: a newline there is no <br>.
    assert.equal(nodes(render(convertWpBody('<!-- wp:paragraph -->\n<p>One\ntwo</p>\n<!-- /wp:paragraph -->', noUploads)), 'br').length, 0)
  })

  test('[embed], YouTube iframes and URL lines: YouTube plays in place with its start, other sites become links with a warning', () => {
    const r = convertWpBody([
      'Intro.',
      '[embed]https://youtu.be/aqz-KE-bpKQ?t=1m30s[/embed]',
      '<iframe width="560" height="315" src="https://www.youtube.com/embed/Zx3sCalpRtn?start=2040" frameborder="0"></iframe>',
      '[embed]https://vimeo.com/76979871[/embed]',
      'https://vimeo.com/22439234',
      'A sentence with https://www.youtube.com/watch?v=aqz-KE-bpKQ inside stays a sentence.',
    ].join('\n\n'), noUploads)
    const html = render(r)
    const facades = nodes(html, 'figure').filter((f) => f.attribs.class === 'video-facade')
    assert.deepEqual(facades.map((f) => [f.attribs['data-video-id'], f.attribs['data-video-start']]), [['aqz-KE-bpKQ', '90'], ['Zx3sCalpRtn', '2040']])
    // The Markdown holds the watch links themselves, start times in seconds.
    assert.match(r.markdown, /^<https:\/\/www\.youtube\.com\/watch\?v=aqz-KE-bpKQ&t=90s>$/m)
    assert.match(r.markdown, /^<https:\/\/www\.youtube\.com\/watch\?v=Zx3sCalpRtn&t=2040s>$/m)
    assert.equal(nodes(html, 'iframe').length, 0)
    const links = nodes(html, 'a').map((a) => a.attribs.href)
    assert.ok(links.includes('https://vimeo.com/76979871') && links.includes('https://vimeo.com/22439234'), links.join(' '))
    assert.equal(r.warnings.filter((w) => w.includes('vimeo.com')).length, 2, r.warnings.join('\n'))
    assert.ok(paragraphs(html).some((p) => p.startsWith('A sentence with')))
  })

  test('[gallery] and unknown shortcodes stay as text with a warning naming each; [[tag]] is text without one', () => {
    const r = convertWpBody('Before.\n\n[gallery ids="110,111" columns="2"]\n\n[contact-form-7 id="5" title="Ask us"]\n\nWrite [[gallery]] to show a gallery.', noUploads)
    assert.ok(r.warnings.some((w) => w.includes('[gallery]')), r.warnings.join('\n'))
    assert.ok(r.warnings.some((w) => w.includes('[contact-form-7]')), r.warnings.join('\n'))
    assert.equal(r.warnings.length, 2)
    const shown = paragraphs(render(r)).join('\n').replace(/[“”]/g, '"')
    assert.match(shown, /\[gallery ids="110,111" columns="2"\]/)
    assert.match(shown, /\[contact-form-7 id="5" title="Ask us"\]/)
    assert.match(shown, /Write \[gallery\] to show a gallery\./)
  })

  test('a simple table becomes a pipe table; merged cells, <details> and a foreign iframe stay sanitized HTML, counted and warned', () => {
    const simple = convertWpBody('<figure class="wp-block-table"><table><tbody><tr><td>Week</td><td>Hairs</td></tr><tr><td>0</td><td>112 | 118</td></tr></tbody></table></figure>', noUploads)
    assert.match(simple.markdown, /^\| Week \| Hairs \|\n\| --- \| --- \|\n\| 0 \| 112 \\\| 118 \|$/m)
    assert.equal(simple.rawHtmlBlocks, 0)
    assert.deepEqual(nodes(render(simple), 'td').map(text), ['0', '112 | 118'])

    const r = convertWpBody([
      '<table><tr><th colspan="2">Dose</th></tr><tr><td>Morning</td><td>Evening</td></tr></table>',
      '<details><summary>Study design</summary>Randomised, 12 weeks.</details>',
      '<iframe src="https://maps.example/embed?q=clinic"></iframe>',
    ].join('\n\n'), noUploads)
    assert.equal(r.rawHtmlBlocks, 3)
    assert.equal(r.markdown.match(/^```\{=html\}$/gm)?.length, 3)
    assert.ok(r.warnings.some((w) => w.includes('table')))
    assert.ok(r.warnings.some((w) => w.includes('<details>')))
    assert.ok(r.warnings.some((w) => w.includes('iframe from maps.example')))
    const html = render(r)
    assert.deepEqual(nodes(html, 'td').map(text), ['Morning', 'Evening'])
    assert.equal(text(nodes(html, 'th')[0]), 'Dose')
    assert.match(DomUtils.textContent(parseDocument(html)), /Study design\s*Randomised, 12 weeks\./)
    assert.equal(nodes(html, 'iframe').length + nodes(html, 'details').length, 0)
    assert.equal(nodes(html, 'code').length, 0, 'not shown as code')
    assert.ok(!r.warnings.some((w) => w.startsWith('text changed')), r.warnings.join('\n'))
  })

  test('a hostile body renders inert, and the report names what was removed', () => {
    const r = convertWpBody([
      '<p>Hello<script>document.cookie</script> <img src="x" onerror="alert(1)" alt="x"> <a href="javascript:alert(2)">click me</a></p>',
      '<p style="color:red" onclick="alert(3)">Styled <a href="java&#x09;script:alert(4)">tab trick</a></p>',
      '<style>body{display:none}</style>',
      '<iframe src="javascript:alert(5)"></iframe>',
      '<svg onload="alert(6)"><circle r="1"/></svg>',
      '<details open ontoggle="alert(7)"><summary>More</summary><img src="/x.png" onerror="alert(8)"><script>alert(9)</script></details>',
    ].join('\n'), noUploads)
    const html = render(r)
    for (const el of DomUtils.findAll(() => true, parseDocument(html).children)) {
      assert.ok(!['script', 'style', 'iframe', 'svg', 'details'].includes(el.name), el.name)
      for (const [k, v] of Object.entries(el.attribs)) {
        assert.ok(!/^on/i.test(k) && k !== 'style', `attribute ${k}`)
        assert.ok(!/script:/i.test(v.replace(/\s/g, '')), `${k}=${v}`)
      }
    }
    assert.doesNotMatch(html, /alert|document\.cookie/)
    assert.match(paragraphs(html).join(' '), /click me/)
    assert.match(paragraphs(html).join(' '), /tab trick/)
    assert.ok(r.warnings.some((w) => w.startsWith('a <script>')), r.warnings.join('\n'))
    assert.ok(r.warnings.some((w) => w.startsWith('a javascript: link')), r.warnings.join('\n'))
    assert.ok(r.warnings.some((w) => w.startsWith('a <style>')), r.warnings.join('\n'))
    assert.ok(r.warnings.some((w) => w.startsWith('an iframe')), r.warnings.join('\n'))
  })

  test('entities decode: &nbsp;, smart quotes and ampersands survive as characters', () => {
    const r = convertWpBody('<p>&#8220;Less is more,&#8221; she said&nbsp;&mdash; salt &amp; pepper&hellip; it&#8217;s <em>fine</em>.</p>', noUploads)
    assert.match(r.markdown, /“Less is more,” she said\u00a0— salt & pepper… it’s \*fine\*\./)
    assert.equal(DomUtils.textContent(nodes(render(r), 'p')[0]), '“Less is more,” she said\u00a0— salt & pepper… it’s fine.')
    assert.deepEqual(r.warnings, [])
  })

  test('text the conversion drops is reported as changed', () => {
    // An embed's URL becomes the link; anything else written beside it in the wrapper does not survive.
    const r = convertWpBody('<!-- wp:embed {"url":"https://vimeo.com/1"} --><figure class="wp-block-embed"><div class="wp-block-embed__wrapper">https://vimeo.com/1 Watch before reading</div></figure><!-- /wp:embed -->', noUploads)
    const changed = r.warnings.find((w) => w.startsWith('text changed in conversion'))
    assert.ok(changed, r.warnings.join('\n'))
    assert.match(changed, /"watch", "before", "reading"/)
    // The fixture's bodies lose nothing.
    for (const id of [101, 102, 103, 104]) assert.ok(!convertWpBody(body(id), noUploads).warnings.some((w) => w.startsWith('text changed')), `item ${id}`)
  })
})
