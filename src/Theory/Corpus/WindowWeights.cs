namespace ProbSig.Theory.Corpus;

/// <summary>
/// Weights alpha_1..alpha_w of the windowed signature l^(w)_s = sum_k alpha_k P(x_{t+k} = . | x_t = s)
/// (THEORY 3.4). They sum to one, so a windowed signature is again a distribution.
/// Every figure states which weighting it used (<see cref="Description"/>).
/// </summary>
public sealed record WindowWeights
{
    public IReadOnlyList<double> Alpha { get; }
    public string Description { get; }

    private WindowWeights(double[] alpha, string description)
    {
        Alpha = alpha;
        Description = description;
    }

    public int Window => Alpha.Count;

    /// <summary>Equal when the weights are (a record compares its list by reference; these are values,
    /// and experiment caches key on them).</summary>
    public bool Equals(WindowWeights? other) =>
        other is not null && Description == other.Description && Alpha.SequenceEqual(other.Alpha);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Description, Alpha.Count);

    /// <summary>alpha_k = 1/w (the default).</summary>
    public static WindowWeights Uniform(int window)
    {
        if (window < 1) throw new ArgumentOutOfRangeException(nameof(window), window, "window must be at least 1");
        return new WindowWeights(Enumerable.Repeat(1.0 / window, window).ToArray(), $"uniform alpha_k = 1/{window}, k = 1..{window}");
    }

    /// <summary>alpha_k proportional to 1/k: GloVe's weighting of a context k tokens away
    /// (Pennington et al. 2014, section 4.2), for comparing embeddings trained that way.</summary>
    public static WindowWeights Harmonic(int window)
    {
        if (window < 1) throw new ArgumentOutOfRangeException(nameof(window), window, "window must be at least 1");
        var raw = Enumerable.Range(1, window).Select(k => 1.0 / k).ToArray();
        double sum = raw.Sum();
        return new WindowWeights(raw.Select(a => a / sum).ToArray(), $"harmonic alpha_k proportional to 1/k, k = 1..{window}, normalised (GloVe's weighting)");
    }

    /// <summary>alpha_k = beta^(k-1) / sum_j beta^(j-1): nearer tokens weigh more when beta &lt; 1.</summary>
    public static WindowWeights Geometric(int window, double beta)
    {
        if (window < 1) throw new ArgumentOutOfRangeException(nameof(window), window, "window must be at least 1");
        if (!(beta > 0) || double.IsInfinity(beta)) throw new ArgumentOutOfRangeException(nameof(beta), beta, "beta must be positive and finite");
        var raw = Enumerable.Range(0, window).Select(k => Math.Pow(beta, k)).ToArray();
        double sum = raw.Sum();
        return new WindowWeights(raw.Select(a => a / sum).ToArray(), $"geometric alpha_k proportional to {beta}^(k-1), k = 1..{window}, normalised");
    }
}
