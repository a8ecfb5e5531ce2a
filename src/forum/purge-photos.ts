import type { PurgeStep } from '../discussion/index.js'
import { removeImageFiles } from './images.js'
import { imageFilesOf } from './queries/index.js'

/** A purge step: the photos of purged posts leave storage once their rows are gone (the rows go by cascade). */
export const removePostPhotos: PurgeStep = async (deps, trx, postIds) => {
  if (!postIds.length) return
  const files = await imageFilesOf(trx, postIds)
  if (!files.length) return
  return () => removeImageFiles(deps, files)
}
