using System.Globalization;

namespace ProbSig.Verification.Claims;

/// <summary>What a run of a claim found (README "Verdicts").</summary>
public enum Verdict
{
    /// <summary>The null is beaten at the stated level, the premise holds, and every seed's
    /// headline lies inside the tolerance.</summary>
    Holds,
    /// <summary>The null is beaten and the premise holds, but no seed's headline lies inside
    /// the tolerance: the prediction is false at this scale.</summary>
    Refuted,
    /// <summary>The experiment cannot decide: its premise failed, the null was not beaten at
    /// the stated level, the headline is undefined, or the seeds disagree.</summary>
    Inconclusive,
}

/// <summary>The verdict of one run and the sentence that says why.</summary>
public sealed record Judgement(Verdict Verdict, string Reason)
{
    /// <summary>The verdict as the report prints it: HOLDS, REFUTED, INCONCLUSIVE.</summary>
    public static string Name(Verdict verdict) => verdict.ToString().ToUpperInvariant();

    /// <summary>
    /// Judges a measurement against the prediction its definition states, in this order: a
    /// failed premise, then a null not beaten at its level (the largest p over the seeds, so
    /// every seed must beat it), then an undefined headline, then the seeds against the
    /// tolerance (all inside: HOLDS; none: REFUTED; some: INCONCLUSIVE). The mean over seeds
    /// is the reported headline; the verdict asks every seed, as the statements do.
    /// </summary>
    /// <exception cref="InvalidOperationException">The definition states a null and the
    /// measurement returned none, or one with fewer permutations than stated.</exception>
    public static Judgement Of(ClaimDefinition claim, ClaimMeasurement m)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(m);
        var inv = CultureInfo.InvariantCulture;
        if (m.Premise is { Holds: false } premise)
            return new(Verdict.Inconclusive, $"premise failed: {premise.Statement} (measured {premise.Measured})");
        if (claim.Null is { } test)
        {
            var nulls = m.JudgedNulls;
            if (nulls.Count == 0)
                throw new InvalidOperationException($"{claim.Id} states a null ({test.What}) but its measurement returned no permutation test");
            if (nulls.FirstOrDefault(n => n.Permutations < test.Permutations) is { } few)
                throw new InvalidOperationException($"{claim.Id} states {test.Permutations} permutations but its null used {few.Permutations}");
            double worst = nulls.Max(n => n.PValue);
            if (!(worst <= test.Level))
                return new(Verdict.Inconclusive, string.Create(inv, $"null not beaten: p = {worst:G3} > {test.Level:G3} ({test.What})"));
        }
        int n = m.PerSeed.Count, undefined = m.PerSeed.Count(v => !double.IsFinite(v));
        if (n == 0 || undefined > 0)
            return new(Verdict.Inconclusive, $"headline undefined for {undefined} of {n} seeds");
        int inside = m.PerSeed.Count(claim.Tolerance.Holds);
        if (inside == n) return new(Verdict.Holds, $"every seed ({n}) inside {claim.Tolerance}");
        if (inside == 0) return new(Verdict.Refuted, $"no seed of {n} inside {claim.Tolerance}");
        return new(Verdict.Inconclusive, $"seeds disagree: {inside} of {n} inside {claim.Tolerance}");
    }
}
