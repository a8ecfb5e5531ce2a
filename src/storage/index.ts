import type { Config } from '../config.js'
import type { Storage } from './storage.js'
import { LocalStorage } from './local.js'
import { S3Storage } from './s3.js'

export { StorageError, contentTypeOf, type Storage, type StoredEntry, type StoredObject } from './storage.js'
export { LocalStorage } from './local.js'
export { S3Storage, type S3Settings } from './s3.js'
export { sendStored } from './reply.js'

/** The storage the configuration chooses: STORAGE=local (DATA_DIR) or s3. */
export function createStorage(config: Pick<Config, 'dataDir' | 'storage'>): Storage {
  const s = config.storage
  return s.kind === 's3' ? new S3Storage(s) : new LocalStorage(config.dataDir)
}
