import { SaxesParser, type SaxesTagNS } from 'saxes'
import { ImportFileError } from './import-file-error.js'

/**
 * The streaming core both readers share: saxes fed chunk by chunk, and each
 * element at `recordDepth` (an <item> under rss > channel, a <post> under
 * <disqus>) built into a small tree and handed out once it closes. Only the
 * record being read and those finished in the current slice of text are held,
 * so memory stays flat however large the export is.
 */

/** An element of one record: names are `prefix:local` after namespace lookup. */
export interface XmlNode {
  name: string
  attrs: Record<string, string>
  text: string
  children: XmlNode[]
  line: number
  column: number
}

/** Filled in as the file is read: the later progress bar reads `bytes`. */
export interface ReadProgress {
  bytes: number
  records: number
  /** Most finished records ever waiting for the consumer at once. */
  maxPending: number
}

export type ReadInput = NodeJS.ReadableStream | AsyncIterable<Buffer | Uint8Array | string>

export interface OpenElement {
  /** `prefix:local`, or `{uri}local` for a namespace the format does not know. */
  name: string
  local: string
  depth: number
  line: number
  column: number
  /** Namespaces declared on this element: prefix → URI. */
  declares: Record<string, string>
}

export interface RecordFormat {
  /** What the file should be, for "not XML at all": "a WordPress export (WXR)". */
  describe: string
  recordDepth: number
  /** Short name for a namespace URI ('' for none); unknown URIs keep `{uri}`. */
  prefixFor(uri: string): string
  /** Sees each element above record depth as it opens; throws to refuse the file. */
  checkOpen(element: OpenElement, parents: readonly OpenElement[]): void
}

// Text is handed to saxes in slices of this size, so however the input is
// chunked (one 500 MB string included), at most one slice's worth of finished
// records waits between two yields.
const SLICE_CHARS = 16 * 1024

export class XmlRecordReader {
  private readonly parser: SaxesParser<{ xmlns: true; position: true }>
  private readonly open: OpenElement[] = []
  private readonly building: XmlNode[] = []
  private readonly pending: XmlNode[] = []
  private sawRoot = false
  // Where the current start tag began: a WordPress <rss> tag spans several lines, and
  // "opened on line N" should point at its first one, not at its closing '>'.
  private tagStart = { line: 1, column: 1 }

  constructor(
    private readonly format: RecordFormat,
    private readonly progress: ReadProgress = { bytes: 0, records: 0, maxPending: 0 },
  ) {
    this.parser = new SaxesParser({ xmlns: true, position: true })
    this.parser.on('error', (err) => {
      // saxes prefixes "line:column: "; we carry those as fields instead.
      const text = err.message.replace(/^\d+:\d+: /, '').replace(/\.$/, '')
      if (!this.sawRoot) this.fail(`this is not an XML file (${text}): expected ${format.describe}`)
      const inside = this.open.at(-1)
      this.fail(`the XML is malformed: ${text}${inside === undefined ? '' : ` (inside <${inside.name}> opened on line ${inside.line})`}`)
    })
    this.parser.on('opentagstart', () => {
      this.tagStart = { line: this.parser.line, column: this.parser.column + 1 }
    })
    this.parser.on('opentag', (tag) => this.onOpen(tag))
    this.parser.on('closetag', (tag) => this.onClose(tag))
    this.parser.on('text', (text) => this.onText(text))
    this.parser.on('cdata', (text) => this.onText(text))
  }

  get line(): number {
    return this.parser.line
  }

  get column(): number {
    return this.parser.column + 1
  }

  /** A refusal at the parser's current position. */
  fail(message: string): never {
    throw new ImportFileError(message, this.line, this.column)
  }

  async *records(input: ReadInput): AsyncGenerator<XmlNode> {
    const decoder = new TextDecoder('utf-8', { fatal: true })
    let first = true
    for await (const chunk of input as AsyncIterable<Buffer | Uint8Array | string>) {
      let text: string
      if (typeof chunk === 'string') {
        text = chunk
        this.progress.bytes += Buffer.byteLength(chunk)
      } else {
        if (first && chunk[0] === 0x1f && chunk[1] === 0x8b) {
          throw new ImportFileError(`the file is gzip-compressed: unpack it first (it should be ${this.format.describe})`, 1, 1)
        }
        text = this.decode(decoder, chunk, true)
        this.progress.bytes += chunk.byteLength
      }
      first = false
      yield* this.feed(text)
    }
    yield* this.feed(this.decode(decoder, new Uint8Array(0), false))
    this.finish()
    yield* this.drain()
  }

  private decode(decoder: TextDecoder, bytes: Uint8Array, stream: boolean): string {
    try {
      return decoder.decode(bytes, { stream })
    } catch {
      this.fail(`the file is not UTF-8 text after this point: expected ${this.format.describe}, saved as UTF-8`)
    }
  }

  private *feed(text: string): Generator<XmlNode> {
    let at = 0
    while (at < text.length) {
      let end = Math.min(at + SLICE_CHARS, text.length)
      // Keep a surrogate pair in one slice.
      if (end < text.length && /[\uD800-\uDBFF]/.test(text[end - 1]!)) end -= 1
      this.parser.write(text.slice(at, end))
      at = end
      yield* this.drain()
    }
  }

  private *drain(): Generator<XmlNode> {
    if (this.pending.length > this.progress.maxPending) this.progress.maxPending = this.pending.length
    while (this.pending.length > 0) {
      this.progress.records += 1
      yield this.pending.shift()!
    }
  }

  private finish(): void {
    if (!this.sawRoot) this.fail(`the file is empty or holds no XML element: expected ${this.format.describe}`)
    if (this.open.length > 0) {
      // Name the record that was cut off (an <item>), else the outermost open element.
      const cut = this.open[this.format.recordDepth - 1] ?? this.open[this.open.length - 1]!
      this.fail(`the file ends inside <${cut.name}> opened on line ${cut.line}: it looks truncated`)
    }
    this.parser.close()
  }

  private nameOf(tag: { uri: string; local: string }): string {
    const prefix = this.format.prefixFor(tag.uri)
    if (prefix === '') return tag.local
    return prefix.startsWith('{') ? `${prefix}${tag.local}` : `${prefix}:${tag.local}`
  }

  private onOpen(tag: SaxesTagNS): void {
    this.sawRoot = true
    const element: OpenElement = {
      name: this.nameOf(tag),
      local: tag.local,
      depth: this.open.length + 1,
      line: this.tagStart.line,
      column: this.tagStart.column,
      declares: { ...tag.ns },
    }
    if (element.depth < this.format.recordDepth) this.format.checkOpen(element, this.open)
    this.open.push(element)
    if (element.depth < this.format.recordDepth) return
    const attrs: Record<string, string> = {}
    for (const attr of Object.values(tag.attributes)) {
      if (attr.prefix === 'xmlns' || attr.name === 'xmlns') continue
      attrs[this.nameOf(attr)] = attr.value
    }
    const node: XmlNode = { name: element.name, attrs, text: '', children: [], line: element.line, column: element.column }
    this.building.at(-1)?.children.push(node)
    this.building.push(node)
  }

  private onClose(_tag: SaxesTagNS): void {
    const element = this.open.pop()
    if (element === undefined || element.depth < this.format.recordDepth) return
    const node = this.building.pop()!
    if (element.depth === this.format.recordDepth) this.pending.push(node)
  }

  private onText(text: string): void {
    const node = this.building.at(-1)
    // Text between records (indentation) is dropped; inside a record it is kept as written.
    if (node !== undefined) node.text += text
  }
}

/** The text of the first child named `name`, or undefined when there is none. */
export function childText(node: XmlNode, name: string): string | undefined {
  return node.children.find((child) => child.name === name)?.text
}

export function childrenNamed(node: XmlNode, name: string): XmlNode[] {
  return node.children.filter((child) => child.name === name)
}
