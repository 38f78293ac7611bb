r"""What a dense Hessian costs: bytes to store it, flops to decompose it.

For :math:`n` parameters the Hessian has :math:`n^2` entries; at :math:`b` bytes per entry it
takes :math:`b\,n^2` bytes, against :math:`b\,n` for the gradient or a Hessian-vector product.
The symmetric eigendecomposition :math:`H = Q\Lambda Q^\top` costs about
:math:`\tfrac43 n^3` flops for the eigenvalues alone (Householder tridiagonalization dominates)
and about :math:`9 n^3` with the eigenvectors (Golub & Van Loan 2013, §8.3).

Sizes use SI prefixes (1 TB = :math:`10^{12}` bytes) and, beside them, binary ones
(1 TiB = :math:`2^{40}` bytes), because the two differ by 10 % at this scale.
"""

from __future__ import annotations

from curvlab.validation import as_positive_int

__all__ = ["eigendecomposition_flops", "format_bytes", "hessian_bytes", "vector_bytes"]

_SI = ("B", "kB", "MB", "GB", "TB", "PB", "EB")
_IEC = ("B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB")


def hessian_bytes(n: int, itemsize: int = 4) -> int:
    r"""Return :math:`\text{itemsize} \cdot n^2`, the bytes of a dense ``n × n`` Hessian.

    ``itemsize`` is 4 for float32, 8 for float64. Exact (Python integers do not overflow).

    Examples
    --------
    >>> hessian_bytes(1_000_000)
    4000000000000
    """
    n = as_positive_int(n, "n")
    return as_positive_int(itemsize, "itemsize") * n * n


def vector_bytes(n: int, itemsize: int = 4) -> int:
    r"""Return :math:`\text{itemsize} \cdot n`: a gradient, or a Hessian-vector product."""
    return as_positive_int(itemsize, "itemsize") * as_positive_int(n, "n")


def eigendecomposition_flops(n: int, *, vectors: bool = True) -> float:
    r"""Leading-order flops of the symmetric eigendecomposition of an ``n × n`` matrix.

    About :math:`9n^3` with eigenvectors, :math:`\tfrac43 n^3` for eigenvalues only
    (Golub & Van Loan 2013, §8.3: tridiagonalization plus the implicit QR iteration).
    """
    n = as_positive_int(n, "n")
    return (9.0 if vectors else 4.0 / 3.0) * float(n) ** 3


def _scaled(count: float, base: float, units: tuple[str, ...]) -> str:
    index = 0
    while count >= base and index < len(units) - 1:
        count /= base
        index += 1
    return f"{count:.3g} {units[index]}"


def format_bytes(count: int) -> str:
    """Say a byte count in SI and binary units, e.g. ``"4 TB (3.64 TiB)"``.

    Raises
    ------
    TypeError, ValueError
        If ``count`` is not a positive integer.
    """
    count = as_positive_int(count, "count")
    si = _scaled(float(count), 1000.0, _SI)
    iec = _scaled(float(count), 1024.0, _IEC)
    return si if si.split()[1] == "B" else f"{si} ({iec})"
