/**
 * Serves the fake Cloud TPU (API + OpenSSH workers) until Ctrl-C, for trying `bv tpu` or the editor's Run on TPU by
 * hand: `node --import tsx test/fake-tpu/serve.ts` prints the environment and flags to use. Preempt a node by
 * typing `preempt NODE`, make the next creation fail for lack of capacity with `full`.
 */
import * as readline from 'node:readline';
import { FAKE_ZONE, FakeTpu } from './fakeTpu';

async function main(): Promise<void> {
  const fake = await FakeTpu.start({ createMs: 500, deleteMs: 300 });
  const env = Object.entries(fake.env(500)).map(([k, v]) => `${k}=${v}`).join(' ');
  process.stdout.write(`fake Cloud TPU up. Use:\n  export ${env}\n  bv tpu list ${fake.flags().join(' ')}\n`);
  fake.api.on('state', (n: { name: string; state: string }) => process.stdout.write(`[fake] ${n.name.split('/').pop()}: ${n.state}\n`));
  const rl = readline.createInterface({ input: process.stdin });
  rl.on('line', (line) => {
    const [cmd, arg] = line.trim().split(/\s+/);
    if (cmd === 'preempt' && arg) fake.api.preempt(arg).then(() => process.stdout.write(`[fake] preempted ${arg}\n`), (e: Error) => process.stdout.write(`${e.message}\n`));
    else if (cmd === 'full') fake.api.injectCapacityError(FAKE_ZONE);
  });
  const stop = () => void fake.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();
