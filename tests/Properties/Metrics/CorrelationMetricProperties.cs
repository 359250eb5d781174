using FsCheck;
using FsCheck.Fluent;
using NUnit.Framework;
using ProbSig.Theory.Metrics;
using ProbSig.Tests.Properties.Support;

namespace ProbSig.Tests.Properties.Metrics;

/// <summary>The pair correlations against the textbook definitions in
/// <see cref="Reference"/>, on continuous and on heavily tied similarities.</summary>
[TestFixture]
public sealed class CorrelationMetricProperties
{
    /// <summary>Both sides sum at most a few hundred (or, for Kendall, a few tens of
    /// thousands of exact integer) terms; they differ only by rounding.</summary>
    private const double AgreementTolerance = 1e-12;

    private static Gen<(CosineCase Observed, CosineCase Predicted, bool Tied)> Cases() =>
        from pair in SimilarityGen.Pair(maxTokens: 30)
        from tied in Gen.Elements(false, true)
        select (pair.Observed, pair.Predicted, tied);

    [Test]
    public void Pearson_AgreesWithTheDirectFormula() =>
        Check(new PearsonMetric(), Reference.Pearson);

    [Test]
    public void Spearman_EqualsPearsonOfAverageRanks_WithTies() =>
        Check(new SpearmanMetric(), Reference.Spearman);

    [Test]
    public void KendallTau_AgreesWithBruteForceTauB_WithTies() =>
        Check(new KendallTauMetric(), Reference.KendallTauB);

    private static void Check(ISimilarityMetric metric, Func<double[], double[], double> reference)
    {
        PropertyCheck.Run(Prop.ForAll(Cases().ToArbitrary(), t =>
        {
            var o = t.Tied ? t.Observed.Tied() : t.Observed.Cosine();
            var p = t.Tied ? t.Predicted.Tied() : t.Predicted.Cosine();
            var (x, y) = Reference.Pairs(o, p);
            double expected = reference(x, y), actual = metric.Measure(o, p);
            // A constant (fully tied) side leaves the correlation undefined in both.
            if (double.IsNaN(expected)) return double.IsNaN(actual);
            return Math.Abs(actual - expected) <= AgreementTolerance;
        }));
    }
}
