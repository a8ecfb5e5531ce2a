import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { demoArticles } from '../src/content/demo/index.js'
import { startSite, type RunningSite } from './support.js'

// The demo site as a new install serves it, from the built server: every
// figure of every published demo article is on its page and is served as an
// image. (dist/ once lacked the SVGs: every figure was left out, silently.)

let site: RunningSite

before(async () => {
  site = await startSite()
})
after(async () => {
  await site?.stop()
})

const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')

/** Every attribute of every <tag …> in the page. */
function tags(html: string, name: string): Record<string, string>[] {
  return [...html.matchAll(new RegExp(`<${name}\\b([^>]*)>`, 'g'))].map((m) =>
    Object.fromEntries([...m[1].matchAll(/([a-z-]+)="([^"]*)"/g)].map((a) => [a[1], decode(a[2])])))
}

const published = demoArticles.filter((a) => (a.status ?? 'published') === 'published')

test('every published demo article shows each of its figures, and every image URL on it is served as an image', async () => {
  const checked = new Map<string, string>() // URL → content type
  let figures = 0
  for (const a of published) {
    const res = await fetch(`${site.url}/${a.slug}`)
    assert.equal(res.status, 200, a.slug)
    const html = await res.text()
    const imgs = tags(html, 'img')
    const alts = new Set(imgs.map((i) => i.alt))
    const expected = [...a.body.matchAll(/!\[([^\]]*)\]\(demo:[^)]+\)/g)].map((m) => m[1])
    if (a.featuredImage) expected.push(a.featuredAlt ?? '')
    for (const alt of expected) assert.ok(alts.has(alt), `${a.slug}: the figure "${alt}" is on the page`)
    figures += expected.length

    const urls = new Set<string>()
    for (const el of [...imgs, ...tags(html, 'source')]) {
      if (el.src) urls.add(el.src)
      for (const part of (el.srcset ?? '').split(',')) if (part.trim()) urls.add(part.trim().split(/\s+/)[0])
    }
    for (const url of urls) {
      const abs = new URL(url, site.url).href
      if (checked.has(abs)) continue
      const img = await fetch(abs)
      await img.arrayBuffer()
      assert.equal(img.status, 200, `${a.slug}: ${url}`)
      const type = img.headers.get('content-type') ?? ''
      assert.match(type, /^image\//, `${a.slug}: ${url} is served as ${type}`)
      checked.set(abs, type)
    }
  }
  assert.ok(figures >= 10, `the demo articles have figures (${figures})`)
  const types = new Set(checked.values())
  assert.ok(types.has('image/webp') && [...types].some((t) => t === 'image/jpeg' || t === 'image/png'), `WebP and a fallback are served: ${[...types]}`)
  assert.doesNotMatch(site.output(), /missing/, 'the server logged no missing file')
})
