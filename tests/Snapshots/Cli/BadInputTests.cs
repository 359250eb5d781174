using NUnit.Framework;
using ProbSig.Tests.Snapshots.Support;

namespace ProbSig.Tests.Snapshots.Cli;

/// <summary>
/// A wrong option or value, or an invalid task: one line naming it, exit code 2, and
/// no output file (not even a temporary one) left behind.
/// </summary>
[TestFixture]
public sealed class BadInputTests
{
    private static IEnumerable<TestCaseData> Cases()
    {
        TestCaseData Case(string name, string mustName, params string[] args) =>
            new TestCaseData(args, mustName).SetName(name);
        yield return Case("UnknownOption_IsNamed", "--bogus", "predict", "--bogus", "1");
        yield return Case("NonNumericWidth_IsNamed", "--width", "predict", "--width", "wide");
        yield return Case("ZeroWidth_IsNamed", "--width", "predict", "--width", "0");
        yield return Case("NegativeInitStd_IsNamed", "--init-std", "predict", "--init-std=-1");
        yield return Case("StdAndGamma_IsNamed", "--gamma", "predict", "--init-std", "0.01", "--gamma", "0.7");
        yield return Case("TimeAndSteps_IsNamed", "--time", "predict", "--time", "3", "--steps", "4", "--lr", "0.1");
        yield return Case("StepsWithoutLr_IsNamed", "--steps", "predict", "--steps", "4");
        yield return Case("UnknownFormat_IsNamed", "--format", "predict", "--format", "xml");
        yield return Case("MalformedKeyRange_IsNamed", "--keys", "predict", "--keys", "20-59");
        yield return Case("KeyRangeOutsideNumbers_IsNamed", "key", "predict", "--keys", "90..120");
        yield return Case("DuplicateAnchors_IsNamed", "anchor", "signatures", "--anchors", "5,5,1");
        yield return Case("LabelLeavesRange_IsNamed", "label", "signatures", "--numbers", "30", "--keys", "20..29", "--anchors", "5,1");
        yield return Case("UnknownOverrideAnchor_IsNamed", "--override", "predict", "--override", "A9,A1=3");
        yield return Case("UnknownFeatures_IsNamed", "--features", "signatures", "--features", "bigrams");
        yield return Case("UnknownLabelRule_IsNamed", "--label", "signatures", "--label", "product");
        yield return Case("LargeInitWithoutTime_IsNamed", "--init-std", "predict", "--init-std", "1");
        yield return Case("LargeGammaInitWithoutTime_IsNamed", "--gamma", "predict", "--gamma", "0.1");
        // Sizes beyond the machine end at once (issue 13, item 6): they hung or ran out of memory.
        yield return Case("NumbersBeyondMemory_IsNamed", "--numbers", "predict", "--numbers", "2000000", "--keys", "20..59");
        yield return Case("NumbersBeyondMemory_Signatures_IsNamed", "--numbers", "signatures", "--numbers", "1000000", "--keys", "20..59");
        yield return Case("SamplesBeyondMemory_IsNamed", "--samples", "signatures", "--samples", "2000000000");
        // Messages in the user's terms (issue 13, item 8).
        yield return Case("UnknownVerb_IsNamed_WithTheVerbs", "frobnicate", "frobnicate");
        yield return Case("TrainZeroSteps_IsRefused", "--steps", "train", "--steps", "0");
        yield return Case("TokenizeWithATrainedBpe_SaysWhy", "takes none", "lm", "tokenize", "--tokenizer", "bpe:300", "--in", "/etc/hostname");
    }

    [TestCaseSource(nameof(Cases))]
    public void BadInput_OneLineNamingIt_ExitTwo_NoOutput(string[] args, string mustName)
    {
        var dir = CliRunner.TempFolder();
        var outFile = Path.Combine(dir, "result.json");
        var run = CliRunner.Run([.. args, "--out", outFile]);
        TestContext.Out.WriteLine(run.StdErr);
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(2));
            Assert.That(run.StdErr.TrimEnd('\n').Split('\n'), Has.Length.EqualTo(1), "exactly one line on standard error");
            Assert.That(run.StdErr, Does.Contain(mustName).IgnoreCase);
            Assert.That(Directory.EnumerateFileSystemEntries(dir), Is.Empty, "no output or temporary file left");
        });
    }

    [Test]
    public void LargeInitWithTime_PredictsAndReportsNoTStar()
    {
        var outFile = Path.Combine(CliRunner.TempFolder(), "large.json");
        var run = CliRunner.Run("predict", "--init-std", "1", "--time", "10", "--out", outFile);
        Assert.That(run.ExitCode, Is.Zero, run.StdErr);
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(outFile));
        Assert.That(doc.RootElement.GetProperty("t_star").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Null));
        Assert.That(doc.RootElement.GetProperty("cosine").GetArrayLength(), Is.EqualTo(104));
    }

    [Test]
    public void OutputIntoMissingFolder_IsNamed()
    {
        var run = CliRunner.Run("predict", "--out", "/nonexistent-probsig/x/out.json");
        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.StdErr, Does.Contain("--out"));
    }
}
