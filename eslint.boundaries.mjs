// The boundaries between the sides, as lint rules (eslint.config.mjs spreads them; the boundary test lints
// planted files with them alone, without the TypeScript parser, which planted plain imports do not need):
// runtime/ (engine, checker, trainer, CLI) is below the editor and knows nothing of VS Code, the client or the
// server; the server speaks LSP only, never loads the trainer, and reaches the runtime through its public entry
// points.
export default [
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
];
