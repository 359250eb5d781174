using ProbSig.Theory.Metrics;

namespace ProbSig.Verification.Claims;

/// <summary>
/// The one way a claim measures the interval its <see cref="DifferenceTest"/> judges: the
/// observed structure and every predictor in one <see cref="TokenBootstrap"/>, so each
/// agreement of the difference is read on the same resampled tokens. A rival chosen from a
/// sweep (the best PPMI-SVD rank) is chosen on the full sample and held fixed over the
/// resamples; a rival that is the better of two is the better on each resample.
/// </summary>
internal static class DifferenceBootstrap
{
    /// <summary>The interval of Spearman(observed, predicted) minus the largest Spearman(observed,
    /// rival) over <paramref name="rivals"/>, on each resample.</summary>
    public static DifferenceResult Beats(ClaimDefinition claim, string name, int seed, Matrix<double> observed, Matrix<double> predicted,
        params Matrix<double>[] rivals)
    {
        if (rivals.Length == 0) throw new ArgumentException("a difference needs at least one rival", nameof(rivals));
        return Of(claim, name, seed, [observed, predicted, .. rivals], s =>
        {
            double best = double.NegativeInfinity;
            for (int r = 0; r < rivals.Length; r++) best = Math.Max(best, s.Spearman(0, 2 + r));
            return s.Spearman(0, 1) - best;
        });
    }

    /// <summary>The interval of any <paramref name="statistic"/> of <paramref name="matrices"/> at
    /// the claim's stated level and resamples.</summary>
    /// <exception cref="InvalidOperationException">The claim states no difference test.</exception>
    public static DifferenceResult Of(ClaimDefinition claim, string name, int seed, IReadOnlyList<Matrix<double>> matrices,
        Func<BootstrapSample, double> statistic)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var test = claim.Difference ?? throw new InvalidOperationException($"{claim.Id} states no difference test; its measurement cannot bootstrap one");
        return new DifferenceResult(name, seed, new TokenBootstrap(matrices).Interval(statistic, test.Options));
    }
}
