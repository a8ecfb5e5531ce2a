import type { Deps } from '../deps.js'
import type { Db } from '../db/database.js'
import { articleForComments, importArticle, importCategory, importTag, setFeaturedImage } from '../content/index.js'
import { importComment, importCommentThread, updateImportedComment, type PostStatus } from '../discussion/index.js'
import { readWxr, type WxrCategory, type WxrComment, type WxrItem, type WxrSite } from './wxr-reader.js'
import type { ReadInput } from './xml-records.js'
import { findMapped, putMapped, type MapKey } from './queries.js'
import { ImportReport } from './report.js'
import { convertWpBody, convertWpComment } from './wp-body.js'
import { oldPath, type RedirectRow } from './redirect-rows.js'
import { UploadsFolder, uploadUrlsIn } from './uploads.js'
import { putRedirects } from '../redirects/index.js'
import { runSteps, type InTx } from './steps.js'
import { decodeEntities, hashOf, plainText, relinkOldSite, usableEmail, usableUrl } from './wp-text.js'
import { accountFor, learnOffset, localToUtc, now, readAuthor, remember, SOURCE, termRedirects, type State, type WordPressImportOptions } from './wordpress-state.js'
import { importBbPress } from './bbpress-import.js'

// Moving a WordPress site in: authors, categories and tags, then each post or
// page with its comments in one transaction, mapped in import_map so a second
// run changes nothing and a newer export updates what changed.

/** The longest body the staff editor accepts (content/schemas.ts). */
const EDITOR_BODY_LIMIT = 100_000

export type { WordPressImportOptions } from './wordpress-state.js'

export interface WordPressImportResult { report: ImportReport; site: string }


export async function importWordPress(deps: Deps, input: ReadInput, given: WordPressImportOptions = {}): Promise<WordPressImportResult> {
  const report = new ImportReport()
  const opts: WordPressImportOptions = {
    saveRedirects: async (db, rows) => {
      const r = await putRedirects(db, rows, 'import', deps.clock.now().toISOString())
      for (const refused of r.refused) report.warn(0, `old address ${refused.from}`, `no redirect: ${refused.reason}`)
    },
    ...given,
  }
  const site = await runSteps(deps, opts.dryRun ?? false, (inTx, readDb) => run(deps, input, opts, report, inTx, readDb))
  return { report, site }
}

/** `readDb`: where to read outside an item's transaction (the database, or the dry run's transaction). */
async function run(deps: Deps, input: ReadInput, opts: WordPressImportOptions, report: ImportReport, inTx: InTx, readDb: Db): Promise<string> {
  const st: State = {
    site: '', base: '', basePath: '', authorRecords: new Map(), authorLoginsByWpId: new Map(), accounts: new Map(), categoriesBySlug: new Map(),
    tagsBySlug: new Map(), attachments: new Map(), offsetMs: null, readDb,
    featuredLater: new Map(), attachmentPagesLater: new Map(), forums: new Map(), topicPaths: new Map(),
    uploads: undefined as unknown as UploadsFolder,
  }
  st.uploads = new UploadsFolder(deps, opts.uploads, () => st.site, report, opts.dryRun ?? false)
  const pendingParents: WxrCategory[] = []
  for await (const r of readWxr(input, { progress: opts.progress })) {
    switch (r.kind) {
      case 'site':
        startSite(st, r)
        await inTx(async (db) => opts.saveRedirects?.(db, siteRedirects(st)))
        break
      case 'author': readAuthor(st, r, report); break
      case 'category':
        await inTx((db) => importOneCategory(deps, db, st, r, report, pendingParents, opts))
        break
      case 'tag':
        await inTx(async (db) => {
          const tag = await importTag(db, { slug: r.slug, name: decodeEntities(r.name) }, now(deps))
          st.tagsBySlug.set(r.slug, tag.id)
          await remember(db, st, 'tag', r.slug, tag.id, hashOf(r, ['line']), deps, report)
          await opts.saveRedirects?.(db, termRedirects(st, `tag/${r.slug}`, `/tag/${tag.slug}`))
        })
        break
      case 'term': report.count(`term (${r.taxonomy})`, 'skipped'); break
      case 'item': await importItem(deps, st, r, report, inTx, opts); break
    }
    opts.onRecord?.()
  }
  if (pendingParents.length) {
    for (const c of pendingParents) report.warn(c.line, `category “${decodeEntities(c.name)}”`, `its parent “${c.parentSlug}” is not in the export; it stays at the top level.`)
  }
  return st.site
}

function startSite(st: State, r: WxrSite) {
  st.base = (r.baseBlogUrl || r.link || r.baseSiteUrl).replace(/\/+$/, '')
  st.site = st.base.replace(/^https?:\/\//i, '').toLowerCase()
  try { st.basePath = new URL(st.base).pathname.replace(/\/+$/, '') } catch { st.basePath = '' }
}

async function importOneCategory(deps: Deps, db: Db, st: State, c: WxrCategory, report: ImportReport, pending: WxrCategory[], opts: WordPressImportOptions, again = false) {
  const parent = c.parentSlug ? st.categoriesBySlug.get(c.parentSlug) : undefined
  if (c.parentSlug && !parent) pending.push(c)
  const made = await importCategory(db, { slug: c.slug, name: decodeEntities(c.name), description: decodeEntities(c.description), parentId: parent?.id ?? null }, now(deps))
  // WordPress's category links name the whole chain: /category/parent/child/.
  const path = parent ? `${parent.path}/${c.slug}` : c.slug
  st.categoriesBySlug.set(c.slug, { id: made.id, path, slug: made.slug })
  if (!again) await remember(db, st, 'category', c.slug, made.id, hashOf(c, ['line']), deps, report)
  await opts.saveRedirects?.(db, [
    ...termRedirects(st, `category/${path}`, `/category/${made.slug}`),
    { from: `${st.basePath}/category/${path}/feed/`, to: `/category/${made.slug}/feed.xml` },
    { from: `${st.basePath}/?cat=${c.termId ?? ''}`, to: `/category/${made.slug}` },
  ].filter((r) => !r.from.endsWith('cat=')))
  // A parent that arrives after its child (hand-edited exports) adopts it now.
  for (const child of pending.filter((p) => p.parentSlug === c.slug)) {
    pending.splice(pending.indexOf(child), 1)
    await importOneCategory(deps, db, st, child, report, pending, opts, true)
  }
}

// ---- items ------------------------------------------------------------------

const ARTICLE_TYPES = new Set(['post', 'page'])

async function importItem(deps: Deps, st: State, item: WxrItem, report: ImportReport, inTx: InTx, opts: WordPressImportOptions) {
  learnOffset(st, item)
  if (item.postType === 'attachment') return importAttachment(deps, st, item, report, inTx, opts)
  if (item.postType === 'forum' || item.postType === 'topic' || item.postType === 'reply') return importBbPress(deps, st, item, report, inTx, opts)
  if (!ARTICLE_TYPES.has(item.postType)) {
    report.count(item.postType, 'skipped')
    return
  }
  const label = `${item.postType} ${item.wpId} “${item.title || '(untitled)'}”`
  const status = articleStatus(item)
  if (!status) {
    report.count(item.postType, 'skipped')
    if (item.status === 'trash') report.warn(item.line, label, 'is in the trash on the old site; not imported.')
    return
  }
  // Images first, outside the transaction: the pipeline writes files and rows of its own.
  const featuredUrl = featuredImage(st, item)
  const imageUrls = [...uploadUrlsIn(item.content), ...(featuredUrl ? [featuredUrl] : [])]
  await st.uploads.bringIn(st.readDb, imageUrls, (url) => altTextFor(item.content, url) || decodeEntities(item.title))
  // The item as the export says it, and where its images now live: a later
  // run with --uploads brings the images into an article imported without.
  const hash = hashOf({ item, images: imageUrls.map((u) => st.uploads.src(u)) }, ['line'])
  const key: MapKey = { source: SOURCE, site: st.site, kind: item.postType, sourceId: String(item.wpId) }
  if ((await findMapped(st.readDb, key))?.hash === hash) {
    report.count(item.postType, 'unchanged')
    report.count('comment', 'unchanged', item.comments.filter(isComment).length)
    return
  }
  await inTx(async (db) => {
    const before = await findMapped(db, key)
    if (item.password) report.warn(item.line, label, 'was password-protected; it is imported as a draft, since Crown has no password pages.')
    if (item.status === 'private') report.warn(item.line, label, 'was private; it is imported as a draft, visible to staff only.')
    const body = convertWpBody(relinkOldSite(item.content, st.base), { images: (url) => { const src = st.uploads.src(url); return src ? { src } : null } })
    for (const w of body.warnings) report.warn(item.line, label, w)
    for (const url of body.remoteImages) report.remoteImages.add(url)
    if (body.rawHtmlBlocks) report.convertedWithRawHtml++
    if (body.markdown.length > EDITOR_BODY_LIMIT) report.warn(item.line, label, `its body is ${body.markdown.length.toLocaleString('en')} characters; readers see all of it, but the editor saves at most ${EDITOR_BODY_LIMIT.toLocaleString('en')}, so split it before editing.`)
    const author = await accountFor(deps, db, st, item.creator, 'editor', report, opts, item.line)
    const featuredMediaId = featuredUrl ? st.uploads.mediaId(featuredUrl) : null
    if (featuredUrl && featuredMediaId === null) report.remoteImages.add(featuredUrl)
    const publishedAt = item.postDateUtc ?? localToUtc(st, item.postDateLocal)
    const result = await importArticle(db, {
      existingId: before?.crownId,
      kind: item.postType === 'page' ? 'page' : 'post',
      slug: item.slug,
      title: decodeEntities(item.title),
      excerpt: plainText(item.excerpt).slice(0, 500),
      bodyMd: body.markdown,
      status,
      publishedAt: status === 'draft' ? (publishedAt && item.status !== 'draft' ? publishedAt : null) : publishedAt,
      createdAt: publishedAt ?? now(deps),
      updatedAt: item.modifiedUtc ?? publishedAt ?? now(deps),
      authorId: author.userId,
      categoryIds: item.terms.filter((t) => t.domain === 'category').flatMap((t) => st.categoriesBySlug.get(t.slug)?.id ?? []),
      tagIds: await termIds(deps, db, st, item),
      commentsEnabled: item.commentStatus !== 'closed',
      sticky: item.isSticky,
      featuredMediaId,
    })
    if (result.slugChanged) report.warn(item.line, label, `its slug “${item.slug}” is taken or not allowed here; it lives at /${result.slug}.`)
    for (const p of result.problems) report.warn(item.line, label, p)
    report.count(item.postType, before ? 'updated' : 'imported')
    await putMapped(db, key, result.id, hash, deps.clock.now())
    const thumbnail = thumbnailId(item)
    if (featuredUrl === null && thumbnail !== null) st.featuredLater.set(thumbnail, [...(st.featuredLater.get(thumbnail) ?? []), result.id])
    const attachmentPages = st.attachmentPagesLater.get(item.wpId)
    if (attachmentPages) {
      st.attachmentPagesLater.delete(item.wpId)
      await opts.saveRedirects?.(db, attachmentPages.map((from) => ({ from, to: `/${result.slug}` })))
    }
    await importComments(deps, db, st, item, { id: result.id, slug: result.slug, title: decodeEntities(item.title), authorId: author.userId, commentsEnabled: item.commentStatus !== 'closed' }, report, label, opts, !before)
    await opts.saveRedirects?.(db, itemRedirects(st, item, result.slug))
  })
}

function articleStatus(item: WxrItem): 'draft' | 'scheduled' | 'published' | null {
  if (item.password) return 'draft'
  switch (item.status) {
    case 'publish': return 'published'
    case 'future': return 'scheduled'
    case 'draft': case 'pending': case 'private': return 'draft'
    default: return null // trash, auto-draft, inherit
  }
}

async function termIds(deps: Deps, db: Db, st: State, item: WxrItem): Promise<number[]> {
  const ids: number[] = []
  for (const t of item.terms.filter((x) => x.domain === 'post_tag')) {
    let id = st.tagsBySlug.get(t.slug)
    if (id === undefined) {
      // A tag the export's list left out (WordPress lists only tags in use): made from the item.
      id = (await importTag(db, { slug: t.slug, name: decodeEntities(t.name) }, now(deps))).id
      st.tagsBySlug.set(t.slug, id)
    }
    ids.push(id)
  }
  return ids
}

/** The alt text the old body gave this image, if any. */
function altTextFor(html: string, url: string): string {
  const tag = html.match(new RegExp(`<img[^>]*src=["']${url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["'][^>]*>`, 'i'))?.[0] ?? ''
  return decodeEntities(/alt=["']([^"']*)["']/i.exec(tag)?.[1] ?? '')
}

/** The Crown article a WordPress post or page became (this run or an earlier one), or null. */
async function importedArticle(st: State, wpId: number): Promise<{ id: number; slug: string } | null> {
  for (const kind of ['post', 'page']) {
    const mapped = await findMapped(st.readDb, { source: SOURCE, site: st.site, kind, sourceId: String(wpId) })
    if (mapped) return articleForComments(st.readDb, { id: mapped.crownId })
  }
  return null
}

function thumbnailId(item: WxrItem): number | null {
  const id = Number(item.meta.find((m) => m.key === '_thumbnail_id')?.value)
  return Number.isInteger(id) && id > 0 ? id : null
}

function featuredImage(st: State, item: WxrItem): string | null {
  const id = thumbnailId(item)
  return id !== null ? st.attachments.get(id) ?? null : null
}

/**
 * An attachment: its file is remembered for featured images; a post that
 * named it as featured earlier in the file gets it now; its old page (and
 * /?attachment_id=) leads to the post it belongs to.
 */
async function importAttachment(deps: Deps, st: State, item: WxrItem, report: ImportReport, inTx: InTx, opts: WordPressImportOptions) {
  const url = item.attachmentUrl
  if (url) st.attachments.set(item.wpId, url)
  const waiting = st.featuredLater.get(item.wpId)
  if (url && waiting) {
    st.featuredLater.delete(item.wpId)
    await st.uploads.bringIn(st.readDb, [url], () => decodeEntities(item.title))
    const mediaId = st.uploads.mediaId(url)
    if (mediaId === null) report.remoteImages.add(url)
    else await inTx(async (db) => { for (const articleId of waiting) await setFeaturedImage(db, articleId, mediaId) })
  }
  const pages = [`${st.basePath}/?attachment_id=${item.wpId}`, ...(oldPath(st.base, item.link) ? [oldPath(st.base, item.link)!] : [])]
  if (item.parentId === null) return
  // Looked up, not remembered: a map of every post would grow with the file.
  const parent = await importedArticle(st, item.parentId)
  if (parent) await inTx(async (db) => opts.saveRedirects?.(db, pages.map((from) => ({ from, to: `/${parent.slug}` }))))
  else st.attachmentPagesLater.set(item.parentId, [...(st.attachmentPagesLater.get(item.parentId) ?? []), ...pages])
}

// ---- comments ---------------------------------------------------------------

const isComment = (c: WxrComment) => c.type === '' || c.type === 'comment'

const COMMENT_STATES: Record<string, PostStatus> = { '1': 'approved', '0': 'pending', spam: 'spam', trash: 'trash', 'post-trashed': 'trash' }

async function importComments(
  deps: Deps, db: Db, st: State, item: WxrItem,
  article: { id: number; slug: string; title: string; authorId: number; commentsEnabled: boolean },
  report: ImportReport, label: string, opts: WordPressImportOptions,
  /** The article is new: none of its comments can be mapped yet (they commit with it), so none is looked up. */
  articleIsNew: boolean,
) {
  const comments = item.comments.filter(isComment).sort((a, b) => a.wpId - b.wpId)
  const skipped = item.comments.length - comments.length
  if (skipped) report.count('pingback', 'skipped', skipped)
  if (!comments.length) return
  const subject = { articleId: article.id, slug: article.slug, title: article.title, authorUserId: article.authorId, commentsEnabled: article.commentsEnabled, path: `/${article.slug}` }
  const byId = new Map(comments.map((c) => [c.wpId, c]))
  const thread = await importCommentThread(db, subject, new Date(commentTime(st, comments[0]!) ?? now(deps)))
  const done = new Map<number, number>()
  const visiting = new Set<number>()
  const one = async (c: WxrComment): Promise<number> => {
    const seen = done.get(c.wpId)
    if (seen !== undefined) return seen
    visiting.add(c.wpId)
    let parentId: number | null = null
    if (c.parentId !== null) {
      const parent = byId.get(c.parentId)
      if (!parent) report.warn(c.line, `comment ${c.wpId} on ${label}`, `replies to comment ${c.parentId}, which is not in the export; it is kept as a top-level comment.`)
      else if (visiting.has(parent.wpId)) report.warn(c.line, `comment ${c.wpId} on ${label}`, `its replies loop back to it; it is kept as a top-level comment.`)
      else parentId = await one(parent)
    }
    const status = COMMENT_STATES[c.approved] ?? 'pending'
    if (!COMMENT_STATES[c.approved]) report.warn(c.line, `comment ${c.wpId} on ${label}`, `has the unknown state “${c.approved}”; it is held for review.`)
    const bodyMd = convertWpComment(c.content)
    const at = new Date(commentTime(st, c) ?? now(deps))
    const key: MapKey = { source: SOURCE, site: st.site, kind: 'comment', sourceId: String(c.wpId) }
    const hash = hashOf({ bodyMd, status, parent: c.parentId })
    const before = articleIsNew ? undefined : await findMapped(db, key)
    let id: number
    if (before) {
      id = before.crownId
      if (before.hash !== hash) await updateImportedComment(deps, db, id, { bodyMd, status, at })
      report.count('comment', before.hash === hash ? 'unchanged' : 'updated')
    } else {
      const login = c.userId !== null ? st.authorLoginsByWpId.get(c.userId) : undefined
      const author = login !== undefined ? await accountFor(deps, db, st, login, 'member', report, opts, c.line) : undefined
      const post = await importComment(deps, db, thread, {
        subject, parentId,
        author: {
          userId: author?.userId ?? null,
          role: author && author.role !== 'member' ? author.role : null,
          name: decodeEntities(c.author).trim().slice(0, 80) || 'Anonymous',
          email: usableEmail(c.authorEmail),
          url: usableUrl(c.authorUrl),
        },
        bodyMd, status, at,
      })
      id = post.id
      report.count('comment', 'imported')
    }
    if (!before || before.hash !== hash) await putMapped(db, key, id, hash, deps.clock.now())
    visiting.delete(c.wpId)
    done.set(c.wpId, id)
    return id
  }
  for (const c of comments) await one(c)
}

function commentTime(st: State, c: WxrComment): string | null {
  return c.dateUtc ?? localToUtc(st, c.date.replace(' ', 'T'))
}

// ---- redirects ----------------------------------------------------------------

/** The site's own old addresses: its feeds. */
function siteRedirects(st: State): RedirectRow[] {
  return ([
    { from: '/feed/', to: '/feed.xml' },
    { from: '/feed/atom/', to: '/atom.xml' },
    { from: '/feed/rss2/', to: '/feed.xml' },
    { from: '/?feed=rss2', to: '/feed.xml' },
    { from: '/?feed=atom', to: '/atom.xml' },
    // Crown has no feed of every comment; the site's feed is the nearest thing.
    { from: '/comments/feed/', to: '/feed.xml' },
  ] satisfies RedirectRow[]).map((r) => ({ ...r, from: st.basePath + r.from }))
}

function itemRedirects(st: State, item: WxrItem, slug: string): RedirectRow[] {
  const to = `/${slug}`
  const rows: RedirectRow[] = [{ from: `${st.basePath}/?${item.postType === 'page' ? 'page_id' : 'p'}=${item.wpId}`, to }]
  const path = oldPath(st.base, item.link)
  if (path && path !== to) rows.push({ from: path, to })
  const guid = item.guidIsPermaLink ? oldPath(st.base, item.guid) : null
  if (guid && guid !== to && guid !== path) rows.push({ from: guid, to })
  return rows
}
