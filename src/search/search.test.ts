import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'kysely'
import { testApp, type TestApp } from '../test/harness.js'
import { testDialects } from '../test/databases.js'
import { iso } from '../clock.js'
import { searchDocuments, searchFacets, searchPlan, type SearchOptions } from './queries.js'
import { indexDocument, removeDocument, type SearchDocument } from './index.js'
import { reindexArticles } from '../content/index.js'
import { saveArticle } from '../content/publishing.js'
import { ArticleFields } from '../content/schemas.js'
import { contentFixtures } from '../content/fixtures.js'
import { ANONYMOUS_SEARCHES_PER_MINUTE } from './routes.js'

const DAY = 86_400_000

for (const dialect of testDialects()) {
  describe(`site search on ${dialect}`, () => {
    let t: TestApp
    let n = 0
    before(async () => { t = await testApp(dialect) })
    after(() => t.close())

    const now = () => iso(t.clock.now())
    const past = (days = 1) => iso(new Date(t.clock.now().getTime() - days * DAY))
    const doc = (over: Partial<SearchDocument> & { title: string }): SearchDocument => {
      n++
      return { kind: 'article', ref: `doc-${n}`, url: `/doc-${n}`, body: '', publishedAt: past(), updatedAt: past(), ...over }
    }
    const search = (query: string, over: Partial<SearchOptions> = {}) =>
      searchDocuments(t.deps.db, { query, page: 1, perPage: 10, now: now(), ...over })
    const refs = async (query: string, over: Partial<SearchOptions> = {}) => (await search(query, over)).hits.map((h) => h.ref)

    test('stemmed: "massaging" finds "massage", "needles" finds "needle"', async () => {
      await indexDocument(t.deps.db, doc({ ref: 'stem-massage', title: 'A daily routine', body: 'Four minutes of massage each morning, with both hands.' }))
      await indexDocument(t.deps.db, doc({ ref: 'stem-needle', title: 'Choosing a roller', body: 'A longer needle is not better for the scalp.' }))
      assert.deepEqual(await refs('massaging'), ['stem-massage'])
      assert.deepEqual(await refs('needles'), ['stem-needle'])
      assert.deepEqual(await refs('Massaged MORNINGS'), ['stem-massage'], 'case and stems on every word')
      assert.deepEqual(await refs('massage needle'), [], 'every word must appear')
    })

    test('titles show their matches marked, stemmed, and stay escaped and whole', async () => {
      await indexDocument(t.deps.db, doc({ ref: 'title-mark', title: 'Massaging the scalp: a <b>daily</b> habit & "why"', body: 'Four minutes each morning.' }))
      const [hit] = (await search('massage')).hits
      assert.equal(hit.ref, 'title-mark')
      // The visible text is the title exactly, whichever way it was marked.
      assert.equal(hit.titleHtml.replace(/<\/?mark>/g, ''), 'Massaging the scalp: a &lt;b&gt;daily&lt;/b&gt; habit &amp; &quot;why&quot;')
      if (dialect === 'sqlite') assert.match(hit.titleHtml, /^<mark>Massaging<\/mark> the scalp/)
      const tags = hit.titleHtml.match(/<[^>]*>/g) ?? []
      assert.ok(tags.every((tag) => tag === '<mark>' || tag === '</mark>'), `only <mark> tags: ${tags.join(' ')}`)
      await indexDocument(t.deps.db, doc({ ref: 'title-plain', title: 'Needle lengths compared', body: 'Rolling at 0.5 mm.' }))
      const [plain] = (await search('needles')).hits
      assert.equal(plain.titleHtml, '<mark>Needle</mark> lengths compared')
    })

    test('a title match outranks a mention in the body', async () => {
      await indexDocument(t.deps.db, doc({ ref: 'rank-body', title: 'Notes from the clinic', body: 'We also talked about finasteride briefly, among many other things.', publishedAt: past(1) }))
      await indexDocument(t.deps.db, doc({ ref: 'rank-title', title: 'Finasteride, explained', body: 'A medicine that lowers DHT, taken as a tablet.', publishedAt: past(30) }))
      const { hits, total } = await search('finasteride')
      assert.equal(total, 2)
      assert.deepEqual(hits.map((h) => h.ref), ['rank-title', 'rank-body'])
      assert.ok(hits[0].rank > hits[1].rank, 'rank is reported higher-is-better')
    })

    test('snippets highlight matches and escape everything else', async () => {
      await indexDocument(t.deps.db, doc({
        ref: 'xss', title: 'Ketoconazole <b>shampoo</b>',
        body: 'Some people wash with ketoconazole <script>alert(1)</script> and <b>bold</b> claims & "quotes" \uE000forged\uE001 <img src=x onerror=alert(2)> every week.',
      }))
      const { hits } = await search('ketoconazole')
      assert.equal(hits.length, 1)
      const html = hits[0].snippetHtml
      assert.match(html, /<mark>ketoconazole<\/mark>/i)
      assert.doesNotMatch(html, /<script|<b>|<img/)
      assert.match(html, /&lt;img src=x onerror=alert\(2\)&gt;/)
      if (dialect === 'sqlite') {
        assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/)
        assert.match(html, /&lt;b&gt;bold&lt;\/b&gt;/)
      } else {
        // ts_headline's parser reads well-formed tags as markup and leaves
        // them out of the headline; what is left is escaped all the same.
        assert.match(html, /alert\(1\)\s+and\s+bold/)
      }
      assert.match(html, /&amp; &quot;quotes&quot;/)
      assert.doesNotMatch(html, /[\uE000\uE001]/)
      assert.doesNotMatch(html, /<mark>forged<\/mark>/, 'stored text cannot forge a highlight')
      const tags = html.match(/<[^>]*>/g) ?? []
      assert.ok(tags.length > 0 && tags.every((tag) => tag === '<mark>' || tag === '</mark>'), `only <mark> tags: ${tags.join(' ')}`)
      assert.equal(hits[0].title, 'Ketoconazole <b>shampoo</b>', 'titles come back as text; the view escapes them')

      const page = await t.agent().get('/search?q=ketoconazole')
      assert.equal(page.statusCode, 200)
      assert.match(page.body, /(<mark>)?Ketoconazole(<\/mark>)? &lt;b&gt;shampoo&lt;\/b&gt;<\/a>/)
      assert.doesNotMatch(page.body, /<script>alert|<b>bold|<b>shampoo|<img src=x/)
    })

    test('filters by kind and by category, with counts for each', async () => {
      const massage = { slug: 'filter-massage', name: 'Filter massage' }
      const minox = { slug: 'filter-minoxidil', name: 'Filter minoxidil' }
      await indexDocument(t.deps.db, doc({ kind: 'article', ref: 'f-a1', title: 'Dermaroller basics', category: massage }))
      await indexDocument(t.deps.db, doc({ kind: 'topic', ref: 'f-t1', url: '/forum/t/f-t1', title: 'My dermaroller diary', category: massage }))
      await indexDocument(t.deps.db, doc({ kind: 'post', ref: 'f-p1', url: '/forum/p/f-p1', title: 'Re: dermaroller and minoxidil', category: minox }))
      assert.equal((await search('dermaroller')).total, 3)
      assert.deepEqual(await refs('dermaroller', { kinds: ['topic'] }), ['f-t1'])
      assert.deepEqual((await refs('dermaroller', { kinds: ['article', 'post'] })).sort(), ['f-a1', 'f-p1'])
      assert.deepEqual((await refs('dermaroller', { category: 'filter-massage' })).sort(), ['f-a1', 'f-t1'])
      assert.deepEqual(await refs('dermaroller', { category: 'filter-massage', kinds: ['topic'] }), ['f-t1'])
      assert.deepEqual(await refs('dermaroller', { category: 'no-such-topic' }), [])
      const facets = await searchFacets(t.deps.db, { query: 'dermaroller', category: 'filter-massage', now: now() })
      assert.deepEqual(facets.kinds, [{ kind: 'article', count: 1 }, { kind: 'topic', count: 1 }])
      assert.deepEqual(facets.categories, [{ ...massage, count: 2 }, { ...minox, count: 1 }])
      const hit = (await search('dermaroller', { kinds: ['post'] })).hits[0]
      assert.deepEqual(hit.category, minox)
      assert.equal(hit.url, '/forum/p/f-p1')

      const page = await t.agent().get('/search?q=dermaroller&kind=topic')
      assert.match(page.body, /1 result for/)
      assert.match(page.body, /href="\/search\?q=dermaroller&amp;kind=topic&amp;category=filter-massage"/)
      assert.match(page.body, /aria-current="true"[^>]*>Forum topics/)
    })

    test('pages through results without repeats', async () => {
      for (let i = 0; i < 23; i++) await indexDocument(t.deps.db, doc({ ref: `page-${i}`, title: `Telogen note ${i}`, publishedAt: past(i + 1) }))
      const pages = await Promise.all([1, 2, 3, 4].map((page) => search('telogen', { page })))
      assert.deepEqual(pages.map((p) => p.total), [23, 23, 23, 23])
      assert.deepEqual(pages.map((p) => p.hits.length), [10, 10, 3, 0])
      const seen = pages.flatMap((p) => p.hits.map((h) => h.ref))
      assert.equal(new Set(seen).size, 23)
      // Equal ranks fall back to newest first.
      assert.equal(pages[0].hits[0].ref, 'page-0')

      const second = await t.agent().get('/search?q=telogen&page=2')
      assert.match(second.body, /23 results for/)
      assert.match(second.body, /page 2 of 3/)
      assert.match(second.body, /rel="prev" href="\/search\?q=telogen"/)
      assert.match(second.body, /rel="next" href="\/search\?q=telogen&amp;page=3"/)
      assert.match(second.body, /<ol class="search-results" start="11"/)
      const beyond = await t.agent().get('/search?q=telogen&page=9')
      assert.equal(beyond.statusCode, 200)
      assert.match(beyond.body, /fewer pages than that/)
    })

    test('index and remove replace documents by kind and ref', async () => {
      await indexDocument(t.deps.db, doc({ kind: 'post', ref: 'swap', title: 'First version about biotin' }))
      await indexDocument(t.deps.db, doc({ kind: 'post', ref: 'swap', title: 'Second version about zinc' }))
      assert.deepEqual(await refs('biotin'), [], 'the old text left the index')
      assert.deepEqual(await refs('zinc'), ['swap'])
      await removeDocument(t.deps.db, 'post', 'swap')
      await removeDocument(t.deps.db, 'post', 'never-indexed')
      assert.deepEqual(await refs('zinc'), [])
      const later = doc({ ref: 'future', title: 'Saw palmetto', publishedAt: iso(new Date(t.clock.now().getTime() + DAY)) })
      await indexDocument(t.deps.db, later)
      assert.deepEqual(await refs('palmetto'), [], 'not found before its date')
      assert.deepEqual(await refs('palmetto', { now: iso(new Date(t.clock.now().getTime() + 2 * DAY)) }), ['future'])
    })

    test('odd queries return normally', async () => {
      await indexDocument(t.deps.db, doc({ ref: 'odd', title: 'Odd query target', body: 'Near the crown, not the temples.' }))
      const odd = ['"', '""', '*', 'AND', 'OR', 'NOT', 'NEAR(', 'near(crown temples, 2)', 'a:b', 'title:crown', 'crown*', '-crown', '^crown', "'; drop table search_documents; --",
        '(', ')', '&', '|', '!', '<->', ':*', '\\', '🙂', '🙂 crown 🙂', 'x'.repeat(2000), 'crown '.repeat(400), '\u0000', 'é', '北京', 'the', 'a']
      for (const q of odd) {
        await assert.doesNotReject(() => search(q), `searchDocuments(${JSON.stringify(q.slice(0, 30))})`)
        await assert.doesNotReject(() => searchFacets(t.deps.db, { query: q, now: now() }))
      }
      assert.deepEqual(await refs('NEAR(crown temples)'), ['odd'], 'operators are words, not syntax')
      assert.deepEqual(await refs('-crown'), ['odd'])
      const agent = t.agent()
      agent.ip = '198.51.100.20'
      for (const q of ['"', '*', 'AND', 'NEAR(', 'a:b', '🙂', 'x'.repeat(2000), '%', '%E0%A4%A']) {
        const res = await agent.get(`/search?q=${q.startsWith('%') ? q : encodeURIComponent(q)}`)
        assert.ok(res.statusCode === 200 || res.statusCode === 400, `${q.slice(0, 20)}: ${res.statusCode}`)
        if (q !== '%E0%A4%A') assert.equal(res.statusCode, 200, `${q.slice(0, 20)}: ${res.statusCode}`)
      }
      const blank = await agent.get('/search?q=%22%21%3F')
      assert.match(blank.body, /Type a word to search for/)
      const empty = await agent.get('/search')
      assert.equal(empty.statusCode, 200)
      assert.match(empty.body, /What are you looking for/)
      const repeated = await agent.get('/search?q=crown&q=temples&kind=nonsense&category=BAD!&page=-4')
      assert.equal(repeated.statusCode, 200)
      assert.match(repeated.body, /result/)
    })

    test('the query plan reads the full-text index', async () => {
      if (dialect === 'sqlite') {
        const plan = await searchPlan(t.deps.db, 'massage')
        assert.match(plan, /VIRTUAL TABLE INDEX \d+:M/, plan)
        assert.match(plan, /SEARCH d USING INTEGER PRIMARY KEY/, plan)
      } else {
        // A handful of rows makes a scan cheapest; forbid it, then check the
        // GIN index is what the planner can use instead.
        const plan = await t.deps.db.transaction().execute(async (trx) => {
          await sql`set local enable_seqscan = off`.execute(trx)
          return searchPlan(trx, 'massage')
        })
        assert.match(plan, /search_documents_vector_idx/, plan)
      }
    })

    test('articles: found when published, gone when unpublished, drafts never indexed', async () => {
      const editor = await t.signedIn('editor')
      const f = contentFixtures(t)
      const category = await f.category('Search scalp care', 'search-scalp-care')
      const save = (id: number | undefined, fields: Record<string, string>) =>
        saveArticle(t.deps, { id, input: ArticleFields.parse(fields), categoryIds: [category], tagIds: [], authorId: editor.userId })

      const draft = await save(undefined, { title: 'Rosemary oil draft', body: 'Rosemary oil, compared with minoxidil.', action: 'draft' })
      assert.equal(draft.kind, 'saved')
      assert.deepEqual(await refs('rosemary'), [], 'a draft is never indexed')

      if (draft.kind !== 'saved') return
      await save(draft.id, { title: 'Rosemary oil', slug: 'rosemary-oil', body: 'Rosemary oil, compared with minoxidil.', action: 'publish' })
      const { hits } = await search('rosemary')
      assert.deepEqual(hits.map((h) => [h.kind, h.ref, h.url, h.category?.slug]), [['article', 'rosemary-oil', '/rosemary-oil', 'search-scalp-care']])

      await save(draft.id, { title: 'Rosemary oil', slug: 'rosemary-oil-evidence', body: 'Rosemary oil, compared with minoxidil, in one trial.', action: 'publish' })
      assert.deepEqual(await refs('rosemary'), ['rosemary-oil-evidence'], 'a new slug replaces the old entry')

      await save(draft.id, { title: 'Rosemary oil', slug: 'rosemary-oil-evidence', body: 'Rosemary oil.', action: 'unpublish' })
      assert.deepEqual(await refs('rosemary'), [], 'unpublishing removes it')
      assert.equal((await t.agent().get('/search?q=rosemary')).body.includes('rosemary-oil'), false)

      const at = new Date(t.clock.now().getTime() + 2 * DAY).toISOString().slice(0, 16)
      const scheduled = await save(undefined, { title: 'Pumpkin seed oil', body: 'Pumpkin seed oil and DHT.', action: 'schedule', publish_at: at })
      assert.equal(scheduled.kind, 'saved')
      assert.deepEqual(await refs('pumpkin'), [], 'scheduled: not yet')
      t.clock.advance(3 * DAY)
      assert.deepEqual(await refs('pumpkin'), ['pumpkin-seed-oil'], 'found once its time has come')
    })

    test('an article in several categories is filed, filtered and counted under each', async () => {
      const editor = await t.signedIn('editor')
      const f = contentFixtures(t)
      const [scalp, diet, sleep] = [await f.category('Multi scalp', 'multi-scalp'), await f.category('Multi diet', 'multi-diet'), await f.category('Multi sleep', 'multi-sleep')]
      const save = (id: number | undefined, categoryIds: number[]) => saveArticle(t.deps, {
        id, input: ArticleFields.parse({ title: 'Zinc and iron', slug: 'zinc-and-iron', body: 'Zinc and ferritin levels in shedding.', action: 'publish' }), categoryIds, tagIds: [], authorId: editor.userId,
      })
      const saved = await save(undefined, [diet, scalp])
      assert.equal(saved.kind, 'saved')
      if (saved.kind !== 'saved') return
      for (const slug of ['multi-scalp', 'multi-diet']) {
        assert.deepEqual(await refs('zinc', { category: slug }), ['zinc-and-iron'], slug)
        assert.deepEqual(await refs('zinc', { category: slug, kinds: ['article'] }), ['zinc-and-iron'], `${slug}, articles only`)
        assert.deepEqual(await refs('zinc', { category: slug, kinds: ['topic'] }), [], `${slug}, topics only`)
      }
      assert.deepEqual(await refs('zinc', { category: 'multi-sleep' }), [])
      const [hit] = (await search('zinc')).hits
      assert.equal(hit.category?.slug, 'multi-diet', 'the first by name is the one shown')
      const facets = await searchFacets(t.deps.db, { query: 'zinc', now: now() })
      assert.deepEqual(facets.categories.map((c) => [c.slug, c.count]), [['multi-diet', 1], ['multi-scalp', 1]])
      assert.equal((await search('zinc', { category: 'multi-scalp' })).hits[0].category?.name, 'Multi scalp', 'filtered by a topic, the hit shows that topic')
      const page = await t.agent().get('/search?q=zinc&category=multi-scalp')
      assert.match(page.body, /href="\/zinc-and-iron"/)

      // Moved to other categories: filed under the new ones only.
      await save(saved.id, [sleep])
      assert.deepEqual(await refs('zinc', { category: 'multi-scalp' }), [])
      assert.deepEqual(await refs('zinc', { category: 'multi-sleep' }), ['zinc-and-iron'])
      await save(saved.id, [scalp, sleep])
      await reindexArticles(t.deps)
      assert.deepEqual((await searchFacets(t.deps.db, { query: 'zinc', now: now() })).categories.map((c) => c.slug), ['multi-scalp', 'multi-sleep'], 'a full reindex files it the same way')
      const stored = await t.deps.db.selectFrom('search_document_categories').innerJoin('search_documents', 'search_documents.id', 'search_document_categories.document_id')
        .select('search_document_categories.slug').where('search_documents.ref', '=', 'zinc-and-iron').orderBy('slug').execute()
      assert.deepEqual(stored.map((r) => r.slug), ['multi-scalp', 'multi-sleep'])
      await removeDocument(t.deps.db, 'article', 'zinc-and-iron')
      assert.deepEqual(await refs('zinc', { category: 'multi-scalp' }), [])
      const orphans = await t.deps.db.selectFrom('search_document_categories').leftJoin('search_documents', 'search_documents.id', 'search_document_categories.document_id')
        .select('search_document_categories.slug').where('search_documents.id', 'is', null).execute()
      assert.deepEqual(orphans, [], 'removing a document removes its filing')
    })

    test('reindexArticles rebuilds the article entries from content', async () => {
      const f = contentFixtures(t)
      // Fixtures write rows directly, as an older release would have: not indexed.
      await f.post({ title: 'Caffeine shampoo', slug: 'caffeine-shampoo', body: 'Caffeine in a shampoo.' })
      await f.post({ title: 'Caffeine draft', slug: 'caffeine-draft', body: 'Caffeine again.', status: 'draft' })
      await indexDocument(t.deps.db, doc({ ref: 'stale-article', title: 'Caffeine stale entry' }))
      await indexDocument(t.deps.db, doc({ kind: 'topic', ref: 'caffeine-topic', title: 'Caffeine topic' }))
      assert.deepEqual((await refs('caffeine')).sort(), ['caffeine-topic', 'stale-article'])
      await reindexArticles(t.deps)
      assert.deepEqual((await refs('caffeine')).sort(), ['caffeine-shampoo', 'caffeine-topic'], 'drafts stay out; other kinds are left alone')
    })

    test('the results page and the header box', async () => {
      await indexDocument(t.deps.db, doc({ ref: 'page-view', url: '/page-view', title: 'Shedding after starting minoxidil', body: 'Early shedding is common in the first weeks.', category: { slug: 'pv', name: 'Minoxidil and medication' } }))
      const agent = t.agent()
      agent.ip = '198.51.100.30'
      const home = await agent.get('/')
      assert.match(home.body, /<form class="site-search" role="search"[^>]*action="\/search"/)
      assert.match(home.body, /<label class="visually-hidden" for="site-search-q">Search the site<\/label>/)
      const res = await agent.get('/search?q=shedding')
      assert.equal(res.statusCode, 200)
      assert.match(res.body, /<title>Search: shedding/)
      assert.match(res.body, /<meta name="robots" content="noindex"/)
      assert.match(res.body, /<label for="search-q">/)
      assert.match(res.body, /value="shedding"/)
      assert.match(res.body, /<h2 class="search-result__title"><a href="\/page-view"><mark>Shedding<\/mark> after starting minoxidil<\/a><\/h2>/)
      assert.match(res.body, /Minoxidil and medication/)
      assert.match(res.body, /Early <mark>shedding<\/mark> is common/)
      const none = await agent.get('/search?q=zzqxv')
      assert.match(none.body, /No results for <strong>“zzqxv”<\/strong>/)
      assert.match(none.body, /Nothing matched/)
    })

    test(`anonymous searching is limited to ${ANONYMOUS_SEARCHES_PER_MINUTE} a minute per address`, async () => {
      const agent = t.agent()
      agent.ip = '198.51.100.99'
      for (let i = 0; i < ANONYMOUS_SEARCHES_PER_MINUTE; i++) assert.equal((await agent.get(`/search?q=word${i}`)).statusCode, 200)
      const limited = await agent.get('/search?q=onemore')
      assert.equal(limited.statusCode, 429)
      assert.ok(Number(limited.headers['retry-after']) > 0)
      assert.match(String(limited.headers['content-type']), /text\/html/)
      assert.match(limited.body, /Slow down a little/)
      const other = t.agent()
      other.ip = '198.51.100.100'
      assert.equal((await other.get('/search?q=other')).statusCode, 200, 'another address has its own allowance')
      const member = await t.signedIn('editor')
      member.ip = '198.51.100.99'
      assert.equal((await member.get('/search?q=staff')).statusCode, 200, 'signed-in people are not limited')
    })
  })
}
