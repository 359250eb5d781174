using System.Collections.Concurrent;
using System.Globalization;
using NUnit.Framework;
using ProbSig.Verification.Claims;
using ProbSig.Tests.Snapshots.Support;

namespace ProbSig.Tests.Snapshots.Claims;

/// <summary>
/// Runs each CPU-scale claim at most once per test process and shares the result (and,
/// through one <see cref="ClaimContext"/>, the trained models) between the claim tests.
/// </summary>
public static class ClaimRuns
{
    internal static readonly ClaimContext Context = new(ClaimScale.Cpu, new Progress<string>(line => TestContext.Progress.WriteLine(line)));
    private static readonly ConcurrentDictionary<string, Lazy<ClaimResult>> Results = new();

    /// <summary>The result of the claim with this id (run on first request).</summary>
    public static ClaimResult Get(string id) =>
        Results.GetOrAdd(id, key => new Lazy<ClaimResult>(() =>
        {
            var claim = ClaimRegistry.All(ClaimScale.Cpu).Single(c => c.Definition.Id == key);
            return ClaimRunner.Run(claim, Context);
        })).Value;

    /// <summary>
    /// Asserts the claim's verdict is the one it expects (HOLDS, or REFUTED for a claim found
    /// false, as a strict expected failure: a flip either way fails), printing the figure, the
    /// per-seed values, the tolerance and its rationale, the null, the baselines and the verdict.
    /// </summary>
    public static void AssertExpectedVerdict(string id)
    {
        var r = Get(id);
        var inv = CultureInfo.InvariantCulture;
        TestContext.Out.WriteLine($"{r.Claim.Id} {r.Claim.Title}");
        TestContext.Out.WriteLine($"  metric:    {r.Claim.Metric}");
        TestContext.Out.WriteLine($"  measured:  {r.Measured.ToString("F4", inv)}  per seed: [{string.Join(", ", r.PerSeed.Select(v => v.ToString("F4", inv)))}]");
        TestContext.Out.WriteLine($"  tolerance: {r.Claim.Tolerance}  ({r.Claim.Tolerance.Rationale})");
        if (r.Null is { } n)
            TestContext.Out.WriteLine($"  null:      mean {n.NullMean.ToString("F4", inv)} sd {n.NullStd.ToString("F4", inv)}, p = {n.PValue.ToString("G3", inv)} ({n.Permutations} permutations)");
        foreach (var (k, v) in r.Baselines) TestContext.Out.WriteLine($"  baseline {k}: {v.ToString("F4", inv)}");
        TestContext.Out.WriteLine($"  verdict:   {Judgement.Name(r.Verdict)} ({r.Judgement.Reason}); expected {Judgement.Name(r.Claim.Expected)}");
        foreach (var (k, v) in r.Details) TestContext.Out.WriteLine($"  {k}: {v.ToString("G4", inv)}");
        if (r.Finding.Length > 0) TestContext.Out.WriteLine($"  finding:   {r.Finding}");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(r.Verdict, Is.EqualTo(r.Claim.Expected),
                $"{r.Claim.Id}: verdict {Judgement.Name(r.Verdict)} ({r.Judgement.Reason}), expected {Judgement.Name(r.Claim.Expected)}; measured {r.Measured.ToString("G6", inv)}");
            // Every figure the claim reports, against its reviewed snapshot: a change that moves
            // a figure inside the tolerance still fails here, naming the figure.
            FigureSnapshot.Check(r.Claim.Id, ClaimFigureList.Of(r), ClaimFigureAllowances.For(r.Claim.Id));
        }
    }
}
