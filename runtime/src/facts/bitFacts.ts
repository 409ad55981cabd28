/**
 * BiT ResNet facts in closed form. `bit` follows upstream's big_vision/models/bit.py (ResNet v1.5: weight-
 * standardised convs without bias, GroupNorm after every conv, the stride on the 3x3 conv, a projection with its
 * own GroupNorm where the shape changes, GroupNorm + ReLU + max-pool root), `bit_paper` follows bit_paper.py
 * (ResNet v2 as in the BiT paper: pre-activation GroupNorm before each conv, a projection conv without norm, a
 * root of conv + max-pool, and `norm-pre-head` before pooling). Both: bottleneck units of width 64·width·2^stage
 * (×4 out), depths 26/50/101/152/200 or explicit block counts, and a Dense head on the mean of the last stage.
 */
import type { BitConfig } from '../models/bitConfig';
import { ParamList, type ArchitectureFacts, type ImageSize } from './types';

/** Output size of a stride-2 conv or pool padded SAME (or with upstream's explicit symmetric pads). */
const half = (x: number): number => Math.ceil(x / 2);

/** Facts of the ResNet on images of `image`. */
export function bitFacts(cfg: BitConfig, image: ImageSize, model: Record<string, unknown> = {}): ArchitectureFacts {
  const v1 = cfg.version === 'bit';
  const p = new ParamList();
  const w = cfg.rootWidth;
  let h = half(image.height);
  let wd = half(image.width);
  p.add('conv_root/kernel', 7, 7, image.channels, w);
  if (v1) p.norm('gn_root', w);
  let macs = h * wd * 49 * image.channels * w;
  // Stem activations: the image, the root conv's output (and v1's GroupNorm/ReLU output), the pooled map.
  let activations = image.height * image.width * image.channels + h * wd * w * (v1 ? 2 : 1);
  h = half(h);
  wd = half(wd);
  activations += h * wd * w;
  // bit_paper nests its root under root_block and names units unit01; bit names them unit1.
  if (!v1) p.list[0] = { ...p.list[0], name: 'root_block/conv_root/kernel' };
  let cin = w;
  cfg.blocks.forEach((count, stage) => {
    const nmid = w * 2 ** stage;
    const nout = 4 * nmid;
    for (let u = 0; u < count; u++) {
      const unit = `block${stage + 1}/${v1 ? `unit${u + 1}` : `unit${String(u + 1).padStart(2, '0')}`}`;
      const stride = u === 0 && stage > 0 ? 2 : 1;
      const hin = h * wd;
      if (stride === 2) {
        h = half(h);
        wd = half(wd);
      }
      const hout = h * wd;
      const proj = cin !== nout || stride !== 1;
      if (v1) {
        if (proj) p.add(`${unit}/conv_proj/kernel`, 1, 1, cin, nout).norm(`${unit}/gn_proj`, nout);
        p.add(`${unit}/conv1/kernel`, 1, 1, cin, nmid).norm(`${unit}/gn1`, nmid);
        p.add(`${unit}/conv2/kernel`, 3, 3, nmid, nmid).norm(`${unit}/gn2`, nmid);
        p.add(`${unit}/conv3/kernel`, 1, 1, nmid, nout).norm(`${unit}/gn3`, nout);
        // conv1 and its GroupNorm/ReLU outputs, conv2's, conv3's output, the projection's, the unit's ReLU output.
        activations += 2 * nmid * hin + 2 * nmid * hout + nout * hout * (proj ? 3 : 2);
      } else {
        p.add(`${unit}/gn1/scale`, 1, 1, 1, cin).add(`${unit}/gn1/bias`, 1, 1, 1, cin);
        if (proj) p.add(`${unit}/conv_proj/kernel`, 1, 1, cin, nout);
        p.add(`${unit}/conv1/kernel`, 1, 1, cin, nmid);
        p.add(`${unit}/gn2/scale`, 1, 1, 1, nmid).add(`${unit}/gn2/bias`, 1, 1, 1, nmid);
        p.add(`${unit}/conv2/kernel`, 3, 3, nmid, nmid);
        p.add(`${unit}/gn3/scale`, 1, 1, 1, nmid).add(`${unit}/gn3/bias`, 1, 1, 1, nmid);
        p.add(`${unit}/conv3/kernel`, 1, 1, nmid, nout);
        // The pre-activation of the input, conv1's output and its ReLU, conv2's and its ReLU, the unit's sum.
        activations += cin * hin + 2 * nmid * hin + 2 * nmid * hout + nout * hout;
      }
      macs += hin * cin * nmid + hout * 9 * nmid * nmid + hout * nmid * nout + (proj ? hout * cin * nout : 0);
      cin = nout;
    }
  });
  if (!v1) {
    p.add('norm-pre-head/scale', 1, 1, 1, cin).add('norm-pre-head/bias', 1, 1, 1, cin);
    activations += 2 * cin * h * wd;
  }
  activations += cin;
  if (cfg.numClasses) {
    p.dense('head', cin, cfg.numClasses);
    macs += cin * cfg.numClasses;
    activations += cfg.numClasses;
  }
  const depth = typeof model.depth === 'number' || model.depth === undefined ? `${model.depth ?? 50}` : `[${cfg.blocks.join(', ')}]`;
  const title = `BiT-R${depth}x${typeof model.width === 'number' ? model.width : 1}, ResNet ${v1 ? 'v1' : 'v2'}`;
  return { title, params: p.list, macs, activations, activationBytes: 4, notes: ['no rematerialisation'] };
}
