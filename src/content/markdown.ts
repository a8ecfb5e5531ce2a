import MarkdownIt, { type MarkdownItOptions, type Renderer, type StateCore, type StateInline, type Token } from 'markdown-it'
import { trustSanitized, type SanitizedHtml } from '../views/html.js'
import { sanitizeArticleHtml } from './sanitize.js'
import { formatStartTime, isYouTubeUrl, parseYouTubeUrl, watchUrl, type YouTubeVideo } from './youtube.js'
import { mediaKeyFromUrl, pictureSources, type MediaInfo } from './media-urls.js'
import { PRODUCT_MARKER, productPlaceholder } from './product-embeds.js'
import type { Selectable } from 'kysely'
import type { StudiesTable } from './tables.js'

// Article bodies are rendered once, when saved; pages serve the stored HTML.
// Our markdown-it rules emit a small, known set of elements, and the
// sanitizer that runs afterwards admits exactly that set (sanitize.ts).

/** A study as a reference shows it: its row, less the editors' note and timestamps. */
export type CitedStudy = Omit<Selectable<StudiesTable>, 'note' | 'created_at'>

/** What the renderer may look up: studies by citation key, uploaded images by media key. */
export interface BodyContext {
  studies: Map<string, CitedStudy>
  media: Map<string, MediaInfo>
}

export type BodyProblem =
  | { kind: 'unknown-citation'; key: string }
  | { kind: 'bad-video'; href: string }
  | { kind: 'foreign-image'; src: string }
  | { kind: 'unknown-image'; src: string }

export interface RenderedBody {
  html: SanitizedHtml
  /** Cited studies in order of first citation: reference 1 first. */
  citations: CitedStudy[]
  problems: BodyProblem[]
}

interface RenderEnv {
  ctx: BodyContext
  problems: BodyProblem[]
  numbers: Map<string, number>
  citations: CitedStudy[]
  occurrences: Map<number, number>
}

// `[@pmid:23862125]`, `[@doi:10.4103/x; @pmid:1]`: a key is a scheme and an id.
const CITATION = /^\[(@[a-z]+:[^\s;\]]+(?:\s*;\s*@[a-z]+:[^\s;\]]+)*)\]/i
const CITATION_ANYWHERE = /\[(@[a-z]+:[^\s;\]]+(?:\s*;\s*@[a-z]+:[^\s;\]]+)*)\]/gi

const md = new MarkdownIt({ html: false, linkify: true, typographer: true, breaks: false })
md.inline.ruler.before('link', 'crown_citation', citationRule)
md.core.ruler.push('crown_blocks', blockRule)
md.core.ruler.push('crown_numbering', numberingRule)
md.renderer.rules.citation = renderCitation
md.renderer.rules.image = renderImage
md.renderer.rules.video_facade = renderVideo
md.renderer.rules.product_embed = (tokens, i) => productPlaceholder(String((tokens[i].meta as { slug: string }).slug))
md.renderer.rules.figure_open = () => '<figure class="figure">\n'
md.renderer.rules.figure_close = () => '</figure>\n'
// The page title is the only h1: a "#" heading in a body becomes an h2.
md.renderer.rules.heading_open = (tokens, i) => `<${tokens[i].tag === 'h1' ? 'h2' : tokens[i].tag}>`
md.renderer.rules.heading_close = (tokens, i) => `</${tokens[i].tag === 'h1' ? 'h2' : tokens[i].tag}>\n`
// A fence whose info string is `{=html}` (Pandoc's raw-HTML syntax) holds HTML
// the importer could not turn into Markdown (a form, a table with merged
// cells): it renders as that HTML through the same allowlist, so the body's
// Markdown stays its one source. Any other fence, ```html included, is code.
export const RAW_HTML_INFO = '{=html}'
const renderFence = md.renderer.rules.fence!
md.renderer.rules.fence = (tokens, i, options, env, self) =>
  tokens[i].info.trim() === RAW_HTML_INFO ? `${sanitizeArticleHtml(tokens[i].content)}\n` : renderFence(tokens, i, options, env, self)

/** Every citation key the Markdown mentions, so the caller can load just those studies. */
export function citationKeys(markdown: string): string[] {
  const keys = new Set<string>()
  for (const m of markdown.matchAll(CITATION_ANYWHERE)) for (const k of splitKeys(m[1])) keys.add(k)
  return [...keys]
}

/** Every uploaded-media key the Markdown's images point at. */
export function mediaKeys(markdown: string): string[] {
  const keys = new Set<string>()
  for (const m of markdown.matchAll(/\/media\/[a-z0-9]+-\d+\.(?:jpg|png|webp)/g)) {
    const key = mediaKeyFromUrl(m[0])
    if (key) keys.add(key)
  }
  return [...keys]
}

/** Renders an article body to sanitized HTML, listing what could not be resolved. */
export function renderBody(markdown: string, ctx: BodyContext): RenderedBody {
  const env: RenderEnv = { ctx, problems: [], numbers: new Map(), citations: [], occurrences: new Map() }
  const raw = md.render(markdown, env as unknown as Record<string, unknown>)
  return { html: trustSanitized(sanitizeArticleHtml(raw)), citations: env.citations, problems: dedupe(env.problems) }
}

/** A reader-facing sentence for each problem, shown in the editor. */
export function describeProblem(p: BodyProblem): string {
  switch (p.kind) {
    case 'unknown-citation': return `The citation [@${p.key}] matches no study. Add it under Studies, or fix the key.`
    case 'bad-video': return `This YouTube link names no video we can play: ${p.href}. Use a watch link such as https://www.youtube.com/watch?v=…&t=2040.`
    case 'foreign-image': return `Images must be uploaded here, not loaded from another site: ${p.src}`
    case 'unknown-image': return `No uploaded image matches ${p.src}. Upload it again and use the snippet it gives you.`
  }
}

function splitKeys(inner: string): string[] {
  return inner.split(';').map((s) => s.trim().replace(/^@/, '')).filter(Boolean)
}

function citationRule(state: StateInline, silent: boolean): boolean {
  if (state.src.charCodeAt(state.pos) !== 0x5b /* [ */ || state.src.charCodeAt(state.pos + 1) !== 0x40 /* @ */) return false
  const m = CITATION.exec(state.src.slice(state.pos))
  if (!m) return false
  if (!silent) {
    const token = state.push('citation', 'sup', 0)
    token.meta = { keys: splitKeys(m[1]) }
  }
  state.pos += m[0].length
  return true
}

/** Numbers citations in order of first appearance, whichever block they sit in. */
function numberingRule(state: StateCore) {
  const env = state.env as unknown as RenderEnv
  for (const block of state.tokens) {
    if (block.type !== 'inline' || !block.children) continue
    for (const t of block.children) {
      if (t.type !== 'citation') continue
      const refs: { n: number; occurrence: number }[] = []
      const missing: string[] = []
      const meta = (t.meta ??= {}) as { keys: string[]; refs?: unknown; missing?: unknown }
      for (const key of meta.keys) {
        const study = env.ctx.studies.get(key)
        if (!study) {
          missing.push(key)
          env.problems.push({ kind: 'unknown-citation', key })
          continue
        }
        let n = env.numbers.get(key)
        if (n === undefined) {
          n = env.citations.length + 1
          env.numbers.set(key, n)
          env.citations.push(study)
        }
        const occurrence = (env.occurrences.get(n) ?? 0) + 1
        env.occurrences.set(n, occurrence)
        if (!refs.some((r) => r.n === n)) refs.push({ n, occurrence })
      }
      meta.refs = refs.sort((a, b) => a.n - b.n)
      meta.missing = missing
    }
  }
}

/**
 * A paragraph holding only an image becomes a figure (its title is the
 * caption); a paragraph holding only a YouTube link becomes a video facade.
 */
function blockRule(state: StateCore) {
  const env = state.env as unknown as RenderEnv
  const tokens = state.tokens
  for (let i = 0; i + 2 < tokens.length; i++) {
    if (tokens[i].type !== 'paragraph_open' || tokens[i + 1].type !== 'inline' || tokens[i + 2].type !== 'paragraph_close') continue
    const children = (tokens[i + 1].children ?? []).filter((c) => !(c.type === 'softbreak' || (c.type === 'text' && c.content.trim() === '')))
    if (children.length === 1 && children[0].type === 'image') {
      children[0].meta = { ...(children[0].meta ?? {}), figure: true }
      tokens[i].type = 'figure_open'
      tokens[i].tag = 'figure'
      tokens[i + 2].type = 'figure_close'
      tokens[i + 2].tag = 'figure'
      continue
    }
    // A paragraph of its own holding only [[product:slug]] (not inside a list
    // or a quote) becomes the shop's card, filled in when the page is shown.
    const marker = tokens[i].level === 0 && children.length === 1 && children[0].type === 'text' ? PRODUCT_MARKER.exec(children[0].content.trim()) : null
    if (marker) {
      const embed = new state.Token('product_embed', 'div', 0)
      embed.block = true
      embed.meta = { slug: marker[1] }
      tokens.splice(i, 3, embed)
      continue
    }
    const first = children[0]
    const last = children[children.length - 1]
    if (children.length >= 2 && first.type === 'link_open' && last.type === 'link_close' && children.slice(1, -1).every((c) => c.type === 'text')) {
      const href = String(first.attrGet('href') ?? '')
      if (!isYouTubeUrl(href)) continue
      const video = parseYouTubeUrl(href)
      if (!video) {
        env.problems.push({ kind: 'bad-video', href })
        continue
      }
      const text = children.slice(1, -1).map((c) => c.content).join('').trim()
      const facade = new state.Token('video_facade', 'figure', 0)
      facade.block = true
      facade.meta = { video, title: text && text !== href && !isYouTubeUrl(text) ? text : '' }
      tokens.splice(i, 3, facade)
    }
  }
}

function renderCitation(tokens: Token[], i: number): string {
  const { refs, missing } = tokens[i].meta as { refs: { n: number; occurrence: number }[]; missing: string[] }
  const links = refs.map(({ n, occurrence }) =>
    `<a class="cite__link" href="#ref-${n}" id="cite-${n}-${occurrence}" aria-label="Reference ${n}">${n}</a>`)
  const unknown = missing.map((k) => `<span class="cite__missing">@${escape(k)}?</span>`)
  return `<sup class="cite">${[...links, ...unknown].join(', ')}</sup>`
}

function renderImage(tokens: Token[], i: number, options: MarkdownItOptions, rawEnv: unknown, self: Renderer): string {
  const env = rawEnv as RenderEnv
  const token = tokens[i]
  const src = String(token.attrGet('src') ?? '')
  const alt = self.renderInlineAsText(token.children ?? [], options as Required<MarkdownItOptions>, rawEnv as Record<string, unknown>)
  const caption = String(token.attrGet('title') ?? '')
  const inFigure = Boolean(token.meta?.figure)
  let img: string
  const key = mediaKeyFromUrl(src)
  if (key) {
    const media = env.ctx.media.get(key)
    if (!media) {
      env.problems.push({ kind: 'unknown-image', src })
      img = `<img src="${escape(src)}" alt="${escape(alt)}" loading="lazy" decoding="async">`
    } else {
      img = picture(media, alt, { sizes: '(min-width: 44rem) 42rem, 100vw', loading: 'lazy' })
    }
  } else if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(src)) {
    env.problems.push({ kind: 'foreign-image', src })
    return ''
  } else {
    img = `<img src="${escape(src)}" alt="${escape(alt)}" loading="lazy" decoding="async">`
  }
  if (inFigure && caption) return `${img}\n<figcaption>${escape(caption)}</figcaption>\n`
  return img
}

/** A responsive <picture>: WebP first, the JPEG/PNG fallback in <img>, with intrinsic size. */
export function picture(media: MediaInfo, alt: string, opts: { sizes: string; loading: 'lazy' | 'eager' }): string {
  const s = pictureSources(media)
  return `<picture><source type="image/webp" srcset="${escape(s.webpSrcset)}" sizes="${escape(opts.sizes)}">` +
    `<img src="${escape(s.fallbackSrc)}" srcset="${escape(s.fallbackSrcset)}" sizes="${escape(opts.sizes)}" width="${s.width}" height="${s.height}" alt="${escape(alt)}" loading="${opts.loading}" decoding="async"></picture>`
}

function renderVideo(tokens: Token[], i: number): string {
  const { video, title } = tokens[i].meta as { video: YouTubeVideo; title: string }
  const label = video.start ? `Play video (starts at ${formatStartTime(video.start)})` : 'Play video'
  return `<figure class="video-facade" data-video-id="${video.id}" data-video-start="${video.start}">` +
    `<a class="video-facade__link" href="${escape(watchUrl(video))}" data-video-facade="">` +
    `<span class="video-facade__play" aria-hidden="true"></span>` +
    `<span class="video-facade__label">${escape(label)}</span>` +
    (title ? `<span class="video-facade__title">${escape(title)}</span>` : '') +
    `<span class="video-facade__note">Loads from YouTube only when you press play.</span>` +
    `</a></figure>\n`
}

function escape(s: string): string {
  return md.utils.escapeHtml(s)
}

function dedupe(problems: BodyProblem[]): BodyProblem[] {
  const seen = new Set<string>()
  return problems.filter((p) => {
    const k = JSON.stringify(p)
    if (seen.has(k)) return false
    seen.add(k)
    return true
  })
}
