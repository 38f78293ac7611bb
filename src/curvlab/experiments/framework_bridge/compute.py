r"""Chapter 7's curvature quantities computed by a framework's automatic differentiation (JAX).

The chapter computes every curvature product in numpy with Pearlmutter's :math:`\mathcal R`-operator
(:class:`curvlab.problems.mlp.MLP`). Practitioners get the same products from a framework: this
module rebuilds the chapter's network in JAX from the same flat parameter vector and data and
forms

* the Hessian-vector product by **reverse-over-reverse** differentiation (the gradient of
  :math:`\nabla L(\theta)^\top v`, which is what ``torch.autograd`` computes with a double
  backward pass) and by **forward-over-reverse** (``jax.jvp`` of ``jax.grad``, Pearlmutter's
  product, the counterpart of ``torch.func.jvp`` of ``torch.func.grad``),
* the Gauss–Newton product :math:`J^\top H_{\text{out}} J v` (``jvp`` of the outputs, the loss's
  Hessian in the outputs, ``vjp``),

and offers PyHessian's top-:math:`k` method, power iteration with deflation, to compare with the
package's Lanczos. JAX is imported only when a function here needs it, so that importing the
package never requires it (``pip install jax==0.10.2``, CPU build). Double precision is switched
on by :func:`enable_x64` inside the functions that use it, never at import.

References
----------
Pearlmutter, "Fast exact multiplication by the Hessian", Neural Computation 6 (1994);
Yao, Gholami, Keutzer, Mahoney, "PyHessian: Neural networks through the lens of the Hessian",
IEEE BigData (2020).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike

from curvlab.core.validation import as_choice, as_int, as_positive_float
from curvlab.curvature.lanczos import lanczos
from curvlab.curvature.operators import as_operator, as_rng
from curvlab.problems.mlp import MLP

__all__ = [
    "BatchSharpness",
    "DeflatedPower",
    "DifferenceStudy",
    "JaxNetwork",
    "Precision",
    "decade",
    "deflated_power_iteration",
    "difference_study",
    "enable_x64",
    "example_shares",
    "installed_megabytes",
    "median_interval",
    "minibatch_sharpness",
    "precision_study",
]

Mode = Literal["reverse_over_reverse", "forward_over_reverse", "ggn"]


def enable_x64() -> None:
    """Switch JAX to 64-bit floats (``jax_enable_x64``); float32 arrays stay float32."""
    import jax

    jax.config.update("jax_enable_x64", True)


class JaxNetwork:
    r"""An :class:`~curvlab.problems.mlp.MLP` rebuilt in JAX, with its curvature products.

    The flat vector :math:`\theta` is read with the package's layout (layer by layer, each
    ``W`` of shape ``(out, in)`` row-major, then ``b``), so the same ``theta`` gives the same
    function as ``net``. Products are compiled once per data shape with ``jax.jit``.

    Parameters
    ----------
    net : MLP
        The network (its sizes, activation and loss).
    X, Y : array_like
        Inputs ``(N, d)`` and targets ``(N, k)``.
    dtype : {"float64", "float32"}
        The precision of the parameters, data and arithmetic.

    Raises
    ------
    TypeError, ValueError
        If ``net`` is not an MLP, the data shapes do not fit it, or ``dtype`` is unknown.
    """

    def __init__(
        self,
        net: MLP,
        X: ArrayLike,
        Y: ArrayLike,
        dtype: Literal["float64", "float32"] = "float64",
    ) -> None:
        if not isinstance(net, MLP):
            raise TypeError(f"net must be a curvlab MLP; got {type(net).__name__}")
        self.dtype = as_choice(dtype, "dtype", ("float64", "float32"))
        X, Y = np.asarray(X, dtype=float), np.asarray(Y, dtype=float)
        if X.ndim != 2 or X.shape[1] != net.sizes[0]:
            raise ValueError(f"X must have shape (N, {net.sizes[0]}); got {X.shape}")
        if Y.shape != (X.shape[0], net.sizes[-1]):
            raise ValueError(f"Y must have shape ({X.shape[0]}, {net.sizes[-1]}); got {Y.shape}")
        enable_x64()
        import jax
        import jax.numpy as jnp

        self.net = net
        self.n_params = net.n_params
        self.shape = (net.n_params, net.n_params)
        self._jax, self._jnp = jax, jnp
        self._X = jnp.asarray(X, dtype=self.dtype)
        self._Y = jnp.asarray(Y, dtype=self.dtype)
        self._build()

    def _build(self) -> None:
        compiled = _compiled(tuple(self.net.sizes), self.net.activation, self.net.loss_name)
        self._loss, self._grad, self._products = compiled

    def _array(self, x: ArrayLike, name: str) -> Any:
        x = np.asarray(x, dtype=float)
        if x.shape != (self.n_params,):
            raise ValueError(f"{name} must have shape ({self.n_params},); got {x.shape}")
        return self._jnp.asarray(x, dtype=self.dtype)

    def loss(self, theta: ArrayLike) -> float:
        """The training loss at ``theta``."""
        return float(self._loss(self._array(theta, "theta"), self._X, self._Y))

    def gradient(self, theta: ArrayLike) -> np.ndarray:
        """The gradient at ``theta`` (reverse mode), as a float64 numpy vector."""
        return np.asarray(self._grad(self._array(theta, "theta"), self._X, self._Y), dtype=float)

    def product(self, theta: ArrayLike, v: ArrayLike, mode: Mode = "forward_over_reverse"):
        r"""The product :math:`Hv` (or :math:`Gv` for ``mode="ggn"``) as a float64 numpy vector.

        Parameters
        ----------
        theta, v : array_like
            The point and the direction, shape ``(n_params,)``.
        mode : {"reverse_over_reverse", "forward_over_reverse", "ggn"}
            Double backward, ``jvp`` of ``grad``, or the Gauss–Newton product.
        """
        mode = as_choice(mode, "mode", tuple(self._products))
        out = self._products[mode](
            self._array(theta, "theta"), self._array(v, "v"), self._X, self._Y
        )
        return np.asarray(out, dtype=float)

    def operator(self, theta: ArrayLike, mode: Mode = "forward_over_reverse"):
        """The matrix-free operator ``v -> product(theta, v, mode)`` (counts its products)."""
        mode = as_choice(mode, "mode", tuple(self._products))
        point = self._array(theta, "theta")
        function = self._products[mode]

        def matvec(v: np.ndarray) -> np.ndarray:
            v = self._jnp.asarray(np.asarray(v, dtype=float).ravel(), dtype=self.dtype)
            return np.asarray(function(point, v, self._X, self._Y), dtype=float)

        return as_operator(_Product(self.shape, matvec), name=f"JAX {mode}")


@functools.cache
def _compiled(sizes: tuple[int, ...], activation: str, loss_name: str) -> tuple:
    """The jitted loss, gradient and products of one architecture (compiled once per shape)."""
    import jax
    import jax.numpy as jnp

    shapes = list(zip(sizes[1:], sizes[:-1], strict=True))

    def outputs(theta: Any, X: Any) -> Any:
        a, start = X, 0
        for layer, (out, inp) in enumerate(shapes):
            W = theta[start : start + out * inp].reshape(out, inp)
            b = theta[start + out * inp : start + out * inp + out]
            start += out * inp + out
            z = a @ W.T + b
            if layer < len(shapes) - 1:
                a = jnp.tanh(z) if activation == "tanh" else jnp.maximum(z, 0.0)
        return z

    def output_loss(out: Any, Y: Any) -> Any:
        N = out.shape[0]
        if loss_name == "mse":
            return jnp.sum((out - Y) ** 2) / (2 * N)
        log_p = out - jax.scipy.special.logsumexp(out, axis=1, keepdims=True)
        return -jnp.sum(Y * log_p) / N

    def loss(theta: Any, X: Any, Y: Any) -> Any:
        return output_loss(outputs(theta, X), Y)

    grad = jax.grad(loss)

    def reverse_over_reverse(theta: Any, v: Any, X: Any, Y: Any) -> Any:
        # differentiate the scalar <grad L(theta), v> once more: a double backward pass
        return jax.grad(lambda t: jnp.vdot(grad(t, X, Y), v))(theta)

    def forward_over_reverse(theta: Any, v: Any, X: Any, Y: Any) -> Any:
        return jax.jvp(lambda t: grad(t, X, Y), (theta,), (v,))[1]

    def ggn(theta: Any, v: Any, X: Any, Y: Any) -> Any:
        out, jv = jax.jvp(lambda t: outputs(t, X), (theta,), (v,))
        h_jv = jax.jvp(jax.grad(lambda o: output_loss(o, Y)), (out,), (jv,))[1]
        _, pullback = jax.vjp(lambda t: outputs(t, X), theta)
        return pullback(h_jv)[0]

    products = {
        "reverse_over_reverse": jax.jit(reverse_over_reverse),
        "forward_over_reverse": jax.jit(forward_over_reverse),
        "ggn": jax.jit(ggn),
    }
    return jax.jit(loss), jax.jit(grad), products


@dataclass(frozen=True)
class _Product:
    shape: tuple[int, int]
    matvec: Any


@dataclass(frozen=True)
class DeflatedPower:
    """The result of :func:`deflated_power_iteration`.

    Attributes
    ----------
    eigenvalues : ndarray
        The ``k`` values found, in the order found.
    eigenvectors : ndarray
        Their unit vectors, as columns.
    products : ndarray of int
        Products spent on each value.
    n_products : int
        Products in all.
    """

    eigenvalues: np.ndarray
    eigenvectors: np.ndarray
    products: np.ndarray
    n_products: int


def deflated_power_iteration(
    operator: Any,
    k: int = 1,
    *,
    tol: float = 1e-3,
    maxiter: int = 100,
    rng: np.random.Generator | int = 0,
) -> DeflatedPower:
    r"""The top ``k`` eigenvalues by power iteration with deflation, essentially as PyHessian
    computes them.

    For each :math:`j = 1, \dots, k`: from a random unit vector, repeat
    :math:`v \leftarrow v - \sum_{i<j}(u_i^\top v)u_i` (project out the vectors already found),
    :math:`w = Hv`, :math:`\lambda = v^\top w`, :math:`v \leftarrow w/\|w\|`, until the relative
    change :math:`|\lambda - \lambda_{\text{prev}}|/(|\lambda_{\text{prev}}| + 10^{-6})` falls below
    ``tol`` or ``maxiter`` products are spent; then :math:`u_j = v`. Each value converges to the
    eigenvalue of largest modulus left after deflation, at the rate
    :math:`|\lambda_{j+1}/\lambda_j|`; errors in earlier vectors carry over to later values.

    Parameters
    ----------
    operator : array_like or LinearOperator or object with shape and matvec
        The symmetric matrix :math:`H`.
    k : int
        How many values, ``1 <= k <= n``.
    tol : float
        The relative-change threshold (PyHessian's default ``1e-3``).
    maxiter : int
        The budget of products per value (PyHessian's default 100).
    rng : numpy.random.Generator or int
        The start vectors' source.

    Returns
    -------
    DeflatedPower

    Raises
    ------
    TypeError, ValueError
        For a bad operator, ``k``, ``tol`` or ``maxiter``.

    References
    ----------
    Yao, Gholami, Keutzer, Mahoney, "PyHessian: Neural networks through the lens of the
    Hessian", IEEE BigData (2020).
    """
    H = as_operator(operator)
    n = H.shape[0]
    k = as_int(k, "k")
    if k > n:
        raise ValueError(f"k must be at most n = {n}; got {k}")
    tol = as_positive_float(tol, "tol")
    maxiter = as_int(maxiter, "maxiter")
    generator = as_rng(rng)
    values, vectors, spent = [], [], []
    for _ in range(k):
        start = H.n_products
        basis = np.array(vectors).T if vectors else np.zeros((n, 0))
        v = generator.standard_normal(n)
        v /= np.linalg.norm(v)
        value = None
        for _ in range(maxiter):
            v = v - basis @ (basis.T @ v)
            v /= np.linalg.norm(v)
            w = H @ v
            current = float(v @ w)
            v = w / np.linalg.norm(w)
            if value is not None and abs(current - value) < tol * (abs(value) + 1e-6):
                value = current
                break
            value = current
        v = v - basis @ (basis.T @ v)
        values.append(value)
        vectors.append(v / np.linalg.norm(v))
        spent.append(H.n_products - start)
    return DeflatedPower(
        eigenvalues=np.array(values),
        eigenvectors=np.array(vectors).T,
        products=np.array(spent),
        n_products=int(sum(spent)),
    )


@dataclass(frozen=True)
class BatchSharpness:
    """λ_max of minibatch losses against the full batch's.

    Attributes
    ----------
    full : float
        λ_max of the full training loss.
    sizes : ndarray of int
        The batch sizes.
    values : ndarray
        ``values[i, s]``: λ_max on batch ``s`` of size ``sizes[i]``.
    rows : tuple of ndarray
        ``rows[i][s]``: the indices of the examples in batch ``s`` of size ``sizes[i]``.
    """

    full: float
    sizes: np.ndarray
    values: np.ndarray
    rows: tuple = ()

    @property
    def median(self) -> np.ndarray:
        """Median over the batches, per size."""
        return np.median(self.values, axis=1)

    def contains(self, example: int) -> np.ndarray:
        """``contains(i)[j, s]``: whether batch ``s`` of size ``sizes[j]`` holds example ``i``."""
        example = as_int(example, "example", 0)
        return np.array([[example in r for r in by_size] for by_size in self.rows], dtype=bool)

    @property
    def mean(self) -> np.ndarray:
        """Mean over the batches, per size."""
        return self.values.mean(axis=1)

    @property
    def std(self) -> np.ndarray:
        """Standard deviation over the batches (ddof 1), per size."""
        return self.values.std(axis=1, ddof=1)


def minibatch_sharpness(
    net: MLP,
    X: ArrayLike,
    Y: ArrayLike,
    theta: ArrayLike,
    sizes: Sequence[int],
    n_seeds: int = 10,
    *,
    tol: float = 1e-6,
) -> BatchSharpness:
    r"""λ_max of the Hessian of minibatch losses, by Lanczos on JAX's forward-over-reverse product.

    Batch ``s`` of size ``b`` is drawn without replacement by ``default_rng(s)``, as a data
    loader's first batch would be; its loss is the mean over the batch, so its Hessian is an
    unbiased estimate of the full one, :math:`E[H_B] = H`, while :math:`E[\lambda_{\max}(H_B)]
    \ge \lambda_{\max}(H)` (:math:`\lambda_{\max}` is convex in the matrix, Jensen).

    Parameters
    ----------
    net : MLP
    X, Y : array_like
        The full training set.
    theta : array_like
        The point.
    sizes : sequence of int
        Batch sizes, each between 1 and ``N``.
    n_seeds : int
        Batches per size (seeds ``0 .. n_seeds - 1``), at least 2.
    tol : float
        Lanczos' relative residual.

    Returns
    -------
    BatchSharpness

    Raises
    ------
    ValueError
        For a size outside ``1..N`` or fewer than 2 seeds.
    """
    X, Y = np.asarray(X, dtype=float), np.asarray(Y, dtype=float)
    N = X.shape[0]
    sizes = np.array([as_int(s, "sizes") for s in sizes])
    if np.any(sizes > N):
        raise ValueError(f"sizes must be at most N = {N}; got {sizes.tolist()}")
    n_seeds = as_int(n_seeds, "n_seeds", 2)
    full = JaxNetwork(net, X, Y).operator(theta)
    full_value = float(lanczos(full, 1, tol=tol, rng=0).eigenvalues[0])
    values = np.empty((len(sizes), n_seeds))
    drawn = []
    for i, size in enumerate(sizes):
        drawn.append([])
        for seed in range(n_seeds):
            rows = np.random.default_rng(seed).choice(N, size=size, replace=False)
            drawn[-1].append(rows)
            batch = JaxNetwork(net, X[rows], Y[rows]).operator(theta)
            values[i, seed] = lanczos(batch, 1, tol=tol, rng=0).eigenvalues[0]
    return BatchSharpness(
        full=full_value, sizes=sizes, values=values, rows=tuple(np.array(d) for d in drawn)
    )


def batch_lmax(
    net: MLP,
    X: ArrayLike,
    Y: ArrayLike,
    theta: ArrayLike,
    rows: ArrayLike,
    *,
    tol: float = 1e-8,
) -> float:
    r""":math:`\lambda_{\max}` of the Hessian of the mean loss over the examples ``rows``.

    :math:`H_B = \frac1b \sum_{i \in B} H_i` for the batch :math:`B` of :math:`b` examples, by
    Lanczos on JAX's forward-over-reverse product. With one row it is one example's
    :math:`\lambda_{\max}(H_i)`; a batch holding an example whose :math:`H_i` dominates reads
    about :math:`\lambda_{\max}(H_i)/b`.

    Parameters
    ----------
    net : MLP
    X, Y : array_like
        The training set.
    theta : array_like
        The point.
    rows : array_like of int
        Indices of the batch's examples, at least one, each in ``0..N-1``.
    tol : float
        Lanczos' relative residual.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If ``rows`` is empty or holds an index outside ``0..N-1``.

    References
    ----------
    Lanczos, "An iteration method for the solution of the eigenvalue problem of linear
    differential and integral operators", J. Res. Nat. Bur. Standards 45 (1950).
    """
    X, Y = np.asarray(X, dtype=float), np.asarray(Y, dtype=float)
    rows = np.asarray(rows).ravel()
    if rows.size == 0 or not np.issubdtype(rows.dtype, np.integer):
        raise ValueError(f"rows must be a non-empty array of integers; got {rows!r}")
    if rows.min() < 0 or rows.max() >= X.shape[0]:
        raise ValueError(f"rows must lie in 0..{X.shape[0] - 1}; got {rows.min()}..{rows.max()}")
    tol = as_positive_float(tol, "tol")
    operator = JaxNetwork(net, X[rows], Y[rows]).operator(theta)
    return float(lanczos(operator, 1, tol=tol, rng=0).eigenvalues[0])


def example_shares(
    net: MLP, X: ArrayLike, Y: ArrayLike, theta: ArrayLike, *, tol: float = 1e-10
) -> tuple[float, np.ndarray]:
    r"""Each training example's share of the full-batch :math:`\lambda_{\max}`.

    With :math:`H = \frac1N \sum_i H_i` (:math:`H_i` the Hessian of example :math:`i`'s loss)
    and :math:`u` the unit top eigenvector of :math:`H`,
    :math:`\lambda_{\max} = u^\top H u = \frac1N \sum_i u^\top H_i u`; example :math:`i`'s
    share is :math:`s_i = u^\top H_i u / (N \lambda_{\max})`, and the shares sum to 1. A share
    near 1 means that one example makes the top direction: a batch holding it is sharp, a batch
    without it is not.

    Parameters
    ----------
    net : MLP
    X, Y : array_like
        The training set, ``(N, d)`` and ``(N, k)``.
    theta : array_like
        The point.
    tol : float
        Lanczos' relative residual for :math:`u`.

    Returns
    -------
    lmax : float
        :math:`\lambda_{\max}(H)`.
    shares : ndarray, shape (N,)
        :math:`s_i` (negative for an example whose Hessian curves down along :math:`u`).

    Raises
    ------
    TypeError, ValueError
        For a bad network, data or ``tol``.

    References
    ----------
    Papyan, "Traces of class/cross-class structure pervade deep learning spectra", JMLR 21 (2020),
    on how classes make the top of the spectrum (in chapter 7's network a single example does).
    """
    X, Y = np.asarray(X, dtype=float), np.asarray(Y, dtype=float)
    tol = as_positive_float(tol, "tol")
    full = JaxNetwork(net, X, Y)
    top = lanczos(full.operator(theta), 1, tol=tol, rng=0)
    lmax, u = float(top.eigenvalues[0]), top.eigenvectors[:, 0]
    u = u / np.linalg.norm(u)
    N = X.shape[0]
    shares = np.empty(N)
    for i in range(N):
        single = JaxNetwork(net, X[i : i + 1], Y[i : i + 1])
        shares[i] = float(u @ single.product(theta, u)) / (N * lmax)
    return lmax, shares


@dataclass(frozen=True)
class Precision:
    """float32 against float64 (curvlab's numpy product as the reference).

    Attributes
    ----------
    hvp_error : dict
        Relative error ``‖Hv_32 − Hv‖/‖Hv‖`` of each JAX mode's float32 product, and of the
        float64 products (keys ``"float64 <mode>"``), on a Gaussian ``v``.
    lmax64, lmax32 : float
        λ_max by Lanczos on the float64 and float32 forward-over-reverse operators.
    lmax_difference : float
        ``|lmax32 − lmax64| / lmax64``.
    """

    hvp_error: dict
    lmax64: float
    lmax32: float
    lmax_difference: float


def precision_study(
    net: MLP, X: ArrayLike, Y: ArrayLike, theta: ArrayLike, *, rng: int = 0
) -> Precision:
    """Compare JAX's products in float32 and float64 with curvlab's float64 product.

    Parameters
    ----------
    net : MLP
    X, Y : array_like
        The training set.
    theta : array_like
        The point.
    rng : int
        Seed of the direction ``v``.

    Returns
    -------
    Precision
    """
    theta = np.asarray(theta, dtype=float)
    v = as_rng(rng).standard_normal(net.n_params)
    reference = net.hvp(theta, v, X, Y)
    errors = {}
    for dtype in ("float64", "float32"):
        jnet = JaxNetwork(net, X, Y, dtype)
        for mode in ("reverse_over_reverse", "forward_over_reverse"):
            got = jnet.product(theta, v, mode)
            errors[f"{dtype} {mode}"] = float(
                np.linalg.norm(got - reference) / np.linalg.norm(reference)
            )
    lmax64 = float(lanczos(JaxNetwork(net, X, Y).operator(theta), 1, tol=1e-8).eigenvalues[0])
    op32 = JaxNetwork(net, X, Y, "float32").operator(theta)
    lmax32 = float(lanczos(op32, 1, tol=1e-4).eigenvalues[0])
    return Precision(
        hvp_error=errors,
        lmax64=lmax64,
        lmax32=lmax32,
        lmax_difference=abs(lmax32 - lmax64) / abs(lmax64),
    )


@dataclass(frozen=True)
class DifferenceStudy:
    """Finite differences of a framework's gradient against the exact product.

    Attributes
    ----------
    steps : ndarray
        The step lengths :math:`h` (along a unit direction).
    errors : dict
        ``errors[dtype][j]``: relative error of the central difference with ``steps[j]`` in
        that precision, against curvlab's float64 :math:`Hv`.
        ``errors["float32 points"][j]``: the same with the points rounded to float32 and the
        gradients in float64.
    """

    steps: np.ndarray
    errors: dict

    def best(self, dtype: str) -> tuple[float, float]:
        """The step with the smallest error in ``dtype``, and that error."""
        dtype = as_choice(dtype, "dtype", tuple(self.errors))
        j = int(np.argmin(self.errors[dtype]))
        return float(self.steps[j]), float(self.errors[dtype][j])


def difference_study(
    net: MLP,
    X: ArrayLike,
    Y: ArrayLike,
    theta: ArrayLike,
    steps: Sequence[float],
    *,
    rng: int = 0,
) -> DifferenceStudy:
    r"""Central differences of JAX's gradient, :math:`(\nabla L(\theta + hv) - \nabla L(\theta -
    hv))/(2h)`, in float32 and float64, against curvlab's float64 :math:`Hv`.

    The error has two parts: truncation, :math:`O(h^2)` (the third derivative), and round-off,
    in the two points :math:`\theta \pm hv` and in the two gradients: about :math:`\epsilon`
    times the size of the terms summed into the gradient, divided by :math:`h`, with
    :math:`\epsilon` the unit round-off (:math:`6\cdot10^{-8}` in float32,
    :math:`1.1\cdot10^{-16}` in float64). The terms can be much larger than their sum, the
    gradient, which is small near a minimum. The best step balances the two parts near
    :math:`h \sim \epsilon^{1/3}`.

    A third study, ``"float32 points"``, rounds only the points :math:`\theta \pm hv` to
    float32 and computes the gradients in float64: the part of the float32 round-off that comes
    from storing the points.

    Parameters
    ----------
    net : MLP
    X, Y : array_like
        The training set.
    theta : array_like
        The point.
    steps : sequence of float
        Positive step lengths.
    rng : int
        Seed of the direction (a Gaussian vector scaled to unit length).

    Returns
    -------
    DifferenceStudy

    Raises
    ------
    ValueError
        For a step that is not positive.

    References
    ----------
    Nocedal and Wright, Numerical Optimization, 2nd ed. (2006), §8.1.
    """
    steps = np.array([as_positive_float(h, "steps") for h in steps])
    theta = np.asarray(theta, dtype=float)
    v = as_rng(rng).standard_normal(net.n_params)
    v /= np.linalg.norm(v)
    reference = net.hvp(theta, v, X, Y)
    errors = {}
    for dtype in ("float32", "float64"):
        jnet = JaxNetwork(net, X, Y, dtype)
        errors[dtype] = np.array(
            [
                np.linalg.norm(
                    (jnet.gradient(theta + h * v) - jnet.gradient(theta - h * v)) / (2 * h)
                    - reference
                )
                / np.linalg.norm(reference)
                for h in steps
            ]
        )
    jnet = JaxNetwork(net, X, Y)
    rounded = [
        [(theta + sign * h * v).astype(np.float32).astype(float) for sign in (1, -1)] for h in steps
    ]
    errors["float32 points"] = np.array(
        [
            np.linalg.norm((jnet.gradient(plus) - jnet.gradient(minus)) / (2 * h) - reference)
            / np.linalg.norm(reference)
            for h, (plus, minus) in zip(steps, rounded, strict=True)
        ]
    )
    return DifferenceStudy(steps=steps, errors=errors)


def installed_megabytes(distributions: Sequence[str]) -> float:
    """The installed size in MB (10⁶ bytes) of ``distributions``, from their ``RECORD`` files.

    Sums the sizes pip recorded for each installed file (bytecode compiled later is not counted).

    Parameters
    ----------
    distributions : sequence of str
        Installed distribution names, e.g. ``["jax", "jaxlib"]``.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If a distribution is not installed.
    """
    from importlib import metadata

    total = 0
    for name in distributions:
        try:
            files = metadata.distribution(name).files or []
        except metadata.PackageNotFoundError as error:
            raise ValueError(f"distributions: {name!r} is not installed") from error
        total += sum(f.size or 0 for f in files)
    return total / 1e6


def median_interval(values: ArrayLike, level: float = 0.95) -> tuple[float, float, float]:
    r"""A distribution-free confidence interval for the median from order statistics.

    For :math:`n` independent draws sorted :math:`x_{(1)} \le \dots \le x_{(n)}`, the interval
    :math:`[x_{(j)}, x_{(n+1-j)}]` holds the median with probability
    :math:`1 - 2 P(B \le j - 1)`, :math:`B \sim \mathrm{Binomial}(n, 1/2)`, whatever the
    distribution (continuous); :math:`j` is the largest index whose coverage is at least ``level``.

    Parameters
    ----------
    values : array_like
        At least 6 draws (fewer cannot reach 95 %).
    level : float
        The wanted coverage, in (0, 1).

    Returns
    -------
    low, high, coverage : float
        The interval and its exact coverage.

    Raises
    ------
    ValueError
        If no interval of the draws reaches ``level``.

    References
    ----------
    Conover, Practical Nonparametric Statistics, 3rd ed. (1999), §3.2.
    """
    from scipy.stats import binom

    x = np.sort(np.asarray(values, dtype=float).ravel())
    n = x.size
    level = as_positive_float(level, "level")
    if level >= 1:
        raise ValueError(f"level must be below 1; got {level}")
    best = None
    for j in range(1, n // 2 + 1):
        coverage = 1 - 2 * float(binom.cdf(j - 1, n, 0.5))
        if coverage >= level:
            best = (float(x[j - 1]), float(x[n - j]), coverage)
    if best is None:
        raise ValueError(f"values: {n} draws cannot give a {level:.0%} interval for the median")
    return best


def decade(value: float) -> str:
    """Bracket ``|value|`` between powers of ten, as ``"between 1e-5 and 1e-4"``.

    For numbers whose digits round-off makes differ between CPUs but whose decade it does not.

    Raises
    ------
    ValueError
        If ``value`` is zero or not finite.
    """
    value = abs(float(value))
    if not np.isfinite(value) or value == 0:
        raise ValueError(f"value must be finite and non-zero; got {value}")
    k = int(np.floor(np.log10(value)))

    def power(e: int) -> str:
        return f"{10.0**e:.0e}".replace("e-0", "e-").replace("e+0", "e+").replace("e+", "e")

    return f"between {power(k)} and {power(k + 1)}"
