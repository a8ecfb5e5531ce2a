import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createReadStream, readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { readWxr, type WxrComment, type WxrItem, type WxrRecord } from './wxr-reader.js'
import type { ReadInput, ReadProgress } from './xml-records.js'
import { chunksOf, fixture, readAll as readAllWith, readError as readErrorWith } from './fixtures.js'

const readAll = (input: ReadInput, progress?: ReadProgress): Promise<WxrRecord[]> => readAllWith(readWxr, input, progress)
const readError = (input: ReadInput) => readErrorWith(readWxr, input)


/** The 1-based line on which `needle` first appears in a fixture. */
function lineOf(name: string, needle: string): number {
  const lines = readFileSync(fixture(name), 'utf8').split('\n')
  const index = lines.findIndex((line) => line.includes(needle))
  assert.ok(index >= 0, `${needle} is in ${name}`)
  return index + 1
}

const site = await readAll(createReadStream(fixture('site.wxr.xml')))
const items = new Map(site.filter((r): r is WxrItem => r.kind === 'item').map((item) => [item.wpId, item]))
const item = (id: number): WxrItem => {
  const found = items.get(id)
  assert.ok(found, `item ${id} was read`)
  return found
}

test('the site comes first, then authors and terms, then the items in file order', () => {
  assert.deepEqual(site[0], {
    kind: 'site',
    title: 'Rootwise',
    link: 'https://rootwise.example',
    description: 'Notes on hair, scalp and the routines around them',
    language: 'en-GB',
    wxrVersion: '1.2',
    baseSiteUrl: 'https://rootwise.example',
    baseBlogUrl: 'https://rootwise.example',
  })
  assert.deepEqual(site.map((r) => r.kind), [
    'site', 'author', 'author', 'category', 'category', 'category', 'tag', 'tag', 'tag', 'term',
    ...Array<'item'>(15).fill('item'),
  ])
  assert.deepEqual([...items.keys()], [101, 102, 103, 104, 105, 106, 107, 108, 110, 120, 121, 122, 123, 124, 130])
})

test('authors carry their WordPress id, login, email and names', () => {
  const authors = site.filter((r) => r.kind === 'author')
  assert.deepEqual(authors[1], {
    kind: 'author', wpId: 3, login: 'tobi', email: 'tobi@rootwise.example', displayName: 'Tobias Ekwueme',
    firstName: 'Tobias', lastName: 'Ekwueme', line: lineOf('site.wxr.xml', '[tobi]'),
  })
  assert.equal(authors[0]!.kind === 'author' && authors[0]!.login, 'mara')
})

test('categories keep their hierarchy by parent slug; tags and other terms come through', () => {
  const categories = site.filter((r) => r.kind === 'category')
  assert.deepEqual(categories.map((c) => [c.termId, c.slug, c.parentSlug, c.name]), [
    [3, 'hair-care', '', 'Hair care'],
    [4, 'scalp-care', 'hair-care', 'Scalp care'],
    // WordPress stores term names HTML-escaped; the reader hands them on as written.
    [5, 'treatments', '', 'Treatments &amp; tools'],
  ])
  assert.equal(categories[0]!.description, 'Everyday routines for hair and scalp.')
  assert.deepEqual(categories[1]!.meta, [{ key: 'menu_colour', value: 'teal' }])
  const tags = site.filter((r) => r.kind === 'tag')
  assert.deepEqual(tags.map((t) => [t.termId, t.slug, t.name]), [[10, 'minoxidil', 'Minoxidil'], [11, 'microneedling', 'Microneedling'], [12, 'scalp-massage', 'Scalp massage']])
  assert.equal(tags[1]!.description, 'Dermarollers, dermapens and how people use them.')
  const terms = site.filter((r) => r.kind === 'term')
  assert.deepEqual(terms.map((t) => [t.termId, t.taxonomy, t.slug, t.parentSlug, t.name]), [[20, 'nav_menu', 'main-menu', '', 'Main menu']])
})

test('a classic-editor post: every field, body kept as written with its shortcode and bare video link', () => {
  const post = item(101)
  assert.equal(post.postType, 'post')
  assert.equal(post.title, 'Five minutes of scalp massage: a routine')
  assert.equal(post.link, 'https://rootwise.example/2026/01/scalp-massage-routine/')
  assert.equal(post.guid, 'https://rootwise.example/?p=101')
  assert.equal(post.guidIsPermaLink, false)
  assert.equal(post.pubDate, 'Thu, 15 Jan 2026 14:30:00 +0000')
  assert.equal(post.slug, 'scalp-massage-routine')
  assert.equal(post.status, 'publish')
  assert.equal(post.parentId, null)
  assert.equal(post.menuOrder, 0)
  assert.equal(post.password, '')
  assert.equal(post.isSticky, false)
  assert.equal(post.commentStatus, 'open')
  assert.equal(post.pingStatus, 'open')
  assert.equal(post.creator, 'mara')
  assert.match(post.content, /^Most readers asked how long and how often\.[^]*\n\n\[caption id="attachment_110"[^]*\[\/caption\]\n\n/)
  assert.match(post.content, /\nhttps:\/\/www\.youtube\.com\/watch\?v=Zx3sCalpRtn&t=95s\n/)
  assert.equal(post.excerpt, 'A five-minute scalp massage routine, step by step.')
  assert.deepEqual(post.terms, [
    { domain: 'category', slug: 'scalp-care', name: 'Scalp care' },
    { domain: 'post_tag', slug: 'scalp-massage', name: 'Scalp massage' },
  ])
  assert.deepEqual(post.meta, [{ key: '_thumbnail_id', value: '110' }, { key: '_edit_last', value: '2' }])
  assert.equal(post.attachmentUrl, null)
  assert.equal(post.line, lineOf('site.wxr.xml', '<item>'))
})

test('dates: the site-time and GMT fields both as given, and the GMT one as a UTC instant', () => {
  const winter = item(101)
  assert.equal(winter.postDate, '2026-01-15 09:30:00')
  assert.equal(winter.postDateGmt, '2026-01-15 14:30:00')
  assert.equal(winter.postDateUtc, '2026-01-15T14:30:00.000Z')
  assert.equal(winter.postDateLocal, '2026-01-15T09:30:00')
  assert.equal(winter.modifiedUtc, '2026-02-02T13:00:00.000Z')
  // The site observes summer time: four hours behind GMT in July, five in January.
  const summer = item(102)
  assert.equal(summer.postDate, '2026-07-06 08:00:00')
  assert.equal(summer.postDateUtc, '2026-07-06T12:00:00.000Z')
  assert.equal(summer.modifiedUtc, null, 'no wp:post_modified_gmt in this item')
})

test('a draft has no GMT date: null, never 1970 or year zero', () => {
  const draft = item(104)
  assert.equal(draft.status, 'draft')
  assert.equal(draft.postDateGmt, '0000-00-00 00:00:00')
  assert.equal(draft.pubDate, 'Mon, 30 Nov -0001 00:00:00 +0000')
  assert.equal(draft.postDateUtc, null)
  assert.equal(draft.postDateLocal, '2026-11-20T16:45:00')
  assert.equal(draft.slug, '')
})

test('a block-editor post keeps its block comments for the converter', () => {
  const post = item(102)
  assert.match(post.content, /^<!-- wp:paragraph -->\n<p>Studies of microneedling/)
  assert.match(post.content, /<!-- wp:embed \{"url":"https:\/\/youtu\.be\/Nd1eLeng7h\?start=42"/)
  assert.equal(post.creator, 'tobi')
  assert.deepEqual(post.terms.map((t) => `${t.domain}/${t.slug}`), ['category/treatments', 'post_tag/microneedling', 'post_tag/minoxidil'])
})

test('page, scheduled, private, sticky, closed and password-protected items keep their state', () => {
  const page = item(103)
  assert.deepEqual([page.postType, page.slug, page.menuOrder, page.commentStatus, page.pingStatus], ['page', 'about', 2, 'closed', 'closed'])
  assert.equal(page.guid, 'https://rootwise.example/?page_id=103')
  const future = item(105)
  assert.deepEqual([future.status, future.postDateUtc], ['future', '2027-02-15T14:00:00.000Z'])
  assert.equal(item(106).status, 'private')
  assert.equal(item(107).isSticky, true)
  assert.deepEqual(site.filter((r) => r.kind === 'item' && r.isSticky).map((r) => r.kind === 'item' && r.wpId), [107])
  const closed = item(108)
  assert.deepEqual([closed.commentStatus, closed.pingStatus, closed.password], ['closed', 'closed', 'members-only'])
})

test('an attachment carries its file URL, its parent post and the metadata the featured image needs', () => {
  const attachment = item(110)
  assert.equal(attachment.postType, 'attachment')
  assert.equal(attachment.status, 'inherit')
  assert.equal(attachment.parentId, 101)
  assert.equal(attachment.attachmentUrl, 'https://rootwise.example/wp-content/uploads/2026/01/fingertips.jpg')
  assert.deepEqual(attachment.meta, [
    { key: '_wp_attached_file', value: '2026/01/fingertips.jpg' },
    { key: '_wp_attachment_image_alt', value: 'Fingertips on a scalp' },
  ])
  assert.equal(attachment.excerpt, 'Fingertips, not nails: small circles from the hairline back.')
  const thumbnail = item(101).meta.find((m) => m.key === '_thumbnail_id')
  assert.equal(Number(thumbnail?.value), attachment.wpId)
})

test('bbPress forums, topics and replies and menu items pass through with their post type and meta', () => {
  assert.deepEqual([item(120).postType, item(120).parentId], ['forum', null])
  assert.equal(item(120).guid, 'https://rootwise.example/?post_type=forum&p=120', 'entities in plain text are decoded')
  const topic = item(121)
  assert.deepEqual([topic.postType, topic.parentId], ['topic', 120])
  assert.deepEqual(topic.meta, [{ key: '_bbp_forum_id', value: '120' }, { key: '_bbp_topic_id', value: '121' }])
  const reply = item(122)
  assert.deepEqual([reply.postType, reply.parentId, reply.menuOrder, reply.creator], ['reply', 121, 1, 'mara'])
  assert.equal(reply.meta.find((m) => m.key === '_bbp_topic_id')?.value, '121')
  const menu = item(130)
  assert.equal(menu.postType, 'nav_menu_item')
  assert.deepEqual(menu.terms, [{ domain: 'nav_menu', slug: 'main-menu', name: 'Main menu' }])
})

test('comments: every field of one, in file order', () => {
  const comments = item(101).comments
  assert.deepEqual(comments.map((c) => c.wpId), [201, 202, 203, 204, 205, 206, 207, 208, 209, 210, 211])
  assert.deepEqual(comments[0], {
    wpId: 201,
    author: 'Priya S.',
    authorEmail: 'priya@mail.example',
    authorUrl: 'https://priya.example/',
    authorIp: '203.0.113.7',
    date: '2026-01-15 11:02:00',
    dateGmt: '2026-01-15 16:02:00',
    dateUtc: '2026-01-15T16:02:00.000Z',
    content: 'Do you do this on dry or damp hair?',
    approved: '1',
    type: 'comment',
    parentId: null,
    userId: null,
    meta: [{ key: 'akismet_result', value: 'false' }],
    line: lineOf('site.wxr.xml', '<wp:comment_id>201<') - 1,
  } satisfies WxrComment)
  assert.equal(comments[5]!.content, 'No oil, just clean hands.\nSixth reply down, and still going.')
  for (const other of comments.filter((c) => c.wpId !== 210 && c.wpId !== 211)) assert.equal(other.type, 'comment')
  assert.equal(comments.find((c) => c.wpId === 211)!.type, '', 'older exports leave the type empty')
})

test('comments: threads six deep, every state, a pingback, the author\'s reply and an orphan', () => {
  const comments = item(101).comments
  const byId = new Map(comments.map((c) => [c.wpId, c]))
  const depth = (c: WxrComment): number => (c.parentId === null || !byId.has(c.parentId) ? 1 : 1 + depth(byId.get(c.parentId)!))
  assert.equal(depth(byId.get(206)!), 6)
  assert.deepEqual([...new Set(comments.map((c) => c.approved))].sort(), ['0', '1', 'spam', 'trash'])
  assert.equal(byId.get(207)!.approved, '0')
  assert.equal(byId.get(208)!.approved, 'spam')
  assert.equal(byId.get(209)!.approved, 'trash')
  const pingback = byId.get(210)!
  assert.deepEqual([pingback.type, pingback.authorUrl, pingback.authorEmail], ['pingback', 'https://follicle-weekly.example/reading-list/', ''])
  const byAuthor = byId.get(203)!
  assert.equal(byAuthor.userId, 2)
  const authors = site.filter((r) => r.kind === 'author')
  assert.equal(authors.find((a) => a.wpId === byAuthor.userId)?.login, item(101).creator, 'the reply is by the post\'s own author')
  const orphan = byId.get(211)!
  assert.equal(orphan.parentId, 299)
  assert.equal(byId.has(299), false, 'its parent is not in the export')
})

test('WXR 1.0 and 1.1 are read; a file without wp:wxr_version takes its version from the namespace', async () => {
  for (const version of ['1.0', '1.1']) {
    const records = await readAll(chunksOf(wxr(version, `<wp:wxr_version>${version}</wp:wxr_version>`, item1())))
    assert.equal(records[0]!.kind === 'site' && records[0]!.wxrVersion, version)
    assert.equal(records[1]!.kind === 'item' && records[1]!.wpId, 1)
  }
  const bare = await readAll(chunksOf(wxr('1.1', '', item1())))
  assert.equal(bare[0]!.kind === 'site' && bare[0]!.wxrVersion, '1.1')
})

test('an export with no items still yields its site', async () => {
  const records = await readAll(chunksOf(wxr('1.2', '<wp:wxr_version>1.2</wp:wxr_version>', '')))
  assert.deepEqual(records.map((r) => r.kind), ['site'])
})

test('a truncated file names the element it ends inside and the line it opened on', async () => {
  const err = await readError(createReadStream(fixture('truncated.wxr.xml')))
  const opened = lineOf('truncated.wxr.xml', '<item>')
  assert.equal(err.message, `the file ends inside <item> opened on line ${opened}: it looks truncated`)
  assert.equal(err.line, readFileSync(fixture('truncated.wxr.xml'), 'utf8').split('\n').length)
})

test('an RSS feed without the wp: namespace is refused as not a WordPress export', async () => {
  const err = await readError(createReadStream(fixture('not-wxr.xml')))
  assert.match(err.message, /^this RSS feed is not a WordPress export: <rss> declares no wp: namespace/)
  assert.equal(err.line, lineOf('not-wxr.xml', '<rss'))
})

test('an unknown WXR version is refused on the line that declares it', async () => {
  const err = await readError(createReadStream(fixture('wxr-9.9.xml')))
  assert.equal(err.message, 'unknown WXR version 9.9 (Crown reads 1.0–1.2)')
  assert.equal(err.line, lineOf('wxr-9.9.xml', '<wp:wxr_version>'))
})

test('files that are not XML, or not WXR, say what was expected', async () => {
  const notXml = await readError(chunksOf('{"posts": []}\n'))
  assert.match(notXml.message, /^this is not an XML file \(.+\): expected a WordPress export \(WXR\)/)
  const empty = await readError(chunksOf(''))
  assert.match(empty.message, /^the file is empty or holds no XML element: expected a WordPress export/)
  const gzip = await readError((async function* () { yield gzipSync(readFileSync(fixture('site.wxr.xml'))) })())
  assert.match(gzip.message, /^the file is gzip-compressed: unpack it first/)
  const disqus = await readError(createReadStream(fixture('disqus.xml')))
  assert.equal(disqus.message, 'this is a Disqus export, not a WordPress one: import it with import-disqus')
  const html = await readError(chunksOf('<html><body>Not found</body></html>'))
  assert.equal(html.message, 'expected a WordPress export (WXR) with <rss> at its root, found <html>')
  const noChannel = await readError(chunksOf('<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/">\n</rss>\n'))
  assert.equal(noChannel.message, '<rss> on line 1 holds no <channel>: this is not a WordPress export')
  const spread = await readError(chunksOf('<?xml version="1.0"?>\n<rss version="2.0"\n  xmlns:wp="http://wordpress.org/export/1.2/"\n>\n</rss>\n'))
  assert.equal(spread.message, '<rss> on line 2 holds no <channel>: this is not a WordPress export', 'a start tag over several lines is placed at its first line')
  const stray = await readError(chunksOf('<rss xmlns:wp="http://wordpress.org/export/1.2/">\n<item/></rss>'))
  assert.equal(stray.message, 'expected <channel> inside <rss>, found <item>')
  assert.equal(stray.line, 2)
})

test('malformed XML gives the parser\'s reason and the line', async () => {
  const text = wxr('1.2', '<wp:wxr_version>1.2</wp:wxr_version>', '<item>\n<title>Oops</titel>\n</item>')
  const err = await readError(chunksOf(text))
  const lines = text.split('\n')
  assert.equal(err.message, `the XML is malformed: unexpected close tag (inside <item> opened on line ${lines.indexOf('<item>') + 1})`)
  assert.equal(err.line, lines.findIndex((l) => l.includes('</titel>')) + 1)
})

test('an id that is not a number is refused where it stands', async () => {
  const text = wxr('1.2', '<wp:wxr_version>1.2</wp:wxr_version>', '<item>\n<wp:post_id>12a</wp:post_id>\n</item>')
  const err = await readError(chunksOf(text))
  assert.equal(err.message, 'expected a whole number in <wp:post_id>, found "12a"')
  assert.equal(err.line, text.split('\n').findIndex((l) => l.includes('12a')) + 1)
  const missing = await readError(chunksOf(wxr('1.2', '', '<item><title>No id</title></item>')))
  assert.equal(missing.message, '<item> has no <wp:post_id>: expected its WordPress id')
})

test('UTF-8 split across chunk boundaries, byte by byte, reads the same', async () => {
  const text = wxr('1.2', '<wp:wxr_version>1.2</wp:wxr_version>', item1('Kopfhaut-Massage – fünf Minuten 💆'))
  const bytes = Buffer.from(text)
  const records = await readAll((async function* () {
    for (let i = 0; i < bytes.length; i += 1) yield bytes.subarray(i, i + 1)
  })())
  assert.equal(records[1]!.kind === 'item' && records[1]!.title, 'Kopfhaut-Massage – fünf Minuten 💆')
  const invalid = await readError((async function* () { yield Buffer.concat([Buffer.from(text.slice(0, 200)), Buffer.from([0xff, 0xfe])]) })())
  assert.match(invalid.message, /^the file is not UTF-8 text after this point/)
})

test('a 20,000-comment export streams: each item arrives before the next is read, and no more than one waits', async () => {
  const ITEMS = 2_000
  const COMMENTS_EACH = 10
  let pulled = 0
  const header = wxr('1.2', '<wp:wxr_version>1.2</wp:wxr_version>', '\u0000').split('\u0000')[0]!.split('\n').map((l) => `${l}\n`)
  async function* generated(): AsyncGenerator<string> {
    for (const line of header) {
      pulled += 1
      yield line
    }
    for (let id = 1; id <= ITEMS; id += 1) {
      pulled += 1
      yield generatedItem(id, COMMENTS_EACH)
    }
    pulled += 1
    yield '</channel>\n</rss>\n'
  }
  const progress: ReadProgress = { bytes: 0, records: 0, maxPending: 0 }
  let items = 0
  let comments = 0
  for await (const record of readWxr(generated(), { progress })) {
    if (record.kind !== 'item') continue
    items += 1
    comments += record.comments.length
    // Item n is complete once its chunk is in; the reader may not have pulled more than that one.
    assert.ok(pulled <= header.length + items, `item ${items} arrived after ${pulled - header.length} item chunks were read`)
  }
  assert.equal(items, ITEMS)
  assert.equal(comments, ITEMS * COMMENTS_EACH)
  assert.equal(progress.maxPending, 1, 'never more than one finished record held back')
  assert.equal(progress.records, header.filter((l) => /<(title|link|description|language|wp:)/.test(l)).length + ITEMS)
})

test('one huge chunk is still handed to the parser in slices: records wait only within a slice', async () => {
  const body = Array.from({ length: 500 }, (_, i) => generatedItem(i + 1, 2)).join('')
  const progress: ReadProgress = { bytes: 0, records: 0, maxPending: 0 }
  const records = await readAll(chunksOf(wxr('1.2', '<wp:wxr_version>1.2</wp:wxr_version>', body)), progress)
  assert.equal(records.filter((r) => r.kind === 'item').length, 500)
  // Items that fit in one 16 KiB slice, one cut at each end, and the header's title and link.
  const perSlice = Math.ceil((16 * 1024) / (body.length / 500)) + 1 + 2
  assert.ok(progress.maxPending <= perSlice, `${progress.maxPending} records waited at once; a slice holds at most ${perSlice}`)
  assert.equal(progress.bytes, Buffer.byteLength(wxr('1.2', '<wp:wxr_version>1.2</wp:wxr_version>', body)))
})

function wxr(version: string, versionElement: string, body: string): string {
  return [
    '<?xml version="1.0" encoding="UTF-8" ?>',
    `<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/${version}/">`,
    '<channel>',
    '<title>Rootwise</title>',
    '<link>https://rootwise.example</link>',
    versionElement,
    body,
    '</channel>',
    '</rss>',
    '',
  ].join('\n')
}

function item1(title = 'One'): string {
  return `<item><title><![CDATA[${title}]]></title><wp:post_id>1</wp:post_id></item>`
}

function generatedItem(id: number, comments: number): string {
  const parts = [`<item><title>Minoxidil week ${id}</title><link>https://rootwise.example/?p=${id}</link><wp:post_id>${id}</wp:post_id><wp:post_date_gmt>2026-01-01 00:00:00</wp:post_date_gmt><content:encoded><![CDATA[<p>Week ${id} of the routine.</p>]]></content:encoded>`]
  for (let c = 1; c <= comments; c += 1) {
    const commentId = id * 100 + c
    parts.push(`<wp:comment><wp:comment_id>${commentId}</wp:comment_id><wp:comment_author>Reader ${c}</wp:comment_author><wp:comment_content><![CDATA[Scalp massage day ${c}.]]></wp:comment_content><wp:comment_approved>1</wp:comment_approved><wp:comment_parent>${c === 1 ? 0 : commentId - 1}</wp:comment_parent></wp:comment>`)
  }
  parts.push('</item>\n')
  return parts.join('')
}
