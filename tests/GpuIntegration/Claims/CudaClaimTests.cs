using System.Globalization;
using NUnit.Framework;
using ProbSig.Verification.Claims;
using ProbSig.Empirics.Runtime;

namespace ProbSig.Tests.GpuIntegration.Claims;

/// <summary>
/// Every CPU-scale claim, trained on CUDA, holds with the same tolerances: the results
/// must not depend on the device (float64 kernels differ in summation order only).
/// Runs in the nightly GPU workflow; skipped with a reason where CUDA is absent.
/// </summary>
[TestFixture, Category("Gpu")]
public sealed class CudaClaimTests
{
    private ClaimContext? context;

    [OneTimeSetUp]
    public void RequireCuda()
    {
        if (!TorchRuntime.CudaAvailable())
            Assert.Ignore("CUDA is not available in this process (CPU-only libtorch or no GPU): GPU tests skipped. Build with -p:ProbSigCuda=true on a CUDA machine.");
        context = new ClaimContext(ClaimScale.Cpu, new Progress<string>(l => TestContext.Progress.WriteLine(l)), device: "cuda");
    }

    private static IEnumerable<string> ClaimIds() =>
        ClaimRegistry.All(ClaimScale.Cpu).Select(c => c.Definition.Id);

    [TestCaseSource(nameof(ClaimIds))]
    public void Claim_HasItsExpectedVerdictOnCuda(string id)
    {
        var claim = ClaimRegistry.All(ClaimScale.Cpu).Single(c => c.Definition.Id == id);
        var result = ClaimRunner.Run(claim, context!);
        TestContext.Out.WriteLine($"{id} on cuda: measured {result.Measured.ToString("F4", CultureInfo.InvariantCulture)}, tolerance {claim.Definition.Tolerance}");
        Assert.That(result.Verdict, Is.EqualTo(claim.Definition.Expected),
            $"{id} on CUDA: verdict {Judgement.Name(result.Verdict)} ({result.Judgement.Reason}), expected {Judgement.Name(claim.Definition.Expected)}; measured {result.Measured}");
    }
}
