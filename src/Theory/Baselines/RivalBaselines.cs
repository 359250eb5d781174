using MathNet.Numerics.LinearAlgebra;

namespace ProbSig.Theory.Baselines;

/// <summary>
/// Rival predictors of a similarity structure that need no data statistics, or only
/// first-order ones (THEORY 4, "Rival baselines"): what a signature claim must explain
/// beyond. Each is a similarity matrix over the same tokens (or classes) as the signature
/// cosine it competes with, higher meaning closer; the diagonal is 0 (no metric reads it).
/// </summary>
public static class RivalBaselines
{
    /// <summary>Value distance: -|v_i - v_j| (number tokens by their value, classes by theirs).</summary>
    /// <exception cref="ArgumentException">A value is not finite.</exception>
    public static Matrix<double> ValueDistance(IReadOnlyList<double> values) => NegativeDistance(values, nameof(values));

    /// <summary>Mass similarity: -|pi_i - pi_j| (token mass, or class mass on the output side).
    /// Constant where the masses are equal (every key of the default task), and then no
    /// rank statistic can use it.</summary>
    /// <exception cref="ArgumentException">A mass is not finite.</exception>
    public static Matrix<double> MassDistance(IReadOnlyList<double> mass) => NegativeDistance(mass, nameof(mass));

    /// <summary>Unigram frequency similarity on a corpus (THEORY 4): -|log f_i - log f_j|, so
    /// that tokens of like frequency count as close, whatever their counts' scale.</summary>
    /// <exception cref="ArgumentException">A frequency is not finite and positive.</exception>
    public static Matrix<double> LogFrequencyDistance(IReadOnlyList<double> frequency)
    {
        ArgumentNullException.ThrowIfNull(frequency);
        for (int i = 0; i < frequency.Count; i++)
            if (!(frequency[i] > 0) || !double.IsFinite(frequency[i]))
                throw new ArgumentException($"{nameof(frequency)}[{i}] is {frequency[i]}; every frequency must be finite and positive", nameof(frequency));
        return NegativeDistance(frequency.Select(f => Math.Log(f)).ToArray(), nameof(frequency));
    }

    private static Matrix<double> NegativeDistance(IReadOnlyList<double> values, string name)
    {
        ArgumentNullException.ThrowIfNull(values, name);
        for (int i = 0; i < values.Count; i++)
            if (!double.IsFinite(values[i]))
                throw new ArgumentException($"{name}[{i}] is {values[i]}; every value must be finite", name);
        int n = values.Count;
        return Matrix<double>.Build.Dense(n, n, (i, j) => i == j ? 0.0 : -Math.Abs(values[i] - values[j]));
    }
}
