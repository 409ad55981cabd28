# Knowledge distillation on MNIST, the recipe of "Knowledge distillation: A
# good teacher is patient and consistent" (https://arxiv.org/abs/2106.05237)
# at toy scale: the ViT of configs/mnist_vit.py teaches a ViT a quarter its
# size by function matching (teacher and student see the same augmented,
# mixed-up view; the student matches the teacher's softmax, KL at t=1).
#
# ENGINE: the bundled trainer, after `bv data prepare mnist` and a teacher run
#   of configs/mnist_vit.py (teacher= its workdir). Upstream big_vision runs
#   the same keys with python -m big_vision.trainers.proj.distill.distill and
#   prof_m_init naming a checkpoint it can load.
# COMMAND: bv train --config configs/mnist_distill.py:teacher=/tmp/mnist --workdir /tmp/mnist_distill
# Options: teacher= the teacher's workdir (or checkpoint; default /tmp/mnist,
#   where the mnist_vit command writes), steps=1800, batch_size=128, runlocal
#   (a smoke test: 100 steps of 32, small evals; under a minute on 2 cores).
#
# EXPECTED: the student (4x fewer parameters) ends within about a point of the
#   teacher's test/prec@1 (student_test vs teacher_test), its KL to the teacher
#   (dist_test/kind=kl/avg) falling steadily; a few minutes on a 2-core CPU.
"""A 4-block, 64-wide ViT teacher distilled into a 2-block, 32-wide ViT."""

import big_vision.configs.common as bvcc
import ml_collections as mlc


def get_config(arg=None):
  """Returns the config; `arg` options: teacher, steps, batch_size, runlocal."""
  arg = bvcc.parse_arg(arg, teacher='/tmp/mnist', steps=1800, batch_size=128,
                       runlocal=False)
  config = mlc.ConfigDict()

  config.seed = 0
  config.total_steps = 100 if arg.runlocal and arg.steps == 1800 else arg.steps
  config.num_classes = 10

  # TFDS `mnist`: `image` is a 28x28x1 PNG, `label` an int in [0, 10).
  label = '|onehot(10, key="label", key_result="labels")|keep("image", "labels")'
  pp_train = 'decode(channels=1)|resize(32)|random_crop(28)|value_range(-1, 1)' + label
  pp_eval = 'decode(channels=1)|resize(32)|central_crop(28)|value_range(-1, 1)' + label
  config.input = dict()
  config.input.data = dict(name='mnist', split='train')
  config.input.batch_size = 32 if arg.runlocal else arg.batch_size
  config.input.pp = pp_train
  config.input.cache_raw = True
  config.input.shuffle_buffer_size = 1_000 if arg.runlocal else 10_000

  config.log_training_steps = 10
  config.ckpt_steps = 100

  # The student.
  config.student_name = 'vit'
  config.student = dict(patch_size=(7, 7), width=32, depth=2, num_heads=2,
                        mlp_dim=64, pool_type='gap', posemb='sincos2d')

  # The teacher: configs/mnist_vit.py's model, loaded from its workdir.
  config.teachers = ['prof_m']
  config.prof_m_name = 'vit'
  config.prof_m_init = arg.teacher
  config.prof_m = dict(patch_size=(7, 7), width=64, depth=4, num_heads=4,
                       mlp_dim=128, pool_type='gap', posemb='sincos2d')

  # Function matching: both see the same mixed-up view.
  config.mixup = dict(p=1.0)
  config.distance = 'kl'
  config.distance_kw = dict(t=1.0)

  config.optax_name = 'scale_by_adam'
  config.grad_clip_norm = 1.0
  config.lr = 0.003
  config.wd = 0.0001
  config.schedule = dict(warmup_steps=min(30, config.total_steps // 10), decay_type='cosine')

  test_split = 'test[:256]' if arg.runlocal else 'test'
  every = max(1, config.total_steps // 2)

  def get_eval(pred, log_steps=every):
    return dict(type='classification', pred=pred,
                data=dict(name='mnist', split=test_split), pp_fn=pp_eval,
                loss_name='softmax_xent', log_steps=log_steps)

  config.evals = dict()
  config.evals.student_test = get_eval('student_fwd')
  # The teacher is fixed: evaluated at the start and the end only.
  config.evals.teacher_test = get_eval('prof_m_fwd', log_steps=config.total_steps)
  config.evals.dist_test = dict(
      type='proj.distill.distance',
      pred='student_prof_m_fwd',
      data=dict(name='mnist', split=test_split),
      pp_fn=pp_eval + '|keep("image")',
      log_steps=every,
      distances=({'kind': 'kl'}, {'kind': 'euclidean'},
                 {'kind': 'agree', 'k': 1}, {'kind': 'agree', 'k': 5}),
  )
  pp_fewshot = 'decode(channels=1)|resize(32)|central_crop(28)|value_range(-1, 1)|keep("image", "label")'
  config.evals.student_fewshot = dict(
      type='fewshot_lsr',
      pred='student_fwd',
      representation_layer='pre_logits',
      datasets={'mnist': ('mnist', 'train[:500]' if arg.runlocal else 'train[:2000]', test_split)},
      shots=(1, 5, 10),
      l2_reg=2.0 ** 10,
      num_seeds=1 if arg.runlocal else 3,
      pp_train=pp_fewshot,
      pp_eval=pp_fewshot,
      display_first=[('mnist', 10)],
      prefix='',
      log_steps=config.total_steps,
  )

  return config
