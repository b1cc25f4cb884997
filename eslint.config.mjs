// @ts-check
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** Node's CommonJS globals, for the few plain .js build scripts (the `globals` package is not a dependency). */
const nodeCommonJsGlobals = {
  require: 'readonly',
  module: 'writable',
  exports: 'writable',
  __dirname: 'readonly',
  __filename: 'readonly',
  process: 'readonly',
  console: 'readonly',
  Buffer: 'readonly',
  setTimeout: 'readonly',
  clearTimeout: 'readonly',
};

/** Commands reach VS Code only through the ports, so plain mocha tests can run them. */
const onlyAdaptersUseVscode = { name: 'vscode', message: 'only src/extension/vscode/ talks to VS Code; use the ports in ports.ts (see docs/architecture.md)' };
/** The core's public face is its index; what is not exported there is the core's own business. */
const coreThroughIndex = { group: ['**/core/*'], message: 'src/extension imports the core only through src/core/index.ts (see docs/architecture.md)' };
/** Commands are leaves: a flow another command needs is handed in through services.flows. */
const commandsAreLeaves = {
  group: ['**/commands/*'],
  message: 'only vscode/registerCommands.ts and commandFlows.ts import a command; hand its flow in through services.flows (see docs/architecture.md)',
};

export default defineConfig(
  globalIgnores(['dist/', 'out/', 'out-*/', 'node_modules/', '.cache/', '.vscode-test/', '**/*.vsix']),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The DingTalk core is shared with other tools: it must never know VS Code exists.
    files: ['src/core/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'src/core must stay free of vscode (see docs/architecture.md)' }],
          patterns: [{ group: ['vscode/*'], message: 'src/core must stay free of vscode (see docs/architecture.md)' }],
        },
      ],
    },
  },
  // The layers of src/extension, as docs/architecture.md describes them. ESLint keeps one set of options per rule
  // and file, so each block lists every restriction that applies to its files.
  {
    files: ['src/extension/**'],
    ignores: ['src/extension/vscode/**', 'src/extension/commands/**', 'src/extension/commandFlows.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [onlyAdaptersUseVscode], patterns: [coreThroughIndex, commandsAreLeaves] }] },
  },
  {
    files: ['src/extension/commands/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [onlyAdaptersUseVscode], patterns: [coreThroughIndex, commandsAreLeaves, { ...commandsAreLeaves, group: ['./*'] }] }] },
  },
  {
    files: ['src/extension/vscode/**'],
    ignores: ['src/extension/vscode/registerCommands.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [coreThroughIndex, commandsAreLeaves] }] },
  },
  {
    files: ['src/extension/vscode/registerCommands.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [coreThroughIndex] }] },
  },
  {
    files: ['src/extension/commandFlows.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [onlyAdaptersUseVscode], patterns: [coreThroughIndex] }] },
  },
  {
    files: ['src/extension.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ ...coreThroughIndex, group: ['./core/*'] }, { ...commandsAreLeaves, group: ['./extension/commands/*'] }] }] },
  },
  {
    files: ['esbuild.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: nodeCommonJsGlobals,
    },
    rules: {
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
);
