using MathNet.Numerics.LinearAlgebra;
using NUnit.Framework;
using ProbSig.Empirics.Decompositions;
using ProbSig.Empirics.Runtime;
using ProbSig.Theory.Decompositions;

namespace ProbSig.Tests.Properties.Empirics.Decompositions;

/// <summary>libtorch's SVD gives what the managed exact solver gives, up to round-off and the sign of each mode.</summary>
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
}
