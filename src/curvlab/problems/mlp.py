r"""A multilayer perceptron on a flat parameter vector, with exact curvature products.

The network maps inputs :math:`x \in \mathbb{R}^{d_0}` through layers
:math:`z_l = W_l a_{l-1} + b_l`, :math:`a_l = \sigma(z_l)` (:math:`\sigma = \tanh` or ReLU) to
outputs :math:`z_L` (no activation on the last layer). All weights and biases live in one
vector :math:`\theta \in \mathbb{R}^n`, layer by layer, each ``W`` row-major then ``b``. Two
losses over :math:`N` examples with targets :math:`Y \in \mathbb{R}^{N\times k}`:

* squared error :math:`L = \frac{1}{2N}\sum_i \|z_L(x_i) - y_i\|^2`,
* softmax cross-entropy :math:`L = \frac1N \sum_i \bigl(\log\sum_c e^{z_{ic}} - y_i^\top z_i\bigr)`
  (rows of :math:`Y` are probability vectors, usually one-hot).

**Gradient** by backpropagation. **Hessian-vector product** :math:`Hv` by Pearlmutter's
R-operator :math:`\mathcal R_v\{g\} = \frac{d}{dt} g(\theta + tv)|_{t=0}` applied to every
quantity of the forward and backward passes (forward-over-reverse): exact to round-off, at the
cost of about one more forward and backward pass. **Gauss–Newton product**
:math:`G v = J^\top H_{\text{out}} J v`, where :math:`J = \partial z_L/\partial\theta` and
:math:`H_{\text{out}}` is the loss's Hessian in the outputs (:math:`I/N` for squared error,
:math:`(\operatorname{diag} p - pp^\top)/N` per example for cross-entropy), so
:math:`H = G + \sum_{i,c} \frac{\partial L}{\partial z_{ic}} \nabla^2_\theta z_{ic}`: the two
differ by a term weighted by the residuals, which vanishes where the network fits its targets
exactly.
:math:`G` is positive semidefinite; :math:`H` need not be.

References
----------
Pearlmutter, "Fast exact multiplication by the Hessian", Neural Computation 6 (1994);
Schraudolph, "Fast curvature matrix-vector products for second-order gradient descent",
Neural Computation 14 (2002); Martens, "New insights and perspectives on the natural gradient
method", JMLR 21 (2020).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike
from scipy.sparse.linalg import LinearOperator

from curvlab.core.objective import Objective
from curvlab.core.validation import as_choice, as_int, check_random_state

__all__ = ["MLP", "one_hot"]

Params = list[tuple[np.ndarray, np.ndarray]]

_BLOCK_ENTRIES = 8192
"""Examples are processed in blocks of about this many entries per hidden-layer array."""


class MLP:
    r"""A fully connected network ``sizes[0] -> ... -> sizes[-1]`` on a flat parameter vector.

    Parameters
    ----------
    sizes : sequence of int
        Layer widths, input first, output last (at least two entries).
    activation : {"tanh", "relu"}
        The hidden nonlinearity. ReLU is positively homogeneous, so a hidden layer scaled by
        :math:`\alpha > 0` and the next by :math:`1/\alpha` compute the same function.
    loss : {"mse", "cross_entropy"}
        Squared error :math:`\frac1{2N}\sum\|z - y\|^2` or softmax cross-entropy.

    Examples
    --------
    >>> net = MLP([3, 4, 2])
    >>> net.n_params
    26
    """

    def __init__(
        self,
        sizes: Sequence[int],
        activation: Literal["tanh", "relu"] = "tanh",
        loss: Literal["mse", "cross_entropy"] = "mse",
    ) -> None:
        if isinstance(sizes, (str, bytes)) or not isinstance(sizes, Sequence):
            raise TypeError("sizes must be a sequence of layer widths")
        if len(sizes) < 2:
            raise ValueError(f"sizes must list at least an input and an output width; got {sizes}")
        self.sizes = tuple(as_int(s, "sizes") for s in sizes)
        self.activation = as_choice(activation, "activation", ("tanh", "relu"))
        self.loss_name = as_choice(loss, "loss", ("mse", "cross_entropy"))
        self.shapes = [(self.sizes[i + 1], self.sizes[i]) for i in range(len(self.sizes) - 1)]
        offsets, start = [], 0
        for out, inp in self.shapes:
            offsets.append((start, start + out * inp, start + out * inp + out))
            start += out * inp + out
        self._offsets = offsets
        self.n_params = start

    def __repr__(self) -> str:
        widths = "-".join(str(s) for s in self.sizes)
        return f"MLP({widths}, {self.activation}, {self.loss_name}, n_params={self.n_params})"

    @property
    def name(self) -> str:
        """A short label, e.g. ``"MLP 64-32-10 (tanh, mse)"``."""
        widths = "-".join(str(s) for s in self.sizes)
        return f"MLP {widths} ({self.activation}, {self.loss_name})"

    # ---------------------------------------------------------------- parameters
    def unpack(self, theta: np.ndarray) -> Params:
        """Views ``[(W_1, b_1), ..., (W_L, b_L)]`` into the flat vector ``theta``."""
        return [
            (theta[a:b].reshape(shape), theta[b:c])
            for (a, b, c), shape in zip(self._offsets, self.shapes, strict=True)
        ]

    def pack(self, params: Params) -> np.ndarray:
        """The flat vector of ``[(W_1, b_1), ...]``."""
        return np.concatenate([np.concatenate([W.ravel(), b]) for W, b in params])

    def init(self, rng: np.random.Generator | int = 0, *, scale: float = 1.0) -> np.ndarray:
        r"""Random parameters: :math:`W_l \sim \mathcal N(0, \text{scale}^2 \cdot c/d_{l-1})`,
        :math:`b_l = 0`, with :math:`c = 2` for ReLU (He) and 1 for tanh (LeCun)."""
        generator = check_random_state(rng)
        gain = 2.0 if self.activation == "relu" else 1.0
        params = [
            (generator.standard_normal((out, inp)) * scale * np.sqrt(gain / inp), np.zeros(out))
            for out, inp in self.shapes
        ]
        return self.pack(params)

    def bias_mask(self) -> np.ndarray:
        """A boolean vector that is ``True`` at the bias entries of ``theta``."""
        mask = np.zeros(self.n_params, dtype=bool)
        for _, b, c in self._offsets:
            mask[b:c] = True
        return mask

    # ---------------------------------------------------------------- passes
    def _act(self, z: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if self.activation == "tanh":
            a = np.tanh(z)
            d1 = 1.0 - a * a
            return a, d1, -2.0 * a * d1
        positive = z > 0
        return np.where(positive, z, 0.0), positive.astype(float), np.zeros_like(z)

    def _forward(self, params: Params, X: np.ndarray) -> dict[str, Any]:
        acts, d1s, d2s = [X], [], []
        a = X
        for layer, (W, b) in enumerate(params):
            z = a @ W.T + b
            if layer < len(params) - 1:
                a, d1, d2 = self._act(z)
                acts.append(a)
                d1s.append(d1)
                d2s.append(d2)
        return {"acts": acts, "d1": d1s, "d2": d2s, "out": z}

    def _loss_and_delta(
        self, out: np.ndarray, Y: np.ndarray, N: int
    ) -> tuple[float, np.ndarray, Any]:
        if self.loss_name == "mse":
            r = out - Y
            return np.sum(r * r) / (2 * N), r / N, None
        shifted = out - out.max(axis=1, keepdims=True)
        log_z = np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        log_p = shifted - log_z
        p = np.exp(log_p)
        mass = Y.sum(axis=1, keepdims=True)
        return -np.sum(Y * log_p) / N, (mass * p - Y) / N, (p, mass)

    def _output_hessian(self, u: np.ndarray, p: Any, N: int) -> np.ndarray:
        if self.loss_name == "mse":
            return u / N
        probabilities, mass = p
        pu = probabilities * u
        return mass * (pu - probabilities * pu.sum(axis=1, keepdims=True)) / N

    def _backward(
        self, params: Params, cache: dict[str, Any], delta: np.ndarray, grads_too: bool = True
    ) -> dict:
        L = len(params)
        grads: Params = [None] * L  # type: ignore[list-item]
        deltas, upstream = [None] * L, [None] * L
        for layer in reversed(range(L)):
            W = params[layer][0]
            deltas[layer] = delta
            if grads_too:
                grads[layer] = (delta.T @ cache["acts"][layer], delta.sum(axis=0))
            if layer > 0:
                upstream[layer - 1] = delta @ W
                delta = upstream[layer - 1] * cache["d1"][layer - 1]
        return {"grads": grads, "deltas": deltas, "upstream": upstream}

    def _jvp(self, params: Params, cache: dict[str, Any], V: Params) -> list[np.ndarray]:
        """R-forward pass: the directional derivatives of every pre-activation, ``Rz_l``."""
        rzs, ra = [], None
        for layer, ((W, _), (VW, Vb)) in enumerate(zip(params, V, strict=True)):
            rz = cache["acts"][layer] @ VW.T + Vb
            if ra is not None:
                rz = rz + ra @ W.T
            rzs.append(rz)
            if layer < len(params) - 1:
                ra = cache["d1"][layer] * rz
        return rzs

    def _chunks(self, N: int) -> list[slice]:
        # Work on blocks of examples whose temporaries stay below ~64 KB: they are then served
        # from the allocator's heap instead of fresh pages, which at this size costs more than
        # the arithmetic (measured: an HVP at a new point 2.5 ms unblocked, 1.0 ms blocked).
        rows = max(8, _BLOCK_ENTRIES // max(self.sizes[1:]))
        return [slice(start, min(start + rows, N)) for start in range(0, N, rows)]

    def _block(
        self, params: Params, X: np.ndarray, Y: np.ndarray, N: int, grads_too: bool
    ) -> dict[str, Any]:
        cache = self._forward(params, X)
        loss, delta, p = self._loss_and_delta(cache["out"], Y, N)
        back = self._backward(params, cache, delta, grads_too)
        return {"cache": cache, "loss": loss, "p": p, **back}

    def _block_hvp(self, params: Params, block: dict[str, Any], V: Params, N: int) -> Params:
        cache = block["cache"]
        rzs = self._jvp(params, cache, V)
        r_delta = self._output_hessian(rzs[-1], block["p"], N)
        out: Params = [None] * len(params)  # type: ignore[list-item]
        for layer in reversed(range(len(params))):
            W, VW = params[layer][0], V[layer][0]
            delta = block["deltas"][layer]
            rgW = r_delta.T @ cache["acts"][layer]
            if layer > 0:
                ra = cache["d1"][layer - 1] * rzs[layer - 1]
                rgW += delta.T @ ra
            out[layer] = (rgW, r_delta.sum(axis=0))
            if layer > 0:
                r_delta = (r_delta @ W + delta @ VW) * cache["d1"][layer - 1] + block["upstream"][
                    layer - 1
                ] * cache["d2"][layer - 1] * rzs[layer - 1]
        return out

    def _block_ggn(self, params: Params, block: dict[str, Any], V: Params, N: int) -> Params:
        cache = block["cache"]
        rzs = self._jvp(params, cache, V)
        u = self._output_hessian(rzs[-1], block["p"], N)
        return self._backward(params, cache, u)["grads"]

    # ------------------------------------------- dense matrices: many unit directions at once
    def _unit_products(
        self,
        params: Params,
        block: dict[str, Any],
        layer: int,
        index: np.ndarray,
        N: int,
        ggn: bool,
    ) -> Params:
        """The products (H or G) of one block of examples with the unit vectors of the
        parameters ``index`` of layer ``layer`` (positions inside that layer's ``W`` then ``b``).

        The R-operator of :meth:`_block_hvp` (or the Gauss-Newton pass of :meth:`_block_ggn`)
        for K directions together, arrays laid out (examples, K, width) so that every product
        is one matrix-matrix product. A unit direction of layer ``l`` leaves every layer below
        it unperturbed, and its ``R z_l`` is one input column placed in one output row (a copy,
        as ``a W^T`` with a unit ``W`` computes it), so those products are not formed."""
        cache, L = block["cache"], len(params)
        out_l, in_l = self.shapes[layer]
        K = index.size
        rows = np.where(index < out_l * in_l, index // in_l, index - out_l * in_l)
        cols = np.where(index < out_l * in_l, index % in_l, in_l)  # in_l: the bias's "input" 1
        a = cache["acts"][layer]
        a_ext = np.concatenate([a, np.ones((a.shape[0], 1))], axis=1)
        rz = np.zeros((a.shape[0], K, out_l))
        rz[:, np.arange(K), rows] = a_ext[:, cols]
        rzs: list[np.ndarray | None] = [None] * L
        rzs[layer] = rz
        for m in range(layer + 1, L):
            ra = cache["d1"][m - 1][:, None, :] * rzs[m - 1]
            W = params[m][0]
            rzs[m] = (ra.reshape(-1, ra.shape[2]) @ W.T).reshape(ra.shape[0], K, W.shape[0])
        probabilities = block["p"]
        if self.loss_name == "mse":
            r_delta = rzs[-1] / N
        else:
            p, mass = probabilities[0][:, None, :], probabilities[1][:, None, :]
            pu = p * rzs[-1]
            r_delta = mass * (pu - p * pu.sum(axis=2, keepdims=True)) / N
        out: Params = [None] * L  # type: ignore[list-item]
        for m in reversed(range(L)):
            Nb, _, width = r_delta.shape
            acts = cache["acts"][m]
            rgW = (r_delta.reshape(Nb, K * width).T @ acts).reshape(K, width, acts.shape[1])
            below = rzs[m - 1] if m > 0 else None
            if not ggn and below is not None:
                ra = cache["d1"][m - 1][:, None, :] * below
                delta = block["deltas"][m]
                inp = ra.shape[2]
                rgW += (delta.T @ ra.reshape(Nb, K * inp)).reshape(width, K, inp).transpose(1, 0, 2)
            out[m] = (rgW, r_delta.sum(axis=0))
            if m == 0:
                break
            back = (r_delta.reshape(Nb * K, width) @ params[m][0]).reshape(Nb, K, -1)
            if not ggn and m == layer:  # delta_l @ (unit W): delta_l[:, o] into input column i
                weights = np.flatnonzero(cols < in_l)
                back[:, weights, cols[weights]] += block["deltas"][m][:, rows[weights]]
            r_delta = back * cache["d1"][m - 1][:, None, :]
            if not ggn and below is not None:
                r_delta += (block["upstream"][m - 1] * cache["d2"][m - 1])[:, None, :] * below
        return out

    def _dense(self, theta: np.ndarray, X: np.ndarray, Y: np.ndarray, ggn: bool) -> np.ndarray:
        """The matrix whose column ``j`` is the product with ``e_j``, 16 columns at a time."""
        point = self._point(theta, X, Y)
        M = np.empty((self.n_params, self.n_params))
        for layer, (first, _, last) in enumerate(self._offsets):
            for start in range(first, last, 16):
                index = np.arange(start, min(start + 16, last))
                total = None
                for block in point["blocks"]:
                    part = self._unit_products(
                        point["params"], block, layer, index - first, point["N"], ggn
                    )
                    total = part if total is None else _add_params(total, part)
                M[:, index] = np.concatenate(
                    [np.concatenate([gW.reshape(index.size, -1), gb], axis=1) for gW, gb in total],
                    axis=1,
                ).T
        return M

    def _point(self, theta: np.ndarray, X: np.ndarray, Y: np.ndarray) -> dict[str, Any]:
        """Forward and backward passes at ``theta``, kept block by block (for operators)."""
        params, N = self.unpack(theta), X.shape[0]
        blocks = [self._block(params, X[r], Y[r], N, True) for r in self._chunks(N)]
        return {
            "params": params,
            "blocks": blocks,
            "N": N,
            "loss": sum(b["loss"] for b in blocks),
            "grads": _sum_params([b["grads"] for b in blocks]),
        }

    def _loss_grad(
        self, theta: np.ndarray, X: np.ndarray, Y: np.ndarray, grads_too: bool = True
    ) -> tuple[Any, Params | None]:
        """Loss and gradient, streaming over blocks (nothing is kept)."""
        params, N = self.unpack(theta), X.shape[0]
        loss, grads = 0.0, None
        for rows in self._chunks(N):
            block = self._block(params, X[rows], Y[rows], N, grads_too)
            loss = loss + block["loss"]
            if grads_too:
                grads = block["grads"] if grads is None else _add_params(grads, block["grads"])
        return loss, grads

    def _stream(
        self, theta: np.ndarray, v: np.ndarray, X: np.ndarray, Y: np.ndarray, product: Any
    ) -> np.ndarray:
        """A curvature product at a new point, streaming over blocks (nothing is kept)."""
        params, N, V = self.unpack(theta), X.shape[0], self.unpack(v)
        total = None
        for rows in self._chunks(N):
            out = product(params, self._block(params, X[rows], Y[rows], N, False), V, N)
            total = out if total is None else _add_params(total, out)
        return self.pack(total)

    def _cached(self, point: dict[str, Any], v: np.ndarray, product: Any) -> np.ndarray:
        params, N, V = point["params"], point["N"], self.unpack(v)
        total = None
        for block in point["blocks"]:
            out = product(params, block, V, N)
            total = out if total is None else _add_params(total, out)
        return self.pack(total)

    def _hvp_at(self, point: dict[str, Any], v: np.ndarray) -> np.ndarray:
        return self._cached(point, v, self._block_hvp)

    def _ggn_at(self, point: dict[str, Any], v: np.ndarray) -> np.ndarray:
        return self._cached(point, v, self._block_ggn)

    # ---------------------------------------------------------------- public API
    def predict(self, theta: ArrayLike, X: ArrayLike) -> np.ndarray:
        """The network's outputs :math:`z_L`, shape ``(N, k)``."""
        theta, X = self._theta(theta), self._inputs(X)
        return self._forward(self.unpack(theta), X)["out"]

    def loss(self, theta: ArrayLike, X: ArrayLike, Y: ArrayLike) -> float:
        """The loss :math:`L(\\theta)` on inputs ``X`` (N, d) and targets ``Y`` (N, k)."""
        theta, X, Y = self._checked(theta, X, Y)
        return float(self._loss_grad(theta, X, Y, grads_too=False)[0])

    def gradient(self, theta: ArrayLike, X: ArrayLike, Y: ArrayLike) -> np.ndarray:
        r""":math:`\nabla L(\theta)` by backpropagation, shape ``(n,)``."""
        theta, X, Y = self._checked(theta, X, Y)
        return self.pack(self._loss_grad(theta, X, Y)[1])

    def loss_and_gradient(
        self, theta: ArrayLike, X: ArrayLike, Y: ArrayLike
    ) -> tuple[float, np.ndarray]:
        """Both at the cost of one forward and one backward pass."""
        theta, X, Y = self._checked(theta, X, Y)
        loss, grads = self._loss_grad(theta, X, Y)
        return float(loss), self.pack(grads)

    def hvp(self, theta: ArrayLike, v: ArrayLike, X: ArrayLike, Y: ArrayLike) -> np.ndarray:
        r"""The exact Hessian-vector product :math:`\nabla^2 L(\theta)\, v` (R-operator)."""
        theta, X, Y = self._checked(theta, X, Y)
        return self._stream(theta, self._direction(v), X, Y, self._block_hvp)

    def ggn_vp(self, theta: ArrayLike, v: ArrayLike, X: ArrayLike, Y: ArrayLike) -> np.ndarray:
        r"""The Gauss–Newton product :math:`J^\top H_{\text{out}} J v`."""
        theta, X, Y = self._checked(theta, X, Y)
        return self._stream(theta, self._direction(v), X, Y, self._block_ggn)

    def hessian_operator(self, theta: ArrayLike, X: ArrayLike, Y: ArrayLike) -> LinearOperator:
        """The Hessian at ``theta`` as a ``LinearOperator`` (forward/backward pass cached)."""
        theta, X, Y = self._checked(theta, X, Y)
        point = self._point(theta, X, Y)
        return LinearOperator(
            (self.n_params, self.n_params),
            matvec=lambda v: self._hvp_at(point, v.ravel()),
            dtype=float,
        )

    def ggn_operator(self, theta: ArrayLike, X: ArrayLike, Y: ArrayLike) -> LinearOperator:
        """The Gauss–Newton matrix at ``theta`` as a ``LinearOperator``."""
        theta, X, Y = self._checked(theta, X, Y)
        point = self._point(theta, X, Y)
        return LinearOperator(
            (self.n_params, self.n_params),
            matvec=lambda v: self._ggn_at(point, v.ravel()),
            dtype=float,
        )

    def hessian(self, theta: ArrayLike, X: ArrayLike, Y: ArrayLike) -> np.ndarray:
        """The dense Hessian from ``n`` Hessian-vector products (columns of the identity), not
        symmetrized, so its asymmetry measures the products' round-off: only for small networks
        (it costs ``n`` products and ``8 n²`` bytes). The products are the R-operator's
        (:meth:`hvp`), formed for 16 unit vectors of one layer at a time with matrix-matrix
        products."""
        theta, X, Y = self._checked(theta, X, Y)
        return self._dense(theta, X, Y, ggn=False)

    def ggn(self, theta: ArrayLike, X: ArrayLike, Y: ArrayLike) -> np.ndarray:
        r"""The dense Gauss–Newton matrix :math:`J^\top H_{\text{out}} J`, column ``j`` the
        product :meth:`ggn_vp` with ``e_j``, not symmetrized: only for small networks."""
        theta, X, Y = self._checked(theta, X, Y)
        return self._dense(theta, X, Y, ggn=True)

    def accuracy(self, theta: ArrayLike, X: ArrayLike, labels: ArrayLike) -> float:
        """The fraction of rows whose largest output is at the index ``labels[i]``."""
        outputs = self.predict(theta, X)
        labels = np.asarray(labels)
        if labels.shape != (outputs.shape[0],):
            raise ValueError(f"labels must have shape ({outputs.shape[0]},); got {labels.shape}")
        return float(np.mean(np.argmax(outputs, axis=1) == labels))

    def objective(self, X: ArrayLike, Y: ArrayLike) -> Objective:
        """The training loss on ``(X, Y)`` as a curvlab ``Objective`` whose ``hessp`` is the
        R-operator product (``hess`` the dense Hessian from ``n`` of them, and ``fun_and_grad``
        the loss and gradient from one forward and one backward pass)."""
        X, Y = self._inputs(X), self._targets(Y, len(np.asarray(X)))

        def fun(theta: np.ndarray) -> np.ndarray | float:
            theta = np.asarray(theta, dtype=float)
            if theta.ndim == 1:
                return float(self._loss_grad(theta, X, Y, grads_too=False)[0])
            flat = theta.reshape(self.n_params, -1)
            values = [fun(np.ascontiguousarray(flat[:, j])) for j in range(flat.shape[1])]
            return np.array(values).reshape(theta.shape[1:])

        def grad(theta: np.ndarray) -> np.ndarray:
            return self.pack(self._loss_grad(theta, X, Y)[1])

        def hess(theta: np.ndarray) -> np.ndarray:
            return self.hessian(theta, X, Y)

        def hessp(theta: np.ndarray, v: np.ndarray) -> np.ndarray:
            return self._stream(theta, v, X, Y, self._block_hvp)

        def fun_and_grad(theta: np.ndarray) -> tuple[float, np.ndarray]:
            loss, grads = self._loss_grad(theta, X, Y)
            return float(loss), self.pack(grads)

        return Objective(
            f"{self.name}, N = {len(X)}",
            self.n_params,
            fun,
            grad,
            hess,
            hessp=hessp,
            fun_and_grad=fun_and_grad,
        )

    # ---------------------------------------------------------------- checks
    def _theta(self, theta: ArrayLike) -> np.ndarray:
        theta = np.asarray(theta, dtype=float)
        if theta.shape != (self.n_params,):
            raise ValueError(f"theta must have shape ({self.n_params},); got {theta.shape}")
        if not np.all(np.isfinite(theta)):
            raise ValueError("theta must be finite")
        return theta

    def _direction(self, v: ArrayLike) -> np.ndarray:
        v = np.asarray(v, dtype=float)
        if v.shape != (self.n_params,):
            raise ValueError(f"v must have shape ({self.n_params},); got {v.shape}")
        if not np.all(np.isfinite(v)):
            raise ValueError("v must be finite")
        return v

    def _inputs(self, X: ArrayLike) -> np.ndarray:
        X = np.asarray(X, dtype=float)
        if X.ndim != 2 or X.shape[1] != self.sizes[0] or X.shape[0] < 1:
            raise ValueError(f"X must have shape (N, {self.sizes[0]}); got {X.shape}")
        if not np.all(np.isfinite(X)):
            raise ValueError("X must be finite (no NaN or inf)")
        return X

    def _targets(self, Y: ArrayLike, N: int) -> np.ndarray:
        Y = np.asarray(Y, dtype=float)
        if Y.shape != (N, self.sizes[-1]):
            raise ValueError(f"Y must have shape ({N}, {self.sizes[-1]}); got {Y.shape}")
        if not np.all(np.isfinite(Y)):
            raise ValueError("Y must be finite (no NaN or inf)")
        return Y

    def _checked(self, theta: ArrayLike, X: ArrayLike, Y: ArrayLike):
        X = self._inputs(X)
        return self._theta(theta), X, self._targets(Y, X.shape[0])


def one_hot(labels: ArrayLike, n_classes: int) -> np.ndarray:
    """Rows of the identity: ``one_hot([2, 0], 3) = [[0, 0, 1], [1, 0, 0]]``."""
    n_classes = as_int(n_classes, "n_classes")
    labels = np.asarray(labels)
    if labels.ndim != 1 or not np.issubdtype(labels.dtype, np.integer):
        raise ValueError("labels must be a 1-D array of integers")
    if labels.size and (labels.min() < 0 or labels.max() >= n_classes):
        raise ValueError(
            f"labels must lie in [0, {n_classes}); got [{labels.min()}, {labels.max()}]"
        )
    return np.eye(n_classes)[labels]


def _add_params(total: Params, more: Params) -> Params:
    for (W, b), (dW, db) in zip(total, more, strict=True):
        W += dW
        b += db
    return total


def _sum_params(blocks: list[Params]) -> Params:
    total = [(W.copy(), b.copy()) for W, b in blocks[0]]
    for more in blocks[1:]:
        _add_params(total, more)
    return total
