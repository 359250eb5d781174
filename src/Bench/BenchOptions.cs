namespace ProbSig.Bench;

/// <summary>How large a bench run is.</summary>
public enum BenchScale
{
    /// <summary>The sizes the issue names (batch 16 x 64, V up to 4096, N = 2048, Brown): minutes on 2 cores.</summary>
    Full,

    /// <summary>Tiny sizes with the same code paths, for tests: seconds. Its figures mean nothing.</summary>
    Smoke,
}

/// <summary>What `probsig bench` runs and with what.</summary>
public sealed record BenchOptions
{
    /// <summary>Problem sizes.</summary>
    public BenchScale Scale { get; init; } = BenchScale.Full;

    /// <summary>Thread counts of the threaded rows (LM training, matrix products, feature steps).</summary>
    public IReadOnlyList<int> Threads { get; init; } = [1, 2];

    /// <summary>Groups to run, by <see cref="IBenchGroup.Name"/>; null: all.</summary>
    public IReadOnlySet<string>? Only { get; init; }

    /// <summary>The Python that runs the PyTorch peers; null: python3 on PATH.</summary>
    public string? Python { get; init; }

    /// <summary>node, for the JavaScript reference tokenizer; null: node on PATH.</summary>
    public string? Node { get; init; }

    /// <summary>Run no peer even when one is installed (their rows say "peer absent").</summary>
    public bool NoPeers { get; init; }

    /// <summary>True at <see cref="BenchScale.Smoke"/>.</summary>
    public bool Smoke => Scale == BenchScale.Smoke;
}
