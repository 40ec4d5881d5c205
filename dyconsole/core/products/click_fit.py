"""The click model's fit: a Poisson log-linear model of per-interval click increments, solved by Newton/IRLS
in numpy. Owns the maths only (arrays in, coefficients and their covariance out); `appeal` turns polls into
rows and the fit into per-product estimates.

Model, for product i over poll interval k (rows grouped by k, one row per product and interval):

    clicks_ik ~ Poisson(exposure_ik * exp(gamma_k + alpha_i + f(position_ik) + b1*explained_both_ik
                                          + b2*explained_one_ik))

- gamma_k, one per interval, absorbs whatever all products share in that interval (the room's audience and
  its mood); it is profiled out exactly, so the fit is the multinomial split of each interval's clicks among
  its products. The room's online count is therefore not needed: it is common to every product of an interval.
- alpha_i is the log appeal, with a Gaussian random-effect prior N(0, tau^2); tau is estimated from the data
  (empirical Bayes, EM updates). The prior is what identifies the position effect while the list order never
  changes: position is then learnt across products, on the assumption that appeal does not depend on where
  the operator happened to put a product. Order changes add within-product evidence.
- f(p) = c1*log(p) + c2*log(p)^2, 1-based position p (f(1) = 0): a smooth position curve, estimated (a
  caller may hold it at 0 through a tight prior, as `appeal` does when the exposure is impressions).
- explained_both / explained_one: the product was being explained at both / one of the interval's polls.

The covariance returned is the inverse of the penalised observed information at the optimum (a Laplace
approximation of the posterior), i.e. it includes the uncertainty of the position and explanation effects.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: columns of the shared (non-product) part of the design: log p, log^2 p, explained both, explained one
N_SHARED = 4
#: prior sd of the shared coefficients by default (weak: only keeps the Hessian invertible)
SHARED_PRIOR_SD = (10.0, 10.0, 10.0, 10.0)
TAU_START, TAU_MIN, TAU_MAX = 0.5, 0.1, 2.0


@dataclass(frozen=True)
class ClickRows:
    """The fit's input; every array has one entry per row, rows sorted by `group` (0..G-1)."""

    group: np.ndarray  # int: the poll interval
    product: np.ndarray  # int: 0..n-1
    clicks: np.ndarray  # float: click increment over the interval
    exposure: np.ndarray  # float > 0: impressions over the interval, or its length in seconds
    position: np.ndarray  # float: 1-based list position during the interval
    explained_both: np.ndarray  # float 0/1
    explained_one: np.ndarray  # float 0/1


@dataclass(frozen=True)
class ClickFit:
    log_appeal: np.ndarray  # alpha, one per product (prior mean 0)
    cov: np.ndarray  # covariance of (alpha, shared coefficients), (n + N_SHARED) square
    shared: np.ndarray  # c1, c2, b1, b2
    tau: float  # estimated sd of log appeal across products
    iterations: int  # Newton steps taken, all EB rounds together
    dispersion: float = 1.0  # Pearson chi-square / residual degrees of freedom (1: counts as Poisson as assumed)


def shared_design(rows: ClickRows) -> np.ndarray:
    lp = np.log(np.maximum(rows.position, 1.0))
    return np.column_stack([lp, lp * lp, rows.explained_both, rows.explained_one])


class _Problem:
    """Penalised multinomial log-likelihood, its gradient and Hessian (blockwise: products x shared)."""

    def __init__(self, rows: ClickRows, n: int) -> None:
        self.n, self.rows = n, rows
        self.z = shared_design(rows)
        self.log_e = np.log(rows.exposure)
        self.starts = np.flatnonzero(np.r_[True, rows.group[1:] != rows.group[:-1]])
        self.gid = np.cumsum(np.r_[False, rows.group[1:] != rows.group[:-1]])  # dense group index per row
        self.total = np.add.reduceat(rows.clicks, self.starts)  # clicks per group

    def shares(self, theta: np.ndarray) -> np.ndarray:
        """pi: each row's expected share of its group's clicks."""
        eta = self.log_e + theta[: self.n][self.rows.product] + self.z @ theta[self.n:]
        eta = eta - np.maximum.reduceat(eta, self.starts)[self.gid]
        w = np.exp(eta)
        return w / np.add.reduceat(w, self.starts)[self.gid]

    def objective(self, theta: np.ndarray, prec: np.ndarray) -> float:
        pi = self.shares(theta)
        y = self.rows.clicks
        pos = y > 0
        return float(np.sum(y[pos] * np.log(np.maximum(pi[pos], 1e-300)))) - 0.5 * float(np.sum(prec * theta**2))

    def grad_hess(self, theta: np.ndarray, prec: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        n, rows, z = self.n, self.rows, self.z
        pi = self.shares(theta)
        w = self.total[self.gid] * pi  # expected clicks per row
        r = rows.clicks - w
        grad = np.concatenate([np.bincount(rows.product, r, minlength=n), z.T @ r]) - prec * theta
        # information = X' diag(w) X - M' diag(total) M, M the per-group sums of pi * x
        k = n + N_SHARED
        info = np.zeros((k, k))
        info[np.arange(n), np.arange(n)] = np.bincount(rows.product, w, minlength=n)
        cross = np.stack([np.bincount(rows.product, w * z[:, j], minlength=n) for j in range(N_SHARED)], axis=1)
        info[:n, n:], info[n:, :n] = cross, cross.T
        info[n:, n:] = z.T @ (w[:, None] * z)
        m = np.zeros((len(self.starts), k))
        m[self.gid, rows.product] = pi
        m[:, n:] = np.add.reduceat(pi[:, None] * z, self.starts, axis=0)
        info -= m.T @ (self.total[:, None] * m)
        info[np.diag_indices(k)] += prec
        return grad, info


    def dispersion(self, theta: np.ndarray) -> float:
        """Pearson chi-square of the rows over their residual degrees of freedom (rows - intervals - coefficients):
        above 1 when the clicks vary more than Poisson counts would (the explanation covering part of an
        interval, a mood that differs between products), which a Poisson information alone would not show."""
        w = self.total[self.gid] * self.shares(theta)
        used = w > 0
        df = int(used.sum()) - len(self.starts) - len(theta)
        if df <= 0:
            return 1.0
        return float(np.sum((self.rows.clicks[used] - w[used]) ** 2 / w[used]) / df)


def _newton(problem: _Problem, theta: np.ndarray, prec: np.ndarray, max_iter: int = 25,
            tol: float = 1e-7) -> tuple[np.ndarray, np.ndarray, int]:
    """Maximise the penalised log-likelihood from `theta`; returns (theta, information, steps)."""
    current = problem.objective(theta, prec)
    for step in range(1, max_iter + 1):
        grad, info = problem.grad_hess(theta, prec)
        delta = np.linalg.solve(info, grad)
        scale = 1.0
        while True:  # step halving keeps every step an ascent
            trial = theta + scale * delta
            value = problem.objective(trial, prec)
            if value >= current - 1e-12 or scale < 1e-4:
                break
            scale *= 0.5
        theta, gain, current = trial, value - current, value
        if abs(gain) < tol * (1.0 + abs(current)) and float(np.max(np.abs(scale * delta))) < 1e-5:
            return theta, info, step  # the information of a point 1e-5 away: the same to the digits shown
    return theta, problem.grad_hess(theta, prec)[1], max_iter


def fit_clicks(rows: ClickRows, n: int, start: np.ndarray | None = None, tau: float | None = None,
               shared_prior_sd: tuple[float, ...] = SHARED_PRIOR_SD, eb_rounds: int = 30) -> ClickFit:
    """Fit the model to `rows` over `n` products. `start`: coefficients of an earlier fit (warm start; new
    products appended as zeros); `tau`: an earlier estimate of the appeal spread to start EB from;
    `shared_prior_sd`: prior sd (mean 0) of c1, c2, b1, b2."""
    k = n + N_SHARED
    theta = np.zeros(k)
    if start is not None:
        old_n = len(start) - N_SHARED
        theta[: min(old_n, n)] = start[: min(old_n, n)]
        theta[n:] = start[old_n:]
    tau = TAU_START if tau is None else float(tau)
    problem = _Problem(rows, n)
    steps = 0
    for _ in range(max(eb_rounds, 1)):
        prec = np.r_[np.full(n, 1.0 / tau**2), 1.0 / np.asarray(shared_prior_sd, float)**2]
        theta, info, used = _newton(problem, theta, prec)
        steps += used
        cov = np.linalg.inv(info)
        alpha = theta[:n]
        new_tau = float(np.clip(np.sqrt((np.sum(alpha**2) + np.trace(cov[:n, :n])) / n), TAU_MIN, TAU_MAX))
        done = abs(new_tau - tau) < 1e-3 * tau
        tau = new_tau
        if done:
            break
    cov = np.linalg.inv(info)
    return ClickFit(log_appeal=theta[:n].copy(), cov=cov, shared=theta[n:].copy(), tau=tau, iterations=steps,
                    dispersion=problem.dispersion(theta))
