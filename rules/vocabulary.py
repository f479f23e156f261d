"""The vocabulary the model and the rules share: array libraries, their functions, activations."""

from __future__ import annotations

import re

#: Module prefixes whose functions are array operations (NumPy-like semantics).
ARRAY_MODULES: tuple[str, ...] = (
    "numpy",
    "cupy",
    "jax.numpy",
    "jax.nn",
    "torch",
    "autograd.numpy",
    "scipy.special",
    "scipy.signal",
    "scipy.ndimage",
    "tensorflow.math",
    "mxnet.nd",
    "mxnet.ndarray",
    "mxnet.numpy",
    "opt_einsum",
)

#: top-level packages of libraries (and their usual aliases): their functions are no part of a hand-written backward
#: pass, and what they export is never a user's data
KNOWN_LIBRARIES = frozenset({
    "numpy", "np", "torch", "cupy", "jax", "math", "random", "os", "sys", "time", "matplotlib", "pickle", "json",
    "scipy", "sklearn", "pandas", "tqdm", "logging", "copy", "collections", "itertools", "functools", "argparse",
    "gzip", "csv", "re", "string", "datetime", "pathlib", "PIL", "cv2", "h5py", "tensorflow", "keras", "seaborn",
    "IPython", "typing", "warnings",
})

#: Library function (last dotted component) -> canonical operation.
FUNCTIONS: dict[str, str] = {
    "dot": "matmul", "matmul": "matmul", "mm": "matmul", "bmm": "matmul", "mv": "matmul",
    "vdot": "matmul", "inner": "matmul",
    "outer": "outer", "einsum": "einsum", "tensordot": "tensordot",
    "contract": "einsum",  # (opt_einsum's einsum)
    "transpose": "T", "t": "T",
    "exp": "exp", "log": "log", "log1p": "log", "sqrt": "sqrt", "rsqrt": "rsqrt", "cosh": "cosh",
    "tanh": "tanh", "sigmoid": "sigmoid", "expit": "sigmoid", "relu": "relu",
    "softmax": "softmax", "log_softmax": "log_softmax", "leaky_relu": "leaky_relu",
    "maximum": "maximum", "fmax": "maximum", "minimum": "minimum", "where": "where",
    "nonzero": "where", "clip": "clip", "clamp": "clip", "heaviside": "heaviside", "sign": "sign",
    "sum": "sum", "mean": "mean", "max": "max", "amax": "max", "min": "min", "var": "var", "std": "std",
    "argmax": "argmax", "argmin": "argmax",
    "square": "square", "abs": "abs", "absolute": "abs", "power": "pow", "pow": "pow",
    "multiply": "mul", "add": "add", "subtract": "sub", "divide": "div", "true_divide": "div",
    "mul": "mul", "sub": "sub", "div": "div",
    "negative": "neg",
    "copy": "copy", "array": "array", "asarray": "array", "tensor": "array", "matrix": "array", "asmatrix": "array",
    "from_numpy": "array", "as_tensor": "array", "ascontiguousarray": "copy", "nan_to_num": "copy",
    "asnumpy": "copy",
    "zeros": "init", "ones": "init", "empty": "init", "full": "init", "eye": "init", "identity": "init",
    "zeros_like": "init", "ones_like": "init", "empty_like": "init", "full_like": "init",
    "randn": "init", "rand": "init", "random": "init", "normal": "init", "uniform": "init",
    "randint": "init", "standard_normal": "init", "random_sample": "init", "choice": "init", "choices": "init",
    "binomial": "init",
    "bernoulli": "init",
    "permutation": "init", "arange": "init", "linspace": "init", "load": "init",
    "loadtxt": "init", "genfromtxt": "init", "randn_like": "init", "rand_like": "init",
    "reshape": "reshape", "squeeze": "reshape", "expand_dims": "reshape", "ravel": "reshape",
    "flatten": "reshape", "atleast_2d": "reshape", "unsqueeze": "reshape",
    "sliding_window_view": "reshape", "as_strided": "reshape", "moveaxis": "reshape",
    # (torch's im2col and col2im, `F.unfold(x, k)` and `F.fold(cols, size, k)`: the same entries laid out again)
    "unfold": "reshape", "fold": "reshape",
    "swapaxes": "reshape", "broadcast_to": "reshape", "tile": "reshape", "repeat": "reshape",
    # (`np.delete(W, n, 1)`: the weight without its bias column, the rest of its entries as they are)
    "delete": "reshape",
    "concatenate": "concat", "cat": "concat", "hstack": "concat", "vstack": "concat",
    "stack": "concat", "column_stack": "concat", "pad": "reshape",
    "split": "split", "array_split": "split", "hsplit": "split", "vsplit": "split", "dsplit": "split", "chunk": "split",
    "diag": "diag", "diagflat": "diag", "diag_embed": "diag",
    "flip": "flip", "fliplr": "flip", "flipud": "flip", "rot90": "flip",
    "correlate2d": "correlate", "correlate": "correlate", "convolve2d": "convolve",
    "convolve": "convolve", "conv2d": "correlate", "fftconvolve": "convolve",
    "isnan": "cmpfn", "isfinite": "cmpfn", "allclose": "cmpfn", "any": "cmpfn", "all": "cmpfn",
    "norm": "norm", "cross_entropy": "loss_ce", "mse_loss": "loss_mse",
    "binary_cross_entropy": "loss_ce", "nll_loss": "loss_ce",
}

#: Methods on arrays/tensors -> canonical operation.
METHODS: dict[str, str] = {
    "dot": "matmul", "mm": "matmul", "matmul": "matmul", "mv": "matmul",
    "t": "T", "transpose": "T", "permute": "T", "swapaxes": "T",
    "copy": "copy", "clone": "copy", "detach": "copy", "numpy": "copy", "cpu": "copy",
    "cuda": "copy", "to": "copy", "float": "copy", "double": "copy", "astype": "copy",
    "type": "copy", "contiguous": "copy", "get": "copy", "requires_grad_": "copy",
    # (MXNet's NDArray moved to NumPy or to a device, CuPy's array to the host: the same numbers)
    "asnumpy": "copy", "as_in_context": "copy", "copyto": "copy",
    "sum": "sum", "mean": "mean", "max": "max", "min": "min", "argmax": "argmax", "var": "var", "std": "std",
    "clamp": "clip", "clip": "clip", "clamp_min": "clip_min", "sign": "sign", "heaviside": "heaviside",
    "exp": "exp", "log": "log", "sqrt": "sqrt", "tanh": "tanh", "sigmoid": "sigmoid",
    "relu": "relu", "softmax": "softmax", "abs": "abs", "pow": "pow",
    "mul": "mul", "add": "add", "sub": "sub", "div": "div",
    "reshape": "reshape", "view": "reshape", "squeeze": "reshape", "unsqueeze": "reshape",
    "flatten": "reshape", "ravel": "reshape", "expand_dims": "reshape", "view_as": "reshape",
    # (`b.expand_as(y)`: the other tensor lends its shape, never its values)
    "expand_as": "reshape", "reshape_as": "reshape", "expand": "reshape", "type_as": "copy",
    "item": "item", "tolist": "item", "norm": "norm", "chunk": "split", "nonzero": "where",
    "sub_": "isub", "add_": "iadd", "mul_": "imul", "div_": "idiv", "copy_": "icopy",
    "zero_": "izero", "fill_": "izero", "fill": "izero", "addcdiv_": "iaddc", "addcmul_": "iaddc",
    "backward": "backward", "zero_grad": "zero_grad", "step": "opt_step",
    # the same reset in hand-written autograd frameworks (DeZero's `cleargrads`, Chainer's `cleargrad`)
    "zerograd": "zero_grad", "zero_grads": "zero_grad", "cleargrad": "zero_grad", "cleargrads": "zero_grad",
    "clear_grad": "zero_grad", "clear_grads": "zero_grad", "reset_grad": "zero_grad", "reset_grads": "zero_grad",
    # (a parameter object's own reset, `p.set_grad_zero()`, and the long spellings)
    "set_grad_zero": "zero_grad", "grad_zero": "zero_grad", "zero_gradient": "zero_grad",
    "zero_gradients": "zero_grad", "zeroGrad": "zero_grad", "zeroGradient": "zero_grad",
    "reset_gradient": "zero_grad", "reset_gradients": "zero_grad", "clear_gradients": "zero_grad",
    "parameters": "parameters", "named_parameters": "parameters",
}

#: Activations the model recognises, with the derivative each one's F1 needs.
ACTIVATIONS: tuple[str, ...] = ("sigmoid", "tanh", "relu", "leaky_relu", "softmax", "linear")

#: Activations whose derivative the rules know; any other is a function of the file's own (`elu`, `swish`,
#: `gelu`), tagged by the formulas but never judged.
KNOWN_ACTIVATIONS: frozenset[str] = frozenset(ACTIVATIONS) | {"log_softmax", "any"}

#: names of elementwise functions of a pre-activation that are not its activation
NOT_ACTIVATION = r"(grad|deriv|prime|back|diff|loss|cost|err|drop|norm|clip|scale|init|noise|mask|pad|pool|" \
    r"update|step|round|quant|sample|prob|predict|forward|cast|exp$|^log)"

#: the word that makes a function a layer's forward pass, around the layer's own name (`gelu_forward`)
FORWARD_WORD = re.compile(r"(^|_)(forward|fwd|fprop)(_|$)", re.IGNORECASE)

#: the word that makes a function a layer's backward pass (`affine_backward`, `backward`, `backprop`, `bwd`)
BACKWARD_WORD = re.compile(r"(^|_)(backwards?|bwd|bprop|backprop(agate|agation)?)(_|$)", re.IGNORECASE)

#: word2vec's two tables of word vectors, by their names: the output (context) one, `W_out`,
#: `self.output_embeddings`, `syn1`, `U`, `W2`; and the input (centre word) one, `W_in`, `self.input_embeddings`,
#: `syn0`, `center_vecs`, `V`, `W1`
OUTPUT_TABLE = re.compile(r"out|context|ctx|syn1|(^|[._])(u|U|W2|w2)$")
INPUT_TABLE = re.compile(r"input|cent(er|re)|syn0|emb|(^|[._])(w_?in|in|v|V|W1|w1)$", re.IGNORECASE)

#: F1 as the article writes it, per activation (z = the layer's output, y = its pre-activation).
F1_FORMULA: dict[str, str] = {
    "sigmoid": "{d} = {z} * (1 - {z}) * {e}",
    "tanh": "{d} = (1 - {z}**2) * {e}",
    "relu": "{d} = {e} where {y} > 0, else 0",
    "leaky_relu": "{d} = {e} where {y} > 0, else alpha * {e}",
    "softmax": "{d} = {z} - t   (softmax with cross-entropy: the derivative cancels)",
    "linear": "{d} = {e}",
}

#: Containers of trainable parameters in torch models.
TORCH_MODULE_CLASSES: tuple[str, ...] = ("Linear", "Sequential", "Conv2d", "Module", "RNN", "LSTM")


#: the name of a learning rate (`lr`, `self.learning_rate`'s last word, `eta`)
RATE_NAME = re.compile(r"^(lr|learn_?rate|learning_?rate|eta|alpha|step_?size)$", re.IGNORECASE)

#: names a target takes: an entry point's target argument (`y`, `labels`) or the state a loss layer keeps
#: (`self.t`); in code driven as an entry point only these are targets
TARGET_NAME = re.compile(r"^(y|Y|t|T|ys|Ys|ts|Ts|y_?[Tt]rue|y_?batch|labels?|targets?|y_?train|truth|gt|onehot|one_hot|"
                         r"tgts?|targs?|y_?[Tt]arget|y_?real|y_?gt|expected|desired|true|actual|y_?act(ual)?|"
                         # (`true_labels`, `target_values`, `gold_y`)
                         r"(true|actual|target|gold|expected)_?([Ll]abels?|[Tt]argets?|[Vv]alues?|y|Y|[Oo]utputs?)|"
                         # the labels of a split or of one sample (`trainLabel`, `batch_labels`, `X_label`)
                         r"([Tt]rain(ing)?|[Tt]est|[Vv]alid(ation)?|[Vv]al|[Bb]atch|[Ss]ample|[Ii]nput|[Dd]ata|[xX])_?"
                         r"([Ll]abels?|[Tt]argets?)|"
                         # (`output_expected`, `y_expected`)
                         r"(outputs?|y|Y)_(expected|desired|wanted)|"
                         # targets with their encoding (`labels_one_hot`, `y_onehot`, `one_hot_labels`)
                         r"(y|Y|[Ll]abels?|[Tt]argets?)_?([Oo]ne_?[Hh]ot|oh)|([Oo]ne_?[Hh]ot)_?(y|Y|[Ll]abels?|[Tt]argets?)|"
                         r"self\.(y|t|target|labels?))"
                         # the same handed in as a Python list or vector (`targets_list`, `t_vec`)
                         r"(_?(list|vec|vector|arr|array|tensor|index|indices|idx|ids))?$")

#: an argument named as the outputs to learn (`training_set_outputs`, `outputs` handed in beside `inputs`):
#: computed by nothing in the network, so the targets its output is compared with
HANDED_OUTPUTS = re.compile(r"^(train(ing)?_?(set_?)?)?outputs$")

#: NumPy's scalar types called as functions (`np.int64(a > 0)`): a cast of the array, the same values
DTYPE_CASTS = frozenset({"int64", "int32", "int16", "int8", "uint8", "float64", "float32", "float16", "int_",
                         "float_", "double", "single", "bool_"})

#: initialisers that draw a weight at random (not np.zeros: a buffer, not np.ones: a scale or a mask)
RANDOM_DRAWS = frozenset({"randn", "rand", "random", "random_sample", "normal", "uniform", "standard_normal",
                          "randint", "xavier_uniform_", "kaiming_normal_", "kaiming_uniform_", "normal_",
                          "uniform_", "truncated_normal", "orthogonal", "orthogonal_"})


#: attributes of an array (or a tensor) beside its methods: reading one says nothing of what holds the array
ARRAY_ATTRS = frozenset({"T", "shape", "size", "ndim", "dtype", "device", "data", "grad", "real", "imag", "flat",
                         "requires_grad", "is_leaf", "values", "indices"})


def array_member(name: str) -> bool:
    """`name` is an array's (or a tensor's) attribute, method or a NumPy function's name (`x.T`, `x.sum`)."""
    return name in ARRAY_ATTRS or name in METHODS or name in FUNCTIONS

#: the aliases that name an array library by convention (`from backend import Backend as np`)
ARRAY_ALIASES: dict[str, str] = {"np": "numpy", "cp": "cupy", "jnp": "jax.numpy"}
