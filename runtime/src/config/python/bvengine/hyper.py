"""The `hyper` object that `get_hyper(hyper)` sweeps are written against, as Google's launcher hands it over.

Every sweep is a plain list of dicts, one per run (key -> value). `product` varies its first factor slowest, as
nested loops would; `zipit` merges runs element by element; `chainit` concatenates; `fixed` repeats one setting.
"""


class HyperError(ValueError):
    """A sweep built wrongly (zipped sweeps of different lengths, a factor that is not a sweep)."""


def _runs(sweep, where):
    """A sweep as a list of dicts; anything else is refused with what was given."""
    if isinstance(sweep, (str, bytes, dict)) or not hasattr(sweep, '__iter__'):
        raise HyperError(f'{where} takes sweeps (lists of dicts such as hyper.sweep(...) returns), '
                         f'not {type(sweep).__name__} {sweep!r:.60}')
    runs = list(sweep)
    for run in runs:
        if not isinstance(run, dict):
            raise HyperError(f'{where}: a sweep holds dicts (one per run), not {type(run).__name__} {run!r:.60}')
    return runs


def _factors(factors, where):
    if isinstance(factors, (str, bytes, dict)) or not hasattr(factors, '__iter__'):
        raise HyperError(f'{where} takes a list of sweeps: {where}([hyper.sweep(...), ...])')
    return [_runs(f, where) for f in factors]


class Hyper:
    """What `get_hyper(hyper)` receives."""

    @staticmethod
    def sweep(name, values):
        """One run per value: [{name: v} for v in values]."""
        if not isinstance(name, str):
            raise HyperError(f'hyper.sweep takes the key name first (such as \'config.lr\'), not {name!r:.60}')
        if isinstance(values, (str, bytes)) or not hasattr(values, '__iter__'):
            raise HyperError(f'hyper.sweep({name!r}, ...) takes a list of values, not {values!r:.60}')
        return [{name: v} for v in values]

    @staticmethod
    def fixed(name, value, length=1):
        """`length` runs that all set name=value."""
        if not isinstance(length, int) or length < 0:
            raise HyperError(f'hyper.fixed({name!r}, ...): length must be a whole number >= 0, not {length!r}')
        return [{name: value} for _ in range(length)]

    @staticmethod
    def product(factors):
        """The cartesian product; the first factor varies slowest. product([]) is one run setting nothing."""
        result = [{}]
        for runs in _factors(factors, 'hyper.product'):
            result = [{**a, **b} for a in result for b in runs]
        return result

    @staticmethod
    def zipit(factors):
        """Run i merges run i of every factor; the factors must have the same length."""
        all_runs = _factors(factors, 'hyper.zipit')
        lengths = [len(runs) for runs in all_runs]
        if len(set(lengths)) > 1:
            raise HyperError(f'hyper.zipit: the zipped sweeps have different lengths '
                             f'({", ".join(map(str, lengths))}); zipit pairs runs one by one, so give every sweep '
                             f'the same number of values (or use hyper.product for all combinations)')
        out = []
        for group in zip(*all_runs):
            merged = {}
            for run in group:
                merged.update(run)
            out.append(merged)
        return out

    @staticmethod
    def chainit(factors):
        """The runs of every factor, one factor after the other."""
        return [run for runs in _factors(factors, 'hyper.chainit') for run in runs]

    @staticmethod
    def discrete(values):
        """The values themselves (a search-space hint to Google's tuner; a plain list here)."""
        return list(values)

    @staticmethod
    def categorical(values):
        """The values themselves (a search-space hint to Google's tuner; a plain list here)."""
        return list(values)


HYPER = Hyper()
