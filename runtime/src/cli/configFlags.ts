/**
 * Separates upstream-style config overrides (`--config.a.b=v`, `--config.a.b v`, `--noconfig.flag`) from the
 * other command-line arguments, before commander sees them.
 */
export function splitConfigFlags(argv: string[]): { rest: string[]; overrides: string[] } {
  const rest: string[] = [];
  const overrides: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg.startsWith('--config.')) {
      const body = arg.slice('--config.'.length);
      const next = argv[i + 1];
      if (!body.includes('=') && next !== undefined && !next.startsWith('--') && !/\.py(:|$)/.test(next)) {
        overrides.push(`${body}=${next}`);
        i++;
      } else {
        overrides.push(body);
      }
    } else if (arg.startsWith('--noconfig.')) {
      overrides.push(`${arg.slice('--noconfig.'.length)}=false`);
    } else {
      rest.push(arg);
    }
  }
  return { rest, overrides };
}

/** Splits `path[:arg]` at the first colon, as upstream's config_flags does. */
export function splitConfigArg(spec: string): { file: string; arg?: string } {
  const i = spec.indexOf(':');
  return i < 0 ? { file: spec } : { file: spec.slice(0, i), arg: spec.slice(i + 1) };
}

/** The folder relative paths are resolved against: the caller's. `npx --prefix <repo> bv` keeps the caller's
 * folder as the working directory; npm's INIT_CWD is not used, since it names the folder of an outer `npm run`
 * even when a script or tool started `bv` elsewhere. */
export function callerDir(): string {
  return process.cwd();
}
