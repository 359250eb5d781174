using FsCheck;
using FsCheck.Fluent;
using MathNet.Numerics.LinearAlgebra;
using NUnit.Framework;
using ProbSig.Theory.Metrics;
using ProbSig.Tests.Properties.Support;

namespace ProbSig.Tests.Properties.Theory.Metrics;

/// <summary>
/// The top-set cut-off of the strong-pair and kNN metrics is found by selection, not by a
/// sort: the metrics equal the same sets chosen at a sorted array's cut-off, ties and all
/// (few distinct values, a run of equal values at the cut-off, negative zeros).
/// </summary>
[TestFixture]
public sealed class TopSetSelectionProperties
{
    /// <summary>A symmetric matrix of values from a few levels (heavy ties) or from the line.</summary>
    private static Matrix<double> Values(int n, int levels, Random rng)
    {
        var m = Matrix<double>.Build.Dense(n, n);
        for (int i = 0; i < n; i++)
            for (int j = i; j < n; j++)
            {
                double v = levels > 0 ? (rng.Next(levels) - levels / 2) / (double)levels : rng.NextDouble() * 2 - 1;
                if (v == 0 && rng.Next(2) == 0) v = -0.0;
                m[i, j] = m[j, i] = i == j ? 1 : v;
            }
        return m;
    }

    /// <summary>The values at least the count-th largest, the cut-off read from a sorted copy.</summary>
    private static HashSet<int> SortedTop(double[] values, int count)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        double cutoff = sorted[^count];
        return Enumerable.Range(0, values.Length).Where(i => values[i] >= cutoff).ToHashSet();
    }

    private static double Overlap(HashSet<int> a, HashSet<int> b) => (double)a.Count(b.Contains) / Math.Max(a.Count, b.Count);

    private static Gen<(int N, int Levels, double Q, int K, int Seed)> Cases =>
        from n in Gen.Choose(3, 40)
        from levels in Gen.Elements(0, 2, 3, 5, 9)
        from q in Gen.Elements(0.01, 0.05, 0.3, 0.5, 1.0)
        from k in Gen.Choose(1, 12)
        from seed in Gen.Choose(0, int.MaxValue)
        select (N: n, Levels: levels, Q: q, K: k, Seed: seed);

    [Test]
    public void StrongPairPrecision_IsTheOverlapOfTheSortedTopSets()
    {
        PropertyCheck.Run(Prop.ForAll(Cases.ToArbitrary(), t =>
        {
            var rng = new Random(t.Seed);
            var (o, p) = (Values(t.N, t.Levels, rng), Values(t.N, t.Levels, rng));
            var (po, pp) = SimilarityMatrices.OffDiagonalPairs(o, p);
            int count = Math.Clamp((int)Math.Floor(t.Q * po.Length + 1e-9), 1, po.Length);
            return new StrongPairPrecisionMetric(t.Q).Measure(o, p) == Overlap(SortedTop(po, count), SortedTop(pp, count));
        }));
    }

    [Test]
    public void KnnOverlap_IsTheMeanOverlapOfTheSortedNeighbourSets()
    {
        PropertyCheck.Run(Prop.ForAll(Cases.ToArbitrary(), t =>
        {
            var rng = new Random(t.Seed);
            var o = TieSnapping.Snapped(Values(t.N, t.Levels, rng));
            var p = TieSnapping.Snapped(Values(t.N, t.Levels, rng));
            int k = Math.Min(t.K, t.N - 1);
            double sum = 0;
            for (int i = 0; i < t.N; i++)
            {
                var others = Enumerable.Range(0, t.N).Where(j => j != i).ToArray();
                sum += Overlap(SortedTop(others.Select(j => o[i, j]).ToArray(), k), SortedTop(others.Select(j => p[i, j]).ToArray(), k));
            }
            return Math.Abs(new KnnOverlapMetric(t.K).Measure(o, p) - sum / t.N) < 1e-15;
        }));
    }
}
