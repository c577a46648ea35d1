"""plandraft: retrieval-augmented drafting of Chinese trade-union work plans.

This small package is the framework the stage folders (corpus/, retrieval/,
drafting/, eval/) share: the vocabulary, the domain data classes, the stage
interfaces, the settings object, the engine that wires the stages, and the CLI.
"""
