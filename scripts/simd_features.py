"""Print the SIMD features numpy dispatches to on this CPU, beyond its baseline, space-separated.

``scripts/test.sh`` passes them to ``NPY_DISABLE_CPU_FEATURES`` for its second nbval run, so
that numpy falls back to its baseline loops. Naming a feature the CPU lacks is an error at
import, hence the list comes from numpy itself (the "found" row of ``numpy.show_runtime()``).
"""

from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__

print(" ".join(name for name in __cpu_dispatch__ if __cpu_features__.get(name)))
