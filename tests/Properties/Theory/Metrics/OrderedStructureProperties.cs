using FsCheck;
using FsCheck.Fluent;
using MathNet.Numerics.LinearAlgebra;
using NUnit.Framework;
using ProbSig.Theory.Metrics;
using ProbSig.Tests.Properties.Support;

namespace ProbSig.Tests.Properties.Theory.Metrics;

[TestFixture]
public sealed class OrderedStructureProperties
{
    /// <summary>Points exactly on a line leave only rounding (relative 1e-16 per entry,
    /// squared in the variance of the other components) off PC1.</summary>
    private const double RoundingTolerance = 1e-9;

    /// <summary>Tokens with distinct values in shuffled order, embedded at
    /// offset + f(value) * direction for a strictly increasing f.</summary>
    private static Gen<(int Tokens, int Width, int Seed)> Lines() =>
        from n in Gen.Choose(3, 40)
        from d in Gen.Choose(1, 16)
        from seed in Gen.Choose(0, int.MaxValue)
        select (n, d, seed);

    [Test]
    public void OrderedStructure_OfEmbeddingsOnALineByValue_IsOne()
    {
        PropertyCheck.Run(Prop.ForAll(Lines().ToArbitrary(), t =>
        {
            var rng = new Random(t.Seed);
            // Distinct values, presented in a random row order.
            var values = SimilarityGen.Permutation(t.Tokens, t.Seed).Select(v => 3.0 * v - 7).ToArray();
            var direction = SimilarityGen.Gaussian(1, t.Width, rng).Row(0);
            var offset = SimilarityGen.Gaussian(1, t.Width, rng).Row(0);
            // A monotone but non-linear position along the line: only order should matter.
            var x = Matrix<double>.Build.DenseOfRowVectors(values.Select(v => offset + Math.Atan(v / 10.0) * direction));
            double rho = OrderedStructure.Pc1ValueSpearman(x, values);
            double explained = OrderedStructure.Pc1ExplainedVariance(x);
            return Math.Abs(rho - 1) <= RoundingTolerance && Math.Abs(explained - 1) <= RoundingTolerance;
        }));
    }

    [Test]
    public void Pc1ValueSpearman_OfMismatchedValues_ThrowsNamingValues()
    {
        var x = Matrix<double>.Build.Dense(4, 2, (i, j) => i + j);
        var e = Assert.Throws<ArgumentException>(() => OrderedStructure.Pc1ValueSpearman(x, [1.0, 2.0, 3.0]));
        Assert.That(e!.ParamName, Is.EqualTo("values"));
    }
}
