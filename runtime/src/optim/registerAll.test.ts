import assert from 'node:assert/strict';
import { decayTypes, losses, models, optimizers } from '../registry';
import { modelImpls } from '../models/registerAll';
import { decayTypeImpls, lossImpls, transformImpls } from './registerAll';

describe('optim/registerAll, models/registerAll', () => {
  it('the specs marked bundled are exactly the implemented ones (the language server tells users which run)', () => {
    const pairs: [string, { list(): { name: string; bundled: boolean }[] }, { names(): string[] }][] = [
      ['optimizer', optimizers, transformImpls],
      ['loss', losses, lossImpls],
      ['schedule', decayTypes, decayTypeImpls],
      ['model', models, modelImpls],
    ];
    for (const [ns, specs, impls] of pairs) {
      const bundled = specs.list().filter((s) => s.bundled).map((s) => s.name);
      for (const name of bundled) assert.ok(impls.names().includes(name), `${ns}.${name} is marked bundled but has no implementation`);
      for (const name of impls.names()) {
        assert.ok(specs.list().some((s) => s.name === name), `${ns}.${name} has no spec`);
        assert.ok(bundled.includes(name), `${ns}.${name} is implemented but its spec is not marked bundled`);
      }
    }
  });
});
