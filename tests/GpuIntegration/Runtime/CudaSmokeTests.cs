using NUnit.Framework;
using ProbSig.Empirics.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace ProbSig.Tests.GpuIntegration.Runtime;

/// <summary>
/// GPU tests run only where CUDA is usable (the nightly workflow); elsewhere they are
/// skipped with the reason, never failed.
/// </summary>
[TestFixture, Category("Gpu")]
public sealed class CudaSmokeTests
{
    [OneTimeSetUp]
    public void RequireCuda()
    {
        if (!TorchRuntime.CudaAvailable())
            Assert.Ignore("CUDA is not available in this process (CPU-only libtorch or no GPU): GPU tests skipped.");
    }

    [Test]
    public void CudaMatmul_MatchesCpu()
    {
        using var scope = NewDisposeScope();
        var gen = new Generator(11);
        var a = randn(new long[] { 64, 32 }, dtype: float64, generator: gen);
        var b = randn(new long[] { 32, 16 }, dtype: float64, generator: gen);
        var cpu = a.matmul(b);
        var gpu = a.cuda().matmul(b.cuda()).cpu();
        Assert.That((cpu - gpu).abs().max().item<double>(), Is.LessThan(1e-10));
    }
}
