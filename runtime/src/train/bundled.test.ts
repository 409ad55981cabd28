import assert from 'node:assert/strict';
import { evaluatorImpls } from '../evaluators/registerAll';
import { modelImpls } from '../models/registerAll';
import { lossImpls } from '../optim/losses';
import { decayImpls } from '../optim/schedule';
import { transformImpls } from '../optim/transforms';
import { ppImpls } from '../pp/registerAll';
import { decayTypes, evaluators, implementations, losses, models, optimizers, ppOps, Registry } from '../registry';

describe('what the bundled trainer runs', () => {
  it("is exactly what the registry marks bundled, in every namespace (the language server tells users from these flags)", () => {
    // The tables the trainer dispatches through, as production builds them.
    const pairs: [Registry<{ name: string; bundled: boolean }>, Registry<unknown>][] = [
      [models, modelImpls], [losses, lossImpls], [decayTypes, decayImpls], [optimizers, transformImpls], [evaluators, evaluatorImpls], [ppOps, ppImpls],
    ];
    for (const [specs, impls] of pairs) {
      const bundled = specs.list().filter((s) => s.bundled).map((s) => s.name).sort();
      assert.deepEqual([...impls.names()].sort(), bundled, `${specs.namespace}: implemented vs marked bundled`);
      assert.equal(impls.namespace, specs.namespace);
    }
  });

  it('refuses, at registration, an implementation without a bundled spec and a bundled spec without one', () => {
    const specs = new Registry<{ name: string; bundled: boolean }>('loss');
    specs.register('a', { name: 'a', bundled: true });
    specs.register('b', { name: 'b', bundled: false });
    assert.equal(implementations(specs, { a: 1 }).get('a'), 1);
    assert.throws(() => implementations(specs, { a: 1, b: 2 }), /'loss\.b' is implemented, but its registry spec is not marked bundled/);
    assert.throws(() => implementations(specs, {}), /'loss\.a' marked bundled in the registry, but not implemented/);
    assert.throws(() => implementations(specs, { a: 1, c: 3 }), /Unknown loss name 'c'/);
  });
});
