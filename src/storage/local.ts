import fs from 'node:fs/promises'
import path from 'node:path'
import crypto from 'node:crypto'
import { StorageError, checkKey, checkPrefix, contentTypeOf, type Storage, type StoredEntry, type StoredObject } from './storage.js'

const MISSING = new Set(['ENOENT', 'ENOTDIR', 'EISDIR'])
const codeOf = (e: unknown) => (e as NodeJS.ErrnoException | null)?.code ?? ''

/**
 * Files under the data folder, one folder per key prefix (DATA_DIR/media,
 * DATA_DIR/forum-images): the layout Crown always had, so a site that
 * upgrades keeps its files where they are.
 */
export class LocalStorage implements Storage {
  readonly kind = 'local' as const

  constructor(private readonly root: string) {}

  private pathOf(key: string): string {
    return path.join(this.root, checkKey(key))
  }

  // The type is not kept: a file's name says it (contentTypeOf).
  // Written beside the target under a dot name no key can have, fsynced,
  // renamed over, then the folder fsynced: after a crash the key holds the
  // old file or the whole new one, and once put resolves the new one survives
  // a power cut.
  async put(key: string, bytes: Buffer, _contentType?: string): Promise<void> {
    const file = this.pathOf(key)
    const dir = path.dirname(file)
    const tmp = path.join(dir, `.${path.basename(file)}.${crypto.randomBytes(6).toString('hex')}.tmp`)
    try {
      await fs.mkdir(dir, { recursive: true })
      const handle = await fs.open(tmp, 'wx', 0o644)
      try {
        await handle.writeFile(bytes)
        await handle.sync()
      } finally {
        await handle.close()
      }
      await fs.rename(tmp, file)
      await syncFolder(dir)
    } catch (e) {
      await fs.rm(tmp, { force: true }).catch(() => {})
      throw new StorageError(`could not store ${key} under ${this.root}: ${codeOf(e) || (e as Error).message}`, { cause: e })
    }
  }

  async get(key: string): Promise<StoredObject | null> {
    const file = this.pathOf(key)
    let handle: fs.FileHandle
    try {
      handle = await fs.open(file, 'r')
    } catch (e) {
      if (MISSING.has(codeOf(e))) return null
      throw new StorageError(`could not read ${key} under ${this.root}: ${codeOf(e) || (e as Error).message}`, { cause: e })
    }
    try {
      const st = await handle.stat()
      if (!st.isFile()) {
        await handle.close()
        return null
      }
      return { body: handle.createReadStream(), size: st.size, contentType: contentTypeOf(key) }
    } catch (e) {
      await handle.close().catch(() => {})
      throw new StorageError(`could not read ${key} under ${this.root}: ${codeOf(e) || (e as Error).message}`, { cause: e })
    }
  }

  async stat(key: string): Promise<Omit<StoredObject, 'body'> | null> {
    try {
      const st = await fs.stat(this.pathOf(key))
      return st.isFile() ? { size: st.size, contentType: contentTypeOf(key) } : null
    } catch (e) {
      if (MISSING.has(codeOf(e))) return null
      throw new StorageError(`could not read ${key} under ${this.root}: ${codeOf(e) || (e as Error).message}`, { cause: e })
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await fs.rm(this.pathOf(key), { force: true })
    } catch (e) {
      throw new StorageError(`could not delete ${key} under ${this.root}: ${codeOf(e) || (e as Error).message}`, { cause: e })
    }
  }

  async list(prefix: string): Promise<StoredEntry[]> {
    const slash = checkPrefix(prefix).indexOf('/')
    const folder = prefix.slice(0, slash)
    const start = prefix.slice(slash + 1)
    let names: string[]
    try {
      names = await fs.readdir(path.join(this.root, folder))
    } catch (e) {
      if (MISSING.has(codeOf(e))) return []
      throw new StorageError(`could not list ${prefix} under ${this.root}: ${codeOf(e) || (e as Error).message}`, { cause: e })
    }
    const out: StoredEntry[] = []
    for (const name of names.sort()) {
      // Dot names are put's files in the making.
      if (name.startsWith('.') || !name.startsWith(start)) continue
      const st = await fs.stat(path.join(this.root, folder, name)).catch(() => null)
      if (st?.isFile()) out.push({ key: `${folder}/${name}`, size: st.size })
    }
    return out
  }

  close(): void {}
}

async function syncFolder(dir: string) {
  const handle = await fs.open(dir, 'r')
  try {
    await handle.sync()
  } catch (e) {
    // Some file systems cannot fsync a folder; the rename itself is done.
    if (!['EINVAL', 'EPERM', 'EISDIR'].includes(codeOf(e))) throw e
  } finally {
    await handle.close()
  }
}
