using ProbSig.Verification.Claims;

namespace ProbSig.Verification.Experiments;

/// <summary>
/// An experiment described by value: a record naming everything its result depends on
/// (task or corpus, model config, training config, seed). Two equal records are the same
/// experiment, so <see cref="ClaimContext.Measure{TResult}"/> runs it once per process
/// and every claim that asks for it shares the result; no hand-built cache key exists.
/// </summary>
public interface IExperiment
{
    /// <summary>The experiment in words, for the report ("linear model d = 64, init std 1e-3, ...").</summary>
    string Describe();
}

/// <summary>An experiment whose run gives a <typeparamref name="TResult"/>.</summary>
public interface IExperiment<out TResult> : IExperiment where TResult : class
{
    /// <summary>Runs the experiment; progress lines go to <see cref="ClaimContext.Report"/>.
    /// Other experiments it needs come through <paramref name="context"/>, so they are shared too.</summary>
    TResult Run(ClaimContext context);
}
