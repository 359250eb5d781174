using System.Diagnostics;

namespace ProbSig.Bench.Measurement;

/// <summary>
/// Wall-clock figures robust to a shared machine: medians, never means, of repeated runs after
/// warm-up (the first call pays for JIT, libtorch's kernel choice and page faults).
/// </summary>
public static class Timing
{
    /// <summary>The median of <paramref name="values"/> (the mean of the middle two for an even count).</summary>
    /// <exception cref="ArgumentException">No values.</exception>
    public static double Median(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0) throw new ArgumentException("the median of no values", nameof(values));
        var sorted = values.OrderBy(v => v).ToArray();
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid]);
    }

    /// <summary>Median seconds of <paramref name="repeats"/> calls of <paramref name="work"/> after <paramref name="warmup"/> untimed ones.</summary>
    public static double MedianSeconds(Action work, int repeats, int warmup = 1)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (repeats < 1) throw new ArgumentOutOfRangeException(nameof(repeats), repeats, "at least one timed run");
        for (int i = 0; i < warmup; i++) work();
        var times = new double[repeats];
        for (int i = 0; i < repeats; i++)
        {
            var clock = Stopwatch.StartNew();
            work();
            times[i] = clock.Elapsed.TotalSeconds;
        }
        return Median(times);
    }

    /// <summary>Calls <paramref name="work"/> until <paramref name="seconds"/> have passed (at least
    /// <paramref name="minimumCalls"/> times) and returns the calls and the time they took.</summary>
    public static (int Calls, double Seconds) For(double seconds, Action work, int minimumCalls = 3)
    {
        ArgumentNullException.ThrowIfNull(work);
        var clock = Stopwatch.StartNew();
        int calls = 0;
        while (calls < minimumCalls || clock.Elapsed.TotalSeconds < seconds)
        {
            work();
            calls++;
        }
        return (calls, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Seconds between consecutive marks (a step's duration is its mark minus the one before).</summary>
    public static double[] Intervals(IReadOnlyList<double> marks) =>
        Enumerable.Range(1, Math.Max(0, marks.Count - 1)).Select(i => marks[i] - marks[i - 1]).ToArray();
}
