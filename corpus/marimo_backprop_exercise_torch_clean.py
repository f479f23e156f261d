"""A marimo notebook in the shape of the "backprop by hand" exercise: one forward pass in torch kept variable by
variable, autograd's gradients retained, then a cell that differentiates every variable by hand (last first) and
compares each with autograd's; a final cell trains with autograd."""
# bp-corpus: clean
# bp-requires: torch
# bp-style: marimo notebook, torch tensors, step-by-step manual backprop compared with autograd's .grad, softmax cross-entropy written out, tanh hidden layer

import marimo

__generated_with = "0.19.0"
app = marimo.App()


@app.cell
def _():
    import torch
    return (torch,)


@app.cell
def _(torch):
    def close(name, mine, t):
        ok = torch.allclose(mine, t.grad, atol=1e-6)
        print(f"{name:10s} matches autograd: {ok}")
    return (close,)


@app.cell
def _(torch):
    g = torch.Generator().manual_seed(5)
    X = torch.randn(32, 6, generator=g)
    Y = torch.randint(0, 4, (32,), generator=g)
    Wa = (torch.randn(6, 20, generator=g) * 0.4).requires_grad_()
    ba = torch.zeros(20, requires_grad=True)
    Wb = (torch.randn(20, 4, generator=g) * 0.4).requires_grad_()
    bb = torch.zeros(4, requires_grad=True)
    params = [Wa, ba, Wb, bb]
    return X, Y, Wa, Wb, ba, bb, params


@app.cell
def _(X, Y, Wa, Wb, ba, bb, params):
    m = X.shape[0]
    zpre = X @ Wa + ba
    act = zpre.tanh()
    scores = act @ Wb + bb
    peak = scores.max(1, keepdim=True).values
    centred = scores - peak
    expd = centred.exp()
    denom = expd.sum(1, keepdim=True)
    denom_inv = denom ** -1
    prob = expd * denom_inv
    logprob = prob.log()
    loss = -logprob[range(m), Y].mean()
    for p in params:
        p.grad = None
    for t in [logprob, prob, denom_inv, denom, expd, centred, peak, scores, act, zpre]:
        t.retain_grad()
    loss.backward()
    print(f"first loss {loss.item():.4f}")
    return act, centred, denom, denom_inv, expd, logprob, m, peak, prob, scores, zpre


@app.cell
def _(X, Y, Wa, Wb, ba, bb, act, centred, close, denom, denom_inv, expd, logprob, m, peak, prob, scores, torch, zpre):
    dlogprob = torch.zeros_like(logprob)
    dlogprob[range(m), Y] = -1.0 / m  # bp: error
    close("logprob", dlogprob, logprob)
    dprob = (1.0 / prob) * dlogprob  # bp: error
    close("prob", dprob, prob)
    ddenom_inv = (expd * dprob).sum(1, keepdim=True)  # bp: error
    dexpd = denom_inv * dprob  # bp: error
    close("denom_inv", ddenom_inv, denom_inv)
    ddenom = -denom ** -2 * ddenom_inv  # bp: error
    close("denom", ddenom, denom)
    dexpd += torch.ones_like(expd) * ddenom  # bp: error
    close("expd", dexpd, expd)
    dcentred = expd * dexpd  # bp: error
    close("centred", dcentred, centred)
    dscores = dcentred.clone()  # bp: error
    dpeak = -dcentred.sum(1, keepdim=True)  # bp: error
    close("peak", dpeak, peak)
    dscores += (scores == peak) * dpeak  # bp: error
    close("scores", dscores, scores)
    dact = dscores @ Wb.T  # bp: F2
    dWb = act.T @ dscores  # bp: F3
    dbb = dscores.sum(0)  # bp: F3
    close("act", dact, act)
    close("Wb", dWb, Wb)
    close("bb", dbb, bb)
    dzpre = (1.0 - act ** 2) * dact  # bp: F1
    close("zpre", dzpre, zpre)
    dWa = X.T @ dzpre  # bp: F3
    dba = dzpre.sum(0)  # bp: F3
    close("Wa", dWa, Wa)
    close("ba", dba, ba)
    return


@app.cell
def _(X, Y, params, torch):
    import torch.nn.functional as F
    for step in range(120):
        out = torch.tanh(X @ params[0] + params[1]) @ params[2] + params[3]
        fit_loss = F.cross_entropy(out, Y)
        for p in params:
            p.grad = None
        fit_loss.backward()
        with torch.no_grad():
            for p in params:
                p -= 0.5 * p.grad  # bp: update
        if step % 40 == 0:
            print(f"step {step} loss {fit_loss.item():.4f}")
    print(f"final loss {fit_loss.item():.4f}")
    return


if __name__ == "__main__":
    app.run()
