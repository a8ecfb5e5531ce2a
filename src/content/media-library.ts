import type { Deps } from '../deps.js'
import { recordAudit } from '../db/audit.js'
import { iso } from '../clock.js'
import { userNamesByIds } from '../accounts/index.js'
import { mediaKey } from './media.js'
import { mediaKeys } from './markdown.js'
import type { MediaInfo } from './media-urls.js'
import type { ArticleKind, ArticleStatus } from './tables.js'
import * as q from './queries.js'
import { effectiveStatus } from './publishing.js'

// The media library (/admin/media): every upload with its description,
// caption, size and the articles and pages that show it.

export const MEDIA_PER_PAGE = 24

export interface MediaUse {
  articleId: number
  title: string
  kind: ArticleKind
  status: ArticleStatus
  /** Featured image, in the body, or both. */
  featured: boolean
  inBody: boolean
}

export interface LibraryItem {
  id: number
  media: MediaInfo
  alt: string
  caption: string
  originalName: string
  /** Bytes on disk across every stored size and format. */
  bytes: number
  files: number
  uploadedAt: string
  uploadedBy: string | null
  uses: MediaUse[]
}

export type LibraryPage = { kind: 'page'; items: LibraryItem[]; page: number; pages: number; total: number } | { kind: 'out-of-range' }

/** One page of the media library, newest uploads first. */
export async function mediaLibraryPage(deps: Pick<Deps, 'db' | 'storage' | 'clock'>, page: number): Promise<LibraryPage> {
  const total = await q.countMedia(deps.db)
  const pages = Math.max(1, Math.ceil(total / MEDIA_PER_PAGE))
  if (page > pages) return { kind: 'out-of-range' }
  const rows = await q.listMediaPage(deps.db, { limit: MEDIA_PER_PAGE, offset: (page - 1) * MEDIA_PER_PAGE })
  const [articles, names] = await Promise.all([
    q.articlesUsingMedia(deps.db, rows),
    userNamesByIds(deps.db, rows.flatMap((r) => (r.uploadedBy === null ? [] : [r.uploadedBy]))),
  ])
  // The LIKE that found them may match a key inside some other address; the
  // renderer's own reading of the Markdown decides.
  const bodyKeys = new Map(articles.map((a) => [a.id, new Set(mediaKeys(a.bodyMd))]))
  const now = deps.clock.now()
  const items = await Promise.all(rows.map(async (r): Promise<LibraryItem> => {
    // One listing per image (a round trip on S3), not one per size; a store
    // that cannot be listed shows sizes of 0 rather than no library.
    const stored = new Map((await deps.storage.list(mediaKey(`${r.key}-`)).catch(() => [])).map((e) => [e.key, e.size]))
    const sizes = r.variants.map((v) => stored.get(mediaKey(v.file)) ?? 0)
    const uses = articles.flatMap((a) => {
      const featured = a.featuredMediaId === r.id
      const inBody = bodyKeys.get(a.id)!.has(r.key)
      return featured || inBody ? [{ articleId: a.id, title: a.title, kind: a.kind, status: effectiveStatus(a.status, a.publishedAt, now), featured, inBody }] : []
    })
    return {
      id: r.id, media: { key: r.key, width: r.width, height: r.height, variants: r.variants }, alt: r.alt, caption: r.caption,
      originalName: r.originalName, bytes: sizes.reduce((n, s) => n + s, 0), files: sizes.filter((s) => s > 0).length,
      uploadedAt: r.createdAt, uploadedBy: r.uploadedBy === null ? null : names.get(r.uploadedBy) ?? null, uses,
    }
  }))
  return { kind: 'page', items, page, pages, total }
}

export type DescribeMediaResult = { kind: 'saved' } | { kind: 'not-found' }

/**
 * Changes an image's description and caption: what a featured image shows,
 * and what the editor offers when it is inserted again. Text already written
 * into an article's Markdown keeps its own description.
 */
export async function describeMedia(deps: Pick<Deps, 'db' | 'clock'>, actorUserId: number | null, id: number, text: { alt: string; caption: string }): Promise<DescribeMediaResult> {
  return deps.db.transaction().execute(async (trx) => {
    if (!(await q.updateMediaText(trx, id, text))) return { kind: 'not-found' as const }
    await recordAudit(trx, { actorUserId, action: 'media.describe', subjectType: 'media', subjectId: String(id), detail: text.alt, at: iso(deps.clock.now()) })
    return { kind: 'saved' as const }
  })
}
