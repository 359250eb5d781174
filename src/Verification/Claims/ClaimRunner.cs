using System.Diagnostics;


namespace ProbSig.Verification.Claims;

/// <summary>
/// Runs one claim and times it, for `verify` and the tests alike, so no claim carries a
/// clock of its own. Two timings go into <see cref="ClaimMeasurement.Timings"/> beside whatever
/// the claim timed itself (e.g. its training): the wall clock and the process CPU seconds.
/// On the shared 2-core machine the wall clock mostly measures the other jobs; the CPU
/// seconds estimate the claim's cost on an idle machine better. Models an earlier claim
/// trained come from the context's cache and are not counted again.
/// </summary>
public static class ClaimRunner
{
    /// <summary>Name of the wall-clock timing, in seconds.</summary>
    public const string WallSeconds = "wall_seconds";

    /// <summary>Name of the process CPU timing, in seconds.</summary>
    public const string CpuSeconds = "cpu_seconds_process";

    /// <summary>Runs <paramref name="claim"/> in <paramref name="context"/> and adds its timings.</summary>
    public static ClaimResult Run(IClaim claim, ClaimContext context)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(context);
        var clock = Stopwatch.StartNew();
        double cpu = ProcessCpuSeconds();
        var result = claim.Run(context);
        var timings = new Dictionary<string, double>(result.Timings)
        {
            [WallSeconds] = clock.Elapsed.TotalSeconds,
            [CpuSeconds] = ProcessCpuSeconds() - cpu,
        };
        return result with { Elapsed = clock.Elapsed, Timings = timings };
    }

    private static double ProcessCpuSeconds() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
}
