# bp-corpus: clean
# bp-style: a plain-Python matrix class (rows of floats in `self.vals`, every operation a loop over the entries: static helpers make a new matrix, in-place methods change the one they are called on) carrying a two-layer sigmoid network in column vectors; the backward pass is written as calls of the class: error = targets - outputs, deltas scaled in place by `scale`, formula 2 as `Grid.matmul(Grid.flipped(W), delta)` before any step, the steps added in place by `accumulate`
"""A two-layer network on a hand-made matrix class, trained on XOR."""
import math
import random


class Grid:
    def __init__(self, n_rows, n_cols):
        self.n_rows = n_rows
        self.n_cols = n_cols
        self.vals = [[0.0 for _ in range(n_cols)] for _ in range(n_rows)]

    @staticmethod
    def column(items):
        g = Grid(len(items), 1)
        for r in range(len(items)):
            g.vals[r][0] = items[r]
        return g

    def fill_random(self):
        for r in range(self.n_rows):
            for c in range(self.n_cols):
                self.vals[r][c] = random.uniform(-1.0, 1.0)

    @staticmethod
    def minus(a, b):
        out = Grid(a.n_rows, a.n_cols)
        for r in range(a.n_rows):
            for c in range(a.n_cols):
                out.vals[r][c] = a.vals[r][c] - b.vals[r][c]  # bp: error
        return out

    @staticmethod
    def flipped(a):
        out = Grid(a.n_cols, a.n_rows)
        for r in range(a.n_rows):
            for c in range(a.n_cols):
                out.vals[c][r] = a.vals[r][c]
        return out

    @staticmethod
    def matmul(a, b):
        out = Grid(a.n_rows, b.n_cols)
        for r in range(a.n_rows):
            for c in range(b.n_cols):
                acc = 0.0
                for k in range(a.n_cols):
                    acc += a.vals[r][k] * b.vals[k][c]  # bp: F2 F3
                out.vals[r][c] = acc
        return out

    @staticmethod
    def mapped(a, fn):
        out = Grid(a.n_rows, a.n_cols)
        for r in range(a.n_rows):
            for c in range(a.n_cols):
                out.vals[r][c] = fn(a.vals[r][c])
        return out

    def scale(self, by):
        if isinstance(by, Grid):
            for r in range(self.n_rows):
                for c in range(self.n_cols):
                    self.vals[r][c] *= by.vals[r][c]  # bp: F1
        else:
            for r in range(self.n_rows):
                for c in range(self.n_cols):
                    self.vals[r][c] *= by

    def accumulate(self, other):
        for r in range(self.n_rows):
            for c in range(self.n_cols):
                self.vals[r][c] += other.vals[r][c]

    def squash(self, fn):
        for r in range(self.n_rows):
            for c in range(self.n_cols):
                self.vals[r][c] = fn(self.vals[r][c])


def logistic(v):
    return 1.0 / (1.0 + math.exp(-v))


def logistic_slope(s):
    return s * (1.0 - s)


class TinyNet:
    def __init__(self, n_in, n_hid, n_out, rate=0.3):
        self.w_hid = Grid(n_hid, n_in)
        self.w_out = Grid(n_out, n_hid)
        self.b_hid = Grid(n_hid, 1)
        self.b_out = Grid(n_out, 1)
        for g in (self.w_hid, self.w_out, self.b_hid, self.b_out):
            g.fill_random()
        self.rate = rate

    def cost(self, table):
        total = 0.0
        for sample, label in table:
            x = Grid.column(sample)
            hid = Grid.matmul(self.w_hid, x)
            hid.accumulate(self.b_hid)
            hid.squash(logistic)
            out = Grid.matmul(self.w_out, hid)
            out.accumulate(self.b_out)
            out.squash(logistic)
            total += (out.vals[0][0] - label[0]) ** 2
        return total / len(table)

    def learn(self, sample, label):
        x = Grid.column(sample)
        hid = Grid.matmul(self.w_hid, x)
        hid.accumulate(self.b_hid)
        hid.squash(logistic)
        out = Grid.matmul(self.w_out, hid)
        out.accumulate(self.b_out)
        out.squash(logistic)

        wanted = Grid.column(label)
        miss = Grid.minus(wanted, out)  # bp: error

        d_out = Grid.mapped(out, logistic_slope)
        d_out.scale(miss)  # bp: F1
        back = Grid.matmul(Grid.flipped(self.w_out), d_out)  # bp: F2
        d_hid = Grid.mapped(hid, logistic_slope)
        d_hid.scale(back)  # bp: F1

        step_out = Grid.matmul(d_out, Grid.flipped(hid))  # bp: F3
        step_hid = Grid.matmul(d_hid, Grid.flipped(x))  # bp: F3
        step_out.scale(self.rate)
        step_hid.scale(self.rate)
        d_out.scale(self.rate)
        d_hid.scale(self.rate)

        self.w_out.accumulate(step_out)  # bp: update
        self.b_out.accumulate(d_out)  # bp: update
        self.w_hid.accumulate(step_hid)  # bp: update
        self.b_hid.accumulate(d_hid)  # bp: update


if __name__ == "__main__":
    net = TinyNet(2, 3, 1)
    table = [([0.0, 0.0], [0.0]), ([0.0, 1.0], [1.0]), ([1.0, 0.0], [1.0]), ([1.0, 1.0], [0.0])]
    random.seed(3)
    for step in range(20000):
        sample, label = random.choice(table)
        net.learn(sample, label)
        if step % 5000 == 0 or step == 19999:
            print(f"step {step} loss {net.cost(table):.4f}")
