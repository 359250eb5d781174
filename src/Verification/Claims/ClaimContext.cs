using System.Collections.Concurrent;

namespace ProbSig.Verification.Claims;

/// <summary>
/// Shared state of one verification run: the scale, a progress sink, the device, and the
/// results of the experiments run so far, keyed by the experiment records themselves
/// (record equality), so that a model trained for one claim (e.g. the default linear run
/// used by C2 to C5) is trained once per process and reused, by tests and `verify` alike.
/// </summary>
public sealed class ClaimContext
{
    private readonly ConcurrentDictionary<IExperiment, Lazy<object>> results = new();

    /// <summary>A context at the given scale.</summary>
    public ClaimContext(ClaimScale scale = ClaimScale.Cpu, IProgress<string>? progress = null, string device = "cpu")
    {
        Scale = scale;
        Progress = progress;
        Device = device;
    }

    /// <summary>The corpus the language-model claims train on instead of Brown (a Pile file, `verify
    /// --scale paper --corpus pile:PATH[:SUBSET,..]`); null: Brown.</summary>
    public Empirics.Corpus.SourceDescription? Corpus { get; init; }

    /// <summary>The language-model sizes where a run overrides its scale's (the CPU test of the
    /// paper path shrinks the paper preset); null: <see cref="Language.LanguageModelScale.Of"/> of
    /// <see cref="Scale"/> and <see cref="Corpus"/>.</summary>
    public Language.LanguageModelScale? LanguageModels { get; init; }

    /// <summary>CPU or paper scale.</summary>
    public ClaimScale Scale { get; }

    /// <summary>Where progress lines go (may be null).</summary>
    public IProgress<string>? Progress { get; }

    /// <summary>Torch device for training ("cpu" or "cuda"); one context trains on one device,
    /// so the device is not part of an experiment's record.</summary>
    public string Device { get; }

    /// <summary>The result of <paramref name="experiment"/>, run the first time an equal
    /// record is asked for (once, even when several threads ask at the same time).</summary>
    public TResult Measure<TResult>(IExperiment<TResult> experiment) where TResult : class
    {
        ArgumentNullException.ThrowIfNull(experiment);
        return (TResult)results.GetOrAdd(experiment,
            e => new Lazy<object>(() => ((IExperiment<TResult>)e).Run(this), LazyThreadSafetyMode.ExecutionAndPublication)).Value;
    }

    /// <summary>Sets the result of <paramref name="experiment"/> before anything asks for it, so a
    /// test can put a rival (a random or a frequency-only model) where a trained one stands.</summary>
    /// <exception cref="InvalidOperationException">The experiment already has a result.</exception>
    internal void Provide<TResult>(IExperiment<TResult> experiment, TResult result) where TResult : class
    {
        ArgumentNullException.ThrowIfNull(experiment);
        ArgumentNullException.ThrowIfNull(result);
        if (!results.TryAdd(experiment, new Lazy<object>(() => result)))
            throw new InvalidOperationException($"{experiment.Describe()} already has a result in this context");
    }

    /// <summary>Reports a progress line.</summary>
    public void Report(string line) => Progress?.Report(line);
}
