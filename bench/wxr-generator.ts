import fs from 'node:fs'
import { once } from 'node:events'

// A WordPress export (WXR 1.2) made up for the import bench, shaped like
// src/importer/fixtures/site.wxr.xml: classic-editor bodies (paragraphs with
// blank lines, a [caption], a bare YouTube link, headings, lists), comments
// threaded up to six deep in mixed states, authors, a category tree and tags.
// It is written to the file as it is made, so a 500,000-comment export never
// sits in memory, and a seeded PRNG makes every run write the same bytes.

export interface WxrShape {
  posts: number
  commentsPerPost: number
  seed?: number
}

/** What the file holds, for checking an import's report against it. */
export interface GeneratedWxr {
  file: string
  bytes: number
  posts: number
  comments: number
  /** Comments per WordPress state: '1', '0', 'spam', 'trash'. */
  commentStates: Record<string, number>
  authors: number
  categories: number
  tags: number
}

// WordPress nests replies five levels below a top comment by default (thread_comments_depth);
// the export keeps whatever the site allowed, and six is a common setting.
const MAX_DEPTH = 6

const AUTHORS = [
  { id: 2, login: 'mara', name: 'Mara Quinlan', first: 'Mara', last: 'Quinlan' },
  { id: 3, login: 'tobi', name: 'Tobias Ekwueme', first: 'Tobias', last: 'Ekwueme' },
  { id: 4, login: 'ines', name: 'Inês Carvalho', first: 'Inês', last: 'Carvalho' },
  { id: 5, login: 'dr-patel', name: 'Dr Anjali Patel', first: 'Anjali', last: 'Patel' },
]
const CATEGORIES = [
  { slug: 'hair-care', parent: '', name: 'Hair care' },
  { slug: 'scalp-care', parent: 'hair-care', name: 'Scalp care' },
  { slug: 'washing', parent: 'hair-care', name: 'Washing &amp; drying' },
  { slug: 'treatments', parent: '', name: 'Treatments &amp; tools' },
  { slug: 'minoxidil-guides', parent: 'treatments', name: 'Minoxidil guides' },
  { slug: 'research', parent: '', name: 'Research notes' },
]
const TAGS = ['minoxidil', 'microneedling', 'scalp-massage', 'finasteride', 'biotin', 'shedding', 'photos', 'routine', 'dermatologist', 'shampoo', 'ketoconazole', 'rosemary-oil']
const COMMENTERS = [
  { name: 'Priya S.', email: 'priya@mail.example', url: 'https://priya.example/' },
  { name: 'Dan', email: 'dan@mail.example', url: '' },
  { name: 'Kofi &amp; Ama', email: 'kofi.ama@mail.example', url: '' },
  { name: 'Lena M.', email: 'lena@mail.example', url: 'http://lena.example/blog/' },
  { name: 'Sam K.', email: 'sam.k@mail.example', url: '' },
  { name: 'Beth', email: '', url: '' },
  { name: 'Rafael', email: 'rafael@mail.example', url: 'https://rafael.example' },
  { name: 'Noor', email: 'noor@mail.example', url: '' },
  { name: 'Jonas', email: 'not-an-address', url: '' },
  { name: 'Mei', email: 'mei@mail.example', url: 'https://mei.example/' },
]
const SENTENCES = [
  'Most readers asked how long and how often, so here is the routine we settled on.',
  'Start at the temples and work back in small circles, fingertips rather than nails.',
  'The trial everyone quotes had a small sample and a short follow-up, which matters here.',
  'Shedding around week six is common and the label warns about it; it usually settles.',
  'Photos in the same light each month are a better guide than the mirror on a bad day.',
  'Ask a pharmacist before combining treatments, and patch-test anything new on the scalp.',
  'We roll at 0.5&nbsp;mm every ten days and skip the foam that evening.',
  'A gentle shampoo twice a week was enough for most of the people we spoke to.',
  'None of this replaces a dermatologist’s view of your own scalp, of course.',
  'The <em>foam</em> dries faster than the solution, which some people find easier.',
  'If it itches or burns, stop and rinse: irritation is not a sign that it works.',
  'Results, when they come, take months; <strong>four</strong> is the earliest most trials look.',
]
const COMMENT_TEXTS = [
  'Do you do this on dry or damp hair?',
  'Dry for me, before washing.',
  'Tried it this morning, much easier than I expected.',
  'Do you use an oil with it?\n\nI wondered about rosemary oil after the last post.',
  'Thanks for the link to the paper &mdash; the sample size is tiny.',
  'Week 12 here. Some shedding around week 6, it has settled.',
  'My dermatologist said the same: give it four months before judging.',
  'Is 1.0 mm too deep for home use?',
  'I <em>really</em> liked the photo tip.',
  'https://www.youtube.com/watch?v=Zx3sCalpRtn this one helped me.',
  'Same here.',
  'Any update on the rosemary oil comparison? Asking for my brother, who is &quot;not worried&quot; about it.',
]
const HEADINGS = ['What we tried', 'How often', 'What the evidence says', 'Before you start', 'Our routine']

/** mulberry32: small, fast and the same on every machine. */
function prng(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const cdata = (s: string) => `<![CDATA[${s.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`
const pad2 = (n: number) => String(n).padStart(2, '0')
/** "YYYY-MM-DD HH:MM:SS" in UTC, as WordPress writes its _gmt fields. */
const wpDate = (ms: number) => {
  const d = new Date(ms)
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`
}
// The site is on UTC−5 (its local dates are what WordPress writes without _gmt).
const LOCAL_OFFSET_MS = -5 * 3600_000

/** Writes the export to `file` as a stream and returns what it holds. */
export async function writeWxr(file: string, shape: WxrShape): Promise<GeneratedWxr> {
  const rand = prng(shape.seed ?? 20261201)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!
  const out = fs.createWriteStream(file)
  let bytes = 0
  let buffered: string[] = []
  let bufferedChars = 0
  // Small writes are gathered into ~64 KB pieces; a full stream is waited for.
  const write = async (s: string) => {
    buffered.push(s)
    bufferedChars += s.length
    if (bufferedChars >= 64 * 1024) await flush()
  }
  const flush = async () => {
    const chunk = Buffer.from(buffered.join(''))
    buffered = []
    bufferedChars = 0
    bytes += chunk.byteLength
    if (!out.write(chunk)) await once(out, 'drain')
  }

  await write(`<?xml version="1.0" encoding="UTF-8" ?>
<!-- Generated by bench/wxr-generator.ts for the import bench. -->
<rss version="2.0"
	xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:wp="http://wordpress.org/export/1.2/"
>
<channel>
	<title>Rootwise</title>
	<link>https://rootwise.example</link>
	<description>Notes on hair, scalp and the routines around them</description>
	<pubDate>Tue, 01 Dec 2026 02:00:00 +0000</pubDate>
	<language>en-GB</language>
	<wp:wxr_version>1.2</wp:wxr_version>
	<wp:base_site_url>https://rootwise.example</wp:base_site_url>
	<wp:base_blog_url>https://rootwise.example</wp:base_blog_url>
`)
  for (const a of AUTHORS) {
    await write(`	<wp:author><wp:author_id>${a.id}</wp:author_id><wp:author_login>${cdata(a.login)}</wp:author_login><wp:author_email>${cdata(`${a.login}@rootwise.example`)}</wp:author_email><wp:author_display_name>${cdata(a.name)}</wp:author_display_name><wp:author_first_name>${cdata(a.first)}</wp:author_first_name><wp:author_last_name>${cdata(a.last)}</wp:author_last_name></wp:author>\n`)
  }
  for (const [i, c] of CATEGORIES.entries()) {
    await write(`	<wp:category>
		<wp:term_id>${i + 3}</wp:term_id>
		<wp:category_nicename>${cdata(c.slug)}</wp:category_nicename>
		<wp:category_parent>${cdata(c.parent)}</wp:category_parent>
		<wp:cat_name>${cdata(c.name)}</wp:cat_name>
		<wp:category_description>${cdata(`Articles about ${c.name.toLowerCase()}.`)}</wp:category_description>
	</wp:category>\n`)
  }
  for (const [i, t] of TAGS.entries()) {
    await write(`	<wp:tag>
		<wp:term_id>${i + 20}</wp:term_id>
		<wp:tag_slug>${cdata(t)}</wp:tag_slug>
		<wp:tag_name>${cdata(t.replace(/-/g, ' ').replace(/^./, (x) => x.toUpperCase()))}</wp:tag_name>
	</wp:tag>\n`)
  }
  await write('	<generator>https://wordpress.org/?v=6.7</generator>\n')

  const commentStates: Record<string, number> = {}
  let comments = 0
  let commentId = 1_000_000
  const start = Date.UTC(2019, 0, 1)
  const span = Date.UTC(2026, 10, 1) - start
  for (let p = 0; p < shape.posts; p++) {
    const postId = 100 + p
    const slug = `post-${p + 1}-${pick(['scalp-massage-routine', 'minoxidil-foam-or-solution', 'microneedling-depth', 'shedding-phase', 'photos-same-light'])}`
    const title = `${pick(['Notes on', 'A routine for', 'What we learned about', 'Questions about'])} ${pick(['scalp massage', 'minoxidil foam', 'microneedling', 'the shedding phase', 'monthly photos'])} (${p + 1})`
    const at = start + Math.floor((span * p) / shape.posts)
    const ym = `${new Date(at).getUTCFullYear()}/${pad2(new Date(at).getUTCMonth() + 1)}`
    const author = pick(AUTHORS)
    const cat = pick(CATEGORIES)
    const tags = [...new Set([pick(TAGS), pick(TAGS), pick(TAGS)])]
    const image = `https://rootwise.example/wp-content/uploads/${ym}/photo-${p + 1}.jpg`
    const paragraphs = (n: number) => Array.from({ length: n }, () => Array.from({ length: 2 + Math.floor(rand() * 3) }, () => pick(SENTENCES)).join(' ')).join('\n\n')
    const body = `${paragraphs(2)}

[caption id="attachment_${postId}0" align="aligncenter" width="800"]<img src="${image}" alt="A photo for post ${p + 1}" width="800" height="533" class="size-large wp-image-${postId}0" /> Fingertips, not nails: small circles from the hairline back.[/caption]

<h2>${pick(HEADINGS)}</h2>
${paragraphs(2)}

https://www.youtube.com/watch?v=Zx3sCalpR${(p % 100).toString().padStart(2, '0')}&t=95s

<h3>${pick(HEADINGS)}</h3>
<ul>
	<li>${pick(SENTENCES)}</li>
	<li>${pick(SENTENCES)}</li>
	<li>Read <a href="https://rootwise.example/${ym}/post-${Math.max(1, p)}/">the earlier post</a> first.</li>
</ul>

<ol>
	<li>Wash.</li>
	<li>Dry.</li>
	<li>Apply.</li>
</ol>

${paragraphs(1 + Math.floor(rand() * 3))}`
    await write(`	<item>
		<title>${cdata(title)}</title>
		<link>https://rootwise.example/${ym}/${slug}/</link>
		<pubDate>${new Date(at).toUTCString().replace('GMT', '+0000')}</pubDate>
		<dc:creator>${cdata(author.login)}</dc:creator>
		<guid isPermaLink="false">https://rootwise.example/?p=${postId}</guid>
		<description></description>
		<content:encoded>${cdata(body)}</content:encoded>
		<excerpt:encoded>${cdata(rand() < 0.5 ? pick(SENTENCES) : '')}</excerpt:encoded>
		<wp:post_id>${postId}</wp:post_id>
		<wp:post_date>${cdata(wpDate(at + LOCAL_OFFSET_MS))}</wp:post_date>
		<wp:post_date_gmt>${cdata(wpDate(at))}</wp:post_date_gmt>
		<wp:post_modified>${cdata(wpDate(at + 86_400_000 + LOCAL_OFFSET_MS))}</wp:post_modified>
		<wp:post_modified_gmt>${cdata(wpDate(at + 86_400_000))}</wp:post_modified_gmt>
		<wp:comment_status>${cdata('open')}</wp:comment_status>
		<wp:ping_status>${cdata('open')}</wp:ping_status>
		<wp:post_name>${cdata(slug)}</wp:post_name>
		<wp:status>${cdata('publish')}</wp:status>
		<wp:post_parent>0</wp:post_parent>
		<wp:menu_order>0</wp:menu_order>
		<wp:post_type>${cdata('post')}</wp:post_type>
		<wp:post_password>${cdata('')}</wp:post_password>
		<wp:is_sticky>0</wp:is_sticky>
		<category domain="category" nicename="${cat.slug}">${cdata(cat.name)}</category>
${tags.map((t) => `		<category domain="post_tag" nicename="${t}">${cdata(t)}</category>`).join('\n')}
		<wp:postmeta>
			<wp:meta_key>${cdata('_edit_last')}</wp:meta_key>
			<wp:meta_value>${cdata(String(author.id))}</wp:meta_value>
		</wp:postmeta>
`)
    // Replies pick a parent among the comments so far whose depth allows one more level.
    const depths: { id: number; depth: number }[] = []
    let commentAt = at + 3600_000
    for (let c = 0; c < shape.commentsPerPost; c++) {
      const id = commentId++
      const open = depths.filter((d) => d.depth < MAX_DEPTH)
      // Replies mostly answer the latest comments, so some chains reach the full depth.
      const parent = open.length > 0 && rand() < 0.55 ? (rand() < 0.6 ? open.at(-1)! : pick(open)) : undefined
      depths.push({ id, depth: parent ? parent.depth + 1 : 1 })
      const r = rand()
      const state = r < 0.85 ? '1' : r < 0.92 ? '0' : r < 0.97 ? 'spam' : 'trash'
      commentStates[state] = (commentStates[state] ?? 0) + 1
      comments++
      commentAt += Math.floor(rand() * 6 * 3600_000)
      const staff = rand() < 0.04 ? author : undefined
      const who = staff ? { name: staff.name, email: `${staff.login}@rootwise.example`, url: 'https://rootwise.example' } : pick(COMMENTERS)
      const text = rand() < 0.3 ? `${pick(COMMENT_TEXTS)}\n\n${pick(COMMENT_TEXTS)}` : pick(COMMENT_TEXTS)
      await write(`		<wp:comment>
			<wp:comment_id>${id}</wp:comment_id>
			<wp:comment_author>${cdata(who.name)}</wp:comment_author>
			<wp:comment_author_email>${cdata(who.email)}</wp:comment_author_email>
			<wp:comment_author_url>${who.url}</wp:comment_author_url>
			<wp:comment_author_IP>${cdata(`203.0.113.${id % 250}`)}</wp:comment_author_IP>
			<wp:comment_date>${cdata(wpDate(commentAt + LOCAL_OFFSET_MS))}</wp:comment_date>
			<wp:comment_date_gmt>${cdata(wpDate(commentAt))}</wp:comment_date_gmt>
			<wp:comment_content>${cdata(text)}</wp:comment_content>
			<wp:comment_approved>${cdata(state)}</wp:comment_approved>
			<wp:comment_type>${cdata('comment')}</wp:comment_type>
			<wp:comment_parent>${parent?.id ?? 0}</wp:comment_parent>
			<wp:comment_user_id>${staff?.id ?? 0}</wp:comment_user_id>
${state === '1' || state === 'spam' ? `			<wp:commentmeta>
				<wp:meta_key>${cdata('akismet_result')}</wp:meta_key>
				<wp:meta_value>${cdata(state === 'spam' ? 'true' : 'false')}</wp:meta_value>
			</wp:commentmeta>
` : ''}		</wp:comment>
`)
    }
    await write('	</item>\n')
  }
  await write('</channel>\n</rss>\n')
  await flush()
  out.end()
  await once(out, 'finish')
  return { file, bytes, posts: shape.posts, comments, commentStates, authors: AUTHORS.length, categories: CATEGORIES.length, tags: TAGS.length }
}
