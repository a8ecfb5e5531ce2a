import type { Readable } from 'node:stream'

// Where uploaded and generated files live: the data folder (one machine) or an
// S3-compatible bucket (several). Every file is still served by the app's own
// routes, so no bucket needs to be public and access rules stay in one place.

/** One stored file, opened for reading. */
export interface StoredObject { body: Readable; size: number; contentType: string }

export interface StoredEntry { key: string; size: number }

export interface Storage {
  readonly kind: 'local' | 's3'
  /** Resolves only once the bytes are durable (fsynced, or acknowledged by the store); replaces any file under the key. */
  put(key: string, bytes: Buffer, contentType: string): Promise<void>
  /** The file, opened; null when there is none. */
  get(key: string): Promise<StoredObject | null>
  /** Size and type without the body (HEAD requests); null when there is none. */
  stat(key: string): Promise<Omit<StoredObject, 'body'> | null>
  /** Removes the file; a missing one is no error. */
  delete(key: string): Promise<void>
  /** Every file whose key starts with `prefix`. */
  list(prefix: string): Promise<StoredEntry[]>
  close(): void
}

/** The store did not take or give a file (unreachable, refused, out of space): not the caller's fault. */
export class StorageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'StorageError'
  }
}

// Keys are made by the server: a folder, a slash and a file name of letters,
// digits, dots, dashes and underscores. Nothing else reaches the disk or the
// bucket, so no key can climb out of its folder.
const KEY = /^[a-z0-9][a-z0-9-]*\/[A-Za-z0-9_][A-Za-z0-9._-]*$/

/** Throws on a key the server would never make (a bug, not bad input: routes check names first). */
export function checkKey(key: string): string {
  if (!KEY.test(key) || key.includes('..')) throw new Error(`not a storage key: ${JSON.stringify(key)}`)
  return key
}

/** Checks a list prefix: a folder and the start of a file name. */
export function checkPrefix(prefix: string): string {
  if (!/^[a-z0-9][a-z0-9-]*\/[A-Za-z0-9._-]*$/.test(prefix) || prefix.includes('..')) throw new Error(`not a storage prefix: ${JSON.stringify(prefix)}`)
  return prefix
}

const TYPES: Record<string, string> = { webp: 'image/webp', jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png' }

/** The content type a server-made file name stands for. */
export function contentTypeOf(key: string): string {
  return TYPES[key.slice(key.lastIndexOf('.') + 1).toLowerCase()] ?? 'application/octet-stream'
}
