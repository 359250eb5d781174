using ProbSig.Theory.Baselines;

namespace ProbSig.Verification.Claims.Linear;

/// <summary>
/// A signature against its rival baselines on one set of trained runs (C2, C5): the headline
/// is the Spearman partial correlation of observed and signature cosine given the first
/// baseline (what only the signature explains), judged against the null that shuffles the
/// signature only among pairs of equal baseline value; every baseline's plain Spearman is
/// reported beside the signature's.
/// </summary>
/// <param name="PartialPerSeed">The partial correlation given the conditioning baseline, per seed.</param>
/// <param name="Nulls">The stratified null of each seed.</param>
/// <param name="Baselines">Plain Spearman (mean over seeds) of the signature and of each baseline.</param>
/// <param name="Details">The partial correlation the other way (baseline given signature), its minimum over seeds, the strata.</param>
internal sealed record BaselineAgreement(double[] PartialPerSeed, PermutationResult[] Nulls,
    IReadOnlyDictionary<string, double> Baselines, IReadOnlyDictionary<string, double> Details)
{
    /// <summary>Name of the value-distance baseline, -|i - j| (keys) or -|y - y'| (classes).</summary>
    public const string ValueDistance = "value_distance";

    /// <summary>Name of the mass baseline, -|pi_i - pi_j| (token or class mass).</summary>
    public const string Mass = "mass";

    /// <summary>The value-distance and mass baselines of items with these values and masses.</summary>
    public static IReadOnlyList<(string Name, Matrix<double> Matrix)> Rivals(IReadOnlyList<double> values, IReadOnlyList<double> mass) =>
        [(ValueDistance, RivalBaselines.ValueDistance(values)), (Mass, RivalBaselines.MassDistance(mass))];

    /// <summary>Measures the signature against <paramref name="rivals"/>, conditioning on the first.</summary>
    /// <param name="observed">Observed cosine of each seed's run.</param>
    /// <param name="signature">The signature cosine over the same items.</param>
    /// <param name="rivals">Baselines over the same items; the first is conditioned on.</param>
    /// <param name="permutations">Draws of each seed's stratified null.</param>
    /// <param name="nullSeeds">Seed of each seed's null draws.</param>
    public static BaselineAgreement Measure(IReadOnlyList<Matrix<double>> observed, Matrix<double> signature,
        IReadOnlyList<(string Name, Matrix<double> Matrix)> rivals, int permutations, IReadOnlyList<int> nullSeeds)
    {
        var condition = rivals[0];
        var nulls = observed.Select((o, i) =>
        {
            var (x, y, z) = SimilarityMatrices.OffDiagonalTriples(o, signature, condition.Matrix);
            return StratifiedPermutationNull.Test($"partial_spearman_given_{condition.Name}", PartialRankCorrelation.Of, x, y, z, permutations, nullSeeds[i]);
        }).ToArray();
        var partial = nulls.Select(n => n.Observed).ToArray();

        var spearman = new SpearmanMetric();
        var baselines = new Dictionary<string, double> { [ClaimMeasurement.SignatureFigure] = Mean(observed.Select(o => spearman.Measure(o, signature))) };
        foreach (var (name, matrix) in rivals)
            baselines[name] = Mean(observed.Select(o => spearman.Measure(o, matrix)));

        var details = new Dictionary<string, double>
        {
            ["partial_min_over_seeds"] = partial.Min(),
            [$"partial_{condition.Name}_given_signature_mean"] = Mean(observed.Select(o => PartialRankCorrelation.Measure(o, condition.Matrix, signature))),
            [$"strata_of_{condition.Name}"] = StratifiedPermutationNull.Strata(SimilarityMatrices.OffDiagonalPairs(signature, condition.Matrix).Predicted).Count,
        };
        return new BaselineAgreement(partial, nulls, baselines, details);
    }
}
