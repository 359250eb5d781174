using System.Globalization;

namespace ProbSig.Verification.Claims;

/// <summary>Small helpers every claim shares: seed statistics, number formatting for
/// rationales and findings, and artifact building.</summary>
internal static class ClaimFigures
{
    /// <summary>Mean of the finite values (NaN when none is finite).</summary>
    public static double Mean(IEnumerable<double> values)
    {
        var v = values.Where(double.IsFinite).ToArray();
        return v.Length == 0 ? double.NaN : v.Average();
    }

    /// <summary>Sample standard deviation of the finite values (NaN below two).</summary>
    public static double Sd(IEnumerable<double> values)
    {
        var v = values.Where(double.IsFinite).ToArray();
        if (v.Length < 2) return double.NaN;
        double m = v.Average();
        return Math.Sqrt(v.Sum(x => (x - m) * (x - m)) / (v.Length - 1));
    }

    /// <summary>A labelled square matrix artifact.</summary>
    public static MatrixArtifact Square(string name, string title, IReadOnlyList<string> labels, Matrix<double> m) =>
        new(name, title, labels, labels, m.ToArray());

    /// <summary>A matrix of rows (tokens or classes) by embedding coordinates.</summary>
    public static MatrixArtifact Rows(string name, string title, IReadOnlyList<string> rowLabels, double[,] rows) =>
        new(name, title, rowLabels,
            Enumerable.Range(0, rows.GetLength(1)).Select(k => k.ToString(CultureInfo.InvariantCulture)).ToArray(),
            (double[,])rows.Clone());

    /// <summary>Observed | predicted heatmaps over the same labels.</summary>
    public static HeatmapPairArtifact Pair(string name, string title, IReadOnlyList<string> labels, Matrix<double> observed, Matrix<double> predicted) =>
        new(name, title, Square(name + "_observed", title + " (observed)", labels, observed),
            Square(name + "_predicted", title + " (predicted)", labels, predicted));

    /// <summary>The permutation nulls of every seed as details, in this order: the first seed's
    /// p-value, the largest p-value over seeds and the mean of the null means, named
    /// <paramref name="prefix"/> + "p_value_seed0", "p_value_max_over_seeds", "null_mean".</summary>
    public static Dictionary<string, double> NullSummary(string prefix, IReadOnlyList<PermutationResult> nulls) => new()
    {
        [prefix + "p_value_seed0"] = nulls[0].PValue,
        [prefix + "p_value_max_over_seeds"] = nulls.Max(n => n.PValue),
        [prefix + "null_mean"] = Mean(nulls.Select(n => n.NullMean)),
    };

    /// <summary>"0.93, 0.95, ..." with <paramref name="digits"/> decimals, for rationales and findings.</summary>
    public static string List(IEnumerable<double> values, int digits = 3) =>
        string.Join(", ", values.Select(v => v.ToString("F" + digits, CultureInfo.InvariantCulture)));

    /// <summary>"[0.930, 0.950, ...]": <see cref="List"/> in brackets.</summary>
    public static string Format(IEnumerable<double> values) => "[" + List(values) + "]";

    /// <summary>A figure with <paramref name="digits"/> decimals.</summary>
    public static string F(double v, int digits = 3) => v.ToString("F" + digits, CultureInfo.InvariantCulture);
}
