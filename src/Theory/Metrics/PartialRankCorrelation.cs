using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Statistics;

namespace ProbSig.Theory.Metrics;

/// <summary>
/// What a prediction explains of the observed similarity beyond a rival baseline (THEORY 4):
/// the Spearman partial correlation of observed and predicted given the baseline,
/// r_xy.z = (r_xy - r_xz r_yz) / sqrt((1 - r_xz^2)(1 - r_yz^2)), every r a Spearman
/// correlation (average ranks, ties snapped by <see cref="SimilarityMatrices.OffDiagonalPairs"/>).
/// It is the Pearson correlation of the ranks of x and y after each is regressed on the
/// ranks of z, so a predictor whose ranks are the baseline's scores NaN (nothing left to
/// explain) and one that adds nothing scores about 0.
/// </summary>
public static class PartialRankCorrelation
{
    /// <summary>Over the off-diagonal pairs defined in all three matrices.</summary>
    /// <exception cref="ArgumentException">The matrices differ in shape.</exception>
    public static double Measure(Matrix<double> observed, Matrix<double> predicted, Matrix<double> baseline)
    {
        var (o, p, b) = SimilarityMatrices.OffDiagonalTriples(observed, predicted, baseline);
        return Of(o, p, b);
    }

    /// <summary>r_xy.z of three aligned samples; NaN with fewer than 4 values, or when z's
    /// ranks determine x's or y's (|r| = 1) or either is constant.</summary>
    /// <exception cref="ArgumentException">The samples differ in length.</exception>
    public static double Of(IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<double> z)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(z);
        if (y.Count != x.Count || z.Count != x.Count)
            throw new ArgumentException($"x, y and z have {x.Count}, {y.Count} and {z.Count} values; they must be aligned", nameof(y));
        if (x.Count < 4) return double.NaN;
        return FromCorrelations(Correlation.Spearman(x, y), Correlation.Spearman(x, z), Correlation.Spearman(y, z));
    }

    /// <summary>r_xy.z from the three rank correlations; NaN when z's ranks determine x's or y's
    /// (|r| = 1 up to rounding) or any is NaN.</summary>
    public static double FromCorrelations(double rxy, double rxz, double ryz)
    {
        double denominator = Math.Sqrt((1 - rxz * rxz) * (1 - ryz * ryz));
        // 1 - r^2 below 1e-12: the baseline fixes the ranks up to rounding.
        if (!(denominator > 1e-6)) return double.NaN;
        return Math.Clamp((rxy - rxz * ryz) / denominator, -1.0, 1.0);
    }
}
