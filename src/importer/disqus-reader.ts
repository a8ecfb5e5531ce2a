import { ImportFileError } from './import-file-error.js'
import { childText, XmlRecordReader, type OpenElement, type ReadInput, type ReadProgress, type XmlNode } from './xml-records.js'
import { isoInstant } from './export-dates.js'

/**
 * Reads a Disqus export (the XML from the Disqus admin) as a stream: its
 * categories, then threads, then posts, in file order. Disqus writes every
 * thread before the first post, so a post's thread is always known by the
 * time it arrives; posts are still handed out one at a time.
 */

export interface DisqusAuthor {
  name: string
  email: string
  username: string
  isAnonymous: boolean
}

export interface DisqusCategory {
  kind: 'category'
  dsqId: string
  forum: string
  title: string
  isDefault: boolean
  line: number
}

export interface DisqusThread {
  kind: 'thread'
  dsqId: string
  /** The site's own identifier for the page, often "123 https://…/?p=123"; '' when unset. */
  identifier: string
  forum: string
  categoryDsqId: string | null
  link: string
  title: string
  message: string
  createdAt: string
  createdAtUtc: string | null
  author: DisqusAuthor
  ipAddress: string
  isClosed: boolean
  isDeleted: boolean
  line: number
}

export interface DisqusPost {
  kind: 'post'
  dsqId: string
  /** Set when the post came in from elsewhere ("wp_id=123"); '' otherwise. */
  identifier: string
  /** HTML, as Disqus stores it. */
  message: string
  createdAt: string
  createdAtUtc: string | null
  isDeleted: boolean
  isSpam: boolean
  author: DisqusAuthor
  ipAddress: string
  threadDsqId: string
  /** The post replied to; null at the top of the thread. */
  parentDsqId: string | null
  line: number
}

export type DisqusRecord = DisqusCategory | DisqusThread | DisqusPost

export interface ReadDisqusOptions {
  progress?: ReadProgress
}

const DISQUS_NS = 'http://disqus.com'
const DSQ_NS = 'http://disqus.com/disqus-internals'

function prefixFor(uri: string): string {
  if (uri === DISQUS_NS || uri === '') return ''
  if (uri === DSQ_NS) return 'dsq'
  return `{${uri}}`
}

/** Streams the records of a Disqus export; throws ImportFileError for a file it cannot read. */
export async function* readDisqus(input: ReadInput, opts: ReadDisqusOptions = {}): AsyncGenerator<DisqusRecord> {
  let root: OpenElement | undefined
  const reader = new XmlRecordReader(
    {
      describe: 'a Disqus export (XML with <disqus> at its root)',
      recordDepth: 2,
      prefixFor,
      checkOpen(element) {
        if (element.local === 'rss') {
          throw new ImportFileError('this looks like a WordPress export, not a Disqus one: import it with import-wordpress', element.line, element.column)
        }
        if (element.name !== 'disqus') {
          throw new ImportFileError(`expected a Disqus export with <disqus> at its root, found <${element.name}>`, element.line, element.column)
        }
        root = element
      },
    },
    opts.progress,
  )
  for await (const node of reader.records(input)) {
    switch (node.name) {
      case 'category': yield readCategory(node); break
      case 'thread': yield readThread(node); break
      case 'post': yield readPost(node); break
      // Anything else at the top level is not something Disqus writes today; skipped.
    }
  }
  if (root === undefined) throw new ImportFileError('expected a Disqus export with <disqus> at its root', reader.line, reader.column)
}

function field(node: XmlNode, name: string): string {
  return (childText(node, name) ?? '').trim()
}

function flag(node: XmlNode, name: string): boolean {
  return field(node, name) === 'true'
}

function dsqId(node: XmlNode): string {
  const id = (node.attrs['dsq:id'] ?? '').trim()
  if (id === '') throw new ImportFileError(`<${node.name}> has no dsq:id attribute: expected its Disqus id`, node.line, node.column)
  return id
}

/** The dsq:id of a reference child (<thread dsq:id="…"/>, <parent dsq:id="…"/>), or null when absent. */
function refId(node: XmlNode, name: string): string | null {
  const ref = node.children.find((child) => child.name === name)
  const id = ref?.attrs['dsq:id']?.trim() ?? ''
  return id === '' ? null : id
}

function readAuthor(node: XmlNode): DisqusAuthor {
  const author = node.children.find((child) => child.name === 'author')
  if (author === undefined) return { name: '', email: '', username: '', isAnonymous: true }
  return {
    name: field(author, 'name'),
    email: field(author, 'email'),
    username: field(author, 'username'),
    isAnonymous: flag(author, 'isAnonymous'),
  }
}

function readCategory(node: XmlNode): DisqusCategory {
  return {
    kind: 'category',
    dsqId: dsqId(node),
    forum: field(node, 'forum'),
    title: field(node, 'title'),
    isDefault: flag(node, 'isDefault'),
    line: node.line,
  }
}

function readThread(node: XmlNode): DisqusThread {
  const createdAt = field(node, 'createdAt')
  return {
    kind: 'thread',
    dsqId: dsqId(node),
    identifier: field(node, 'id'),
    forum: field(node, 'forum'),
    categoryDsqId: refId(node, 'category'),
    link: field(node, 'link'),
    title: field(node, 'title'),
    message: childText(node, 'message') ?? '',
    createdAt,
    createdAtUtc: isoInstant(createdAt),
    author: readAuthor(node),
    ipAddress: field(node, 'ipAddress'),
    isClosed: flag(node, 'isClosed'),
    isDeleted: flag(node, 'isDeleted'),
    line: node.line,
  }
}

function readPost(node: XmlNode): DisqusPost {
  const createdAt = field(node, 'createdAt')
  const threadDsqId = refId(node, 'thread')
  if (threadDsqId === null) throw new ImportFileError('<post> has no <thread dsq:id="…">: expected the thread it belongs to', node.line, node.column)
  return {
    kind: 'post',
    dsqId: dsqId(node),
    identifier: field(node, 'id'),
    message: childText(node, 'message') ?? '',
    createdAt,
    createdAtUtc: isoInstant(createdAt),
    isDeleted: flag(node, 'isDeleted'),
    isSpam: flag(node, 'isSpam'),
    author: readAuthor(node),
    ipAddress: field(node, 'ipAddress'),
    threadDsqId,
    parentDsqId: refId(node, 'parent'),
    line: node.line,
  }
}
