import type { AuditLogTable, JobsTable, RateLimitHitsTable, SettingsTable } from './platform-tables.js'
import type { AccountTokensTable, SessionsTable, UsersTable } from '../accounts/tables.js'
import type {
  ArticleCategoriesTable, ArticleCitationsTable, ArticlesTable, ArticleTagsTable,
  CategoriesTable, ContentStateTable, MediaTable, StudiesTable, TagsTable,
} from '../content/tables.js'
import type {
  ShopSettingsTable, ShopCategoriesTable, ShopProductsTable, ShopProductMediaTable, ShopVariantsTable, ShopCountryRulesTable,
  ShopShippingZonesTable, ShopZoneCountriesTable, ShopShippingRatesTable, ShopTaxRatesTable, ShopCartsTable, ShopCartLinesTable,
  ShopOrdersTable, ShopOrderLinesTable, ShopOrderEventsTable, ShopPaymentEventsTable, ShopSavedAddressesTable,
} from '../shop/tables.js'
import type { ImportMapTable, ImportRunsTable } from '../importer/tables.js'
import type { SearchDocumentCategoriesTable, SearchDocumentsTable } from '../search/tables.js'
import type { DiscussionListFragmentsTable, DiscussionPostsTable, DiscussionSubscriptionsTable, DiscussionThreadsTable, ForumGuestsTable, ForumBansTable } from '../discussion/tables.js'
import type { RedirectsTable } from '../redirects/tables.js'
import type { ForumCategoriesTable, ForumPostImagesTable, ForumStoriesTable, ForumFlagsTable, DiscussionPostRevisionsTable, ForumTopicReadsTable } from '../forum/tables.js'

/** Every table Kysely knows; each module owns the types of its own tables. */
export interface Tables {
  settings: SettingsTable
  jobs: JobsTable
  audit_log: AuditLogTable
  rate_limit_hits: RateLimitHitsTable
  users: UsersTable
  sessions: SessionsTable
  account_tokens: AccountTokensTable
  media: MediaTable
  categories: CategoriesTable
  tags: TagsTable
  articles: ArticlesTable
  article_categories: ArticleCategoriesTable
  article_tags: ArticleTagsTable
  studies: StudiesTable
  article_citations: ArticleCitationsTable
  content_state: ContentStateTable
  discussion_threads: DiscussionThreadsTable
  discussion_posts: DiscussionPostsTable
  discussion_list_fragments: DiscussionListFragmentsTable
  discussion_subscriptions: DiscussionSubscriptionsTable
  forum_categories: ForumCategoriesTable
  forum_guests: ForumGuestsTable
  forum_flags: ForumFlagsTable
  forum_topic_reads: ForumTopicReadsTable
  forum_bans: ForumBansTable
  discussion_post_revisions: DiscussionPostRevisionsTable
  forum_stories: ForumStoriesTable
  forum_post_images: ForumPostImagesTable
  search_documents: SearchDocumentsTable
  search_document_categories: SearchDocumentCategoriesTable
  shop_settings: ShopSettingsTable
  shop_categories: ShopCategoriesTable
  shop_products: ShopProductsTable
  shop_product_media: ShopProductMediaTable
  shop_variants: ShopVariantsTable
  shop_country_rules: ShopCountryRulesTable
  shop_shipping_zones: ShopShippingZonesTable
  shop_zone_countries: ShopZoneCountriesTable
  shop_shipping_rates: ShopShippingRatesTable
  shop_tax_rates: ShopTaxRatesTable
  shop_carts: ShopCartsTable
  shop_cart_lines: ShopCartLinesTable
  shop_orders: ShopOrdersTable
  shop_order_lines: ShopOrderLinesTable
  shop_order_events: ShopOrderEventsTable
  shop_payment_events: ShopPaymentEventsTable
  shop_saved_addresses: ShopSavedAddressesTable
  import_map: ImportMapTable
  import_runs: ImportRunsTable
  redirects: RedirectsTable
}
