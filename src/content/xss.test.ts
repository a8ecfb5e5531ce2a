import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import sharp from 'sharp'
import { parseDocument, DomUtils } from 'htmlparser2'
import type { Element } from 'domhandler'
import { testApp, redirectTarget, type TestApp, type Agent } from '../test/harness.js'
import { testDialects } from '../test/databases.js'
import { multipart } from './fixtures.js'
import { sanitizeArticleHtml } from './sanitize.js'

// Classic payloads (OWASP filter-evasion cheat sheet and friends), sent
// through every field an editor types into.
const PAYLOADS = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=https://evil.example/xss.js></SCRIPT>',
  '"><script>alert(1)</script>',
  '\'><script>alert(1)</script>',
  '</script><script>alert(1)</script>',
  '</title><script>alert(1)</script>',
  '</textarea><script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<IMG SRC="javascript:alert(\'XSS\');">',
  '<IMG SRC=javascript:alert(&quot;XSS&quot;)>',
  '<IMG SRC=`javascript:alert("XSS")`>',
  '<IMG """><SCRIPT>alert("XSS")</SCRIPT>">',
  '<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>',
  '<IMG SRC="jav\tascript:alert(\'XSS\');">',
  '<IMG SRC=" &#14;  javascript:alert(\'XSS\');">',
  '<svg onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<body onload=alert(1)>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<object data="javascript:alert(1)"></object>',
  '<embed src="javascript:alert(1)">',
  '<a href="javascript:alert(1)">click</a>',
  '<a href="JaVaScRiPt:alert(1)">click</a>',
  '<a href="&#x6A;avascript:alert(1)">click</a>',
  '<a href=" javascript:alert(1)">click</a>',
  '[click](javascript:alert(1))',
  '[click](JAVASCRIPT:alert(1))',
  '[click](javascript&#58;alert(1))',
  '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[click](vbscript:msgbox(1))',
  '![x](javascript:alert(1))',
  '![x](x" onerror="alert(1))',
  '![x" onerror="alert(1)](/media/x.png)',
  '<details open ontoggle=alert(1)>',
  '<input autofocus onfocus=alert(1)>',
  '<select autofocus onfocus=alert(1)>',
  '<video><source onerror="alert(1)">',
  '<audio src=x onerror=alert(1)>',
  '<marquee onstart=alert(1)>',
  '<div style="background-image:url(javascript:alert(1))">',
  '<style>@import "https://evil.example/x.css";</style>',
  '<link rel=stylesheet href="https://evil.example/x.css">',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<base href="https://evil.example/">',
  '<form action="javascript:alert(1)"><button>x</button></form>',
  '<button formaction="javascript:alert(1)">x</button>',
  '<isindex action=javascript:alert(1) type=image>',
  '<!--<img src="--><img src=x onerror=alert(1)//">',
  '<scr<script>ipt>alert(1)</scr</script>ipt>',
  '<<script>alert(1);//<</script>',
  '"onmouseover="alert(1)',
  '\' onmouseover=\'alert(1)',
  '{{constructor.constructor(\'alert(1)\')()}}',
  '\u2028\u2029</script><script>alert(1)</script>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<a href="https://www.youtube.com/watch?v=aqz-KE-bpKQ" onclick="alert(1)">yt</a>',
  'https://www.youtube.com/watch?v=aqz-KE-bpKQ&t=34m"><script>alert(1)</script>',
]

type Node = ReturnType<typeof parseDocument>['children'][number]

/**
 * The structural check: the only scripts are our own src-only bundle and the
 * JSON-LD block (which must parse); no element has an on* handler, a style
 * attribute, or a javascript:/vbscript:/data: URL; no frames or plugins.
 */
function assertSafePage(html: string, where: string) {
  const doc = parseDocument(html)
  const elements = DomUtils.findAll(() => true, doc.children as Node[]) as Element[]
  for (const el of elements) {
    if (el.name === 'script') {
      if (el.attribs.type === 'application/ld+json') {
        assert.doesNotThrow(() => JSON.parse(DomUtils.textContent(el)), `${where}: JSON-LD parses`)
      } else {
        assert.match(el.attribs.src ?? '', /^\/assets\/build\/app\.js\?v=/, `${where}: a script that is not ours`)
        assert.equal(DomUtils.textContent(el), '', `${where}: our script has no inline body`)
      }
    }
    assert.ok(!['iframe', 'object', 'embed', 'base', 'frame', 'frameset', 'applet', 'svg', 'math', 'marquee', 'isindex'].includes(el.name), `${where}: <${el.name}>`)
    if (el.name === 'meta') assert.equal(el.attribs['http-equiv'], undefined, `${where}: meta http-equiv`)
    if (el.name === 'link') assert.ok(!/^https?:/.test(el.attribs.href ?? '') || el.attribs.rel === 'canonical', `${where}: link to ${el.attribs.href}`)
    for (const [name, value] of Object.entries(el.attribs)) {
      assert.ok(!/^on/i.test(name), `${where}: <${el.name} ${name}=…>`)
      assert.ok(name !== 'style', `${where}: style attribute on <${el.name}>`)
      assert.ok(name !== 'srcdoc' && name !== 'formaction', `${where}: ${name}`)
      // Browsers strip whitespace and control characters before the scheme.
      const url = [...value].filter((c) => c.charCodeAt(0) > 0x20).join('').toLowerCase()
      assert.ok(!/^(javascript|vbscript|data):/.test(url), `${where}: ${name}="${value}" on <${el.name}>`)
    }
  }
}

for (const dialect of testDialects()) {
  describe(`XSS payloads through every editor field on ${dialect}`, () => {
    let t: TestApp
    let editor: Agent
    let image: Buffer
    before(async () => {
      t = await testApp(dialect)
      editor = await t.signedIn('editor')
      image = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#888' } }).jpeg().toBuffer()
    })
    after(() => t.close())

    test(`${PAYLOADS.length} payloads in title, excerpt, body, alt, caption, slug and reviewer name stay inert`, async () => {
      assert.ok(PAYLOADS.length >= 50)
      for (const [i, payload] of PAYLOADS.entries()) {
        await editor.get('/admin/articles/new')
        // Alt text and caption go in with the image, and come back as Markdown.
        const up = multipart({ _csrf: editor.csrfToken!, alt: payload, caption: payload }, { image_file: { filename: `photo-${i}.jpg`, type: 'image/jpeg', data: image } })
        const uploaded = await editor.request('POST', '/admin/media', up.body, { 'content-type': up.contentType, accept: 'application/json' })
        assert.equal(uploaded.statusCode, 200, payload)
        const { snippet } = JSON.parse(uploaded.body) as { snippet: string }
        const fields = {
          kind: 'post', title: payload, excerpt: payload, body: `${payload}\n\n${snippet}\n\nText ${payload} more.\n\n> ${payload}`,
          reviewed_by: payload.slice(0, 120), reviewed_at: '2026-11-01', comments_enabled: 'on', new_tags: payload.slice(0, 50),
        }

        // A slug made of the payload is refused; the re-rendered form must be safe too.
        const refused = await editor.post('/admin/articles', { ...fields, slug: payload, action: 'publish' })
        assert.equal(refused.statusCode, 422, payload)
        assertSafePage(refused.body, `editor re-render #${i}`)

        // The no-JS preview and the JSON preview carry the same sanitized body.
        assertSafePage((await editor.post('/admin/articles', { ...fields, slug: `xss-${i}`, action: 'preview' })).body, `preview #${i}`)
        const live = JSON.parse((await editor.post('/admin/articles/preview', { body: fields.body })).body) as { html: string }
        assertSafePage(live.html, `live preview #${i}`)

        const saved = await editor.post('/admin/articles', { ...fields, slug: `xss-${i}`, action: 'publish' })
        const edit = redirectTarget(saved)
        assertSafePage((await editor.get(edit)).body, `editor #${i}`)
        const page = await t.agent().get(`/xss-${i}`)
        assert.equal(page.statusCode, 200, payload)
        assertSafePage(page.body, `article #${i}`)
      }
      assertSafePage((await t.agent().get('/')).body, 'home')
      assertSafePage((await t.agent().get('/page/2')).body, 'home page 2')
      assertSafePage((await editor.get('/admin/articles')).body, 'admin list')
      assertSafePage((await t.agent().get('/no-such-page')).body, '404')
      // Feeds carry the body escaped as text: parsed back as HTML it must be just as safe.
      const feed = (await t.agent().get('/feed.xml')).body
      for (const m of feed.matchAll(/<content:encoded>([\s\S]*?)<\/content:encoded>/g)) {
        assertSafePage(m[1].replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&'), 'feed item')
      }
    })

    test('the structural check itself catches what it looks for', () => {
      for (const bad of ['<img src=x onerror=alert(1)>', '<script>alert(1)</script>', '<a href=" java\tscript:x">x</a>', '<iframe></iframe>', '<p style="x">y</p>']) {
        assert.throws(() => assertSafePage(bad, 'self-test'), bad)
      }
    })

    test('the sanitizer alone, given raw HTML, keeps none of it dangerous', () => {
      for (const payload of PAYLOADS) assertSafePage(sanitizeArticleHtml(payload), `sanitizer: ${payload}`)
      // It keeps what our renderer emits.
      const ours = '<figure class="video-facade" data-video-id="aqz-KE-bpKQ" data-video-start="2040"><a class="video-facade__link" href="https://www.youtube.com/watch?v=aqz-KE-bpKQ&amp;t=2040s" data-video-facade=""><span class="video-facade__label">Play</span></a></figure>'
      assert.match(sanitizeArticleHtml(ours), /data-video-id="aqz-KE-bpKQ" data-video-start="2040"/)
      assert.equal(sanitizeArticleHtml('<figure class="evil"><img src="https://evil.example/p.gif" onerror="x"></figure>'), '<figure><img /></figure>')
    })
  })
}
