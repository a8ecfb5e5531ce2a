import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createReadStream, readFileSync } from 'node:fs'
import { readDisqus, type DisqusPost, type DisqusRecord, type DisqusThread } from './disqus-reader.js'
import { readWxr } from './wxr-reader.js'
import type { ReadInput, ReadProgress } from './xml-records.js'
import { chunksOf, fixture, readAll as readAllWith, readError as readErrorWith } from './fixtures.js'

const readAll = (input: ReadInput, progress?: ReadProgress): Promise<DisqusRecord[]> => readAllWith(readDisqus, input, progress)
const readError = (input: ReadInput) => readErrorWith(readDisqus, input)


const lines = readFileSync(fixture('disqus.xml'), 'utf8').split('\n')
const lineOf = (needle: string) => lines.findIndex((line) => line.includes(needle)) + 1

const records = await readAll(createReadStream(fixture('disqus.xml')))
const threads = records.filter((r): r is DisqusThread => r.kind === 'thread')
const posts = records.filter((r): r is DisqusPost => r.kind === 'post')
const post = (id: string): DisqusPost => {
  const found = posts.find((p) => p.dsqId === id)
  assert.ok(found, `post ${id} was read`)
  return found
}

test('records come in file order: the category, threads, then posts', () => {
  assert.deepEqual(records.map((r) => `${r.kind} ${r.dsqId}`), [
    'category 7001', 'thread 8001', 'thread 8002', 'post 9001', 'post 9002', 'post 9003', 'post 9004', 'post 9005',
  ])
  assert.deepEqual(records[0], { kind: 'category', dsqId: '7001', forum: 'rootwise', title: 'General', isDefault: true, line: lineOf('<category dsq:id="7001">') })
})

test('a thread carries its link, identifier, title, date, author and state', () => {
  assert.deepEqual(threads[0], {
    kind: 'thread',
    dsqId: '8001',
    identifier: '101 https://rootwise.example/?p=101',
    forum: 'rootwise',
    categoryDsqId: '7001',
    link: 'https://rootwise.example/2026/01/scalp-massage-routine/',
    title: 'Five minutes of scalp massage: a routine',
    message: '',
    createdAt: '2026-01-15T14:31:05Z',
    createdAtUtc: '2026-01-15T14:31:05.000Z',
    author: { name: 'Mara Quinlan', email: 'mara@rootwise.example', username: 'rootwise_mara', isAnonymous: false },
    ipAddress: '192.0.2.10',
    isClosed: false,
    isDeleted: false,
    line: lineOf('<thread dsq:id="8001">'),
  } satisfies DisqusThread)
  assert.deepEqual([threads[1]!.identifier, threads[1]!.isClosed, threads[1]!.author.email], ['', true, ''])
})

test('the threads\' links are the WordPress posts\' links, so comments can find their article', async () => {
  const links = new Set<string>()
  for await (const record of readWxr(createReadStream(fixture('site.wxr.xml')))) {
    if (record.kind === 'item') links.add(record.link)
  }
  for (const thread of threads) assert.ok(links.has(thread.link), `${thread.link} is a post in the WXR fixture`)
})

test('a post carries its message as HTML, author, thread and parent', () => {
  assert.deepEqual(post('9002'), {
    kind: 'post',
    dsqId: '9002',
    identifier: 'wp_id=212',
    message: '<p>Weekly for me, 0.5&nbsp;mm.</p>',
    createdAt: '2026-07-06T16:20:00Z',
    createdAtUtc: '2026-07-06T16:20:00.000Z',
    isDeleted: false,
    isSpam: false,
    author: { name: 'Tobias Ekwueme', email: 'tobi@rootwise.example', username: 'tobi_e', isAnonymous: false },
    ipAddress: '192.0.2.11',
    threadDsqId: '8002',
    parentDsqId: '9001',
    line: lineOf('<post dsq:id="9002">'),
  } satisfies DisqusPost)
  assert.deepEqual(post('9001').author, { name: 'Jo', email: 'jo@mail.example', username: '', isAnonymous: true })
})

test('replies nest by parent, and deleted and spam posts keep their state', () => {
  assert.deepEqual(['9001', '9002', '9003'].map((id) => post(id).parentDsqId), [null, '9001', '9002'])
  assert.deepEqual(posts.filter((p) => p.isDeleted).map((p) => p.dsqId), ['9004'])
  assert.deepEqual(posts.filter((p) => p.isSpam).map((p) => p.dsqId), ['9005'])
  assert.deepEqual(posts.map((p) => p.threadDsqId), ['8002', '8002', '8002', '8001', '8001'])
})

test('bad files: a WordPress export, not XML, truncated, a post without its thread', async () => {
  const wxr = await readError(createReadStream(fixture('site.wxr.xml')))
  assert.equal(wxr.message, 'this looks like a WordPress export, not a Disqus one: import it with import-wordpress')
  const notXml = await readError(chunksOf('thread,post\n1,2\n'))
  assert.match(notXml.message, /^this is not an XML file \(.+\): expected a Disqus export/)
  const other = await readError(chunksOf('<comments/>'))
  assert.equal(other.message, 'expected a Disqus export with <disqus> at its root, found <comments>')

  const cut = lines.slice(0, lineOf('<post dsq:id="9003">') + 2).join('\n')
  const truncated = await readError(chunksOf(cut))
  assert.equal(truncated.message, `the file ends inside <post> opened on line ${lineOf('<post dsq:id="9003">')}: it looks truncated`)
  assert.equal(truncated.line, cut.split('\n').length)

  const orphan = await readError(chunksOf('<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">\n<post dsq:id="1"><message>hi</message></post>\n</disqus>'))
  assert.equal(orphan.message, '<post> has no <thread dsq:id="…">: expected the thread it belongs to')
  assert.equal(orphan.line, 2)
  const noId = await readError(chunksOf('<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">\n<thread><link>x</link></thread>\n</disqus>'))
  assert.equal(noId.message, '<thread> has no dsq:id attribute: expected its Disqus id')
})

test('20,000 posts stream one at a time, each before the next is read', async () => {
  const POSTS = 20_000
  let pulled = 0
  async function* generated(): AsyncGenerator<string> {
    pulled += 1
    yield '<?xml version="1.0" encoding="utf-8"?>\n<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">\n'
    pulled += 1
    yield '<thread dsq:id="1"><link>https://rootwise.example/2026/01/scalp-massage-routine/</link><isClosed>false</isClosed></thread>\n'
    for (let id = 1; id <= POSTS; id += 1) {
      pulled += 1
      const parent = id === 1 ? '' : `<parent dsq:id="p${id - 1}"/>`
      yield `<post dsq:id="p${id}"><message><![CDATA[<p>Microneedling, day ${id}.</p>]]></message><createdAt>2026-01-01T00:00:00Z</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam><thread dsq:id="1"/>${parent}</post>\n`
    }
    pulled += 1
    yield '</disqus>\n'
  }
  const progress: ReadProgress = { bytes: 0, records: 0, maxPending: 0 }
  let seen = 0
  for await (const record of readDisqus(generated(), { progress })) {
    if (record.kind !== 'post') continue
    seen += 1
    assert.ok(pulled <= 2 + seen, `post ${seen} arrived after ${pulled - 2} post chunks were read`)
  }
  assert.equal(seen, POSTS)
  assert.equal(progress.records, POSTS + 1)
  assert.equal(progress.maxPending, 1)
})
