using System.Globalization;
using System.Text;
using System.Text.Json;
using ProbSig.Bench;
using ProbSig.Bench.Rows;
using ProbSig.Cli.Output;

namespace ProbSig.Cli.Report;

/// <summary>
/// The bench's outputs: the table (stdout and bench.md), bench.json (every row with its
/// figures, ratio, target and verdict, and the machine) and bench.png (each ratio against its
/// target on a log scale).
/// </summary>
internal static class BenchFiles
{
    public const string Json = "bench.json", Markdown = "bench.md", Png = "bench.png";

    /// <summary>Writes the three files into <paramref name="dir"/>; a figure that cannot be drawn is reported, the rest still written.</summary>
    public static void Write(string dir, BenchReport report, ScottPlotRenderer renderer, TextWriter stderr)
    {
        AtomicOutput.WriteFile(Path.Combine(dir, Json), s => WriteJson(s, report));
        File.WriteAllText(Path.Combine(dir, Markdown), MarkdownTable(report));
        var bars = report.Rows.Where(r => r.Ratio is not null)
            .Select(r => new RatioBar($"{r.Id}", r.Ratio!.Value, r.Target?.RatioAtLeast, r.Verdict == BenchVerdict.Missed)).ToArray();
        if (bars.Length == 0) return;
        try
        {
            renderer.RenderRatios("probsig bench: ours / reference (> 1: ours better); | = target", bars, Path.Combine(dir, Png));
        }
        catch (FigureUnavailableException e)
        {
            stderr.WriteLine($"bench: {Png} not drawn: {e.Message}");
        }
    }

    /// <summary>The table as text, one row per line, misses marked.</summary>
    public static void WriteTable(TextWriter output, BenchReport report)
    {
        var cells = report.Rows.Select(Cells).ToList();
        string[] header = ["group", "measure", "ours", "reference", "ratio", "target", "verdict"];
        var widths = header.Select((h, i) => Math.Max(h.Length, cells.Count == 0 ? 0 : cells.Max(c => c[i].Length))).ToArray();
        output.WriteLine(string.Join("  ", header.Select((h, i) => h.PadRight(widths[i]))).TrimEnd());
        foreach (var c in cells) output.WriteLine(string.Join("  ", c.Select((x, i) => x.PadRight(widths[i]))).TrimEnd());
        output.WriteLine($"{report.Machine.Cores} cores, {report.Machine.Cpu}; {report.Scale.ToString().ToLowerInvariant()} scale; {report.Seconds:0} s");
    }

    /// <summary>bench.md: the machine, then the table with each row's detail.</summary>
    public static string MarkdownTable(BenchReport report)
    {
        var sb = new StringBuilder();
        var m = report.Machine;
        sb.AppendLine("# probsig bench").AppendLine();
        sb.AppendLine($"{report.Started:yyyy-MM-dd HH:mm} UTC; {m.Cores} cores, {m.Cpu}; {m.Os}; {m.Runtime}; TorchSharp {m.Libtorch}; {report.Scale.ToString().ToLowerInvariant()} scale; {report.Seconds:0} s.").AppendLine();
        sb.AppendLine("Ratio: how many times better ours is than the reference (> 1: ours faster or smaller).").AppendLine();
        sb.AppendLine("| group | measure | ours | reference | ratio | target | verdict | detail |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var r in report.Rows)
        {
            var c = Cells(r);
            sb.AppendLine($"| {string.Join(" | ", c.Select(Escape))} | {Escape(r.Detail)} |");
        }
        return sb.ToString();
    }

    private static string Escape(string s) => s.Replace("|", "\\|", StringComparison.Ordinal);

    private static string[] Cells(BenchRow r) =>
    [
        r.Group,
        r.Title,
        Figure(r.Ours, r.Unit),
        r.ReferenceValue is { } v ? $"{Figure(v, r.Unit)} ({r.Reference})" : $"{r.Reference}: {r.ReferenceAbsent ?? "none"}",
        r.Ratio is { } ratio ? $"{ratio.ToString(ratio >= 10 ? "0" : "0.00", CultureInfo.InvariantCulture)}x" : "-",
        r.Target?.Text ?? "-",
        r.Verdict switch { BenchVerdict.Met => "met", BenchVerdict.Missed => "MISSED", BenchVerdict.PeerAbsent => "peer absent", _ => "-" },
    ];

    /// <summary>A figure with three significant digits or thousands separators, and its unit.</summary>
    public static string Figure(double v, string unit)
    {
        string number = !double.IsFinite(v) ? v.ToString(CultureInfo.InvariantCulture)
            : Math.Abs(v) >= 1000 ? v.ToString("N0", CultureInfo.InvariantCulture)
            : Math.Abs(v) >= 1 || v == 0 ? v.ToString("0.00", CultureInfo.InvariantCulture)
            : v.ToString("0.###E+0", CultureInfo.InvariantCulture);
        return $"{number} {unit}";
    }

    private static void WriteJson(Stream stream, BenchReport report)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("started", report.Started);
        json.WriteNumber("seconds", report.Seconds);
        json.WriteString("scale", report.Scale.ToString().ToLowerInvariant());
        json.WriteStartObject("machine");
        json.WriteNumber("cores", report.Machine.Cores);
        json.WriteString("cpu", report.Machine.Cpu);
        json.WriteString("os", report.Machine.Os);
        json.WriteString("runtime", report.Machine.Runtime);
        json.WriteString("torchsharp", report.Machine.Libtorch);
        json.WriteEndObject();
        json.WriteStartArray("rows");
        foreach (var r in report.Rows)
        {
            json.WriteStartObject();
            json.WriteString("id", r.Id);
            json.WriteString("group", r.Group);
            json.WriteString("measure", r.Title);
            MatrixWriters.WriteJsonNumber(json, "ours", r.Ours);
            json.WriteString("unit", r.Unit);
            json.WriteString("better", r.Better.ToString().ToLowerInvariant());
            json.WriteString("reference", r.Reference);
            if (r.ReferenceValue is { } v) MatrixWriters.WriteJsonNumber(json, "reference_value", v); else json.WriteNull("reference_value");
            if (r.ReferenceAbsent is { } a) json.WriteString("reference_absent", a); else json.WriteNull("reference_absent");
            if (r.Ratio is { } ratio) json.WriteNumber("ratio", ratio); else json.WriteNull("ratio");
            if (r.Target is { } t)
            {
                json.WriteStartObject("target");
                json.WriteString("text", t.Text);
                if (t.RatioAtLeast is { } x) json.WriteNumber("ratio_at_least", x);
                if (t.ValueAtLeast is { } lo) json.WriteNumber("value_at_least", lo);
                if (t.ValueAtMost is { } hi) json.WriteNumber("value_at_most", hi);
                json.WriteEndObject();
            }
            else json.WriteNull("target");
            json.WriteString("verdict", r.Verdict switch { BenchVerdict.Met => "met", BenchVerdict.Missed => "missed", BenchVerdict.PeerAbsent => "peer_absent", _ => "no_target" });
            json.WriteString("detail", r.Detail);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }
}

/// <summary>One bar of bench.png: a row's ratio, its target ratio if it has one, and whether it missed.</summary>
internal sealed record RatioBar(string Label, double Ratio, double? Target, bool Missed);
