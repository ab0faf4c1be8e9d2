"""The numbers in the "Check yourself" answers at the end of each lecture page.

A data export like the explorers' (JSON only, cached, in the manifest): the
site's hook writes `{{ answer KEY }}` in a page as the text stored here under
KEY, so every number in an answer is computed by gdfig when the site is built.
"""

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from gdfig.figures import logistic, surrogate
from gdfig.figures.spec import Family, FigureSpec

START_2D = (0.45, 0.92)  # the start of the contour_eta_* panels


@dataclass(frozen=True)
class Params:
    """No settings: the answers are about the lecture's own figures."""


@lru_cache(maxsize=1)
def _w_star():
    """The deep valley's bottom of the 1D loss, where eta = 0.125 from w0 = 0.9 settles."""
    import torch

    from gdfig.numerics import facts, losses

    w0 = torch.tensor([surrogate.Params().w0], dtype=torch.float64)
    return facts.minimum_from(losses.loss_1d, w0, 0.125, 200)


@lru_cache(maxsize=1)
def _trough():
    """The long trough's bottom on the 2D loss, where eta = 0.02 from START_2D settles."""
    import torch

    from gdfig.numerics import facts, losses

    return facts.minimum_from(losses.loss_2d, torch.tensor(START_2D, dtype=torch.float64), 0.02, 250)


def _risk() -> dict[str, str]:
    import torch

    x, y, snaps = logistic.train_run(100, 0, 0.1, logistic.LECTURE_NS)
    zero_margin = -torch.nn.functional.logsigmoid(torch.zeros((), dtype=torch.float64)).item()
    return {"loss_margin_zero": f"{zero_margin:.3f}", "logistic_loss_n0": f"{snaps[0].loss:.1f}",
            "logistic_loss_n10000": f"{snaps[10000].loss:.1f}"}


def _gradient() -> dict[str, str]:
    import torch

    from gdfig.numerics import descent, facts, losses

    w = torch.tensor(START_2D, dtype=torch.float64)
    g = descent.gradient(losses.loss_2d, w)
    delta = facts.downhill_step(losses.loss_2d, w, 0.05)
    predicted = (g @ delta).item()
    actual = (losses.loss_2d(w + delta) - losses.loss_2d(w)).item()
    return {"grad_start": f"({g[0].item():.3f}, {g[1].item():.3f})", "grad_start_norm": f"{g.norm().item():.3f}",
            "linear_predicted": f"{predicted:.4f}", "linear_actual": f"{actual:.4f}"}


def _steps_1d() -> dict[str, str]:
    import torch

    from gdfig.numerics import descent, facts, losses, surrogate as surr

    w0 = torch.tensor([surrogate.Params().w0], dtype=torch.float64)
    w_star = _w_star()
    a = facts.curvatures(losses.loss_1d, w_star)[0].item()
    cycle = descent.descend(losses.loss_1d, w0, 0.6, 200).iterates[-2:, 0].sort().values
    slide = descent.descend(losses.loss_1d, w0, 0.125, 30)
    return {"surrogate_min_eta0125": f"{surr.surrogate_minimiser(losses.loss_1d, w0, 0.125).item():.3f}",
            "surrogate_min_eta05": f"{surr.surrogate_minimiser(losses.loss_1d, w0, 0.5).item():.3f}",
            "w_star": f"{w_star.item():.3f}", "valley_curvature": f"{a:.2f}",
            "eta_alternate": f"{1 / a:.3f}", "eta_limit": f"{2 / a:.3f}",
            "eta06_low": f"{cycle[0].item():.3f}", "eta06_high": f"{cycle[1].item():.3f}",
            "eta0125_settle": str(facts.steps_to_settle(slide, w_star))}


def _descent_2d() -> dict[str, str]:
    import torch

    from gdfig.numerics import descent, facts, losses

    w0 = torch.tensor(START_2D, dtype=torch.float64)
    trough = _trough()
    across = facts.curvatures(losses.loss_2d, trough)[-1].item()
    settle = {eta: facts.steps_to_settle(descent.descend(losses.loss_2d, w0, eta, 120), trough)
              for eta in (0.02, 0.03)}
    end = descent.descend(losses.loss_2d, torch.tensor([0.55, 0.3], dtype=torch.float64), 0.02, 200).iterates[-1]
    return {"trough_across": f"{across:.0f}", "trough_limit": f"{2 / across:.4f}",
            "eta002_settle": str(settle[0.02]), "eta003_settle": str(settle[0.03]),
            "end_from_055_03": f"({end[0].item():.2f}, {end[1].item():.2f})"}


def _step_sizes() -> dict[str, str]:
    """Pages 3-5: the descent lemma's range, the 1D factor 1 - eta a, the trough's conditioning."""
    import torch

    from gdfig.numerics import conditioning, descent, facts, losses

    grid = torch.linspace(*losses.WINDOW_1D, 601, dtype=torch.float64)[:, None]
    top = conditioning.second_derivative(losses.loss_1d, grid).max().item()
    w0 = torch.tensor([surrogate.Params().w0], dtype=torch.float64)
    slope = descent.gradient(losses.loss_1d, w0)
    fall = (losses.loss_1d(w0) - losses.loss_1d(w0 - 0.25 * slope)).item()
    w_star = _w_star()
    factor = abs(1 - 0.5 * conditioning.hessian(losses.loss_1d, w_star).item())
    start = torch.tensor(START_2D, dtype=torch.float64)
    trough = _trough()
    shape = conditioning.conditioning(conditioning.hessian(losses.loss_2d, trough))
    best_rate = shape.factor(shape.best_step)
    return {"max_curvature_1d": f"{top:.2f}", "lemma_eta_max": f"{1 / top:.3f}",
            "lemma_bound_eta025": f"{0.25 / 2 * slope.square().sum().item():.3f}",
            "lemma_fall_eta025": f"{fall:.3f}",
            "factor_eta05": f"{factor:.3f}", "halving_eta05": f"{math.log(2) / -math.log(factor):.1f}",
            "eta0036_settle": str(facts.steps_to_settle(descent.descend(losses.loss_2d, start, 0.036, 80), trough)),
            "trough_along": f"{shape.eigenvalues[0]:.1f}", "trough_along_step": f"{1 / shape.eigenvalues[0]:.2f}",
            "trough_condition": f"{shape.condition_number:.1f}", "best_step": f"{shape.best_step:.3f}",
            "best_rate": f"{best_rate:.3f}", "best_rate_steps": f"{math.log(100) / -math.log(best_rate):.0f}"}


def _logistic_conditioning() -> dict[str, str]:
    """Page 6: the flattest curvature at the minimiser, and the per-step shrink it predicts."""
    from gdfig.numerics import conditioning

    x, y, snaps = logistic.train_run(100, 0, 0.1, logistic.LECTURE_NS)
    w, b = conditioning.logistic_minimiser(x, y, snaps[10000].w, snaps[10000].b)
    lam_min = conditioning.conditioning(conditioning.logistic_hessian(x, y, w, b)).eigenvalues[0]
    shrink = 1 - 0.1 * lam_min
    return {"logistic_lambda_min": f"{lam_min:.4f}", "logistic_shrink": f"{shrink:.5f}",
            "logistic_tenfold_steps": f"{math.log(10) / -math.log(shrink):.0f}",
            "logistic_eta_mean": f"{0.1 * len(x):g}"}


def _logistic() -> dict[str, str]:
    from gdfig.numerics import lda

    x, y, snaps = logistic.train_run(100, 0, 0.1, logistic.LECTURE_NS)
    lda_w, lda_b = lda.fit_lda(x, y)
    w, b = snaps[10000].w, snaps[10000].b
    cosine = (w @ lda_w / (w.norm() * lda_w.norm())).item()
    return {"wrong_n10000": str(int(((x @ w + b).sign() != y).sum())),
            "wrong_lda": str(int(((x @ lda_w + lda_b).sign() != y).sum())),
            "angle_logistic_lda": f"{math.degrees(math.acos(cosine)):.1f}"}


def compute(params: Params) -> dict[str, Any]:
    return {"answers": {**_risk(), **_gradient(), **_steps_1d(), **_descent_2d(), **_logistic(),
                        **_step_sizes(), **_logistic_conditioning()}}


FAMILY = Family("answers", Params, compute, None)

SPECS = (FigureSpec(name="answers", title="Numbers in the Check yourself answers",
                    caption="The numbers that the pages' Check yourself answers quote.",
                    alt="", family=FAMILY, params=Params()),)
