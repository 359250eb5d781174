using MathNet.Numerics.LinearAlgebra;
using NUnit.Framework;
using ProbSig.Theory.Geometry;

namespace ProbSig.Tests.Properties.Theory.Geometry;

/// <summary>GramMatrix against Math.NET's product on every edge shape (rows not a multiple of the
/// 4 x 2 tile, widths not a multiple of the vector), its stated summation order bit for bit across
/// blocks and column chunks, exact symmetry, and the same bits on every run.</summary>
[TestFixture]
public sealed class GramMatrixProperties
{
    private static Matrix<double> Random(int n, int d, int seed)
    {
        var rng = new Random(seed);
        return Matrix<double>.Build.Dense(n, d, (_, _) => 2 * rng.NextDouble() - 1);
    }

    [Test]
    public void EqualsTheProduct_OnEveryEdgeShape()
    {
        for (int n = 1; n <= 11; n++)
            for (int d = 1; d <= 11; d++)
            {
                var x = Random(n, d, 100 * n + d);
                var expected = x.TransposeAndMultiply(x);
                var g = GramMatrix.Of(x);
                Assert.That((g - expected).Enumerate().Max(Math.Abs), Is.LessThanOrEqualTo(1e-14 * d), $"{n} x {d}");
            }
    }

    [TestCase(257, 1025)]
    [TestCase(64, 3)]
    public void IsSymmetricAndTheSameOnEveryRun(int n, int d)
    {
        var x = Random(n, d, 7);
        var g = GramMatrix.Of(x);
        Assert.That(g, Is.EqualTo(g.Transpose()), "exactly symmetric");
        Assert.That(GramMatrix.Of(x).ToColumnMajorArray(), Is.EqualTo(g.ToColumnMajorArray()), "bit for bit on a second run (threads share rows, not entries)");
        Assert.That((g - x.TransposeAndMultiply(x)).Enumerate().Max(Math.Abs), Is.LessThan(1e-11));
    }

    [Test]
    public void OfRowMajor_IsOf_BitForBit_AndRejectsAWrongLength()
    {
        var x = Random(37, 13, 3);
        Assert.That(GramMatrix.OfRowMajor(x.ToRowMajorArray(), 37, 13), Is.EqualTo(GramMatrix.Of(x).ToColumnMajorArray()));
        Assert.That(Assert.Throws<ArgumentException>(() => GramMatrix.OfRowMajor(new double[10], 3, 4))!.ParamName, Is.EqualTo("rows"));
    }

    /// <summary>The order GramMatrix states, in scalar arithmetic: lane l sums x_ik x_jk over k = l mod 4
    /// in column order (below the last multiple of 4), the lanes are added 0, 1, 2, 3, then the last columns.</summary>
    private static double StatedOrder(Matrix<double> x, int i, int j)
    {
        int d = x.ColumnCount, end = d - d % 4;
        var lanes = new double[4];
        for (int k = 0; k < end; k++) lanes[k % 4] += x[i, k] * x[j, k];
        double sum = ((lanes[0] + lanes[1]) + lanes[2]) + lanes[3];
        for (int k = end; k < d; k++) sum += x[i, k] * x[j, k];
        return sum;
    }

    /// <summary>Shapes over several 64-row blocks and 256-column chunks, with partial blocks, tiles and lanes.</summary>
    [TestCase(150, 600)]
    [TestCase(131, 517)]
    [TestCase(65, 258)]
    [TestCase(7, 3)]
    public void FollowsItsStatedSummationOrder_BitForBit(int n, int d)
    {
        var x = Random(n, d, n + d);
        var g = GramMatrix.Of(x);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                Assert.That(g[i, j], Is.EqualTo(StatedOrder(x, Math.Min(i, j), Math.Max(i, j))), $"({i}, {j}) of {n} x {d}");
    }
}
