# bp-corpus: clean
# bp-style: iterative linear algebra read as a network (pattern 1): power iteration `v = A @ v; v /= norm` and a Lanczos three-term recurrence `v2 = A.dot(v1) - beta * v0` on a fixed symmetric matrix; nothing is trained, the printed "loss" is the eigen-residual of the current estimate
"""Largest eigenvalue of a symmetric matrix by power iteration, then by Lanczos; residuals fall."""
import numpy as np

rng = np.random.default_rng(41)

n = 60
Q, _ = np.linalg.qr(rng.standard_normal((n, n)))
spectrum = np.concatenate([[10.0, 7.0], rng.uniform(0.0, 5.0, n - 2)])
A = (Q * spectrum) @ Q.T
A = 0.5 * (A + A.T)
lam_true = spectrum.max()

# ---- power iteration ----------------------------------------------------------------
v = rng.standard_normal(n)
v /= np.linalg.norm(v)
for it in range(60):
    w = A @ v
    lam = v @ w                      # Rayleigh quotient
    resid = np.linalg.norm(w - lam * v)
    if it % 15 == 0 or it == 59:
        print(f"power iter {it:2d} loss {resid:.3e}  lambda {lam:.6f}")
    v = w / np.linalg.norm(w)

# ---- Lanczos ---------------------------------------------------------------------------
k_max = 25
v0 = np.zeros(n)
v1 = rng.standard_normal(n)
v1 /= np.linalg.norm(v1)
beta = 0.0
alphas, betas = [], []
basis = [v1]
for k in range(k_max):
    v2 = A.dot(v1) - beta * v0
    alpha = v2.dot(v1)
    v2 = v2 - alpha * v1
    # full re-orthogonalisation keeps the basis honest in floating point
    for q in basis:
        v2 = v2 - q.dot(v2) * q
    alphas.append(alpha)
    beta = np.linalg.norm(v2)
    T = np.diag(alphas) + np.diag(betas, 1) + np.diag(betas, -1)
    ritz, S = np.linalg.eigh(T)
    # residual of the top Ritz pair: |beta_k * last component of its eigenvector|
    ritz_resid = abs(beta * S[-1, -1])
    if k % 5 == 0 or k == k_max - 1:
        print(f"lanczos step {k:2d} loss {ritz_resid:.3e}  top ritz {ritz[-1]:.6f}")
    if beta < 1e-12:
        break
    betas.append(beta)
    v0, v1 = v1, v2 / beta
    basis.append(v1)

print(f"true top eigenvalue {lam_true:.6f}")
print(f"final loss {ritz_resid:.3e}")
