"""Central finite differences of a loss in the elements of one array: the reference every check compares with."""

from __future__ import annotations

from typing import Any, Callable

#: the step of a difference, and how many elements of a large array are sampled
STEP = 1e-6
MAX_ELEMENTS = 48


def central_differences(np: Any, rng: Any, base: Any, set_value: Callable[[Any], None],
                        objective: Callable[[], float], drop_noise: bool = True) -> tuple[Any, Any, float]:
    """(gradient, mask, noise) of `objective` in `base`'s elements, each perturbed through `set_value`.

    Elements that sit on a kink (a ReLU input of exactly zero) have no derivative to compare with: where
    the one-sided differences disagree they are left out of `mask`, as are elements not sampled. With
    `drop_noise`, so are elements below ~100x the rounding error of a difference of two losses (a gradient
    that vanished through many layers), which compared would make a correct gradient a mismatch.
    `base` is set back at the end.
    """
    base = np.array(base, dtype=float)
    flat = base.reshape(-1)
    n = flat.size
    picks = range(n) if n <= MAX_ELEMENTS else rng.choice(n, MAX_ELEMENTS, replace=False)
    grad = np.zeros(n)
    mask = np.zeros(n, dtype=bool)
    set_value(base)
    centre = objective()
    for i in picks:
        sides = []
        for sgn in (1, -1):
            pert = flat.copy()
            pert[i] += sgn * STEP
            set_value(pert.reshape(base.shape))
            sides.append(objective())
        ahead, behind = (sides[0] - centre) / STEP, (centre - sides[1]) / STEP
        grad[i] = (sides[0] - sides[1]) / (2 * STEP)
        mask[i] = abs(ahead - behind) <= 1e-3 * (abs(ahead) + abs(behind)) + 1e-7
    noise = 100 * np.finfo(float).eps * max(1.0, abs(float(centre))) / STEP
    if drop_noise:
        mask &= np.abs(grad) > noise
    set_value(base)
    return grad.reshape(base.shape), mask.reshape(base.shape), noise
