def populate(world):
    """Add the objects this app's URLs need to `world` (partner A's and partner B's)."""


ROWS = []
