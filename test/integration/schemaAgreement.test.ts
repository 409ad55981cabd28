/**
 * One schema, three readers: the same configs go through completion (the language server's service, on the text
 * with the cursor after `config.<dict>.`), `bv check` (the checker, problems at each key's location) and
 * `bv train`'s gate, and every key of every config gets the same verdict from all three: accepted (offered, not
 * flagged), tolerated (carried by upstream configs, never read: not offered, not flagged), unknown (not offered,
 * flagged), or a wrong type or value (offered with the type the other two name, flagged). The table must name
 * every key the schema has a level for, so a key added to a config without a verdict fails the test too.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { CompletionItemKind, type CompletionItem } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CheckContext, checkConfig, type Problem } from '../../runtime/src/check';
import { sharedEngine } from '../../runtime/src/check/testHelpers';
import type { EvaluateResult } from '../../runtime/src/config/protocol';
import { initPyparse } from '../../runtime/src/pyparse';
import { formatPath, formatType, keysAt, type JsonObject, type KeyPath, type TrainerKind } from '../../runtime/src/registry';
import { gateVerdict } from '../../runtime/src/train/gate';
import { ConfigDocument } from '../../server/src/documents';
import { CompletionService } from '../../server/src/services/completion';
import { DatasetCatalog } from '../../server/src/services/datasets';

type Verdict = 'accepted' | 'tolerated' | 'unknown' | `wrong-type ${string}` | 'wrong-value';

interface Case {
  name: string;
  source: string;
  /** Dotted key → verdict, for every key below a dict the schema has a level for. */
  keys: Record<string, Verdict>;
}

const HEAD = 'import ml_collections as mlc\n\n\ndef get_config():\n  config = mlc.ConfigDict()\n';
const TAIL = '  return config\n';

const CASES: readonly Case[] = [
  {
    name: 'model.num_classes beside num_classes, typos and wrong types at every level',
    source: `${HEAD}  config.total_steps = 10
  config.log_training_steps = 5
  config.num_classes = 10
  config.num_clases = 10
  config.seed = 'zero'
  config.input = dict(batch_size=8, data=dict(name='mnist', split='train', dat_dir='/tmp'), pp='decode', shufle_buffer_size=10)
  config.model_name = 'vit'
  config.model = dict(variant='Ti/16', num_classes=10, pool_typ='gap', depth=2.5)
  config.optax_name = 'scale_by_adam'
  config.optax = dict(b1=0.9, beta2=0.99)
  config.lr = 0.001
  config.schedule = dict(decay_type='cosine', warmup_step=2, mult='high')
  config.evals = {}
  config.evals.val = dict(type='classification', data=dict(name='mnist', split='test'), pp_fn='decode', loss_name='softmax_xent', prefetchh=2, cache='pipeline')
${TAIL}`,
    keys: {
      total_steps: 'accepted', log_training_steps: 'accepted', num_classes: 'accepted', num_clases: 'unknown', seed: 'wrong-type int',
      input: 'accepted', 'input.batch_size': 'accepted', 'input.data': 'accepted', 'input.pp': 'accepted', 'input.shufle_buffer_size': 'unknown',
      'input.data.name': 'accepted', 'input.data.split': 'accepted', 'input.data.dat_dir': 'unknown',
      model_name: 'accepted', model: 'accepted', 'model.variant': 'accepted', 'model.num_classes': 'unknown', 'model.pool_typ': 'unknown',
      'model.depth': 'wrong-type int',
      optax_name: 'accepted', optax: 'accepted', 'optax.b1': 'accepted', 'optax.beta2': 'unknown',
      lr: 'accepted', schedule: 'accepted', 'schedule.decay_type': 'accepted', 'schedule.warmup_step': 'unknown', 'schedule.mult': 'wrong-type float',
      evals: 'accepted', 'evals.val.type': 'accepted', 'evals.val.data': 'accepted', 'evals.val.pp_fn': 'accepted', 'evals.val.loss_name': 'accepted',
      'evals.val.prefetchh': 'unknown', 'evals.val.cache': 'accepted', 'evals.val.data.name': 'accepted', 'evals.val.data.split': 'accepted',
    },
  },
  {
    name: "keys upstream configs carry but nothing reads, values outside their choices, big_vision's own optimizer",
    source: `${HEAD}  config.total_steps = 10
  config.log_training_steps = 5
  config.num_classes = 10
  config.runlocal = False
  config.ckpt_timeout = 1
  config.input = dict(batch_size=8, data=dict(name='mnist', split='train'), cache=False)
  config.model_name = 'vit'
  config.model = dict(variant='Ti/16', pool_type='avg', posemb='sincos2d')
  config.optax_name = 'big_vision.momentum_hp'
  config.optax = dict(momentum=0.9, nesterovv=True)
  config.lr = 0.1
  config.wd = 0.0001
  config.schedule = dict(decay_type='rsqrt', timescale=1000, warmup_percent=0.1)
  config.mixup = dict(p=0.0, fold_in=None)
${TAIL}`,
    keys: {
      total_steps: 'accepted', log_training_steps: 'accepted', num_classes: 'accepted', runlocal: 'tolerated', ckpt_timeout: 'tolerated',
      input: 'accepted', 'input.batch_size': 'accepted', 'input.data': 'accepted', 'input.cache': 'tolerated',
      'input.data.name': 'accepted', 'input.data.split': 'accepted',
      model_name: 'accepted', model: 'accepted', 'model.variant': 'accepted', 'model.pool_type': 'wrong-value', 'model.posemb': 'accepted',
      optax_name: 'accepted', optax: 'accepted', 'optax.momentum': 'accepted', 'optax.nesterovv': 'unknown',
      lr: 'accepted', wd: 'accepted', schedule: 'accepted', 'schedule.decay_type': 'accepted', 'schedule.timescale': 'accepted',
      'schedule.warmup_percent': 'accepted', mixup: 'accepted', 'mixup.p': 'accepted', 'mixup.fold_in': 'accepted',
    },
  },
];

// Beside the checker's fixtures, so imports resolve as theirs do; never written (the source is given).
const FILE = path.resolve(__dirname, '../fixtures/check/schema_agreement.py');
const marker = '  return config';

/** The config keys of an evaluated config whose parent dict has a schema level, dotted. */
function judgedKeys(config: JsonObject, trainer: TrainerKind): string[] {
  const out: string[] = [];
  const visit = (dict: JsonObject, at: string[]): void => {
    if (!keysAt(at, config, trainer)) return;
    for (const [k, v] of Object.entries(dict)) {
      out.push([...at, k].join('.'));
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) visit(v, [...at, k]);
    }
  };
  visit(config, []);
  for (const [name, entry] of Object.entries((config.evals ?? {}) as JsonObject)) visit(entry as JsonObject, ['evals', name]);
  return out.sort();
}

/** Completion's Field items after `config.<parent>.`, typed on a line of its own before `return config`. */
function completionAt(service: CompletionService, source: string, evaluated: EvaluateResult, parent: string[]): CompletionItem[] {
  const line = `  config.${parent.map((p) => `${p}.`).join('')}`;
  const text = source.replace(marker, `${line}\n${marker}`);
  const doc = new ConfigDocument('file:///schema_agreement.py', FILE, TextDocument.create('file:///schema_agreement.py', 'python', 1, text));
  const position = doc.doc.positionAt(text.indexOf(marker) - 1);
  const list = service.doComplete(doc, position, evaluated.ok ? evaluated : undefined);
  return list.items.filter((i) => i.kind === CompletionItemKind.Field);
}

describe('one schema: completion, bv check and bv train agree on every key', function () {
  this.timeout(60_000);
  const completion = new CompletionService(new DatasetCatalog(path.join(__dirname, '../fixtures/check/tfds')));

  before(async () => {
    await initPyparse();
  });

  for (const c of CASES) {
    it(c.name, async () => {
      const result = await sharedEngine().evaluate({ file: FILE, source: c.source });
      assert.ok(result.ok, JSON.stringify(!result.ok && result.error));
      const config = result.config as JsonObject;
      assert.deepEqual(judgedKeys(config, 'train'), Object.keys(c.keys).sort(), 'the table gives a verdict for every key the schema judges');

      const problems = checkConfig({ file: FILE, source: c.source, result });
      const ctx = new CheckContext({ file: FILE, source: c.source, result });
      const gate = gateVerdict(config);
      const gateIssues = [...gate.refused, ...gate.ignored];
      try {
        for (const [dotted, verdict] of Object.entries(c.keys)) {
          const keyPath: KeyPath = dotted.split('.');
          const key = keyPath[keyPath.length - 1] as string;
          const where = `${c.name}: ${dotted} (${verdict})`;
          const range = ctx.keyLocation(keyPath).range;
          const here = problems.filter((p) => sameRange(p, range) && ['unknown-key', 'forbidden-key', 'eval-unknown-key', 'wrong-type', 'wrong-value'].includes(p.code));
          const item: CompletionItem | undefined = completionAt(completion, c.source, result, keyPath.slice(0, -1) as string[]).find((i) => i.filterText === key);
          const issue = gateIssues.find((i) => formatPath(i.path) === formatPath(keyPath));
          if (verdict === 'accepted' || verdict === 'tolerated') {
            assert.equal(here.length, 0, `${where}: bv check flags it: ${here.map((p) => p.message).join(' | ')}`);
            assert.equal(issue, undefined, `${where}: the gate flags it (${issue?.kind})`);
            assert.equal(item !== undefined, verdict === 'accepted', `${where}: completion ${item ? 'offers' : 'does not offer'} it`);
          } else if (verdict === 'unknown') {
            assert.equal(item, undefined, `${where}: completion offers it`);
            assert.ok(here.some((p) => p.code.endsWith('-key')), `${where}: bv check does not flag it`);
            assert.ok(issue && (issue.kind === 'unknown' || issue.kind === 'forbidden'), `${where}: the gate does not flag it`);
          } else {
            assert.ok(item, `${where}: completion does not offer it`);
            assert.ok(issue?.spec, `${where}: the gate does not flag it`);
            const type = formatType(issue.spec.type);
            if (verdict === 'wrong-value') {
              assert.equal(issue.kind, 'wrong-value', where);
              assert.ok(here.some((p) => p.code === 'wrong-value'), `${where}: bv check does not flag it`);
            } else {
              const want = verdict.slice('wrong-type '.length);
              assert.deepEqual([issue.kind, type], ['wrong-type', want], `${where}: the gate's type`);
              assert.ok(here.some((p) => p.code === 'wrong-type' && p.message.includes(`should be ${want},`)), `${where}: bv check names another type: ${here.map((p) => p.message).join(' | ')}`);
              assert.ok(item.detail?.startsWith(want), `${where}: completion shows the type ${item.detail}`);
            }
          }
        }
      } finally {
        ctx.dispose();
      }
    });
  }

  it('the num_classes case stops bv train before anything runs, at the key', async () => {
    const result = await sharedEngine().evaluate({ file: FILE, source: CASES[0].source });
    assert.ok(result.ok);
    const gate = gateVerdict(result.config as JsonObject);
    assert.ok(gate.refused.some((i) => formatPath(i.path) === 'model.num_classes' && i.kind === 'forbidden'));
    const problems = checkConfig({ file: FILE, source: CASES[0].source, result });
    const p = problems.find((x) => x.code === 'forbidden-key' && x.message.startsWith("'model.num_classes'"));
    assert.ok(p, problems.map((x) => x.message).join('\n'));
    assert.equal(p.severity, 'error', 'bv check stops the run too (an error)');
  });
});

function sameRange(p: Problem, r: Problem['range']): boolean {
  return p.range.line === r.line && p.range.col === r.col && p.range.endLine === r.endLine && p.range.endCol === r.endCol;
}
