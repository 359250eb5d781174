using System.Text;
using ProbSig.Verification.Claims;

namespace ProbSig.Cli.Report;

/// <summary>Where and when a report was made: shown at its top.</summary>
internal sealed record ReportHeader(DateTimeOffset Date, string Machine, string Device, ClaimScale Scale);

/// <summary>
/// report.md: the verdict counts and a summary table, then one section per claim with its
/// statement, the experiment, the prediction as stated, the verdict, the measured figure against the tolerance (and why the tolerance has that
/// size), the permutation null, the details, the finding and the figures.
/// </summary>
internal static class MarkdownReportWriter
{
    public static string Render(ReportHeader header, IReadOnlyList<ClaimOutcome> outcomes)
    {
        var md = new StringBuilder();
        md.AppendLine("# ProbSig verification report").AppendLine();
        md.AppendLine($"- Date: {header.Date:yyyy-MM-dd HH:mm:ss} UTC");
        md.AppendLine($"- Machine: {header.Machine}");
        md.AppendLine($"- Device: {header.Device}");
        md.AppendLine($"- Scale: {ClaimScales.Name(header.Scale)}");
        md.AppendLine($"- Verdicts: {ClaimOutcome.Summary(outcomes)}").AppendLine();

        md.AppendLine("| Claim | Title | Measured | Tolerance | Null p | Difference interval | Best baseline | Verdict | Expected | Seeds |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var o in outcomes)
            md.AppendLine($"| [{o.Claim.Id}](#{Anchor(Heading(o))}) | {Cell(o.Claim.Title)} | {Fmt.Number(o.Measured)} | {Cell(o.Claim.Tolerance.ToString())} | "
                + $"{(double.IsNaN(o.NullP) ? "-" : Fmt.Number(o.NullP))} | {Cell(o.DifferenceCell)} | {Cell(BestBaseline(o))} | **{o.VerdictName}** | {o.ExpectedName}{(o.AsExpected || o.Skipped is not null ? "" : " (!)")} | {o.Claim.Seeds.Count} |");
        md.AppendLine();
        Multiplicity(md, outcomes);

        foreach (var o in outcomes) Section(md, o);
        return md.ToString();
    }

    /// <summary>The family of claims that test a null or a difference, each p beside its Holm adjustment.</summary>
    private static void Multiplicity(StringBuilder md, IReadOnlyList<ClaimOutcome> outcomes)
    {
        var holm = ClaimOutcome.HolmP(outcomes);
        var family = Enumerable.Range(0, outcomes.Count).Where(i => !double.IsNaN(outcomes[i].FamilyP)).ToArray();
        if (family.Length == 0) return;
        md.AppendLine("### Multiplicity").AppendLine();
        md.AppendLine($"The {family.Length} claims below test a null or a difference. Each one's p is the largest over its seeds (and tables), and the larger of "
            + "the null's and the difference's where it tests both, since its verdict needs every one; Holm's step-down adjustment over the family controls the "
            + "family-wise error rate under any dependence. The floors: 199 permutations give p >= 0.005, 999 resamples a two-sided p >= 0.002, so the smallest "
            + "Holm p the family can reach is about its size times 0.005.").AppendLine();
        md.AppendLine("| Claim | p | Holm p | Verdict |");
        md.AppendLine("|---|---|---|---|");
        foreach (int i in family)
            md.AppendLine($"| {outcomes[i].Claim.Id} | {Fmt.Number(outcomes[i].FamilyP)} | {Fmt.Number(holm[i])} | {outcomes[i].VerdictName} |");
        md.AppendLine();
    }

    private static void Section(StringBuilder md, ClaimOutcome o)
    {
        var c = o.Claim;
        md.AppendLine($"## {Heading(o)}").AppendLine();
        md.AppendLine($"**Statement.** {c.Statement}").AppendLine();
        md.AppendLine($"**Experiment.** {c.Experiment.Describe()}").AppendLine();
        md.AppendLine($"**Metric.** {c.Metric}").AppendLine();
        md.AppendLine($"**Prediction** (stated before measurement). {c.Tolerance.Side switch { Bound.AtLeast => "At least", _ => "At most" }} "
            + $"{Fmt.Number(c.Tolerance.Limit)} in every seed"
            + (c.Null is { } test ? $"; null beaten at p <= {Fmt.Number(test.Level)} ({test.Permutations} permutations per seed: {test.What})" : "; no null (not an agreement claim)")
            + (c.Difference is { } diff ? $"; the {diff} above 0 in every seed (below 0 in every seed refutes it)" : "")
            + ".").AppendLine();
        if (o.Skipped is not null)
            md.AppendLine($"**Skipped.** The claim could not run here, so it has no verdict: {o.Skipped.ReplaceLineEndings(" ")}").AppendLine();
        if (o.Error is not null)
            md.AppendLine($"**Error.** The claim stopped with an error, so its verdict is {ClaimOutcome.ErrorVerdict}: `{o.Error.ReplaceLineEndings(" ")}`").AppendLine();
        md.AppendLine($"- Verdict: **{o.VerdictName}**{(o.Result is { } judged ? $" ({judged.Judgement.Reason})" : "")}; expected {o.ExpectedName}"
            + (o.AsExpected || o.Skipped is not null ? "" : " (**differs**)") + (c.ExpectedReason.Length > 0 ? $": {c.ExpectedReason}" : ""));
        md.AppendLine($"- Measured: **{Fmt.Number(o.Measured)}** (tolerance {c.Tolerance})");
        if (o.Result?.Premise is { } premise)
            md.AppendLine($"- Premise: {premise.Statement}: {(premise.Holds ? "holds" : "fails")} (measured {premise.Measured})");
        if (c.Baselines.Count > 0 && o.Result is { } withBaselines)
            md.AppendLine("- Baselines (plain agreement, mean over seeds): "
                + (withBaselines.Baselines.TryGetValue(ClaimMeasurement.SignatureFigure, out var own) ? $"signature {Fmt.Number(own)}; " : "")
                + string.Join("; ", c.Baselines.Select(b => $"{b.Name} ({b.Description}) {Fmt.Number(withBaselines.Baselines.GetValueOrDefault(b.Name, double.NaN))}")));
        var perSeed = o.Result?.PerSeed ?? Array.Empty<double>();
        md.AppendLine($"- Seeds: {string.Join(", ", c.Seeds)}");
        if (perSeed.Count > 0)
            md.AppendLine($"- Per seed: {string.Join(", ", perSeed.Select((v, i) => $"{(i < c.Seeds.Count ? c.Seeds[i].ToString() : "?")}: {Fmt.Number(v)}"))}");
        if (o.Result is { Differences.Count: > 0 } compared)
            md.AppendLine("- Difference intervals (paired token bootstrap): " + string.Join("; ", compared.Differences.Select(d =>
                $"{d.Name} seed {d.Seed}: {Fmt.Number(d.Interval.Estimate)} {Fmt.Interval(d.Interval)} (sd {Fmt.Number(d.Interval.Sd)}, two-sided p {Fmt.Number(d.Interval.PValue)}, {d.Interval.Resamples} resamples"
                + (d.Interval.Undefined > 0 ? $", {d.Interval.Undefined} undefined" : "") + ")")));
        md.AppendLine($"- Tolerance rationale: {c.Tolerance.Rationale}");
        if (o.Result?.Null is { } n)
            md.AppendLine($"- Permutation null ({n.Metric}, {n.Permutations} permutations): observed {Fmt.Number(n.Observed)}, null mean {Fmt.Number(n.NullMean)}, sd {Fmt.Number(n.NullStd)}, p = {Fmt.Number(n.PValue)}");
        md.AppendLine($"- Elapsed: {Fmt.Seconds(o.Elapsed)}"
            + (o.Result is { Timings.Count: > 0 } timed ? " (" + string.Join(", ", timed.Timings.Select(t => $"{t.Key.Replace('_', ' ')} {Fmt.Number(t.Value)}")) + ")" : ""));
        md.AppendLine();
        if (o.Result is { } r)
        {
            if (r.Details.Count > 0)
            {
                md.AppendLine("| Detail | Value |").AppendLine("|---|---|");
                foreach (var (name, value) in r.Details) md.AppendLine($"| {Cell(name)} | {Fmt.Number(value)} |");
                md.AppendLine();
            }
            if (r.Finding.Length > 0) md.AppendLine($"**Finding.** {r.Finding}").AppendLine();
        }
        foreach (var f in o.Figures) md.AppendLine($"![{Cell(f.Title)}]({f.RelativePath})").AppendLine();
        if (o.FigureError is not null) md.AppendLine($"> Figures missing: {o.FigureError}").AppendLine();
        if (o.Matrices.Count > 0)
            md.AppendLine("Matrices (.npy): " + string.Join(", ", o.Matrices.Select(m => $"[{Cell(m.Title)}]({m.RelativePath})"))).AppendLine();
    }

    private static string Heading(ClaimOutcome o) => $"{o.Claim.Id}: {o.Claim.Title} ({o.VerdictName})";

    /// <summary>The baseline with the highest figure, "name figure"; "-" without baselines.</summary>
    private static string BestBaseline(ClaimOutcome o)
    {
        if (o.Result is not { } r || o.Claim.Baselines.Count == 0) return "-";
        var best = o.Claim.Baselines.Select(b => (b.Name, Figure: r.Baselines.GetValueOrDefault(b.Name, double.NaN)))
            .OrderByDescending(b => double.IsNaN(b.Figure) ? double.NegativeInfinity : b.Figure).First();
        return $"{best.Name} {Fmt.Number(best.Figure)}";
    }

    /// <summary>The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to dashes.</summary>
    internal static string Anchor(string heading) =>
        string.Concat(heading.ToLowerInvariant().Where(ch => char.IsLetterOrDigit(ch) || ch is ' ' or '-' or '_')).Replace(' ', '-');

    private static string Cell(string text) => text.Replace("|", "\\|").ReplaceLineEndings(" ");
}
