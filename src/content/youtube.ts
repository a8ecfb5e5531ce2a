// YouTube links in article bodies become click-to-load facades: nothing is
// fetched from YouTube until the reader asks for the video, so a page view
// tells no third party who read what (and the CSP stays 'self' for images).

export interface YouTubeVideo {
  id: string
  /** Seconds into the video; 0 when the link has no start time. */
  start: number
}

const HOSTS = new Set(['youtube.com', 'www.youtube.com', 'm.youtube.com', 'music.youtube.com', 'youtu.be', 'www.youtube-nocookie.com', 'youtube-nocookie.com'])
const ID = /^[A-Za-z0-9_-]{11}$/

/** True when the URL points at YouTube at all (so a malformed one is an error, not a plain link). */
export function isYouTubeUrl(href: string): boolean {
  try {
    const u = new URL(href)
    return (u.protocol === 'https:' || u.protocol === 'http:') && HOSTS.has(u.hostname.toLowerCase())
  } catch {
    return false
  }
}

/**
 * Reads the video id and start time from a watch, short, embed or youtu.be
 * link. Start times come as `t=34m`, `t=2040`, `t=2040s`, `t=1h2m3s` or
 * `start=2040`, in the query or the #fragment. Returns null for a YouTube
 * link that names no video (a channel, a playlist, a typo in the id).
 */
export function parseYouTubeUrl(href: string): YouTubeVideo | null {
  if (!isYouTubeUrl(href)) return null
  const u = new URL(href)
  const host = u.hostname.toLowerCase()
  const parts = u.pathname.split('/').filter(Boolean)
  let id: string | null = null
  if (host === 'youtu.be') id = parts[0] ?? null
  else if (parts[0] === 'watch') id = u.searchParams.get('v')
  else if (['embed', 'shorts', 'live', 'v'].includes(parts[0] ?? '')) id = parts[1] ?? null
  if (!id || !ID.test(id)) return null

  const fragment = new URLSearchParams(u.hash.replace(/^#/, ''))
  const raw = u.searchParams.get('t') ?? u.searchParams.get('start') ?? fragment.get('t') ?? fragment.get('start')
  const start = raw === null ? 0 : parseStartTime(raw)
  if (start === null) return null
  return { id, start }
}

/** "2040", "2040s", "34m", "1h2m3s" → seconds; null when it is none of those. */
export function parseStartTime(raw: string): number | null {
  const s = raw.trim().toLowerCase()
  if (/^\d+s?$/.test(s)) return Number.parseInt(s, 10)
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(s)
  if (!m || s === '') return null
  return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0)
}

/** 2040 → "34:00"; 3723 → "1:02:03". */
export function formatStartTime(seconds: number): string {
  const h = Math.floor(seconds / 3600)
  const m = Math.floor((seconds % 3600) / 60)
  const s = seconds % 60
  const pad = (n: number) => String(n).padStart(2, '0')
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`
}

/** The watch URL readers without JavaScript follow (keeps the start time). */
export function watchUrl(v: YouTubeVideo): string {
  return `https://www.youtube.com/watch?v=${v.id}${v.start ? `&t=${v.start}s` : ''}`
}

/** The privacy-enhanced embed the client script swaps in after a click. */
export function embedUrl(v: YouTubeVideo): string {
  return `https://www.youtube-nocookie.com/embed/${v.id}?${v.start ? `start=${v.start}&` : ''}autoplay=1`
}
