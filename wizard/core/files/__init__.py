"""Files and places: TOML reading with clear errors, atomic writes, lost-update guards, the user's
directories and config.
"""
