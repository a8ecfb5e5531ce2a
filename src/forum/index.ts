import type { FastifyInstance } from 'fastify'
import type { Deps } from '../deps.js'
import { attachForumToEngine } from './engine-hooks.js'
import { forumRoutes } from './routes.js'
import { forumModerationRoutes } from './moderation-routes.js'
import { categoryAdminRoutes } from './category-admin-routes.js'

// The forum's public face: app.ts and the seed use only what is exported here.
// The forum is built on the discussion engine (topics are threads of kind
// 'topic'); the engine imports nothing from the forum.
export { seedDemoForum } from './seed.js'
export { forumGuestHoldsName } from './guest-names.js'
// What the importer writes a bbPress forum through (src/importer).
export { importForumCategory, importTopic, importForumPost, topicAddress, type ImportedTopic, type ImportedForumPost } from './imports.js'

/**
 * Routes: /forum pages and posting, flags, watching, feeds, bans and edit
 * history, and /admin/forum/categories. Registers the forum's extension with
 * the engine first, so every post it approves keeps the forum's numbers.
 */
export async function registerForum(app: FastifyInstance, deps: Deps) {
  attachForumToEngine()
  forumRoutes(app, deps)
  forumModerationRoutes(app, deps)
  categoryAdminRoutes(app, deps)
}
