// WordPress shortcodes in an imported body. [caption] and [embed] have
// Crown equivalents (a figure with its caption, a video facade or a link);
// every other shortcode ([gallery], a plugin's) is kept as the text it is,
// with a warning naming it, so nothing disappears without a word.

/** The element the importer puts where an embed was; wp-body.ts turns it into a video or a link. */
export const EMBED_TAG = 'wp-embed'

// WordPress's get_shortcode_regex() for any tag name: 1 an extra [ (escaped
// [[tag]]), 2 the name, 3 the attributes, 4 the / of a self-closing tag, 5 the
// enclosed content, 6 an extra ].
const SHORTCODE = /\[(\[?)([A-Za-z][\w-]*)(?![\w-])([^\]/]*(?:\/(?!\])[^\]/]*)*?)(?:(\/)\]|\](?:([^[]*(?:\[(?!\/\2\])[^[]*)*)(\[\/\2\]))?)(\]?)/g

// img_caption_shortcode(): without a caption="" attribute, the caption is the
// text after the (linked) image.
const CAPTION_PARTS = /^\s*((?:<a [^>]+>\s*)?<img [^>]+>(?:\s*<\/a>)?)([\s\S]*)$/i

// A line holding only a URL is an oEmbed in a classic post (WP_Embed::autoembed).
const URL_LINE = /^([ \t]*)(https?:\/\/[^\s<>"]+)([ \t]*)$/gim

/** Expands [caption] and [embed]; keeps and names any other shortcode. */
export function expandShortcodes(text: string, warn: (message: string) => void): string {
  return text.replace(SHORTCODE, (whole, open: string, name: string, attrs: string, slash: string | undefined, content: string | undefined, closing: string | undefined, close: string) => {
    // [[tag]] is WordPress's way to write a shortcode as text: it shows [tag].
    if (open === '[' && close === ']') return whole.slice(1, -1)
    const tag = name.toLowerCase()
    if ((tag === 'caption' || tag === 'wp_caption') && content !== undefined) return captionFigure(attrs, content)
    if (tag === 'embed' && content !== undefined && /^\s*https?:\/\/\S+\s*$/.test(content)) return `\n\n${embedElement(content.trim())}\n\n`
    warn(`shortcode [${name}] kept as text: Crown has no equivalent`)
    // An unknown enclosing shortcode may wrap ones we know ([column][caption]…).
    return content === undefined
      ? `${open}[${name}${attrs}${slash ?? ''}]${close}`
      : `${open}[${name}${attrs}]${expandShortcodes(content, warn)}${closing ?? ''}${close}`
  })
}

/** Classic posts: a URL alone on its line becomes an embed when it is one (YouTube or a known oEmbed site). */
export function markUrlLines(text: string, isEmbed: (url: string) => boolean): string {
  return text.replace(URL_LINE, (line, before: string, url: string, after: string) =>
    isEmbed(url) ? `${before}${embedElement(url)}${after}` : line)
}

function captionFigure(attrs: string, content: string): string {
  let caption = attributes(attrs).get('caption')
  let media = content
  if (caption === undefined) {
    const m = CAPTION_PARTS.exec(content)
    if (m) {
      media = m[1]
      caption = m[2].trim()
    } else {
      caption = ''
    }
  }
  const figcaption = caption ? `<figcaption>${caption}</figcaption>` : ''
  return `<figure class="wp-caption">${media.trim()}${figcaption}</figure>`
}

function embedElement(url: string): string {
  return `<${EMBED_TAG}>${url.replace(/&(?!#?\w+;)/g, '&amp;').replace(/</g, '&lt;')}</${EMBED_TAG}>`
}

/** shortcode_parse_atts() for the quoted and bare name=value forms. */
function attributes(text: string): Map<string, string> {
  const out = new Map<string, string>()
  for (const m of text.matchAll(/([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s'"]+))/g)) {
    out.set(m[1].toLowerCase(), m[2] ?? m[3] ?? m[4] ?? '')
  }
  return out
}
