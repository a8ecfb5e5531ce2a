import { ImportFileError } from './import-file-error.js'
import { childText, childrenNamed, XmlRecordReader, type OpenElement, type ReadInput, type ReadProgress, type XmlNode } from './xml-records.js'
import { gmtToIso, rfc822ToIso, siteLocalToIsoLike } from './export-dates.js'

/**
 * Reads a WordPress export (WXR 1.0–1.2, Tools → Export → All content) as a
 * stream of typed records: the site first, then authors and terms, then one
 * item (post, page, attachment, bbPress forum/topic/reply, anything else) at a
 * time with its comments. Nothing is written anywhere: later steps map these
 * records onto Crown's tables.
 */

export const WXR_VERSIONS = ['1.0', '1.1', '1.2'] as const

export interface WxrSite {
  kind: 'site'
  title: string
  link: string
  description: string
  language: string
  wxrVersion: (typeof WXR_VERSIONS)[number]
  baseSiteUrl: string
  baseBlogUrl: string
}

export interface WxrAuthor {
  kind: 'author'
  wpId: number | null
  login: string
  email: string
  displayName: string
  firstName: string
  lastName: string
  line: number
}

export interface WxrMeta {
  key: string
  value: string
}

export interface WxrCategory {
  kind: 'category'
  termId: number | null
  slug: string
  /** The parent's slug ('' at the top), as WordPress writes it. */
  parentSlug: string
  name: string
  description: string
  meta: WxrMeta[]
  line: number
}

export interface WxrTag {
  kind: 'tag'
  termId: number | null
  slug: string
  name: string
  description: string
  meta: WxrMeta[]
  line: number
}

/** A term of any other taxonomy (nav_menu, post_format, a plugin's own). */
export interface WxrTerm {
  kind: 'term'
  termId: number | null
  taxonomy: string
  slug: string
  parentSlug: string
  name: string
  description: string
  meta: WxrMeta[]
  line: number
}

/** A category, tag or other term as attached to an item. */
export interface WxrItemTerm {
  /** The taxonomy: 'category', 'post_tag', 'post_format', 'product_cat'… */
  domain: string
  slug: string
  name: string
}

/** Raw wp:comment_approved: '1' approved, '0' pending, 'spam', 'trash', 'post-trashed'. */
export type WxrApproval = '1' | '0' | 'spam' | 'trash' | 'post-trashed' | (string & {})

export interface WxrComment {
  wpId: number
  author: string
  authorEmail: string
  authorUrl: string
  authorIp: string
  /** As written, in the site's time zone: "2026-03-14 10:30:00". */
  date: string
  /** As written, in GMT; "0000-00-00 00:00:00" when WordPress did not know it. */
  dateGmt: string
  /** dateGmt as an ISO instant, or null when it is zero or unreadable. */
  dateUtc: string | null
  content: string
  approved: WxrApproval
  /** '' for an ordinary comment (older exports), 'comment', 'pingback', 'trackback', or a plugin's type. */
  type: string
  /** The parent comment's WordPress id; null at the top (WordPress writes 0). */
  parentId: number | null
  /** The WordPress user who wrote it; null for a guest (WordPress writes 0). */
  userId: number | null
  meta: WxrMeta[]
  line: number
}

export type WxrPostType = 'post' | 'page' | 'attachment' | 'forum' | 'topic' | 'reply' | 'nav_menu_item' | (string & {})
export type WxrStatus = 'publish' | 'draft' | 'pending' | 'private' | 'future' | 'inherit' | 'trash' | 'auto-draft' | (string & {})

export interface WxrItem {
  kind: 'item'
  wpId: number
  postType: WxrPostType
  title: string
  link: string
  guid: string
  guidIsPermaLink: boolean
  /** RSS pubDate as written; "…-0001 00:00:00 +0000" for drafts. */
  pubDate: string
  /** As written, in the site's time zone. */
  postDate: string
  /** As written, in GMT; "0000-00-00 00:00:00" for drafts never scheduled. */
  postDateGmt: string
  /** The publish instant: postDateGmt, else pubDate, as ISO; null when neither is a real date. */
  postDateUtc: string | null
  /** postDate re-written as "YYYY-MM-DDTHH:MM:SS" (site-local, no zone), or null. */
  postDateLocal: string | null
  /** wp:post_modified_gmt as ISO when the export has it (WordPress 6.x+). */
  modifiedUtc: string | null
  slug: string
  status: WxrStatus
  /** The parent post's WordPress id (a page's parent, an attachment's post, a reply's topic); null at the top. */
  parentId: number | null
  menuOrder: number
  password: string
  isSticky: boolean
  commentStatus: 'open' | 'closed' | (string & {})
  pingStatus: 'open' | 'closed' | (string & {})
  /** The author's login (dc:creator). */
  creator: string
  content: string
  excerpt: string
  terms: WxrItemTerm[]
  meta: WxrMeta[]
  attachmentUrl: string | null
  comments: WxrComment[]
  line: number
}

export type WxrRecord = WxrSite | WxrAuthor | WxrCategory | WxrTag | WxrTerm | WxrItem

export interface ReadWxrOptions {
  progress?: ReadProgress
}

const WP_NS = /^https?:\/\/wordpress\.org\/export\/(\d+\.\d+)\/$/
const EXCERPT_NS = /^https?:\/\/wordpress\.org\/export\/\d+\.\d+\/excerpt\/$/
const KNOWN_NS: Record<string, string> = {
  '': '',
  'http://purl.org/rss/1.0/modules/content/': 'content',
  'http://purl.org/dc/elements/1.1/': 'dc',
  'http://wellformedweb.org/CommentAPI/': 'wfw',
}

function prefixFor(uri: string): string {
  if (uri in KNOWN_NS) return KNOWN_NS[uri]!
  if (WP_NS.test(uri)) return 'wp'
  if (EXCERPT_NS.test(uri)) return 'excerpt'
  return `{${uri}}`
}

const SITE_FIELDS = new Set(['title', 'link', 'description', 'language', 'pubDate', 'wp:wxr_version', 'wp:base_site_url', 'wp:base_blog_url'])

/** Streams the records of a WXR file; throws ImportFileError for a file it cannot read. */
export async function* readWxr(input: ReadInput, opts: ReadWxrOptions = {}): AsyncGenerator<WxrRecord> {
  let rss: OpenElement | undefined
  let channel: OpenElement | undefined
  let namespaceVersion: string | undefined
  const reader = new XmlRecordReader(
    {
      describe: 'a WordPress export (WXR), the file from Tools → Export',
      recordDepth: 3,
      prefixFor,
      checkOpen(element, parents) {
        const fail = (message: string): never => {
          throw new ImportFileError(message, element.line, element.column)
        }
        if (element.depth === 1) {
          if (element.local === 'disqus') fail('this is a Disqus export, not a WordPress one: import it with import-disqus')
          if (element.name !== 'rss') fail(`expected a WordPress export (WXR) with <rss> at its root, found <${element.name}>`)
          rss = element
        } else {
          if (element.name !== 'channel') fail(`expected <channel> inside <rss>, found <${element.name}>`)
          if (channel !== undefined) fail(`a second <channel> (the first opened on line ${channel.line}): a WordPress export has one`)
          channel = element
          for (const declared of [parents[0]!.declares, element.declares]) {
            for (const uri of Object.values(declared)) namespaceVersion ??= WP_NS.exec(uri)?.[1]
          }
          if (namespaceVersion === undefined) {
            throw new ImportFileError(
              'this RSS feed is not a WordPress export: <rss> declares no wp: namespace (http://wordpress.org/export/1.2/)',
              parents[0]!.line,
              parents[0]!.column,
            )
          }
        }
      },
    },
    opts.progress,
  )

  const site: WxrSite = { kind: 'site', title: '', link: '', description: '', language: '', wxrVersion: '1.2', baseSiteUrl: '', baseBlogUrl: '' }
  let declaredVersion: string | undefined
  let siteSent = false
  const siteRecord = (at: { line: number; column: number }): WxrSite => {
    const version = declaredVersion ?? namespaceVersion!
    if (!isWxrVersion(version)) throw new ImportFileError(`unknown WXR version ${version} (Crown reads 1.0–1.2)`, at.line, at.column)
    siteSent = true
    return { ...site, wxrVersion: version }
  }

  for await (const node of reader.records(input)) {
    if (!siteSent && SITE_FIELDS.has(node.name)) {
      readSiteField(site, node, (version) => {
        declaredVersion = version
        if (!isWxrVersion(version)) throw new ImportFileError(`unknown WXR version ${version} (Crown reads 1.0–1.2)`, node.line, node.column)
      })
      continue
    }
    const record = toRecord(node)
    if (record === undefined) continue
    if (!siteSent) yield siteRecord(node)
    yield record
  }
  if (rss === undefined) throw new ImportFileError('expected a WordPress export (WXR) with <rss> at its root', reader.line, reader.column)
  if (channel === undefined) throw new ImportFileError(`<rss> on line ${rss.line} holds no <channel>: this is not a WordPress export`, reader.line, reader.column)
  if (!siteSent) yield siteRecord(channel)
}

function isWxrVersion(version: string): version is WxrSite['wxrVersion'] {
  return (WXR_VERSIONS as readonly string[]).includes(version)
}

function readSiteField(site: WxrSite, node: XmlNode, onVersion: (version: string) => void): void {
  const text = node.text.trim()
  switch (node.name) {
    case 'title': site.title = text; break
    case 'link': site.link = text; break
    case 'description': site.description = text; break
    case 'language': site.language = text; break
    case 'wp:base_site_url': site.baseSiteUrl = text; break
    case 'wp:base_blog_url': site.baseBlogUrl = text; break
    case 'wp:wxr_version': onVersion(text); break
  }
}

function toRecord(node: XmlNode): WxrRecord | undefined {
  switch (node.name) {
    case 'wp:author': return readAuthor(node)
    case 'wp:category': return readCategory(node)
    case 'wp:tag': return readTag(node)
    case 'wp:term': return readTerm(node)
    case 'item': return readItem(node)
    // generator, image, cloud, pubDate after the terms…: nothing Crown keeps.
    default: return undefined
  }
}

/** Trimmed text of a child: WordPress wraps most values in CDATA with no padding, but hand-edited files indent. */
function field(node: XmlNode, name: string): string {
  return (childText(node, name) ?? '').trim()
}

/** Bodies keep their whitespace: wpautop reads blank lines as paragraph breaks. */
function body(node: XmlNode, name: string): string {
  return childText(node, name) ?? ''
}

function idField(node: XmlNode, name: string, required: true): number
function idField(node: XmlNode, name: string, required: false): number | null
function idField(node: XmlNode, name: string, required: boolean): number | null {
  const child = node.children.find((c) => c.name === name)
  const text = child?.text.trim() ?? ''
  if (text === '') {
    if (required) throw new ImportFileError(`<${node.name}> has no <${name}>: expected its WordPress id`, node.line, node.column)
    return null
  }
  if (!/^\d+$/.test(text)) {
    throw new ImportFileError(`expected a whole number in <${name}>, found "${text.slice(0, 40)}"`, child!.line, child!.column)
  }
  return Number(text)
}

/** WordPress writes 0 for "no parent" / "no user". */
function optionalRef(node: XmlNode, name: string): number | null {
  const id = idField(node, name, false)
  return id === 0 ? null : id
}

function metaList(node: XmlNode, name: string): WxrMeta[] {
  return childrenNamed(node, name).map((meta) => ({ key: field(meta, 'wp:meta_key'), value: body(meta, 'wp:meta_value') }))
}

function readAuthor(node: XmlNode): WxrAuthor {
  return {
    kind: 'author',
    wpId: idField(node, 'wp:author_id', false),
    login: field(node, 'wp:author_login'),
    email: field(node, 'wp:author_email'),
    displayName: field(node, 'wp:author_display_name'),
    firstName: field(node, 'wp:author_first_name'),
    lastName: field(node, 'wp:author_last_name'),
    line: node.line,
  }
}

function readCategory(node: XmlNode): WxrCategory {
  return {
    kind: 'category',
    termId: idField(node, 'wp:term_id', false),
    slug: field(node, 'wp:category_nicename'),
    parentSlug: field(node, 'wp:category_parent'),
    name: field(node, 'wp:cat_name'),
    description: field(node, 'wp:category_description'),
    meta: metaList(node, 'wp:termmeta'),
    line: node.line,
  }
}

function readTag(node: XmlNode): WxrTag {
  return {
    kind: 'tag',
    termId: idField(node, 'wp:term_id', false),
    slug: field(node, 'wp:tag_slug'),
    name: field(node, 'wp:tag_name'),
    description: field(node, 'wp:tag_description'),
    meta: metaList(node, 'wp:termmeta'),
    line: node.line,
  }
}

function readTerm(node: XmlNode): WxrTerm {
  return {
    kind: 'term',
    termId: idField(node, 'wp:term_id', false),
    taxonomy: field(node, 'wp:term_taxonomy'),
    slug: field(node, 'wp:term_slug'),
    parentSlug: field(node, 'wp:term_parent'),
    name: field(node, 'wp:term_name'),
    description: field(node, 'wp:term_description'),
    meta: metaList(node, 'wp:termmeta'),
    line: node.line,
  }
}

function readItem(node: XmlNode): WxrItem {
  const guid = node.children.find((c) => c.name === 'guid')
  const postDateGmt = field(node, 'wp:post_date_gmt')
  const pubDate = field(node, 'pubDate')
  const modifiedGmt = field(node, 'wp:post_modified_gmt')
  const attachmentUrl = field(node, 'wp:attachment_url')
  return {
    kind: 'item',
    wpId: idField(node, 'wp:post_id', true),
    postType: field(node, 'wp:post_type') || 'post',
    title: field(node, 'title'),
    link: field(node, 'link'),
    guid: guid?.text.trim() ?? '',
    guidIsPermaLink: guid?.attrs['isPermaLink'] !== 'false',
    pubDate,
    postDate: field(node, 'wp:post_date'),
    postDateGmt,
    postDateUtc: gmtToIso(postDateGmt) ?? rfc822ToIso(pubDate),
    postDateLocal: siteLocalToIsoLike(field(node, 'wp:post_date')),
    modifiedUtc: gmtToIso(modifiedGmt),
    slug: field(node, 'wp:post_name'),
    status: field(node, 'wp:status'),
    parentId: optionalRef(node, 'wp:post_parent'),
    menuOrder: idField(node, 'wp:menu_order', false) ?? 0,
    password: body(node, 'wp:post_password'),
    isSticky: field(node, 'wp:is_sticky') === '1',
    commentStatus: field(node, 'wp:comment_status'),
    pingStatus: field(node, 'wp:ping_status'),
    creator: field(node, 'dc:creator'),
    content: body(node, 'content:encoded'),
    excerpt: body(node, 'excerpt:encoded'),
    terms: childrenNamed(node, 'category').map((term) => ({
      domain: term.attrs['domain'] ?? 'category',
      slug: term.attrs['nicename'] ?? '',
      name: term.text.trim(),
    })),
    meta: metaList(node, 'wp:postmeta'),
    attachmentUrl: attachmentUrl === '' ? null : attachmentUrl,
    comments: childrenNamed(node, 'wp:comment').map(readComment),
    line: node.line,
  }
}

function readComment(node: XmlNode): WxrComment {
  const dateGmt = field(node, 'wp:comment_date_gmt')
  return {
    wpId: idField(node, 'wp:comment_id', true),
    author: field(node, 'wp:comment_author'),
    authorEmail: field(node, 'wp:comment_author_email'),
    authorUrl: field(node, 'wp:comment_author_url'),
    authorIp: field(node, 'wp:comment_author_IP'),
    date: field(node, 'wp:comment_date'),
    dateGmt,
    dateUtc: gmtToIso(dateGmt),
    content: body(node, 'wp:comment_content'),
    approved: field(node, 'wp:comment_approved'),
    type: field(node, 'wp:comment_type'),
    parentId: optionalRef(node, 'wp:comment_parent'),
    userId: optionalRef(node, 'wp:comment_user_id'),
    meta: metaList(node, 'wp:commentmeta'),
    line: node.line,
  }
}
