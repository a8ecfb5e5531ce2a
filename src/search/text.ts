// Search stores plain text: what a reader would read, without markup, so
// snippets never cut through a tag and no stored HTML reaches a results page.

// Tags that sit inside a word's run of text; every other tag separates words
// (a citation's <sup>1</sup> must not glue "massage" into "massage1").
const INLINE = new Set(['a', 'abbr', 'b', 'bdi', 'cite', 'code', 'em', 'i', 'kbd', 'mark', 'q', 's', 'small', 'span', 'strong', 'u', 'var', 'wbr'])

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', hellip: '…', mdash: '—', ndash: '–', rsquo: '’', lsquo: '‘', rdquo: '”', ldquo: '“' }

/** The readable text of (sanitized) HTML: tags dropped, entities decoded, whitespace collapsed. */
export function plainTextFromHtml(html: string): string {
  const text = html
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<(script|style|template|noscript)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    // Citation markers ("…treated group [6].") are numbers, not words a reader searches for.
    .replace(/\s*<sup class="cite">[\s\S]*?<\/sup>/g, '')
    .replace(/<\/?([a-zA-Z][a-zA-Z0-9-]*)\b[^>]*>/g, (_m, name: string) => (INLINE.has(name.toLowerCase()) ? '' : ' '))
    .replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (m, code: string) => decodeEntity(m, code))
  return normalizeText(text)
}

/** Collapses runs of whitespace (and drops control characters) in text about to be indexed. */
export function normalizeText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, ' ').replace(/\s+/g, ' ').trim()
}

function decodeEntity(whole: string, code: string): string {
  if (code[0] === '#') {
    const n = code[1] === 'x' || code[1] === 'X' ? Number.parseInt(code.slice(2), 16) : Number.parseInt(code.slice(1), 10)
    return Number.isFinite(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : ' '
  }
  return NAMED[code.toLowerCase()] ?? whole
}
