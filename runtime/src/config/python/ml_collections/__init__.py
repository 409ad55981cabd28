"""Big Vision Studio's dependency-free stand-in for the `ml_collections` package.

Only the configuration containers are provided (no `config_flags`):
`ml_collections.ConfigDict`, `ml_collections.FrozenConfigDict`,
`ml_collections.FieldReference` and the `ml_collections.config_dict` module,
mirroring the top level of ml_collections 1.1.0.
"""

from ml_collections import config_dict
from ml_collections.config_dict import ConfigDict
from ml_collections.config_dict import FieldReference
from ml_collections.config_dict import FrozenConfigDict

__all__ = ('ConfigDict', 'FieldReference', 'FrozenConfigDict')

__version__ = '1.1.0'
