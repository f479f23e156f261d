# bp-corpus: clean
# bp-style: iterative linear algebra read as a network (pattern 1): conjugate gradient `r = b - A @ x; x += alpha * p; r -= alpha * Ap` and Jacobi iteration `x = (b - R @ x) / d` on a fixed SPD / diagonally dominant system; nothing is trained, the printed "loss" is the residual norm
"""Solve A x = b twice: conjugate gradient, then Jacobi sweeps; both residuals fall."""
import numpy as np

rng = np.random.default_rng(7)

n = 80
M = rng.standard_normal((n, n))
A = M @ M.T / n + np.eye(n)          # symmetric positive definite
b = rng.standard_normal(n)


def conjugate_gradient(A, b, iters=40):
    x = np.zeros_like(b)
    r = b - A @ x
    p = r.copy()
    rs = r @ r
    for i in range(iters):
        Ap = A @ p
        alpha = rs / (p @ Ap)
        x += alpha * p
        r -= alpha * Ap
        rs_new = r @ r
        if i % 10 == 0 or i == iters - 1:
            print(f"cg iter {i:2d} loss {np.sqrt(rs_new):.3e}")
        if np.sqrt(rs_new) < 1e-12:
            break
        p = r + (rs_new / rs) * p
        rs = rs_new
    return x


x_cg = conjugate_gradient(A, b)
print("cg check", np.linalg.norm(A @ x_cg - b))

# Jacobi needs a diagonally dominant matrix
D_dom = rng.uniform(-1.0, 1.0, (n, n)) + np.diag(np.full(n, 1.5 * n))
d = np.diag(D_dom)
R = D_dom - np.diag(d)
x = np.zeros(n)
for sweep in range(30):
    x = (b - R @ x) / d
    residual = b - D_dom @ x
    if sweep % 6 == 0 or sweep == 29:
        print(f"jacobi sweep {sweep:2d} loss {np.linalg.norm(residual):.3e}")
