import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testDialects } from '../test/databases.js'
import { redirectTarget } from '../test/harness.js'
import { commentIdOf, discussionTestApp, type DiscussionTestApp } from './fixtures.js'
import { LIMITS, POST_LIMITS } from './limits.js'
import { createPost, ensureCommentThread } from './posting.js'
import { TOP_LEVEL_PER_PAGE } from './thread-view.js'
import type { PostRow } from './queries.js'

let ipSeq = 10
const freshIp = () => `198.51.100.${ipSeq++}`

for (const dialect of testDialects()) {
  describe(`posting comments on ${dialect}`, () => {
    let t: DiscussionTestApp
    before(async () => { t = await discussionTestApp(dialect) })
    after(() => t.close())

    const guest = (name: string, email: string, extra: Record<string, string> = {}) => ({ name, email, url: '', comment: `Hello from ${name}. ${Math.random()}`, ...extra })

    async function approveAll() {
      await t.deps.db.updateTable('discussion_posts').set({ status: 'approved', approved_at: new Date().toISOString() }).where('status', '=', 'pending').execute()
    }

    test('a first-time commenter is held and sees it in place; another visitor does not', async () => {
      const article = await t.makeArticle({ title: 'Scalp massage, read carefully' })
      const ana = t.agent(); ana.ip = freshIp()
      const res = await t.comment(ana, article, guest('Ana Reader', 'ana@example.com', { comment: 'I tried it for *six* months.' }))
      const target = redirectTarget(res)
      assert.match(target, new RegExp(`^${article.path}#comment-[a-z0-9]+$`))
      const own = await ana.get(article.path)
      assert.match(own.body, /Your comment is awaiting moderation/)
      assert.match(own.body, /I tried it for <em>six<\/em> months/)
      assert.match(own.body, /Thank you\. Your comment is awaiting moderation/, 'the flash says so')

      const other = await t.agent().get(article.path)
      assert.doesNotMatch(other.body, /six/)
      assert.doesNotMatch(other.body, /awaiting moderation/)
      assert.match(other.body, /No comments yet/)
      const row = await t.deps.db.selectFrom('discussion_posts').selectAll().where('author_email', '=', 'ana@example.com').executeTakeFirstOrThrow()
      assert.equal(row.status, 'pending')
      assert.match(row.held_reason ?? '', /First comment/)
      assert.notEqual(row.ip_hash, ana.ip, 'the IP is stored only as a keyed hash')
      assert.ok(row.ip_hash && !row.ip_hash.includes('198.51'))
    })

    test('after one approval the same email posts at once, and a nested reply appears too', async () => {
      const article = await t.makeArticle()
      const bo = t.agent(); bo.ip = freshIp()
      redirectTarget(await t.comment(bo, article, guest('Bo Reader', 'Bo@Example.com')))
      await approveAll()
      t.clock.advance(POST_LIMITS.comment.intervalMs)
      const second = await t.comment(bo, article, guest('Bo Reader', 'bo@example.com', { comment: 'Second thoughts, posted at once.' }))
      const anchor = redirectTarget(second).split('#')[1]
      const page = await t.agent().get(article.path)
      assert.match(page.body, /Second thoughts, posted at once\./)
      assert.match(page.body, /2 thoughts on “/)

      const parentId = anchor.replace('comment-', '')
      const cy = t.agent(); cy.ip = freshIp()
      // Cy has been approved before on another article.
      redirectTarget(await t.comment(cy, await t.makeArticle(), guest('Cy Reader', 'cy@example.com')))
      await approveAll()
      t.clock.advance(POST_LIMITS.comment.intervalMs)
      const reply = await t.comment(cy, article, guest('Cy Reader', 'cy@example.com', { comment: 'A reply to Bo.' }), { replyTo: parentId })
      redirectTarget(reply)
      const after = await t.agent().get(article.path)
      assert.match(after.body, /3 thoughts on “/)
      const li = after.body.slice(after.body.indexOf(`id="${anchor}"`))
      assert.match(li, /<ol class="comment-children">[\s\S]*A reply to Bo\./, 'the reply nests under its parent')
    })

    test('two counted links hold a comment; PubMed, doi.org, ClinicalTrials.gov and own-site links do not count', async () => {
      const article = await t.makeArticle()
      const a = t.agent(); a.ip = freshIp()
      redirectTarget(await t.comment(a, article, guest('Di Linker', 'di@example.com')))
      await approveAll()
      t.clock.advance(POST_LIMITS.comment.intervalMs)
      const exempt = 'See https://pubmed.ncbi.nlm.nih.gov/123/ and [the DOI](https://doi.org/10.4103/x), https://clinicaltrials.gov/study/NCT1 and http://localhost:3000/minoxidil-basics'
      redirectTarget(await t.comment(a, article, guest('Di Linker', 'di@example.com', { comment: exempt })))
      let row = await t.deps.db.selectFrom('discussion_posts').select(['status', 'held_reason']).where('author_email', '=', 'di@example.com').orderBy('id', 'desc').executeTakeFirstOrThrow()
      assert.equal(row.status, 'approved')
      t.clock.advance(POST_LIMITS.comment.intervalMs)
      redirectTarget(await t.comment(a, article, guest('Di Linker', 'di@example.com', { comment: 'Buy at https://pills.example and https://more-pills.example now' })))
      row = await t.deps.db.selectFrom('discussion_posts').select(['status', 'held_reason']).where('author_email', '=', 'di@example.com').orderBy('id', 'desc').executeTakeFirstOrThrow()
      assert.equal(row.status, 'pending')
      assert.match(row.held_reason ?? '', /2 links/)
    })

    test('the moderation word list holds matches in name, email, website or text', async () => {
      const article = await t.makeArticle()
      const a = t.agent(); a.ip = freshIp()
      redirectTarget(await t.comment(a, article, guest('Ed Words', 'ed@example.com')))
      await approveAll()
      const admin = await t.signedIn('admin')
      await admin.get('/admin/comments/settings')
      redirectTarget(await admin.post('/admin/comments/settings', { words: 'Miracle Cure\n\ncasino\ncasino' }))
      t.clock.advance(POST_LIMITS.comment.intervalMs)
      redirectTarget(await t.comment(a, article, guest('Ed Words', 'ed@example.com', { comment: 'This is a MIRACLE cure, trust me' })))
      const row = await t.deps.db.selectFrom('discussion_posts').select(['status', 'held_reason']).where('author_email', '=', 'ed@example.com').orderBy('id', 'desc').executeTakeFirstOrThrow()
      assert.equal(row.status, 'pending')
      assert.match(row.held_reason ?? '', /word list \(“miracle cure”\)/)
      t.clock.advance(POST_LIMITS.comment.intervalMs)
      redirectTarget(await t.comment(a, article, guest('Ed Words', 'ed@example.com', { url: 'https://casino.example', comment: 'Ordinary text.' })))
      const row2 = await t.deps.db.selectFrom('discussion_posts').select(['status']).where('author_email', '=', 'ed@example.com').orderBy('id', 'desc').executeTakeFirstOrThrow()
      assert.equal(row2.status, 'pending')
      await admin.get('/admin/comments/settings')
      redirectTarget(await admin.post('/admin/comments/settings', { words: '' }))
    })

    test('a filled honeypot is refused and nothing is stored', async () => {
      const article = await t.makeArticle()
      const bot = t.agent(); bot.ip = freshIp()
      const before = await countPosts()
      const res = await t.comment(bot, article, guest('Bot', 'bot@example.com', { address: '1 Spam Street', comment: 'cheap pills' }))
      assert.equal(res.statusCode, 422)
      assert.equal(await countPosts(), before)
    })

    test('a submit faster than a person re-renders with the text kept', async () => {
      const article = await t.makeArticle()
      const fast = t.agent(); fast.ip = freshIp()
      const before = await countPosts()
      const res = await t.comment(fast, article, guest('Quick Fingers', 'quick@example.com', { comment: 'Typed in no time' }), { waitMs: 500 })
      assert.equal(res.statusCode, 422)
      assert.match(res.body, /quicker than we expect from a person/)
      assert.match(res.body, />Typed in no time<\/textarea>/)
      assert.match(res.body, /value="Quick Fingers"/)
      assert.equal(await countPosts(), before)
    })

    test('one comment per 15 s per IP and per email: 429, Retry-After, a readable page with the text kept', async () => {
      const article = await t.makeArticle()
      const a = t.agent(); a.ip = freshIp()
      redirectTarget(await t.comment(a, article, guest('Flo Fast', 'flo@example.com'), { waitMs: 4_000 }))
      const again = await t.comment(a, article, guest('Flo Fast', 'other@example.com', { comment: 'Too soon from this IP' }), { waitMs: 4_000 })
      assert.equal(again.statusCode, 429)
      assert.ok(Number(again.headers['retry-after']) > 0 && Number(again.headers['retry-after']) <= 15)
      assert.match(again.body, /one comment every 15 seconds/)
      assert.match(again.body, />Too soon from this IP<\/textarea>/)
      assert.match(again.body, /<h1>/, 'a whole page, not a bare error')

      // A different address with the same email is still limited.
      const b = t.agent(); b.ip = freshIp()
      const sameEmail = await t.comment(b, article, guest('Flo Fast', 'flo@example.com', { comment: 'Same email, new IP' }), { waitMs: 4_000 })
      assert.equal(sameEmail.statusCode, 429)
      assert.match(sameEmail.body, />Same email, new IP<\/textarea>/)

      t.clock.advance(POST_LIMITS.comment.intervalMs)
      redirectTarget(await t.comment(b, article, guest('Flo Fast', 'flo@example.com', { comment: 'Same email, new IP' })))
    })

    test('the same text within 5 minutes is refused', async () => {
      const article = await t.makeArticle()
      const a = t.agent(); a.ip = freshIp()
      const text = 'Exactly the same words twice.'
      redirectTarget(await t.comment(a, article, guest('Gus Twice', 'gus@example.com', { comment: text })))
      t.clock.advance(POST_LIMITS.comment.intervalMs + 1000)
      const dup = await t.comment(a, article, guest('Gus Twice', 'gus@example.com', { comment: text }))
      assert.equal(dup.statusCode, 422)
      assert.match(dup.body, /already posted|just posted this same comment/)
      t.clock.advance(POST_LIMITS.comment.duplicateWindowMs)
      redirectTarget(await t.comment(a, article, guest('Gus Twice', 'gus@example.com', { comment: text })))
    })

    test('a daily cap per IP', async () => {
      const article = await t.makeArticle()
      const a = t.agent(); a.ip = freshIp()
      for (let i = 0; i < POST_LIMITS.comment.perDay; i++) {
        redirectTarget(await t.comment(a, article, guest('Hal Daily', `hal${i}@example.com`, { comment: `Comment number ${i}` }), { waitMs: POST_LIMITS.comment.intervalMs + 1000 }))
      }
      const capped = await t.comment(a, article, guest('Hal Daily', 'hal-last@example.com', { comment: 'One too many' }), { waitMs: POST_LIMITS.comment.intervalMs + 1000 })
      assert.equal(capped.statusCode, 429)
      assert.match(capped.body, /today’s limit/)
      assert.match(capped.body, />One too many<\/textarea>/)
      t.clock.advance(LIMITS.dayMs)
      redirectTarget(await t.comment(a, article, guest('Hal Daily', 'hal-last@example.com', { comment: 'Next day' })))
    })

    test('bad input re-renders with 422, a message per field and every typed value kept', async () => {
      const article = await t.makeArticle()
      const a = t.agent(); a.ip = freshIp()
      const long = 'x'.repeat(6000)
      const res = await t.comment(a, article, { name: 'Ida <Long>', email: 'ida@example.com', url: 'ida.example', comment: long })
      assert.equal(res.statusCode, 422)
      assert.match(res.body, /Your comment is 6,000 characters; the limit is 5,000\./)
      assert.match(res.body, /value="Ida &lt;Long>"|value="Ida &lt;Long&gt;"/)
      assert.ok(res.body.includes(long))

      const empty = await t.comment(a, article, { name: '', email: '', url: '', comment: 'Kept text' })
      assert.equal(empty.statusCode, 422)
      assert.match(empty.body, /Enter your name\./)
      assert.match(empty.body, /Enter your email address\./)
      assert.match(empty.body, />Kept text<\/textarea>/)

      const bad = await t.comment(a, article, { name: 'Jo', email: 'not-an-email', url: 'javascript:alert(1)', comment: 'Kept again' })
      assert.equal(bad.statusCode, 422)
      assert.match(bad.body, /Enter a valid email address/)
      assert.match(bad.body, /Enter a web address/)
      assert.match(bad.body, /value="not-an-email"/)
      assert.match(bad.body, /value="Jo"/)
      assert.match(bad.body, /class="form-errors"/)
      assert.equal(await countPostsBy('ida@example.com'), 0)
    })

    test('"Save my name and email" sets a signed HttpOnly cookie for a year; unchecked clears it', async () => {
      const article = await t.makeArticle()
      const a = t.agent(); a.ip = freshIp()
      const res = await t.comment(a, article, guest('Kim Saved', 'kim@example.com', { url: 'kim.example', remember: 'on' }))
      redirectTarget(res)
      const cookie = (res.cookies as { name: string; httpOnly?: boolean; maxAge?: number; value: string }[]).find((c) => c.name === 'crown_commenter')!
      assert.equal(cookie.httpOnly, true)
      assert.ok(cookie.maxAge! >= 364 * 24 * 3600)
      assert.ok(!cookie.value.includes('kim@example.com') || cookie.value.includes('.'), 'signed')
      const page = await a.get(article.path)
      assert.match(page.body, /id="f-name"[^>]*value="Kim Saved"|value="Kim Saved"[^>]*id="f-name"/)
      assert.match(page.body, /value="https:\/\/kim\.example\/"/)
      t.clock.advance(POST_LIMITS.comment.intervalMs)
      const forget = await t.comment(a, article, guest('Kim Saved', 'kim@example.com'))
      redirectTarget(forget)
      assert.equal(a.cookies.get('crown_commenter'), undefined)
      assert.doesNotMatch((await a.get(article.path)).body, /value="Kim Saved"/)
    })

    test('signed-in staff see "Logged in as", post at once, and carry Author or Staff badges', async () => {
      const editor = await t.signedIn('editor', 'Erin Editor')
      const article = await t.makeArticle({ authorUserId: editor.userId })
      const page = await editor.get(article.path)
      assert.match(page.body, /Logged in as <strong>Erin Editor<\/strong>/)
      assert.doesNotMatch(page.body, /id="f-email"/)
      redirectTarget(await t.comment(editor, article, { comment: 'From the author of this article.' }))
      const mod = await t.signedIn('moderator', 'Max Moderator')
      redirectTarget(await t.comment(mod, article, { comment: 'From a moderator.' }))
      const html = (await t.agent().get(article.path)).body
      assert.match(html, /Erin Editor<\/span><span class="comment__badge comment__badge--author">Author<\/span>/)
      assert.match(html, /Max Moderator<\/span><span class="comment__badge comment__badge--staff">Staff<\/span>/)
    })

    test('replies nest to level 5; deeper replies render at level 5 "in reply to" their parent', async () => {
      const article = await t.makeArticle()
      const thread = await ensureCommentThread(t.deps.db, article, t.clock.now())
      let parent: PostRow | null = null
      const names: string[] = []
      for (let depth = 0; depth < 8; depth++) {
        const name = `Level Writer ${depth}`
        names.push(name)
        parent = await t.deps.db.transaction().execute((trx) => createPost(t.deps, trx, {
          thread, parent, author: { userId: null, name, email: `lw${depth}@example.com`, url: null, role: null, key: null },
          bodyMd: `depth ${depth}`, status: 'approved', heldReason: null, ipHash: null, notify: false, at: t.clock.now(),
        }))
      }
      const html = (await t.agent().get(article.path)).body
      for (let depth = 0; depth < 8; depth++) {
        const level = Math.min(depth + 1, 5)
        const id = commentIdOf(html, names[depth])
        assert.match(html, new RegExp(`<li class="comment comment--level-${level}"><article id="comment-${id}"`), `depth ${depth} renders at level ${level}`)
      }
      assert.doesNotMatch(html, /comment--level-6/)
      const deep = html.slice(html.indexOf(`id="comment-${commentIdOf(html, names[6])}"`))
      assert.match(deep, new RegExp(`^[^]*?in reply to <a href="#comment-${commentIdOf(html, names[5])}">${names[5]}</a>`))
      const lvl4 = html.slice(html.indexOf(`id="comment-${commentIdOf(html, names[4])}"`), html.indexOf(`id="comment-${commentIdOf(html, names[5])}"`))
      assert.doesNotMatch(lvl4, /in reply to/, 'nested replies need no "in reply to"')
    })

    test('beyond 100 top-level comments the thread pages, and permalinks find the right page', async () => {
      const article = await t.makeArticle()
      const thread = await ensureCommentThread(t.deps.db, article, t.clock.now())
      const ids: string[] = []
      await t.deps.db.transaction().execute(async (trx) => {
        for (let i = 0; i < TOP_LEVEL_PER_PAGE + 5; i++) {
          const p = await createPost(t.deps, trx, {
            thread, parent: null, author: { userId: null, name: `Pager ${i}`, email: `pager${i}@example.com`, url: null, role: null, key: null },
            bodyMd: `Top-level ${i}`, status: 'approved', heldReason: null, ipHash: null, notify: false, at: t.clock.now(),
          })
          ids.push(p.short_id)
        }
      })
      const first = (await t.agent().get(article.path)).body
      assert.match(first, /105 thoughts on/)
      assert.match(first, /Comment page 1 of 2/)
      assert.match(first, />Top-level 0</)
      assert.match(first, />Top-level 99</)
      assert.doesNotMatch(first, />Top-level 100</)
      assert.match(first, new RegExp(`href="${article.path}/comment-page/2#comments"`))
      const second = await t.agent().get(`${article.path}/comment-page/2`)
      assert.equal(second.statusCode, 200)
      assert.match(second.body, />Top-level 100</)
      assert.doesNotMatch(second.body, />Top-level 99</)
      assert.equal(redirectTarget(await t.agent().get(`/comments/${ids[102]}`)), `${article.path}/comment-page/2#comment-${ids[102]}`)
      assert.equal(redirectTarget(await t.agent().get(`/comments/${ids[3]}`)), `${article.path}#comment-${ids[3]}`)
      assert.equal((await t.agent().get(`${article.path}/comment-page/3`)).statusCode, 404)
    })

    test('without JavaScript, ?replytocom renders the form under that comment with "Replying to" and Cancel', async () => {
      const article = await t.makeArticle()
      const a = t.agent(); a.ip = freshIp()
      redirectTarget(await t.comment(a, article, guest('Lu Parent', 'lu@example.com')))
      await approveAll()
      const html = (await t.agent().get(article.path)).body
      const id = commentIdOf(html, 'Lu Parent')
      assert.match(html, new RegExp(`href="${article.path}\\?replytocom=${id}#respond"`))
      const replying = (await t.agent().get(`${article.path}?replytocom=${id}`)).body
      assert.match(replying, /Replying to Lu Parent/)
      assert.match(replying, new RegExp(`<a href="${article.path}#respond">Cancel reply</a>`))
      assert.match(replying, new RegExp(`name="parent" value="${id}"`))
      const card = replying.indexOf(`id="comment-${id}"`)
      assert.ok(card > 0 && replying.indexOf('id="respond"') > card, 'the form sits under the comment')
    })

    test('the commenter email never appears in any page or feed', async () => {
      const article = await t.makeArticle()
      const a = t.agent(); a.ip = freshIp()
      redirectTarget(await t.comment(a, article, guest('Secret Keeper', 'secret.keeper@example.com', { remember: 'on' })))
      await approveAll()
      const member = await t.signedIn('member')
      for (const [who, url] of [
        [t.agent(), article.path], [t.agent(), `/comments/${commentIdOf((await a.get(article.path)).body, 'Secret Keeper')}`], [t.agent(), '/feed.xml'], [t.agent(), '/atom.xml'], [t.agent(), '/'],
        [member, '/admin/comments'], [member, '/admin/comments?status=approved'], [t.agent(), '/admin/comments'],
      ] as const) {
        const res = await who.get(url)
        assert.ok(!res.body.includes('secret.keeper@example.com'), `no email on ${url}`)
        assert.ok(!res.body.toLowerCase().includes('secret.keeper%40example.com'))
      }
    })

    test('comment text is sanitized Markdown: XSS payloads through name, website and comment stay inert', async () => {
      const article = await t.makeArticle()
      const a = t.agent()
      const payloads = XSS_PAYLOADS
      assert.ok(payloads.length >= 50)
      for (const [i, p] of payloads.entries()) {
        a.ip = `192.0.2.${(i % 200) + 1}`
        t.clock.advance(POST_LIMITS.comment.intervalMs + 1000)
        const res = await t.comment(a, article, { name: `X${i} ${p}`.slice(0, 80), email: `xss${i}@example.com`, url: i % 3 === 0 ? p : `https://ok${i}.example/${encodeURIComponent(p).slice(0, 50)}`, comment: `${p}\n\n[click](${p}) and <${p}>` })
        assert.ok([303, 422].includes(res.statusCode), `payload ${i}: ${res.statusCode}`)
        if (res.statusCode === 422) assertInert(res.body, `re-render of payload ${i}`)
      }
      await approveAll()
      const staff = await t.signedIn('moderator')
      for (const html of [(await t.agent().get(article.path)).body, (await staff.get('/admin/comments?status=approved')).body]) {
        assertInert(html, 'page')
      }
    })

    test('links in comments get rel="nofollow ugc noopener"; images, headings and raw HTML do not survive', async () => {
      const article = await t.makeArticle()
      const a = t.agent(); a.ip = freshIp()
      redirectTarget(await t.comment(a, article, guest('Mo Markdown', 'mo@example.com', {
        comment: '# Big heading\n\n![pixel](https://tracker.example/p.gif)\n\n<b>raw</b> **bold** [study](https://doi.org/10.1/x)\n\n> quoted\n\n- one\n- two\n\n`code`',
      })))
      await approveAll()
      const html = (await t.agent().get(article.path)).body
      const body = html.slice(html.indexOf('class="comment__body"'), html.indexOf('class="comment__actions"'))
      assert.match(body, /<a href="https:\/\/doi\.org\/10\.1\/x" rel="nofollow ugc noopener">study<\/a>/)
      assert.match(body, /<strong>bold<\/strong>/)
      assert.match(body, /<blockquote>/)
      assert.match(body, /<li>one<\/li>/)
      assert.match(body, /<code>code<\/code>/)
      assert.doesNotMatch(body, /<h1|<img|<b>/)
      assert.match(body, /&lt;b&gt;raw&lt;\/b&gt;/)
    })

    async function countPosts() {
      const r = await t.deps.db.selectFrom('discussion_posts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
      return Number(r.n)
    }
    async function countPostsBy(email: string) {
      const r = await t.deps.db.selectFrom('discussion_posts').select((eb) => eb.fn.countAll<number>().as('n')).where('author_email', '=', email).executeTakeFirstOrThrow()
      return Number(r.n)
    }
  })
}

/** Structural check: no script element, no event-handler attribute, no javascript:/data: URL in any attribute. */
function assertInert(html: string, where: string) {
  const tagRe = /<([a-z][a-z0-9-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*\/?>/gi
  const attrRe = /([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?/g
  for (const tag of html.matchAll(tagRe)) {
    const name = tag[1].toLowerCase()
    if (name === 'script') assert.match(tag[0], /^<script (src="\/assets\/build\/app\.js\?v=[^"]+" defer|type="application\/ld\+json")/, `${where}: unexpected ${tag[0]}`)
    assert.ok(!['iframe', 'object', 'embed', 'svg', 'math', 'base', 'img', 'style', 'video', 'details'].includes(name), `${where}: dangerous element ${tag[0]}`)
    for (const a of tag[2].matchAll(attrRe)) {
      const attr = a[1].toLowerCase()
      assert.ok(!attr.startsWith('on'), `${where}: event handler in ${tag[0]}`)
      assert.notEqual(attr, 'style', `${where}: style attribute in ${tag[0]}`)
      if (['href', 'src', 'action', 'formaction', 'xlink:href', 'srcset', 'data', 'poster'].includes(attr) && a[2]) {
        const value = a[2].replace(/^["']|["']$/g, '').replace(/&#x?[0-9a-f]+;?/gi, '').replace(/\s/g, '').replace(/\p{Cc}/gu, '').toLowerCase()
        assert.doesNotMatch(value, /^(javascript|data|vbscript):/, `${where}: dangerous URL in ${tag[0]}`)
      }
    }
  }
}

const XSS_PAYLOADS = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=//evil.example/x.js></SCRIPT>',
  '<img src=x onerror=alert(1)>',
  '<svg onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<body onload=alert(1)>',
  '<a href="javascript:alert(1)">x</a>',
  '<a href="JaVaScRiPt:alert(1)">x</a>',
  '<a href="&#106;avascript:alert(1)">x</a>',
  '<a href="java\tscript:alert(1)">x</a>',
  'javascript:alert(1)',
  'JAVASCRIPT:alert(1)',
  ' javascript:alert(1)',
  'javascript&colon;alert(1)',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
  '[x](javascript:alert(1))',
  '[x](JAVASCRIPT:alert(1))',
  '[x](data:text/html;base64,PHNjcmlwdD4=)',
  '[x](&#x6A;avascript:alert(1))',
  '[x](javas%63ript:alert(1))',
  '[x]( javascript:alert(1))',
  '[x](<javascript:alert(1)>)',
  '![x](javascript:alert(1))',
  '![x](https://x.example/x.png"onerror="alert(1))',
  '[x](https://x.example "title" onclick="alert(1)")',
  '<https://x.example/"onmouseover="alert(1)>',
  '"><script>alert(1)</script>',
  '\'><img src=x onerror=alert(1)>',
  '" onmouseover="alert(1)',
  "' onfocus='alert(1)' autofocus='",
  '<div style="background:url(javascript:alert(1))">',
  '<style>@import "javascript:alert(1)";</style>',
  '<link rel=stylesheet href=javascript:alert(1)>',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<object data="javascript:alert(1)"></object>',
  '<embed src="javascript:alert(1)">',
  '<form action="javascript:alert(1)"><button>x</button></form>',
  '<button formaction="javascript:alert(1)">x</button>',
  '<input onfocus=alert(1) autofocus>',
  '<details open ontoggle=alert(1)>',
  '<video><source onerror=alert(1)></video>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<base href="javascript:alert(1)//">',
  '<!--<img src="--><img src=x onerror=alert(1)//">',
  '<scr<script>ipt>alert(1)</scr</script>ipt>',
  '<<script>alert(1);//<</script>',
  '<img src="x` `<script>alert(1)</script>"` `>',
  '`<img src=x onerror=alert(1)>`',
  '```\n<script>alert(1)</script>\n```',
  '> <script>alert(1)</script>',
  '- <img src=x onerror=alert(1)>',
  '**<a href="javascript:alert(1)">bold</a>**',
  '[a](https://ok.example/)<img src=x onerror=alert(1)>',
  '<a href=" &#14; javascript:alert(1)">x</a>',
  '<x onclick=alert(1)>click',
  '<textarea><script>alert(1)</script></textarea>',
  '</textarea><script>alert(1)</script>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '\u003cscript\u003ealert(1)\u003c/script\u003e',
]
