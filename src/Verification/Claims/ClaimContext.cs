using System.Collections.Concurrent;

namespace ProbSig.Verification.Claims;

/// <summary>
/// Shared state of one verification run: the scale, a progress sink, and a cache so that
/// a model trained for one claim (e.g. the default linear run used by C2 to C5) is
/// trained once per process and reused, by tests and by `verify` alike.
/// </summary>
public sealed class ClaimContext
{
    private readonly ConcurrentDictionary<string, Lazy<object>> cache = new();

    /// <summary>A context at the given scale.</summary>
    public ClaimContext(ClaimScale scale = ClaimScale.Cpu, IProgress<string>? progress = null, string device = "cpu")
    {
        Scale = scale;
        Progress = progress;
        Device = device;
    }

    /// <summary>CPU or paper scale.</summary>
    public ClaimScale Scale { get; }

    /// <summary>Where progress lines go (may be null).</summary>
    public IProgress<string>? Progress { get; }

    /// <summary>Torch device for training ("cpu" or "cuda").</summary>
    public string Device { get; }

    /// <summary>
    /// The value cached under <paramref name="key"/>, computed by <paramref name="compute"/>
    /// the first time. Keys should spell out everything the value depends on
    /// (task, model, optimiser, steps, seed).
    /// </summary>
    public T GetOrCompute<T>(string key, Func<T> compute) where T : class =>
        (T)cache.GetOrAdd(key, _ => new Lazy<object>(() => compute(), LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    /// <summary>Reports a progress line.</summary>
    public void Report(string line) => Progress?.Report(line);
}
