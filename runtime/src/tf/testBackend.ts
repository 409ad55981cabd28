/**
 * For tests: run a mocha suite on one tfjs backend (selected and asserted like the trainer does) and put the
 * previous backend back afterwards, so suites do not depend on their order.
 */
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from './backend';

export function useBackend(name: 'cpu' | 'wasm'): void {
  let previous: string | undefined;
  before(async () => {
    previous = tf.getBackend();
    await selectBackend(name);
  });
  after(async () => {
    if (previous) await tf.setBackend(previous);
  });
}
