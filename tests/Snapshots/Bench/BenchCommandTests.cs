using System.Text.Json;
using NUnit.Framework;
using ProbSig.Bench;
using ProbSig.Tests.Snapshots.Support;

namespace ProbSig.Tests.Snapshots.Bench;

/// <summary>
/// `probsig bench` end to end at smoke scale: every group measures, every row has a finite
/// figure, the files are written, peers are probed and their figures used (a stand-in Python
/// that prints fixed JSON), a failing peer empties only its rows, and bad input exits 2 with
/// one line and no folder. The figures themselves are not asserted: they are timings.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class BenchCommandTests
{
    /// <summary>A stand-in for python3: answers the probe with a version and every script with
    /// fixed figures (on stdout), or, failing, with <paramref name="json"/> on stderr as a traceback is.</summary>
    private static string FakePython(string folder, string json, int exitCode = 0)
    {
        var path = Path.Combine(folder, "fake-python");
        File.WriteAllText(path, "#!/bin/sh\nif [ \"$1\" = \"-c\" ]; then echo 9.9.9-fake; exit 0; fi\n" +
            $"echo '{json}'{(exitCode == 0 ? "" : " >&2")}\nexit {exitCode}\n");
        if (OperatingSystem.IsWindows()) Assert.Ignore("the stand-in Python is a shell script");
        else File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private static JsonElement[] Rows(string folder)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "bench.json")));
        return doc.RootElement.GetProperty("rows").EnumerateArray().Select(r => r.Clone()).ToArray();
    }

    [Test]
    public void Smoke_EveryGroupMeasures_WithoutPeers()
    {
        var work = CliRunner.TempFolder();
        var outDir = Path.Combine(work, "bench");
        var r = CliRunner.Run("bench", "--smoke", "--no-peers", "--out", outDir);
        Assert.That(r.ExitCode, Is.Zero, r.StdErr);
        var rows = Rows(outDir);
        Assert.Multiple(() =>
        {
            foreach (var name in BenchSuite.Names)
                Assert.That(rows.Any(x => x.GetProperty("group").GetString() == name), Is.True, $"group {name} has a row");
            foreach (var row in rows)
            {
                Assert.That(double.IsFinite(row.GetProperty("ours").GetDouble()), Is.True, row.GetProperty("id").GetString());
                if (row.GetProperty("reference").GetString()!.StartsWith("PyTorch", StringComparison.Ordinal))
                    Assert.That(row.GetProperty("reference_absent").GetString(), Does.StartWith("peer absent"), row.GetProperty("id").GetString());
            }
            Assert.That(rows.Where(x => x.GetProperty("id").GetString()!.StartsWith("lm-train-tokens", StringComparison.Ordinal)).Select(x => x.GetProperty("verdict").GetString()),
                Is.All.EqualTo("peer_absent"));
            Assert.That(File.Exists(Path.Combine(outDir, "bench.md")) && File.Exists(Path.Combine(outDir, "bench.png")), Is.True);
            Assert.That(r.StdOut, Does.Contain("lm-train").And.Contain("closed-form").And.Contain("verdict"));
        });
    }

    [Test]
    public void Peer_FiguresAreUsed_AndAFailingPeerOnlyEmptiesItsRows()
    {
        var work = CliRunner.TempFolder();
        var good = FakePython(work, "{\"gflops\": 10, \"tokens_per_second\": 1000, \"step_seconds_median\": 0.5}");
        var outDir = Path.Combine(work, "bench");
        var r = CliRunner.Run("bench", "--smoke", "--only", "lm-train,feature-train", "--threads", "1", "--python", good, "--out", outDir);
        Assert.That(r.ExitCode, Is.Zero, r.StdErr);
        var rows = Rows(outDir);
        var tokens = rows.Single(x => x.GetProperty("id").GetString() == "lm-train-tokens-1t");
        Assert.Multiple(() =>
        {
            Assert.That(tokens.GetProperty("reference_value").GetDouble(), Is.EqualTo(1000));
            Assert.That(tokens.GetProperty("reference").GetString(), Is.EqualTo("PyTorch 9.9.9-fake eager"));
            Assert.That(tokens.GetProperty("ratio").GetDouble(), Is.EqualTo(tokens.GetProperty("ours").GetDouble() / 1000).Within(1e-9));
            Assert.That(rows.Single(x => x.GetProperty("id").GetString() == "linear-step-1t").GetProperty("reference_value").GetDouble(), Is.EqualTo(0.5));
        });

        var badFolder = Directory.CreateDirectory(Path.Combine(work, "bad")).FullName;
        var bad = FakePython(badFolder, "Traceback: boom", exitCode: 1);
        var outBad = Path.Combine(work, "bench-bad");
        var failed = CliRunner.Run("bench", "--smoke", "--only", "lm-train", "--threads", "1", "--python", bad, "--out", outBad);
        Assert.That(failed.ExitCode, Is.Zero, failed.StdErr);
        var badTokens = Rows(outBad).Single(x => x.GetProperty("id").GetString() == "lm-train-tokens-1t");
        Assert.Multiple(() =>
        {
            Assert.That(badTokens.GetProperty("reference_value").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(badTokens.GetProperty("reference_absent").GetString(), Does.StartWith("peer failed").And.Contain("boom"));
            Assert.That(badTokens.GetProperty("verdict").GetString(), Is.EqualTo("peer_absent"));
        });
    }

    [TestCase("--only", "nosuch", "'nosuch' is not a bench group")]
    [TestCase("--threads", "0", "'0' is not a thread count")]
    [TestCase("--threads", "1,1", "1 is listed twice")]
    [TestCase("--python", "/no/such/python", "does not exist")]
    public void BadInput_ExitsTwo_WithOneLine_AndNoFolder(string option, string value, string message)
    {
        var outDir = Path.Combine(CliRunner.TempFolder(), "bench");
        var r = CliRunner.Run("bench", "--smoke", option, value, "--out", outDir);
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(2));
            Assert.That(r.StdErr, Does.Contain(option).And.Contain(message));
            Assert.That(r.StdErr.Trim().Split('\n'), Has.Length.EqualTo(1));
            Assert.That(Directory.Exists(outDir), Is.False);
        });
    }

    [Test]
    public void AFolderOfSomeoneElsesFiles_IsRefused_BeforeAnythingRuns()
    {
        var outDir = CliRunner.TempFolder();
        File.WriteAllText(Path.Combine(outDir, "notes.txt"), "mine");
        var r = CliRunner.Run("bench", "--smoke", "--only", "nulls", "--out", outDir);
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(2));
            Assert.That(r.StdErr, Does.Contain("notes.txt"));
            Assert.That(File.ReadAllText(Path.Combine(outDir, "notes.txt")), Is.EqualTo("mine"));
            Assert.That(File.Exists(Path.Combine(outDir, "bench.json")), Is.False);
        });
    }
}
