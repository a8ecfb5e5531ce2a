import { h, type JSX, type VNode } from 'preact'
import { jsxEscape, jsxTemplate } from 'preact/jsx-runtime'

/**
 * The one place raw HTML enters a page. Only HTML that Crown itself produced
 * from Markdown and passed through the sanitizer (content/markdown.ts,
 * discussion/markdown.ts) may be given here; the brand makes that visible in
 * types.
 */
export type SanitizedHtml = string & { readonly __sanitized: unique symbol }

export const trustSanitized = (html: string) => html as SanitizedHtml

export function RawHtml({ html, as = 'div', class: className, href, label }: { html: SanitizedHtml; as?: string; class?: string; href?: string; label?: string }): JSX.Element {
  return h(as, { class: className, href, 'aria-label': label, dangerouslySetInnerHTML: { __html: html } })
}

/**
 * Structured data for search engines. JSON is made safe inside <script> by
 * escaping every "<" (so no "</script>" or "<!--" can appear); browsers do not
 * execute this type, so the CSP is not weakened.
 */
export function JsonLd({ data }: { data: unknown }): JSX.Element {
  const json = data instanceof JsonLdText ? data.json : serializeJsonLd(data)
  return h('script', { type: 'application/ld+json', dangerouslySetInnerHTML: { __html: json } })
}

function serializeJsonLd(data: unknown): string {
  return JSON.stringify(data).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')
}

/** Structured data serialized once, for a page part kept between views; JsonLd takes it as its data. */
export class JsonLdText {
  readonly json: string
  constructor(data: unknown) {
    this.json = serializeJsonLd(data)
  }
}

// Pages are JSX; a part drawn hundreds of times a page (the comments under an
// article) is cheaper as a template: preact then joins strings instead of
// building and walking a component per comment. The template escapes exactly
// as preact does (" & < in text and attributes), so the page is the same to
// the byte, and it is no way around the rule above: raw HTML still enters
// only as SanitizedHtml, through sanitized().
const RAW = Symbol('sanitized html')
const TEMPLATE = Symbol('html template')

/** Sanitized HTML, to be placed unescaped in an html`` template. */
export interface SanitizedPart { readonly [RAW]: SanitizedHtml }

export function sanitized(html: SanitizedHtml): SanitizedPart {
  return { [RAW]: html }
}

/** What html`` made: finished HTML text with JSX left to render between its pieces. Put in a page with templateNode(). */
export interface HtmlTemplate {
  readonly [TEMPLATE]: true
  /** One more piece of text than there are nodes: text, node, text, … text. */
  readonly tpl: string[]
  readonly nodes: VNode[]
}

/** What an html`` template takes: text (escaped), sanitized HTML, templates and JSX (rendered in place), lists of them; null, undefined and booleans show nothing, as in JSX. */
export type TemplateValue = string | number | boolean | null | undefined | SanitizedPart | HtmlTemplate | VNode | readonly TemplateValue[]

// Appends to the template being built. Strings are escaped by preact's own
// escaper; a nested template is spliced in, so a page's templates end as one.
function append(t: HtmlTemplate, v: TemplateValue): void {
  if (v === null || v === undefined || typeof v === 'boolean') return
  const last = t.tpl.length - 1
  if (typeof v === 'string') t.tpl[last] += jsxEscape(v)
  else if (typeof v === 'number') t.tpl[last] += String(v)
  else if (Array.isArray(v)) for (let i = 0; i < v.length; i++) append(t, (v as readonly TemplateValue[])[i])
  else if (RAW in v) t.tpl[last] += v[RAW]
  else if (TEMPLATE in v) {
    t.tpl[last] += v.tpl[0]
    for (let i = 0; i < v.nodes.length; i++) {
      t.nodes.push(v.nodes[i])
      t.tpl.push(v.tpl[i + 1])
    }
  } else {
    t.nodes.push(v as VNode)
    t.tpl.push('')
  }
}

/**
 * HTML from a template literal: every interpolated string is escaped, so
 * attributes must be double-quoted in the template.
 */
export function html(strings: TemplateStringsArray, ...values: TemplateValue[]): HtmlTemplate {
  const t: HtmlTemplate = { [TEMPLATE]: true, tpl: [strings[0]], nodes: [] }
  for (let i = 0; i < values.length; i++) {
    append(t, values[i])
    t.tpl[t.tpl.length - 1] += strings[i + 1]
  }
  return t
}

// A long list (200 comments) joined into the page makes a page string of
// 190 KB. V8 keeps a string that large outside its young generation, and
// making it (flattening the joined pieces, then encoding it once more to
// send it) cost about 1.5 ms of a 10 ms page. So a page renders such a list
// as a marker, and the render (http/render.tsx) encodes the page around the
// list's items, each a few kilobytes, into one Buffer: no large string is
// ever made. Rendering is synchronous, so the parts of the render under way
// are collected in a module variable.
const PART_NONCE = Math.random().toString(36).slice(2, 10)
const PART_MARKER = new RegExp(`<!--crown-part-(\\d+)-${PART_NONCE}-->`, 'g')
let collecting: OutOfLinePiece[][] | null = null

/** A piece of an out-of-line list: sanitized HTML, or such HTML already encoded (UTF-8). */
export type OutOfLinePiece = SanitizedHtml | Buffer

/**
 * The pieces' HTML, joined in the page: a marker while a page is rendered by
 * renderWithParts (the pieces are placed when the page is encoded), else the
 * joined text.
 */
export function outOfLine(pieces: OutOfLinePiece[]): SanitizedPart {
  if (!collecting) return sanitized(trustSanitized(pieces.map((p) => (typeof p === 'string' ? p : p.toString())).join('')))
  collecting.push(pieces)
  return sanitized(trustSanitized(`<!--crown-part-${collecting.length - 1}-${PART_NONCE}-->`))
}

/** Runs a synchronous render, and returns its text with its out-of-line parts placed: a string when it has none, else the page encoded in a few chunks. */
export function renderWithParts(render: () => string): string | Buffer[] {
  const outer = collecting
  collecting = []
  let text: string
  let parts: OutOfLinePiece[][]
  try {
    text = render()
    parts = collecting
  } finally {
    collecting = outer
  }
  if (!parts.length) return text
  // The page's text around the parts, then every piece, encoded once: runs
  // of text and small pieces into one Buffer each, a large kept piece (a
  // whole comment list) as it is, so it is never copied (http/chunks.ts).
  const chunks: Buffer[] = []
  const run: OutOfLinePiece[] = []
  const flush = () => {
    if (!run.length) return
    let size = 0
    for (const p of run) size += typeof p === 'string' ? Buffer.byteLength(p) : p.length
    const out = Buffer.allocUnsafe(size)
    let at = 0
    for (const p of run) at += typeof p === 'string' ? out.write(p, at) : p.copy(out, at)
    chunks.push(out)
    run.length = 0
  }
  const add = (p: OutOfLinePiece) => {
    if (typeof p !== 'string' && p.length >= LARGE_PIECE) {
      flush()
      chunks.push(p)
    } else if (p.length) {
      run.push(p)
    }
  }
  let last = 0
  for (const m of text.matchAll(PART_MARKER)) {
    add(trustSanitized(text.slice(last, m.index)))
    for (const p of parts[Number(m[1])]) add(p)
    last = m.index + m[0].length
  }
  add(trustSanitized(text.slice(last)))
  flush()
  return chunks
}

/** A piece this large (bytes) is sent as it is rather than copied with its neighbours. */
const LARGE_PIECE = 16 * 1024

/** A template with no JSX in it, as its finished HTML (safe as such: its text was escaped, its raw HTML sanitized). */
export function templateText(t: HtmlTemplate): SanitizedHtml {
  if (t.nodes.length) throw new Error('templateText: this template has JSX in it; render it with templateNode()')
  return trustSanitized(t.tpl[0])
}

/** A template as JSX: preact-render-to-string writes its text as is (preact's precompiled-JSX templates) and renders its nodes in their places. */
export function templateNode(t: HtmlTemplate): VNode {
  return jsxTemplate(t.tpl, ...t.nodes)
}
