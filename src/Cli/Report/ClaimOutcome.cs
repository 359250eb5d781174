using ProbSig.Verification.Claims;

namespace ProbSig.Cli.Report;

/// <summary>
/// What running one claim gave: its result, or the error it threw (then it counts as
/// failed), plus the files its artifacts were written to.
/// </summary>
internal sealed record ClaimOutcome(ClaimDefinition Claim, ClaimResult? Result, string? Error, TimeSpan Elapsed)
{
    /// <summary>A claim holds only when it ran and its figure lies inside the tolerance.</summary>
    public bool Passed => Error is null && Result is { Passed: true };

    /// <summary>Headline figure, NaN when the claim threw.</summary>
    public double Measured => Result?.Measured ?? double.NaN;

    /// <summary>PNG files of the artifacts, relative to the report folder (set when written).</summary>
    public IReadOnlyList<ArtifactFile> Figures { get; init; } = Array.Empty<ArtifactFile>();

    /// <summary>.npy files of the matrices, relative to the report folder (set when written).</summary>
    public IReadOnlyList<ArtifactFile> Matrices { get; init; } = Array.Empty<ArtifactFile>();

    /// <summary>Why the figures are missing, when the drawing library failed.</summary>
    public string? FigureError { get; init; }
}

/// <summary>A file written for an artifact: its title and path relative to the report.</summary>
internal sealed record ArtifactFile(string Title, string RelativePath);
