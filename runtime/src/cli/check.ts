// Placeholder until the checker lands (being written now); replaced by the real `bv check`.
export async function checkCommand(_paths: string[], _opts: { format: string; checkout?: string; tfdsDataDir?: string; overrides: string[] }): Promise<number> {
  process.stderr.write('bv check: the checker is not built yet\n');
  return 2;
}
