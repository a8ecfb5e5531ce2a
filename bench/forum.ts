import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import crypto from 'node:crypto'
import Database from 'better-sqlite3'
import { loadConfig } from '../src/config.js'
import { createDeps, closeDeps } from '../src/boot.js'
import { createUser, startSession } from '../src/accounts/index.js'
import { seedDemoForum } from '../src/forum/index.js'
import { demoCategories } from '../src/forum/demo.js'
import { renderCommentMarkdown } from '../src/discussion/markdown.js'
import { contentHash } from '../src/discussion/posting.js'
import { pad } from '../src/discussion/queries.js'
import { BACKFILL_KEY } from '../src/discussion/search-sync.js'
import { plainTextFromHtml } from '../src/search/index.js'
import { migrations } from '../src/db/migrations/index.js'
import { ROOT, startBuiltServer, loadBesideStatic, printBesideStatic, type BesideStatic } from './lib.js'
import { benchPosting, countRows, printPosting, type PostingFigures } from './posting.js'

// The forum at two sizes with the same shape (about ten posts a topic, one
// topic of 1,000 posts, topics spread over the five demo categories):
// 1,000 topics / 10,000 posts and 100,000 topics / 1,000,000 posts. The pages
// are loaded uncached (forum pages are rendered per request), so a flat p99
// between the two sizes shows the queries don't grow with the data.
//
// The bulk rows go straight into SQLite (a million posts through the posting
// path would take an hour); the denormalised counts are then set by the same
// re-sum the tests hold the increments to. Posts are not put in the search
// index: no page measured here reads it (posting does write to it).

export interface ForumSize { topics: number; posts: number }
export const SIZES: ForumSize[] = [{ topics: 1_000, posts: 10_000 }, { topics: 100_000, posts: 1_000_000 }]
const BIG_TOPIC_POSTS = 1_000
const BIG_CATEGORY = 'general'
const CACHE_DIR = path.join(ROOT, '.bench')

const names = ['Sam K.', 'Ifeoma', 'Jonas', 'Rafael M.', 'Kim', 'Beth', 'Arjun', 'Mei', 'Tomasz', 'Lucia', 'Noor', 'Dev']
const bodies = [
  'Week 12 on topical 5% foam once a day. Some shedding around week 6, which the label warns about; it has settled.',
  'I roll at **0.5 mm** every ten days and skip the minoxidil that evening. Photos in the same light each month help me judge.',
  '> Did the massage make any difference?\n\nHard to say after four months. I do it for the routine as much as anything.',
  'The trial everyone quotes had a small sample and a short follow-up; see [the paper](https://pubmed.ncbi.nlm.nih.gov/26904154/).',
  'Two questions:\n\n1. Which needle length did your dermatologist suggest?\n2. How do you clean the roller between uses?',
  'Asked my pharmacist about combining treatments. *Follow the label*, patch-test, and stop if the scalp is irritated.',
]
const rendered = bodies.map((b) => ({ md: b, html: renderCommentMarkdown(b), hash: contentHash(b) }))

/** Short ids the site accepts, derived from the row id so every run makes the same forum. */
const shortOf = (prefix: string, id: number) => `${prefix}${id.toString(36).padStart(7, '0')}`

export interface SeededForum {
  file: string
  sessionId: string
  bigCategory: string
  bigCategoryPages: number
  bigTopicPath: string
  bigTopicPages: number
  postingTopics: string[]
}

/** Seeds (or reuses from .bench/) a forum of this size; returns where it is and what to load. */
export async function seedForum(size: ForumSize): Promise<SeededForum> {
  const schema = crypto.createHash('sha256').update(Object.keys(migrations).join(',')).digest('hex').slice(0, 10)
  fs.mkdirSync(CACHE_DIR, { recursive: true })
  const file = path.join(CACHE_DIR, `forum-${size.topics}-${size.posts}-${schema}.sqlite`)
  const meta = `${file}.json`
  if (fs.existsSync(file) && fs.existsSync(meta)) return JSON.parse(fs.readFileSync(meta, 'utf8')) as SeededForum
  for (const f of fs.readdirSync(CACHE_DIR)) if (f.startsWith(`forum-${size.topics}-`)) fs.rmSync(path.join(CACHE_DIR, f))

  const started = Date.now()
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crown-bench-forum-'))
  const tmpFile = path.join(dataDir, 'crown.sqlite')
  const config = loadConfig({ DATA_DIR: dataDir, DATABASE_URL: tmpFile, LOG_LEVEL: 'warn', SEED_DEMO: 'never' })
  const deps = await createDeps(config)
  await seedDemoForum(deps, demoCategories, [])
  const staff = await createUser(deps, { email: 'bench-editor@example.com', name: 'Bench Editor', password: 'correct horse battery staple', role: 'editor' })
  if (staff.kind !== 'created') throw new Error('could not create the bench editor')
  // A session good for the whole run (sessions last weeks).
  const sessionId = await startSession(deps, staff.userId)
  const cats = await deps.db.selectFrom('forum_categories').select(['id', 'slug']).orderBy('position').execute()
  await closeDeps(deps)

  const db = new Database(tmpFile)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = OFF')
  db.pragma('foreign_keys = OFF') // posts are written before their topic row; checked below
  const insertTopic = db.prepare(`insert into discussion_threads
    (id, short_id, kind, article_id, title, status, post_count, top_level_count, last_posted_at, created_at, subject_path,
     category_id, slug, pinned, view_count, listed, last_poster_name, last_activity_at, next_post_number, counted_posts)
    values (?, ?, 'topic', null, ?, 'open', ?, ?, ?, ?, ?, ?, ?, 0, ?, 1, ?, ?, ?, ?)`)
  const insertPost = db.prepare(`insert into discussion_posts
    (id, short_id, thread_id, parent_id, depth, path, author_user_id, author_name, author_email, author_url, author_key, author_role,
     body_md, body_html, status, held_reason, ip_hash, content_hash, notify_replies, created_at, updated_at, approved_at,
     post_number, guest_id, edited_at)
    values (?, ?, ?, null, 0, ?, null, ?, null, null, null, null, ?, ?, 'approved', null, null, ?, 0, ?, ?, ?, ?, null, null)`)

  const bigCat = cats.find((c) => c.slug === BIG_CATEGORY) ?? cats[0]
  const others = cats.filter((c) => c.id !== bigCat.id)
  const now = Date.now()
  const span = 2 * 365 * 24 * 3600 * 1000 // two years of activity
  const perTopic = (size.posts - BIG_TOPIC_POSTS) / (size.topics - 1)
  let postId = 0
  let made = 0
  const postingTopics: string[] = []
  let bigTopicPath = ''
  const run = db.transaction((from: number, to: number) => {
    for (let t = from; t < to; t++) {
      const id = t + 1
      // Topic 1 is the long one; the rest share the other posts evenly.
      const n = id === 1 ? BIG_TOPIC_POSTS : Math.floor(perTopic * (id - 1)) - Math.floor(perTopic * (id - 2))
      // Every second topic in the big category, the rest round-robin over the others.
      const cat = id % 2 === 0 ? bigCat : others[id % others.length]
      const opened = now - span + Math.floor((span * t) / size.topics)
      const step = Math.max(1, Math.floor((now - opened) / (n + 1) / 10))
      const title = `${['Week', 'Month', 'Notes from month', 'Question about', 'Update:'][id % 5]} ${id % 24 + 1}: ${['foam vs solution', 'roller depth', 'massage routine', 'shedding phase', 'photos in the same light'][id % 5]}`
      const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')
      const short = shortOf('t', id)
      const subjectPath = `/forum/t/${short}/${slug}`
      let last = ''
      let lastName = ''
      const firstPostId = postId + 1
      for (let k = 1; k <= n; k++) {
        postId++
        const at = new Date(opened + k * step).toISOString()
        const b = rendered[(postId + k) % rendered.length]
        lastName = names[postId % names.length]
        insertPost.run(postId, shortOf('p', postId), id, pad(postId), lastName, b.md, b.html, b.hash, at, at, at, k)
        last = at
      }
      insertTopic.run(id, short, title, n, n, last, new Date(opened).toISOString(), subjectPath, cat.id, slug, (id * 7) % 500, lastName, last, n + 1, n)
      if (id === 1) bigTopicPath = subjectPath
      if (id > 1 && postingTopics.length < 50 && id % 3 === 0) postingTopics.push(short)
      made += n
      if (firstPostId > postId) throw new Error('a topic without posts')
    }
  })
  const batch = 5_000
  for (let from = 0; from < size.topics; from += batch) {
    run(from, Math.min(size.topics, from + batch))
    if (size.topics >= 10_000) process.stdout.write(`\r  seeding ${size.topics.toLocaleString('en')} topics: ${Math.min(size.topics, from + batch).toLocaleString('en')} topics, ${made.toLocaleString('en')} posts`)
  }
  if (size.topics >= 10_000) process.stdout.write('\n')
  if (made !== size.posts) throw new Error(`seeded ${made} posts, expected ${size.posts}`)
  // The search index, as posting would have left it (the server's boot
  // backfill would otherwise index a million posts before it listens).
  if (size.topics >= 10_000) process.stdout.write('  indexing the posts for search...\n')
  db.exec('create temp table plain (hash text primary key, body text not null)')
  const plainRow = db.prepare('insert or ignore into temp.plain values (?, ?)')
  for (const b of rendered) plainRow.run(b.hash, plainTextFromHtml(b.html))
  db.exec(`insert into search_documents (kind, ref, url, title, body, category_slug, category_name, published_at, updated_at)
    select case when p.post_number = 1 then 'topic' else 'post' end,
           case when p.post_number = 1 then t.short_id else p.short_id end,
           case when p.post_number = 1 then t.subject_path else '/forum/p/' || p.short_id end,
           case when p.post_number = 1 then t.title else 'Re: ' || t.title end,
           pl.body, c.slug, c.name, p.created_at, p.updated_at
    from discussion_posts p join discussion_threads t on t.id = p.thread_id
    join forum_categories c on c.id = t.category_id join temp.plain pl on pl.hash = p.content_hash`)
  db.exec(`insert into search_fts(search_fts) values ('rebuild')`)
  db.prepare(`insert into settings (key, value) values (?, 'done') on conflict (key) do update set value = 'done'`).run(BACKFILL_KEY)
  const broken = db.pragma('foreign_key_check') as unknown[]
  if (broken.length) throw new Error(`${broken.length} rows point at nothing`)
  // The same re-sum that counts.test.ts holds the increments to.
  db.exec(`update forum_categories set
    topic_count = (select count(*) from discussion_threads t where t.category_id = forum_categories.id and t.listed = 1),
    post_count = (select coalesce(sum(post_count), 0) from discussion_threads t where t.category_id = forum_categories.id and t.listed = 1),
    last_activity_at = (select max(last_activity_at) from discussion_threads t where t.category_id = forum_categories.id and t.listed = 1)`)
  db.exec('analyze')
  db.pragma('wal_checkpoint(TRUNCATE)')
  const bigCount = (db.prepare('select topic_count from forum_categories where id = ?').get(bigCat.id) as { topic_count: number }).topic_count
  db.close()
  fs.renameSync(tmpFile, file)
  fs.rmSync(dataDir, { recursive: true, force: true })
  const seeded: SeededForum = {
    file, sessionId, bigCategory: bigCat.slug, bigCategoryPages: Math.ceil(bigCount / 30),
    bigTopicPath, bigTopicPages: Math.ceil(BIG_TOPIC_POSTS / 20), postingTopics,
  }
  fs.writeFileSync(meta, JSON.stringify(seeded))
  console.log(`  seeded ${size.topics.toLocaleString('en')} topics and ${size.posts.toLocaleString('en')} posts in ${((Date.now() - started) / 1000).toFixed(0)} s (${(fs.statSync(file).size / 2 ** 20).toFixed(0)} MiB)`)
  return seeded
}

export interface ForumRow { size: ForumSize; label: string; kind: 'list' | 'topic'; measured: BesideStatic }
export interface ForumPosting { size: ForumSize; figures: PostingFigures }

/**
 * Loads the forum pages at each size uncached (PAGE_CACHE=off: every view
 * renders), each beside a static server sending the same bytes with as many
 * workers; then guests replying through the topic's reply form.
 */
export async function benchForum(seconds: number, opts: { workers: number; pages: boolean; posting: boolean; posters: number }): Promise<{ rows: ForumRow[]; posting: ForumPosting[] }> {
  const rows: ForumRow[] = []
  const posting: ForumPosting[] = []
  const cluster = opts.workers > 1 ? `, WORKERS=${opts.workers}` : ''
  for (const size of SIZES) {
    const seeded = await seedForum(size)
    // Each run works on a copy: posting changes the database.
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crown-bench-forum-run-'))
    const dbFile = path.join(dataDir, 'crown.sqlite')
    fs.copyFileSync(seeded.file, dbFile)
    const server = await startBuiltServer({ DATA_DIR: dataDir, DATABASE_URL: dbFile, PAGE_CACHE: 'off', WORKERS: String(opts.workers), TRUST_PROXY: '127.0.0.1' })
    try {
      const label = `${size.topics.toLocaleString('en')} topics / ${size.posts.toLocaleString('en')} posts`
      console.log(`\n### ${label}${cluster}`)
      if (opts.pages) {
        const pages: [string, 'list' | 'topic', string][] = [
          ['forum home', 'list', '/forum'],
          ['category, page 1', 'list', `/forum/c/${seeded.bigCategory}`],
          [`category, page ${Math.min(500, seeded.bigCategoryPages)}${seeded.bigCategoryPages < 500 ? ' (last)' : ''}`, 'list', `/forum/c/${seeded.bigCategory}?page=${Math.min(500, seeded.bigCategoryPages)}`],
          ['latest, page 1', 'list', '/forum/latest'],
          ['topic of 1,000 posts, page 1', 'topic', seeded.bigTopicPath],
          [`topic of 1,000 posts, page ${seeded.bigTopicPages} (last)`, 'topic', `${seeded.bigTopicPath}?page=${seeded.bigTopicPages}`],
        ]
        for (const [name, kind, url] of pages) {
          const res = await fetch(server.url + url)
          const html = await res.text()
          if (res.status !== 200) throw new Error(`${url} answered ${res.status}`)
          if (kind === 'topic' && (html.match(/id="post-\d+"/g) ?? []).length !== 20) throw new Error(`${url} does not show 20 posts`)
          if (url.includes('/forum/c/') && !html.includes('href="/forum/t/')) throw new Error(`${url} lists no topics`)
          const measured = await loadBesideStatic(server.url + url, server.proc.pid!, seconds, 1, opts.workers)
          printBesideStatic(`  ${name}`, measured)
          rows.push({ size, label: name, kind, measured })
        }
      }
      if (opts.posting) {
        // Spread over 50 topics of about ten posts, as replies land on a busy forum.
        const figures = await benchPosting(server.url, server.proc.pid!, {
          label: 'forum replies',
          page: (n) => `/forum/t/${seeded.postingTopics[n % seeded.postingTopics.length]}`,
          action: (n) => `/forum/t/${seeded.postingTopics[n % seeded.postingTopics.length]}/reply`,
          typed: (n) => ({ body: `Guest reply ${n}: week ${n % 52} on the same routine, photos in the same light.`, name: `Guest ${n}` }),
          count: () => countRows(dbFile, 'discussion_posts'),
        }, { seconds, posters: opts.posters })
        printPosting(`  guest replies (POST, ${opts.posters} posters)`, figures)
        posting.push({ size, figures })
      }
    } finally {
      await server.stop()
      fs.rmSync(dataDir, { recursive: true, force: true })
    }
  }
  return { rows, posting }
}
