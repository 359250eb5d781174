using ProbSig.Verification.Claims;

namespace ProbSig.Cli.Report;

/// <summary>
/// What running one claim gave: its result, or the error it threw (then its verdict is
/// ERROR, never the expected one), plus the files its artifacts were written to.
/// </summary>
internal sealed record ClaimOutcome(ClaimDefinition Claim, ClaimResult? Result, string? Error, TimeSpan Elapsed)
{
    /// <summary>Why the claim could not run (e.g. npm is not installed, so the Brown corpus
    /// cannot be fetched); null when it ran. A skipped claim has no verdict: it is shown as
    /// SKIPPED, never as passed, and leaves the exit code to the claims that ran.</summary>
    public string? Skipped { get; init; }

    /// <summary>What the report calls a claim that could not run.</summary>
    public const string SkippedVerdict = "SKIPPED";

    /// <summary>True when the claim ran and its verdict is the one it expects (a claim that threw never is).</summary>
    public bool AsExpected => Skipped is null && Error is null && Result is { AsExpected: true };

    /// <summary>HOLDS, REFUTED, INCONCLUSIVE, or ERROR when the claim threw.</summary>
    public string VerdictName => Skipped is not null ? SkippedVerdict : Error is null && Result is { } r ? Judgement.Name(r.Verdict) : ErrorVerdict;

    /// <summary>What the report calls a claim that threw.</summary>
    public const string ErrorVerdict = "ERROR";

    /// <summary>The verdict the claim expects, as the report prints it.</summary>
    public string ExpectedName => Judgement.Name(Claim.Expected);

    /// <summary>The largest p-value of the claim's null over its seeds; NaN without one.</summary>
    public double NullP => Result is { JudgedNulls.Count: > 0 } r ? r.JudgedNulls.Max(n => n.PValue) : double.NaN;

    /// <summary>The verdict counts over <paramref name="outcomes"/>, as one line: "3 HOLDS, 1 REFUTED, ...; 4 of 4 as expected".</summary>
    public static string Summary(IReadOnlyList<ClaimOutcome> outcomes)
    {
        var names = new[] { Verdict.Holds, Verdict.Refuted, Verdict.Inconclusive }.Select(Judgement.Name).Append(SkippedVerdict).Append(ErrorVerdict);
        var counts = names.Select(n => (n, Count: outcomes.Count(o => o.VerdictName == n))).Where(c => c.Count > 0 || (c.n != ErrorVerdict && c.n != SkippedVerdict));
        int ran = outcomes.Count(o => o.Skipped is null);
        return $"{string.Join(", ", counts.Select(c => $"{c.Count} {c.n}"))}; {outcomes.Count(o => o.AsExpected)} of {ran} as expected"
            + (ran < outcomes.Count ? $" ({outcomes.Count - ran} skipped: {outcomes.First(o => o.Skipped is not null).Skipped})" : "");
    }

    /// <summary>The difference interval nearest to deciding against the prediction (the lowest
    /// lower end) of a comparison claim; null for a claim that states no difference test.</summary>
    public DifferenceResult? WeakestDifference => Result is { Differences.Count: > 0 } r ? r.Differences.MinBy(d => double.IsNaN(d.Interval.Lower) ? double.NegativeInfinity : d.Interval.Lower) : null;

    /// <summary>The summary cell of the difference: the weakest interval, with how many there are; "-" without one.</summary>
    public string DifferenceCell => WeakestDifference is not { } d ? "-"
        : Fmt.Interval(d.Interval) + (Result!.Differences.Count > 1 ? $" (lowest of {Result.Differences.Count})" : "");

    /// <summary>Headline figure, NaN when the claim threw.</summary>
    public double Measured => Result?.Measured ?? double.NaN;

    /// <summary>The largest two-sided bootstrap p of the claim's difference intervals (every seed and table
    /// must pass, so the claim's p is the weakest one's); NaN when it states no difference test.</summary>
    public double DifferenceP => Result is { Differences.Count: > 0 } r ? r.Differences.Max(d => d.Interval.PValue) : double.NaN;

    /// <summary>The claim's p in the family of claims that test a null or a difference: the larger of
    /// <see cref="NullP"/> and <see cref="DifferenceP"/> where it tests both (the verdict needs both, an
    /// intersection-union test), NaN where it tests neither (it is not in the family). Only what the definition
    /// states counts: a null that is reported but not asserted (C11's) leaves a claim out.</summary>
    public double FamilyP => (Claim.Null is null || double.IsNaN(NullP), Claim.Difference is null || double.IsNaN(DifferenceP)) switch
    {
        (true, true) => double.NaN,
        (false, true) => NullP,
        (true, false) => DifferenceP,
        _ => Math.Max(NullP, DifferenceP),
    };

    /// <summary>Holm-adjusted <see cref="FamilyP"/> of each outcome, in their order (NaN outside the family).</summary>
    public static double[] HolmP(IReadOnlyList<ClaimOutcome> outcomes) =>
        Theory.Metrics.HolmAdjustment.Adjust([.. outcomes.Select(o => o.FamilyP)]);

    /// <summary>PNG files of the artifacts, relative to the report folder (set when written).</summary>
    public IReadOnlyList<ArtifactFile> Figures { get; init; } = Array.Empty<ArtifactFile>();

    /// <summary>.npy files of the matrices, relative to the report folder (set when written).</summary>
    public IReadOnlyList<ArtifactFile> Matrices { get; init; } = Array.Empty<ArtifactFile>();

    /// <summary>Why the figures are missing, when the drawing library failed.</summary>
    public string? FigureError { get; init; }
}

/// <summary>A file written for an artifact: its title and path relative to the report.</summary>
internal sealed record ArtifactFile(string Title, string RelativePath);
