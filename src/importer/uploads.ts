import fs from 'node:fs'
import path from 'node:path'
import type { Deps } from '../deps.js'
import type { Db } from '../db/database.js'
import { describeUploadProblem, mediaInfoByIds, pictureSources, storeImage } from '../content/index.js'
import { findMapped, putMapped } from './queries.js'
import type { ImportReport } from './report.js'

// Images of an imported site. WordPress keeps them under
// wp-content/uploads/YYYY/MM/, with resized copies named name-300x200.jpg.
// Given a local copy of that folder (--uploads), each original goes through
// Crown's image pipeline once (sizes, WebP, metadata stripped) and every URL
// of it, resized or not, points at the one Crown image. Without the folder,
// or for a file not in it, the old URL is kept and listed in the report.

const UPLOADS_PART = /\/wp-content\/uploads\/(.+)$/i
const IMAGE_EXT = /\.(jpe?g|png|gif|webp)$/i
const SIZE_SUFFIX = /-\d{1,5}x\d{1,5}(?=\.[a-z0-9]+$)/i

/** "…/wp-content/uploads/2026/01/fingertips-300x200.jpg" → "2026/01/fingertips.jpg"; null for anything else. */
export function uploadKey(url: string): string | null {
  let pathname: string
  try { pathname = decodeURIComponent(new URL(url, 'https://old.invalid').pathname) } catch { return null }
  const m = UPLOADS_PART.exec(pathname)
  if (!m || !IMAGE_EXT.test(m[1]!)) return null
  const rel = m[1]!.replace(SIZE_SUFFIX, '')
  return rel.split('/').some((part) => part === '..' || part === '.' || part === '') ? null : rel
}

/** Every image URL under wp-content/uploads that an item's HTML names (src, href, srcset). */
export function uploadUrlsIn(html: string): string[] {
  const out = new Set<string>()
  for (const m of html.matchAll(/(?:src|href)\s*=\s*["']([^"']+)["']/gi)) if (uploadKey(m[1]!)) out.add(m[1]!)
  return [...out]
}

export class UploadsFolder {
  /** Crown's src for an upload key, once brought in (this run or an earlier one). */
  private readonly known = new Map<string, string>()
  private readonly ids = new Map<string, number>()

  constructor(
    private readonly deps: Deps,
    private readonly dir: string | undefined,
    private readonly site: () => string,
    private readonly report: ImportReport,
    private readonly dryRun: boolean,
  ) {}

  /** The local file for a key: the original if the folder has it, else the resized copy the URL named. */
  private localFile(key: string, url: string): string | null {
    if (!this.dir) return null
    const root = path.resolve(this.dir)
    let named = key
    try { named = decodeURIComponent(new URL(url, 'https://old.invalid').pathname).replace(/^.*\/wp-content\/uploads\//i, '') } catch { /* the key will do */ }
    for (const rel of [key, named]) {
      const file = path.resolve(root, rel)
      if (!file.startsWith(root + path.sep)) continue
      try { if (fs.statSync(file).isFile()) return file } catch { /* not there */ }
    }
    return null
  }

  /**
   * Brings in the images these URLs name, before the item's transaction (the
   * pipeline writes files and its own row). `db` is the database, or the dry
   * run's transaction, where the mapping is looked up.
   */
  async bringIn(db: Db, urls: string[], altFor: (url: string) => string): Promise<void> {
    for (const url of urls) {
      const key = uploadKey(url)
      if (!key || this.known.has(key)) continue
      const mapped = await findMapped(db, { source: 'wordpress', site: this.site(), kind: 'image', sourceId: key })
      if (mapped) {
        const info = (await mediaInfoByIds({ db }, [mapped.crownId])).get(mapped.crownId)
        if (info) {
          this.known.set(key, pictureSources(info).fallbackSrc)
          this.ids.set(key, mapped.crownId)
          this.report.count('image', 'unchanged')
          continue
        }
      }
      const file = this.localFile(key, url)
      if (!file) continue
      if (this.dryRun) {
        this.known.set(key, `/media/dry-run-${this.known.size}`)
        this.report.count('image', 'imported')
        continue
      }
      const stored = await storeImage(this.deps, { data: fs.readFileSync(file), originalName: path.basename(file), alt: altFor(url).slice(0, 300), caption: '', uploadedBy: null })
      if (stored.kind !== 'stored') {
        this.report.warn(0, `image ${key}`, `${describeUploadProblem(stored)} It stays on the old site.`)
        this.report.count('image', 'skipped')
        continue
      }
      await putMapped(this.deps.db, { source: 'wordpress', site: this.site(), kind: 'image', sourceId: key }, stored.mediaId, key, this.deps.clock.now())
      this.known.set(key, pictureSources(stored.info).fallbackSrc)
      this.ids.set(key, stored.mediaId)
      this.report.count('image', 'imported')
    }
  }

  /** Crown's src for an image URL already brought in, else null (the URL stays remote). */
  src(url: string): string | null {
    const key = uploadKey(url)
    return key ? this.known.get(key) ?? null : null
  }

  /** The media row for an image URL brought in (featured images), else null. */
  mediaId(url: string): number | null {
    const key = uploadKey(url)
    return key ? this.ids.get(key) ?? null : null
  }
}
