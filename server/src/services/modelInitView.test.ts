import assert from 'node:assert/strict';
import { modelInitHover } from './modelInitView';

describe('server/modelInitView', () => {
  it('names the public file of a vanity name for the config’s model, and where the trainer looks for it', () => {
    const vit = modelInitHover('howto-i21k-B/32', { model_name: 'vit' });
    assert.match(vit, /reads `gs:\/\/vit_models\/augreg\/B_32-i21k-300ep-lr_0\.001-aug_light1-wd_0\.1-do_0\.0-sd_0\.0\.npz`/);
    assert.match(vit, /bigVision\.checkpointDir/);
    assert.match(modelInitHover('M-imagenet2012', { model_name: 'bit_paper', model: { depth: 101, width: 3 } }), /`gs:\/\/bit_models\/BiT-M-R101x3-ILSVRC2012\.npz`/);
    assert.match(modelInitHover('SigLIP B/16 224', { model_name: 'vit' }), /gsutil cp gs:\/\/big_vision\/siglip\/webli_en_b16_224_63724782\.npz DIR\//);
    assert.match(modelInitHover('/ckpts/mine.npz', { model_name: 'vit' }), /the checkpoint `\/ckpts\/mine\.npz`/);
  });
});
