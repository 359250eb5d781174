using NUnit.Framework;
using ProbSig.Verification.Claims;
using ProbSig.Tests.Snapshots.Report;
using ProbSig.Tests.Snapshots.Support;

namespace ProbSig.Tests.Snapshots.Cli;

/// <summary>
/// `probsig verify`'s input checks: an unknown scale, device or claim id, the paper scale
/// without CUDA, --corpus at cpu scale and bad --seeds are bad input, one line, exit 2, no
/// report folder. (Running claims is
/// tested on the runner with fake claims, in Report/VerifyRunnerTests.)
/// </summary>
[TestFixture]
public sealed class VerifyCommandTests
{
    private static (CliRunner.Result Run, string Dir) Verify(params string[] args)
    {
        var dir = Path.Combine(CliRunner.TempFolder(), "report");
        return (CliRunner.Run(["verify", .. args, "--out", dir]), dir);
    }

    private static void AssertBadInput(CliRunner.Result run, string dir, string mustContain)
    {
        TestContext.Out.WriteLine(run.StdErr);
        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.StdErr.TrimEnd().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(run.StdErr, Does.Contain(mustContain));
        ReportFiles.AssertNothingLeft(dir);
    }

    [Test]
    public void UnknownScale_IsNamed_ExitTwo()
    {
        var (run, dir) = Verify("--scale", "gpu");
        AssertBadInput(run, dir, "--scale 'gpu'");
    }

    [Test]
    public void UnknownDevice_IsNamed_ExitTwo()
    {
        var (run, dir) = Verify("--device", "tpu");
        AssertBadInput(run, dir, "--device 'tpu'");
    }

    [Test]
    public void UnknownClaimId_IsNamed_ExitTwo()
    {
        var (run, dir) = Verify("--only", "C99");
        // With claims registered the id is named; with none yet, the empty scale is.
        AssertBadInput(run, dir, ClaimRegistry.All(ClaimScale.Cpu).Count > 0 ? "C99" : "no claims at cpu scale yet");
    }

    [Test]
    public void PaperScaleOnTheCpu_AsksForCuda_ExitTwo()
    {
        var (run, dir) = Verify("--scale", "paper");
        AssertBadInput(run, dir, "the paper scale trains on CUDA");
    }

    [Test]
    public void CorpusAtCpuScale_IsRefused_ExitTwo()
    {
        var (run, dir) = Verify("--corpus", "pile:/tmp/nowhere.jsonl");
        AssertBadInput(run, dir, "applies to --scale paper only");
    }

    [TestCase("0,x", "'x' is not a non-negative integer")]
    [TestCase("1,1", "seed 1 is listed twice")]
    [TestCase(",", "expected seeds")]
    public void BadSeeds_AreNamed_ExitTwo(string seeds, string problem)
    {
        var (run, dir) = Verify("--only", "C1", "--seeds", seeds);
        AssertBadInput(run, dir, problem);
    }

    [Test]
    public void CudaWithoutGpu_IsNamed_ExitTwo()
    {
        if (ProbSig.Empirics.Runtime.TorchRuntime.CudaAvailable()) Assert.Ignore("a CUDA device is usable here");
        var (run, dir) = Verify("--device", "cuda");
        AssertBadInput(run, dir, "no CUDA device");
    }

    [Test]
    public void Help_ListsEveryOption()
    {
        var run = CliRunner.Run("verify", "--help");
        Assert.That(run.ExitCode, Is.Zero);
        foreach (var option in new[] { "--scale", "--only", "--out", "--device", "--seeds", "--corpus" })
            Assert.That(run.StdOut, Does.Contain(option));
    }
}
