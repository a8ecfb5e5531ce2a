import { test } from 'node:test'
import assert from 'node:assert/strict'
import { hasWordPressQuery, readFrom, readTarget, redirectKey, sameAddress, targetKey } from './addresses.js'

const SITE = 'https://crown.example'

test('redirectKey: every form of an old address meets at one key', () => {
  const table: [string, string | null][] = [
    // WordPress's permalink forms
    ['/?p=123', '/?p=123'],
    ['/?page_id=7', '/?page_id=7'],
    ['/?attachment_id=5', '/?attachment_id=5'],
    ['/?cat=4', '/?cat=4'],
    ['/?feed=rss2', '/?feed=rss2'],
    ['/?m=201905', '/?m=201905'],
    ['/2019/05/slug/', '/2019/05/slug'],
    ['/2019/05/slug', '/2019/05/slug'],
    ['/slug/', '/slug'],
    ['/category/x/', '/category/x'],
    ['/tag/y/', '/tag/y'],
    ['/author/z/', '/author/z'],
    ['/feed/', '/feed'],
    ['/comments/feed/', '/comments/feed'],
    ['/', '/'],
    ['', '/'],
    // the host is dropped
    ['https://old.example/2019/05/slug/', '/2019/05/slug'],
    ['http://OLD.example:8080/slug/?p=9', '/slug?p=9'],
    ['https://old.example?p=123', '/?p=123'],
    ['https://old.example', '/'],
    // index.php, comment pages, fragments
    ['/index.php/2019/05/x/', '/2019/05/x'],
    ['/index.php?p=123', '/?p=123'],
    ['/2019/05/slug/comment-page-2/', '/2019/05/slug'],
    ['/x/comment-page-3', '/x'],
    ['/x/comment-page-3/#comment-12', '/x'],
    ['/?p=123&cpage=2#comment-45', '/?p=123'],
    ['/comment-page-2/', '/'],
    // the query: WordPress's meaningful keys only, sorted, re-encoded
    ['/?utm_source=news&p=123&utm_medium=mail', '/?p=123'],
    ['/2019/05/slug/?utm_source=x&fbclid=abc', '/2019/05/slug'],
    ['/slug/?replytocom=77', '/slug'],
    ['/slug/?amp=1', '/slug'],
    ['/slug/?amp', '/slug'],
    ['/?tag=hair+loss&cat=3', '/?cat=3&tag=hair%20loss'],
    ['/?tag=hair%20loss', '/?tag=hair%20loss'],
    ['/?p=', '/'],
    ['/?p=1&p=2', '/?p=1'],
    ['/?post_type=product&p=5', '/?p=5&post_type=product'],
    ['/?author=2&page_id=7&feed=atom', '/?author=2&feed=atom&page_id=7'],
    ['/?P=123', '/'],
    // percent-encoding: decoded, then encoded one way; case folded
    ['/caf%C3%A9/', '/caf%C3%A9'],
    ['/café/', '/caf%C3%A9'],
    ['/caf%c3%a9', '/caf%C3%A9'],
    ['/CAF%C3%89/', '/caf%C3%A9'],
    ['/My-Slug/', '/my-slug'],
    ['/a%20b', '/a%20b'],
    ['/a b', '/a%20b'],
    ['/a%2Fb', '/a%2Fb'],
    // empty and dot segments
    ['//2019//05/slug//', '/2019/05/slug'],
    ['/a/./b/../c/', '/a/c'],
    ['/../../x', '/x'],
    // no key: never an error
    ['/%E0%A4%A', null],
    ['/%', null],
    ['/%zz/', null],
    ['slug/', null],
    ['mailto:a@example.com', null],
    ['ftp://old.example/x', null],
    [`/${'a'.repeat(2001)}`, null],
  ]
  for (const [input, key] of table) assert.equal(redirectKey(input), key, input)
})

test('redirectKey keeps a broken %-sequence in a query as typed instead of failing', () => {
  assert.equal(redirectKey('/?p=%E0%A4%A'), `/?p=${encodeURIComponent(new URLSearchParams('p=%E0%A4%A').get('p')!)}`)
  assert.equal(redirectKey('/?s=%'), '/')
})

test('a home-page query is WordPress’s when it names one of its keys', () => {
  assert.equal(hasWordPressQuery('p=123'), true)
  assert.equal(hasWordPressQuery('utm_source=x&page_id=7'), true)
  assert.equal(hasWordPressQuery('s=minoxidil'), false)
  assert.equal(hasWordPressQuery('utm_source=x'), false)
  assert.equal(hasWordPressQuery(''), false)
})

test('readFrom: a local path or a full URL on any host; the home page and junk are refused', () => {
  assert.deepEqual(readFrom(' /2019/05/Slug/ '), { ok: true, value: { shown: '/2019/05/Slug/', key: '/2019/05/slug' } })
  assert.deepEqual(readFrom('https://old.example/?p=12&utm_source=x'), { ok: true, value: { shown: '/?p=12&utm_source=x', key: '/?p=12' } })
  assert.deepEqual(readFrom('http://old.example?page_id=7'), { ok: true, value: { shown: '/?page_id=7', key: '/?page_id=7' } })
  const refusals: [string, RegExp][] = [
    ['', /Enter the old address/],
    ['   ', /Enter the old address/],
    ['slug', /path starting with \//],
    ['//old.example/x', /one \//],
    ['/%E0%A4%A', /broken %-code/],
    ['/', /home page/],
    ['https://old.example/', /home page/],
    ['/?utm_source=x', /home page/],
    [`/${'x'.repeat(2000)}`, /under 2000/],
  ]
  for (const [input, message] of refusals) {
    const read = readFrom(input)
    assert.ok(!read.ok && message.test(read.message), `${input}: ${JSON.stringify(read)}`)
  }
})

test('readTarget: a local path or an http(s) URL, serialized so it is a valid Location', () => {
  const ok: [string, string][] = [
    ['/my-article', '/my-article'],
    [' /my-article#comments ', '/my-article#comments'],
    ['/search?q=hair loss', '/search?q=hair%20loss'],
    ['/café', '/caf%C3%A9'],
    ['https://example.org/a b', 'https://example.org/a%20b'],
    ['HTTP://Example.org', 'http://example.org/'],
  ]
  for (const [input, target] of ok) assert.deepEqual(readTarget(input), { ok: true, value: target }, input)
  for (const bad of ['', 'my-article', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)', 'ftp://example.org/x', 'https://', `/${'x'.repeat(2000)}`]) {
    assert.equal(readTarget(bad).ok, false, bad)
  }
})

test('sameAddress: a redirect that would come back to its own address', () => {
  assert.equal(sameAddress('/x', '/x', SITE), true)
  assert.equal(sameAddress('/x', '/x#top', SITE), true)
  assert.equal(sameAddress('/caf%C3%A9', '/café', SITE), true)
  assert.equal(sameAddress('/x', `${SITE}/x`, SITE), true)
  assert.equal(sameAddress('/x/', '/x', SITE), false)
  assert.equal(sameAddress('/X', '/x', SITE), false)
  assert.equal(sameAddress('/?p=1', '/?p=2', SITE), false)
  assert.equal(sameAddress('/x', 'https://other.example/x', SITE), false)
})

test('targetKey: only a target on this site has one', () => {
  assert.equal(targetKey('/Slug/', SITE), '/slug')
  assert.equal(targetKey(`${SITE}/slug?p=3`, SITE), '/slug?p=3')
  assert.equal(targetKey('https://other.example/slug', SITE), null)
})
