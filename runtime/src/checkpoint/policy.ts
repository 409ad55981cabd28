/**
 * When train.py acts: upstream `utils.itstime` and the checkpoint rule of train.py's loop, verbatim.
 *
 * - An action every `n` steps runs at `step % n == 0`, except within `0.25 * n` steps of the end (pointless work
 *   right before the last step), and on the last step (`last`) and the first step (`first`) when asked.
 * - Checkpoints: saved when it is time for `ckpt_*` (first step included) or for `keep_ckpt_*` (first step
 *   excluded); kept (no `-tmp`) when it is time for `keep_ckpt_*`. When `ckpt_*` is set but `keep_ckpt_*` is not,
 *   keep defaults to `total_steps`, so only the final checkpoint is permanent; with neither, nothing is saved.
 */

export interface ItsTimeOptions {
  /** Run on the last step (default true). */
  last?: boolean;
  /** Run on step 1 (default true). */
  first?: boolean;
  /** Skip a periodic run this close to the end, as a fraction of `every` (default 0.25). */
  dropCloseToLast?: number;
}

/** Upstream `itstime(step, every_n_steps, total_steps, last=, first=, drop_close_to_last=)`. */
export function itstime(step: number, every: number | null | undefined, total: number, opts: ItsTimeOptions = {}): boolean {
  const { last = true, first = true, dropCloseToLast = 0.25 } = opts;
  if (!every) return false;
  const closeToLast = dropCloseToLast ? Math.abs(step - total) < dropCloseToLast * every : false;
  const isStep = step % every === 0 && !closeToLast;
  return isStep || (last && step === total) || (first && step === 1);
}

/** What train.py does about checkpoints at `step`: nothing, or save (kept or as `-tmp`). */
export interface CheckpointDecision {
  save: boolean;
  keep: boolean;
}

/** train.py: `keep_last = total if ckpt else None; keep_every = keep_ckpt or keep_last; save if keep or itstime(ckpt, first)`. */
export function checkpointDecision(step: number, total: number, ckptEvery: number | null | undefined, keepEvery: number | null | undefined): CheckpointDecision {
  const keepLast = ckptEvery ? total : null;
  const keepN = keepEvery || keepLast;
  const keep = itstime(step, keepN, total, { first: false });
  const save = keep || itstime(step, ckptEvery, total, { first: true });
  return { save, keep };
}
