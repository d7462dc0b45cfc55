"""The domain core: plan tree, numbers, periods, rules. Pure Python: no Django, no I/O."""
