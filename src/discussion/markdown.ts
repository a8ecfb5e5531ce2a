import MarkdownIt from 'markdown-it'
import sanitizeHtml from 'sanitize-html'
import { trustSanitized, type SanitizedHtml } from '../views/html.js'

// Readers get a small Markdown subset: emphasis, links, quotes, lists, inline
// code and code blocks. Headings would let a comment shout over the article,
// images would load third-party pixels (and break the CSP), raw HTML is off.
const md = new MarkdownIt('zero', { html: false, linkify: true, breaks: true, typographer: false })
md.enable(['paragraph', 'newline', 'emphasis', 'strikethrough', 'link', 'autolink', 'linkify', 'blockquote', 'list', 'backticks', 'code', 'fence', 'escape', 'entity'])

// The allowlist is the real guard: whatever markdown-it emits, only these
// tags and attributes survive, and links only to http(s) and mail.
const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'em', 'strong', 's', 'del', 'a', 'blockquote', 'ul', 'ol', 'li', 'code', 'pre'],
  allowedAttributes: { a: ['href', 'rel'], ol: ['start'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'escape',
  transformTags: {
    // Every reader link is user-generated: no ranking credit, no window.opener.
    a: (tagName, attribs) => ({ tagName, attribs: { href: attribs.href ?? '', rel: 'nofollow ugc noopener' } }),
  },
  exclusiveFilter: (frame) => frame.tag === 'a' && !frame.attribs.href,
}

/** Renders a reader's comment Markdown to sanitized HTML. */
export function renderCommentMarkdown(source: string): SanitizedHtml {
  return trustSanitized(sanitizeHtml(md.render(source), SANITIZE))
}

// Links to the literature and to the site itself are how good comments cite
// their claims; they never count towards the "too many links" hold.
const EXEMPT_HOSTS = ['pubmed.ncbi.nlm.nih.gov', 'ncbi.nlm.nih.gov', 'doi.org', 'dx.doi.org', 'clinicaltrials.gov']

/** The links in rendered comment HTML that count towards the hold for links. */
export function countedLinks(html: string, siteUrl: string): number {
  const siteHost = hostOf(siteUrl)
  let n = 0
  for (const m of html.matchAll(/<a href="([^"]*)"/g)) {
    const host = hostOf(m[1].replace(/&amp;/g, '&'))
    if (!host) { n++; continue }
    const exempt = host === siteHost || EXEMPT_HOSTS.some((h) => host === h || host === `www.${h}`)
    if (!exempt) n++
  }
  return n
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname.toLowerCase()
  } catch {
    return null
  }
}

/** A plain-text excerpt of a comment, for the queue and for mail. */
export function plainExcerpt(html: string, max = 240): string {
  const text = sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} })
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ').trim()
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text
}
