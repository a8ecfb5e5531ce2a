import { createHash } from 'node:crypto'
import type { Deps } from '../deps.js'
import type { Db } from '../db/database.js'
import { ensureImportedAccount } from '../accounts/index.js'
import { articleForComments, importArticle, importCategory, importTag, setFeaturedImage } from '../content/index.js'
import { importComment, importCommentThread, updateImportedComment, type PostStatus } from '../discussion/index.js'
import { importForumCategory, importForumPost, importTopic, topicAddress } from '../forum/index.js'
import { readWxr, type WxrAuthor, type WxrCategory, type WxrComment, type WxrItem, type WxrSite } from './wxr-reader.js'
import type { ReadInput, ReadProgress } from './xml-records.js'
import { findMapped, putMapped, type MapKey } from './queries.js'
import { ImportReport } from './report.js'
import { convertWpBody, convertWpComment } from './wp-body.js'
import { oldPath, type RedirectRow } from './redirect-rows.js'
import { UploadsFolder, uploadUrlsIn } from './uploads.js'
import { putRedirects } from '../redirects/index.js'
import { runSteps, type InTx } from './steps.js'

// Moving a WordPress site in: authors, categories and tags, then each post or
// page with its comments in one transaction, mapped in import_map so a second
// run changes nothing and a newer export updates what changed.

const SOURCE = 'wordpress'
/** The longest body the staff editor accepts (content/schemas.ts). */
const EDITOR_BODY_LIMIT = 100_000

export interface WordPressImportOptions {
  /** Everything is done in one transaction that is rolled back: the report says what would happen. */
  dryRun?: boolean
  /** Bytes read so far (the progress bar). */
  progress?: ReadProgress
  /** A local copy of the old site's wp-content/uploads: images go through Crown's pipeline. */
  uploads?: string
  /** Called after each record is handled. */
  onRecord?: () => void
  /** Old URLs and their Crown addresses, written in the item's transaction: the redirects table unless a test says otherwise. */
  saveRedirects?: (db: Db, rows: RedirectRow[]) => Promise<void>
}

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

interface State {
  site: string
  /** The old site's address: links under it are the old permalinks. */
  base: string
  /** Its folder on its host ('' at the root, '/blog' in a folder): old archive links start with it. */
  basePath: string
  authorRecords: Map<string, AuthorRecord>
  authorLoginsByWpId: Map<number, string>
  /** Accounts made or found this run, by login. */
  accounts: Map<string, { userId: number; role: string }>
  categoriesBySlug: Map<string, { id: number; path: string; slug: string }>
  tagsBySlug: Map<string, number>
  /** Attachment id → its file URL (featured images). */
  attachments: Map<number, string>
  /** Local minus UTC, in ms, as the export's dated items show it (for dates with no GMT field). */
  offsetMs: number | null
  readDb: Db
  uploads: UploadsFolder
  /** Featured images whose attachment comes later in the file: attachment id → article ids. */
  featuredLater: Map<number, number[]>
  /** Attachment pages whose post comes later: post id → old addresses. */
  attachmentPagesLater: Map<number, string[]>
  /** bbPress forums → forum categories. */
  forums: Map<number, number>
  /** Topic thread id → its address (redirects of its replies). */
  topicPaths: Map<number, string>
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

function now(deps: Deps): string {
  return deps.clock.now().toISOString()
}

function startSite(st: State, r: WxrSite) {
  st.base = (r.baseBlogUrl || r.link || r.baseSiteUrl).replace(/\/+$/, '')
  st.site = st.base.replace(/^https?:\/\//i, '').toLowerCase()
  try { st.basePath = new URL(st.base).pathname.replace(/\/+$/, '') } catch { st.basePath = '' }
}

async function remember(db: Db, st: State, kind: string, sourceId: string, crownId: number, hash: string, deps: Deps, report: ImportReport): Promise<'imported' | 'updated' | 'unchanged'> {
  const key: MapKey = { source: SOURCE, site: st.site, kind, sourceId }
  const before = await findMapped(db, key)
  const outcome = !before ? 'imported' : before.hash === hash && before.crownId === crownId ? 'unchanged' : 'updated'
  if (outcome !== 'unchanged') await putMapped(db, key, crownId, hash, deps.clock.now())
  report.count(kind, outcome)
  return outcome
}

/** An author as the export lists them; the account is made when their first post, page or forum post is imported. */
interface AuthorRecord { login: string; wpId: number | null; email: string; name: string; line: number }

function readAuthor(st: State, a: WxrAuthor, report: ImportReport) {
  const name = decodeEntities(a.displayName || [a.firstName, a.lastName].filter(Boolean).join(' ') || a.login)
  let email = a.email.trim()
  if (!/^[^@\s]+@[^@\s]+$/.test(email)) {
    email = `${slugPart(a.login)}@imported.invalid`
    report.warn(a.line, `author ${a.login}`, `has no usable email address; the account uses ${email} until staff change it.`)
  }
  const rec = { login: a.login, wpId: a.wpId, email, name, line: a.line }
  st.authorRecords.set(a.login, rec)
  if (a.wpId !== null) st.authorLoginsByWpId.set(a.wpId, a.login)
}

/**
 * The account of an author: editors for posts and pages, members for forum
 * posts and comments. One not among the export's authors gets an account too.
 */
async function accountFor(deps: Deps, db: Db, st: State, login: string, role: 'editor' | 'member', report: ImportReport, opts: WordPressImportOptions, line: number): Promise<{ userId: number; role: string }> {
  const known = st.accounts.get(login)
  if (known && (known.role !== 'member' || role === 'member')) return known
  let rec = st.authorRecords.get(login)
  if (!rec) {
    const name = login || 'Imported author'
    rec = { login: login || 'imported-author', wpId: null, email: `${slugPart(login)}@imported.invalid`, name, line }
    st.authorRecords.set(login, rec)
    report.warn(line, `author “${name}”`, 'is not among the export\'s authors; an account was made for them.')
  }
  const account = await ensureImportedAccount(db, { email: rec.email, name: rec.name, login: rec.login, role }, now(deps))
  const who = { userId: account.userId, role: account.role }
  st.accounts.set(login, who)
  await remember(db, st, 'author', rec.login, account.userId, hashOf({ email: rec.email, name: rec.name }), deps, report)
  // WordPress's author archive uses the user's nicename: the login made URL-safe.
  if (account.role !== 'member') await opts.saveRedirects?.(db, termRedirects(st, `author/${slugPart(rec.login)}`, `/author/${account.slug}`))
  return who
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
    await importComments(deps, db, st, item, { id: result.id, slug: result.slug, title: decodeEntities(item.title), authorId: author.userId, commentsEnabled: item.commentStatus !== 'closed' }, report, label, opts)
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

// ---- bbPress ------------------------------------------------------------------

const FORUM_STATES: Record<string, PostStatus> = { publish: 'approved', closed: 'approved', pending: 'pending', spam: 'spam', trash: 'trash' }

const metaOf = (item: WxrItem, key: string) => item.meta.find((m) => m.key === key)?.value ?? ''
const idMeta = (item: WxrItem, key: string) => {
  const n = Number(metaOf(item, key))
  return Number.isInteger(n) && n > 0 ? n : null
}

/**
 * bbPress's forums become forum categories, its topics topics (the topic's
 * text is the opening post) and its replies posts, threaded by reply-to.
 * A topic or reply in a transaction of its own; each mapped like an article.
 */
async function importBbPress(deps: Deps, st: State, item: WxrItem, report: ImportReport, inTx: InTx, opts: WordPressImportOptions) {
  const kind = item.postType === 'forum' ? 'forum' : item.postType === 'topic' ? 'topic' : 'reply'
  const label = `${kind} ${item.wpId}${kind === 'reply' ? '' : ` “${decodeEntities(item.title)}”`}`
  const key: MapKey = { source: SOURCE, site: st.site, kind, sourceId: String(item.wpId) }
  const hash = hashOf(item, ['line'])
  await inTx(async (db) => {
    const before = await findMapped(db, key)
    if (before?.hash === hash) {
      report.count(kind, 'unchanged')
      if (kind === 'forum') st.forums.set(item.wpId, before.crownId)
      return
    }
    if (kind === 'forum') {
      const made = await importForumCategory(db, { slug: decodeSlug(item.slug), name: decodeEntities(item.title), description: plainText(item.content) }, now(deps))
      st.forums.set(item.wpId, made.id)
      await putMapped(db, key, made.id, hash, deps.clock.now())
      report.count(kind, before ? 'updated' : 'imported')
      const path = oldPath(st.base, item.link)
      if (path) await opts.saveRedirects?.(db, [{ from: path, to: `/forum/c/${made.slug}` }])
      return
    }
    const status = FORUM_STATES[item.status]
    if (!status) {
      report.count(kind, 'skipped')
      report.warn(item.line, label, `has the state “${item.status}”, which a forum post cannot have here; not imported.`)
      return
    }
    const author = await forumAuthor(deps, db, st, item, report, opts)
    const at = new Date(item.postDateUtc ?? localToUtc(st, item.postDateLocal) ?? now(deps))
    const bodyMd = convertWpComment(item.content)
    if (kind === 'topic') {
      const forumId = item.parentId ?? idMeta(item, '_bbp_forum_id')
      const categoryId = forumId !== null ? st.forums.get(forumId) ?? (await findMapped(db, { ...key, kind: 'forum', sourceId: String(forumId) }))?.crownId : undefined
      if (categoryId === undefined) {
        report.count(kind, 'skipped')
        report.warn(item.line, label, `belongs to forum ${forumId ?? '(none)'}, which is not in the export; not imported.`)
        return
      }
      const topic = await importTopic(db, { existingId: before?.crownId, categoryId, title: decodeEntities(item.title), createdAt: at.toISOString(), closed: item.status === 'closed' })
      st.topicPaths.set(topic.id, topic.path)
      const openingKey: MapKey = { ...key, kind: 'topic-opening' }
      const opening = await findMapped(db, openingKey)
      if (opening) await updateImportedComment(deps, db, opening.crownId, { bodyMd, status, at })
      else await putMapped(db, openingKey, await importForumPost(deps, db, topic.id, { parentId: null, author, bodyMd, status, at }), hash, deps.clock.now())
      await putMapped(db, key, topic.id, hash, deps.clock.now())
      report.count(kind, before ? 'updated' : 'imported')
      const path = oldPath(st.base, item.link)
      if (path) await opts.saveRedirects?.(db, [{ from: path, to: topic.path }])
      return
    }
    const topicWpId = item.parentId ?? idMeta(item, '_bbp_topic_id')
    const topic = topicWpId !== null ? await findMapped(db, { ...key, kind: 'topic', sourceId: String(topicWpId) }) : undefined
    if (!topic) {
      report.count(kind, 'skipped')
      report.warn(item.line, label, `answers topic ${topicWpId ?? '(none)'}, which is not in the export (or not imported); not imported.`)
      return
    }
    if (before) {
      await updateImportedComment(deps, db, before.crownId, { bodyMd, status, at })
      await putMapped(db, key, before.crownId, hash, deps.clock.now())
      report.count(kind, 'updated')
      return
    }
    const replyTo = idMeta(item, '_bbp_reply_to')
    const parent = replyTo !== null ? await findMapped(db, { ...key, kind: 'reply', sourceId: String(replyTo) }) : undefined
    if (replyTo !== null && !parent) report.warn(item.line, label, `replies to ${replyTo}, which is not in the export; it is kept under the topic.`)
    const id = await importForumPost(deps, db, topic.crownId, { parentId: parent?.crownId ?? null, author, bodyMd, status, at })
    await putMapped(db, key, id, hash, deps.clock.now())
    report.count(kind, 'imported')
    const path = oldPath(st.base, item.link)
    const topicPath = st.topicPaths.get(topic.crownId) ?? await topicAddress(db, topic.crownId)
    if (path && topicPath) await opts.saveRedirects?.(db, [{ from: path, to: topicPath }])
  })
}

/** A forum post's author: an account for a registered user, else bbPress's anonymous name and address. */
async function forumAuthor(deps: Deps, db: Db, st: State, item: WxrItem, report: ImportReport, opts: WordPressImportOptions) {
  if (item.creator) {
    const who = await accountFor(deps, db, st, item.creator, 'member', report, opts, item.line)
    const rec = st.authorRecords.get(item.creator)
    return { userId: who.userId, role: who.role === 'member' ? null : who.role, name: rec?.name ?? item.creator, email: null, url: null }
  }
  const email = metaOf(item, '_bbp_anonymous_email').trim().toLowerCase()
  const url = metaOf(item, '_bbp_anonymous_website').trim()
  return {
    userId: null, role: null,
    name: decodeEntities(metaOf(item, '_bbp_anonymous_name')).trim().slice(0, 80) || 'Anonymous',
    email: /^[^@\s]+@[^@\s]+$/.test(email) ? email : null,
    url: /^https?:\/\//i.test(url) ? url.slice(0, 300) : null,
  }
}

// ---- comments ---------------------------------------------------------------

const isComment = (c: WxrComment) => c.type === '' || c.type === 'comment'

const COMMENT_STATES: Record<string, PostStatus> = { '1': 'approved', '0': 'pending', spam: 'spam', trash: 'trash', 'post-trashed': 'trash' }

async function importComments(
  deps: Deps, db: Db, st: State, item: WxrItem,
  article: { id: number; slug: string; title: string; authorId: number; commentsEnabled: boolean },
  report: ImportReport, label: string, opts: WordPressImportOptions,
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
    const before = await findMapped(db, key)
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
          email: /^[^@\s]+@[^@\s]+$/.test(c.authorEmail.trim()) ? c.authorEmail.trim().toLowerCase() : null,
          url: /^https?:\/\//i.test(c.authorUrl.trim()) ? c.authorUrl.trim().slice(0, 300) : null,
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

// ---- dates --------------------------------------------------------------------

function learnOffset(st: State, item: WxrItem) {
  if (item.postDateLocal && item.postDateUtc) st.offsetMs = Date.parse(`${item.postDateLocal}Z`) - Date.parse(item.postDateUtc)
}

/** A site-local "YYYY-MM-DDTHH:MM:SS" as UTC, by the offset the export's dated items show. */
function localToUtc(st: State, local: string | null): string | null {
  if (!local || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(local)) return null
  const ms = Date.parse(`${local}Z`)
  if (Number.isNaN(ms) || local.startsWith('0000')) return null
  return new Date(ms - (st.offsetMs ?? 0)).toISOString()
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

/** An archive's old address (/category/x/, /tag/y/, /author/z/), its pages and its feed. */
function termRedirects(st: State, oldRest: string, to: string): RedirectRow[] {
  return [{ from: `${st.basePath}/${oldRest}/`, to }]
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

// ---- text ---------------------------------------------------------------------

function hashOf(value: unknown, omit: string[] = []): string {
  const json = JSON.stringify(value, (k, v) => (omit.includes(k) ? undefined : v))
  return createHash('sha256').update(json).digest('hex')
}

function slugPart(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'author'
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', ndash: '–', mdash: '—', hellip: '…', rsquo: '’', lsquo: '‘', rdquo: '”', ldquo: '“' }

/** WordPress stores term names and titles with HTML escaping: "Tips &amp; Tricks". */
export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m
    }
    return ENTITIES[e.toLowerCase()] ?? m
  })
}

/**
 * Links to the old site's own pages become site-relative, so they reach the
 * new addresses through the redirects wherever Crown is served; files under
 * wp-content stay as they are (an image left on the old site).
 */
export function relinkOldSite(html: string, base: string): string {
  let host: string
  try { host = new URL(base).host.toLowerCase() } catch { return html }
  return html.replace(/(href\s*=\s*["'])((?:https?:)?\/\/([^/"'?#]+)([^"']*))(["'])/gi, (m, pre: string, _url: string, linkHost: string, rest: string, post: string) => {
    if (linkHost.toLowerCase() !== host || /^\/wp-content\//i.test(rest)) return m
    return `${pre}${rest || '/'}${post}`
  })
}

function decodeSlug(slug: string): string {
  try { return decodeURIComponent(slug) } catch { return slug }
}

function plainText(html: string): string {
  return decodeEntities(html.replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim()
}
