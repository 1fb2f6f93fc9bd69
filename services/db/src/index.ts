export * from './database.js';
export * from './connect.js';
export * from './migrate.js';
export * from './embedded.js';
export * from './data-dir.js';
export * from './change-log.js';
export * from './resolve-database.js';
