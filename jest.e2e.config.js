/** Browser tests: the real server and Debian's Chromium; run by `npm run test:e2e`. */
const base = require('./jest.config.js');

/** @type {import('jest').Config} */
module.exports = { ...base, roots: ['<rootDir>/test/e2e'], testPathIgnorePatterns: ['/node_modules/'], testTimeout: 60000, maxWorkers: 1 };
