// What an import did, kind by kind, and everything a person should look at:
// the CLI prints it, the admin page shows it.

export type Outcome = 'imported' | 'updated' | 'unchanged' | 'skipped'

export interface KindCounts { imported: number; updated: number; unchanged: number; skipped: number }

export interface ImportWarning {
  /** The export's line the record started on (0 when it is about the whole file). */
  line: number
  /** What it is about: "post 42 “Title”", "comment 901". */
  subject: string
  message: string
}

// The report lives for the whole import, but what goes into it is cut from
// much larger strings: V8 keeps a substring as a slice of its parent, so an
// image URL taken from a post's body kept that whole body (and a title, its
// 64 KB chunk of the file) alive until the end. A 10,000-post export grew the
// import's memory by a body per post. The report keeps copies of its own.
function ownCopy(s: string): string {
  return Buffer.from(s, 'utf8').toString('utf8')
}

/** A set of strings that keeps its own copies (see ownCopy). */
class OwnedStrings extends Set<string> {
  override add(s: string): this {
    return super.add(ownCopy(s))
  }
}

export class ImportReport {
  readonly counts: Record<string, KindCounts> = {}
  readonly warnings: ImportWarning[] = []
  /** Images left on the old site (no --uploads, or not found there). */
  readonly remoteImages: Set<string> = new OwnedStrings()
  /** Bodies that kept a part as sanitized HTML. */
  convertedWithRawHtml = 0

  count(kind: string, outcome: Outcome, n = 1) {
    const c = (this.counts[kind] ??= { imported: 0, updated: 0, unchanged: 0, skipped: 0 })
    c[outcome] += n
  }

  warn(line: number, subject: string, message: string) {
    // The converter and the renderer can both notice one thing: say it once.
    // Both come from one record, so only the last warnings (its line's) are compared.
    for (let i = this.warnings.length - 1; i >= 0 && this.warnings[i]!.line === line; i--) {
      const w = this.warnings[i]!
      if (w.subject === subject && w.message === message) return
    }
    this.warnings.push({ line, subject: ownCopy(subject), message: ownCopy(message) })
  }

  /** Plain lines: a table of counts, then warnings (the CLI prints these; tests read them). */
  lines(opts: { dryRun?: boolean; maxWarnings?: number } = {}): string[] {
    const out: string[] = []
    out.push(opts.dryRun ? 'Dry run: nothing was written. This is what the import would do:' : 'Import finished.')
    const kinds = Object.keys(this.counts).sort()
    const width = Math.max(8, ...kinds.map((k) => k.length))
    out.push(`${'kind'.padEnd(width)}  imported  updated  unchanged  skipped`)
    for (const k of kinds) {
      const c = this.counts[k]!
      out.push(`${k.padEnd(width)}  ${String(c.imported).padStart(8)}  ${String(c.updated).padStart(7)}  ${String(c.unchanged).padStart(9)}  ${String(c.skipped).padStart(7)}`)
    }
    if (this.convertedWithRawHtml) out.push(`${this.convertedWithRawHtml} article(s) keep a part as sanitized HTML (listed below).`)
    if (this.remoteImages.size) {
      out.push(`${this.remoteImages.size} image(s) stay on the old site (import with --uploads <wp-content/uploads copy> to bring them in):`)
      for (const url of [...this.remoteImages].slice(0, opts.maxWarnings ?? 200)) out.push(`  ${url}`)
    }
    const max = opts.maxWarnings ?? 200
    if (this.warnings.length) {
      out.push(`${this.warnings.length} warning(s):`)
      for (const w of this.warnings.slice(0, max)) out.push(`  ${w.line ? `line ${w.line}: ` : ''}${w.subject}: ${w.message}`)
      if (this.warnings.length > max) out.push(`  … and ${this.warnings.length - max} more.`)
    }
    return out
  }

  toJSON() {
    return { counts: this.counts, warnings: this.warnings, remoteImages: [...this.remoteImages], convertedWithRawHtml: this.convertedWithRawHtml }
  }
}
