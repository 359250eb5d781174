using System.Text;
using ProbSig.Verification.Claims;

namespace ProbSig.Cli.Report;

/// <summary>Where and when a report was made: shown at its top.</summary>
internal sealed record ReportHeader(DateTimeOffset Date, string Machine, string Device, ClaimScale Scale);

/// <summary>
/// report.md: a summary table, then one section per claim with its statement, the
/// experiment, the measured figure against the tolerance (and why the tolerance has that
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
        md.AppendLine($"- Scale: {header.Scale.ToString().ToLowerInvariant()}");
        int passed = outcomes.Count(o => o.Passed);
        md.AppendLine($"- Result: {passed} of {outcomes.Count} claims hold").AppendLine();

        md.AppendLine("| Claim | Title | Measured | Tolerance | Result | Seeds |");
        md.AppendLine("|---|---|---|---|---|---|");
        foreach (var o in outcomes)
            md.AppendLine($"| [{o.Claim.Id}](#{Anchor(Heading(o))}) | {Cell(o.Claim.Title)} | {Fmt.Number(o.Measured)} | {Cell(o.Claim.Tolerance.ToString())} | {Fmt.Verdict(o.Passed)} | {o.Claim.Seeds.Count} |");
        md.AppendLine();

        foreach (var o in outcomes) Section(md, o);
        return md.ToString();
    }

    private static void Section(StringBuilder md, ClaimOutcome o)
    {
        var c = o.Claim;
        md.AppendLine($"## {Heading(o)}").AppendLine();
        md.AppendLine($"**Statement.** {c.Statement}").AppendLine();
        md.AppendLine($"**Experiment.** {c.Experiment.Describe()}").AppendLine();
        md.AppendLine($"**Metric.** {c.Metric}").AppendLine();
        if (o.Error is not null)
            md.AppendLine($"**Error.** The claim stopped with an error, so it counts as failed: `{o.Error.ReplaceLineEndings(" ")}`").AppendLine();
        md.AppendLine($"- Measured: **{Fmt.Number(o.Measured)}** (tolerance {c.Tolerance}): **{Fmt.Verdict(o.Passed)}**");
        var perSeed = o.Result?.PerSeed ?? Array.Empty<double>();
        md.AppendLine($"- Seeds: {string.Join(", ", c.Seeds)}");
        if (perSeed.Count > 0)
            md.AppendLine($"- Per seed: {string.Join(", ", perSeed.Select((v, i) => $"{(i < c.Seeds.Count ? c.Seeds[i].ToString() : "?")}: {Fmt.Number(v)}"))}");
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

    private static string Heading(ClaimOutcome o) => $"{o.Claim.Id}: {o.Claim.Title} ({Fmt.Verdict(o.Passed)})";

    /// <summary>The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to dashes.</summary>
    internal static string Anchor(string heading) =>
        string.Concat(heading.ToLowerInvariant().Where(ch => char.IsLetterOrDigit(ch) || ch is ' ' or '-' or '_')).Replace(' ', '-');

    private static string Cell(string text) => text.Replace("|", "\\|").ReplaceLineEndings(" ");
}
