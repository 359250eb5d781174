namespace ProbSig.Cli.Report;

/// <summary>The summary printed on stdout: one aligned row per claim (a verdict other than
/// the expected one is marked "(!)"), then the verdict counts.</summary>
internal static class ResultTable
{
    public static void Write(TextWriter output, IReadOnlyList<ClaimOutcome> outcomes)
    {
        string[] header = ["claim", "title", "measured", "tolerance", "null p", "difference interval", "verdict", "expected", "seeds"];
        var rows = outcomes.Select(o => new[]
        {
            o.Claim.Id, Shorten(o.Claim.Title, 48), Fmt.Number(o.Measured), o.Claim.Tolerance.ToString(),
            double.IsNaN(o.NullP) ? "-" : Fmt.Number(o.NullP), o.DifferenceCell, o.VerdictName, o.AsExpected || o.Skipped is not null ? o.ExpectedName : o.ExpectedName + " (!)",
            o.Claim.Seeds.Count.ToString(),
        }).ToList();
        var widths = Enumerable.Range(0, header.Length).Select(i => rows.Select(r => r[i].Length).Append(header[i].Length).Max()).ToArray();
        string Line(string[] cells) => string.Join("  ", cells.Select((c, i) => c.PadRight(widths[i]))).TrimEnd();
        output.WriteLine(Line(header));
        output.WriteLine(Line(widths.Select(w => new string('-', w)).ToArray()));
        foreach (var r in rows) output.WriteLine(Line(r));
        output.WriteLine($"verdicts: {ClaimOutcome.Summary(outcomes)}");
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 3)] + "...";
}
