using System.Globalization;

namespace ProbSig.Verification.Claims;

/// <summary>What a run of a claim found (README "Verdicts").</summary>
public enum Verdict
{
    /// <summary>The null is beaten at the stated level, the premise holds, and every seed's
    /// headline lies inside the tolerance.</summary>
    Holds,
    /// <summary>The null is beaten and the premise holds, but no seed's headline lies inside
    /// the tolerance, or a comparison's rival wins (every difference interval below 0): the
    /// prediction is false at this scale.</summary>
    Refuted,
    /// <summary>The experiment cannot decide: its premise failed, the null was not beaten at
    /// the stated level, the headline is undefined, a difference interval includes 0, or the
    /// seeds disagree.</summary>
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
    /// every seed must beat it), then an undefined headline, then, for a comparison, the
    /// difference intervals (all above 0 go on; all below 0: REFUTED; else INCONCLUSIVE), then
    /// the seeds against the tolerance (all inside: HOLDS; none: REFUTED; some: INCONCLUSIVE). The mean over seeds
    /// is the reported headline; the verdict asks every seed, as the statements do.
    /// </summary>
    /// <exception cref="InvalidOperationException">The definition states a null (or a difference
    /// test) and the measurement returned none, or one weaker than stated.</exception>
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
        if (claim.Difference is { } difference && Compared(claim, difference, m.Differences) is { } decided) return decided;
        int inside = m.PerSeed.Count(claim.Tolerance.Holds);
        string cleared = claim.Difference is null ? "" : "; every difference interval above 0";
        if (inside == n) return new(Verdict.Holds, $"every seed ({n}) inside {claim.Tolerance}{cleared}");
        if (inside == 0) return new(Verdict.Refuted, $"no seed of {n} inside {claim.Tolerance}{cleared}");
        return new(Verdict.Inconclusive, $"seeds disagree: {inside} of {n} inside {claim.Tolerance}{cleared}");
    }

    /// <summary>The verdict a difference test decides on its own: REFUTED when every interval lies
    /// below 0 (the rival wins), INCONCLUSIVE when any includes 0, is undefined, or the intervals
    /// point both ways; null when every interval lies above 0, and the tolerance then decides.</summary>
    private static Judgement? Compared(ClaimDefinition claim, DifferenceTest test, IReadOnlyList<DifferenceResult> intervals)
    {
        var inv = CultureInfo.InvariantCulture;
        if (intervals.Count == 0)
            throw new InvalidOperationException($"{claim.Id} states a difference test ({test.What}) but its measurement returned no interval");
        if (intervals.FirstOrDefault(d => d.Interval.Resamples < test.Resamples || Math.Abs(d.Interval.Level - test.Level) > 1e-12) is { } weak)
            throw new InvalidOperationException(string.Create(inv,
                $"{claim.Id} states a {test.Level:G3} interval over {test.Resamples} resamples but {weak.Name} (seed {weak.Seed}) used {weak.Interval.Level:G3} over {weak.Interval.Resamples}"));
        static string Show(DifferenceResult d) => string.Create(CultureInfo.InvariantCulture,
            $"{d.Name} seed {d.Seed}: {d.Interval.Estimate:F3} [{d.Interval.Lower:F3}, {d.Interval.Upper:F3}]");
        if (intervals.FirstOrDefault(d => !double.IsFinite(d.Interval.Lower) || !double.IsFinite(d.Interval.Upper)) is { } undefined)
            return new(Verdict.Inconclusive, $"difference interval undefined ({Show(undefined)})");
        if (intervals.All(d => d.Interval.Above(0))) return null;
        string level = string.Create(inv, $"{test.Level * 100:G3}%");
        if (intervals.All(d => d.Interval.Below(0)))
            return new(Verdict.Refuted, $"the rival wins: every {level} difference interval lies below 0 ({string.Join("; ", intervals.Select(Show))})");
        var open = intervals.Where(d => !d.Interval.Above(0)).ToArray();
        return new(Verdict.Inconclusive, $"difference not established: the {level} interval of {string.Join("; ", open.Select(Show))} "
            + (open.All(d => d.Interval.Below(0)) ? "lies below 0 while another lies above" : "includes 0"));
    }
}
