"""An optimiser object that runs the whole training step for a model it is handed: forward, the loss's gradient,
each layer's backward walked over `model.layers[::-1]`, then every layer that has weights stepped with the
function forms `np.divide(np.multiply(lr, layer.d_weights), n)` (the layers' gradients are sums over the batch)."""
# bp-corpus: clean
# bp-style: optimiser module with no driver in the file, step(self, model, inputs, targets) calling model.forward, self.loss.gradient and layer.backward over model.layers[::-1], then for layer in model.layers: layer.weights -= np.divide(np.multiply(self.rate, layer.d_weights), batch) guarded by layer.has_weights / layer.has_bias flags
# bp-driver: drivers/optim_runs_step_reversed_layers_clean_driver.py
import numpy as np


class BatchGradientDescent:
    def __init__(self, loss, rate=0.1):
        self.loss = loss
        self.rate = rate

    def step(self, model, inputs, targets):
        outputs = model.forward(inputs)
        upstream = self.loss.gradient(outputs, targets)  # bp: error
        for layer in model.layers[::-1]:
            upstream = layer.backward(upstream)  # bp: F2
        batch = inputs.shape[0]
        for layer in model.layers:
            if layer.has_weights:
                layer.weights -= np.divide(np.multiply(self.rate, layer.d_weights), batch)  # bp: update
            if layer.has_bias:
                layer.bias -= np.divide(np.multiply(self.rate, layer.d_bias), batch)  # bp: update
        return self.loss.value(outputs, targets)
