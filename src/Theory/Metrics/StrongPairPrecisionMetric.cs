using System.Globalization;
using MathNet.Numerics.LinearAlgebra;

namespace ProbSig.Theory.Metrics;

/// <summary>
/// Strong-pair precision@q: of the top-q fraction of defined off-diagonal pairs by
/// predicted similarity, the fraction that are also in the top-q fraction by observed
/// similarity. The paper's claim is strongest for strongly similar pairs; this scores it
/// directly. The set size is max(1, floor(q * pairs)); ties at the cut-off are kept and
/// the fraction is |A ∩ B| / max(|A|, |B|), so the score depends on values, not order.
/// </summary>
public sealed class StrongPairPrecisionMetric : ISimilarityMetric
{
    /// <summary>Creates the metric for the top <paramref name="q"/> fraction of pairs.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="q"/> is outside (0, 1].</exception>
    public StrongPairPrecisionMetric(double q)
    {
        if (!(q > 0 && q <= 1)) throw new ArgumentOutOfRangeException(nameof(q), q, "the top fraction must lie in (0, 1]");
        Q = q;
    }

    /// <summary>Fraction of pairs counted as strong.</summary>
    public double Q { get; }

    /// <inheritdoc />
    public string Name => "strong_pair_precision@" + Q.ToString("R", CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public double Measure(Matrix<double> observed, Matrix<double> predicted)
    {
        var (o, p) = SimilarityMatrices.OffDiagonalPairs(observed, predicted);
        if (o.Length == 0) return double.NaN;
        int count = SetSize(Q, o.Length);
        return TopSet.Overlap(TopSet.Largest(o, count), TopSet.Largest(p, count));
    }

    /// <summary>Pairs in the top-<paramref name="q"/> set of <paramref name="pairs"/> (at least
    /// one), before ties at the cut-off are added; the permutation engine's tables use it too.</summary>
    internal static int SetSize(double q, int pairs) =>
        // The slack stops a product that is whole in exact arithmetic from losing a pair
        // to rounding (0.29 * 100 is 28.999999999999996 in double).
        Math.Clamp((int)Math.Floor(q * pairs + 1e-9), 1, pairs);
}
