using MathNet.Numerics;
using MathNet.Numerics.Distributions;

namespace ProbSig.Theory.Metrics;

/// <summary>
/// What the overall correlation alone implies for the strongest pairs: the strong-pair
/// precision@q (<see cref="StrongPairPrecisionMetric"/>) of a bivariate normal with the
/// observed Spearman correlation. "Strongly similar pairs are predicted best" is a claim
/// beyond the correlation only where the measured precision exceeds this; a lift above the
/// chance level q says no more than that the correlation is positive, which any correlated
/// pair of samples shows in its tails.
/// </summary>
public static class StrongPairExpectation
{
    /// <summary>
    /// The Pearson correlation of a bivariate normal with Spearman correlation
    /// <paramref name="spearman"/>: 2 sin(pi rho_s / 6), the inverse of
    /// rho_s = (6 / pi) asin(rho / 2). ±1 maps to ±1 exactly (sin(pi/6) rounds below 1/2).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="spearman"/> is outside [-1, 1].</exception>
    public static double PearsonFromSpearman(double spearman)
    {
        if (!(spearman >= -1 && spearman <= 1)) throw new ArgumentOutOfRangeException(nameof(spearman), spearman, "a correlation lies in [-1, 1]");
        if (Math.Abs(spearman) == 1) return spearman;
        return 2 * Math.Sin(Math.PI * spearman / 6);
    }

    /// <summary>
    /// The precision@q a bivariate normal (X, Y) with Spearman correlation
    /// <paramref name="spearman"/> gives: P(X &gt; z, Y &gt; z) / q, z = Phi^-1(1 - q), the
    /// correlation rho = <see cref="PearsonFromSpearman"/>: q at rho = 0, 1 at rho = 1.
    /// The orthant probability is the integral over x &gt; z of
    /// phi(x) (1 - Phi((z - rho x) / sqrt(1 - rho^2))), by adaptive Gauss-Kronrod over
    /// [z, z + 40] (phi is below 1e-300 past that), split where the inner argument crosses 0
    /// (x = z / rho): as |rho| nears 1 the integrand steps there over a width
    /// sqrt(1 - rho^2). At rho = -1, Y = -X and the joint tail is max(0, 2q - 1).
    /// </summary>
    /// <param name="spearman">Spearman correlation of the pair values, in [-1, 1].</param>
    /// <param name="fraction">The top fraction q of pairs, in (0, 1).</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public static double BivariateNormalPrecision(double spearman, double fraction)
    {
        if (!(fraction > 0 && fraction < 1)) throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "the top fraction must lie in (0, 1)");
        double rho = PearsonFromSpearman(spearman);
        if (rho == 1) return 1;
        if (rho == -1) return Math.Max(0, 2 * fraction - 1) / fraction;

        // From the lower quantile: 1 - q loses q's digits when q is small.
        double z = -Normal.InvCDF(0, 1, fraction);
        double s = Math.Sqrt((1 - rho) * (1 + rho));
        double Integrand(double x) => Math.Exp(-0.5 * x * x) / Constants.Sqrt2Pi * UpperTail((z - rho * x) / s);
        double end = z + 40;
        double joint = 0;
        double start = z;
        if (rho != 0 && z / rho > z && z / rho < end)
        {
            joint += Integrate.GaussKronrod(Integrand, z, z / rho, 1e-12, 20, 31);
            start = z / rho;
        }
        joint += Integrate.GaussKronrod(Integrand, start, end, 1e-12, 20, 31);
        // Round-off may step a hair outside what a probability ratio can be.
        return Math.Clamp(joint / fraction, 0, 1);
    }

    /// <summary>1 - Phi(t) without the cancellation of 1 - Normal.CDF far in the upper tail.</summary>
    private static double UpperTail(double t) => 0.5 * SpecialFunctions.Erfc(t / Constants.Sqrt2);
}
