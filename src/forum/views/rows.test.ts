import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testDialects } from '../../test/databases.js'
import { redirectTarget } from '../../test/harness.js'
import { forumTestApp, type ForumTestApp } from '../fixtures.js'
import { STORY_CATEGORY_SLUG } from '../stories.js'
import { insertCategory } from '../queries/index.js'
import { iso } from '../../clock.js'

// The rows a forum page repeats are built as strings (rows.ts): what a reader
// typed must come out escaped in every one of them, each row must show its
// own story and category (joined into the list query), and a reader's own
// post still offers a Delete form whose token the server accepts.

const TITLE = 'Roller <b>depth</b> & "foam" <script>alert(1)</script>'
const NAME = 'Ana <i>"G"</i>'

for (const dialect of testDialects()) {
  describe(`forum rows on ${dialect}`, () => {
    let t: ForumTestApp
    let slug = ''
    let path = ''
    before(async () => {
      t = await forumTestApp(dialect)
      slug = (await t.category({ hold: false })).slug
      const guest = t.agent()
      guest.ip = '198.51.100.70'
      path = redirectTarget(await t.startTopic(guest, slug, { title: TITLE, body: 'Week 3, nothing yet.', name: NAME, email: '' }))
    })
    after(() => t.close())

    test('a topic title and a guest name come out escaped in lists and posts', async () => {
      const reader = t.agent()
      for (const url of [`/forum/c/${slug}`, '/forum/latest', path]) {
        const body = (await reader.get(url)).body
        assert.doesNotMatch(body, /<script>alert|<b>depth|<i>"G"/, url)
        if (url === path) assert.match(body, /<span class="forum-post__author">Ana &lt;i>&quot;G&quot;&lt;\/i><\/span>/)
        else assert.match(body, /class="topic-row__title" href="[^"]+">Roller &lt;b>depth&lt;\/b> &amp; &quot;foam&quot; &lt;script>alert\(1\)&lt;\/script><\/a>/, url)
      }
    })

    test('each row shows its own category on /forum/latest and its own story line', async () => {
      const stories = await insertCategory(t.deps.db, { slug: STORY_CATEGORY_SLUG, name: 'Success stories', description: 'Stories.', position: 99, guestPolicy: 'topics', holdFirstGuestPosts: false }, iso(t.clock.now()))
      assert.ok(stories)
      const member = await t.signedIn('member', 'Story Teller')
      const storyPath = redirectTarget(await t.startTopic(member, STORY_CATEGORY_SLUG, {
        title: 'Eight months of massage', body: 'Slow but visible.', treatment: 'massage', massage_minutes: '5', months: '8', change: '1', stage: '',
      }))
      const latest = (await t.agent().get('/forum/latest')).body
      const rows = latest.split('<li class="topic-row').slice(1)
      const storyRow = rows.find((r) => r.includes('Eight months of massage'))!
      const plainRow = rows.find((r) => r.includes('Roller &lt;b>'))!
      assert.match(storyRow, /<a class="topic-row__cat" href="\/forum\/c\/success-stories">Success stories<\/a>/)
      assert.match(storyRow, /<p class="story-compact"><span>Scalp massage, 5 min a day<\/span><span>8 mo<\/span><span>Self-rated \+1 slightly increased<\/span><\/p>/)
      assert.match(plainRow, new RegExp(`<a class="topic-row__cat" href="/forum/c/${slug}">`))
      assert.doesNotMatch(plainRow, /story-compact/)
      const page = (await t.agent().get(storyPath)).body
      assert.match(page, /Story at a glance/)
      assert.match(page, /Scalp massage, 5 min a day/)
    })

    test('an author\'s own post offers Edit and a Delete form that works; others see Flag', async () => {
      const author = t.agent()
      author.ip = '198.51.100.71'
      const res = await t.reply(author, path, { body: 'Mine, to delete.', name: 'Bo', email: '' })
      const at = redirectTarget(res)
      const own = (await author.get(at)).body
      const mine = own.split('<li class="forum-post').find((p) => p.includes('Mine, to delete.'))!
      const shortId = /href="\/forum\/p\/([a-z0-9]+)\/edit"/.exec(mine)?.[1]
      assert.ok(shortId, 'Edit link on the author’s own post')
      assert.match(mine, new RegExp(`<form method="post" action="/forum/p/${shortId}/delete" class="inline-form" data-confirm="Delete this post\\?"><input type="hidden" name="_csrf" value="[^"]+"/><button class="btn btn--link">Delete`))
      const other = (await t.agent().get(path)).body.split('<li class="forum-post').find((p) => p.includes('Mine, to delete.'))!
      assert.match(other, new RegExp(`href="/forum/p/${shortId}/flag"`))
      assert.doesNotMatch(other, /\/delete"/)
      const token = /name="_csrf" value="([^"]+)"/.exec(mine)![1]
      assert.equal((await author.post(`/forum/p/${shortId}/delete`, { _csrf: token })).statusCode, 303)
      assert.doesNotMatch((await t.agent().get(path)).body, /Mine, to delete\./)
    })
  })
}
