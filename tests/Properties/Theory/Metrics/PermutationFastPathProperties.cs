using System.Diagnostics;
using MathNet.Numerics.LinearAlgebra;
using NUnit.Framework;
using ProbSig.Theory.Metrics;

namespace ProbSig.Tests.Properties.Theory.Metrics;

/// <summary>
/// The permutation engine's fast path (<see cref="PermutationTables"/>,
/// <see cref="PermutationNull.Compare(MathNet.Numerics.LinearAlgebra.Matrix{double}, MathNet.Numerics.LinearAlgebra.Matrix{double}, ComparisonOptions?, int[])"/>) gives the generic path's values: draw by draw
/// against each metric on the permuted matrix, and summarised against
/// <see cref="PermutationNull.Test"/> on the same draws, ties included.
/// </summary>
[TestFixture]
public sealed class PermutationFastPathProperties
{
    /// <summary>The two paths sum in different orders (dot products of standardised pair
    /// vectors against MathNet's running moments; HKH's entries accumulated by row against
    /// by element): a few hundred pairs of values at most 1 differ by about 1e-15.</summary>
    private const double PathTolerance = 1e-12;

    /// <summary>A symmetric similarity matrix: cosines of random rows, optionally rounded so
    /// that many pair values tie (as float32 or quantised cosines do).</summary>
    private static Matrix<double> Cosines(int n, int d, int seed, double shift = 0, Matrix<double>? mixWith = null, int decimals = -1)
    {
        var rng = new Random(seed);
        var x = Matrix<double>.Build.Dense(n, d, (_, _) => rng.NextDouble() - 0.5 + shift);
        x = x.NormalizeRows(2.0);
        var c = x.TransposeAndMultiply(x);
        for (int i = 0; i < n; i++) c[i, i] = 1;
        if (mixWith is not null) c = 0.5 * c + 0.5 * mixWith;
        if (decimals >= 0) c = c.Map(v => Math.Round(v, decimals));
        return c;
    }

    [TestCase(17, 4, -1)]
    [TestCase(40, 6, 1)]   // heavy ties: rounded to one decimal
    [TestCase(33, 3, 2)]
    public void FastPath_EveryDraw_EqualsTheGenericMetricOfThePermutedMatrix(int n, int d, int decimals)
    {
        var observed = Cosines(n, d, seed: n, shift: 0.1, decimals: decimals);
        var predicted = Cosines(n, d, seed: n + 1, mixWith: observed, decimals: decimals);
        var options = new ComparisonOptions { KnnK = 4, StrongPairFraction = 0.05, Bins = 10 };
        var tables = new PermutationTables(observed, predicted, options);
        var draws = PermutationNull.Draws(n, 30, seed: 7).Prepend(Enumerable.Range(0, n).ToArray());
        int covered = 0;
        foreach (var perm in draws)
        {
            var permuted = SimilarityMatrices.Permute(predicted, perm);
            var fast = tables.Score(perm);
            foreach (var metric in options.Metrics)
            {
                if (MetricScores.Selector(metric) is not { } score) continue;
                Assert.That(score(fast), Is.EqualTo(metric.Measure(observed, permuted)).Within(PathTolerance), metric.Name);
                covered++;
            }
            // A renamed prediction has the same values, so the same cut points and bin sizes.
            Assert.That(fast.BinMeans, Is.EqualTo(AgreementCurve.Compute(observed, permuted, options.Bins).MeanObserved).Within(PathTolerance), "bin means");
        }
        Assert.That(covered, Is.EqualTo(31 * 5), "every MetricSet metric but Kendall's tau has a table");
    }

    /// <summary>The predicted half built once and shared by several observed matrices (a
    /// training curve against one signature) gives the tables of each pair, bit for bit.</summary>
    [TestCase(17, 4, -1)]
    [TestCase(40, 6, 1)]
    public void SharedPredictedHalf_ScoresEveryDrawAsTheTablesOfBothMatrices(int n, int d, int decimals)
    {
        var predicted = Cosines(n, d, seed: n + 1, decimals: decimals);
        var options = new ComparisonOptions { KnnK = 4, StrongPairFraction = 0.05, Bins = 10 };
        var half = new PermutationTables.Predicted(predicted, options);
        foreach (int seed in new[] { 3, 4, 5 })
        {
            var observed = Cosines(n, d, seed: seed, shift: 0.1, mixWith: predicted, decimals: decimals);
            var shared = new PermutationTables(observed, half);
            var own = new PermutationTables(observed, predicted, options);
            foreach (var perm in PermutationNull.Draws(n, 10, seed).Prepend(Enumerable.Range(0, n).ToArray()))
            {
                var (a, b) = (shared.Score(perm), own.Score(perm));
                Assert.That(a with { BinMeans = Array.Empty<double>() }, Is.EqualTo(b with { BinMeans = Array.Empty<double>() }));
                Assert.That(a.BinMeans, Is.EqualTo(b.BinMeans));
            }
        }
        Assert.That(() => new PermutationTables(Cosines(n + 1, d, seed: 1), half), Throws.ArgumentException.With.Message.Contains($"{n + 1} tokens"));
    }

    [TestCase(17, 4, -1)]
    [TestCase(40, 6, 1)]
    [TestCase(33, 3, 2)]
    public void FastPath_EveryMetricAndNull_EqualsTheGenericPath(int n, int d, int decimals)
    {
        var observed = Cosines(n, d, seed: n, shift: 0.1, decimals: decimals);
        var predicted = Cosines(n, d, seed: n + 1, mixWith: observed, decimals: decimals);
        var options = new ComparisonOptions { Permutations = 30, KendallPermutations = 30, KnnK = 4, StrongPairFraction = 0.05, Seed = 7 };
        var fast = PermutationNull.Compare(observed, predicted, options);
        Assert.That(fast.Metrics.Select(m => m.Metric), Is.EqualTo(MetricSet.Default(options.KnnK, options.StrongPairFraction).Select(m => m.Name)));
        foreach (var (metric, result) in options.Metrics.Zip(fast.Metrics))
        {
            var reference = PermutationNull.Test(metric, observed, predicted, options.Permutations, options.Seed);
            Assert.That(result.Observed, Is.EqualTo(reference.Observed).Within(PathTolerance), metric.Name + " observed");
            Assert.That(result.NullMean, Is.EqualTo(reference.NullMean).Within(PathTolerance), metric.Name + " null mean");
            Assert.That(result.NullStd, Is.EqualTo(reference.NullStd).Within(PathTolerance), metric.Name + " null sd");
            Assert.That(result.PValue, Is.EqualTo(reference.PValue), metric.Name + " p");
            Assert.That(result.Permutations, Is.EqualTo(options.Permutations), metric.Name + " draws");
        }
    }

    [Test]
    public void KendallNull_TakesTheFirstDrawsOfTheSameSequence()
    {
        int n = 15;
        var observed = Cosines(n, 3, seed: 1);
        var predicted = Cosines(n, 3, seed: 2, mixWith: observed);
        var fast = PermutationNull.Compare(observed, predicted, new ComparisonOptions { Permutations = 20, KendallPermutations = 6, Seed = 3 });
        var reference = PermutationNull.Test(new KendallTauMetric(), observed, predicted, 6, seed: 3);
        Assert.That(fast["kendall_tau"], Is.EqualTo(reference));
        Assert.That(fast["spearman"].Permutations, Is.EqualTo(20));
    }

    [Test]
    public void NoKendallDraws_GiveAnUntestedKendallTau()
    {
        var observed = Cosines(10, 3, seed: 1);
        var predicted = Cosines(10, 3, seed: 2, mixWith: observed);
        var kendall = PermutationNull.Compare(observed, predicted, new ComparisonOptions { Permutations = 4, KendallPermutations = 0 })["kendall_tau"];
        Assert.That(kendall.Observed, Is.EqualTo(new KendallTauMetric().Measure(observed, predicted)));
        Assert.That(double.IsNaN(kendall.PValue) && double.IsNaN(kendall.NullMean) && kendall.Permutations == 0, Is.True, kendall.ToString());
    }

    [Test]
    public void AgreementCurve_AndItsNull_EqualTheoryCurveOfEachPermutation()
    {
        int n = 25;
        var observed = Cosines(n, 5, seed: 3, decimals: 1);
        var predicted = Cosines(n, 5, seed: 4, mixWith: observed, decimals: 1);
        var options = new ComparisonOptions { Permutations = 12, KendallPermutations = 0, Bins = 10, Seed = 11 };
        var fast = PermutationNull.Compare(observed, predicted, options).Curve;
        var curve = AgreementCurve.Compute(observed, predicted, options.Bins);
        Assert.That(fast.Curve.MeanObserved, Is.EqualTo(curve.MeanObserved).Within(PathTolerance));
        Assert.That(fast.Curve.BinLowerEdges, Is.EqualTo(curve.BinLowerEdges));
        Assert.That(fast.Curve.Counts, Is.EqualTo(curve.Counts));
        var perms = PermutationNull.Draws(n, options.Permutations, options.Seed);
        int bins = curve.MeanObserved.Length;
        for (int b = 0; b < bins; b++)
        {
            // A renamed prediction keeps its bins; the pairs falling in them change.
            var draws = perms.Select(pi => AgreementCurve.Compute(observed, SimilarityMatrices.Permute(predicted, pi), options.Bins).MeanObserved[b]).ToArray();
            Assert.That(fast.NullMean[b], Is.EqualTo(draws.Average()).Within(PathTolerance), $"bin {b}");
        }
        Assert.That(fast.TopBin.Observed, Is.EqualTo(curve.MeanObserved[^1]).Within(PathTolerance));
    }

    [Test]
    public void UndefinedTokens_AreDroppedAndCounted()
    {
        var observed = Cosines(12, 3, seed: 1);
        var predicted = Cosines(12, 3, seed: 2, mixWith: observed);
        for (int j = 0; j < 12; j++) { predicted[4, j] = double.NaN; predicted[j, 4] = double.NaN; }
        var r = PermutationNull.Compare(observed, predicted, new ComparisonOptions { Permutations = 5, KendallPermutations = 2, KnnK = 3 });
        Assert.That(r.Tokens, Is.EqualTo(11));
        Assert.That(r.Dropped, Is.EqualTo(1));
        Assert.That(r.KeptIndices, Does.Not.Contain(4));
    }

    [Test]
    public void Tables_RejectAnUndefinedEntryAndANonPermutation_NamingTheInput()
    {
        var observed = Cosines(6, 3, seed: 1);
        var predicted = Cosines(6, 3, seed: 2);
        predicted[1, 2] = double.NaN;
        var e = Assert.Throws<ArgumentException>(() => _ = new PermutationTables(observed, predicted, new ComparisonOptions()));
        Assert.That(e!.ParamName, Is.EqualTo("predicted"));
        Assert.That(e.Message, Does.Contain("predicted[1, 2]"));
        var tables = new PermutationTables(observed, observed, new ComparisonOptions());
        var bad = Assert.Throws<ArgumentException>(() => tables.Score([0, 1, 2, 3, 3, 5]));
        Assert.That(bad!.ParamName, Is.EqualTo("perm"));
        Assert.That(Assert.Throws<ArgumentException>(() => tables.Score([0, 1, 2]))!.Message, Does.Contain("3 entries").And.Contain("6 tokens"));
    }

    [Test]
    public void Draws_AreSequentialFisherYatesShufflesOfTheIdentity_AndAShorterSequenceIsAPrefix()
    {
        const int N = 9, Seed = 42;
        var rng = new Random(Seed);
        var expected = Enumerable.Range(0, 5).Select(_ =>
        {
            var perm = Enumerable.Range(0, N).ToArray();
            for (int i = N - 1; i > 0; i--)
            {
                int j = rng.Next(i + 1);
                (perm[i], perm[j]) = (perm[j], perm[i]);
            }
            return perm;
        }).ToArray();
        Assert.That(PermutationNull.Draws(N, 5, Seed), Is.EqualTo(expected));
        Assert.That(PermutationNull.Draws(N, 12, Seed).Take(5), Is.EqualTo(expected));
    }

    [Test]
    public void AtTwoThousandTokens_TwentyDrawsTakeWellUnderAMinute()
    {
        int n = 2048;
        var observed = Cosines(n, 16, seed: 5);
        var predicted = Cosines(n, 16, seed: 6, mixWith: observed);
        var clock = Stopwatch.StartNew();
        PermutationNull.Compare(observed, predicted, new ComparisonOptions { Permutations = 1, KendallPermutations = 0 });
        TestContext.Out.WriteLine($"setup and one draw: {clock.Elapsed.TotalSeconds:F1} s");
        clock.Restart();
        var r = PermutationNull.Compare(observed, predicted, new ComparisonOptions { Permutations = 20, KendallPermutations = 1 });
        TestContext.Out.WriteLine($"2048 tokens, 20 draws + 1 Kendall draw: {clock.Elapsed.TotalSeconds:F1} s; spearman {r["spearman"].Observed:F3} p {r["spearman"].PValue:G3}");
        Assert.That(r["spearman"].PValue, Is.EqualTo(1.0 / 21));
        Assert.That(clock.Elapsed.TotalSeconds, Is.LessThan(60));
    }
}
