/**
 * The questions of Run on TPU, in order: project, zone, accelerator type (listed from the API), runtime version
 * (those that fit the type, best first), spot or on-demand, node name, workdir, engine. Each question starts
 * from what this workspace answered last (the workdir excepted: every run gets a new one). Written against a small
 * UI interface rather than VS Code, so the order, the defaults and the validation are tested without an editor.
 */
import type { AcceleratorOffer } from '../../../runtime/src/launch/tpuCli';
import { parseGcsUrl } from '../../../runtime/src/launch/gcs/gcsUrl';
import type { EngineId } from '../../../runtime/src/runs/record';

export interface TpuChoices {
  project: string;
  zone: string;
  acceleratorType: string;
  runtimeVersion: string;
  spot: boolean;
  node: string;
  workdir: string;
  engine: EngineId;
}

/** What is remembered per workspace (everything but the workdir). */
export type RememberedChoices = Partial<Omit<TpuChoices, 'workdir'>>;

export interface FlowItem<T> {
  label: string;
  description?: string;
  detail?: string;
  value: T;
}

export interface InputQuestion {
  title: string;
  value: string;
  prompt?: string;
  placeHolder?: string;
  /** An error message for a bad answer, undefined for a good one. */
  validate?: (value: string) => string | undefined;
}

/** The UI the flow asks through; undefined answers mean the user cancelled. */
export interface FlowUi {
  input(q: InputQuestion): Promise<string | undefined>;
  pick<T>(title: string, items: FlowItem<T>[], placeHolder?: string): Promise<T | undefined>;
}

/** Where the lists come from (the provider, through `bv tpu`). */
export interface FlowSources {
  acceleratorTypes(project: string, zone: string): Promise<AcceleratorOffer[]>;
  /** Runtime versions of the zone that fit `type` (all of them without a type). */
  runtimeVersions(project: string, zone: string, type?: string): Promise<string[]>;
}

/** First answers when nothing is remembered: the settings' project and zone, a node name, the new run's workdir. */
export interface FlowDefaults {
  project?: string;
  zone?: string;
  node: string;
  workdir: string;
  engine: EngineId;
}

const STEPS = 8;
const title = (n: number, what: string) => `Run on TPU (${n}/${STEPS}): ${what}`;

/** Google Cloud project ids: 6-30 characters, lowercase letters, digits and hyphens, starting with a letter. */
export function validateProject(v: string): string | undefined {
  return /^[a-z][-a-z0-9]{4,28}[a-z0-9]$/.test(v.trim()) ? undefined : 'a project id: 6-30 lowercase letters, digits or hyphens, starting with a letter (e.g. my-project-123)';
}

export function validateZone(v: string): string | undefined {
  return /^[a-z]+-[a-z]+\d+-[a-z]$/.test(v.trim()) ? undefined : 'a zone such as us-central2-b or europe-west4-a';
}

/** TPU node names: lowercase letters, digits and hyphens, starting with a letter, at most 63 characters. */
export function validateNodeName(v: string): string | undefined {
  return /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/.test(v.trim()) ? undefined : 'a node name: lowercase letters, digits and hyphens, starting with a letter, not ending with a hyphen (at most 63)';
}

export function validateWorkdir(v: string): string | undefined {
  const t = v.trim();
  if (!t) return 'a folder on this machine for the run (its record, log, metrics and checkpoints), or gs://BUCKET/PATH';
  if (!t.startsWith('gs://')) return undefined;
  try {
    parseGcsUrl(t, 'the workdir');
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

/** `items` with the one whose value is `first` moved to the top (the remembered answer is the default). */
export function rememberedFirst<T>(items: FlowItem<T>[], first: T | undefined): FlowItem<T>[] {
  const at = items.findIndex((i) => i.value === first);
  return at <= 0 ? items : [items[at], ...items.slice(0, at), ...items.slice(at + 1)];
}

/** One line about an accelerator type: chips, hosts, estimated price. */
export function offerDescription(o: AcceleratorOffer): string {
  const shape = o.chips !== null && o.hosts !== null ? `${o.chips} chips, ${o.hosts} host${o.hosts === 1 ? '' : 's'}` : 'shape unknown';
  return o.usdPerHour !== null ? `${shape} · ~$${o.usdPerHour.toFixed(2)}/h (estimate)` : shape;
}

/** Asks every question; undefined when the user cancels one. Throws when the zone offers nothing to pick. */
export async function runTpuFlow(ui: FlowUi, sources: FlowSources, remembered: RememberedChoices, defaults: FlowDefaults): Promise<TpuChoices | undefined> {
  const project = await ui.input({ title: title(1, 'Google Cloud project'), value: remembered.project ?? defaults.project ?? '', placeHolder: 'my-project-123', validate: validateProject });
  if (project === undefined) return undefined;
  const zone = await ui.input({ title: title(2, 'zone'), value: remembered.zone ?? defaults.zone ?? '', placeHolder: 'us-central2-b', prompt: 'A zone that offers Cloud TPU (cloud.google.com/tpu/docs/regions-zones)', validate: validateZone });
  if (zone === undefined) return undefined;
  const at = { project: project.trim(), zone: zone.trim() };
  const offers = await sources.acceleratorTypes(at.project, at.zone);
  if (!offers.length) throw new Error(`${at.zone} offers no accelerator types to project ${at.project}; pick another zone`);
  const typeItems = offers.map((o) => ({ label: o.type, description: offerDescription(o), value: o.type }));
  const acceleratorType = await ui.pick(title(3, 'accelerator type'), rememberedFirst(typeItems, remembered.acceleratorType), `accelerator types ${at.zone} offers`);
  if (acceleratorType === undefined) return undefined;
  const fitting = await sources.runtimeVersions(at.project, at.zone, acceleratorType);
  const versions = fitting.length ? fitting : await sources.runtimeVersions(at.project, at.zone);
  if (!versions.length) throw new Error(`${at.zone} lists no runtime versions; pick another zone`);
  const versionItems = versions.map((v, i) => ({ label: v, ...(i === 0 && fitting.length ? { description: `newest that fits ${acceleratorType}` } : {}), value: v }));
  const runtimeVersion = await ui.pick(title(4, `runtime version for ${acceleratorType}`), rememberedFirst(versionItems, remembered.runtimeVersion), fitting.length ? undefined : `none is known to fit ${acceleratorType}: all of ${at.zone}'s versions`);
  if (runtimeVersion === undefined) return undefined;
  const spotItems: FlowItem<boolean>[] = [
    { label: 'On-demand', description: 'not preempted; list price', value: false },
    { label: 'Spot', description: 'cheaper; may be preempted (the run then resumes on a new node from its last checkpoint)', value: true },
  ];
  const spot = await ui.pick(title(5, 'capacity'), rememberedFirst(spotItems, remembered.spot));
  if (spot === undefined) return undefined;
  const node = await ui.input({ title: title(6, 'node name'), value: remembered.node ?? defaults.node, prompt: 'Created when it does not exist; an existing READY node of that name is used as it is', validate: validateNodeName });
  if (node === undefined) return undefined;
  const workdir = await ui.input({ title: title(7, 'workdir'), value: defaults.workdir, prompt: 'A local folder (the run writes on worker 0; metrics, config.json and checkpoints are mirrored here), or gs://BUCKET/PATH (the trainers write there; metrics are tailed into runs/)', validate: validateWorkdir });
  if (workdir === undefined) return undefined;
  const hosts = offers.find((o) => o.type === acceleratorType)?.hosts ?? 1;
  const gcs = workdir.trim().startsWith('gs://');
  const engineItems: FlowItem<EngineId>[] = [
    // The bundled trainer writes to worker 0's disk, not to a bucket.
    ...(gcs ? [] : [{ label: 'tfjs', description: hosts > 1 ? `the bundled trainer: on worker 0 only of this ${hosts}-host node` : 'the bundled TensorFlow.js trainer (bv train)', value: 'tfjs' as const }]),
    { label: 'big_vision', description: 'upstream big_vision (JAX) on every worker (bigVision.checkout, else upstream at a pinned commit)', value: 'big_vision' },
  ];
  const engine = await ui.pick(title(8, 'engine'), rememberedFirst(engineItems, remembered.engine ?? defaults.engine));
  if (engine === undefined) return undefined;
  return { ...at, acceleratorType, runtimeVersion, spot, node: node.trim(), workdir: workdir.trim(), engine };
}

/** What to remember of `choices`. */
export function toRemember(choices: TpuChoices): RememberedChoices {
  return { project: choices.project, zone: choices.zone, acceleratorType: choices.acceleratorType, runtimeVersion: choices.runtimeVersion, spot: choices.spot, node: choices.node, engine: choices.engine };
}
