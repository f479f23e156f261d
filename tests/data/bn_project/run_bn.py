# repro_6 driver (FALSE BP305 on net/layers.py affine_bwd); the full note is in README.txt beside this file.
import numpy as np
from net.model import DeepNet
from net.trainer import Trainer

X = np.random.randn(200, 20)
y = np.random.randint(5, size=200)
data = {'X': X, 'y': y}
bn_model = DeepNet([30, 30, 30], use_bn=True)
plain_model = DeepNet([30, 30, 30], use_bn=False)
Trainer(bn_model, data).train()
Trainer(plain_model, data).train()
loss, grads = bn_model.loss(X[:4], y[:4])
