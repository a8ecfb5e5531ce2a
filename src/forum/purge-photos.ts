import type { PurgeStep } from '../discussion/index.js'
import { removeImageFiles } from './images.js'

/** A purge step: the photos of purged posts leave the disk once their rows are gone (the rows go by cascade). */
export const removePostPhotos: PurgeStep = async (deps, trx, postIds) => {
  if (!postIds.length) return
  const files = await trx.selectFrom('forum_post_images').select('file').where('post_id', 'in', postIds).execute()
  if (!files.length) return
  return () => removeImageFiles(deps, files)
}
