"""Behaviour tests for our pure-Python `ml_collections` (ConfigDict & co).

Every test outside `SpanHooksTest` states behaviour of the real
ml_collections 1.1.0 and must pass against both implementations:

  # ours
  PYTHONPATH=runtime/src/config/python python3 -m unittest discover -s test/python -v
  # the real package (a checkout of ml_collections v1.1.0 at /path/to/mlc)
  BV_REAL_MLC=/path/to/mlc python3 -m unittest discover -s test/python -v

`SpanHooksTest` checks our engine-only position hooks and is skipped against
the real package.
"""

import copy
import importlib.util
import json
import os
import sys
import types
import unittest

_REAL_MLC = os.environ.get('BV_REAL_MLC')
if _REAL_MLC:
  sys.path.insert(0, _REAL_MLC)

import ml_collections  # pylint: disable=g-import-not-at-top,wrong-import-position
from ml_collections import config_dict  # pylint: disable=g-import-not-at-top,wrong-import-position

ConfigDict = config_dict.ConfigDict
FrozenConfigDict = config_dict.FrozenConfigDict
FieldReference = config_dict.FieldReference

_OURS_DIR = os.path.normpath(os.path.join(
    os.path.dirname(os.path.abspath(__file__)), '..', '..', 'runtime', 'src',
    'config', 'python'))


class ImportSurfaceTest(unittest.TestCase):

  def test_imported_the_intended_package(self):
    where = os.path.abspath(ml_collections.__file__)
    expected = os.path.abspath(_REAL_MLC) if _REAL_MLC else _OURS_DIR
    self.assertTrue(where.startswith(expected), where)

  def test_top_level_names(self):
    self.assertIs(ml_collections.ConfigDict, ConfigDict)
    self.assertIs(ml_collections.FrozenConfigDict, FrozenConfigDict)
    self.assertIs(ml_collections.FieldReference, FieldReference)
    self.assertIs(ml_collections.config_dict, config_dict)
    self.assertEqual(ml_collections.__version__, '1.1.0')

  def test_config_dict_module_names(self):
    for name in ('ConfigDict', 'FrozenConfigDict', 'FieldReference', 'create',
                 'placeholder', 'required_placeholder', 'RequiredValueError',
                 'MutabilityError', 'JSONDecodeError', 'CustomJSONEncoder',
                 'recursive_rename', '_Op'):
      self.assertTrue(hasattr(config_dict, name), name)

  def test_create(self):
    c = config_dict.create(x=1, nested=dict(y='a'))
    self.assertIsInstance(c, ConfigDict)
    self.assertEqual(c.x, 1)
    self.assertIsInstance(c.nested, ConfigDict)
    self.assertEqual(c.nested.y, 'a')


class ConversionTest(unittest.TestCase):

  def test_dicts_converted_recursively_on_construction(self):
    c = ConfigDict({'a': {'b': {'c': 1}}, 'd': 2})
    self.assertIsInstance(c.a, ConfigDict)
    self.assertIsInstance(c.a.b, ConfigDict)
    self.assertEqual(c.a.b.c, 1)
    self.assertEqual(c.d, 2)

  def test_dicts_converted_recursively_on_assignment(self):
    c = ConfigDict()
    c.model = {'depth': 12, 'head': {'bias': 0.0}}
    c['input'] = dict(data=dict(name='imagenet2012', split='train'))
    self.assertIsInstance(c.model, ConfigDict)
    self.assertIsInstance(c.model.head, ConfigDict)
    self.assertEqual(c.model.head.bias, 0.0)
    self.assertIsInstance(c.input.data, ConfigDict)
    self.assertEqual(c.input.data.split, 'train')

  def test_dicts_inside_lists_and_tuples_stay_plain(self):
    c = ConfigDict({'l': [{'a': 1}], 't': ({'b': 2},)})
    self.assertIs(type(c.l[0]), dict)
    self.assertIs(type(c.t[0]), dict)
    c.schedule = [('img/.*', dict(decay_type='cosine')), ('.*', None)]
    self.assertIsInstance(c.schedule, list)
    self.assertIs(type(c.schedule[0][1]), dict)
    self.assertEqual(c.schedule[0][1]['decay_type'], 'cosine')
    self.assertIsNone(c.schedule[1][1])

  def test_assigned_configdict_keeps_identity(self):
    sub = ConfigDict({'x': 1})
    c = ConfigDict()
    c.sub = sub
    self.assertIs(c.sub, sub)
    c['sub2'] = sub
    self.assertIs(c.sub2, sub)
    self.assertIs(ConfigDict({'s': sub}).s, sub)

  def test_assigned_dict_is_a_new_object(self):
    d = {'x': 1}
    c = ConfigDict()
    c.d = d
    c.d.x = 2
    self.assertEqual(d, {'x': 1})

  def test_construction_from_configdict_copies_top_level_only(self):
    c1 = ConfigDict({'a': {'x': 1}, 'b': 2})
    c1.lock()
    c2 = ConfigDict(c1)
    self.assertIsNot(c2, c1)
    self.assertIs(c2.a, c1.a)
    self.assertTrue(c2.is_locked)
    c2.b = 3
    self.assertEqual(c1.b, 2)
    c3 = ConfigDict(ConfigDict(type_safe=False))
    self.assertFalse(c3.is_type_safe)

  def test_same_dict_twice_becomes_one_configdict(self):
    shared = {'x': 1}
    c = ConfigDict({'a': shared, 'b': shared})
    self.assertIs(c.a, c.b)

  def test_nested_conversion_inherits_type_safety(self):
    c = ConfigDict({'a': {'b': 1}}, type_safe=False)
    self.assertFalse(c.a.is_type_safe)
    c.a.b = 'now a string'
    self.assertEqual(c.a.b, 'now a string')
    c.n = {'m': 1}
    self.assertFalse(c.n.is_type_safe)

  def test_convert_dict_false(self):
    c = ConfigDict({'a': {'b': 1}}, convert_dict=False)
    self.assertIs(type(c.a), dict)
    c.d = {'x': 1}
    self.assertIs(type(c.d), dict)


class AccessTest(unittest.TestCase):

  def test_attribute_access_equals_item_access(self):
    c = ConfigDict()
    c.a = 1
    c['b'] = 2
    self.assertEqual(c['a'], 1)
    self.assertEqual(c.b, 2)
    self.assertEqual(getattr(c, 'b'), 2)

  def test_slash_keys(self):
    c = ConfigDict()
    c.evals = {}
    c.evals['vqav2/minival'] = dict(type='vqa')
    c['val/x'] = 1
    self.assertEqual(c['val/x'], 1)
    self.assertEqual(getattr(c, 'val/x'), 1)
    self.assertIn('val/x', c)
    self.assertEqual(c.evals['vqav2/minival'].type, 'vqa')
    self.assertEqual(c.get('evals.vqav2/minival.type'), 'vqa')
    self.assertEqual(c.keys(), ['evals', 'val/x'])

  def test_dotted_get_resolves_paths(self):
    c = ConfigDict({'a': {'b': {'c': 3}}, 'x': 1})
    self.assertEqual(c.get('a.b.c'), 3)
    self.assertEqual(c['a.b.c'], 3)
    self.assertEqual(getattr(c, 'a.b'), c.a.b)
    self.assertEqual(c.get('a.b.zz', 7), 7)
    self.assertEqual(c.get('zz.b', 7), 7)
    self.assertIsNone(c.get('a.zz'))
    with self.assertRaises(KeyError):
      c['a.b.zz']  # pylint: disable=pointless-statement
    with self.assertRaises(TypeError):
      c.get('x.y')  # int is not subscriptable; get() only catches KeyError

  def test_dotted_contains_is_not_resolved(self):
    c = ConfigDict({'a': {'b': 1}})
    self.assertIn('a', c)
    self.assertNotIn('a.b', c)
    self.assertIn('b', c.a)

  def test_dots_in_new_keys_rejected(self):
    c = ConfigDict({'a': {'b': 1}})
    with self.assertRaises(ValueError):
      c['a.b'] = 2
    with self.assertRaises(ValueError):
      setattr(c, 'x.y', 2)
    self.assertEqual(c.a.b, 1)

  def test_allow_dotted_keys(self):
    c = ConfigDict(allow_dotted_keys=True)
    c['a.b'] = 1
    self.assertEqual(c['a.b'], 1)
    self.assertIn('a.b', c)
    self.assertEqual(c.keys(), ['a.b'])

  def test_get_default(self):
    c = ConfigDict({'a': None, 'b': 0})
    self.assertIsNone(c.get('a', 5))
    self.assertEqual(c.get('b', 5), 0)
    self.assertEqual(c.get('missing', 5), 5)
    self.assertIsNone(c.get('missing'))

  def test_missing_key_errors(self):
    c = ConfigDict({'learning_rate': 0.1})
    with self.assertRaises(AttributeError) as cm:
      c.learning_rat  # pylint: disable=pointless-statement
    self.assertIn('Did you mean "learning_rate" instead of "learning_rat"?',
                  str(cm.exception))
    with self.assertRaises(KeyError) as cm:
      c['learning_rat']  # pylint: disable=pointless-statement
    self.assertIn('Did you mean "learning_rate"', str(cm.exception))
    with self.assertRaises(AttributeError):
      c.totally_unrelated  # pylint: disable=pointless-statement
    self.assertFalse(hasattr(c, 'nope'))

  def test_method_names_as_keys(self):
    c = ConfigDict()
    c['keys'] = 1
    c.items = 2
    self.assertEqual(c['keys'], 1)
    self.assertEqual(c['items'], 2)
    self.assertTrue(callable(c.keys))
    self.assertEqual(sorted(c.keys()), ['items', 'keys'])

  def test_dunder_attributes_cannot_be_set(self):
    c = ConfigDict()
    with self.assertRaises(AttributeError):
      c.__class__ = dict
    with self.assertRaises(AttributeError):
      c.__init__ = None
    self.assertEqual(len(c), 0)

  def test_reserved_names_refused_at_construction(self):
    # Construction assigns like setattr, so names `super()` exposes fail.
    with self.assertRaises(AttributeError):
      ConfigDict({'__class__': 1})
    c = ConfigDict()
    c['__class__'] = 1  # item assignment does not check
    self.assertEqual(c['__class__'], 1)

  def test_int_keys(self):
    c = ConfigDict({1: 'one'})
    self.assertEqual(c[1], 'one')
    self.assertIn(1, c)
    c[2.5] = 'x'
    self.assertEqual(c[2.5], 'x')


class TypeSafetyTest(unittest.TestCase):

  def assert_override_fails(self, old, new):
    c = ConfigDict({'f': old})
    with self.assertRaises(TypeError):
      c.f = new
    with self.assertRaises(TypeError):
      c['f'] = new
    self.assertEqual(c.f, old)

  def test_str_into_int_fails(self):
    self.assert_override_fails(1, 'x')

  def test_int_into_str_fails(self):
    self.assert_override_fails('x', 1)

  def test_float_into_int_fails(self):
    self.assert_override_fails(1, 1.5)

  def test_configdict_into_str_fails(self):
    self.assert_override_fails('x', ConfigDict())

  def test_dict_into_str_fails(self):
    self.assert_override_fails('x', {'a': 1})

  def test_str_into_configdict_fails(self):
    c = ConfigDict({'m': {'a': 1}})
    with self.assertRaises(TypeError):
      c.m = 'x'

  def test_int_into_bool_fails(self):
    self.assert_override_fails(True, 1)

  def test_list_into_str_fails(self):
    self.assert_override_fails('x', ['x'])

  def test_error_message(self):
    c = ConfigDict({'x': 1})
    with self.assertRaises(TypeError) as cm:
      c.x = 'a'
    self.assertEqual(
        str(cm.exception),
        "Could not override field 'x' (reference). a is of original type "
        "<class 'str'> and cannot be casted to type <class 'int'>")

  def test_anything_replaces_none_and_none_replaces_anything(self):
    c = ConfigDict({'a': None, 'b': 3})
    c.a = 'text'
    self.assertEqual(c.a, 'text')
    c.b = None
    self.assertIsNone(c.b)
    c.b = 'now a string'  # the field's type is now NoneType
    self.assertEqual(c.b, 'now a string')

  def test_int_into_float_is_cast(self):
    c = ConfigDict({'lr': 0.1})
    c.lr = 3
    self.assertEqual(c.lr, 3.0)
    self.assertIs(type(c.lr), float)
    c.lr = True
    self.assertIs(type(c.lr), float)
    self.assertEqual(c.lr, 1.0)

  def test_list_tuple_cast_to_existing_container(self):
    c = ConfigDict({'l': [1, 2], 't': (1, 2)})
    c.l = (3, 4)
    self.assertEqual(c.l, [3, 4])
    self.assertIs(type(c.l), list)
    c.t = [5, 6]
    self.assertEqual(c.t, (5, 6))
    self.assertIs(type(c.t), tuple)

  def test_bool_into_int_allowed(self):
    c = ConfigDict({'n': 1})
    c.n = True
    self.assertIs(c.n, True)
    # The stored bool now fixes the field's type: ints no longer fit.
    with self.assertRaises(TypeError):
      c.n = 7
    d = ConfigDict({'n': 1}).lock()
    d.n = False
    self.assertIs(d.n, False)

  def test_dict_replaces_configdict(self):
    c = ConfigDict({'m': {'a': 1, 'b': 2}})
    old = c.m
    c.m = {'a': 3}
    self.assertIsNot(c.m, old)
    self.assertIsInstance(c.m, ConfigDict)
    self.assertEqual(c.m.keys(), ['a'])
    self.assertEqual(old.a, 1)

  def test_callable_replaces_callable(self):
    c = ConfigDict({'fn': len})
    c.fn = lambda x: x
    self.assertEqual(c.fn(3), 3)
    with self.assertRaises(TypeError):
      c.fn = 3

  def test_str_subclass_is_str(self):

    class MyStr(str):
      pass

    c = ConfigDict({'s': 'a'})
    c.s = MyStr('b')
    self.assertIs(type(c.s), str)

  def test_type_safe_false_disables_checks_but_keeps_casts(self):
    c = ConfigDict(type_safe=False)
    self.assertFalse(c.is_type_safe)
    c.a = 1
    c.a = 'x'
    self.assertEqual(c.a, 'x')
    c.f = 1.5
    c.f = 2
    self.assertIs(type(c.f), float)
    c.m = {'k': 1}
    c.m = 3
    self.assertEqual(c.m, 3)

  def test_ignore_type(self):
    c = ConfigDict({'a': 1, 'n': {'b': 2}, 'l': [ConfigDict({'c': 3})]})
    self.assertTrue(c.is_type_safe)
    with c.ignore_type() as same:
      self.assertIs(same, c)
      self.assertFalse(c.is_type_safe)
      self.assertFalse(c.n.is_type_safe)
      self.assertFalse(c.l[0].is_type_safe)
      c.a = 'x'
      c.n.b = 'y'
      c.l[0].c = 'z'
    self.assertEqual((c.a, c.n.b, c.l[0].c), ('x', 'y', 'z'))
    self.assertTrue(c.is_type_safe)
    self.assertTrue(c.n.is_type_safe)
    self.assertTrue(c.l[0].is_type_safe)
    with self.assertRaises(TypeError):
      c.a = 1

  def test_ignore_type_restores_on_error(self):
    c = ConfigDict({'a': 1})
    with self.assertRaises(RuntimeError):
      with c.ignore_type():
        raise RuntimeError('boom')
    self.assertTrue(c.is_type_safe)

  def test_get_type(self):
    c = ConfigDict({'a': 1, 's': 'x', 'p': config_dict.placeholder(float)})
    self.assertIs(c.get_type('a'), int)
    self.assertIs(c.get_type('s'), str)
    self.assertIs(c.get_type('p'), float)
    with self.assertRaises(AttributeError):
      c.get_type('missing')


class LockTest(unittest.TestCase):

  def make(self):
    return ConfigDict({'a': 1, 'model': {'depth': 12}, 'lst': [1]})

  def test_lock_returns_self_and_sets_flag(self):
    c = self.make()
    self.assertFalse(c.is_locked)
    self.assertIs(c.lock(), c)
    self.assertTrue(c.is_locked)

  def test_locked_override_existing(self):
    c = self.make().lock()
    c.a = 2
    c['a'] = 3
    c.model.depth = 24
    c.model = {'depth': 6}
    self.assertEqual(c.a, 3)
    self.assertEqual(c.model.depth, 6)

  def test_locked_add_attribute_raises_attribute_error(self):
    c = self.make().lock()
    with self.assertRaises(AttributeError) as cm:
      c.new_key = 1
    self.assertIn('does not exist and cannot be added since the config is '
                  'locked', str(cm.exception))
    self.assertNotIn('new_key', c)

  def test_locked_add_item_raises_key_error(self):
    c = self.make().lock()
    with self.assertRaises(KeyError) as cm:
      c['new_key'] = 1
    self.assertIn('does not exist and cannot be added', str(cm.exception))

  def test_locked_error_suggests_close_key(self):
    c = ConfigDict({'learning_rate': 0.1}).lock()
    with self.assertRaises(AttributeError) as cm:
      c.learning_rat = 0.2
    self.assertIn('Did you mean "learning_rate" instead of "learning_rat"?',
                  str(cm.exception))

  def test_lock_propagates_to_children(self):
    c = self.make().lock()
    self.assertTrue(c.model.is_locked)
    with self.assertRaises(AttributeError):
      c.model.width = 3
    with self.assertRaises(KeyError):
      c.model['width'] = 3

  def test_locked_reads(self):
    c = self.make().lock()
    self.assertEqual(c.get('missing', 'd'), 'd')
    with self.assertRaises(AttributeError):
      c.missing  # pylint: disable=pointless-statement

  def test_locked_delete(self):
    c = self.make().lock()
    with self.assertRaises(KeyError):
      del c['a']
    with self.assertRaises(AttributeError):
      del c.a
    self.assertIn('a', c)

  def test_unlock_propagates(self):
    c = self.make().lock()
    self.assertIs(c.unlock(), c)
    self.assertFalse(c.is_locked)
    self.assertFalse(c.model.is_locked)
    c.model.width = 3
    c.b = 1

  def test_unlocked_context_manager(self):
    c = self.make().lock()
    with c.unlocked() as same:
      self.assertIs(same, c)
      self.assertFalse(c.is_locked)
      c.new_key = 1
      c.model.width = 2
    self.assertTrue(c.is_locked)
    self.assertTrue(c.model.is_locked)
    self.assertEqual(c.new_key, 1)
    with self.assertRaises(ValueError):
      with c.unlocked():
        raise ValueError('boom')
    self.assertTrue(c.is_locked)
    u = self.make()
    with u.unlocked():
      pass
    self.assertFalse(u.is_locked)

  def test_locked_update_new_key_fails(self):
    c = self.make().lock()
    c.update({'a': 5})
    self.assertEqual(c.a, 5)
    with self.assertRaises(KeyError):
      c.update({'zzz': 1})


class FieldReferenceTest(unittest.TestCase):

  def test_get_ref_returns_reference_and_links(self):
    c = ConfigDict({'x': 10})
    ref = c.get_ref('x')
    self.assertIsInstance(ref, FieldReference)
    self.assertIs(c.get_ref('x'), ref)
    c.y = ref
    self.assertEqual(c.y, 10)
    c.x = 7
    self.assertEqual(c.y, 7)
    c.y = 8  # two-way: both fields hold the same reference
    self.assertEqual(c.x, 8)
    self.assertEqual(ref.get(), 8)

  def test_lazy_arithmetic_propagates(self):
    c = ConfigDict({'x': 10, 'f': 3.0})
    r = c.get_ref('x')
    c.add = r + 1
    c.radd = 1 + r
    c.sub = r - 4
    c.rsub = 100 - r
    c.mul = r * 3
    c.rmul = 3 * r
    c.div = r / 4
    c.rdiv = 40 / r
    c.fdiv = r // 3
    c.rfdiv = 25 // r
    c.pow = r ** 2
    c.mod = r % 3
    c.neg = -r
    c.abs = abs(-r)
    c.fmul = c.get_ref('f') * r
    self.assertEqual(
        [c.add, c.radd, c.sub, c.rsub, c.mul, c.rmul, c.div, c.rdiv, c.fdiv,
         c.rfdiv, c.pow, c.mod, c.neg, c.abs, c.fmul],
        [11, 11, 6, 90, 30, 30, 2.5, 4.0, 3, 2, 100, 1, -10, 10, 30.0])
    c.x = 20
    self.assertEqual(
        [c.add, c.radd, c.sub, c.rsub, c.mul, c.rmul, c.div, c.rdiv, c.fdiv,
         c.rfdiv, c.pow, c.mod, c.neg, c.abs, c.fmul],
        [21, 21, 16, 80, 60, 60, 5.0, 2.0, 6, 1, 400, 2, -20, 20, 60.0])

  def test_bitwise_ops(self):
    r = FieldReference(True)
    self.assertIs((r & False).get(), False)
    self.assertIs((r | False).get(), True)
    self.assertIs((r ^ True).get(), False)

  def test_chained_arithmetic(self):
    c = ConfigDict({'total_steps': 1000, 'warmup': 0.1})
    c.warmup_steps = (c.get_ref('total_steps') * c.get_ref('warmup')).to_int()
    self.assertEqual(c.warmup_steps, 100)
    c.total_steps = 5000
    self.assertEqual(c.warmup_steps, 500)
    self.assertIs(type(c.warmup_steps), int)

  def test_casts(self):
    r = FieldReference(3)
    self.assertEqual(r.to_float().get(), 3.0)
    self.assertIs(type(r.to_float().get()), float)
    self.assertEqual(r.to_str().get(), '3')
    self.assertEqual(FieldReference(2.7).to_int().get(), 2)

  def test_reference_field_type_enforced(self):
    c = ConfigDict({'x': 10})
    c.get_ref('x')
    with self.assertRaises(TypeError):
      c.x = 2.5
    c.x = True
    self.assertIs(c.x, True)

  def test_get_set(self):
    r = FieldReference(1)
    doubled = r * 2
    r.set(5)
    self.assertEqual(r.get(), 5)
    self.assertEqual(doubled.get(), 10)
    self.assertIs(r.get_type(), int)
    with self.assertRaises(TypeError):
      r.set('x')
    r.set('x', type_safe=False)
    self.assertEqual(r.get(), 'x')
    r.set(None)
    self.assertTrue(r.empty())

  def test_set_drops_ops(self):
    r = FieldReference(1)
    d = r + 1
    d.set(10)
    self.assertEqual(d.get(), 10)
    r.set(5)
    self.assertEqual(d.get(), 10)

  def test_constructor_errors(self):
    with self.assertRaises(ValueError):
      FieldReference(None)
    with self.assertRaises(TypeError):
      FieldReference(1, field_type=5)
    with self.assertRaises(TypeError):
      FieldReference(1, field_type=str)
    self.assertIsNone(FieldReference(None, field_type=int).get())

  def test_ops_on_none_give_none(self):
    p = config_dict.placeholder(int)
    self.assertIsNone((p + 1).get())
    self.assertIsNone((1 + p).get())

  def test_no_bool(self):
    with self.assertRaises(NotImplementedError):
      bool(FieldReference(1))

  def test_comparison(self):
    r = FieldReference(2)
    self.assertTrue(r == 2)
    self.assertTrue(r == FieldReference(2))
    self.assertTrue(r < 3)
    self.assertTrue(r >= 2)
    self.assertTrue(r > 1)
    self.assertTrue(r != 3)
    with self.assertRaises(TypeError):
      hash(r)

  def test_cycle_detected(self):
    a = FieldReference(1)
    b = FieldReference(a)
    self.assertEqual(b.get(), 1)
    with self.assertRaises(config_dict.MutabilityError):
      a.set(b)
    self.assertEqual(a.get(), 1)

  def test_get_ref_errors(self):
    c = ConfigDict({'n': None})
    with self.assertRaises(ValueError):
      c.get_ref('n')
    with self.assertRaises(KeyError):
      c.get_ref('missing')

  def test_get_oneway_ref(self):
    c = ConfigDict({'a': 1})
    c.b = c.get_oneway_ref('a')
    c.a = 2
    self.assertEqual(c.b, 2)
    c.b = 3
    self.assertEqual(c.a, 2)
    self.assertEqual(c.b, 3)

  def test_placeholder(self):
    c = ConfigDict({'bs': config_dict.placeholder(int)})
    self.assertIsNone(c.bs)
    self.assertIn('bs', c)
    c.bs = 32
    self.assertEqual(c.bs, 32)
    with self.assertRaises(TypeError):
      c.bs = 'x'
    c.other = config_dict.placeholder(str)
    self.assertIsNone(c.other)

  def test_required_placeholder(self):
    c = ConfigDict({'bs': config_dict.required_placeholder(int)})
    with self.assertRaises(config_dict.RequiredValueError):
      c.bs  # pylint: disable=pointless-statement
    with self.assertRaises(config_dict.RequiredValueError):
      c.get('bs', 1)
    c.bs = 4
    self.assertEqual(c.bs, 4)

  def test_references_inside_construction_dict(self):
    r = FieldReference(1)
    c = ConfigDict({'a': r, 'b': {'c': r}})
    self.assertEqual(c.b.c, 1)
    c.a = 5
    self.assertEqual(c.b.c, 5)
    c.b.c = 6
    self.assertEqual(c.a, 6)

  def test_reference_to_dict_is_converted(self):
    r = FieldReference({'x': 1})
    c = ConfigDict({'d': r})
    self.assertIsInstance(c.d, ConfigDict)
    self.assertEqual(c.d.x, 1)
    r2 = FieldReference({'y': 2})
    c.e = r2
    self.assertIsInstance(c.e, ConfigDict)
    self.assertIsInstance(r2.get(), ConfigDict)

  def test_assign_reference_of_other_type_to_field_fails(self):
    c = ConfigDict({'a': 1, 's': 'x'})
    with self.assertRaises(TypeError):
      c.s = c.get_ref('a')
    c.n = None
    c.n = c.get_ref('a')
    c.a = 3
    self.assertEqual(c.n, 3)

  def test_attr_and_identity(self):
    c = ConfigDict({'m': {'w': 4}})
    r = FieldReference(c.m, field_type=ConfigDict)
    self.assertEqual(r.attr('w').get(), 4)
    self.assertEqual(r.identity().get(), c.m)


class SerializationTest(unittest.TestCase):

  def make(self):
    c = ConfigDict()
    c.b = 1
    c.a = (1, 2)
    c.m = {'y': 2.5, 'x': None}
    c.l = [{'k': 'v'}]
    c.r = c.get_ref('b') * 10
    return c

  def test_to_dict_resolves_references(self):
    c = self.make()
    d = c.to_dict()
    self.assertIs(type(d), dict)
    self.assertIs(type(d['m']), dict)
    self.assertEqual(d, {'a': (1, 2), 'b': 1, 'l': [{'k': 'v'}],
                         'm': {'x': None, 'y': 2.5}, 'r': 10})
    self.assertIs(type(d['a']), tuple)
    self.assertEqual(list(d), ['a', 'b', 'l', 'm', 'r'])

  def test_to_dict_preserve_field_references(self):
    c = ConfigDict({'x': 1})
    c.y = c.get_ref('x')
    c.z = c.get_ref('x') + 1
    d = c.to_dict(preserve_field_references=True)
    self.assertIsInstance(d['x'], FieldReference)
    self.assertIs(d['x'], d['y'])  # one original reference -> one new one
    self.assertEqual(d['z'].get(), 2)
    d['x'].set(5)
    self.assertEqual(d['y'].get(), 5)
    self.assertEqual(c.x, 1)

  def test_to_dict_keeps_shared_children_shared(self):
    sub = ConfigDict({'k': 1})
    c = ConfigDict({'a': sub, 'b': sub})
    d = c.to_dict()
    self.assertIs(d['a'], d['b'])

  def test_to_json(self):
    c = self.make()
    # Insertion order (not sorted); tuples become lists; references resolved.
    self.assertEqual(
        c.to_json(),
        '{"b": 1, "a": [1, 2], "m": {"y": 2.5, "x": null}, '
        '"l": [{"k": "v"}], "r": 10}')
    self.assertEqual(json.loads(c.to_json(indent=2)), json.loads(c.to_json()))
    self.assertEqual(c.to_json(sort_keys=True),
                     '{"a": [1, 2], "b": 1, "l": [{"k": "v"}], '
                     '"m": {"x": null, "y": 2.5}, "r": 10}')

  def test_to_json_types(self):
    c = ConfigDict({'t': int})
    self.assertEqual(c.to_json(), '{"t": "<class \'int\'>"}')
    c = ConfigDict({'s': {1, 2}})
    with self.assertRaises(TypeError):
      c.to_json()

  def test_to_json_best_effort(self):

    def my_fn():
      pass

    c = ConfigDict({'s': {3, 1, 2}, 'f': my_fn, 'n': 1})
    self.assertEqual(json.loads(c.to_json_best_effort()),
                     {'s': [1, 2, 3], 'f': 'function my_fn', 'n': 1})

  def test_copy_and_resolve_references(self):
    c = ConfigDict({'x': 1, 'n': {'k': 2}})
    c.y = c.get_ref('x') + 1
    c.lock()
    r = c.copy_and_resolve_references()
    self.assertIs(type(r), ConfigDict)
    self.assertEqual(r.y, 2)
    self.assertTrue(r.is_locked)
    self.assertIsNot(r.n, c.n)
    c.x = 10
    self.assertEqual(c.y, 11)
    self.assertEqual(r.y, 2)
    self.assertNotIsInstance(r.values(preserve_field_references=True)[2],
                             FieldReference)

  def test_str_and_repr(self):
    c = ConfigDict({'b': {'c': 'x', 'd': 1e-05}, 'a': [1, 2], 't': (1,),
                    's': 'yes', 'n': None, 'f': True, 'e': {}})
    expected = ("a:\n- 1\n- 2\nb:\n  c: x\n  d: 1.0e-05\ne: {}\nf: true\n"
                "n: null\ns: 'yes'\nt: !!python/tuple\n- 1\n")
    self.assertEqual(str(c), expected)
    self.assertEqual(repr(c), expected)
    self.assertEqual(str(ConfigDict()), '{}\n')

  def test_repr_shows_references_as_objects(self):
    c = ConfigDict({'x': 1, 'f': 0.5})
    c.y = c.get_ref('x')
    c.z = c.get_ref('f')
    tag = '!!python/object:ml_collections.config_dict.config_dict.FieldReference'
    self.assertEqual(
        repr(c),
        'f: &id002 ' + tag + '\n'
        "  _field_type: !!python/name:builtins.float ''\n"
        '  _ops: []\n  _required: false\n  _value: 0.5\n'
        'x: &id001 ' + tag + '\n'
        "  _field_type: !!python/name:builtins.int ''\n"
        '  _ops: []\n  _required: false\n  _value: 1\n'
        'y: *id001\nz: *id002\n')
    self.assertEqual(str(c), 'f: 0.5\nx: 1\ny: 1\nz: 0.5\n')

  def test_str_folds_long_lines_anchors_shared_nodes_escapes(self):
    shared = {'name': 'imagenet2012', 'split': 'validation'}
    c = ConfigDict({
        'evals': {'a': {'data': shared}, 'b': {'data': shared}},
        'pp': ('decode|resize_small(256)|central_crop(224)|value_range(-1, 1)'
               '|onehot(1000, key="label", key_result="labels")'
               '|keep("image", "labels")'),
        'u': 'caf\u00e9\tbar'})
    self.assertEqual(
        str(c),
        'evals:\n  a:\n    data: &id001\n      name: imagenet2012\n'
        '      split: validation\n  b:\n    data: *id001\n'
        'pp: decode|resize_small(256)|central_crop(224)|value_range(-1, 1)'
        '|onehot(1000, key="label",\n  key_result="labels")'
        '|keep("image", "labels")\n'
        'u: "caf\\xE9\\tbar"\n')


class UpdateTest(unittest.TestCase):

  def test_update_recurses_into_configdicts(self):
    c = ConfigDict({'a': {'x': 1, 'y': 2}, 'b': 1})
    sub = c.a
    c.update({'a': {'y': 3, 'z': 4}, 'c': 5})
    self.assertIs(c.a, sub)
    self.assertEqual(c.a.to_dict(), {'x': 1, 'y': 3, 'z': 4})
    self.assertEqual(c.c, 5)

  def test_update_from_configdict_and_kwargs(self):
    c = ConfigDict({'a': {'x': 1}, 'b': 1})
    c.update(ConfigDict({'a': {'w': 0}}), b=2, d=3)
    self.assertEqual(c.a.to_dict(), {'w': 0, 'x': 1})
    self.assertEqual((c.b, c.d), (2, 3))

  def test_update_type_safety(self):
    c = ConfigDict({'b': 1, 'f': 0.5})
    with self.assertRaises(TypeError):
      c.update({'b': 'x'})
    c.update({'f': 2})
    self.assertIs(type(c.f), float)

  def test_update_too_many_args(self):
    with self.assertRaises(TypeError):
      ConfigDict().update({}, {})

  def test_update_configdict_field_with_non_mapping(self):
    c = ConfigDict({'a': {'x': 1}})
    with self.assertRaises(AttributeError):
      c.update({'a': 5})

  def test_update_non_configdict_field_with_dict_replaces(self):
    c = ConfigDict({'a': None})
    c.update({'a': {'x': 1}})
    self.assertIsInstance(c.a, ConfigDict)

  def test_update_reference_from_reference_fails(self):
    c = ConfigDict({'a': 1})
    c.get_ref('a')
    other = ConfigDict({'a': 2})
    other.get_ref('a')
    with self.assertRaises(TypeError):
      c.update(other)

  def test_update_shares_references_of_source(self):
    other = ConfigDict({'a': 1})
    other.b = other.get_ref('a')
    c = ConfigDict()
    c.update(other)
    other.a = 5
    self.assertEqual((c.a, c.b), (5, 5))

  def test_update_from_flattened_dict(self):
    c = ConfigDict({'a': {'b': 1}, 'l': [1, 2], 't': (1, 2)})
    c.update_from_flattened_dict(
        {'config.a.b': 2, 'config.a.c': 3, 'config.l[1]': 5,
         'config.t[0]': 9, 'other': 1}, 'config.')
    self.assertEqual(c.a.to_dict(), {'b': 2, 'c': 3})
    self.assertEqual(c.l, [1, 5])
    self.assertEqual(c.t, (9, 2))
    with self.assertRaises(KeyError):
      c.update_from_flattened_dict({'zz.y': 1})

  def test_no_setdefault(self):
    # ml_collections 1.1.0 has no ConfigDict.setdefault: the attribute lookup
    # falls through to the (missing) field 'setdefault'.
    c = ConfigDict({'a': 1})
    with self.assertRaises(AttributeError):
      c.setdefault('a', 2)


class ContainerProtocolTest(unittest.TestCase):

  def make(self):
    c = ConfigDict()
    c.b = 2
    c.a = 1
    c.c = c.get_ref('a') + 10
    return c

  def test_keys_values_items(self):
    c = self.make()
    self.assertEqual(c.keys(), ['a', 'b', 'c'])
    self.assertIsInstance(c.keys(), list)
    self.assertEqual(c.values(), [1, 2, 11])
    self.assertIsInstance(c.values(), list)
    self.assertEqual(c.items(), [('a', 1), ('b', 2), ('c', 11)])
    self.assertIsInstance(c.items(), list)
    self.assertEqual(list(c.iterkeys()), ['a', 'b', 'c'])
    self.assertEqual(list(c.itervalues()), [1, 2, 11])
    self.assertEqual(list(c.iteritems()), [('a', 1), ('b', 2), ('c', 11)])
    refs = c.values(preserve_field_references=True)
    self.assertIsInstance(refs[0], FieldReference)  # get_ref made 'a' a ref
    self.assertIsInstance(refs[2], FieldReference)
    self.assertIsInstance(
        dict(c.items(preserve_field_references=True))['c'], FieldReference)
    self.assertIsInstance(
        list(c.itervalues(preserve_field_references=True))[2], FieldReference)

  def test_len_iter_contains(self):
    c = self.make()
    self.assertEqual(len(c), 3)
    self.assertEqual(list(c), ['a', 'b', 'c'])
    self.assertIn('a', c)
    self.assertNotIn('z', c)
    self.assertEqual(dict(**c), {'a': 1, 'b': 2, 'c': 11})

  def test_sort_keys_false(self):
    c = ConfigDict(sort_keys=False)
    c.b = 1
    c.a = 2
    self.assertEqual(c.keys(), ['b', 'a'])
    self.assertEqual(list(c), ['b', 'a'])

  def test_dir(self):
    c = self.make()
    listing = dir(c)
    for name in ('a', 'b', 'c', 'lock', 'to_dict'):
      self.assertIn(name, listing)
    self.assertNotIn('_bv_spans', listing)

  def test_delete(self):
    c = ConfigDict({'a': 1, 'b': 2, 'n': {'x': 1, 'y': 2}})
    del c.a
    del c['b']
    del c['n.x']
    self.assertEqual(c.to_dict(), {'n': {'y': 2}})
    with self.assertRaises(AttributeError):
      del c.a
    with self.assertRaises(KeyError):
      del c['b']

  def test_equality(self):
    c1 = ConfigDict({'a': 1, 'n': {'x': [1, 2]}})
    c2 = ConfigDict({'a': 1, 'n': {'x': [1, 2]}})
    self.assertEqual(c1, c2)
    self.assertFalse(c1 != c2)
    c2.n.x = [1, 3]
    self.assertNotEqual(c1, c2)
    self.assertNotEqual(c1, ConfigDict({'a': 1, 'n': {'x': [1, 2]}}).lock())
    self.assertNotEqual(c1, ConfigDict({'a': 1, 'n': {'x': [1, 2]}},
                                       type_safe=False))
    self.assertNotEqual(c1, {'a': 1, 'n': {'x': [1, 2]}})
    with self.assertRaises(TypeError):
      hash(c1)

  def test_equality_with_references(self):
    c1 = ConfigDict({'a': 1, 'b': 1})
    c2 = ConfigDict({'a': 1})
    c2.b = c2.get_ref('a')
    self.assertEqual(c1, c2)

  def test_eq_as_configdict(self):
    c = ConfigDict({'a': 1, 'n': {'x': 2}})
    f = FrozenConfigDict(c)
    self.assertNotEqual(c, f)
    self.assertTrue(f.eq_as_configdict(c))
    self.assertTrue(c.eq_as_configdict(f))
    self.assertFalse(c.eq_as_configdict({'a': 1}))

  def test_shallow_copy(self):
    c = ConfigDict({'a': 1, 'n': {'x': 1}})
    c2 = copy.copy(c)
    self.assertIsNot(c2, c)
    self.assertIs(c2.n, c.n)
    self.assertEqual(c2, c)
    c2.a = 2
    self.assertEqual(c.a, 1)

  def test_deepcopy(self):
    c = ConfigDict({'a': 1, 'n': {'x': [1]}})
    c.b = c.get_ref('a')
    c.lock()
    d = copy.deepcopy(c)
    self.assertEqual(d, c)
    self.assertIsNot(d.n, c.n)
    self.assertIsNot(d.n.x, c.n.x)
    self.assertTrue(d.is_locked)
    d.a = 5
    self.assertEqual(d.b, 5)  # references stay linked inside the copy
    self.assertEqual(c.b, 1)

  def test_copies_reset_sort_keys_and_dotted_keys(self):
    c = ConfigDict(sort_keys=False)
    c.b = 1
    c.a = 2
    self.assertEqual(copy.deepcopy(c).keys(), ['a', 'b'])
    self.assertEqual(copy.copy(c).keys(), ['a', 'b'])
    d = ConfigDict(allow_dotted_keys=True)
    d['x.y'] = 1
    with self.assertRaises(ValueError):
      copy.deepcopy(d)

  def test_recursive_rename(self):
    c = ConfigDict({'config': 1, 'n': {'config': 2, 'k': 3}})
    r = config_dict.recursive_rename(c, 'config', 'kwargs')
    self.assertEqual(r.to_dict(), {'kwargs': 1, 'n': {'k': 3, 'kwargs': 2}})


class FrozenConfigDictTest(unittest.TestCase):

  def test_basics(self):
    f = FrozenConfigDict({'a': [1, 2], 'b': {'c': 1}, 's': {1}})
    self.assertEqual(f.a, (1, 2))
    self.assertIsInstance(f.b, FrozenConfigDict)
    self.assertEqual(f.b.c, 1)
    self.assertEqual(f.s, frozenset({1}))
    self.assertEqual(f.get('b.c'), 1)

  def test_immutable(self):
    f = FrozenConfigDict({'a': 1})
    with self.assertRaises(AttributeError):
      f.a = 2
    with self.assertRaises(AttributeError):
      f['a'] = 2
    with self.assertRaises(AttributeError):
      del f.a
    with self.assertRaises(AttributeError):
      del f['a']
    with self.assertRaises(AttributeError):
      f.lock()
    with self.assertRaises(AttributeError):
      f.unlock()

  def test_hash_and_equality(self):
    f1 = FrozenConfigDict({'a': [1, 2], 'b': {'c': 'x'}})
    f2 = FrozenConfigDict({'a': [1, 2], 'b': {'c': 'x'}})
    f3 = FrozenConfigDict({'a': (1, 2), 'b': {'c': 'x'}})
    self.assertEqual(f1, f2)
    self.assertEqual(hash(f1), hash(f2))
    self.assertNotEqual(f1, f3)  # list vs tuple originally
    self.assertEqual({f1: 1}[f2], 1)

  def test_round_trip(self):
    c = ConfigDict({'a': [1, 2], 'b': {'c': 1}})
    f = FrozenConfigDict(c)
    back = ConfigDict(f)
    self.assertEqual(back.a, [1, 2])
    self.assertIsInstance(back.b, ConfigDict)
    self.assertNotIsInstance(back.b, FrozenConfigDict)
    self.assertEqual(f.to_dict(), {'a': (1, 2), 'b': {'c': 1}})

  def test_invalid_input(self):
    with self.assertRaises(ValueError):
      FrozenConfigDict({'a': [{'b': 1}]})

  def test_references_resolved(self):
    c = ConfigDict({'x': 1})
    c.y = c.get_ref('x') + 1
    f = FrozenConfigDict(c)
    self.assertEqual(f.y, 2)
    c.x = 5
    self.assertEqual(f.y, 2)


# --------------------------------------------------------------------------
# Engine position hooks (ours only)
# --------------------------------------------------------------------------


def _load_probe(name):
  """Executes a fresh copy of our config_dict.py as module `name`.

  The package module used by the other tests stays untouched (its classes
  must not change under them); the copy sees whatever `bvengine.spans` is in
  sys.modules at load time.
  """
  path = os.path.join(_OURS_DIR, 'ml_collections', 'config_dict',
                      'config_dict.py')
  spec = importlib.util.spec_from_file_location(name, path)
  module = importlib.util.module_from_spec(spec)
  sys.modules[name] = module
  spec.loader.exec_module(module)
  return module


@unittest.skipIf(_REAL_MLC, 'span hooks exist only in our implementation')
class SpanHooksTest(unittest.TestCase):
  """Loads a private copy of config_dict.py with a fake `bvengine.spans`."""

  @classmethod
  def setUpClass(cls):
    super().setUpClass()
    cls.registry = {}
    cls.state = {'current': 'stmt'}

    fake = types.ModuleType('bvengine.spans')
    fake.here = lambda: cls.state['current']
    fake.of_dict = lambda src: cls.registry.get(id(src))
    package = types.ModuleType('bvengine')
    package.spans = fake
    cls.saved = {k: sys.modules.get(k) for k in ('bvengine', 'bvengine.spans')}
    sys.modules['bvengine'] = package
    sys.modules['bvengine.spans'] = fake

    cls.mod = _load_probe('_bv_spans_probe_cd')

  @classmethod
  def tearDownClass(cls):
    sys.modules.pop('_bv_spans_probe_cd', None)
    sys.modules.pop('_bv_spans_probe_cd_plain', None)
    for name, saved in cls.saved.items():
      if saved is None:
        sys.modules.pop(name, None)
      else:
        sys.modules[name] = saved
    super().tearDownClass()

  def setUp(self):
    self.registry.clear()
    self.at('stmt')
    self.CD = self.mod.ConfigDict  # pylint: disable=invalid-name

  def at(self, where):
    self.state['current'] = where

  def test_probe_uses_fake_engine(self):
    self.assertIs(self.mod._spans, sys.modules['bvengine.spans'])  # pylint: disable=protected-access

  def test_without_engine_spans_stay_empty(self):
    # `sys.modules[name] = None` makes `from bvengine import spans` fail with
    # ImportError, as outside our engine.
    saved = {k: sys.modules.get(k) for k in ('bvengine', 'bvengine.spans')}
    sys.modules['bvengine'] = None
    sys.modules['bvengine.spans'] = None
    try:
      plain = _load_probe('_bv_spans_probe_cd_plain')
    finally:
      sys.modules.update(saved)
    self.assertIsNone(plain._spans)  # pylint: disable=protected-access
    c = plain.ConfigDict({'a': 1, 'n': {'b': 2}})
    c.x = 2
    c.update({'y': 3})
    self.assertEqual(c._bv_spans, {})  # pylint: disable=protected-access
    self.assertEqual(c.n._bv_spans, {})  # pylint: disable=protected-access
    self.assertEqual(c.to_dict(), {'a': 1, 'n': {'b': 2}, 'x': 2, 'y': 3})

  def test_setattr_and_setitem(self):
    c = self.CD()
    self.at('L1')
    c.a = 1
    self.at('L2')
    c['val/x'] = 2
    self.assertEqual(c._bv_spans, {'a': 'L1', 'val/x': 'L2'})  # pylint: disable=protected-access
    self.at('L3')
    c.a = 5
    self.assertEqual(c._bv_spans['a'], 'L3')  # pylint: disable=protected-access

  def test_failed_assignment_keeps_span(self):
    c = self.CD()
    self.at('L1')
    c.a = 1
    self.at('L2')
    with self.assertRaises(TypeError):
      c.a = 'x'
    c.lock()
    with self.assertRaises(AttributeError):
      c.b = 1
    self.assertEqual(c._bv_spans, {'a': 'L1'})  # pylint: disable=protected-access

  def test_construction_from_dict_uses_of_dict(self):
    inner = {'c': 2, 'd': 3}
    outer = {'a': 1, 'b': inner, 'e': 4}
    self.registry[id(outer)] = {'a': 'D.a', 'b': 'D.b'}
    self.registry[id(inner)] = {'c': 'D.b.c'}
    self.at('NEW')
    c = self.CD(outer)
    self.assertEqual(c._bv_spans, {'a': 'D.a', 'b': 'D.b', 'e': 'NEW'})  # pylint: disable=protected-access
    self.assertEqual(c.b._bv_spans, {'c': 'D.b.c', 'd': 'NEW'})  # pylint: disable=protected-access

  def test_unknown_dict_falls_back_to_here(self):
    self.at('HERE')
    c = self.mod.create(x=1, n={'y': 2})
    self.assertEqual(c._bv_spans, {'n': 'HERE', 'x': 'HERE'})  # pylint: disable=protected-access
    self.assertEqual(c.n._bv_spans, {'y': 'HERE'})  # pylint: disable=protected-access

  def test_assigned_dict_is_converted_with_its_spans(self):
    c = self.CD({'m': {'old': 1}})
    d = {'x': 1, 'n': {'y': 2}}
    self.registry[id(d)] = {'x': 'D.x'}
    self.registry[id(d['n'])] = {'y': 'D.n.y'}
    self.at('ASSIGN')
    c.new = d
    self.assertEqual(c._bv_spans['new'], 'ASSIGN')  # pylint: disable=protected-access
    self.assertEqual(c.new._bv_spans, {'x': 'D.x', 'n': 'ASSIGN'})  # pylint: disable=protected-access
    self.assertEqual(c.new.n._bv_spans, {'y': 'D.n.y'})  # pylint: disable=protected-access
    self.at('REPLACE')
    c.m = d  # replaces an existing ConfigDict field
    self.assertEqual(c._bv_spans['m'], 'REPLACE')  # pylint: disable=protected-access
    self.assertEqual(c.m._bv_spans['x'], 'D.x')  # pylint: disable=protected-access

  def test_construction_from_configdict_copies_spans(self):
    self.at('L1')
    c = self.CD()
    c.a = 1
    self.at('L2')
    c.b = {'k': 1}
    self.at('COPY')
    c2 = self.CD(c)
    self.assertEqual(c2._bv_spans, {'a': 'L1', 'b': 'L2'})  # pylint: disable=protected-access
    self.assertIsNot(c2._bv_spans, c._bv_spans)  # pylint: disable=protected-access

  def test_update(self):
    c = self.CD({'n': {'a': 1}, 'b': 1})
    src = {'n': {'a': 2, 'c': 3}, 'b': 2, 'z': 9}
    self.registry[id(src)] = {'b': 'U.b', 'z': 'U.z'}
    self.registry[id(src['n'])] = {'a': 'U.n.a'}
    self.at('UPD')
    c.update(src, kw=1)
    self.assertEqual(c._bv_spans['b'], 'U.b')  # pylint: disable=protected-access
    self.assertEqual(c._bv_spans['z'], 'U.z')  # pylint: disable=protected-access
    self.assertEqual(c._bv_spans['kw'], 'UPD')  # pylint: disable=protected-access
    self.assertEqual(c.n._bv_spans, {'a': 'U.n.a', 'c': 'UPD'})  # pylint: disable=protected-access
    self.at('UPD2')
    c.update(self.CD({'b': 5}))
    self.assertEqual(c._bv_spans['b'], 'UPD2')  # pylint: disable=protected-access

  def test_delete_drops_span(self):
    c = self.CD({'a': 1, 'b': 2, 'n': {'x': 1}})
    del c.a
    del c['b']
    del c['n.x']
    self.assertEqual(set(c._bv_spans), {'n'})  # pylint: disable=protected-access
    self.assertEqual(c.n._bv_spans, {})  # pylint: disable=protected-access

  def test_references(self):
    c = self.CD()
    self.at('L1')
    c.x = 1
    self.at('L2')
    ref = c.get_ref('x')  # does not move the span of 'x'
    self.assertEqual(c._bv_spans['x'], 'L1')  # pylint: disable=protected-access
    c.y = ref * 2
    self.at('L3')
    c.x = 5  # sets through the reference
    self.assertEqual(c._bv_spans, {'x': 'L3', 'y': 'L2'})  # pylint: disable=protected-access

  def test_spans_are_invisible(self):
    c = self.CD({'a': 1, 'n': {'b': 2}})
    self.assertEqual(c.keys(), ['a', 'n'])
    self.assertEqual(c.to_dict(), {'a': 1, 'n': {'b': 2}})
    self.assertEqual(c.to_json(), '{"a": 1, "n": {"b": 2}}')
    self.assertNotIn('_bv_spans', dir(c))
    self.assertNotIn('stmt', repr(c))
    self.assertNotIn('stmt', str(c))
    self.assertEqual(len(c), 2)
    self.at('ELSEWHERE')
    other = self.CD({'a': 1, 'n': {'b': 2}})
    self.assertEqual(c, other)
    self.assertNotEqual(c._bv_spans, other._bv_spans)  # pylint: disable=protected-access

  def test_copies_keep_spans(self):
    self.at('L1')
    c = self.CD({'a': 1, 'n': {'b': 2}})
    c.r = c.get_ref('a') + 1
    self.at('COPYING')
    for dup in (copy.copy(c), copy.deepcopy(c),
                c.copy_and_resolve_references()):
      self.assertEqual(dup._bv_spans, {'a': 'L1', 'n': 'L1', 'r': 'L1'})  # pylint: disable=protected-access
      self.assertEqual(dup.n._bv_spans, {'b': 'L1'})  # pylint: disable=protected-access

  def test_frozen_keeps_spans(self):
    self.at('L1')
    c = self.CD({'a': 1, 'n': {'b': 2}})
    self.at('FREEZE')
    f = self.mod.FrozenConfigDict(c)
    self.assertEqual(f._bv_spans, {'a': 'L1', 'n': 'L1'})  # pylint: disable=protected-access
    self.assertEqual(f.n._bv_spans, {'b': 'L1'})  # pylint: disable=protected-access


if __name__ == '__main__':
  unittest.main()
