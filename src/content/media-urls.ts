// Names of stored image files and the URLs they are served at. Kept apart
// from the sharp pipeline (media.ts) so the renderer and views stay pure.

export type VariantFormat = 'webp' | 'jpeg' | 'png'

export interface MediaVariant { width: number; height: number; format: VariantFormat; file: string }

export interface MediaInfo {
  key: string
  width: number
  height: number
  variants: MediaVariant[]
}

/** A stored file name: the server-made key, the width, the format. Nothing else is ever served. */
export const MEDIA_FILE = /^([a-z0-9]{16})-(\d{1,5})\.(webp|jpg|png)$/

export const extensionOf = (format: VariantFormat) => (format === 'jpeg' ? 'jpg' : format)

export const mediaUrl = (file: string) => `/media/${file}`

/** The media key inside a /media/… URL, or null. */
export function mediaKeyFromUrl(url: string): string | null {
  const m = /^\/media\/([^/?#]+)$/.exec(url)
  if (!m) return null
  const f = MEDIA_FILE.exec(m[1])
  return f ? f[1] : null
}

export function parseVariants(json: string): MediaVariant[] {
  try {
    const list = JSON.parse(json) as MediaVariant[]
    return Array.isArray(list) ? list : []
  } catch {
    return []
  }
}

/** srcsets for <picture>: WebP in a <source>, JPEG/PNG on the <img>. */
export function pictureSources(media: MediaInfo) {
  const webp = media.variants.filter((v) => v.format === 'webp').sort((a, b) => a.width - b.width)
  const fallback = media.variants.filter((v) => v.format !== 'webp').sort((a, b) => a.width - b.width)
  const srcset = (list: MediaVariant[]) => list.map((v) => `${mediaUrl(v.file)} ${v.width}w`).join(', ')
  // The <img> src is the middle size: fine on a phone, acceptable on a desktop
  // for the rare browser that ignores srcset.
  const middle = fallback[Math.min(1, fallback.length - 1)] ?? fallback[0]
  const largest = fallback[fallback.length - 1]
  return {
    webpSrcset: srcset(webp),
    fallbackSrcset: srcset(fallback),
    fallbackSrc: middle ? mediaUrl(middle.file) : '',
    largestSrc: largest ? mediaUrl(largest.file) : '',
    width: largest?.width ?? media.width,
    height: largest?.height ?? media.height,
  }
}

/** The Markdown an editor pastes to show an uploaded image. */
export function imageSnippet(media: MediaInfo, alt: string, caption: string): string {
  const src = pictureSources(media).fallbackSrc
  const cleanAlt = alt.replace(/[[\]\\]/g, '').replace(/\s+/g, ' ').trim()
  const cleanCaption = caption.replace(/\\/g, '').replace(/"/g, "'").replace(/\s+/g, ' ').trim()
  return `![${cleanAlt}](${src}${cleanCaption ? ` "${cleanCaption}"` : ''})`
}
