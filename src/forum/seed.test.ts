import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testDialects } from '../test/databases.js'
import { testApp, type TestApp } from '../test/harness.js'
import { demoTopics } from './demo.js'
import { seedDemoForum } from './seed.js'
import { STORY_CATEGORY_SLUG } from './stories.js'

for (const dialect of testDialects()) {
  describe(`demo forum on ${dialect}`, () => {
    let t: TestApp
    before(async () => { t = await testApp(dialect) })
    after(() => t.close())

    test('seeds every topic once; the success stories carry their fields and show their cards', async () => {
      const posts = demoTopics.reduce((n, topic) => n + topic.posts.length, 0)
      assert.equal(await seedDemoForum(t.deps), posts)
      assert.equal(await seedDemoForum(t.deps), 0, 'a second run adds nothing')

      const stories = demoTopics.filter((d) => d.category === STORY_CATEGORY_SLUG)
      assert.ok(stories.length >= 2)
      assert.ok(stories.every((d) => d.story), 'every seeded success story has its structured fields')
      assert.equal(Number((await t.deps.db.selectFrom('forum_stories').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n), stories.length)

      const list = await t.agent().get(`/forum/c/${STORY_CATEGORY_SLUG}`)
      assert.equal(list.statusCode, 200)
      assert.equal(list.body.match(/class="story-compact"/g)?.length, stories.length, 'each list row shows its compact card')
      assert.match(list.body, /Scalp massage, 4 min a day/)
      const minox = await t.agent().get(`/forum/c/${STORY_CATEGORY_SLUG}?treatment=minoxidil`)
      assert.equal(minox.body.match(/class="story-compact"/g)?.length, 1, 'the treatment filter finds the minoxidil story')

      const path = /href="(\/forum\/t\/[^"]+)"[^>]*>Minoxidil foam plus weekly microneedling/.exec(list.body)![1]
      const topic = await t.agent().get(path)
      assert.match(topic.body, /class="story-card"/)
      assert.match(topic.body, /<li>Minoxidil 5% foam<\/li><li>Microneedling, 0\.5 mm every 7 days<\/li>/)
      assert.match(topic.body, /<dd>12<\/dd>/)
      assert.match(topic.body, /\+2 moderately increased/)
      assert.match(topic.body, /Norwood–Hamilton IV \(self-assessed\)/)
      assert.match(topic.body, /Norwood IV by my own reckoning/, 'the story text agrees with its card')
    })
  })
}
