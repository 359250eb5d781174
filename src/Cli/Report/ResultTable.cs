namespace ProbSig.Cli.Report;

/// <summary>The summary printed on stdout: one aligned row per claim.</summary>
internal static class ResultTable
{
    public static void Write(TextWriter output, IReadOnlyList<ClaimOutcome> outcomes)
    {
        string[] header = ["claim", "title", "measured", "tolerance", "result", "seeds"];
        var rows = outcomes.Select(o => new[]
        {
            o.Claim.Id, Shorten(o.Claim.Title, 48), Fmt.Number(o.Measured), o.Claim.Tolerance.ToString(),
            o.Error is null ? Fmt.Verdict(o.Passed) : "FAIL (error)", o.Claim.Seeds.Count.ToString(),
        }).ToList();
        var widths = Enumerable.Range(0, header.Length).Select(i => rows.Select(r => r[i].Length).Append(header[i].Length).Max()).ToArray();
        string Line(string[] cells) => string.Join("  ", cells.Select((c, i) => c.PadRight(widths[i]))).TrimEnd();
        output.WriteLine(Line(header));
        output.WriteLine(Line(widths.Select(w => new string('-', w)).ToArray()));
        foreach (var r in rows) output.WriteLine(Line(r));
        output.WriteLine($"{outcomes.Count(o => o.Passed)} of {outcomes.Count} claims hold");
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 3)] + "...";
}
