"""Helpers of the PaliGemma configs."""
