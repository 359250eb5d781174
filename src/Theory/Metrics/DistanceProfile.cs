using MathNet.Numerics;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Statistics;

namespace ProbSig.Theory.Metrics;

/// <summary>
/// Similarity as a function of value distance for ordered tokens (THEORY 4):
/// D(delta) = mean cosine over token pairs whose values differ by delta. THEORY 6 reports
/// that trained embeddings repeat the signature's bumps in D, not only its decay; the
/// <see cref="Fingerprint"/> removes the decay so only the bumps are compared.
/// </summary>
public static class DistanceProfile
{
    /// <summary>
    /// D(delta) for delta = 1..<paramref name="maxDelta"/> (element delta - 1) over pairs
    /// i &lt; j with |values[i] - values[j]| = delta and a defined (non-NaN) cosine. An entry
    /// is NaN where no such pair exists.
    /// </summary>
    /// <param name="cosine">n x n similarity matrix; only the upper triangle is read.</param>
    /// <param name="values">Value of each row's token (n entries).</param>
    /// <param name="maxDelta">Largest distance reported, at least 1.</param>
    /// <exception cref="ArgumentException">A non-square matrix, fewer than 3 tokens, or a
    /// value count that differs from the row count.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDelta"/> is below 1.</exception>
    public static double[] Compute(Matrix<double> cosine, IReadOnlyList<int> values, int maxDelta)
    {
        SimilarityMatrices.ValidateSquare(cosine, nameof(cosine));
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count != cosine.RowCount)
            throw new ArgumentException($"values has {values.Count} entries but cosine is {cosine.RowCount} x {cosine.ColumnCount}", nameof(values));
        if (maxDelta < 1) throw new ArgumentOutOfRangeException(nameof(maxDelta), maxDelta, "the largest distance must be at least 1");

        var sums = new double[maxDelta];
        var counts = new int[maxDelta];
        int n = cosine.RowCount;
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
            {
                long delta = Math.Abs((long)values[i] - values[j]);
                double c = cosine[i, j];
                if (delta < 1 || delta > maxDelta || double.IsNaN(c)) continue;
                sums[delta - 1] += c;
                counts[delta - 1]++;
            }
        return sums.Select((s, d) => counts[d] > 0 ? s / counts[d] : double.NaN).ToArray();
    }

    /// <summary>
    /// Pearson correlation of the two profiles after removing from each its own
    /// least-squares line in delta (delta = index + 1), over the deltas where both are
    /// defined. A shared decay alone then scores nothing; shared bumps score high. NaN
    /// when fewer than 3 deltas are defined (a line fits two points exactly) or a profile
    /// is exactly linear.
    /// </summary>
    /// <exception cref="ArgumentException">The profiles differ in length.</exception>
    public static double Fingerprint(double[] observedProfile, double[] predictedProfile)
    {
        ArgumentNullException.ThrowIfNull(observedProfile);
        ArgumentNullException.ThrowIfNull(predictedProfile);
        if (observedProfile.Length != predictedProfile.Length)
            throw new ArgumentException(
                $"predictedProfile has {predictedProfile.Length} deltas but observedProfile has {observedProfile.Length}",
                nameof(predictedProfile));
        var deltas = Enumerable.Range(0, observedProfile.Length)
            .Where(d => double.IsFinite(observedProfile[d]) && double.IsFinite(predictedProfile[d])).ToArray();
        if (deltas.Length < 3) return double.NaN;
        var x = deltas.Select(d => d + 1.0).ToArray();
        var o = Detrend(x, deltas.Select(d => observedProfile[d]).ToArray());
        var p = Detrend(x, deltas.Select(d => predictedProfile[d]).ToArray());
        if (o is null || p is null) return double.NaN;
        return Correlation.Pearson(o, p);
    }

    /// <summary>A profile D(delta), delta = index + 1, minus its least-squares line in delta:
    /// the bumps the fingerprint correlates (C4 reports them delta by delta).</summary>
    public static double[] Detrended(double[] profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return Residuals(Enumerable.Range(1, profile.Length).Select(d => (double)d).ToArray(), profile);
    }

    /// <summary>Residuals of y about its least-squares line in x, or null when they are
    /// only rounding noise (a linear profile has no shape left to correlate).</summary>
    private static double[]? Detrend(double[] x, double[] y)
    {
        var residuals = Residuals(x, y);
        double scale = y.Sum(v => v * v);
        return residuals.Sum(r => r * r) <= LinearResidualFloor * scale ? null : residuals;
    }

    private static double[] Residuals(double[] x, double[] y)
    {
        var (intercept, slope) = Fit.Line(x, y);
        return y.Select((v, i) => v - (intercept + slope * x[i])).ToArray();
    }

    /// <summary>Squared-residual fraction below which a profile counts as exactly linear:
    /// about the square of double rounding times a few hundred deltas.</summary>
    private const double LinearResidualFloor = 1e-24;
}
