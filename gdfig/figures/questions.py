"""The numbers in the "Check yourself" answers at the end of each lecture page.

A data export like the explorers' (JSON only, cached, in the manifest): the
site's hook writes `{{ answer KEY }}` in a page as the text stored here under
KEY, so every number in an answer is computed by gdfig when the site is built.
"""

import math
from dataclasses import dataclass
from typing import Any

from gdfig.figures import logistic, surrogate
from gdfig.figures.spec import Family, FigureSpec

START_2D = (0.45, 0.92)  # the start of the contour_eta_* panels


@dataclass(frozen=True)
class Params:
    """No settings: the answers are about the lecture's own figures."""


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
    w_star = facts.minimum_from(losses.loss_1d, w0, 0.125, 200)
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
    trough = facts.minimum_from(losses.loss_2d, w0, 0.02, 250)
    across = facts.curvatures(losses.loss_2d, trough)[-1].item()
    settle = {eta: facts.steps_to_settle(descent.descend(losses.loss_2d, w0, eta, 120), trough)
              for eta in (0.02, 0.03)}
    end = descent.descend(losses.loss_2d, torch.tensor([0.55, 0.3], dtype=torch.float64), 0.02, 200).iterates[-1]
    return {"trough_across": f"{across:.0f}", "trough_limit": f"{2 / across:.4f}",
            "eta002_settle": str(settle[0.02]), "eta003_settle": str(settle[0.03]),
            "end_from_055_03": f"({end[0].item():.2f}, {end[1].item():.2f})"}


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
    return {"answers": {**_risk(), **_gradient(), **_steps_1d(), **_descent_2d(), **_logistic()}}


FAMILY = Family("answers", Params, compute, None)

SPECS = (FigureSpec(name="answers", title="Numbers in the Check yourself answers",
                    caption="The numbers that the pages' Check yourself answers quote.",
                    alt="", family=FAMILY, params=Params()),)
