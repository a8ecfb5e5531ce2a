import fs from 'node:fs/promises'
import path from 'node:path'
import crypto from 'node:crypto'
import type { Deps } from '../deps.js'
import { iso } from '../clock.js'
import { createUser, findUserByEmail } from '../accounts/index.js'
import { demoArticles, demoCategories, demoPeople, demoStudies, demoTags, type DemoArticle } from './demo/index.js'
import { describeProblem, renderBody } from './markdown.js'
import { loadBodyContext } from './publishing.js'
import { pictureSources, type MediaInfo } from './media-urls.js'
import { processImageCached, renderCacheKey, storeImage, type RenderCache } from './media.js'
import * as q from './queries.js'
import { syncArticleSearch } from './search-documents.js'

const DAY = 86_400_000
const IMAGES_DIR = path.resolve(import.meta.dirname, 'demo', 'images')

// The demo figures' sizes are rendered once, not on every first start (that
// took most of it): `npm run build` renders them into dist/content/demo/rendered
// (renderDemoFigures below); run from the sources (dev, tests, bench), they
// are kept in node_modules/.cache between runs.
const BUILT_FIGURES = path.resolve(import.meta.dirname, 'demo', 'rendered')
const FIGURE_CACHE_DIR = path.resolve(import.meta.dirname, '..', '..', 'node_modules', '.cache', 'crown', 'demo-figures')
const FIGURE_CACHE: RenderCache = { dirs: [BUILT_FIGURES, FIGURE_CACHE_DIR], writeTo: FIGURE_CACHE_DIR }

export interface DemoSeedResult {
  /** Article and page ids by slug (the discussion seed attaches comments by slug). */
  articleIds: Record<string, number>
  /** Staff user ids by demo person key. */
  staffIds: { editor: number; reviewer: number }
  /** What this run added (a second run adds nothing). */
  added: { articles: number; pages: number; studies: number; figures: number }
}

/**
 * Adds the demo site's people, topics, studies, images and articles. Runs
 * on first start and from `npm run db:seed`; a second run adds nothing that
 * exists already (matched by email, slug or study key).
 */
export async function seedDemoContent(deps: Deps): Promise<DemoSeedResult> {
  const now = deps.clock.now()
  const stamp = iso(now)
  const staffIds = {
    editor: await ensureStaff(deps, demoPeople.editor),
    reviewer: await ensureStaff(deps, demoPeople.reviewer),
  }

  const categoryIds = new Map<string, number>()
  for (const c of demoCategories) categoryIds.set(c.slug, await q.insertCategory(deps.db, { ...c, now: stamp }))
  const tagIdList = await q.ensureTags(deps.db, demoTags, stamp)
  const tagIds = new Map(demoTags.map((t, i) => [t.slug, tagIdList[i]]))

  const added = { articles: 0, pages: 0, studies: 0, figures: 0 }
  for (const s of demoStudies) {
    if (await q.studyKeyOwner(deps.db, s.key)) continue
    added.studies++
    await q.insertStudy(deps.db, {
      key: s.key, pmid: s.pmid ?? null, doi: s.doi ?? null, authors: s.authors, title: s.title, year: s.year, journal: s.journal,
      design: s.design, n: s.n ?? null, url: s.url, note: s.note ?? '', created_at: stamp,
    })
  }

  // Each SVG goes through the upload pipeline once, whichever articles use it.
  const images = new Map<string, { id: number; info: MediaInfo }>()
  const image = async (file: string, alt: string, caption: string, uploadedBy: number) => {
    const known = images.get(file)
    if (known) return known
    if (!/^[a-z0-9-]+\.svg$/.test(file)) throw new Error(`demo image name not allowed: ${file}`)
    const data = await fs.readFile(path.join(IMAGES_DIR, file)).catch(() => null)
    if (!data) {
      // A missing demo drawing should not stop a fresh site from starting.
      deps.log.warn({ file }, 'demo image missing; the figure is left out')
      return null
    }
    const stored = await storeImage(deps, { data, originalName: file, alt, caption, uploadedBy, allowSvg: true, cache: FIGURE_CACHE })
    if (stored.kind !== 'stored') throw new Error(`demo image ${file} could not be processed: ${stored.kind}`)
    added.figures++
    const entry = { id: stored.mediaId, info: stored.info }
    images.set(file, entry)
    return entry
  }

  const articleIds: Record<string, number> = {}
  for (const a of demoArticles) {
    const existing = await q.slugOwner(deps.db, a.slug)
    if (existing !== undefined) {
      articleIds[a.slug] = existing
      continue
    }
    const authorId = staffIds[a.author]
    let body = a.body
    for (const m of a.body.matchAll(/!\[([^\]]*)\]\(demo:([^\s)]+)(?:\s+"([^"]*)")?\)/g)) {
      const media = await image(m[2], m[1], m[3] ?? '', authorId)
      body = media ? body.split(`demo:${m[2]}`).join(pictureSources(media.info).fallbackSrc) : body.split(m[0]).join('')
    }
    const featured = a.featuredImage ? await image(a.featuredImage, a.featuredAlt ?? '', '', authorId) : null
    const rendered = renderBody(body, await loadBodyContext(deps.db, body))
    if (rendered.problems.length) throw new Error(`demo article ${a.slug}: ${rendered.problems.map(describeProblem).join(' ')}`)

    const dates = demoDates(a, now)
    articleIds[a.slug] = await deps.db.transaction().execute(async (trx) => {
      const id = await q.insertArticle(trx, {
        kind: a.kind, slug: a.slug, title: a.title, excerpt: a.excerpt, body_md: body, body_html: rendered.html,
        featured_media_id: featured?.id ?? null, author_id: authorId, status: a.status ?? 'published', published_at: dates.publishedAt,
        reviewed_by: a.reviewed ? demoPeople.reviewer.name : null, reviewed_at: a.reviewed ? dates.reviewedAt : null,
        comments_enabled: a.kind === 'post' ? 1 : 0, created_at: dates.createdAt, updated_at: dates.updatedAt,
      })
      await q.replaceCategories(trx, id, a.categories.map((slug) => mustGet(categoryIds, slug, a.slug)))
      await q.replaceTags(trx, id, a.tags.map((slug) => mustGet(tagIds, slug, a.slug)))
      await q.replaceCitations(trx, id, rendered.citations.map((c) => c.id))
      await syncArticleSearch(trx, id)
      return id
    })
    if (a.kind === 'page') added.pages++
    else added.articles++
  }
  return { articleIds, staffIds, added }
}

/**
 * Renders every demo figure into `dir` (run by `npm run build` for dist/) and
 * (`source`: another module's demo drawings, e.g. the shop's product pictures)
 * removes entries no current figure uses. Returns how many were rendered anew
 * (not found in `dir` or in the cache that runs from the sources fill).
 */
export async function renderDemoFigures(dir: string, source: { imagesDir: string; cacheDir: string } = { imagesDir: IMAGES_DIR, cacheDir: FIGURE_CACHE_DIR }): Promise<number> {
  const files = (await fs.readdir(source.imagesDir)).filter((f) => f.endsWith('.svg'))
  const keep = new Set<string>()
  let rendered = 0
  for (const file of files) {
    const data = await fs.readFile(path.join(source.imagesDir, file))
    const key = await renderCacheKey(data, { allowSvg: true })
    keep.add(key)
    const known = await fs.access(path.join(dir, key, 'manifest.json')).then(() => true, () => false)
    if (known) continue
    // A checkout that ran the tests has it in node_modules/.cache already.
    const cached = path.join(source.cacheDir, key)
    if (await fs.access(path.join(cached, 'manifest.json')).then(() => true, () => false)) {
      await fs.mkdir(dir, { recursive: true })
      const tmp = await fs.mkdtemp(path.join(dir, `${key}.tmp-`))
      await fs.cp(cached, tmp, { recursive: true })
      await fs.rename(tmp, path.join(dir, key))
      continue
    }
    const result = await processImageCached(data, { allowSvg: true }, { dirs: [], writeTo: dir })
    if (result.kind !== 'processed') throw new Error(`demo image ${file} could not be processed: ${result.kind}`)
    rendered++
  }
  for (const entry of await fs.readdir(dir).catch(() => [])) {
    if (!keep.has(entry)) await fs.rm(path.join(dir, entry), { recursive: true, force: true })
  }
  return rendered
}

/** Dates relative to the seeding moment: the past for published posts, the future for the scheduled one. */
function demoDates(a: DemoArticle, now: Date) {
  const status = a.status ?? 'published'
  const at = new Date(now.getTime() - a.daysAgo * DAY)
  if (status === 'draft') return { publishedAt: null, createdAt: iso(at), updatedAt: iso(at), reviewedAt: iso(at) }
  // Reviewed a few days after publishing, never later than now.
  const reviewed = new Date(Math.min(at.getTime() + 3 * DAY, now.getTime()))
  const updated = a.reviewed && status === 'published' ? reviewed : at
  return { publishedAt: iso(at), createdAt: iso(new Date(at.getTime() - 2 * DAY)), updatedAt: iso(status === 'scheduled' ? now : updated), reviewedAt: iso(reviewed) }
}

async function ensureStaff(deps: Deps, person: { name: string; email: string; bio: string }): Promise<number> {
  // Demo staff never sign in: the site's real admin is created at /setup.
  const created = await createUser(deps, { email: person.email, name: person.name, bio: person.bio, role: 'editor', password: crypto.randomBytes(24).toString('base64url') })
  if (created.kind === 'created') return created.userId
  const user = await findUserByEmail(deps.db, person.email)
  if (!user) throw new Error(`demo user ${person.email} could not be created`)
  return user.id
}

function mustGet(map: Map<string, number>, slug: string, article: string): number {
  const id = map.get(slug)
  if (id === undefined) throw new Error(`demo article ${article} names an unknown category or tag: ${slug}`)
  return id
}
