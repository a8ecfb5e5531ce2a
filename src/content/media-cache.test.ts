import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import sharp from 'sharp'
import { processImage, processImageCached, renderCacheKey, type ProcessImageResult } from './media.js'

// The demo figures go through this cache so a first start copies files
// instead of running sharp; an upload never does (storeImage without `cache`).

const tmpDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'crown-render-cache-'))
const picture = (colour: string) => sharp({ create: { width: 1000, height: 600, channels: 3, background: colour } }).png().toBuffer()

function processed(r: ProcessImageResult) {
  assert.equal(r.kind, 'processed')
  return r as Extract<ProcessImageResult, { kind: 'processed' }>
}
const bytesByWidthAndFormat = (r: Extract<ProcessImageResult, { kind: 'processed' }>) =>
  Object.fromEntries(r.info.variants.map((v) => [`${v.width}.${v.format}`, r.files.find((f) => f.file === v.file)!.data.toString('base64')]))

test('a miss renders and keeps an entry; a hit gives the same files under a new media key', async () => {
  const dir = tmpDir()
  const data = await picture('#336699')
  const first = processed(await processImageCached(data, {}, { dirs: [dir], writeTo: dir }))
  const entry = path.join(dir, await renderCacheKey(data))
  assert.ok(fs.existsSync(path.join(entry, 'manifest.json')), 'the miss was kept')

  const second = processed(await processImageCached(data, {}, { dirs: [dir], writeTo: dir }))
  assert.notEqual(second.info.key, first.info.key, 'each stored copy gets its own key')
  assert.deepEqual(second.info.variants.map((v) => [v.width, v.height, v.format]), first.info.variants.map((v) => [v.width, v.height, v.format]))
  assert.deepEqual(bytesByWidthAndFormat(second), bytesByWidthAndFormat(first))
  for (const v of second.info.variants) assert.ok(v.file.startsWith(`${second.info.key}-`), v.file)
  fs.rmSync(dir, { recursive: true })
})

test('a hit is read from the cache, not rendered again', async () => {
  const dir = tmpDir()
  const data = await picture('#996633')
  const first = processed(await processImageCached(data, {}, { dirs: [dir], writeTo: dir }))
  // Mark one cached file: only a read from the cache can return the mark.
  const v = first.info.variants[0]
  const marked = path.join(dir, await renderCacheKey(data), `${v.width}.${v.format === 'jpeg' ? 'jpg' : v.format}`)
  fs.writeFileSync(marked, 'from the cache')
  const again = processed(await processImageCached(data, {}, { dirs: [dir], writeTo: null }))
  const file = again.files.find((f) => f.file === again.info.variants[0].file)!
  assert.equal(file.data.toString(), 'from the cache')
  fs.rmSync(dir, { recursive: true })
})

test('the key follows the input bytes; a broken entry is rendered again', async () => {
  const dir = tmpDir()
  const a = await picture('#112233')
  const b = await picture('#112234')
  assert.equal(await renderCacheKey(a), await renderCacheKey(Buffer.from(a)))
  assert.notEqual(await renderCacheKey(a), await renderCacheKey(b))
  assert.notEqual(await renderCacheKey(a), await renderCacheKey(a, { allowSvg: true }), 'what may be decoded is part of the recipe')

  const entry = path.join(dir, await renderCacheKey(a))
  fs.mkdirSync(entry, { recursive: true })
  fs.writeFileSync(path.join(entry, 'manifest.json'), '{ not json')
  const rendered = processed(await processImageCached(a, {}, { dirs: [dir], writeTo: dir }))
  const direct = processed(await processImage(a))
  assert.deepEqual(rendered.info.variants.map((v) => v.width), direct.info.variants.map((v) => v.width))
  assert.ok(rendered.files.every((f) => f.data.length > 0))
  fs.rmSync(dir, { recursive: true })
})

test('an entry naming a file outside itself is not read', async () => {
  const dir = tmpDir()
  const data = await picture('#445566')
  const entry = path.join(dir, await renderCacheKey(data))
  fs.mkdirSync(entry, { recursive: true })
  fs.writeFileSync(path.join(dir, 'secret.txt'), 'not an image')
  fs.writeFileSync(path.join(entry, 'manifest.json'), JSON.stringify({ width: 10, height: 10, variants: [{ width: 10, height: 10, format: 'png', name: '../secret.txt' }] }))
  const r = processed(await processImageCached(data, {}, { dirs: [dir], writeTo: null }))
  assert.ok(r.files.every((f) => f.data.toString() !== 'not an image'), 'rendered afresh instead')
  assert.equal(r.info.width, 1000)
  fs.rmSync(dir, { recursive: true })
})

test('a refused input is not cached', async () => {
  const dir = tmpDir()
  const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')
  const r = await processImageCached(svg, {}, { dirs: [dir], writeTo: dir })
  assert.equal(r.kind, 'unsupported-format')
  assert.deepEqual(fs.readdirSync(dir), [])
  fs.rmSync(dir, { recursive: true })
})
