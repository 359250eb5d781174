using System.Text.Json;
using NUnit.Framework;
using ProbSig.Tests.Snapshots.Support;

namespace ProbSig.Tests.Snapshots.Cli;

/// <summary>The JSON of `probsig signatures` on a tiny task, reviewed once and kept.</summary>
[TestFixture]
public sealed class SignaturesSnapshotTests
{
    [Test]
    public void Signatures_TinyTask_Json()
    {
        var dir = CliRunner.TempFolder();
        var outFile = Path.Combine(dir, "sig.json");
        var run = CliRunner.Run("signatures", "--numbers", "6", "--keys", "1..2", "--anchors", "1,-1", "--anchor-positions", "1", "--out", outFile);
        Assert.That(run.ExitCode, Is.Zero, run.StdErr);
        // Round to 9 digits so that the snapshot does not depend on the last bits of
        // floating-point summation order.
        var rounded = Round(JsonDocument.Parse(File.ReadAllText(outFile)).RootElement);
        SnapshotGuard.Match(rounded);
    }

    [Test]
    public void Predict_TinyTask_Json()
    {
        var dir = CliRunner.TempFolder();
        var outFile = Path.Combine(dir, "pred.json");
        var run = CliRunner.Run("predict", "--numbers", "6", "--keys", "1..2", "--anchors", "1,-1", "--anchor-positions", "1", "--width", "8", "--init-std", "0.01", "--time", "5", "--out", outFile);
        Assert.That(run.ExitCode, Is.Zero, run.StdErr);
        SnapshotGuard.Match(Round(JsonDocument.Parse(File.ReadAllText(outFile)).RootElement));
    }

    private static object? Round(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().ToDictionary(p => p.Name, p => Round(p.Value)),
        JsonValueKind.Array => e.EnumerateArray().Select(Round).ToList(),
        JsonValueKind.Number => Math.Round(e.GetDouble(), 9),
        JsonValueKind.String => e.GetString(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}
