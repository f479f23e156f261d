# bp-corpus: clean
# bp-style: a deeplearning.ai-style L-layer binary classifier as one class whose constructor is handed the training set (`__init__(self, X, Y, layer_dims, learning_rate, num_iterations)` keeps `self.X`, `self.Y`); parameters in `self.parameters['W' + str(l)]`, He init in a set-up method the constructor calls; `@classmethod`/`@staticmethod` helpers `linear_forward`, `linear_activation_forward`, `relu_backward`, `sigmoid_backward`, `linear_backward(dZ, cache)` (`A_prev, W, b = cache`) and `linear_activation_backward(dA, cache, activation)` dispatching on "relu"/"sigmoid"; `L_model_backward(self, AL, caches)` starts from the binary cross-entropy's derivative and stores every gradient into `self.grads`; `update_parameters(self)` steps in place; `fit(self)` runs the loop; column convention (X is (n_x, m), W is (out, in)); the script at the bottom builds the model with its data and calls fit
"""Will a synthetic bank customer leave? An L-layer ReLU/sigmoid classifier that owns its training set."""
import numpy as np


class ChurnModel:
    def __init__(self, X, Y, layer_dims, learning_rate, num_iterations):
        self.X = X
        self.Y = Y
        self.layer_dims = layer_dims
        self.learning_rate = learning_rate
        self.num_iterations = num_iterations
        self.L = len(layer_dims) - 1
        self.parameters = {}
        self.grads = {}
        self.costs = []
        self.initialize_parameters()

    def initialize_parameters(self):
        rng = np.random.RandomState(27)
        for l in range(1, self.L + 1):
            fan_in = self.layer_dims[l - 1]
            self.parameters['W' + str(l)] = rng.randn(self.layer_dims[l], fan_in) * np.sqrt(2.0 / fan_in)
            self.parameters['b' + str(l)] = np.zeros((self.layer_dims[l], 1))

    @staticmethod
    def sigmoid(Z):
        return 1.0 / (1.0 + np.exp(-Z)), Z

    @staticmethod
    def relu(Z):
        return np.maximum(0, Z), Z

    @classmethod
    def linear_forward(cls, A, W, b):
        Z = np.dot(W, A) + b
        return Z, (A, W, b)

    @classmethod
    def linear_activation_forward(cls, A_prev, W, b, activation):
        Z, linear_cache = cls.linear_forward(A_prev, W, b)
        if activation == "sigmoid":
            A, activation_cache = cls.sigmoid(Z)
        elif activation == "relu":
            A, activation_cache = cls.relu(Z)
        return A, (linear_cache, activation_cache)

    def L_model_forward(self, X):
        caches = []
        A = X
        for l in range(1, self.L):
            A, cache = self.linear_activation_forward(A, self.parameters['W' + str(l)],
                                                      self.parameters['b' + str(l)], "relu")
            caches.append(cache)
        AL, cache = self.linear_activation_forward(A, self.parameters['W' + str(self.L)],
                                                   self.parameters['b' + str(self.L)], "sigmoid")
        caches.append(cache)
        return AL, caches

    def compute_cost(self, AL):
        m = self.Y.shape[1]
        return float(-np.sum(self.Y * np.log(AL) + (1 - self.Y) * np.log(1 - AL)) / m)

    @staticmethod
    def relu_backward(dA, Z):
        dZ = np.array(dA, copy=True)  # bp: F1
        dZ[Z <= 0] = 0  # bp: F1
        return dZ

    @staticmethod
    def sigmoid_backward(dA, Z):
        s = 1.0 / (1.0 + np.exp(-Z))
        return dA * s * (1 - s)  # bp: F1

    @staticmethod
    def linear_backward(dZ, cache):
        A_prev, W, b = cache
        m = A_prev.shape[1]
        dW = np.dot(dZ, A_prev.T) / m  # bp: F3
        db = np.sum(dZ, axis=1, keepdims=True) / m  # bp: F3
        dA_prev = np.dot(W.T, dZ)  # bp: F2
        return dA_prev, dW, db

    @classmethod
    def linear_activation_backward(cls, dA, cache, activation):
        linear_cache, activation_cache = cache
        if activation == "relu":
            dZ = cls.relu_backward(dA, activation_cache)  # bp: F1
        elif activation == "sigmoid":
            dZ = cls.sigmoid_backward(dA, activation_cache)  # bp: F1
        dA_prev, dW, db = cls.linear_backward(dZ, linear_cache)  # bp: F2 F3
        return dA_prev, dW, db

    def L_model_backward(self, AL, caches):
        L = len(caches)
        Y = self.Y.reshape(AL.shape)
        dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))  # bp: error
        dA_prev, dW, db = self.linear_activation_backward(dAL, caches[L - 1], "sigmoid")  # bp: F2 F3
        self.grads["dA" + str(L - 1)] = dA_prev
        self.grads["dW" + str(L)] = dW
        self.grads["db" + str(L)] = db
        for l in reversed(range(L - 1)):
            dA_prev, dW, db = self.linear_activation_backward(self.grads["dA" + str(l + 1)], caches[l], "relu")  # bp: F2 F3
            self.grads["dA" + str(l)] = dA_prev
            self.grads["dW" + str(l + 1)] = dW
            self.grads["db" + str(l + 1)] = db

    def update_parameters(self):
        for l in range(1, self.L + 1):
            self.parameters['W' + str(l)] -= self.learning_rate * self.grads['dW' + str(l)]  # bp: update
            self.parameters['b' + str(l)] -= self.learning_rate * self.grads['db' + str(l)]  # bp: update

    def fit(self):
        for i in range(self.num_iterations + 1):
            AL, caches = self.L_model_forward(self.X)
            cost = self.compute_cost(AL)
            self.L_model_backward(AL, caches)  # bp: F2
            self.update_parameters()  # bp: update
            if i % 250 == 0:
                self.costs.append(cost)
                print("Cost after iteration %i: loss %.5f" % (i, cost))
        return self


def make_customers(m, seed=4):
    """Six standardised features: tenure, balance, products, activity, age, complaints."""
    rng = np.random.RandomState(seed)
    X = rng.randn(6, m)
    risk = 0.9 * X[5] - 0.7 * X[0] + 0.6 * X[1] * X[3] - 0.4 * X[2] ** 2 + 0.3
    Y = (risk + 0.3 * rng.randn(m) > 0).astype(float).reshape(1, m)
    flip = rng.rand(1, m) < 0.06  # a few customers who do the unexpected keep the output off 0 and 1
    Y[flip] = 1 - Y[flip]
    return X, Y


if __name__ == "__main__":
    X_train, Y_train = make_customers(400)
    model = ChurnModel(X_train, Y_train, [6, 12, 5, 1], learning_rate=0.1, num_iterations=1000)
    model.fit()
