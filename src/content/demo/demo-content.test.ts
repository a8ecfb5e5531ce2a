import { test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import {
  demoArticles,
  demoCategories,
  demoComments,
  demoPeople,
  demoStudies,
  demoTags,
  type DemoArticle,
} from './index.js'

const imagesDir = new URL('./images/', import.meta.url)
const imagePath = (file: string) => fileURLToPath(new URL(file, imagesDir))

const posts = demoArticles.filter((a) => a.kind === 'post')
const pages = demoArticles.filter((a) => a.kind === 'page')
const statusOf = (a: DemoArticle) => a.status ?? 'published'
const published = posts.filter((a) => statusOf(a) === 'published')

/** All citation keys in a Markdown body: `[@a]` and `[@a; @b]`. */
function citationKeys(body: string): string[] {
  const keys: string[] = []
  for (const m of body.matchAll(/\[(@[^\]]+)\]/g)) {
    for (const part of m[1]!.split(';')) {
      const key = part.trim()
      assert.ok(key.startsWith('@'), `malformed citation part "${part}" in ${m[0]}`)
      keys.push(key.slice(1))
    }
  }
  return keys
}

/** `demo:` image references in a body. */
function demoImages(body: string): string[] {
  return [...body.matchAll(/\]\(demo:([^)\s]+)/g)].map((m) => m[1]!)
}

function paragraphs(body: string): string[] {
  return body.split(/\n\s*\n/).map((p) => p.trim())
}

function wordCount(body: string): number {
  return body
    .replace(/\[@[^\]]+\]/g, '')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .split(/\s+/)
    .filter((w) => /[A-Za-z0-9]/.test(w)).length
}

test('studies: keys are unique and match their identifiers', () => {
  const keys = new Set<string>()
  for (const s of demoStudies) {
    assert.ok(!keys.has(s.key), `duplicate study key ${s.key}`)
    keys.add(s.key)
    assert.ok(/^https:\/\//.test(s.url), `${s.key}: url must be https`)
    assert.ok(s.year > 1900 && s.year <= new Date().getFullYear(), `${s.key}: implausible year`)
    assert.ok(s.title.length > 10 && s.authors.length > 0 && s.journal.length > 0, `${s.key}: missing metadata`)
    if (s.key.startsWith('pmid:')) assert.equal(s.key, `pmid:${s.pmid}`, `${s.key}: key/pmid mismatch`)
    if (s.key.startsWith('doi:')) {
      assert.equal(s.key, `doi:${s.doi}`, `${s.key}: key/doi mismatch`)
      assert.equal(s.pmid, undefined, `${s.key}: use a pmid: key when a PMID is known`)
    }
    if (s.pmid) {
      assert.ok(/^\d+$/.test(s.pmid), `${s.key}: PMID must be digits`)
      assert.ok(s.key.startsWith('pmid:'), `${s.key}: use a pmid: key when a PMID is known`)
    }
    if (s.doi) assert.ok(/^10\.\d{4,}\//.test(s.doi), `${s.key}: DOI must start with 10.`)
    if (s.pmcid) assert.ok(/^PMC\d+$/.test(s.pmcid), `${s.key}: malformed PMCID`)
  }
})

test('every citation key in article bodies exists in demoStudies', () => {
  const known = new Set(demoStudies.map((s) => s.key))
  for (const a of demoArticles) {
    for (const key of citationKeys(a.body)) {
      assert.ok(known.has(key), `${a.slug}: unknown citation key "${key}"`)
    }
  }
})

test('every study is cited somewhere', () => {
  const cited = new Set(demoArticles.flatMap((a) => citationKeys(a.body)))
  for (const s of demoStudies) assert.ok(cited.has(s.key), `study ${s.key} is never cited`)
})

test('every demo: image and featured image exists and is a safe, self-contained SVG', () => {
  const referenced = new Set<string>()
  for (const a of demoArticles) {
    for (const file of demoImages(a.body)) referenced.add(file)
    if (a.featuredImage) referenced.add(a.featuredImage)
  }
  assert.ok(referenced.size >= 8)
  for (const file of referenced) {
    assert.ok(/^[a-z0-9-]+\.svg$/.test(file), `unexpected image name ${file}`)
    assert.ok(existsSync(imagePath(file)), `missing image ${file}`)
  }
  for (const file of readdirSync(imagesDir).filter((f) => f.endsWith('.svg'))) {
    const svg = readFileSync(imagePath(file), 'utf8')
    assert.ok(/^<svg\b[^>]*viewBox="0 0 \d+ \d+"/.test(svg), `${file}: must start with <svg viewBox=...>`)
    assert.ok(!/<script|<image\b|<foreignObject|\bon[a-z]+\s*=/i.test(svg), `${file}: no scripts, rasters or handlers`)
    assert.ok(!/(?:href|src)\s*=\s*"(?!#)/i.test(svg), `${file}: only internal (#id) references allowed`)
    assert.ok(!/url\((?!#)/i.test(svg), `${file}: only internal url(#id) references allowed`)
    assert.ok(referenced.has(file), `${file} is not used by any article`)
  }
})

test('featured images are 1600x900 and every post has one with alt text', () => {
  for (const a of posts) {
    assert.ok(a.featuredImage, `${a.slug}: post needs a featured image`)
    assert.ok(a.featuredAlt && a.featuredAlt.length > 20, `${a.slug}: featured image needs alt text`)
    const svg = readFileSync(imagePath(a.featuredImage!), 'utf8')
    assert.match(svg, /viewBox="0 0 1600 900"/, `${a.featuredImage}: featured images use a 1600x900 viewBox`)
  }
  const featured = posts.map((a) => a.featuredImage)
  assert.equal(new Set(featured).size, featured.length, 'each post has its own featured image')
})

test('in-body figures sit alone in their paragraph and have alt text and a caption', () => {
  let figures = 0
  for (const a of demoArticles) {
    for (const p of paragraphs(a.body)) {
      if (!p.includes('](demo:')) continue
      figures++
      assert.match(p, /^!\[[^\]]{10,}\]\(demo:[a-z0-9-]+\.svg "[^"]+"\)$/, `${a.slug}: malformed figure paragraph: ${p}`)
    }
  }
  assert.ok(figures >= 4, 'several articles should use in-body figures')
})

test('exactly one video, in the scalp-massage article, as its own paragraph', () => {
  const withVideo = demoArticles.filter((a) => /youtube\.com|youtu\.be/.test(a.body))
  assert.deepEqual(
    withVideo.map((a) => a.slug),
    ['scalp-massage-what-two-small-studies-show'],
  )
  const videoParas = paragraphs(withVideo[0]!.body).filter((p) => p.includes('youtube.com'))
  assert.equal(videoParas.length, 1)
  assert.match(videoParas[0]!, /^https:\/\/www\.youtube\.com\/watch\?v=[\w-]{11}&t=\d+m$/)
})

test('article set: counts, statuses, slugs and dates', () => {
  assert.ok(published.length >= 6, 'at least 6 published posts')
  assert.ok(posts.length >= 7, 'at least 7 posts')
  assert.equal(posts.filter((a) => statusOf(a) === 'draft').length, 1, 'exactly one draft')
  const scheduled = posts.filter((a) => statusOf(a) === 'scheduled')
  assert.equal(scheduled.length, 1, 'exactly one scheduled post')
  assert.ok(scheduled[0]!.daysAgo < 0, 'scheduled post is in the future')
  for (const a of posts) if (statusOf(a) !== 'scheduled') assert.ok(a.daysAgo >= 0, `${a.slug}: only scheduled posts may be in the future`)
  assert.ok(pages.length >= 3, 'About, editorial policy and privacy pages')
  for (const slug of ['about', 'editorial-policy', 'privacy']) assert.ok(pages.some((p) => p.slug === slug), `missing page ${slug}`)
  for (const p of pages) assert.equal(statusOf(p), 'published')

  const slugs = demoArticles.map((a) => a.slug)
  assert.equal(new Set(slugs).size, slugs.length, 'slugs are unique')
  for (const slug of slugs) assert.match(slug, /^[a-z0-9]+(?:-[a-z0-9]+)*$/)

  const days = posts.map((a) => a.daysAgo)
  assert.equal(new Set(days).size, days.length, 'posts use distinct daysAgo values')
  const spread = Math.max(...published.map((a) => a.daysAgo)) - Math.min(...published.map((a) => a.daysAgo))
  assert.ok(spread >= 150 && spread <= 270, `published posts span about eight months (got ${spread} days)`)
})

test('posts have sensible length, excerpt and reviewer metadata', () => {
  for (const a of posts) {
    const words = wordCount(a.body)
    if (statusOf(a) === 'published') assert.ok(words >= 700 && words <= 1500, `${a.slug}: ${words} words, want 700–1500`)
    else assert.ok(words >= 300, `${a.slug}: ${words} words, want 300+`)
    assert.ok(a.excerpt.length >= 40 && a.excerpt.length <= 300, `${a.slug}: excerpt length`)
    if (a.reviewed) assert.equal(a.author, 'editor', `${a.slug}: the reviewer does not review their own article`)
  }
  assert.ok(published.filter((a) => a.reviewed).length >= 3, 'several posts are medically reviewed')
  assert.ok(published.some((a) => a.author === 'reviewer'), 'the reviewer writes at least one post')
})

test('categories and tags exist and are used', () => {
  const cats = new Set(demoCategories.map((c) => c.slug))
  const tags = new Set(demoTags.map((t) => t.slug))
  assert.equal(cats.size, demoCategories.length, 'category slugs unique')
  assert.equal(tags.size, demoTags.length, 'tag slugs unique')
  for (const a of demoArticles) {
    for (const c of a.categories) assert.ok(cats.has(c), `${a.slug}: unknown category ${c}`)
    for (const t of a.tags) assert.ok(tags.has(t), `${a.slug}: unknown tag ${t}`)
    if (a.kind === 'post') assert.ok(a.categories.length > 0, `${a.slug}: post needs a category`)
  }
  const usedCats = new Set(demoArticles.flatMap((a) => a.categories))
  for (const c of cats) assert.ok(usedCats.has(c), `category ${c} is unused`)
  const usedTags = new Set(demoArticles.flatMap((a) => a.tags))
  for (const t of tags) assert.ok(usedTags.has(t), `tag ${t} is unused`)
})

test('no promissory language in articles', () => {
  const banned = [/\b(cures?|cured|curing)\b/i, /\bguarantee[ds]?\b/i, /\bregrow\w*/i, /\bmiracle\b/i, /\bproven to work\b(?!")/i]
  for (const a of demoArticles) {
    for (const re of banned) {
      const text = `${a.title}\n${a.excerpt}\n${a.body}`
      assert.ok(!re.test(text), `${a.slug}: contains ${re} ("${text.match(re)?.[0]}")`)
    }
  }
})

test('links to the forum and shop are present', () => {
  const all = demoArticles.map((a) => a.body).join('\n')
  assert.match(all, /\]\(\/forum\)/)
  assert.match(all, /\]\(\/shop\)/)
})

test('About page says the content is a demo and the people are fictional', () => {
  const about = pages.find((p) => p.slug === 'about')!
  assert.match(about.body, /demo content for Crown/i)
  assert.match(about.body, /fictional/i)
  assert.match(about.body, new RegExp(demoPeople.editor.name))
  assert.match(about.body, /Tomas Brightwell/)
})

test('demo people', () => {
  assert.equal(demoPeople.editor.email, 'editor@crown.example')
  assert.equal(demoPeople.reviewer.email, 'reviewer@crown.example')
  assert.notEqual(demoPeople.editor.slug, demoPeople.reviewer.slug)
  for (const p of [demoPeople.editor, demoPeople.reviewer]) {
    assert.match(p.slug, /^[a-z0-9-]+$/)
    assert.match(p.bio, /fictional/i)
  }
})

test('comments: threads are well formed', () => {
  assert.ok(demoComments.length >= 36, `at least 36 comments (got ${demoComments.length})`)
  const articleBySlug = new Map(demoArticles.map((a) => [a.slug, a]))
  const seen = new Map<string, (typeof demoComments)[number]>()
  const depth = new Map<string, number>()
  for (const c of demoComments) {
    assert.ok(!seen.has(c.ref), `duplicate comment ref ${c.ref}`)
    const article = articleBySlug.get(c.article)
    assert.ok(article, `${c.ref}: unknown article ${c.article}`)
    assert.equal(article!.kind, 'post', `${c.ref}: comments belong on posts`)
    assert.equal(statusOf(article!), 'published', `${c.ref}: comments belong on published posts`)
    assert.ok(c.hoursAfterPublish > 0, `${c.ref}: must come after publishing`)
    assert.ok(c.hoursAfterPublish < article!.daysAgo * 24, `${c.ref}: must not be in the future`)
    if (c.replyTo !== undefined) {
      const parent = seen.get(c.replyTo)
      assert.ok(parent, `${c.ref}: replyTo ${c.replyTo} must be an earlier ref`)
      assert.equal(parent!.article, c.article, `${c.ref}: reply must be on the same article as its parent`)
      assert.ok(c.hoursAfterPublish > parent!.hoursAfterPublish, `${c.ref}: reply must come after its parent`)
      assert.notEqual(parent!.status ?? 'approved', 'spam', `${c.ref}: no replies to spam`)
      depth.set(c.ref, depth.get(c.replyTo)! + 1)
    } else {
      depth.set(c.ref, 1)
    }
    seen.set(c.ref, c)
  }
  assert.ok(Math.max(...depth.values()) >= 6, 'one thread reaches depth 6')
  assert.ok(new Set(demoComments.map((c) => c.article)).size >= 5, 'comments on at least 5 posts')
})

test('comments: authors, staff and moderation states', () => {
  const staffNames = { editor: demoPeople.editor, reviewer: demoPeople.reviewer }
  for (const c of demoComments) {
    if (c.staff) {
      assert.equal(c.name, staffNames[c.staff].name, `${c.ref}: staff name`)
      assert.equal(c.email, staffNames[c.staff].email, `${c.ref}: staff email`)
    } else {
      assert.match(c.email, /^[^@\s]+@example\.com$/, `${c.ref}: readers use @example.com addresses`)
    }
    if (c.website) assert.match(c.website, /^https:\/\/[a-z0-9.-]+\.example\.com(\/|$)/, `${c.ref}: example websites only`)
    assert.ok(c.body.trim().length > 0)
  }
  const status = (s: string) => demoComments.filter((c) => (c.status ?? 'approved') === s).length
  assert.equal(status('pending'), 2)
  assert.equal(status('spam'), 1)
  assert.ok(demoComments.some((c) => c.staff === 'editor' && c.replyTo), 'editor replies')
  assert.ok(demoComments.some((c) => c.staff === 'reviewer' && c.replyTo), 'reviewer replies')
  assert.ok(demoComments.some((c) => /pubmed\.ncbi\.nlm\.nih\.gov|ncbi\.nlm\.nih\.gov\/pmc/.test(c.body)), 'a reader links to PubMed/PMC')
  // Approved comments make no promises either; only the spam may shout.
  for (const c of demoComments) {
    if ((c.status ?? 'approved') === 'spam') continue
    assert.ok(!/\b(cures?|guarantee[ds]?)\b/i.test(c.body), `${c.ref}: promissory wording`)
  }
})
