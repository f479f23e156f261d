# bp-corpus: clean
# bp-style: not a network: steepest descent for a symmetric positive-definite system A x = b, split into a
# base class with a static residual(A, x, b) = b - A @ x and a subclass whose solve() steps
# x += alpha * r with alpha = (r . r) / (r . A r); driven at module level on a literal 4 x 4 matrix;
# nothing is trained, the printed "loss" is the residual norm
"""Steepest descent on a small SPD system, written as a tiny solver class hierarchy."""
import numpy as np


class IterativeSolver:
    def __init__(self, tol=1e-10, max_iter=200):
        self.tol = tol
        self.max_iter = max_iter
        self.history = []

    @staticmethod
    def residual(A, x, b):
        return b - A @ x

    def converged(self, r):
        return np.linalg.norm(r) < self.tol


class SteepestDescent(IterativeSolver):
    def solve(self, A, b, x0=None):
        x = np.zeros_like(b) if x0 is None else x0.astype(float)
        r = self.residual(A, x, b)
        for k in range(self.max_iter):
            self.history.append(np.linalg.norm(r))
            if self.converged(r):
                break
            Ar = A @ r
            alpha = (r @ r) / (r @ Ar)
            x = x + alpha * r
            r = r - alpha * Ar
            if k % 10 == 9:
                r = self.residual(A, x, b)   # refresh: the recurrence drifts in floating point
        return x


A = np.array([[4.0, 1.0, 0.5, 0.0],
              [1.0, 3.0, 0.2, 0.3],
              [0.5, 0.2, 2.5, 0.4],
              [0.0, 0.3, 0.4, 2.0]])
b = np.array([1.0, -2.0, 0.5, 3.0])

solver = SteepestDescent(tol=1e-10, max_iter=300)
x = solver.solve(A, b)
for k, norm in enumerate(solver.history):
    if k % 10 == 0:
        print(f"iter {k:3d} loss {norm:.3e}")
print(f"final iter {len(solver.history) - 1} loss {np.linalg.norm(IterativeSolver.residual(A, x, b)):.3e}")
print("check", np.allclose(A @ x, b))
