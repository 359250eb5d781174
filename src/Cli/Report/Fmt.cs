using System.Globalization;

namespace ProbSig.Cli.Report;

/// <summary>Number formatting shared by the table and the report: invariant culture, "n/a" for NaN.</summary>
internal static class Fmt
{
    public static string Number(double v) =>
        double.IsNaN(v) ? "n/a" : v.ToString(Math.Abs(v) is >= 1e-3 and < 1e5 or 0 ? "0.####" : "0.###e+0", CultureInfo.InvariantCulture);

    public static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";

    public static string Verdict(bool passed) => passed ? "PASS" : "FAIL";
}
