"""A pure-Python, dependency-free re-implementation of `ml_collections.ConfigDict`.

Big Vision Studio evaluates big_vision config files inside its own engine
(pyodide) where the real `ml_collections` package (and its `absl` / `yaml`
dependencies) is not available.  This module provides the same public surface
and the same observable behaviour as ml_collections 1.1.0 for everything a
config file can do: nested dict conversion, attribute/item access, dotted
`get`, type safety with its documented exceptions, locking, lazy
`FieldReference` arithmetic, `to_dict` / `to_json`, `update`, and a basic
`FrozenConfigDict`.

It was written from scratch against the documented and observed behaviour of
the reference package; it shares no code with it.

Engine hook: when the module `bvengine.spans` can be imported, every
ConfigDict records, per key, an opaque "span" object describing where in the
user's source the key was last set (see `_span_map` / `_record_span`).  The
spans live in the instance attribute `_bv_spans`, which is never visible as a
field.
"""

import collections
from collections import abc as _abc
import contextlib
import copy
import dataclasses
import difflib
import functools
import inspect
import json
import math
import operator
import re

try:
  from bvengine import spans as _spans  # present only inside our engine
except ImportError:
  _spans = None


__all__ = (
    '_Op', 'ConfigDict', 'create', 'CustomJSONEncoder', 'FieldReference',
    'FrozenConfigDict', 'JSONDecodeError', 'MutabilityError', 'placeholder',
    'recursive_rename', 'required_placeholder', 'RequiredValueError',
)


# --------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------


class RequiredValueError(Exception):
  """Raised when a required placeholder is read before it received a value."""


class MutabilityError(Exception):
  """Raised when setting a reference would create a reference cycle."""


class JSONDecodeError(Exception):
  """Raised when a ConfigDict cannot be encoded to JSON for encoding reasons."""


_NoneType = type(None)

# Names of the attributes ConfigDict keeps on the instance itself.  They are
# never fields; `__getattr__` refuses to look them up as fields so that a
# half-initialised object (e.g. during copy/unpickling) cannot recurse.
_INTERNAL_ATTRS = frozenset((
    '_fields', '_locked', '_type_safe', '_convert_dict', '_allow_dotted_keys',
    '_sort_keys', '_bv_spans', '_configdict',
))


# --------------------------------------------------------------------------
# Type-safety helpers
# --------------------------------------------------------------------------


def _type_is_callable(a_type):
  """True when instances of `a_type` are callable (some class defines __call__)."""
  for klass in a_type.__mro__:
    if '__call__' in vars(klass):
      return True
  return False


def _violates_type(value, field_type):
  """Would storing `value` in a field of type `field_type` break type safety?"""
  if value is None or field_type is _NoneType:
    return False  # None replaces anything and anything replaces None.
  if isinstance(value, field_type):
    return False
  # One callable may stand in for another callable.
  return not (callable(value) and _type_is_callable(field_type))


def _safe_cast(value, field_type, type_safe=False):
  """Applies the tolerated conversions, then (optionally) checks the type.

  Tolerated conversions: int (and bool) -> float for float fields, str
  subclasses -> str, tuple <-> list matching the field's container type, any
  int (including bool) into an int field.
  """
  if isinstance(value, int) and field_type is float:
    return float(value)
  if isinstance(value, str) and field_type is str:
    return str(value)
  if field_type is list and isinstance(value, tuple):
    return list(value)
  if field_type is tuple and isinstance(value, list):
    return tuple(value)
  if field_type is int and isinstance(value, int):
    return value
  if type_safe and _violates_type(value, field_type):
    raise TypeError(
        '{} is of original type {} and cannot be casted to type {}'.format(
            value, type(value), field_type))
  return value


def _resolve(value):
  """Returns the value behind a FieldReference, or the value itself."""
  if isinstance(value, FieldReference):
    return value.get()
  return value


def _parse_key(key):
  """Splits 'name[3].rest' into ('name', 3); 'name.rest' into ('name', None)."""
  head = key.split('.')[0]
  match = re.match(r'(.*)\[([0-9]+)\]', head)
  if match is None:
    return head, None
  return match.group(1), int(match.group(2))


# --------------------------------------------------------------------------
# FieldReference
# --------------------------------------------------------------------------


class _Op(collections.namedtuple('_Op', ['fn', 'args'])):
  """A deferred operation: `fn(current_value, *args)` applied at `get()`."""


_NO_BOOL_MESSAGE = (
    'FieldReference cannot be used for control flow. For boolean '
    'operations use "&" (logical "and") or "|" (logical "or").')


@functools.total_ordering
class FieldReference:
  """A typed, shareable, lazily computed configuration value.

  Storing the same FieldReference in several fields links them: setting any
  of those fields updates the reference and therefore all of them.
  Arithmetic on a reference returns a new reference whose value is computed
  when read, so later changes of the operands are reflected.
  """

  def __init__(self, default, field_type=None, op=None, required=False):
    if field_type is None:
      if default is None:
        raise ValueError('Default value cannot be None if field_type is None')
      if isinstance(default, FieldReference):
        field_type = default.get_type()
      else:
        field_type = type(default)
    else:
      try:
        isinstance(None, field_type)  # validates field_type's shape
      except TypeError:
        raise TypeError('field_type should be a type, not {}'.format(
            type(field_type))) from None
    self._field_type = field_type
    self.set(default)
    if required and op is not None:
      raise ValueError('Cannot set required to True if op is not None')
    self._required = required
    self._ops = [op] if op is not None else []

  # -- graph ---------------------------------------------------------------

  def has_cycle(self, visited=None):
    """True if following values / op arguments from here leads back here."""
    seen = set(visited) if visited else set()
    if id(self) in seen:
      return True
    seen.add(id(self))
    children = []
    if isinstance(self._value, FieldReference):
      children.append(self._value)
    for pending in self._ops:
      children.extend(a for a in pending.args if isinstance(a, FieldReference))
    return any(child.has_cycle(seen) for child in children)

  # -- value access ----------------------------------------------------------

  def set(self, value, type_safe=True):
    """Replaces the value (dropping any pending ops)."""
    self._ops = []
    if value is None:
      self._value = None
      return
    if isinstance(value, FieldReference):
      if type_safe and not issubclass(value.get_type(), self.get_type()):
        raise TypeError('Reference is of type {} but should be of type {}'
                        .format(value.get_type(), self.get_type()))
      previous = getattr(self, '_value', None)
      self._value = value
      if self.has_cycle():
        self._value = previous
        raise MutabilityError('Found cycle in reference graph.')
      return
    self._value = _safe_cast(value, self._field_type, type_safe)

  def empty(self):
    """True when the reference currently holds None."""
    return self._value is None

  def get(self):
    """Computes the current value: dereference, then apply pending ops."""
    if self._required and self._value is None:
      raise RequiredValueError('None value found in required reference')
    result = _resolve(self._value)
    for pending in self._ops:
      operands = [_resolve(a) for a in pending.args]
      if result is None or any(a is None for a in operands):
        result = None  # ops on a missing value yield a missing value
      else:
        result = pending.fn(result, *operands)
      result = _resolve(result)
    return result

  def get_type(self):
    return self._field_type

  # -- comparison ------------------------------------------------------------

  def __eq__(self, other):
    return self.get() == _resolve(other)

  def __le__(self, other):
    return self.get() <= _resolve(other)

  __hash__ = None  # mutable, hence unhashable

  def __bool__(self):
    raise NotImplementedError(_NO_BOOL_MESSAGE)

  __nonzero__ = __bool__

  # -- lazy operations -------------------------------------------------------

  def _apply_op(self, fn, *args):
    cast_args = [_safe_cast(a, self._field_type) for a in args]
    return FieldReference(self, field_type=self._field_type,
                          op=_Op(fn, cast_args))

  def _apply_cast_op(self, field_type):
    # The new reference holds a dummy default of the target type; its single
    # op ignores that dummy and converts the value of `self`.
    return FieldReference(field_type(), field_type=field_type,
                          op=_Op(lambda _unused, v: field_type(v), [self]))

  def identity(self):
    return self._apply_op(lambda v: v)

  def attr(self, attr_name):
    return self._apply_op(operator.attrgetter(attr_name))

  def __add__(self, other):
    return self._apply_op(operator.add, other)

  def __radd__(self, other):
    return self._apply_op(functools.partial(operator.add, other))

  def __sub__(self, other):
    return self._apply_op(operator.sub, other)

  def __rsub__(self, other):
    return self._apply_op(functools.partial(operator.sub, other))

  def __mul__(self, other):
    return self._apply_op(operator.mul, other)

  def __rmul__(self, other):
    return self._apply_op(functools.partial(operator.mul, other))

  def __truediv__(self, other):
    return self._apply_op(operator.truediv, other)

  def __rtruediv__(self, other):
    return self._apply_op(functools.partial(operator.truediv, other))

  __div__ = __truediv__
  __rdiv__ = __rtruediv__

  def __floordiv__(self, other):
    return self._apply_op(operator.floordiv, other)

  def __rfloordiv__(self, other):
    return self._apply_op(functools.partial(operator.floordiv, other))

  def __pow__(self, other):
    return self._apply_op(operator.pow, other)

  def __mod__(self, other):
    return self._apply_op(operator.mod, other)

  def __and__(self, other):
    return self._apply_op(operator.and_, other)

  def __or__(self, other):
    return self._apply_op(operator.or_, other)

  def __xor__(self, other):
    return self._apply_op(operator.xor, other)

  def __neg__(self):
    return self._apply_op(operator.neg)

  def __abs__(self):
    return self._apply_op(operator.abs)

  def to_int(self):
    return self._apply_cast_op(int)

  def to_float(self):
    return self._apply_cast_op(float)

  def to_str(self):
    return self._apply_cast_op(str)

  def __setstate__(self, state):
    self._value = state['_value']
    self._field_type = state['_field_type']
    self._ops = state['_ops']
    self._required = state.get('_required', False)


# --------------------------------------------------------------------------
# Position hooks (engine only)
# --------------------------------------------------------------------------


def _span_map(source):
  """Mapping key -> span for the keys of `source`, or None.  Engine only."""
  if isinstance(source, ConfigDict):
    return source._bv_spans  # pylint: disable=protected-access
  if isinstance(source, dict):
    return _spans.of_dict(source)
  return None


def _record_span(config, key, span_map):
  """Stores the span of `key` (from `span_map`, else the current statement)."""
  span = span_map.get(key) if span_map is not None else None
  if span is None:
    span = _spans.here()
  config._bv_spans[key] = span  # pylint: disable=protected-access


# --------------------------------------------------------------------------
# ConfigDict
# --------------------------------------------------------------------------


def _fill_from(target, source, visited=None):
  """Populates the empty ConfigDict `target` with the items of `source`.

  `source` is a dict or ConfigDict.  Nested dicts become ConfigDicts (when the
  target converts dicts); a dict object met twice becomes one shared
  ConfigDict, which also makes self-referencing dicts work.  Dicts inside
  lists/tuples are left alone.  References whose value is a dict get that
  value converted in place.
  """
  visited = visited if visited else {}
  visited[id(source)] = target

  if isinstance(source, ConfigDict):
    pairs = source.iteritems(preserve_field_references=True)
  else:
    pairs = source.items()
  span_map = _span_map(source) if _spans is not None else None

  for key, value in pairs:
    if id(value) in visited:
      value = visited[id(value)]
    elif target.convert_dict and isinstance(value, dict):
      child = ConfigDict(type_safe=target.is_type_safe,
                         allow_dotted_keys=target.allow_dotted_keys)
      _fill_from(child, value, visited)
      value = child
    elif (target.convert_dict and isinstance(value, FieldReference) and
          value.get_type() is dict):
      if not value.empty():
        inner = value.get()
        if id(inner) in visited:
          value.set(visited[id(inner)], False)
        else:
          child = ConfigDict(type_safe=target.is_type_safe,
                             allow_dotted_keys=target.allow_dotted_keys)
          _fill_from(child, inner, visited)
          value.set(child, False)
    elif isinstance(value, FrozenConfigDict):
      value = ConfigDict(value, allow_dotted_keys=target.allow_dotted_keys)
    # Filled as by attribute assignment: reserved names are refused with an
    # AttributeError.
    try:
      target._ensure_mutability(key)  # pylint: disable=protected-access
      target._assign(key, value, span_map)  # pylint: disable=protected-access
    except KeyError as e:
      raise AttributeError(e) from None


class ConfigDict:
  """A dict-like configuration container with attribute access.

  * `cfg.x` and `cfg['x']` are the same field; plain dicts assigned to fields
    (or given at construction) become nested ConfigDicts.
  * Type safe by default: once a field has a value, its type is fixed (with a
    few tolerated conversions, see `_safe_cast`).
  * Can be locked: existing fields may change, new fields cannot be added.
  * Fields may hold `FieldReference`s, read transparently.
  * Iteration is deterministic (sorted keys unless `sort_keys=False`).
  """

  _HAS_DYNAMIC_ATTRIBUTES = True

  def __init__(self, initial_dictionary=None, type_safe=True,
               convert_dict=True, *, allow_dotted_keys=False, sort_keys=True):
    if isinstance(initial_dictionary, FrozenConfigDict):
      initial_dictionary = initial_dictionary.as_configdict()
    set_internal = object.__setattr__
    set_internal(self, '_fields', {})
    set_internal(self, '_locked', False)
    set_internal(self, '_type_safe', type_safe)
    set_internal(self, '_convert_dict', convert_dict)
    set_internal(self, '_allow_dotted_keys', allow_dotted_keys)
    set_internal(self, '_sort_keys', sort_keys)
    set_internal(self, '_bv_spans', {})
    if initial_dictionary is not None:
      _fill_from(self, initial_dictionary)
    if isinstance(initial_dictionary, ConfigDict):
      set_internal(self, '_locked', initial_dictionary.is_locked)
      set_internal(self, '_type_safe', initial_dictionary.is_type_safe)

  # -- flags -----------------------------------------------------------------

  @property
  def is_type_safe(self):
    """True if the config is type safe."""
    return self._type_safe

  @property
  def allow_dotted_keys(self):
    """True if field names may contain '.'."""
    return self._allow_dotted_keys

  @property
  def convert_dict(self):
    """True if assigned dicts are converted to ConfigDicts."""
    return self._convert_dict

  @property
  def is_locked(self):
    """True if new fields cannot be added."""
    return self._locked

  def lock(self):
    """Forbids adding fields, here and in every nested ConfigDict."""
    if self._locked:
      return self
    object.__setattr__(self, '_locked', True)
    for value in self._fields.values():
      value = _resolve(value)
      if isinstance(value, ConfigDict):
        value.lock()
    return self

  def unlock(self):
    """Allows adding fields again, here and in every nested ConfigDict."""
    object.__setattr__(self, '_locked', False)
    for value in self._fields.values():
      value = _resolve(value)
      if isinstance(value, ConfigDict) and value.is_locked:
        value.unlock()
    return self

  @contextlib.contextmanager
  def unlocked(self):
    """Context manager: temporarily unlocked (re-locked on exit if it was)."""
    relock = self._locked
    if relock:
      self.unlock()
    try:
      yield self
    finally:
      if relock:
        self.lock()

  @contextlib.contextmanager
  def ignore_type(self):
    """Context manager: type safety off, recursively, for its duration."""
    nested = []
    seen = set()
    pending = list(self._fields.values())
    while pending:
      item = pending.pop()
      if id(item) in seen or isinstance(item, (str, bytes)):
        continue
      seen.add(id(item))
      if isinstance(item, ConfigDict):
        nested.append(item)
      elif isinstance(item, _abc.Mapping):
        for pair in item.items():
          pending.extend(pair)
      elif isinstance(item, (_abc.Sequence, _abc.Set)):
        pending.extend(item)
    previous = self._type_safe
    object.__setattr__(self, '_type_safe', False)
    try:
      with contextlib.ExitStack() as stack:
        for child in nested:
          stack.enter_context(child.ignore_type())
        yield self
    finally:
      object.__setattr__(self, '_type_safe', previous)

  # -- item access -----------------------------------------------------------

  def _is_dotted_path(self, key):
    return (not self._allow_dotted_keys and
            not isinstance(key, (int, float)) and '.' in key)

  def _did_you_mean(self, request, message=''):
    if not isinstance(request, str):
      return message
    candidates = [str(k) for k in self.keys()]
    close = difflib.get_close_matches(request, candidates, 1, 0.75)
    if close:
      if message:
        message += '\n'
      message += 'Did you mean "{}" instead of "{}"?'.format(close[0], request)
    return message

  # Kept under the reference package's name as well.
  _generate_did_you_mean_message = _did_you_mean

  def __getitem__(self, key):
    if self._is_dotted_path(key):
      head, rest = key.split('.', 1)
      return self[head][rest]
    try:
      field = self._fields[key]
    except KeyError as e:
      raise KeyError(self._did_you_mean(key, str(e))) from None
    if isinstance(field, FieldReference):
      return field.get()
    return field

  def __setitem__(self, key, value):
    self._assign(key, value, None)

  def _assign(self, key, value, span_map):
    """The implementation of `self[key] = value`.

    `span_map` is only used by the engine hooks: a mapping key -> span to
    prefer over the currently executing statement.
    """
    if self._is_dotted_path(key):
      raise ValueError(
          'ConfigDict does not accept dots in field names (when'
          ' `allow_dotted_keys=False`), but the key {} contains one.'.format(
              key))
    fields = self._fields
    if key not in fields:
      if self._locked:
        message = ('Key "{}" does not exist and cannot be added since the '
                   'config is locked. Other fields present: "{}"').format(
                       key, fields)
        raise KeyError(self._did_you_mean(key, message))
    else:
      current = fields[key]
      try:
        if isinstance(current, FieldReference):
          # Shared reference: update it so every linked field sees the value.
          current.set(value, self._type_safe)
          if _spans is not None:
            _record_span(self, key, span_map)
          return
        if not _reference_matches(current, value):
          if self._convert_dict and isinstance(value, dict):
            value = type(self)(value, type_safe=self._type_safe)
          value = _safe_cast(value, type(current), self._type_safe)
      except TypeError as e:
        raise TypeError(
            "Could not override field '{}' (reference). {}".format(key, e)
        ) from None

    if self._convert_dict:
      if isinstance(value, dict):
        value = ConfigDict(value, self._type_safe)
      elif isinstance(value, FieldReference):
        held = None if value.empty() else value.get()
        if type(held) is dict or type(held) is FrozenConfigDict:
          value.set(ConfigDict(held, self._type_safe), False)
    fields[key] = value
    if _spans is not None:
      _record_span(self, key, span_map)

  def __delitem__(self, key):
    if self._locked:
      raise KeyError('This ConfigDict is locked, you have to unlock it before '
                     'trying to delete a field.')
    if self._is_dotted_path(key):
      head, rest = key.split('.', 1)
      del self[head][rest]
      return
    try:
      del self._fields[key]
    except KeyError as e:
      raise KeyError(self._did_you_mean(key, str(e))) from None
    if _spans is not None:
      self._bv_spans.pop(key, None)

  def __contains__(self, key):
    return key in self._fields

  def get(self, key, default=None):
    """`self[key]` (dotted paths allowed), or `default` if it is missing."""
    try:
      return self[key]
    except KeyError:
      return default

  # -- attribute access ------------------------------------------------------

  def _ensure_mutability(self, attribute):
    if attribute in _protected_names():
      raise KeyError('{} cannot be overridden.'.format(attribute))

  def __getattr__(self, attribute):
    if attribute in _INTERNAL_ATTRS:
      raise AttributeError(attribute)
    try:
      return self[attribute]
    except KeyError as e:
      raise AttributeError(e) from None

  def __setattr__(self, attribute, value):
    try:
      self._ensure_mutability(attribute)
      self[attribute] = value
    except KeyError as e:
      raise AttributeError(e) from None

  def __delattr__(self, attribute):
    try:
      self._ensure_mutability(attribute)
      del self[attribute]
    except KeyError as e:
      raise AttributeError(e) from None

  def __dir__(self):
    return self.keys() + dir(ConfigDict)

  # -- references ------------------------------------------------------------

  def get_ref(self, key):
    """A FieldReference linked to field `key` (the field then holds it)."""
    field = self._fields[key]
    if field is None:
      raise ValueError('Cannot create reference to a field whose value is None')
    if isinstance(field, FieldReference):
      return field
    reference = FieldReference(field)
    if isinstance(self, FrozenConfigDict):
      self[key] = reference  # raises: frozen configs cannot be modified
    # What assigning the reference (type checks off) amounts to, without
    # moving the key's span.
    if self._convert_dict and type(field) is FrozenConfigDict:
      reference.set(ConfigDict(field, self._type_safe), False)
    self._fields[key] = reference
    return reference

  def get_oneway_ref(self, key):
    """A reference that follows field `key` but whose `set` does not write it."""
    return self.get_ref(key).identity()

  def get_type(self, key):
    """The type of field `key` (the declared type for references)."""
    value = self.__getattr__(key)
    field = self._fields[key]
    if isinstance(field, FieldReference):
      return field.get_type()
    return type(value)

  # -- mapping protocol ------------------------------------------------------

  @property
  def _ordered_fields(self):
    if self._sort_keys:
      return collections.OrderedDict(sorted(self._fields.items()))
    return self._fields

  def keys(self):
    """List of keys (sorted unless sort_keys=False)."""
    return list(self._ordered_fields.keys())

  def iterkeys(self):
    return self._ordered_fields.keys()

  def values(self, preserve_field_references=False):
    if preserve_field_references:
      return list(self._ordered_fields.values())
    return [self[k] for k in self._ordered_fields]

  def itervalues(self, preserve_field_references=False):
    for key in self._ordered_fields:
      yield self._fields[key] if preserve_field_references else self[key]

  def items(self, preserve_field_references=False):
    if preserve_field_references:
      return self._ordered_fields.items()
    return [(k, self[k]) for k in self._ordered_fields]

  def iteritems(self, preserve_field_references=False):
    for key in self._ordered_fields:
      yield key, (self._fields[key] if preserve_field_references
                  else self[key])

  def __len__(self):
    return len(self._fields)

  def __iter__(self):
    return iter(self._ordered_fields)

  # -- equality --------------------------------------------------------------

  def __eq__(self, other):
    if not isinstance(other, self.__class__):
      return False
    return (self._fields == other._fields and
            self._locked == other.is_locked and
            self._type_safe == other.is_type_safe)

  def __ne__(self, other):
    return not self.__eq__(other)

  __hash__ = None

  def eq_as_configdict(self, other):
    """Equality that does not distinguish ConfigDict from FrozenConfigDict."""
    if not isinstance(other, ConfigDict):
      return False
    return ConfigDict(self) == ConfigDict(other)

  # -- text forms ------------------------------------------------------------

  def __repr__(self):
    try:
      return _to_yaml_text(self.to_dict(preserve_field_references=True))
    except Exception:  # pylint: disable=broad-except
      return repr(self.to_dict())

  def __str__(self):
    try:
      return _to_yaml_text(self.to_dict())
    except Exception:  # pylint: disable=broad-except
      return str(self.to_dict())

  def to_yaml(self, **kwargs):
    """A YAML-like text of the config (block style; no python tags)."""
    del kwargs  # formatting options of PyYAML are not supported
    return _to_yaml_text(self.to_dict())

  def _json_dumps_wrapper(self, **kwargs):
    try:
      return json.dumps(self, **kwargs)
    except UnicodeDecodeError as error:
      raise JSONDecodeError(
          'Decoding error. Make sure all strings in your ConfigDict use ASCII-'
          'compatible encodings. Original error message: {}'.format(error)
      ) from None

  def to_json(self, json_encoder_cls=None, **kwargs):
    """JSON text of the config; TypeError for values JSON cannot encode."""
    return self._json_dumps_wrapper(cls=json_encoder_cls or CustomJSONEncoder,
                                    **kwargs)

  def to_json_best_effort(self, **kwargs):
    """JSON text of the config, describing values JSON cannot encode."""
    return self._json_dumps_wrapper(cls=_BestEffortCustomJSONEncoder, **kwargs)

  # -- conversions -----------------------------------------------------------

  def to_dict(self, visit_map=None, preserve_field_references=False):
    """Recursively converts to plain dicts, keeping shared structure.

    References are resolved unless `preserve_field_references`, in which case
    fresh FieldReferences (without ops, holding the current value) appear in
    the result; one original reference maps to one new reference.
    """
    memo = visit_map if visit_map else {}
    result = {}
    memo[id(self)] = result
    for key in self:
      raw = self._fields[key]
      if preserve_field_references and isinstance(raw, FieldReference):
        value, handle = raw.get(), raw
      else:
        value = self[key]
        handle = value
      if id(handle) in memo:
        result[key] = memo[id(handle)]
        continue
      if isinstance(value, ConfigDict):
        converted = value.to_dict(memo, preserve_field_references)
        if isinstance(handle, FieldReference):
          new_ref = FieldReference({}, dict)
          memo[id(handle)] = new_ref
          new_ref.set(converted)
          converted = new_ref
        result[key] = converted
      elif isinstance(handle, FieldReference):
        new_ref = FieldReference(None, handle.get_type())
        new_ref.set(handle.get(), type_safe=False)
        memo[id(handle)] = new_ref
        result[key] = new_ref
      else:
        result[key] = value
    return result

  def copy_and_resolve_references(self, visit_map=None):
    """A copy (same class) in which every FieldReference became its value."""
    memo = visit_map if visit_map else {}
    duplicate = self.__class__()
    object.__setattr__(duplicate, '_convert_dict', self.convert_dict)
    object.__setattr__(duplicate, '_allow_dotted_keys', self.allow_dotted_keys)
    memo[id(self)] = duplicate
    frozen = isinstance(self, FrozenConfigDict)
    for key, value in self._fields.items():
      value = _resolve(value)
      if id(value) in memo:
        value = memo[id(value)]
      elif isinstance(value, ConfigDict):
        value = value.copy_and_resolve_references(memo)
      if frozen:
        duplicate._frozen_setattr(key, value)  # pylint: disable=protected-access
      else:
        duplicate._assign(key, value, self._bv_spans)  # pylint: disable=protected-access
    object.__setattr__(duplicate, '_locked', self.is_locked)
    object.__setattr__(duplicate, '_type_safe', self.is_type_safe)
    return duplicate

  # -- update ----------------------------------------------------------------

  def update(self, *other, **kwargs):
    """dict.update, but recursing into fields that are ConfigDicts.

    Fields already holding a ConfigDict are updated in place from the
    corresponding value; other fields are assigned (with type safety).
    """
    if len(other) > 1:
      raise TypeError(
          'update expected at most 1 arguments, got {}'.format(len(other)))
    for source in other + (kwargs,):
      if isinstance(source, ConfigDict):
        pairs = source.items(preserve_field_references=True)
        span_map = None
      else:
        pairs = source.items()
        span_map = (_spans.of_dict(source)
                    if _spans is not None and isinstance(source, dict)
                    else None)
      for key, value in pairs:
        if key not in self:
          self._assign(key, value, span_map)
        elif isinstance(self._fields[key], ConfigDict):
          self[key].update(source[key])
        elif (isinstance(self._fields[key], FieldReference) and
              isinstance(value, FieldReference)):
          raise TypeError('Cannot update a FieldReference from another '
                          'FieldReference: {!r}'.format(key))
        else:
          self._assign(key, value, span_map)

  def _update_value(self, key, index, value):
    if index is None:
      self[key] = value
      return
    container = self[key]
    if isinstance(container, list):
      container[index] = value
    elif isinstance(container, tuple):
      as_list = list(container)
      as_list[index] = value
      self[key] = tuple(as_list)

  def update_from_flattened_dict(self, flattened_dict, strip_prefix=''):
    """Updates from {'a.b.c': value, 'l[1]': value, ...} style paths.

    Only paths starting with `strip_prefix` are used (prefix removed).  Leaf
    keys may be added; intermediate ones must exist.
    """
    if strip_prefix:
      relevant = {k: v for k, v in flattened_dict.items()
                  if k.startswith(strip_prefix)}
    else:
      relevant = flattened_dict
    descend = {}
    for full_key, value in relevant.items():
      key = full_key[len(strip_prefix):] if strip_prefix else full_key
      first = key.split('.')[0]
      name, index = _parse_key(first)
      if '.' not in key and index is None:
        self[name] = value
        continue
      if name not in self:
        raise KeyError('Key "{}" cannot be set as "{}" was not found.'.format(
            full_key, strip_prefix + name))
      if index is not None and not isinstance(self[name], (list, tuple)):
        raise KeyError('Key "{}" cannot be set as "{}" is not a tuple/list.'
                       .format(full_key, strip_prefix + name))
      if '.' in key:
        child = self[name] if index is None else self[name][index]
        if not isinstance(child, ConfigDict):
          raise KeyError(
              'Key "{}" cannot be updated as "{}" is not a ConfigDict ({}).'
              .format(full_key, strip_prefix + first, type(child)))
        descend[first] = child
      else:
        self._update_value(name, index, value)
    for first, child in descend.items():
      child.update_from_flattened_dict(relevant, strip_prefix + first + '.')

  # -- copying ---------------------------------------------------------------

  def __setstate__(self, state):
    """Rebuilds the config from `state` (a copy of another one's __dict__).

    As in ml_collections 1.1.0, `sort_keys` and `allow_dotted_keys` are not
    carried over (copies sort their keys; copying a config with dotted keys
    fails with ValueError).
    """
    ConfigDict.__init__(self)
    object.__setattr__(self, '_type_safe', state['_type_safe'])
    object.__setattr__(self, '_convert_dict', state.get('_convert_dict', True))
    span_map = state.get('_bv_spans') if _spans is not None else None
    for key, value in state['_fields'].items():
      self._assign(key, value, span_map)
    if state['_locked']:
      # Only this level: children carry their own lock state.
      object.__setattr__(self, '_locked', True)

  def __copy__(self):
    duplicate = self.__class__.__new__(self.__class__)
    duplicate.__setstate__(dict(vars(self)))
    return duplicate

  def __deepcopy__(self, memo):
    duplicate = self.__class__.__new__(self.__class__)
    memo[id(self)] = duplicate
    state = {k: v for k, v in vars(self).items() if k != '_bv_spans'}
    state = copy.deepcopy(state, memo)
    state['_bv_spans'] = self.__dict__.get('_bv_spans', {})  # spans are shared
    duplicate.__setstate__(state)
    return duplicate


def _reference_matches(current, value):
  """Assigning a FieldReference of the field's own type (or of type `object`)
  skips the type check."""
  if not isinstance(value, FieldReference):
    return False
  return value.get_type() in (type(current), object)


@functools.lru_cache(maxsize=None)
def _protected_names():
  """Names that cannot be set as attributes (those `super()` exposes)."""
  probe = ConfigDict.__new__(ConfigDict)
  return frozenset(dir(super(ConfigDict, probe)))


# --------------------------------------------------------------------------
# FrozenConfigDict
# --------------------------------------------------------------------------


def _check_freezable(obj, ancestors=None):
  """Raises ValueError for cycles or dict-likes inside lists/tuples."""
  ancestors = ancestors if ancestors is not None else []
  if isinstance(obj, dict):
    # Dicts were converted to ConfigDicts before; one left over (e.g. behind
    # a reference) is an internal error, as in the reference package.
    raise AssertionError()
  if id(obj) in ancestors:
    raise ValueError('Bad FrozenConfigDict initialization: Cannot contain a '
                     'cycle in its reference structure.')
  ancestors.append(id(obj))
  if isinstance(obj, ConfigDict):
    for value in obj.values():
      _check_freezable(value, ancestors)
  elif isinstance(obj, FieldReference):
    _check_freezable(obj.get(), ancestors)
  elif isinstance(obj, (list, tuple)):
    for element in obj:
      if isinstance(element, (dict, ConfigDict, FieldReference)):
        raise ValueError('Bad FrozenConfigDict initialization: Cannot '
                         'contain a dict, ConfigDict, or FieldReference '
                         'within a list or tuple.')
      _check_freezable(element, ancestors)
  ancestors.pop()


def _immutable(value, memo):
  """Returns an immutable version of a list/tuple/set (copying minimally)."""
  if id(value) in memo:
    return memo[id(value)]
  if isinstance(value, (set, frozenset)):
    result = frozenset(value)
  else:
    items = [_immutable(v, memo) if isinstance(v, (list, tuple, set)) else v
             for v in value]
    if isinstance(value, tuple) and all(a is b for a, b in zip(items, value)):
      result = value
    else:
      result = tuple(items)
  memo[id(value)] = result
  return result


def _fill_frozen(target, source, memo=None):
  """Populates the empty FrozenConfigDict `target` from ConfigDict `source`."""
  object.__setattr__(target, '_configdict', source)
  memo = memo if memo else {}
  memo[id(source)] = target
  for key, value in source.items():
    if id(value) in memo:
      value = memo[id(value)]
    elif (isinstance(value, ConfigDict) and
          not isinstance(value, FrozenConfigDict)):
      child = FrozenConfigDict(type_safe=value.is_type_safe)
      _fill_frozen(child, value, memo)
      value = child
    target._frozen_setattr(key, value, memo)  # pylint: disable=protected-access
  if _spans is not None:
    target._bv_spans.update(source._bv_spans)  # pylint: disable=protected-access


class FrozenConfigDict(ConfigDict):
  """An immutable, hashable ConfigDict (lists -> tuples, sets -> frozensets)."""

  def __init__(self, initial_dictionary=None, type_safe=True):
    super().__init__()
    source = ConfigDict(initial_dictionary=initial_dictionary,
                        type_safe=type_safe)
    _check_freezable(source)
    _fill_frozen(self, source)
    object.__setattr__(self, '_locked', source.is_locked)
    object.__setattr__(self, '_type_safe', source.is_type_safe)

  def _frozen_setattr(self, key, value, visit_map=None):
    memo = visit_map if visit_map is not None else {}
    self._ensure_mutability(key)
    if key in self._fields:
      raise ValueError('Cannot redefine attribute of FrozenConfigDict.')
    if isinstance(value, (list, tuple, set)):
      value = _immutable(value, memo)
    self._fields[key] = value
    return memo

  def __setstate__(self, state):
    self.__init__(state['_configdict'])

  def __setattr__(self, attribute, value):
    raise AttributeError('FrozenConfigDict is immutable. Cannot call '
                         '__setattr__().')

  def __delattr__(self, attribute):
    raise AttributeError('FrozenConfigDict is immutable. Cannot call '
                         '__delattr__().')

  def __setitem__(self, attribute, value):
    raise AttributeError('FrozenConfigDict is immutable. Cannot call '
                         '__setitem__().')

  def __delitem__(self, attribute):
    raise AttributeError('FrozenConfigDict is immutable. Cannot call '
                         '__delitem__().')

  def lock(self):
    raise AttributeError('FrozenConfigDict is immutable. Cannot call lock().')

  def unlock(self):
    raise AttributeError('FrozenConfigDict is immutable. Cannot call unlock().')

  def __hash__(self):
    def hash_value(value):
      if isinstance(value, set):
        return hash((hash(frozenset(value)), 1))
      if isinstance(value, (list, tuple)):
        return hash((isinstance(value, list),) +
                    tuple(hash_value(v) for v in value))
      if isinstance(value, FieldReference):
        return hash_value(value.get())
      try:
        return hash(value)
      except TypeError:
        raise TypeError('FrozenConfigDict contains unhashable type '
                        '{}'.format(type(value))) from None

    total = 0
    for key, value in self._fields.items():
      if isinstance(value, FrozenConfigDict):
        total += hash((hash(key), hash(value)))
      else:
        # The original (mutable) value distinguishes lists from tuples.
        original = self._configdict._fields[key]  # pylint: disable=protected-access
        total += hash((hash(key), hash_value(original)))
    return hash((total, self.is_locked, self.is_type_safe))

  def __eq__(self, other):
    if not isinstance(other, FrozenConfigDict):
      return False
    return ConfigDict(self) == ConfigDict(other)

  def as_configdict(self):
    return self._configdict


# --------------------------------------------------------------------------
# JSON
# --------------------------------------------------------------------------


class CustomJSONEncoder(json.JSONEncoder):
  """Encodes ConfigDicts (their fields), FieldReferences (their value) and
  classes (their str); anything else JSON cannot encode is a TypeError."""

  def default(self, o):
    if isinstance(o, FieldReference):
      return o.get()
    if isinstance(o, ConfigDict):
      return o._fields  # pylint: disable=protected-access
    if isinstance(o, type):
      return str(o)
    raise TypeError('{} is not JSON serializable. Instead use '
                    'ConfigDict.to_json_best_effort()'.format(type(o)))


class _BestEffortCustomJSONEncoder(CustomJSONEncoder):
  """Like CustomJSONEncoder, but describes what it cannot encode."""

  def default(self, o):
    try:
      return super().default(o)
    except TypeError:
      pass
    if isinstance(o, set):
      return sorted(o)
    if inspect.isfunction(o):
      return 'function {}'.format(o.__name__)
    if dataclasses.is_dataclass(o) and not isinstance(o, type):
      return dataclasses.asdict(o)
    if getattr(o, '__dict__', None) and not inspect.isclass(o):
      return dict(o.__dict__)
    if hasattr(o, '__str__'):
      return 'unserializable object: {}'.format(o)
    return 'unserializable object of type: {}'.format(type(o))


# --------------------------------------------------------------------------
# YAML-like text (for __str__ / __repr__), without PyYAML
# --------------------------------------------------------------------------
#
# Produces PyYAML's `yaml.dump(...)` block style for the plain data a config
# holds (dict, list, tuple, str, numbers, bool, None, FieldReferences,
# functions and classes).  Anything else raises, and callers fall back to the
# dict's repr (as the reference package does when PyYAML fails).  For those
# types the text is the same as PyYAML's default `yaml.dump` (sorted keys,
# block style, 80-column folding, anchors for shared nodes, ASCII-only
# escapes, `!!python/...` tags for tuples, functions, classes and
# FieldReferences).

_YAML_RESERVED_WORDS = frozenset(
    'yes Yes YES no No NO true True TRUE false False FALSE on On ON off Off '
    'OFF null Null NULL ~ = <<'.split())
_YAML_LOOKS_TYPED = re.compile(r'''^(?:
    [-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?      # float 1.5, 1.0e+3
  | \.[0-9][0-9_]*(?:[eE][-+][0-9]+)?                  # float .5
  | [-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?   # sexagesimal 12:30
  | [-+]?\.(?:inf|Inf|INF) | \.(?:nan|NaN|NAN)          # special floats
  | [-+]?0b[0-1_]+ | [-+]?0x[0-9a-fA-F_]+               # binary / hex ints
  | [-+]?[0-9][0-9_]*                                   # decimal / octal ints
  | [0-9]{4}-[0-9]{2}-[0-9]{2}                          # dates
  | [0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}.*
)$''', re.VERBOSE)


_YAML_BREAKS = '\n\x85\u2028\u2029'
_YAML_BLANKS = '\0 \t\r' + _YAML_BREAKS
_YAML_WIDTH = 80
_YAML_ESCAPES = {
    '\0': '0', '\x07': 'a', '\x08': 'b', '\t': 't', '\n': 'n', '\x0b': 'v',
    '\x0c': 'f', '\r': 'r', '\x1b': 'e', '"': '"', '\\': '\\', '\x85': 'N',
    '\xa0': '_', '\u2028': 'L', '\u2029': 'P',
}


def _yaml_string_style(text, is_key):
  """'plain', 'single' or 'double': the quoting PyYAML would pick.

  PyYAML runs with allow_unicode=False, so any non-ASCII or non-printable
  character forces double quotes (with escapes).
  """
  if not text:
    return 'single'
  indicator_block = text.startswith('---') or text.startswith('...')
  has_break = special = False
  lead_or_trail_blank = text[0] in ' \n' or text[-1] in ' \n'
  space_then_break = break_then_space = False
  last = len(text) - 1
  for i, ch in enumerate(text):
    before_blank = i == 0 or text[i - 1] in _YAML_BLANKS
    after_blank = i == last or text[i + 1] in _YAML_BLANKS
    if i == 0:
      if ch in '#,[]{}&*!|>\'"%@`':
        indicator_block = True
      elif ch in '?:-' and after_blank:
        indicator_block = True
    elif (ch == ':' and after_blank) or (ch == '#' and before_blank):
      indicator_block = True
    if ch in _YAML_BREAKS:
      has_break = True
    if ch != '\n' and not ' ' <= ch <= '~':
      special = True
    if i > 0 and ch == ' ' and text[i - 1] in _YAML_BREAKS:
      break_then_space = True
    if i > 0 and ch in _YAML_BREAKS and text[i - 1] == ' ':
      space_then_break = True
  resolves_to_str = not (text in _YAML_RESERVED_WORDS or
                         _YAML_LOOKS_TYPED.match(text))
  plain = not (indicator_block or has_break or special or lead_or_trail_blank
               or break_then_space or space_then_break)
  if plain and resolves_to_str:
    return 'plain'
  single = not (special or break_then_space or space_then_break)
  if single and not (is_key and has_break):
    return 'single'
  return 'double'


class _ScalarOut:
  """Accumulates scalar text while tracking the output column."""

  def __init__(self, column, indent):
    self.parts = []
    self.column = column
    self.indent = indent

  def write(self, data):
    self.parts.append(data)
    self.column += len(data)

  def line_break(self):
    self.parts.append('\n')
    self.column = 0

  def next_line(self):
    """Continues on a new line at the scalar's indentation."""
    if self.column > self.indent:
      self.line_break()
    self.write(' ' * (self.indent - self.column))

  def text(self):
    return ''.join(self.parts)


def _yaml_write_plain(text, out, split):
  # Words are written as they come; once a word ends past the width, the
  # following single space becomes a line break.
  for run in re.findall(r' +|[^ ]+', text):
    if run == ' ' and split and out.column > _YAML_WIDTH:
      out.next_line()
    else:
      out.write(run)


def _yaml_write_single(text, out, split):
  out.write("'")
  for match in re.finditer(r" +|\n+|'|[^ \n']+", text):
    run = match.group()
    if run == "'":
      out.write("''")
    elif run[0] == ' ':
      inner = 0 < match.start() and match.end() < len(text)
      if run == ' ' and split and inner and out.column > _YAML_WIDTH:
        out.next_line()
      else:
        out.write(run)
    elif run[0] == '\n':
      # A single break would fold into a space: write one more.
      for _ in range(len(run) + 1):
        out.line_break()
      out.next_line()
    else:
      out.write(run)
  out.write("'")


def _yaml_escape(ch):
  if ch in _YAML_ESCAPES:
    return '\\' + _YAML_ESCAPES[ch]
  code = ord(ch)
  if code <= 0xFF:
    return '\\x{:02X}'.format(code)
  if code <= 0xFFFF:
    return '\\u{:04X}'.format(code)
  return '\\U{:08X}'.format(code)


def _yaml_write_double(text, out, split):
  out.write('"')
  start = 0
  for end in range(len(text) + 1):
    ch = text[end] if end < len(text) else None
    if ch is None or ch in '"\\' or not ' ' <= ch <= '~':
      if start < end:
        out.write(text[start:end])
        start = end
      if ch is not None:
        out.write(_yaml_escape(ch))
        start = end + 1
    # Long lines break with an escaped line end ("\\"); a space starting the
    # continuation is escaped so that it is not taken as indentation.
    if (split and 0 < end < len(text) - 1 and (ch == ' ' or start >= end)
        and out.column + (end - start) > _YAML_WIDTH):
      out.write(text[start:end] + '\\')
      start = max(start, end)
      out.next_line()
      if text[start] == ' ':
        out.write('\\')
  out.write('"')


def _yaml_string(text, column, indent, is_key=False):
  """`text` as PyYAML writes it when it starts at `column`.

  Continuation lines (folding of long values) start at column `indent`.
  Keys are never folded.
  """
  out = _ScalarOut(column, indent)
  style = _yaml_string_style(text, is_key)
  writer = {'plain': _yaml_write_plain, 'single': _yaml_write_single,
            'double': _yaml_write_double}[style]
  writer(text, out, split=not is_key)
  return out.text()


def _yaml_scalar(value):
  """The text of a scalar, or None if `value` is not a scalar."""
  if value is None:
    return 'null'
  if isinstance(value, bool):
    return 'true' if value else 'false'
  if isinstance(value, int):
    return str(int(value))
  if isinstance(value, float):
    if math.isnan(value):
      return '.nan'
    if math.isinf(value):
      return '.inf' if value > 0 else '-.inf'
    text = repr(value).lower()
    if '.' not in text and 'e' in text:
      text = text.replace('e', '.0e', 1)
    return text
  if isinstance(value, str):
    return _yaml_string(value, 0, 0, is_key=True)  # callers fold values
  if inspect.isfunction(value) or inspect.isbuiltin(value) or isinstance(
      value, type):
    name = '{}.{}'.format(value.__module__, value.__qualname__)
    return "!!python/name:{} ''".format(
        name.replace('<', '%3C').replace('>', '%3E'))
  return None


def _yaml_sorted_items(mapping):
  try:
    return sorted(mapping.items(), key=operator.itemgetter(0))
  except TypeError:
    return list(mapping.items())


_YAML_OBJECTS = ()  # set below: classes dumped as `!!python/object:` nodes


def _yaml_mapping_items(node):
  """Sorted entries of a dict, or of a FieldReference's / ConfigDict's state.

  PyYAML dumps these objects with a tag and their instance attributes (our
  private `_bv_spans` excluded).  Only references without pending ops are
  supported (those are the ones `to_dict(preserve_field_references=True)`
  creates).
  """
  if isinstance(node, _YAML_OBJECTS):
    state = {k: v for k, v in vars(node).items() if k != '_bv_spans'}
    if state.get('_ops'):
      raise TypeError('cannot render a FieldReference with pending ops')
    return sorted(state.items())
  return _yaml_sorted_items(node)


def _yaml_key(key):
  text = _yaml_scalar(key)
  if text is None or isinstance(key, (list, tuple, dict)):
    raise TypeError('unsupported key {!r}'.format(key))
  return text


def _yaml_aliasable(value):
  """PyYAML shares (anchors) every repeated node except these scalars."""
  if value is None or isinstance(value, (str, bytes, bool, int, float)):
    return False
  return not (isinstance(value, tuple) and not value)


class _YamlWriter:
  """Writes one document; repeated containers become &idNNN / *idNNN."""

  def __init__(self, data):
    self.lines = ['']
    self.anchors = {}  # id -> anchor name, for nodes reached twice
    self.written = set()  # ids of anchored nodes already written
    self._plan(data, set())

  def _plan(self, node, seen):
    # Same walk order as the output (sorted keys); an anchor is numbered when
    # its node is reached the second time.
    if not _yaml_aliasable(node):
      return
    if id(node) in seen:
      if id(node) not in self.anchors:
        self.anchors[id(node)] = 'id{:03d}'.format(len(self.anchors) + 1)
      return
    seen.add(id(node))
    if isinstance(node, (dict,) + _YAML_OBJECTS):
      for key, value in _yaml_mapping_items(node):
        self._plan(key, seen)
        self._plan(value, seen)
    elif isinstance(node, (list, tuple)):
      for value in node:
        self._plan(value, seen)

  def _anchor(self, value):
    if not _yaml_aliasable(value):
      return None
    return self.anchors.get(id(value))

  def _inline(self, value):
    """Text for a node that fits on the current line, else None."""
    anchor = self._anchor(value)
    if anchor is not None and id(value) in self.written:
      return '*' + anchor
    if isinstance(value, _YAML_OBJECTS):
      text = None
    elif isinstance(value, dict):
      text = None if value else '{}'
    elif isinstance(value, tuple):
      text = None if value else '!!python/tuple []'
    elif isinstance(value, list):
      text = None if value else '[]'
    else:
      text = _yaml_scalar(value)
      if text is None:
        raise TypeError('cannot render {!r}'.format(type(value)))
    if text is not None and anchor is not None:
      self.written.add(id(value))
      text = '&{} {}'.format(anchor, text)
    return text

  def _header(self, value):
    """Anchor and/or tag written before a block collection's entries."""
    parts = []
    anchor = self._anchor(value)
    if anchor is not None:
      self.written.add(id(value))
      parts.append('&' + anchor)
    if isinstance(value, tuple):
      parts.append('!!python/tuple')
    elif isinstance(value, _YAML_OBJECTS):
      parts.append('!!python/object:{}.{}'.format(
          type(value).__module__, type(value).__qualname__))
    return ' '.join(parts)

  def _value(self, value, indent, in_sequence):
    """Writes a node after 'key:' or '-' standing at column `indent`."""
    text = self._inline(value)
    if text is not None:
      self.lines[-1] += ' '
      if isinstance(value, str):
        text = _yaml_string(value, len(self.lines[-1]), indent + 2)
      self.lines[-1] += text
      return
    header = self._header(value)
    if header:
      self.lines[-1] += ' ' + header
    # Sequences inside mappings are not indented (PyYAML's default).
    if isinstance(value, (dict,) + _YAML_OBJECTS) or in_sequence:
      child_indent = indent + 2
    else:
      child_indent = indent
    same_line = in_sequence and not header
    if same_line:
      self.lines[-1] += ' '
    self._entries(value, child_indent, same_line)

  def _entries(self, value, indent, same_line):
    """Writes the entries of a non-empty collection at column `indent`."""
    pad = ' ' * indent
    if isinstance(value, (dict,) + _YAML_OBJECTS):
      for key, item in _yaml_mapping_items(value):
        head = _yaml_key(key) + ':'
        if same_line:
          self.lines[-1] += head
          same_line = False
        else:
          self.lines.append(pad + head)
        self._value(item, indent, in_sequence=False)
    else:
      for item in value:
        if same_line:
          self.lines[-1] += '-'
          same_line = False
        else:
          self.lines.append(pad + '-')
        self._value(item, indent, in_sequence=True)

  def dump(self, data):
    text = self._inline(data)
    if text is not None:
      if isinstance(data, (dict, list, tuple)):
        return text + '\n'
      return text + '\n...\n'
    header = self._header(data)
    self.lines[0] = header
    self._entries(data, 0, same_line=not header)
    return '\n'.join(self.lines) + '\n'


_YAML_OBJECTS = (FieldReference, ConfigDict)


def _to_yaml_text(data):
  """PyYAML-style (`yaml.dump`) block text of `data` (normally a dict)."""
  return _YamlWriter(data).dump(data)


# --------------------------------------------------------------------------
# Module-level helpers
# --------------------------------------------------------------------------


def create(**kwargs):
  """A ConfigDict holding the keyword arguments: `create(x=1, y=2).x == 1`."""
  return ConfigDict(initial_dictionary=kwargs)


def placeholder(field_type, required=False):
  """A typed FieldReference without a value (reads as None until set)."""
  return FieldReference(None, field_type=field_type, required=required)


def required_placeholder(field_type):
  """A typed placeholder whose read raises RequiredValueError until set."""
  return placeholder(field_type, required=True)


def recursive_rename(conf, old_name, new_name):
  """A copy of `conf` where every field called `old_name` is `new_name`."""
  renamed = ConfigDict()
  for name, value in conf.items():
    if isinstance(value, ConfigDict):
      value = recursive_rename(value, old_name, new_name)
    setattr(renamed, new_name if name == old_name else name, value)
  return renamed
