# bp-corpus: clean
# bp-style: iterative linear algebra read as a network (pattern 1): Newton steps `x -= np.linalg.solve(H, g)` inside a log-barrier interior-point method for a box-constrained quadratic program, and Newton's method for a nonlinear system `z -= np.linalg.solve(J, F)`; nothing is trained, the printed "loss" is the duality-gap bound / the system residual
"""Interior-point (log barrier) for min 1/2 x'Qx + c'x, 0 < x < 1; then Newton on F(z) = 0."""
import numpy as np

rng = np.random.default_rng(3)

n = 12
B = rng.standard_normal((n, n))
Q = B @ B.T / n + 0.1 * np.eye(n)
c = rng.standard_normal(n) * 2.0


def barrier_obj(x, t):
    return t * (0.5 * x @ Q @ x + c @ x) - np.sum(np.log(x)) - np.sum(np.log(1.0 - x))


x = np.full(n, 0.5)
t = 1.0
m_constraints = 2 * n
outer = 0
while m_constraints / t > 1e-6:
    for _ in range(50):
        g = t * (Q @ x + c) - 1.0 / x + 1.0 / (1.0 - x)
        H = t * Q + np.diag(1.0 / x ** 2 + 1.0 / (1.0 - x) ** 2)
        step = np.linalg.solve(H, g)
        decrement = g @ step
        if decrement / 2.0 < 1e-10:
            break
        s = 1.0
        # stay strictly inside the box, then backtrack on the barrier objective
        while np.any(x - s * step <= 0.0) or np.any(x - s * step >= 1.0):
            s *= 0.5
        while barrier_obj(x - s * step, t) > barrier_obj(x, t) - 0.25 * s * decrement:
            s *= 0.5
        x -= s * step
    print(f"outer {outer:2d} t {t:9.1f} loss {m_constraints / t:.3e}")
    t *= 8.0
    outer += 1

print("objective", 0.5 * x @ Q @ x + c @ x)

# Newton's method on a small nonlinear system F(z) = 0
def F(z):
    return np.array([z[0] ** 2 + z[1] ** 2 - 4.0, np.exp(z[0]) + z[1] - 1.0])


def J(z):
    return np.array([[2 * z[0], 2 * z[1]], [np.exp(z[0]), 1.0]])


z = np.array([1.0, -1.0])
for k in range(8):
    print(f"newton {k} loss {np.linalg.norm(F(z)):.3e}")
    z -= np.linalg.solve(J(z), F(z))
print(f"newton final loss {np.linalg.norm(F(z)):.3e}")
