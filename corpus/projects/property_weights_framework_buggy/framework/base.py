"""The base every layer derives from."""
# bp-corpus: buggy
# bp-style: base class whose constructor sets self.weights = None (a subclass's property then takes over), trainable flag


class BaseLayer:
    def __init__(self):
        self.trainable = False
        self.weights = None
        self.testing_phase = False
