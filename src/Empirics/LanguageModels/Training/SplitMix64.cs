namespace ProbSig.Empirics.LanguageModels.Training;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood 2014) used as a hash: which window a batch row reads is
/// a pure function of (seed, step, row), so a resumed run draws the same batches without
/// saving a generator's state.
/// </summary>
public static class SplitMix64
{
    private const ulong Golden = 0x9E3779B97F4A7C15UL;

    /// <summary>The SplitMix64 output for the state <paramref name="x"/>: one increment, then the finaliser.</summary>
    public static ulong Mix(ulong x)
    {
        ulong z = unchecked(x + Golden);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }

    /// <summary>A 64-bit hash of (seed, stream, step, row); each part goes through the finaliser
    /// in turn, so neighbouring steps or rows give unrelated values.</summary>
    public static ulong Hash(long seed, ulong stream, long step, long row) =>
        Mix(Mix(Mix(Mix(unchecked((ulong)seed)) ^ stream) ^ unchecked((ulong)step)) ^ unchecked((ulong)row));

    /// <summary>A value in [0, n) from a hash (the modulo bias is below n / 2^64).</summary>
    public static long Below(ulong hash, long n)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        return (long)(hash % (ulong)n);
    }
}
