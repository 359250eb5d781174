using System.Globalization;
using System.Text.Json;
using NUnit.Framework;
using ProbSig.Tests.Snapshots.Support;

namespace ProbSig.Tests.Snapshots.Cli;

/// <summary>
/// `probsig predict` agrees entry by entry with an independent implementation of
/// THEORY 3.1 (a matrix exponential in JavaScript, not an SVD) on task configurations
/// other than the default.
/// </summary>
[TestFixture]
public sealed class PredictAgainstReferenceTests
{
    /// <summary>The acceptance bound of the Foundation issue for every cosine entry.</summary>
    private const double EntryTolerance = 1e-6;

    private static IEnumerable<TestCaseData> Configurations()
    {
        yield return new TestCaseData(new[] { "--numbers", "30", "--keys", "5..14", "--anchors", "3,1,-2", "--anchor-positions", "2", "--time", "25" },
            new { numbers = 30, keyMin = 5, keyMax = 14, anchors = new[] { 3, 1, -2 }, positions = 2, time = 25.0 }).SetName("Predict_SmallTask_MatchesReference");
        yield return new TestCaseData(new[] { "--numbers", "40", "--keys", "0..39", "--anchors=-7,2,9,4,1", "--anchor-positions", "1", "--label", "sum-mod", "--time", "80" },
            new { numbers = 40, keyMin = 0, keyMax = 39, anchors = new[] { -7, 2, 9, 4, 1 }, positions = 1, modulo = true, time = 80.0 }).SetName("Predict_ModuloTask_MatchesReference");
        yield return new TestCaseData(new[] { "--numbers", "50", "--keys", "16..34", "--anchors", "5,1,-2,-8", "--anchor-positions", "2", "--override", "A4,A3=-6", "--time", "40" },
            new { numbers = 50, keyMin = 16, keyMax = 34, anchors = new[] { 5, 1, -2, -8 }, positions = 2, overrides = new[] { new { anchors = new[] { 3, 2 }, offset = -6 } }, time = 40.0 }).SetName("Predict_PairOverride_MatchesReference");
        yield return new TestCaseData(new[] { "--numbers", "30", "--keys", "9..17", "--anchors", "2,-3,4", "--anchor-positions", "3", "--steps", "40", "--lr", "0.5" },
            new { numbers = 30, keyMin = 9, keyMax = 17, anchors = new[] { 2, -3, 4 }, positions = 3, steps = 40, lr = 0.5 }).SetName("Predict_DiscreteForm_MatchesReference");
    }

    [TestCaseSource(nameof(Configurations))]
    public void Predict_MatchesIndependentReference(string[] args, object referenceConfig)
    {
        var dir = CliRunner.TempFolder();
        var outFile = Path.Combine(dir, "predict.json");
        var run = CliRunner.Run(["predict", .. args, "--format", "json", "--out", outFile]);
        Assert.That(run.ExitCode, Is.Zero, run.StdErr);

        using var doc = JsonDocument.Parse(File.ReadAllText(outFile));
        var (tokens, cosine) = NodeReference.ReadCosine(doc.RootElement);
        var (refTokens, refCosine) = NodeReference.Predict(referenceConfig);

        Assert.That(tokens, Is.EqualTo(refTokens));
        double worst = 0;
        for (int i = 0; i < tokens.Length; i++)
            for (int j = 0; j < tokens.Length; j++)
                worst = Math.Max(worst, Math.Abs(cosine[i][j] - refCosine[i][j]));
        TestContext.Out.WriteLine($"max |cos - reference| = {worst.ToString("E2", CultureInfo.InvariantCulture)} (tolerance {EntryTolerance:E0})");
        Assert.That(worst, Is.LessThan(EntryTolerance));
    }
}
