"""Linear discriminant analysis, the comparison of slide 12.

Each class is a Gaussian N(mu_c, Sigma) with a shared covariance, fitted by
maximum likelihood (class means, pooled covariance divided by N, class
frequencies as priors).  The log-odds of the posterior are then linear:

    log P(+1|x)/P(-1|x) = w.x + b,  w = Sigma^-1 (mu_+ - mu_-),
    b = -(mu_+ + mu_-).w / 2 + log(pi_+ / pi_-).
"""

import torch


def fit_lda(x: torch.Tensor, y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """(w, b) of the LDA boundary for x (N, D) and labels y (N,) in {-1, +1}."""
    pos, neg = x[y > 0], x[y < 0]
    mu_pos, mu_neg = pos.mean(0), neg.mean(0)
    centred = torch.cat([pos - mu_pos, neg - mu_neg])
    sigma = centred.T @ centred / len(x)
    w = torch.linalg.solve(sigma, mu_pos - mu_neg)
    b = -(mu_pos + mu_neg) @ w / 2 + torch.log(torch.tensor(len(pos) / len(neg), dtype=x.dtype))
    return w, b
