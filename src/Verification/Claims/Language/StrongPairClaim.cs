using static ProbSig.Verification.Claims.Language.LanguageModelFigures;

namespace ProbSig.Verification.Claims.Language;

/// <summary>
/// C20: do the strongly similar pairs agree better than the overall correlation alone
/// implies? The untied embedding against the next-token signature: the observed
/// precision@1% over the expectation of a bivariate normal with the same Spearman
/// (<see cref="StrongPairExpectation.BivariateNormalPrecision"/>), which is what any
/// monotone relation of that strength with no special upper tail would give. A lift of the
/// top decile above 1 (the older check) holds for every positive relation; this ratio does
/// not. The unembedding against the previous-token signature is in the details.
/// </summary>
internal static class StrongPairClaim
{
    /// <summary>The strong-pair fraction (the paper's strong pairs: the top 1%).</summary>
    public const double Fraction = 0.01;

    /// <summary>Measures the claim over its seeds.</summary>
    public static ClaimMeasurement Measure(ClaimDefinition claim, ClaimContext context)
    {
        var figures = new LmSeedFigures();
        var details = figures.Details;
        foreach (int seed in claim.Seeds)
        {
            var lm = new LanguageModelSetting(context).ForSeed(seed);
            var (ratio, precision, expected, spearman) = Ratio(lm.Compare(tied: false, unembedding: false, "next"));
            bool isFirst = figures.First;
            var precisionNull = lm.Compare(false, false, "next")["strong_pair_precision"];
            figures.Add(ratio, precisionNull);
            details[$"ratio_seed{seed}"] = ratio;
            if (!isFirst) continue;
            details["precision1pct"] = precision;
            details["bivariate_normal_precision1pct"] = expected;
            details["spearman"] = spearman;
            details["precision1pct_null_mean"] = precisionNull.NullMean;
            details["precision1pct_p"] = precisionNull.PValue;
            var (uRatio, uPrecision, uExpected, uSpearman) = Ratio(lm.Compare(false, unembedding: true, "previous"));
            details["unembedding_ratio"] = uRatio;
            details["unembedding_precision1pct"] = uPrecision;
            details["unembedding_bivariate_normal_precision1pct"] = uExpected;
            details["unembedding_spearman"] = uSpearman;
            figures.Finding = $"seed {seed}: precision@1% {F(details["precision1pct"])} against {F(details["bivariate_normal_precision1pct"])} for a bivariate normal "
                + $"with the same Spearman {F(details["spearman"])} (ratio {F(ratio)}; frequency-stratified null of the precision {F(precisionNull.NullMean)}, p = {precisionNull.PValue:G3}); "
                + $"unembedding vs previous-token signature: {F(details["unembedding_precision1pct"])} against {F(details["unembedding_bivariate_normal_precision1pct"])} (ratio {F(details["unembedding_ratio"])}).";
        }
        return figures.Measurement();
    }

    private static (double Ratio, double Precision, double Expected, double Spearman) Ratio(StructureComparison c)
    {
        double spearman = c["spearman"].Observed, precision = c["strong_pair_precision"].Observed;
        double expected = StrongPairExpectation.BivariateNormalPrecision(spearman, Fraction);
        return (precision / expected, precision, expected, spearman);
    }
}
