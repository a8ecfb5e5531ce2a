import type { Deps } from '../deps.js'
import type { Db } from '../db/database.js'
import { iso } from '../clock.js'
import { StorageError } from '../storage/index.js'
import { describeImageProblem, insertImages, MAX_IMAGE_BYTES, processPostImage, removeImageFiles, writeImages, type ProcessedImage, type ReadyImage } from './images.js'

// The photo slots of a post form: file fields photo1…photo4, each with a
// short description photoN_alt. Every file part named photoN counts towards
// the limit, whatever the form showed, so a forged form gains nothing.

export const PHOTO_SLOTS = ['photo1', 'photo2', 'photo3', 'photo4'] as const
const ALT_MAX = 200

interface FilePart { type?: string; fieldname?: string; filename?: string; toBuffer?: () => Promise<Buffer>; file?: { truncated?: boolean } }

function fileParts(body: unknown): FilePart[] {
  if (!body || typeof body !== 'object') return []
  const out: FilePart[] = []
  for (const [name, raw] of Object.entries(body as Record<string, unknown>)) {
    if (!/^photo\d+$/.test(name)) continue
    for (const p of (Array.isArray(raw) ? raw : [raw]) as FilePart[]) {
      if (p && p.type === 'file' && p.filename && p.toBuffer) out.push({ ...p, fieldname: name })
    }
  }
  return out
}

export type PhotoCheck = { images: { img: ProcessedImage; alt: string }[]; errors: Record<string, string> }

/** Reads and re-encodes the chosen photos; errors are keyed by slot, or by photo1 for the count. */
export async function readPhotos(body: unknown, values: Record<string, string>, o: { limit: number; who: string; limitMessage: string }): Promise<PhotoCheck> {
  const parts = fileParts(body)
  const errors: Record<string, string> = {}
  if (parts.length > o.limit) return { images: [], errors: { photo1: o.limitMessage } }
  const images: PhotoCheck['images'] = []
  for (const p of parts) {
    const data = await p.toBuffer!()
    const result = p.file?.truncated || data.length > MAX_IMAGE_BYTES ? { kind: 'too-large' as const } : await processPostImage(data)
    const name = p.fieldname!
    if (result.kind !== 'ok') { errors[name] = describeImageProblem(result); continue }
    const alt = (values[`${name}_alt`] ?? '').trim()
    if (alt.length > ALT_MAX) { errors[`${name}_alt`] = `Keep the description under ${ALT_MAX} characters.`; continue }
    images.push({ img: result, alt: alt || `Photo shared by ${o.who}` })
  }
  if (Object.keys(errors).length) errors.photo1 ??= 'Please choose your photos again: a browser cannot keep them when the form is shown again.'
  return { images, errors }
}

/** What a poster is told when the photos could not be stored; the form comes back with their text. */
export const PHOTOS_NOT_STORED = 'Your photos could not be saved just now: the file store did not answer. Please choose them again and send the post in a minute.'

/**
 * Writes the photos, then runs the post; if the post is refused or fails, the
 * files go again. When the storage fails nothing is posted: 'photos-not-stored'.
 */
export async function withPhotos<R extends { kind: string }>(
  deps: Deps, photos: PhotoCheck['images'],
  post: (attach: (trx: Db, postId: number) => Promise<void>) => Promise<R>,
): Promise<R | { kind: 'photos-not-stored' }> {
  let ready: ReadyImage[]
  try {
    ready = await writeImages(deps, photos)
  } catch (e) {
    if (!(e instanceof StorageError)) throw e
    deps.log.error({ err: e }, 'the photos of a forum post could not be stored')
    return { kind: 'photos-not-stored' }
  }
  try {
    const result = await post(async (trx, postId) => insertImages(trx, postId, ready, iso(deps.clock.now())))
    if (result.kind !== 'posted') await removeImageFiles(deps, ready)
    return result
  } catch (e) {
    await removeImageFiles(deps, ready)
    throw e
  }
}
