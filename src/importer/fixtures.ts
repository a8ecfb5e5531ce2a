import assert from 'node:assert/strict'
import { ImportFileError } from './import-file-error.js'
import type { ReadInput, ReadProgress } from './xml-records.js'

// What the readers' tests share: the fixture files, reading a whole export,
// and catching the refusal of a bad one.

type Reader<R> = (input: ReadInput, opts?: { progress?: ReadProgress }) => AsyncGenerator<R>

/** A file in src/importer/fixtures/. */
export const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url)

/** Every record a reader gives for this input, in order. */
export async function readAll<R>(reader: Reader<R>, input: ReadInput, progress?: ReadProgress): Promise<R[]> {
  const records: R[] = []
  for await (const record of reader(input, { progress })) records.push(record)
  return records
}

/** A whole text as one chunk of an input stream. */
export async function* chunksOf(text: string): AsyncGenerator<string> {
  yield text
}

/** The error a reader refuses this input with; fails when it reads it, or throws anything but an ImportFileError. */
export async function readError<R>(reader: Reader<R>, input: ReadInput): Promise<ImportFileError> {
  try {
    await readAll(reader, input)
  } catch (err) {
    assert.ok(err instanceof ImportFileError, `an ImportFileError, not ${String(err)}`)
    assert.doesNotMatch(err.message, /\n\s+at /, 'no stack trace in the message')
    return err
  }
  assert.fail('the file was read without an error')
}
