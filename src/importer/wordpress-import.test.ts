import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import sharp from 'sharp'
import { createHash } from 'node:crypto'
import { testApp, type TestApp } from '../test/harness.js'
import { testDialects } from '../test/databases.js'
import { chunksOf, fixture } from './fixtures.js'
import { importWordPress, type WordPressImportOptions } from './wordpress-import.js'
import { relinkOldSite } from './wp-text.js'
import { ImportFileError } from './import-file-error.js'

const SITE = fs.readFileSync(fixture('site.wxr.xml'), 'utf8')

/** Every row of the tables an import writes, in a stable order, hashed: two equal databases hash the same. */
async function databaseHash(t: TestApp): Promise<{ hash: string; counts: Record<string, number> }> {
  const tables = ['users', 'categories', 'tags', 'articles', 'article_categories', 'article_tags', 'discussion_threads', 'discussion_posts', 'import_map', 'search_documents', 'redirects', 'forum_categories'] as const
  const h = createHash('sha256')
  const counts: Record<string, number> = {}
  for (const table of tables) {
    const rows = await t.deps.db.selectFrom(table).selectAll().execute()
    const lines = rows.map((r) => JSON.stringify(Object.entries(r).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, (v as unknown) instanceof Date ? (v as unknown as Date).toISOString() : v]))).sort()
    counts[table] = rows.length
    h.update(`${table}\n${lines.join('\n')}\n`)
  }
  return { hash: h.digest('hex'), counts }
}

for (const dialect of testDialects()) {
  describe(`importing a WordPress export on ${dialect}`, () => {
    let t: TestApp
    const opts = (): WordPressImportOptions => ({})
    /** Where an old address answers now: the 301's target, or the status when it is not a 301. */
    const answer = async (url: string) => {
      const res = await t.agent().get(url)
      return res.statusCode === 301 ? String(res.headers.location) : `status ${res.statusCode}`
    }
    let first: Awaited<ReturnType<typeof importWordPress>>
    before(async () => {
      t = await testApp(dialect)
      first = await importWordPress(t.deps, chunksOf(SITE), opts())
    })
    after(() => t.close())

    const article = (slug: string) => t.deps.db.selectFrom('articles').selectAll().where('slug', '=', slug).executeTakeFirst()

    test('posts and pages with their status, dates, authors, excerpt and sticky flag', async () => {
      const massage = await article('scalp-massage-routine')
      assert.ok(massage, 'the published post is there under its old slug')
      assert.equal(massage.status, 'published')
      assert.equal(new Date(massage.published_at!).toISOString(), '2026-01-15T14:30:00.000Z', 'the GMT date is the publish instant')
      const about = await article('about')
      assert.equal(about?.kind, 'page')
      assert.equal(about?.comments_enabled, 0, 'comment status closed')
      const draft = await t.deps.db.selectFrom('articles').select(['status', 'published_at', 'slug']).where('title', 'like', 'Minoxidil foam or liquid%').executeTakeFirstOrThrow()
      assert.equal(draft.slug, 'minoxidil-foam-or-liquid-draft', 'a draft WordPress gave no slug gets one from its title')
      assert.equal(draft.status, 'draft')
      assert.equal(draft.published_at, null)
      const future = await t.deps.db.selectFrom('articles').select(['status', 'published_at']).where('title', 'like', 'A year of scalp massage%').executeTakeFirstOrThrow()
      assert.equal(future.status, 'scheduled')
      assert.ok(future.published_at)
      const privatePost = await t.deps.db.selectFrom('articles').select('status').where('title', '=', 'Editorial calendar').executeTakeFirstOrThrow()
      assert.equal(privatePost.status, 'draft', 'a private post stays out of public view')
      assert.equal((await article('start-here'))?.sticky, 1)
      const locked = await t.deps.db.selectFrom('articles').select('status').where('title', 'like', 'Dermaroller cleaning%').executeTakeFirstOrThrow()
      assert.equal(locked.status, 'draft', 'a password-protected post is a draft')
      assert.ok(first.report.warnings.some((w) => /password-protected/.test(w.message)))
      assert.ok(first.report.warnings.some((w) => /was private/.test(w.message)))
    })

    test('authors become staff accounts without a password; categories keep their hierarchy; tags', async () => {
      const mara = await t.deps.db.selectFrom('users').selectAll().where('email', '=', 'mara@rootwise.example').executeTakeFirstOrThrow()
      assert.equal(mara.name, 'Mara Quinlan')
      assert.equal(mara.role, 'editor')
      assert.equal(mara.password_hash, '', 'no password: claimed by a reset')
      const massage = (await article('scalp-massage-routine'))!
      assert.equal(massage.author_id, mara.id)
      const cats = await t.deps.db.selectFrom('categories').select(['id', 'slug', 'name', 'parent_id']).execute()
      const care = cats.find((c) => c.slug === 'hair-care')!
      assert.equal(cats.find((c) => c.slug === 'scalp-care')?.parent_id, care.id)
      assert.equal(cats.find((c) => c.slug === 'treatments')?.name, 'Treatments & tools', 'HTML escaping is decoded')
      assert.ok(await t.deps.db.selectFrom('tags').select('id').where('slug', '=', 'minoxidil').executeTakeFirst())
      // A parent category's archive lists its children's articles too.
      const page = await t.agent().get('/category/hair-care')
      assert.equal(page.statusCode, 200)
      assert.match(page.body, /Five minutes of scalp massage/, 'a post filed under Scalp care is in Hair care’s archive')
      // Sticky posts come first on the home page, as on WordPress.
      const home = (await t.agent().get('/')).body
      const titles = [...home.matchAll(/<h2[^>]*>\s*<a[^>]*>([^<]+)<\/a>/g)].map((m) => m[1])
      assert.equal(titles[0], 'Start here: our guide to the hair-care basics', `home order: ${titles.join(' | ')}`)
    })

    test('comments keep their threading 6 deep, their states, and the author’s replies; pingbacks and a missing parent are reported', async () => {
      const massage = (await article('scalp-massage-routine'))!
      const thread = await t.deps.db.selectFrom('discussion_threads').selectAll().where('article_id', '=', massage.id).executeTakeFirstOrThrow()
      const posts = await t.deps.db.selectFrom('discussion_posts').selectAll().where('thread_id', '=', thread.id).orderBy('id').execute()
      assert.equal(Math.max(...posts.map((p) => p.depth)), 5, 'six levels: depths 0 to 5')
      const states = posts.map((p) => p.status)
      for (const s of ['approved', 'pending', 'spam', 'trash'] as const) assert.ok(states.includes(s), `a ${s} comment`)
      const mara = await t.deps.db.selectFrom('users').select('id').where('email', '=', 'mara@rootwise.example').executeTakeFirstOrThrow()
      assert.ok(posts.some((p) => p.author_user_id === mara.id && p.author_role === 'editor'), 'the author’s reply is theirs')
      assert.equal(first.report.counts.pingback?.skipped, 1)
      assert.ok(first.report.warnings.some((w) => /replies to comment 299, which is not in the export/.test(w.message)))
      const orphan = posts.find((p) => p.body_md.length && p.parent_id === null && p.depth === 0)
      assert.ok(orphan)
      assert.equal(thread.post_count, posts.filter((p) => p.status === 'approved').length, 'the count is of approved comments, as WordPress counts them')
      // The emails are kept for staff, never shown.
      const page = await t.agent().get('/scalp-massage-routine')
      assert.equal(page.statusCode, 200)
      for (const p of posts.filter((x) => x.author_email)) assert.ok(!page.body.includes(p.author_email!), 'no commenter email on the page')
    })

    test('a bbPress forum becomes a forum category with its topic, threaded replies, a guest’s reply and a spam reply kept as spam', async () => {
      const cat = await t.deps.db.selectFrom('forum_categories').selectAll().where('slug', '=', 'minoxidil-questions').executeTakeFirstOrThrow()
      assert.equal(cat.name, 'Minoxidil questions')
      const topic = await t.deps.db.selectFrom('discussion_threads').selectAll().where('category_id', '=', cat.id).executeTakeFirstOrThrow()
      assert.equal(topic.title, 'Shedding in week six?')
      assert.equal(topic.listed, 1)
      const posts = await t.deps.db.selectFrom('discussion_posts').selectAll().where('thread_id', '=', topic.id).orderBy('post_number').execute()
      assert.deepEqual(posts.map((p) => p.post_number), [1, 2, 3, 4])
      assert.deepEqual(posts.map((p) => p.status), ['approved', 'approved', 'approved', 'spam'])
      const tobi = await t.deps.db.selectFrom('users').select(['id', 'role']).where('email', '=', 'tobi@rootwise.example').executeTakeFirstOrThrow()
      assert.equal(posts[0]!.author_user_id, tobi.id, 'the topic’s author wrote the opening post')
      const guest = posts[2]!
      assert.equal(guest.author_name, 'Priya (guest)')
      assert.equal(guest.author_user_id, null)
      assert.equal(guest.parent_id, posts[1]!.id, 'bbPress reply-to threads it under the reply it answers')
      assert.equal(topic.post_count, 3, 'the spam reply is not counted')
      const page = await t.agent().get(topic.subject_path)
      assert.equal(page.statusCode, 200)
      assert.match(page.body, /It passed by week ten/)
      assert.doesNotMatch(page.body, /Cheap pills/)
      assert.doesNotMatch(page.body, /priya@example\.net/)
      assert.equal(await answer('/forums/topic/shedding-in-week-six/'), topic.subject_path)
      assert.equal(await answer('/forums/forum/minoxidil-questions/'), '/forum/c/minoxidil-questions')
      assert.equal(await answer('/forums/reply/123/'), topic.subject_path)
    })

    test('old addresses answer 301 to their Crown address: /?p=, dated permalinks, pages, terms, authors, feeds, attachment pages, comment pages', async () => {
      assert.equal(await answer('/?p=101'), '/scalp-massage-routine')
      assert.equal(await answer('/2026/01/scalp-massage-routine/'), '/scalp-massage-routine')
      assert.equal(await answer('/2026/01/scalp-massage-routine/comment-page-2/'), '/scalp-massage-routine')
      assert.equal(await answer('/?p=101&cpage=2'), '/scalp-massage-routine')
      assert.equal(await answer('/?page_id=103'), '/about')
      assert.equal(await answer('/about/'), '/about')
      assert.equal(await answer('/category/hair-care/scalp-care/'), '/category/scalp-care')
      assert.equal(await answer('/?cat=4'), '/category/scalp-care')
      assert.equal(await answer('/tag/minoxidil/'), '/tag/minoxidil')
      assert.match(await answer('/author/mara/'), /^\/author\/mara/)
      assert.equal(await answer('/feed/'), '/feed.xml')
      assert.equal(await answer('/comments/feed/'), '/feed.xml')
      assert.equal(await answer('/2026/01/scalp-massage-routine/fingertips/'), '/scalp-massage-routine', 'an attachment page leads to its post')
      assert.equal(await answer('/?attachment_id=110'), '/scalp-massage-routine')
      assert.equal(await answer('/scalp-massage-routine'), 'status 200', 'the new address itself is served, not redirected')
      assert.equal(await answer('/2026/01/never-existed/'), 'status 404')
    })

    test('an old #comment-N link finds its comment: the article page’s script asks /comments/imported/N, which leads to the comment’s page', async () => {
      const first301 = await t.agent().get('/comments/imported/203')
      assert.equal(first301.statusCode, 301)
      const permalink = String(first301.headers.location)
      assert.match(permalink, /^\/comments\/[a-z0-9]+$/)
      const page = await t.agent().get(permalink)
      assert.equal(page.statusCode, 303)
      assert.match(String(page.headers.location), /^\/scalp-massage-routine(\/comment-page\/\d+)?#comment-[a-z0-9]+$/)
      assert.equal((await t.agent().get('/comments/imported/999999')).statusCode, 404)
      assert.equal((await t.agent().get('/comments/imported/abc')).statusCode, 404)
    })

    test('links to the old site’s own pages become site-relative, so they reach the new addresses through the redirects', () => {
      const html = '<a href="https://rootwise.example/2026/01/x/">a</a><a href="https://rootwise.example/wp-content/uploads/a.jpg">i</a><a href="https://other.example/x">o</a><a href="//rootwise.example/?p=1&amp;cpage=2#comment-5">c</a>'
      assert.equal(relinkOldSite(html, 'https://rootwise.example'),
        '<a href="/2026/01/x/">a</a><a href="https://rootwise.example/wp-content/uploads/a.jpg">i</a><a href="https://other.example/x">o</a><a href="/?p=1&amp;cpage=2#comment-5">c</a>')
    })

    test('the same file twice changes nothing: same rows, same content hash, every record unchanged', async () => {
      const before1 = await databaseHash(t)
      const again = await importWordPress(t.deps, chunksOf(SITE), opts())
      const after1 = await databaseHash(t)
      assert.deepEqual(after1.counts, before1.counts)
      assert.equal(after1.hash, before1.hash)
      for (const [kind, c] of Object.entries(again.report.counts)) {
        assert.equal(c.imported, 0, `${kind}: nothing new`)
        assert.equal(c.updated, 0, `${kind}: nothing updated`)
      }
      assert.ok((again.report.counts.comment?.unchanged ?? 0) >= 9)
    })

    test('a newer export updates what changed, and only that', async () => {
      const newer = SITE.replace('Five minutes of scalp massage: a routine', 'Five minutes of scalp massage: the routine').replace('<wp:comment_approved><![CDATA[0]]></wp:comment_approved>', '<wp:comment_approved><![CDATA[1]]></wp:comment_approved>')
      assert.notEqual(newer, SITE)
      const res = await importWordPress(t.deps, chunksOf(newer), opts())
      assert.equal(res.report.counts.post?.updated, 1)
      assert.equal(res.report.counts.comment?.updated, 1)
      assert.equal((await article('scalp-massage-routine'))?.title, 'Five minutes of scalp massage: the routine')
      const pending = await t.deps.db.selectFrom('discussion_posts').select('id').where('status', '=', 'pending').execute()
      assert.equal(pending.length, 0, 'the comment approved on the old site is approved here')
    })

    test('with --uploads, images go through the image pipeline: the featured image named before its attachment, metadata stripped; a second run reuses them', async () => {
      const other = await testApp(dialect)
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crown-uploads-'))
      try {
        fs.mkdirSync(path.join(dir, '2026', '01'), { recursive: true })
        const jpeg = await sharp({ create: { width: 900, height: 600, channels: 3, background: '#a0522d' } })
          .withExif({ IFD0: { Copyright: 'Secret Photographer', Artist: 'Secret Photographer' } }).jpeg().toBuffer()
        assert.ok(jpeg.includes('Secret Photographer'), 'the source carries EXIF')
        fs.writeFileSync(path.join(dir, '2026', '01', 'fingertips.jpg'), jpeg)
        const res = await importWordPress(other.deps, chunksOf(SITE), { uploads: dir })
        assert.equal(res.report.counts.image?.imported, 1, 'one image, however many times it is named')
        const post = await other.deps.db.selectFrom('articles').select(['featured_media_id', 'body_html']).where('slug', '=', 'scalp-massage-routine').executeTakeFirstOrThrow()
        assert.ok(post.featured_media_id, 'the featured image, whose attachment comes after the post, is set')
        const media = await other.deps.db.selectFrom('media').selectAll().where('id', '=', post.featured_media_id).executeTakeFirstOrThrow()
        assert.equal(media.original_name, 'fingertips.jpg')
        assert.match(post.body_html, /<figure class="figure">\s*<picture>[\s\S]*<figcaption>Fingertips, not nails: small circles from the hairline back\.<\/figcaption>/, 'the [caption] image is a figure of the imported picture')
        const files = fs.readdirSync(path.join(other.deps.config.dataDir, 'media')).filter((f) => f.startsWith(media.key))
        assert.ok(files.some((f) => f.endsWith('.webp')) && files.some((f) => f.endsWith('.jpg')), `sizes in WebP and JPEG: ${files}`)
        for (const f of files) assert.ok(!fs.readFileSync(path.join(other.deps.config.dataDir, 'media', f)).includes('Secret Photographer'), `${f}: no EXIF`)
        assert.ok(![...res.report.remoteImages].some((u) => u.endsWith('fingertips.jpg')), 'not listed as remote')
        const again = await importWordPress(other.deps, chunksOf(SITE), { uploads: dir })
        assert.equal(again.report.counts.image?.imported ?? 0, 0)
        assert.equal((await other.deps.db.selectFrom('media').select('id').execute()).length, 1)
      } finally {
        await other.close()
        fs.rmSync(dir, { recursive: true, force: true })
      }
    })

    test('without --uploads the images stay on the old site as links, and are listed', async () => {
      assert.ok([...first.report.remoteImages].includes('https://rootwise.example/wp-content/uploads/2026/01/fingertips.jpg'))
      const post = (await article('scalp-massage-routine'))!
      assert.match(post.body_html, /<a href="https:\/\/rootwise\.example\/wp-content\/uploads\/2026\/01\/fingertips\.jpg"[^>]*>/)
      assert.doesNotMatch(post.body_html, /<img[^>]+rootwise\.example/, 'no image is loaded from the old site')
    })

    test('an export cut short stops with the line, leaves whole articles, and the full file resumes where it stopped', async () => {
      const other = await testApp(dialect)
      try {
        const cut = SITE.slice(0, SITE.indexOf('Dermaroller cleaning, in pictures'))
        await assert.rejects(importWordPress(other.deps, chunksOf(cut)), (err: Error) => err instanceof ImportFileError && /ends inside/.test(err.message) && err.line > 400)
        const done = await other.deps.db.selectFrom('articles').select(['slug', 'id']).execute()
        assert.ok(done.some((a) => a.slug === 'scalp-massage-routine') && done.some((a) => a.slug === 'start-here'))
        assert.ok(!done.some((a) => /dermaroller/.test(a.slug)), 'the item being read when the file ended is not half there')
        const massage = done.find((a) => a.slug === 'scalp-massage-routine')!
        const comments = await other.deps.db.selectFrom('discussion_posts').innerJoin('discussion_threads', 'discussion_threads.id', 'discussion_posts.thread_id')
          .select('discussion_posts.id').where('discussion_threads.article_id', '=', massage.id).execute()
        assert.equal(comments.length, 10, 'an imported article has all its comments')
        const rest = await importWordPress(other.deps, chunksOf(SITE))
        assert.equal(rest.report.counts.post?.imported, 1, 'only the post the cut file lacked is new')
        assert.ok((rest.report.counts.post?.unchanged ?? 0) >= 5)
        assert.equal(rest.report.counts.comment?.imported ?? 0, 0)
      } finally {
        await other.close()
      }
    })

    test('a dry run reports and writes nothing', async () => {
      const other = await testApp(dialect)
      try {
        const res = await importWordPress(other.deps, chunksOf(SITE), { dryRun: true })
        assert.ok((res.report.counts.post?.imported ?? 0) >= 3)
        assert.equal((await other.deps.db.selectFrom('articles').select('id').execute()).length, 0)
        assert.equal((await other.deps.db.selectFrom('import_map').select('id').execute()).length, 0)
      } finally {
        await other.close()
      }
    })
  })
}
