"""The book's experiments, one package per topic, each ``compute`` → ``figures`` → ``explore``.

``compute`` uses numpy and the library only; ``figures`` draws what ``compute`` returns with
matplotlib and :mod:`curvlab.plotting`; ``explore`` wires controls to both with
:mod:`curvlab.widgets`. A topic's ``__init__`` re-exports what its chapter uses.

==================  ==========================================================  =======
topic               what it studies                                             chapter
==================  ==========================================================  =======
gradient_descent    gradient descent on a bowl: step size against stability    1
hessian             the Hessian at a point, finite-difference errors            2
critical_points     critical points, saddle escape, random Hessians             3
conditioning        sweeps over κ and η, feature scaling in regression         4
newton              Newton's basins of attraction, Newton against descent      5
momentum            the √κ law, the (α, β) rate map, the optimizer race         6
adaptive            Adam's second moment, diagonal preconditioning, Muon        6
network_curvature   a digits network's Hessian: cost, Lanczos, outliers, trace  7
sharpness           sharp vs flat minima, rescaling, loss slices, SAM           7
edge_of_stability   sharpness against 2/η during full-batch training            7
framework_bridge    the same products in JAX: HVPs, deflated power, float32    7
step_size           the rate curve ρ(η), each eigen-component's decay           1
bowl_geometry       a bowl's contours: semi-axes ∝ 1/√λ, gradient normal        1
smoothness          empirical risk, convexity, the descent lemma                1
goe_rate            −ln P/n² of a positive definite GOE matrix → θ              3
stable_set          starts that gradient descent carries into a saddle          3
newton_attraction   where Newton's method on ∇f ends, start by start            3
==================  ==========================================================  =======
"""
