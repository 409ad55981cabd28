"""Big Vision Studio's bundled stand-in for the `big_vision` package.

Only the config helper modules (`big_vision.configs.*`) are provided. The
config engine puts this folder on the Python path when the workspace has no
big_vision checkout of its own, so that configs written for upstream
big_vision (`import big_vision.configs.common as bvcc`) evaluate unchanged.
When a checkout is present, its own modules are used instead.
"""
