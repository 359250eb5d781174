using FsCheck;
using FsCheck.Fluent;
using MathNet.Numerics.LinearAlgebra;
using NUnit.Framework;
using ProbSig.Empirics.LanguageModels.Comparison;
using ProbSig.Empirics.Runtime;
using ProbSig.Tests.Properties.Support;
using ProbSig.Theory.Corpus;
using ProbSig.Theory.Geometry;
using ProbSig.Theory.Metrics;
using TorchSharp;

namespace ProbSig.Tests.Properties.Empirics.LanguageModels.Comparison;

/// <summary>
/// <see cref="TrainingCurve"/>, the one point of the agreement curve over training: rows whose
/// mean-centred cosine is the reference score Spearman 1 and precision 1, rows unrelated to it
/// lie inside the stratified null band, and every figure is the stratified
/// <see cref="PermutationNull.Compare(Matrix{double}, Matrix{double}, ComparisonOptions?, int[])"/>'s.
/// </summary>
[TestFixture]
public sealed class TrainingCurveProperties
{
    private static Matrix<double> Rows(Random rng, int n, int d) =>
        Matrix<double>.Build.Dense(n, d, (_, _) => rng.NextDouble() * 2 - 1);

    private static CorpusReference Reference(string name, Matrix<double> rows) => new(name, "test", RowCosine.MeanCentred(rows));

    private static Gen<(int N, int D, int Seed)> Shapes =>
        from n in Gen.Choose(20, 70)
        from d in Gen.Choose(3, 12)
        from seed in Gen.Choose(0, int.MaxValue)
        select (N: n, D: d, Seed: seed);

    [Test]
    public void RowsWhoseCosineIsTheReference_ScoreSpearmanOne_AndPrecisionOne_OnBothSides()
    {
        PropertyCheck.Run(Prop.ForAll(Shapes.ToArbitrary(), t =>
        {
            var rng = new Random(t.Seed);
            var e = Rows(rng, t.N, t.D);
            var u = Rows(rng, t.N, t.D);
            var curve = TrainingCurve.For(Enumerable.Range(0, t.N).ToArray(), Reference("next", e), Reference("previous", u));
            var p = curve.Measure(7, e, u);
            return p.Step == 7
                && Math.Abs(p.Embedding.Spearman - 1) < 1e-12 && Math.Abs(p.Unembedding.Spearman - 1) < 1e-12
                && p.Embedding.Precision == 1 && p.Unembedding.Precision == 1
                && p.Embedding.NullMean < 0.9 && p.Embedding.Tokens == t.N;
        }), cases: 30);
    }

    [Test]
    public void RowsUnrelatedToTheReference_LieInsideTheNullBand()
    {
        int outside = 0;
        const int Cases = 40;
        var rng = new Random(11);
        for (int c = 0; c < Cases; c++)
        {
            int n = 40 + rng.Next(40), d = 4 + rng.Next(8);
            var curve = TrainingCurve.For(Enumerable.Range(0, n).ToArray(), Reference("next", Rows(rng, n, d)), Reference("previous", Rows(rng, n, d)),
                TrainingCurve.DefaultOptions with { Seed = c });
            var p = curve.Measure(0, Rows(rng, n, d), Rows(rng, n, d));
            foreach (var side in new[] { p.Embedding, p.Unembedding })
            {
                Assert.That(side.NullSd, Is.GreaterThan(0));
                // 19 draws: the sd is itself a rough estimate, so the band is wide (t with 18 df).
                Assert.That(Math.Abs(side.Spearman - side.NullMean), Is.LessThan(6 * side.NullSd), $"case {c}");
                if (Math.Abs(side.Spearman - side.NullMean) > 2 * side.NullSd) outside++;
            }
        }
        // Outside mean +- 2 sd about 5% of the time (a little more with an estimated sd).
        Assert.That(outside, Is.LessThan(Cases * 2 * 0.2));
    }

    [Test]
    public void APoint_IsTheStratifiedComparisonOfTheMeanCentredCosine_WithNineteenDraws()
    {
        var rng = new Random(4);
        const int N = 50;
        var next = Reference("next", Rows(rng, N, 6));
        var previous = Reference("previous", Rows(rng, N, 6));
        // Rows that share some of the reference's structure.
        var e = Rows(rng, N, 6);
        var curve = TrainingCurve.For(Enumerable.Range(0, N).ToArray(), next, previous);
        Assert.That(curve.Options.Permutations, Is.EqualTo(19));
        Assert.That(curve.Options.KendallPermutations, Is.Zero);
        Assert.That(curve.Strata, Is.EqualTo(TokenStrata.ByRank(N, 16)));
        var p = curve.Measure(3, e, e);
        var direct = PermutationNull.Compare(RowCosine.MeanCentred(e), next.Cosine, curve.Options, TokenStrata.ByRank(N, 16));
        Assert.That(p.Embedding.Spearman, Is.EqualTo(direct["spearman"].Observed));
        Assert.That(p.Embedding.NullMean, Is.EqualTo(direct["spearman"].NullMean));
        Assert.That(p.Embedding.NullSd, Is.EqualTo(direct["spearman"].NullStd));
        Assert.That(p.Embedding.Precision, Is.EqualTo(direct["strong_pair_precision@0.01"].Observed));
        var other = PermutationNull.Compare(RowCosine.MeanCentred(e), previous.Cosine, curve.Options, TokenStrata.ByRank(N, 16));
        Assert.That(p.Unembedding.Spearman, Is.EqualTo(other["spearman"].Observed));
        Assert.That(p.Unembedding.NullMean, Is.EqualTo(other["spearman"].NullMean));
    }

    [Test]
    public void ACommonDirectionAddedToEveryRow_LeavesThePointUnchanged()
    {
        PropertyCheck.Run(Prop.ForAll(Shapes.ToArbitrary(), t =>
        {
            var rng = new Random(t.Seed);
            var curve = TrainingCurve.For(Enumerable.Range(0, t.N).ToArray(), Reference("next", Rows(rng, t.N, t.D)), Reference("previous", Rows(rng, t.N, t.D)));
            var e = Rows(rng, t.N, t.D);
            var u = Rows(rng, t.N, t.D);
            var shift = Vector<double>.Build.Dense(t.D, _ => 5 * rng.NextDouble());
            var shifted = Matrix<double>.Build.DenseOfRowVectors(Enumerable.Range(0, t.N).Select(i => e.Row(i) + shift));
            var a = curve.Measure(1, e, u);
            var b = curve.Measure(1, shifted, u);
            return Math.Abs(a.Embedding.Spearman - b.Embedding.Spearman) < 1e-9 && Math.Abs(a.Embedding.NullMean - b.Embedding.NullMean) < 1e-9
                && a.Unembedding == b.Unembedding;
        }), cases: 30);
    }

    [Test]
    public void FewerTokensThanStrata_TakeOneStratumPerToken_AndWeightTensorsGiveTheRowsPoint()
    {
        TorchRuntime.Initialise();
        var rng = new Random(8);
        var w = Rows(rng, 20, 5);
        int[] tokens = [13, 2, 7, 19, 0, 5, 11, 3, 8, 16];
        var selected = Matrix<double>.Build.DenseOfRowVectors(tokens.Select(t => w.Row(t)));
        var curve = TrainingCurve.For(tokens, Reference("next", selected), Reference("previous", Rows(rng, 10, 5)));
        Assert.That(curve.StrataCount, Is.EqualTo(10));
        using var weight = torch.tensor(w.ToArray());
        var fromTensor = curve.Measure(2, weight, weight);
        Assert.That(fromTensor, Is.EqualTo(curve.Measure(2, selected, selected)));
        Assert.That(fromTensor.Embedding.Spearman, Is.EqualTo(1).Within(1e-12));
    }

    [Test]
    public void RowsOfAnotherCount_AreRefused()
    {
        var rng = new Random(1);
        var curve = TrainingCurve.For(Enumerable.Range(0, 10).ToArray(), Reference("next", Rows(rng, 10, 3)), Reference("previous", Rows(rng, 10, 3)));
        Assert.That(() => curve.Measure(0, Rows(rng, 9, 3), Rows(rng, 10, 3)), Throws.ArgumentException.With.Message.Contains("9 embedding rows"));
        Assert.That(() => TrainingCurve.For([1, 2], Reference("next", Rows(rng, 2, 3)), Reference("previous", Rows(rng, 2, 3))), Throws.ArgumentException);
    }
}
