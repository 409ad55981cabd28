/**
 * Run colours that stay put: a run keeps the colour it first got (remembered per workdir by the caller, in
 * the workspace state), and a new run takes the first colour no shown run has. Tableau's ten categorical
 * colours read on dark and light themes alike.
 */
export const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

/**
 * Colour indices for `workdirs`: remembered ones first (unless two shown runs remembered the same one), then
 * the lowest free index for each other run. Returns the updated memory (the argument is not changed).
 */
export function assignColors(workdirs: readonly string[], remembered: Readonly<Record<string, number>>): Record<string, number> {
  const memory: Record<string, number> = { ...remembered };
  const taken = new Set<number>();
  const fresh: string[] = [];
  for (const w of workdirs) {
    const c = memory[w];
    if (Number.isInteger(c) && c >= 0 && !taken.has(c)) taken.add(c);
    else fresh.push(w);
  }
  for (const w of fresh) {
    let c = 0;
    while (taken.has(c)) c++;
    taken.add(c);
    memory[w] = c;
  }
  return memory;
}

/** The CSS colour (#rrggbb, which canvas strokes take) of an index; past the palette, colours come back
 * mixed with white, then black. */
export function colorOf(index: number): string {
  const base = PALETTE[index % PALETTE.length];
  const round = Math.floor(index / PALETTE.length);
  if (round === 0) return base;
  const toward = round % 2 ? 255 : 0;
  const share = Math.min(0.6, 0.3 * Math.ceil(round / 2));
  const mixed = [1, 3, 5].map((i) => Math.round(parseInt(base.slice(i, i + 2), 16) * (1 - share) + toward * share));
  return `#${mixed.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}
