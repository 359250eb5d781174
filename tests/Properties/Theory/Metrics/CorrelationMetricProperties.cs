using FsCheck;
using FsCheck.Fluent;
using NUnit.Framework;
using ProbSig.Theory.Metrics;
using ProbSig.Tests.Properties.Support;

namespace ProbSig.Tests.Properties.Theory.Metrics;

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

    [Test]
    public void KendallTau_AgreesWithBruteForceTauB_OnThousandsOfTiedPairs()
    {
        // The merge-sort counting only shows its bookkeeping on long inputs with long tie
        // runs: 3000 values from 40 levels in x and 25 in y.
        const int Length = 3000;
        foreach (int seed in new[] { 3, 1_234_567, 987_654_321 })
        {
            var rng = new Random(seed);
            var x = new double[Length];
            var y = new double[Length];
            for (int i = 0; i < Length; i++)
            {
                x[i] = rng.Next(40);
                // Correlated with x so tau is far from 0 and sign errors would show.
                y[i] = Math.Round((x[i] + rng.Next(30)) / 3.0);
            }
            Assert.That(KendallTauMetric.TauB(x, y), Is.EqualTo(Reference.KendallTauB(x, y)).Within(AgreementTolerance), $"seed {seed}");
        }
    }

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
