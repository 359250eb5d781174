using MathNet.Numerics.LinearAlgebra;
using NUnit.Framework;
using ProbSig.Empirics.Decompositions;
using ProbSig.Empirics.LanguageModels.Comparison;
using ProbSig.Empirics.Runtime;
using ProbSig.Theory.Corpus;
using ProbSig.Theory.Decompositions;
using ProbSig.Theory.Geometry;
using TorchSharp;

namespace ProbSig.Tests.Properties.Empirics.LanguageModels.Comparison;

[TestFixture]
public sealed class ReferenceTests
{
    [OneTimeSetUp]
    public void Initialise() => TorchRuntime.Initialise();

    /// <summary>A Markov-ish corpus of 40 token types with enough structure for a PPMI spectrum.</summary>
    private static CorpusCounts Counts(int window = 2)
    {
        var rng = new Random(9);
        var docs = Enumerable.Range(0, 60).Select(_ =>
        {
            var doc = new int[200];
            doc[0] = rng.Next(40);
            for (int t = 1; t < doc.Length; t++) doc[t] = rng.NextDouble() < 0.6 ? (doc[t - 1] * 7 + 3) % 40 : rng.Next(40);
            return doc;
        });
        return CorpusCounts.Count(docs, 40, window, "test");
    }

    [Test]
    public void PpmiSvdRival_WithTheTorchSolver_AgreesWithTheManagedExactSolver()
    {
        var counts = Counts();
        var tokens = TopTokens.Select(counts, 30);
        var ppmi = Ppmi.Compute(counts, tokens);
        var managed = PpmiSvd.Compute(ppmi, ExactSvdSolver.Instance, 8);
        var torchSolved = PpmiSvd.Compute(ppmi, TorchSvdSolver.Instance, 8);
        for (int k = 0; k < 8; k++)
            Assert.That(torchSolved.SingularValues[k], Is.EqualTo(managed.SingularValues[k]).Within(1e-12 * managed.SingularValues[0]), $"s_{k}");
        Assert.That((torchSolved.Cosine() - managed.Cosine()).Enumerate().Where(double.IsFinite).Max(Math.Abs), Is.LessThan(1e-9));
        // The rival of `lm compare` and the claims is the libtorch-solved PpmiSvd, bit for bit.
        var rival = CorpusReference.PpmiSvdRival(counts, tokens, 8);
        Assert.That(rival.Cosine.ToColumnMajorArray(), Is.EqualTo(torchSolved.Cosine().ToColumnMajorArray()));
    }

    [Test]
    public void MatchedRivals_EachRankAndWeight_IsASeparateComputation_OnEverySide()
    {
        var counts = Counts();
        var tokens = TopTokens.Select(counts, 30);
        foreach (var sides in new[] { ContextSides.Next, ContextSides.Previous, ContextSides.Both })
        {
            var context = new PpmiContext(sides, WindowWeights.Uniform(1));
            // 64 is capped at N = 30; the one SVD is taken at rank 30.
            var sweep = CorpusReference.MatchedPpmiSvdRivals(counts, tokens, context, [4, 8, 64], [0, 1]);
            var expected = new[] { 4, 8, 30 }.SelectMany(k => new[] { (k, 0.0), (k, 1.0) }).ToArray();
            string side = sides.ToString().ToLowerInvariant();
            Assert.That(sweep.Select(r => r.Name), Is.EqualTo(expected.Select(e => $"ppmi_svd_{side}_r{e.k}_p{e.Item2}")));
            var ppmi = Ppmi.Compute(counts, tokens, context);
            foreach (var (reference, (k, p)) in sweep.Zip(expected))
            {
                var separate = PpmiSvd.Compute(ppmi, TorchSvdSolver.Instance, k, p).CentredCosine();
                Assert.That((reference.Cosine - separate).Enumerate().Where(double.IsFinite).Max(Math.Abs), Is.LessThan(1e-12), reference.Name);
                Assert.That(reference.Description, Does.Contain("smoothing 0.75").And.Contain($"rank {k} ").And.Contain($"U S^{p}")
                    .And.Contain(context.Description).And.Contain("centred"), reference.Name);
            }
        }
        Assert.That(CorpusReference.MatchedPpmiSvdRivals(counts, tokens, PpmiContext.Offset1(SignatureSide.Next)).Select(r => r.Name),
            Is.EqualTo(new[] { 2, 4, 8, 16, 30 }.SelectMany(k => new[] { "0", "0.5", "1" }.Select(p => $"ppmi_svd_next_r{k}_p{p}"))));
        Assert.Throws<ArgumentOutOfRangeException>(() => CorpusReference.MatchedPpmiSvdRivals(counts, tokens, PpmiContext.Offset1(SignatureSide.Next), [4], [double.NaN]));
    }

    [Test]
    public void WeightRows_AreTheChosenRowsInFloat64_AndTheirMeanCentredCosineIsTheDirectOne()
    {
        var rng = new Random(2);
        var w = new double[12, 5];
        for (int i = 0; i < 12; i++) for (int k = 0; k < 5; k++) w[i, k] = rng.NextDouble() - 0.3;
        using var weight = torch.tensor(w).to(torch.ScalarType.Float32);
        int[] ids = [7, 2, 9, 0, 11];
        var rows = WeightRows.Select(weight, ids);
        for (int i = 0; i < ids.Length; i++)
            for (int k = 0; k < 5; k++)
                Assert.That(rows[i, k], Is.EqualTo((double)(float)w[ids[i], k]), $"row {i}, column {k}");
        var centred = rows.Clone();
        var mean = rows.ColumnSums() / ids.Length;
        for (int i = 0; i < ids.Length; i++) centred.SetRow(i, rows.Row(i) - mean);
        var cos = RowCosine.MeanCentred(rows);
        for (int i = 0; i < ids.Length; i++)
            for (int j = 0; j < ids.Length; j++)
            {
                double expected = i == j ? 1 : centred.Row(i).DotProduct(centred.Row(j)) / (centred.Row(i).L2Norm() * centred.Row(j).L2Norm());
                Assert.That(cos[i, j], Is.EqualTo(expected).Within(1e-12), $"({i}, {j})");
            }
    }

    [Test]
    public void WeightRows_IdOutsideTheWeight_NamesIt()
    {
        using var weight = torch.zeros(4, 3);
        var e = Assert.Throws<ArgumentException>(() => WeightRows.Select(weight, [1, 4]));
        Assert.That(e!.Message, Does.Contain("token id 4").And.Contain("4 rows"));
    }

    [Test]
    public void LmComparison_References_AreNextPreviousBothWindowedAndRival_WithBothTheMeanOfTheTwo()
    {
        var counts = Counts(window: 3);
        var tokens = TopTokens.Select(counts, 25);
        var refs = LmComparison.References(counts, tokens, new LmComparisonOptions { Window = WindowWeights.Uniform(3), PpmiRank = 6 });
        Assert.That(refs.Select(r => r.Name), Is.EqualTo(new[] { "next", "previous", "next+previous", "next_w3", "previous_w3", "next_w3+previous_w3", "ppmi_svd" }));
        var both = refs[2].Cosine;
        Assert.That((both - (refs[0].Cosine + refs[1].Cosine) / 2).Enumerate().Where(double.IsFinite).Max(Math.Abs), Is.LessThan(1e-15));
        var expectedNext = CorpusSignatureSimilarity.Centred(CorpusSignatures.Compute(counts, SignatureSide.Next, tokens, WindowWeights.Uniform(1)));
        Assert.That((refs[0].Cosine - expectedNext).Enumerate().Where(double.IsFinite).Max(Math.Abs), Is.EqualTo(0));
    }

    [Test]
    public void LmComparison_TiedModel_ComparedOnceAsEmbedding()
    {
        var counts = Counts();
        var tokens = TopTokens.Select(counts, 20);
        using var weight = torch.randn(40, 6, generator: new torch.Generator(4));
        var result = LmComparison.Compare(weight, weight, tied: true, counts, tokens,
            new LmComparisonOptions { Comparison = new() { Permutations = 5, KendallPermutations = 1 }, PpmiRank = 4 });
        Assert.That(result.Rows.Select(r => r.Side).Distinct(), Is.EqualTo(new[] { "embedding" }));
        Assert.That(result.Rows.Count, Is.EqualTo(4));
    }
}
