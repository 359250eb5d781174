using System.Globalization;

namespace ProbSig.Verification.Claims;

/// <summary>
/// The numbers a claim's result reports, each under a stable name: what a regression
/// snapshot keeps and compares. Names follow claims.json's keys ("measured",
/// "per_seed[3]", "null.mean", "null.p_value", "details.NAME") so a reader can find a
/// figure in either place.
/// </summary>
public static class ClaimFigureList
{
    /// <summary>Prefix of the named details (<see cref="ClaimMeasurement.Details"/>).</summary>
    public const string DetailPrefix = "details.";

    /// <summary>Prefix of the rival baselines' figures (<see cref="ClaimMeasurement.Baselines"/>).</summary>
    public const string BaselinePrefix = "baselines.";

    /// <summary>The headline, the per-seed figures (by seed), the null's mean, standard
    /// deviation and p-value where there is a null, the baselines, and every named detail, in that order.
    /// Timings (<see cref="ClaimMeasurement.Timings"/>) are not figures: they say how busy the
    /// machine was, not what the claim found.</summary>
    public static IReadOnlyList<KeyValuePair<string, double>> Of(ClaimResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var figures = new List<KeyValuePair<string, double>> { new("measured", result.Measured) };
        var seeds = result.Claim.Seeds;
        for (int i = 0; i < result.PerSeed.Count; i++)
        {
            // Named by the seed itself, so that a claim's seed list can grow without renaming.
            var seed = i < seeds.Count ? seeds[i].ToString(CultureInfo.InvariantCulture) : "#" + i.ToString(CultureInfo.InvariantCulture);
            figures.Add(new($"per_seed[{seed}]", result.PerSeed[i]));
        }
        if (result.Null is { } n)
        {
            figures.Add(new("null.mean", n.NullMean));
            figures.Add(new("null.sd", n.NullStd));
            figures.Add(new("null.p_value", n.PValue));
        }
        foreach (var (name, value) in result.Baselines)
            figures.Add(new(BaselinePrefix + name, value));
        foreach (var (name, value) in result.Details)
            figures.Add(new(DetailPrefix + name, value));
        return figures;
    }

}
