using System.Diagnostics;
using ProbSig.Cli.Output;
using ProbSig.Verification.Claims;

namespace ProbSig.Cli.Report;

/// <summary>
/// Runs claims with one shared context, prints the summary table and writes the report
/// folder atomically (report.md, claims.json, figures/*.png, matrices/*.npy). A claim that
/// throws is reported with verdict ERROR and its error, and the others still run. Writing happens
/// only after every claim has run, into a temporary folder renamed at the end, so a
/// failure while writing leaves no partial report.
/// </summary>
internal sealed class VerifyRunner(ClaimContext context, IFigureRenderer renderer, TextWriter stdout, ClaimProgress? progress = null)
{
    /// <summary>Exit code when every claim's verdict is the one it expects.</summary>
    public const int ExitAsExpected = 0;

    /// <summary>Exit code when a verdict differs from its expectation (in either direction) or a claim threw.</summary>
    public const int ExitUnexpectedVerdict = 1;

    /// <summary>The verb that owns a report folder (see AtomicOutput's manifest).</summary>
    public const string Owner = "verify";

    /// <summary>Runs <paramref name="claims"/> and writes the report into <paramref name="outDir"/>; returns the exit code.</summary>
    public int Run(IReadOnlyList<IClaim> claims, string outDir, ReportHeader header, bool overwrite = false)
    {
        var outcomes = claims.Select((c, i) => RunOne(c, i, claims.Count)).ToList();
        ResultTable.Write(stdout, outcomes);
        var written = Write(outcomes, outDir, header, overwrite);
        foreach (var o in written.Where(o => o.FigureError is not null).Take(1))
            progress?.Report($"warning: {o.FigureError}");
        stdout.WriteLine($"report: {Path.Combine(Path.GetFullPath(outDir), "report.md")}");
        // A skipped claim has no verdict to compare; the claims that ran decide.
        return outcomes.Where(o => o.Skipped is null).All(o => o.AsExpected) ? ExitAsExpected : ExitUnexpectedVerdict;
    }

    private ClaimOutcome RunOne(IClaim claim, int index, int count)
    {
        var def = claim.Definition;
        if (progress is not null) progress.Current = def.Id;
        context.Report($"[{def.Id}] ({index + 1}/{count}) {def.Title}");
        var clock = Stopwatch.StartNew();
        ClaimOutcome outcome;
        try
        {
            var result = ClaimRunner.Run(claim, context);
            // Judged here, inside the try: a measurement that lacks the null its definition
            // states is a bug of that claim (ERROR), not a reason to stop the whole run.
            _ = result.Judgement;
            outcome = new ClaimOutcome(def, result, null, result.Elapsed);
        }
        catch (Exception e) when (e is Empirics.Packages.NpmPackageException { Unavailable: true } or Empirics.Packages.NuGetPackageException { Unavailable: true })
        {
            // Its data cannot be fetched here (no npm, no registry): not a result of the claim.
            outcome = new ClaimOutcome(def, null, null, clock.Elapsed) { Skipped = e.Message };
        }
        catch (Exception e)
        {
            outcome = new ClaimOutcome(def, null, $"{e.GetType().Name}: {e.Message}", clock.Elapsed);
        }
        string verdict = outcome.Result is { } r ? $"{outcome.VerdictName} ({r.Judgement.Reason})"
            : outcome.Skipped is { } why ? $"{ClaimOutcome.SkippedVerdict} ({why})" : $"{ClaimOutcome.ErrorVerdict} ({outcome.Error})";
        context.Report($"[{def.Id}] {verdict}, expected {outcome.ExpectedName}; " +
                       $"measured {Fmt.Number(outcome.Measured)} (tolerance {def.Tolerance}) in {Fmt.Seconds(clock.Elapsed)}");
        if (progress is not null) progress.Current = null;
        return outcome;
    }

    /// <summary>Writes the report folder; returns the outcomes with their file lists.</summary>
    internal IReadOnlyList<ClaimOutcome> Write(IReadOnlyList<ClaimOutcome> outcomes, string outDir, ReportHeader header, bool overwrite = false)
    {
        IReadOnlyList<ClaimOutcome> written = outcomes;
        AtomicOutput.WriteFolder(outDir, Owner, dir =>
        {
            written = outcomes.Select(o => ArtifactWriter.Write(o, dir, renderer)).ToList();
            File.WriteAllText(Path.Combine(dir, "report.md"), MarkdownReportWriter.Render(header, written));
            using var json = File.Create(Path.Combine(dir, "claims.json"));
            ClaimsJsonWriter.Write(json, written);
        }, overwrite);
        return written;
    }
}
