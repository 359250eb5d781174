using ProbSig.Theory.Metrics;

namespace ProbSig.Verification.Claims;

/// <summary>
/// The outcome of running one claim: its headline figure (usually the mean over seeds),
/// the per-seed figures, the permutation null where one makes sense, further named
/// figures, and the artifacts for the report.
/// </summary>
public sealed record ClaimResult
{
    /// <summary>The claim that was run.</summary>
    public required ClaimDefinition Claim { get; init; }

    /// <summary>The headline figure compared with the tolerance.</summary>
    public required double Measured { get; init; }

    /// <summary>The headline figure of each seed, in the order of Claim.Seeds.</summary>
    public required IReadOnlyList<double> PerSeed { get; init; }

    /// <summary>Permutation-null test of the headline metric (first seed), if the claim has one.</summary>
    public PermutationResult? Null { get; init; }

    /// <summary>Other figures worth reporting (name to value), e.g. "precision@0.05".</summary>
    public IReadOnlyDictionary<string, double> Details { get; init; } = new Dictionary<string, double>();

    /// <summary>Matrices and curves for the report.</summary>
    public IReadOnlyList<Artifact> Artifacts { get; init; } = Array.Empty<Artifact>();

    /// <summary>A sentence on what was found, beyond pass or fail (e.g. which predictor won).</summary>
    public string Finding { get; init; } = "";

    /// <summary>How long parts of the run took, in seconds (name to value), e.g. the training
    /// of a model, and the wall and CPU time <see cref="ClaimRunner"/> adds. Kept apart from
    /// <see cref="Details"/> because they say how busy the machine was, not what was found:
    /// they are reported, never compared with a snapshot.</summary>
    public IReadOnlyDictionary<string, double> Timings { get; init; } = new Dictionary<string, double>();

    /// <summary>Wall-clock time of the claim (set by <see cref="ClaimRunner"/>).</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>True when the headline figure lies inside the tolerance.</summary>
    public bool Passed => Claim.Tolerance.Holds(Measured);
}
