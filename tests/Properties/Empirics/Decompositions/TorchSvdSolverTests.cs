using MathNet.Numerics.LinearAlgebra;
using NUnit.Framework;
using ProbSig.Empirics.Decompositions;
using ProbSig.Empirics.Runtime;
using ProbSig.Theory.Decompositions;

namespace ProbSig.Tests.Properties.Empirics.Decompositions;

/// <summary>libtorch's solver (the Gram's eigenvectors, then the projected SVD) gives what the managed exact
/// solver gives, up to round-off and the sign of each mode, on tall, wide, square and rank-deficient matrices.</summary>
[TestFixture]
public sealed class TorchSvdSolverTests
{
    [OneTimeSetUp]
    public void Initialise() => TorchRuntime.Initialise();

    [TestCase(20, 13, 5)]
    [TestCase(9, 30, 9)]
    [TestCase(40, 40, 40)]
    public void TorchSolver_AgreesWithTheManagedExactSolver_UpToTheSignOfEachMode(int rows, int columns, int rank)
    {
        var rng = new Random(rows * 31 + columns);
        var m = Matrix<double>.Build.Dense(rows, columns, (_, _) => 2 * rng.NextDouble() - 1);
        var exact = ExactSvdSolver.Instance.Leading(m, rank);
        var torchSolved = TorchSvdSolver.Instance.Leading(m, rank);
        for (int k = 0; k < rank; k++)
        {
            Assert.That(torchSolved.Values[k], Is.EqualTo(exact.Values[k]).Within(1e-12 * exact.Values[0]), $"s_{k}");
            // Random matrices have distinct singular values, so each left vector is fixed up to its sign.
            double overlap = Math.Abs(torchSolved.Left.Column(k).DotProduct(exact.Left.Column(k)));
            Assert.That(overlap, Is.EqualTo(1.0).Within(1e-9), $"|u_{k} . u_{k}'|");
        }
    }

    /// <summary>
    /// A rank-r matrix asked for more than r modes: the values past r are zero to round-off of s_1
    /// (sqrt of the Gram's eigenvalues would give about sqrt(eps) s_1 there, which the projected SVD
    /// avoids), the leading r values and the span of their vectors are the exact solver's, and so are
    /// the rows' U S^0.5 cosines, the PPMI-SVD rival's vectors.
    /// </summary>
    [TestCase(30, 30, 6, 9)]
    [TestCase(25, 40, 5, 8)]
    [TestCase(40, 25, 5, 8)]
    public void TorchSolver_OnARankDeficientMatrix_GivesZeroTrailingValues_AndTheExactLeadingSubspace(int rows, int columns, int trueRank, int rank)
    {
        var rng = new Random(rows * 7 + columns + trueRank);
        var a = Matrix<double>.Build.Dense(rows, trueRank, (_, _) => 2 * rng.NextDouble() - 1);
        var b = Matrix<double>.Build.Dense(trueRank, columns, (_, _) => 2 * rng.NextDouble() - 1);
        var m = a * b;
        var exact = ExactSvdSolver.Instance.Leading(m, rank);
        var torchSolved = TorchSvdSolver.Instance.Leading(m, rank);
        double s1 = exact.Values[0];
        for (int k = 0; k < rank; k++)
            Assert.That(torchSolved.Values[k], Is.EqualTo(exact.Values[k]).Within(1e-12 * s1), $"s_{k}");
        for (int k = trueRank; k < rank; k++) Assert.That(torchSolved.Values[k], Is.LessThan(1e-12 * s1), $"s_{k} of a rank-{trueRank} matrix");
        var gram = torchSolved.Left.TransposeThisAndMultiply(torchSolved.Left);
        Assert.That((gram - Matrix<double>.Build.DenseIdentity(rank)).Enumerate().Max(Math.Abs), Is.LessThan(1e-12), "U^T U");
        var (u, v) = (torchSolved.Left.SubMatrix(0, rows, 0, trueRank), exact.Left.SubMatrix(0, rows, 0, trueRank));
        Assert.That((u.TransposeAndMultiply(u) - v.TransposeAndMultiply(v)).Enumerate().Max(Math.Abs), Is.LessThan(1e-10), "U_r U_r^T");
        Assert.That((Cosines(torchSolved) - Cosines(exact)).Enumerate().Where(double.IsFinite).Max(Math.Abs), Is.LessThan(1e-9), "U S^0.5 row cosines");
    }

    private static Matrix<double> Cosines(LeadingSingularModes modes)
    {
        var w = modes.Left.Clone();
        for (int k = 0; k < modes.Values.Count; k++) w.SetColumn(k, modes.Left.Column(k) * Math.Sqrt(modes.Values[k]));
        return ProbSig.Theory.Geometry.RowCosine.Of(w);
    }
}
