import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import net from 'node:net'
import { loadConfig, ConfigError, type S3Settings } from '../config.js'
import { useTestS3 } from '../test/s3.js'
import { LocalStorage, S3Storage, StorageError, createStorage, type Storage } from './index.js'

async function readAll(s: Storage, key: string): Promise<{ bytes: Buffer; size: number; contentType: string } | null> {
  const found = await s.get(key)
  if (!found) return null
  const chunks: Buffer[] = []
  for await (const c of found.body) chunks.push(Buffer.from(c as Uint8Array))
  return { bytes: Buffer.concat(chunks), size: found.size, contentType: found.contentType }
}

const s3Settings = (env: Record<string, string>) => loadConfig(env).storage as S3Settings

for (const kind of ['local', 's3'] as const) {
  describe(`${kind} storage`, () => {
    let storage: Storage
    let release = async () => {}
    before(async () => {
      if (kind === 'local') storage = new LocalStorage(fs.mkdtempSync(path.join(os.tmpdir(), 'crown-storage-')))
      else {
        const s3 = await useTestS3()
        release = s3.release
        storage = new S3Storage(s3Settings(s3.env))
      }
    })
    after(async () => {
      storage.close()
      await release()
    })

    test('a put file comes back with its bytes, size and type; a second put replaces it', async () => {
      const bytes = Buffer.from('RIFF....WEBPVP8 not really an image')
      await storage.put('media/abc123-800.webp', bytes, 'image/webp')
      assert.deepEqual(await readAll(storage, 'media/abc123-800.webp'), { bytes, size: bytes.length, contentType: 'image/webp' })
      assert.deepEqual(await storage.stat('media/abc123-800.webp'), { size: bytes.length, contentType: 'image/webp' })
      await storage.put('media/abc123-800.webp', Buffer.from('second'), 'image/webp')
      assert.equal((await readAll(storage, 'media/abc123-800.webp'))?.bytes.toString(), 'second')
    })

    test('a missing key is null for get and stat, and deleting it is no error', async () => {
      assert.equal(await storage.get('media/nothing-480.jpg'), null)
      assert.equal(await storage.stat('media/nothing-480.jpg'), null)
      assert.equal(await storage.get('never-used-folder/x.jpg'), null)
      await storage.delete('media/nothing-480.jpg')
      assert.deepEqual(await storage.list('never-used-folder/'), [])
    })

    test('list finds the files under a prefix, and delete removes one', async () => {
      await storage.put('media/listme-480.jpg', Buffer.from('a'), 'image/jpeg')
      await storage.put('media/listme-960.jpg', Buffer.from('bb'), 'image/jpeg')
      await storage.put('media/other-480.jpg', Buffer.from('ccc'), 'image/jpeg')
      await storage.put('forum-images/listme.jpg', Buffer.from('dddd'), 'image/jpeg')
      assert.deepEqual(await storage.list('media/listme-'), [{ key: 'media/listme-480.jpg', size: 1 }, { key: 'media/listme-960.jpg', size: 2 }])
      await storage.delete('media/listme-480.jpg')
      assert.equal(await storage.get('media/listme-480.jpg'), null)
      assert.deepEqual(await storage.list('media/listme-'), [{ key: 'media/listme-960.jpg', size: 2 }])
      assert.deepEqual(await storage.list('forum-images/'), [{ key: 'forum-images/listme.jpg', size: 4 }])
    })

    test('a key the server would never make is refused before it reaches the disk or the bucket', async () => {
      for (const bad of ['../crown.sqlite', 'media/../../etc/passwd', '/etc/passwd', 'media/', 'media/.hidden', 'media/a/b.jpg', 'Media/x.jpg', 'media\\x.jpg']) {
        await assert.rejects(storage.get(bad), /not a storage key/, bad)
        await assert.rejects(storage.put(bad, Buffer.from('x'), 'image/jpeg'), /not a storage key/, bad)
      }
      await assert.rejects(storage.list('../'), /not a storage prefix/)
    })
  })
}

describe('local storage on disk', () => {
  test('files keep the data folder layout and no temporary file is left behind', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'crown-storage-'))
    const storage = new LocalStorage(root)
    await storage.put('media/abc-480.jpg', Buffer.from('jpeg'), 'image/jpeg')
    await storage.put('forum-images/0123.webp', Buffer.from('webp'), 'image/webp')
    assert.equal(fs.readFileSync(path.join(root, 'media', 'abc-480.jpg'), 'utf8'), 'jpeg')
    assert.deepEqual(fs.readdirSync(path.join(root, 'media')), ['abc-480.jpg'])
    assert.deepEqual(fs.readdirSync(path.join(root, 'forum-images')), ['0123.webp'])
  })

  test('a write that fails is a StorageError naming the key, with nothing left half-written', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'crown-storage-'))
    // A file where the folder should be: the folder cannot be made.
    fs.writeFileSync(path.join(root, 'media'), 'not a folder')
    const storage = new LocalStorage(root)
    await assert.rejects(storage.put('media/abc-480.jpg', Buffer.from('jpeg'), 'image/jpeg'), (e: unknown) => {
      assert.ok(e instanceof StorageError)
      assert.match(e.message, /could not store media\/abc-480\.jpg/)
      return true
    })
    assert.equal(await storage.get('media/abc-480.jpg'), null)
    assert.deepEqual(fs.readdirSync(root), ['media'])
  })
})

describe('S3 storage failures', () => {
  test('a bucket that does not exist: put fails with a StorageError naming the bucket and the reason', async () => {
    const s3 = await useTestS3()
    const storage = new S3Storage(s3Settings({ ...s3.env, S3_BUCKET: 'no-such-bucket' }))
    try {
      await assert.rejects(storage.put('media/abc-480.jpg', Buffer.from('x'), 'image/jpeg'), (e: unknown) => {
        assert.ok(e instanceof StorageError)
        assert.match(e.message, /could not store media\/abc-480\.jpg in bucket no-such-bucket: NoSuchBucket/)
        return true
      })
    } finally {
      storage.close()
      await s3.release()
    }
  })

  test('a store that does not answer: put fails with a StorageError, not a hang or a crash', async () => {
    // A port that was free a moment ago: nothing listens there.
    const port = await new Promise<number>((resolve) => {
      const srv = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (srv.address() as net.AddressInfo).port
        srv.close(() => resolve(p))
      })
    })
    const storage = new S3Storage(s3Settings({ STORAGE: 's3', S3_BUCKET: 'crown', S3_ENDPOINT: `http://127.0.0.1:${port}`, S3_FORCE_PATH_STYLE: 'true', S3_ACCESS_KEY_ID: 'k', S3_SECRET_ACCESS_KEY: 's' }))
    try {
      await assert.rejects(storage.put('media/abc-480.jpg', Buffer.from('x'), 'image/jpeg'), (e: unknown) => {
        assert.ok(e instanceof StorageError)
        assert.match(e.message, /could not store media\/abc-480\.jpg in bucket crown: .*ECONNREFUSED/)
        return true
      })
    } finally {
      storage.close()
    }
  })
})

describe('storage settings', () => {
  test('local is the default; STORAGE=s3 reads the S3_ variables', () => {
    assert.deepEqual(loadConfig({}).storage, { kind: 'local' })
    assert.equal(createStorage(loadConfig({})).kind, 'local')
    assert.deepEqual(loadConfig({ STORAGE: 's3', S3_BUCKET: 'crown-media', S3_REGION: 'eu-west-1', S3_ENDPOINT: 'https://s3.example.net', S3_FORCE_PATH_STYLE: 'true', S3_ACCESS_KEY_ID: 'AK', S3_SECRET_ACCESS_KEY: 'SK', S3_PREFIX: 'site-a/' }).storage, {
      kind: 's3', bucket: 'crown-media', region: 'eu-west-1', endpoint: 'https://s3.example.net', forcePathStyle: true, accessKeyId: 'AK', secretAccessKey: 'SK', prefix: 'site-a/',
    })
    const aws = loadConfig({ STORAGE: 's3', S3_BUCKET: 'crown-media' }).storage
    assert.deepEqual(aws, { kind: 's3', bucket: 'crown-media', region: 'us-east-1', endpoint: undefined, forcePathStyle: false, accessKeyId: undefined, secretAccessKey: undefined, prefix: '' })
  })

  test('a bad storage setting stops the boot naming the variable', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ STORAGE: 's3' }, /S3_BUCKET: STORAGE=s3 needs S3_BUCKET/],
      [{ STORAGE: 'ftp' }, /STORAGE/],
      [{ STORAGE: 's3', S3_BUCKET: 'Bad_Bucket' }, /S3_BUCKET: S3_BUCKET must be a bucket name/],
      [{ STORAGE: 's3', S3_BUCKET: 'crown', S3_ENDPOINT: 'minio:9000' }, /S3_ENDPOINT: S3_ENDPOINT must be an http\(s\) URL/],
      [{ STORAGE: 's3', S3_BUCKET: 'crown', S3_ACCESS_KEY_ID: 'AK' }, /S3_SECRET_ACCESS_KEY: set both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY/],
      [{ STORAGE: 's3', S3_BUCKET: 'crown', S3_PREFIX: '../up' }, /S3_PREFIX: S3_PREFIX must be empty or folder names/],
      [{ STORAGE: 's3', S3_BUCKET: 'crown', S3_FORCE_PATH_STYLE: 'yes' }, /S3_FORCE_PATH_STYLE/],
    ]
    for (const [env, message] of cases) {
      assert.throws(() => loadConfig(env), (e: unknown) => e instanceof ConfigError && message.test(e.message), JSON.stringify(env))
    }
  })
})
