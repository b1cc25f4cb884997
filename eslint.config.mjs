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
          paths: [{ name: 'vscode', message: 'src/core must stay free of vscode (see design.md)' }],
          patterns: [{ group: ['vscode/*'], message: 'src/core must stay free of vscode (see design.md)' }],
        },
      ],
    },
  },
  {
    // Commands reach VS Code only through the ports, so plain mocha tests can run them.
    files: ['src/extension/**'],
    ignores: ['src/extension/vscode/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'only src/extension/vscode/ talks to VS Code; use the ports in ports.ts' }],
        },
      ],
    },
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
