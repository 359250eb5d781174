using System.Diagnostics.CodeAnalysis;

namespace ProbSig.Verification.Claims;

/// <summary>
/// The outcome of running one claim: the figures its measurement returned (per-seed
/// headline, null, details, artifacts, finding, timings), the claim, and the headline
/// figure (the mean over seeds); the verdict is judged from them by <see cref="Judgement.Of"/>.
/// </summary>
public sealed record ClaimResult : ClaimMeasurement
{
    /// <summary>The result of <paramref name="claim"/>: <paramref name="measurement"/>'s figures
    /// and the headline figure <paramref name="measured"/>.</summary>
    [SetsRequiredMembers]
    public ClaimResult(ClaimDefinition claim, double measured, ClaimMeasurement measurement) : base(measurement)
    {
        Claim = claim;
        Measured = measured;
    }

    /// <summary>A result built field by field (e.g. by a test's fake claim).</summary>
    public ClaimResult() { }

    /// <summary>The claim that was run.</summary>
    public required ClaimDefinition Claim { get; init; }

    /// <summary>The headline figure compared with the tolerance.</summary>
    public required double Measured { get; init; }

    /// <summary>Wall-clock time of the claim (set by <see cref="ClaimRunner"/>).</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>The verdict of this run against the claim's stated prediction, and why.</summary>
    public Judgement Judgement => Judgement.Of(Claim, this);

    /// <summary>HOLDS, REFUTED or INCONCLUSIVE.</summary>
    public Verdict Verdict => Judgement.Verdict;

    /// <summary>True when the verdict is the one the claim expects at this scale.</summary>
    public bool AsExpected => Verdict == Claim.Expected;
}
