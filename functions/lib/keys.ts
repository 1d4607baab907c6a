/**
 * The index of the single table's entities: each module under entities/ builds its entity's
 * keys (and index keys, and its chain's name) and checks an item read back. The access patterns
 * they serve are listed in the README.
 */
export * from './entities/account.ts';
export * from './entities/audit-event.ts';
export * from './entities/campaign.ts';
export * from './entities/case.ts';
export * from './entities/chains.ts';
export * from './entities/export-job.ts';
export * from './entities/holiday-calendar.ts';
export * from './entities/item.ts';
export * from './entities/log.ts';
export * from './entities/nomination.ts';
export * from './entities/participation.ts';
export * from './entities/photo.ts';
export * from './entities/rate-window.ts';
export * from './entities/scan.ts';
export * from './entities/share-counter.ts';
export * from './entities/verification-job.ts';
