# bp-corpus: clean
# bp-layers: w1:relu w2:linear
# bp-requires: torch
# bp-style: torch autograd on raw leaf tensors (requires_grad=True), row convention, ReLU via .clamp(min=0), summed squared error, loss.backward(), updates inside `with torch.no_grad():` as w -= lr * w.grad, gradients cleared with .grad.zero_()
"""Two-layer ReLU net: autograd computes the gradients, the update loop is written by hand."""
import torch

torch.manual_seed(0)

# sizes: batch, input features, hidden units, outputs
batch, d_in, hidden, d_out = 64, 10, 32, 3
x = torch.randn(batch, d_in)
teacher = torch.randn(d_in, d_out)
y = torch.tanh(x @ teacher)

# leaf tensors that autograd will fill .grad on
w1 = (torch.randn(d_in, hidden) * 0.3).requires_grad_()
w2 = (torch.randn(hidden, d_out) * 0.3).requires_grad_()
b1 = torch.zeros(hidden, requires_grad=True)
b2 = torch.zeros(d_out, requires_grad=True)

learning_rate = 1e-3
for t in range(300):
    y_pred = (x.mm(w1) + b1).clamp(min=0).mm(w2) + b2
    loss = (y_pred - y).pow(2).sum()
    if t % 60 == 0 or t == 299:
        print(t, "loss", loss.item())

    # autograd fills w1.grad, b1.grad, ... with dloss/dparam
    loss.backward()

    # the step itself must not be recorded in the graph
    with torch.no_grad():
        w1 -= learning_rate * w1.grad  # bp: update[w1]
        w2 -= learning_rate * w2.grad  # bp: update[w2]
        b1 -= learning_rate * b1.grad  # bp: update[b1]
        b2 -= learning_rate * b2.grad  # bp: update[b2]

        # backward() adds into .grad, so clear it before the next pass
        for leaf in (w1, b1, w2, b2):
            leaf.grad.zero_()

with torch.no_grad():
    y_final = (x.mm(w1) + b1).clamp(min=0).mm(w2) + b2
print("final loss", (y_final - y).pow(2).sum().item())
