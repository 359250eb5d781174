using System.Diagnostics;
using ProbSig.Bench.Groups;
using ProbSig.Bench.Peers;
using ProbSig.Bench.Rows;
using ProbSig.Empirics.Runtime;

namespace ProbSig.Bench;

/// <summary>
/// Every bench group, in the order `probsig bench` runs them, and the run itself. A group that
/// throws stops the run (a bench that silently drops a row would read as a clean one); a peer
/// that fails only empties its reference figure.
/// </summary>
public static class BenchSuite
{
    /// <summary>The groups, in run order.</summary>
    public static IReadOnlyList<IBenchGroup> Groups { get; } =
    [
        new LmTrainingBench(),
        new FeatureTrainingBench(),
        new ClosedFormBench(),
        new CountingBench(),
        new TokenisationBench(),
        new NullBench(),
        new SignaturesBench(),
        new ScalingBench(),
    ];

    /// <summary>The group names `--only` accepts.</summary>
    public static IEnumerable<string> Names => Groups.Select(g => g.Name);

    /// <summary>Runs the selected groups one after another.</summary>
    /// <exception cref="ArgumentException">--only names a group that does not exist.</exception>
    public static BenchReport Run(BenchOptions options, Action<string>? log = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Only is { } only && only.FirstOrDefault(n => !Names.Contains(n)) is { } unknown)
            throw new ArgumentException($"no bench group '{unknown}'; the groups are {string.Join(", ", Names)}", nameof(options));
        if (options.Threads.Count == 0 || options.Threads.Any(t => t < 1))
            throw new ArgumentException($"thread counts must be at least 1; got [{string.Join(", ", options.Threads)}]", nameof(options));
        TorchRuntime.Initialise();
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var rows = new List<BenchRow>();
        using var context = new BenchContext(options, log);
        foreach (var group in Groups.Where(g => options.Only is null || options.Only.Contains(g.Name)))
        {
            cancel.ThrowIfCancellationRequested();
            context.Log($"bench {group.Name}: {group.Description}");
            var groupClock = Stopwatch.StartNew();
            var measured = group.Measure(context);
            rows.AddRange(measured);
            context.Log($"bench {group.Name}: {measured.Count} rows in {groupClock.Elapsed.TotalSeconds:0.0} s");
        }
        return new BenchReport(rows, Machine(), options.Scale, started, clock.Elapsed.TotalSeconds);
    }

    private static BenchMachine Machine()
    {
        string cpu = "unknown";
        try
        {
            if (File.Exists("/proc/cpuinfo"))
                cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? cpu;
        }
        catch (IOException) { }
        return new BenchMachine(Environment.ProcessorCount, cpu, System.Runtime.InteropServices.RuntimeInformation.OSDescription,
            System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription, typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString() ?? "unknown");
    }
}
