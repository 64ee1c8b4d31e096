/**
 * Registry sync: the run's coordinator keeps a folder of markdown tickets in
 * step with the run (frontmatter status and times rewritten surgically and
 * atomically, files moved between status folders, `TICKET_REGISTRY.md`
 * regenerated), under a lock so that one run at a time writes a registry.
 * See SEED-WORLD.md section 1 and DESIGN.md "Durable runs and control".
 */
export { startRegistrySync, type RegistrySync, type RegistrySyncOptions } from './startRegistrySync.js';
export { setFrontmatterFields } from './setFrontmatterFields.js';
export {
  editFrontmatter,
  type EditFrontmatterOptions,
  type FrontmatterEdit,
  type FrontmatterEditFailure,
  type FrontmatterFields,
} from './editFrontmatter.js';
export { formatYamlScalar, type ScalarStyle } from './formatYamlScalar.js';
export { writeFileAtomic } from './writeFileAtomic.js';
export { syncDirectory } from './syncDirectory.js';
export { acquireRegistryLock, REGISTRY_LOCK_FILE, type AcquireRegistryLockOptions, type RegistryLock } from './acquireRegistryLock.js';
export { parseRegistryLockHolder, type RegistryLockHolder } from './registryLockHolder.js';
export { RegistryLockError } from './RegistryLockError.js';
export { RegistrySyncError } from './RegistrySyncError.js';
export { renderRegistrySummary, type RegistrySummaryTicket, type RenderRegistrySummaryOptions } from './renderRegistrySummary.js';
export {
  writeRegistrySummary,
  REGISTRY_SUMMARY_FILE,
  type RegistrySummaryResult,
  type WriteRegistrySummaryOptions,
} from './writeRegistrySummary.js';
export {
  changeForTransition,
  mergeChanges,
  oneLine,
  MAX_REASON_LENGTH,
  SYNCED_KEYS,
  type RegistryChange,
  type StatusFolder,
  type TicketMemory,
} from './changeForTransition.js';
export { statusFolderTarget } from './statusFolderTarget.js';
export { compareTicketIds } from './compareTicketIds.js';
export { formatIsoSeconds } from './formatIsoSeconds.js';
