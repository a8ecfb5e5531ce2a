/**
 * A file the importer cannot read, with where it went wrong and what was
 * expected there. The message is written for the person running the import:
 * never a stack trace, never a parser's internal state name.
 */
export class ImportFileError extends Error {
  override readonly name = 'ImportFileError'
  constructor(
    message: string,
    /** 1-based line in the file. */
    readonly line: number,
    /** 1-based column (in characters) on that line. */
    readonly column: number,
  ) {
    super(message)
  }

  /** "line 12, column 4: …", the form a report or a terminal shows. */
  describe(): string {
    return `line ${this.line}, column ${this.column}: ${this.message}`
  }
}
