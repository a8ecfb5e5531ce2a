import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import crypto from 'node:crypto'

// An S3-compatible server for the tests: s3rver, in this process, on a free
// loopback port, keeping its objects in a temporary folder. It runs while any
// test app uses it (each with a prefix of its own in the one bucket) and stops
// with the last, so a finished test file leaves no server holding it open.

export const TEST_BUCKET = 'crown-test'

// The SDK warns once per process that its 2027 releases need Node 22; a site
// should see that, a test log need not.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'

interface Running { endpoint: string; close(): Promise<void> }

// s3rver ships no types; this is the part of it the tests use.
interface S3rverServer { run(): Promise<{ port: number }>; close(): Promise<void> }
type S3rverClass = new (o: { address: string; port: number; silent: boolean; directory: string; configureBuckets: { name: string }[] }) => S3rverServer

let running: Promise<Running> | undefined
let users = 0

async function start(): Promise<Running> {
  // Loaded only when a test asks for S3: most test files never do.
  // (A specifier held in a variable: the production build, which compiles the
  // harness through forum/fixtures.ts, needs no declaration for a dev package.)
  const specifier = 's3rver'
  const { default: S3rver } = (await import(specifier)) as { default: S3rverClass }
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'crown-s3-'))
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: TEST_BUCKET }] })
  const { port } = await server.run()
  return {
    endpoint: `http://127.0.0.1:${port}`,
    async close() {
      await server.close()
      fs.rmSync(directory, { recursive: true, force: true })
    },
  }
}

/** The environment that points Crown at the test server under a fresh prefix, and how to let go of it. */
export async function useTestS3(): Promise<{ env: Record<string, string>; release(): Promise<void> }> {
  users++
  running ??= start()
  const { endpoint } = await running
  let released = false
  return {
    env: {
      STORAGE: 's3', S3_BUCKET: TEST_BUCKET, S3_REGION: 'us-east-1', S3_ENDPOINT: endpoint, S3_FORCE_PATH_STYLE: 'true',
      S3_ACCESS_KEY_ID: 'S3RVER', S3_SECRET_ACCESS_KEY: 'S3RVER', S3_PREFIX: `t-${crypto.randomBytes(6).toString('hex')}/`,
    },
    async release() {
      if (released) return
      released = true
      if (--users > 0 || !running) return
      const server = running
      running = undefined
      await (await server).close()
    },
  }
}
