"""Big Vision Studio's bundled, upstream-compatible config helper modules.

Used when the workspace has no big_vision checkout. Each module here behaves
like its namesake in google-research/big_vision (`big_vision/configs/`): same
functions, same values, same errors, so a config evaluates to the same
ConfigDict with either. The equivalence is checked by
`scripts/upstreamGoldens.py --helpers` against real CPython + ml_collections.
"""
