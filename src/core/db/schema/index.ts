// One file per area; this index is what drizzle-kit and the client read.
export * from './meta.ts';
export * from './archive.ts';
export * from './imports.ts';
export * from './accounts.ts';
export * from './mail.ts';
export * from './search.ts';
export * from './deliverability.ts';
export * from './renewal.ts';
export * from './campaigns.ts';
export * from './privacy.ts';
export * from './archive-privacy.ts';
export * from './email-changes.ts';
export * from './data-requests.ts';
