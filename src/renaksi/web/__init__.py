"""The Renaksi web application (Django): plans of many units and years, kept, browsed, imported, edited.

Layout: ``settings.py`` (one env-driven settings module), ``urls.py``, ``wsgi.py``, ``access.py``
(the gatekeeper: every view asks it), apps ``accounts`` (units, roles) and ``plans`` (plans,
nodes, indicators, targets; services write, selectors read, views parse-call-render).
"""
