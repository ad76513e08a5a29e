/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
  transform: {
    '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  // franc and its dependencies are published as ES modules only: let swc turn them into CommonJS.
  transformIgnorePatterns: ['/node_modules/(?!(franc|trigram-utils|n-gram|collapse-white-space)/)'],
};
