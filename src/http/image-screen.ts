import type { Metadata } from 'sharp'
import { loadSharp } from './sharp.js'

// Every uploaded image passes this before a pixel is decoded: the decoded
// format decides (never the file name or the browser's type), and the header's
// dimensions are checked so a decompression bomb is refused without
// allocating its pixels. Content's media library and forum post photos both
// use it; their re-encoding differs, their defences do not.

export const MAX_UPLOAD_BYTES = 8 * 1024 * 1024
export const MAX_INPUT_PIXELS = 40_000_000
export const UPLOAD_FORMATS: ReadonlySet<string> = new Set(['jpeg', 'png', 'webp'])

export type ImageProblem =
  | { kind: 'too-large' }
  | { kind: 'not-an-image' }
  | { kind: 'unsupported-format'; format: string }
  | { kind: 'too-many-pixels'; width: number; height: number }

export type ScreenedImage = { kind: 'ok'; meta: Metadata & { width: number; height: number; format: string } }

export async function screenImage(data: Buffer, opts: { formats?: ReadonlySet<string> } = {}): Promise<ScreenedImage | ImageProblem> {
  if (data.length > MAX_UPLOAD_BYTES) return { kind: 'too-large' }
  const sharp = await loadSharp()
  let meta: Metadata
  try {
    // Reads the header only: no pixels are decoded here.
    meta = await sharp(data, { limitInputPixels: false }).metadata()
  } catch {
    return { kind: 'not-an-image' }
  }
  const format = meta.format ?? 'unknown'
  if (!(opts.formats ?? UPLOAD_FORMATS).has(format)) return { kind: 'unsupported-format', format }
  if (!meta.width || !meta.height) return { kind: 'not-an-image' }
  if (meta.width * meta.height > MAX_INPUT_PIXELS || (meta.pages ?? 1) > 1) return { kind: 'too-many-pixels', width: meta.width, height: meta.height }
  return { kind: 'ok', meta: { ...meta, width: meta.width, height: meta.height, format } }
}
