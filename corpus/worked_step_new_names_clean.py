# bp-corpus: clean
# bp-style: a textbook's worked example, one step of backpropagation by hand on a 1-2-1 network: p = 1,
# target 1 + sin(pi / 4), sigmoid hidden layer, linear output, sensitivities s = -2 * e for the squared error,
# and the new weights written into new names (w2_new = w2 - alpha * s2 * a1.T), printed, never copied back
import numpy as np

p = 1
t = 1 + np.sin(np.pi * p / 4)
w1 = np.array([[-0.27], [-0.41]])
b1 = np.array([[-0.48], [-0.13]])
w2 = np.array([[0.09, -0.17]])
b2 = np.array([[0.48]])
alpha = 0.1

# forward
a0 = np.array([[p]])
n1 = np.dot(w1, a0) + b1
a1 = 1 / (1 + np.exp(-n1))
n2 = np.dot(w2, a1) + b2
a2 = n2
e = t - a2  # bp: error

# sensitivities, from the output back
s2 = -2 * e
s1 = a1 * (1 - a1) * w2.T * s2  # bp: F1 F2

# the new weights and biases
w2_new = w2 - alpha * s2 * a1.T  # bp: F3 update
b2_new = b2 - alpha * s2  # bp: update
w1_new = w1 - alpha * np.dot(s1, a0.T)  # bp: F3 update
b1_new = b1 - alpha * s1  # bp: update

print("w2", w2_new, "b2", b2_new)
print("w1", w1_new, "b1", b1_new)

# the check the textbook asks for: the squared error before and after the step
a2_after = np.dot(w2_new, 1 / (1 + np.exp(-(np.dot(w1_new, a0) + b1_new)))) + b2_new
print("loss before", float(e[0, 0] ** 2))
print("loss after", float((t - a2_after)[0, 0] ** 2))
