# bp-corpus: clean
# bp-layers: w1:sigmoid w2:sigmoid
# bp-requires: torch
# bp-style: torch tensors without autograd, row convention, sigmoid everywhere, biases; the seed article's example 2 corrected (bias gradients summed over the batch axis)
"""The seed article's Torch example with the bias gradients summed over the batch axis only."""
import torch

torch.manual_seed(0)


## sigmoid activation function using pytorch
def sigmoid_activation(z):
    return 1 / (1 + torch.exp(-z))


## function to calculate the derivative of activation
def sigmoid_delta(x):
    return x * (1 - x)


# 32 samples, 4 inputs, 8 hidden units, 2 sigmoid outputs (two independent binary labels)
n_samples, n_in, n_hidden, n_out = 32, 4, 8, 2
x = torch.randn(n_samples, n_in)
y = torch.stack([(x[:, 0] > 0).float(), (x[:, 1] + x[:, 2] > 0).float()], dim=1)

w1 = torch.randn(n_in, n_hidden)
w2 = torch.randn(n_hidden, n_out)
b1 = torch.randn(1, n_hidden)
b2 = torch.randn(1, n_out)

learning_rate = 0.1
for epoch in range(300):
    ## activation of hidden layer
    z1 = torch.mm(x, w1) + b1
    a1 = sigmoid_activation(z1)
    ## activation (output) of final layer
    z2 = torch.mm(a1, w2) + b2
    output = sigmoid_activation(z2)
    loss = y - output  # bp: error
    if epoch % 50 == 0 or epoch == 299:
        print(f"epoch {epoch} loss {loss.pow(2).mean().item():.5f}")

    ## compute derivative of error terms
    delta_output = sigmoid_delta(output)
    delta_hidden = sigmoid_delta(a1)

    ## backpass the changes to previous layers
    d_outp = delta_output * loss  # bp: F1
    loss_h = torch.mm(d_outp, w2.t())  # bp: F2
    d_hidn = delta_hidden * loss_h  # bp: F1

    w2 += torch.mm(a1.t(), d_outp) * learning_rate  # bp: F3 update[w2]
    w1 += torch.mm(x.t(), d_hidn) * learning_rate  # bp: F3 update[w1]
    b2 += d_outp.sum(0) * learning_rate  # bp: F3 update[b2]
    b1 += d_hidn.sum(0) * learning_rate  # bp: F3 update[b1]
