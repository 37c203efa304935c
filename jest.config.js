// NestJS 12 ships ES modules; @swc/jest compiles them (and our TypeScript) to CommonJS for jest.
const esmPackages = ['@nestjs', 'file-type', 'strtok3', 'token-types', 'peek-readable', '@tokenizer', 'uint8array-extras'];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/projections', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts'],
  transform: {
    '^.+\\.(t|j)s$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  testTimeout: 30000,
  // Request logs stay quiet under test unless LOG_LEVEL says otherwise.
  setupFiles: ['<rootDir>/test/support/quiet-logs.js'],
  // The suites on KurrentDB and MongoDB run only when their URLs are set; the last line of the run says which did not.
  reporters: ['default', '<rootDir>/test/support/skipped-stores-reporter.js'],
};
