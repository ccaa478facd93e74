"""What an article's clean text mentions: places, dates, actors and numbers, each a span.

Modules: `text` (tokens, sentences, language), `dates` (time expressions to the
calendar), `actors` (the actor registry), `numbers` (casualty and materiel
counts), `entities` (people, organisations, weapons and platforms) and the places
modules (gazetteer and toponyms). `fogwatch.analyze`, above this package, joins them in the
analyze step.
spaCy and the other heavy dependencies are imported lazily: `pip install 'fogwatch[nlp]'`.
"""
