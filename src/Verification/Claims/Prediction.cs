namespace ProbSig.Verification.Claims;

/// <summary>
/// The null a claim's headline must beat, stated with the prediction: what is permuted, the
/// level p must reach (at or below) and the permutations (at least 199, so that p can reach
/// 0.005). A null the claim's baselines could pass says nothing, so <see cref="What"/> names
/// what each draw keeps (e.g. the value distance of every pair).
/// </summary>
public sealed record NullTest
{
    /// <summary>The fewest permutations a stated null may use.</summary>
    public const int MinimumPermutations = 199;

    /// <summary>A null test; checked here, so a definition cannot state a weaker one.</summary>
    /// <exception cref="ArgumentException">An empty description, a level outside (0, 0.1], or fewer than 199 permutations.</exception>
    public NullTest(string what, double level, int permutations)
    {
        if (string.IsNullOrWhiteSpace(what)) throw new ArgumentException("a null test must say what it permutes", nameof(what));
        if (!(level > 0 && level <= 0.1)) throw new ArgumentException($"level is {level}; it must lie in (0, 0.1]", nameof(level));
        if (permutations < MinimumPermutations)
            throw new ArgumentException($"permutations is {permutations}; a stated null needs at least {MinimumPermutations}", nameof(permutations));
        What = what;
        Level = level;
        Permutations = permutations;
    }

    /// <summary>What is permuted and what every draw keeps.</summary>
    public string What { get; }

    /// <summary>The largest p-value (over the seeds) at which the null counts as beaten.</summary>
    public double Level { get; }

    /// <summary>Permutations per seed.</summary>
    public int Permutations { get; }
}

/// <summary>A rival predictor that needs no data statistics, or only first-order ones
/// (THEORY 4), scored by the claim's plain agreement metric beside the signature.</summary>
/// <param name="Name">Key of its figure in <see cref="ClaimMeasurement.Baselines"/>, e.g. "value_distance".</param>
/// <param name="Description">What it predicts, e.g. "-|i - j| between key values".</param>
public sealed record Baseline(string Name, string Description);

/// <summary>What an experiment must first establish for its headline to mean anything (e.g.
/// that the network learned the overridden combinations), as measured.</summary>
/// <param name="Statement">The premise, with its threshold.</param>
/// <param name="Holds">Whether the run established it.</param>
/// <param name="Measured">The figure it was judged on, as text.</param>
public sealed record Premise(string Statement, bool Holds, string Measured);

/// <summary>
/// The test a claim that one agreement beats another must pass, stated with the prediction
/// (issue 27): the paired token bootstrap of the difference itself (<see
/// cref="Theory.Metrics.TokenBootstrap"/>), every agreement read on the same resample. The
/// claim's headline is written as predicted minus rival, so the prediction is always that the
/// difference is positive: HOLDS needs every seed's interval above 0 (and then the tolerance),
/// an interval below 0 in every seed is REFUTED, anything else INCONCLUSIVE.
/// </summary>
public sealed record DifferenceTest
{
    /// <summary>The fewest resamples a stated difference test may use.</summary>
    public const int MinimumResamples = 999;

    /// <summary>The seed every difference test draws its resamples from (the permutation nulls' 12345).</summary>
    public const int BootstrapSeed = 12345;

    /// <summary>A difference test; checked here, so a definition cannot state a weaker one.</summary>
    /// <exception cref="ArgumentException">An empty description, a level outside [0.9, 1), or fewer than 999 resamples.</exception>
    public DifferenceTest(string what, double level = 0.95, int resamples = MinimumResamples)
    {
        if (string.IsNullOrWhiteSpace(what)) throw new ArgumentException("a difference test must say what is subtracted from what", nameof(what));
        if (!(level >= 0.9 && level < 1)) throw new ArgumentException($"level is {level}; a stated interval covers at least 0.9 and less than 1", nameof(level));
        if (resamples < MinimumResamples)
            throw new ArgumentException($"resamples is {resamples}; a stated difference test needs at least {MinimumResamples}", nameof(resamples));
        What = what;
        Level = level;
        Resamples = resamples;
    }

    /// <summary>The difference, e.g. "Spearman against the flow minus the better of next and previous".</summary>
    public string What { get; }

    /// <summary>Two-sided coverage of the interval.</summary>
    public double Level { get; }

    /// <summary>Resamples per interval.</summary>
    public int Resamples { get; }

    /// <summary>The bootstrap's options.</summary>
    public Theory.Metrics.BootstrapOptions Options => new(Resamples, Level, BootstrapSeed);

    /// <summary>How the report states it, e.g. "95% paired token bootstrap (999 resamples)".</summary>
    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Level * 100:G3}% paired token bootstrap interval ({Resamples} resamples) of {What}");
}

/// <summary>One interval of a claim's difference: its name (e.g. "glove" where a claim has one
/// per table), the training seed it was measured on, and the bootstrap interval.</summary>
public sealed record DifferenceResult(string Name, int Seed, Theory.Metrics.BootstrapInterval Interval);
