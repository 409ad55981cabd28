/**
 * flax's `convert_pre_linen` on flat `/`-joined names: pre-Linen flax numbered submodules across classes
 * (`LayerNorm_0, MultiHeadDotProductAttention_1, LayerNorm_2, MlpBlock_3`), Linen numbers them per class
 * (`LayerNorm_0, MultiHeadDotProductAttention_0, LayerNorm_1, MlpBlock_0`). At every level of the tree, names ending
 * in `_<n>` are renumbered per prefix in numeric order; Linen names map to themselves. The vit, mlp_mixer and bit
 * loads of upstream all apply it to what they read.
 */

/** flax's convert_pre_linen on flat names: `_<n>` module suffixes renumbered per module class at every level. */
export function preLinenNames(names: readonly string[]): Map<string, string> {
  const children = new Map<string, Set<string>>();
  for (const name of names) {
    const parts = name.split('/');
    for (let i = 0; i < parts.length; i++) {
      const parent = parts.slice(0, i).join('/');
      if (!children.has(parent)) children.set(parent, new Set());
      (children.get(parent) as Set<string>).add(parts[i]);
    }
  }
  const renamed = new Map<string, string>(); // `parent\0child` → new child name
  for (const [parent, kids] of children) {
    const byModule = new Map<string, { kid: string; num: number }[]>();
    for (const kid of kids) {
      const m = /^(.*)_(\d+)$/.exec(kid);
      if (m) byModule.set(m[1], [...(byModule.get(m[1]) ?? []), { kid, num: Number(m[2]) }]);
    }
    for (const [module, list] of byModule) list.sort((a, b) => a.num - b.num).forEach((e, i) => renamed.set(`${parent}\0${e.kid}`, `${module}_${i}`));
  }
  const out = new Map<string, string>();
  for (const name of names) {
    const parts = name.split('/');
    out.set(name, parts.map((p, i) => renamed.get(`${parts.slice(0, i).join('/')}\0${p}`) ?? p).join('/'));
  }
  return out;
}
