import fs from 'node:fs/promises'
import path from 'node:path'
import crypto from 'node:crypto'
import type { Deps } from '../deps.js'
import { StorageError, contentTypeOf } from '../storage/index.js'
import { iso } from '../clock.js'
import { MAX_INPUT_PIXELS, UPLOAD_FORMATS, screenImage, type ImageProblem } from '../http/image-screen.js'
import { loadSharp } from '../http/sharp.js'
import { extensionOf, type MediaInfo, type MediaVariant, type VariantFormat } from './media-urls.js'
import { insertMedia } from './queries.js'

// The 8 MB and 40-megapixel ceilings (a 7,700 × 5,200 camera frame fits)
// live with the shared upload screening in http/image-screen.ts.
export { MAX_UPLOAD_BYTES, MAX_INPUT_PIXELS } from '../http/image-screen.js'
export const VARIANT_WIDTHS = [480, 960, 1600] as const
// Encoder settings of every variant; part of a render cache key (below).
const ENCODERS = {
  webp: { quality: 80 },
  png: { compressionLevel: 9 },
  jpeg: { quality: 82, mozjpeg: true },
} as const

const DEMO_FORMATS: ReadonlySet<string> = new Set([...UPLOAD_FORMATS, 'svg'])

export type ProcessImageResult =
  | { kind: 'processed'; info: MediaInfo; files: { file: string; data: Buffer }[] }
  | ImageProblem

export type StoreImageResult =
  | { kind: 'stored'; mediaId: number; info: MediaInfo }
  | Exclude<ProcessImageResult, { kind: 'processed' }>
  /** The storage did not take the files (S3 unreachable, disk full): nothing was recorded. */
  | { kind: 'storage-failed' }

/** The storage key of a media file name (MEDIA_FILE): DATA_DIR/media/<file> on disk. */
export function mediaKey(file: string): string {
  return `media/${file}`
}

/**
 * Decodes, orients and re-encodes an image into WebP plus a JPEG (or PNG when
 * it has transparency) at up to three widths, never upscaled. Re-encoding
 * drops EXIF, GPS, XMP and embedded thumbnails: sharp writes no metadata
 * unless asked. SVG is accepted only from our own demo files (`allowSvg`).
 */
export async function processImage(data: Buffer, opts: { allowSvg?: boolean } = {}): Promise<ProcessImageResult> {
  const screened = await screenImage(data, { formats: opts.allowSvg ? DEMO_FORMATS : UPLOAD_FORMATS })
  if (screened.kind !== 'ok') return screened
  const { meta } = screened

  // EXIF orientations 5–8 swap the axes once rotate() applies them.
  const swapped = (meta.orientation ?? 1) >= 5
  const width = swapped ? meta.height : meta.width
  const height = swapped ? meta.width : meta.height
  const key = newMediaKey()
  const variants: MediaVariant[] = []
  const files: { file: string; data: Buffer }[] = []
  const sharp = await loadSharp()
  try {
    // Decode once, upright and no wider than the largest variant; every size
    // is cut from that raw copy, which carries no metadata at all.
    const top = Math.min(VARIANT_WIDTHS[VARIANT_WIDTHS.length - 1], width)
    const decoded = await sharp(data, { limitInputPixels: MAX_INPUT_PIXELS }).rotate().resize({ width: top, withoutEnlargement: true }).raw().toBuffer({ resolveWithObject: true })
    const raw = { raw: { width: decoded.info.width, height: decoded.info.height, channels: decoded.info.channels } }
    // PNG only when transparency is really used; an opaque alpha channel (most
    // SVGs, many screenshots) gets the far smaller JPEG.
    const fallback: VariantFormat = (decoded.info.channels === 2 || decoded.info.channels === 4) && !(await sharp(decoded.data, raw).stats()).isOpaque ? 'png' : 'jpeg'
    for (const w of [...new Set(VARIANT_WIDTHS.map((v) => Math.min(v, top)))]) {
      for (const f of ['webp', fallback] as VariantFormat[]) {
        const base = sharp(decoded.data, raw).resize({ width: w, withoutEnlargement: true })
        const out = f === 'webp' ? base.webp(ENCODERS.webp) : f === 'png' ? base.png(ENCODERS.png) : base.flatten({ background: '#ffffff' }).jpeg(ENCODERS.jpeg)
        const { data: buf, info } = await out.toBuffer({ resolveWithObject: true })
        const file = `${key}-${w}.${extensionOf(f)}`
        variants.push({ width: info.width, height: info.height, format: f, file })
        files.push({ file, data: buf })
      }
    }
  } catch {
    return { kind: 'not-an-image' }
  }
  return { kind: 'processed', info: { key, width, height, variants }, files }
}

/**
 * Folders that keep processImage's output for inputs seen before (the demo
 * figures: rendering 15 SVGs into 6 files each took most of a first start).
 * An entry is read from the first of `dirs` that has it; a miss is rendered
 * and, when `writeTo` is set, kept there. Best effort: a cache that cannot be
 * read or written only costs the rendering.
 */
export interface RenderCache { dirs: string[]; writeTo: string | null }

interface CacheManifest { width: number; height: number; variants: { width: number; height: number; format: VariantFormat; name: string }[] }

/**
 * The key covers everything the output depends on: the input bytes, the
 * widths, the encoder settings and the libvips/sharp versions doing the work.
 */
export async function renderCacheKey(data: Buffer, opts: { allowSvg?: boolean } = {}): Promise<string> {
  const sharp = await loadSharp()
  const recipe = JSON.stringify({ v: 1, widths: VARIANT_WIDTHS, encoders: ENCODERS, allowSvg: !!opts.allowSvg, sharp: sharp.versions.sharp, vips: sharp.versions.vips })
  return crypto.createHash('sha256').update(recipe).update('\0').update(data).digest('hex').slice(0, 32)
}

/** processImage through a RenderCache: the same files under a new media key. */
export async function processImageCached(data: Buffer, opts: { allowSvg?: boolean }, cache: RenderCache): Promise<ProcessImageResult> {
  const entry = await renderCacheKey(data, opts)
  for (const dir of cache.dirs) {
    const hit = await readCacheEntry(path.join(dir, entry))
    if (hit) return hit
  }
  const result = await processImage(data, opts)
  if (result.kind === 'processed' && cache.writeTo) await writeCacheEntry(cache.writeTo, entry, result).catch(() => {})
  return result
}

async function readCacheEntry(dir: string): Promise<ProcessImageResult | null> {
  try {
    const manifest = JSON.parse(await fs.readFile(path.join(dir, 'manifest.json'), 'utf8')) as CacheManifest
    const key = newMediaKey()
    const variants: MediaVariant[] = []
    const files: { file: string; data: Buffer }[] = []
    for (const v of manifest.variants) {
      // Only the names writeCacheEntry gives: nothing outside the entry is read.
      if (!Number.isInteger(v.width) || v.name !== `${v.width}.${extensionOf(v.format)}` || !/^\d+\.(webp|jpg|png)$/.test(v.name)) return null
      const file = `${key}-${v.width}.${extensionOf(v.format)}`
      files.push({ file, data: await fs.readFile(path.join(dir, v.name)) })
      variants.push({ width: v.width, height: v.height, format: v.format, file })
    }
    return { kind: 'processed', info: { key, width: manifest.width, height: manifest.height, variants }, files }
  } catch {
    return null
  }
}

async function writeCacheEntry(root: string, entry: string, result: Extract<ProcessImageResult, { kind: 'processed' }>) {
  // Written aside and renamed into place, so a reader in another process (test
  // files run in parallel) never sees half an entry; the first writer wins.
  await fs.mkdir(root, { recursive: true })
  const tmp = await fs.mkdtemp(path.join(root, `${entry}.tmp-`))
  const manifest: CacheManifest = { width: result.info.width, height: result.info.height, variants: [] }
  for (const v of result.info.variants) {
    const name = `${v.width}.${extensionOf(v.format)}`
    const file = result.files.find((f) => f.file === v.file)
    if (!file) throw new Error(`no file for variant ${v.file}`)
    await fs.writeFile(path.join(tmp, name), file.data)
    manifest.variants.push({ width: v.width, height: v.height, format: v.format, name })
  }
  await fs.writeFile(path.join(tmp, 'manifest.json'), JSON.stringify(manifest))
  await fs.rename(tmp, path.join(root, entry)).catch(() => fs.rm(tmp, { recursive: true, force: true }))
}

/** Processes an upload, puts its files in storage (media/…) and records it. */
export async function storeImage(
  deps: Pick<Deps, 'db' | 'clock' | 'storage' | 'log'>,
  upload: { data: Buffer; originalName: string; alt: string; caption: string; uploadedBy: number | null; allowSvg?: boolean; cache?: RenderCache },
): Promise<StoreImageResult> {
  const opts = { allowSvg: upload.allowSvg }
  const result = upload.cache ? await processImageCached(upload.data, opts, upload.cache) : await processImage(upload.data, opts)
  if (result.kind !== 'processed') return result
  const keys = result.files.map((f) => mediaKey(f.file))
  // All sizes at once: on S3 each put is a round trip.
  const puts = await Promise.allSettled(result.files.map((f, i) => deps.storage.put(keys[i]!, f.data, contentTypeOf(keys[i]!))))
  const failed = puts.find((p) => p.status === 'rejected')
  if (failed) {
    await removeMediaFiles(deps, keys)
    if (!(failed.reason instanceof StorageError)) throw failed.reason
    deps.log.error({ err: failed.reason }, 'an uploaded image could not be stored')
    return { kind: 'storage-failed' }
  }
  try {
    const mediaId = await insertMedia(deps.db, {
      key: result.info.key,
      original_name: upload.originalName.slice(0, 200),
      width: result.info.width,
      height: result.info.height,
      variants: JSON.stringify(result.info.variants),
      alt: upload.alt,
      caption: upload.caption,
      uploaded_by: upload.uploadedBy,
      created_at: iso(deps.clock.now()),
    })
    return { kind: 'stored', mediaId, info: result.info }
  } catch (e) {
    await removeMediaFiles(deps, keys)
    throw e
  }
}

// Best effort: a file left behind by a failed upload is unreferenced, not harmful.
async function removeMediaFiles(deps: Pick<Deps, 'storage'>, keys: string[]) {
  await Promise.allSettled(keys.map((k) => deps.storage.delete(k)))
}

/** A reader-facing sentence for a refused upload. */
export function describeUploadProblem(r: Exclude<StoreImageResult, { kind: 'stored' }>): string {
  switch (r.kind) {
    case 'not-an-image': return 'That file is not an image we can read. Upload a JPEG, PNG or WebP file.'
    case 'unsupported-format': return `That is a ${r.format.toUpperCase()} file. Upload a JPEG, PNG or WebP image.`
    case 'too-many-pixels': return `That image is ${r.width.toLocaleString('en-US')} × ${r.height.toLocaleString('en-US')} pixels, more than the 40-megapixel limit. Resize it and try again.`
    case 'too-large': return 'That file is larger than 8 MB. Resize or compress it and try again.'
    case 'storage-failed': return 'The image could not be saved just now: the file store did not answer. Try again in a minute.'
  }
}

function newMediaKey(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789'
  const bytes = crypto.randomBytes(16)
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('')
}
