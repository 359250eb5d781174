using System.Globalization;

namespace ProbSig.Cli.Report;

/// <summary>Number formatting for everything the command line prints or writes: invariant
/// culture, so a German locale does not turn 0.5 into "0,5" in a message or a file.</summary>
internal static class Fmt
{
    /// <summary>A number in a table or the report: four decimals, or scientific when very small or large; "n/a" for NaN.</summary>
    public static string Number(double v) =>
        double.IsNaN(v) ? "n/a" : v.ToString(Math.Abs(v) is >= 1e-3 and < 1e5 or 0 ? "0.####" : "0.###e+0", CultureInfo.InvariantCulture);

    /// <summary>A value as the user typed it, for messages: the shortest round-trip form.</summary>
    public static string Text(double v) => v.ToString(CultureInfo.InvariantCulture);

    /// <summary>An integer value as the user typed it, for messages (all its digits).</summary>
    public static string Text(long v) => v.ToString(CultureInfo.InvariantCulture);

    /// <summary>A CSV cell: the round-trip form, empty for NaN (a value not measured at that step).</summary>
    public static string Csv(double v) => double.IsNaN(v) ? "" : v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A CSV cell of an optional value: empty when absent.</summary>
    public static string Csv(double? v) => v is { } x ? Csv(x) : "";

    /// <summary>An error message as one printable line: line breaks become spaces and other
    /// control characters '?', so that a message quoting a user's binary file (a JSON parser
    /// echoing what it read) cannot split the "probsig: ..." line or garble the terminal.</summary>
    public static string OneLine(string message) =>
        string.Concat(message.ReplaceLineEndings(" ").Select(c => char.IsControl(c) ? '?' : c));

    /// <summary>A bootstrap interval as "[lower, upper]".</summary>
    public static string Interval(Theory.Metrics.BootstrapInterval i) => $"[{Number(i.Lower)}, {Number(i.Upper)}]";

    public static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";
}
