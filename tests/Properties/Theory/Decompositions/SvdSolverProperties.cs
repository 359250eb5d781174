using FsCheck;
using FsCheck.Fluent;
using MathNet.Numerics.LinearAlgebra;
using NUnit.Framework;
using ProbSig.Tests.Properties.Support;
using ProbSig.Theory.Decompositions;

namespace ProbSig.Tests.Properties.Theory.Decompositions;

/// <summary>What every <see cref="SvdSolver"/> must give: the leading k singular values,
/// descending, and orthonormal left vectors with |M^T u_k| = s_k.</summary>
[TestFixture]
public sealed class SvdSolverProperties
{
    /// <summary>Matrices of at most 12 x 12 entries in [-1, 1]: a dense SVD is accurate to a few ulps of s_1.</summary>
    private const double Exact = 1e-10;

    private static Gen<(int Rows, int Columns, int Rank, int Seed)> Cases() =>
        from m in Gen.Choose(1, 12)
        from n in Gen.Choose(1, 12)
        from k in Gen.Choose(1, Math.Min(m, n))
        from seed in Gen.Choose(0, int.MaxValue)
        select (m, n, k, seed);

    [Test]
    public void ExactSolver_GivesDescendingValues_OrthonormalLeftVectors_AndMTransposeUEqualsS()
    {
        PropertyCheck.Run(Prop.ForAll(Cases().ToArbitrary(), c =>
        {
            var rng = new Random(c.Seed);
            var m = Matrix<double>.Build.Dense(c.Rows, c.Columns, (_, _) => 2 * rng.NextDouble() - 1);
            var modes = ExactSvdSolver.Instance.Leading(m, c.Rank);
            string at = $"{c.Rows} x {c.Columns}, rank {c.Rank}, seed {c.Seed}";
            Assert.That(modes.Values, Has.Count.EqualTo(c.Rank), at);
            for (int k = 1; k < c.Rank; k++) Assert.That(modes.Values[k], Is.LessThanOrEqualTo(modes.Values[k - 1]), at);
            var gram = modes.Left.TransposeThisAndMultiply(modes.Left);
            Assert.That((gram - Matrix<double>.Build.DenseIdentity(c.Rank)).Enumerate().Max(Math.Abs), Is.LessThan(Exact), at + ": U^T U");
            var projected = m.TransposeThisAndMultiply(modes.Left);    // column k is s_k v_k
            for (int k = 0; k < c.Rank; k++)
                Assert.That(projected.Column(k).L2Norm(), Is.EqualTo(modes.Values[k]).Within(Exact), at + $": |M^T u_{k}|");
            // The values are M's leading singular values.
            var all = m.Svd(false).S;
            for (int k = 0; k < c.Rank; k++) Assert.That(modes.Values[k], Is.EqualTo(all[k]).Within(Exact), at);
        }));
    }

    [Test]
    public void Solver_RejectsARankOutsideOneToMinDimension_AndANonFiniteEntry_NamingThem()
    {
        var m = Matrix<double>.Build.Dense(3, 5, 1.0);
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => ExactSvdSolver.Instance.Leading(m, 0))!.ParamName, Is.EqualTo("rank"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => ExactSvdSolver.Instance.Leading(m, 4))!.ParamName, Is.EqualTo("rank"));
        m[1, 2] = double.NaN;
        Assert.That(Assert.Throws<ArgumentException>(() => new RandomisedSvdSolver().Leading(m, 2))!.ParamName, Is.EqualTo("matrix"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => new RandomisedSvdSolver(powerIterations: -1))!.ParamName, Is.EqualTo("powerIterations"));
    }
}
