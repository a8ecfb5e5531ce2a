import { createRequire } from 'node:module'
import type TurndownService from 'turndown'
import sanitizeHtml from 'sanitize-html'
import { describeProblem, isYouTubeUrl, parseYouTubeUrl, RAW_HTML_INFO, renderBody, sanitizeArticleHtml, watchUrl } from '../content/index.js'
import { EMBED_TAG, expandShortcodes, markUrlLines } from './wp-shortcodes.js'
import { wpautop } from './wpautop.js'

// A WordPress post body (block editor or classic) as Crown Markdown. Pure: the
// caller says which uploads it has (opts.images) and stores the result. What
// Markdown cannot hold stays HTML in a {=html} fence, which content's renderer
// passes through its allowlist; everything changed or left behind is named in
// the warnings, and the result is rendered once to check no text went missing.

export interface WpBodyOptions {
  /** Crown's image for a WordPress upload URL (from the local copy of the uploads), or null when there is none. */
  images: (url: string) => { src: string } | null
  /** Render the result and compare its words with the source's (default true; comments, whose warnings nobody reads, skip it). */
  check?: boolean
}

export interface ConvertedWpBody {
  markdown: string
  /** One sentence per thing the import report should list: kept as text, kept as HTML, removed, changed. */
  warnings: string[]
  /** How many {=html} fences the Markdown holds. */
  rawHtmlBlocks: number
  /** Images with no local copy: kept as links to the old site, to be fetched or replaced by hand. */
  remoteImages: string[]
}

interface Conversion {
  opts: WpBodyOptions
  warnings: Set<string>
  remoteImages: Set<string>
  rawHtmlBlocks: number
  resolved: Map<string, Resolved | null>
  service: TurndownService
}

type Resolved = { src: string } | { remote: string }
type Element = HTMLElement

// <!-- wp:name {"attrs"} -->, <!-- /wp:name -->, <!-- wp:name /-->. WordPress
// escapes "--" inside the attributes, so the first --> ends the comment.
const BLOCK_COMMENT = /<!--\s*\/?wp:[\s\S]*?-->/g
// A self-closing block (<!-- wp:latest-posts /-->) is rendered by PHP on each
// view: the export holds only its name and settings.
const DYNAMIC_BLOCK = /<!--\s*wp:([a-z0-9/_-]+)(\s+\{(?:(?!-->)[\s\S])*?\})?\s*\/-->/g
const MORE_COMMENT = /<!--\s*(?:more|nextpage|noteaser)\b[\s\S]*?-->/g

// Sites whose URL alone on a line WordPress turns into an embedded player.
// Crown plays only YouTube in place; these become links, with a warning.
const OEMBED_HOSTS = new Set([
  'vimeo.com', 'player.vimeo.com', 'dailymotion.com', 'twitter.com', 'x.com', 'instagram.com', 'facebook.com',
  'tiktok.com', 'soundcloud.com', 'open.spotify.com', 'flickr.com', 'reddit.com', 'ted.com', 'tumblr.com',
  'slideshare.net', 'speakerdeck.com', 'mixcloud.com', 'pinterest.com', 'imgur.com', 'scribd.com', 'issuu.com',
  'wordpress.tv', 'videopress.com', 'cloudup.com', 'kickstarter.com', 'amazon.com', 'pocketcasts.com',
])

// WordPress names resized copies file-300x200.jpg; the original is file.jpg.
const SIZE_SUFFIX = /-\d+x\d+(?=\.[a-z0-9]+(?:$|[?#]))/i
const IMAGE_FILE = /\.(?:jpe?g|png|gif|webp|avif|bmp|tiff?)(?:$|[?#])/i
const URL_TEXT = /^https?:\/\/[^\s<>"]+$/i

// Elements Markdown cannot express and turndown would flatten or lose: they
// stay HTML. The sanitizer then decides what of them shows (often only text).
const RAW_TAGS = new Set(['FORM', 'DETAILS', 'AUDIO', 'VIDEO', 'OBJECT', 'EMBED', 'SVG', 'MATH', 'CANVAS', 'SELECT', 'TEXTAREA', 'BUTTON', 'INPUT', 'DIALOG', 'MAP'])
// Cell content a pipe table has no room for: the table stays HTML instead.
const CELL_BLOCKS = 'ul, ol, pre, blockquote, h1, h2, h3, h4, h5, h6, hr, br, table, div, figure, iframe, form, details, audio, video, dl'
const SAFE_SCHEMES = new Set(['http', 'https', 'mailto', 'tel'])

// turndown brings a whole DOM (domino, about 8 MB resident) and only an import
// converts bodies: it is loaded on the first conversion, not with the server.
let turndownClass: typeof TurndownService | null = null
const turndown = () => (turndownClass ??= createRequire(import.meta.url)('turndown') as typeof TurndownService)

/** Converts one WordPress body to Markdown; see ConvertedWpBody for what the import report gets. */
export function convertWpBody(raw: string, opts: WpBodyOptions): ConvertedWpBody {
  const c: Conversion = {
    opts, warnings: new Set(), remoteImages: new Set(), rawHtmlBlocks: 0, resolved: new Map(),
    service: new (turndown())({
      headingStyle: 'atx', codeBlockStyle: 'fenced', bulletListMarker: '-', emDelimiter: '*', strongDelimiter: '**', hr: '---',
      // turndown drops elements with no text before asking any rule: an <svg> or an empty <style> among them.
      blankReplacement: (_content, node) => {
        if (isRaw(node)) return rawBlock(c, node)
        if (isDropped(node)) return dropped(c, node)
        return (node as Element & { isBlock?: boolean }).isBlock ? '\n\n' : ''
      },
    }),
  }
  addRules(c)
  const warn = (message: string) => void c.warnings.add(message)

  let html = raw.replace(/\r\n?/g, '\n')
  const isBlocks = /<!--\s*\/?wp:/.test(html)
  if (/<!--\s*nextpage\s*-->/.test(html)) warn('the post was split into pages (<!--nextpage-->): its pages are joined into one')
  for (const m of html.matchAll(DYNAMIC_BLOCK)) {
    const ref = m[1] === 'block' ? /"ref"\s*:\s*(\d+)/.exec(m[2] ?? '')?.[1] : undefined
    warn(ref
      ? `the reusable block ${ref} is stored apart from the post, not in its body: its content is not imported`
      : `the block wp:${m[1]} is drawn by WordPress when the page is shown and holds no content: nothing is imported for it`)
  }
  html = html.replace(BLOCK_COMMENT, '').replace(MORE_COMMENT, '')
  html = expandShortcodes(html, warn)
  html = outsidePre(html, (part) => markUrlLines(part, isEmbedUrl))
  // Block-editor bodies hold their own <p> tags; classic ones get them from wpautop on every page view.
  if (!isBlocks) html = wpautop(html)

  const markdown = c.service.turndown(html).trim()
  if (opts.check !== false) checkRendering(c, html, markdown)
  return { markdown, warnings: [...c.warnings], rawHtmlBlocks: c.rawHtmlBlocks, remoteImages: [...c.remoteImages] }
}

function addRules(c: Conversion) {
  const service = c.service
  // turndown tries the rule added last first.
  service.addRule('strikethrough', {
    filter: ['del', 's', 'strike' as keyof HTMLElementTagNameMap],
    replacement: (content) => (content.trim() ? `~~${content}~~` : content),
  })
  // m², H₂O: Markdown has no superscript, and the text still reads, so it is said rather than kept as HTML.
  service.addRule('superscript', {
    filter: ['sup', 'sub'],
    replacement: (content, node) => {
      const before = collapse(node.previousSibling?.textContent ?? '').split(' ').pop() ?? ''
      if (content.trim()) c.warnings.add(`<${node.nodeName.toLowerCase()}> formatting became plain text: "${before}${collapse(node.textContent ?? '')}"`)
      return content
    },
  })
  service.addRule('preformatted', {
    filter: (node) => node.nodeName === 'PRE' && node.firstChild?.nodeName !== 'CODE',
    replacement: (_content, node) => fenced('', node.textContent ?? ''),
  })
  service.addRule('image', {
    filter: 'img',
    replacement: (_content, node) => imageMarkdown(c, node, ''),
  })
  service.addRule('imageLink', {
    filter: (node) => node.nodeName === 'A' && isImageLink(node),
    replacement: (content) => content,
  })
  service.addRule('unsafeLink', {
    filter: (node) => node.nodeName === 'A' && unsafeScheme(node.getAttribute('href') ?? '') !== null,
    replacement: (content, node) => {
      c.warnings.add(`a ${unsafeScheme(node.getAttribute('href') ?? '')}: link was removed, its text kept: "${collapse(node.textContent ?? '')}"`)
      return content
    },
  })
  service.addRule('pipeTable', {
    filter: (node) => node.nodeName === 'TABLE' && !isComplexTable(node),
    replacement: (_content, node) => pipeTable(c, node),
  })
  service.addRule('figure', {
    filter: 'figure',
    replacement: (content, node) => figureMarkdown(c, content, node),
  })
  service.addRule('embedParagraph', {
    filter: (node) => node.nodeName === 'P' && isEmbedUrl(paragraphUrl(node) ?? ''),
    replacement: (_content, node) => embedMarkdown(c, paragraphUrl(node) ?? '', ''),
  })
  service.addRule('embed', {
    filter: (node) => node.nodeName === EMBED_TAG.toUpperCase(),
    replacement: (_content, node) => embedMarkdown(c, collapse(node.textContent ?? ''), ''),
  })
  service.addRule('youTubeFrame', {
    filter: (node) => node.nodeName === 'IFRAME' && youTubeFrameUrl(node) !== null,
    replacement: (_content, node) => embedMarkdown(c, youTubeFrameUrl(node) ?? '', ''),
  })
  service.addRule('raw', {
    filter: (node) => isRaw(node),
    replacement: (_content, node) => rawBlock(c, node),
  })
  service.addRule('dropped', {
    filter: (node) => isDropped(node),
    replacement: (_content, node) => dropped(c, node),
  })
}

// ---- Embeds: YouTube becomes a facade, anything else a link ----------------

function isEmbedUrl(url: string): boolean {
  if (!URL_TEXT.test(url)) return false
  return isYouTubeUrl(url) || OEMBED_HOSTS.has(hostOf(url).replace(/^www\./, ''))
}

/**
 * A paragraph holding only a link to the video is what content's renderer
 * makes a facade; the watch URL keeps the start time (t= or start=). A YouTube
 * URL naming no video stays a link, and the renderer's problem reports it.
 */
function embedMarkdown(c: Conversion, url: string, caption: string): string {
  if (isYouTubeUrl(url)) {
    const video = parseYouTubeUrl(url)
    const href = video ? watchUrl(video) : url
    return block(caption ? `[${c.service.escape(caption)}](${destination(href)})` : autolink(href))
  }
  c.warnings.add(`an embed from ${hostOf(url)} was kept as a link: only YouTube videos play in place (${url})`)
  return block(autolink(url)) + (caption ? block(c.service.escape(caption)) : '')
}

/** The URL a paragraph holds and nothing else (as text, or as a link to itself), or null. */
function paragraphUrl(node: Element): string | null {
  const text = (node.textContent ?? '').trim()
  if (!URL_TEXT.test(text)) return null
  const children = Array.from(node.children)
  if (children.length === 0) return text
  if (children.length === 1 && children[0].nodeName === 'A' && (children[0].getAttribute('href') ?? '').trim() === text) return text
  return null
}

function youTubeFrameUrl(node: Element): string | null {
  const src = (node.getAttribute('src') ?? '').trim().replace(/^\/\//, 'https://')
  return parseYouTubeUrl(src) ? src : null
}

// ---- Images ------------------------------------------------------------

/** The URLs to ask for, best first: the original a thumbnail links to, the thumbnail's name without its size, the thumbnail. */
function imageCandidates(img: Element): string[] {
  const src = (img.getAttribute('src') ?? '').trim()
  const list: string[] = []
  const link = img.parentNode as Element | null
  const href = link?.nodeName === 'A' ? (link.getAttribute('href') ?? '').trim() : ''
  if (href && IMAGE_FILE.test(href)) list.push(href)
  if (src) list.push(src.replace(SIZE_SUFFIX, ''), src)
  return [...new Set(list)]
}

function resolveImage(c: Conversion, img: Element): Resolved | null {
  const candidates = imageCandidates(img)
  if (candidates.length === 0) return null
  const key = candidates.join('\n')
  if (c.resolved.has(key)) return c.resolved.get(key) ?? null
  // Without a copy, link what the post showed: the original its thumbnail
  // linked to, else the thumbnail itself (a size-less name is only a guess).
  let found: Resolved = { remote: isImageLinkTarget(img, candidates[0]) ? candidates[0] : candidates[candidates.length - 1] }
  for (const url of candidates) {
    const local = c.opts.images(url)
    if (local) {
      found = { src: local.src }
      break
    }
  }
  c.resolved.set(key, found)
  if ('remote' in found) c.remoteImages.add(found.remote)
  return found
}

/**
 * An uploaded image in a paragraph of its own is Crown's figure (the title is
 * its caption). Without a local copy it is a link to the old file: Crown shows
 * no images from other sites.
 */
function imageMarkdown(c: Conversion, img: Element, caption: string): string {
  const found = resolveImage(c, img)
  if (!found) return ''
  const alt = collapse(img.getAttribute('alt') ?? '')
  if ('src' in found) return `![${c.service.escape(alt)}](${destination(found.src)}${caption ? ` "${caption.replace(/[\\"]/g, '\\$&')}"` : ''})`
  const link = `[${c.service.escape(alt || fileName(found.remote))}](${destination(found.remote)})`
  return caption ? `${link}\n\n${c.service.escape(caption)}` : link
}

function isImageLinkTarget(img: Element, url: string): boolean {
  const link = img.parentNode as Element | null
  return link?.nodeName === 'A' && (link.getAttribute('href') ?? '').trim() === url
}

/** A link around a lone image that points at the image itself (or its attachment page). */
function isImageLink(a: Element): boolean {
  const elements = Array.from(a.children)
  if (elements.length !== 1 || elements[0].nodeName !== 'IMG' || (a.textContent ?? '').trim() !== '') return false
  const href = a.getAttribute('href') ?? ''
  return IMAGE_FILE.test(href) || /\battachment\b/i.test(a.getAttribute('rel') ?? '') || /[?&]attachment_id=/.test(href)
}

function figureMarkdown(c: Conversion, content: string, node: Element): string {
  const figcaption = Array.from(node.children).find((e) => e.nodeName === 'FIGCAPTION')
  const caption = collapse(figcaption?.textContent ?? '')
  // A caption is a plain-text title in Crown's Markdown.
  for (const a of Array.from(figcaption?.querySelectorAll('a[href]') ?? [])) {
    c.warnings.add(`a link in a caption became plain text: "${collapse(a.textContent ?? '')}" (${a.getAttribute('href')})`)
  }
  if (/\bwp-block-embed\b/.test(node.getAttribute('class') ?? '')) {
    const wrapper = node.querySelector('.wp-block-embed__wrapper') ?? node
    const url = /https?:\/\/[^\s<>"]+/.exec(wrapper.textContent ?? '')?.[0] ?? wrapper.querySelector('iframe')?.getAttribute('src')
    if (url) return embedMarkdown(c, url, caption)
  }
  // A gallery: each figure inside was converted on its own.
  if (node.querySelector('figure')) return block(content)
  const images = node.querySelectorAll('img')
  const onlyImage = Array.from(node.childNodes).every((n) => n === figcaption || (n.textContent ?? '').trim() === '')
  if (images.length === 1 && onlyImage) return block(imageMarkdown(c, images[0], caption))
  return block(content)
}

// ---- Tables ------------------------------------------------------------

function isComplexTable(table: Element): boolean {
  if (table.querySelector('table, caption')) return true
  if (table.querySelectorAll('thead tr').length > 1) return true
  for (const cell of Array.from(table.querySelectorAll('td, th'))) {
    if (Number(cell.getAttribute('colspan') || 1) > 1 || Number(cell.getAttribute('rowspan') || 1) > 1) return true
    if (cell.querySelector(CELL_BLOCKS) || cell.querySelectorAll('p').length > 1) return true
  }
  return false
}

const cellsOf = (row: Element) => Array.from(row.children).filter((e) => e.nodeName === 'TD' || e.nodeName === 'TH')

/** A GFM pipe table; its first row is the header (WordPress tables often have no <thead>). */
function pipeTable(c: Conversion, table: Element): string {
  const rows = Array.from(table.querySelectorAll('tr')).filter((tr) => cellsOf(tr).length > 0).map((tr) =>
    cellsOf(tr).map((cell) => c.service.turndown(cell.innerHTML).replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|').trim()))
  const width = Math.max(0, ...rows.map((r) => r.length))
  // A table with no cells (an empty block left in the editor) shows nothing on WordPress either.
  if (width === 0) return ''
  const line = (r: string[]) => `| ${[...r, ...Array<string>(width - r.length).fill('')].join(' | ')} |`
  return block([line(rows[0]), line(Array<string>(width).fill('---')), ...rows.slice(1).map(line)].join('\n'))
}

// ---- What stays HTML, what goes -----------------------------------------

function isRaw(node: Element): boolean {
  const name = node.nodeName.toUpperCase()
  if (RAW_TAGS.has(name)) return true
  if (name === 'IFRAME') return youTubeFrameUrl(node) === null
  if (name === 'TABLE') return isComplexTable(node)
  return false
}

function insideRaw(node: Element): boolean {
  for (let p = node.parentNode as Element | null; p && p.nodeType === 1; p = p.parentNode as Element | null) if (isRaw(p)) return true
  return false
}

/** The element, as HTML, in a {=html} fence; its images pointed at their local copies. */
function rawBlock(c: Conversion, node: Element): string {
  if (insideRaw(node)) return ''
  for (const img of Array.from(node.querySelectorAll('img'))) {
    const found = resolveImage(c, img)
    if (found && 'src' in found) {
      img.setAttribute('src', found.src)
      img.removeAttribute('srcset')
    } else if (found) {
      c.warnings.add(`an image inside HTML kept as HTML has no local copy and will not show: ${found.remote}`)
    }
  }
  c.rawHtmlBlocks++
  c.warnings.add(describeRaw(node))
  return fenced(RAW_HTML_INFO, node.outerHTML)
}

function describeRaw(node: Element): string {
  const tag = node.nodeName.toLowerCase()
  switch (tag) {
    case 'iframe': return `an iframe from ${hostOf(node.getAttribute('src') ?? '') || 'nowhere'} was kept as HTML: the sanitizer removes iframes, so it will not show`
    case 'table': return 'a table Markdown cannot hold (merged cells, a caption, lists or line breaks in cells) was kept as HTML; merged cells show unmerged'
    case 'form': return 'a form was kept as HTML: the sanitizer removes its fields, only its text shows'
    case 'details': return 'a <details> block was kept as HTML: it shows open, without its toggle'
    case 'audio': case 'video': {
      const src = node.getAttribute('src') ?? node.querySelector('source')?.getAttribute('src')
      return `an <${tag}> player${src ? ` (${src})` : ''} was kept as HTML: the sanitizer removes players, only its fallback text shows`
    }
    default: return `a <${tag}> was kept as HTML: the sanitizer keeps only its text`
  }
}

function isDropped(node: Element): boolean {
  return node.nodeName === 'SCRIPT' || node.nodeName === 'STYLE'
}

function dropped(c: Conversion, node: Element): string {
  const src = node.getAttribute('src')
  c.warnings.add(`a <${node.nodeName.toLowerCase()}>${src ? ` (${src})` : ''} was removed: article bodies run no scripts and carry no styles`)
  return ''
}

/** The scheme of a link the sanitizer would refuse (javascript:, data:…), or null for web, mail, phone and relative links. */
function unsafeScheme(href: string): string | null {
  // Browsers ignore control characters and spaces inside a scheme ("java\tscript:").
  // eslint-disable-next-line no-control-regex
  const m = /^([a-z][a-z0-9+.-]*):/i.exec(href.replace(/[\u0000-\u0020\u007f-\u009f]/g, ''))
  if (!m) return null
  const scheme = m[1].toLowerCase()
  return SAFE_SCHEMES.has(scheme) ? null : scheme
}

// ---- The check: render it as Crown will, compare the words ----------------

/**
 * Renders the Markdown with content's renderer and compares the words a
 * reader sees with those of the sanitized source: a word the source shows and
 * the result does not is reported. Extra words (a video's label, a remote
 * image's link text) are fine; URLs are left out, as embeds become facades.
 */
function checkRendering(c: Conversion, sourceHtml: string, markdown: string) {
  const rendered = renderBody(markdown, { studies: new Map(), media: new Map() })
  // Uploaded images are the caller's to register; an empty context knows none of them.
  for (const p of rendered.problems) if (p.kind !== 'unknown-image') c.warnings.add(describeProblem(p))
  const left = new Map<string, number>()
  for (const w of visibleWords(rendered.html)) left.set(w, (left.get(w) ?? 0) + 1)
  const missing: string[] = []
  for (const w of visibleWords(sanitizeArticleHtml(sourceHtml))) {
    const n = left.get(w) ?? 0
    if (n > 0) left.set(w, n - 1)
    else if (!missing.includes(w)) missing.push(w)
  }
  if (missing.length > 0) {
    const shown = missing.slice(0, 8).map((w) => `"${w}"`).join(', ')
    c.warnings.add(`text changed in conversion: ${shown}${missing.length > 8 ? ` and ${missing.length - 8} more` : ''} missing from the result`)
  }
}

const BLOCK_TAG = /<(\/?(?:p|h[1-6]|li|ul|ol|div|table|thead|tbody|tfoot|tr|td|th|blockquote|pre|figure|figcaption|br|hr|img|picture|section|article|details|summary|dl|dt|dd|caption)\b)/gi

const TYPOGRAPHY: [RegExp, string][] = [
  [/[\u2018\u2019\u201a\u201b\u2032]/g, "'"], [/[\u201c\u201d\u201e\u2033]/g, '"'], [/[\u2013\u2014]/g, '-'], [/\u2026/g, '...'],
  [/\u00a9/g, '(c)'], [/\u00ae/g, '(r)'], [/\u2122/g, '(tm)'], [/\u00b1/g, '+-'],
]

/** The words of an HTML text, lower-cased, with markdown-it's typographic replacements undone. */
function visibleWords(html: string): string[] {
  // Block boundaries separate words; inline tags (<em>, <span>, <sup>) do not.
  let text = sanitizeHtml(html.replace(BLOCK_TAG, ' <$1'), { allowedTags: [], allowedAttributes: {} })
  text = text.replace(/&(amp|lt|gt|quot|#39|#x27|nbsp);/g, (_m, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'", nbsp: ' ' })[e] ?? ' ')
  for (const [from, to] of TYPOGRAPHY) text = text.replace(from, to)
  text = text.replace(/\bhttps?:\/\/[^\s<>"]+/gi, ' ')
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []
}

// ---- Small pieces --------------------------------------------------------

const block = (markdown: string) => (markdown ? `\n\n${markdown}\n\n` : '')
const collapse = (s: string) => s.replace(/\s+/g, ' ').trim()

function fenced(info: string, text: string): string {
  const longest = Math.max(2, ...Array.from(text.matchAll(/`+/g), (m) => m[0].length))
  const fence = '`'.repeat(longest + 1)
  return block(`${fence}${info}\n${text.replace(/\n$/, '')}\n${fence}`)
}

/** A link destination markdown-it reads back as the same URL. */
function destination(url: string): string {
  return url.replace(/[ ()<>]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`)
}

function autolink(url: string): string {
  return URL_TEXT.test(url) ? `<${url}>` : `[${url.replace(/[[\]\\]/g, '\\$&')}](${destination(url)})`
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase()
  } catch {
    return ''
  }
}

function fileName(url: string): string {
  const last = url.split(/[?#]/)[0].split('/').filter(Boolean).pop() ?? url
  try {
    return decodeURIComponent(last)
  } catch {
    return last
  }
}

/** Applies fn to the text outside <pre> blocks. */
function outsidePre(html: string, fn: (part: string) => string): string {
  return html.split(/(<pre[\s>][\s\S]*?<\/pre>)/i).map((part, i) => (i % 2 === 1 ? part : fn(part))).join('')
}

/**
 * A WordPress or Disqus comment, or a bbPress post, as comment Markdown:
 * WordPress stores comments as typed (paragraphs added when shown), with a
 * little HTML. Images stay links; nothing is ever empty.
 */
export function convertWpComment(raw: string): string {
  return convertWpBody(raw, { images: () => null, check: false }).markdown.trim() || '(empty)'
}
