// Lint rules every side of the project shares; warnings fail `npm test`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'scratch/**', '.cache/**', 'test/e2e/artifacts/**', '**/*.py'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.mjs', 'bin/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', require: 'readonly', __dirname: 'readonly', module: 'readonly' } },
  },
  {
    files: ['bin/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  // Boundaries between the sides: runtime/ (engine, checker, trainer, CLI) is below the editor and knows nothing
  // of VS Code, the client or the server; the server speaks LSP only, never loads the trainer, and reaches the
  // runtime through its public entry points.
  {
    files: ['runtime/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['vscode', 'vscode/*'], message: 'runtime/ runs without VS Code (CLI, trainer, language server): take what you need as a parameter.' },
          { regex: '^(\\.\\./)+(client|server)(/|$)', message: 'runtime/ is below the editor: it must not import client/ or server/.' },
        ],
      }],
    },
  },
  {
    files: ['server/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['vscode', 'vscode/*'], message: 'The language server speaks LSP (vscode-languageserver), not the VS Code API.' },
          { regex: '^(\\.\\./)+client(/|$)', message: 'The language server must not import the client.' },
          {
            regex: '/runtime/src/(train|models|optim|tf|evaluators|pp|data|checkpoint|launch|cli|metrics)(/|$)',
            message: 'The language server does not load the trainer: ask the registry (runtime/src/registry) or the checker (runtime/src/check).',
          },
          {
            regex: '/runtime/src/(?!(config|check|facts|pyparse|pysyntax|registry|runs/sweep)$)',
            message: 'Import the runtime through its public entry points: runtime/src/config, check, facts, pyparse, pysyntax, registry (their index modules) or runs/sweep.',
          },
        ],
      }],
    },
  },
);
