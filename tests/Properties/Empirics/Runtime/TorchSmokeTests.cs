using NUnit.Framework;
using ProbSig.Empirics.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace ProbSig.Tests.Properties.Empirics.Runtime;

/// <summary>libtorch loads on this machine: tensors, a matrix product, a backward pass.</summary>
[TestFixture]
public sealed class TorchSmokeTests
{
    [Test]
    public void Torch_LoadsMultipliesAndBackpropagates()
    {
        TorchRuntime.Initialise();
        using var scope = NewDisposeScope();
        var gen = new Generator(7);
        var a = randn(new long[] { 3, 4 }, dtype: float64, generator: gen).requires_grad_(true);
        var b = randn(new long[] { 4, 2 }, dtype: float64, generator: gen);
        var c = a.matmul(b);
        Assert.That(c.shape, Is.EqualTo(new long[] { 3, 2 }));

        // Check one entry of the product by hand.
        double expected = 0;
        for (int k = 0; k < 4; k++) expected += a[0, k].item<double>() * b[k, 1].item<double>();
        Assert.That(c[0, 1].item<double>(), Is.EqualTo(expected).Within(1e-12));

        // d/da sum(a b) = 1 b^T: each row of the gradient is the row sums of b.
        c.sum().backward();
        var grad = a.grad!;
        var rowSums = b.sum(1);
        for (int i = 0; i < 3; i++)
            for (int k = 0; k < 4; k++)
                Assert.That(grad[i, k].item<double>(), Is.EqualTo(rowSums[k].item<double>()).Within(1e-12));
    }
}
