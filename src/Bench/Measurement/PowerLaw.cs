namespace ProbSig.Bench.Measurement;

/// <summary>
/// The exponent b of y ~ c x^b: the least-squares slope of log y on log x (Math.NET's
/// <c>Fit.Line</c>). Counting time against corpus size should give b near 1 (linear), peak
/// memory near 0 (flat); closed-form time against V about 2 to 3 (its SVD and V x V products).
/// </summary>
public static class PowerLaw
{
    /// <summary>The fitted exponent; needs two or more distinct positive x and positive y.</summary>
    /// <exception cref="ArgumentException">Fewer than two points, lengths differ, or a value is not positive.</exception>
    public static double Exponent(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count) throw new ArgumentException($"{x.Count} sizes for {y.Count} figures", nameof(y));
        if (x.Count < 2 || x.Distinct().Count() < 2) throw new ArgumentException("an exponent needs at least two distinct sizes", nameof(x));
        if (x.Concat(y).Any(v => !(v > 0) || !double.IsFinite(v))) throw new ArgumentException("sizes and figures must be positive and finite for a log-log fit", nameof(x));
        var (_, slope) = MathNet.Numerics.Fit.Line(x.Select(v => Math.Log(v)).ToArray(), y.Select(v => Math.Log(v)).ToArray());
        return slope;
    }
}
