"""Analysis: what a release says, derived once and carried on the ``Document``.

``dates`` (the one date grammar), ``text`` (language, sentences), ``entities`` (the gazetteer's index of mentions), ``meeting`` (who met,
when, where, the kind), ``steps`` (the agreed next steps), ``points`` (key-point cues and trimming).
"""
