import type { Readable } from 'node:stream'
import type * as S3Sdk from '@aws-sdk/client-s3'
import type { S3Settings } from '../config.js'
import { StorageError, checkKey, checkPrefix, contentTypeOf, type Storage, type StoredEntry, type StoredObject } from './storage.js'

export type { S3Settings } from '../config.js'

/** Files as objects in one bucket, under the same keys as on disk (plus S3_PREFIX). */
export class S3Storage implements Storage {
  readonly kind = 's3' as const
  // The AWS SDK is about 20 MB resident once loaded: it is loaded, and the
  // client made, on the first call, so a site on local storage never pays it.
  private connecting: Promise<{ sdk: typeof S3Sdk; client: S3Sdk.S3Client }> | null = null

  constructor(private readonly s: S3Settings) {}

  private connect(): Promise<{ sdk: typeof S3Sdk; client: S3Sdk.S3Client }> {
    const s = this.s
    this.connecting ??= import('@aws-sdk/client-s3').then((sdk) => ({
      sdk,
      client: new sdk.S3Client({
        region: s.region,
        endpoint: s.endpoint,
        forcePathStyle: s.forcePathStyle,
        credentials: s.accessKeyId && s.secretAccessKey ? { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey } : undefined,
        maxAttempts: 3,
        // A store that does not answer fails the upload in seconds, not at the
        // request timeout, and a reader's image request does not hang.
        requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
      }),
    }))
    return this.connecting
  }

  private fail(action: string, key: string, e: unknown): StorageError {
    const err = e as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } }
    const status = err.$metadata?.httpStatusCode ? ` (HTTP ${err.$metadata.httpStatusCode})` : ''
    return new StorageError(`object storage could not ${action} ${key} in bucket ${this.s.bucket}: ${err.name ?? 'Error'}${status}: ${err.message ?? String(e)}`, { cause: e })
  }

  async put(key: string, bytes: Buffer, contentType: string): Promise<void> {
    const { sdk, client } = await this.connect()
    try {
      await client.send(new sdk.PutObjectCommand({ Bucket: this.s.bucket, Key: this.s.prefix + checkKey(key), Body: bytes, ContentType: contentType, ContentLength: bytes.length }))
    } catch (e) {
      throw this.fail('store', key, e)
    }
  }

  async get(key: string): Promise<StoredObject | null> {
    const { sdk, client } = await this.connect()
    try {
      const out = await client.send(new sdk.GetObjectCommand({ Bucket: this.s.bucket, Key: this.s.prefix + checkKey(key) }))
      if (!out.Body) return null
      return { body: out.Body as Readable, size: out.ContentLength ?? 0, contentType: out.ContentType ?? contentTypeOf(key) }
    } catch (e) {
      if (isMissing(e)) return null
      throw this.fail('read', key, e)
    }
  }

  async stat(key: string): Promise<Omit<StoredObject, 'body'> | null> {
    const { sdk, client } = await this.connect()
    try {
      const out = await client.send(new sdk.HeadObjectCommand({ Bucket: this.s.bucket, Key: this.s.prefix + checkKey(key) }))
      return { size: out.ContentLength ?? 0, contentType: out.ContentType ?? contentTypeOf(key) }
    } catch (e) {
      if (isMissing(e)) return null
      throw this.fail('read', key, e)
    }
  }

  async delete(key: string): Promise<void> {
    const { sdk, client } = await this.connect()
    try {
      await client.send(new sdk.DeleteObjectCommand({ Bucket: this.s.bucket, Key: this.s.prefix + checkKey(key) }))
    } catch (e) {
      if (isMissing(e)) return
      throw this.fail('delete', key, e)
    }
  }

  async list(prefix: string): Promise<StoredEntry[]> {
    const { sdk, client } = await this.connect()
    const out: StoredEntry[] = []
    let token: string | undefined
    try {
      do {
        const page = await client.send(new sdk.ListObjectsV2Command({ Bucket: this.s.bucket, Prefix: this.s.prefix + checkPrefix(prefix), ContinuationToken: token }))
        for (const o of page.Contents ?? []) if (o.Key) out.push({ key: o.Key.slice(this.s.prefix.length), size: o.Size ?? 0 })
        token = page.IsTruncated ? page.NextContinuationToken : undefined
      } while (token)
    } catch (e) {
      throw this.fail('list', prefix, e)
    }
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  }

  close(): void {
    void this.connecting?.then(({ client }) => client.destroy(), () => {})
  }
}

// A missing object is NoSuchKey on GET and a bare 404 on HEAD (no body to name it).
function isMissing(e: unknown): boolean {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } }
  return err.name === 'NoSuchKey' || err.name === 'NotFound' || (err.$metadata?.httpStatusCode === 404 && err.name !== 'NoSuchBucket')
}
