using NUnit.Framework;
using ProbSig.Tests.Snapshots.Support;

namespace ProbSig.Tests.Snapshots.Figures;

/// <summary>The figure snapshot's comparison and its CI rule, on figures made up here.</summary>
[TestFixture]
[NonParallelizable] // sets CI and PROBSIG_ACCEPT_FIGURES for the process while it runs
public sealed class FigureSnapshotTests
{
    private static readonly Dictionary<string, double> Snapshot = new()
    {
        ["measured"] = 0.768, ["per_seed[0]"] = 0.77, ["null.p_value"] = 0.005, ["details.nan"] = double.NaN,
    };

    private static List<KeyValuePair<string, double>> Figures(double measured, double nan = double.NaN) =>
    [
        new("measured", measured), new("per_seed[0]", 0.77), new("null.p_value", 0.005), new("details.nan", nan),
    ];

    [Test]
    public void MovedFigure_OneLineNamingClaimFigureValuesAndAllowance()
    {
        var lines = FigureSnapshot.Compare("C2", Snapshot, Figures(0.73), _ => 0.002);
        Assert.That(lines, Has.Count.EqualTo(1));
        Assert.That(lines[0], Does.StartWith("C2 measured: snapshot 0.768, new 0.73, allowance 0.002"));
    }

    [Test]
    public void WithinAllowance_NoLine_AndNaNMatchesOnlyNaN()
    {
        Assert.That(FigureSnapshot.Compare("C2", Snapshot, Figures(0.7685), _ => 0.001), Is.Empty);
        var lines = FigureSnapshot.Compare("C2", Snapshot, Figures(0.768, nan: 0.5), _ => 1);
        Assert.That(lines, Is.EqualTo(new[] { "C2 details.nan: snapshot NaN, new 0.5, allowance 1 (moved NaN)" }));
    }

    [Test]
    public void AbsentAndNewFigures_EachNamed()
    {
        var figures = Figures(0.768);
        figures.RemoveAt(1);
        figures.Add(new("details.extra", 1.0));
        var lines = FigureSnapshot.Compare("C2", Snapshot, figures, _ => 0);
        Assert.That(lines, Is.EquivalentTo(new[]
        {
            "C2 details.extra: snapshot (absent), new 1, allowance 0",
            "C2 per_seed[0]: snapshot 0.77, new (absent), allowance 0",
        }));
    }

    [Test]
    public void MissingSnapshot_FailsUnderCi_IsWrittenOtherwise_AndThenCompared()
    {
        var dir = CliRunner.TempFolder();
        var source = Path.Combine(dir, "SomeTests.cs");
        var file = Path.Combine(dir, "__figures__", "X1.json");
        var ci = Environment.GetEnvironmentVariable("CI");
        var accept = Environment.GetEnvironmentVariable(FigureSnapshot.AcceptVariable);
        try
        {
            Environment.SetEnvironmentVariable(FigureSnapshot.AcceptVariable, null);
            Environment.SetEnvironmentVariable("CI", "true");
            var e = Assert.Throws<AssertionException>(() => FigureSnapshot.Check("X1", Figures(0.768), _ => FigureAllowance.Everywhere(0), sourceFile: source));
            Assert.That(e!.Message, Does.Contain("X1: figure snapshot").And.Contain("is missing"));
            Assert.That(File.Exists(file), Is.False);

            Environment.SetEnvironmentVariable("CI", null);
            FigureSnapshot.Check("X1", Figures(0.768), _ => FigureAllowance.Everywhere(0), sourceFile: source);
            Assert.That(File.Exists(file), Is.True);

            Environment.SetEnvironmentVariable("CI", "true");
            FigureSnapshot.Check("X1", Figures(0.768), _ => FigureAllowance.Everywhere(0), sourceFile: source);
            var moved = Assert.Throws<AssertionException>(() => FigureSnapshot.Check("X1", Figures(0.7), _ => FigureAllowance.Everywhere(0.01), sourceFile: source));
            Assert.That(moved!.Message, Does.Contain("X1 measured: snapshot 0.768, new 0.7, allowance 0.01"));

            // Accepting rewrites the file; the next comparison is against the new figure.
            Environment.SetEnvironmentVariable(FigureSnapshot.AcceptVariable, "1");
            FigureSnapshot.Check("X1", Figures(0.7), _ => FigureAllowance.Everywhere(0), sourceFile: source);
            Environment.SetEnvironmentVariable(FigureSnapshot.AcceptVariable, null);
            FigureSnapshot.Check("X1", Figures(0.7), _ => FigureAllowance.Everywhere(0), sourceFile: source);
        }
        finally
        {
            Environment.SetEnvironmentVariable("CI", ci);
            Environment.SetEnvironmentVariable(FigureSnapshot.AcceptVariable, accept);
            Directory.Delete(dir, recursive: true);
        }
    }
}
