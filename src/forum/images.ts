import crypto from 'node:crypto'
import { MAX_INPUT_PIXELS, screenImage, type ImageProblem } from '../http/image-screen.js'
import { loadSharp } from '../http/sharp.js'
import type { Deps } from '../deps.js'
import { contentTypeOf } from '../storage/index.js'
import type { Db } from '../db/database.js'
import { imageRows, insertImageRows } from './queries/index.js'

// Photos in forum posts. Content's media pipeline cuts three widths and
// records a media library row; a post photo needs one copy no longer than
// 2,000 px on its longest side, so this is a small pipeline of its own with
// the same defences: the decoded format decides (never the file name), the
// header is read before any decoding so a decompression bomb is refused
// without allocating its pixels, and re-encoding writes no metadata (sharp
// keeps none unless asked), so EXIF, GPS, XMP and the embedded thumbnail go.

export { MAX_UPLOAD_BYTES as MAX_IMAGE_BYTES, MAX_INPUT_PIXELS as MAX_IMAGE_PIXELS } from '../http/image-screen.js'
export const MAX_IMAGE_SIDE = 2000

/** Server-made names only: 32 hex characters and our own extension. */
export const IMAGE_FILE = /^[a-f0-9]{32}\.(jpg|webp)$/

export type ProcessedImage = { kind: 'ok'; data: Buffer; ext: 'jpg' | 'webp'; width: number; height: number }
export type { ImageProblem } from '../http/image-screen.js'

export async function processPostImage(data: Buffer): Promise<ProcessedImage | ImageProblem> {
  const screened = await screenImage(data)
  if (screened.kind !== 'ok') return screened
  const { format } = screened.meta
  const sharp = await loadSharp()
  try {
    // JPEG stays JPEG; PNG and WebP become WebP, which keeps transparency.
    const base = sharp(data, { limitInputPixels: MAX_INPUT_PIXELS }).rotate()
      .resize({ width: MAX_IMAGE_SIDE, height: MAX_IMAGE_SIDE, fit: 'inside', withoutEnlargement: true })
    const ext = format === 'jpeg' ? 'jpg' : 'webp'
    const out = ext === 'jpg' ? base.jpeg({ quality: 84, mozjpeg: true }) : base.webp({ quality: 82 })
    const { data: buf, info } = await out.toBuffer({ resolveWithObject: true })
    return { kind: 'ok', data: buf, ext, width: info.width, height: info.height }
  } catch {
    return { kind: 'not-an-image' }
  }
}

export function describeImageProblem(p: ImageProblem): string {
  switch (p.kind) {
    case 'not-an-image': return 'That file is not an image we can read. Choose a JPEG, PNG or WebP photo.'
    case 'unsupported-format': return `That is a ${p.format.toUpperCase()} file. Choose a JPEG, PNG or WebP photo.`
    case 'too-many-pixels': return `That image is ${p.width.toLocaleString('en-US')} × ${p.height.toLocaleString('en-US')} pixels, more than the 40-megapixel limit. Resize it and try again.`
    case 'too-large': return 'That file is larger than 8 MB. Resize or compress it and try again.'
  }
}

/** The storage key of a post photo (IMAGE_FILE): DATA_DIR/forum-images/<file> on disk. */
export const imageKey = (file: string) => `forum-images/${file}`

export interface ReadyImage { file: string; width: number; height: number; alt: string }

/**
 * Puts processed photos in storage under new random names; returns what to
 * record (or to remove if the post is refused). Throws StorageError when the
 * storage fails, after removing what it had put.
 */
export async function writeImages(deps: Pick<Deps, 'storage'>, images: { img: ProcessedImage; alt: string }[]): Promise<ReadyImage[]> {
  const out = images.map(({ img, alt }) => ({ file: `${crypto.randomBytes(16).toString('hex')}.${img.ext}`, width: img.width, height: img.height, alt }))
  const puts = await Promise.allSettled(out.map((r, i) => deps.storage.put(imageKey(r.file), images[i]!.img.data, contentTypeOf(r.file))))
  const failed = puts.find((p) => p.status === 'rejected')
  if (failed) {
    await removeImageFiles(deps, out)
    throw failed.reason
  }
  return out
}

/** Best effort: a photo left behind is unreferenced and never served (the route needs its row). */
export async function removeImageFiles(deps: Pick<Deps, 'storage'>, files: Pick<ReadyImage, 'file'>[]) {
  await Promise.allSettled(files.map((f) => deps.storage.delete(imageKey(f.file))))
}

export async function insertImages(trx: Db, postId: number, images: ReadyImage[], now: string) {
  if (images.length === 0) return
  await insertImageRows(trx, images.map((im, i) => ({
    post_id: postId, file: im.file, width: im.width, height: im.height, alt: im.alt, position: i, created_at: now,
  })))
}

export interface ImageView { src: string; width: number; height: number; alt: string }

export async function imagesForPosts(db: Db, postIds: number[]): Promise<Map<number, ImageView[]>> {
  const out = new Map<number, ImageView[]>()
  if (postIds.length === 0) return out
  const rows = await imageRows(db, postIds)
  for (const r of rows) {
    const list = out.get(r.post_id) ?? []
    list.push({ src: `/forum/images/${r.file}`, width: r.width, height: r.height, alt: r.alt })
    out.set(r.post_id, list)
  }
  return out
}
