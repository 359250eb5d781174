using ProbSig.Bench.Rows;

namespace ProbSig.Bench;

/// <summary>The machine a bench ran on: figures from two machines are not comparable, ratios roughly are.</summary>
/// <param name="Cores">Logical processors .NET sees.</param>
/// <param name="Cpu">The CPU model (/proc/cpuinfo), or "unknown".</param>
/// <param name="Os">The operating system.</param>
/// <param name="Runtime">The .NET runtime.</param>
/// <param name="Libtorch">libtorch's version through TorchSharp.</param>
public sealed record BenchMachine(int Cores, string Cpu, string Os, string Runtime, string Libtorch);

/// <summary>One bench run: its rows in the order measured, where and when, and how long it took.</summary>
public sealed record BenchReport(IReadOnlyList<BenchRow> Rows, BenchMachine Machine, BenchScale Scale, DateTimeOffset Started, double Seconds)
{
    /// <summary>Rows that missed their target.</summary>
    public IEnumerable<BenchRow> Missed => Rows.Where(r => r.Verdict == BenchVerdict.Missed);
}
