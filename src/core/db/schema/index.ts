// One file per area; this index is what drizzle-kit and the client read.
export * from './meta.ts';
